"""``rallydesk server service install|remove DIR``: the server in DIR started with the computer,
by the operating system's own service manager (systemd, Windows services, launchd).

The definition is made from the folder alone (what ``init`` recorded, the programs of the
version that made it), as text a system administrator can read; ``--dry-run`` prints it. What
the computer is (platform, root or not, whether systemd runs, the commands run) is a
:class:`Host`, so that every platform's definition and steps are tested on any one of them.

Why these choices, per platform:
- systemd: ``Type=forking`` around ``pg_ctl start -w``: systemd counts the server started once it
  takes connections (``-w``), it logs to ``DIR/server.log`` as ``server start`` does, and it runs
  with every PostgreSQL build (``Type=notify`` needs one made with systemd support). The
  postmaster is followed by its pid file; ``Restart=on-failure`` brings it back after a crash or
  a SIGKILL, not after a clean ``pg_ctl stop`` (``server stop``), which exits 0. It stops with
  ``pg_ctl stop -m fast`` (sessions end, committed work kept), as ``server stop`` does.
- Windows: ``pg_ctl register`` (PostgreSQL's own service wrapper), started automatically.
- macOS: a launchd job running the postmaster in the foreground (launchd follows the process
  it started; ``pg_ctl`` would fork away from it), restarted when it did not exit cleanly; a
  small shell turns launchd's SIGTERM into PostgreSQL's fast shutdown (SIGINT): SIGTERM alone
  is its "smart" shutdown, which waits for every desk to disconnect.
"""

from __future__ import annotations

import dataclasses
import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..domain.errors import RallyDeskError
from .backup_service import (
    BackupsWanted,
    backups_unit,
    instance_name,
    rallydesk_program,
    template_name,
)
from .cluster import _read_server
from .cluster import start as server_start
from .cluster import status as server_status
from .cluster import stop as server_stop
from .events import list_events
from .programs import LOG, TIMEOUT, Server, find_tools

#: What a service's name is made of (systemd's and launchd's names allow more; Windows' less).
_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
#: The shell launchd runs: the postmaster in the foreground, SIGTERM (launchd's stop) turned into
#: SIGINT (PostgreSQL's fast shutdown), the postmaster's exit status as its own.
_LAUNCHD_SHELL = (
    'trap \'kill -INT "$pid"\' TERM INT; "$0" -D "$1" & pid=$!; wait "$pid"; st=$?; '
    'if kill -0 "$pid" 2>/dev/null; then wait "$pid"; st=$?; fi; exit "$st"'
)

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            list(argv), capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except FileNotFoundError:
        return subprocess.CompletedProcess(list(argv), 127, "", f"{argv[0]}: not found")
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(list(argv), 124, "", f"no answer in {TIMEOUT} s")


def _systemd_runs() -> bool:
    """systemd is this computer's service manager (sd_booted: /run/systemd/system exists)."""
    return os.path.isdir("/run/systemd/system") and shutil.which("systemctl") is not None


@dataclass(frozen=True)
class Host:
    """The computer a service is installed on: its kind, who installs, what runs commands."""

    platform: str = field(default_factory=lambda: sys.platform)
    root: bool = field(default_factory=lambda: hasattr(os, "geteuid") and os.geteuid() == 0)
    uid: int | None = field(default_factory=lambda: os.getuid() if hasattr(os, "getuid") else None)
    home: Path = field(default_factory=Path.home)
    #: whether the service manager runs here (systemd is PID 1); False in most containers
    manager_runs: bool = field(default_factory=_systemd_runs)
    #: prefix of the system folders (``/``; a test's temporary folder)
    system_root: Path = Path("/")
    run: Runner = _run

    @property
    def kind(self) -> str:
        if self.platform.startswith("win"):
            return "windows"
        if self.platform == "darwin":
            return "launchd"
        return "systemd"


