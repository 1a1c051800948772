"""A test-only store that loses its "server": a real file EventStore whose writes raise
StoreUnavailable while it is cut, as the PostgreSQL store does when its connection is lost.

Only for tests: a file store is never unavailable. ``cut_reads`` makes reads fail too (a server
lost for everything); ``lose_ack`` commits the write, then raises (the answer lost on the way
back: the change is on the server and the desk does not know it); ``delay`` slows every write
(a replay that a test kills half way).
"""

from __future__ import annotations

import time
from typing import Any

from rallydesk.store.eventstore import EventStore, StoreUnavailable

#: The store's methods that write (each one transaction).
WRITES = frozenset(
    {
        "put_time",
        "delete_time",
        "add_adjustment",
        "revoke_adjustment",
        "edit_adjustment",
        "put_second",
        "put_starts",
        "put_stage",
        "put_group",
        "put_entry",
        "update_settings",
        "put_desk_setting",
        "put_official",
        "remove_official",
        "set_pin_failures",
        "add_publication",
        "batch",
    }
)
#: What still answers while the reads are cut: the store object itself, not its server.
LOCAL = frozenset({"path", "readonly", "warnings", "policy", "identity", "close", "db"})
_OWN = ("inner", "cut", "cut_reads", "lose_ack", "delay", "writes", "reconnects")


class CuttableStore:
    """Delegates everything to a real :class:`EventStore`, failing as a lost server would."""

    def __init__(self, inner: EventStore, delay: float = 0.0) -> None:
        object.__setattr__(self, "inner", inner)
        object.__setattr__(self, "cut", False)
        object.__setattr__(self, "cut_reads", False)
        object.__setattr__(self, "lose_ack", False)
        object.__setattr__(self, "delay", delay)
        object.__setattr__(self, "writes", 0)
        object.__setattr__(self, "reconnects", 0)

    def outbox_key(self) -> str | None:
        """It stands for a server: its outbox is bound to it (the file opened plainly, without
        this stand-in, is another store and keeps none)."""
        uid = self.inner.event_uid()
        return f"test-server:{self.inner.path}#{uid}" if uid else None

    def _lost(self) -> StoreUnavailable:
        return StoreUnavailable(f"{self.inner.path}: the server cannot be reached (test cut)")

    def reconnect(self) -> None:
        object.__setattr__(self, "reconnects", self.reconnects + 1)
        if self.cut:
            raise self._lost()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if name in WRITES:

            def write(*args: Any, **kwargs: Any) -> Any:
                if self.cut:
                    raise self._lost()
                if self.delay:
                    time.sleep(self.delay)
                result = attr(*args, **kwargs)
                object.__setattr__(self, "writes", self.writes + 1)
                if self.lose_ack:
                    raise self._lost()
                return result

            return write
        if self.cut and self.cut_reads and name not in LOCAL and callable(attr):

            def read(*_args: Any, **_kwargs: Any) -> Any:
                raise self._lost()

            return read
        return attr

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.inner, name, value)


def behind_switch(event: Any) -> CuttableStore:
    """Put an open event's store behind the switch; it now stands for a server, so the event
    gets the outbox a desk on that server has (a plain file keeps none)."""
    from rallydesk.services import sync

    store = CuttableStore(event.store)
    event.store = store
    sync.open_outbox(event)
    return store
