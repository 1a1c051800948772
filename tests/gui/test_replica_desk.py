"""The real window restarted while its server is away (issue 23, item 2): it opens the event from
the desk's replica, OFFLINE, keys with keystrokes into it, and once the server answers again
every result arrives, once."""

from __future__ import annotations

import pytest
from pg_server import start_server
from PySide6.QtCore import Qt

from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.gui.main_window import MainWindow
from rallydesk.services import Event


@pytest.fixture
def server():
    own = start_server(durable=True)
    yield own
    own.stop()


def key(qtbot, entry, number: str, time: str) -> None:
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)


def test_a_desk_restarted_while_the_server_is_away_opens_offline_and_its_keying_arrives_once(
    qtbot, server
):
    url = server.new_database()
    with Event.create(url, "Bivouac baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Loop"))
        for n in (201, 202, 203):
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}"),)))
    first = MainWindow()
    qtbot.addWidget(first)
    assert first.open_path(url)  # the desk's first session, with the server there
    key(qtbot, first.desk.entry, "201", "3:00:00")
    assert first.rally_event.existing_time(1, 201).elapsed_ms == 3 * 3_600_000
    first.close()

    server.pause()  # the server PC is off; the laptop is restarted at the bivouac
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(url)
    try:
        ev = w.rally_event
        assert ev.offline and ev.existing_time(1, 201).elapsed_ms == 3 * 3_600_000
        sign = w.offline_status.label
        assert not sign.isHidden() and "OFFLINE" in sign.text()
        assert w.offline_status.timer.isActive()
        entry = w.desk.entry
        key(qtbot, entry, "202", "3:05:00")
        assert "NOT" not in entry.message.text(), entry.message.text()
        assert ev.pending_changes() == 1 and ev.existing_time(1, 202) is not None
        assert "1" in sign.text()
        assert not w.offline_status.try_reconnect()  # the timer's attempt: still away

        server.resume()
        w.offline_status.timer.timeout.emit()  # the next tick of the reconnect timer
        assert not ev.offline and sign.isHidden()
        assert not w.offline_status.timer.isActive()
        key(qtbot, entry, "203", "3:10:00")  # online again: written at once
        assert ev.pending_changes() == 0
    finally:
        w.close()
    with Event.open(url, readonly=True) as check:
        assert {t.number: t.elapsed_ms for t in check.data.times} == {
            201: 10_800_000,
            202: 11_100_000,
            203: 11_400_000,
        }
        assert len(check.journal(kind="time")) == 3  # each once
