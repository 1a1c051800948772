"""The official classification workbook (docs/workbook.md).

A renderer of :mod:`sheet_model`: the workbook says what the PDF says, with real Excel
durations (number formats in the event's time style) so that sums and sorts work, and every
text written as text (a crew or reason starting with "=" never becomes a formula).
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]  # openpyxl has no type hints

from ..domain.classification import SHARED_MARK
from ..domain.errors import RallyDeskError
from ..domain.model import EventData
from .output import write_whole
from .sheet_model import (
    AMOUNT,
    CHANGE,
    CREW,
    DURATION_KINDS,
    GAP,
    PENALTY,
    TIME,
    Block,
    Document,
    Sheet,
    build_document,
    cell_text,
    counted_adjustments,
    sheet_plan,
)
from .sheet_text import say, say_label

DAY_MS = 86_400_000
#: One family for every cell, header and footer: on every office machine (LibreOffice maps it
#: to the metric-compatible Liberation Sans), so the widths computed here hold when printed.
FAMILY = "Arial"
BODY_PT = 10
LINE_PT = 13.0  # row height of one line of body text
BODY = Font(name=FAMILY, size=BODY_PT)
BOLD = Font(name=FAMILY, size=BODY_PT, bold=True)
EVENT = Font(name=FAMILY, size=14, bold=True)
TITLE = Font(name=FAMILY, size=12, bold=True)
HEADING = Font(name=FAMILY, size=11, bold=True)
SMALL = Font(name=FAMILY, size=BODY_PT - 1, color="000000")
STATUS = Font(name=FAMILY, size=16, bold=True, color="000000")  # black: photocopies stay legible
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
THICK = Side(style="medium", color="000000")
HEADER_BORDER = Border(top=THIN, bottom=THIN)
ALIGN = {
    a: Alignment(horizontal=a, vertical="top", wrap_text=True) for a in ("left", "center", "right")
}
FLAT = {a: Alignment(horizontal=a, vertical="top") for a in ("left", "center", "right")}
#: Columns whose text may wrap; the others are sized to their longest text.
WRAPPING = ("Crew", "Team", "Vehicle")
MAX_WIDTH = {"Crew": 34.0, "Team": 26.0, "Vehicle": 22.0}
MIN_WIDTH = 5.0
#: The sum of widths that still prints at ≥ 8 pt once fitted to one A4 landscape page wide.
WIDTH_BUDGET = 170.0
A4_LONG_IN, A4_SHORT_IN = 297 / 25.4, 210 / 25.4
SIDE_MARGIN_IN, TOP_MARGIN_IN, BOTTOM_MARGIN_IN = 0.4, 1.0, 0.9
#: Pages are filled to this share of what Excel would fit: our breaks come before its own.
PAGE_SAFETY = 0.9

Progress = Callable[[int, int], None]

__all__ = [
    "write_workbook",
    "sheet_plan",
    "duration_format",
    "counted_adjustments",
    "number_format",
    "FAMILY",
]


#: A number format's condition for a duration under one hour (1/24 of a day, a hair under it so
#: that exactly one hour, a binary fraction, is "1h 00' 00''").
UNDER_AN_HOUR = "[<0.04166666]"


def duration_format(precision_ms: int, style: str = "plain") -> str:
    """A duration's number format: the cell stays a number of days, shown in the time style."""
    frac = {1000: "", 100: ".0"}.get(precision_ms, ".000")
    if style == "dakar":
        # under an hour without "0h", as the text reads; past 24 h too. The tenth stands after the
        # seconds' point ("10' 48.7''"): a number format cannot put it after the mark as the
        # rules' text does ("10' 48''7")
        seconds = f"ss{frac}\"''\""
        return f'{UNDER_AN_HOUR}[m]"\' "{seconds};[h]"h" mm"\' "{seconds}'
    return f"[h]:mm:ss{frac}"


def number_format(kind: str, precision_ms: int, style: str) -> str | None:
    """The format that shows a value as :func:`sheet_model.cell_text` writes it."""
    if kind == TIME:
        return duration_format(precision_ms, style)
    if kind in (PENALTY, GAP, AMOUNT):
        frac = {1000: "", 100: ".0"}.get(precision_ms, ".000")
        body = f'[hh]"h "mm"\' "ss{frac}"\'\'"' if style == "dakar" else f"[h]:mm:ss{frac}"
        plus, minus = ('"+ "', '"- "') if style == "dakar" else ('"+"', '"-"')
        zero = "" if kind == AMOUNT else ';""'  # no gap on row 1 nor on a shared position
        return f"{plus}{body};{minus}{body}{zero}"
    if kind == CHANGE:
        return '+0;-0;"="'
    return None


