"""Running a ``rallydesk server`` for a results office (issue 23): which desks are connected and
what each keeps offline (``server status``), a role's new password (``reset-login``), the events
(``events``, ``remove-event`` after a final backup), and the network and sizing of ``init``.

Each test runs a real PostgreSQL made by ``rallydesk server init`` (skipped without one on a
developer's machine, failed in CI) and connects as the desks do.
"""

# ruff: noqa: F811  (the server_dir fixture, shared with test_pgserver, is a parameter name)
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_pgserver import _psycopg, _tools, free_port, run, server_dir  # noqa: F401

from rallydesk import server as pgserver
from rallydesk.domain.model import Stage
from rallydesk.domain.officials import ROLES
from rallydesk.services import Event, verify_event
from rallydesk.store.pg import application_name
from rallydesk.store.policy import DeskIdentity


def _admin(server_dir: Path, port: int, dbname: str = "postgres"):
    psycopg = _psycopg()
    admin = (server_dir / "admin.pgpass").read_text().strip().rsplit(":", 1)[1]
    return psycopg.connect(
        host="127.0.0.1",
        port=port,
        user="postgres",
        password=admin,
        dbname=dbname,
        autocommit=True,
        connect_timeout=10,
    )


def _server_with_event(server_dir: Path, name: str = "baja") -> tuple[int, pgserver.EventLogin]:
    _tools()
    port = free_port()
    pgserver.init(server_dir, listen="127.0.0.1", port=port)
    pgserver.start(server_dir)
    login = pgserver.add_event(server_dir, name)
    with Event.create(login.url, "Baja") as ev:
        ev.put_stage(Stage(1, "Dunes"))
    return port, login


# ---------------------------------------------------------------- item 6: watching the desks


def test_a_desks_connection_names_desk_and_role_within_postgresqls_63_bytes():
    assert application_name("finish-line", "timekeeper") == "rallydesk finish-line (timekeeper)"
    long = application_name("Zielankunft Übergang " * 6 + "\n\x00", "results-manager")
    assert len(long.encode("utf-8")) <= 63 and long.isascii() and long.isprintable()
    assert long.startswith("rallydesk Zielankunft ?bergang") and long.endswith(" (results-manager)")
    assert application_name("", "clerk") == "rallydesk ? (clerk)"


