"""The official sheets as PDF, and on paper: a renderer of :mod:`sheet_model` with Qt.

The only module of ``io/`` that uses Qt (``QPdfWriter``/``QPrinter`` + ``QPainter``; no
LibreOffice).  Every page identifies itself (event, classification, stage and date, status,
reference, "Page k of n" counted per classification); the signature block and the legend never
stand alone on a page and a heading never ends one; text wraps instead of being cut; one font,
shipped with RallyDesk, so that a page looks the same on every computer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGlyphRun,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
)

from .. import collector
from ..domain.errors import RallyDeskError
from .output import write_whole
from .pages import Piece, bind_tail, paginate
from .sheet_model import Block, Document, Sheet
from .sheet_text import say, say_label

Progress = Callable[[int, int], None]

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FALLBACK_FAMILY = "DejaVu Sans"
# sizes in points on the printed A4 page (body ≥ 8 pt)
BODY_PT = 8.5
SMALL_PT = 8.0
HEAD_PT = 9.0
TITLE_PT = 11.0
EVENT_PT = 12.0
STATUS_PT = 13.0
MARGIN_PT = 28.0  # left and right
TOP_PT = 22.0
BOTTOM_PT = 20.0
PAD_PT = 3.0  # inside a cell, left and right
VPAD_PT = 1.6  # inside a cell, above and below
LINE = 1.22  # line height / font size
BAND = QColor("#EFEFEF")
HEADER_FILL = QColor("#D9D9D9")
INK = QColor("#000000")
#: Columns that give room when the table is too wide, and take the room left over.
FLEXIBLE = ("Crew", "Team", "Vehicle")

_app: QGuiApplication | None = None
_family: str | None = None


def ensure_app() -> None:
    """QPdfWriter needs a QGuiApplication; the command line has none (headless is fine)."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    if (
        not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and sys.platform.startswith("linux")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QGuiApplication([sys.argv[0] if sys.argv else "rallydesk"])


def font_family() -> str:
    """The shipped DejaVu Sans, registered once with Qt's font database."""
    global _family
    if _family is None:
        ensure_app()
        family = None
        folder = resources.files("rallydesk") / "resources" / "fonts"
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFontFromData((folder / name).read_bytes())
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            family = family or (families[0] if families else None)
        _family = family or FALLBACK_FAMILY
    return _family


# --------------------------------------------------------------------------- layout


#: A line's glyphs (placed from the line's top) and the line's ascent (``_Fonts.run``).
_Run = tuple[QGlyphRun, float]
#: A line placed: x, its baseline below the row's top, its text and its glyphs (shaped once a
#: text; None: drawn as text).
_Op = tuple[float, float, str, _Run | None]
#: A cell laid out: its number of lines, and its lines placed.
_Cell = tuple[int, list[_Op]]
#: Values that are not safe keys of a memo of texts (1.0 and True are the key 1).
_INEXACT = (float, bool)


def _nothing(p: QPainter, y: float) -> None:
    return None


@dataclass(eq=False)
class _Item(Piece):
    """A piece of the page model (:mod:`pages`) and how it is drawn."""

    draw: Callable[[QPainter, float], None] = _nothing


