"""The store's one error type, in a module of its own so every store module can raise it."""

from __future__ import annotations

from ..domain.errors import RallyDeskError


class StoreError(RallyDeskError):
    """The event cannot be used as asked (missing, not an event, newer, damaged, server down)."""


class StoreUnavailable(StoreError):
    """The store's server cannot be reached now (a lost connection): the change was NOT recorded,
    but may be kept in the desk's outbox and replayed once :meth:`EventStore.reconnect` succeeds.
    A file store never raises it; a server store must, for every lost connection."""


class Refused(StoreError):
    """The database refused or failed a statement (a full disk, a read-only medium, the server's
    refusal): where, and the reason in one line. A write refused so was not recorded."""

    def __init__(self, where: object, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
