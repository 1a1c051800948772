"""Issue 22 at the real window, by keystrokes: the menus' dialogs open, Ctrl+L has one owner,
the clerk's late time asks its reason, fast typing loses nothing, Ctrl+F finds the exact number,
Ctrl+Z says what it undid, Alt+T opens the Timing menu, a screenshot run writes no setting."""

from __future__ import annotations

import inspect

import pytest
from menu_walk import window_actions
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMenu

from rallydesk.domain.model import CrewMember, Entry
from rallydesk.gui.main_window import MainWindow
from rallydesk.services import Event

PINS = {"Tim KEEPER": "1111", "Ana CLERK": "3333"}


def open_window(qtbot, path) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(path)
    w.show()
    if w.login_dialog is None:
        focus_number(qtbot, w)
    return w


def focus_number(qtbot, w: MainWindow) -> None:
    """The window in front (a dialog just closed), the race number field focused."""
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.desk.entry.number.setFocus()


def shut(w: MainWindow) -> None:
    w.close_event()
    w.close()
    w.deleteLater()


def press(qtbot, window, key: str) -> None:
    """A shortcut as the official presses it: on the widget with the focus."""
    combo = QKeySequence(key)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def type_fast(qtbot, window, keys: str) -> None:
    """Keystrokes typed faster than the desk answers: all queued on the window before the first
    is handled, each delivered to whatever has the focus when its turn comes (as a keyboard's)."""
    handle = window.windowHandle()
    for ch in keys:
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper()))
        text = "\r" if ch == "\r" else ch
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.postEvent(
                handle, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )
    for _ in range(20):
        QApplication.processEvents()
    qtbot.wait(50)


@pytest.fixture
def no_dialog_hangs():
    """A modal dialog the test did not expect is closed after a while (today's main opened one
    for every warning): the test then fails on what was lost instead of hanging."""
    timer = QTimer()
    timer.setInterval(1500)

    seen: list[object] = [None]

    def close_modal() -> None:  # one still there a whole tick later
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is seen[0]:
            modal.close()
        seen[0] = modal

    timer.timeout.connect(close_modal)
    timer.start()
    yield
    timer.stop()


# ------------------------------------------------------------------ 1. the dialogs of the menus


def test_timing_dialogs_open_from_their_menu_action_and_their_keys(qtbot, window):
    actions = dict(window_actions(window))
    for name, key, kind in (
        ("Timing > Start list", "Ctrl+Shift+L", "StartListDialog"),
        ("Timing > Verify stage (second keying)", "Ctrl+Shift+V", "VerifyDialog"),
        ("Timing > Conflicts of offline keying", None, "ConflictsDialog"),
    ):
        for how in ("trigger", "key"):
            if how == "key" and key is None:
                continue
            window.desk.entry.number.setFocus()
            if how == "trigger":
                actions[name].trigger()
            else:
                assert actions[name].shortcut().toString() == key
                press(qtbot, window, key)
            shown = [
                w
                for w in QApplication.topLevelWidgets()
                if type(w).__name__ == kind and w.isVisible()
            ]
            assert len(shown) == 1, (name, how)
            shown[0].close()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_no_menu_slot_takes_what_triggered_passes(window):
    """QAction.triggered(bool) fills a slot's first positional parameter: a `show=True` given
    False hid three dialogs. No slot of the menus has a positional parameter but a checkable
    action's (which is given its new state); the dialogs' `show` is keyword-only."""
    for _title, items in window.menus.table():
        for item in items:
            if item is None or not hasattr(item, "slot") or item.checked is not None:
                continue
            try:
                params = inspect.signature(item.slot).parameters.values()
            except ValueError:  # a Qt method (close): takes nothing from Python
                continue
            positional = [
                p.name
                for p in params
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
            ]
            assert positional == [], (item.text, positional)
    for name in ("start_list_dialog", "verify_dialog", "conflicts_dialog"):
        show = inspect.signature(getattr(window, name)).parameters["show"]
        assert show.kind is show.KEYWORD_ONLY


# ------------------------------------------------------------------ 2. Ctrl+L


@pytest.fixture
def officials_event(small_event):
    with Event.open(small_event) as ev:
        ev.add_official("Tim KEEPER", "timekeeper", PINS["Tim KEEPER"])
        ev.add_official("Ana CLERK", "clerk", PINS["Ana CLERK"])
    return small_event


def log_in(qtbot, window, name: str) -> None:
    dialog = window.login_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.names, Qt.Key.Key_Home)
    while dialog.names.currentData() != name:
        qtbot.keyClick(dialog.names, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.pin, PINS[name])
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.message.text()


