"""``rallydesk server``: the use-cases over the PostgreSQL cluster's administration, logged here
without any password."""

from __future__ import annotations

import logging
from pathlib import Path

from .. import server as pgserver
from ..domain.errors import RallyDeskError
from ..server.backup_service import BackupsWanted
from ..server.service import Host, ServiceDone, ServicePlan, backups_instances
from ..server.service import install as service_install
from ..server.service import installed as service_installed
from ..server.service import remove as service_remove

log = logging.getLogger(__name__)

SERVER_PORT = pgserver.DEFAULT_PORT
SERVER_MAX_CONNECTIONS = pgserver.MAX_CONNECTIONS


def server_init(
    directory: str | Path,
    listen: str | None = None,
    port: int = SERVER_PORT,
    max_connections: int = pgserver.MAX_CONNECTIONS,
) -> pgserver.Server:
    """Make a PostgreSQL server in a new or empty folder."""
    server = pgserver.init(Path(directory), listen, port, max_connections)
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
    for note in st.notes:  # (TLS added to an older server, a new server certificate…)
        log.info("server start %s: %s", st.server.directory, note)
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


def server_service(
    directory: str | Path,
    action: str,
    dry_run: bool = False,
    host: Host | None = None,
    backups: tuple[str | Path, float, int] | None = None,
) -> ServiceDone:
    """Install or remove the service that starts the server with the computer (``--dry-run``:
    the definition only, nothing written or run); ``backups`` (folder, every minutes, keep):
    with install, the server's backups as a service too (systemd)."""
    if action == "install":
        wanted = None
        if backups is not None:
            folder = Path(backups[0]).absolute()
            if not folder.is_dir():
                raise RallyDeskError(f"--backups {folder}: backup folder does not exist")
            wanted = BackupsWanted(folder, backups[1], backups[2])
        done = service_install(Path(directory), dry_run, host, backups=wanted)
    else:
        done = service_remove(Path(directory), dry_run, host)
    if not dry_run:
        log.info("server service %s %s: %s", action, directory, "; ".join(done.said))
    return done


def server_service_installed(directory: str | Path) -> ServicePlan | None:
    """The service that starts the server with the computer, if one is installed."""
    return service_installed(Path(directory))


def server_backups_instances(plan: ServicePlan, events: list[str]) -> list[list[str]]:
    """The commands that start the backups' service of each event (``--backups``)."""
    return backups_instances(plan, events)


def server_add_event(directory: str | Path, name: str) -> pgserver.EventLogin:
    """A database and login for one event; its password is in the result only, never logged."""
    login = pgserver.add_event(Path(directory), name)
    log.info("server add-event %s: database and login %s on port %d", directory, name, login.port)
    return login


def server_report(directory: str | Path) -> pgserver.ServerReport:
    """The server's status, its events and their desks (online, last seen, changes waiting)."""
    return pgserver.report(Path(directory))


def server_events(directory: str | Path) -> list[pgserver.EventSeen]:
    """The events on the running server."""
    return pgserver.list_events(Path(directory))


def server_reset_login(directory: str | Path, name: str, role: str) -> pgserver.LoginReset:
    """A new password for a role's login of an event (never logged); its sessions are ended."""
    reset = pgserver.reset_login(Path(directory), name, role)
    log.info(
        "server reset-login %s: event %s, role %s; %d sessions ended",
        directory,
        name,
        role,
        reset.ended,
    )
    return reset


#: Where ``remove-event`` keeps an event's final backup unless told otherwise (in DIR).
FINAL_BACKUPS = "final-backups"


def server_remove_event(
    directory: str | Path, name: str, folder: str | Path | None = None
) -> tuple[Path | None, str | None]:
    """Remove event ``name`` from the server after its final backup: pulled (one consistent
    snapshot) into a new file in ``folder`` (default DIR/final-backups), then verified; only
    then are its database and logins dropped. (backup file, journal digest); (None, None) for
    a database that never held an event (no table: nothing to keep). A backup that fails or
    does not verify refuses the removal, and the event stays as it was."""
    from ..domain.errors import RallyDeskError
    from .files import pull_event, verify_event

    pgserver.check_event_name(name)
    backup: Path | None = None
    digest: str | None = None
    if pgserver.holds_data(Path(directory), name):
        target = Path(folder) if folder is not None else Path(directory) / FINAL_BACKUPS
        # no desk writes after the backup: its logins are kept out (and let in again on failure)
        pgserver.set_logins(Path(directory), name, allowed=False)
        try:
            try:
                target.mkdir(parents=True, exist_ok=True)
                backup, digest = pull_event(pgserver.admin_url(Path(directory), name), target)
                findings = verify_event(backup)
            except (RallyDeskError, OSError) as exc:
                raise RallyDeskError(
                    f"event {name!r} was NOT removed: its final backup into {target} failed ({exc})"
                ) from None
            if findings:
                raise RallyDeskError(
                    f"event {name!r} was NOT removed: its final backup {backup} does not verify "
                    f"({findings[0]})"
                )
        except BaseException:
            pgserver.set_logins(Path(directory), name, allowed=True)
            raise
    pgserver.drop_event(Path(directory), name)
    log.info("server remove-event %s: %s removed (final backup %s)", directory, name, backup)
    return backup, digest