def test_server_status_lists_each_events_desks_online_last_seen_and_waiting(server_dir, capsys):
    """Desks name themselves (application name) and report their heartbeat on opening;
    ``server status`` lists them per event: online or not, last seen, changes waiting."""
    port, login = _server_with_event(server_dir)
    timekeeper, results, _ = (login.desk_url(r) for r in ROLES)
    finish = Event.open(timekeeper, identity=DeskIdentity("finish-line", "ana"))
    results_desk = Event.open(results, identity=DeskIdentity("Büro Résultats " * 5, "rita"))
    try:
        with _admin(server_dir, port) as conn:
            names = {
                r[0]
                for r in conn.execute(
                    "SELECT application_name FROM pg_stat_activity WHERE datname = 'baja'"
                )
            }
        assert "rallydesk finish-line (timekeeper)" in names
        named = [n for n in names if n.endswith(" (results-manager)")]
        assert len(named) == 1 and len(named[0].encode()) <= 63 and named[0].isascii()

        assert results_desk.store.heartbeat(3) is True  # as the desk reports its outbox
        code, out, err = run(capsys, "server", "status", str(server_dir))
        assert code == 0, err
        assert "event baja: 2 desk(s) online" in out
        line = next(ln for ln in out.splitlines() if "finish-line" in ln)
        assert re.search(r"finish-line +timekeeper +online +last seen 20\d\d-.*Z +waiting 0", line)
        line = next(ln for ln in out.splitlines() if "results-manager" in ln)
        assert "online" in line and "waiting 3" in line
        assert re.search(r"connections: \d+ of 50 \(3 kept for the administrator", out)
    finally:
        results_desk.close()
    finish.close()

    code, out, err = run(capsys, "server", "status", str(server_dir), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    (event,) = doc["events"]
    desks = {d["desk"]: d for d in event["desks"]}
    assert desks["finish-line"]["online"] is False  # closed: last seen, no longer online
    assert desks["finish-line"]["waiting"] == 0 and desks["finish-line"]["role"] == "timekeeper"
    assert desks["finish-line"]["last_seen"].endswith("Z")
    pgserver.stop(server_dir)
    code, out, _ = run(capsys, "server", "status", str(server_dir))
    assert code == 3 and "stopped" in out


def test_a_heartbeat_needs_no_journal_row_and_writes_only_the_logins_own_row(server_dir):
    """pg_rules: the heartbeat goes through rallydesk_heartbeat alone; it names the calling
    login (never one the client gives), needs and makes no journal row, and the table is out of
    every desk login's reach."""
    psycopg = _psycopg()
    port, login = _server_with_event(server_dir)
    timekeeper, _, clerk = (login.desk_url(r) for r in ROLES)
    with psycopg.connect(timekeeper, autocommit=True, connect_timeout=10) as tk:
        before = tk.execute("SELECT max(id) FROM journal").fetchone()[0]
        tk.execute("SELECT rallydesk_heartbeat('start-line', 2)")
        tk.execute("SELECT rallydesk_heartbeat('start-line', 5)")  # the same row, updated
        assert tk.execute("SELECT max(id) FROM journal").fetchone()[0] == before
        for sql in (
            "SELECT * FROM rallydesk_private.desk_heartbeats",
            "INSERT INTO rallydesk_private.desk_heartbeats VALUES ('baja.clerk', 'x', 0, now())",
            "UPDATE rallydesk_private.desk_heartbeats SET waiting = 0",
            "DELETE FROM rallydesk_private.desk_heartbeats",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                tk.execute(sql)
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            tk.execute("SELECT rallydesk_heartbeat('start-line', -1)")
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            tk.execute("SELECT rallydesk_heartbeat('  ', 0)")
    with psycopg.connect(clerk, autocommit=True, connect_timeout=10) as cl:
        cl.execute("SELECT rallydesk_heartbeat('start-line', 1)")
    with _admin(server_dir, port, "baja") as conn:
        rows = conn.execute(
            "SELECT login, desk, waiting FROM rallydesk_private.desk_heartbeats"
            " WHERE login <> 'baja' ORDER BY login"  # (the owner that made it beat too)
        ).fetchall()
    assert rows == [("baja.clerk", "start-line", 1), ("baja.timekeeper", "start-line", 5)]
    assert verify_event(login.url) == []
    pgserver.stop(server_dir)


# ---------------------------------------------------------------- item 7: logins and events


@pytest.mark.parametrize("role", ["timekeeper", "owner"])
def test_reset_login_prints_a_new_password_and_refuses_the_old_one_at_once(
    server_dir, capsys, role
):
    psycopg = _psycopg()
    _, login = _server_with_event(server_dir)
    old = login.url if role == "owner" else login.desk_url(role)
    held = psycopg.connect(old, autocommit=True, connect_timeout=10)
    try:
        code, out, err = run(capsys, "server", "reset-login", str(server_dir), "baja", role)
        assert code == 0, err
        new = out.strip()
        assert new != old and new.count("\n") == 0 and "shown this once" in err
        assert "1 session(s) ended" in err
        assert new.split("@")[0].split(":")[1] == old.split("@")[0].split(":")[1]  # same login
        with pytest.raises(psycopg.OperationalError):  # the session logged in before: ended
            held.execute("SELECT 1")
    finally:
        held.close()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(old, connect_timeout=10)
    with psycopg.connect(new, connect_timeout=10) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] in ("baja", "baja.timekeeper")
    with Event.open(new) as ev:  # a desk works on with it
        assert [s.number for s in ev.data.stages] == [1]
    pgserver.stop(server_dir)


def test_reset_login_refuses_an_unknown_role_or_event_in_one_line(server_dir, capsys):
    _server_with_event(server_dir)
    code, out, err = run(capsys, "server", "reset-login", str(server_dir), "baja", "marshal")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "role 'marshal': expected one of timekeeper, results-manager, clerk, owner" in err
    code, out, err = run(capsys, "server", "reset-login", str(server_dir), "dakar", "clerk")
    assert code == 1 and "no event 'dakar' on this server (events: baja)" in err
    pgserver.stop(server_dir)


def test_events_are_listed_and_removed_only_after_a_verified_final_backup(
    server_dir, capsys, tmp_path
):
    psycopg = _psycopg()
    port, login = _server_with_event(server_dir)
    pgserver.add_event(server_dir, "empty-one")  # a database that never held an event
    code, out, err = run(capsys, "server", "events", str(server_dir))
    assert code == 0, err
    assert [ln.split("\t")[0] for ln in out.splitlines()] == ["baja", "empty-one"]
    assert "baja.clerk" in out and "baja.timekeeper" in out

    held = psycopg.connect(login.desk_url("clerk"), autocommit=True, connect_timeout=10)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    code, out, err = run(
        capsys, "server", "remove-event", str(server_dir), "baja", "--folder", str(blocked)
    )
    assert code == 1 and err.count("\n") == 1
    assert "event 'baja' was NOT removed: its final backup" in err
    with pytest.raises(psycopg.OperationalError):  # kept out during the backup: no late write
        held.execute("SELECT 1")
    held.close()
    with psycopg.connect(login.url, connect_timeout=10) as conn:  # all still there, let in again
        assert conn.execute("SELECT count(*) FROM stages").fetchone()[0] == 1
    with psycopg.connect(login.desk_url("clerk"), connect_timeout=10) as conn:
        conn.execute("SELECT 1")

    desk = psycopg.connect(login.desk_url("timekeeper"), autocommit=True, connect_timeout=10)
    folder = tmp_path / "final"
    code, out, err = run(
        capsys, "server", "remove-event", str(server_dir), "baja", "--folder", str(folder)
    )
    assert code == 0, err
    (backup,) = folder.glob("*.rallydesk")
    assert f"final backup {backup}" in err and "verified" in err
    assert verify_event(backup) == []
    with Event.open(backup, readonly=True) as ev:
        assert [s.number for s in ev.data.stages] == [1]
    with pytest.raises(psycopg.OperationalError):  # its sessions were ended with it
        desk.execute("SELECT 1")
    desk.close()
    with _admin(server_dir, port) as conn:
        assert (
            conn.execute("SELECT count(*) FROM pg_database WHERE datname = 'baja'").fetchone()[0]
            == 0
        )
        roles = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = 'baja' OR rolname LIKE 'baja.%'"
        ).fetchall()
        assert roles == []

    code, out, err = run(capsys, "server", "remove-event", str(server_dir), "empty-one")
    assert code == 0 and "it held no event" in err
    code, out, err = run(capsys, "server", "events", str(server_dir))
    assert code == 0 and out == ""
    code, out, err = run(capsys, "server", "remove-event", str(server_dir), "baja")
    assert code == 1 and "no event 'baja' on this server" in err
    pgserver.stop(server_dir)