@dataclass(frozen=True)
class ServicePlan:
    """A server's service on one host: its name, its definition, where it goes, and the
    commands that enable (start) and disable (stop) it."""

    kind: str
    name: str
    directory: Path
    #: the definition: a systemd unit, a launchd plist, or the Windows commands
    text: str
    #: where the definition is written (None on Windows: pg_ctl register keeps it)
    path: Path | None
    enable: list[list[str]]
    disable: list[list[str]]
    #: what the administrator should know (a user unit needs lingering…)
    notes: list[str] = field(default_factory=list)
    #: ``--backups``: the backups' template unit (one instance per event), its path and text
    backups_unit: str = ""
    backups_path: Path | None = None
    backups_text: str = ""

    def commands(self, steps: list[list[str]]) -> str:
        return "\n".join(_shown_command(self.kind, s) for s in steps)


@dataclass(frozen=True)
class ServiceDone:
    """What ``install`` or ``remove`` did, in sentences for the administrator."""

    plan: ServicePlan
    dry_run: bool
    said: list[str]


def _shown_command(kind: str, argv: Sequence[str]) -> str:
    if kind == "windows":
        return subprocess.list2cmdline(list(argv))
    return shlex.join(argv)


def service_name(directory: Path, kind: str) -> str:
    """``rallydesk-server-NAME`` (NAME from the folder's name), the platform's form of it."""
    stem = _NAME_CHARS.sub("-", directory.name).strip("-.") or "server"
    if kind == "windows":
        return f"rallydesk-{stem}"
    if kind == "launchd":
        return f"org.rallydesk.server.{stem}"
    return f"rallydesk-server-{stem}.service"


# ---------------------------------------------------------------- systemd


def _unit_escape(text: str) -> str:
    """A value in a unit file: ``%`` is a specifier, and a value holds one line."""
    if any(ord(c) < 32 for c in text):
        raise RallyDeskError(
            f"{text!r}: a systemd unit cannot name a folder with a control character (a new "
            "line, a tab); move the server to a plain folder name"
        )
    return text.replace("%", "%%")


def _exec_arg(text: str) -> str:
    """One argument of ``ExecStart=``: quoted when it holds spaces, ``"`` or ``\\`` escaped,
    ``$`` doubled (systemd expands variables there)."""
    value = _unit_escape(text).replace("$", "$$")
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _exec(argv: Sequence[str]) -> str:
    return " ".join(_exec_arg(a) for a in argv)


def _owner(directory: Path) -> tuple[str, str]:
    """The account (user, group) that owns the server folder: PostgreSQL runs as it."""
    import grp
    import pwd

    st = directory.stat()
    try:
        user = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        user = str(st.st_uid)
    try:
        group = grp.getgrgid(st.st_gid).gr_name
    except KeyError:
        group = str(st.st_gid)
    return user, group


def _systemd_plan(server: Server, host: Host, pg_ctl: str) -> ServicePlan:
    d, data, log = server.directory, server.data, server.log
    name = service_name(d, "systemd")
    wait = str(TIMEOUT - 10)
    lines = [
        f"# rallydesk server service install {_unit_escape(str(d))}",
        "# The RallyDesk PostgreSQL server in this folder, started with the computer.",
        "[Unit]",
        f"Description=RallyDesk server {_unit_escape(str(d))} (PostgreSQL {server.version})",
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=forking",
    ]
    if host.root:
        user, group = _owner(d)
        if user == "root":
            raise RallyDeskError(
                f"{d}: belongs to root, and PostgreSQL refuses to run as root; make the server "
                "with 'rallydesk server init' (as root it gives the folder to 'postgres')"
            )
        lines += [f"User={user}", f"Group={group}"]
    lines += [
        f"WorkingDirectory={_unit_escape(str(d))}",
        f"PIDFile={_unit_escape(str(data / 'postmaster.pid'))}",
        "ExecStart=" + _exec([pg_ctl, "start", "-w", "-t", wait, "-D", str(data), "-l", str(log)]),
        "ExecStop=" + _exec([pg_ctl, "stop", "-w", "-m", "fast", "-t", wait, "-D", str(data)]),
        "ExecReload=" + _exec([pg_ctl, "reload", "-D", str(data)]),
        "Restart=on-failure",
        "RestartSec=5",
        f"TimeoutStartSec={TIMEOUT}",
        f"TimeoutStopSec={TIMEOUT}",
        "",
        "[Install]",
        f"WantedBy={'multi-user.target' if host.root else 'default.target'}",
        "",
    ]
    folder = (
        host.system_root / "etc/systemd/system" if host.root else host.home / ".config/systemd/user"
    )
    ctl = ["systemctl"] if host.root else ["systemctl", "--user"]
    notes = []
    if not host.root:
        notes.append(
            "a user's service starts when that user logs in; to start it with the computer, "
            f"run once: sudo loginctl enable-linger {_user_name()} (or install the service as root)"
        )
    return ServicePlan(
        "systemd",
        name,
        d,
        "\n".join(lines),
        folder / name,
        [[*ctl, "daemon-reload"], [*ctl, "enable", "--now", name]],
        [[*ctl, "disable", "--now", name], [*ctl, "daemon-reload"]],
        notes,
    )


