"""Penalties, bonuses and credits: add, edit and revoke, with reason and regulation article."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.errors import RallyDeskError
from ..logs import refused
from .bridge import EventBridge

COLUMNS = ["Id", "Stage", "No", "Amount", "Kind", "Applies to", "Reason", "Article", "Decided by", "Revoked"]


class AdjustmentsModel(QAbstractTableModel):
    def __init__(self, bridge: EventBridge, parent: Any = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._rows: list[dict] = []
        self.reload()

    def reload(self) -> None:
        rows = self.bridge.rally_event.adjustments(include_revoked=True)
        old_ids = [r["id"] for r in self._rows]
        new_ids = [r["id"] for r in rows]
        if new_ids[: len(old_ids)] == old_ids:  # adjustments are only ever appended
            if len(rows) > len(self._rows):
                self.beginInsertRows(QModelIndex(), len(self._rows), len(rows) - 1)
                self._rows = rows
                self.endInsertRows()
            else:
                self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def adjustment_id(self, row: int) -> int:
        return self._rows[row]["id"]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(COLUMNS):
            return None
        r = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            style = self.bridge.rally_event.data.settings.time_style
            return {
                "Id": str(r["id"]), "Stage": str(r["stage"]), "No": str(r["number"]),
                "Amount": T.format_adjustment(r["amount_ms"], style, 1000), "Kind": r["kind"],
                "Applies to": r["applies_to"], "Reason": r["reason"] or "", "Article": r["article"] or "",
                "Decided by": r["decided_by"] or "",
                "Revoked": (f"{r['revoked_at']} ({r['revoked_reason']})" if r["revoked_at"] else ""),
            }[col]
        if role == Qt.ItemDataRole.ForegroundRole and r["revoked_at"]:
            return QBrush(QColor(150, 150, 150))
        if role == Qt.ItemDataRole.FontRole and r["revoked_at"]:
            f = QFont()
            f.setStrikeOut(True)
            return f
        return None


class AdjustmentsWidget(QWidget):
    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.ask_reason = self._ask_reason
        self.model = AdjustmentsModel(bridge, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.stage = QLineEdit()
        self.stage.setPlaceholderText("stage number")
        self.number = QLineEdit()
        self.number.setPlaceholderText("race number")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("signed: +0:01:10, -40\", +2'")
        self.kind = QComboBox()
        self.kind.addItems(["(by sign)", "penalty", "bonus", "credit"])
        self.applies = QComboBox()
        self.applies.addItem("stage time (and every overall from it)", "stage")
        self.applies.addItem("overall only (from this stage on)", "overall")
        self.reason = QLineEdit()
        self.article = QLineEdit()
        self.article.setPlaceholderText("regulation article, e.g. 12.3")
        self.message = QLabel()
        self.message.setWordWrap(True)
        add = QPushButton("Add (Enter)")
        add.clicked.connect(self.add)
        revoke = QPushButton("Revoke selected…")
        revoke.clicked.connect(self.revoke_selected)
        edit = QPushButton("Edit amount of selected…")
        edit.clicked.connect(self.edit_selected)
        form = QFormLayout()
        for label, w in (("Stage", self.stage), ("No", self.number), ("Amount", self.amount), ("Kind", self.kind),
                         ("Applies to", self.applies), ("Reason", self.reason), ("Article", self.article)):
            form.addRow(label, w)
        for field in (self.stage, self.number, self.amount, self.reason, self.article):
            field.returnPressed.connect(self.add)
        box = QGroupBox("New penalty, bonus or credit")
        v = QVBoxLayout(box)
        v.addLayout(form)
        buttons = QHBoxLayout()
        for b in (add, edit, revoke):
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addLayout(buttons)
        v.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self.table, 1)
        bridge.changed.connect(lambda kind, _d: self.model.reload() if kind in ("adjustment", "batch") else None)

    def _fail(self, text: str) -> None:
        refused(text, "penalties")
        self.message.setText(f"<span style='color:#c62828'>{text}</span>")

    def add(self) -> bool:
        stage, number = self.stage.text().strip(), self.number.text().strip()
        if not stage.isdigit():
            self._fail(f"stage: {stage!r} is not a stage number")
            return False
        if not number.isdigit():
            self._fail(f"No: {number!r} is not a race number")
            return False
        kind = None if self.kind.currentIndex() == 0 else self.kind.currentText()
        try:
            new_id = self.bridge.rally_event.add_adjustment(
                int(stage), int(number), self.amount.text().strip(), kind=kind,
                applies_to=self.applies.currentData(), reason=self.reason.text().strip() or None,
                article=self.article.text().strip() or None,
            )
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        self.message.setText(f"<span style='color:#2e7d32'>adjustment {new_id} recorded</span>")
        for field in (self.amount, self.reason, self.article, self.number):
            field.clear()
        self.number.setFocus()
        return True

    def _selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.adjustment_id(rows[0].row()) if rows else None

    def revoke_selected(self) -> bool:
        adj = self._selected_id()
        if adj is None:
            self._fail("select an adjustment first")
            return False
        why = self.ask_reason(f"Why is adjustment {adj} revoked?")
        if not why:
            self._fail("not revoked: a reason is required")
            return False
        try:
            self.bridge.rally_event.revoke_adjustment(adj, why)
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        return True

    def edit_selected(self) -> bool:
        adj = self._selected_id()
        if adj is None:
            self._fail("select an adjustment first")
            return False
        amount = self.ask_reason(f"New signed amount for adjustment {adj} (e.g. +0:00:30):")
        if not amount:
            return False
        why = self.ask_reason("Reason for the change:")
        try:
            self.bridge.rally_event.edit_adjustment(adj, amount=amount, why=why)
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        return True

    def _ask_reason(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, "Adjustment", question)
        return text.strip() if ok and text.strip() else None
