"""TLS between desks and a ``rallydesk server`` (issue 23, item 8), on a real server made by
``rallydesk server init``: its own authority, a certificate for every address it listens on,
desks that check it (``sslmode=verify-full``) and a server that takes desks only over TLS.

"The network" on one machine: the server listens on 127.0.0.5/8 as a LAN address. PostgreSQL
sees a connection to 127.0.0.5 coming from 127.0.0.1 (Linux picks that source address), so the
desks' rule must hold for the loopback addresses too: pg_hba has ``hostssl`` for every desk
login wherever it comes from, and the tests dial 127.0.0.5 as a desk on the LAN would.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from pg_server import other_authority
from test_pgserver import _psycopg, _tools, free_port, run

import rallydesk
from rallydesk import server as pgserver
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.logs import log_file
from rallydesk.server import programs as server_programs
from rallydesk.server import tls
from rallydesk.services import Event
from rallydesk.store.pg import ServerNotTrusted, ServerUnreachable, connect

LAN = "127.0.0.5"


def _stop_and_remove(folder: Path) -> None:
    if (folder / "data" / "postmaster.pid").exists():
        try:
            pgserver.stop(folder)
        except Exception:  # the test broke the folder: stop it the hard way
            account = pgserver.service_account()
            cmd = [_tools().pg_ctl, "stop", "-m", "immediate", "-D", str(folder / "data")]
            subprocess.run(server_programs._as(cmd, account), check=False, capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def folder() -> Iterator[Path]:
    """A new folder the server's account can reach; its server stopped and removed after."""
    made = Path(tempfile.mkdtemp(prefix="rallydesk-pg-"))
    try:
        yield made
    finally:
        _stop_and_remove(made)


@pytest.fixture(scope="module")
def server() -> Iterator[SimpleNamespace]:
    """One server made and started by the command line, listening on 127.0.0.5/8, with event
    ``baja`` (stage 1) made by its owner: what the refusals must leave unchanged."""
    _tools()
    psycopg = _psycopg()
    made = Path(tempfile.mkdtemp(prefix="rallydesk-pg-"))
    try:
        pgserver.init(made, listen=f"{LAN}/8", port=free_port())
        pgserver.start(made)
        login = pgserver.add_event(made, "baja")
        with Event.create(login.url, "Baja") as ev:
            ev.put_group(Group("CAR", "Cars"))
            ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
            ev.put_stage(Stage(1, "Dunes"))
            for number in (7, 8):
                ev.put_entry(Entry(number, "T1", (CrewMember("driver", "Ana CASTRO", "ESP"),)))
        yield SimpleNamespace(folder=made, login=login, psycopg=psycopg)
    finally:
        _stop_and_remove(made)


def _journal_rows(s: SimpleNamespace) -> int:
    with s.psycopg.connect(s.login.url, connect_timeout=10) as conn:
        return conn.execute("SELECT count(*) FROM journal").fetchone()[0]


def _san(path: Path) -> set[str]:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(path.read_bytes())
    alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(a) for a in alt.get_values_for_type(x509.IPAddress)} | set(
        alt.get_values_for_type(x509.DNSName)
    )


# ---------------------------------------------------------------- init and the printed URLs


