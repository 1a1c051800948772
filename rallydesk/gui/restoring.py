"""Backups at the window: a damaged file offers its latest good backup, and File > Restore puts
a verified backup in the open event's place (the current file is kept beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..domain.errors import RallyDeskError
from ..services import latest_good_backup, restore_backup
from .i18n import arg
from .preferences import Preferences
from .reporting import refuse

if TYPE_CHECKING:
    from .main_window import MainWindow


class Restorer(QObject):
    """The backup offers and File > Restore of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def offer_backup(self, path: Path, problem: str) -> bool:
        """A damaged file: offer the latest good backup instead of a dead end."""
        folder = Preferences().backup_folder(path)
        candidate = latest_good_backup(folder, path) if folder else None
        if candidate is None:
            return False
        answer = self.ask_restore(
            f"{problem}\n\n"
            + arg(
                self.tr(
                    "Restore the latest good backup?\n%1\n(the damaged file is kept beside it)"
                ),
                candidate,
            )
        )
        if not answer:
            return False
        try:
            restore_backup(candidate, path)
        except RallyDeskError as exc:
            refuse(self.window, self.tr("Restore failed"), str(exc))
            return False
        return True

    def ask_restore(self, question: str) -> bool:
        return (
            QMessageBox.question(self.window, self.tr("Damaged event file"), question)
            == QMessageBox.StandardButton.Yes
        )

    def restore_dialog(self) -> None:
        if self.window.rally_event is None:
            return
        folder = self.window.rally_event.backup_settings()[0] or str(
            self.window.rally_event.location.folder
        )
        backup, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore from a backup"),
            folder,
            self.tr("RallyDesk events (*.rallydesk)"),
        )
        if backup:
            self.restore_from(Path(backup))

    def restore_from(self, backup: Path) -> bool:
        """Close the event, put the verified backup in its place (the current file is kept), reopen."""
        event = self.window.rally_event
        if event is None:
            return False
        path = event.location.file
        if path is None:  # on a server; asked before closing: nothing to reopen afterwards
            refuse(
                self.window,
                self.tr("Restore failed"),
                arg(
                    self.tr(
                        "%1 is on a PostgreSQL server: restore works on event files only "
                        "(copy a file to a new database with rallydesk push FILE URL)"
                    ),
                    str(event.location),
                ),
            )
            return False
        self.window.close_event()
        try:
            kept = restore_backup(backup, path)
        except RallyDeskError as exc:
            refuse(self.window, self.tr("Restore failed"), str(exc))
            self.window.open_path(path)
            return False
        self.window.open_path(path)
        self.window.statusBar().showMessage(
            arg(
                self.tr("Restored from %1; the previous file is kept as %2"),
                backup.name,
                kept.name if kept else "-",
            ),
            15000,
        )
        return True