class _Fonts:
    def __init__(self, device: QPagedPaintDevice) -> None:
        family = font_family()

        def font(size: float, bold: bool = False) -> QFont:
            f = QFont(family)
            f.setPointSizeF(size)
            f.setBold(bold)
            f.setKerning(False)  # the widths measured are the widths drawn
            f.setFeature(QFont.Tag("liga"), 0)  # "fi" stays two letters: the PDF's text searches
            return f

        self.body = font(BODY_PT)
        self.bold = font(BODY_PT, True)
        self.small = font(SMALL_PT)
        self.head = font(HEAD_PT, True)
        self.title = font(TITLE_PT, True)
        self.event = font(EVENT_PT, True)
        self.status = font(STATUS_PT, True)
        self.metrics = {
            id(f): QFontMetricsF(f, device)
            for f in (
                self.body,
                self.bold,
                self.small,
                self.head,
                self.title,
                self.event,
                self.status,
            )
        }
        # measured once a (font, text), wrapped once a (font, width, text), printed once a
        # (kind, value, style, precision): the export repeats each of them thousands of times
        self._widths: dict[int, dict[str, float]] = {key: {} for key in self.metrics}
        self._widest: dict[int, dict[str, float]] = {key: {} for key in self.metrics}
        self._wrapped: dict[tuple[int, float, str], list[str]] = {}
        self._runs: dict[str, _Run | None] = {}
        self._device = device
        self.texts: dict[tuple[str, str, int], dict[Any, str]] = {}
        self._cells: dict[tuple[float, float, str, float, float, float], dict[str, _Cell]] = {}

    def cells_at(self, place: tuple[float, float, str, float, float, float]) -> dict[str, _Cell]:
        """The document's laid-out cells of one column place (x, width, alignment, paddings,
        line height): the same for every sheet whose column stands there."""
        return self._cells.setdefault(place, {})

    def width(self, font: QFont, text: str) -> float:
        known = self._widths[id(font)]
        w = known.get(text)
        if w is None:
            w = known[text] = self.metrics[id(font)].horizontalAdvance(text)
        return w

    def run(self, text: str) -> _Run | None:
        """The body font's glyphs of one line, shaped once a document, with the line's ascent:
        drawn at (x, baseline − ascent), the glyphs' own positions (from the line's top) put
        them on the baseline. Drawing a glyph run skips the shaping ``drawText`` does again at
        every call (the export draws each position, code and time hundreds of times); the
        positions are not rewritten (copying them point by point cost ~1 s of an 800 × 14
        ``--all-stages`` PDF). None when the line needs more than one run (a fallback font):
        that line is drawn as text."""
        if text in self._runs:
            return self._runs[text]
        layout = QTextLayout(text, self.body, self._device)
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        found = (runs[0], line.ascent()) if len(runs) == 1 else None
        self._runs[text] = found
        return found

    def widest(self, font: QFont, texts: Iterable[str]) -> float:
        """The width of the widest line of any of ``texts`` (0 for none), measured once a
        (font, text) for the document: a column's widths are asked on every sheet it is on."""
        known = self._widest[id(font)]
        best = 0.0
        for text in texts:
            w = known.get(text)
            if w is None:
                w = known[text] = max(self.width(font, line) for line in text.split("\n"))
            if w > best:
                best = w
        return best

    def wrap(self, font: QFont, text: str, width: float) -> list[str]:
        """Greedy word wrap; a word longer than the line is split where it must be. The list
        returned is shared by every caller wrapping the same text: read it, never change it."""
        key = (id(font), width, text)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = self._wrapped[key] = self._wrap(font, text, width)
        return lines

    def _wrap(self, font: QFont, text: str, width: float) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            if self.width(font, paragraph) <= width:
                lines.append(paragraph)
                continue
            line = ""
            for word in paragraph.split(" "):
                trial = f"{line} {word}" if line else word
                if self.width(font, trial) <= width:
                    line = trial
                    continue
                if line:
                    lines.append(line)
                while self.width(font, word) > width and len(word) > 1:
                    # broken where it must be, and said so with a hyphen ("SIGMARINGEN-")
                    cut = len(word) - 1
                    while cut > 1 and self.width(font, word[:cut] + "-") > width:
                        cut -= 1
                    lines.append(word[:cut] + ("" if word[cut - 1] in "-/" else "-"))
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines


def _page_header(
    s: Sheet, f: _Fonts, k: float, width: float
) -> tuple[float, float, float, list[tuple[QFont, float, list[str]]]]:
    """The status frame's size, and event, title and stage line each wrapped beside it (never
    cut): their font, line step and lines."""
    status_lines = s.status.split(" / ")
    status_w = max(f.width(f.status, line) for line in status_lines) + 16 * k
    status_h = len(status_lines) * STATUS_PT * LINE * k + 8 * k
    text_w = width - status_w - 12 * k
    lines = [
        (font, size * LINE * k, f.wrap(font, text, text_w))
        for font, size, text in (
            (f.event, EVENT_PT, s.event),
            (f.title, TITLE_PT, s.title),
            (f.body, BODY_PT, s.stage_line),
        )
    ]
    return status_w, status_h, text_w, lines