@pytest.mark.posix(reason="file modes of the keys (0600)")
def test_init_makes_an_authority_and_a_certificate_for_every_address(folder, capsys):
    _tools()
    port = free_port()
    code, _, err = run(
        capsys, "server", "init", str(folder), "--listen", f"{LAN}/8", "--port", str(port)
    )
    assert code == 0, err
    assert f"{folder / 'ca.crt'}" in err and "give desks a copy" in err
    owner = pgserver.service_account().uid if server_programs._is_root() else None
    for name, mode in [("ca.key", 0o600), ("server.key", 0o600), ("ca.crt", 0o644)]:
        st = (folder / name).stat()
        assert stat.S_IMODE(st.st_mode) == mode, name
        if owner is not None:
            assert st.st_uid == owner, name
    names = tls.server_names(LAN)
    assert _san(folder / "server.crt") == {str(a) for a in names.addresses} | set(names.hosts)
    assert {"127.0.0.1", "::1", LAN, "localhost"} <= _san(folder / "server.crt")

    from cryptography import x509

    ca = x509.load_pem_x509_certificate((folder / "ca.crt").read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.not_valid_after_utc - ca.not_valid_before_utc > datetime.timedelta(days=3650)
    settings = (folder / "data" / "rallydesk.conf").read_text()
    assert re.search(r"(?m)^ssl = on\b", settings)
    assert "ssl_cert_file = '../server.crt'" in settings
    assert "ssl_key_file = '../server.key'" in settings

    code, _, err = run(capsys, "server", "start", str(folder))
    assert code == 0, err
    code, out, err = run(capsys, "server", "add-event", str(folder), "dakar-2026")
    assert code == 0, err
    assert f"give desks {folder / 'ca.crt'}" in err
    query = f"?sslmode=verify-full&sslrootcert={folder / 'ca.crt'}"
    urls = out.split()
    assert len(urls) == 4 and all(u.endswith(f"@{LAN}:{port}/dakar-2026{query}") for u in urls)
    code, out, err = run(capsys, "server", "reset-login", str(folder), "dakar-2026", "clerk")
    assert code == 0, err
    assert out.strip().endswith(query) and f"give desks {folder / 'ca.crt'}" in err
    with Event.create(urls[0], "Dakar") as ev:  # the owner's URL, checked too
        ev.put_stage(Stage(1, "Dunes"))


# ---------------------------------------------------------------- a desk checks the server


def test_a_desk_checks_the_server_with_its_authority_and_talks_tls(server):
    url = server.login.desk_url("timekeeper")
    assert f"@{LAN}:" in url and "sslmode=verify-full" in url
    db = connect(url)
    try:
        row = db.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").rows[
            0
        ]
    finally:
        db.close()
    assert row[0] is True and row[1].startswith("TLSv1.")
    with rallydesk.open_event(url) as ev:  # the desk's whole way in, listening connection too
        ev.record_time(stage=1, number=7, elapsed="1:00:00")
    with server.psycopg.connect(server.login.url, connect_timeout=10) as conn:
        assert conn.execute("SELECT elapsed_ms FROM stage_times WHERE number = 7").fetchone() == (
            3_600_000,
        )


def test_a_desk_with_another_authority_is_refused_and_nothing_is_written(server, tmp_path, capsys):
    other = other_authority(tmp_path / "someone-elses ca.crt")
    url = server.login.desk_url("timekeeper").replace(
        str(server.folder / "ca.crt"), str(other).replace(" ", "%20")
    )
    before = _journal_rows(server)
    with pytest.raises(ServerNotTrusted) as caught:
        connect(url)
    message = str(caught.value)
    assert f"the server's certificate is not signed by the authority in {other}" in message
    assert "certificate verify failed" in message
    assert server.login.desks["timekeeper"] not in message
    assert not isinstance(caught.value, ServerUnreachable)  # not a server away: no offline keying

    with pytest.raises(RallyDeskError, match="not signed by the authority"):
        with rallydesk.open_event(url) as ev:
            ev.record_time(stage=1, number=8, elapsed="1:00:00")
    code, _, err = run(capsys, "standings", url, "--stage", "1")
    assert code == 1 and "not signed by the authority in" in err and "Traceback" not in err
    assert server.login.desks["timekeeper"] not in err
    assert _journal_rows(server) == before
    logged = log_file().read_text(encoding="utf-8")  # the refusal is logged, the password not
    assert "not signed by the authority in" in logged and str(other) in logged
    assert server.login.desks["timekeeper"] not in logged


def test_a_host_name_not_in_the_certificate_is_refused(server):
    """The right server and authority, dialled by a name its certificate does not hold (libpq
    checks ``host``, connects to ``hostaddr``): refused, as a server pretending would be."""
    url = server.login.desk_url("timekeeper").replace(f"@{LAN}:", "@results.example:")
    url = url.replace("?", f"?hostaddr={LAN}&")
    before = _journal_rows(server)
    with pytest.raises(
        ServerNotTrusted, match="the server's certificate is not for results.example"
    ):
        connect(url)
    with pytest.raises(RallyDeskError, match="not for results.example"):
        rallydesk.open_event(url)
    assert _journal_rows(server) == before


