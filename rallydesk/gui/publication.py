"""The Publication tab: every unit (stage × category) with its state, and what may be done with it.

Publish provisional, make official (asking first while the protest window runs), amend with a
reason, and what changed since the last version — every button has a shortcut, and a refusal
(a role, a lock) is said in the tab, never in a box that steals the keyboard.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..logs import refused
from ..services import Notice
from ..services.results import UnitState
from . import theme
from .bridge import EventBridge
from .i18n import arg
from .listmodel import ListTableModel

COLUMNS = ["Stage", "Category", "State", "Published", "Official", "Document", "Protest window"]


class UnitsModel(ListTableModel):
    columns = COLUMNS

    """One row per publication unit; the protest countdown is computed at each paint."""

    def __init__(self, bridge: EventBridge, parent: Any = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._rows: list[UnitState] = []
        self._titles = [
            self.tr("Stage"),
            self.tr("Category"),
            self.tr("State"),
            self.tr("Published"),
            self.tr("Official"),
            self.tr("Document"),
            self.tr("Protest window"),
        ]
        self._states = {
            "live": self.tr("live"),
            "provisional": self.tr("provisional"),
            "official": self.tr("official"),
            "amended": self.tr("amended"),
        }

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.bridge.rally_event.units()
        self.endResetModel()

    def unit(self, row: int) -> UnitState | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, stage: int, category: str) -> int:
        for i, u in enumerate(self._rows):
            if (u["stage"], u["category"]) == (stage, category):
                return i
        return -1

    def state_text(self, u: UnitState) -> str:
        text = self._states[u["state"]]
        if u["version"]:
            text += f" v{u['version']}"
        if u["outdated"]:
            text += " – " + self.tr("outdated")
        return text

    def countdown(self, u: UnitState) -> str:
        until = u.get("protest_until")
        if not until or u["state"] != "provisional":
            return ""
        left = (datetime.fromisoformat(until) - self.bridge.rally_event.clock()).total_seconds()
        if left <= 0:
            return self.tr("ended")
        return f"{int(left) // 60}:{int(left) % 60:02d}"

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not self.valid(index):
            return None
        u = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "Stage": str(u["stage"]),
                "Category": u["category"],
                "State": self.state_text(u),
                "Published": (u.get("published_at") or "")[:16].replace("T", " "),
                "Official": u.get("official") or "",
                "Document": u.get("document_no") or "",
                "Protest window": self.countdown(u),
            }[key]
        if role == Qt.ItemDataRole.ForegroundRole and key == "State":
            if u["outdated"]:
                return QBrush(QColor(theme.colour("error")))
            if u["state"] in ("official", "amended"):
                return QBrush(QColor(theme.colour("ok")))
        return None

    def tick(self) -> None:
        """Repaint the countdown column (once a second, while the tab shows)."""
        if self._rows:
            column = COLUMNS.index("Protest window")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))


class PublicationWidget(QWidget):
    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = UnitsModel(bridge, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip(
            self.tr(
                "Each stage of each category is published on its own: bikes can be posted "
                "hours before trucks"
            )
        )
        self.provisional_button = QPushButton(self.tr("Publish provisional  (Ctrl+Shift+P)"))
        self.provisional_button.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.official_button = QPushButton(self.tr("Make official  (Ctrl+Shift+O)"))
        self.official_button.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason for the amendment (required)"))
        self.amend_button = QPushButton(self.tr("Amend  (Ctrl+Shift+M)"))
        self.amend_button.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.changes_button = QPushButton(self.tr("What changed  (Ctrl+Shift+W)"))
        self.changes_button.setShortcut(QKeySequence("Ctrl+Shift+W"))
        self.provisional_button.clicked.connect(lambda: self.publish("provisional"))
        self.official_button.clicked.connect(lambda: self.publish("official"))
        self.amend_button.clicked.connect(self.amend)
        self.reason.returnPressed.connect(self.amend)
        self.changes_button.clicked.connect(self.show_changes)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setPlaceholderText(
            self.tr("What changed since the unit's last version shows here")
        )
        buttons = QHBoxLayout()
        for b in (self.provisional_button, self.official_button):
            buttons.addWidget(b)
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.changes_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.changes)
        split.setSizes([500, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._stale = True  # the units' states are computed when the tab is first shown
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.model.tick)
        bridge.noticed.connect(self._on_notice)

    # ------------------------------------------------------------------ refresh

    def _on_notice(self, notice: Notice) -> None:
        if not notice.changes_data:  # a login, a backup, offline: no unit changed
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # built again when shown: states need the units' documents

    def refresh(self) -> None:
        unit = self.current()
        self.model.reload()
        self.table.resizeColumnsToContents()
        row = self.model.row_of(unit["stage"], unit["category"]) if unit is not None else -1
        if row < 0 and self.model.rowCount():
            row = self._desk_row()
        if row >= 0:
            self.table.selectRow(row)
        self._stale = False

    def _desk_row(self) -> int:
        """Where to start: the stage the desk keys, first category."""
        stage = self.bridge.rally_event.desk_stage()
        for i in range(self.model.rowCount()):
            u = self.model.unit(i)
            if u is not None and u["stage"] == stage:
                return i
        return 0

    def showEvent(self, e: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if self._stale:
            self.refresh()
        self.timer.start()
        super().showEvent(e)

    def hideEvent(self, e: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.timer.stop()
        super().hideEvent(e)

    def current(self) -> UnitState | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.unit(rows[0].row()) if rows else None

    def select(self, stage: int, category: str) -> None:
        self.table.selectRow(self.model.row_of(stage, category))

    # ------------------------------------------------------------------ actions

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {theme.colour('error')};" if error else "")
        self.message.setText(text)
        if error:
            refused(text, "publication")

    def ask(self, question: str) -> bool:
        """A yes/no question (tests answer it themselves)."""
        return (
            QMessageBox.question(self, self.tr("Publication"), question)
            == QMessageBox.StandardButton.Yes
        )

    def publish(self, as_: str) -> bool:
        u = self.current()
        if u is None:
            self._say(self.tr("Choose a stage and category first"), True)
            return False
        event = self.bridge.rally_event
        early = False
        if as_ == "official" and u["state"] == "provisional" and u.get("protest_until"):
            if datetime.fromisoformat(u["protest_until"]) > event.clock():
                if not self.ask(
                    arg(
                        self.tr(
                            "The protest window of stage %1 %2 has not ended (%3 left). "
                            "Make it official now?"
                        ),
                        u["stage"],
                        u["category"],
                        self.model.countdown(u),
                    )
                ):
                    return False
                early = True
        try:
            v = event.publish(u["stage"], u["category"], as_, confirm_early=early)
        except RallyDeskError as exc:
            self._say(str(exc), True)
            return False
        word = self.tr("PROVISIONAL") if as_ == "provisional" else self.tr("OFFICIAL")
        self._say(
            arg(
                self.tr("Stage %1 %2: %3 v%4 published, document %5"),
                v["stage"],
                v["category"],
                word,
                v["version"],
                v["document_no"],
            )
        )
        self.refresh()
        return True

    def amend(self) -> bool:
        u = self.current()
        if u is None:
            self._say(self.tr("Choose a stage and category first"), True)
            return False
        reason = self.reason.text().strip()
        if not reason:
            self._say(
                self.tr("An amendment needs a reason: type it in the field beside the button"), True
            )
            self.reason.setFocus()
            return False
        try:
            v = self.bridge.rally_event.amend(u["stage"], u["category"], reason)
        except RallyDeskError as exc:
            self._say(str(exc), True)
            return False
        self.reason.clear()
        self._say(
            arg(
                self.tr("Stage %1 %2: AMENDED v%3 published, document %4"),
                v["stage"],
                v["category"],
                v["version"],
                v["document_no"],
            )
        )
        self.refresh()
        self.show_changes(v["version"] - 1, v["version"])
        return True

    def show_changes(self, from_version: int | None = None, to_version: int | None = None) -> str:
        """The entries that moved since the unit's last version (or between two versions)."""
        u = self.current()
        if u is None or not u["version"]:
            text = self.tr("Nothing published for this unit yet: nothing to compare")
            self.changes.setPlainText(text)
            return text
        event = self.bridge.rally_event
        if not isinstance(from_version, int):  # clicked() passes a bool
            from_version, to_version = u["version"], None
        try:
            found = event.diff(u["stage"], u["category"], from_version, to_version)
        except RallyDeskError as exc:
            self._say(str(exc), True)
            return ""
        target = f"v{to_version}" if to_version else self.tr("live data")
        lines = [
            arg(
                self.tr("Stage %1 %2, v%3 → %4: %5 entries changed"),
                u["stage"],
                u["category"],
                from_version,
                target,
                len(found),
            )
        ]
        for f, line in zip(found, event.change_lines(u["stage"], found), strict=True):
            lines.append(line.replace(" -> ", " → "))
            for r in f["journal"]:
                why = f" ({r['reason']})" if r["reason"] else ""
                lines.append(
                    f"    {r['id']}  {r['at'][:19].replace('T', ' ')}  {r['official'] or '-'}@{r['desk'] or '-'}"
                    f"  {r['action']}{why}"
                )
        text = "\n".join(lines)
        self.changes.setPlainText(text)
        return text
