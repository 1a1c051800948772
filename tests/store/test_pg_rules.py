"""The desk's rules enforced by PostgreSQL for every login (issue 21, store/pg_rules.py).

A real server made by ``rallydesk server init``/``add-event``; each role's login (timekeeper,
results manager, clerk) sends raw SQL with psycopg, as ``psql`` or a desk program of another make
would, and is refused everything its role may not do and every change without its journal row.
The desk's own flows (record, settle, publish, the clerk's reasoned change) still work.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_pgserver import _psycopg, _tools, free_port

import rallydesk
from rallydesk import server as pgserver
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.domain.officials import ROLES
from rallydesk.server import programs as server_programs
from rallydesk.services import Event, verify_event

PINS = {"Tim KEEPER": "1111", "Rita RESULTS": "2222", "Ana CLERK": "3333"}
#: Every table that can change a result or a sheet, with a column to "change" (set to itself).
TABLES = {
    "stage_times": "elapsed_ms",
    "start_times": "start_ms",
    "second_keyings": "elapsed_ms",
    "adjustments": "amount_ms",
    "stages": "name",
    "groups": "name",
    "entries": "team",
    "crew": "name",
    "cup_members": "cup",
    "event": "name",
    "publications": "status",
    "officials": "role",
    "desk_settings": "value",
    "applied_changes": "change_id",
    "journal": "reason",
}


@pytest.fixture(scope="module")
def server() -> Iterator[SimpleNamespace]:
    """One real server for the module (made as ``rallydesk server`` makes it); stopped after."""
    _tools()
    psycopg = _psycopg()
    folder = Path(tempfile.mkdtemp(prefix="rallydesk-pg-"))
    try:
        pgserver.init(folder, listen="127.0.0.1", port=free_port())
        pgserver.start(folder)
        names = iter(f"ev{i}" for i in range(1, 100))
        yield SimpleNamespace(
            folder=folder, psycopg=psycopg, new=lambda: _event(folder, next(names))
        )
    finally:
        if (folder / "data" / "postmaster.pid").exists():
            try:
                pgserver.stop(folder)
            except Exception:
                account = pgserver.service_account()
                cmd = [_tools().pg_ctl, "stop", "-m", "immediate", "-D", str(folder / "data")]
                subprocess.run(server_programs._as(cmd, account), check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _event(folder: Path, name: str) -> SimpleNamespace:
    """An event with times, starts, a second keying, a penalty, a desk setting, an applied
    change, officials of each role, and stage 1 CAR made OFFICIAL (by the desks' own flows)."""
    login = pgserver.add_event(folder, name)
    with Event.create(login.url, "Baja") as ev:  # the owner makes the event
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_group(Group("TRUCK", "Trucks"))
        ev.put_group(Group("T5", "Trucks", "class", "TRUCK"))
        ev.put_group(Group("ROOKIE", "Rookies", "cup"))
        ev.put_stage(Stage(1, "Dunes"))
        ev.put_stage(Stage(2, "Rocks"))
        ev.put_entry(Entry(201, "T1", (CrewMember("driver", "Ana CASTRO", "ESP"),)))
        ev.put_entry(Entry(202, "T1", (CrewMember("driver", "Bo BERG", "SWE"),)))
        ev.put_entry(
            Entry(
                501, "T5", (CrewMember("driver", "Kai KAMAZ", "RUS"),), cups=frozenset({"ROOKIE"})
            )
        )
        ev.store.put_desk_setting("backup_minutes", "10")
        ev.add_official("Tim KEEPER", "timekeeper", PINS["Tim KEEPER"])
        ev.add_official("Rita RESULTS", "results-manager", PINS["Rita RESULTS"])
        ev.add_official("Ana CLERK", "clerk", PINS["Ana CLERK"])
    urls = dict(zip(ROLES, (login.desk_url(r) for r in ROLES), strict=True))
    e = SimpleNamespace(login=login, name=name, urls=urls)
    with desk(e, "timekeeper", "Tim KEEPER") as ev:
        ev.record_time(1, 201, elapsed="3:00:00", change_id="keyed-1")
        ev.record_time(1, 202, elapsed="3:10:00")
        ev.record_time(1, 501, elapsed="4:00:00")
        ev.record_second(1, 201, "Tim KEEPER", elapsed="3:00:01")
        ev.set_starts(2, {201: "08:00:00"})
    with desk(e, "results-manager", "Rita RESULTS") as ev:
        ev.add_adjustment(stage=1, number=202, amount="+0:01:00", reason="speeding")
        ev.publish(1, "CAR", "provisional")
    with desk(e, "clerk", "Ana CLERK") as ev:
        ev.publish(1, "CAR", "official", confirm_early=True)
    return e


def desk(e: SimpleNamespace, role: str, official: str):
    return rallydesk.open_event(e.urls[role], official=official, pin=PINS[official])


@pytest.fixture(scope="module")
def published(server) -> SimpleNamespace:
    """The module's event for refusals (none of them may change it)."""
    return server.new()


def _snapshot(e: SimpleNamespace, psycopg) -> dict[str, list]:
    with psycopg.connect(e.login.url, autocommit=True) as conn:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in (*TABLES, "pin_failures")
        }


