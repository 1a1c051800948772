"""One stage's full workbook and PDF of an 800-entry event: median of 5 runs each (target < 2 s).

Each run builds the document (classifications, lists, texts) and renders it, as `rallydesk
export` does; opening the event is not counted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.services import Event  # noqa: E402

with tempfile.TemporaryDirectory() as d:
    path = Path(d) / "g.rallydesk"
    write_generated(path, 800, 14, 1)
    with Event.open(path, readonly=True) as ev:
        for label, suffix in (("workbook", "xlsx"), ("PDF", "pdf")):
            samples = []
            for i in range(5):
                ev.data._index.clear()  # no classification cached from the previous run
                t0 = time.perf_counter()
                out, _ = ev.export(Path(d) / f"s{i}.{suffix}", stage=13)
                samples.append(time.perf_counter() - t0)
            size = out.stat().st_size // 1024
            print(
                f"one stage's {label}, 800 entries: median {statistics.median(samples):.2f} s, "
                f"max {max(samples):.2f} s, {size} KiB (target < 2 s)"
            )
