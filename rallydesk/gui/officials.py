"""The officials of the event in the set-up: name, role and PIN; add and remove.

Once someone is logged in, only the clerk of the course may change the list (the services say so);
the first official of an event is added by whoever sets it up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..domain.officials import ROLES
from ..logs import refused
from . import theme
from .bridge import EventBridge
from .i18n import arg


class OfficialsWidget(QWidget):
    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.roles = {
            "timekeeper": self.tr("timekeeper"),
            "results-manager": self.tr("results manager"),
            "clerk": self.tr("clerk of the course"),
        }
        self.list = QListWidget()
        self.list.setToolTip(self.tr("Del removes the selected official"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("first name and SURNAME"))
        self.role = QComboBox()
        for code in ROLES:
            self.role.addItem(self.roles[code], code)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("4 to 12 digits"))
        self.pin.returnPressed.connect(self.add)
        add = QPushButton(self.tr("Add official"))
        add.clicked.connect(self.add)
        remove = QPushButton(self.tr("Remove selected"))
        remove.clicked.connect(self.remove_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        #: on an event without officials: the first one is the clerk, who then adds the others
        self.first_hint = QLabel(
            self.tr(
                "This event has no officials yet: anyone may change it. Add the clerk of the "
                "course first, with a PIN; the desk then asks who is working, and only the "
                "clerk adds the other officials."
            )
        )
        self.first_hint.setWordWrap(True)
        self.first_hint.setObjectName("hint")
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("PIN"), self.pin)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "A timekeeper keys times and statuses; a results manager also penalties, "
                    "imports, set-up and provisional publication; the clerk of the course also "
                    "official publication and amendments."
                )
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(self.first_hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        officials = self.bridge.rally_event.officials()
        self.first_hint.setVisible(not officials)
        if not officials:
            self.role.setCurrentIndex(self.role.findData("clerk"))
        for o in officials:
            item = QListWidgetItem(f"{o['name']} — {self.roles.get(o['role'], o['role'])}")
            item.setData(Qt.ItemDataRole.UserRole, o["name"])
            self.list.addItem(item)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {theme.colour('error' if error else 'ok')};")
        self.message.setText(text)
        if error:
            refused(text, "officials")

    def add(self) -> bool:
        if not self.bridge.rally_event.officials() and self.role.currentData() != "clerk":
            self._say(
                self.tr(
                    "The first official of an event is the clerk of the course: add the clerk "
                    "first (with a PIN), then the clerk adds the others"
                ),
                True,
            )
            self.role.setCurrentIndex(self.role.findData("clerk"))
            return False
        try:
            self.bridge.rally_event.add_official(
                self.name.text(), self.role.currentData(), self.pin.text()
            )
        except RallyDeskError as exc:
            self._say(str(exc), True)
            return False
        self._say(arg(self.tr("%1 added"), self.name.text().strip()))
        self.name.clear()
        self.pin.clear()
        self.fill()
        return True

    def remove_selected(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            self._say(self.tr("Choose an official in the list first"), True)
            return False
        name = item.data(Qt.ItemDataRole.UserRole)
        try:
            self.bridge.rally_event.remove_official(name)
        except RallyDeskError as exc:
            self._say(str(exc), True)
            return False
        self._say(arg(self.tr("%1 removed"), name))
        self.fill()
        return True

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if e.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.remove_selected()
            return
        super().keyPressEvent(e)
