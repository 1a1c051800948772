"""An event on a PostgreSQL server: schema, journal across desks, verify, push and pull, URLs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from stores import rows as rows_of

import rallydesk
from rallydesk.cli import main
from rallydesk.domain.changes import Conflict
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import StageTime
from rallydesk.services import Event, Official, pull_event, push_event, verify_event
from rallydesk.store import anchors, journal, pg, pg_schema
from rallydesk.store.eventstore import EventStore, StoreError
from rallydesk.store.policy import DeskIdentity
from rallydesk.store.schema import known_migrations, schema_version

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from event_dump import dump  # noqa: E402  (the import tests' helper: every table of a file)

DAKAR = Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
FILES = [DAKAR / f"{k}.csv" for k in ("groups", "stages", "entries", "times", "adjustments")]


def full_event(location) -> Event:
    """An event using every table: times, penalties, starts, second keyings, officials, a
    wrong PIN, a desk setting and a published version."""
    ev = Event.create(location, "Dakar 2026")
    ev.import_files(FILES)
    ev.generate_starts(13, "08:00:00", "2'")
    number = next(t.number for t in ev.data.times if t.stage == 13 and t.status == "OK")
    ev.record_second(13, number, "Second Official", elapsed="3:00:00")
    ev.store.put_desk_setting("note", "bivouac 13")
    ev.add_official("Rita RESULTS", "results-manager", "2222")
    with pytest.raises(RallyDeskError):
        ev.login("Rita RESULTS", "9999")
    ev.login("Rita RESULTS", "2222")
    ev.publish(13, "CAR", "provisional")
    return ev


def content(path: Path) -> dict[str, list]:
    """Every table's rows as a sorted list (the server keeps content, not SQLite's rowid order);
    the migrations table says when each step ran, which a copy does anew."""
    return {
        t: sorted(rows, key=repr) for t, rows in dump(path).items() if t != "_sqlite_migrations"
    }


# ----------------------------------------------------------------------------- schema


def test_server_steps_are_the_file_steps(pg_url):
    assert [name for name, _ in pg_schema.STEPS] == known_migrations()
    with Event.create(pg_url, "Schema") as ev:
        assert pg_schema.applied(ev.store.db) == known_migrations()
        assert len(pg_schema.applied(ev.store.db)) == schema_version()


def test_every_table_and_column_of_the_file_exists_on_the_server(pg_url, pg_server):
    """The next schema step cannot forget its server twin: every table, column (and its type),
    index, trigger and view the file's steps make must be on the server."""
    with Event.create(pg_url, "Schema"):
        pass
    db = pg.connect(pg_url)
    try:
        want = pg_schema.file_schema()
        have = pg_schema.server_schema(db)
        assert want["columns"] and set(want["columns"]) <= set(have["columns"])
        assert pg_schema.differences(db) == []
        # the comparison is not vacuous: a dropped column and a retyped one are named
        pg_server.psql(pg_url, "ALTER TABLE crew DROP COLUMN nationality")
        pg_server.psql(pg_url, "ALTER TABLE start_times ALTER COLUMN start_ms TYPE integer")
        found = pg_schema.differences(db)
        assert "column crew.nationality is missing from the schema" in found
        assert any("start_times.start_ms is integer, expected bigint" in f for f in found)
    finally:
        db.close()


def test_an_older_server_database_is_brought_to_the_current_schema(pg_url, monkeypatch):
    """A database written by a RallyDesk of schema 5 gets step 6 when opened for writing (and is
    refused read-only until then), like a file but without the copy: the server keeps backups."""
    db = pg.connect(pg_url)
    try:
        older = pg_schema.STEPS[:5]  # what a RallyDesk of schema 5 knew
        with monkeypatch.context() as m:
            m.setattr(pg_schema, "STEPS", older)
            m.setattr(pg_schema, "known_migrations", lambda: [n for n, _ in older])
            pg_schema.apply(db)
        assert len(pg_schema.applied(db)) == 5 and "start_times" not in db.table_names()
    finally:
        db.close()
    with pytest.raises(StoreError, match="schema 5 needs migrating; open it for writing once"):
        EventStore.open(pg_url, readonly=True)
    EventStore.open(pg_url).close()
    db = pg.connect(pg_url)
    try:
        assert pg_schema.applied(db) == known_migrations()
        assert pg_schema.differences(db) == []
    finally:
        db.close()


