"""The desks of an event on a server as any of its desks sees them: which are online, when each
last reported, how many changes each keeps offline (``rallydesk_desks()``, pg_rules), and what
this desk's own connection is (its desk name, role, TLS).

A file has no desks to list: every read here answers None for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .backend import Backend
from .errors import StoreError, StoreUnavailable


@dataclass(frozen=True)
class EventDesk:
    """One desk of the event, as the server knows it (one row per login and desk name)."""

    desk: str
    login: str
    #: the role the login stands for (``timekeeper``…, ``owner``, or the login itself)
    role: str
    #: a connection of this desk is open on the event now
    online: bool
    #: its last heartbeat (ISO 8601, UTC), None when it never sent one
    last_seen: str | None
    #: the changes it keeps offline, as its last heartbeat said (None: never said)
    waiting: int | None


@dataclass(frozen=True)
class DeskSeat:
    """This desk's own connection to the server: what the status bar names."""

    server: str  # host:port
    event: str  # the database
    login: str
    role: str
    desk: str


def seat(db: Backend) -> DeskSeat | None:
    """This desk's server, event, login, role and desk name; None for a file."""
    from .pg import ServerBackend

    if not isinstance(db, ServerBackend):
        return None
    from urllib.parse import unquote, urlsplit

    login = unquote(urlsplit(db.address.url).username or "")
    return DeskSeat(db.address.server, db.address.dbname, login, db.role, db.desk)


def desks(db: Backend) -> list[EventDesk] | None:
    """Every desk of the event the server knows, online ones first; None for a file, or for an
    event whose owner has not opened it since the server learnt to list desks (this login may
    then not call it). A lost server raises :class:`StoreUnavailable`, as any read does."""
    from .pg import ServerBackend, login_role

    if not isinstance(db, ServerBackend) or db.in_transaction:
        return None
    try:
        rows = db.execute(
            "SELECT desk, login, online,"
            " to_char(seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), waiting"
            " FROM rallydesk_desks()"
        )
    except StoreUnavailable:
        raise
    except StoreError as exc:  # not there yet, or a login the owner never granted it
        if "does not exist" in str(exc) or "permission denied" in str(exc):
            return None
        raise
    event = db.address.dbname
    return [
        EventDesk(
            str(desk),
            str(login),
            login_role(str(login), event),
            bool(online),
            None if seen is None else str(seen),
            None if waiting is None else int(waiting),
        )
        for desk, login, online, seen, waiting in rows
    ]


def tls_in_use(db: Backend) -> bool | None:
    """Whether this desk's connection is encrypted (the server's own ``pg_stat_ssl``); None for
    a file."""
    from .pg import ServerBackend

    if not isinstance(db, ServerBackend):
        return None
    return bool(db.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar())