class _SheetLayout:
    """Positions every piece of one sheet, then cuts it into pages."""

    def __init__(self, sheet: Sheet, fonts: _Fonts, k: float, page_w: float, page_h: float) -> None:
        self.s = sheet
        self.f = fonts
        self.k = k  # device units per point
        self.page_w, self.page_h = page_w, page_h
        self.left = MARGIN_PT * k
        self.width = page_w - 2 * self.left
        self.pad = PAD_PT * k
        self.vpad = VPAD_PT * k
        self.line_h = BODY_PT * LINE * k
        self.small_h = SMALL_PT * LINE * k
        self.status_w, self.status_h, self.header_text_w, self.header = _page_header(
            sheet, fonts, k, self.width
        )
        self.header_h = self._page_header_height()
        self.footer_h = (SMALL_PT * LINE + 8) * k
        self.body_top = TOP_PT * k + self.header_h
        self.body_h = page_h - self.body_top - BOTTOM_PT * k - self.footer_h
        self.col = {c.key: j for j, c in enumerate(sheet.columns)}
        self.texts = _row_texts(sheet, fonts)
        self.widths = self._widths()
        self.x = [self.left]
        for w in self.widths:
            self.x.append(self.x[-1] + w)
        # a cell's lines and where they go, once a (column's place and width, text) for the
        # whole document: the sheets of one export repeat their columns (a class sheet its
        # category's), so the crews, teams and times laid out once serve every sheet
        self._cells: list[dict[str, _Cell]] = [
            self.f.cells_at((self.x[j], self.widths[j], c.align, self.pad, self.vpad, self.line_h))
            for j, c in enumerate(sheet.columns)
        ]
        self._cell_makers = [_cell_maker(self, j) for j in range(len(sheet.columns))]

    # ------------------------------------------------------------------ widths

    def _need(self, font: QFont, text: str) -> float:
        return self.f.widest(font, (text,)) + 2 * self.pad

    def _widths(self) -> list[float]:
        s, f = self.s, self.f
        widths = [self._need(f.bold, self._label(c.key, c.label)) for c in s.columns]
        for j, texts in enumerate(zip(*self.texts, strict=True)):  # each column's texts
            widths[j] = max(widths[j], f.widest(f.body, set(texts)) + 2 * self.pad)
        for block in s.blocks:
            for bc_i, bc in enumerate(block.columns):
                j = self.col[bc.under]
                label = self._label(bc.key, bc.label)
                widths[j] = max(widths[j], self._need(f.bold, label) if bc.key != "Reason" else 0)
                if bc.key in ("Reason", "Kind", "Crew"):
                    continue  # these span or wrap
                for r in block.rows:
                    widths[j] = max(widths[j], self._need(f.body, s.text(bc, r[bc_i])))
        flex = [self.col[k] for k in FLEXIBLE if k in self.col]
        total = sum(widths)
        if total > self.width:  # take the room from the widest text columns
            excess = total - self.width
            while excess > 0.5:
                j = max(flex, key=lambda i: widths[i])
                floor = 60 * self.k
                if widths[j] <= floor:
                    break
                cut = min(excess, widths[j] - floor, max(widths[j] * 0.1, 1))
                widths[j] -= cut
                excess -= cut
        else:  # and give them what is left
            extra = (self.width - total) / len(flex)
            for j in flex:
                widths[j] += extra
        return widths

    def _label(self, key: str, label: str) -> str:
        if self.s.language == "en+fr":
            return label.replace(" / ", "\n")
        return label

    # ------------------------------------------------------------------ the page's frame

    def _page_header_height(self) -> float:
        k = self.k
        text = sum(step * len(lines) for _font, step, lines in self.header)
        return max(text, self.status_h) + (HEAD_PT * LINE - BODY_PT * LINE) * k + 10 * k

    def draw_frame(self, p: QPainter, page: int, pages: int) -> None:
        """Header and footer: a page lifted off the notice board still says what it is."""
        s, f, k = self.s, self.f, self.k
        top = TOP_PT * k
        right = self.left + self.width
        status_lines = s.status.split(" / ")
        status_w, status_h = self.status_w, self.status_h
        y = top
        for font, step, lines in self.header:
            for line in lines:
                self.text(p, font, self.left, y, self.header_text_w, line)
                y += step
        box = QRectF(right - status_w, top, status_w, status_h)
        p.setPen(QPen(INK, 1.6 * k))
        p.drawRect(box)
        p.setFont(f.status)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, "\n".join(status_lines))
        line_y = top + self.header_h - 4 * k
        p.setPen(QPen(INK, 0.6 * k))
        p.drawLine(QPointF(self.left, line_y), QPointF(right, line_y))
        foot = self.page_h - BOTTOM_PT * k - self.footer_h
        p.drawLine(QPointF(self.left, foot + 2 * k), QPointF(right, foot + 2 * k))
        reference, digest, made = s.footer_facts()
        y = foot + 6 * k
        # measured, not thirds: the reference and the digest print whole (verify reads them)
        left_text = f"{reference}  ·  {digest}"
        page_text = say("Page", s.language, k=page, n=pages)
        left_w, right_w = f.width(f.small, left_text), f.width(f.small, made)
        page_w = f.width(f.bold, page_text)
        x = min(max(self.left + (self.width - page_w) / 2, self.left + left_w + 8 * k), right)
        self.text(p, f.small, self.left, y, left_w, left_text)
        self.text(p, f.bold, x, y, page_w, page_text)
        self.text(p, f.small, right - right_w, y, right_w, made)

    def text(
        self,
        p: QPainter,
        font: QFont,
        x: float,
        y: float,
        w: float,
        text: str,
        align: str = "left",
        elide: bool = False,
    ) -> None:
        """One line of text with its top at ``y``."""
        p.setFont(font)
        p.setPen(INK)
        m = self.f.metrics[id(font)]
        if elide and self.f.width(font, text) > w:
            text = m.elidedText(text, Qt.TextElideMode.ElideRight, w)
        tw = self.f.width(font, text)
        if align == "right":
            x += w - tw
        elif align == "center":
            x += (w - tw) / 2
        p.drawText(QPointF(x, y + m.ascent()), text)

    # ------------------------------------------------------------------ the flow

    def items(self) -> list[_Item]:
        s, f, k = self.s, self.f, self.k
        out: list[_Item] = []
        # page 1 says first what a clerk looks for: crews unaccounted for, the protest deadline,
        # the counts, and an amendment with what it changed
        for notice in s.notices:
            out.append(self._paragraph(notice, f.bold, "notice"))
        if s.counts:
            out.append(self._paragraph(s.counts, f.small, "counts"))
        amendment = s.amendment()
        if amendment is not None:
            out.extend(self._block(amendment))
        if out:
            out.append(_Item(self.line_h * 0.4, kind="space"))
        table_header = self._table_header()
        header_at = len(out)
        out.append(table_header)
        table_header.keep_with_next = True
        if s.cancelled or not s.rows:
            why = say("cancelled" if s.cancelled else "no one classified", s.language)
            out.append(self._paragraph(why, f.bold, "result"))
        for i, texts in enumerate(self.texts):
            out.append(self._table_row(texts, i, table_header))
        last_row = len(out) - 1
        out.append(_Item(self.line_h * 0.6, kind="space"))
        for block in s.lists():
            out.extend(self._block(block))
        tail_start = len(out)
        out.append(self._signatures())
        if s.legend:
            out.append(self._heading(say("Legend", s.language)))
        for line in s.legend:
            out.append(self._paragraph(line, f.small, "legend", indent=12 * k))
        bind_tail(out, last_row, tail_start, self.body_h, bool(s.rows), first_result=header_at + 1)
        return out

    def _table_header(self) -> _Item:
        s, f = self.s, self.f
        labels = [self._label(c.key, c.label) for c in s.columns]
        lines = max(len(label.split("\n")) for label in labels)
        h = lines * self.line_h + 2 * self.vpad

        def draw(p: QPainter, y: float) -> None:
            p.fillRect(QRectF(self.left, y, self.width, h), HEADER_FILL)
            for j, c in enumerate(s.columns):
                for n, line in enumerate(labels[j].split("\n")):
                    self.text(
                        p,
                        f.bold,
                        self.x[j] + self.pad,
                        y + self.vpad + n * self.line_h,
                        self.widths[j] - 2 * self.pad,
                        line,
                        c.align,
                    )

        return _Item(h, draw=draw, kind="table-header")

    def _cell_lines(self, kind: str, text: str, width: float) -> list[str]:
        return self.f.wrap(self.f.body, text, width - 2 * self.pad)

    def _table_row(self, texts: list[str], i: int, header: _Item) -> _Item:
        ops: list[_Op] = []
        lines = 1
        for known, make, text in zip(self._cells, self._cell_makers, texts, strict=True):
            cell = known.get(text)
            if cell is None:  # a cell's lines and where they go, once a (column, text)
                cell = known[text] = make(text)
            if cell[0] > lines:
                lines = cell[0]
            ops.extend(cell[1])
        h = lines * self.line_h + 2 * self.vpad
        band = i % 2 == 1
        body = self.f.body

        def draw(p: QPainter, y: float) -> None:
            if band:
                p.fillRect(QRectF(self.left, y, self.width, h), BAND)
            p.setFont(body)
            p.setPen(INK)
            _draw_ops(p, y, ops)

        return _Item(h, draw=draw, repeat=header, kind="result")

    def _placed(
        self, cells: list[list[str]], spans: list[tuple[float, float]], aligns: list[str]
    ) -> list[_Op]:
        """Where each line of a row's cells is drawn (x, baseline below the row's top), worked
        out once with the measured widths: drawing is then one call a line, none for an empty
        cell (the export draws hundreds of thousands)."""
        ascent = self.f.metrics[id(self.f.body)].ascent()
        ops: list[_Op] = []
        for (x, w), align, lines in zip(spans, aligns, cells, strict=True):
            for n, line in enumerate(lines):
                if not line:
                    continue
                left = x + self.pad
                if align != "left":
                    room = w - 2 * self.pad - self.f.width(self.f.body, line)
                    left += room if align == "right" else room / 2
                ops.append((left, self.vpad + n * self.line_h + ascent, line, self.f.run(line)))
        return ops

    def _heading(self, title: str) -> _Item:
        h = HEAD_PT * LINE * self.k + 6 * self.k

        def draw(p: QPainter, y: float) -> None:
            self.text(p, self.f.head, self.left, y + 4 * self.k, self.width, title)

        return _Item(h, draw=draw, keep_with_next=True, kind="heading")

    def _paragraph(self, text: str, font: QFont, kind: str, indent: float = 0) -> _Item:
        width = self.width - indent - 2 * self.pad
        lines = self.f.wrap(font, text, width)
        line_h = self.small_h if font is self.f.small else self.line_h
        h = len(lines) * line_h + 2 * self.vpad

        def draw(p: QPainter, y: float) -> None:
            for n, line in enumerate(lines):
                self.text(
                    p, font, self.left + indent + self.pad, y + self.vpad + n * line_h, width, line
                )

        return _Item(h, draw=draw, kind=kind)

    def _spans(self, block: Block) -> list[tuple[float, float]]:
        """x and width of each block column: under its table column, up to the next one."""
        firsts = [self.col[bc.under] for bc in block.columns]
        spans = []
        for i, bc in enumerate(block.columns):
            first = firsts[i]
            last = (
                (firsts[i + 1] - 1 if i + 1 < len(firsts) else len(self.widths) - 1)
                if bc.key in ("Reason", "Kind", "Crew")
                else first
            )
            spans.append((self.x[first], self.x[last + 1] - self.x[first]))
        return spans

    def _block(self, block: Block) -> list[_Item]:
        s, f = self.s, self.f
        items = [self._heading(block.title)]
        if block.text is not None:
            items.append(self._paragraph(block.text, f.body, "list", indent=self.widths[0]))
            return items
        if not block.rows:
            items.append(
                self._paragraph(say("none", s.language), f.body, "list", indent=self.widths[0])
            )
            return items
        spans = self._spans(block)
        labels = [self._label(bc.key, bc.label).split("\n") for bc in block.columns]
        head_h = max(len(lab) for lab in labels) * self.line_h + 2 * self.vpad

        def draw_header(p: QPainter, y: float) -> None:
            p.fillRect(QRectF(self.left, y, self.width, head_h), HEADER_FILL)
            for (x, w), bc, lines in zip(spans, block.columns, labels, strict=True):
                for n, line in enumerate(lines):
                    self.text(
                        p,
                        f.bold,
                        x + self.pad,
                        y + self.vpad + n * self.line_h,
                        w - 2 * self.pad,
                        line,
                        bc.align,
                    )

        header = _Item(head_h, draw=draw_header, keep_with_next=True, kind="block-header")
        items.append(header)
        heading = items[0]
        assert isinstance(heading, _Item)

        def draw_again(p: QPainter, y: float) -> None:
            heading.draw(p, y)
            draw_header(p, y + heading.height)

        # a continuation page names its list again: its rows never sit under other headings
        again = _Item(heading.height + head_h, draw=draw_again, kind="block-header")
        for values in block.rows:
            cells = [
                self._cell_lines(bc.kind, s.text(bc, v), w)
                for (_x, w), bc, v in zip(spans, block.columns, values, strict=True)
            ]
            h = max(len(c) for c in cells) * self.line_h + 2 * self.vpad

            ops = self._placed(cells, spans, [bc.align for bc in block.columns])

            def draw(p: QPainter, y: float, ops: list[_Op] = ops) -> None:
                p.setFont(f.body)
                p.setPen(INK)
                _draw_ops(p, y, ops)

            items.append(_Item(h, draw=draw, repeat=again, kind="list"))
        return items

    def _signatures(self) -> _Item:
        s, f, k = self.s, self.f, self.k
        h = (BODY_PT * LINE * 2 + 40 + SMALL_PT * LINE) * k
        xs = (self.x[self.col["No"]], self.x[self.col["Time"]])

        def draw(p: QPainter, y: float) -> None:
            for x, who in zip(xs, s.signatures, strict=True):
                self.text(p, f.bold, x, y + 6 * k, 220 * k, say_label(who, s.language))
                line_y = y + (BODY_PT * LINE + 44) * k
                p.setPen(QPen(INK, 0.6 * k))
                p.drawLine(QPointF(x, line_y), QPointF(x + 200 * k, line_y))
                self.text(p, f.small, x, line_y + 2 * k, 200 * k, say("Signature", s.language))

        return _Item(h, draw=draw, kind="signatures")

    # ------------------------------------------------------------------ pages

    def draw_page(self, p: QPainter, page: list[Piece], number: int, pages: int) -> None:
        self.draw_frame(p, number, pages)
        y = self.body_top
        for it in page:
            assert isinstance(it, _Item)
            it.draw(p, y)
            y += it.height


