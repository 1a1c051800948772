"""GUI: Enter in the time field → the classification models updated and both views repainted.

Drives the real window offscreen on a copy of the benchmark event; every keyed time replaces an
existing one on the last stage, so rows move in both the stage and the overall views.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAME_MS = 1000 / 60


def measure_enter(path: Path, repeats: int, follow: bool = True) -> tuple[float, float, float]:
    """(median wall ms, median main-thread CPU ms, one frame in ms) from Enter to both views repainted."""
    spread = measure_enter_spread(path, repeats, follow)
    return spread["wall"][0], spread["cpu"][0], FRAME_MS


def p90(samples: list[float]) -> float:
    """The 90th percentile (nearest rank): the slow Enters a median hides."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, -(-9 * len(ordered) // 10) - 1))]


def measure_enter_spread(
    path: Path, repeats: int, follow: bool = True
) -> dict[str, tuple[float, float]]:
    """{"wall": (median, p90) ms, "cpu": (median, p90) ms} from Enter to both views repainted.

    ``follow``: the views scroll to the crew just keyed (the default), so each Enter may draw a
    part of the table not drawn before; without it the views stay where the official left them.

    The CPU time of the GUI thread is what the desk itself spends (parsing, checks, the durable
    write's CPU part, the models, painting); unlike the wall time it does not grow when another
    program shares the machine, so it is the number to compare from run to run."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from rallydesk.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as d:
        copy = Path(d) / "bench.rallydesk"
        shutil.copy(path, copy)
        w = MainWindow()
        w.resize(1400, 850)
        assert w.open_path(copy)
        w.show()
        app.processEvents()
        desk = w.desk
        desk.follow_keyed = follow
        entry = desk.entry
        last = max(s.number for s in w.rally_event.data.stages)
        entry.set_stage(last)
        app.processEvents()
        entry.ask_replace_reason = lambda q: "benchmark"
        entry.ask_confirm = lambda q: True
        numbers = [r.number for r in desk.views[0].model.classification().rows]
        samples = []
        cpu = []
        for i in range(repeats):
            n = numbers[(i * 37) % len(numbers)]
            entry.number.setText(str(n))
            entry.time.setText(f"3:{(i * 7) % 60:02d}:{(i * 13) % 60:02d}")
            t0, c0 = time.perf_counter(), time.thread_time()
            assert entry.commit(), entry.message.text()
            # the worst frame: every visible cell of both views drawn again, as the event loop
            # does it (one flush of the window's dirty regions; calling repaint() on each view
            # instead painted a scrolled view twice, once in the other view's flush)
            for view in desk.views:
                view.table.viewport().update()
            app.processEvents()
            samples.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        w.close_event()
        w.close()
    return {
        "wall": (statistics.median(samples) * 1000, p90(samples) * 1000),
        "cpu": (statistics.median(cpu) * 1000, p90(cpu) * 1000),
    }


def measure_durable_commit(repeats: int = 41) -> float:
    """Median ms of the floor every keyed time pays: one row inserted and committed by sqlite3
    itself with WAL and synchronous=FULL, on the same disk, in the same run."""
    import sqlite3

    with tempfile.TemporaryDirectory() as d:
        db = sqlite3.connect(Path(d) / "floor.db", isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("CREATE TABLE t (n INTEGER, v TEXT)")
        samples = []
        for i in range(repeats):
            t0 = time.perf_counter()
            db.execute("BEGIN")
            db.execute("INSERT INTO t VALUES (?, ?)", (i, "x" * 200))
            db.execute("COMMIT")
            samples.append(time.perf_counter() - t0)
        db.close()
    return statistics.median(samples) * 1000


if __name__ == "__main__":
    import sys

    from rallydesk.generate import write_generated

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "g.rallydesk"
        write_generated(p, 800, 14, 1)
        floor = measure_durable_commit()
        print(f"floor: sqlite3 insert + durable commit, median {floor:.1f} ms")
        for follow in (True, False):
            got = measure_enter_spread(p, int(sys.argv[1]) if len(sys.argv) > 1 else 21, follow)
            (ms, ms90), (cpu, cpu90) = got["wall"], got["cpu"]
            print(
                f"Enter → models updated and views repainted{'' if follow else ' (no scroll to keyed)'}: "
                f"median {ms:.1f} ms wall (p90 {ms90:.1f}), {cpu:.1f} ms CPU of the GUI thread "
                f"(p90 {cpu90:.1f}); one frame = {FRAME_MS:.1f} ms; {ms / floor:.1f}× the floor"
            )
