"""RULES §8, one hand-made test per sentence (each fails when its sentence is not implemented)."""

from __future__ import annotations

import pytest

from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import NominalRule
from rallydesk.domain.waypoints import Waypoint

from .conftest import build

H = 3_600_000
M = 60_000


def stage_rows(ev, stage=1):
    return [(r.number, r.time_ms) for r in ev.classification(stage, False, "CAR").rows]


def keyed(ev):
    """101: 08:00→12:00 (4h), 102: 08:02→12:30, 103: 08:04→13:00."""
    ev.record_time(1, 101, start="08:00:00", finish="12:00:00")
    ev.record_time(1, 102, start="08:02:00", finish="12:30:00")
    ev.record_time(1, 103, start="08:04:00", finish="13:00:00")


def test_a_stage_may_list_waypoints_number_km_and_kind(raid):
    assert [(w.number, w.km, w.kind) for w in raid.waypoints(1)] == [
        (1, 100.0, "WPV"),
        (2, 200.0, "WPM"),
        (3, 359.0, "WPS"),
    ]
    with pytest.raises(RallyDeskError, match="WPV, WPM, WPE, WPS, WPC"):
        raid.set_waypoints(1, [Waypoint(1, 1, 10.0, "WPX")])


def test_each_kind_has_a_missed_waypoint_penalty_an_event_setting_with_defaults(raid):
    assert raid.missed_penalties() == {
        "WPV": 15 * M,
        "WPM": 60 * M,
        "WPE": 60 * M,
        "WPS": 15 * M,
        "WPC": 15 * M,
    }
    raid.set_missed_penalty("WPV", "0:20:00")
    assert raid.missed_penalties()["WPV"] == 20 * M
    assert raid.missed_penalties()["WPM"] == 60 * M


def test_a_passage_is_a_crews_time_of_day_at_a_waypoint(raid):
    raid.add_passage(1, 101, 2, "10:15:30")
    rows = {r.number: r for r in raid.passages(1)}
    assert rows[101].times == {1: None, 2: 10 * H + 15 * M + 30_000, 3: None}
    assert rows[101].missing == [1, 3]
    with pytest.raises(RallyDeskError, match="no waypoint 9"):
        raid.add_passage(1, 101, 9, "10:00:00")


def test_closing_the_passages_penalises_every_ok_crew_once_per_missed_waypoint(raid):
    keyed(raid)
    raid.record_time(1, 104, status="DNF")
    for wp in (1, 2, 3):
        raid.add_passage(1, 101, wp, f"{8 + wp:02d}:00:00")
    raid.add_passage(1, 102, 1, "09:10:00")
    raid.add_passage(1, 102, 3, "11:30:00")
    shown = raid.close_passages(1, "CAR", dry_run=True)
    assert raid.adjustments() == []  # a dry run writes nothing
    added = raid.close_passages(1, "CAR")
    assert added == shown
    got = sorted((a.number, a.amount_ms, a.reason, a.applies_to) for a in raid.adjustments())
    assert got == [
        (102, 60 * M, "missed WP2 (km 200)", "stage"),
        (103, 15 * M, "missed WP1 (km 100)", "stage"),
        (103, 15 * M, "missed WP3 (km 359)", "stage"),
        (103, 60 * M, "missed WP2 (km 200)", "stage"),
    ]  # 101 passed all, 104 is DNF
    assert dict(stage_rows(raid))[102] == 4 * H + 28 * M + 60 * M
    # again after a new passage: only the difference, never twice
    raid.add_passage(1, 105, 1, "09:00:00")
    assert raid.close_passages(1, "CAR") == []


def test_missed_waypoint_penalties_are_adjustments_like_any_other(raid):
    keyed(raid)
    raid.close_passages(1, "CAR")
    first = raid.adjustments()[0]
    assert first.kind == "penalty" and first.reason.startswith("missed WP")
    assert any(r["action"] == "adjustment.add" for r in raid.journal(number=first.number))
    raid.revoke_adjustment(first.id, "tracking gap, passage confirmed")
    live = [a for a in raid.adjustments() if a.revoked_at is None]
    assert first.id not in [a.id for a in live]


def test_a_stage_can_be_interrupted_by_a_stewards_decision(raid):
    keyed(raid)
    raid.interrupt(1, "CAR", "D12", "floods", stopped_at="12:45:00")
    cut = raid.interruption(1, "CAR")
    assert (cut.decision, cut.reason, cut.rule) == ("D12", "floods", "stopped-at")
    assert cut.decided_at
    assert any(r["action"] == "interruption.add" for r in raid.journal(stage=1))


def test_exactly_one_rule_applies_per_stage_and_category(raid):
    keyed(raid)
    with pytest.raises(RallyDeskError, match="exactly one rule"):
        raid.interrupt(1, "CAR", "D1", "x", at_waypoint=3, stopped_at="12:00:00")
    raid.interrupt(1, "CAR", "D1", "floods", at_waypoint=3)
    with pytest.raises(RallyDeskError, match="already interrupted"):
        raid.interrupt(1, "CAR", "D2", "floods", stopped_at="12:00:00")
    raid.undo_interruption(1, "CAR", "wrong decision")
    raid.interrupt(1, "CAR", "D2", "floods", stopped_at="12:45:00")
    assert raid.interruption(1, "CAR").decision == "D2"


