"""One stage's full workbook of an 800-entry event: median of 5 runs (target < 2 s)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.io.excel import export_workbook  # noqa: E402
from rallydesk.services import Event  # noqa: E402

with tempfile.TemporaryDirectory() as d:
    path = Path(d) / "g.rallydesk"
    write_generated(path, 800, 14, 1)
    with Event.open(path, readonly=True) as ev:
        samples = []
        for i in range(5):
            t0 = time.perf_counter()
            export_workbook(ev, Path(d) / f"s{i}.xlsx", stage=13)
            samples.append(time.perf_counter() - t0)
    print(f"one stage's workbook, 800 entries, 20 sheets: median {statistics.median(samples):.2f} s (target < 2 s)")
