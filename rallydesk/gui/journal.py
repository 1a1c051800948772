"""The Journal tab: every change, who made it at which desk, old → new, and why — filtered by
stage, number, official, desk, kind of change and time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services import Notice
from ..services.results import JournalRow
from .bridge import EventBridge
from .columns import follow_contents
from .fitting import fit_placeholder
from .formats import change_text, moment
from .listmodel import ListTableModel

COLUMNS = ["Id", "Time", "Official", "Desk", "Kind", "Stage", "No", "Target", "Reason", "Change"]
KINDS = (
    "time",
    "adjustment",
    "publication",
    "entry",
    "stage",
    "group",
    "event",
    "official",
    "desk",
    "waypoint",
    "passage",
    "interruption",
)


class JournalModel(ListTableModel):
    columns = COLUMNS

    def __init__(self, bridge: EventBridge, parent: Any = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.filters: dict[str, Any] = {}
        self._rows: list[JournalRow] = []
        self._titles = [
            self.tr("Id"),
            self.tr("Time"),
            self.tr("Official"),
            self.tr("Desk"),
            self.tr("Kind"),
            self.tr("Stage"),
            self.tr("No"),
            self.tr("Target"),
            self.tr("Reason"),
            self.tr("Change"),
        ]

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.bridge.rally_event.journal(**self.filters)
        self.endResetModel()

    def row(self, i: int) -> JournalRow:
        return self._rows[i]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not self.valid(index):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self._rows[index.row()]
        key = COLUMNS[index.column()]
        settings = self.bridge.rally_event.data.settings
        if key == "Change":
            return change_text(r["old"], r["new"], settings.time_style, settings.timezone)
        value = {
            "Id": r["id"],
            "Time": moment(r["at"], settings.timezone),
            "Official": r.get("official") or r["user"],
            "Desk": r["desk"],
            "Kind": r["action"],
            "Stage": r.get("stage"),
            "No": r.get("number"),
            "Target": r["target"],
            "Reason": r["reason"],
        }[key]
        return "" if value is None else str(value)


class JournalWidget(QWidget):
    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = JournalModel(bridge, self)
        self.stage = QLineEdit()
        self.stage.setPlaceholderText(self.tr("stage"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("race number"))
        self.official = QLineEdit()
        self.official.setPlaceholderText(self.tr("official's name"))
        self.desk = QLineEdit()
        self.desk.setPlaceholderText(self.tr("desk's name"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("every kind"), None)
        words = {
            "time": self.tr("times and statuses"),
            "adjustment": self.tr("penalties"),
            "publication": self.tr("publications"),
            "entry": self.tr("entries"),
            "stage": self.tr("stages"),
            "group": self.tr("categories, classes and cups"),
            "event": self.tr("event settings"),
            "official": self.tr("officials and PINs"),
            "desk": self.tr("desk settings"),
            "waypoint": self.tr("waypoints"),
            "passage": self.tr("passages"),
            "interruption": self.tr("stage interruptions"),
        }
        for k in KINDS:
            self.kind.addItem(words[k], k)
        self.since = QLineEdit()
        self.since.setPlaceholderText(self.tr("since (UTC, e.g. 2026-01-08T18)"))
        self.count = QLabel()
        for edit in (self.stage, self.number, self.official, self.desk, self.since):
            fit_placeholder(edit)  # each placeholder whole, in every language
        bar = QHBoxLayout()
        for label, w in (
            (self.tr("S&tage:"), self.stage),
            (self.tr("N&o:"), self.number),
            (self.tr("O&fficial:"), self.official),
            (self.tr("D&esk:"), self.desk),
            (self.tr("&Kind:"), self.kind),
            (self.tr("S&ince:"), self.since),
        ):
            lab = QLabel(label)
            lab.setBuddy(w)
            bar.addWidget(lab)
            bar.addWidget(w)
        bar.addWidget(self.count, 1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        follow_contents(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        for edit in (self.stage, self.number, self.official, self.desk, self.since):
            edit.textChanged.connect(self.apply)
        self.kind.currentIndexChanged.connect(self.apply)
        self._stale = True  # read when first shown: opening a big event stays quick
        bridge.noticed.connect(self._on_notice)

    def apply(self) -> None:
        def number(text: str) -> int | None:
            return int(text) if text.strip().isdigit() else None

        self.model.filters = {
            "stage": number(self.stage.text()),
            "number": number(self.number.text()),
            "official": self.official.text().strip() or None,
            "desk": self.desk.text().strip() or None,
            "kind": self.kind.currentData(),
            "since": self.since.text().strip() or None,
        }
        self.model.reload()
        self._counted()

    def _counted(self) -> None:
        self.count.setText(self.tr("%n change(s)", "", self.model.rowCount()))
        if self.model.rowCount():
            self.table.scrollToBottom()

    def _on_notice(self, notice: Notice) -> None:
        if not notice.changes_data:  # a login, a backup, offline: the journal is the same
            return
        if self.isVisible():
            self.apply()
        else:
            self._stale = True

    def showEvent(self, e: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if self._stale:
            self._stale = False
            self.apply()
        super().showEvent(e)
