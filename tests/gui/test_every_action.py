"""Every action of the real window, reached as an official reaches it (issue 22): by its own
trigger() and by its shortcut pressed in the window, on the demo event; no two actions share a
shortcut and no two items of one menu level (or the menu bar and the tabs) share a mnemonic."""

from __future__ import annotations

import pytest
from menu_walk import walk, window_actions

from rallydesk.gui.main_window import MainWindow


@pytest.fixture
def demo_window(qtbot, tmp_path):
    from rallydesk.demo import write_demo

    path = write_demo(tmp_path / "demo.rallydesk")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(path)
    w.show()
    w.activateWindow()
    yield w, path
    w.close_event()
    w.close()
    w.deleteLater()


def test_every_action_of_every_menu_does_something_visible(demo_window):
    window, path = demo_window
    names = [name for name, _ in window_actions(window)]
    walked, dead = walk(window, lambda: window.open_path(path))
    assert dead == []
    for must in (
        "Timing > Start list",
        "Timing > Verify stage (second keying)",
        "Timing > Conflicts of offline keying",
        "File > Switch official",
    ):
        assert any(w.startswith(must + " by trigger()") for w in walked)
        assert must in names
    assert any(w.startswith("Timing > Start list by key") for w in walked)
    assert "File > Connect to server by key Ctrl+Shift+O" in walked
    assert "Help > Server disabled" in walked  # a file event has no server (test_connect.py)
    assert any(w.startswith("context menu of") for w in walked)  # the views' column menus
    # the crew card's and the not-classified lists' actions (issue 22), the status submenu too
    for what in ("Edit time", "Add penalty", "Change status > DNF: did not finish"):
        assert "context menu of the crew card > " + what in walked
        assert any(
            w.startswith("context menu of QTableWidget") and w.endswith("> " + what) for w in walked
        ), what
    assert len(walked) > 2 * len(names) - 10


def test_the_walk_sees_an_action_broken_on_purpose(demo_window):
    """The walk is no formality: an action whose slot is cut off is reported, both ways."""
    window, path = demo_window
    action = dict(window_actions(window))["Timing > Start list"]
    action.triggered.disconnect()
    _, dead = walk(window, lambda: window.open_path(path))
    assert dead == ["Timing > Start list by trigger()", "Timing > Start list by key Ctrl+Shift+L"]


def mnemonic(text: str) -> str:
    """The letter after the single ``&`` of a menu, item or tab text, "" if none."""
    rest = text.replace("&&", "")
    at = rest.find("&")
    return rest[at + 1].lower() if 0 <= at < len(rest) - 1 else ""


def _clashes(window: MainWindow) -> list[str]:
    """Two actions with one shortcut (Qt then runs neither), two items of one menu level with one
    mnemonic (Alt+letter opens the first), the menu bar's against the tabs' (both Alt+letter)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence, QShortcut
    from PySide6.QtWidgets import QMenu

    found: list[str] = []

    def unique(level: str, texts: list[str]) -> None:
        letters: dict[str, str] = {}
        for text in texts:
            letter = mnemonic(text)
            if letter and letter in letters:
                found.append(f"{level}: {letters[letter]!r} and {text!r} both Alt+{letter.upper()}")
            letters.setdefault(letter, text)

    def menus(menu: QMenu, level: str) -> None:
        items = [a for a in menu.actions() if not a.isSeparator()]
        unique(level, [a.text() for a in items])
        for a in items:
            if a.menu() is not None:
                menus(a.menu(), f"{level} > {a.text()}")

    bar = [a for a in window.menuBar().actions()]
    tabs = window.desk.tabs
    unique(
        "menu bar and tabs",
        [a.text() for a in bar] + [tabs.tabText(i) for i in range(tabs.count())],
    )
    for a in bar:
        menus(a.menu(), a.text())
    # shortcuts: the window's actions and the panels' own keys (WidgetShortcut actions of the
    # menu only show a panel's key, which the panel's QShortcut acts on)
    keys: dict[str, str] = {}

    def claim(key: QKeySequence, who: str) -> None:
        text = key.toString()
        if not text:
            return
        if text in keys:
            found.append(f"{keys[text]} and {who} both {text}")
        keys.setdefault(text, who)

    for a in window.findChildren(QAction):
        if a.shortcutContext() != Qt.ShortcutContext.WidgetShortcut and a.associatedObjects():
            for k in a.shortcuts():
                claim(k, repr(a.text()))
    for s in window.findChildren(QShortcut):
        if s.context() != Qt.ShortcutContext.WidgetShortcut:
            claim(s.key(), f"{type(s.parent()).__name__}'s own key")
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_two_actions_share_a_shortcut_nor_one_menu_level_a_mnemonic(
    qtbot, qapp, small_event, monkeypatch, language
):
    from rallydesk.gui import i18n

    monkeypatch.setenv("RALLYDESK_LANG", language)
    assert i18n.install(qapp) == language
    try:
        w = MainWindow()
        qtbot.addWidget(w)
        assert w.open_path(small_event)
        assert _clashes(w) == []
        w.close_event()
    finally:
        i18n.remove(qapp)


def test_the_clash_check_sees_a_shared_shortcut_and_a_shared_mnemonic(qtbot, window):
    from PySide6.QtGui import QKeySequence

    actions = dict(window_actions(window))
    actions["Timing > Start list"].setShortcut(QKeySequence("Ctrl+L"))
    window.desk.tabs.setTabText(0, "&Time entry")
    found = _clashes(window)
    assert any("Ctrl+L" in f for f in found)
    assert any("Alt+T" in f and "menu bar and tabs" in f for f in found)