def _user_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "USER"


# ---------------------------------------------------------------- Windows


def _windows_plan(server: Server, pg_ctl: str) -> ServicePlan:
    d = server.directory
    name = service_name(d, "windows")
    data = str(PureWindowsPath(str(server.data)))
    register = [pg_ctl, "register", "-N", name, "-D", data, "-S", "auto", "-w"]
    register += ["-t", str(TIMEOUT - 10)]
    grant = ["icacls", str(PureWindowsPath(str(d))), "/grant", "*S-1-5-20:(OI)(CI)F", "/T", "/Q"]
    steps = [grant, register, ["net", "start", name]]
    text = (
        f"REM rallydesk server service install {d}\n"
        "REM the Network Service account (S-1-5-20), which PostgreSQL's service runs as, may use "
        "the folder;\nREM the service starts with the computer (-S auto), and now\n"
        + "\n".join(_shown_command("windows", s) for s in steps)
        + "\n"
    )
    return ServicePlan(
        "windows",
        name,
        d,
        text,
        None,
        steps,
        [["net", "stop", name], [pg_ctl, "unregister", "-N", name]],
        [
            "the server's messages go to the Windows event log (source PostgreSQL) while it "
            "runs as a service"
        ],
    )


# ---------------------------------------------------------------- macOS


def _launchd_plan(server: Server, host: Host, pg_ctl: str) -> ServicePlan:
    d = server.directory
    label = service_name(d, "launchd")
    postgres = str(PurePosixPath(pg_ctl).parent / "postgres")
    job: dict[str, object] = {
        "Label": label,
        "ProgramArguments": ["/bin/sh", "-c", _LAUNCHD_SHELL, postgres, str(server.data)],
        "WorkingDirectory": str(d),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardOutPath": str(d / LOG),
        "StandardErrorPath": str(d / LOG),
        "ExitTimeOut": TIMEOUT,
        "ThrottleInterval": 5,
    }
    if host.root:
        job["UserName"] = _owner(d)[0]
        folder, domain = host.system_root / "Library/LaunchDaemons", "system"
    else:
        folder, domain = host.home / "Library/LaunchAgents", f"gui/{host.uid}"
    path = folder / f"{label}.plist"
    notes = (
        []
        if host.root
        else [
            "a user's launch agent starts when that user logs in; to start it with the "
            "computer, install it as root (sudo), which makes a launch daemon"
        ]
    )
    return ServicePlan(
        "launchd",
        label,
        d,
        plistlib.dumps(job, sort_keys=False).decode("utf-8"),
        path,
        [["launchctl", "bootstrap", domain, str(path)]],
        [["launchctl", "bootout", f"{domain}/{label}"]],
        notes,
    )


# ---------------------------------------------------------------- plan, install, remove