def days(ms: int) -> float:
    """Milliseconds as an Excel duration (a number of days); round(days * 86_400_000) gives ms back."""
    return ms / DAY_MS


def document_for(
    data: EventData,
    digest: str,
    out: Path,
    stage: int | None,
    all_stages: bool,
    language: str | None,
    verified: frozenset[int] = frozenset(),
) -> Document:
    """The document an export writes, after the checks every format shares. ``verified``: the
    stages keyed twice with no mismatch left (their stage sheets say VERIFIED)."""
    if stage is None:
        stage = data.latest_stage_with_results()
        if stage is None:
            raise RallyDeskError("no stage has results yet: nothing to export")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise RallyDeskError(f"{out}: folder {folder} does not exist")
    document = build_document(data, digest, stage, all_stages, language)
    if not any(s.stage in verified for s in document.sheets):
        return document
    sheets = tuple(
        dataclasses.replace(s, status=f"{s.status} · {say('VERIFIED', s.language)}")
        if s.stage in verified and s.scope == "stage"
        else s
        for s in document.sheets
    )
    return dataclasses.replace(document, sheets=sheets)


def write_workbook(document: Document, out: Path, progress: Progress | None = None) -> Path:
    out = Path(out)
    wb = Workbook()
    wb.remove(wb.active)
    for i, sheet in enumerate(document.sheets):
        _Writer(wb.create_sheet(sheet.name), sheet).write()
        if progress is not None:
            progress(i + 1, len(document.sheets))
    wb.properties.title = f"{document.event} — classifications"
    wb.properties.creator = "RallyDesk"
    buffer = io.BytesIO()  # made in memory: a full disk never meets a half-written zip
    wb.save(buffer)
    return write_whole(out, buffer.getvalue(), "workbook")


#: A shared position's number format: the cell stays the number 4 and reads "4=" (the
#: domain's SHARED_MARK, as the desk and the PDF print it).
SHARED_FORMAT = f'0"{SHARED_MARK}"'

#: Characters about half as wide as a digit in Arial (the unit of Excel's column widths).
NARROW = frozenset(" '.,:;|!ilj()-[]/")


def text_units(text: str, bold: bool = False) -> float:
    """Width of a line in Excel's column units (the width of "0"), a little generous."""
    units = sum(
        0.5 if ch in NARROW else 1.2 if ch.isupper() or ch in "mw@%" else 1.0 for ch in text
    )
    return units * (1.1 if bold else 1.0)


def _lines_needed(text: str, width: float) -> int:
    lines = 0
    for part in text.split("\n"):
        lines += max(1, math.ceil(text_units(part) / max(width - 1, 1)))
    return lines


