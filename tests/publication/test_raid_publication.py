"""Issue 26, publication: closing passages or interrupting a stage on an OFFICIAL unit needs the
clerk, and is an amendment like any other change (RULES §8 with the official-unit lock of issue 12).

An interruption names no crew: without ``--category`` it changes every category's stage and every
overall after it, so every one of those official units is locked and then outdated. The event is a
file, then a PostgreSQL database (``event_location``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_publication import as_, make_event, snapshot

from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.waypoints import Waypoint
from rallydesk.services import Event, verify_event
from rallydesk.services import publication as pub

#: Stage 1's two waypoints; each crew's passage at WP1 and WP2 (its segment: 10, 20, 30, 40 min;
#: the bike 15 min). #4 has no passage at WP2: closing the passages costs it the WPM penalty.
PASSAGES = {
    1: ("09:00:00", "09:10:00"),
    2: ("09:00:00", "09:20:00"),
    3: ("09:00:00", "09:30:00"),
    4: ("09:00:00", None),
    50: ("09:00:00", "09:15:00"),
}


def raid_event(location: Path | str) -> Path | str:
    """``make_event`` (Cars 1–4 one second apart, Bike 50, stages 1 and 2) with waypoints and
    passages on stage 1, times on stage 2, and every unit (1 and 2, Cars and Bikes) OFFICIAL."""
    make_event(location)
    with as_(location, "Rita RESULTS") as ev:
        ev.set_waypoints(1, [Waypoint(1, 1, 100.0, "WPV"), Waypoint(1, 2, 200.0, "WPM")])
        for number, times in PASSAGES.items():
            for waypoint, at in enumerate(times, start=1):
                if at is not None:
                    ev.add_passage(1, number, waypoint, at)
        for n in (1, 2, 3, 4, 50):
            ev.record_time(stage=2, number=n, elapsed=f"2:00:0{n % 10}")
        for stage in (1, 2):
            for cat in ("CAR", "BIKE"):
                ev.publish(stage, cat)
    with as_(location, "Ana CLERK") as ev:
        for stage in (1, 2):
            for cat in ("CAR", "BIKE"):
                ev.publish(stage, cat, "official", confirm_early=True)
                assert not ev.unit_state(stage, cat)["outdated"]
    return location


@pytest.fixture
def official(event_location) -> Path | str:
    return raid_event(event_location)


def raid_snapshot(path: Path | str) -> tuple:
    from stores import rows

    return (
        snapshot(path),
        tuple(
            sorted(rows(path, f"SELECT * FROM {t}"), key=repr)
            for t in ("waypoints", "passages", "interruptions")
        ),
    )


def outdated(ev: Event) -> set[tuple[int, str]]:
    return {(u.stage, u.category) for u in pub.units(ev) if u.outdated}


# ----------------------------------------------------------------------------- closing passages


def test_closing_passages_on_an_official_unit_needs_the_clerk_then_is_amended(official):
    before = raid_snapshot(official)
    with as_(official, "Rita RESULTS") as ev:
        # the dry run shows what it would add; it writes nothing, so it needs nobody
        shown = ev.close_passages(1, "CAR", dry_run=True)
        assert [(m.number, m.waypoint) for m in shown] == [(4, 2)]
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.close_passages(1, "CAR")
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.close_passages(1)  # every category: one refusal refuses them all
        assert outdated(ev) == set()
    assert raid_snapshot(official) == before
    with as_(official, "Ana CLERK") as ev:
        added = ev.close_passages(1, "CAR")
        assert [(m.number, m.amount_ms) for m in added] == [(4, 3_600_000)]
        # the penalty moves #4 in Cars on stage 1 and in every overall after it; bikes untouched
        assert outdated(ev) == {(1, "CAR"), (2, "CAR")}
        v = ev.amend(1, "CAR", "missed waypoints")
        assert (v["version"], v["status"]) == (3, "amended")
        ev.amend(2, "CAR", "missed waypoints on stage 1")
        assert outdated(ev) == set()
        sheet = ev.version_document(1, "CAR", 3).sheets[0]
        block = next(b for b in sheet.blocks if b.key == "amended")
        assert "#4" in block.text and "penalty" in block.text
        # the amended version is locked in its turn
    with as_(official, "Rita RESULTS") as ev:
        penalty = next(a for a in ev.adjustments() if a.number == 4)
        with pytest.raises(RallyDeskError, match="stage 1 CAR v3, stage 2 CAR v3 is official"):
            ev.revoke_adjustment(penalty.id, "tracking gap")
    assert verify_event(official) == []


# ----------------------------------------------------------------------------- interruptions


def test_an_interruption_on_official_units_needs_the_clerk_then_every_unit_is_amended(official):
    before = raid_snapshot(official)
    cut = {"decision": "D7", "reason": "road-book error", "neutralised": ("1", "2")}
    with as_(official, "Rita RESULTS") as ev:
        # the dry run shows the classification before and after; it writes nothing
        shown_before, shown_after = ev.interrupt(1, None, dry_run=True, **cut)
        assert [c.category for c in shown_after] == ["CAR", "BIKE"]
        assert shown_before[0].rows != shown_after[0].rows
        for category in (None, "CAR", "BIKE"):
            with pytest.raises(RallyDeskError, match="clerk of the course"):
                ev.interrupt(1, category, **cut)
    assert raid_snapshot(official) == before
    with as_(official, "Ana CLERK") as ev:
        ev.interrupt(1, None, **cut)
        # no crew is named: every category's stage 1 and every overall after it change
        assert outdated(ev) == {(1, "CAR"), (1, "BIKE"), (2, "CAR"), (2, "BIKE")}
        for stage in (1, 2):
            for cat in ("CAR", "BIKE"):
                v = ev.amend(stage, cat, "stewards' decision D7")
                assert v["status"] == "amended"
        assert outdated(ev) == set()
        amended = ev.version_document(2, "BIKE", 3)
    overall = next(s for s in amended.sheets if s.scope == "overall")
    assert any("D7" in n for n in overall.notices)
    # taking it back is a change of the (amended) official units too
    with as_(official, "Rita RESULTS") as ev:
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.undo_interruption(1, None, "decision withdrawn")
        assert ev.interruption(1, "BIKE") is not None
    with as_(official, "Ana CLERK") as ev:
        ev.undo_interruption(1, None, "decision withdrawn")
        assert outdated(ev) == {(1, "CAR"), (1, "BIKE"), (2, "CAR"), (2, "BIKE")}
    assert verify_event(official) == []


def test_a_passage_on_an_official_unit_needs_the_clerk(official):
    """A passage changes an interrupted stage's times (at a waypoint, neutralised): locked too."""
    before = raid_snapshot(official)
    with as_(official, "Tim KEEPER") as ev:
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.add_passage(1, 4, 2, "09:40:00")
    with as_(official, "Rita RESULTS") as ev:
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.set_waypoints(1, [Waypoint(1, 1, 100.0, "WPV")])
    assert raid_snapshot(official) == before
    with as_(official, "Ana CLERK") as ev:
        ev.add_passage(1, 4, 2, "09:40:00", reason="tracking export late")
    assert verify_event(official) == []


