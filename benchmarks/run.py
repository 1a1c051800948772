"""RallyDesk benchmarks: one command, one table (issue 7).

    .venv/bin/python benchmarks/run.py            # full run (about a minute)
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats, smaller growth grid

Every number is the median of repeated runs; floors are measured in the same run, interleaved
with the thing they are a floor for, so a slow or busy machine moves both.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import write  # noqa: E402
from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.services import Event  # noqa: E402


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: str, target: str, verdict: str) -> None:
        self.rows.append((what, value, target, verdict))
        print(f"  {what}: {value}  [{target}] {verdict}", file=sys.stderr, flush=True)

    def print(self) -> None:
        headers = ("measurement", "median", "target", "verdict")
        widths = [max(len(h), *(len(r[i]) for r in self.rows)) for i, h in enumerate(headers)]

        def line(cells: tuple[str, ...] | list[str]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        print(line(headers))
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for r in self.rows:
            print(line(r))


def verdict(ok: bool, miss: str = "") -> str:
    return "met" if ok else f"MISSED {miss}".strip()


# ------------------------------------------------------------------------------------------------


def bench_generate(tmp: Path, report: Report, repeats: int) -> Path:
    samples = []
    for i in range(repeats):
        p = tmp / f"gen{i}.rallydesk"
        samples.append(timed(lambda p=p: write_generated(p, 800, 14, 1)))
    ms = median_ms(samples)
    report.add("generate 800 × 14 event", f"{ms:.0f} ms", "a few seconds", verdict(ms < 5000))
    return tmp / "gen0.rallydesk"


def floor_sum_sort(times: list[list[int]]) -> list[int]:
    totals = []
    for per_stage in times:
        total = 0
        for t in per_stage:
            total += t
        totals.append(total)
    totals.sort()
    return totals


def classify_after_edit(ev: Event, stage: int, category: str, numbers: list[int], i: int) -> None:
    n = numbers[i % len(numbers)]
    ev.record_time(
        stage=stage, number=n, elapsed=3_600_000 * 3 + (i * 7919) % 3_600_000, reason="benchmark"
    )
    ev.classification(stage, overall=True, group=category)


def measure_classify(path: Path, repeats: int) -> tuple[float, float, float]:
    """(classify-after-edit, its classification part alone, floor) in ms, medians."""
    with Event.open(path) as ev:
        data = ev.data
        last = max(s.number for s in data.stages)
        category = data.categories()[0].code
        numbers = [
            e.number for e in data.entries if data.category_of_class(e.class_code) == category
        ]
        per_entry = [
            [1_000_000 + (i * 31 + j * 17) % 1000 for j in range(len(data.stages))]
            for i in range(len(data.entries))
        ]
        ev.classification(last, overall=True, group=category)  # warm
        whole, classify_only, floor = [], [], []
        for i in range(repeats):
            whole.append(timed(lambda i=i: classify_after_edit(ev, last, category, numbers, i)))
            n = numbers[(i * 13) % len(numbers)]
            ev.record_time(
                stage=last,
                number=n,
                elapsed=3_600_000 * 3 + (i * 104729) % 3_600_000,
                reason="benchmark",
            )
            classify_only.append(
                timed(lambda: ev.classification(last, overall=True, group=category))
            )
            floor.append(timed(lambda: floor_sum_sort(per_entry)))
    return median_ms(whole), median_ms(classify_only), median_ms(floor)


def bench_classify(path: Path, report: Report, repeats: int, quick: bool) -> None:
    """The overall after an edit against its floor, and its growth (benchmarks/classify.py);
    then the same through the API, after a durable record_time."""
    from benchmarks.classify import run as run_classify

    run_classify(report.add, quick)
    whole, only, floor = measure_classify(path, repeats)
    report.add(
        "  through the API: classification after record_time (800 × 14)",
        f"{only:.3f} ms",
        f"ratio {only / floor:.2f}× floor ({floor:.2f} ms)",
        "",
    )
    report.add("  record + classify together", f"{whole:.2f} ms", "< 16 ms", verdict(whole < 16))


def bench_export(path: Path, tmp: Path, report: Report, repeats: int) -> None:
    """One stage's sheets of the 800-entry event, as a workbook and as a PDF (Event.export)."""
    for suffix, what in ((".xlsx", "workbook"), (".pdf", "PDF")):
        samples = []
        with Event.open(path, readonly=True) as ev:
            for i in range(repeats):
                samples.append(timed(lambda i=i, s=suffix: ev.export(tmp / f"s{i}{s}", stage=13)))
        ms = median_ms(samples)
        report.add(
            f"one stage's full {what} (800 entries)", f"{ms:.0f} ms", "< 2 s", verdict(ms < 2000)
        )


def bench_export_all(path: Path, tmp: Path, report: Report, repeats: int) -> None:
    """`--all-stages` of stage 13 as a workbook and a PDF, each render against its floor of the
    same run (benchmarks/bench_export.py: openpyxl write-only writing the same cells; Qt drawing
    the same texts on as many pages)."""
    from benchmarks.bench_export import measure

    m = measure(path, tmp, repeats)
    for what, key, suffix, target, floor in (
        ("workbook", "workbook", "xlsx", 5.0, "openpyxl write-only, the same cells"),
        ("PDF", "pdf", "pdf", 3.0, "Qt drawing the same texts"),
    ):
        render, base, whole = m[key], m[f"{key} floor"], m[f"export {suffix}"]
        report.add(
            f"--all-stages {what}, 800 × 14 ({m['sheets']:.0f} sheets): render",
            f"{render * 1000:.0f} ms",
            f"< {target:g} s",
            verdict(render < target, f"({render / base:.1f}× floor)"),
        )
        report.add(f"  floor: {floor}", f"{base * 1000:.0f} ms", f"ratio {render / base:.1f}×", "")
        report.add(
            "  the whole export (classifications included)", f"{whole * 1000:.0f} ms", "", ""
        )


