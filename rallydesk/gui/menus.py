"""The window's menu bar, built from one table: every action's text, key, tip and slot in one
place, the menus in the order the official reads them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from . import i18n
from .i18n import arg
from .preferences import Preferences
from .raid_timing import raid_dialog

if TYPE_CHECKING:
    from .desk import Desk
    from .entry import TimeEntryPanel
    from .main_window import MainWindow

Key = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class Item:
    """One action of a menu. ``panel``: a key of the time entry panel (its own shortcut acts;
    the menu shows and offers it). ``checked``: checkable, checked at first as given (the slot
    gets the new state). ``name``: the attribute of :class:`Menus` that keeps the action."""

    text: str
    slot: Callable[[], object] | Callable[[bool], object]
    key: Key | None = None
    tip: str | None = None
    panel: bool = False
    checked: bool | None = None
    name: str | None = None


SEP = None  # a separator
Part = Callable[[QMenu], None]  # a part built by a function (a submenu, actions made elsewhere)


class Menus(QObject):
    """The menus of one window; their actions call the window (or its desk, when one is open)."""

    recent_menu: QMenu
    language_menu: QMenu
    language_actions: QActionGroup
    follow_action: QAction
    dark_action: QAction
    switch_official_action: QAction
    server_action: QAction
    board_action: QAction

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        for title, items in self.table():
            menu = bar.addMenu(title)
            for item in items:
                if item is SEP:
                    menu.addSeparator()
                elif isinstance(item, Item):
                    self._add(menu, item)
                else:
                    item(menu)
        self.fill_recent(window.recent_files())
        self.server_action.setEnabled(False)  # a server event enables it (connect.Connector)

    def _desk(self, act: Callable[[Desk], object]) -> Callable[[], None]:
        """A slot acting on the desk, when an event is open."""

        def slot() -> None:
            if self.window.desk is not None:
                act(self.window.desk)

        return slot

    def _entry(self, act: Callable[[TimeEntryPanel], object]) -> Callable[[], None]:
        """A slot acting on the time entry panel, when an event is open."""
        return self._desk(lambda desk: act(desk.entry))

    def _mark(self, status: str) -> Callable[[], None]:
        return self._entry(lambda entry: entry.set_status(status))

    def _tab(self, index: int) -> Callable[[], None]:
        return self._desk(lambda desk: desk.tabs.setCurrentIndex(index))

    def table(self) -> list[tuple[str, list[Item | Part | None]]]:
        w = self.window
        prefs = Preferences()
        tips = {
            "OK": self.tr("Back to a normal finish with a time"),
            "DNS": self.tr("Did not start the stage (reason, nominal time)"),
            "DNF": self.tr("Did not finish the stage (reason, nominal time)"),
            "RET": self.tr("Retired from the event on this stage (reason)"),
            "DSQ": self.tr("Disqualified on this stage (reason)"),
            "EXP": self.tr("Continues out of competition (Dakar Experience)"),
        }
        statuses = (
            ("OK", "F4"),
            ("DNS", "F5"),
            ("DNF", "F6"),
            ("RET", "F7"),
            ("DSQ", "F8"),
            ("EXP", "F9"),
        )
        tabs = (
            self.tr("Time e&ntry"),
            self.tr("&Classifications"),
            self.tr("&Set-up"),
            self.tr("&Penalties"),
            self.tr("P&ublication"),
            self.tr("&Journal"),
        )
        return [
            (
                self.tr("&File"),
                [
                    Item(self.tr("&New event…"), w.new_event, QKeySequence.StandardKey.New),
                    Item(self.tr("&Open…"), w.open_dialog, QKeySequence.StandardKey.Open),
                    Item(
                        self.tr("Connect to &server…"),
                        lambda: w.connector.open_dialog(),
                        "Ctrl+Shift+O",
                        self.tr(
                            "Open an event on a RallyDesk server: host, event, role and password "
                            "(kept by this computer's credential store)"
                        ),
                    ),
                    Item(self.tr("Open the &demo event"), w.open_demo),
                    self._recent,
                    SEP,
                    Item(self.tr("&Import CSV/XLSX…"), w.import_dialog, "Ctrl+I"),
                    Item(
                        self.tr("&Export classifications to Excel…"),
                        lambda: w.exports.export_dialog(),
                        "Ctrl+E",
                    ),
                    Item(
                        self.tr("Export classifications to &PDF…"),
                        lambda: w.exports.export_dialog("pdf"),
                        "Ctrl+Shift+E",
                        self.tr(
                            "The official sheets of the desk's stage as a PDF, ready for the notice board"
                        ),
                    ),
                    Item(
                        self.tr("Prin&t classifications…"),
                        lambda: w.exports.print_dialog(),
                        QKeySequence.StandardKey.Print,
                        self.tr("Print the official sheets of the desk's stage, with a preview"),
                    ),
                    Item(
                        self.tr("Restore from a &backup…"),
                        lambda: w.restorer.restore_dialog(),
                        tip=self.tr(
                            "Replace the open event with a verified backup; the current file is kept beside it"
                        ),
                    ),
                    SEP,
                    Item(
                        self.tr("Switch o&fficial…"),
                        w.login_dialog_open,
                        "Ctrl+L",
                        self.tr(
                            "Name the official at work (name and PIN): every change is signed with it"
                        ),
                        name="switch_official_action",
                    ),
                    Item(
                        self.tr("Lock after idle &minutes…"),
                        lambda: w.idle_lock.ask(),
                        tip=self.tr(
                            "Log the official out after so many minutes without a key or a click (0: never)"
                        ),
                    ),
                    Item(
                        self.tr("Name this des&k…"),
                        w.name_desk,
                        tip=self.tr(
                            "The name of this computer in the journal (default: its host name)"
                        ),
                    ),
                    SEP,
                    Item(self.tr("&Close event"), w.close_event, QKeySequence.StandardKey.Close),
                    Item(self.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit),
                ],
            ),
            (
                self.tr("&Edit"),
                [
                    self._undo_redo,
                    SEP,
                    Item(
                        self.tr("&Find a crew…"),
                        self._desk(lambda desk: desk.open_search()),
                        QKeySequence.StandardKey.Find,
                        self.tr("By race number or name, in every classification and list"),
                    ),
                ],
            ),
            (
                self.tr("&Timing"),
                [
                    *(
                        Item(
                            arg(self.tr("Mark %1"), status),
                            self._mark(status),
                            key,
                            tips[status],
                            panel=True,
                        )
                        for status, key in statuses
                    ),
                    SEP,
                    Item(
                        self.tr("Record the keyed result"),
                        self._entry(lambda e: e.commit()),
                        "Return",
                        panel=True,
                    ),
                    Item(
                        self.tr("Clear the fields"),
                        self._entry(lambda e: e.clear()),
                        "Esc",
                        panel=True,
                    ),
                    Item(
                        self.tr("Previous stage"),
                        self._entry(lambda e: e.step_stage(-1)),
                        "Ctrl+PgUp",
                        panel=True,
                    ),
                    Item(
                        self.tr("Next stage"),
                        self._entry(lambda e: e.step_stage(1)),
                        "Ctrl+PgDown",
                        panel=True,
                    ),
                    SEP,
                    Item(
                        self.tr("&Start list…"),
                        w.start_list_dialog,
                        "Ctrl+Shift+L",
                        self.tr("Generate, see and print the start list of the desk's stage"),
                    ),
                    Item(
                        self.tr("&Verify stage (second keying)…"),
                        w.verify_dialog,
                        "Ctrl+Shift+V",
                        self.tr(
                            "Another official keys the stage again, blind; the mismatches are listed to settle"
                        ),
                    ),
                    SEP,
                    Item(
                        self.tr("&Passages…"),
                        lambda: raid_dialog(w, "passages"),
                        "Ctrl+Shift+A",
                        self.tr(
                            "Who passed which waypoint of the desk's stage; the missing passages marked"
                        ),
                    ),
                    Item(
                        self.tr("Cl&ose passages…"),
                        lambda: raid_dialog(w, "close"),
                        "Ctrl+Shift+G",
                        self.tr(
                            "The missed-waypoint penalties of the desk's stage, shown before they are added"
                        ),
                    ),
                    Item(
                        self.tr("&Interrupt stage…"),
                        lambda: raid_dialog(w, "interrupt"),
                        "Ctrl+Shift+I",
                        self.tr(
                            "A stewards' decision: classified at a waypoint, stopped at a time, or a "
                            "segment neutralised; the classification before and after, then confirmed"
                        ),
                    ),
                    SEP,
                    Item(
                        self.tr("&Conflicts of offline keying…"),
                        w.conflicts_dialog,
                        None,
                        self.tr(
                            "Changes keyed while the server was unreachable that another desk had changed "
                            "meanwhile: keep one value, with a reason"
                        ),
                    ),
                ],
            ),
            (
                self.tr("&View"),
                [
                    *(
                        Item(
                            name,
                            self._tab(i),
                            f"Ctrl+{i + 1}",
                        )
                        for i, name in enumerate(tabs)
                    ),
                    SEP,
                    Item(
                        self.tr("Add a classification &view"),
                        w.add_view,
                        "Ctrl+Shift+N",
                        self.tr(
                            "Another classification beside the ones shown, with its own stage, scope and group"
                        ),
                    ),
                    Item(
                        self.tr("Scroll to the crew just &keyed"),
                        w.toggle_follow,
                        None,
                        self.tr("The views beside the time entry show where the keyed crew landed"),
                        checked=prefs.follow_keyed,
                        name="follow_action",
                    ),
                    Item(
                        self.tr("Results &board…"),
                        lambda on: w.results_board.toggle(on),
                        None,
                        self.tr(
                            "Serve the open event's live and published classifications as web "
                            "pages for the phones and the TV of the bivouac (read-only)"
                        ),
                        checked=False,
                        name="board_action",
                    ),
                    Item(
                        self.tr("Zoom the tables &in"),
                        lambda: w.zoom_tables(1),
                        QKeySequence.StandardKey.ZoomIn,
                    ),
                    Item(
                        self.tr("Zoom the tables &out"),
                        lambda: w.zoom_tables(-1),
                        QKeySequence.StandardKey.ZoomOut,
                    ),
                    Item(self.tr("&Reset the zoom"), lambda: w.zoom_tables(None), "Ctrl+0"),
                    Item(
                        self.tr("&Dark theme (night work)"),
                        w.toggle_dark,
                        "Ctrl+Shift+D",
                        checked=prefs.dark,
                        name="dark_action",
                    ),
                    self._languages,
                ],
            ),
            (
                self.tr("&Help"),
                [
                    Item(
                        self.tr("&Server…"),
                        lambda: w.connector.show_server(),
                        tip=self.tr(
                            "The server of this event: its address, encryption, and every desk "
                            "with its last heartbeat and changes waiting (server events only)"
                        ),
                        name="server_action",
                    ),
                    Item(self.tr("&About RallyDesk"), w.show_about),
                ],
            ),
        ]

    def _add(self, menu: QMenu, item: Item) -> QAction:
        action = QAction(item.text, self.window)
        if item.key is not None:
            action.setShortcut(QKeySequence(item.key))
        if item.panel:  # the panel's own shortcuts act (while the focus is in it)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        if item.tip:
            action.setStatusTip(item.tip)
            action.setToolTip(item.tip)
        slot = item.slot
        if item.checked is not None:
            action.setCheckable(True)
            action.setChecked(item.checked)
            action.triggered.connect(slot)  # with the new state
        else:  # the "checked" Qt passes is never a slot's argument (a `show=False` once hid dialogs)
            action.triggered.connect(lambda _checked=False, f=slot: f())
        menu.addAction(action)
        if item.name:
            setattr(self, item.name, action)
        return action

    def _recent(self, menu: QMenu) -> None:
        self.recent_menu = menu.addMenu(self.tr("Open &recent"))

    def fill_recent(self, paths: list[str]) -> None:
        self.recent_menu.clear()
        for p in paths:
            action = QAction(p, self.window)
            action.triggered.connect(lambda _=False, p=p: self.window.open_path(p))
            self.recent_menu.addAction(action)

    def _undo_redo(self, menu: QMenu) -> None:
        stack = self.window.undo_stack
        undo = stack.createUndoAction(self.window, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self.window, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        menu.addAction(undo)
        menu.addAction(redo)

    def _languages(self, menu: QMenu) -> None:
        self.language_menu = menu.addMenu(self.tr("&Language"))
        self.language_actions = QActionGroup(self.window)
        for code, name in i18n.CHOICES:
            action = self.language_menu.addAction(name or self.tr("System (follows the computer)"))
            action.setCheckable(True)
            action.setData(code)
            action.setChecked(code == i18n.setting())
            action.triggered.connect(lambda _=False, c=code: self.window.set_language(c))
            self.language_actions.addAction(action)
