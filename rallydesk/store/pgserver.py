"""A PostgreSQL server for an event's desks, set up and run by RallyDesk with PostgreSQL's tools.

A bivouac has no database administrator, so ``rallydesk server`` makes the safe choices once:
scram-sha-256 passwords only, connections only from this machine and the chosen LAN address's
subnet, durability settings on, one database and one login per event, that login allowed into its
own database only.  PostgreSQL's own programs do the work (``initdb``, ``pg_ctl``, ``psql``), so
what is running is an ordinary PostgreSQL an expert can inspect with the usual tools.

A server folder DIR holds ``data/`` (the cluster), ``server.log``, ``admin.pgpass`` (the
administrator's password, in PostgreSQL's password-file form, readable by its owner only) and
``rallydesk-server.json`` (what ``init`` chose).  PostgreSQL refuses to run as root, so under root
the programs run as the unprivileged ``postgres`` user, who then owns DIR.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import glob
import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import RallyDeskError
from ..domain.officials import ROLES
from .pg_roles import role_login

DATA = "data"
LOG = "server.log"
PASSWORD_FILE = "admin.pgpass"
META = "rallydesk-server.json"
SETTINGS = "rallydesk.conf"
SUPERUSER = "postgres"
#: The unprivileged account PostgreSQL runs as when RallyDesk runs as root (the packages make it).
SERVICE_USER = "postgres"
DEFAULT_PORT = 5432
MAX_CONNECTIONS = 50
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

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,62}")
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


@dataclass(frozen=True)
class Status:
    """Whether the server runs, and where desks reach it."""

    server: Server
    running: bool
    port: int
    pid: int | None


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
) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program; output captured for the messages, never shown raw."""
    try:
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


