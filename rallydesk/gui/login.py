"""Who is working: the official's name and PIN, asked when an event with officials opens (Ctrl+L
switches). A wrong PIN is said in the dialog, which stays open; the lock after ten is the services'."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..services import Event


class LoginDialog(QDialog):
    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        self.setWindowTitle(self.tr("Who is working?"))
        self.names = QComboBox()
        roles = {"timekeeper": self.tr("timekeeper"), "results-manager": self.tr("results manager"),
                 "clerk": self.tr("clerk of the course")}
        for o in event.officials():
            self.names.addItem(f"{o['name']} — {roles.get(o['role'], o['role'])}", o["name"])
        if event.official:
            self.names.setCurrentIndex(max(0, self.names.findData(event.official["name"])))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("4 to 12 digits"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("This event has officials: every change is signed with your name.")))
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