def _row_texts(s: Sheet, fonts: _Fonts) -> list[list[str]]:
    """Every result cell's text, made once: the widths and the rows both read them, and a
    value printed on several sheets (a class repeats its category's times) once a document."""
    # one memo a column's kind: its values' texts (a float or bool is not a safe key: 1.0
    # and True are the key 1; a shared position reads "4=" on this sheet only)
    memos = [
        None
        if c.key == "Pos" and s.shared
        else fonts.texts.setdefault((c.kind, s.style, s.precision_ms), {})
        for c in s.columns
    ]
    columns = list(zip(s.columns, memos, strict=True))
    out: list[list[str]] = []
    for values in s.rows:
        texts = []
        for (c, memo), v in zip(columns, values, strict=True):
            if memo is None or type(v) in _INEXACT:
                texts.append(s.text(c, v))
                continue
            text = memo.get(v)
            if text is None:
                text = memo[v] = s.text(c, v)
            texts.append(text)
        out.append(texts)
    return out


def _cell_maker(layout: _SheetLayout, j: int) -> Callable[[str], _Cell]:
    """How column ``j`` places a text: its lines, and each line's x and baseline below the
    row's top (what :meth:`_placed` works out, for one column). The function holds what it
    needs, never the layout that keeps it: no cycle, so a sheet's layout and the document's
    caches go when the drawing is done, not at a later pass of the collector (~330,000
    objects of an 800 × 14 --all-stages PDF)."""
    f = layout.f
    body, align = f.body, layout.s.columns[j].align
    inner = layout.widths[j] - 2 * layout.pad
    left = layout.x[j] + layout.pad
    ascent = f.metrics[id(body)].ascent()
    top, step = layout.vpad + ascent, layout.line_h

    def make(text: str) -> _Cell:
        wrapped = f.wrap(body, text, inner)
        ops: list[_Op] = []
        for n, line in enumerate(wrapped):
            if not line:
                continue
            x = left
            if align != "left":
                room = inner - f.width(body, line)
                x += room if align == "right" else room / 2
            ops.append((x, top + n * step, line, f.run(line)))
        return len(wrapped), ops

    return make


