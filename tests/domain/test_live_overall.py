"""The desk's live overall: crews not yet keyed on the stage keep their place as pending."""

from __future__ import annotations

from rallydesk.domain.classification import (
    Classification,
    NotClassified,
    Row,
    live_overall,
)
from rallydesk.domain.ranking import tied_positions
from rallydesk.services import Event


def _overall(stage: int, ranked: list[tuple[int, int, int]], nt: tuple[int, ...] = ()):
    """(position, number, total) rows; ``nt`` race numbers without a result on ``stage``."""
    rows = tuple(Row(p, n, t, 0, 0, 0, p) for p, n, t in ranked)
    missing = tuple(NotClassified(n, "NT", stage) for n in nt)
    return Classification(stage, "overall", "CAR", None, rows, missing, counting_stages=(1, 2))


def test_pending_leader_keeps_first_place_and_nobody_moves_up():
    before = _overall(1, [(1, 10, 100), (2, 20, 110), (3, 30, 120), (4, 40, 130)])
    # stage 2 under way: #10 (the leader) and #30 not keyed; #40 overtook #20
    now = _overall(2, [(1, 40, 200), (2, 20, 210)], nt=(10, 30))
    live = live_overall(now, before)
    assert [(r.position, r.number) for r in live.rows] == [(1, 10), (2, 40), (3, 30), (4, 20)]
    assert live.pending == {10: (1, 100), 30: (3, 120)}
    change = {r.number: r.change for r in live.rows if r.number not in live.pending}
    assert change == {40: 2, 20: -2}  # the rules alone would say ▲3 and 0


def test_nobody_pending_gives_the_rules_rows_unchanged():
    before = _overall(1, [(1, 10, 100), (2, 20, 110)])
    now = _overall(2, [(1, 20, 200), (2, 10, 205)])
    assert live_overall(now, before).rows == now.rows
    assert live_overall(now, None).rows == now.rows


def test_only_crews_missing_on_this_stage_and_classified_before_are_pending():
    before = _overall(1, [(1, 10, 100), (2, 20, 110)])
    now = Classification(
        2,
        "overall",
        "CAR",
        None,
        (Row(1, 20, 200, 0, 0, 0, 1),),
        (NotClassified(10, "RET", 2, "engine"), NotClassified(99, "NT", 2)),
        counting_stages=(1, 2),
    )
    live = live_overall(now, before)
    assert live.pending == {}  # #10 retired (not pending), #99 had no place before
    assert [r.number for r in live.rows] == [20]


def test_tied_keyed_crews_still_share_their_place_around_a_pending_one():
    before = _overall(1, [(1, 10, 100), (2, 20, 110), (3, 30, 120)])
    now = _overall(2, [(1, 20, 200), (1, 30, 200)], nt=(10,))
    live = live_overall(now, before)
    assert [(r.position, r.number) for r in live.rows] == [(1, 10), (2, 20), (2, 30)]
    assert tied_positions(live.rows, set(live.pending)) == {2}


def test_tied_positions():
    rows = [Row(1, 1, 0, 0, 0, 0, 1), Row(2, 2, 0, 0, 0, 0, 2), Row(2, 3, 0, 0, 0, 0, 2)]
    assert tied_positions(rows) == {2}
    assert tied_positions(rows[:2]) == set()


def test_live_overall_on_the_dakar_while_a_stage_is_keyed(dakar_cars: Event):
    ev = dakar_cars
    stage = max(s.number for s in ev.data.stages)
    rules, live = ev.live_overall(stage, "T1")
    # keying finished: the live view is the rules' overall itself
    assert live.rows == rules.rows and not live.pending
    # take back the results of the three best crews of the overall before: they become pending
    before, _ = ev.live_overall(live.previous_stage, "T1") if live.previous_stage else (None, None)
    assert before is not None
    top = [r.number for r in before.rows[:3]]
    for n in top:
        if any(t.stage == stage and t.number == n for t in ev.data.times):
            ev.delete_time(stage=stage, number=n, reason="keyed again")
    rules, live = ev.live_overall(stage, "T1")
    assert set(live.pending) == set(top)
    assert [r.number for r in live.rows[:3]] == top  # still in place at the top
    assert [r.position for r in live.rows[:3]] == [r.position for r in before.rows[:3]]
    shown = [r.position for r in live.rows]
    assert shown == sorted(shown)  # numbered around the pending crews, never backwards
    assert len(live.rows) == len(rules.rows) + 3