def test_times_beyond_two_to_the_31_milliseconds(pg_url):
    """Milliseconds are BIGINT on the server (the file's INTEGER is 64-bit): a value past 2^31
    (24.8 days) is kept, not refused or wrapped."""
    with Event.create(pg_url, "Long") as ev:
        ev.import_files(FILES[:3])
        number = ev.data.entries[0].number
        ev.store.put_time(StageTime(1, number, "OK", 2**31 + 7000, None, None, 2**40, None))
        t = ev.store.load().times[0]
        assert (t.elapsed_ms, t.nominal_ms) == (2**31 + 7000, 2**40)
    assert verify_event(pg_url) == []


# ----------------------------------------------------------------------------- journal


def test_a_row_hashed_on_the_server_hashes_the_same_in_a_file(pg_url, tmp_path):
    with full_event(pg_url) as ev:
        head = ev.store.state_digest()
        rows = list(ev.store.db.query("SELECT * FROM journal ORDER BY id"))
    assert journal.row_hash(rows[-1]) == rows[-1]["hash"] == head[1]
    out, _ = pull_event(pg_url, tmp_path / "copy.rallydesk")
    conn = sqlite3.connect(out)
    try:
        assert journal.head(conn) == head
    finally:
        conn.close()


def test_two_desks_appending_at_once_make_one_chain(pg_url):
    """Two connections (two desks) write 2 x 200 results at once, each on its own stages: one
    unbroken chain, no row lost, no two rows after the same head."""
    with Event.create(pg_url, "Two desks") as ev:
        ev.import_files(FILES[:3])
        entries = [e.number for e in ev.data.entries]
        stages = [s.number for s in ev.data.stages]
        start = ev.store.state_digest()[0]
    half = len(stages) // 2
    cells = [[(s, n) for s in part for n in entries] for part in (stages[:half], stages[half:])]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def desk(mine: list[tuple[int, int]]) -> None:
        try:
            store = EventStore.open(pg_url)
            try:
                barrier.wait()
                for i in range(200):  # past the end of its cells: replacements
                    stage, number = mine[i % len(mine)]
                    store.put_time(StageTime(stage, number, "OK", 3_600_000 + i), "again")
            finally:
                store.close()
        except BaseException as exc:  # the main thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(c,)) for c in cells]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Event.open(pg_url, readonly=True) as ev:
        assert ev.store.state_digest()[0] == start + 400
        assert len(ev.data.times) == sum(min(200, len(c)) for c in cells)
        assert journal.check_chain(ev.store.db) == []
        rows = ev.store.db.execute("SELECT count(DISTINCT prev_hash), count(*) FROM journal")
        assert rows.fetchone() == (start + 400, start + 400)
        desks = ev.store.db.execute(
            "SELECT count(*) FROM journal WHERE id > $1 AND action LIKE 'time.%'", [start]
        ).fetchone()[0]
        assert desks == 400
    assert verify_event(pg_url) == []


def test_another_desk_sees_the_change(pg_url):
    with Event.create(pg_url, "Shared") as a:
        a.import_files(FILES[:3])
        with Event.open(pg_url) as b:
            assert b.poll_external() is False
            number = a.data.entries[0].number
            a.record_time(1, number, elapsed="1:00:00")
            assert b.poll_external() is True
            assert [t.number for t in b.data.times] == [number]


def test_read_only_on_a_server_changes_nothing(pg_url):
    with Event.create(pg_url, "RO") as ev:
        ev.import_files(FILES[:3])
    with Event.open(pg_url, readonly=True) as ev:
        with pytest.raises(StoreError, match="read-only"):
            ev.record_time(1, ev.data.entries[0].number, elapsed="1:00:00")
        # below the store's own check, the server itself refuses a write
        with pytest.raises(StoreError, match="read-only transaction"):
            ev.store.db.execute("DELETE FROM desk_settings")


