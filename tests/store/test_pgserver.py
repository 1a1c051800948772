"""``rallydesk server``: a real PostgreSQL made, started, used by psycopg, stopped and restarted.

No PostgreSQL is imitated: the tests run initdb, pg_ctl and psql, and connect as a desk would.
Without PostgreSQL's programs (or psycopg) they are skipped on a developer's machine and fail in
CI (``CI`` set), where they must run.  Every server gets its own folder and free port (the suite
runs in several processes) and is stopped in the fixture's teardown, whatever the test did.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import unavailable  # noqa: E402  (tests/ is on the path: conftest)

from rallydesk import cli
from rallydesk import server as pgserver
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.officials import ROLES
from rallydesk.logs import log_file
from rallydesk.server import programs as server_programs


def _need(what: str, reason: str) -> None:
    unavailable(f"{what}: {reason}")  # skipped on a developer's machine, failed in CI


def _tools() -> pgserver.Tools:
    try:
        return pgserver.find_tools()
    except RallyDeskError as exc:
        _need("PostgreSQL", str(exc))
        raise


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:
        _need("psycopg", str(exc))
        raise
    return psycopg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lan_address() -> str:
    """This machine's LAN address when it has one (the subnet rules get exercised), else loopback."""
    found = pgserver.default_address()
    return str(found) if found else "127.0.0.1"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def server_dir() -> Iterator[Path]:
    """A new empty folder the server's account can reach (under root, pytest's own tmp is closed
    to the postgres user); whatever runs in it is stopped afterwards, then it is removed."""
    folder = Path(tempfile.mkdtemp(prefix="rallydesk-pg-"))
    try:
        yield folder
    finally:
        if (folder / "data" / "postmaster.pid").exists():
            try:
                pgserver.stop(folder)
            except Exception:  # the test broke the folder: stop it the hard way
                account = pgserver.service_account()
                cmd = [_tools().pg_ctl, "stop", "-m", "immediate", "-D", str(folder / "data")]
                subprocess.run(server_programs._as(cmd, account), check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.posix(reason="file modes of the server folder (0700, 0600)")
def test_a_server_for_an_event_from_init_to_restart(server_dir, capsys):
    """init → start → status → add-event → a desk connects with the URL, keeps data across a
    restart; a wrong password, another event's database and the administrator from the LAN are
    refused; no password reaches a log."""
    _tools()
    psycopg = _psycopg()
    port, listen = free_port(), lan_address()

    code, _, err = run(
        capsys, "server", "init", str(server_dir), "--listen", listen, "--port", str(port)
    )
    assert code == 0, err
    assert f"port {port}" in err and "admin.pgpass" in err
    if server_programs._is_root():
        assert "runs as the unprivileged user 'postgres'" in err
        assert server_dir.stat().st_uid == pgserver.service_account().uid
    assert stat.S_IMODE(server_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((server_dir / "admin.pgpass").stat().st_mode) == 0o600
    assert not (server_dir / ".initdb-password").exists()
    hba = (server_dir / "data" / "pg_hba.conf").read_text()
    assert hba.rstrip().endswith("host    all       all       all              reject")
    assert not re.search(r"\b(trust|md5|password|ident|peer)\s*$", hba, re.M)

    code, out, _ = run(capsys, "server", "status", str(server_dir))
    assert code == 3 and "stopped" in out

    code, _, err = run(capsys, "server", "start", str(server_dir))
    assert code == 0, err
    code, out, _ = run(capsys, "server", "status", str(server_dir))
    assert code == 0 and f"running on {listen}:{port}" in out

    code, out, err = run(capsys, "server", "add-event", str(server_dir), "dakar-2026")
    assert code == 0, err
    url, *desk_urls = out.split()
    password = re.search(r"kept nowhere\): (\S+)", err).group(1)
    assert [u.split("//")[1].split(":")[0] for u in desk_urls] == [
        "dakar-2026.timekeeper",
        "dakar-2026.results-manager",
        "dakar-2026.clerk",
    ]
    assert url == (
        f"postgresql://dakar-2026:{password}@{listen}:{port}/dakar-2026"
        f"?sslmode=verify-full&sslrootcert={server_dir / 'ca.crt'}"
    )
    assert len(password) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", password)

    with psycopg.connect(url, connect_timeout=10) as conn:
        conn.execute("CREATE TABLE stage_times (number int PRIMARY KEY, elapsed_ms bigint)")
        conn.execute("INSERT INTO stage_times VALUES (299, 11309000)")
        assert conn.execute("SELECT elapsed_ms FROM stage_times").fetchall() == [(11309000,)]
        settings = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]
            for name in ("password_encryption", "fsync", "synchronous_commit", "full_page_writes")
        }
        assert settings == {
            "password_encryption": "scram-sha-256",
            "fsync": "on",
            "synchronous_commit": "on",
            "full_page_writes": "on",
        }
        assert conn.execute("SHOW data_checksums").fetchone()[0] == "on"
        assert (
            conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
            is False
        )

    wrong = url.replace(password, password[:-1] + ("A" if password[-1] != "A" else "B"))
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=10)

    code, out, err = run(capsys, "server", "add-event", str(server_dir), "baja-2026")
    assert code == 0, err
    other = out.split()[0]
    with pytest.raises(psycopg.OperationalError):  # dakar's login into baja's database
        psycopg.connect(url.rsplit("/", 1)[0] + "/baja-2026", connect_timeout=10)
    with pytest.raises(psycopg.OperationalError):  # nor into the administrator's
        psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=10)
    with psycopg.connect(other, connect_timeout=10) as conn:  # baja's own login works
        conn.execute("SELECT 1")

    admin = (server_dir / "admin.pgpass").read_text().strip().rsplit(":", 1)[1]
    with psycopg.connect(
        host="127.0.0.1", port=port, user="postgres", password=admin, dbname="postgres"
    ) as conn:  # the administrator, from this machine
        revoked = conn.execute(
            "SELECT has_database_privilege('baja-2026', 'dakar-2026', 'CONNECT')"
        ).fetchone()[0]
        assert revoked is False
    if listen != "127.0.0.1":
        with pytest.raises(psycopg.OperationalError):  # the administrator from the LAN: never
            psycopg.connect(
                host=listen, port=port, user="postgres", password=admin, dbname="postgres"
            )

    code, _, err = run(capsys, "server", "stop", str(server_dir))
    assert code == 0 and "stopped" in err
    code, out, _ = run(capsys, "server", "status", str(server_dir))
    assert code == 3
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)

    code, _, err = run(capsys, "server", "start", str(server_dir))
    assert code == 0, err
    with psycopg.connect(url, connect_timeout=10) as conn:
        assert conn.execute("SELECT number, elapsed_ms FROM stage_times").fetchall() == [
            (299, 11309000)
        ]
    code, _, err = run(capsys, "server", "stop", str(server_dir))
    assert code == 0

    secrets_ = [password, admin, *(u.split(":")[2].split("@")[0] for u in desk_urls)]
    logs = [log_file(), *(p for p in server_dir.rglob("*.log"))]
    for path in logs:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        assert not any(s in text for s in secrets_), f"a password is in {path}"
    assert "dakar-2026" in log_file().read_text(encoding="utf-8")


