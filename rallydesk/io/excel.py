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
from copy import copy
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]  # openpyxl has no type hints

from .. import collector
from ..domain.errors import RallyDeskError
from ..domain.model import EventData
from ..domain.ranking import SHARED_MARK
from .output import write_whole
from .pages import RESULT, Piece, bind_tail, last_result_page, paginate
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
from .xlsx_cells import Row, Texts, Value, put_cells, sheet_xml

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
#: The status frame's cells, by (first, last) column of the frame.
STATUS_BORDERS = {
    (first, last): Border(
        top=THICK, bottom=THICK, left=THICK if first else None, right=THICK if last else None
    )
    for first in (False, True)
    for last in (False, True)
}
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
SIDE_MARGIN_IN, TOP_MARGIN_IN, BOTTOM_MARGIN_IN = 0.4, 0.5, 0.7
#: Pages are filled to this share of what Excel would fit: our breaks come before its own.
PAGE_SAFETY = 0.96

Progress = Callable[[int, int], None]
#: How a cell looks (what it holds: xlsx_cells.Value): font, alignment, wrap, fill, border,
#: number format.
Style = tuple[Font, str, bool, PatternFill | None, Border | None, str | None]

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

#: A shared position's number format: the cell stays the number 4 and reads "4=" (the
#: domain's SHARED_MARK, as the desk and the PDF print it).
SHARED_FORMAT = f'0"{SHARED_MARK}"'


def _bilingual_format(key: str) -> str | None:
    """A bilingual heading: English first, as the PDF; the cell stays the contract's word and
    reads "Time / Temps" by a text format (wrapped on two lines)."""
    french = say(key, "fr")
    return '@" / ' + french.replace('"', "") + '"' if french != key else None


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


@collector.paused()
def write_workbook(document: Document, out: Path, progress: Progress | None = None) -> Path:
    """Every sheet, streamed (openpyxl's write-only mode, each style made once): a sheet's rows
    and pages are laid out first, then written in one pass."""
    out = Path(out)
    wb = Workbook(write_only=True)
    styles = _Styles()
    used = {sheet.name.lower() for sheet in document.sheets}
    cells: dict[str, str] = {}
    for i, sheet in enumerate(document.sheets):
        _Writer(sheet).emit(wb, styles, used, cells)
        if progress is not None:
            progress(i + 1, len(document.sheets))
    wb.properties.title = f"{document.event} — classifications"
    wb.properties.creator = "RallyDesk"
    buffer = io.BytesIO()  # made in memory: a full disk never meets a half-written zip
    wb.save(buffer)  # every part but the cells, which are put in as text (xlsx_cells)
    return write_whole(out, put_cells(buffer.getvalue(), cells), "workbook")


#: The end of the name of a classification's continuation sheet (docs/workbook.md, Print).
CONTINUED = " (cont.)"


def continuation_name(name: str, used: set[str]) -> str:
    """The sheet that prints a classification's pages after its results (lists, signatures)."""
    base = name[: 31 - len(CONTINUED)] + CONTINUED
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" {n}"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


