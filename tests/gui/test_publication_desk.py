"""Issue 12 at the desk, by the keyboard: who is working, the Publication tab, the Journal tab."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from rallydesk.services import Event, Official

PINS = {"Tim KEEPER": "1111", "Rita RESULTS": "2222", "Ana CLERK": "3333"}


@pytest.fixture
def officials_event(small_event):
    with Event.open(small_event) as ev:
        ev.update_settings(protest_minutes=30)
        for name, role in (
            ("Tim KEEPER", "timekeeper"),
            ("Rita RESULTS", "results-manager"),
            ("Ana CLERK", "clerk"),
        ):
            ev.add_official(name, role, PINS[name])
    return small_event


@pytest.fixture
def desk(qtbot, officials_event):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(officials_event)
    w.show()
    yield w
    w.close_event()
    w.close()
    w.deleteLater()


def log_in(qtbot, window, name: str) -> None:
    """Ctrl+L (or the dialog shown at open): choose the name with the arrow keys, type the PIN, Enter."""
    dialog = window.login_dialog
    if dialog is None or not dialog.isVisible():
        dialog = window.login_dialog_open()
    assert dialog.isVisible()
    qtbot.keyClick(dialog.names, Qt.Key.Key_Home)
    while dialog.names.currentData() != name:
        qtbot.keyClick(dialog.names, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.pin, PINS[name])
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.message.text()


def key_time(qtbot, window, number: str, time: str) -> None:
    entry = window.desk.entry
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)


def confirm(qtbot, pub) -> None:
    """The publication's confirmation: Publish (anyway, when crews are unaccounted for)."""
    dialog = pub.publish_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.publish_button.setFocus()
    qtbot.keyClick(dialog.publish_button, Qt.Key.Key_Space)
    assert not dialog.isVisible()


def test_the_login_dialog_comes_at_open_and_refuses_a_wrong_pin(qtbot, desk):
    dialog = desk.login_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.isVisible() and "wrong PIN" in dialog.message.text() and dialog.pin.text() == ""
    assert desk.rally_event.official is None
    log_in(qtbot, desk, "Tim KEEPER")
    assert desk.rally_event.official == Official("Tim KEEPER", "timekeeper")
    assert "Tim KEEPER" in desk.windowTitle()


