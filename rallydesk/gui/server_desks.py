"""A desk on a server says where it is: the status bar names the server, the event, the role,
this desk and the other desks online (refreshed on the follower's tick, never per keystroke);
Help > Server lists every desk of the event with its last heartbeat and changes waiting. The
OFFLINE sign and its count are gui/offline.py's: this module only leaves room for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services import Event, Notice
from ..services.desks import ServerView, server_view
from ..services.notices import OfflineChanged
from . import theme
from .i18n import arg

if TYPE_CHECKING:
    from .main_window import MainWindow

#: At most this many other desks are named in the status bar (the rest counted).
NAMED_DESKS = 4


def role_name(role: str) -> str:
    """A login's role in the desk's language (a login of no role: its own name)."""
    names = {
        "timekeeper": QCoreApplication.translate("roles", "timekeeper"),
        "results-manager": QCoreApplication.translate("roles", "results manager"),
        "clerk": QCoreApplication.translate("roles", "clerk of the course"),
        "owner": QCoreApplication.translate("roles", "owner (creates the event)"),
    }
    return names.get(role, role)


class ServerStatus(QObject):
    """The status bar's permanent note of a server event: server · event · role · desk · state ·
    other desks online."""

    def __init__(self, window: MainWindow, event: Event) -> None:
        super().__init__(window)
        self.window = window
        self.rally_event = event
        self.label = QLabel()
        self.label.setObjectName("serverSign")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        window.statusBar().insertPermanentWidget(0, self.label)  # left of the OFFLINE sign
        #: the last look at the server (None before the first)
        self.view: ServerView | None = None
        self.refresh()

    def on_notice(self, notice: Notice) -> None:
        if isinstance(notice, OfflineChanged):
            self.refresh()

    def refresh(self) -> None:
        """Look at the server once (two small reads) and say what it answered."""
        if self.rally_event.closed:
            return
        self.view = server_view(self.rally_event)
        self.show_view()

    def show_view(self) -> None:
        view = self.view
        if view is None:
            self.label.hide()
            return
        seat = view.seat
        parts = [
            arg(self.tr("server %1"), seat.server),
            arg(self.tr("event %1"), seat.event),
            role_name(seat.role),
            arg(self.tr("desk %1"), seat.desk),
        ]
        sign = self.window.offline_status
        if view.reached:
            parts.append(theme.span("ok", self.tr("online")))
        elif sign is None or not sign.label.isVisible():  # the OFFLINE sign says it otherwise
            parts.append(theme.span("error", "<b>" + self.tr("OFFLINE") + "</b>"))
        if view.desks is not None:
            others = view.others_online
            if others:
                names = [d.desk for d in others[:NAMED_DESKS]]
                if len(others) > NAMED_DESKS:
                    names.append(arg(self.tr("%1 more"), len(others) - NAMED_DESKS))
                parts.append(arg(self.tr("also online: %1"), ", ".join(names)))
            else:
                parts.append(self.tr("no other desk online"))
        text = " · ".join(parts)
        if text != self.label.text():  # (a new text asks the window's layout again)
            self.label.setText(text)
            self.label.setToolTip(self.tr("Help > Server lists every desk of this event"))
        self.label.show()

    def plain_text(self) -> str:
        """The label's text without its markup (tests, the log)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.label.text())
        return doc.toPlainText()


class ServerDialog(QDialog):
    """Help > Server: the event's desks, the server's address, whether the connection is
    encrypted; Refresh looks again."""

    COLUMNS = 5

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        self.setWindowTitle(self.tr("Server"))
        self.resize(940, 400)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Desk"),
                self.tr("Role"),
                self.tr("Last seen (UTC)"),
                self.tr("Changes waiting"),
                self.tr("Online"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.clicked.connect(self.fill)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.view: ServerView | None = None
        self.fill()

    def fill(self) -> None:
        self.view = server_view(self.rally_event, tls=True)
        view = self.view
        if view is None:  # (a file: the action is disabled; said all the same)
            self.summary.setText(self.tr("This event is a file: it has no server."))
            self.table.setRowCount(0)
            return
        seat = view.seat
        tls = {
            True: self.tr("encrypted (TLS)"),
            False: self.tr("NOT encrypted (no TLS)"),
            None: self.tr("unknown"),
        }[view.tls]
        lines = [
            arg(self.tr("Server: %1"), seat.server),
            arg(self.tr("Event: %1"), seat.event),
            arg(
                self.tr("This desk: %1, as %2 (login %3)"),
                seat.desk,
                role_name(seat.role),
                seat.login,
            ),
            arg(self.tr("Connection: %1"), tls),
        ]
        self.summary.setText("<br>".join(lines))
        desks = view.desks or []
        self.table.setRowCount(len(desks))
        for row, d in enumerate(desks):
            name = d.desk + (" " + self.tr("(this desk)") if view.is_me(d) else "")
            cells = (
                name,
                role_name(d.role),
                (d.last_seen or "—").replace("T", " ").removesuffix("Z"),
                "—" if d.waiting is None else str(d.waiting),
                self.tr("online") if d.online else self.tr("offline"),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        if not view.reached:
            self.note.setText(
                theme.span(
                    "error",
                    self.tr("The server does not answer now: its desks cannot be listed."),
                )
            )
        elif view.desks is None:
            self.note.setText(
                self.tr(
                    "This server cannot list its desks yet: the event's owner opens it once "
                    "with this RallyDesk to allow it."
                )
            )
        else:
            self.note.setText(
                self.tr(
                    "Online: connected now. Last seen: the desk's last heartbeat (every 30 s). "
                    "Changes waiting: kept on that desk while it could not reach the server."
                )
            )
