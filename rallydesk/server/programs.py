"""The PostgreSQL programs of ``rallydesk server``: found once, run as the account PostgreSQL
runs as, with a clean environment; the server folder's files and what ``init`` recorded."""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import RallyDeskError

DATA = "data"
LOG = "server.log"
PASSWORD_FILE = "admin.pgpass"
META = "rallydesk-server.json"
SETTINGS = "rallydesk.conf"
#: TLS (server/tls.py), in DIR: the server's own authority (ca.crt public, handed to desks; ca.key
#: private, to make a new server certificate) and the server's certificate and key.
CA_CERT = "ca.crt"
CA_KEY = "ca.key"
SERVER_CERT = "server.crt"
SERVER_KEY = "server.key"
SUPERUSER = "postgres"
#: The unprivileged account PostgreSQL runs as when RallyDesk runs as root (the packages make it).
SERVICE_USER = "postgres"
DEFAULT_PORT = 5432
#: The group every event's role logins belong to (pg_hba lets them in; each event's database
#: lets in only its own, by its CONNECT grant).
DESK_GROUP = "rallydesk_desk"
#: Connections of the whole server (all its events together), unless ``init --max-connections``.
MAX_CONNECTIONS = 50
#: Kept for the administrator (``server status``, ``reset-login``…) whatever the desks hold.
RESERVED_CONNECTIONS = 3
#: What one desk holds: its own connection, and the one that hears the other desks (LISTEN).
CONNECTIONS_PER_DESK = 2
#: The fewest: the administrator's, three desks and one backup or pull.
MIN_CONNECTIONS = RESERVED_CONNECTIONS + 3 * CONNECTIONS_PER_DESK + 1
MAX_MAX_CONNECTIONS = 1000
#: Seconds any one PostgreSQL program may take (initdb on a slow stick, a start after a crash).
TIMEOUT = 180

#: Where installers put the programs, searched after PATH; among versions the newest wins.
STANDARD_DIRS: tuple[str, ...] = (
    "/usr/lib/postgresql/*/bin",  # Debian, Ubuntu (apt install postgresql)
    "/usr/pgsql-*/bin",  # Red Hat, Fedora (the PostgreSQL project's packages)
    r"C:\Program Files\PostgreSQL\*\bin",  # Windows (EDB installer, winget)
    "/opt/homebrew/opt/postgresql@*/bin",  # macOS Homebrew, Apple silicon
    "/usr/local/opt/postgresql@*/bin",  # macOS Homebrew, Intel
    "/opt/homebrew/opt/postgresql/bin",
    "/usr/local/opt/postgresql/bin",
    "/Applications/Postgres.app/Contents/Versions/*/bin",  # macOS Postgres.app
)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_RESERVED_NAMES = {"postgres", "template0", "template1", "public"}


@dataclass(frozen=True)
class Tools:
    """The PostgreSQL programs RallyDesk runs."""

    initdb: str
    pg_ctl: str
    psql: str


@dataclass(frozen=True)
class Account:
    """Who the PostgreSQL programs run as: ``name`` None means this process's own user."""

    name: str | None = None
    uid: int | None = None
    gid: int | None = None


@dataclass(frozen=True)
class Server:
    """What ``init`` chose, read back from ``rallydesk-server.json``."""

    directory: Path
    listen: str
    network: str
    port: int
    account: str | None
    version: str

    @property
    def data(self) -> Path:
        return self.directory / DATA

    @property
    def log(self) -> Path:
        return self.directory / LOG

    @property
    def password_file(self) -> Path:
        return self.directory / PASSWORD_FILE

    @property
    def authority(self) -> Path:
        """The server's certificate authority (public): each desk checks the server with it."""
        return self.directory / CA_CERT


@dataclass(frozen=True)
class Status:
    """Whether the server runs, and where desks reach it."""

    server: Server
    running: bool
    port: int
    pid: int | None
    #: what ``start`` made or changed on the way (TLS added to an older server…), for its output
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- finding PostgreSQL


def install_hint(platform: str | None = None) -> str:
    """How to get PostgreSQL on this kind of computer, in one sentence."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return (
            "install PostgreSQL with 'winget install PostgreSQL.PostgreSQL' or the EDB installer, "
            "then run this again"
        )
    if platform == "darwin":
        return (
            "install PostgreSQL with 'brew install postgresql@16' or Postgres.app, "
            "then run this again"
        )
    return (
        "install PostgreSQL with 'sudo apt install postgresql' (Debian, Ubuntu) or your "
        "distribution's PostgreSQL server package, then run this again"
    )


def _version_key(path: str) -> tuple[int, ...]:
    """The version a folder name carries (…/15/bin, postgresql@16, …/16.2/bin), for sorting."""
    found = re.findall(r"\d+(?:\.\d+)*", path)
    return tuple(int(n) for n in found[-1].split(".")) if found else ()


def search_dirs() -> list[str]:
    """PATH first (what the user chose), then the installers' folders, newest version first."""
    dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d]
    for pattern in STANDARD_DIRS:
        dirs += sorted(glob.glob(pattern), key=_version_key, reverse=True)
    return dirs