def _draw_ops(p: QPainter, y: float, ops: list[_Op]) -> None:
    """A row's lines in the body font, the row's top at ``y``."""
    for x, dy, line, run in ops:
        if run is None:
            p.drawText(QPointF(x, y + dy), line)
        else:
            p.drawGlyphRun(QPointF(x, y + dy - run[1]), run[0])


# --------------------------------------------------------------------------- output


def _set_layout(device: QPagedPaintDevice) -> None:
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Point,
    )
    device.setPageLayout(layout)


@collector.paused()
def paint(document: Document, device: QPagedPaintDevice, progress: Progress | None = None) -> int:
    """Draw every sheet on ``device`` (a QPdfWriter, or the QPrinter of a print preview)."""
    _set_layout(device)
    resolution = device.resolution() if hasattr(device, "resolution") else device.logicalDpiX()
    k = resolution / 72.0
    full = device.pageLayout().fullRectPoints()
    page_w, page_h = full.width() * k, full.height() * k
    fonts = _Fonts(device)
    painter = QPainter()
    if not painter.begin(device):
        raise RallyDeskError("cannot start drawing the sheets (printer or file not ready)")
    total = 0
    try:
        first = True
        for i, sheet in enumerate(document.sheets):
            layout = _SheetLayout(sheet, fonts, k, page_w, page_h)
            pages = paginate(layout.items(), layout.body_h)
            for n, page in enumerate(pages, start=1):
                if not first:
                    device.newPage()
                first = False
                layout.draw_page(painter, page, n, len(pages))
                total += 1
            if progress is not None:
                progress(i + 1, len(document.sheets))
    finally:
        finished = painter.end()
    if not finished:
        raise RallyDeskError("the sheets could not be finished (the file or printer refused them)")
    return total