def _refused(psycopg, url: str, sql: str, params=None) -> str:
    """Run ``sql`` as the login of ``url``: it must be refused; the server's reason."""
    with psycopg.connect(url, connect_timeout=10, autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as caught:
            conn.execute(sql, params)
    return str(caught.value)


def _seq(name: str) -> str:
    return "rallydesk_private.pin_" + hashlib.md5(name.encode()).hexdigest()


def test_no_login_writes_a_result_table_without_its_journal_row(server, published):
    psycopg = server.psycopg
    before = _snapshot(published, psycopg)
    assert all(before[t] for t in TABLES), [t for t in TABLES if not before[t]]
    for url in published.urls.values():
        for table, column in TABLES.items():
            for sql in (
                f"UPDATE {table} SET {column} = {column}",
                f"DELETE FROM {table}",
                f"TRUNCATE {table}",
                f"TRUNCATE {table} CASCADE",
                f"ALTER TABLE {table} DISABLE TRIGGER ALL",
                f"ALTER TABLE {table} DISABLE TRIGGER USER",
                f"DROP TABLE {table} CASCADE",
            ):
                _refused(psycopg, url, sql)
        inserts = (
            "INSERT INTO stage_times (stage, number, status, elapsed_ms, updated_at)"
            " VALUES (2, 501, 'OK', 1, 'now')",
            "INSERT INTO start_times (stage, number, start_ms) VALUES (1, 501, 1)",
            "INSERT INTO second_keyings (stage, number, elapsed_ms) VALUES (2, 201, 1)",
            "INSERT INTO adjustments (stage, number, amount_ms, kind, decided_at)"
            " VALUES (2, 501, -60000, 'bonus', 'now')",
            "INSERT INTO stages (number, name) VALUES (9, 'Forged')",
            "INSERT INTO groups (code, name, kind) VALUES ('X', 'Forged', 'category')",
            "INSERT INTO entries (number, class) VALUES (999, 'T5')",
            "INSERT INTO crew (number, seat, role, name) VALUES (501, 2, 'co-driver', 'X')",
            "INSERT INTO cup_members (cup, number) VALUES ('ROOKIE', 201)",
            "INSERT INTO desk_settings (key, value) VALUES ('forged', 'yes')",
            "INSERT INTO officials (name, role, pin_salt, pin_hash) VALUES ('me', 'clerk', '', '')",
            "INSERT INTO applied_changes (change_id, journal_id) VALUES ('forged', 1)",
        )
        for sql in inserts:
            _refused(psycopg, url, sql)
        # a journal row of another kind, or of another entry, does not carry a change
        with psycopg.connect(url, autocommit=True) as conn:
            head = conn.execute("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
            for action, stage, number, values in (
                ("desk.setting", None, None, None),
                ("time.record", 2, 202, '{"elapsed_ms": 1}'),
                ("time.record", 1, 501, '{"stage": 1, "number": 501, "elapsed_ms": 999}'),
                ("time.delete", 1, 501, None),
            ):
                with pytest.raises(psycopg.Error, match="without its journal row"):
                    with conn.transaction():
                        conn.execute(
                            "INSERT INTO journal (id, at, action, target, prev_hash, hash,"
                            " stage, number, new) VALUES (%s, 'now', %s, 'x', %s, 'x', %s, %s, %s)",
                            (head[0] + 1, action, head[1], stage, number, values),
                        )
                        conn.execute(
                            "UPDATE stage_times SET elapsed_ms = 1 WHERE stage = 2 AND number = 501"
                            " OR stage = 1 AND number = 501"
                        )
    assert _snapshot(published, psycopg) == before
    assert verify_event(published.login.url) == []


def test_no_login_escapes_the_rules(server, published):
    """Disabling the triggers, becoming another role, making objects of one's own: refused."""
    psycopg = server.psycopg
    owner = published.name
    for role, url in published.urls.items():
        above = [r for r in ROLES if ROLES.index(r) > ROLES.index(role)]
        for sql in (
            "SET session_replication_role = replica",
            f'SET ROLE "{owner}"',
            "SET ROLE postgres",
            f'SET SESSION AUTHORIZATION "{owner}"',
            *(f'SET ROLE "{owner}.{r}"' for r in above),
            "DROP TRIGGER rallydesk_journalled_stage_times ON stage_times",
            "DROP FUNCTION rallydesk_journalled() CASCADE",
            "CREATE OR REPLACE FUNCTION rallydesk_login_may(needed text) RETURNS boolean"
            " LANGUAGE sql AS 'SELECT true'",
            "ALTER TABLE journal ADD COLUMN x int",
            "CREATE TABLE mine (x int)",
            "CREATE TEMP TABLE mine (x int)",
            "ALTER FUNCTION rallydesk_check_pin(text, text) OWNER TO CURRENT_USER",
        ):
            _refused(psycopg, url, sql)
        # other databases of the server: closed to an event's logins
        for other in ("postgres", "template1"):
            with pytest.raises(psycopg.Error):
                psycopg.connect(url.rsplit("/", 1)[0] + f"/{other}", connect_timeout=10).close()


def test_other_events_databases_are_closed(server, published):
    other = server.new()
    for url in published.urls.values():
        with pytest.raises(server.psycopg.Error):
            server.psycopg.connect(url.rsplit("/", 1)[0] + f"/{other.name}", connect_timeout=10)


def test_pins_are_out_of_every_desk_logins_reach(server, published):
    psycopg = server.psycopg
    seq = _seq("Ana CLERK")
    for url in published.urls.values():
        for sql in (
            "SELECT pin_hash FROM officials",
            "SELECT pin_salt, pin_hash FROM officials",
            "SELECT * FROM officials",
            "SELECT * FROM pin_failures",
            "INSERT INTO pin_failures (name, failures, last_at) VALUES ('Ana CLERK', 0, 'x')",
            "UPDATE pin_failures SET failures = 0",
            "DELETE FROM pin_failures",
            f"SELECT last_value FROM {seq}",
            f"SELECT setval('{seq}', 1, false)",
            "UPDATE officials SET pin_hash = 'x' WHERE name = 'Tim KEEPER'",
        ):
            _refused(psycopg, url, sql)
        with psycopg.connect(url, autocommit=True) as conn:
            # the journal (read by every desk) holds no hash of a PIN set on the server
            assert (
                conn.execute("SELECT count(*) FROM journal WHERE new LIKE '%pin_hash%'").fetchone()[
                    0
                ]
                == 0
            )
            # what the desk may read: names, roles, salts
            assert len(conn.execute("SELECT name, role, pin_salt FROM officials").fetchall()) == 3


def test_the_server_counts_wrong_pins_and_a_rollback_does_not_undo_them(server):
    e = server.new()
    psycopg = server.psycopg
    tk = e.urls["timekeeper"]
    with desk(e, "timekeeper", "Tim KEEPER"):
        pass  # the right PIN: accepted through the server's check
    with pytest.raises(RallyDeskError, match="wrong PIN for Ana CLERK .9 more"):
        rallydesk.open_event(tk, official="Ana CLERK", pin="0000")
    with psycopg.connect(tk, autocommit=True) as conn:  # guesses in transactions rolled back
        for guess in range(1, 9):
            conn.execute("BEGIN")
            row = conn.execute(
                "SELECT accepted FROM rallydesk_check_pin('Ana CLERK', %s)", (f"{guess:064x}",)
            ).fetchone()
            conn.execute("ROLLBACK")
            assert row == (False,)
    with pytest.raises(RallyDeskError, match="Ana CLERK is now locked for 60 s"):
        rallydesk.open_event(tk, official="Ana CLERK", pin="0001")
    with pytest.raises(RallyDeskError, match="Ana CLERK is locked after 10 wrong PINs"):
        rallydesk.open_event(tk, official="Ana CLERK", pin=PINS["Ana CLERK"])
    # the clerk's own login cannot reset the count either
    _refused(psycopg, e.urls["clerk"], f"SELECT setval('{_seq('Ana CLERK')}', 1, false)")
    _refused(psycopg, e.urls["clerk"], "DELETE FROM pin_failures")


def test_the_official_unit_lock_holds_for_every_login_but_the_clerks(server):
    e = server.new()
    # the desk would let the clerk (her name and PIN) change it: the timekeeper's and the
    # results manager's logins may not
    for role in ("timekeeper", "results-manager"):
        with desk(e, role, "Ana CLERK") as ev:
            with pytest.raises(RallyDeskError, match="stage 1 CAR v2 is official"):
                ev.record_time(1, 201, elapsed="2:59:00", reason="photo finish")
            with pytest.raises(RallyDeskError, match="is official"):
                ev.record_time(1, 202, status="DNF", reason="retired")
    with desk(e, "results-manager", "Ana CLERK") as ev:
        with pytest.raises(RallyDeskError, match="is official"):
            ev.add_adjustment(stage=1, number=201, amount="+0:05:00", reason="speeding")
        with pytest.raises(RallyDeskError, match="is official"):
            ev.put_entry(Entry(201, "T1", (CrewMember("driver", "Someone ELSE", "ESP"),)))
    # a client that skips the desk's check: the clerk's login without a reason
    from rallydesk.domain.model import StageTime
    from rallydesk.store.eventstore import EventStore

    store = EventStore.open(e.urls["clerk"])
    try:
        with pytest.raises(Exception, match="needs a reason"):
            store.put_time(StageTime(1, 201, "OK", elapsed_ms=1))
    finally:
        store.close()
    # units not official stay open to the timekeeper: trucks, and stage 2
    with desk(e, "timekeeper", "Tim KEEPER") as ev:
        ev.record_time(1, 501, elapsed="4:01:00", reason="typo")
        ev.record_time(2, 201, elapsed="1:00:00")
    # the clerk's login with a reason: the desk's flow
    with desk(e, "clerk", "Ana CLERK") as ev:
        ev.record_time(1, 201, elapsed="2:59:00", reason="photo finish")
        ev.amend(1, "CAR", "photo finish")
    with desk(e, "results-manager", "Rita RESULTS") as ev:  # the amended version is locked too
        with pytest.raises(RallyDeskError, match="stage 1 CAR v3 is official"):
            ev.record_time(1, 202, elapsed="3:11:00", reason="typo")
    assert verify_event(e.login.url) == []


def test_second_settle_needs_the_results_managers_login(server):
    e = server.new()
    with desk(e, "timekeeper", "Tim KEEPER") as ev:
        ev.record_time(2, 201, elapsed="1:00:00")
        ev.record_second(2, 201, "Tim KEEPER", elapsed="1:00:01")
        ev.record_time(2, 501, elapsed="1:30:00")
        ev.record_second(2, 501, "Tim KEEPER", elapsed="1:30:01")
        assert len(ev.mismatches(2)) == 2
    with desk(e, "timekeeper", "Rita RESULTS") as ev:  # the desk would let her
        with pytest.raises(RallyDeskError, match="may not write a second.settle"):
            ev.settle(2, 201, "first", "the first keying is right")
    with desk(e, "results-manager", "Rita RESULTS") as ev:
        ev.settle(2, 201, "first", "the first keying is right")
        ev.settle(2, 501, "second", "the second keying is right")
        assert not ev.mismatches(2)
    assert verify_event(e.login.url) == []


def test_the_journal_records_the_login_that_wrote_it(server):
    e = server.new()
    psycopg = server.psycopg
    with psycopg.connect(e.login.url, autocommit=True) as conn:
        logins = dict(
            conn.execute(
                "SELECT action, login FROM journal WHERE action IN"
                " ('time.record', 'adjustment.add')"
            ).fetchall()
        )
    assert logins == {
        "time.record": f"{e.name}.timekeeper",
        "adjustment.add": f"{e.name}.results-manager",
    }
    tk = e.urls["timekeeper"]
    with psycopg.connect(tk, autocommit=True) as conn:
        head = conn.execute("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
        for forged in (f"{e.name}.clerk", e.name, "postgres", ""):
            with pytest.raises(psycopg.Error, match="the login is recorded by the server"):
                conn.execute(
                    "INSERT INTO journal (id, at, action, target, prev_hash, hash, login)"
                    " VALUES (%s, 'now', 'desk.setting', 'x', %s, 'x', %s)",
                    (head[0] + 1, head[1], forged),
                )
        for prev_id, prev_hash in ((head[0], head[1]), (head[0] + 1, "0" * 64)):
            with pytest.raises(psycopg.Error, match="a row is appended after the last one"):
                conn.execute(
                    "INSERT INTO journal (id, at, action, target, prev_hash, hash)"
                    " VALUES (%s, 'now', 'desk.setting', 'x', %s, 'x')",
                    (prev_id, prev_hash),
                )
        for action in ("adjustment.add", "publication.add", "second.settle", "official.put"):
            _refused(
                psycopg,
                tk,
                "INSERT INTO journal (id, at, action, target, prev_hash, hash)"
                " VALUES (%s, 'now', %s, 'x', %s, 'x')",
                (head[0] + 1, action, head[1]),
            )


def test_publications_and_the_journal_are_never_deleted(server, published):
    for url in published.urls.values():
        for sql in (
            "DELETE FROM publications",
            "UPDATE publications SET status = 'provisional'",
            "DELETE FROM journal",
            "UPDATE journal SET reason = 'x'",
        ):
            _refused(server.psycopg, url, sql)


def test_the_clerk_manages_officials_on_the_server(server):
    e = server.new()
    with desk(e, "clerk", "Ana CLERK") as ev:
        ev.add_official("Nia NEW", "timekeeper", "4444")
        ev.remove_official("Tim KEEPER")
    with rallydesk.open_event(e.urls["timekeeper"], official="Nia NEW", pin="4444") as ev:
        ev.record_time(2, 501, elapsed="1:00:00")
    with desk(e, "results-manager", "Rita RESULTS") as ev:
        with pytest.raises(RallyDeskError, match="clerk"):
            ev.add_official("Eve EVIL", "clerk", "5555")
    assert verify_event(e.login.url) == []


def test_verify_names_a_rule_trigger_switched_off(server):
    e = server.new()
    owner = server.psycopg.connect(e.login.url, autocommit=True)
    try:
        owner.execute("ALTER TABLE stage_times DISABLE TRIGGER rallydesk_locked_stage_times")
    finally:
        owner.close()
    assert any(
        "trigger rallydesk_locked_stage_times of the server's checks is missing" in f
        for f in verify_event(e.login.url)
    )


def test_an_event_made_before_the_rules_gets_them_when_its_owner_opens_it(server):
    from rallydesk.store import pg_rules

    e = server.new()
    psycopg = server.psycopg
    with psycopg.connect(e.login.url, autocommit=True) as conn:  # as an older RallyDesk left it
        for name in pg_rules.TRIGGERS:
            table = conn.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname = %s",
                (name,),
            ).fetchone()[0]
            conn.execute(f'DROP TRIGGER "{name}" ON {table}')
        conn.execute(
            "DELETE FROM rallydesk_migrations WHERE migration_set = %s", (pg_rules.MIGRATION_SET,)
        )
    with desk(e, "timekeeper", "Tim KEEPER") as ev:  # a role login cannot install them: it says so
        assert any("open it once with the owner's URL" in w for w in ev.warnings)
    with Event.open(e.login.url):
        pass
    _refused(psycopg, e.urls["timekeeper"], "DELETE FROM stage_times")
    assert verify_event(e.login.url) == []


def test_a_pulled_copy_of_an_event_with_officials_set_on_the_server_verifies(server, tmp_path):
    """The journal of a server holds no PIN hash: a pulled file is no false alarm for that."""
    from rallydesk.store.transfer import pull

    e = server.new()
    target, _ = pull(e.login.url, tmp_path)
    assert verify_event(target) == []
    with rallydesk.open_event(target, official="Ana CLERK", pin=PINS["Ana CLERK"]) as ev:
        ev.record_time(2, 501, elapsed="1:00:00")  # the PINs work in the copy
    assert verify_event(target) == []