def test_start_on_another_port_is_kept_and_named_by_add_event(server_dir):
    _tools()
    first, second = free_port(), free_port()
    pgserver.init(server_dir, "127.0.0.1", first)
    st = pgserver.start(server_dir, port=second)
    assert st.running and st.port == second
    moved = pgserver.add_event(server_dir, "moved").url
    assert moved.split("?")[0].endswith(f"@127.0.0.1:{second}/moved")
    with pytest.raises(RallyDeskError, match="already running on port"):
        pgserver.start(server_dir, port=first)
    assert pgserver.stop(server_dir) is True
    assert pgserver.stop(server_dir) is False
    assert pgserver.status(server_dir).port == second  # kept for the next start


def test_start_refuses_a_busy_port_in_one_line(server_dir, capsys):
    _tools()
    port = free_port()
    pgserver.init(server_dir, "127.0.0.1", port)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        code, _, err = run(capsys, "server", "start", str(server_dir))
    assert code == 1
    assert (
        err
        == f"rallydesk: port {port} is in use on 127.0.0.1 (another server?); choose a free one with --port\n"
    )
    assert pgserver.status(server_dir).running is False


# ---------------------------------------------------------------- refusals, each in one line


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    _tools()
    (tmp_path / "notes.txt").write_text("keep me")
    code, out, err = run(capsys, "server", "init", str(tmp_path), "--listen", "127.0.0.1")
    assert code == 1 and out == ""
    assert (
        err == f"rallydesk: {tmp_path}: not empty; expected a new or empty folder for the server\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_init_refuses_a_file(tmp_path, capsys):
    _tools()
    target = tmp_path / "a-file"
    target.write_text("x")
    code, _, err = run(capsys, "server", "init", str(target), "--listen", "127.0.0.1")
    assert code == 1 and "exists and is not a folder" in err and err.count("\n") == 1


def test_init_refuses_a_busy_port(tmp_path, capsys):
    _tools()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        code, _, err = run(
            capsys,
            "server",
            "init",
            str(tmp_path / "srv"),
            "--listen",
            "127.0.0.1",
            "--port",
            str(port),
        )
    assert code == 1
    assert f"port {port} is in use on 127.0.0.1" in err and err.count("\n") == 1
    assert not (tmp_path / "srv").exists()


@pytest.mark.parametrize(
    ("listen", "expected"),
    [
        ("203.0.113.7", "--listen 203.0.113.7: not an address of this machine; expected one of: "),
        ("lan", "--listen 'lan': not an IP address; expected e.g. 192.168.1.10"),
        ("0.0.0.0", "--listen 0.0.0.0: that is not one address"),
        ("127.0.0.1/33", "--listen 127.0.0.1/33: the prefix must be 8 to 32"),
    ],
)
def test_init_refuses_an_address_that_is_not_this_machines(tmp_path, capsys, listen, expected):
    _tools()
    code, _, err = run(capsys, "server", "init", str(tmp_path / "srv"), "--listen", listen)
    assert code == 1 and err.startswith(f"rallydesk: {expected}") and err.count("\n") == 1
    assert not (tmp_path / "srv").exists()


def test_a_wide_prefix_is_refused_and_a_given_one_is_used():
    address = pgserver.default_address()
    if address is None:
        pytest.skip("this machine has no LAN address")
    with pytest.raises(RallyDeskError, match="huge network"):
        pgserver.choose_listen(f"{address}/4")
    assert pgserver.choose_listen(f"{address}/16")[1] == ipaddress.ip_network(
        f"{address}/16", strict=False
    )
    assert address in pgserver.choose_listen(str(address))[1]


def test_init_under_root_refuses_a_folder_the_postgres_user_cannot_reach(tmp_path, capsys):
    if not server_programs._is_root():
        pytest.skip("only root hands the server to another user")
    _tools()
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    code, _, err = run(capsys, "server", "init", str(closed / "srv"), "--listen", "127.0.0.1")
    assert code == 1
    assert (
        "the user 'postgres' that runs PostgreSQL cannot reach it" in err and err.count("\n") == 1
    )
    assert not (closed / "srv").exists()


def test_missing_postgresql_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(server_programs, "STANDARD_DIRS", ())
    code, out, err = run(capsys, "server", "init", str(tmp_path / "srv"), "--listen", "127.0.0.1")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "PostgreSQL's programs (initdb, pg_ctl, psql) were not found" in err
    assert pgserver.install_hint() in err
    assert not (tmp_path / "srv").exists()


def test_the_install_advice_fits_each_system():
    assert "sudo apt install postgresql" in pgserver.install_hint("linux")
    assert "winget install PostgreSQL.PostgreSQL" in pgserver.install_hint("win32")
    assert "EDB installer" in pgserver.install_hint("win32")
    assert "brew install postgresql@" in pgserver.install_hint("darwin")
    assert "Postgres.app" in pgserver.install_hint("darwin")


def _fake_bin(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        exe = folder / name
        exe.write_text("#!/bin/sh\nexit 0\n")
        exe.chmod(0o755)
    return folder


@pytest.mark.posix(reason="shell scripts stand for the programs")
def test_the_newest_installed_version_is_found_after_path(tmp_path, monkeypatch):
    """Versions sort as numbers (16 before 9.6); PATH wins over the installers' folders; psql
    may come from elsewhere (Debian's /usr/bin/psql wrapper)."""
    for version in ("9.6", "15", "16"):
        _fake_bin(tmp_path / "lib" / version / "bin", "initdb", "pg_ctl", "psql")
    monkeypatch.setattr(server_programs, "STANDARD_DIRS", (str(tmp_path / "lib" / "*" / "bin"),))
    monkeypatch.setenv("PATH", "")
    assert pgserver.find_tools().initdb == str(tmp_path / "lib" / "16" / "bin" / "initdb")
    chosen = _fake_bin(tmp_path / "chosen", "initdb", "pg_ctl")
    monkeypatch.setenv("PATH", str(chosen))
    tools = pgserver.find_tools()
    assert tools.initdb == str(chosen / "initdb") and tools.pg_ctl == str(chosen / "pg_ctl")
    assert tools.psql == str(tmp_path / "lib" / "16" / "bin" / "psql")


@pytest.mark.posix(reason="shell scripts stand for the programs; file modes and owners")
@pytest.mark.parametrize("exists", [True, False])
def test_a_failed_initdb_leaves_the_folder_as_it_was(monkeypatch, capsys, exists):
    """initdb fails (here a stand-in that says why): its message in one line, DIR as before."""
    base = Path(tempfile.mkdtemp(prefix="rallydesk-pg-fake-"))
    try:
        base.chmod(0o755)  # the postgres user runs the stand-ins under root
        bin_dir = _fake_bin(base / "bin", "pg_ctl", "psql")
        (bin_dir / "initdb").write_text(
            "#!/bin/sh\necho 'initdb: error: could not create directory: No space left on device' >&2\nexit 1\n"
        )
        (bin_dir / "initdb").chmod(0o755)
        monkeypatch.setenv("PATH", str(bin_dir))
        monkeypatch.setattr(server_programs, "STANDARD_DIRS", ())
        target = base / "srv"
        if exists:
            target.mkdir(mode=0o750)
        code, _, err = run(capsys, "server", "init", str(target), "--listen", "127.0.0.1")
        assert code == 1
        assert err == (
            "rallydesk: initdb failed: initdb: error: could not create directory: "
            "No space left on device\n"
        )
        if exists:
            assert list(target.iterdir()) == []
            assert stat.S_IMODE(target.stat().st_mode) == 0o750
            assert target.stat().st_uid == os.getuid()
        else:
            assert not target.exists()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize(
    "name",
    [
        "bad name",
        "dakar;drop",
        "1st-event",
        "pg_event",
        "postgres",
        "Dakar'26",
        "é-2026",
        "x" * 64,
        "",
    ],
)
def test_add_event_refuses_a_bad_name(tmp_path, capsys, name):
    code, out, err = run(capsys, "server", "add-event", str(tmp_path), name)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith(
        f"rallydesk: event name {name!r}: expected ASCII letters, digits, _ and -"
    )


@pytest.mark.parametrize("name", ["dakar-2026", "Baja_Aragon", "a", "x" * 47])
def test_good_event_names_pass(name):
    assert pgserver.check_event_name(name) == name


@pytest.mark.parametrize("action", ["start", "stop", "status", "add-event"])
def test_a_folder_that_is_not_a_server_is_refused(tmp_path, capsys, action):
    _tools()
    (tmp_path / "data").mkdir()
    argv = ["server", action, str(tmp_path)] + (["dakar"] if action == "add-event" else [])
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err == (
        f"rallydesk: {tmp_path}: not a RallyDesk PostgreSQL server folder "
        "(no rallydesk-server.json and data/); make one with 'rallydesk server init DIR'\n"
    )


def test_add_event_needs_a_running_server(server_dir, capsys):
    _tools()
    pgserver.init(server_dir, "127.0.0.1", free_port())
    code, _, err = run(capsys, "server", "add-event", str(server_dir), "dakar")
    assert code == 1 and "the server is not running; start it with" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["server", "init"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        cli.main(["server", "start", "x", "--port", "five"])
    assert exited.value.code == 2
    capsys.readouterr()


def test_ifconfig_output_gives_addresses_with_their_subnets():
    text = """en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\tinet6 fe80::1c2b:3a4f:fe5d:6e7f%en0 prefixlen 64 secured scopeid 0x4
\tinet 192.168.1.23 netmask 0xffffff00 broadcast 192.168.1.255
lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384
\tinet 127.0.0.1 netmask 0xff000000
"""
    found = {str(i) for i in pgserver.parse_ifconfig(text)}
    assert found == {"192.168.1.23/24", "127.0.0.1/8", "fe80::1c2b:3a4f:fe5d:6e7f/64"}


def test_hba_rules_allow_scram_from_localhost_and_the_subnet_only():
    rules = pgserver.hba_rules(ipaddress.ip_network("192.168.1.0/24"))
    lines = [line.split() for line in rules.splitlines() if line and not line.startswith("#")]
    allowed = [line for line in lines if line[-1] != "reject"]
    assert {line[-1] for line in allowed} == {"scram-sha-256"}
    assert {line[3] for line in allowed} == {"127.0.0.1/32", "::1/128", "192.168.1.0/24"}
    assert ["host", "all", "postgres", "192.168.1.0/24", "scram-sha-256"] not in lines
    # the desks' logins over TLS only, from everywhere; only the administrator's is plain
    assert {line[2] for line in allowed if line[0] == "host"} == {"postgres"}
    assert {line[0] for line in allowed if line[2] != "postgres"} == {"hostssl"}
    assert lines[-1] == ["host", "all", "all", "all", "reject"]


def test_the_scram_verifier_has_postgresqls_form():
    v = pgserver.scram_verifier("secret", salt=b"0123456789abcdef")
    assert re.fullmatch(r"SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+", v)
    assert v == pgserver.scram_verifier("secret", salt=b"0123456789abcdef")
    assert v != pgserver.scram_verifier("secret")  # a fresh salt each time


def test_the_server_itself_refuses_what_a_role_may_not_do(server_dir):
    """The desk checks the officials' roles, but a desk can be bypassed (a desk program of
    another make, ``psql``): the server checks the login's role too. A results manager logged
    in at a desk that connects with the timekeeper's login cannot add a penalty; the clerk at a
    desk with the results manager's login cannot make a classification official; no desk login
    changes the journal or the officials, whoever sends the SQL."""
    import rallydesk
    from rallydesk.domain.model import CrewMember, Entry, Group, Stage
    from rallydesk.services import Event, verify_event

    _tools()
    psycopg = _psycopg()
    pgserver.init(server_dir, listen="127.0.0.1", port=free_port())
    pgserver.start(server_dir)
    login = pgserver.add_event(server_dir, "baja")
    pins = {"Rita RESULTS": "2222", "Ana CLERK": "3333"}
    with Event.create(login.url, "Baja") as ev:  # the owner makes the event
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Dunes"))
        ev.put_entry(Entry(201, "T1", (CrewMember("driver", "Ana CASTRO", "ESP"),)))
        ev.add_official("Rita RESULTS", "results-manager", pins["Rita RESULTS"])
        ev.add_official("Ana CLERK", "clerk", pins["Ana CLERK"])
    timekeeper, results, clerk = (login.desk_url(r) for r in ROLES)

    def desk(url: str, official: str):
        return rallydesk.open_event(url, official=official, pin=pins[official])

    with desk(timekeeper, "Rita RESULTS") as ev:  # the desk would let her: the login may not
        ev.record_time(1, 201, elapsed="3:00:00")
        with pytest.raises(RallyDeskError, match="permission denied for table adjustments"):
            ev.add_adjustment(stage=1, number=201, amount="+0:01:00", reason="speeding")
    with psycopg.connect(timekeeper, connect_timeout=10, autocommit=True) as conn:
        for sql in (
            "UPDATE journal SET reason = 'rewritten' WHERE id = 1",
            "DELETE FROM journal",
            "INSERT INTO officials (name, role, pin_salt, pin_hash) VALUES ('me', 'clerk', '', '')",
            "UPDATE adjustments SET amount_ms = 0",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    with desk(results, "Ana CLERK") as ev:
        ev.add_adjustment(stage=1, number=201, amount="+0:01:00", reason="speeding")
        ev.publish(1, "CAR", "provisional")
        with pytest.raises(RallyDeskError, match="only the clerk of the course may publish"):
            ev.publish(1, "CAR", "official", confirm_early=True)
    with desk(clerk, "Ana CLERK") as ev:
        ev.publish(1, "CAR", "official", confirm_early=True)
        assert [v["status"] for v in ev.versions(1, "CAR")] == ["provisional", "official"]
    assert verify_event(login.url) == []
    pgserver.stop(server_dir)
