"""The timing desk window: welcome screen, time entry beside live classifications, set-up, penalties."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
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
from ..services import (
    Event,
    EventLocked,
    EventNotWritable,
    Notice,
    is_server_location,
    latest_good_backup,
    restore_backup,
)
from ..services.notices import BackupWarning, LoggedIn
from . import i18n, theme
from .adjustments import AdjustmentsWidget
from .bridge import EventBridge
from .entry import TimeEntryPanel
from .i18n import arg
from .import_dialog import ImportDialog
from .journal import JournalWidget
from .offline import ConflictsDialog, OfflineStatus
from .preferences import Preferences, settings  # noqa: F401 (settings: for the tests)
from .publication import PublicationWidget
from .reporting import refuse
from .setup import SetupWidget
from .views import ClassificationView

MAX_RECENT = 8
#: The status bar's background when a backup fails: the light theme's error red, white text on it.
ALARM = theme.COLOURS[False]["error"]


class Welcome(QWidget):
    """The first screen: start an event, open one, reopen a recent one, or try the demo — all by keyboard."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        title = QLabel(
            "<h1 style='margin-bottom:0'>RallyDesk</h1><p>"
            + self.tr(
                "Timing desk for cross-country rallies: key times, watch the classifications move, publish the sheets."
            )
            + "</p>"
        )
        title.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setToolTip(self.tr("Enter or double-click opens the event"))
        self.recent.itemActivated.connect(
            lambda item: window.open_path(item.data(Qt.ItemDataRole.UserRole))
        )
        buttons = QHBoxLayout()
        for text, slot, tip in (
            (
                self.tr("New event…  (Ctrl+N)"),
                window.new_event,
                self.tr("Create an empty event file, then set it up"),
            ),
            (
                self.tr("Open…  (Ctrl+O)"),
                window.open_dialog,
                self.tr("Open a .rallydesk event file"),
            ),
            (
                self.tr("Open the Dakar 2026 demo"),
                window.open_demo,
                self.tr("The real Dakar 2026 cars with a synthetic field; stage 11 is left to key"),
            ),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setMinimumHeight(34)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.empty = QLabel(
            self.tr("No recent events yet: create one, open a file, or try the demo.")
        )
        self.empty.setObjectName("hint")
        column = QVBoxLayout()
        column.addWidget(title)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(QLabel("<b>" + self.tr("Recent events") + "</b>"))
        column.addWidget(self.empty)
        column.addWidget(self.recent, 6)
        column.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(820)
        box.setLayout(column)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(box, 4)
        outer.addStretch(1)

    def fill(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).name}    —    {Path(p).parent}")
            item.setToolTip(p)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.recent.addItem(item)
        self.empty.setVisible(not paths)
        self.recent.setVisible(bool(paths))
        if paths:
            self.recent.setCurrentRow(0)
            self.recent.setFocus()


def board_groups(data) -> list[str]:
    """The Classifications tab opens on two overalls: two categories (Cars, Bikes), or a category and a
    class of it (Cars and Stock) when the event has one category."""
    cats = [g.code for g in data.categories()]
    if len(cats) >= 2:
        return cats[:2]
    if not cats:
        return []
    classes = [g.code for g in data.groups if g.kind == "class" and g.parent == cats[0]]
    return cats + classes[-1:] if len(classes) > 1 else cats


