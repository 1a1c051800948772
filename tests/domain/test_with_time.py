"""EventData.with_time layers its lookups (issue 25): after any run of records, replacements and
deletions, time_of and the times tuple agree with a snapshot built cold from the same results."""

from __future__ import annotations

import random

from rallydesk.domain.model import EventData, Layered, PendingTimes, Settings, StageTime


def cold(times: dict[tuple[int, int], StageTime]) -> EventData:
    return EventData(Settings(name="cold"), times=tuple(times.values()))


def test_a_long_run_of_edits_reads_like_a_cold_snapshot() -> None:
    rnd = random.Random(25)
    want: dict[tuple[int, int], StageTime] = {}
    data = EventData(Settings(name="warm"))
    for step in range(3000):
        key = (rnd.randrange(4), rnd.randrange(60))
        if rnd.random() < 0.15:
            want.pop(key, None)
            data = data.with_time(*key, None)
        else:
            t = StageTime(key[0], key[1], elapsed_ms=step)
            want[key] = t
            data = data.with_time(*key, t)
        if step % 97 == 0:  # lookups made at times, so layers are built over layers
            assert data.time_of(*key) == want.get(key)
    assert sorted(data.times, key=lambda t: (t.stage, t.number)) == sorted(
        cold(want).times, key=lambda t: (t.stage, t.number)
    )
    for s in range(4):
        for n in range(60):
            assert data.time_of(s, n) == want.get((s, n))


def test_an_earlier_snapshot_is_left_as_it_was() -> None:
    first = EventData(Settings(name="e")).with_time(1, 7, StageTime(1, 7, elapsed_ms=1))
    assert first.time_of(1, 7) == StageTime(1, 7, elapsed_ms=1)
    second = first.with_time(1, 7, StageTime(1, 7, elapsed_ms=2)).with_time(1, 8, None)
    gone = second.with_time(1, 7, None)
    assert first.time_of(1, 7) == StageTime(1, 7, elapsed_ms=1)
    assert second.time_of(1, 7) == StageTime(1, 7, elapsed_ms=2)
    assert gone.time_of(1, 7) is None and gone.times == ()


def test_layers_fold_into_a_new_base() -> None:
    layered = Layered({i: i for i in range(100)})
    for i in range(100, 200):
        layered = layered.with_key(i, i)
    assert len(layered.top) ** 2 <= len(layered.base) + 64
    assert all(layered.get(i) == i for i in range(200))
    assert layered.with_key(5, None).get(5) is None


def test_results_are_laid_out_only_when_read() -> None:
    data = EventData(Settings(name="e"), times=(StageTime(1, 1, elapsed_ms=1),))
    later = data.with_time(1, 2, StageTime(1, 2, elapsed_ms=2)).with_time(1, 1, None)
    assert isinstance(later.__dict__["_times"], PendingTimes)
    assert later.times == (StageTime(1, 2, elapsed_ms=2),)
    assert later.times is later.times  # laid out once
    assert data.times == (StageTime(1, 1, elapsed_ms=1),)


def test_snapshots_branched_from_one_another_each_read_like_a_cold_one() -> None:
    """Snapshots derived from the same one (a preview, a stale copy) fold into tuples of their
    own over one shared place map: each still reads its own results, laid out in any order."""
    rnd = random.Random(26)
    base = {(s, n): StageTime(s, n, elapsed_ms=s * 1000 + n) for s in range(3) for n in range(40)}
    pool: list[tuple[EventData, dict[tuple[int, int], StageTime]]] = [
        (EventData(Settings(name="tree"), times=tuple(base.values())), dict(base))
    ]
    for step in range(1500):
        data, want = pool[rnd.randrange(len(pool))] if rnd.random() < 0.2 else pool[-1]
        want = dict(want)
        key = (rnd.randrange(4), rnd.randrange(50))
        if rnd.random() < 0.1:
            want.pop(key, None)
            data = data.with_time(*key, None)
        else:
            want[key] = StageTime(key[0], key[1], elapsed_ms=step)
            data = data.with_time(*key, want[key])
        pool.append((data, want))
        if step % 13 == 0:  # some laid out (and folded) early, in the order they come
            data, want = pool[rnd.randrange(len(pool))]
            assert sorted(data.times, key=lambda t: (t.stage, t.number)) == sorted(
                want.values(), key=lambda t: (t.stage, t.number)
            )
    rnd.shuffle(pool)
    for data, want in pool:
        assert len(data.times) == len(want)
        assert sorted(data.times, key=lambda t: (t.stage, t.number)) == sorted(
            want.values(), key=lambda t: (t.stage, t.number)
        )