def test_at_waypoint_raw_time_is_the_passage_at_w_minus_the_start(raid):
    keyed(raid)
    raid.add_passage(1, 101, 2, "10:00:00")
    raid.add_passage(1, 102, 2, "10:32:00")
    raid.add_passage(1, 103, 2, "10:04:00")
    raid.interrupt(1, "CAR", "D7", "road book error", at_waypoint=2)
    assert stage_rows(raid) == [(101, 2 * H), (103, 2 * H), (102, 2 * H + 30 * M)]


def test_at_waypoint_a_crew_with_no_passage_at_w_is_dnf_with_the_stages_nominal(event_location):
    ev = build(event_location, nominal=NominalRule("fixed", 10 * H))
    keyed(ev)
    ev.record_time(2, 101, elapsed="1:00:00")
    ev.record_time(2, 103, elapsed="1:00:00")
    ev.add_passage(1, 101, 2, "10:00:00")
    ev.interrupt(1, "CAR", "D7", "floods", at_waypoint=2)
    c = ev.classification(1, False, "CAR")
    assert [r.number for r in c.rows] == [101]
    assert {(n.number, n.status) for n in c.not_classified} >= {(102, "DNF"), (103, "DNF")}
    overall = {r.number: r for r in ev.classification(2, True, "CAR").rows}
    assert overall[103].nominal and overall[103].time_ms == 10 * H + 1 * H
    ev.close()


def test_at_waypoint_waypoints_after_w_are_never_missed(raid):
    keyed(raid)
    raid.add_passage(1, 101, 1, "09:00:00")
    raid.interrupt(1, "CAR", "D7", "floods", at_waypoint=1)
    assert [(m.number, m.waypoint) for m in raid.close_passages(1, "CAR", dry_run=True)] == []


def test_stopped_at_a_crew_finished_before_t_keeps_its_time_the_others_get_the_last_ones(raid):
    keyed(raid)
    raid.record_time(1, 104, start="08:06:00", finish="12:40:00")  # 4h34, last before 12:45
    raid.interrupt(1, "CAR", "D13", "floods", stopped_at="12:45:00")
    rows = dict(stage_rows(raid))
    assert rows[101] == 4 * H  # finished before T: kept
    assert rows[102] == 4 * H + 28 * M
    assert rows[104] == 4 * H + 34 * M
    assert rows[103] == 4 * H + 34 * M  # finished 13:00, after T: the time of #104


def test_neutralised_raw_time_less_the_segment_plus_n_shortest_by_default(raid):
    keyed(raid)
    # segment WP1–WP2: 101 took 1:00, 102 0:40, 103 0:30 (the shortest: N)
    for n, a, b in ((101, "09:00:00", "10:00:00"), (102, "09:10:00", "09:50:00")):
        raid.add_passage(1, n, 1, a)
        raid.add_passage(1, n, 2, b)
    raid.add_passage(1, 103, 1, "09:20:00")
    raid.add_passage(1, 103, 2, "09:50:00")
    raid.interrupt(1, "CAR", "D25", "road book error", neutralised=("1", "2"))
    rows = dict(stage_rows(raid))
    assert rows[101] == 4 * H - 60 * M + 30 * M
    assert rows[102] == 4 * H + 28 * M - 40 * M + 30 * M
    assert rows[103] == 4 * H + 56 * M  # its own segment was N: unchanged
    raid.undo_interruption(1, "CAR", "decision taken back")
    raid.interrupt(1, "CAR", "D26", "road book error", neutralised=("1", "2"), neutral="0:45:00")
    assert dict(stage_rows(raid))[101] == 4 * H - 60 * M + 45 * M


def test_neutralised_a_crew_missing_a_or_b_keeps_its_time_and_is_listed(raid):
    keyed(raid)
    raid.add_passage(1, 101, 1, "09:00:00")
    raid.add_passage(1, 101, 2, "10:00:00")
    raid.add_passage(1, 102, 1, "09:10:00")  # no passage at WP2
    raid.interrupt(1, "CAR", "D25", "road book error", neutralised=("1", "2"))
    assert dict(stage_rows(raid))[102] == 4 * H + 28 * M
    assert 102 in raid.for_stewards(1, "CAR")


def test_the_rule_reference_and_n_or_t_print_on_the_stage_and_every_later_overall(raid):
    keyed(raid)
    for n in (101, 102, 103):
        raid.record_time(2, n, elapsed="1:00:00")
    raid.interrupt(1, "CAR", "D13", "floods", stopped_at="12:45:00")
    stage_line = raid.interruption_lines(1, "CAR", overall=False)
    assert stage_line and "D13" in stage_line[0] and "12:45:00" in stage_line[0]
    assert "4h 28' 00''" in stage_line[0]  # T: the time given
    later = raid.interruption_lines(2, "CAR", overall=True)
    assert later and "D13" in later[0]
    assert raid.interruption_lines(2, "CAR", overall=False) == []


def test_max_plus_gives_the_maximum_time_plus_missed_waypoints_plus_the_fixed_penalty(
    event_location,
):
    ev = build(
        event_location, nominal=NominalRule("max+"), max_time_ms=12 * H, fixed_penalty_ms=2 * H
    )
    keyed(ev)
    ev.record_time(1, 104, status="DNF")
    ev.add_passage(1, 104, 1, "09:00:00")  # missed WP2 (WPM 60') and WP3 (WPS 15')
    ev.record_time(1, 105, status="DNS")  # missed all three: 15 + 60 + 15
    overall = {r.number: r for r in ev.classification(1, True, "CAR").rows}
    assert overall[104].nominal and overall[104].time_ms == 12 * H + 75 * M + 2 * H
    assert overall[105].time_ms == 12 * H + 90 * M + 2 * H
    ev.close()
