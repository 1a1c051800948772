"""The part every list table of the desk shares (penalties, journal, publication units)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableWidget


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of a cell of a table the desk filled ("" where it put no item)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


class ListTableModel(QAbstractTableModel):
    """Rows under fixed columns: the counts, the translated header titles and the index check, once.

    A subclass sets ``columns`` (keys), fills ``_titles`` with their translated titles and
    ``_rows`` with its rows, and answers :meth:`data` for indexes that :meth:`valid` accepts.
    """

    columns: tuple[str, ...] | list[str] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._titles: list[str] = list(self.columns)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self._titles[section]
        return None

    def valid(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return (
            index.isValid() and index.row() < len(self._rows) and index.column() < len(self.columns)
        )
