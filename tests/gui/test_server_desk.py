"""Two desks on one event on a PostgreSQL server: the desk follows what the other one keys."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.gui.main_window import MainWindow
from rallydesk.gui.preferences import Preferences
from rallydesk.services import Event
from rallydesk.store import listen


def test_a_desk_on_a_server_follows_the_other_desk(qtbot, pg_url):
    with Event.create(pg_url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Loop"))
        for n in (201, 202):
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}"),)))
        ev.record_time(1, 201, elapsed="3:00:00")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    assert not w.rally_event.readonly and w.rally_event.on_server
    assert pg_url.rsplit("/", 1)[1] in w.windowTitle()
    # Recent keeps a server event by its URL, never with a password (this one has none)
    assert Preferences().recent == [pg_url] and ":" not in pg_url.split("@")[0][13:]
    entry = w.desk.entry
    assert entry.follower.timer.isActive()
    with Event.open(pg_url) as other:  # the second desk, writing at the same time
        other.record_time(1, 202, elapsed="3:05:00")
    qtbot.waitUntil(lambda: len(w.rally_event.data.times) == 2, timeout=3000)
    view = w.desk.views[0]
    numbers = {
        view.model.index(r, view.column_names().index("No")).data(Qt.ItemDataRole.DisplayRole)
        for r in range(view.model.rowCount())
    }
    assert {"201", "202"} <= {str(n) for n in numbers}
    w.close()


def test_the_desk_asks_again_when_another_desk_keyed_the_crew_meanwhile(qtbot, pg_url):
    """The desk still shows #202 without a time when the other desk keys it: Enter asks to
    replace the other desk's result, with a reason; no reason, nothing written."""
    with Event.create(pg_url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Loop"))
        for n in (201, 202):
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}"),)))
        ev.record_time(1, 201, elapsed="3:00:00")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    entry = w.desk.entry
    entry.follower.stop()  # the other desk's write lands between two looks of this desk
    asked: list[str] = []
    answers = iter([None, "the other desk keyed #202 for #203"])
    entry.ask_replace_reason = lambda q: asked.append(q) or next(answers)
    entry.ask_confirm = lambda q: True
    with Event.open(pg_url) as other:
        other.record_time(1, 202, elapsed="3:05:00")
    assert w.rally_event.existing_time(1, 202) is None  # what this desk still shows

    def key() -> bool:
        entry.number.setText("202")
        entry.time.setText("3:07:00")
        return entry.commit()

    assert key() is False  # asked, no reason: nothing written
    assert "#202 was changed meanwhile on stage 1" in asked[0] and "3h 05' 00''" in asked[0]
    assert w.rally_event.existing_time(1, 202).elapsed_ms == 3 * 3_600_000 + 5 * 60_000
    assert key() is True  # now the desk knows; asked again as an ordinary replacement, answered
    assert w.rally_event.existing_time(1, 202).elapsed_ms == 3 * 3_600_000 + 7 * 60_000
    assert w.rally_event.journal(number=202)[-1]["reason"] == "the other desk keyed #202 for #203"
    w.close()


def test_undo_never_removes_what_another_desk_keyed_since(qtbot, pg_url):
    """This desk keys #202, another desk corrects it, this desk (not yet refreshed) presses
    Ctrl+Z: the undo is refused and the other desk's correction stays."""
    with Event.create(pg_url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Loop"))
        ev.put_entry(Entry(202, "T1", (CrewMember("driver", "Driver 202"),)))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    entry = w.desk.entry
    entry.follower.stop()
    entry.ask_confirm = lambda q: True
    entry.number.setText("202")
    entry.time.setText("3:07:00")
    assert entry.commit()
    with Event.open(pg_url) as other:
        other.record_time(1, 202, elapsed="3:08:00", reason="transponder check")
    w.undo_stack.undo()
    assert w.undo_stack.count() == 0  # dropped, not shown undone
    assert "changed meanwhile" in entry.message.text()
    with Event.open(pg_url, readonly=True) as ev:
        assert ev.existing_time(1, 202).elapsed_ms == (3 * 3600 + 8 * 60) * 1000
    w.close()


def test_restore_and_backups_on_a_server_say_what_to_use_and_keep_the_event_open(
    qtbot, pg_url, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    with Event.create(pg_url, "Shared baja"):
        pass
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    shown: list[tuple] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a))
    backup = tmp_path / "b.rallydesk"
    Event.create(backup, "A file").close()
    assert w.restorer.restore_from(backup) is False
    assert shown and "restore works on event files only" in shown[0][2]
    assert w.rally_event is not None and not w.rally_event.closed  # still open, on the server
    w.close()


