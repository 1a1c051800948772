"""Actions on a crew where the official sees it (issue 22): from the crew card (Enter on a crew)
and from the Not classified list — edit time, add penalty, change status — by their keys on the
real window, each leading to the desk's own entry, which writes through the keying flow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from rallydesk.services import Event

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def _focused():
    return QApplication.focusWidget()


def _card_of(qtbot, window, number, view_stage=2):
    """Enter on the crew in the stage view beside the time entry: its card, with the keys."""
    view = window.desk.views[0]
    view.set_selection(view_stage, False, "CAR")
    view.select_number(number)
    assert view.selected_number() == number
    view.table.setFocus()
    window.activateWindow()
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window.desk, "crew_card", None) is not None)
    card = window.desk.crew_card
    qtbot.waitUntil(lambda: _focused() is not None and _focused().window() is card)
    return card


def test_edit_time_from_the_crew_card_keys_it_again_with_a_reason(qtbot, window):
    entry = window.desk.entry
    entry.set_stage(1)
    card = _card_of(qtbot, window, 202)
    assert card.selected_stage() == 1  # the desk's stage is selected on the card
    for b in card.action_buttons.values():
        assert b.isVisible() and b.isEnabled()
    QTest.keyClick(_focused(), Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: not card.isVisible())
    assert window.desk.tabs.currentIndex() == 0
    assert entry.current_stage() == 1 and entry.number.text() == "202"
    assert "already has" in entry.crew.text()
    qtbot.waitUntil(lambda: _focused() is entry.time)
    asked = []
    entry.ask_replace_reason = lambda q: asked.append(q) or "sheet misread"
    QTest.keyClicks(_focused(), "3:05:00")
    QTest.keyClick(_focused(), Qt.Key.Key_Return)
    if entry.time.text():  # an unlikely time is asked in place: Enter again records it
        QTest.keyClick(_focused(), Qt.Key.Key_Return)
    assert asked  # the keying flow's replacement rule, not a write around it
    t = window.rally_event.data.time_of(1, 202)
    assert t.elapsed_ms == 3 * 3_600_000 + 5 * 60_000


def test_add_penalty_from_the_crew_card_opens_the_form_filled_in(qtbot, window):
    card = _card_of(qtbot, window, 501)
    card.stages.selectRow(1)  # stage 2 chosen on the card
    QTest.keyClick(_focused(), Qt.Key.Key_P, CTRL_SHIFT)
    form = window.desk.adjustments
    qtbot.waitUntil(lambda: window.desk.tabs.currentWidget() is form)
    assert (form.stage.text(), form.number.text()) == ("2", "501")
    qtbot.waitUntil(lambda: _focused() is form.amount)
    QTest.keyClicks(_focused(), "+1'")
    QTest.keyClick(_focused(), Qt.Key.Key_Return)
    added = [a for a in window.rally_event.adjustments() if a.number == 501]
    assert [(a.stage, a.amount_ms) for a in added] == [(2, 60_000)]


def test_change_status_from_the_card_menu_goes_through_the_keying_flow(qtbot, window):
    entry = window.desk.entry
    entry.set_stage(2)
    card = _card_of(qtbot, window, 502, view_stage=1)  # no time on stage 2 yet
    QTest.keyClick(_focused(), Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_N)  # D&NF
    qtbot.waitUntil(lambda: not card.isVisible())
    assert entry.status == "DNF" and entry.number.text() == "502"
    qtbot.waitUntil(lambda: _focused() is entry.reason)
    QTest.keyClicks(_focused(), "gearbox")
    QTest.keyClick(_focused(), Qt.Key.Key_Return)
    t = window.rally_event.data.time_of(2, 502)
    assert (t.status, t.reason) == ("DNF", "gearbox")


def test_the_not_classified_list_has_the_same_actions_by_key_and_context_menu(qtbot, small_event):
    from rallydesk.gui.main_window import MainWindow

    with Event.open(small_event) as ev:
        ev.record_time(2, 203, status="RET", reason="engine")
    w = MainWindow()
    qtbot.addWidget(w)
    try:
        assert w.open_path(small_event)
        w.show()
        w.activateWindow()
        view = w.desk.views[1]  # the overall beside the time entry
        view.set_selection(2, True, "CAR")
        QTest.mouseClick(view.nc_button, Qt.MouseButton.LeftButton)
        rows = view.not_classified_rows()
        assert rows and rows[0][0] == "203" and rows[0][2] == "RET"
        view.nc_table.setFocus()
        view.nc_table.setCurrentCell(0, 0)
        # a right click: the menu with the three actions (the status ones in a submenu)
        at = view.nc_table.visualRect(view.nc_table.model().index(0, 1)).center()
        QApplication.sendEvent(
            view.nc_table.viewport(),
            QContextMenuEvent(
                QContextMenuEvent.Reason.Mouse, at, view.nc_table.viewport().mapToGlobal(at)
            ),
        )
        popup = QApplication.activePopupWidget()
        assert isinstance(popup, QMenu)
        texts = [a.text().replace("&", "") for a in popup.actions()]
        assert texts[:2] == ["Edit time…", "Add penalty…"] and texts[2] == "Change status"
        popup.close()
        # Ctrl+T on the focused list: the time entry on the stage it went out on, that crew
        w.activateWindow()
        view.nc_table.setFocus()
        qtbot.waitUntil(lambda: _focused() is view.nc_table)
        QTest.keyClick(view.nc_table, Qt.Key.Key_T, CTRL)
        entry = w.desk.entry
        assert (entry.current_stage(), entry.number.text()) == (2, "203")
        qtbot.waitUntil(lambda: _focused() is entry.time)
        entry.ask_replace_reason = lambda q: "was a time, not RET"
        QTest.keyClicks(_focused(), "2:10:00")
        QTest.keyClick(_focused(), Qt.Key.Key_Return)
        if entry.time.text():
            QTest.keyClick(_focused(), Qt.Key.Key_Return)
        t = w.rally_event.data.time_of(2, 203)
        assert (t.status, t.elapsed_ms) == ("OK", 2 * 3_600_000 + 10 * 60_000)
    finally:
        w.close_event()
        w.close()
        w.deleteLater()


def test_a_read_only_desk_offers_no_crew_action(qtbot, small_event):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow(readonly=True)
    qtbot.addWidget(w)
    try:
        assert w.open_path(small_event)
        w.show()
        card = w.desk.show_crew(201)
        assert not any(b.isEnabled() for b in card.action_buttons.values())
        before = w.desk.entry.number.text()
        card.act("time")
        assert w.desk.entry.number.text() == before
        card.close()
    finally:
        w.close_event()
        w.close()
        w.deleteLater()