def find_tools() -> Tools:
    """initdb and pg_ctl from one folder (one version), psql from there or anywhere else."""
    dirs = search_dirs()
    for d in dirs:
        initdb, pg_ctl = shutil.which("initdb", path=d), shutil.which("pg_ctl", path=d)
        if initdb and pg_ctl:
            psql = shutil.which("psql", path=d)
            for other in dirs:
                psql = psql or shutil.which("psql", path=other)
            if psql:
                return Tools(initdb, pg_ctl, psql)
    raise RallyDeskError(
        "PostgreSQL's programs (initdb, pg_ctl, psql) were not found on PATH nor where its "
        f"installers put them; {install_hint()}"
    )


# ---------------------------------------------------------------- running them


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def service_account(name: str = SERVICE_USER) -> Account:
    """Under root, the unprivileged account to run PostgreSQL as (it refuses root); else self."""
    if not _is_root():
        return Account()
    import pwd

    try:
        pw = pwd.getpwnam(name)
    except KeyError:
        raise RallyDeskError(
            f"PostgreSQL refuses to run as root and there is no user '{name}' to run it as: "
            "create one ('sudo apt install postgresql' does) or run rallydesk server as a "
            "normal user"
        ) from None
    return Account(pw.pw_name, pw.pw_uid, pw.pw_gid)


def _as(argv: Sequence[str], account: Account) -> list[str]:
    """The command line that runs ``argv`` as ``account`` (runuser, else su)."""
    if account.name is None:
        return list(argv)
    system = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin", "/usr/bin", "/bin"])
    runuser = shutil.which("runuser", path=system)  # also with a bare PATH (cron, a service)
    if runuser:
        return [runuser, "-u", account.name, "--", *argv]
    su = shutil.which("su", path=system) or "su"
    shell = ["-s", "/bin/sh"] if sys.platform.startswith("linux") else []
    return [su, *shell, account.name, "-c", shlex.join(argv)]


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without PG* variables (PGDATA, PGPORT… would redirect the tools)."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PG")}
    env.update(extra)
    return env


def _run(
    argv: Sequence[str],
    account: Account,
    cwd: Path,
    *,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    leaves_a_child: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program; output captured for the messages, never shown raw.

    ``leaves_a_child`` (``pg_ctl start``): the program starts the server and returns while the
    server runs on. Its output goes to an unnamed temporary file, not to pipes: the server would
    inherit a pipe's write end, and on Windows the call then waits for the pipe to close, i.e.
    for the server to stop (it failed after its 180 s timeout)."""
    try:
        if leaves_a_child:
            with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
                done = subprocess.run(
                    _as(argv, account),
                    cwd=cwd,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    text=True,
                    env=env or _clean_env(),
                    timeout=TIMEOUT,
                    check=False,
                )
                out.seek(0)
                return subprocess.CompletedProcess(done.args, done.returncode, out.read(), "")
        return subprocess.run(
            _as(argv, account),
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            env=env or _clean_env(),
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise RallyDeskError(
            f"{exc.filename}: not found, so {Path(argv[0]).name} cannot be run"
            + (f" as the user '{account.name}'" if account.name else "")
        ) from None
    except subprocess.TimeoutExpired:
        raise RallyDeskError(
            f"{Path(argv[0]).name} did not finish within {TIMEOUT} s; see {cwd / LOG}"
        ) from None


def _first_error(output: str) -> str:
    """The line of a program's output that says what went wrong (FATAL/ERROR first)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for key in ("FATAL:", "ERROR:", "error:"):
        for line in lines:
            if key in line:
                return line
    return lines[-1] if lines else "no message"


def _chown(path: Path, account: Account) -> None:
    if account.uid is not None and account.gid is not None:
        os.chown(path, account.uid, account.gid)


def _write_private(path: Path, text: str, account: Account, mode: int = 0o600) -> None:
    """A new file only its owner (the account that runs PostgreSQL) may read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.chmod(path, mode)  # whatever the umask
    _chown(path, account)


# ---------------------------------------------------------------- the network
