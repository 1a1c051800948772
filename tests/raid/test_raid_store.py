"""Issue 26, the store: waypoints, passages, closing passages, an interruption and its undo are
written with their journal rows, read back by a desk that opens the event afresh, and verified —
in a file, then in a database on a PostgreSQL server (``event_location``).

A passage changed behind RallyDesk's back is found by ``verify`` in a file, and refused by the
server itself (its rows are only changed together with their journal row, store/pg_rules.py)."""

from __future__ import annotations

import sqlite3

import pytest
from stores import on_server, rows

from rallydesk.services import Event, verify_event

from .conftest import build, key_finishes

H = 3_600_000
M = 60_000


def story(location) -> list[tuple[int, int | None]]:
    """Keyed times, passages, closed passages, a neutralisation taken back, then a stop at 12:45;
    the stage's classification at the end, as the writing desk sees it."""
    ev = build(location)
    try:
        key_finishes(ev)
        for n, a, b in ((101, "09:00:00", "10:00:00"), (102, "09:10:00", "09:50:00")):
            ev.add_passage(1, n, 1, a)
            ev.add_passage(1, n, 2, b)
        ev.add_passage(1, 101, 3, "11:00:00")
        ev.add_passage(1, 101, 3, "11:01:00", reason="tracking export corrected")
        assert len(ev.close_passages(1, "CAR")) == 4  # 102: WP3; 103: WP1-3; 104, 105 no time
        ev.interrupt(1, "CAR", "D25", "road book error", neutralised=("1", "2"))
        ev.undo_interruption(1, "CAR", "decision replaced")
        ev.interrupt(1, "CAR", "D26", "floods", stopped_at="12:45:00")
        return [(r.number, r.time_ms) for r in ev.classification(1, False, "CAR").rows]
    finally:
        ev.close()


def test_raid_changes_are_stored_journalled_read_back_and_verified(event_location):
    seen = story(event_location)
    with Event.open(event_location, readonly=True) as ev:  # a desk opening it afresh
        assert [(w.number, w.km, w.kind) for w in ev.waypoints(1)] == [
            (1, 100.0, "WPV"),
            (2, 200.0, "WPM"),
            (3, 359.0, "WPS"),
        ]
        times = {r.number: r.times for r in ev.passages(1)}
        assert times[101] == {1: 9 * H, 2: 10 * H, 3: 11 * H + M}
        assert times[102] == {1: 9 * H + 10 * M, 2: 9 * H + 50 * M, 3: None}
        cut = ev.interruption(1, "CAR")
        assert (cut.rule, cut.decision, cut.stopped_at_ms) == ("stopped-at", "D26", 12 * H + 45 * M)
        missed = sorted(
            (a.number, a.reason) for a in ev.adjustments() if a.reason.startswith("missed")
        )
        assert missed == [
            (102, "missed WP3 (km 359)"),
            (103, "missed WP1 (km 100)"),
            (103, "missed WP2 (km 200)"),
            (103, "missed WP3 (km 359)"),
        ]
        assert [(r.number, r.time_ms) for r in ev.classification(1, False, "CAR").rows] == seen
        # 101 and 102 finished before 12:45 (102: + 15' for WP3); 103 after: 102's 4h 28', + 90'
        assert seen == [(101, 4 * H), (102, 4 * H + 43 * M), (103, 5 * H + 58 * M)]
        actions = [(r["action"], r["stage"]) for r in ev.journal(stage=1)]
    for action, count in (
        ("waypoint.put", 3),
        ("passage.set", 6),
        ("adjustment.add", 4),
        ("interruption.add", 2),
        ("interruption.undo", 1),
    ):
        assert actions.count((action, 1)) == count, action
    replaced = rows(
        event_location,
        "SELECT reason FROM journal WHERE action = 'passage.set' AND number = 101"
        " ORDER BY id DESC LIMIT 1",
    )
    assert replaced == [("tracking export corrected",)]
    undone = rows(event_location, "SELECT old FROM journal WHERE action = 'interruption.undo'")
    assert '"D25"' in undone[0][0]  # the journal keeps what was taken back
    assert rows(event_location, "SELECT stage, category, decision FROM interruptions") == [
        (1, "CAR", "D26")
    ]
    assert verify_event(event_location) == []


def test_a_passage_changed_behind_the_journal_is_found_or_refused(event_location):
    story(event_location)
    sql = "UPDATE passages SET time_ms = time_ms - 600000 WHERE number = 102 AND waypoint = 2"
    if on_server(event_location):
        from rallydesk.store import pg

        db = pg.connect(str(event_location))
        try:
            with pytest.raises(Exception, match="without its journal row"):
                db.execute(sql)
                db.execute("COMMIT")
        finally:
            db.close()
        assert verify_event(event_location) == []
    else:
        conn = sqlite3.connect(event_location)
        conn.execute(sql)
        conn.commit()
        conn.close()
        findings = verify_event(event_location)
        assert any("passage of stage 1 #102 at WP2" in f for f in findings), findings