def sheet_pages(document: Document) -> dict[str, int]:
    """How many pages each sheet takes in the PDF: the page model alone, nothing drawn (the
    workbook's page count is compared with it, and the benchmark's floor draws as many)."""
    ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(600)
    _set_layout(writer)
    k = writer.resolution() / 72.0
    full = writer.pageLayout().fullRectPoints()
    fonts = _Fonts(writer)
    pages = {}
    for sheet in document.sheets:
        layout = _SheetLayout(sheet, fonts, k, full.width() * k, full.height() * k)
        pages[sheet.name] = len(paginate(layout.items(), layout.body_h))
    del writer
    return pages


def write_pdf(document: Document, out: Path, progress: Progress | None = None) -> Path:
    """Draw the PDF in memory, check Qt finished it, then put it in place whole: never half a
    file, never a truncated one reported as written (``output.write_whole``)."""
    out = Path(out)
    ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(600)
    writer.setTitle(f"{document.event} — classifications")
    writer.setCreator("RallyDesk")
    paint(document, writer, progress)
    del writer
    buffer.close()
    data = bytes(buffer.data().data())
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
        raise RallyDeskError(f"{out}: the PDF could not be finished; nothing was written")
    return write_whole(out, data, "PDF")


__all__ = ["write_pdf", "paint", "ensure_app", "font_family", "sheet_pages"]