def test_a_lost_connection_keeps_the_change_until_the_desk_reconnects(pg_url, pg_server):
    """The server drops the desk's connection (restart, network): the change is kept in the
    desk's outbox (nothing half-written on the server), and sent once on reconnecting."""
    with Event.create(pg_url, "Lost") as ev:
        ev.import_files(FILES[:3])
        number = ev.data.entries[0].number
        dbname = pg_url.rsplit("/", 1)[1]
        pg_server.psql(
            pg_server.url("postgres"),
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            f" WHERE datname = '{dbname}' AND pid <> pg_backend_pid()",
        )
        # kept in the outbox, or (issue 23) written on a connection the next statement dialled
        # again once the lost one was found closed: never half-written, never twice
        ev.record_time(1, number, elapsed="3:00:00")
        if ev.pending_changes():
            with Event.open(pg_url, readonly=True) as other:
                assert other.data.times == ()  # not on the server yet, and nothing half-written
        assert ev.try_reconnect() is True and ev.pending_changes() == 0
    with Event.open(pg_url) as ev:
        assert [t.elapsed_ms for t in ev.data.times] == [3 * 3_600_000]
    assert verify_event(pg_url) == []


# ----------------------------------------------------------------------------- verify


def test_verify_a_server_event(pg_url, capsys):
    with full_event(pg_url) as ev:
        digest = ev.state_digest()
    assert verify_event(pg_url, [digest]) == []
    assert main(["verify", pg_url, "--anchor", digest]) == 0
    assert "ok" in capsys.readouterr().err


def test_verify_names_a_journal_row_changed_with_psql(pg_url, pg_server, capsys):
    with full_event(pg_url):
        pass
    # the append-only trigger refuses an ordinary UPDATE ...
    with pytest.raises(RuntimeError, match="append-only"):
        pg_server.psql(pg_url, "UPDATE journal SET reason = 'nothing' WHERE id = 5")
    # ... a superuser going round it is caught by the chain
    pg_server.psql(
        pg_url,
        "SET session_replication_role = replica; UPDATE journal SET reason = 'nothing' WHERE id = 5",
    )
    findings = verify_event(pg_url)
    assert any("journal row 5" in f and "altered" in f for f in findings), findings
    assert main(["verify", pg_url]) == 1
    err = capsys.readouterr().err
    assert "journal row 5" in err and "Traceback" not in err


def test_verify_names_a_time_changed_with_psql(pg_url, pg_server):
    with full_event(pg_url) as ev:
        t = next(t for t in ev.data.times if t.status == "OK")
    change = f"UPDATE stage_times SET elapsed_ms = elapsed_ms - 60000 WHERE stage = {t.stage} AND number = {t.number}"
    with pytest.raises(RuntimeError, match="without its journal row"):  # the server refuses it
        pg_server.psql(pg_url, change)
    # a superuser can still switch the server's triggers off: verify finds what it did then
    pg_server.psql(pg_url, "SET session_replication_role = replica; " + change)
    findings = verify_event(pg_url)
    assert any(f"stage {t.stage} #{t.number}: changed behind" in f for f in findings), findings


def test_verify_names_a_journal_cut_back_after_its_anchor(pg_url, pg_server, tmp_path):
    """A pull anchors the server's head (like a backup); cutting the journal's tail and the
    change together, so that the chain and the tables agree again, is still found."""
    with full_event(pg_url):
        pass
    pull_event(pg_url, tmp_path)
    head = rows_of(pg_url, "SELECT max(id) FROM journal")[0][0]
    last = rows_of(pg_url, f"SELECT action, old FROM journal WHERE id = {head}")[0]
    assert last[0] == "publication.add"
    pg_server.psql(
        pg_url,
        "SET session_replication_role = replica;"
        f" DELETE FROM journal WHERE id = {head}; DELETE FROM publications;",
    )
    findings = verify_event(pg_url)
    assert any(f"journal row {head}" in f and "cut back" in f for f in findings), findings


def test_verify_names_a_disabled_trigger(pg_url, pg_server):
    with Event.create(pg_url, "Triggers"):
        pass
    pg_server.psql(pg_url, "ALTER TABLE journal DISABLE TRIGGER journal_no_update")
    assert any("trigger journal_no_update is missing" in f for f in verify_event(pg_url))


# ----------------------------------------------------------------------------- push and pull


