"""The timing desk window: the welcome screen or the open event's desk, the menus, the title,
the status bar's alarms; opening, creating and closing events."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..services import (
    Event,
    EventLocked,
    EventNotWritable,
    Notice,
    is_server_location,
)
from ..services.notices import BackupWarning, LoggedIn, OfficialsChanged
from . import theme
from .connect import Connector
from .desk import Desk
from .exports import Exports
from .import_dialog import ImportDialog
from .menus import Menus
from .offline import ConflictsDialog, OfflineStatus
from .preferences import Preferences, settings  # noqa: F401 (settings: for the tests)
from .reopen import after_unclean_end, close_cleanly
from .reporting import refuse
from .restoring import Restorer
from .results_board import ResultsBoard
from .welcome import Welcome

if TYPE_CHECKING:
    from .about import AboutDialog
    from .timing import StartListDialog, VerifyDialog

MAX_RECENT = 8
#: The status bar's background when a backup fails: the light theme's error red, white text on it.
ALARM = theme.COLOURS[False]["error"]


class MainWindow(QMainWindow):
    def __init__(self, readonly: bool = False) -> None:
        super().__init__()
        self.readonly = readonly
        self.rally_event: Event | None = None
        self.desk: Desk | None = None
        self.login_dialog: QWidget | None = None
        self.unclean_notice: QWidget | None = None
        #: the OFFLINE sign and reconnect timer of the open event (a writing desk only)
        self.offline_status: OfflineStatus | None = None
        self.undo_stack = QUndoStack(self)
        self.stack = QStackedWidget()
        self.welcome = Welcome(self)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self.exports = Exports(self)
        self.restorer = Restorer(self)
        self.connector = Connector(self)  # server events: Connect, Recent, the status bar
        self.results_board = ResultsBoard(self)  # View > Results board…
        self.menus = Menus(self)
        from .login import IdleLock

        self.idle_lock = IdleLock(self, Preferences().idle_lock_minutes)
        self.welcome.fill(self.recent_files())
        geometry = Preferences().geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 850)
        self._title()

    # -------------------------------------------------------------- events

    def open_path(self, path: str | Path, quiet: bool = False) -> bool:
        if is_server_location(path):  # the kept password looked up; refused: Connect asks it
            return self.connector.open_url(str(path), quiet)
        try:
            event = Event.open(path, readonly=self.readonly)
        except (EventLocked, EventNotWritable) as exc:  # elsewhere, or on a read-only medium
            if quiet:  # another desk keys into it: look, do not touch (the title says read-only)
                try:
                    event = Event.open(path, readonly=True)
                except RallyDeskError:
                    return False
                self._show_event(event)
                return True
            answer = QMessageBox.question(
                self, self.tr("Event open elsewhere"), f"{exc}\n\n" + self.tr("Open it read-only?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            try:
                event = Event.open(path, readonly=True)
            except RallyDeskError as exc2:
                refuse(self, self.tr("Cannot open the event"), str(exc2))
                return False
        except RallyDeskError as exc:
            if quiet or not self.restorer.offer_backup(Path(path), str(exc)):
                if not quiet:
                    refuse(self, self.tr("Cannot open the event"), str(exc))
                return False
            return self.open_path(path, quiet)
        self._show_event(event)
        self._remember(str(Path(path).resolve()))
        folder = event.backup_settings()[0]
        if folder:
            Preferences().set_backup_folder(Path(path), folder)
        return True

    def _show_event(self, event: Event) -> None:
        self.close_event()
        self.rally_event = event
        self.desk = Desk(event, self.undo_stack)
        self.stack.addWidget(self.desk)
        self.stack.setCurrentWidget(self.desk)
        self.desk.entry.number.setFocus()
        self.desk.set_zoom(self.desk.zoom)
        self.desk.bridge.noticed.connect(self._on_notice)
        for warning in event.warnings:  # a network file system, say: loud, but keying goes on
            self._alarm(warning)
        if not event.readonly:  # a lost server: OFFLINE, keying goes on, replayed on reconnect
            self.offline_status = OfflineStatus(self, event)
            self.desk.bridge.noticed.connect(self.offline_status.on_notice)
        self.connector.attach(event)
        self._title()
        if event.officials() and not event.readonly:
            self.login_dialog_open()
        after_unclean_end(self, event)  # the last session cut short: where it was

    def login_dialog_open(self) -> QWidget | None:
        """Who is working (File > Switch official): asked at open when the event has officials; window-modal, not blocking."""
        if (
            self.rally_event is None
            or self.rally_event.readonly
            or not self.rally_event.officials()
        ):
            if self.rally_event is not None and not self.rally_event.readonly:
                self.statusBar().showMessage(
                    self.tr(
                        "This event has no officials: add them with "
                        "rallydesk officials EVENT add NAME --role ROLE --pin PIN"
                    ),
                    8000,
                )
            return None
        from .login import LoginDialog

        if self.login_dialog is not None:
            self.login_dialog.deleteLater()
        self.login_dialog = LoginDialog(self.rally_event, self)
        self.login_dialog.finished.connect(lambda _r: self._title())
        self.login_dialog.open()
        return self.login_dialog

    def name_desk(self) -> None:
        import os
        import socket

        current = os.environ.get("RALLYDESK_DESK") or socket.gethostname()
        name, ok = QInputDialog.getText(
            self,
            self.tr("Name this desk"),
            self.tr("Name of this computer in the journal:"),
            text=current,
        )
        if ok and name.strip():
            os.environ["RALLYDESK_DESK"] = name.strip()
            Preferences().desk_name = name.strip()

    def _on_notice(self, notice: Notice) -> None:
        if isinstance(notice, BackupWarning) and notice.warning:
            self._alarm(notice.warning)
        elif isinstance(notice, LoggedIn):
            self._title()
        elif isinstance(notice, OfficialsChanged):
            self._ask_who_works(notice.name)

    def _ask_who_works(self, name: str) -> None:
        """Officials were just added with nobody at work: ask who is working, the new one first."""
        event = self.rally_event
        if event is None or event.readonly or event.official is not None:
            return
        if not event.officials() or (
            self.login_dialog is not None and self.login_dialog.isVisible()
        ):
            return
        from .login import LoginDialog

        dialog = self.login_dialog_open()
        if isinstance(dialog, LoginDialog):
            dialog.names.setCurrentIndex(max(0, dialog.names.findData(name)))

    def _alarm(self, warning: str) -> None:
        """A backup failed (or the file is somewhere risky): the status bar says so, in red."""
        self.statusBar().setStyleSheet(
            f"QStatusBar {{ background: {ALARM}; color: white; font-weight: bold; }}"
        )
        self.statusBar().showMessage(warning)

    def close_event(self) -> None:
        self.results_board.stop()
        if self.login_dialog is not None:
            self.login_dialog.close()
            self.login_dialog.deleteLater()
            self.login_dialog = None
        if self.offline_status is not None:
            self.offline_status.timer.stop()
            self.statusBar().removeWidget(self.offline_status.label)
            self.offline_status.label.deleteLater()
            self.offline_status.deleteLater()
            self.offline_status = None
        self.connector.detach()
        if self.desk is not None:
            self.stack.removeWidget(self.desk)
            self.desk.deleteLater()
            self.desk = None
        if self.rally_event is not None:
            close_cleanly(self.rally_event)
            self.rally_event = None
        self.undo_stack.clear()
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.fill(self.recent_files())
        self._title()

    def _title(self) -> None:
        if self.rally_event is None:
            self.setWindowTitle("RallyDesk")
            return
        ro = " " + self.tr("(read-only)") if self.rally_event.readonly else ""
        who = self.rally_event.official
        official = f" — {who['name']}" if who else ""
        self.setWindowTitle(
            f"{self.rally_event.data.settings.name} — {self.rally_event.location.name}{ro}{official} — RallyDesk"
        )

    def new_event(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New event"), "", self.tr("RallyDesk events (*.rallydesk)")
        )
        if not path:
            return
        if not path.endswith(".rallydesk"):
            path += ".rallydesk"
        name, ok = QInputDialog.getText(self, self.tr("New event"), self.tr("Event name:"))
        if not ok or not name.strip():
            return
        try:
            event = Event.create(path, name.strip())
        except RallyDeskError as exc:
            refuse(self, self.tr("Cannot create the event"), str(exc))
            return
        self._show_event(event)
        self._remember(str(Path(path).resolve()))
        if self.desk is not None:
            self.desk.tabs.setCurrentWidget(self.desk.setup)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open event"),
            "",
            self.tr("RallyDesk events (*.rallydesk)") + ";;" + self.tr("All files (*)"),
        )
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        from ..demo import write_demo

        self.open_path(write_demo())

    def import_dialog(self) -> None:
        if self.desk is None:
            return
        if self.readonly_event():
            return
        dialog = ImportDialog(self.desk.bridge, self)
        dialog.exec()
        dialog.deleteLater()

    def start_list_dialog(self, *, show: bool = True) -> StartListDialog | None:
        stage = self.desk.entry.current_stage() if self.desk is not None else None
        if self.desk is None or stage is None or self.readonly_event():
            return None
        from .timing import StartListDialog

        dialog = StartListDialog(self.desk.bridge, stage, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if show:
            dialog.open()
        return dialog

    def verify_dialog(self, *, show: bool = True) -> VerifyDialog | None:
        stage = self.desk.entry.current_stage() if self.desk is not None else None
        if self.desk is None or stage is None or self.readonly_event():
            return None
        from .timing import VerifyDialog

        dialog = VerifyDialog(self.desk.bridge, stage, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if show:
            dialog.open()
        return dialog

    def conflicts_dialog(self, *, show: bool = True) -> ConflictsDialog | None:
        """The changes kept offline that met another desk's change: settled by the results manager."""
        if self.rally_event is None or self.readonly_event():
            return None
        dialog = ConflictsDialog(self.rally_event, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if show:
            dialog.open()
        return dialog

    def readonly_event(self) -> bool:
        """True (and says so) when the open event may not be changed from this desk."""
        if self.rally_event is not None and self.rally_event.readonly:
            from ..logs import refused

            refused(f"{self.rally_event.path} is open read-only", "window")
            self.statusBar().showMessage(
                self.tr("This event is open read-only: nothing can be changed from this desk."),
                8000,
            )
            return True
        return False

    def add_view(self) -> None:
        """One more view on the tab in front: the Classifications tab, else beside the time entry."""
        if self.desk is None:
            return
        board = self.desk.tabs.currentWidget() is self.desk.board
        views = self.desk.board_views if board else self.desk.views
        stage = self.desk.entry.current_stage()
        group = views[-1].selection()[2] if views else None
        categories = self.desk.bridge.rally_event.data.categories()
        if group is None and categories:
            group = categories[0].code
        self.desk.add_view(stage, True, group, board=board)

    def open_requested(self, path: str | None) -> None:
        """Another launch (``rallydesk open``, a double-click) handed an event over: open it, come forward.

        While a modal dialog is up (an import, a question) the event it works on must stay open:
        the window comes forward at once and opens the new event when the dialog is closed.
        """
        self.bring_to_front()
        if not path or (self.rally_event is not None and self.rally_event.location.same_as(path)):
            return
        if QApplication.activeModalWidget() is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(500, lambda: self.open_requested(path))
            return
        self.open_path(path)

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()  # Windows may only flash the task bar button: its focus rules

    def about_dialog(self) -> AboutDialog:
        """Help > About for the open event (its file, its backups) or none."""
        from .about import AboutDialog

        event = self.rally_event
        return AboutDialog(
            event.location.file if event else None,
            event.backup_settings()[0] if event else None,
            self,
        )

    def show_about(self) -> None:
        dialog = self.about_dialog()
        dialog.exec()
        dialog.deleteLater()

    def toggle_follow(self, on: bool) -> None:
        Preferences().follow_keyed = bool(on)
        if self.desk is not None:
            self.desk.follow_keyed = bool(on)

    def set_language(self, code: str) -> None:
        """Remember View > Language; widgets already built keep their texts, so it applies on restart."""
        Preferences().language = code
        for action in self.menus.language_actions.actions():
            action.setChecked(action.data() == code)
        text = self.tr("The language changes the next time RallyDesk starts.")
        self.statusBar().showMessage(text, 15000)
        if QApplication.platformName() != "offscreen":  # offscreen (tests) nobody can click OK
            QMessageBox.information(self, self.tr("Language"), text)

    def zoom_tables(self, step: int | None) -> None:
        """Ctrl++ / Ctrl+- / Ctrl+0: the classification tables and lists grow or shrink; remembered."""
        steps = 0 if step is None else Preferences().table_zoom + step
        steps = max(-5, min(10, steps))
        Preferences().table_zoom = steps
        if self.desk is not None:
            self.desk.set_zoom(steps)

    def toggle_dark(self, on: bool) -> None:
        Preferences().dark = bool(on)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, bool(on))
        if self.offline_status is not None:  # the OFFLINE sign takes the new theme's red
            self.offline_status.show_state()

    # -------------------------------------------------------------- settings

    def recent_files(self) -> list[str]:
        return [p for p in Preferences().recent if is_server_location(p) or Path(p).exists()]

    def _remember(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        prefs = Preferences()
        prefs.recent = recent[:MAX_RECENT]
        prefs.last = path
        self.menus.fill_recent(self.recent_files())

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        Preferences().geometry = self.saveGeometry()
        self.results_board.stop()
        if self.rally_event is not None:
            close_cleanly(self.rally_event)
            self.rally_event = None
        super().closeEvent(e)
