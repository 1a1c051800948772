"""The event file: durable writes, journal in the same transaction, schema versions, verify.

Tests taking ``event_location`` run on a file and on a PostgreSQL database; the others are about
the file itself (SQLite, WAL, frozen schema files, tampering with sqlite3)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import Entry, Group, Stage, StageTime
from rallydesk.services import Event
from rallydesk.store.eventstore import EventStore, StoreError
from rallydesk.store.schema import schema_version
from rallydesk.store.verify import verify

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def small_event(path: Path) -> Event:
    ev = Event.create(path, "Baja test")
    ev.put_group(Group("CAR", "Cars"))
    ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
    ev.put_stage(Stage(1, "Loop"))
    ev.put_stage(Stage(2, "Back"))
    for n in (201, 202, 203):
        ev.put_entry(Entry(n, "T1"))
    return ev


def test_record_time_is_on_disk_for_another_connection(event_path):
    with small_event(event_path) as ev:
        ev.record_time(stage=1, number=201, elapsed="3:08:29")
        # a second, independent connection sees it at once: it was committed
        other = sqlite3.connect(event_path)
        assert other.execute("SELECT elapsed_ms FROM stage_times").fetchall() == [(11309000,)]
        other.close()


def test_every_change_is_journalled_with_old_and_new(event_location):
    with small_event(event_location) as ev:
        ev.record_time(stage=1, number=201, elapsed="3:08:29")
        ev.record_time(stage=1, number=201, elapsed="3:08:30", reason="transponder check")
        rows = ev.journal(number=201)
        actions = [r["action"] for r in rows]
        assert actions == ["entry.put", "time.record", "time.replace"]
        assert '"elapsed_ms": 11309000' in rows[2]["old"]
        assert '"elapsed_ms": 11310000' in rows[2]["new"]
        assert rows[2]["reason"] == "transponder check"
        assert rows[2]["user"] == "test-timekeeper" and rows[2]["desk"] == "test-desk"


def test_journal_is_append_only(event_path):
    small_event(event_path).close()
    conn = sqlite3.connect(event_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE journal SET reason = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM journal")
    conn.close()


def test_failed_write_leaves_no_journal_row(event_location):
    with small_event(event_location) as ev:
        before = len(ev.journal())
        with pytest.raises(RallyDeskError):
            ev.record_time(stage=1, number=999, elapsed="3:00:00")
        with pytest.raises(RallyDeskError):
            ev.record_time(stage=1, number=201, elapsed="3:0x:00")
        # past the services' checks, the database itself refuses (an entry that does not exist):
        # the change and its journal row go together, or neither
        with pytest.raises(StoreError, match="NOT recorded"):
            ev.store.put_time(StageTime(1, 999, "OK", 10_800_000))
        assert len(ev.journal()) == before
        assert ev.store.load().times == ()


def test_wal_and_synchronous_full(event_path):
    with small_event(event_path) as ev:
        assert ev.store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ev.store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_newer_file_is_refused_clearly(event_path):
    small_event(event_path).close()
    conn = sqlite3.connect(event_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('rallydesk', '0999_future', 'x')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer RallyDesk"):
        EventStore.open(event_path)
    assert any("newer RallyDesk" in f for f in verify(event_path))


def test_not_an_event_file(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(StoreError, match="not a RallyDesk event file"):
        EventStore.open(other)
    text = tmp_path / "notes.rallydesk"
    text.write_text("hello")
    with pytest.raises(StoreError):
        EventStore.open(text)


@pytest.mark.parametrize(
    "fixture", sorted(FIXTURES.glob("schema-*.rallydesk")), ids=lambda p: p.name
)
def test_every_frozen_schema_opens_and_migrates(tmp_path, fixture):
    """TagStudio's rule: a file of every schema version we ever wrote still opens."""
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with Event.open(path) as ev:
        assert ev.data.settings.name
        assert (
            ev.store.db.execute(
                "SELECT count(*) FROM _sqlite_migrations WHERE migration_set='rallydesk'"
            ).fetchone()[0]
            == schema_version()
        )
    assert verify(path) == []


def test_frozen_fixture_exists_for_current_schema():
    assert (FIXTURES / f"schema-{schema_version()}.rallydesk").exists()


def test_verify_good_file(event_location):
    with small_event(event_location) as ev:
        ev.record_time(stage=1, number=201, elapsed="3:08:29")
        ev.add_adjustment(stage=1, number=201, amount="+0:00:10", reason="speeding")
    assert verify(event_location) == []


def test_verify_finds_a_time_edited_behind_our_back(event_path):
    with small_event(event_path) as ev:
        ev.record_time(stage=1, number=201, elapsed="3:08:29")
        ev.record_time(stage=1, number=202, elapsed="3:09:00")
    conn = sqlite3.connect(event_path)
    conn.execute("UPDATE stage_times SET elapsed_ms = elapsed_ms - 60000 WHERE number = 202")
    conn.commit()
    conn.close()
    findings = verify(event_path)
    assert (
        len(findings) == 1
        and "stage 1 #202" in findings[0]
        and "behind RallyDesk's back" in findings[0]
    )


def test_verify_finds_an_altered_journal_row(event_path):
    with small_event(event_path) as ev:
        ev.record_time(stage=1, number=201, elapsed="3:08:29")
    conn = sqlite3.connect(event_path)
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET user = 'someone else' WHERE id = 3")
    conn.commit()
    conn.close()
    findings = verify(event_path)
    assert any("journal row 3" in f and "altered" in f for f in findings)


def test_verify_damaged_file(event_path, tmp_path):
    with small_event(event_path) as ev:
        for n in (201, 202, 203):
            ev.record_time(stage=1, number=n, elapsed="3:08:29")
    data = bytearray(event_path.read_bytes())
    truncated = tmp_path / "truncated.rallydesk"
    truncated.write_bytes(data[: len(data) // 2])
    assert verify(truncated)
    garbage = tmp_path / "garbage.rallydesk"
    garbage.write_bytes(b"\x00" * 100)
    assert verify(garbage)