def test_push_then_pull_round_trips_every_table(tmp_path, pg_url, capsys):
    source = tmp_path / "dakar.rallydesk"
    with full_event(source) as ev:
        head = ev.store.state_digest()
        digest = ev.state_digest()
    assert main(["push", str(source), pg_url]) == 0
    assert f"journal {anchors.digest(*head)}" in capsys.readouterr().err
    assert verify_event(pg_url, [digest]) == []
    with Event.open(pg_url) as ev:
        assert ev.store.state_digest() == head
        ev.login("Rita RESULTS", "2222")  # the officials came along
        # the server draws new ids after the copied ones
        before = {a.id for a in ev.data.adjustments}
        c = ev.data.times[0]
        ev.add_adjustment(c.stage, c.number, "+0:01:00", reason="after the push")
        assert {a.id for a in ev.data.adjustments} - before == {max(before) + 1}
        head_after = ev.store.state_digest()
    out = tmp_path / "back.rallydesk"
    assert main(["pull", pg_url, str(out)]) == 0
    assert verify_event(out) == []
    with Event.open(out, readonly=True) as ev:
        assert ev.store.state_digest() == head_after


def test_push_pull_content_equal(tmp_path, pg_url):
    source = tmp_path / "dakar.rallydesk"
    with full_event(source):
        pass
    push_event(source, pg_url)
    out, digest = pull_event(pg_url, tmp_path)  # a folder: a new time-stamped file in it
    assert out.parent == tmp_path and out.suffix == ".rallydesk"
    assert content(out) == content(source)
    assert verify_event(out, [digest]) == []
    # the pull is anchored like a backup (beside the copy too)
    uid = Event.open(out, readonly=True)
    try:
        found = anchors.find(uid.store.event_uid(), [tmp_path])
    finally:
        uid.close()
    assert any(a.why == "pull" and a.digest == digest for a in found)


def test_push_refuses_a_database_that_is_not_empty(tmp_path, pg_url, capsys):
    source = tmp_path / "e.rallydesk"
    Event.create(source, "E").close()
    with Event.create(pg_url, "Already there"):
        pass
    assert main(["push", str(source), pg_url]) == 1
    err = capsys.readouterr().err
    assert "not empty" in err and "Traceback" not in err
    with Event.open(pg_url, readonly=True) as ev:
        assert ev.data.settings.name == "Already there"


