"""Qt item models over the services' classifications.

A live classification never resets: rows that left are removed, new ones inserted, the order
changed with ``layoutChanged`` (persistent indexes follow their race number) and changed rows
get ``dataChanged`` — so selection and scroll survive every keyed time (novelWriter's pattern).
"""

from __future__ import annotations

import time
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ..domain import times as T
from ..domain.classification import (
    Classification,
    LiveOverall,
    Row,
    classification_columns,
)
from ..domain.model import Entry, EventData
from ..domain.names import crew_label
from ..domain.ranking import position_label, tied_positions
from . import theme
from .i18n import arg

HIGHLIGHT_SECONDS = 4.0
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
USER = int(Qt.ItemDataRole.UserRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
# the columns' keys (English, used by the code and the tests); the headers shown are translated
KEYED = QColor(255, 190, 40, 130)  # the row whose result was just keyed
HIGHLIGHT = QBrush(KEYED)

RIGHT = {"Pos", "No", "Time", "Penalty", "Gap", "Diff", "Cat. pos", "Change"}
NUMBER = attrgetter("number")
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
#: the UserRole of the columns that hold a number: the number itself
VALUES = {
    "Pos": attrgetter("position"),
    "No": attrgetter("number"),
    "Time": attrgetter("time_ms"),
    "Penalty": attrgetter("penalty_ms"),
    "Gap": attrgetter("gap_ms"),
    "Diff": attrgetter("diff_ms"),
    "Cat. pos": attrgetter("category_position"),
    "Change": attrgetter("change"),
}


_BOLD: list[QFont] = []


def _bold() -> QFont:
    """Made on first use: a QFont wants the application to exist."""
    if not _BOLD:
        f = QFont()
        f.setBold(True)
        _BOLD.append(f)
        f = QFont()
        f.setItalic(True)
        _BOLD.append(f)
    return _BOLD[0]


def _italic() -> QFont:
    """A pending row's font (with its grey, it reads as "not counted yet" without colour alone)."""
    _bold()
    return _BOLD[1]


_HANDLED = frozenset({DISPLAY, ALIGN, BACKGROUND, DECORATION, FOREGROUND, FONT, USER, TOOLTIP})

#: a painted cell: text, alignment, font, foreground, background (None: the view's own)
CellStyle = tuple[str, Qt.AlignmentFlag, QFont | None, QBrush | None, QBrush | None]
#: a row's cached look: (what it depends on, texts, fonts, foregrounds), one entry a column
RowLook = tuple[tuple[Row, bool, bool], list[str], list[QFont | None], list[QBrush | None]]
#: what the delegate paints of a row: its race number and each cell's look but the background
PaintedRow = tuple[int, list[tuple[str, Qt.AlignmentFlag, QFont | None, QBrush | None]]]


class ColumnTitles(QObject):
    """Each column's title and its explanation, in the desk's language (key -> (title, tooltip))."""

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            "Pos": (
                self.tr("Pos"),
                self.tr("Position in this classification; equal times share it (1, 2, 2, 4)"),
            ),
            "No": (self.tr("No"), self.tr("Race number")),
            "Crew": (self.tr("Crew"), self.tr("Driver / co-driver / navigator with nationality")),
            "Team": (self.tr("Team"), self.tr("Team")),
            "Vehicle": (self.tr("Vehicle"), self.tr("Vehicle")),
            "Class": (self.tr("Class"), self.tr("Class of the entry")),
            "Time": (self.tr("Time"), self.tr("Stage time, or overall total")),
            "N": (
                self.tr("N"),
                self.tr(
                    "N: the total includes a nominal time (a DNS or DNF given the stage's flat time)"
                ),
            ),
            "Penalty": (
                self.tr("Penalty"),
                self.tr("Sum of penalties (+) and bonuses/credits (−) counted in this time"),
            ),
            "Gap": (self.tr("Gap"), self.tr("Behind the leader of this classification")),
            "Diff": (self.tr("Diff"), self.tr("Behind the row above (0 on a shared position)")),
            "Cat. pos": (self.tr("Cat. pos"), self.tr("Position in the whole category")),
            "Change": (
                self.tr("Change"),
                self.tr("Places gained (+) or lost (−) since the previous counting stage"),
            ),
        }


