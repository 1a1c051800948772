"""The life of a ``rallydesk server`` cluster: init, start, status, stop, and one database with
its role logins per event (``add-event``, through ``psql``)."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..domain.errors import RallyDeskError
from ..domain.officials import ROLES
from ..store.pg_roles import role_login
from . import tls
from .network import (
    _check_new_folder,
    _check_port,
    _check_reachable,
    choose_listen,
    hba_rules,
    settings_text,
)
from .programs import (
    _NAME,
    _RESERVED_NAMES,
    CONNECTIONS_PER_DESK,
    DATA,
    DEFAULT_PORT,
    MAX_CONNECTIONS,
    MAX_MAX_CONNECTIONS,
    META,
    MIN_CONNECTIONS,
    RESERVED_CONNECTIONS,
    SETTINGS,
    SUPERUSER,
    TIMEOUT,
    Account,
    Server,
    Status,
    Tools,
    _chown,
    _clean_env,
    _first_error,
    _is_root,
    _run,
    _write_private,
    find_tools,
    service_account,
)


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


def check_max_connections(n: int) -> int:
    """``--max-connections``: room for the administrator's reserved ones and at least 2 desks."""
    if not MIN_CONNECTIONS <= n <= MAX_MAX_CONNECTIONS:
        raise RallyDeskError(
            f"--max-connections {n}: expected {MIN_CONNECTIONS} to {MAX_MAX_CONNECTIONS} "
            f"(each desk holds {CONNECTIONS_PER_DESK}, {RESERVED_CONNECTIONS} are kept for the "
            f"administrator); e.g. {MAX_CONNECTIONS}"
        )
    return n


def init(
    directory: str | Path,
    listen: str | None = None,
    port: int = DEFAULT_PORT,
    max_connections: int = MAX_CONNECTIONS,
) -> Server:
    """Make a new server in DIR (new or empty); nothing is left behind when it fails."""
    directory = Path(directory).absolute()
    check_max_connections(max_connections)
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
        _write_private(
            server.data / SETTINGS, settings_text(str(addr), port, max_connections), account
        )
        with open(server.data / "postgresql.conf", "a", encoding="utf-8") as fh:
            fh.write(f"\n# RallyDesk's settings (rallydesk server init)\ninclude '{SETTINGS}'\n")
        _write_private(server.password_file, f"*:*:*:{SUPERUSER}:{password}\n", account)
        tls.set_up(server, account)
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
    notes = tls.check_at_start(server, account, server.data / SETTINGS)
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
        leaves_a_child=True,
    )
    if done.returncode != 0:
        reason = done.stderr + done.stdout
        with contextlib.suppress(OSError):
            reason = server.log.read_text(encoding="utf-8", errors="replace")[-4000:] + reason
        raise RallyDeskError(
            f"the server did not start: {_first_error(reason)} (log: {server.log})"
        )
    return dataclasses.replace(status(server.directory), notes=tuple(notes))


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


#: PostgreSQL's longest name (NAMEDATALEN - 1 bytes), of a database as of a login.
PG_NAME_BYTES = 63
#: The longest event name: its longest role login (NAME.results-manager) must fit too.
EVENT_NAME_MAX = PG_NAME_BYTES - max(len(role_login("", r)) for r in ROLES)


def check_event_name(name: str) -> str:
    """An event's database and login name: ASCII letters, digits, _ and -, as URLs carry it,
    at most :data:`EVENT_NAME_MAX` characters so that its role logins fit PostgreSQL's names."""
    if (
        not _NAME.fullmatch(name)
        or len(name) > EVENT_NAME_MAX
        or name.lower().startswith("pg_")
        or name.lower() in _RESERVED_NAMES
    ):
        raise RallyDeskError(
            f"event name {name!r}: expected ASCII letters, digits, _ and -, starting with a letter, "
            f"at most {EVENT_NAME_MAX} characters (its role logins, NAME.results-manager…, must "
            f"fit PostgreSQL's {PG_NAME_BYTES}), not postgres, template0/1 or pg_…; e.g. dakar-2026"
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
    #: the server's certificate authority (DIR/ca.crt): the URLs make desks check the server
    #: with it (``sslmode=verify-full``); None for a server without TLS
    authority: Path | None = None

    @property
    def url(self) -> str:
        """The owner's URL: to create the event (``rallydesk new``/``push``) and migrate it."""
        return self._url(self.name, self.password)

    def desk_url(self, role: str) -> str:
        """The URL a desk of ``role`` uses: the server refuses it what the role may not do."""
        return self._url(role_login(self.name, role), self.desks[role])

    def _url(self, user: str, password: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        url = f"postgresql://{user}:{password}@{host}:{self.port}/{self.name}"
        return url + (tls_query(self.authority) if self.authority is not None else "")


def tls_query(authority: Path) -> str:
    """What a desk's URL adds to check the server (the form the Connect dialog writes too):
    TLS required, the certificate signed by ``authority`` and naming the host dialled."""
    return f"?sslmode=verify-full&sslrootcert={quote(str(authority), safe='/')}"


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
-- the server's own databases: for the administrator alone (an event's logins connect to theirs)
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;
\echo RALLYDESK:DONE
"""

_UNDO_EVENT = r"""
DROP DATABASE IF EXISTS :"name";
DROP ROLE IF EXISTS :"clerk";
DROP ROLE IF EXISTS :"rm";
DROP ROLE IF EXISTS :"tk";
DROP ROLE IF EXISTS :"name";
"""


def _psql(
    server: Server, port: int, script: str, database: str = "postgres"
) -> subprocess.CompletedProcess[str]:
    """Run a psql script as the administrator over TCP on this machine (password from DIR)."""
    tools = find_tools()
    argv = [tools.psql, "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(port)]
    argv += ["-U", SUPERUSER, "-d", database]
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
    return EventLogin(name, server.listen, current.port, password, desks, _authority(server))


def _authority(server: Server) -> Path | None:
    """The authority desks check this server with, when it has one (every server since TLS;
    one made before gets it at its next ``start``)."""
    return server.authority if server.authority.is_file() else None


def _names(name: str) -> str:
    """psql variables: the event's name and its role logins' (tk, rm, clerk)."""
    head = f"\\set name '{name}'\n"
    for short, role in zip(("tk", "rm", "clerk"), ROLES, strict=True):
        head += f"\\set {short} '{role_login(name, role)}'\n"
    return head