def test_pull_never_replaces_a_file(tmp_path, pg_url, capsys):
    with Event.create(pg_url, "E"):
        pass
    existing = tmp_path / "e.rallydesk"
    existing.write_text("mine")
    assert main(["pull", pg_url, str(existing)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.rallydesk"]  # no temporary left


# ----------------------------------------------------------------------------- addressing


def test_the_cli_works_on_a_url(tmp_path, pg_url, capsys):
    assert main(["new", pg_url, "--name", "Dakar 2026"]) == 0
    assert main(["import", pg_url, *map(str, FILES)]) == 0
    capsys.readouterr()
    assert main(["standings", pg_url, "--stage", "13", "--overall", "--group", "CAR"]) == 0
    out = capsys.readouterr().out
    assert "AL-ATTIYAH" in out.splitlines()[2]
    assert main(["journal", pg_url, "--number", "299", "--stage", "13"]) == 0
    assert "time.record" in capsys.readouterr().out
    assert main(["export", pg_url, str(tmp_path / "s13.xlsx"), "--stage", "13"]) == 0
    assert (tmp_path / "s13.xlsx").stat().st_size > 0


def test_generate_and_demo_write_onto_an_empty_database(pg_server, capsys):
    generated, demo = pg_server.new_database(), pg_server.new_database()
    assert main(["generate", generated, "--entries", "40", "--stages", "3"]) == 0
    assert main(["demo", "--out", demo, "--no-gui"]) == 0
    assert "demo event written to postgresql://" in capsys.readouterr().err
    for url in (generated, demo):
        assert verify_event(url) == []
    with Event.open(generated, readonly=True) as ev:
        assert len(ev.data.entries) == 40 and len(ev.data.stages) == 3
    assert main(["generate", generated, "--entries", "40", "--stages", "3"]) == 1
    assert "not empty" in capsys.readouterr().err


def test_file_only_commands_say_what_to_use(pg_url, tmp_path, capsys):
    """The desk's automatic backups copy a file: on a server, the server's backups are named
    (``backup``, ``backups`` and ``restore`` of a server event: tests/reliability/
    test_server_backups.py)."""
    with Event.create(pg_url, "E") as ev:
        with pytest.raises(RallyDeskError, match=r"rallydesk backups URL --folder DIR"):
            ev.set_backup_folder(tmp_path)
        ev.set_backup_folder(None)  # the desk's settings save says "no backups": nothing to do
        assert ev.backup_now() is None
    for argv, said in (
        (["backups", pg_url], "--folder DIR"),
        (["restore", str(tmp_path / "b.rallydesk"), pg_url], "not a good backup"),
        (["restore", pg_url, str(tmp_path / "b.rallydesk")], "restore works on event files only"),
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert said in err, (argv, err)


def test_an_unreachable_server_is_one_line_without_the_password(capsys):
    url = "postgresql://timer:s3cr3t-pw@127.0.0.1:1/dakar"
    with pytest.raises(StoreError) as refused:
        EventStore.open(url)
    text = str(refused.value)
    assert "127.0.0.1:1" in text and "s3cr3t" not in text and "\n" not in text
    assert main(["standings", url, "--stage", "1"]) == 1
    err = capsys.readouterr().err
    assert "cannot connect to the PostgreSQL server 127.0.0.1:1" in err
    assert "s3cr3t" not in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_password_is_never_shown(pg_server, pg_url, capsys):
    with_pw = pg_url.replace("postgres@", "postgres:hunter2@")  # trust: any password is taken
    with Event.create(with_pw, "E") as ev:
        assert "hunter2" not in str(ev.path) and ev.location.name == pg_url.rsplit("/", 1)[1]
    assert main(["verify", with_pw]) == 0
    assert "hunter2" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "url, says",
    [
        ("postgresql://host:port/db", "not a server address"),
        ("postgresql://127.0.0.1:5432/", "name the event's database"),
    ],
)
def test_a_malformed_url_says_the_form(url, says):
    with pytest.raises(StoreError, match=says) as refused:
        Event.open(url)
    assert "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE" in str(refused.value)


def test_an_empty_or_foreign_database(pg_url, pg_server):
    with pytest.raises(StoreError, match="empty database, no event in it"):
        Event.open(pg_url)
    pg_server.psql(pg_url, "CREATE TABLE other (x int)")
    with pytest.raises(StoreError, match="a database of another program"):
        Event.open(pg_url)
    with pytest.raises(StoreError, match="not empty"):
        Event.create(pg_url, "E")


def test_a_newer_server_event_is_refused(pg_url, pg_server):
    with Event.create(pg_url, "E"):
        pass
    pg_server.psql(
        pg_url,
        "INSERT INTO rallydesk_migrations (migration_set, name, applied_at)"
        " VALUES ('rallydesk', '9999_future', 'now')",
    )
    with pytest.raises(StoreError, match="newer RallyDesk"):
        Event.open(pg_url)


def test_file_users_never_load_psycopg(tmp_path):
    """psycopg is imported only when a URL is opened."""
    path = tmp_path / "e.rallydesk"
    Event.create(path, "E").close()
    code = (
        "import sys; from rallydesk.cli import main; from rallydesk.services import Event;"
        f"main(['verify', {str(path)!r}]); Event.open({str(path)!r}).close();"
        "assert 'psycopg' not in sys.modules, 'psycopg loaded'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ----------------------------------------------------------------------------- two desks, one crew


def test_a_result_changed_by_another_desk_is_never_silently_overwritten(pg_url):
    """Desk A shows #201 without a time; desk B records one; A's Enter must not overwrite it:
    Conflict, nothing written, A's snapshot reloaded; A replaces only with a reason."""
    with Event.create(pg_url, "Two desks") as ev:
        ev.import_files(FILES[:3])
        number = ev.data.entries[0].number
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        shown = a.existing_time(1, number)
        assert shown is None
        b.record_time(1, number, elapsed="3:00:00")
        rows = len(a.journal())
        with pytest.raises(Conflict, match=f"stage 1 #{number} was changed meanwhile") as why:
            a.record_time(1, number, elapsed="3:10:00", expected=shown)
        assert why.value.stored == b.existing_time(1, number)
        assert len(a.journal()) == rows  # nothing written
        assert a.existing_time(1, number).elapsed_ms == 3 * 3_600_000  # reloaded: A sees B's
        a.record_time(
            1, number, elapsed="3:10:00", reason="B keyed the wrong crew", expected=why.value.stored
        )
        assert a.journal(number=number)[-1]["action"] == "time.replace"
        # a deletion meanwhile is a change too
        shown = a.existing_time(1, number)
        b.delete_time(1, number, reason="not this crew")
        with pytest.raises(Conflict, match="changed meanwhile"):
            a.record_time(1, number, elapsed="3:20:00", expected=shown)
        # what the desk saw is still there: the write goes through
        a.record_time(1, number, elapsed="3:20:00", expected=a.existing_time(1, number))
    assert verify_event(pg_url) == []


def test_without_what_the_desk_saw_a_replacement_is_as_before(event_location):
    """Imports and scripts pass no ``expected``: a file event (one writer) behaves as it always did."""
    with Event.create(event_location, "One desk") as ev:
        ev.import_files(FILES[:3])
        number = ev.data.entries[0].number
        ev.record_time(1, number, elapsed="3:00:00")
        ev.record_time(1, number, elapsed="3:00:01", reason="typo")
        assert [r["action"] for r in ev.journal(number=number)][-2:] == [
            "time.record",
            "time.replace",
        ]
        with pytest.raises(Conflict):
            ev.record_time(1, number, elapsed="3:00:02", reason="x", expected=None)


def test_open_event_and_the_desk_take_a_url(pg_url, tmp_path, capsys):
    with rallydesk.new_event(pg_url, "Dakar 2026") as ev:
        ev.import_files(FILES)
        ev.add_official("Ana CLERK", "clerk", "3333")
    with rallydesk.open_event(pg_url, official="Ana CLERK", pin="3333") as ev:
        assert ev.official == Official("Ana CLERK", "clerk")
    shot = tmp_path / "desk.png"
    assert main(["open", pg_url, "--screenshot", str(shot)]) == 0
    assert shot.stat().st_size > 0
    down = "postgresql://timer:pw@127.0.0.1:1/dakar"
    assert main(["open", down, "--screenshot", str(tmp_path / "no.png")]) == 1
    err = capsys.readouterr().err
    assert "cannot connect to the PostgreSQL server 127.0.0.1:1" in err and ":pw@" not in err


def test_without_postgresql_the_tests_skip_but_fail_on_ci(monkeypatch):
    """tests/pg_server.py: a machine without the binaries skips the server tests; CI fails them."""
    import pg_server

    monkeypatch.delenv("CI", raising=False)
    # (a workflow runner without PostgreSQL sets it: see optional_tools.py)
    monkeypatch.delenv("RALLYDESK_TEST_SKIP", raising=False)
    with pytest.raises(pytest.skip.Exception):
        pg_server.unavailable("no initdb")
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception):
        pg_server.unavailable("no initdb")


def test_a_conflict_names_the_desk_and_user_that_wrote_not_the_reader(pg_url, pg_server):
    """Two desks on two PostgreSQL logins: A records, B writes with a stale ``expected``. The
    Conflict names A's user and desk (the journal's ``user`` column), never B's login (an
    unquoted ``user`` is PostgreSQL's ``current_user``)."""
    with Event.create(pg_url, "Two logins") as ev:
        ev.import_files(FILES[:3])
        number = ev.data.entries[0].number
    dbname = pg_url.rsplit("/", 1)[1]
    logins = [f"{dbname}_a", f"{dbname}_b"]
    for login in logins:
        pg_server.psql(pg_url, f'CREATE ROLE "{login}" LOGIN SUPERUSER')
    url_a, url_b = (pg_url.replace("postgres@", f"{login}@") for login in logins)
    a = EventStore.open(url_a, identity=DeskIdentity("desk-A", "anna"))
    b = EventStore.open(url_b, identity=DeskIdentity("desk-B", "bruno"))
    try:
        a.put_time(StageTime(1, number, "OK", 3_600_000, None, None, None, None))
        with pytest.raises(Conflict) as why:
            b.put_time(StageTime(1, number, "OK", 3_700_000, None, None, None, None), expected=None)
        assert why.value.stored_by["user"] == "anna"
        assert why.value.stored_by["desk"] == "desk-A"
        assert b.last_writer(1, number)["user"] == "anna"
    finally:
        a.close()
        b.close()
