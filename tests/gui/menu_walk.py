"""Walk every action of the real window the way an official reaches it: each menu's, toolbar's
and context menu's QAction by its own trigger(), and by its shortcut pressed in the window; each
must show something (a dialog, shown and then closed here; a changed view; a message).

:func:`walk` returns what did nothing, so a test can also prove it sees a broken action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu, QToolBar, QWidget

from rallydesk.gui.main_window import MainWindow
from rallydesk.gui.preferences import Preferences


def plain(text: str) -> str:
    """An action's text as a key of the tables below: no mnemonic, no ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def menu_actions(menu: QMenu, path: str = "") -> Iterator[tuple[str, QAction]]:
    for action in menu.actions():
        if action.isSeparator():
            continue
        name = f"{path} > {plain(action.text())}" if path else plain(action.text())
        sub = action.menu()
        if sub is not None:
            yield from menu_actions(sub, name)
        else:
            yield name, action


def window_actions(window: MainWindow) -> list[tuple[str, QAction]]:
    """Every action of the menu bar (submenus too) and of every toolbar."""
    found: list[tuple[str, QAction]] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is not None:
            found += menu_actions(menu, plain(top.text()))
    for bar in window.findChildren(QToolBar):
        found += [(f"toolbar {bar.windowTitle()} > {plain(a.text())}", a) for a in bar.actions()]
    return found


def state(window: MainWindow) -> dict[str, object]:
    """What an official sees change after an action (dialogs aside: watched separately)."""
    prefs = Preferences()
    seen: dict[str, object] = {
        "status bar": window.statusBar().currentMessage(),
        "title": window.windowTitle(),
        "window shown": window.isVisible(),
        "desk": id(window.desk) if window.desk is not None else None,
        "dark": prefs.dark,
        "zoom": prefs.table_zoom,
        "follow": prefs.follow_keyed,
        "language": prefs.language,
        "undo index": window.undo_stack.index(),
    }
    desk = window.desk
    if desk is not None:
        entry = desk.entry
        focus = QApplication.focusWidget()
        seen |= {
            "tab": desk.tabs.currentIndex(),
            "search": desk.search.isVisible(),
            "stage": entry.current_stage(),
            "entry status": entry.status,
            "fields": tuple(f.text() for f in entry.fields()),
            "entry message": entry.message.text(),
            "focus": (type(focus).__name__, focus.objectName()) if focus else None,
            "views": len(desk.views) + len(desk.board_views),
            "hidden columns": tuple(
                tuple(sorted(v.hidden_columns)) for v in desk.views + desk.board_views
            ),
        }
    return seen