class Desk(QWidget):
    """Everything shown for one open event."""

    def __init__(self, event: Event, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = EventBridge(event, self)
        self.entry = TimeEntryPanel(self.bridge, undo_stack)
        self.zoom = Preferences().table_zoom
        data = event.data
        stage = self.entry.current_stage()
        category = data.categories()[0].code if data.categories() else None
        self.views_splitter = QSplitter(
            Qt.Orientation.Vertical
        )  # full width: every column of the sheet shows
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
        self.tabs.addTab(timing, self.tr("&Time entry"))
        self.tabs.setTabToolTip(
            0, self.tr("Key times with the classifications they change beside them (Alt+T)")
        )
        # the Classifications tab: views one above the other, each the window's whole width, so that
        # Team and Vehicle are shown and names are not cut (two overalls by default)
        self.board = QSplitter(Qt.Orientation.Vertical)
        self.board_views: list[ClassificationView] = []
        for code in board_groups(data):
            self.add_view(stage, True, code, board=True)
        self.tabs.addTab(self.board, self.tr("&Classifications"))
        self.tabs.setTabToolTip(
            1,
            self.tr(
                "Several classifications, one above the other; View > Add a classification view adds one"
            ),
        )
        self.setup = SetupWidget(self.bridge)
        self.tabs.addTab(self.setup, self.tr("&Set-up"))
        self.adjustments = AdjustmentsWidget(self.bridge)
        self.tabs.addTab(self.adjustments, self.tr("&Penalties"))
        self.publication = PublicationWidget(self.bridge)
        self.tabs.addTab(self.publication, self.tr("P&ublication"))
        self.tabs.setTabToolTip(
            4, self.tr("Publish each stage of each category: provisional, official, amended")
        )
        self.journal = JournalWidget(self.bridge)
        self.tabs.addTab(self.journal, self.tr("&Journal"))
        self.tabs.setTabToolTip(
            5, self.tr("Every change: who, at which desk, old and new values, why")
        )
        # Ctrl+F: a crew by number or name, found in every classification and list
        self.search = QLineEdit()
        self.search.setObjectName("deskSearch")
        self.search.setPlaceholderText(
            self.tr("find a crew: race number or name, then Enter (Esc closes)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._find_next)
        self.search.textChanged.connect(lambda _t: self._find(0))
        self.search.hide()
        self.search_note = QLabel()
        self.search_note.setObjectName("hint")
        self.search_note.hide()
        self._found: list[int] = []
        self._found_at = 0
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.search_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs)
        from PySide6.QtGui import QShortcut

        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self.search,
            activated=self.close_search,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.entry.stage_box.currentIndexChanged.connect(self._follow_stage)
        self.entry.number_entered.connect(self._follow_category)
        self.entry.recorded.connect(lambda _stage, number: self._follow_category(number))
        self.entry.recorded.connect(self._reveal_keyed)
        #: scroll the views beside the entry to the crew just keyed (View menu, remembered)
        self.follow_keyed = Preferences().follow_keyed

    def open_search(self) -> None:
        """Ctrl+F: the set-up's entry filter on the Set-up tab, else the desk's crew search."""
        if self.tabs.currentWidget() is self.setup and hasattr(self.setup, "search"):
            parent = self.setup.search.parentWidget()
            while parent is not None and not isinstance(parent, QTabWidget):
                child, parent = parent, parent.parentWidget()
                if isinstance(parent, QTabWidget):
                    parent.setCurrentWidget(child)
            self.setup.search.setFocus()
            self.setup.search.selectAll()
            return
        self.search.show()
        self.search_note.show()
        self.search.setFocus()
        self.search.selectAll()

    def close_search(self) -> None:
        self.search.hide()
        self.search_note.hide()
        self.entry.number.setFocus()

    def _find(self, at: int) -> None:
        self._found = [e.number for e in self.bridge.rally_event.find_entries(self.search.text())]
        self._found_at = at
        self._show_found()

    def _find_next(self) -> None:
        if self._found:
            self._found_at = (self._found_at + 1) % len(self._found)
        self._show_found()

    def _show_found(self) -> None:
        if not self.search.text().strip():
            self.search_note.setText("")
            return
        if not self._found:
            self.search_note.setText(self.tr("no crew found"))
            return
        number = self._found[self._found_at]
        self.search_note.setText(
            arg(
                self.tr("#%1 (%2 of %3; Enter: next)"), number, self._found_at + 1, len(self._found)
            )
        )
        self._follow_category(number)
        for view in self.views + self.board_views:
            view.select_number(number)
        for lst in (self.entry.missing, self.entry.recent):
            for i in range(lst.count()):
                picked = lst.item(i).data(Qt.ItemDataRole.UserRole)
                if picked == number or (isinstance(picked, (tuple, list)) and picked[1] == number):
                    lst.setCurrentRow(i)
                    break

    def found_number(self) -> int | None:
        return self._found[self._found_at] if self._found else None

    def add_view(
        self, stage: int | None, overall: bool, group: str | None, board: bool = False
    ) -> ClassificationView:
        """One more classification; on the time-entry tab the narrow views hide Team and Vehicle."""
        view = ClassificationView(self.bridge, stage, overall, group, compact=not board)
        (self.board_views if board else self.views).append(view)
        (self.board if board else self.views_splitter).addWidget(view)
        view.closed.connect(lambda v=view: self._drop_view(v))
        view.crew_activated.connect(self.show_crew)
        view.set_zoom(self.zoom)
        return view

    #: the tables' zoom in steps of 10 % of the application's font (View > Zoom, remembered)
    zoom = 0

    def set_zoom(self, steps: int) -> None:
        self.zoom = max(-5, min(10, steps))
        for view in self.views + self.board_views:
            view.set_zoom(self.zoom)
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * (1 + 0.1 * self.zoom))
        for lst in (self.entry.missing, self.entry.recent):
            lst.setFont(font)

    def show_crew(self, number: int):
        """The crew card (Enter or double-click on a crew in a view)."""
        from .timing import CrewCard

        card = CrewCard(self.bridge, number, self)
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.show()
        self.crew_card = card
        return card

    def _drop_view(self, view: ClassificationView) -> None:
        for views in (self.views, self.board_views):
            if view in views:
                views.remove(view)
        view.setParent(None)
        view.deleteLater()

    def _reveal_keyed(self, _stage: int, number: int) -> None:
        if self.follow_keyed:
            for view in self.views:
                view.reveal(number)

    def _follow_category(self, number: int) -> None:
        """The views beside the time entry show the keyed crew's category (cars, then a bike…)."""
        data = self.bridge.rally_event.data
        try:
            category = data.category_of_class(data.entry(number).class_code)
        except KeyError:
            return
        self.entry.follow_category(category)
        for view in self.views:
            stage, overall, group = view.selection()
            try:
                same = group is not None and data.category_of_class(group) == category
            except KeyError:
                same = False
            if not same:
                view.set_selection(stage, overall, category)

    def _follow_stage(self) -> None:
        """The views follow the stage being keyed, so officials see what they are about to publish."""
        stage = self.entry.current_stage()
        for view in self.views + self.board_views:
            _, overall, group = view.selection()
            view.set_selection(stage, overall, group)


class MainWindow(QMainWindow):
    def __init__(self, readonly: bool = False) -> None:
        super().__init__()
        self.readonly = readonly
        self.rally_event: Event | None = None
        self.desk: Desk | None = None
        self.login_dialog: QWidget | None = None
        #: the OFFLINE sign and reconnect timer of the open event (a writing desk only)
        self.offline_status: OfflineStatus | None = None
        self.undo_stack = QUndoStack(self)
        self.stack = QStackedWidget()
        self.welcome = Welcome(self)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self._menus()
        from .login import IdleLock

        self.idle_lock = IdleLock(self, Preferences().idle_lock_minutes)
        self.welcome.fill(self.recent_files())
        geometry = Preferences().geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 850)
        self._title()

    # -------------------------------------------------------------- menus

    def _action(
        self,
        menu,
        text: str,
        slot,
        shortcut: str | QKeySequence.StandardKey | None = None,
        tip: str | None = None,
    ) -> QAction:
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
        f = bar.addMenu(self.tr("&File"))
        self._action(f, self.tr("&New event…"), self.new_event, QKeySequence.StandardKey.New)
        self._action(f, self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(f, self.tr("Open the &demo event"), self.open_demo)
        self.recent_menu = f.addMenu(self.tr("Open &recent"))
        f.addSeparator()
        self._action(f, self.tr("&Import CSV/XLSX…"), self.import_dialog, "Ctrl+I")
        self._action(f, self.tr("&Export classifications to Excel…"), self.export_dialog, "Ctrl+E")
        self._action(
            f,
            self.tr("Export classifications to &PDF…"),
            self.export_pdf_dialog,
            "Ctrl+Shift+E",
            self.tr("The official sheets of the desk's stage as a PDF, ready for the notice board"),
        )
        self._action(
            f,
            self.tr("&Print classifications…"),
            self.print_dialog,
            QKeySequence.StandardKey.Print,
            self.tr("Print the official sheets of the desk's stage, with a preview"),
        )
        self._action(
            f,
            self.tr("Restore from a &backup…"),
            self.restore_dialog,
            tip=self.tr(
                "Replace the open event with a verified backup; the current file is kept beside it"
            ),
        )
        f.addSeparator()
        self._action(
            f,
            self.tr("Switch &official…"),
            self.login_dialog_open,
            "Ctrl+L",
            self.tr("Name the official at work (name and PIN): every change is signed with it"),
        )
        self._action(
            f,
            self.tr("Lock after idle &minutes…"),
            self.ask_idle_minutes,
            tip=self.tr(
                "Log the official out after so many minutes without a key or a click (0: never)"
            ),
        )
        self._action(
            f,
            self.tr("Name this &desk…"),
            self.name_desk,
            tip=self.tr("The name of this computer in the journal (default: its host name)"),
        )
        f.addSeparator()
        self._action(f, self.tr("&Close event"), self.close_event, QKeySequence.StandardKey.Close)
        self._action(f, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        e = bar.addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(undo)
        e.addAction(redo)
        e.addSeparator()
        self._action(
            e,
            self.tr("&Find a crew…"),
            lambda: self.desk and self.desk.open_search(),
            QKeySequence.StandardKey.Find,
            self.tr("By race number or name, in every classification and list"),
        )
        t = bar.addMenu(self.tr("&Timing"))
        tips = {
            "OK": self.tr("Back to a normal finish with a time"),
            "DNS": self.tr("Did not start the stage (reason, nominal time)"),
            "DNF": self.tr("Did not finish the stage (reason, nominal time)"),
            "RET": self.tr("Retired from the event on this stage (reason)"),
            "DSQ": self.tr("Disqualified on this stage (reason)"),
            "EXP": self.tr("Continues out of competition (Dakar Experience)"),
        }
        for status, key in (
            ("OK", "F4"),
            ("DNS", "F5"),
            ("DNF", "F6"),
            ("RET", "F7"),
            ("DSQ", "F8"),
            ("EXP", "F9"),
        ):
            action = QAction(arg(self.tr("Mark %1"), status), self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(
                Qt.ShortcutContext.WidgetShortcut
            )  # the panel's own shortcuts act
            action.setStatusTip(tips[status])
            action.setToolTip(tips[status])
            action.triggered.connect(
                lambda _=False, s=status: self.desk and self.desk.entry.set_status(s)
            )
            t.addAction(action)
        t.addSeparator()
        for text, key, slot in (
            (
                self.tr("Record the keyed result"),
                "Return",
                lambda: self.desk and self.desk.entry.commit(),
            ),
            (self.tr("Clear the fields"), "Esc", lambda: self.desk and self.desk.entry.clear()),
            (
                self.tr("Previous stage"),
                "Ctrl+PgUp",
                lambda: self.desk and self.desk.entry._step_stage(-1),
            ),
            (
                self.tr("Next stage"),
                "Ctrl+PgDown",
                lambda: self.desk and self.desk.entry._step_stage(1),
            ),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            t.addAction(action)
        t.addSeparator()
        self._action(
            t,
            self.tr("&Start list…"),
            self.start_list_dialog,
            "Ctrl+L",
            self.tr("Generate, see and print the start list of the desk's stage"),
        )
        self._action(
            t,
            self.tr("&Verify stage (second keying)…"),
            self.verify_dialog,
            "Ctrl+Shift+V",
            self.tr(
                "Another official keys the stage again, blind; the mismatches are listed to settle"
            ),
        )
        self._action(
            t,
            self.tr("&Conflicts of offline keying…"),
            self.conflicts_dialog,
            None,
            self.tr(
                "Changes keyed while the server was unreachable that another desk had changed "
                "meanwhile: keep one value, with a reason"
            ),
        )
        v = bar.addMenu(self.tr("&View"))
        for i, name in enumerate(
            (
                self.tr("&Time entry"),
                self.tr("&Classifications"),
                self.tr("&Set-up"),
                self.tr("&Penalties"),
                self.tr("P&ublication"),
                self.tr("&Journal"),
            )
        ):
            self._action(
                v,
                name,
                lambda _=False, i=i: self.desk and self.desk.tabs.setCurrentIndex(i),
                f"Ctrl+{i + 1}",
            )
        v.addSeparator()
        self._action(
            v,
            self.tr("Add a classification &view"),
            self.add_view,
            "Ctrl+Shift+N",
            self.tr(
                "Another classification beside the ones shown, with its own stage, scope and group"
            ),
        )
        self.follow_action = self._action(
            v,
            self.tr("Scroll to the crew just &keyed"),
            self.toggle_follow,
            None,
            self.tr("The views beside the time entry show where the keyed crew landed"),
        )
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(Preferences().follow_keyed)
        self._action(
            v,
            self.tr("Zoom the tables &in"),
            lambda: self.zoom_tables(1),
            QKeySequence.StandardKey.ZoomIn,
        )
        self._action(
            v,
            self.tr("Zoom the tables &out"),
            lambda: self.zoom_tables(-1),
            QKeySequence.StandardKey.ZoomOut,
        )
        self._action(v, self.tr("&Reset the zoom"), lambda: self.zoom_tables(None), "Ctrl+0")
        self.dark_action = self._action(
            v, self.tr("&Dark theme (night work)"), self.toggle_dark, "Ctrl+Shift+D"
        )
        self.dark_action.setCheckable(True)
        self.dark_action.setChecked(Preferences().dark)
        self.language_menu = v.addMenu(self.tr("&Language"))
        self.language_actions = QActionGroup(self)
        for code, name in i18n.CHOICES:
            action = self.language_menu.addAction(name or self.tr("System (follows the computer)"))
            action.setCheckable(True)
            action.setData(code)
            action.setChecked(code == i18n.setting())
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_actions.addAction(action)
        h = bar.addMenu(self.tr("&Help"))
        self._action(h, self.tr("&About RallyDesk"), self.show_about)
        self._fill_recent_menu()

    # -------------------------------------------------------------- events

    def open_path(self, path: str | Path, quiet: bool = False) -> bool:
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
            if quiet or is_server_location(path) or not self.offer_backup(Path(path), str(exc)):
                if not quiet:
                    refuse(self, self.tr("Cannot open the event"), str(exc))
                return False
            return self.open_path(path, quiet)
        self._show_event(event)
        if event.on_server:  # a server URL is no file to remember (it may hold a password)
            return True
        self._remember(str(Path(path).resolve()))
        folder = event.backup_settings()[0]
        if folder:
            Preferences().set_backup_folder(Path(path), folder)
        return True

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
            refuse(self, self.tr("Restore failed"), str(exc))
            return False
        return True

    def ask_restore(self, question: str) -> bool:
        return (
            QMessageBox.question(self, self.tr("Damaged event file"), question)
            == QMessageBox.StandardButton.Yes
        )

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
        self._title()
        if event.officials() and not event.readonly:
            self.login_dialog_open()

    def login_dialog_open(self) -> QWidget | None:
        """Who is working (Ctrl+L): asked at open when the event has officials; window-modal, not blocking."""
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

    def ask_idle_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self,
            self.tr("Lock after idle minutes"),
            self.tr("Minutes without a key or a click (0: never):"),
            self.idle_lock.minutes,
            0,
            240,
        )
        if ok:
            self.idle_lock.minutes = minutes
            Preferences().idle_lock_minutes = minutes

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

    def _alarm(self, warning: str) -> None:
        """A backup failed (or the file is somewhere risky): the status bar says so, in red."""
        self.statusBar().setStyleSheet(
            f"QStatusBar {{ background: {ALARM}; color: white; font-weight: bold; }}"
        )
        self.statusBar().showMessage(warning)

    def close_event(self) -> None:
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
        ro = " " + self.tr("(read-only)") if self.rally_event.readonly else ""
        who = self.rally_event.official
        official = f" — {who['name']}" if who else ""
        self.setWindowTitle(
            f"{self.rally_event.data.settings.name} — {self.rally_event.path.name}{ro}{official} — RallyDesk"
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

    def start_list_dialog(self, show: bool = True):
        if self.desk is None or self.readonly_event():
            return None
        from .timing import StartListDialog

        dialog = StartListDialog(self.desk.bridge, self.desk.entry.current_stage(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if show:
            dialog.open()
        return dialog

    def verify_dialog(self, show: bool = True):
        if self.desk is None or self.readonly_event():
            return None
        from .timing import VerifyDialog

        dialog = VerifyDialog(self.desk.bridge, self.desk.entry.current_stage(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if show:
            dialog.open()
        return dialog

    def conflicts_dialog(self, show: bool = True) -> ConflictsDialog | None:
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

    def export_dialog(self, kind: str | None = None) -> None:
        """Save the sheets of the desk's stage; the last format and folder chosen are offered again."""
        if self.rally_event is None or self.desk is None:
            return
        kind = kind or Preferences().export_format
        stage = self.desk.entry.current_stage()
        folder = Path(Preferences().export_folder or self.rally_event.path.parent)
        if not folder.is_dir():
            folder = self.rally_event.path.parent
        default = str(folder / f"{self.rally_event.path.stem}-S{stage:02d}.{kind}")
        filters = {
            "xlsx": self.tr("Excel workbooks (*.xlsx)"),
            "pdf": self.tr("PDF documents (*.pdf)"),
        }
        title = (
            self.tr("Export classifications to PDF")
            if kind == "pdf"
            else self.tr("Export classifications")
        )
        out, _ = QFileDialog.getSaveFileName(self, title, default, filters[kind])
        if out:
            self.export_to(Path(out), stage)

    def export_pdf_dialog(self) -> None:
        self.export_dialog("pdf")

    def export_to(self, out: Path, stage: int | None) -> Path | None:
        """Write the workbook or the PDF (by the name's extension), with progress."""
        pdf = out.suffix.lower() == ".pdf"
        progress = QProgressDialog(self.tr("Writing the classification sheets…"), None, 0, 1, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()

        try:
            path, warnings = self.rally_event.export(out, stage=stage, progress=step)
        except RallyDeskError as exc:
            progress.close()
            refuse(self, self.tr("Export failed"), str(exc))
            return None
        progress.close()
        prefs = Preferences()
        prefs.export_format = "pdf" if pdf else "xlsx"
        prefs.export_folder = str(path.parent)
        self.statusBar().showMessage(arg(self.tr("Exported %1"), path), 10000)
        if self.ask_open_folder(arg(self.tr("Written %1\n\nOpen the folder?"), path)):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        return path

    def print_preview(self, stage: int | None = None):
        """The print preview of the desk's stage sheets; the printer chosen last time is offered."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        if self.rally_event is None or self.desk is None:
            return None
        stage = stage if stage is not None else self.desk.entry.current_stage()
        try:
            document = self.rally_event.sheets(stage)
        except RallyDeskError as exc:
            refuse(self, self.tr("Nothing to print"), str(exc))
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        last = Preferences().printer
        if last:
            printer.setPrinterName(last)
        printer.setFullPage(True)
        printer.setDocName(f"{document.event} — S{stage:02d}")
        dialog = QPrintPreviewDialog(printer, self)
        # the dialog does not own the printer: keep it alive as long as the window (else a crash)
        self._printer = printer
        dialog.setWindowTitle(
            self.tr("Print classifications of stage %1").replace("%1", str(stage))
        )

        def draw(target) -> None:
            self.rally_event.paint_sheets(document, target)
            if target.outputFormat() == QPrinter.OutputFormat.NativeFormat and target.printerName():
                Preferences().printer = target.printerName()

        dialog.paintRequested.connect(draw)
        return dialog

    def print_dialog(self) -> None:
        dialog = self.print_preview()
        if dialog is not None:
            dialog.exec()

    def ask_open_folder(self, question: str) -> bool:
        """A hook the tests replace; offscreen nobody can look at a file manager."""
        if QApplication.platformName() == "offscreen":
            return False
        return (
            QMessageBox.question(self, self.tr("Export done"), question)
            == QMessageBox.StandardButton.Yes
        )

    def restore_dialog(self) -> None:
        if self.rally_event is None:
            return
        folder = self.rally_event.backup_settings()[0] or str(self.rally_event.path.parent)
        backup, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore from a backup"),
            folder,
            self.tr("RallyDesk events (*.rallydesk)"),
        )
        if backup:
            self.restore_from(Path(backup))

    def restore_from(self, backup: Path) -> bool:
        """Close the event, put the verified backup in its place (the current file is kept), reopen."""
        path = self.rally_event.path
        if self.rally_event.on_server:  # asked before closing: nothing to reopen afterwards
            refuse(
                self,
                self.tr("Restore failed"),
                arg(
                    self.tr(
                        "%1 is on a PostgreSQL server: restore works on event files only "
                        "(copy a file to a new database with rallydesk push FILE URL)"
                    ),
                    str(path),
                ),
            )
            return False
        self.close_event()
        try:
            kept = restore_backup(backup, path)
        except RallyDeskError as exc:
            refuse(self, self.tr("Restore failed"), str(exc))
            self.open_path(path)
            return False
        self.open_path(path)
        self.statusBar().showMessage(
            arg(
                self.tr("Restored from %1; the previous file is kept as %2"),
                backup.name,
                kept.name if kept else "-",
            ),
            15000,
        )
        return True

    def add_view(self) -> None:
        """One more view on the tab in front: the Classifications tab, else beside the time entry."""
        if self.desk is None:
            return
        board = self.desk.tabs.currentWidget() is self.desk.board
        views = self.desk.board_views if board else self.desk.views
        stage = self.desk.entry.current_stage()
        group = views[-1].selection()[2] if views else None
        if group is None and self.rally_event.data.categories():
            group = self.rally_event.data.categories()[0].code
        self.desk.add_view(stage, True, group, board=board)

    def open_requested(self, path: str | None) -> None:
        """Another launch (``rallydesk open``, a double-click) handed an event over: open it, come forward.

        While a modal dialog is up (an import, a question) the event it works on must stay open:
        the window comes forward at once and opens the new event when the dialog is closed.
        """
        self.bring_to_front()
        current = self.rally_event.path.resolve() if self.rally_event is not None else None
        if not path or (current is not None and Path(path).resolve() == current):
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

    def about_dialog(self) -> QWidget:
        """Help > About for the open event (its file, its backups) or none."""
        from .about import AboutDialog

        event = self.rally_event
        return AboutDialog(
            event.path if event else None, event.backup_settings()[0] if event else None, self
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
        for action in self.language_actions.actions():
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
        theme.apply(QApplication.instance(), bool(on))
        if self.offline_status is not None:  # the OFFLINE sign takes the new theme's red
            self.offline_status.show_state()

    # -------------------------------------------------------------- settings

    def recent_files(self) -> list[str]:
        return [p for p in Preferences().recent if Path(p).exists()]

    def _remember(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        prefs = Preferences()
        prefs.recent = recent[:MAX_RECENT]
        prefs.last = path
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for p in self.recent_files():
            action = QAction(p, self)
            action.triggered.connect(lambda _=False, p=p: self.open_path(p))
            self.recent_menu.addAction(action)

    def closeEvent(self, e) -> None:  # noqa: N802 (Qt's name)
        Preferences().geometry = self.saveGeometry()
        if self.rally_event is not None:
            self.rally_event.close()
            self.rally_event = None
        super().closeEvent(e)
