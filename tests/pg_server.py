"""A throw-away PostgreSQL server for the tests, and a fresh database (= event) per test.

Each pytest process (each xdist worker) starts its own server on first use: initdb in a new
temporary folder, a free port on 127.0.0.1, a Unix socket in that folder, durability off
(``fsync=off``: these databases die with the test run, never do this for an event). Running as
root, initdb and the server run as the ``postgres`` user, who owns the folder. Stopped at the
end of the session; nothing of the machine's own PostgreSQL cluster or service is used.

Without the PostgreSQL binaries the PostgreSQL tests are skipped, unless ``CI`` is set: then
they fail (a CI machine that silently tested only files would prove nothing), except on a
workflow runner that says it has no PostgreSQL (optional_tools.py, RALLYDESK_TEST_SKIP).
"""

from __future__ import annotations

import datetime
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from optional_tools import missing


def find_bin() -> Path | None:
    """The folder of initdb/pg_ctl, found as ``rallydesk server`` finds them (one search)."""
    from rallydesk.domain.errors import RallyDeskError
    from rallydesk.server import find_tools

    try:
        return Path(find_tools().initdb).resolve().parent
    except RallyDeskError:
        return None


def unavailable(why: str) -> None:
    missing("postgresql", why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One server; :meth:`new_database` hands out empty databases by URL."""

    def __init__(self, bindir: Path, durable: bool = False) -> None:
        #: fsync and synchronous commit on: what a crash test needs (off is faster, for the rest)
        self.durable = durable
        self.bindir = bindir
        self.root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
        self.dir = Path(tempfile.mkdtemp(prefix="rallydesk-pg-"))
        self.data = self.dir / "data"
        self.port = 0
        self._names = itertools.count(1)
        self._admin = None

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        if self.root:
            shutil.chown(self.dir, "postgres")
        done = self._run(
            self.bindir / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync"
        )
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()}")
        for _ in range(5):  # another process may take the port between choosing and binding it
            self.port = _free_port()
            done = self._pg_ctl_start()
            if done.returncode == 0:
                break
            time.sleep(0.2)
        else:
            log = (self.dir / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the PostgreSQL server did not start: {done.stderr}\n{log}")
        import psycopg

        self._admin = psycopg.connect(self.url("postgres"), autocommit=True)

    def _pg_ctl_start(self) -> subprocess.CompletedProcess:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c max_connections=200"
        )
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        return self._run(
            self.bindir / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.dir / "server.log",
            "-o",
            options,
            "-w",
            "start",
        )

    def pause(self) -> None:
        """Stop the server as a crash would (immediate: connections cut, nothing said to them)."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def resume(self) -> None:
        """Start it again on the same port, with its databases."""
        done = self._pg_ctl_start()
        if done.returncode:
            raise RuntimeError(f"the PostgreSQL server did not restart: {done.stderr}")
        import psycopg

        self._admin = psycopg.connect(self.url("postgres"), autocommit=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """An empty database of its own: the URL of one new event."""
        name = f"event_{os.getpid()}_{next(self._names)}"
        self._admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def psql(self, url: str, sql: str) -> str:
        """Run SQL with the psql client (as another program would): its output."""
        done = subprocess.run(
            [str(self.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def start_server(durable: bool = False) -> PgServer:
    bindir = find_bin()
    if bindir is None:
        unavailable("initdb and pg_ctl not found (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed")
    server = PgServer(bindir, durable)
    try:
        server.start()
    except (RuntimeError, OSError, LookupError, subprocess.SubprocessError) as exc:
        server.stop()
        unavailable(str(exc))
    return server


class EventServer:
    """A server as ``rallydesk server init`` makes it (scram-sha-256 passwords, role logins),
    started, for tests that need real passwords: :meth:`add_event` gives each test an event of
    its own, made by its owner (with the desk's rules and grants), and the URLs of its logins.
    Slower than :class:`PgServer` (initdb with checksums, durable): start one per module."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="rallydesk-srv-"))
        self.port = 0
        self._names = itertools.count(1)

    def start(self) -> None:
        from rallydesk import server as pgserver

        for _ in range(5):
            self.port = _free_port()
            try:
                pgserver.init(self.dir, listen="127.0.0.1", port=self.port)
                break
            except Exception:  # the port was taken meanwhile: another try on another
                shutil.rmtree(self.dir, ignore_errors=True)
                self.dir = Path(tempfile.mkdtemp(prefix="rallydesk-srv-"))
        pgserver.start(self.dir)

    def add_event(self, fill=None):
        """A new event (``server add-event``), created by its owner (``fill(event)`` sets it
        up): its :class:`rallydesk.server.EventLogin`, with the URL of each role."""
        from rallydesk import server as pgserver
        from rallydesk.services import Event

        login = pgserver.add_event(self.dir, f"baja{os.getpid()}x{next(self._names)}")
        with Event.create(login.url, "Baja") as ev:
            if fill is not None:
                fill(ev)
        return login

    def stop(self) -> None:
        from rallydesk import server as pgserver

        try:
            pgserver.stop(self.dir)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def start_event_server() -> EventServer:
    """A started :class:`EventServer`, or the test skipped (failed on CI) as for PgServer."""
    if find_bin() is None:
        unavailable("initdb and pg_ctl not found (apt-get install postgresql)")
    server = EventServer()
    try:
        server.start()
    except Exception as exc:
        server.stop()
        unavailable(f"rallydesk server init/start failed: {exc}")
    return server


def other_authority(path: Path) -> Path:
    """A certificate authority of someone else's (same form as the server's, another key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RallyDesk server authority")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path