class DialogWatch:
    """Records and closes every window that appears (modal ones from inside their exec loop)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.before = set(QApplication.topLevelWidgets())
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self.sweep)

    def sweep(self) -> None:
        for w in QApplication.topLevelWidgets():
            if w in self.before or w is self.window or not w.isVisible():
                continue
            if isinstance(w, QMenu):  # a popup: the context menu walk handles its own
                continue
            self.seen.append(f"{type(w).__name__} {w.windowTitle()!r}")
            w.close()
            self.before.add(w)

    def forget(self) -> None:
        """Windows that are gone (deleted) no longer count as already there."""
        self.before = {w for w in self.before if _alive(w)}


def _alive(w: QWidget) -> bool:
    try:
        w.objectName()
    except RuntimeError:
        return False
    return True


def reset(window: MainWindow) -> None:
    """The desk as an official leaves it between two actions: the time entry, empty, focused."""
    QApplication.processEvents()
    window.statusBar().clearMessage()
    desk = window.desk
    if desk is None:
        return
    desk.close_search()
    desk.tabs.setCurrentIndex(0)
    desk.entry.clear()
    desk.entry.message.setText("")
    desk.entry.number.setFocus()
    window.activateWindow()
    QApplication.processEvents()


def _missing_number(window: MainWindow) -> str:
    assert window.desk is not None
    ev = window.rally_event
    assert ev is not None
    stage = window.desk.entry.current_stage()
    assert stage is not None
    return str(ev.still_without_time(stage)[0].number)


def _key_a_result(window: MainWindow) -> None:
    assert window.desk is not None
    entry = window.desk.entry
    QTest.keyClicks(entry.number, _missing_number(window))
    QTest.keyClick(entry.number, Qt.Key.Key_Return)
    QTest.keyClicks(entry.time, "9:00:00")
    QTest.keyClick(entry.time, Qt.Key.Key_Return)
    if window.desk.entry.time.text():  # asked in place (an unlikely time): Enter records it
        QTest.keyClick(entry.time, Qt.Key.Key_Return)
    reset(window)


def _something_to_redo(window: MainWindow) -> None:
    if not window.undo_stack.canRedo():
        _key_a_result(window)
        window.undo_stack.undo()
    reset(window)


def _other_tab(window: MainWindow) -> None:
    assert window.desk is not None
    window.desk.tabs.setCurrentIndex(3)


def _middle_stage(window: MainWindow) -> None:
    assert window.desk is not None
    window.desk.entry.stage_box.setCurrentIndex(1)
    window.desk.entry.number.setFocus()


def _number_typed(window: MainWindow) -> None:
    assert window.desk is not None
    QTest.keyClicks(window.desk.entry.number, _missing_number(window))


def _status(status: str) -> Callable[[MainWindow], None]:
    def prepare(window: MainWindow) -> None:
        assert window.desk is not None
        QTest.keyClicks(window.desk.entry.number, _missing_number(window))
        window.desk.entry.set_status(status)
        window.desk.entry.number.setFocus()

    return prepare


def _zoomed(window: MainWindow) -> None:
    window.zoom_tables(2)


#: what must be so before an action can show its effect (by the action's English text)
PREPARE: dict[str, Callable[[MainWindow], None]] = {
    "Edit > Undo": _key_a_result,
    "Edit > Redo": _something_to_redo,
    "Timing > Mark OK": _status("DNF"),
    "Timing > Record the keyed result": _number_typed,
    "Timing > Clear the fields": _number_typed,
    "Timing > Previous stage": _middle_stage,
    "Timing > Next stage": _middle_stage,
    "View > Time entry": _other_tab,
    "View > Reset the zoom": _zoomed,
}
#: the actions walked last, in this order: they close what the others act on
LAST = ("File > Close event", "File > Quit")


def _act(window: MainWindow, name: str, fire: Callable[[], None], watch: DialogWatch) -> str | None:
    """Prepare, fire, and say what did not happen (None: something visible did)."""
    reset(window)
    PREPARE.get(name, lambda _w: None)(window)
    QApplication.processEvents()
    watch.forget()
    watch.seen.clear()
    watch.sweep()  # what the preparation left open is not this action's
    watch.seen.clear()
    before = state(window)
    fire()
    for _ in range(5):
        QApplication.processEvents()
    watch.sweep()
    after = state(window)
    if watch.seen or after != before:
        return None
    return name


def _press(window: MainWindow, sequence: QKeySequence) -> Callable[[], None]:
    def press() -> None:
        combo = sequence[0]
        target = QApplication.focusWidget() or window
        QTest.keyClick(target, combo.key(), combo.keyboardModifiers())

    return press


@contextmanager
def watching(window: MainWindow) -> Iterator[DialogWatch]:
    watch = DialogWatch(window)
    watch.timer.start()
    try:
        yield watch
    finally:
        watch.timer.stop()
        watch.sweep()


def walk(window: MainWindow, reopen: Callable[[], None]) -> tuple[list[str], list[str]]:
    """Trigger every action, and press every shortcut; returns (what was walked, what did nothing)."""
    dead: list[str] = []
    walked: list[str] = []
    with watching(window) as watch:
        actions = window_actions(window)
        order = [a for a in actions if a[0] not in LAST] + sorted(
            (a for a in actions if a[0] in LAST), key=lambda a: LAST.index(a[0])
        )
        for name, action in order:
            if not action.isEnabled():  # not for this event (Help > Server on a file): unreachable
                walked.append(f"{name} disabled")
                continue
            ways = [("trigger()", action.trigger)]
            if not action.shortcut().isEmpty():
                ways.append(
                    ("key " + action.shortcut().toString(), _press(window, action.shortcut()))
                )
            for how, fire in ways:
                if window.desk is None or not window.isVisible():  # after Close event, Quit
                    window.show()
                    reopen()
                walked.append(f"{name} by {how}")
                if _act(window, name, fire, watch) is not None:
                    dead.append(f"{name} by {how}")
        if window.desk is None or not window.isVisible():
            window.show()
            reopen()
        walked_menus, dead_menus = walk_context_menus(window, watch)
        walked_card, dead_card = walk_crew_card(window, watch)
    return walked + walked_menus + walked_card, dead + dead_menus + dead_card


def walk_context_menus(window: MainWindow, watch: DialogWatch) -> tuple[list[str], list[str]]:
    """Every widget of the desk with a context menu: asked for it as a right click does, each of
    its actions triggered (a column shown or hidden, say)."""
    walked: list[str] = []
    dead: list[str] = []
    reset(window)
    assert window.desk is not None
    window.desk.tabs.setCurrentIndex(1)  # the views of the Classifications tab are shown too
    for view in window.desk.board_views:  # and their lists of the crews not classified
        if view.nc_table.rowCount() and not view.nc_button.isChecked():
            view.nc_button.click()
    QApplication.processEvents()
    owners = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible()
        and w.contextMenuPolicy()
        in (Qt.ContextMenuPolicy.CustomContextMenu, Qt.ContextMenuPolicy.ActionsContextMenu)
    ]
    for i, owner in enumerate(owners):
        window.desk.tabs.setCurrentIndex(1)  # an action may have gone to another tab
        QApplication.processEvents()
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, QPoint(5, 5), owner.mapToGlobal(QPoint(5, 5))
        )
        # a right click on a scroll area (a table's header) reaches it through its viewport
        target = owner.viewport() if isinstance(owner, QAbstractScrollArea) else owner
        QApplication.sendEvent(target, event)
        QApplication.processEvents()
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            dead.append(f"context menu of {type(owner).__name__} #{i}: none shown")
            continue
        actions = list(menu_actions(popup, f"context menu of {type(owner).__name__} #{i}"))
        for name, action in actions:
            walked.append(name)
            if _act_on_popup(window, action, watch):
                continue
            dead.append(name)
        popup.close()
        QApplication.processEvents()
    return walked, dead


def walk_crew_card(window: MainWindow, watch: DialogWatch) -> tuple[list[str], list[str]]:
    """The crew card (Enter on a crew): every action of its stages' context menu, each on a card
    of its own (an action closes the card: the desk's entry has the keys)."""
    walked: list[str] = []
    dead: list[str] = []
    at = 0
    while True:
        reset(window)
        assert window.desk is not None
        view = window.desk.views[0]
        if not view.model.rowCount():
            return walked, [*dead, "crew card: no crew to open"]
        card = window.desk.show_crew(view.model.number_at(0))
        watch.before.add(card)
        QApplication.processEvents()
        viewport = card.stages.viewport()
        QApplication.sendEvent(
            viewport,
            QContextMenuEvent(
                QContextMenuEvent.Reason.Mouse, QPoint(5, 5), viewport.mapToGlobal(QPoint(5, 5))
            ),
        )
        QApplication.processEvents()
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            card.close()
            return walked, [*dead, "context menu of the crew card: none shown"]
        actions = list(menu_actions(popup, "context menu of the crew card"))
        if at >= len(actions):
            popup.close()
            card.close()
            QApplication.processEvents()
            return walked, dead
        name, action = actions[at]
        walked.append(name)
        if not _act_on_popup(window, action, watch):
            dead.append(name)
        for w in (popup, card):
            if _alive(w) and w.isVisible():
                w.close()
        QApplication.processEvents()
        at += 1


def _act_on_popup(window: MainWindow, action: QAction, watch: DialogWatch) -> bool:
    before = state(window)
    watch.seen.clear()
    checkable = action.isCheckable()  # read first: an action that closes its window deletes itself
    action.trigger()
    for _ in range(3):
        QApplication.processEvents()
    watch.sweep()
    changed = bool(watch.seen) or state(window) != before
    if changed and checkable:
        action.trigger()  # put back as it was (a column hidden: shown again)
        QApplication.processEvents()
    return changed
