"""Penalties, bonuses and credits: add, edit and revoke, with reason and regulation article."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
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
from ..domain.model import Adjustment
from ..domain.names import crew_label
from ..logs import refused
from ..services import Aspect, Notice
from . import theme
from .bridge import EventBridge, touches
from .columns import follow_contents
from .fitting import fit_placeholder
from .formats import decision_moment, moment
from .i18n import arg
from .listmodel import ListTableModel
from .raid_words import reason_text

# the columns' keys; their titles are translated in AdjustmentsModel.headerData
COLUMNS = [
    "Id",
    "Stage",
    "No",
    "Amount",
    "Kind",
    "Applies to",
    "Reason",
    "Article",
    "Decision",
    "Decided at",
    "Decided by",
    "Edited",
    "Revoked",
]


class AdjustmentsModel(ListTableModel):
    columns = COLUMNS

    def __init__(self, bridge: EventBridge, parent: Any = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._rows: list[Adjustment] = []
        self._edits: dict[int, list[tuple[str, str, str]]] = {}
        self._titles = [
            self.tr("Id"),
            self.tr("Stage"),
            self.tr("No"),
            self.tr("Amount"),
            self.tr("Kind"),
            self.tr("Applies to"),
            self.tr("Reason"),
            self.tr("Article"),
            self.tr("Decision"),
            self.tr("Decided at"),
            self.tr("Decided by"),
            self.tr("Edited"),
            self.tr("Revoked"),
        ]
        self._words = {
            "penalty": self.tr("penalty"),
            "bonus": self.tr("bonus"),
            "credit": self.tr("credit"),
            "stage": self.tr("stage"),
            "overall": self.tr("overall"),
        }
        self.reload()

    def _read_edits(self) -> None:
        """Each adjustment's edits from the journal, oldest first: (when, who, why)."""
        edits: dict[int, list[tuple[str, str, str]]] = {}
        for j in self.bridge.rally_event.journal(kind="adjustment.edit"):
            words = j["target"].split()
            if len(words) > 1 and words[0] == "adjustment" and words[1].lstrip("-").isdigit():
                who = j.get("official") or j["user"] or ""
                edits.setdefault(int(words[1]), []).append((j["at"], who, j["reason"] or ""))
        self._edits = edits

    def edits(self, adjustment_id: int) -> list[tuple[str, str, str]]:
        return self._edits.get(adjustment_id, [])

    def reload(self) -> None:
        self._read_edits()
        rows = self.bridge.rally_event.adjustments(include_revoked=True)
        old_ids = [r.id for r in self._rows]
        new_ids = [r.id for r in rows]
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

    def adjustment_id(self, row: int) -> int:
        return self._rows[row].id

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = COLUMNS[index.column()]
        settings = self.bridge.rally_event.data.settings
        zone = settings.timezone
        edits = self.edits(r.id)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("Edited", "Reason") and edits:
            return "\n".join(
                arg(self.tr("%1 by %2: %3"), moment(at, zone), who or "?", why or "–")
                for at, who, why in edits
            )
        if role == Qt.ItemDataRole.ToolTipRole and col == "Revoked" and r.revoked_at:
            return arg(self.tr("Revoked %1: %2"), moment(r.revoked_at, zone), r.revoked_reason)
        if role == Qt.ItemDataRole.DisplayRole:
            style = settings.time_style
            last = edits[-1] if edits else None
            return {
                "Id": str(r.id),
                "Stage": str(r.stage),
                "No": str(r.number),
                "Amount": T.format_adjustment(r.amount_ms, style, 1000),
                "Kind": self._words.get(r.kind, r.kind),
                "Applies to": self._words.get(r.applies_to, r.applies_to),
                "Reason": reason_text(r.reason),
                "Article": r.article or "",
                "Decision": r.decision or "",
                "Decided at": moment(r.decided_at, zone),
                "Decided by": r.decided_by or "",
                "Edited": (
                    arg(self.tr("%1: %2"), moment(last[0], zone), last[2] or "–") if last else ""
                ),
                "Revoked": (
                    f"{moment(r.revoked_at, zone)} ({r.revoked_reason})" if r.revoked_at else ""
                ),
            }[col]
        if role == Qt.ItemDataRole.ForegroundRole and r.revoked_at:
            return QBrush(QColor(150, 150, 150))
        if role == Qt.ItemDataRole.FontRole and r.revoked_at:
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
        follow_contents(self.table)
        self.stage = QLineEdit()
        self.stage.setPlaceholderText(self.tr("stage number"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("race number"))
        self.crew = QLabel()  # the crew of the number typed, as at the time entry
        self.crew.setWordWrap(True)
        self.crew.setObjectName("crewName")
        self.number.textChanged.connect(self._show_crew)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("signed: +0:01:10, -40\", +2'"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("(by sign)"), None)
        for kind in ("penalty", "bonus", "credit"):
            self.kind.addItem(self.model._words[kind], kind)
        self.applies = QComboBox()
        self.applies.addItem(self.tr("stage time (and every overall from it)"), "stage")
        self.applies.addItem(self.tr("overall only (from this stage on)"), "overall")
        self.reason = QLineEdit()
        self.article = QLineEdit()
        self.article.setPlaceholderText(self.tr("regulation article, e.g. 12.3"))
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(self.tr("reference of the decision, e.g. 14"))
        self.decided_at = QLineEdit()
        self.decided_at.setPlaceholderText(self.tr("HH:MM, or date and time (now if empty)"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        add = QPushButton(self.tr("Add (Enter)"))
        add.clicked.connect(self.add)
        self.revoke_button = revoke = QPushButton(self.tr("Revoke selected…"))
        revoke.clicked.connect(self.revoke_selected)
        self.edit_button = edit = QPushButton(self.tr("Edit amount of selected…"))
        edit.clicked.connect(self.edit_selected)
        form = QFormLayout()
        for label, w in (
            (self.tr("Stage"), self.stage),
            (self.tr("No"), self.number),
            (self.tr("Crew"), self.crew),
            (self.tr("Amount"), self.amount),
            (self.tr("Kind"), self.kind),
            (self.tr("Applies to"), self.applies),
            (self.tr("Reason"), self.reason),
            (self.tr("Article"), self.article),
            (self.tr("Decision"), self.decision),
            (self.tr("Decided at"), self.decided_at),
        ):
            form.addRow(label, w)
        self.form = form
        for line in (self.stage, self.number, self.amount, self.article, self.decision):
            fit_placeholder(line)  # each placeholder whole, in every language and font size
        fit_placeholder(self.decided_at)
        inputs = (self.stage, self.number, self.amount, self.reason, self.article)
        for field in (*inputs, self.decision, self.decided_at):
            field.returnPressed.connect(self.add)
        # the form with its own button under it, at the top; what acts on the selected penalty sits
        # under the list it acts on: no button floats in the middle of an empty panel
        box = QGroupBox(self.tr("New penalty, bonus or credit"))
        v = QVBoxLayout(box)
        v.addLayout(form)
        add_row = QHBoxLayout()
        add_row.addWidget(add)
        add_row.addStretch(1)
        v.addLayout(add_row)
        v.addWidget(self.message)
        left = QVBoxLayout()
        left.addWidget(box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        selected = QHBoxLayout()
        for b in (edit, revoke):
            selected.addWidget(b)
        selected.addStretch(1)
        right.addLayout(selected)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        bridge.noticed.connect(self._on_notice)
        # a message is about the last thing done: choosing another penalty starts afresh
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.message.clear())

    def _show_crew(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.crew.setText("")
            return
        try:
            entry = self.bridge.rally_event.data.entry(int(text)) if text.isdigit() else None
        except KeyError:
            entry = None
        self.crew.setText(
            crew_label(entry)
            if entry is not None
            else theme.span("error", arg(self.tr("no crew #%1"), text))
        )

    def _on_notice(self, notice: Notice) -> None:
        if Aspect.PENALTIES in touches(notice):
            self.model.reload()

    def _fail(self, text: str) -> None:
        refused(text, "penalties")
        self.message.setText(theme.span("error", text))

    def add(self) -> bool:
        stage, number = self.stage.text().strip(), self.number.text().strip()
        if not stage.isdigit():
            self._fail(arg(self.tr("stage: %1 is not a stage number"), repr(stage)))
            return False
        if not number.isdigit():
            self._fail(arg(self.tr("No: %1 is not a race number"), repr(number)))
            return False
        kind = self.kind.currentData()
        zone = self.bridge.rally_event.data.settings.timezone
        try:
            decided_at = decision_moment(self.decided_at.text(), zone)
        except ValueError:
            self._fail(
                arg(
                    self.tr("decided at: %1 is not a time: HH:MM or YYYY-MM-DD HH:MM expected"),
                    repr(self.decided_at.text().strip()),
                )
            )
            return False
        try:
            new_id = self.bridge.rally_event.add_adjustment(
                int(stage),
                int(number),
                self.amount.text().strip(),
                kind=kind,
                applies_to=self.applies.currentData(),
                reason=self.reason.text().strip() or None,
                article=self.article.text().strip() or None,
                decision=self.decision.text().strip() or None,
                decided_at=decided_at,
            )
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        self.message.setText(theme.span("ok", arg(self.tr("adjustment %1 recorded"), new_id)))
        for field in (
            self.amount,
            self.reason,
            self.article,
            self.number,
            self.decision,
            self.decided_at,
        ):
            field.clear()
        self.number.setFocus()
        return True

    def _selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.adjustment_id(rows[0].row()) if rows else None

    def revoke_selected(self) -> bool:
        adj = self._selected_id()
        if adj is None:
            self._fail(self.tr("select an adjustment first"))
            return False
        why = self.ask_reason(arg(self.tr("Why is adjustment %1 revoked?"), adj))
        if not why:
            self._fail(self.tr("not revoked: a reason is required"))
            return False
        try:
            self.bridge.rally_event.revoke_adjustment(adj, why)
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        self.message.setText(theme.span("ok", arg(self.tr("adjustment %1 revoked"), adj)))
        return True

    def edit_selected(self) -> bool:
        adj = self._selected_id()
        if adj is None:
            self._fail(self.tr("select an adjustment first"))
            return False
        amount = self.ask_reason(
            arg(self.tr("New signed amount for adjustment %1 (e.g. +0:00:30):"), adj)
        )
        if not amount:
            return False
        why = self.ask_reason(self.tr("Reason for the change:"))
        try:
            self.bridge.rally_event.edit_adjustment(adj, amount=amount, why=why)
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        self.message.setText(theme.span("ok", arg(self.tr("adjustment %1 changed"), adj)))
        return True

    def _ask_reason(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Adjustment"), question)
        return text.strip() if ok and text.strip() else None
