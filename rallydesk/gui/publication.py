"""The Publication tab: every unit (stage × category) with its state, and what may be done with it.

Publish provisional, make official (asking first while the protest window runs), amend with a
reason, and what changed since the last version — every button has a shortcut, and a refusal
(a role, a lock) is said in the tab, never in a box that steals the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from .columns import follow_contents
from .i18n import arg
from .listmodel import ListTableModel
from .publish_dialog import PublishDialog

COLUMNS = [
    "Stage",
    "Category",
    "Without a time",
    "State",
    "Published",
    "Official",
    "Document",
    "Protest window",
]


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
            self.tr("Without a time"),
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
                "Stage": f"{u['stage']} – {u['stage_name']}"
                if u["stage_name"]
                else str(u["stage"]),
                "Category": u["category"],
                "Without a time": str(u["untimed"]) if u["untimed"] else "",
                "State": self.state_text(u),
                "Published": (u.get("published_at") or "")[:16].replace("T", " "),
                "Official": u.get("official") or "",
                "Document": u.get("document_no") or "",
                "Protest window": self.countdown(u),
            }[key]
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "Without a time":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "Without a time" and u["untimed"]:
            return arg(
                self.tr("%1 crews of %2 have neither a time nor a status on stage %3"),
                u["untimed"],
                u["category"],
                u["stage"],
            )
        if role == Qt.ItemDataRole.ForegroundRole and key == "Without a time":
            return QBrush(QColor(theme.colour("error"))) if u["untimed"] else None
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
    def __init__(
        self,
        bridge: EventBridge,
        parent: QWidget | None = None,
        keyed_stage: Callable[[], int | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        #: the stage the time entry keys: preselected when the tab is shown after it changed
        self.keyed_stage = keyed_stage or bridge.rally_event.desk_stage
        self._preselected: int | None = None
        #: the confirmation of the publication under way (what it will post, a preview)
        self.publish_dialog: PublishDialog | None = None
        self.model = UnitsModel(bridge, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        follow_contents(self.table)
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
        # a published version, exactly as it was posted: printed or exported from its document
        self.version_box = QComboBox()
        self.version_box.setToolTip(
            self.tr("The published version that Print and Export write, exactly as it was posted")
        )
        self.version_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.print_button = QPushButton(self.tr("Print this version…  (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_version)
        self.export_button = QPushButton(self.tr("Export this version (Excel or PDF)…  (Ctrl+E)"))
        self.export_button.clicked.connect(lambda: self.export_version())
        versions = QHBoxLayout()
        self.version_label = QLabel(self.tr("Published &version:"))
        self.version_label.setBuddy(self.version_box)
        versions.addWidget(self.version_label)
        versions.addWidget(self.version_box)
        versions.addWidget(self.print_button)
        versions.addWidget(self.export_button)
        versions.addStretch(1)
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
        top_layout.addLayout(versions)
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
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_versions())

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
        row = self.model.row_of(unit["stage"], unit["category"]) if unit is not None else -1
        if row < 0 and self.model.rowCount():
            row = self._desk_row()
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._stale = False
        self._fill_versions()

    def _desk_row(self) -> int:
        """Where to start: the stage the desk keys, first category."""
        stage = self.keyed_stage()
        self._preselected = stage
        for i in range(self.model.rowCount()):
            u = self.model.unit(i)
            if u is not None and u["stage"] == stage:
                return i
        return 0

    def showEvent(self, e: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if self._stale:
            self.refresh()
        stage = self.keyed_stage()
        if stage != self._preselected:  # the time entry moved on: its stage is the one to publish
            row = self._desk_row()
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
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
        try:  # what it would post, shown before anything is posted
            check = event.publish_check(u["stage"], u["category"], as_, confirm_early=early)
            document = event.preview_document(u["stage"], u["category"], as_)
        except RallyDeskError as exc:
            self._say(str(exc), True)
            return False
        if self.publish_dialog is not None:
            self.publish_dialog.deleteLater()
        dialog = PublishDialog(event, check, document, self)
        self.publish_dialog = dialog
        dialog.accepted.connect(lambda: self._publish_now(u["stage"], u["category"], as_, early))
        dialog.rejected.connect(
            lambda: self._say(
                arg(self.tr("Stage %1 %2: nothing published"), u["stage"], u["category"])
            )
        )
        dialog.open()
        return True

    def _publish_now(self, stage: int, category: str, as_: str, early: bool) -> bool:
        """The confirmation said yes: post it (crews without a time were shown and accepted)."""
        try:
            v = self.bridge.rally_event.publish(
                stage, category, as_, confirm_early=early, allow_untimed=True
            )
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
        self.select(stage, category)
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
                self.tr("Stage %1 %2, v%3 → %4: %n entries changed", "", len(found)),
                u["stage"],
                u["category"],
                from_version,
                target,
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

    # ------------------------------------------------------------------ published versions

    def _fill_versions(self) -> None:
        """The versions of the selected unit, the latest chosen."""
        u = self.current()
        self.version_box.clear()
        versions = (
            self.bridge.rally_event.versions(u["stage"], u["category"]) if u is not None else []
        )
        for v in versions:
            self.version_box.addItem(
                f"v{v['version']} {self.model._states.get(v['status'], v['status'])} · "
                f"{v['published_at'][:16].replace('T', ' ')} · {v['document_no']}",
                v["version"],
            )
        if not versions:
            self.version_box.addItem(self.tr("nothing published yet"), None)
        self.version_box.setCurrentIndex(self.version_box.count() - 1)
        for w in (self.version_box, self.print_button, self.export_button):
            w.setEnabled(bool(versions))

    def chosen_version(self) -> tuple[int, str, int] | None:
        """(stage, category, version) of the published version chosen, or None."""
        u = self.current()
        version = self.version_box.currentData()
        return (u["stage"], u["category"], version) if u is not None and version else None

    def print_version(self) -> Any:
        """The print preview of the chosen version's stored document (not the live data)."""
        chosen = self.chosen_version()
        if chosen is None:
            self._say(self.tr("Nothing published for this unit yet: nothing to print"), True)
            return None
        exports = getattr(self.window(), "exports", None)
        if exports is None:
            return None
        dialog = exports.print_version(*chosen)
        if dialog is not None:
            exports.show_preview(dialog)
        return dialog

    def export_version(self, kind: str | None = None) -> None:
        """Save the chosen version as a workbook or a PDF, exactly as published."""
        chosen = self.chosen_version()
        if chosen is None:
            self._say(self.tr("Nothing published for this unit yet: nothing to export"), True)
            return
        exports = getattr(self.window(), "exports", None)
        if exports is not None:
            exports.export_version_dialog(*chosen, kind=kind)
