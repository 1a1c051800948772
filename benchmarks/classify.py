"""Classification after an edit (issue 25): the CAR overall after the last stage, against the
floor "sum entries × stages integers and sort the totals in plain Python", measured in the same
run (interleaved, medians), and its growth with the event's size.

    .venv/bin/python benchmarks/classify.py [--quick]

One edit is one keyed correction: a crew's last-stage time moved by up to ±5 minutes. Each
sample is taken on the snapshot the edit derived (as the desk and the API read it right after a
write): the overall alone, then its rows as JSON (what ``standings`` and the CLI hand out).
``far`` edits move a crew from the top of the field to its foot and back (the most rows change).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rallydesk.domain.classification import classify  # noqa: E402
from rallydesk.domain.model import EventData, StageTime  # noqa: E402
from rallydesk.generate import build  # noqa: E402

#: (entries, stages) of the growth grid: the Dakar size, then larger
GRID = ((800, 14), (2000, 20), (10000, 30))


def floor_sum_sort(times: list[list[int]]) -> list[int]:
    """The floor: every entry's stage times summed in a plain loop, the totals sorted."""
    totals = []
    for per_stage in times:
        total = 0
        for t in per_stage:
            total += t
        totals.append(total)
    totals.sort()
    return totals


def generated(entries: int, stages: int, seed: int = 1) -> EventData:
    settings, groups, stage_list, entry_list, times, adjustments = build(entries, stages, seed)
    return EventData(
        settings,
        tuple(stage_list),
        tuple(groups),
        tuple(entry_list),
        tuple(times),
        tuple(adjustments),
    )


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(data: EventData, repeats: int, far: bool = False, seed: int = 7) -> dict[str, float]:
    """Medians in ms: ``classify`` (the overall after the edit), ``json`` (its rows as JSON),
    ``floor`` (sum and sort, the same size), ``derive`` (the snapshot's edit itself)."""
    last = max(s.number for s in data.stages)
    category = "CAR"
    numbers = [e.number for e in data.entries if data.category_of_class(e.class_code) == category]
    stages = len(data.stages)  # the floor's integers, laid out as a plain list would be
    per_entry = [
        [1_000_000 + (i * 31 + j * 17) % 1000 for j in range(stages)]
        for i in range(len(data.entries))
    ]
    rnd = random.Random(seed)
    classify(data, last, True, category).to_json()  # warm: every cache filled once
    out: dict[str, list[float]] = {"classify": [], "json": [], "floor": [], "derive": []}
    for i in range(repeats):
        if far:
            rows = classify(data, last, True, category).rows
            n = rows[0].number if i % 2 == 0 else rows[-1].number
        else:
            n = rnd.choice(numbers)
        t = data.time_of(last, n)
        base = t.elapsed_ms if t is not None and t.elapsed_ms is not None else 3_600_000 * 3
        if far:
            elapsed = base + (7_200_000 if i % 2 == 0 else -7_200_000)
        else:
            elapsed = max(60_000, base + rnd.randint(-300_000, 300_000))
        edit = StageTime(last, n, "OK", elapsed)
        before = data
        t0 = time.perf_counter()
        data = before.with_time(last, n, edit)
        out["derive"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        c = classify(data, last, True, category)
        out["classify"].append(time.perf_counter() - t0)
        out["json"].append(out["classify"][-1] + _timed(c.to_json))
        out["floor"].append(_timed(lambda: floor_sum_sort(per_entry)))
    return {k: _ms(v) for k, v in out.items()}


def run(add: Callable[[str, str, str, str], None], quick: bool) -> None:
    """Report the lines of benchmarks/run.py's table through ``add(what, value, target, verdict)``."""
    repeats = 41 if quick else 201
    dakar = generated(*GRID[0])
    m = measure(dakar, repeats)
    ratio, json_ratio = m["classify"] / m["floor"], m["json"] / m["floor"]
    add(
        "classify after an edit (CAR overall, last stage, 800 × 14)",
        f"{m['classify']:.3f} ms",
        "≤ 3 × floor",
        "met" if ratio <= 3 else f"MISSED ({ratio:.1f}× floor)",
    )
    add(
        "  floor: sum 800 × 14 integers, sort 800 totals",
        f"{m['floor']:.3f} ms",
        f"ratio {ratio:.2f}×",
        "",
    )
    add(
        "  the same with its rows as JSON (standings)",
        f"{m['json']:.3f} ms",
        "≤ 3 × floor",
        "met" if json_ratio <= 3 else f"MISSED ({json_ratio:.1f}× floor)",
    )
    add("    ratio to the floor", f"{json_ratio:.2f}×", "", "")
    add("  the edit's snapshot derived (with_time)", f"{m['derive']:.3f} ms", "reported", "")
    far = measure(dakar, max(11, repeats // 4), far=True)
    add(
        "  an edit moving a crew from the top to the foot (every row below moves)",
        f"{far['json']:.3f} ms",
        f"ratio {far['json'] / far['floor']:.2f}× (with JSON)",
        "",
    )
    sizes = []
    for entries, stages in GRID:
        data = dakar if (entries, stages) == GRID[0] else generated(entries, stages)
        g = m if data is dakar else measure(data, max(11, repeats // 4))
        sizes.append((entries, stages, g))
        add(
            f"  growth: {entries} × {stages}, with JSON",
            f"{g['json']:.3f} ms",
            f"floor {g['floor']:.2f} ms, ratio {g['json'] / g['floor']:.2f}×",
            "",
        )
    (e0, s0, g0), (e1, s1, g1) = sizes[0], sizes[-1]
    growth, cells = g1["json"] / g0["json"], (e1 * s1) / (e0 * s0)
    add(
        f"classify growth, {e0} × {s0} → {e1} × {s1}",
        f"{growth:.1f}× for {cells:.1f}× the cells",
        "linear or better",
        "met" if growth <= cells else "MISSED",
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()

    def add(what: str, value: str, target: str, verdict: str) -> None:
        print(f"{what}: {value}  [{target}] {verdict}", flush=True)

    run(add, args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