class _Writer:
    def __init__(self, ws: Worksheet, sheet: Sheet) -> None:
        self.ws = ws
        self.sheet = sheet
        self.col = {c.key: j for j, c in enumerate(sheet.columns, start=1)}
        self.ncols = len(sheet.columns)
        self.widths = self._widths()
        self.heights: dict[int, float] = {}  # every row's printed height, for the page breaks
        self.keep: set[int] = set()  # rows that must share a page with the next one

    # ------------------------------------------------------------------ cells

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        font: Font = BODY,
        align: str = "left",
        wrap: bool = False,
    ) -> Any:
        cell = self.ws.cell(row, col, value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: "=1+1" in a reason is not a formula
        cell.font = font
        cell.alignment = ALIGN[align] if wrap else FLAT[align]
        return cell

    def span(self, row: int, first: int, last: int) -> None:
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    # ------------------------------------------------------------------ widths

    def _widths(self) -> list[float]:
        """From every section's content: table, lists, penalties (not the classified rows only)."""
        s = self.sheet
        # the header rows: the contract's words, and the French ones on their own row
        widths = [max(MIN_WIDTH, text_units(c.key, bold=True) + 2) for c in s.columns]
        if s.language != "en":
            for j, c in enumerate(s.columns):
                widths[j] = max(widths[j], text_units(say(c.key, "fr"), bold=True) + 2)
        for row in s.rows:
            for j, c in enumerate(s.columns):
                for line in s.text(c, row[j]).split("\n"):
                    widths[j] = max(widths[j], text_units(line) + 2)
        for block in s.blocks:
            spans = self._block_spans(block)
            for (j, _last), bc in zip(spans, block.columns, strict=True):
                for label in bc.label.split(" / "):  # bilingual labels print on two lines
                    widths[j - 1] = max(widths[j - 1], text_units(label, bold=True) + 2)
                if bc.kind == "text" and bc.key == "Reason":
                    continue  # a reason spans several columns and wraps
                for r in block.rows:
                    for line in s.text(bc, r[block.columns.index(bc)]).split("\n"):
                        widths[j - 1] = max(widths[j - 1], text_units(line) + 2)
        for j, c in enumerate(s.columns):
            if c.key in MAX_WIDTH:
                widths[j] = min(widths[j], MAX_WIDTH[c.key])
        excess = sum(widths) - WIDTH_BUDGET
        for key in ("Vehicle", "Team"):
            if excess > 0 and key in self.col:
                j = self.col[key] - 1
                cut = min(excess, widths[j] - 14)
                if cut > 0:
                    widths[j] -= cut
                    excess -= cut
        return widths

    def _block_spans(self, block: Block) -> list[tuple[int, int]]:
        """(first, last) table column of each block column: a column runs up to the next one."""
        firsts = [self.col[bc.under] for bc in block.columns]
        return [
            (f, (firsts[i + 1] - 1) if i + 1 < len(firsts) else self.ncols)
            if bc.key in ("Reason", "Kind")
            else (f, f)
            for i, (f, bc) in enumerate(zip(firsts, block.columns, strict=True))
        ]

    def span_width(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1 : last])

    # ------------------------------------------------------------------ the sheet

    def write(self) -> None:
        s = self.sheet
        ws = self.ws
        n = self.ncols
        # event, title and stage line wrap on as many lines as they need: never cut
        whole = self.span_width(1, n)
        for r, text, font, points in (
            (1, s.event, EVENT, 20),
            (2, s.title, TITLE, 17),
            (3, s.stage_line, BODY, LINE_PT),
        ):
            self.put(r, 1, text, font, wrap=True)
            self.span(r, 1, n)
            units = whole * BODY_PT / font.size  # a bigger font: fewer letters to a line
            self.height(r, points * _lines_needed(text, units))
        status_last = min(6, n)
        self.put(4, 1, s.status, STATUS, "center")
        self.span(4, 1, status_last)
        for j in range(1, status_last + 1):
            ws.cell(4, j).border = Border(
                top=THICK,
                bottom=THICK,
                left=THICK if j == 1 else None,
                right=THICK if j == status_last else None,
            )
        self.put(4, status_last + 1, "   ·   ".join(s.footer_facts()), SMALL, "right", wrap=True)
        self.span(4, status_last + 1, n)
        for r, height in ((4, 30), (5, 8)):
            self.height(r, height)
        row = self.lead(6)
        first_header = row
        if s.language == "fr":
            # the sheet's own words; the contract's row (first cell "Pos") stays for scripts
            for j, c in enumerate(s.columns, start=1):
                cell = self.put(row, j, say(c.key, "fr"), BOLD, "center")
                cell.fill = HEADER_FILL
                cell.border = HEADER_BORDER
            self.height(row, LINE_PT + 2)
            row += 1
        header = row
        bilingual = s.language == "en+fr"
        for j, c in enumerate(s.columns, start=1):
            cell = self.put(header, j, c.key, BOLD, "center", wrap=bilingual)
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER
            french = say(c.key, "fr")
            if bilingual and french != c.key:
                # English first, as the PDF: the cell stays the contract's word and reads
                # "Time / Temps" (a text format), wrapped on two lines
                cell.number_format = '@" / ' + french.replace('"', "") + '"'
        self.height(header, (2 * LINE_PT if bilingual else LINE_PT) + 2)
        if s.language == "fr":
            ws.row_dimensions[header].hidden = True  # a French sheet prints French only
            self.heights[header] = 0
        row = header + 1
        if s.cancelled or not s.rows:
            self.put(
                row, 1, say("cancelled" if s.cancelled else "no one classified", s.language), BOLD
            )
            self.span(row, 1, n)
            self.height(row, LINE_PT)
            row += 1
        formats = [number_format(c.kind, s.precision_ms, s.style) for c in s.columns]
        wraps = [c.key in WRAPPING or c.kind == CREW for c in s.columns]
        shared = frozenset(s.shared)
        for values in s.rows:
            lines = 1
            for j, c in enumerate(s.columns):
                value = values[j]
                if c.kind in DURATION_KINDS and value is not None:
                    cell = self.put(row, j + 1, days(value), BODY, c.align)
                elif c.kind == CREW:
                    text = cell_text(CREW, value, s.style, s.precision_ms)
                    cell = self.put(row, j + 1, text, BODY, c.align, wrap=True)
                else:
                    cell = self.put(row, j + 1, value, BODY, c.align, wrap=wraps[j])
                if formats[j] is not None:
                    cell.number_format = formats[j]
                elif c.key == "Pos" and value in shared:
                    cell.number_format = SHARED_FORMAT  # "4=": still the number 4
                if wraps[j] and isinstance(cell.value, str):
                    lines = max(lines, _lines_needed(cell.value, self.widths[j]))
            self.height(row, LINE_PT * lines)
            row += 1
        last_result = row - 1
        self.height(row, 8)
        row += 1
        for block in s.lists():
            row = self.block(row, block)
            self.height(row, 8)
            row += 1
        signatures = row
        row = self.signatures(row)
        self.height(row, 8, keep=True)
        row += 1
        if s.legend:
            self.put(row, 1, say("Legend", s.language), BOLD)
            self.span(row, 1, n)
            self.height(row, LINE_PT, keep=True)
            row += 1
        for line in s.legend:
            self.put(row, 2, line, SMALL)
            self.span(row, 2, n)
            self.height(row, LINE_PT, keep=True)
            row += 1
        self.keep.discard(row - 1)
        # the signatures take the last result rows with them (the notice board's rule: a
        # signed page shows results): those of the table, else the last rows of the lists
        tail = sum(self.heights.get(r, LINE_PT) for r in range(last_result + 1, row))
        carry = range(max(header + 1, last_result - 2), last_result + 1)
        if s.rows and tail + sum(self.heights[r] for r in carry) < self.capacity(
            first_header, header
        ):
            self.keep.update(range(carry.start, row - 1))
        else:
            self.keep.update(range(signatures - 4, signatures))
        self.page_breaks(header + 1, row - 1, first_header, header)
        for j, w in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = round(w, 1)
        self.print_setup(first_header, header)

    def lead(self, row: int) -> int:
        """What page 1 says before the table: crews unaccounted for, the protest deadline, the
        counts, an amendment with what it changed. Returns the next free row."""
        s, n = self.sheet, self.ncols
        width = self.span_width(1, n)
        for text, font in [(t, BOLD) for t in s.notices] + (
            [(s.counts, SMALL)] if s.counts else []
        ):
            self.put(row, 1, text, font, wrap=True)
            self.span(row, 1, n)
            self.height(row, LINE_PT * _lines_needed(text, width))
            row += 1
        amendment = s.amendment()
        if amendment is not None:
            row = self.block(row, amendment)
        if row > 6:
            self.height(row, 8)
            row += 1
        return row

    def block(self, row: int, block: Block) -> int:
        s = self.sheet
        self.put(row, 1, block.title, HEADING)
        self.span(row, 1, self.ncols)
        self.height(row, LINE_PT + 3, keep=True)  # a heading never ends a page
        row += 1
        if block.text is not None:
            self.put(row, 2, block.text, BODY, wrap=True)
            self.span(row, 2, self.ncols)
            self.height(row, LINE_PT * _lines_needed(block.text, self.span_width(2, self.ncols)))
            return row + 1
        spans = self._block_spans(block)
        lines = 1
        for (first, last), bc in zip(spans, block.columns, strict=True):
            label = bc.label.replace(" / ", "\n")
            lines = max(lines, label.count("\n") + 1)
            cell = self.put(row, first, label, BOLD, bc.align, wrap="\n" in label)
            cell.fill = HEADER_FILL
            self.span(row, first, last)
        self.height(row, LINE_PT * lines + 2, keep=True)
        row += 1
        for values in block.rows:
            lines = 1
            for (first, last), bc, value in zip(spans, block.columns, values, strict=True):
                if bc.kind in DURATION_KINDS:
                    cell = self.put(row, first, days(value), BODY, bc.align)
                    cell.number_format = number_format(bc.kind, s.precision_ms, s.style)
                elif isinstance(value, int):
                    self.put(row, first, value, BODY, bc.align)
                else:
                    text = cell_text(bc.kind, value, s.style, s.precision_ms)
                    self.put(row, first, text, BODY, bc.align, wrap=True)
                    lines = max(lines, _lines_needed(text, self.span_width(first, last)))
                self.span(row, first, last)
            self.height(row, LINE_PT * lines)
            row += 1
        return row

    def signatures(self, row: int) -> int:
        """Two signature boxes side by side, each spanning its half of the table."""
        left, right = self.col["No"], self.col["Time"]
        spans = ((left, right - 1), (right, self.ncols))
        for (first, last), who in zip(spans, self.sheet.signatures, strict=True):
            self.put(row, first, say_label(who, self.sheet.language), BOLD)
            self.span(row, first, last)
        for r in range(row, row + 5):  # the block is one: label, room to sign, caption
            self.height(r, LINE_PT, keep=True)
        row += 3
        for first, last in spans:
            self.put(row, first, "______________________________")
            self.span(row, first, last)
            self.put(row + 1, first, say("Signature", self.sheet.language), SMALL)
            self.span(row + 1, first, last)
        return row + 2

    # ------------------------------------------------------------------ pages

    def height(self, row: int, points: float, keep: bool = False) -> None:
        self.ws.row_dimensions[row].height = points
        self.heights[row] = points
        if keep:
            self.keep.add(row)

    def scale(self) -> float:
        """The scale Excel picks to fit the columns on one A4 landscape page wide (integer %)."""
        pixels = sum(int(w * 7 + 5) for w in self.widths)  # Calibri 11: 7 px a unit, 5 of margin
        printable = (A4_LONG_IN - 2 * SIDE_MARGIN_IN) * 96
        return min(100, math.floor(100 * printable / pixels)) / 100

    def capacity(self, first_header: int, header: int) -> float:
        """Points of rows a page holds below the repeated header rows, with room to spare."""
        printable = (A4_SHORT_IN - TOP_MARGIN_IN - BOTTOM_MARGIN_IN) * 72 / self.scale()
        titles = sum(self.heights.get(r, 0) for r in range(first_header, header + 1))
        return (printable - titles) * PAGE_SAFETY

    def page_breaks(self, first: int, last: int, first_header: int, header: int) -> None:
        """Manual breaks where the PDF would break: Excel then never splits a block we keep."""
        capacity = self.capacity(first_header, header)
        used = sum(self.heights.get(r, 0) for r in range(1, first_header))  # the title block
        r = first
        while r <= last:
            end = r
            while end in self.keep and end < last:
                end += 1
            chain = sum(self.heights.get(x, LINE_PT) for x in range(r, end + 1))
            if chain > capacity:  # taller than a page: row by row
                end, chain = r, self.heights.get(r, LINE_PT)
            if used + chain > capacity and used > 0:
                self.ws.row_breaks.append(Break(id=r - 1))
                used = 0.0
            used += chain
            r = end + 1

    def print_setup(self, first_header: int, header: int) -> None:
        ws = self.ws
        s = self.sheet
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.page_setup.firstPageNumber = 1  # "Page k of n" counted per classification
        ws.page_setup.useFirstPageNumber = True
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        reference, digest, made = s.footer_facts()
        ws.print_title_rows = f"{first_header}:{header}"
        ws.freeze_panes = ws.cell(header + 1, 1)
        ws.print_options.horizontalCentered = True
        # room for the header and footer: they print inside the top and bottom margins
        ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
        ws.page_margins.top = TOP_MARGIN_IN
        ws.page_margins.bottom = BOTTOM_MARGIN_IN
        ws.page_margins.header = 0.3
        ws.page_margins.footer = 0.3
        for part, text, bold in (
            (ws.oddHeader.left, f"{s.event}\n{s.stage_line}", False),
            (ws.oddHeader.center, s.title, True),
            (ws.oddHeader.right, s.status, True),
            (ws.oddFooter.left, f"{reference}  ·  {made}", False),
            (ws.oddFooter.center, say("Page xlsx", s.language), True),
            (ws.oddFooter.right, digest, False),
        ):
            part.text = text if "&P" in text else _header_text(text)
            part.size = 9
            part.font = f"{FAMILY},{'Bold' if bold else 'Regular'}"
        ws.sheet_view.zoomScale = 90


def _header_text(text: str) -> str:
    """Header and footer codes start with "&": a literal one is doubled; Excel allows 255 chars."""
    return text.replace("&", "&&")[:120]
