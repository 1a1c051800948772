"""``rallydesk server``: the use-cases over the PostgreSQL cluster's administration, logged here
without any password."""

from __future__ import annotations

import logging
from pathlib import Path

from .. import server as pgserver

log = logging.getLogger(__name__)

SERVER_PORT = pgserver.DEFAULT_PORT


def server_init(
    directory: str | Path, listen: str | None = None, port: int = SERVER_PORT
) -> pgserver.Server:
    """Make a PostgreSQL server in a new or empty folder."""
    server = pgserver.init(Path(directory), listen, port)
    log.info(
        "server init %s: PostgreSQL %s on %s port %d, desks from %s, run as %s",
        server.directory,
        server.version,
        server.listen,
        server.port,
        server.network,
        server.account or "this user",
    )
    return server


def server_start(directory: str | Path, port: int | None = None) -> pgserver.Status:
    """Start the server; returns once it takes connections."""
    st = pgserver.start(Path(directory), port)
    log.info("server start %s: running on port %d (pid %s)", st.server.directory, st.port, st.pid)
    return st


def server_stop(directory: str | Path) -> bool:
    """Stop the server; False when it was not running."""
    stopped = pgserver.stop(Path(directory))
    log.info("server stop %s: %s", directory, "stopped" if stopped else "was not running")
    return stopped


def server_status(directory: str | Path) -> pgserver.Status:
    """Whether the server runs and on which port."""
    return pgserver.status(Path(directory))


def server_add_event(directory: str | Path, name: str) -> pgserver.EventLogin:
    """A database and login for one event; its password is in the result only, never logged."""
    login = pgserver.add_event(Path(directory), name)
    log.info("server add-event %s: database and login %s on port %d", directory, name, login.port)
    return login
