"""The real window on a store that loses its server: OFFLINE with the count in the status bar,
keying goes on, back online it says so; a conflict asks, and the results manager settles one."""

from __future__ import annotations

import shutil

from offline_store import CuttableStore, behind_switch
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from rallydesk.domain.model import StageTime
from rallydesk.gui import theme
from rallydesk.services import Event
from rallydesk.store.eventstore import EventStore
from rallydesk.store.verify import verify

R = QPalette.ColorRole


def key(qtbot, entry, number: str, time: str) -> None:
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)


def cut(window) -> CuttableStore:
    """Put the open event's store behind a switch that loses the server."""
    store = behind_switch(window.rally_event)
    store.cut = store.cut_reads = True  # lost for reads too, as a server is
    return store


#: 100 keyings on stage 2 (the desk's stage): the five crews again and again, each replaced
KEYED = [
    (n, f"2:{10 + i // 5:02d}:{i % 5 * 7:02d}")
    for i in range(20)
    for n in (201, 202, 203, 501, 502)
]


def test_key_100_offline_then_all_arrive_once(qtbot, window, small_event, tmp_path):
    reference = tmp_path / "online.rallydesk"
    shutil.copy(small_event, reference)
    with Event.open(reference) as ev:  # the same keyings, online, through the services
        for n, t in KEYED:
            ev.record_time(2, n, elapsed=t, reason="correction" if ev.existing_time(2, n) else None)
        online = [ev.standings(2, overall) for overall in (False, True)]

    entry = window.desk.entry
    entry.ask_replace_reason = lambda _q: "correction"
    store = cut(window)
    sign = window.offline_status.label
    assert not sign.isVisible()
    for n, t in KEYED:
        key(qtbot, entry, str(n), t)
        assert "NOT" not in entry.message.text(), entry.message.text()
    assert window.rally_event.pending_changes() == 100
    assert sign.isVisible() and "OFFLINE" in sign.text() and "100" in sign.text()
    assert theme.colour("error") in sign.styleSheet()
    assert window.offline_status.timer.isActive()
    assert not window.offline_status.try_reconnect()  # the timer's attempt: still cut

    store.cut = False
    window.offline_status.timer.timeout.emit()  # the next tick of the reconnect timer
    assert not sign.isVisible() and not window.offline_status.timer.isActive()
    assert "Back online: 100 changes sent" in window.statusBar().currentMessage()
    ev = window.rally_event
    assert ev.conflicts() == []
    assert [ev.standings(2, overall) for overall in (False, True)] == online
    assert len(ev.journal(stage=2, kind="time")) == 100 + 3  # 3 keyed by the fixture
    assert verify(small_event) == []


def test_a_change_by_another_desk_meanwhile_is_asked_not_replaced(qtbot, window):
    entry = window.desk.entry
    ev = window.rally_event
    assert ev.existing_time(2, 203) is None  # what the desk shows
    ev.store.put_time(StageTime(2, 203, "OK", 7_000_000))  # another desk, behind this one's view
    asked: list[str] = []
    entry.ask_replace_reason = lambda q: asked.append(q) or None  # the official cancels
    key(qtbot, entry, "203", "1:59:00")
    assert asked and "changed meanwhile" in asked[0] and "no result" in asked[0]
    assert "not replaced" in entry.message.text()
    assert ev.store.load().time_of(2, 203).elapsed_ms == 7_000_000  # never silently replaced
    entry.ask_replace_reason = lambda q: "official timing sheet"
    entry.time.clear()
    qtbot.keyClicks(entry.time, "1:59:00")
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)
    assert ev.existing_time(2, 203).elapsed_ms == (3600 + 59 * 60) * 1000
    assert ev.journal(stage=2, number=203)[-1]["reason"] == "official timing sheet"


def test_conflicts_are_listed_and_settled_at_the_desk(qtbot, small_event, monkeypatch):
    from rallydesk.gui.main_window import MainWindow

    monkeypatch.setenv("RALLYDESK_DESK", "desk-A")
    ev = Event.open(small_event)
    assert ev.data.entries
    store = behind_switch(ev)
    store.cut = True
    ev.record_time(2, 203, elapsed="1:59:00")
    ev.close()
    monkeypatch.setenv("RALLYDESK_DESK", "desk-B")
    with Event.open(small_event) as other:
        other.record_time(2, 203, elapsed="2:05:00")
    monkeypatch.setenv("RALLYDESK_DESK", "desk-A")
    # desk A opens the same (stand-in) server again, not the plain file: its outbox is that store's
    plain = EventStore.open
    monkeypatch.setattr(
        EventStore, "open", classmethod(lambda _cls, *a, **k: CuttableStore(plain(*a, **k)))
    )

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(small_event)  # replays at open: the conflict is found
    try:
        assert "1 conflicts" in w.statusBar().currentMessage()
        assert "1 conflicts" in w.offline_status.label.text()  # stays until settled
        dialog = w.conflicts_dialog(show=False)
        assert dialog.table.rowCount() == 1
        row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
        assert row[:2] == ["2", "203"] and "desk-A" in row[2] and "desk-B" in row[5]
        assert "1:59" in row[2] or "1h 59" in row[2]
        dialog.ask_reason = lambda _q: None
        assert not dialog.settle("mine") and "reason" in dialog.message.text()
        dialog.ask_reason = lambda _q: "the desk had the timing card"
        assert dialog.settle("mine")
        assert dialog.table.rowCount() == 0
        assert w.offline_status.label.isHidden()
        assert w.rally_event.existing_time(2, 203).elapsed_ms == (3600 + 59 * 60) * 1000
        dialog.close()
    finally:
        w.close_event()
    assert verify(small_event) == []


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_offline_sign_is_readable_in_both_themes(qtbot, window):
    app = QApplication.instance()
    cut(window)
    window.rally_event.record_time(2, 203, elapsed="1:59:00")
    try:
        for dark in (False, True):
            window.toggle_dark(dark)  # as View > Dark theme does
            colour = QColor(window.offline_status.colour())
            assert colour.name() in window.offline_status.label.styleSheet()
            assert _contrast(colour, app.palette().color(R.Window)) >= 4.5
    finally:
        theme.apply(app, False)