def plan(
    directory: str | Path,
    host: Host | None = None,
    pg_ctl: str | None = None,
    backups: BackupsWanted | None = None,
) -> ServicePlan:
    """The service of the server in ``directory`` on ``host`` (default: this computer), with
    its backups' unit when ``backups`` is given (systemd only)."""
    host = host or Host()
    server = _read_server(Path(directory))
    pg_ctl = pg_ctl or find_tools().pg_ctl
    if backups is not None and host.kind != "systemd":
        raise RallyDeskError(
            "--backups: a backups service is made with systemd (Linux) only; on Windows or "
            "macOS run 'rallydesk backups URL --folder DIR' from a scheduled task or a launch "
            "agent of your own"
        )
    if host.kind == "windows":
        return _windows_plan(server, pg_ctl)
    if not host.root and host.uid is not None:
        owner = server.directory.stat().st_uid
        if owner != host.uid:
            raise RallyDeskError(
                f"{server.directory}: belongs to another user (uid {owner}), who runs its "
                "PostgreSQL; install the service as root (sudo rallydesk server service install "
                f"{server.directory}) or as that user"
            )
    if host.kind == "launchd":
        return _launchd_plan(server, host, pg_ctl)
    p = _systemd_plan(server, host, pg_ctl)
    if backups is None:
        return p
    assert p.path is not None
    template = template_name(p.name)
    user = _owner(server.directory) if host.root else None
    text = backups_unit(server, p.name, backups, user, rallydesk_program())
    return dataclasses.replace(
        p, backups_unit=template, backups_path=p.path.parent / template, backups_text=text
    )


def backups_instances(p: ServicePlan, events: Sequence[str]) -> list[list[str]]:
    """The commands that start the backups of each event (an instance of the template)."""
    ctl = p.enable[-1][:-3]  # systemctl [--user]
    return [[*ctl, "enable", "--now", instance_name(p.backups_unit, e)] for e in events]


def _enabled_instances(p: ServicePlan) -> list[str]:
    """The backups' instances enabled now (systemctl enable made their links)."""
    if p.backups_path is None:
        return []
    prefix = p.backups_unit.removesuffix("@.service") + "@"
    wants = p.backups_path.parent.glob("*.target.wants")
    return sorted({link.name for w in wants for link in w.glob(f"{prefix}*.service")})


def _check(done: subprocess.CompletedProcess[str], kind: str) -> None:
    if done.returncode != 0:
        said = (done.stderr or done.stdout or "no message").strip().splitlines()
        raise RallyDeskError(
            f"{_shown_command(kind, done.args)} failed (exit {done.returncode}): "
            f"{said[-1] if said else 'no message'}"
        )


def _installed_here(p: ServicePlan, host: Host) -> bool:
    if p.path is not None:
        if not p.path.exists():
            return False
        text = p.path.read_text(encoding="utf-8", errors="replace")
        if not _names_folder(text, p.kind, p.directory):
            raise RallyDeskError(
                f"{p.path}: a service of that name already runs another server; rename the "
                "server's folder, or remove that service first"
            )
        return True
    return host.run(["sc", "query", p.name]).returncode == 0


def _names_folder(text: str, kind: str, directory: Path) -> bool:
    """Whether a definition (a unit, a plist) runs the server in exactly ``directory``."""
    if kind == "launchd":
        try:
            job = plistlib.loads(text.encode("utf-8"))
        except (ValueError, plistlib.InvalidFileException):
            return False
        return isinstance(job, dict) and job.get("WorkingDirectory") == str(directory)
    try:
        return f"WorkingDirectory={_unit_escape(str(directory))}" in text.splitlines()
    except RallyDeskError:
        return False


def install(
    directory: str | Path,
    dry_run: bool = False,
    host: Host | None = None,
    pg_ctl: str | None = None,
    backups: BackupsWanted | None = None,
) -> ServiceDone:
    """Write and enable the service; the server, if ``server start`` runs it, is stopped and
    started again by the service (the desks reconnect by themselves). ``backups``: also the
    backups' unit, started for every event on the server now."""
    host = host or Host()
    p = plan(directory, host, pg_ctl, backups)
    if dry_run:
        return ServiceDone(p, True, [])
    if _installed_here(p, host):
        raise RallyDeskError(
            f"{p.directory}: its service {p.name} is already installed"
            + (f" ({p.path})" if p.path else "")
            + f"; remove it first with 'rallydesk server service remove {p.directory}'"
        )
    said: list[str] = []
    if p.path is not None:
        _write_definition(p, host)
        said.append(f"wrote {p.path}")
    if p.backups_path is not None:
        _write_definition(p, host, p.backups_path, p.backups_text)
        said.append(f"wrote {p.backups_path}")
    if p.kind == "systemd" and not host.manager_runs:
        steps = p.enable + (backups_instances(p, ["EVENT"]) if p.backups_path else [])
        said.append(
            "systemd does not run on this computer (no /run/systemd/system: a container?), so "
            "nothing was enabled; on a computer that runs systemd, run: "
            + " && ".join(_shown_command(p.kind, s) for s in steps)
            + (" (the last one for each event)" if p.backups_path else "")
        )
        return ServiceDone(p, False, said + p.notes)
    running = server_status(p.directory).running
    if running:
        server_stop(p.directory)
        said.append("the server, started by hand, was stopped to be started by the service")
    try:
        for step in p.enable:
            _check(host.run(step), p.kind)
    except RallyDeskError:
        if running:
            server_start(p.directory)  # never leave the desks without their server
        raise
    said.append(f"service {p.name} enabled and started: the server starts with the computer")
    if p.backups_path is not None:
        events = [e.name for e in list_events(p.directory)]
        for step in backups_instances(p, events):
            _check(host.run(step), p.kind)
            said.append(f"backups {step[-1]} enabled and started")
        said.append(
            "an event added later gets its backups with: "
            + _shown_command(p.kind, backups_instances(p, ["EVENT"])[0])
        )
    return ServiceDone(p, False, said + p.notes)