# ---------------------------------------------------------------- item 9: network and sizing


@pytest.mark.parametrize("listen", ["127.0.0.5/8", "127.0.0.5/255.0.0.0"])
def test_a_given_loopback_subnet_is_printed_and_written_as_given(server_dir, capsys, listen):
    _tools()
    code, _, err = run(
        capsys, "server", "init", str(server_dir), "--listen", listen, "--port", str(free_port())
    )
    assert code == 0, err
    assert "desks from 127.0.0.0/8 may connect" in err and "/32" not in err
    hba = (server_dir / "data" / "pg_hba.conf").read_text()
    assert re.search(r"^hostssl +sameuser +all +127\.0\.0\.0/8 +scram-sha-256$", hba, re.M)
    assert re.search(r"^hostssl +all +\+rallydesk_desk +127\.0\.0\.0/8 +scram-sha-256$", hba, re.M)
    assert pgserver.choose_listen("127.0.0.5/8")[1] == pgserver.choose_listen("127.0.0.9/8")[1]


def test_max_connections_is_an_init_option_the_server_runs_with(server_dir, capsys):
    _tools()
    port = free_port()
    code, _, err = run(
        capsys,
        "server",
        "init",
        str(server_dir),
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
        "--max-connections",
        "80",
    )
    assert code == 0, err
    assert "max_connections = 80" in (server_dir / "data" / "rallydesk.conf").read_text()
    pgserver.start(server_dir)
    with _admin(server_dir, port) as conn:
        assert conn.execute("SHOW max_connections").fetchone()[0] == "80"
    code, out, _ = run(capsys, "server", "status", str(server_dir))
    assert code == 0 and re.search(r"connections: \d+ of 80 ", out)
    pgserver.stop(server_dir)