def test_ctrl_l_switches_the_official_and_the_idle_lock_names_that_key(qtbot, officials_event):
    w = open_window(qtbot, officials_event)
    try:
        log_in(qtbot, w, "Tim KEEPER")  # asked at open
        focus_number(qtbot, w)
        press(qtbot, w, "Ctrl+L")
        assert w.login_dialog is not None and w.login_dialog.isVisible()
        log_in(qtbot, w, "Ana CLERK")
        assert w.rally_event.official.name == "Ana CLERK"
        focus_number(qtbot, w)
        press(qtbot, w, "Ctrl+Shift+L")  # the start list has its own key
        lists = [x for x in QApplication.topLevelWidgets() if type(x).__name__ == "StartListDialog"]
        assert [x.isVisible() for x in lists] == [True]
        lists[0].close()
        # the lock's message names the key that reopens the dialog, whatever it is
        action = w.menus.switch_official_action
        action.setShortcut(QKeySequence("Ctrl+K"))
        w.idle_lock.minutes = 1
        w.idle_lock.clock = lambda: w.idle_lock.last + 120
        assert w.idle_lock.check()
        assert "(Ctrl+K)" in w.statusBar().currentMessage()
        w.idle_lock.minutes = 0
    finally:
        shut(w)


# ------------------------------------------------------------------ 3. the clerk's late time


@pytest.fixture
def official_stage_2(officials_event):
    """Stage 2 of the cars published official (203 and 502 have no time yet)."""
    with Event.open(officials_event) as ev:
        ev.login("Ana CLERK", PINS["Ana CLERK"])
        ev.publish(2, "CAR", as_="provisional")
        ev.publish(2, "CAR", as_="official", confirm_early=True)
    return officials_event