def _write_definition(
    p: ServicePlan, host: Host, path: Path | None = None, text: str | None = None
) -> None:
    """Write a definition (the server's, or ``path``'s ``text``) whole, in one rename."""
    path = path or p.path
    assert path is not None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(p.text if text is None else text, encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except PermissionError:
        raise RallyDeskError(
            f"{path}: this user may not write it; install a system service as root "
            f"(sudo rallydesk server service install {p.directory})"
        ) from None
    except OSError as exc:
        raise RallyDeskError(f"{path}: cannot be written ({exc.strerror})") from None


def remove(
    directory: str | Path,
    dry_run: bool = False,
    host: Host | None = None,
    pg_ctl: str | None = None,
) -> ServiceDone:
    """Stop and disable the service and delete its definition; the server stays stopped
    (``server start`` runs it by hand)."""
    host = host or Host()
    p = plan(directory, host, pg_ctl)
    if dry_run:
        return ServiceDone(p, True, [])
    if not _installed_here(p, host):
        raise RallyDeskError(
            f"{p.directory}: no service {p.name} is installed"
            + (f" ({p.path} does not exist)" if p.path else "")
        )
    said: list[str] = []
    backups = p.path.parent / template_name(p.name) if p.kind == "systemd" and p.path else None
    if backups is not None and backups.exists():
        p = dataclasses.replace(p, backups_unit=backups.name, backups_path=backups)
        for unit in _enabled_instances(p):
            if host.manager_runs:
                _check(host.run([*p.disable[0][:-3], "disable", "--now", unit]), p.kind)
            else:  # what systemctl disable does: the links enable made
                for link in backups.parent.glob(f"*.target.wants/{unit}"):
                    link.unlink()
            said.append(f"backups {unit} stopped and disabled")
        backups.unlink()
        said.append(f"deleted {backups}")
    if p.kind != "systemd" or host.manager_runs:
        for step in p.disable[:1]:
            done = host.run(step)
            if p.kind != "windows":  # net stop of a stopped service fails: it is stopped
                _check(done, p.kind)
        said.append(f"service {p.name} stopped and disabled")
    if p.path is not None:
        try:
            p.path.unlink()
        except PermissionError:
            raise RallyDeskError(
                f"{p.path}: this user may not delete it; remove a system service as root"
            ) from None
        said.append(f"deleted {p.path}")
    for step in p.disable[1:]:
        if p.kind != "systemd" or host.manager_runs:
            _check(host.run(step), p.kind)
    said.append(
        f"the server no longer starts with the computer; run it by hand with "
        f"'rallydesk server start {p.directory}'"
    )
    return ServiceDone(p, False, said)


def installed(directory: str | Path, host: Host | None = None) -> ServicePlan | None:
    """The server's service when it is installed on this computer (``server status``); None
    when not, or when this cannot be told (another user's folder, no PostgreSQL)."""
    host = host or Host()
    try:
        p = plan(directory, host)
        return p if _installed_here(p, host) else None
    except (RallyDeskError, OSError):
        return None