def bench_startup(path: Path, tmp: Path, report: Report, repeats: int) -> None:
    """A fresh process: python -m rallydesk open EVENT --screenshot (window built and painted)."""
    samples = []
    for i in range(repeats):
        png = tmp / f"start{i}.png"
        t0 = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-m", "rallydesk", "open", str(path), "--screenshot", str(png)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        samples.append(time.perf_counter() - t0)
        if r.returncode != 0:
            report.add(
                "start-up to a usable window",
                "failed",
                "< 1.5 s",
                f"NOT MEASURED ({r.stderr.strip()[:80]})",
            )
            return
    ms = median_ms(samples)
    report.add(
        "start-up to a usable window (800 × 14)", f"{ms:.0f} ms", "< 1.5 s", verdict(ms < 1500)
    )


def bench_gui(path: Path, report: Report, repeats: int) -> None:
    try:
        import benchmarks.gui_update  # noqa: F401 (Qt may be missing)
    except ImportError as exc:
        report.add(
            "GUI: Enter → models updated and repainted",
            "n/a",
            "within one frame",
            f"NOT MEASURED ({exc})",
        )
        return
    from benchmarks.gui_update import measure_durable_commit, measure_enter

    floor = measure_durable_commit()
    report.add("  floor: sqlite3 insert + durable commit", f"{floor:.1f} ms", "(same disk)", "")
    for follow, label in (
        (True, "GUI: Enter → models updated and repainted (scroll to the keyed crew)"),
        (False, "  the same, views not scrolling to the keyed crew"),
    ):
        ms, cpu, frame = measure_enter(path, repeats, follow)
        report.add(
            label,
            f"{ms:.1f} ms",
            "within one frame (16.7 ms)",
            verdict(ms <= frame, f"by {ms - frame:.1f} ms"),
        )
        report.add(
            "    of which CPU of the GUI thread (steady under load)",
            f"{cpu:.1f} ms",
            "within one frame (16.7 ms)",
            verdict(cpu <= frame, f"by {cpu - frame:.1f} ms"),
        )


def bench_raid(report: Report, quick: bool) -> None:
    """A passages file of a 400-crew stage imported, its passages closed, the stage and overall
    classified, each against its floor of the same run (benchmarks/raid.py, issue 26)."""
    from benchmarks.raid import run as run_raid

    run_raid(report.add, quick)


def bench_server(report: Report, repeats: int, quick: bool) -> None:
    """An event on a PostgreSQL server: record_time against a raw INSERT + COMMIT on the same
    durable server, how fast another desk's view follows, and one desk's window to another's
    (benchmarks/server.py, benchmarks/gui_to_gui.py)."""
    from benchmarks.server import GUI_SAMPLES, run

    run(repeats, report.add, 40 if quick else GUI_SAMPLES)


def bench_board(report: Report, quick: bool) -> None:
    """The results board: clients following live updates while the desk keys (board_load.py)."""
    from benchmarks.board_load import run

    clients, seconds = (50, 8.0) if quick else (200, 30.0)
    r = run(clients, seconds)
    report.add(
        f"board: update latency, {clients} clients for {seconds:.0f} s (p50 / p99)",
        f"{r['p50_ms']:.0f} / {r['p99_ms']:.0f} ms",
        "p99 ≤ 1 s",
        verdict(
            r["p99_ms"] <= 1000 and r["delivered"] == 1.0,
            f"({100 * r['delivered']:.0f} % delivered)",
        ),
    )
    report.add(
        "  record_time with the board serving them",
        f"{r['record_ms']:.2f} ms",
        f"floor {r['floor_ms']:.2f} ms without the board: {r['record_ms'] / r['floor_ms']:.2f}×",
        "",
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rep = 5 if args.quick else 21
    report = Report()
    with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as d:
        tmp = Path(d)
        print("running benchmarks…", file=sys.stderr)
        path = bench_generate(tmp, report, 3 if not args.quick else 1)
        first = write.run_file(path, report.add, rep * 3)  # record_time (issue 25)
        bench_classify(path, report, rep * 2, args.quick)
        bench_gui(path, report, rep)
        bench_raid(report, args.quick)
        bench_export(path, tmp, report, 3 if args.quick else 5)
        bench_export_all(path, tmp, report, 1 if args.quick else 3)
        bench_startup(path, tmp, report, 3 if args.quick else 5)
        write.run_growth(tmp, report.add, rep * 2, first)
        bench_server(report, rep, args.quick)
        bench_board(report, args.quick)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report.add(
        "peak memory (this process / largest child)",
        f"{peak:.0f} MiB / {child:.0f} MiB",
        "reported",
        "",
    )
    print(
        f"\nRallyDesk benchmarks — {platform.node()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    report.print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
