"""The timing desk window: welcome screen, time entry beside live classifications, set-up, penalties."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..services import Event, EventLocked, latest_good_backup, restore_backup
from . import theme
from .adjustments import AdjustmentsWidget
from .bridge import EventBridge
from .entry import TimeEntryPanel
from .setup import SetupWidget
from .views import ClassificationView

MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings("RallyDesk", "RallyDesk")


class Welcome(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        title = QLabel("<h1>RallyDesk</h1><p>Timing desk for cross-country rallies</p>")
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: window.open_path(item.data(Qt.ItemDataRole.UserRole)))
        buttons = QHBoxLayout()
        for text, slot in (("New event…", window.new_event), ("Open…", window.open_dialog),
                           ("Open the Dakar 2026 demo", window.open_demo)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Recent events:"))
        layout.addWidget(self.recent, 1)

    def fill(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(p)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.recent.addItem(item)


class Desk(QWidget):
    """Everything shown for one open event."""

    def __init__(self, event: Event, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = EventBridge(event, self)
        self.entry = TimeEntryPanel(self.bridge, undo_stack)
        data = event.data
        stage = self.entry.current_stage()
        category = data.categories()[0].code if data.categories() else None
        self.views_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.views: list[ClassificationView] = []
        self.add_view(stage, False, category)
        self.add_view(stage, True, category)
        timing = QSplitter(Qt.Orientation.Horizontal)
        timing.addWidget(self.entry)
        timing.addWidget(self.views_splitter)
        timing.setStretchFactor(0, 0)
        timing.setStretchFactor(1, 1)
        timing.setSizes([330, 1070])
        self.tabs = QTabWidget()
        self.tabs.addTab(timing, "Timing")
        self.setup = SetupWidget(self.bridge)
        self.tabs.addTab(self.setup, "Set-up")
        self.adjustments = AdjustmentsWidget(self.bridge)
        self.tabs.addTab(self.adjustments, "Penalties")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.entry.stage_box.currentIndexChanged.connect(self._follow_stage)

    def add_view(self, stage: int | None, overall: bool, group: str | None) -> ClassificationView:
        view = ClassificationView(self.bridge, stage, overall, group)
        self.views.append(view)
        self.views_splitter.addWidget(view)
        return view

    def _follow_stage(self) -> None:
        """The views follow the stage being keyed, so officials see what they are about to publish."""
        stage = self.entry.current_stage()
        for view in self.views:
            _, overall, group = view.selection()
            view.set_selection(stage, overall, group)


class MainWindow(QMainWindow):
    def __init__(self, readonly: bool = False) -> None:
        super().__init__()
        self.readonly = readonly
        self.rally_event: Event | None = None
        self.desk: Desk | None = None
        self.undo_stack = QUndoStack(self)
        self.stack = QStackedWidget()
        self.welcome = Welcome(self)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self._menus()
        self.welcome.fill(self.recent_files())
        geometry = settings().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 850)
        self._title()

    # -------------------------------------------------------------- menus

    def _action(self, menu, text: str, slot, shortcut: str | QKeySequence.StandardKey | None = None,
                tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        f = bar.addMenu("&File")
        self._action(f, "&New event…", self.new_event, QKeySequence.StandardKey.New)
        self._action(f, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(f, "Open the &demo event", self.open_demo)
        self.recent_menu = f.addMenu("Open &recent")
        f.addSeparator()
        self._action(f, "&Import CSV/XLSX…", self.import_dialog, "Ctrl+I")
        self._action(f, "&Export classifications to Excel…", self.export_dialog, "Ctrl+E")
        f.addSeparator()
        self._action(f, "&Close event", self.close_event, QKeySequence.StandardKey.Close)
        self._action(f, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        e = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(undo)
        e.addAction(redo)
        t = bar.addMenu("&Timing")
        for status, key in (("DNS", "F5"), ("DNF", "F6"), ("RET", "F7"), ("DSQ", "F8"), ("EXP", "F9"), ("OK", "F4")):
            action = QAction(f"Mark {status}", self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the panel's own shortcuts act
            action.triggered.connect(lambda _=False, s=status: self.desk and self.desk.entry.set_status(s))
            t.addAction(action)
        v = bar.addMenu("&View")
        self._action(v, "Add a classification &view", self.add_view, "Ctrl+Shift+N")
        self.dark_action = self._action(v, "&Dark theme (night work)", self.toggle_dark, "Ctrl+Shift+D")
        self.dark_action.setCheckable(True)
        self.dark_action.setChecked(settings().value("dark", False, type=bool))
        self._fill_recent_menu()

    # -------------------------------------------------------------- events

    def open_path(self, path: str | Path, quiet: bool = False) -> bool:
        try:
            event = Event.open(path, readonly=self.readonly)
        except EventLocked as exc:
            if quiet:
                return False
            answer = QMessageBox.question(self, "Event open elsewhere", f"{exc}\n\nOpen it read-only?")
            if answer != QMessageBox.StandardButton.Yes:
                return False
            try:
                event = Event.open(path, readonly=True)
            except RallyDeskError as exc2:
                QMessageBox.critical(self, "Cannot open the event", str(exc2))
                return False
        except RallyDeskError as exc:
            if quiet or not self.offer_backup(Path(path), str(exc)):
                if not quiet:
                    QMessageBox.critical(self, "Cannot open the event", str(exc))
                return False
            return self.open_path(path, quiet)
        self._show_event(event)
        self._remember(str(Path(path).resolve()))
        folder = event.backup_settings()[0]
        if folder:
            settings().setValue(f"backup_folder/{Path(path).resolve()}", folder)
        return True

    def offer_backup(self, path: Path, problem: str) -> bool:
        """A damaged file: offer the latest good backup instead of a dead end."""
        folder = settings().value(f"backup_folder/{path.resolve()}")
        candidate = latest_good_backup(folder, path) if folder else None
        if candidate is None:
            return False
        answer = self.ask_restore(f"{problem}\n\nRestore the latest good backup?\n{candidate}\n"
                                  "(the damaged file is kept beside it)")
        if not answer:
            return False
        try:
            restore_backup(candidate, path)
        except RallyDeskError as exc:
            QMessageBox.critical(self, "Restore failed", str(exc))
            return False
        return True

    def ask_restore(self, question: str) -> bool:
        return QMessageBox.question(self, "Damaged event file", question) == QMessageBox.StandardButton.Yes

    def _show_event(self, event: Event) -> None:
        self.close_event()
        self.rally_event = event
        self.desk = Desk(event, self.undo_stack)
        self.stack.addWidget(self.desk)
        self.stack.setCurrentWidget(self.desk)
        self.desk.entry.number.setFocus()
        self.desk.bridge.changed.connect(self._backup_notice)
        self._title()

    def _backup_notice(self, kind: str, details: dict) -> None:
        if kind == "backup" and details.get("warning"):
            self.statusBar().setStyleSheet("QStatusBar { background: #c62828; color: white; font-weight: bold; }")
            self.statusBar().showMessage(details["warning"])

    def close_event(self) -> None:
        if self.desk is not None:
            self.stack.removeWidget(self.desk)
            self.desk.deleteLater()
            self.desk = None
        if self.rally_event is not None:
            self.rally_event.close()
            self.rally_event = None
        self.undo_stack.clear()
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.fill(self.recent_files())
        self._title()

    def _title(self) -> None:
        if self.rally_event is None:
            self.setWindowTitle("RallyDesk")
            return
        ro = " (read-only)" if self.rally_event.readonly else ""
        self.setWindowTitle(f"{self.rally_event.data.settings.name} — {self.rally_event.path.name}{ro} — RallyDesk")

    def new_event(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New event", "", "RallyDesk events (*.rallydesk)")
        if not path:
            return
        if not path.endswith(".rallydesk"):
            path += ".rallydesk"
        name, ok = QInputDialog.getText(self, "New event", "Event name:")
        if not ok or not name.strip():
            return
        try:
            event = Event.create(path, name.strip())
        except RallyDeskError as exc:
            QMessageBox.critical(self, "Cannot create the event", str(exc))
            return
        self._show_event(event)
        self._remember(str(Path(path).resolve()))
        self.desk.tabs.setCurrentWidget(self.desk.setup)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open event", "", "RallyDesk events (*.rallydesk);;All files (*)")
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        from ..demo import write_demo

        self.open_path(write_demo())

    def import_dialog(self) -> None:
        if self.desk is None:
            return
        from .import_dialog import ImportDialog

        ImportDialog(self.desk.bridge, self).exec()

    def export_dialog(self) -> None:
        if self.rally_event is None or self.desk is None:
            return
        stage = self.desk.entry.current_stage()
        default = str(Path(self.rally_event.path).with_name(f"{self.rally_event.path.stem}-S{stage:02d}.xlsx"))
        out, _ = QFileDialog.getSaveFileName(self, "Export classifications", default, "Excel workbooks (*.xlsx)")
        if out:
            self.export_to(Path(out), stage)

    def export_to(self, out: Path, stage: int | None) -> Path | None:
        from ..io.excel import export_workbook

        progress = QProgressDialog("Writing the classification sheets…", None, 0, 1, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()

        try:
            path = export_workbook(self.rally_event, out, stage=stage, progress=step)
        except RallyDeskError as exc:
            progress.close()
            QMessageBox.critical(self, "Export failed", str(exc))
            return None
        progress.close()
        self.statusBar().showMessage(f"Exported {path}", 10000)
        if not QApplication.platformName() == "offscreen":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        return path

    def add_view(self) -> None:
        if self.desk is not None:
            stage = self.desk.entry.current_stage()
            _, _, group = self.desk.views[-1].selection()
            self.desk.add_view(stage, True, group)

    def toggle_dark(self, on: bool) -> None:
        settings().setValue("dark", bool(on))
        theme.apply(QApplication.instance(), bool(on))

    # -------------------------------------------------------------- settings

    def recent_files(self) -> list[str]:
        value = settings().value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [p for p in (value or []) if Path(p).exists()]

    def _remember(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        settings().setValue("recent", recent[:MAX_RECENT])
        settings().setValue("last", path)
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for p in self.recent_files():
            action = QAction(p, self)
            action.triggered.connect(lambda _=False, p=p: self.open_path(p))
            self.recent_menu.addAction(action)

    def closeEvent(self, e) -> None:  # noqa: N802 (Qt's name)
        settings().setValue("geometry", self.saveGeometry())
        if self.rally_event is not None:
            self.rally_event.close()
            self.rally_event = None
        super().closeEvent(e)