def test_a_desk_is_warned_when_the_server_is_not_checked(server):
    """sslmode=require (or libpq's default, prefer) encrypts but checks nothing: the desk opens
    and says so; verify-full says nothing."""
    checked = server.login.desk_url("timekeeper")
    unchecked = checked.split("?")[0] + "?sslmode=require"
    with rallydesk.open_event(unchecked) as ev:
        assert any(
            "the server's certificate is not checked (sslmode=require)" in w for w in ev.warnings
        )
    with rallydesk.open_event(checked.split("?")[0]) as ev:  # (no sslmode: prefer)
        assert any("not checked (sslmode=prefer)" in w for w in ev.warnings)
    with rallydesk.open_event(checked) as ev:
        assert ev.warnings == []


def test_a_plain_connection_across_a_network_is_warned_of():
    from rallydesk.store.location import parse
    from rallydesk.store.pg import unchecked_connection

    lan = parse("postgresql://tk@192.168.1.10/dakar")[0].address
    here = parse("postgresql://tk@127.0.0.1/dakar")[0].address
    assert "NOT encrypted" in unchecked_connection(lan, {}, encrypted=False)
    assert unchecked_connection(lan, {"sslmode": "verify-full"}, encrypted=True) is None
    assert unchecked_connection(here, {}, encrypted=False) is None  # never leaves this computer


def test_the_authority_file_missing_is_said_with_its_path(server, tmp_path):
    url = server.login.desk_url("timekeeper").replace(
        str(server.folder / "ca.crt"), str(tmp_path / "ca.crt")
    )
    with pytest.raises(ServerNotTrusted) as caught:
        connect(url)
    assert f"the authority file {tmp_path / 'ca.crt'} cannot be read" in str(caught.value)
    assert "disable" not in str(caught.value)  # libpq's advice to switch checking off: not ours


@pytest.mark.parametrize("host", [LAN, "127.0.0.1"])
@pytest.mark.parametrize("role", ["owner", "timekeeper", "clerk"])
def test_a_plain_connection_of_a_desk_login_is_refused_by_the_server(server, host, role):
    """sslmode=disable: PostgreSQL itself refuses it (pg_hba has no plain line for a desk
    login), from the LAN address and from this machine alike; raw psycopg as any program."""
    login = server.login
    url = login.url if role == "owner" else login.desk_url(role)
    plain = url.replace(f"@{LAN}:", f"@{host}:").split("?")[0] + "?sslmode=disable"
    with pytest.raises(server.psycopg.OperationalError, match="no encryption"):
        server.psycopg.connect(plain, connect_timeout=10)
    with pytest.raises(ServerNotTrusted, match="takes desks only over TLS"):
        connect(plain)


def test_the_administrator_keeps_its_plain_rule_on_this_machine_only(server):
    admin = (server.folder / "admin.pgpass").read_text().strip().rsplit(":", 1)[1]
    port = server.login.port
    with server.psycopg.connect(
        host="127.0.0.1",
        port=port,
        user="postgres",
        password=admin,
        dbname="postgres",
        sslmode="disable",
        connect_timeout=10,
    ) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    hba = (server.folder / "data" / "pg_hba.conf").read_text()
    plain = [ln.split() for ln in hba.splitlines() if ln.startswith("host ")]
    assert {tuple(ln[2:4]) for ln in plain if ln[-1] != "reject"} == {
        ("postgres", "127.0.0.1/32"),
        ("postgres", "::1/128"),
    }


def test_no_password_reaches_the_servers_log(server):
    secrets_ = [server.login.password, *server.login.desks.values()]
    logs = list(server.folder.rglob("*.log"))
    assert logs
    for path in logs:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        assert not any(s in text for s in secrets_), f"a password is in {path}"


# ---------------------------------------------------------------- start: older servers, new names


def _as_before_tls(folder: Path) -> None:
    """Make a server folder what ``init`` made before TLS: no certificates, no ssl settings,
    plain ``host`` lines for the desks."""
    for name in ("ca.crt", "ca.key", "server.crt", "server.key"):
        (folder / name).unlink()
    conf = folder / "data" / "rallydesk.conf"
    conf.write_text(conf.read_text().split("ssl = on")[0])
    hba = folder / "data" / "pg_hba.conf"
    hba.write_text(hba.read_text().replace("hostssl ", "host    "))
    assert (
        pgserver.hba_rules(ipaddress.ip_network("127.0.0.0/8")).replace("hostssl ", "host    ")
        == hba.read_text()
    )


