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


def measure_enter_to_repaint(path: Path, repeats: int, follow: bool = True) -> tuple[float, float]:
    """(median ms from Enter to both views repainted, one frame in ms).

    ``follow``: the views scroll to the crew just keyed (the default), so each Enter may draw a
    part of the table not drawn before; without it the views stay where the official left them.
    """
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
        for i in range(repeats):
            n = numbers[(i * 37) % len(numbers)]
            entry.number.setText(str(n))
            entry.time.setText(f"3:{(i * 7) % 60:02d}:{(i * 13) % 60:02d}")
            t0 = time.perf_counter()
            assert entry.commit(), entry.message.text()
            for view in desk.views:
                view.table.viewport().repaint()
            samples.append(time.perf_counter() - t0)
        w.close_event()
        w.close()
    return statistics.median(samples) * 1000, FRAME_MS


if __name__ == "__main__":
    import sys

    from rallydesk.generate import write_generated

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "g.rallydesk"
        write_generated(p, 800, 14, 1)
        for follow in (True, False):
            ms, frame = measure_enter_to_repaint(
                p, int(sys.argv[1]) if len(sys.argv) > 1 else 21, follow
            )
            print(
                f"Enter → models updated and views repainted{'' if follow else ' (no scroll to keyed)'}: "
                f"median {ms:.1f} ms (one frame = {frame:.1f} ms)"
            )
