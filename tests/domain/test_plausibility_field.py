"""The plausibility check's per-stage field, derived keyed time by keyed time, judges exactly as
the same snapshot read cold (the check no longer scans every result of the rally at each Enter)."""

from __future__ import annotations

import dataclasses
import random

from rallydesk.domain.checks import review
from rallydesk.domain.model import EventData, StageTime
from rallydesk.generate import build


def cold(data: EventData) -> EventData:
    return dataclasses.replace(data, _index={})


def test_derived_field_judges_like_a_cold_snapshot() -> None:
    settings, groups, stages, entries, times, adjustments = build(60, 4, 3)
    data = EventData(
        settings, tuple(stages), groups, tuple(entries), tuple(times), tuple(adjustments)
    )
    rnd = random.Random(7)
    numbers = [e.number for e in entries]
    stage_numbers = [s.number for s in stages]
    seen = 0
    for _ in range(300):
        stage, number = rnd.choice(stage_numbers), rnd.choice(numbers)
        # a time far from the field, one near it, a status without time, a deletion
        kind = rnd.random()
        if kind < 0.1:
            new: StageTime | None = None
        elif kind < 0.2:
            new = StageTime(stage, number, "DNF", reason="engine")
        else:
            ms = rnd.choice((600_000, 3_000_000, 9_000_000, 40_000_000)) + rnd.randrange(10**6)
            new = StageTime(stage, number, "OK", elapsed_ms=ms)
        probe = StageTime(
            rnd.choice(stage_numbers),
            rnd.choice(numbers),
            "OK",
            elapsed_ms=rnd.randrange(10**5, 5 * 10**7),
        )
        assert review(data, probe) == review(cold(data), probe)
        seen += bool(review(data, probe).warnings)
        data = data.with_time(stage, number, new)
    assert seen  # the probes met both answers
