"""A desk that lost its server: OFFLINE in the status bar with the changes waiting, a reconnect
attempt on a timer, and the conflicts of a replay listed for the results manager to settle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..services import Event, Notice
from ..services.notices import OfflineChanged
from . import theme
from .i18n import arg

#: how often a desk that lost its server tries again (milliseconds)
RECONNECT_EVERY_MS = 5000


class OfflineStatus(QObject):
    """The status bar's OFFLINE sign and the reconnect timer of one open event."""

    def __init__(self, window: QMainWindow, event: Event) -> None:
        super().__init__(window)
        self.window = window
        self.rally_event = event
        self.label = QLabel()
        self.label.setObjectName("offlineSign")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(RECONNECT_EVERY_MS)
        self.timer.timeout.connect(self.try_reconnect)
        self.show_state()
        waiting = len(event.conflicts())
        if waiting:
            self._say(self._conflicts_text(waiting))

    def colour(self) -> str:
        """The sign's text colour: the theme's error colour, readable on the window (≥ 4.5:1)."""
        return theme.colour("error")

    def on_notice(self, notice: Notice) -> None:
        if not isinstance(notice, OfflineChanged):
            return
        self.show_state()
        if not notice.offline and notice.sent is not None:
            text = arg(self.tr("Back online: %1 changes sent to the server"), notice.sent)
            if notice.conflicts:
                text += "; " + self._conflicts_text(notice.conflicts)
            self._say(text)

    def show_state(self) -> None:
        pending = self.rally_event.pending_changes()
        if pending or self.rally_event.offline:  # (opened from its replica: 0 may wait)
            self.label.setText(arg(self.tr("OFFLINE: %1 changes waiting for the server"), pending))
            self.label.setStyleSheet(f"color: {self.colour()}; font-weight: bold;")
            self.label.setToolTip(
                self.tr(
                    "The server cannot be reached: keying goes on, each change is kept on this "
                    "computer and sent, in order, when the server answers again"
                )
            )
            self.label.show()
            if not self.timer.isActive():
                self.timer.start()
            return
        self.timer.stop()
        waiting = len(self.rally_event.conflicts())
        if waiting:  # online again, but decisions wait: the sign stays until they are taken
            self.label.setText(self._conflicts_text(waiting))
            self.label.setStyleSheet(f"color: {theme.colour('warn')}; font-weight: bold;")
            self.label.setToolTip("")
            self.label.show()
        else:
            self.label.hide()

    def try_reconnect(self) -> bool:
        """One attempt (the timer's); True when everything waiting was sent."""
        try:
            return self.rally_event.try_reconnect()
        except RallyDeskError as exc:
            self._say(str(exc))
            return False

    def _conflicts_text(self, n: int) -> str:
        return arg(
            self.tr("%1 conflicts for the results manager (Timing > Conflicts of offline keying)"),
            n,
        )

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)


class ConflictsDialog(QDialog):
    """The changes the server refused on replay: both values, both desks; settle with a reason."""

    COLUMNS = 7

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        self.setWindowTitle(self.tr("Conflicts of offline keying"))
        self.resize(900, 360)
        #: asks the reason of a settlement (tests answer it); None or "" cancels
        self.ask_reason: Callable[[str], str | None] = self._ask_reason
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Changes keyed while this desk was offline that another desk had changed "
                    "meanwhile: nothing was overwritten. Keep one value, with a reason."
                )
            )
        )
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Stage"),
                self.tr("No."),
                self.tr("This desk"),
                self.tr("Keyed at"),
                self.tr("On the server"),
                self.tr("Written by"),
                self.tr("Why"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.keep_mine = QPushButton(self.tr("Keep this desk's value…"))
        self.keep_theirs = QPushButton(self.tr("Keep the server's value…"))
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.keep_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.keep_mine.clicked.connect(lambda: self.settle("mine"))
        self.keep_theirs.clicked.connect(lambda: self.settle("theirs"))
        layout.addWidget(buttons)
        self.conflicts: list[dict[str, Any]] = []
        self.fill()

    def fill(self) -> None:
        self.conflicts = self.rally_event.conflicts()
        self.table.setRowCount(len(self.conflicts))
        for row, c in enumerate(self.conflicts):
            mine_by = " · ".join(x for x in (c["my_official"], c["my_desk"]) if x)
            theirs_by = " · ".join(x for x in (c["their_official"], c["their_desk"]) if x)
            cells = (
                str(c["stage"] if c["stage"] is not None else ""),
                str(c["number"] if c["number"] is not None else ""),
                f"{c['mine_text']} ({mine_by})" if mine_by else c["mine_text"],
                str(c["keyed_at"])[11:19],
                c["theirs_text"],
                theirs_by,
                c["message"],
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c["id"])
                self.table.setItem(row, col, item)
        if self.conflicts:
            self.table.selectRow(0)
        else:
            self.message.setText(theme.span("ok", self.tr("No conflict left to settle.")))
        for button in (self.keep_mine, self.keep_theirs):
            button.setEnabled(bool(self.conflicts) and self.rally_event.may("adjustment.edit"))

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.conflicts[rows[0].row()] if rows else None

    def settle(self, keep: str) -> bool:
        """Keep one value of the selected conflict, with a reason, through the services."""
        c = self.selected()
        if c is None:
            return False
        value = c["mine_text"] if keep == "mine" else c["theirs_text"]
        reason = self.ask_reason(
            arg(
                self.tr("Stage %1 #%2: keep %3? Give the reason:"),
                c["stage"],
                c["number"],
                value,
            )
        )
        if not reason:
            self.message.setText(
                theme.span("error", self.tr("not settled: settling needs a reason"))
            )
            return False
        try:
            self.rally_event.settle_conflict(c["id"], keep, reason)
        except RallyDeskError as exc:
            self.message.setText(theme.span("error", arg(self.tr("NOT settled: %1"), exc)))
            return False
        self.fill()
        self.message.setText(theme.span("ok", arg(self.tr("settled: kept %1"), value)))
        return True

    def _ask_reason(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Settle a conflict"), question)
        return text.strip() if ok and text.strip() else None
