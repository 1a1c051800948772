"""File > Connect to server…: host, port, event, role and password (or a whole URL pasted as
``rallydesk server add-event`` printed it), the server's certificate authority if handed one,
and whether the computer's credential store keeps the password. A refusal is said in the dialog,
which stays open with what was typed."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..services import SERVER_PORT, Event, connection, credentials, is_server_location
from ..services.connection import CONNECT_ROLES, Connected, ConnectRefused, ServerLogin
from . import theme
from .reporting import refuse
from .server_desks import ServerDialog, ServerStatus, role_name

if TYPE_CHECKING:
    from .main_window import MainWindow


class ConnectDialog(QDialog):
    """Window-modal and not blocking (``open()``): the desk behind stays as it was until the
    connection is made; then the window shows the event (:attr:`connected`)."""

    def __init__(
        self,
        window: MainWindow,
        prefill: ServerLogin | None = None,
        refused: ConnectRefused | None = None,
    ) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Connect to server"))
        #: what a successful connection opened (the window takes it over)
        self.connected: Connected | None = None
        #: libpq's sslmode a pasted URL named without an authority (kept as it was)
        self._sslmode: str | None = None
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("192.168.1.10, or paste the whole postgresql:// URL"))
        self.host.setToolTip(
            self.tr(
                "The server's name or address on the bivouac's network. A URL pasted here, as "
                "'rallydesk server add-event' printed it, fills every field"
            )
        )
        self.port = QLineEdit(str(SERVER_PORT))
        self.port.setValidator(QIntValidator(1, 65535, self.port))
        self.event_name = QLineEdit()
        self.event_name.setPlaceholderText(self.tr("dakar-2026"))
        self.event_name.setToolTip(self.tr("The event's name on the server (its database)"))
        self.role = QComboBox()
        for role in CONNECT_ROLES:
            self.role.addItem(role_name(role), role)
        self.role.setToolTip(
            self.tr("Which of the event's logins: the server lets each role do what it may")
        )
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.authority = QLineEdit()
        self.authority.setPlaceholderText(self.tr("optional: the server's ca.crt"))
        self.authority.setToolTip(
            self.tr(
                "The server's certificate authority (a .crt or .pem file from its administrator): "
                "the desk then refuses a server whose certificate it did not sign"
            )
        )
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self.choose_authority)
        authority = QHBoxLayout()
        authority.setContentsMargins(0, 0, 0, 0)
        authority.addWidget(self.authority, 1)
        authority.addWidget(self.choose)
        self.remember = QCheckBox(self.tr("&Remember the password on this computer"))
        self.remember.setChecked(True)
        self.keeps = credentials.available()
        if not self.keeps:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember.setToolTip(
                self.tr(
                    "This computer has no credential store RallyDesk can use (Windows Credential "
                    "Manager, macOS Keychain, a Secret Service): the password is asked each time"
                )
            )
        else:
            self.remember.setToolTip(
                self.tr(
                    "Kept by the computer's credential store (Windows Credential Manager, macOS "
                    "Keychain, Secret Service), never in RallyDesk's settings"
                )
            )
        form = QFormLayout()
        form.addRow(self.tr("&Server:"), self.host)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow(self.tr("&Event:"), self.event_name)
        form.addRow(self.tr("R&ole:"), self.role)
        form.addRow(self.tr("Pass&word:"), self.password)
        holder = QWidget()
        holder.setLayout(authority)
        form.addRow(self.tr("Certificate &authority:"), holder)
        form.addRow("", self.remember)
        #: why nothing will be kept (no credential store), under the box
        self.keep_note = QLabel(self)
        self.keep_note.setWordWrap(True)
        self.keep_note.setVisible(not self.keeps)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        if not self.keeps:
            form.addRow("", self.keep_note)
            self.keep_note.setText(
                theme.span(
                    "warn",
                    self.tr(
                        "This computer has no credential store RallyDesk can use: the password "
                        "will not be kept."
                    ),
                )
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = QPushButton(self.tr("Co&nnect"))
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.clicked.connect(self.try_connect)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.connect_button.setDefault(True)  # Enter in any field connects (once in the dialog)
        for a, b in (
            (self.host, self.port),
            (self.port, self.event_name),
            (self.event_name, self.role),
            (self.role, self.password),
            (self.password, self.authority),
            (self.authority, self.choose),
            (self.choose, self.remember),
        ):
            QWidget.setTabOrder(a, b)
        self.host.textChanged.connect(self._pasted)
        self.resize(560, self.sizeHint().height())
        if prefill is not None:
            self.fill(prefill)
        self.host.setFocus()
        if prefill is not None and prefill.host:
            self.password.setFocus()
        if refused is not None:
            self.say(self._words(refused))
            self._focus(refused.field)

    # ------------------------------------------------------------------ fields

    def fill(self, login: ServerLogin) -> None:
        """Put a login's fields in the dialog (a pasted URL, a Recent entry)."""
        self.host.blockSignals(True)
        self.host.setText(login.host)
        self.host.blockSignals(False)
        self.port.setText(str(login.port))
        self.event_name.setText(login.event)
        if login.user:
            at = self.role.findData(f"user:{login.user}")
            if at < 0:
                self.role.addItem(login.user, f"user:{login.user}")
                at = self.role.count() - 1
            self.role.setCurrentIndex(at)
        else:
            self.role.setCurrentIndex(max(0, self.role.findData(login.role)))
        self.password.setText(login.password)
        self.authority.setText(login.authority or "")
        self._sslmode = login.sslmode

    def login(self) -> ServerLogin:
        """What the fields say."""
        role = str(self.role.currentData() or CONNECT_ROLES[0])
        user = role.removeprefix("user:") if role.startswith("user:") else None
        try:
            port = int(self.port.text())
        except ValueError:
            port = 0
        return ServerLogin(
            host=self.host.text().strip(),
            port=port,
            event=self.event_name.text().strip(),
            role=CONNECT_ROLES[0] if user else role,
            password=self.password.text(),
            authority=self.authority.text().strip() or None,
            user=user,
            sslmode=self._sslmode,
        )

    def _pasted(self, text: str) -> None:
        if not is_server_location(text.strip()):
            return
        try:
            login = connection.from_url(text)
        except ConnectRefused as exc:
            self.say(self._words(exc))
            return
        self.fill(login)
        self.say(
            theme.span("ok", self.tr("The URL filled the fields; Enter connects.")), plain=False
        )
        self.connect_button.setFocus()

    def choose_authority(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The server's certificate authority"),
            self.authority.text(),
            self.tr("Certificates (*.crt *.pem *.cer)") + ";;" + self.tr("All files (*)"),
        )
        if path:
            self.authority.setText(path)

    # ------------------------------------------------------------------ connecting

    def try_connect(self) -> bool:
        """Open the event; a refusal is said here, the fields stay as typed."""
        self.say(self.tr("Connecting…"))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.connected = connection.connect(
                self.login(), self.remember.isChecked(), readonly=self.window_.readonly
            )
        except ConnectRefused as exc:
            self.say(self._words(exc))
            self._focus(exc.field)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
        return True

    def _focus(self, field: str) -> None:
        widgets: dict[str, QWidget] = {
            "password": self.password,
            "host": self.host,
            "port": self.port,
            "event": self.event_name,
            "role": self.role,
            "authority": self.authority,
        }
        widget = widgets.get(field, self.host)
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def _words(self, exc: ConnectRefused) -> str:
        """The refusal in the desk's language, the server's own words below it."""
        head = {
            "password": self.tr("The server refused this password (or has no event of that name)."),
            "host": self.tr(
                "The server cannot be reached at this address and port, or does not let this "
                "computer in."
            ),
            "event": self.tr("The server has no event of that name."),
            "authority": self.tr(
                "The server's certificate could not be checked against this authority."
            ),
        }.get(exc.field, self.tr("The connection was refused."))
        return (
            theme.span("error", "<b>" + html.escape(head) + "</b>") + "<br>" + html.escape(str(exc))
        )

    def say(self, text: str, plain: bool = True) -> None:
        self.message.setText(text if not plain or text.startswith("<") else html.escape(text))


