"""``server service install DIR --backups FOLDER``: the server's backups as a systemd service too.

One template unit, ``rallydesk-backups-NAME@.service``, whose instance is an event's name: each
instance runs ``rallydesk backups`` on that event, as the administrator from this machine (the
password read by libpq from ``DIR/admin.pgpass``, never written in the unit), as the account
that owns DIR (who alone may read that file). It starts after the server's unit, and on failure
is started again; the series itself goes on while the server is away. Linux only: on Windows and
macOS, run ``rallydesk backups`` from a scheduled task or a launch agent of your own.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import RallyDeskError
from .programs import PASSWORD_FILE, SUPERUSER, TIMEOUT, Server


@dataclass(frozen=True)
class BackupsWanted:
    """Where the server's backups go, how often, how many kept (``backups`` options)."""

    folder: Path
    every_minutes: float
    keep: int


def rallydesk_program() -> list[str]:
    """How a service runs this RallyDesk: the bundle's program, or this Python with ``-m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "rallydesk"]


def template_name(server_unit: str) -> str:
    """``rallydesk-backups-NAME@.service`` beside ``rallydesk-server-NAME.service``."""
    stem = server_unit.removeprefix("rallydesk-server-").removesuffix(".service")
    return f"rallydesk-backups-{stem}@.service"


def instance_name(template: str, event: str) -> str:
    return template.replace("@.service", f"@{event}.service")


def backups_unit(
    server: Server,
    server_unit: str,
    wanted: BackupsWanted,
    user: tuple[str, str] | None,
    program: list[str],
) -> str:
    """The template unit's text (``%i``: the event's name, letters, digits, ``_`` and ``-``)."""
    from .service import _exec, _unit_escape

    if not wanted.folder.is_absolute():
        raise RallyDeskError(f"--backups {wanted.folder}: name the folder by its full path")
    if not wanted.every_minutes > 0 or wanted.keep < 1:
        raise RallyDeskError(
            "--backups: the interval must be above 0 minutes and at least 1 copy kept"
        )
    d = server.directory
    url = f"postgresql://{SUPERUSER}@127.0.0.1:{server.port}/"
    argv = [*program, "backups"]
    tail = ["--folder", str(wanted.folder), "--every", f"{wanted.every_minutes:g}"]
    tail += ["--keep", str(wanted.keep)]
    lines = [
        f"# rallydesk server service install {_unit_escape(str(d))} --backups "
        f"{_unit_escape(str(wanted.folder))}",
        "# The backups of event %i of this RallyDesk server (instance: the event's name).",
        "[Unit]",
        f"Description=RallyDesk backups of event %i on {_unit_escape(str(d))}",
        f"After={server_unit} network-online.target",
        f"Wants={server_unit}",
        "",
        "[Service]",
        "Type=simple",
    ]
    if user is not None:
        lines += [f"User={user[0]}", f"Group={user[1]}"]
    lines += [
        f"WorkingDirectory={_unit_escape(str(d))}",
        f'Environment="PGPASSFILE={_unit_escape(str(d / PASSWORD_FILE))}"',
        f"ExecStart={_exec(argv)} {url}%i {_exec(tail)}",
        f"TimeoutStopSec={TIMEOUT}",
        "Restart=on-failure",
        "RestartSec=30",
        "",
        "[Install]",
        f"WantedBy={'multi-user.target' if user is not None else 'default.target'}",
        "",
    ]
    return "\n".join(lines)