def _alignments(columns: list[str]) -> list[Qt.AlignmentFlag]:
    return [
        (Qt.AlignmentFlag.AlignRight if col in RIGHT else Qt.AlignmentFlag.AlignLeft)
        | Qt.AlignmentFlag.AlignVCenter
        for col in columns
    ]


def _fonts_and_foregrounds(
    row: Row, columns: list[str], pending: bool
) -> tuple[list[QFont | None], list[QBrush | None]]:
    """A row's font and text colour in each column (None: the table's own)."""
    if pending:  # grey and italic: "not counted yet" without colour alone
        return [_italic()] * len(columns), [theme.brush("hint")] * len(columns)
    # no arrow beside Pos: the Change column is the one indicator of a move (since the previous
    # stage); a second arrow for the last result disagreed with it
    change = theme.brush("gained" if row.change > 0 else "lost") if row.change else None
    return (
        [_bold() if col == "Pos" else None for col in columns],
        [change if col == "Change" else None for col in columns],
    )


class ClassificationModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._columns: list[str] = ["Pos", "No", "Crew", "Class", "Time", "Penalty", "Gap", "Diff"]
        self._data: EventData | None = None
        self._classification: Classification | None = None
        #: The highlight's clock (tests freeze it, so a loaded machine never fades a row early).
        self.clock = time.monotonic
        self._changed_at: dict[int, float] = {}  # race number -> when its result was keyed
        self._moved: dict[int, tuple[float, int]] = {}  # race number -> (when, position before)
        #: race number -> ((row, tied, pending), texts, fonts, foregrounds): a row's look
        #: depends on its neighbours too (a shared position is shown "2=") and on whether it is
        #: pending; data() and the delegate both read it
        self._text_cache: dict[int, RowLook] = {}
        #: row index -> what the delegate paints of it; emptied whenever the rows change
        self._painted: dict[int, PaintedRow] = {}
        #: positions shared by two or more rows (not counting pending rows)
        self._tied: set[int] = set()
        self._crew_labels: dict[int, tuple[Entry, str]] = {}  # race number -> (entry, its label)
        #: crews not keyed yet on the stage of a live overall: number -> (previous position, total)
        self._pending: dict[int, tuple[int, int]] = {}
        self._previous_stage: int | None = None
        self._align: list[Qt.AlignmentFlag] = _alignments(self._columns)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fade)
        self._headers = ColumnTitles().texts()

    def column_keys(self) -> list[str]:
        """The shown columns by key (the same whatever the language)."""
        return list(self._columns)

    # -------------------------------------------------------------- Qt API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        name = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[name][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._headers[name][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        # hot path: a repaint asks ~8 roles of every visible cell, so texts are cached per row
        if role not in _HANDLED:  # check state, size hint, status tip…: nothing to say, say it fast
            return None
        r = index.row()
        if r < 0 or r >= len(self._rows):
            return None
        c = index.column()
        if c >= len(self._columns):
            return None
        # the roles a cell is painted with: what cell_style gives the delegate, from one cache
        if role == DISPLAY:
            return self._look(r)[1][c]
        if role == ALIGN:
            return int(self._align[c])
        if role == BACKGROUND:
            return self._background(self._rows[r].number)
        if role == FOREGROUND:
            return self._look(r)[3][c]
        if role == FONT:
            return self._look(r)[2][c]
        if role == USER:
            value = VALUES.get(self._columns[c])  # a number sorts as a number, else the text
            return value(self._rows[r]) if value else self._text(self._rows[r], self._columns[c])
        if role == TOOLTIP:
            row = self._rows[r]
            if row.number in self._pending:
                place, total = self._pending[row.number]
                return arg(
                    self.tr(
                        "Pending: no result keyed on stage %1 yet. Shown at its place after stage %2 "
                        "(%3, total %4); not counted in this overall until its result is keyed."
                    ),
                    self._classification.stage if self._classification else "",
                    self._previous_stage or "",
                    place,
                    self._duration(total),
                )
            if self._columns[c] == "Pos" and row.position in self._tied:
                return self.tr("Tied: equal totals after the tie-break share this position")
            if self._columns[c] == "Crew":
                e = self._entry(row.number)
                return f"{crew_label(e)}\n{e.team or ''}  {e.vehicle or ''}" if e else None
            if self._columns[c] == "Pos" and row.number in self._moved:
                was = self._moved[row.number][1]
                text = (
                    self.tr("up from %1 to %2 with the last result")
                    if was > row.position
                    else self.tr("down from %1 to %2 with the last result")
                )
                return arg(text, was, row.position)
        return None

    def cell_style(self, r: int, c: int) -> CellStyle:
        """What a painted cell shows: its text, alignment, font, foreground and background, as
        data() answers DISPLAY, ALIGN, FONT, FOREGROUND and BACKGROUND (one call a cell for the
        view's delegate, ``cell_delegate.py``, instead of seven)."""
        painted = self._painted.get(r)
        if painted is None:
            if not (0 <= r < len(self._rows) and 0 <= c < len(self._columns)):
                return "", _LEFT, None, None, None  # (Qt paints no such cell)
            _, texts, fonts, foregrounds = self._look(r)
            cells = list(zip(texts, self._align, fonts, foregrounds, strict=True))
            painted = self._painted[r] = (self._rows[r].number, cells)
        number, cells = painted
        text, align, font, foreground = cells[c]
        return text, align, font, foreground, self._background(number)

    def _background(self, number: int) -> QBrush | None:
        at = self._changed_at.get(number)
        if at is not None and self.clock() - at < HIGHLIGHT_SECONDS:
            return HIGHLIGHT
        return None

    def _look(self, r: int) -> RowLook:
        """The row's texts, fonts and foregrounds, made again only when the row, its tie or
        pending mark, or the theme changed (equal rows, most after an edit, keep theirs)."""
        row = self._rows[r]
        pending = row.number in self._pending
        key = (row, row.position in self._tied, pending)
        cached = self._text_cache.get(row.number)
        if cached is None or cached[0] != key:
            texts = [self._text(row, col) for col in self._columns]
            cached = (key, texts, *_fonts_and_foregrounds(row, self._columns, pending))
            self._text_cache[row.number] = cached
        return cached

    def longest_texts(self, column: int, keep: int = 4) -> list[str]:
        """The column's ``keep`` longest distinct texts (by characters): the view measures only
        these with the font, never every cell (resizeColumnsToContents asked every row's size
        hint: 150–300 ms at 800 rows)."""
        texts = {self._look(r)[1][column] for r in range(len(self._rows))}
        return sorted(texts, key=len, reverse=True)[:keep]

    def is_pending(self, number: int) -> bool:
        return number in self._pending

    def _duration(self, ms: int) -> str:
        style = self._data.settings.time_style if self._data else "dakar"
        p = self._classification.precision_ms if self._classification else 1000
        return T.format_duration(ms, style, p)

    # -------------------------------------------------------------- content

    def _text(self, row: Row, col: str) -> str:
        data = self._data
        c = self._classification
        assert data is not None and c is not None
        style = data.settings.time_style
        p = c.precision_ms
        if row.number in self._pending and col not in ("No", "Crew", "Team", "Vehicle", "Class"):
            return self._pending_text(row, col)
        if col == "Pos":
            return position_label(row.position, self._tied)
        if col == "No":
            return str(row.number)
        if col in ("Crew", "Team", "Vehicle", "Class"):
            e = self._entry(row.number)
            if e is None:  # the entry was withdrawn a moment ago; its row is about to go
                return ""
            return {
                "Crew": self._crew_label(e),
                "Team": e.team or "",
                "Vehicle": e.vehicle or "",
                "Class": e.class_code,
            }[col]
        if col == "Time":
            return T.format_duration(row.time_ms, style, p)
        if col == "N":
            return "N" if row.nominal else ""
        if col == "Penalty":
            return T.format_adjustment(row.penalty_ms, style, p) if row.penalty_ms else ""
        if col == "Gap":
            return T.format_gap(row.gap_ms, style, p) if row.gap_ms or row.position != 1 else ""
        if col == "Diff":
            return T.format_gap(row.diff_ms, style, p) if row.diff_ms else ""
        if col == "Cat. pos":
            return str(row.category_position)
        if col == "Change":
            if row.change is None:
                return ""
            return (
                "="
                if row.change == 0
                else (f"▲{row.change}" if row.change > 0 else f"▼{-row.change}")
            )
        return ""

    def _pending_text(self, row: Row, col: str) -> str:
        """A pending crew: who it is and where it stood; no time, gap or change of this stage."""
        if col == "Pos":
            return f"({row.position})"
        if col == "Time":
            return self.tr("pending")
        return ""

    def _crew_label(self, e: Entry) -> str:
        """Crew names, made once per entry (a scroll draws rows whose texts were never made)."""
        label = self._crew_labels.get(e.number)
        if label is None or label[0] is not e:
            label = (e, crew_label(e))
            self._crew_labels[e.number] = label
        return label[1]

    def _entry(self, number: int) -> Entry | None:
        try:
            return self._data.entry(number) if self._data is not None else None
        except KeyError:
            return None

    def classification(self) -> Classification | None:
        return self._classification

    def row_of(self, number: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.number == number:
                return i
        return None

    def number_at(self, row: int) -> int:
        return self._rows[row].number

    def set_classification(
        self,
        data: EventData,
        c: Classification,
        highlight: set[int] | None = None,
        live: LiveOverall | None = None,
    ) -> None:
        """Show ``c``: the first time (or for another stage/scope/group) by reset, afterwards by
        difference. With ``live`` (an overall), its rows are shown: pending crews in place."""
        self._painted.clear()  # (and again once the rows are all in place)
        columns = classification_columns(c, nominal_mark=True)
        rows = list(live.rows) if live is not None else list(c.rows)
        old_tied, old_pending = self._tied, self._pending
        self._pending = dict(live.pending) if live is not None else {}
        self._previous_stage = live.previous_stage if live is not None else None
        self._tied = tied_positions(rows, set(self._pending))
        same_kind = (
            self._classification is not None
            and columns == self._columns
            and (
                self._classification.stage,
                self._classification.scope,
                self._classification.group,
                self._classification.category,
            )
            == (c.stage, c.scope, c.group, c.category)
        )
        if not same_kind:
            self.beginResetModel()
            self._data = data
            self._columns = columns
            self._align = _alignments(columns)
            self._classification = c
            self._rows = rows
            self._changed_at.clear()
            self._moved.clear()
            self._text_cache.clear()
            self._painted.clear()
            self.endResetModel()
            return
        # names or the time style changed: every row's text may differ
        texts_changed = self._data is None or (
            self._data.entries is not data.entries or self._data.settings != data.settings
        )
        self._data = data
        self._classification = c
        if texts_changed:
            self._text_cache.clear()
        # a row whose own values did not change still shows differently when it became or
        # stopped being tied ("2=") or pending: those rows are repainted too (most Enters: none)
        ties, waits = old_tied ^ self._tied, old_pending.keys() ^ self._pending.keys()
        remarked = (
            {r.number for r in rows if r.position in ties or r.number in waits}
            & set(map(NUMBER, self._rows))
            if ties or waits
            else set()
        )
        self._update_rows(rows, highlight or set(), texts_changed, remarked)
        self._painted.clear()

    def _update_rows(
        self,
        new_rows: list[Row],
        highlight: set[int],
        all_changed: bool = False,
        remarked: set[int] | None = None,
    ) -> None:
        """Remove, move, insert only the difference; then ``dataChanged`` for rows whose values
        changed. Rows equal to what they were (most, after an edit) cost one compare each."""
        old_numbers = list(map(NUMBER, self._rows))
        new_numbers = list(map(NUMBER, new_rows))
        if old_numbers != new_numbers:
            move = _single_move(old_numbers, new_numbers)
            if move is not None:  # the usual Enter: one crew up or down, the others shift by one
                source, dest = move
                root = QModelIndex()
                self.beginMoveRows(root, source, source, root, dest + 1 if dest > source else dest)
                self._rows.insert(dest, self._rows.pop(source))
                self.endMoveRows()
            else:
                self._restructure(new_rows, {r.number: r.position for r in self._rows})
        # 4. the new values (the old rows are now in the new order: row i was old_rows[i], or is
        # new_rows[i] itself when it arrived); rows whose values changed get dataChanged
        old_rows = self._rows
        self._rows = new_rows
        now = self.clock()
        pairs = enumerate(zip(old_rows, new_rows, strict=True))
        changed = [i for i, (a, b) in pairs if all_changed or (a is not b and a != b)]
        marked: set[int] = set()  # rows keyed or moved now (those moved before are drawn so)
        for i in changed:  # a row that moved changed: its position is one of its values
            was, r = old_rows[i], new_rows[i]
            if was is not r and was.position != r.position:
                self._moved[r.number] = (now, was.position)
                marked.add(i)
        for number in highlight | (remarked or set()):  # keyed now; tied or pending anew
            if number in new_numbers:
                marked.add(new_numbers.index(number))
                if number in highlight:
                    self._changed_at[number] = now
        last_col = len(self._columns) - 1
        for first, last in _runs(sorted(set(changed) | marked)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_col))
        if self._changed_at or self._moved:
            self._timer.start(int(HIGHLIGHT_SECONDS * 1000) + 50)

    def _restructure(self, new_rows: list[Row], old_position: dict[int, int]) -> None:
        """Rows left, arrived or several moved: remove, move, insert only the difference."""
        root = QModelIndex()
        new_by_number = {r.number: r for r in new_rows}
        # 1. rows that left, removed bottom-up in runs
        gone = [i for i, r in enumerate(self._rows) if r.number not in new_by_number]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(root, first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        # 2. the rows that stayed, put in their new relative order with as few moves as possible:
        #    the longest run already in order stays, every other row moves once (beginMoveRows)
        target = [r.number for r in new_rows if r.number in old_position]
        rank = {n: k for k, n in enumerate(target)}
        current = [r.number for r in self._rows]
        keep = _longest_increasing(current, rank)
        rows_by_number = {r.number: r for r in self._rows}
        for k, number in enumerate(target):
            if number in keep:
                continue
            source = current.index(number)
            dest = current.index(target[k - 1]) + 1 if k > 0 else 0
            if dest in (source, source + 1):
                keep.add(number)
                continue
            self.beginMoveRows(root, source, source, root, dest)
            current.insert(dest if dest < source else dest - 1, current.pop(source))
            self._rows = [rows_by_number[n] for n in current]
            self.endMoveRows()
            keep.add(number)
        # 3. rows that arrived, inserted where they belong (ascending, so every index is final)
        arriving = [i for i, r in enumerate(new_rows) if r.number not in old_position]
        for first, last in _runs(arriving):
            self.beginInsertRows(root, first, last)
            self._rows[first:first] = new_rows[first : last + 1]
            self.endInsertRows()

    def _fade(self) -> None:
        now = self.clock()
        faded = [n for n, at in self._changed_at.items() if now - at >= HIGHLIGHT_SECONDS]
        faded += [n for n, (at, _) in self._moved.items() if now - at >= HIGHLIGHT_SECONDS]
        for n in faded:
            self._changed_at.pop(n, None)
            self._moved.pop(n, None)
            row = self.row_of(n)
            if row is not None:
                self.dataChanged.emit(
                    self.index(row, 0),
                    self.index(row, len(self._columns) - 1),
                    [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole],
                )
        if self._changed_at or self._moved:
            self._timer.start(500)


def _single_move(old: list[int], new: list[int]) -> tuple[int, int] | None:
    """(from, to) when ``new`` is ``old`` with one race number moved, else None; O(n) in C loops
    (list compares), so an Enter pays no longest-run search for the usual one-crew move."""
    if len(old) != len(new):
        return None
    first = 0
    while old[first] == new[first]:
        first += 1
    last = len(old) - 1
    while old[last] == new[last]:
        last -= 1
    if new[first] == old[last] and new[first + 1 : last + 1] == old[first:last]:
        return last, first  # climbed
    if new[last] == old[first] and new[first:last] == old[first + 1 : last + 1]:
        return first, last  # dropped
    return None


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Sorted indexes as (first, last) runs of consecutive numbers: one signal per run."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _longest_increasing(order: list[int], rank: dict[int, int]) -> set[int]:
    """The race numbers of ``order`` that form the longest run already in ``rank`` order (stay put)."""
    tails: list[
        int
    ] = []  # tails[k] = index in order of the smallest tail of an increasing run of length k+1
    before: list[int] = [-1] * len(order)
    keys = [rank[n] for n in order]
    for i, key in enumerate(keys):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if keys[tails[mid]] < key:
                lo = mid + 1
            else:
                hi = mid
        before[i] = tails[lo - 1] if lo > 0 else -1
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    keep: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        keep.add(order[i])
        i = before[i]
    return keep
