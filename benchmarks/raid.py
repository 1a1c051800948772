"""A tracking system's passage file on a 400-crew stage (issue 26: "an imported passage file of a
400-crew stage re-classifies in well under a second"), each step against a floor measured in the
same run.

    .venv/bin/python benchmarks/raid.py            # 9 repeats
    .venv/bin/python benchmarks/raid.py --quick    # 3 repeats (what .ci/run prints)

The event: ``generate`` 400 crews × 3 stages (bikes, cars and trucks), stage 1 with 8 waypoints
and a start list (a minute apart), so every passage is checked against its crew's start. The
file: every crew timed on stage 1 × every waypoint, its time of day on the way from the start to
the finish, about 2 % of the passages missing. Each repeat starts from a copy of the event made
before any passage, then times, in the order an official works:

- ``import``: ``Event.import_files`` of the passages CSV (read, every row checked, written in one
  transaction with its journal rows). Floors: the same CSV read by ``csv.DictReader`` with its
  times of day split into integers; and those rows inserted by ``sqlite3`` in one durable
  transaction (WAL, synchronous=FULL) in a file of the same folder.
- ``close-passages``: ``Event.close_passages`` of stage 1 (every category): the missed-waypoint
  penalties computed and written. Floor: the missing (crew, waypoint) pairs found by set
  differences in plain Python.
- ``classify``: the stage and the overall classification after stage 1 of every category, on
  the snapshot the close left (the first classification after the change, as the desk asks it).
  Floor: 400 × 2 integers summed and the totals sorted in plain Python (``classify.py``'s floor
  at this size), once per classification asked.
- ``interrupt``: a dry run of "classified at WP7" for the cars: the stage before and after
  (the passages counted instead of the finish). Reported with the classification floor.

No threshold fails anything: the numbers are printed with their floors.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.classify import floor_sum_sort  # noqa: E402
from rallydesk.domain.waypoints import Waypoint  # noqa: E402
from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.services import Event  # noqa: E402

Report = Callable[[str, str, str, str], None]
CREWS, STAGES, STAGE, WAYPOINTS = 400, 3, 1, 8
KINDS = ("WPV", "WPM", "WPS", "WPE", "WPC", "WPV", "WPM", "WPS")
FIRST_START = 7 * 3_600_000  # 07:00:00, a crew a minute
MISSING = 0.02


def _clock(ms: int) -> str:
    s = ms // 1000
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def build_event(folder: Path) -> tuple[Path, Path, int]:
    """The event before any passage and the passages file; returns (event, csv, rows)."""
    path = folder / "raid-400.rallydesk"
    write_generated(path, CREWS, STAGES, 3)
    rnd = random.Random(26)
    with Event.open(path) as ev:
        length = ev.data.stage(STAGE).special_km or 400.0
        wps = [
            Waypoint(STAGE, i, round(length * i / (WAYPOINTS + 1), 1), KINDS[i - 1])
            for i in range(1, WAYPOINTS + 1)
        ]
        ev.set_waypoints(STAGE, wps)
        numbers = sorted(e.number for e in ev.data.entries)
        starts = {n: FIRST_START + i * 60_000 for i, n in enumerate(numbers)}
        ev.set_starts(STAGE, dict[int, str | int](starts), "benchmark start list")
        lines = []
        for n in numbers:
            t = ev.data.time_of(STAGE, n)
            if t is None or t.status != "OK" or t.elapsed_ms is None:
                continue
            for w in wps:
                if rnd.random() < MISSING:
                    continue
                at = starts[n] + t.elapsed_ms * w.number // (WAYPOINTS + 1) - rnd.randrange(60_000)
                lines.append((STAGE, n, f"WP{w.number}", _clock(max(at, starts[n]))))
    rows = folder / "passages.csv"
    with rows.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(("stage", "number", "waypoint", "time"))
        out.writerows(lines)
    return path, rows, len(lines)


def floor_parse(rows: Path) -> list[tuple[int, int, int, int]]:
    """The CSV read by the csv module, each row's numbers and time of day as integers."""
    out = []
    with rows.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            h, m, s = r["time"].split(":")
            ms = (int(h) * 3600 + int(m) * 60 + int(s)) * 1000
            out.append((int(r["stage"]), int(r["number"]), int(r["waypoint"][2:]), ms))
    return out


def floor_insert(db: Path, parsed: list[tuple[int, int, int, int]]) -> None:
    """Those rows in one durable sqlite3 transaction (a fresh table, WAL, synchronous=FULL)."""
    raw = sqlite3.connect(db, isolation_level=None)
    try:
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("DROP TABLE IF EXISTS p")
        raw.execute(
            "CREATE TABLE p (stage INTEGER, number INTEGER, waypoint INTEGER, time_ms INTEGER,"
            " PRIMARY KEY (stage, number, waypoint))"
        )
        raw.execute("BEGIN")
        raw.executemany("INSERT INTO p VALUES (?, ?, ?, ?)", parsed)
        raw.execute("COMMIT")
    finally:
        raw.close()


