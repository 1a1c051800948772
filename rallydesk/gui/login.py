"""Who is working: the official's name and PIN, asked when an event with officials opens (File >
Switch official). A wrong PIN is said in the dialog, which stays open; the lock after ten is the services'."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..services import Event
from . import theme
from .i18n import arg

if TYPE_CHECKING:
    from .main_window import MainWindow


class LoginDialog(QDialog):
    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        self.setWindowTitle(self.tr("Who is working?"))
        self.names = QComboBox()
        roles = {
            "timekeeper": self.tr("timekeeper"),
            "results-manager": self.tr("results manager"),
            "clerk": self.tr("clerk of the course"),
        }
        for o in event.officials():
            self.names.addItem(f"{o['name']} — {roles.get(o['role'], o['role'])}", o["name"])
        if event.official:
            self.names.setCurrentIndex(max(0, self.names.findData(event.official["name"])))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("4 to 12 digits"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {theme.colour('error')};")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            QLabel(self.tr("This event has officials: every change is signed with your name."))
        )
        form.addRow(self.tr("&Official:"), self.names)
        form.addRow(self.tr("&PIN:"), self.pin)
        form.addRow(self.message)
        form.addRow(buttons)
        self.pin.setFocus()

    def try_login(self) -> bool:
        try:
            self.rally_event.login(self.names.currentData(), self.pin.text())
        except RallyDeskError as exc:
            self.message.setText(str(exc))
            self.pin.clear()
            self.pin.setFocus()
            return False
        self.accept()
        return True


class IdleLock(QObject):
    """Logs the official out after N minutes without a key or a click (a per-computer setting, 0 = off),
    so a desk left alone does not sign changes with the name of whoever left it."""

    def __init__(self, window: MainWindow, minutes: int = 0) -> None:
        super().__init__(window)
        self.window = window
        self.clock: Callable[[], float] = time.monotonic
        self.last = self.clock()
        self.timer = QTimer(self)
        self.timer.setInterval(15_000)
        self.timer.timeout.connect(self.check)
        self._minutes = 0
        self.minutes = minutes

    @property
    def minutes(self) -> int:
        return self._minutes

    @minutes.setter
    def minutes(self, value: int) -> None:
        """Watch keys and clicks only while the lock is on: off, it costs the desk nothing."""
        app = QApplication.instance()
        if value and not self._minutes:
            self.last = self.clock()
            if app is not None:
                app.installEventFilter(self)
            self.timer.start()
        elif not value and self._minutes:
            if app is not None:
                app.removeEventFilter(self)
            self.timer.stop()
        self._minutes = value

    def ask(self) -> None:
        """File > Lock after idle minutes: asked, then remembered for this computer."""
        from .preferences import Preferences

        minutes, ok = QInputDialog.getInt(
            self.window,
            self.tr("Lock after idle minutes"),
            self.tr("Minutes without a key or a click (0: never):"),
            self.minutes,
            0,
            240,
        )
        if ok:
            self.minutes = minutes
            Preferences().idle_lock_minutes = minutes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.last = self.clock()
        return False

    def check(self) -> bool:
        """Lock now if the desk has been idle too long; True when it did."""
        event = self.window.rally_event
        if not self.minutes or event is None or event.official is None:
            return False
        if self.clock() - self.last < self.minutes * 60:
            return False
        event.logout()
        self.window.statusBar().showMessage(
            arg(
                self.tr("Locked after %1 idle minutes: log in again (%2)"),
                self.minutes,
                self.window.menus.switch_official_action.shortcut().toString(
                    QKeySequence.SequenceFormat.NativeText
                ),
            )
        )
        self.window.login_dialog_open()
        return True