class _Styles:
    """Each combination of font, alignment, fill, border and number format registered once: a
    cell then takes a copy of its style's ids (openpyxl hashed every style object it was
    given, most of the time of a large export)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, str, bool, int, int, str | None], tuple[Any, Style]] = {}
        self.ids: dict[int, tuple[int, Style]] = {}  # id(style) → its index, the style kept
        self.indexes: dict[tuple[int, str, bool, int, int, str | None], int] = {}
        self.texts = Texts()

    def style_id(self, ws: WriteOnlyWorksheet, style: Style) -> int:
        """The index of a style in the workbook's cell formats (registered on first use)."""
        known = self.ids.get(id(style))
        if known is None:
            font, align, wrap, fill, border, fmt = style
            key = (id(font), align, wrap, id(fill), id(border), fmt)
            index = self.indexes.get(key)
            if index is None:
                cell = self.cell(ws, None, style)
                index = self.indexes[key] = ws.parent._cell_styles.add(cell._style)
            known = self.ids[id(style)] = (index, style)
        return known[0]

    def cell(self, ws: WriteOnlyWorksheet, value: Value, style: Style) -> Any:
        cell = WriteOnlyCell(ws, value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: "=1+1" in a reason is not a formula
        font, align, wrap, fill, border, fmt = style
        # keyed by identity: openpyxl's style objects hash slowly (and are our constants)
        key = (id(font), align, wrap, id(fill), id(border), fmt)
        cached = self.cache.get(key)
        if cached is None:
            cell.font = font
            cell.alignment = (ALIGN if wrap else FLAT)[align]
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            if fmt is not None:
                cell.number_format = fmt
            self.cache[key] = (copy(cell._style), style)  # the style kept alive: its ids stay its
        else:
            cell._style = copy(cached[0])
        return cell


#: Characters about half as wide as a digit in Arial (the unit of Excel's column widths).
NARROW = frozenset(" '.,:;|!ilj()-[]/")


@lru_cache(maxsize=1 << 16)  # the same times and names print on many sheets
def text_units(text: str, bold: bool = False) -> float:
    """Width of a line in Excel's column units (the width of "0"), a little generous."""
    units = sum(
        0.5 if ch in NARROW else 1.2 if ch.isupper() or ch in "mw@%" else 1.0 for ch in text
    )
    return units * (1.1 if bold else 1.0)


@lru_cache(maxsize=1 << 16)
def _lines_needed(text: str, width: float) -> int:
    lines = 0
    for part in text.split("\n"):
        lines += max(1, math.ceil(text_units(part) / max(width - 1, 1)))
    return lines


_Row = Row


def _style(
    font: Font = BODY,
    align: str = "left",
    wrap: bool = False,
    fill: PatternFill | None = None,
    border: Border | None = None,
    number_format: str | None = None,
) -> Style:
    return (font, align, wrap, fill, border, number_format)


class _Writer:
    """Lays one sheet out as rows, cuts them into pages with :mod:`pages`, then writes them."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.col = {c.key: j for j, c in enumerate(sheet.columns, start=1)}
        self.ncols = len(sheet.columns)
        self.widths = self._widths()
        self.rows: list[_Row] = []
        self.pieces: list[Piece] = []

    # ------------------------------------------------------------------ rows

    def add(self, height: float) -> _Row:
        row = _Row(height)
        self.rows.append(row)
        return row

    def piece(self, first: int, kind: str = "row", keep: bool = False) -> Piece:
        """The rows from index ``first`` to the last one added, as one piece of the page model."""
        rows = list(range(first, len(self.rows)))
        height = sum(self.rows[r].height for r in rows)
        p = Piece(height, keep_with_next=keep, kind=kind, payload=rows)
        self.pieces.append(p)
        return p

    def put(
        self,
        row: _Row,
        col: int,
        value: Value,
        font: Font = BODY,
        align: str = "left",
        wrap: bool = False,
        last: int | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        number_format: str | None = None,
    ) -> None:
        row.cells.append((col, value, _style(font, align, wrap, fill, border, number_format)))
        if last is not None and last > col:
            row.merges.append((col, last))

    # ------------------------------------------------------------------ widths

    def _widths(self) -> list[float]:
        """From every section's content: table, lists, penalties (not the classified rows only)."""
        s = self.sheet
        # the header rows: the contract's words, and the French ones on their own row
        widths = [max(MIN_WIDTH, text_units(c.key, bold=True) + 2) for c in s.columns]
        if s.language != "en":
            for j, c in enumerate(s.columns):
                widths[j] = max(widths[j], text_units(say(c.key, "fr"), bold=True) + 2)
        for j, c in enumerate(s.columns):
            # each value once (a column repeats its values: classes, teams, "=")
            for text in {s.text(c, v) for v in {row[j] for row in s.rows}}:
                for line in text.split("\n"):
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

    def title_block(self) -> None:
        """Event, classification, stage line, status: the rows every printed page repeats, wrapped
        to the table's width (never cut, never in a page header that overprints its neighbour)."""
        s = self.sheet
        n = self.ncols
        whole = self.span_width(1, n)
        for text, font, points, scale in (
            (s.event, EVENT, 20.0, 1.4 * 1.1),
            (s.title, TITLE, 17.0, 1.2 * 1.1),
            (s.stage_line, BODY, LINE_PT, 1.0),
        ):
            lines = _lines_needed(text, whole / scale)
            self.put(self.add(points * lines), 1, text, font, wrap=True, last=n)
        status_last = min(6, n)
        facts = "   ·   ".join(s.footer_facts())
        fact_lines = _lines_needed(facts, self.span_width(status_last + 1, n) / 0.9)
        status_lines = _lines_needed(s.status, self.span_width(1, status_last) / (1.6 * 1.1))
        row = self.add(max(30.0, 21.0 * status_lines, 12.0 * fact_lines))
        for j in range(1, status_last + 1):
            border = STATUS_BORDERS[(j == 1, j == status_last)]
            value = s.status if j == 1 else None
            row.cells.append((j, value, _style(STATUS, "center", True, border=border)))
        row.merges.append((1, status_last))
        if status_last < n:
            self.put(row, status_last + 1, facts, SMALL, "right", wrap=True, last=n)
        # what a clerk looks for first: crews unaccounted for, the protest deadline, the counts
        # (short lines: the title rows repeat them on every printed page)
        for text, font in [(t, BOLD) for t in s.notices] + (
            [(s.counts, SMALL)] if s.counts else []
        ):
            self.put(
                self.add(LINE_PT * _lines_needed(text, whole)), 1, text, font, wrap=True, last=n
            )
        self.add(8)

    def column_headers(self) -> int:
        """The table's heading rows; returns the index of the contract's row (first cell Pos)."""
        s = self.sheet
        self.first_header = len(self.rows)
        if s.language == "fr":
            # the sheet's own words; the contract's row (first cell "Pos") stays for scripts
            row = self.add(LINE_PT + 2)
            for j, c in enumerate(s.columns, start=1):
                french = say(c.key, "fr")
                self.put(row, j, french, BOLD, "center", fill=HEADER_FILL, border=HEADER_BORDER)
        bilingual = s.language == "en+fr"
        row = self.add((2 * LINE_PT if bilingual else LINE_PT) + 2)
        for j, c in enumerate(s.columns, start=1):
            fmt = _bilingual_format(c.key) if bilingual else None
            self.put(
                row, j, c.key, BOLD, "center", bilingual, None, HEADER_FILL, HEADER_BORDER, fmt
            )
        if s.language == "fr":
            row.hidden = True  # a French sheet prints French only
            row.height = 0
        return len(self.rows) - 1

    def layout(self) -> None:
        s = self.sheet
        n = self.ncols
        self.title_block()
        self.header = self.column_headers()
        if s.cancelled or not s.rows:
            first = len(self.rows)
            why = say("cancelled" if s.cancelled else "no one classified", s.language)
            self.put(self.add(LINE_PT), 1, why, BOLD, last=n)
            self.piece(first, RESULT)
        formats = [number_format(c.kind, s.precision_ms, s.style) for c in s.columns]
        wraps = [c.key in WRAPPING or c.kind == CREW for c in s.columns]
        styles = [
            _style(BODY, c.align, wraps[j], number_format=formats[j])
            for j, c in enumerate(s.columns)
        ]
        pos = next((j for j, c in enumerate(s.columns) if c.key == "Pos"), None)
        shared_style = _style(
            BODY,
            s.columns[pos].align if pos is not None else "right",
            False,
            None,
            None,
            SHARED_FORMAT,
        )
        shared = frozenset(s.shared)
        lines_of: dict[tuple[int, str], int] = {}
        for values in s.rows:
            row = self.add(LINE_PT)
            lines = 1
            for j, c in enumerate(s.columns):
                value = values[j]
                if value is None or value == "":
                    continue
                if c.kind in DURATION_KINDS:
                    value = days(value)
                elif c.kind == CREW:
                    value = "\n".join(value)
                style = shared_style if j == pos and value in shared else styles[j]
                row.cells.append((j + 1, value, style))  # "4=": still the number 4
                if wraps[j] and isinstance(value, str):
                    key = (j, value)
                    need = lines_of.get(key)
                    if need is None:
                        need = lines_of[key] = _lines_needed(value, self.widths[j])
                    lines = max(lines, need)
            row.height = LINE_PT * lines
            self.pieces.append(Piece(row.height, kind=RESULT, payload=[len(self.rows) - 1]))
        last_result = len(self.pieces) - 1
        self.add(8)
        self.piece(len(self.rows) - 1, "space")
        # the amendment first (the PDF draws it on page 1, above the table; here the title rows
        # repeat on every page, so it leads the lists), then the lists
        amendment = s.amendment()
        for block in ([amendment] if amendment is not None else []) + list(s.lists()):
            self.block(block)
            self.add(8)
            self.piece(len(self.rows) - 1, "space")
        tail_start = len(self.pieces)
        self.signatures()
        if s.legend:
            first = len(self.rows)
            self.put(self.add(LINE_PT), 1, say("Legend", s.language), BOLD, last=n)
            self.piece(first, "heading")
        for line in s.legend:
            first = len(self.rows)
            self.put(self.add(LINE_PT), 2, line, SMALL, last=n)
            self.piece(first, "legend")
        self.titles = sum(self.rows[r].height for r in range(self.header + 1))
        bind_tail(self.pieces, last_result, tail_start, self.capacity(self.titles), bool(s.rows))

    def block(self, block: Block) -> None:
        s = self.sheet
        first = len(self.rows)
        self.put(self.add(LINE_PT + 3), 1, block.title, HEADING, last=self.ncols)
        heading = self.piece(first, "heading", keep=True)  # a heading never ends a page
        if block.text is not None:
            first = len(self.rows)
            lines = _lines_needed(block.text, self.span_width(2, self.ncols))
            self.put(self.add(LINE_PT * lines), 2, block.text, BODY, wrap=True, last=self.ncols)
            self.piece(first, "list")
            return
        spans = self._block_spans(block)
        lines = 1
        first = len(self.rows)
        row = self.add(LINE_PT)
        for (col, last), bc in zip(spans, block.columns, strict=True):
            label = bc.label.replace(" / ", "\n")
            lines = max(lines, label.count("\n") + 1)
            self.put(
                row, col, label, BOLD, bc.align, wrap="\n" in label, last=last, fill=HEADER_FILL
            )
        row.height = LINE_PT * lines + 2
        header = self.piece(first, "block-header", keep=True)
        # a continuation page names its list again, above the list's own column headings
        again = Piece(
            heading.height + header.height,
            kind="block-header",
            payload=[*heading.payload, *header.payload],
        )
        for values in block.rows:
            first = len(self.rows)
            row = self.add(LINE_PT)
            lines = 1
            for (col, last), bc, value in zip(spans, block.columns, values, strict=True):
                if bc.kind in DURATION_KINDS:
                    fmt = number_format(bc.kind, s.precision_ms, s.style)
                    self.put(row, col, days(value), BODY, bc.align, last=last, number_format=fmt)
                elif isinstance(value, int):
                    self.put(row, col, value, BODY, bc.align, last=last)
                else:
                    text = cell_text(bc.kind, value, s.style, s.precision_ms)
                    self.put(row, col, text, BODY, bc.align, wrap=True, last=last)
                    lines = max(lines, _lines_needed(text, self.span_width(col, last)))
            row.height = LINE_PT * lines
            p = self.piece(first, "list")
            p.repeat = again

    def signatures(self) -> None:
        """Two signature boxes side by side, each spanning its half of the table."""
        left, right = self.col["No"], self.col["Time"]
        spans = ((left, right - 1), (right, self.ncols))
        first = len(self.rows)
        rows = [self.add(LINE_PT) for _ in range(5)]  # label, room to sign, line, caption
        for (col, last), who in zip(spans, self.sheet.signatures, strict=True):
            self.put(rows[0], col, say_label(who, self.sheet.language), BOLD, last=last)
            self.put(rows[3], col, "______________________________", last=last)
            self.put(rows[4], col, say("Signature", self.sheet.language), SMALL, last=last)
        self.add(8)
        self.piece(first, "signatures")

    # ------------------------------------------------------------------ pages

    def scale(self) -> float:
        """The scale Excel picks to fit the columns on one A4 landscape page wide (integer %)."""
        pixels = sum(int(w * 7 + 5) for w in self.widths)  # Calibri 11: 7 px a unit, 5 of margin
        printable = (A4_LONG_IN - 2 * SIDE_MARGIN_IN) * 96
        return min(100, math.floor(100 * printable / pixels)) / 100

    def capacity(self, titles: float) -> float:
        """Points of rows a page holds below the repeated title rows, with a little to spare."""
        printable = (A4_SHORT_IN - TOP_MARGIN_IN - BOTTOM_MARGIN_IN) * 72 / self.scale()
        return (printable - titles) * PAGE_SAFETY

    # ------------------------------------------------------------------ writing

    def emit(self, wb: Workbook, styles: _Styles, used: set[str], cells: dict[str, str]) -> None:
        """The classification's sheet (every row, for scripts); when the lists go on past the
        last page of results, a continuation sheet prints those pages under the title rows
        only, so a list row never sits under the results' column headings."""
        self.layout()
        pages = paginate(self.pieces, self.capacity(self.titles))
        results = last_result_page(pages)
        mine = {id(p) for p in self.pieces}  # not the headings the page model repeated
        rest = [p for page in pages[results:] for p in page if id(p) in mine]
        head = list(range(self.first_header))  # the title block
        titles = sum(self.rows[r].height for r in head)
        continued = paginate(rest, self.capacity(titles)) if rest else []
        total = results + len(continued)
        ends = [page[-1].payload[-1] + 1 for page in pages[:results]]
        # the set-up first: write-only mode writes the sheet's properties with the first row
        ws = wb.create_sheet(self.sheet.name)
        ws.freeze_panes = f"A{self.header + 2}"
        self.print_setup(ws, self.header + 1, 1, total)
        if continued:
            ws.print_area = f"A1:{get_column_letter(self.ncols)}{ends[-1]}"
        self.write_rows(ws, styles, self.rows, ends[:-1], cells)
        if not continued:
            return
        order = list(head)
        ends = []
        for page in continued:
            for p in page:
                order.extend(p.payload)
            ends.append(len(order))
        cws = wb.create_sheet(continuation_name(self.sheet.name, used))
        self.print_setup(cws, len(head), results + 1, total)
        self.write_rows(cws, styles, [self.rows[r] for r in order], ends[:-1], cells)

    def write_rows(
        self,
        ws: WriteOnlyWorksheet,
        styles: _Styles,
        rows: list[_Row],
        breaks: list[int],
        cells: dict[str, str],
    ) -> None:
        """Widths and the page ends (rows) to openpyxl; each row with its height, cells and
        merges as text in ``cells`` (sheet name → its sheetData), put in after openpyxl saved."""
        for end in breaks:
            ws.row_breaks.append(Break(id=end))
        # the size up front (write-only mode knows none): read-only readers pad rows by it
        size = f"A1:{get_column_letter(self.ncols)}{len(rows)}"
        ws.calculate_dimension = lambda: size
        for j, w in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = round(w, 1)

        def style_id(style: object) -> int:
            return styles.style_id(ws, cast(Style, style))  # what put() gave the row

        cells[ws.title] = sheet_xml(rows, self.ncols, style_id, styles.texts)

    def print_setup(
        self, ws: WriteOnlyWorksheet, title_rows: int, first_page: int, total: int
    ) -> None:
        s = self.sheet
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.page_setup.firstPageNumber = first_page  # "Page k of n" counted per classification
        ws.page_setup.useFirstPageNumber = True
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"1:{title_rows}"
        ws.print_options.horizontalCentered = True
        # room for the footer: it prints inside the bottom margin
        ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
        ws.page_margins.top = TOP_MARGIN_IN
        ws.page_margins.bottom = BOTTOM_MARGIN_IN
        ws.page_margins.header = 0.3
        ws.page_margins.footer = 0.3
        reference, digest, made = s.footer_facts()
        # the count is ours (the page model's): a spreadsheet's &N counts the whole workbook
        page = say("Page", s.language, k="&P", n=total)
        footer = ws.HeaderFooter.oddFooter
        for part, text, bold in (
            (footer.left, made, False),
            (footer.center, page, True),
            (footer.right, f"{reference}  ·  {digest}", False),
        ):
            part.text = text if "&P" in text else _header_text(text)
            part.size = 8
            part.font = f"{FAMILY},{'Bold' if bold else 'Regular'}"
        ws.sheet_view.zoomScale = 90


def _header_text(text: str) -> str:
    """Header and footer codes start with "&": a literal one is doubled (the texts are short
    facts, far below Excel's 255 characters: nothing is cut)."""
    return text.replace("&", "&&")
