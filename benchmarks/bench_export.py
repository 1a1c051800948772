"""The sheets of the 800-entry, 14-stage event as a workbook and as a PDF, against floors.

    .venv/bin/python benchmarks/bench_export.py [REPEATS]

One stage's export (target < 2 s) and the `--all-stages` export of stage 13 (issue 24: < 5 s as
a workbook, < 3 s as a PDF). Each render is timed on a document built once (the
classifications are not the renderers' cost), interleaved with its floor in the same run:

- workbook floor: openpyxl's write-only mode writing the same cells (values, no style, no page
  set-up), what any writer of this workbook must at least spend;
- PDF floor: Qt drawing the same texts, one ``drawText`` a cell line, on as many pages.

The whole ``Event.export`` (classifications included) is timed too. A machine shared with other
work moves both sides of a ratio: read the ratio, and the time against `uptime`'s load.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.io.excel import days, document_for, write_workbook  # noqa: E402
from rallydesk.io.pdf import ensure_app, write_pdf  # noqa: E402
from rallydesk.io.sheet_model import CREW, DURATION_KINDS, Document  # noqa: E402
from rallydesk.services import Event  # noqa: E402


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def floor_workbook(document: Document) -> bytes:
    """The same cells in openpyxl's write-only mode: values only."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook(write_only=True)
    for sheet in document.sheets:
        ws = wb.create_sheet(sheet.name)
        for _ in range(6):
            ws.append([sheet.event])
        kinds = [c.kind for c in sheet.columns]
        for row in sheet.rows:
            ws.append(
                [
                    None
                    if v is None
                    else days(v)
                    if k in DURATION_KINDS
                    else "\n".join(v)
                    if k == CREW
                    else v
                    for k, v in zip(kinds, row, strict=True)
                ]
            )
        for block in sheet.blocks:
            ws.append([block.title])
            for r in block.rows:
                ws.append(["\n".join(v) if isinstance(v, tuple) else v for v in r])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def floor_pdf(document: Document, pages_per_sheet: dict[str, int]) -> bytes:
    """Qt drawing the same cell texts at 600 dpi on the same number of pages."""
    from PySide6.QtCore import QBuffer, QIODevice, QPointF
    from PySide6.QtGui import QFont, QPainter, QPdfWriter

    ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(600)
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(8.5)
    painter.setFont(font)
    first = True
    for sheet in document.sheets:
        lines = [
            line
            for row in sheet.rows
            for c, v in zip(sheet.columns, row, strict=True)
            for line in sheet.text(c, v).split("\n")
        ]
        pages = max(1, pages_per_sheet.get(sheet.name, 1))
        per_page = max(1, len(lines) // pages + 1)
        for n in range(pages):
            if not first:
                writer.newPage()
            first = False
            for i, line in enumerate(lines[n * per_page : (n + 1) * per_page]):
                painter.drawText(QPointF(200 + (i % 11) * 500, 400 + (i // 11) * 120), line)
    painter.end()
    del writer
    buffer.close()
    return bytes(buffer.data().data())


def measure(path: Path, folder: Path, repeats: int) -> dict[str, float]:
    """Medians in seconds: each render and its floor, interleaved; the whole exports."""
    samples: dict[str, list[float]] = {}

    def add(key: str, seconds: float) -> None:
        samples.setdefault(key, []).append(seconds)

    with Event.open(path, readonly=True) as ev:
        document = document_for(ev.data, "J1-bench", folder / "x.xlsx", 13, True, None)
        pages = _pages_per_sheet(document)
        for i in range(repeats):
            add("workbook", timed(lambda i=i: write_workbook(document, folder / f"a{i}.xlsx")))
            add("workbook floor", timed(lambda: floor_workbook(document)))
            add("pdf", timed(lambda i=i: write_pdf(document, folder / f"a{i}.pdf")))
            add("pdf floor", timed(lambda: floor_pdf(document, pages)))
        for suffix in ("xlsx", "pdf"):
            for i in range(max(1, repeats // 2)):
                ev.data._index.clear()  # no classification cached from the previous run
                out = folder / f"e{i}.{suffix}"
                add(f"export {suffix}", timed(lambda o=out: ev.export(o, 13, all_stages=True)))
                ev.data._index.clear()
                out = folder / f"one{i}.{suffix}"
                add(f"one stage {suffix}", timed(lambda o=out: ev.export(o, stage=13)))
    medians = {k: statistics.median(v) for k, v in samples.items()}
    medians["sheets"] = len(document.sheets)
    medians["pdf pages"] = sum(pages.values())
    return medians


def _pages_per_sheet(document: Document) -> dict[str, int]:
    from rallydesk.io.pdf import sheet_pages

    return sheet_pages(document)


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "g.rallydesk"
        write_generated(path, 800, 14, 1)
        m = measure(path, Path(d), repeats)
    print(
        f"load average {os.getloadavg()[0]:.1f}; {m['sheets']:.0f} sheets, {m['pdf pages']:.0f} PDF pages"
    )
    for what, target in (("workbook", 5.0), ("pdf", 3.0)):
        floor = m[f"{what} floor"]
        print(
            f"--all-stages {what}: render {m[what]:.2f} s, floor {floor:.2f} s "
            f"(ratio {m[what] / floor:.2f}), whole export {m['export ' + ('xlsx' if what == 'workbook' else 'pdf')]:.2f} s "
            f"(target < {target:g} s)"
        )
    print(
        f"one stage: workbook {m['one stage xlsx']:.2f} s, PDF {m['one stage pdf']:.2f} s (target < 2 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