def answer_dialog(qtbot, text: str | None, asked: list[str]) -> None:
    """When the reason dialog comes, type the answer and Enter (None: Esc)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(50, answer)
            return
        asked.append(dialog.labelText())
        field = dialog.findChild(QLineEdit)
        if text is None:
            qtbot.keyClick(field, Qt.Key.Key_Escape)
        else:
            qtbot.keyClicks(field, text)
            qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(50, answer)


def key(qtbot, entry, number: str, time: str) -> None:
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)


def test_the_clerk_keys_a_late_time_into_an_official_unit_giving_the_reason(
    qtbot, official_stage_2, no_dialog_hangs
):
    w = open_window(qtbot, official_stage_2)
    try:
        log_in(qtbot, w, "Ana CLERK")
        focus_number(qtbot, w)
        entry = w.desk.entry
        entry.set_stage(2)
        asked: list[str] = []
        answer_dialog(qtbot, None, asked)  # first the clerk cancels: nothing written
        key(qtbot, entry, "203", "2:01:00")
        assert len(asked) == 1 and "stage 2 CAR v2" in asked[0] and "reason" in asked[0]
        assert w.rally_event.existing_time(2, 203) is None
        assert "NOT recorded" in entry.message.text()
        qtbot.waitUntil(  # the window active again: the next keystrokes replace the time
            lambda: (
                QApplication.focusWidget() is entry.time and entry.time.selectedText() == "2:01:00"
            ),
            timeout=3000,
        )
        answer_dialog(qtbot, "time card found at the finish", asked)
        qtbot.keyClick(entry.time, Qt.Key.Key_Return)
        assert len(asked) == 2
        t = w.rally_event.existing_time(2, 203)
        assert t is not None and t.elapsed_ms == 2 * 3600_000 + 60_000
        last = w.rally_event.journal()[-1]
        assert last["reason"] == "time card found at the finish"
        assert "✔" in entry.message.text() and "#203" in entry.message.text()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.number, timeout=2000)
    finally:
        shut(w)


def test_a_timekeeper_is_told_the_unit_is_official_and_asked_nothing(qtbot, official_stage_2):
    w = open_window(qtbot, official_stage_2)
    try:
        log_in(qtbot, w, "Tim KEEPER")
        focus_number(qtbot, w)
        entry = w.desk.entry
        entry.set_stage(2)
        entry.ask_replace_reason = lambda q: pytest.fail(f"asked {q!r}")
        key(qtbot, entry, "203", "2:01:00")
        assert w.rally_event.existing_time(2, 203) is None
        assert "clerk of the course" in entry.message.text()
        assert entry.time.selectedText() == "2:01:00"
    finally:
        shut(w)


# ------------------------------------------------------------------ 6. fast typing loses nothing


def test_a_warning_is_asked_in_place_and_fast_typing_goes_on(qtbot, window, no_dialog_hangs):
    """#203 in 1:00:00 beats stage 2's best by far: asked under the fields; Enter again records
    it; the next crew, typed at once behind it, is recorded too, nothing appended."""
    entry = window.desk.entry
    entry.set_stage(2)
    entry.number.setFocus()
    type_fast(qtbot, window, "203\r1:00:00\r")
    assert window.rally_event.existing_time(2, 203) is None
    assert "best time" in entry.message.text() and "Enter again" in entry.message.text()
    assert QApplication.focusWidget() is entry.time and entry.time.selectedText() == "1:00:00"
    assert QApplication.activeModalWidget() is None  # no dialog took the keys
    type_fast(qtbot, window, "\r502\r2:21:00\r")
    assert window.rally_event.existing_time(2, 203).elapsed_ms == 3600_000
    assert window.rally_event.existing_time(2, 502).elapsed_ms == 2 * 3600_000 + 21 * 60_000
    assert entry.number.text() == "" and QApplication.focusWidget() is entry.number


def test_a_warning_corrected_by_typing_over_it(qtbot, window, no_dialog_hangs):
    entry = window.desk.entry
    entry.set_stage(2)
    entry.number.setFocus()
    type_fast(qtbot, window, "203\r1:00:00\r2:01:00\r")  # the official retypes the time
    assert window.rally_event.existing_time(2, 203).elapsed_ms == 2 * 3600_000 + 60_000


def test_a_refusal_beeps_and_the_next_keys_replace_the_refused_text(
    qtbot, window, monkeypatch, no_dialog_hangs
):
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    entry = window.desk.entry
    entry.set_stage(2)
    entry.number.setFocus()
    type_fast(qtbot, window, "502\r3100\r")  # not a duration
    assert beeps and window.rally_event.existing_time(2, 502) is None
    assert entry.time.selectedText() == "3100"
    type_fast(qtbot, window, "2:21:00\r203\r2:01:00\r")
    assert window.rally_event.existing_time(2, 502).elapsed_ms == 2 * 3600_000 + 21 * 60_000
    assert window.rally_event.existing_time(2, 203).elapsed_ms == 2 * 3600_000 + 60_000


# ------------------------------------------------------------------ 9. Ctrl+F: the exact number


def test_ctrl_f_1_enter_lands_on_1_not_10(qtbot, small_event):
    with Event.open(small_event) as ev:
        for n in (10, 1, 11):
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}", "FRA"),)))
            ev.record_time(2, n, elapsed=f"2:10:{n:02d}")
    w = open_window(qtbot, small_event)
    try:
        press(qtbot, w, "Ctrl+F")
        search = w.desk.search
        assert QApplication.focusWidget() is search
        qtbot.keyClicks(search, "1")
        qtbot.keyClick(search, Qt.Key.Key_Return)
        assert w.desk.found_number() == 1
        view = w.desk.views[0]
        assert view.selected_number() == 1
        qtbot.keyClick(search, Qt.Key.Key_Return)  # then Enter goes to the next
        assert w.desk.found_number() in (10, 11) and view.selected_number() in (10, 11)
    finally:
        shut(w)


# ------------------------------------------------------------------ 11. Ctrl+Z says so


def test_after_ctrl_z_the_message_says_undone_not_recorded(qtbot, window):
    entry = window.desk.entry
    entry.set_stage(2)
    key(qtbot, entry, "203", "2:01:00")
    assert "✔ recorded #203" in entry.message.text()
    qtbot.keyClick(entry.number, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.rally_event.existing_time(2, 203) is None
    text = entry.message.text()
    assert "recorded" not in text and "undone #203" in text and "no result" in text
    qtbot.keyClick(entry.number, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.rally_event.existing_time(2, 203) is not None
    assert "redone #203" in entry.message.text()


def test_undo_of_a_replacement_names_the_time_put_back(qtbot, window):
    entry = window.desk.entry
    entry.set_stage(2)
    entry.ask_replace_reason = lambda q: "re-read"
    key(qtbot, entry, "201", "2:00:10")
    qtbot.keyClick(entry.number, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.rally_event.existing_time(2, 201).elapsed_ms == 2 * 3600_000
    assert "undone #201" in entry.message.text() and "2h 00' 00''" in entry.message.text()


# ------------------------------------------------------------------ 13. Alt+T


def test_alt_t_opens_the_timing_menu_and_the_tab_has_its_own_letter(qtbot, window):
    tabs = window.desk.tabs
    tabs.setCurrentIndex(1)
    tabs.setFocus()
    qtbot.keyClick(tabs, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QMenu) and popup.title() == "&Timing"
    assert tabs.currentIndex() == 1
    popup.close()
    qtbot.keyClick(tabs, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Time e&ntry
    assert tabs.currentIndex() == 0
    assert "(Alt+N)" in tabs.tabToolTip(0)


# ------------------------------------------------------------------ 19. a screenshot run


def test_a_screenshot_run_writes_no_user_setting(small_event, tmp_path):
    from rallydesk.gui import app
    from rallydesk.gui.preferences import Preferences, settings
    from rallydesk.paths import settings_dir

    other = tmp_path / "other.rallydesk"
    Event.create(other, "Other").close()
    prefs = Preferences()
    prefs.recent = [str(other)]
    prefs.last = str(other)
    prefs.qsettings.sync()
    ini = settings_dir() / "rallydesk.ini"
    before = ini.read_bytes()
    for path in (str(small_event), None):  # `open EV --screenshot`, `--screenshot` (the last)
        assert app.run(path, screenshot=str(tmp_path / "shot.png")) == 0
        assert ini.read_bytes() == before
    assert Preferences(settings()).recent == [str(other)]
    assert not list(settings_dir().glob("*.lock"))


def test_a_screenshot_run_on_a_fresh_computer_leaves_no_settings_file(small_event, tmp_path):
    from rallydesk.gui import app
    from rallydesk.paths import settings_dir

    assert app.run(str(small_event), screenshot=str(tmp_path / "shot.png")) == 0
    assert list(settings_dir().iterdir()) == []
