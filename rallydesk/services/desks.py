"""The desks of an event on a server, as this desk shows them (the status bar, Help > Server):
its own seat (server, event, role, desk name), the other desks online, each one's last heartbeat
and changes waiting, and whether the connection is encrypted. Nothing here for a file."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..store import desks as store_desks
from ..store.desks import DeskSeat, EventDesk
from ..store.errors import StoreError
from .context import EventContext
from .sync import pending_changes

log = logging.getLogger(__name__)

__all__ = ["DeskSeat", "EventDesk", "ServerView", "server_view"]


@dataclass(frozen=True)
class ServerView:
    """One look at the server from this desk."""

    seat: DeskSeat
    #: every desk the server knows (this one too); None when unknown (the server out of
    #: reach, or an event whose owner has not opened it since desks could be listed)
    desks: list[EventDesk] | None
    #: the server answered this look
    reached: bool
    #: the connection is encrypted (None: not asked, or not known)
    tls: bool | None = None

    def is_me(self, desk: EventDesk) -> bool:
        return desk.login == self.seat.login and desk.desk == self.seat.desk

    @property
    def others_online(self) -> list[EventDesk]:
        """The other desks connected now (this desk's own row left out)."""
        return [d for d in self.desks or [] if d.online and not self.is_me(d)]


def server_view(ctx: EventContext, tls: bool = False) -> ServerView | None:
    """This desk's seat and the event's desks, in one or two reads (None for a file). While
    changes wait offline the server is not asked: the desk's reconnect timer does that."""
    seat = store_desks.seat(ctx.store.db)
    if seat is None:
        return None
    if ctx.closed or pending_changes(ctx):
        return ServerView(seat, None, False)
    try:
        found = store_desks.desks(ctx.store.db)
        encrypted = store_desks.tls_in_use(ctx.store.db) if tls else None
    except StoreError as exc:  # (StoreUnavailable too): the status bar says so, nothing stops
        log.info("%s: desks not read (%s)", ctx.path, exc)
        return ServerView(seat, None, False)
    return ServerView(seat, found, True, encrypted)