def _ip(text: str, what: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise RallyDeskError(
            f"{what} {text!r}: not an IP address; expected e.g. 192.168.1.10 or 192.168.1.10/24"
        ) from None


def local_interfaces() -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """This machine's addresses with their subnets, as far as the system says (may be empty)."""
    try:
        if sys.platform.startswith("linux"):
            return _linux_interfaces()
        if sys.platform.startswith("win"):
            out = subprocess.run(
                [
                    "powershell",
                    "-NoProfile",
                    "-Command",
                    'Get-NetIPAddress | ForEach-Object { "$($_.IPAddress)/$($_.PrefixLength)" }',
                ],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ).stdout
            return _parse_interfaces(out.split())
        out = subprocess.run(
            ["ifconfig"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
        return parse_ifconfig(out)
    except (OSError, subprocess.SubprocessError):
        return []


def _parse_interfaces(
    items: Sequence[str],
) -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """``ADDR/PREFIX`` items (a ``%zone`` dropped); anything else is skipped."""
    found = []
    for item in items:
        with contextlib.suppress(ValueError):
            found.append(ipaddress.ip_interface(re.sub(r"%[^/]*", "", item)))
    return found


def parse_ifconfig(text: str) -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """Addresses in BSD/macOS ``ifconfig`` output (``inet A netmask 0xffffff00``, ``inet6 A prefixlen N``)."""
    found: list[str] = []
    for m in re.finditer(r"\binet (\S+) netmask (0x[0-9a-fA-F]+)", text):
        found.append(f"{m.group(1)}/{bin(int(m.group(2), 16)).count('1')}")
    for m in re.finditer(r"\binet6 (\S+) prefixlen (\d+)", text):
        found.append(f"{m.group(1).split('%')[0]}/{m.group(2)}")
    return _parse_interfaces(found)


def _linux_interfaces() -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """IPv4 from the kernel (ioctl per interface), IPv6 from /proc/net/if_inet6."""
    import fcntl
    import struct

    found: list[ipaddress.IPv4Interface | ipaddress.IPv6Interface] = []
    siocgifaddr, siocgifnetmask = 0x8915, 0x891B
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            req = struct.pack("256s", name.encode()[:15])
            try:
                addr = socket.inet_ntoa(fcntl.ioctl(s.fileno(), siocgifaddr, req)[20:24])
                mask = socket.inet_ntoa(fcntl.ioctl(s.fileno(), siocgifnetmask, req)[20:24])
            except OSError:
                continue  # no IPv4 address on this interface
            found.append(ipaddress.IPv4Interface(f"{addr}/{mask}"))
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/if_inet6").read_text().splitlines():
            hexaddr, _, prefix, *_ = line.split()
            addr = ":".join(hexaddr[i : i + 4] for i in range(0, 32, 4))
            found.append(ipaddress.IPv6Interface(f"{addr}/{int(prefix, 16)}"))
    return found


def default_address() -> ipaddress.IPv4Address | None:
    """The address this machine uses towards other networks (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("198.51.100.1", 9))
            found = ipaddress.IPv4Address(s.getsockname()[0])
        except OSError:
            return None
    return None if found.is_loopback or found.is_unspecified else found


def _is_local(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    family = socket.AF_INET6 if addr.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((str(addr), 0))
        except OSError:
            return False
    return True


def choose_listen(
    listen: str | None,
) -> tuple[
    ipaddress.IPv4Address | ipaddress.IPv6Address, ipaddress.IPv4Network | ipaddress.IPv6Network
]:
    """The LAN address to listen on and the subnet whose desks may connect.

    ``ADDR/PREFIX`` names the subnet; without it, the subnet the system gives that address
    (a /24 or /64 if it says nothing).  The address must be this machine's own.
    """
    interfaces = local_interfaces()
    known = ", ".join(str(i.ip) for i in interfaces if not i.ip.is_link_local) or "none found"
    if listen is None:
        addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None = default_address()
        if addr is None:
            raise RallyDeskError(
                f"no network address found to listen on; give --listen ADDR (this machine: {known})"
            )
        prefix = None
    else:
        text, _, prefix = listen.partition("/")
        addr = _ip(text, "--listen")
        if prefix and not (prefix.isdigit() and int(prefix) <= addr.max_prefixlen):
            raise RallyDeskError(
                f"--listen {listen}: the prefix must be 8 to {addr.max_prefixlen}, e.g. {text}/24"
            )
    if addr.is_unspecified or addr.is_multicast:
        raise RallyDeskError(
            f"--listen {addr}: that is not one address; give this machine's LAN address ({known})"
        )
    if addr.is_link_local:
        raise RallyDeskError(
            f"--listen {addr}: a link-local address changes with the interface; give another ({known})"
        )
    if not _is_local(addr):
        raise RallyDeskError(
            f"--listen {addr}: not an address of this machine; expected one of: {known}"
        )
    if addr.is_loopback:
        return addr, ipaddress.ip_network(f"{addr}/{addr.max_prefixlen}")
    if prefix:
        if int(prefix) < 8:
            raise RallyDeskError(
                f"--listen {listen}: /{prefix} would open the server to a huge network; "
                f"expected a LAN prefix of /8 or more, e.g. {addr}/24"
            )
        return addr, ipaddress.ip_network(f"{addr}/{prefix}", strict=False)
    for interface in interfaces:
        if interface.ip == addr:
            return addr, interface.network
    return addr, ipaddress.ip_network(f"{addr}/{24 if addr.version == 4 else 64}", strict=False)


def _port_in_use(addr: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> bool:
    family = socket.AF_INET6 if addr.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if os.name != "nt":  # as PostgreSQL does: old TIME_WAIT connections do not block it
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((str(addr), port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1), 10048)
    return False


def _check_port(port: int, listen: str) -> None:
    if not 1024 <= port <= 65535:
        raise RallyDeskError(f"--port {port}: expected a port from 1024 to 65535, e.g. 5432")
    for addr in dict.fromkeys(["127.0.0.1", listen]):
        if _port_in_use(ipaddress.ip_address(addr), port):
            raise RallyDeskError(
                f"port {port} is in use on {addr} (another server?); choose a free one with --port"
            )


# ---------------------------------------------------------------- the server folder


def _check_reachable(directory: Path, account: Account) -> None:
    """Under root, every existing folder above DIR must let the service account through."""
    if account.name is None or account.uid is None or account.gid is None:
        return
    groups = set(os.getgrouplist(account.name, account.gid))
    for folder in reversed(directory.parents):
        if not folder.exists():
            break
        st = folder.stat()
        if st.st_uid == account.uid:
            ok = bool(st.st_mode & 0o100)
        elif st.st_gid in groups:
            ok = bool(st.st_mode & 0o010)
        else:
            ok = bool(st.st_mode & 0o001)
        if not ok:
            raise RallyDeskError(
                f"{directory}: the user '{account.name}' that runs PostgreSQL cannot reach it "
                f"({folder} is closed to it); choose a folder such as /srv/rallydesk/EVENT"
            )


def _check_new_folder(directory: Path) -> None:
    try:
        if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
            raise RallyDeskError(
                f"{directory}: exists and is not a folder; expected a new or empty folder"
            )
        empty = not directory.exists() or not any(directory.iterdir())
    except PermissionError:
        raise RallyDeskError(
            f"{directory}: this user may not read it; expected a new or empty folder"
        ) from None
    if not empty:
        raise RallyDeskError(
            f"{directory}: not empty; expected a new or empty folder for the server"
        )


def hba_rules(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> str:
    """pg_hba.conf: scram-sha-256 from this machine and the LAN subnet, everything else refused.

    The administrator only from this machine; an event's login only into the database of the
    same name (``sameuser``), whichever address it comes from.
    """
    local = ["127.0.0.1/32", "::1/128"]
    lan = [] if network.network_address.is_loopback else [str(network)]
    rows = [
        "# Written by rallydesk server init. First matching line wins; anything unmatched is refused.",
        "# TYPE  DATABASE  USER      ADDRESS          METHOD",
        "local   all       all                        reject",
    ]
    rows += [f"host    all       {SUPERUSER:<9} {a:<16} scram-sha-256" for a in local]
    rows += [f"host    all       {SUPERUSER:<9} all              reject"]
    rows += [f"host    sameuser  all       {a:<16} scram-sha-256" for a in [*local, *lan]]
    # the role logins of every event (NAME.timekeeper…): CONNECT is granted per database
    rows += [f"host    all       +{DESK_GROUP} {a:<16} scram-sha-256" for a in [*local, *lan]]
    rows += ["host    all       all       all              reject"]
    return "\n".join(rows) + "\n"


def settings_text(listen: str, port: int) -> str:
    """The settings an event relies on, in a file of their own included by postgresql.conf."""
    addresses = ",".join(dict.fromkeys(["127.0.0.1", listen]))
    return f"""\
# Written by rallydesk server init; 'rallydesk server start --port' rewrites the port.
listen_addresses = '{addresses}'   # this machine and the LAN address only
port = {port}
unix_socket_directories = ''   # TCP only: no socket folder to own
password_encryption = 'scram-sha-256'
fsync = on                     # a committed time survives a power cut
synchronous_commit = on
full_page_writes = on
max_connections = {MAX_CONNECTIONS}
superuser_reserved_connections = 3
log_connections = on
log_disconnections = on
log_line_prefix = '%m [%p] %q%u@%d %h '
log_timezone = 'UTC'
timezone = 'UTC'
"""


def _read_server(directory: Path) -> Server:
    directory = Path(directory).absolute()
    meta = directory / META
    try:
        found = meta.is_file() and (directory / DATA / "PG_VERSION").is_file()
    except PermissionError:
        raise RallyDeskError(
            f"{directory}: this user may not read it (a server folder belongs to the account that runs "
            "PostgreSQL); run rallydesk server as that user or as root"
        ) from None
    if not found:
        raise RallyDeskError(
            f"{directory}: not a RallyDesk PostgreSQL server folder (no {META} and {DATA}/); "
            "make one with 'rallydesk server init DIR'"
        )
    try:
        m = json.loads(meta.read_text(encoding="utf-8"))
        return Server(
            directory,
            m["listen"],
            m["network"],
            int(m["port"]),
            m.get("account"),
            m.get("version", ""),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise RallyDeskError(f"{meta}: unreadable ({exc}); it was changed by hand") from None


def _account_for(server: Server) -> Account:
    return service_account(server.account) if server.account and _is_root() else Account()


def _write_meta(server: Server, account: Account) -> None:
    path = server.directory / META
    text = json.dumps(
        {
            "format": 1,
            "listen": server.listen,
            "network": server.network,
            "port": server.port,
            "account": server.account,
            "version": server.version,
        },
        indent=1,
    )
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    _write_private(tmp, text + "\n", account, 0o644)
    os.replace(tmp, path)


def _pg_version(tools: Tools) -> str:
    out = subprocess.run(
        [tools.pg_ctl, "--version"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    found = re.search(r"\d+(?:\.\d+)*", out)
    return found.group(0) if found else "?"


# ---------------------------------------------------------------- the commands


def init(directory: str | Path, listen: str | None = None, port: int = DEFAULT_PORT) -> Server:
    """Make a new server in DIR (new or empty); nothing is left behind when it fails."""
    directory = Path(directory).absolute()
    tools = find_tools()
    _check_new_folder(directory)
    addr, network = choose_listen(listen)
    _check_port(port, str(addr))
    account = service_account()
    _check_reachable(directory, account)
    existed = directory.stat() if directory.exists() else None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise RallyDeskError(
            f"{directory}: cannot be made ({exc.strerror}); expected a folder this user may create"
        ) from None
    try:
        os.chmod(directory, 0o700)
        _chown(directory, account)
        server = Server(directory, str(addr), str(network), port, account.name, _pg_version(tools))
        password = secrets.token_urlsafe(24)
        pwfile = directory / ".initdb-password"
        _write_private(pwfile, password + "\n", account)
        try:
            done = _run(
                [
                    tools.initdb,
                    "-D",
                    str(server.data),
                    "-U",
                    SUPERUSER,
                    f"--pwfile={pwfile}",
                    "--auth-local=scram-sha-256",
                    "--auth-host=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--data-checksums",
                ],
                account,
                directory,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if done.returncode != 0:
            raise RallyDeskError(f"initdb failed: {_first_error(done.stderr + done.stdout)}")
        (server.data / "pg_hba.conf").unlink()
        _write_private(server.data / "pg_hba.conf", hba_rules(network), account)
        _write_private(server.data / SETTINGS, settings_text(str(addr), port), account)
        with open(server.data / "postgresql.conf", "a", encoding="utf-8") as fh:
            fh.write(f"\n# RallyDesk's settings (rallydesk server init)\ninclude '{SETTINGS}'\n")
        _write_private(server.password_file, f"*:*:*:{SUPERUSER}:{password}\n", account)
        _write_meta(server, account)
    except BaseException:  # leave DIR as it was: a second try starts from the same place
        if existed is None:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for child in directory.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            os.chmod(directory, stat.S_IMODE(existed.st_mode))
            if account.uid is not None:
                os.chown(directory, existed.st_uid, existed.st_gid)
        raise
    return server


def _pid_file(server: Server) -> tuple[int, int] | None:
    """(pid, port) from postmaster.pid, if the server wrote one."""
    try:
        lines = (server.data / "postmaster.pid").read_text(encoding="utf-8").splitlines()
        return int(lines[0]), int(lines[3])
    except (OSError, ValueError, IndexError):
        return None


def status(directory: str | Path) -> Status:
    """Running or not (pg_ctl status), and the port desks use."""
    server = _read_server(Path(directory))
    tools = find_tools()
    done = _run(
        [tools.pg_ctl, "status", "-D", str(server.data)], _account_for(server), server.directory
    )
    if done.returncode == 0:
        found = _pid_file(server)
        if found:
            return Status(server, True, found[1], found[0])
        return Status(server, True, server.port, None)
    if done.returncode == 3:
        return Status(server, False, server.port, None)
    raise RallyDeskError(f"pg_ctl status failed: {_first_error(done.stderr + done.stdout)}")


def _set_port(server: Server, port: int, account: Account) -> Server:
    conf = server.data / SETTINGS
    text = re.sub(r"(?m)^port = \d+$", f"port = {port}", conf.read_text(encoding="utf-8"))
    tmp = conf.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    _write_private(tmp, text, account)
    os.replace(tmp, conf)
    changed = Server(
        server.directory, server.listen, server.network, port, server.account, server.version
    )
    _write_meta(changed, account)
    return changed


def start(directory: str | Path, port: int | None = None) -> Status:
    """Start the server and wait until it takes connections; ``port`` moves it for good."""
    current = status(directory)
    server = current.server
    if current.running:
        if port is not None and port != current.port:
            raise RallyDeskError(
                f"{server.directory}: already running on port {current.port}; "
                f"stop it first to move it to port {port}"
            )
        return current
    account = _account_for(server)
    _check_port(port or server.port, server.listen)
    if port is not None and port != server.port:
        server = _set_port(server, port, account)
    tools = find_tools()
    done = _run(
        [
            tools.pg_ctl,
            "start",
            "-w",
            "-t",
            str(TIMEOUT - 10),
            "-D",
            str(server.data),
            "-l",
            str(server.log),
        ],
        account,
        server.directory,
    )
    if done.returncode != 0:
        reason = done.stderr + done.stdout
        with contextlib.suppress(OSError):
            reason = server.log.read_text(encoding="utf-8", errors="replace")[-4000:] + reason
        raise RallyDeskError(
            f"the server did not start: {_first_error(reason)} (log: {server.log})"
        )
    return status(server.directory)


def stop(directory: str | Path) -> bool:
    """Stop the server (fast: sessions are ended, committed work is kept); False if it was not running."""
    current = status(directory)
    if not current.running:
        return False
    server = current.server
    done = _run(
        [
            find_tools().pg_ctl,
            "stop",
            "-w",
            "-m",
            "fast",
            "-t",
            str(TIMEOUT - 10),
            "-D",
            str(server.data),
        ],
        _account_for(server),
        server.directory,
    )
    if done.returncode != 0:
        raise RallyDeskError(f"the server did not stop: {_first_error(done.stderr + done.stdout)}")
    return True


def check_event_name(name: str) -> str:
    """An event's database and login name: ASCII letters, digits, _ and -, as URLs carry it."""
    if (
        not _NAME.fullmatch(name)
        or name.lower().startswith("pg_")
        or name.lower() in _RESERVED_NAMES
    ):
        raise RallyDeskError(
            f"event name {name!r}: expected ASCII letters, digits, _ and -, starting with a letter, "
            "at most 63 characters, not postgres, template0/1 or pg_…; e.g. dakar-2026"
        )
    return name


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores (RFC 5803), made here: the password itself
    never reaches the server, its log or its statement history."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    stored = hashlib.sha256(hmac.new(salted, b"Client Key", "sha256").digest()).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored)}:{b64(server_key)}"


@dataclass(frozen=True)
class EventLogin:
    """What the desks need to reach one event's database."""

    name: str
    host: str
    port: int
    password: str
    #: role -> password of the event's role logins (NAME.timekeeper…), what desks should use
    desks: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The owner's URL: to create the event (``rallydesk new``/``push``) and migrate it."""
        return self._url(self.name, self.password)

    def desk_url(self, role: str) -> str:
        """The URL a desk of ``role`` uses: the server refuses it what the role may not do."""
        return self._url(role_login(self.name, role), self.desks[role])

    def _url(self, user: str, password: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{user}:{password}@{host}:{self.port}/{self.name}"


#: The group every event's role logins belong to (pg_hba lets them in; each event's database
#: lets in only its own, by its CONNECT grant).
DESK_GROUP = "rallydesk_desk"

_ADD_EVENT = r"""
\set ON_ERROR_STOP 1
SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name')
    OR EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') AS taken \gset
\if :taken
\echo RALLYDESK:TAKEN
\quit
\endif
CREATE ROLE :"name" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'verifier';
CREATE DATABASE :"name" OWNER :"name" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rallydesk_desk') AS no_group \gset
\if :no_group
CREATE ROLE rallydesk_desk NOLOGIN;
\endif
CREATE ROLE :"tk" LOGIN IN ROLE rallydesk_desk PASSWORD :'tk_verifier';
CREATE ROLE :"rm" LOGIN IN ROLE :"tk", rallydesk_desk PASSWORD :'rm_verifier';
CREATE ROLE :"clerk" LOGIN IN ROLE :"rm", rallydesk_desk PASSWORD :'clerk_verifier';
GRANT CONNECT ON DATABASE :"name" TO :"tk", :"rm", :"clerk";
\echo RALLYDESK:DONE
"""

_UNDO_EVENT = r"""
DROP DATABASE IF EXISTS :"name";
DROP ROLE IF EXISTS :"clerk";
DROP ROLE IF EXISTS :"rm";
DROP ROLE IF EXISTS :"tk";
DROP ROLE IF EXISTS :"name";
"""


def _psql(server: Server, port: int, script: str) -> subprocess.CompletedProcess[str]:
    """Run a psql script as the administrator over TCP on this machine (password from DIR)."""
    tools = find_tools()
    argv = [tools.psql, "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(port)]
    argv += ["-U", SUPERUSER, "-d", "postgres"]
    env = _clean_env(PGPASSFILE=str(server.password_file), PGCONNECT_TIMEOUT="15")
    return _run(argv, Account(), server.directory, stdin=script, env=env)


def add_event(directory: str | Path, name: str) -> EventLogin:
    """A database for the event and a login owning it, with a new password shown once.

    Other logins may not connect to it (CONNECT revoked from PUBLIC), and this login may connect
    to nothing else (pg_hba ``sameuser``).
    """
    check_event_name(name)
    current = status(directory)
    server = current.server
    if not current.running:
        raise RallyDeskError(
            f"{server.directory}: the server is not running; start it with "
            f"'rallydesk server start {server.directory}'"
        )
    longest = max(len(role_login(name, r)) for r in ROLES)
    if longest > 63:
        raise RallyDeskError(
            f"event name {name!r}: at most {63 - (longest - len(name))} characters, so that its "
            "role logins (NAME.results-manager…) fit PostgreSQL's 63"
        )
    password = secrets.token_urlsafe(24)
    desks = {r: secrets.token_urlsafe(24) for r in ROLES}
    head = _names(name) + f"\\set verifier '{scram_verifier(password)}'\n"
    for short, role in zip(("tk", "rm", "clerk"), ROLES, strict=True):
        head += f"\\set {short}_verifier '{scram_verifier(desks[role])}'\n"
    done = _psql(server, current.port, head + _ADD_EVENT)
    if "RALLYDESK:TAKEN" in done.stdout:
        raise RallyDeskError(f"event {name!r} already has a database or login on this server")
    if done.returncode != 0 or "RALLYDESK:DONE" not in done.stdout:
        if "password authentication failed" not in done.stderr:
            _psql(server, current.port, _names(name) + _UNDO_EVENT)
        raise RallyDeskError(f"event {name!r} was not added: {_first_error(done.stderr)}")
    return EventLogin(name, server.listen, current.port, password, desks)


def _names(name: str) -> str:
    """psql variables: the event's name and its role logins' (tk, rm, clerk)."""
    head = f"\\set name '{name}'\n"
    for short, role in zip(("tk", "rm", "clerk"), ROLES, strict=True):
        head += f"\\set {short} '{role_login(name, role)}'\n"
    return head
