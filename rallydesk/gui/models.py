"""Qt item models over the services' classifications.

A live classification never resets: rows that left are removed, new ones inserted, the order
changed with ``layoutChanged`` (persistent indexes follow their race number) and changed rows
get ``dataChanged`` — so selection and scroll survive every keyed time (novelWriter's pattern).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont

from ..domain import times as T
from ..domain.classification import Classification, Row
from ..domain.model import EventData
from ..domain.names import crew_label

HIGHLIGHT_SECONDS = 4.0
COLUMNS: dict[str, str] = {
    "Pos": "Position in this classification; equal times share it (1, 2, 2, 4)",
    "No": "Race number",
    "Crew": "Driver / co-driver / navigator with nationality",
    "Team": "Team",
    "Vehicle": "Vehicle",
    "Class": "Class of the entry",
    "Time": "Stage time, or overall total; N = includes a nominal time",
    "Penalty": "Sum of penalties (+) and bonuses/credits (−) counted in this time",
    "Gap": "Behind the leader of this classification",
    "Diff": "Behind the row above (0 on a shared position)",
    "Cat. pos": "Position in the whole category",
    "Change": "Places gained (+) or lost (−) since the previous counting stage",
}
RIGHT = {"Pos", "No", "Time", "Penalty", "Gap", "Diff", "Cat. pos", "Change"}


class ClassificationModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._columns: list[str] = ["Pos", "No", "Crew", "Class", "Time", "Penalty", "Gap", "Diff"]
        self._data: EventData | None = None
        self._classification: Classification | None = None
        self._changed_at: dict[int, float] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fade)

    # -------------------------------------------------------------- Qt API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        name = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS.get(name)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        row = self._rows[index.row()]
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.UserRole:
            return self._value(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if col in RIGHT else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            at = self._changed_at.get(row.number)
            if at is not None and time.monotonic() - at < HIGHLIGHT_SECONDS:
                return QBrush(QColor(255, 200, 60, 110))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == "Change" and row.change:
            return QBrush(QColor(40, 160, 70) if row.change > 0 else QColor(210, 60, 50))
        if role == Qt.ItemDataRole.FontRole and col == "Pos":
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole and col == "Crew" and self._data is not None:
            e = self._data.entry(row.number)
            return f"{crew_label(e)}\n{e.team or ''}  {e.vehicle or ''}"
        return None

    # -------------------------------------------------------------- content

    def _value(self, row: Row, col: str) -> Any:
        return {"Pos": row.position, "No": row.number, "Time": row.time_ms, "Penalty": row.penalty_ms,
                "Gap": row.gap_ms, "Diff": row.diff_ms, "Cat. pos": row.category_position,
                "Change": row.change}.get(col, self._text(row, col))

    def _text(self, row: Row, col: str) -> str:
        data = self._data
        c = self._classification
        assert data is not None and c is not None
        style = data.settings.time_style
        p = c.precision_ms
        if col == "Pos":
            return str(row.position)
        if col == "No":
            return str(row.number)
        if col in ("Crew", "Team", "Vehicle", "Class"):
            e = data.entry(row.number)
            return {"Crew": crew_label(e), "Team": e.team or "", "Vehicle": e.vehicle or "", "Class": e.class_code}[col]
        if col == "Time":
            return T.format_duration(row.time_ms, style, p) + ("  N" if row.nominal else "")
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
            return "=" if row.change == 0 else (f"▲{row.change}" if row.change > 0 else f"▼{-row.change}")
        return ""

    def classification(self) -> Classification | None:
        return self._classification

    def row_of(self, number: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.number == number:
                return i
        return None

    def number_at(self, row: int) -> int:
        return self._rows[row].number

    def set_classification(self, data: EventData, c: Classification, highlight: set[int] | None = None) -> None:
        """Show ``c``: the first time (or on a new column set) by reset, afterwards incrementally."""
        columns = ["Pos", "No", "Crew", "Team", "Vehicle", "Class", "Time", "Penalty", "Gap", "Diff"]
        if c.group is not None:
            columns.append("Cat. pos")
        if c.scope == "overall":
            columns.append("Change")
        same_kind = (
            self._classification is not None
            and columns == self._columns
            and (self._classification.stage, self._classification.scope, self._classification.group,
                 self._classification.category) == (c.stage, c.scope, c.group, c.category)
        )
        self._data = data
        if not same_kind:
            self.beginResetModel()
            self._columns = columns
            self._classification = c
            self._rows = list(c.rows)
            self._changed_at.clear()
            self.endResetModel()
            return
        self._classification = c
        self._update_rows(list(c.rows), highlight or set())

    def _update_rows(self, new_rows: list[Row], highlight: set[int]) -> None:
        new_by_number = {r.number: r for r in new_rows}
        # 1. rows that left, removed bottom-up
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].number not in new_by_number:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        # 2. rows that arrived, appended (the reorder below puts them in place)
        present = {r.number for r in self._rows}
        arriving = [r for r in new_rows if r.number not in present]
        if arriving:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(arriving) - 1)
            self._rows.extend(arriving)
            self.endInsertRows()
        # 3. the new order, persistent indexes (selection, current) following their race number
        old_order = [r.number for r in self._rows]
        new_order = [r.number for r in new_rows]
        changed = {r.number for r in self._rows if new_by_number[r.number] != r} | {r.number for r in arriving}
        if old_order != new_order:
            self.layoutAboutToBeChanged.emit()
            new_pos = {n: i for i, n in enumerate(new_order)}
            old_persistent = self.persistentIndexList()
            new_persistent = [
                self.index(new_pos[old_order[p.row()]], p.column()) if p.isValid() else QModelIndex()
                for p in old_persistent
            ]
            self._rows = new_rows
            self.changePersistentIndexList(old_persistent, new_persistent)
            self.layoutChanged.emit()
        else:
            self._rows = new_rows
        # 4. rows whose content changed
        now = time.monotonic()
        for number in highlight:
            if number in new_by_number:
                self._changed_at[number] = now
                changed.add(number)
        if changed:
            rows = sorted(i for i, r in enumerate(self._rows) if r.number in changed)
            last_col = len(self._columns) - 1
            # one signal per run of consecutive rows keeps a big reshuffle cheap
            start = prev = rows[0]
            for i in rows[1:] + [None]:
                if i is not None and i == prev + 1:
                    prev = i
                    continue
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last_col))
                if i is not None:
                    start = prev = i
        if highlight:
            self._timer.start(int(HIGHLIGHT_SECONDS * 1000) + 50)

    def _fade(self) -> None:
        now = time.monotonic()
        faded = [n for n, at in self._changed_at.items() if now - at >= HIGHLIGHT_SECONDS]
        for n in faded:
            del self._changed_at[n]
            row = self.row_of(n)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1),
                                      [Qt.ItemDataRole.BackgroundRole])
        if self._changed_at:
            self._timer.start(500)
