"""A keyed time on an event file in one transaction on the connection (FileBackend.put_time_once,
issue 25): it writes only over the result the desk's snapshot holds; a change id already applied
is answered, not applied again; its journal rows are the ones the long way writes (verify)."""

from __future__ import annotations

from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event, verify_event
from rallydesk.store.rows import time_row


def _event(tmp_path):
    ev = Event.create(tmp_path / "e.rallydesk", "Baja")
    ev.put_group(Group("CAR", "Cars"))
    ev.put_stage(Stage(1, "SS1"))
    ev.put_entry(Entry(1, "CAR", (CrewMember("driver", "A"),)))
    return ev


def test_a_keyed_time_goes_the_one_transaction_way_and_verifies(tmp_path, monkeypatch):
    ev = _event(tmp_path)
    calls = []
    db = ev.store.db
    original = db.put_time_once
    monkeypatch.setattr(
        db, "put_time_once", lambda *a, **k: calls.append(original(*a, **k)) or calls[-1]
    )
    try:
        ev.record_time(1, 1, elapsed="3:00:00")
        ev.record_time(1, 1, elapsed="3:00:01", reason="timing sheet")
        assert [c[0] for c in calls] == ["done", "done"]
        assert ev.existing_time(1, 1).elapsed_ms == 3 * 3_600_000 + 1000
        rows = ev.journal()
        assert [r.action for r in rows[-2:]] == ["time.record", "time.replace"]
    finally:
        ev.close()
    assert verify_event(tmp_path / "e.rallydesk") == []


def test_a_stale_snapshot_or_an_applied_change_writes_nothing(tmp_path):
    ev = _event(tmp_path)
    try:
        t = ev.record_time(1, 1, elapsed="3:00:00", change_id="from-a-script")
        db, store = ev.store.db, ev.store
        before = len(ev.journal())
        row = dict(time_row(t), elapsed_ms=1, updated_at="2026-01-01T00:00:00.000Z", updated_by="x")
        journal_row = {"change_id": None}
        # the desk believed there was no result: stale, nothing written
        assert db.put_time_once(None, row, journal_row) == ("stale", None)
        # it saw another result than the stored one (a field differs; a NULL against a value)
        for seen in (
            dict(time_row(t), elapsed_ms=t.elapsed_ms + 1),
            dict(time_row(t), reason="another"),
            dict(time_row(t), number=2),  # a result where none is stored
        ):
            assert db.put_time_once(seen, dict(row, number=seen["number"]), journal_row) == (
                "stale",
                None,
            )
        # a change id already applied (not made for this write): answered, not applied again
        applied = store.db.one("SELECT change_id FROM applied_changes ORDER BY journal_id DESC")
        assert applied == {"change_id": "from-a-script"}
        assert db.put_time_once(time_row(t), row, {"change_id": "from-a-script"}) == (
            "applied",
            None,
        )
        assert len(ev.journal()) == before and not db.in_transaction
        assert store.db.one("SELECT elapsed_ms FROM stage_times")["elapsed_ms"] == 3 * 3_600_000
    finally:
        ev.close()


def test_a_change_id_only_where_the_change_can_be_sent_again(tmp_path):
    """An event file has no outbox: a write the caller gave no id is never sent twice, so it
    gets none (no applied_changes row); an id the caller gives is kept and a resend answered."""
    from types import SimpleNamespace

    from rallydesk.services import sync

    ev = _event(tmp_path)
    try:
        ev.record_time(1, 1, elapsed="3:00:00")
        ev.add_adjustment(1, 1, "+1'", reason="speeding")
        assert ev.store.db.one("SELECT count(*) AS n FROM applied_changes") == {"n": 0}
        assert (
            ev.store.db.one("SELECT count(*) AS n FROM journal WHERE change_id IS NOT NULL")["n"]
            == 0
        )
        ev.record_time(1, 1, elapsed="3:00:05", reason="sheet", change_id="c-1")
        length = len(ev.journal())
        ev.record_time(1, 1, elapsed="3:00:05", reason="sheet", change_id="c-1")  # resent
        assert len(ev.journal()) == length
        assert ev.store.db.one("SELECT change_id FROM applied_changes") == {"change_id": "c-1"}
    finally:
        ev.close()
    assert verify_event(tmp_path / "e.rallydesk") == []
    with_outbox, without = SimpleNamespace(outbox=object()), SimpleNamespace(outbox=None)
    made = sync.change_id_for(with_outbox, None)  # type: ignore[arg-type]
    assert made and made != sync.change_id_for(with_outbox, None)  # type: ignore[arg-type]
    assert sync.change_id_for(without, None) is None  # type: ignore[arg-type]
    assert sync.change_id_for(without, "given") == "given"  # type: ignore[arg-type]


def test_the_journal_head_kept_after_a_keyed_time_is_read_again_after_any_other_write(tmp_path):
    """A keyed time keeps the journal head it committed (not read again for the next keyed
    time); any other write in between (a penalty, an entry, a batch, one rolled back) moves the
    connection's count of changes, and the head is read again: the chain never forks."""
    ev = _event(tmp_path)
    try:
        ev.put_entry(Entry(2, "CAR", (CrewMember("driver", "B"),)))
        ev.record_time(1, 1, elapsed="3:00:00")
        ev.record_time(1, 2, elapsed="3:00:01")  # the kept head
        ev.add_adjustment(1, 1, "+1'", reason="speeding")  # the general path's journal row
        ev.record_time(1, 1, elapsed="3:00:02", reason="sheet")
        try:
            with ev.batch():
                ev.record_time(1, 2, elapsed="3:00:03", reason="sheet")
                raise RuntimeError("the batch fails")
        except RuntimeError:
            pass
        ev.record_time(1, 2, elapsed="3:00:04", reason="sheet")
        ev.put_entry(Entry(3, "CAR", (CrewMember("driver", "C"),)))
        ev.record_time(1, 3, elapsed="3:00:05")
        ids = [r["id"] for r in ev.store.db.query("SELECT id FROM journal ORDER BY id")]
        assert ids == list(range(1, len(ids) + 1))
        assert ev.existing_time(1, 2).elapsed_ms == 3 * 3_600_000 + 4000
    finally:
        ev.close()
    assert verify_event(tmp_path / "e.rallydesk") == []
