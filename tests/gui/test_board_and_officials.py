"""Issue 22, items 14–16, the way an official goes: keying at the Time entry tab then Ctrl+2 to the
Classifications tab (one highlighted row, one change indicator), the Not classified list with the
crews' names, and Set-up > Officials on an event without officials."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_publish_preview import activate, menu_action  # noqa: F401 (helpers)

CTRL = Qt.KeyboardModifier.ControlModifier


def key_time(qtbot, window, number: str, time: str) -> None:
    entry = window.desk.entry
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)


def go_to_tab(qtbot, window, fragment: str) -> None:
    """View > <tab> by its shortcut, pressed in the window."""
    keys = menu_action(window, "View", fragment).shortcut()[0]
    qtbot.keyClick(QApplication.focusWidget() or window, keys.key(), keys.keyboardModifiers())


def test_the_classifications_tab_highlights_only_the_crew_keyed_last_and_shows_one_arrow(
    qtbot, window
):
    activate(qtbot, window)
    desk = window.desk
    desk.entry.set_stage(2)
    for view in desk.board_views:
        view.model.clock = lambda: 100.0  # frozen: the highlight lasts however slow the machine
    desk.entry.number.setFocus()
    key_time(qtbot, window, "203", "1:59:00")  # first on the stage: the overall moves
    key_time(qtbot, window, "502", "2:10:00")
    assert window.rally_event.existing_time(2, 502) is not None
    go_to_tab(qtbot, window, "Classifications")
    assert desk.tabs.currentWidget() is desk.board
    QApplication.processEvents()
    for view in desk.board_views:
        model = view.model
        rows = range(model.rowCount())
        lit = [
            model.number_at(r)
            for r in rows
            if model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
        ]
        assert lit in ([], [502])  # the crew keyed last, where it landed; not every crew since
        arrows = [
            r
            for r in rows
            for c in range(model.columnCount())
            if model.index(r, c).data(Qt.ItemDataRole.DecorationRole) is not None
        ]
        assert arrows == []  # Change is the one indicator of a move
    overall = next(v for v in desk.board_views if v.selection()[1])
    keys = overall.model.column_keys()
    change = {
        overall.model.number_at(r): overall.model.index(r, keys.index("Change")).data()
        for r in range(overall.model.rowCount())
    }
    assert change[203] == "▲1"  # from 3rd after stage 1 to 2nd


def test_the_not_classified_list_names_the_crews(qtbot, window):
    activate(qtbot, window)
    desk = window.desk
    desk.entry.set_stage(2)
    desk.entry.number.setFocus()
    qtbot.keyClicks(desk.entry.number, "502")
    qtbot.keyClick(desk.entry.number, Qt.Key.Key_Return)
    window.rally_event.record_time(2, 502, status="DNF", reason="gearbox")
    go_to_tab(qtbot, window, "Classifications")
    view = desk.board_views[0]
    view.nc_button.setFocus()
    qtbot.keyClick(view.nc_button, Qt.Key.Key_Space)
    assert view.nc_table.isVisible()
    headers = [view.nc_table.horizontalHeaderItem(c).text() for c in range(5)]
    assert headers == ["No", "Crew", "Status", "Stage", "Reason"]
    assert ("502", "Pierre DUBOIS (FRA)", "DNF", "2", "gearbox") in view.not_classified_rows()
    # renamed crew: the list follows
    from rallydesk.domain.model import CrewMember, Entry

    window.rally_event.put_entry(
        Entry(502, "T2", (CrewMember("driver", "Pierre DUPONT", "FRA"),), "Team", "Car")
    )
    assert any("Pierre DUPONT" in row[1] for row in view.not_classified_rows())


def test_the_first_official_is_a_clerk_and_then_the_desk_asks_who_works(qtbot, window):
    activate(qtbot, window)
    desk = window.desk
    go_to_tab(qtbot, window, "Set-up")
    assert desk.tabs.currentWidget() is desk.setup
    panel = desk.setup.officials
    assert panel.first_hint.isVisibleTo(panel) and panel.role.currentData() == "clerk"
    # someone tries to make themselves a timekeeper first: refused, nothing added
    panel.role.setCurrentIndex(panel.role.findData("timekeeper"))
    panel.name.setFocus()
    qtbot.keyClicks(panel.name, "Tim KEEPER")
    qtbot.keyClicks(panel.pin, "1111")
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert window.rally_event.officials() == []
    assert "first official of an event is the clerk" in panel.message.text()
    assert panel.role.currentData() == "clerk"
    # a clerk with no PIN: refused
    panel.name.clear()
    panel.pin.clear()
    qtbot.keyClicks(panel.name, "Ana CLERK")
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert window.rally_event.officials() == [] and "PIN" in panel.message.text()
    qtbot.keyClicks(panel.pin, "3333")
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert window.rally_event.officials() == [{"name": "Ana CLERK", "role": "clerk"}]
    # the desk asks who is working at once, the clerk just added chosen: PIN, Enter
    dialog = window.login_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.names.currentData() == "Ana CLERK"
    qtbot.keyClicks(dialog.pin, "3333")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert not dialog.isVisible() and window.rally_event.official["name"] == "Ana CLERK"
    assert not panel.first_hint.isVisibleTo(panel)
    # now the clerk adds a timekeeper; nobody is asked again (someone is at work)
    activate(qtbot, window)
    panel.role.setCurrentIndex(panel.role.findData("timekeeper"))
    qtbot.keyClicks(panel.name, "Tim KEEPER")
    qtbot.keyClicks(panel.pin, "1111")
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert {"name": "Tim KEEPER", "role": "timekeeper"} in window.rally_event.officials()
    assert window.login_dialog is dialog and not dialog.isVisible()
