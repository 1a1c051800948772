"""The write path against its floors (issue 25): ``record_time`` on an event file and on a
durable PostgreSQL server, each as a ratio to a floor measured in the same run.

    .venv/bin/python benchmarks/write.py            # 800 × 14, 2,000 × 20, 10,000 × 30, server
    .venv/bin/python benchmarks/write.py --quick    # fewer writes (what .ci/run prints)

- file: ``Event.record_time`` (a replacement with a reason, a random crew of the last stage)
  against one row inserted and committed by ``sqlite3`` (WAL, synchronous=FULL) in a file of the
  same folder; one of each in turn, medians. Goal ≤ 1.5×. Twice, like with like: while both
  write-ahead logs still grow (the first writes after opening), then once both are past a
  checkpoint and written again at the same length (steady: the floor's commit is then half as
  dear, so the ratio is higher).
- growth: the same (logs steady) at 2,000 × 20 and 10,000 × 30 (linear or better: a write's time should not
  grow with the event at all).
- server: ``record_time`` on a server event against a raw psycopg INSERT + COMMIT on the same
  durable server (fsync on; ``benchmarks/server.py``'s measurement). Goal ≤ 2×.

No threshold fails anything: the numbers are printed with their floors.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
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

from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.services import Event  # noqa: E402

Report = Callable[[str, str, str, str], None]
#: The file goal (issue 25's first row) and the server goal (its fourth).
FILE_GOAL, SERVER_GOAL = 1.5, 2.0
SIZES = ((800, 14), (2000, 20), (10000, 30))


#: The two states a write-ahead log is in, each compared like with like: while it grows (the
#: first commits after a file is opened: each lengthens the log, and its fsync makes the new
#: length durable too), and once past its first checkpoint, when SQLite writes it again from its
#: beginning at the same length (steady: measured here 212 → 103 µs a plain sqlite3 commit).
GROWING, STEADY = (
    "both logs growing, first writes after opening",
    "both logs steady, past a checkpoint",
)
#: Writes after which a log that has not grown is taken as steady (and at most this many × 100).
_STILL = 60


def _floor_db(folder: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute(
        "CREATE TABLE IF NOT EXISTS t (stage INTEGER, number INTEGER, elapsed_ms INTEGER,"
        " PRIMARY KEY (stage, number))"
    )
    return raw


def _until_steady(write: Callable[[int], object], wal: Path) -> int:
    """Write until the log at ``wal`` has not grown for :data:`_STILL` writes: it has passed a
    checkpoint and is being written again from its beginning. Returns the writes made."""
    sizes: list[int] = []
    for i in range(_STILL * 100):
        write(i)
        sizes.append(wal.stat().st_size if wal.exists() else 0)
        if len(sizes) > _STILL and sizes[-1] == sizes[-1 - _STILL] > 0:
            return i + 1
    raise RuntimeError(f"{wal}: the log still grows after {len(sizes)} writes")


def measure_file(path: Path, writes: int) -> dict[str, tuple[float, float]]:
    """For each state of the logs (:data:`GROWING`, then :data:`STEADY`): (record_time, floor)
    medians in ms, one of each in turn, ``writes`` times."""
    raw = _floor_db(path.parent)
    out: dict[str, tuple[float, float]] = {}
    try:
        with Event.open(path) as ev:
            numbers = [e.number for e in ev.data.entries]
            last = max(s.number for s in ev.data.stages)
            rnd = random.Random(7)
            keyed = itertools.count()

            def ours() -> float:
                n = rnd.choice(numbers)
                t0 = time.perf_counter()
                ev.record_time(
                    stage=last, number=n, elapsed=10_800_000 + next(keyed), reason="benchmark"
                )
                return time.perf_counter() - t0

            def floor(i: int) -> float:
                t0 = time.perf_counter()
                raw.execute("BEGIN")
                raw.execute(
                    "INSERT OR REPLACE INTO t VALUES (?, ?, ?)",
                    [last, numbers[i % len(numbers)], i],
                )
                raw.execute("COMMIT")
                return time.perf_counter() - t0

            for state in (GROWING, STEADY):
                if state == STEADY:
                    _until_steady(lambda i: ours(), Path(f"{path}-wal"))
                    _until_steady(floor, path.parent / "floor.sqlite-wal")
                rec, flo = [], []
                for i in range(writes):
                    rec.append(ours())
                    flo.append(floor(i))
                out[state] = (statistics.median(rec) * 1000, statistics.median(flo) * 1000)
    finally:
        raw.close()
        (path.parent / "floor.sqlite").unlink(missing_ok=True)
    return out


def file_line(report: Report, label: str, rec: float, floor: float) -> None:
    ratio = rec / floor
    report(
        label,
        f"{rec:.2f} ms (floor {floor:.2f} ms)",
        f"≤ {FILE_GOAL}× sqlite3 insert+commit (WAL, FULL)",
        f"{ratio:.2f}× {'met' if ratio <= FILE_GOAL else 'MISSED'}",
    )


def run_file(path: Path, report: Report, writes: int) -> tuple[float, float]:
    """record_time on the demo-size event ``path`` (800 × 14) against its floor, the logs
    growing and then steady: (both, ms) in the steady state, the one a desk keys in for hours."""
    both = measure_file(path, writes)
    file_line(report, f"record_time, event file 800 × 14 ({GROWING})", *both[GROWING])
    file_line(report, f"  the same, {STEADY}", *both[STEADY])
    return both[STEADY]


def run_growth(folder: Path, report: Report, writes: int, first: tuple[float, float]) -> None:
    """The same at the larger sizes; ``first``: (record, floor) measured at 800 × 14."""
    results = [(SIZES[0], *first)]
    for entries, stages in SIZES[1:]:
        p = folder / f"write-{entries}-{stages}.rallydesk"
        write_generated(p, entries, stages, 5)
        rec, floor = measure_file(p, writes)[STEADY]
        results.append(((entries, stages), rec, floor))
        file_line(report, f"  growth: record_time, {entries} × {stages}, logs steady", rec, floor)
        p.unlink()
    (e0, s0), r0, f0 = results[0]
    (e1, s1), r1, f1 = results[-1]
    cells = (e1 * s1) / (e0 * s0)
    # the part of a write that is ours: its time beyond the floor's, at the smallest and largest
    ours0, ours1 = max(r0 - f0, 0.001), max(r1 - f1, 0.001)
    report(
        "record_time growth (10,000 × 30 / 800 × 14)",
        f"{r1 / r0:.2f}× the time, {ours1 / ours0:.1f}× beyond the floor, for {cells:.0f}× the cells",
        "linear or better",
        "met" if r1 / r0 <= cells else "MISSED",
    )


def run_server(report: Report, writes: int) -> None:
    """record_time on a durable server event against psycopg INSERT + COMMIT (same server)."""
    from benchmarks.server import ENTRIES, STAGES, measure_record, new_event, start_durable_server

    try:
        server = start_durable_server()
    except BaseException as exc:  # no PostgreSQL programs here: said, not measured
        report("record_time, server event", "n/a", "", f"NOT MEASURED ({exc})")
        return
    try:
        rec = measure_record(server, new_event(server), writes)
    finally:
        server.stop()
    ratio = rec["record"] / rec["floor"]
    report(
        f"record_time, server event {ENTRIES} × {STAGES} (fsync on)",
        f"{rec['record']:.2f} ms (floor {rec['floor']:.2f} ms)",
        f"≤ {SERVER_GOAL}× psycopg INSERT + COMMIT",
        f"{ratio:.2f}× {'met' if ratio <= SERVER_GOAL else 'MISSED'}",
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer writes (what .ci/run prints)")
    ap.add_argument("--no-server", action="store_true", help="the event file only")
    args = ap.parse_args()
    writes = 40 if args.quick else 150

    def show(what: str, value: str, target: str, verdict: str) -> None:
        print(f"{what}: {value}  [{target}] {verdict}", flush=True)

    with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as d:
        folder = Path(d)
        path = folder / "write-800-14.rallydesk"
        write_generated(path, *SIZES[0], 1)
        first = run_file(path, show, writes)
        run_growth(folder, show, writes // 2 if args.quick else writes, first)
    if not args.no_server:
        run_server(show, writes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