def floor_missing(parsed: list[tuple[int, int, int, int]], numbers: list[int]) -> int:
    """The missing (crew, waypoint) pairs by set differences."""
    passed: dict[int, set[int]] = {}
    for _stage, n, w, _ms in parsed:
        passed.setdefault(n, set()).add(w)
    every = set(range(1, WAYPOINTS + 1))
    return sum(len(every - passed.get(n, set())) for n in numbers)


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def one_run(
    ev: Event, rows: Path, parsed: list[tuple[int, int, int, int]], db: Path
) -> dict[str, float]:
    """Every step once on an event with no passage yet, each followed by its floor (seconds),
    and what it did (penalties written, classifications asked)."""
    data = ev.data
    cats = [c.code for c in data.categories()]
    numbers = [
        e.number
        for e in data.entries
        if (t := data.time_of(STAGE, e.number)) is not None and t.status == "OK"
    ]
    totals = [[1_000_000 + (k * 31 + j * 17) % 1000 for j in range(2)] for k in range(CREWS)]
    ev.classification(STAGE, overall=True, group=cats[0])  # warm, as an open desk is
    out: dict[str, float] = {}
    out["import"] = _timed(lambda: ev.import_files([rows], kind="passages"))
    out["parse floor"] = _timed(lambda: floor_parse(rows))
    out["insert floor"] = _timed(lambda: floor_insert(db, parsed))
    added: list[object] = []
    out["close"] = _timed(lambda: added.extend(ev.close_passages(STAGE)))
    out["missing floor"] = _timed(lambda: floor_missing(parsed, numbers))
    asked = [(cat, overall) for cat in cats for overall in (False, True)]
    out["classify"] = _timed(
        lambda: [ev.classification(STAGE, overall=o, group=cat) for cat, o in asked]
    )
    out["sort floor"] = _timed(lambda: [floor_sum_sort(totals) for _ in asked])
    out["interrupt"] = _timed(
        lambda: ev.interrupt(STAGE, "CAR", "D7", "floods", at_waypoint=WAYPOINTS - 1, dry_run=True)
    )
    out["penalties"], out["classifications"] = len(added), len(asked)
    return out


def measure(folder: Path, repeats: int) -> dict[str, float]:
    """Medians in ms of every step and its floor, and the counts (rows, penalties)."""
    base, rows, count = build_event(folder)
    parsed = floor_parse(rows)
    runs = []
    for i in range(repeats):
        copy = folder / f"run{i}.rallydesk"
        shutil.copyfile(base, copy)  # no passage yet: the same file imported each time
        with Event.open(copy) as ev:
            runs.append(one_run(ev, rows, parsed, folder / f"floor{i}.sqlite"))
        copy.unlink()
    counts = ("penalties", "classifications")
    out = {k: statistics.median(r[k] for r in runs) * 1000 for k in runs[0] if k not in counts}
    out.update({k: runs[0][k] for k in counts}, rows=count)
    return out


def run(report: Report, quick: bool) -> dict[str, float]:
    """Report the lines through ``report(what, value, target, verdict)``; returns the medians."""
    with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as d:
        m = measure(Path(d), 3 if quick else 9)
    rows = int(m["rows"])
    whole = m["import"] + m["close"] + m["classify"]
    report(
        f"raid: passages file of a {CREWS}-crew stage ({rows} rows, {WAYPOINTS} waypoints), "
        "import + close-passages + classifications",
        f"{whole:.0f} ms",
        "well under a second (issue 26)",
        "met" if whole < 1000 else "MISSED",
    )
    report(
        "  import (read, check every row, write with the journal)",
        f"{m['import']:.0f} ms",
        f"{m['import'] / m['parse floor']:.0f}× csv parse ({m['parse floor']:.1f} ms), "
        f"{m['import'] / m['insert floor']:.1f}× sqlite3 insert+commit ({m['insert floor']:.1f} ms)",
        "",
    )
    report(
        f"  close-passages ({int(m['penalties'])} penalties written)",
        f"{m['close']:.0f} ms",
        f"{m['close'] / m['missing floor']:.0f}× set differences ({m['missing floor']:.2f} ms)",
        "",
    )
    report(
        f"  stage + overall after it, every category ({int(m['classifications'])} classifications)",
        f"{m['classify']:.1f} ms",
        f"{m['classify'] / m['sort floor']:.1f}× sum+sort {CREWS} totals each "
        f"({m['sort floor']:.2f} ms)",
        "",
    )
    report(
        f"  interrupt at WP{WAYPOINTS - 1}, dry run (cars, before and after)",
        f"{m['interrupt']:.1f} ms",
        f"{m['interrupt'] / m['sort floor']:.1f}× the classification floor",
        "",
    )
    return m


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="3 repeats (what .ci/run prints)")
    args = ap.parse_args()

    def show(what: str, value: str, target: str, verdict: str) -> None:
        print(f"{what}: {value}  [{target}] {verdict}", flush=True)

    run(show, args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