def test_an_interruption_that_changes_no_time_still_outdates_the_official_sheets(official):
    """The stewards' decision prints on the stage's sheets and on every overall after it (RULES
    §8): an official sheet that does not print it is out of date even when no time moved."""
    with as_(official, "Ana CLERK") as ev:
        # every car finished before 23:00 (their times are elapsed ones): no time is given
        before = [r.time_ms for r in ev.classification(1, False, "CAR").rows]
        ev.interrupt(1, "CAR", "D9", "sandstorm", stopped_at="23:00:00")
        assert [r.time_ms for r in ev.classification(1, False, "CAR").rows] == before
        assert ev.interruption_lines(1, "CAR") and ev.interruption_lines(2, "CAR", overall=True)
        assert outdated(ev) == {(1, "CAR"), (2, "CAR")}
        ev.amend(1, "CAR", "stewards' decision D9")
        ev.amend(2, "CAR", "stewards' decision D9")
        stage_sheet = ev.version_document(1, "CAR", 3).sheets[0]
        assert any("D9" in n for n in stage_sheet.notices)
        block = next(b for b in stage_sheet.blocks if b.key == "amended")  # says why
        assert "stewards' decision D9" in block.title and "D9" in block.text
        assert outdated(ev) == set()


# ----------------------------------------------------------------------------- notices


def test_notices_of_the_publication_itself_never_outdate_a_unit(event_location):
    """Page 1's notices that only stamp a version (the protest deadline, the status in "PROVISIONAL
    v1 — 3 crew(s) without a time") differ from the live sheets by nature: not a change."""
    path = make_event(event_location, protest_minutes=30)
    with as_(path, "Rita RESULTS") as ev:
        ev.record_time(stage=2, number=1, elapsed="1:00:00")  # 2, 3, 4 have no time on stage 2
        ev.publish(2, "CAR")
        published = ev.version_document(2, "CAR", 1).sheets[0].notices
        live = pub.live_unit(ev, 2, "CAR").sheets[0].notices
        assert any("without a time" in n for n in published)
        assert any(n.startswith("Protests until ") for n in published)
        assert published != live  # the stamp: PROVISIONAL v1 and the deadline
        assert not ev.unit_state(2, "CAR")["outdated"]
    with as_(path, "Ana CLERK") as ev:  # nor do they count as data changed since provisional
        assert ev.publish(2, "CAR", "official", confirm_early=True)["version"] == 2
        assert not ev.unit_state(2, "CAR")["outdated"]


def test_an_official_overall_after_the_stage_locks_it_even_when_the_stage_is_not(
    event_location,
):
    """Stage 2 CAR official (its overall counts stage 1), stage 1 only provisional: closing the
    passages or interrupting stage 1 changes that overall, so it needs the clerk."""
    path = make_event(event_location)
    with as_(path, "Rita RESULTS") as ev:
        ev.set_waypoints(1, [Waypoint(1, 1, 100.0, "WPV")])
        for n in (1, 2, 3, 4, 50):
            ev.record_time(stage=2, number=n, elapsed=f"2:00:0{n % 10}")
        ev.publish(1, "CAR")
        ev.publish(2, "CAR")
    with as_(path, "Ana CLERK") as ev:
        ev.publish(2, "CAR", "official", confirm_early=True)
    before = raid_snapshot(path)
    with as_(path, "Rita RESULTS") as ev:
        with pytest.raises(RallyDeskError, match="stage 2 CAR v2 is official"):
            ev.close_passages(1, "CAR")
        with pytest.raises(RallyDeskError, match="stage 2 CAR v2 is official"):
            ev.interrupt(1, "CAR", "D3", "floods", at_waypoint=1)
    assert raid_snapshot(path) == before
    with as_(path, "Ana CLERK") as ev:
        ev.close_passages(1, "CAR")  # nobody passed WP1: every car +15'
        assert outdated(ev) == {(1, "CAR"), (2, "CAR")}
        assert ev.amend(2, "CAR", "missed WP1")["status"] == "amended"
    assert verify_event(path) == []