def prefill_from(url: str) -> ServerLogin | None:
    """The fields of a Recent entry (no password), or None for what is no server URL."""
    try:
        return replace(connection.from_url(url), password="")
    except ConnectRefused:
        return None


class Connector(QObject):
    """The window's server events: File > Connect to server…, a server URL from Recent or the
    command line (its kept password looked up), the status bar's note and Help > Server."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ConnectDialog | None = None
        #: the status bar's note of the open server event (None: a file, or none open)
        self.status: ServerStatus | None = None

    def open_dialog(
        self, prefill: ServerLogin | None = None, refused: ConnectRefused | None = None
    ) -> ConnectDialog:
        """File > Connect to server…: shown, not blocking; the event opens when it connects."""
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ConnectDialog(self.window, prefill, refused)
        self.dialog.accepted.connect(self._connected)
        self.dialog.open()
        return self.dialog

    def _connected(self) -> None:
        done = self.dialog.connected if self.dialog is not None else None
        if done is None:
            return
        self.window._show_event(done.event)
        self.window._remember(done.recent)
        if done.not_kept:
            self.window.statusBar().showMessage(
                self.tr(
                    "Connected. The password was not kept: this computer has no credential "
                    "store RallyDesk can use; it is asked at the next connection."
                ),
                15000,
            )

    def open_url(self, url: str, quiet: bool = False) -> bool:
        """A server event by its URL (Recent, the command line): with the password the
        credential store keeps for it; a refused or missing password opens Connect, filled in."""
        prefill = prefill_from(url)
        try:
            event = Event.open(connection.with_kept_password(url), readonly=self.window.readonly)
        except RallyDeskError as exc:
            if quiet:
                return False
            why = connection.refusal(exc, prefill) if prefill is not None else None
            if why is not None and why.field == "password":
                self.open_dialog(prefill, why)
                return False
            refuse(self.window, self.tr("Cannot open the event"), str(exc))
            return False
        self.window._show_event(event)
        self.window._remember(connection.recent_form(url))
        return True

    def attach(self, event: Event) -> None:
        """A server event was opened: its note in the status bar, refreshed on the follower's
        tick (every few seconds) and when the desk goes offline or comes back; Help > Server."""
        self.detach()
        desk = self.window.desk
        if not event.on_server or desk is None:
            return
        self.status = ServerStatus(self.window, event)
        desk.bridge.noticed.connect(self.status.on_notice)
        if desk.entry.follower is not None:
            desk.entry.follower.timer.timeout.connect(self.status.refresh)
        self.window.menus.server_action.setEnabled(True)

    def detach(self) -> None:
        """The event closes: no note, Help > Server disabled again."""
        if self.status is not None:
            self.window.statusBar().removeWidget(self.status.label)
            self.status.label.deleteLater()
            self.status.deleteLater()
            self.status = None
        menus = getattr(self.window, "menus", None)
        if menus is not None:
            menus.server_action.setEnabled(False)

    def show_server(self, *, show: bool = True) -> ServerDialog | None:
        """Help > Server: the event's desks (only for a server event)."""
        event = self.window.rally_event
        if event is None or not event.on_server:
            return None
        dialog = ServerDialog(event, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if show:
            dialog.open()
        return dialog
