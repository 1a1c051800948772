"""View > Results board…: the open event's results board (``rallydesk board``) started and
stopped from the desk, its address shown in the status bar for as long as it runs.

A file or an event on a server alike: the board reads the event through a read-only connection
of its own, opened as the desk's was (:meth:`Event.reader`: on a server the desk's login and
the password its connection holds in memory, never put in a URL shown, a log or a file), and
follows every desk's commits as ``rallydesk board`` does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QLabel

from ..board import Board
from ..domain.errors import RallyDeskError
from .i18n import arg
from .reporting import refuse

if TYPE_CHECKING:
    from .main_window import MainWindow

# where the desk's board listens unless the official says otherwise: this computer only
DEFAULT_LISTEN = "127.0.0.1:8080"


def parse_listen(text: str) -> tuple[str, int]:
    """``ADDR[:PORT]`` (an IPv6 address in brackets) → (host, port); port 8080 by default."""
    text = text.strip()
    host, port = text, "8080"
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":") or port
    elif text.count(":") == 1:
        host, port = text.split(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise RallyDeskError(f"{text!r}: expected an address and a port, as in 192.168.1.10:8080")
    return host, int(port)


class ResultsBoard(QObject):
    """The window's board: at most one, for the open event."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.board: Board | None = None
        self.label: QLabel | None = None

    @property
    def address(self) -> str | None:
        return self.board.address if self.board is not None else None

    def toggle(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()
        self.window.menus.board_action.setChecked(self.board is not None)

    def start(self) -> None:
        event = self.window.rally_event
        if self.board is not None or event is None:
            return
        text, ok = QInputDialog.getText(
            self.window,
            self.tr("Results board"),
            self.tr(
                "Listen on (this computer only: 127.0.0.1; for the phones on the bivouac's "
                "network: this computer's address on it, or 0.0.0.0):"
            ),
            text=DEFAULT_LISTEN,
        )
        if not ok:
            return
        # (a server event: the board's own connection is dialled now, the desk waits for it)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            host, port = parse_listen(text)
            # the desk's own login (a server event: its connection's password, in memory only)
            board = Board(str(event.path), host, port, opener=event.reader())
        except (RallyDeskError, OSError) as exc:
            QGuiApplication.restoreOverrideCursor()
            refuse(self.window, self.tr("Cannot start the results board"), str(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        board.start()
        self.board = board
        self.label = QLabel(arg(self.tr("Results board: %1"), board.address))
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.window.statusBar().addPermanentWidget(self.label)
        self.window.statusBar().showMessage(
            arg(self.tr("Results board running on %1"), board.address), 15000
        )

    def stop(self) -> None:
        if self.board is not None:
            self.board.stop()
            self.board = None
        if self.label is not None:
            self.window.statusBar().removeWidget(self.label)
            self.label.deleteLater()
            self.label = None
        if hasattr(self.window, "menus"):
            self.window.menus.board_action.setChecked(False)