def test_another_desks_time_reaches_the_views_within_a_second_by_its_announcement(qtbot, pg_url):
    """Issue 16: a time keyed on another desk reaches this desk's classification within a second,
    row by row (no reset: the selection stays on its crew). The poll is stopped: only the
    announcement (LISTEN/NOTIFY) can bring it."""
    with Event.create(pg_url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Loop"))
        for n in (201, 202, 203):
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}"),)))
        ev.record_time(1, 201, elapsed="3:00:00")
        ev.record_time(1, 202, elapsed="3:10:00")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    entry = w.desk.entry
    assert w.desk.bridge.listening
    assert entry.follower.timer.interval() >= 5000  # the poll is only the safety net
    entry.follower.timer.stop()
    listener = w.rally_event.store.listener
    assert listener is not None and listener.wait_listening(5)
    view = w.desk.views[0]  # stage 1, the category: 201 then 202
    model = view.model
    assert [model.number_at(r) for r in range(model.rowCount())][:2] == [201, 202]
    view.table.selectRow(model.row_of(202))
    resets: list[bool] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    qtbot.wait(20)  # the look that follows LISTEN, queued to the window's thread: done now
    with Event.open(pg_url) as other:
        other.record_time(1, 203, elapsed="2:55:00")  # the new leader: a row above the selection
    qtbot.waitUntil(lambda: model.row_of(203) == 0, timeout=1000)
    assert [model.number_at(r) for r in range(model.rowCount())][:3] == [203, 201, 202]
    assert inserted and not resets  # row-level, as for a time keyed here
    selected = view.table.selectionModel().selectedRows()
    assert [model.number_at(i.row()) for i in selected] == [202]
    w.close()


def test_the_desk_hears_again_after_its_listening_connection_is_ended(qtbot, pg_url, monkeypatch):
    """The listening connection ended on the server (a restart would): the desk dials it again
    and catches up on what was keyed meanwhile, without its poll."""
    monkeypatch.setattr(listen, "RETRY_SECONDS", 0.2)  # dialled again sooner: a quicker test
    from rallydesk.store import pg

    with Event.create(pg_url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Loop"))
        for n in (201, 202):
            ev.put_entry(Entry(n, "CAR", (CrewMember("driver", f"Driver {n}"),)))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    w.desk.entry.follower.timer.stop()
    listener = w.rally_event.store.listener
    assert listener is not None and listener.wait_listening(5)
    qtbot.wait(20)  # the look that follows LISTEN, queued to the window's thread: done now
    admin = pg.connect(pg_url)
    try:
        admin.execute("SELECT pg_terminate_backend($1)", [listener.backend_pid])
    finally:
        admin.close()
    qtbot.waitUntil(lambda: not listener.listening, timeout=5000)
    with Event.open(pg_url) as other:
        other.record_time(1, 201, elapsed="3:00:00")  # while nobody listens
    qtbot.waitUntil(lambda: w.desk.views[0].model.row_of(201) is not None, timeout=10_000)
    assert listener.connections == 2
    with Event.open(pg_url) as other:
        other.record_time(1, 202, elapsed="3:01:00")
    qtbot.waitUntil(lambda: w.desk.views[0].model.row_of(202) is not None, timeout=1000)
    w.close()


def test_the_poll_still_catches_up_when_nothing_is_heard(qtbot, pg_url):
    """The safety net: with the listening connection gone for good, the desk's poll of the
    journal's head still brings another desk's result (here made quick for the test)."""
    with Event.create(pg_url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Loop"))
        ev.put_entry(Entry(201, "CAR", (CrewMember("driver", "Driver 201"),)))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    listener = w.rally_event.store.listener
    assert listener is not None and listener.wait_listening(5)
    listener.stop()
    entry = w.desk.entry
    assert entry.follower.timer.isActive()
    entry.follower.timer.setInterval(50)
    with Event.open(pg_url) as other:
        other.record_time(1, 201, elapsed="3:00:00")
    qtbot.waitUntil(lambda: w.desk.views[0].model.row_of(201) is not None, timeout=3000)
    w.close()


def test_a_read_only_desk_on_a_server_hears_the_writing_desks(qtbot, pg_url):
    with Event.create(pg_url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Loop"))
        ev.put_entry(Entry(201, "CAR", (CrewMember("driver", "Driver 201"),)))
    w = MainWindow(readonly=True)
    qtbot.addWidget(w)
    assert w.open_path(pg_url)
    assert w.rally_event.readonly and w.desk.bridge.listening
    w.desk.entry.follower.timer.stop()  # heard, not polled
    listener = w.rally_event.store.listener
    assert listener is not None and listener.wait_listening(5)
    qtbot.wait(20)
    with Event.open(pg_url) as other:
        other.record_time(1, 201, elapsed="3:00:00")
    qtbot.waitUntil(lambda: w.desk.views[0].model.row_of(201) is not None, timeout=1000)
    w.close()