@pytest.mark.posix(reason="file modes of the keys (0600)")
def test_a_server_made_before_tls_gets_its_certificates_at_start(folder, capsys):
    _tools()
    psycopg = _psycopg()
    port = free_port()
    pgserver.init(folder, listen=f"{LAN}/8", port=port)
    pgserver.start(folder)
    old = pgserver.add_event(folder, "baja")
    pgserver.stop(folder)
    _as_before_tls(folder)
    code, _, err = run(capsys, "server", "start", str(folder))
    assert code == 0, err
    assert "TLS added (the server was made before it)" in err and str(folder / "ca.crt") in err
    assert "hostssl" in err
    # a desk's URL from before (no sslmode): libpq's default 'prefer' takes the TLS now offered
    plain_url = old.desk_url("timekeeper").split("?")[0]
    with psycopg.connect(plain_url, connect_timeout=10) as conn:
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    assert (folder / "ca.crt").is_file() and (folder / "server.crt").is_file()
    assert stat.S_IMODE((folder / "ca.key").stat().st_mode) == 0o600
    assert re.search(
        r"(?m)^hostssl +all +\+rallydesk_desk +127\.0\.0\.0/8 ",
        (folder / "data" / "pg_hba.conf").read_text(),
    )
    code, out, err = run(capsys, "server", "reset-login", str(folder), "baja", "timekeeper")
    assert code == 0, err
    url = out.strip()
    assert "sslmode=verify-full" in url
    db = connect(url)
    try:
        assert db.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").rows[0][0]
    finally:
        db.close()
    with pytest.raises(ServerNotTrusted):  # and a plain one is now refused
        connect(plain_url + "?sslmode=disable")
    pgserver.stop(folder)
    code, _, err = run(capsys, "server", "start", str(folder))  # once is enough
    assert code == 0 and "TLS" not in err and "certificate" not in err


def test_start_makes_a_new_server_certificate_when_the_computer_is_renamed(
    folder, capsys, monkeypatch
):
    _tools()
    pgserver.init(folder, listen=f"{LAN}/8", port=free_port())
    authority = (folder / "ca.crt").read_bytes()
    monkeypatch.setattr(tls.socket, "gethostname", lambda: "finish-line-pc")
    code, _, err = run(capsys, "server", "start", str(folder))
    assert code == 0, err
    assert "a new server certificate" in err and "finish-line-pc" in err
    assert "desks keep their ca.crt" in err
    assert (folder / "ca.crt").read_bytes() == authority
    assert {"finish-line-pc", "finish-line-pc.local"} <= _san(folder / "server.crt")
    login = pgserver.add_event(folder, "baja")
    url = login.desk_url("timekeeper").replace(f"@{LAN}:", "@finish-line-pc:")
    db = connect(url.replace("?", f"?hostaddr={LAN}&"))  # dialled by its new name: trusted
    db.close()


# ---------------------------------------------------------------- without a server


def test_libpqs_tls_refusals_are_said_with_the_file_and_the_host():
    from rallydesk.store.location import parse
    from rallydesk.store.pg import tls_refusal

    url = "postgresql://tk:s3cret@bivouac:5432/dakar?sslmode=verify-full&sslrootcert=C%3A%5Cdesk%5Cca+1.crt"
    address = parse(url)[0].address
    said = tls_refusal("SSL error: certificate verify failed", url, address)
    assert said is not None and "not signed by the authority in C:\\desk\\ca+1.crt" in said
    said = tls_refusal(
        'server certificate for "x" does not match host name "bivouac"', url, address
    )
    assert said is not None and "the server's certificate is not for bivouac" in said
    said = tls_refusal("server does not support SSL, but SSL was required", url, address)
    assert said is not None and "does not offer TLS" in said and "sslmode=verify-full" in said
    assert tls_refusal("Connection refused", url, address) is None
    assert tls_refusal('password authentication failed for user "tk"', url, address) is None


def test_an_older_servers_desk_lines_become_hostssl_and_hand_made_lines_stay():
    old = pgserver.hba_rules(ipaddress.ip_network("192.168.1.0/24")).replace("hostssl ", "host    ")
    by_hand = "host    dakar     results   10.0.0.0/8       scram-sha-256\n"
    upgraded = tls.hostssl_for_desks(old + by_hand)
    assert upgraded == pgserver.hba_rules(ipaddress.ip_network("192.168.1.0/24")) + by_hand
    assert tls.hostssl_for_desks(upgraded) == upgraded