def test_the_whole_cycle_at_the_desk_by_the_keyboard(qtbot, desk):
    ev = desk.rally_event
    log_in(qtbot, desk, "Tim KEEPER")
    key_time(qtbot, desk, "203", "2:01:00")  # key times
    assert ev.existing_time(2, 203).elapsed_ms == (2 * 3600 + 60) * 1000
    pub = desk.desk.publication
    qtbot.keyClick(desk.desk.tabs, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    desk.desk.tabs.setCurrentWidget(pub)  # Alt+U needs an active window; offscreen it may not be
    QAbstractItemModelTester(pub.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    pub.select(2, "CAR")
    assert pub.model.state_text(pub.current()) == "live"
    qtbot.keyClick(
        pub.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    if ev.published().get((2, "CAR")) is None:  # shortcuts need an active window
        pub.provisional_button.click()
    assert "results manager" in pub.message.text()  # a timekeeper may not publish
    log_in(qtbot, desk, "Rita RESULTS")
    pub.provisional_button.click()  # provisional v1
    confirm(qtbot, pub)
    assert pub.model.state_text(pub.current()) == "provisional v1"
    assert pub.model.countdown(pub.current()).startswith(("30:00", "29:5"))
    # a penalty arrives: the unit is outdated
    pen = desk.desk.adjustments
    desk.desk.tabs.setCurrentWidget(pen)
    qtbot.keyClicks(pen.stage, "2")
    qtbot.keyClicks(pen.number, "201")
    qtbot.keyClicks(pen.amount, "+0:01:00")
    qtbot.keyClicks(pen.reason, "speeding")
    qtbot.keyClick(pen.reason, Qt.Key.Key_Return)
    assert pen.model.rowCount() == 1
    desk.desk.tabs.setCurrentWidget(pub)
    assert pub.model.state_text(pub.current()) == "provisional v1 – outdated"
    pub.provisional_button.click()  # provisional v2
    confirm(qtbot, pub)
    assert pub.model.state_text(pub.current()) == "provisional v2"
    log_in(qtbot, desk, "Ana CLERK")
    asked = []
    pub.ask = lambda q: asked.append(q) or False  # the clerk waits for the window
    assert not pub.official_button.click() and ev.published()[(2, "CAR")]["version"] == 2
    assert "protest window" in asked[0]
    ev.clock = lambda: datetime.now(UTC) + timedelta(minutes=31)
    pub.refresh()
    assert pub.model.countdown(pub.current()) == "ended"
    pub.official_button.click()  # official v3, no question now
    confirm(qtbot, pub)
    assert len(asked) == 1 and pub.model.state_text(pub.current()) == "official v3"
    # a change now needs the clerk and a reason, then an amendment
    desk.desk.tabs.setCurrentWidget(pen)
    qtbot.keyClicks(pen.number, "202")
    qtbot.keyClicks(pen.amount, "+0:02:00")
    qtbot.keyClicks(pen.reason, "missed waypoint")
    qtbot.keyClick(pen.reason, Qt.Key.Key_Return)
    desk.desk.tabs.setCurrentWidget(pub)
    assert pub.model.state_text(pub.current()) == "official v3 – outdated"
    pub.amend_button.click()
    assert "needs a reason" in pub.message.text()
    qtbot.keyClicks(pub.reason, "decision 15")
    qtbot.keyClick(pub.reason, Qt.Key.Key_Return)  # amended v4
    assert pub.model.state_text(pub.current()) == "amended v4"
    text = pub.changes.toPlainText()  # what changed
    assert text.startswith("Stage 2 CAR, v3 → v4: ")
    assert "#202: stage position" in text and "adjustment.add (missed waypoint)" in text
    assert pub.show_changes().startswith("Stage 2 CAR, v4 → live data: 0 entries")
    # the journal tab finds the clerk's changes
    journal = desk.desk.journal
    desk.desk.tabs.setCurrentWidget(journal)
    QAbstractItemModelTester(journal.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    qtbot.keyClicks(journal.official, "Ana CLERK")
    kinds = [journal.model.row(i)["action"] for i in range(journal.model.rowCount())]
    assert kinds == ["publication.add", "adjustment.add", "publication.add"]
    journal.kind.setCurrentIndex(journal.kind.findData("adjustment"))
    assert journal.model.rowCount() == 1
    assert "amount + 00h 02' 00''" in journal.model.index(0, 9).data()
    journal.official.clear()
    qtbot.keyClicks(journal.number, "203")
    journal.kind.setCurrentIndex(0)
    assert [journal.model.row(i)["action"] for i in range(journal.model.rowCount())] == [
        "entry.put",
        "time.record",
        "time.record",
    ]
    assert journal.model.index(2, 2).data() == "Tim KEEPER"


def test_the_desk_without_officials_asks_nobody(qtbot, window):
    assert window.login_dialog is None
    assert window.login_dialog_open() is None
    assert "no officials" in window.statusBar().currentMessage()


def test_no_widget_is_left_alive(qtbot, officials_event):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(officials_event)
    dialog = w.login_dialog
    w.close_event()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not _alive(dialog))
    assert w.login_dialog is None and w.desk is None


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def test_the_set_up_tab_sets_the_document_prefix_and_the_protest_window(qtbot, desk):
    log_in(qtbot, desk, "Rita RESULTS")
    setup = desk.desk.setup
    assert setup.protest_minutes.text() == "30"
    setup.document_prefix.setText("D26-")
    setup.protest_minutes.setText("half an hour")
    assert not setup.save_settings() and "whole number" in setup.message.text()
    setup.protest_minutes.setText("")
    assert setup.save_settings()
    s = desk.rally_event.data.settings
    assert (s.document_prefix, s.protest_minutes) == ("D26-", None)


def test_an_idle_desk_logs_the_official_out(qtbot, desk):
    log_in(qtbot, desk, "Ana CLERK")
    lock = desk.idle_lock
    assert lock.minutes == 0 and not lock.check()  # off by default
    now = [1000.0]
    lock.clock = lambda: now[0]
    lock.minutes = 5
    now[0] += 4 * 60
    qtbot.keyClick(desk.desk.entry.number, Qt.Key.Key_5)  # a key: the desk is in use
    now[0] += 4 * 60
    assert not lock.check() and desk.rally_event.official is not None
    now[0] += 2 * 60
    assert lock.check()
    assert desk.rally_event.official is None and desk.login_dialog.isVisible()
    assert "idle" in desk.statusBar().currentMessage()
    lock.minutes = 0


def test_officials_in_the_set_up_only_the_clerk_changes_them(qtbot, desk):
    log_in(qtbot, desk, "Rita RESULTS")
    panel = desk.desk.setup.officials
    assert [
        panel.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.list.count())
    ] == ["Ana CLERK", "Rita RESULTS", "Tim KEEPER"]
    qtbot.keyClicks(panel.name, "Bob TIMER")
    qtbot.keyClicks(panel.pin, "4444")
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert "needs the clerk of the course" in panel.message.text() and panel.list.count() == 3
    log_in(qtbot, desk, "Ana CLERK")
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert panel.list.count() == 4 and panel.name.text() == "" and panel.pin.text() == ""
    assert {"name": "Bob TIMER", "role": "timekeeper"} in desk.rally_event.officials()
    panel.list.setCurrentRow(1)  # Bob TIMER
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert panel.list.count() == 3 and "Bob TIMER removed" in panel.message.text()