@pytest.mark.parametrize("n", ["2", "5000"])
def test_a_max_connections_out_of_range_is_refused_in_one_line(tmp_path, capsys, n):
    code, _, err = run(capsys, "server", "init", str(tmp_path / "s"), "--max-connections", n)
    assert code == 1 and err.count("\n") == 1
    assert f"--max-connections {n}: expected 10 to 1000" in err
    assert not (tmp_path / "s").exists()


def test_the_event_name_limit_is_the_one_its_role_logins_allow(server_dir, capsys):
    _tools()
    limit = 63 - len(".results-manager")
    assert pgserver.EVENT_NAME_MAX == limit == 47
    code, out, err = run(capsys, "server", "add-event", str(server_dir), "x" * (limit + 1))
    assert code == 1 and f"at most {limit} characters" in err and "63 characters" not in err
    pgserver.init(server_dir, listen="127.0.0.1", port=free_port())
    pgserver.start(server_dir)
    longest = "e" * limit
    made = pgserver.add_event(server_dir, longest)  # its role logins fit: none cut
    assert made.desk_url("results-manager").startswith(f"postgresql://{longest}.results-manager:")
    with _psycopg().connect(made.desk_url("results-manager"), connect_timeout=10) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == f"{longest}.results-manager"
    pgserver.stop(server_dir)


def test_the_desk_reports_its_outbox_count_at_open_and_every_30_seconds(server_dir, monkeypatch):
    """The services' heartbeat sends what the outbox holds (pending_changes): at once when
    forced (open, after a replay, close), otherwise at most every HEARTBEAT_SECONDS."""
    from rallydesk.services import sync

    port, login = _server_with_event(server_dir)
    ev = Event.open(login.desk_url("timekeeper"), identity=DeskIdentity("cp3-laptop", "ana"))

    def waiting() -> list[tuple[str, int]]:
        with _admin(server_dir, port, "baja") as conn:
            return conn.execute(
                "SELECT desk, waiting FROM rallydesk_private.desk_heartbeats"
                " WHERE login = 'baja.timekeeper'"
            ).fetchall()

    try:
        assert waiting() == [("cp3-laptop", 0)]  # at open
        monkeypatch.setattr(sync, "pending_changes", lambda ctx: 12)
        sync.heartbeat(ev)  # just sent: not again yet
        assert waiting() == [("cp3-laptop", 0)]
        ev.last_heartbeat -= sync.HEARTBEAT_SECONDS
        ev.poll_external()  # the desk's follow-up timer: 30 s later, it beats
        assert waiting() == [("cp3-laptop", 12)]
        monkeypatch.setattr(sync, "pending_changes", lambda ctx: 0)
    finally:
        ev.close()
    assert waiting() == [("cp3-laptop", 0)]  # at close
    pgserver.stop(server_dir)


def test_an_event_made_before_the_heartbeats_gets_them_when_its_owner_opens_it(server_dir):
    """The heartbeats are a later server step (r0002): a role login on an older event works on
    without them and without a warning (the rules themselves are there); the owner's next open
    installs them."""
    from rallydesk.store import pg_rules

    psycopg = _psycopg()
    _, login = _server_with_event(server_dir)
    with psycopg.connect(login.url, autocommit=True, connect_timeout=10) as conn:  # as before
        conn.execute("DROP FUNCTION rallydesk_heartbeat(text, bigint)")
        conn.execute(
            "DELETE FROM rallydesk_migrations WHERE migration_set = %s AND name = %s",
            (pg_rules.MIGRATION_SET, pg_rules.HEARTBEAT_STEP),
        )
    with Event.open(login.desk_url("timekeeper")) as ev:
        assert ev.store.heartbeat(1) is False
        assert not [w for w in ev.store.db.warnings if "does not enforce" in w]
    with Event.open(login.url) as ev:
        assert ev.store.heartbeat(0) is True
    with Event.open(login.desk_url("timekeeper")) as ev:
        assert ev.store.heartbeat(2) is True
    assert verify_event(login.url) == []
    pgserver.stop(server_dir)
