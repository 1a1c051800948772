"""The kept order (domain/ranking.py): after any moves, the rows reused and rebuilt are exactly
the rows built from scratch; and a derived event of some size classifies like a cold one."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from rallydesk.domain.classification import classify
from rallydesk.domain.model import Entry, EventData, Group, NominalRule, Settings, Stage, StageTime
from rallydesk.domain.ranking import Key, moved, rows_of

TOTALS = (100, 100, 200, 300, 300, 300, 400)  # few totals: shared positions everywhere


def key(number: int, total: int, countback: int) -> Key:
    return (total, (countback,), number, total % 7, number % 5 == 0)


keys_st = st.dictionaries(
    st.integers(1, 40),
    st.tuples(st.sampled_from(TOTALS), st.sampled_from((1, 1, 2))),
    min_size=0,
    max_size=25,
)
move_st = st.lists(
    st.tuples(
        st.integers(1, 40),
        st.one_of(st.none(), st.tuples(st.sampled_from(TOTALS), st.sampled_from((1, 2)))),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(start=keys_st, moves=move_st, with_was=st.booleans())
def test_moved_rows_are_the_rows_built_from_scratch(start, moves, with_was):
    current = {n: key(n, t, c) for n, (t, c) in start.items()}
    order = sorted(current.values())
    was = {n: (n * 7) % 11 + 1 for n in range(1, 41)} if with_was else None
    old_rows = rows_of(order, was)[0]
    changes = []
    seen: set[int] = set()
    for number, value in moves:
        if number in seen:
            continue  # one change per entry, as the engine makes them
        seen.add(number)
        old = current.pop(number, None)
        new = key(number, *value) if value is not None else None
        if new is not None:
            current[number] = new
        changes.append((old, new))
    new_order, span = moved(order, changes)
    assert new_order == sorted(current.values())
    scratch = rows_of(new_order, was)[0]
    if span is None:
        assert scratch == old_rows
    else:
        assert rows_of(new_order, was, old_rows, span)[0] == scratch


STAGES = (1, 2, 3)
NUMBERS = tuple(range(1, 41))


def event() -> EventData:
    groups = (
        Group("CAR", "Cars"),
        Group("T1", "T1", "class", "CAR"),
        Group("T2", "T2", "class", "CAR"),
        Group("CUP", "Cup", "cup", "CAR"),
    )
    stages = (
        Stage(1, "S1", nominal=NominalRule("slowest+", 60_000)),
        Stage(2, "S2", nominal=NominalRule("fixed", 7_200_000)),
        Stage(3, "S3"),
    )
    entries = tuple(
        Entry(n, "T1" if n % 3 else "T2", cups=frozenset({"CUP"}) if n % 4 == 0 else frozenset())
        for n in NUMBERS
    )
    times = tuple(
        StageTime(s, n, "OK", 3_600_000 + 1000 * ((n * 7 + s * 3) % 5))
        for s in STAGES
        for n in NUMBERS
    )
    return EventData(Settings("t"), stages, groups, entries, times, ())


edit_st = st.tuples(
    st.sampled_from(STAGES),
    st.sampled_from(NUMBERS),
    st.sampled_from(["OK", "OK", "OK", "OK", "DNF", "RET", "delete"]),
    st.integers(0, 6),
)


def views(data: EventData) -> list:
    return [
        classify(data, s, overall, group).to_json()
        for s in STAGES
        for overall in (False, True)
        for group in ("CAR", "T1", "T2", "CUP")
    ]


@settings(max_examples=60, deadline=None)
@given(edits=st.lists(edit_st, min_size=1, max_size=15))
def test_forty_entries_edited_one_by_one_classify_like_cold(edits):
    data = event()
    views(data)
    for stage, number, status, step in edits:
        if status == "delete":
            data = data.with_time(stage, number, None)
        elif status == "OK":
            t = StageTime(stage, number, "OK", 3_600_000 + 1000 * step)
            data = data.with_time(stage, number, t)
        else:
            data = data.with_time(stage, number, StageTime(stage, number, status))
        # the last overall alone first (as the desk reads it after a keying), then everything
        last = classify(data, 3, True, "CAR").to_json()
        cold = dataclasses.replace(data, _index={})
        assert last == classify(cold, 3, True, "CAR").to_json()
        assert views(data) == views(cold)


def test_two_moves_apart_rebuild_from_the_first_place_to_the_row_after_the_last():
    order = [(t * 10, (0,), t, 0, False) for t in range(1, 13)]
    old_rows = rows_of(order, None)[0]
    changes = [
        ((20, (0,), 2, 0, False), (35, (0,), 2, 0, False)),  # 2nd to 3rd
        ((80, (0,), 8, 0, False), (95, (0,), 8, 0, False)),  # 8th to 9th
    ]
    new_order, span = moved(order, changes)
    rows, first, after = rows_of(new_order, None, old_rows, span)
    assert rows == rows_of(new_order, None)[0]
    assert [r.number for r in rows] == [1, 3, 2, 4, 5, 6, 7, 9, 8, 10, 11, 12]
    assert (first, after) == (1, 10)  # from the first moved place to the row after the last
    assert rows[0] is old_rows[0] and rows[10] is old_rows[10] and rows[11] is old_rows[11]


def test_an_edit_serialises_only_the_rows_it_changed():
    data = event()
    before = classify(data, 3, True, "CAR").to_json()["rows"]
    numbers = [r["number"] for r in before]
    mover = numbers[20]  # a little faster on the last stage: up a few places, not to the lead
    t = data.time_of(3, mover)
    assert t is not None and t.elapsed_ms is not None
    data = data.with_time(3, mover, StageTime(3, mover, "OK", t.elapsed_ms - 1000))
    after = classify(data, 3, True, "CAR").to_json()["rows"]
    cold = dataclasses.replace(data, _index={})
    assert after == classify(cold, 3, True, "CAR").to_json()["rows"]
    shared = [a is b for a, b in zip(before, after, strict=True)]
    assert shared[0] and shared[-1]  # the leader and the last rows: their JSON as it was
    rebuilt = [i for i, s in enumerate(shared) if not s]
    assert rebuilt and max(rebuilt) - min(rebuilt) < len(after) // 2
    assert all(before[i] != after[i] for i in rebuilt if before[i]["number"] != after[i]["number"])
