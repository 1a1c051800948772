"""The window around the time entry: start-up, settings, read-only, tabs, export, keys, real Dakar data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from rallydesk.gui.main_window import MainWindow
from rallydesk.gui.preferences import Preferences


def key(qtbot, entry, number: str, time: str) -> None:
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)


def test_opening_remembers_the_event_and_the_next_start_reopens_it(qtbot, small_event, tmp_path):
    from rallydesk.gui import app

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(small_event)
    w.close()  # saves the geometry, closes the event
    assert Preferences().last == str(small_event.resolve())
    assert w.recent_files()[0] == str(small_event.resolve())
    assert Preferences().geometry is not None
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert [
        w2.welcome.recent.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(w2.welcome.recent.count())
    ] == [str(small_event.resolve())]
    assert w2.welcome.recent.item(0).text().startswith("baja.rallydesk")
    assert [a.text() for a in w2.menus.recent_menu.actions()] == [str(small_event.resolve())]
    png = tmp_path / "start.png"
    assert (
        app.run(None, screenshot=str(png)) == 0
    )  # `rallydesk --screenshot`: the last event reopened
    assert png.stat().st_size > 10_000


def test_a_damaged_file_is_explained_without_a_traceback(tmp_path, capsys):
    from rallydesk.gui.app import run

    bad = tmp_path / "wrecked.rallydesk"
    bad.write_bytes(b"this is not an event file at all" * 100)
    assert run(str(bad), screenshot=str(tmp_path / "x.png")) == 1
    err = capsys.readouterr().err
    assert "wrecked.rallydesk" in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_read_only_desk_cannot_key(qtbot, small_event):
    w = MainWindow(readonly=True)
    qtbot.addWidget(w)
    assert w.open_path(small_event)
    entry = w.desk.entry
    assert not entry.number.isEnabled() and not entry.time.isEnabled()
    entry.number.setText("203")
    entry.time.setText("2:00:00")
    assert not entry.commit()
    assert "read-only" in entry.message.text()
    assert w.rally_event.existing_time(2, 203) is None
    w.close_event()


def test_dark_theme_is_remembered(qtbot, window):
    window.menus.dark_action.trigger()
    assert Preferences().dark is True
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 100
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.menus.dark_action.isChecked()
    window.menus.dark_action.trigger()
    assert Preferences().dark is False
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 150


def test_tabs_and_their_shortcuts_are_in_the_view_menu(qtbot, window):
    tabs = window.desk.tabs
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == [
        "Time entry",
        "Classifications",
        "Set-up",
        "Penalties",
        "Publication",
        "Journal",
    ]
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for a in view_menu.actions()}
    assert shortcuts["Classifications"] == "Ctrl+2" and shortcuts["Time entry"] == "Ctrl+1"
    assert shortcuts["Publication"] == "Ctrl+5" and shortcuts["Journal"] == "Ctrl+6"
    timing = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Timing")
    assert {a.text(): a.shortcut().toString() for a in timing.actions()}["Mark DNF"] == "F6"


def test_classifications_tab_updates_live_and_keeps_a_selection(qtbot, window):
    desk = window.desk
    board = desk.board_views
    assert [v.selection()[2] for v in board] == [
        "CAR",
        "T2",
    ]  # one category: Cars and Stock side by side
    tester = QAbstractItemModelTester(
        board[1].model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    board[0].select_number(501)
    desk.entry.ask_confirm = lambda q: True
    key(
        qtbot, desk.entry, "502", "1:50:00"
    )  # Stock 502 now leads the stage, and jumps the Stock overall
    desk.tabs.setCurrentWidget(desk.board)  # a hidden tab's views catch up when they are shown
    stock = board[1].model
    assert [stock.index(r, 1).data() for r in range(stock.rowCount())] == ["502", "501"]
    assert board[0].selected_number() == 501
    assert tester


def test_views_can_be_added_and_closed_and_hide_columns(qtbot, window):
    desk = window.desk
    before = len(desk.views)
    window.add_view()
    assert len(desk.views) == before + 1
    view = desk.views[-1]
    names = view.column_names()
    assert "Team" in names and view.table.isColumnHidden(names.index("Team"))
    view.show_column("Team")
    assert not view.table.isColumnHidden(names.index("Team"))
    view.closed.emit()
    assert len(desk.views) == before


def test_status_key_f6_from_the_keyboard(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    entry = window.desk.entry
    entry.number.setFocus()
    qtbot.keyClicks(entry.number, "203")
    qtbot.keyClick(entry.number, Qt.Key.Key_F6)
    assert entry.status == "DNF"
    qtbot.keyClicks(entry.reason, "fuel pump")
    qtbot.keyClick(entry.reason, Qt.Key.Key_Return)
    t = window.rally_event.existing_time(2, 203)
    assert (t.status, t.reason) == ("DNF", "fuel pump")


def test_last_keyed_list_follows_undo(qtbot, window):
    entry = window.desk.entry
    key(qtbot, entry, "203", "2:01:00")
    assert (
        entry.recent.item(0).text().startswith("S2  #203")
        and "undone" not in entry.recent.item(0).text()
    )
    assert entry.recent.undo_button.isEnabled()
    entry.recent.undo_button.click()
    assert "undone" in entry.recent.item(0).text()
    assert window.rally_event.existing_time(2, 203) is None
    window.undo_stack.redo()
    assert "undone" not in entry.recent.item(0).text()


def test_export_offers_to_open_the_folder(qtbot, window, tmp_path):
    asked = []
    window.exports.ask_open_folder = lambda q: asked.append(q) or False
    out = window.exports.export_to(tmp_path / "s2.xlsx", 2)
    assert out == tmp_path / "s2.xlsx" and out.stat().st_size > 0
    assert asked and "s2.xlsx" in asked[0]


def test_keying_on_the_dakar_cars(qtbot, dakar_cars):
    """The sourced Dakar 2026 cars: a crew still without a time on the desk's stage is keyed in."""
    path = str(dakar_cars.path)  # a file, or a server (its URL: no password in the tests)
    dakar_cars.close()  # the window takes the writer's lock
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(path)
    desk = w.desk
    entry = desk.entry
    stage_view = desk.views[0]
    stage = entry.current_stage()
    data = w.rally_event.data
    timed = {t.number for t in data.times if t.stage == stage}
    number = next(
        e.number
        for e in data.entries
        if e.number not in timed
        and not any(t.number == e.number and t.status in ("RET", "DSQ", "EXP") for t in data.times)
    )
    model = stage_view.model
    time_col = stage_view.column_names().index("Time")
    times = sorted(
        model.index(r, time_col).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())
    )
    keyed_ms = times[len(times) // 2] + 1000  # one second slower than the median crew
    expected_position = 1 + sum(1 for t in times if t < keyed_ms)
    entry.ask_confirm = lambda q: True
    h, rest = divmod(keyed_ms // 1000, 3600)
    key(qtbot, entry, str(number), f"{h}:{rest // 60:02d}:{rest % 60:02d}")
    row = model.row_of(number)
    assert row is not None and model.index(row, 0).data() == str(expected_position)
    overall = desk.views[1].model
    assert overall.row_of(number) is not None or number in {
        n.number for n in overall.classification().not_classified
    }
    w.close_event()


def test_views_beside_the_entry_follow_the_keyed_crews_category(qtbot, window):
    from rallydesk.domain.model import CrewMember, Entry, Group

    ev = window.rally_event
    ev.put_group(Group("BIKE", "Bikes"))
    ev.put_group(Group("RGP", "Rally GP", "class", "BIKE"))
    ev.put_entry(
        Entry(1, "RGP", (CrewMember("driver", "Daniel Sanders", "AUS"),), "KTM", "KTM 450")
    )
    desk = window.desk
    assert [v.selection()[2] for v in desk.views] == ["CAR", "CAR"]
    key(qtbot, desk.entry, "1", "4:10:00")
    assert [v.selection() for v in desk.views] == [(2, False, "BIKE"), (2, True, "BIKE")]
    assert desk.views[0].model.index(0, 1).data() == "1"
    assert [v.selection()[2] for v in desk.board_views] == [
        "CAR",
        "T2",
    ]  # the Classifications tab stays
    qtbot.keyClicks(desk.entry.number, "201")
    qtbot.keyClick(
        desk.entry.number, Qt.Key.Key_Return
    )  # a car again: the views go back before keying
    assert [v.selection()[2] for v in desk.views] == ["CAR", "CAR"]


def test_the_800_entry_event_updates_without_resetting(qtbot, tmp_path):
    """`rallydesk generate` size: Enter moves rows in both views, never resets them."""
    from rallydesk.generate import write_generated

    path = tmp_path / "big.rallydesk"
    write_generated(path, 800, 14, 1)
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(path)
    desk = w.desk
    signals = {"reset": 0, "moved": 0, "layout": 0}
    for view in desk.views:
        QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        view.model.modelReset.connect(lambda: signals.__setitem__("reset", signals["reset"] + 1))
        view.model.rowsMoved.connect(lambda *a: signals.__setitem__("moved", signals["moved"] + 1))
        view.model.layoutChanged.connect(
            lambda *a: signals.__setitem__("layout", signals["layout"] + 1)
        )
    stage_rows = desk.views[0].model.classification().rows
    entry = desk.entry
    entry.ask_replace_reason = lambda q: "re-read"
    entry.ask_confirm = lambda q: True
    last = stage_rows[-1].number
    desk.views[1].select_number(stage_rows[len(stage_rows) // 2].number)
    selected = desk.views[1].selected_number()
    key(qtbot, entry, str(last), "1:00:00")  # the slowest crew keyed fastest: it climbs to the top
    assert desk.views[0].model.index(0, 1).data() == str(last)
    assert signals["reset"] == 0 and signals["layout"] == 0
    assert 1 <= signals["moved"] <= 2  # one row moved in each view, not hundreds
    assert desk.views[1].selected_number() == selected
    w.close_event()


def test_a_file_from_a_newer_rallydesk_is_refused_clearly(small_event, tmp_path, capsys):
    import sqlite3

    from rallydesk.gui.app import run

    with sqlite3.connect(small_event) as db:  # a schema step this version does not know
        db.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) "
            "values ('rallydesk', '0099_future_step', '2030-01-01')"
        )
    db.close()
    assert run(str(small_event), screenshot=str(tmp_path / "x.png")) == 1
    err = capsys.readouterr().err
    assert "newer RallyDesk" in err and "baja.rallydesk" in err and "Traceback" not in err


def _row_in_sight(view, number: int) -> bool:
    row = view.model.row_of(number)
    rect = view.table.visualRect(view.model.index(row, 0))
    return rect.isValid() and view.table.viewport().rect().intersects(rect)


def test_scroll_survives_a_live_update_or_follows_the_keyed_crew(qtbot, tmp_path):
    from rallydesk.generate import write_generated

    path = tmp_path / "big.rallydesk"
    write_generated(path, 300, 3, 2)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 850)
    assert w.open_path(path)
    w.show()
    qtbot.waitExposed(w)
    desk = w.desk
    entry = desk.entry
    entry.ask_replace_reason = lambda q: "re-read"
    entry.ask_confirm = lambda q: True
    stage_view = desk.views[0]
    rows = stage_view.model.classification().rows
    # off: the official scrolled half-way down; a crew keyed at the top does not move the view
    w.menus.follow_action.trigger()
    assert w.menus.follow_action.isChecked() is False and desk.follow_keyed is False
    bar = stage_view.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    key(qtbot, entry, str(rows[-1].number), "0:30:00")
    assert stage_view.model.index(0, 1).data() == str(rows[-1].number)
    assert bar.value() == before  # scroll survived the live update
    assert not _row_in_sight(stage_view, rows[-1].number)
    # on: the views show where the keyed crew landed
    w.menus.follow_action.trigger()
    key(qtbot, entry, str(rows[-2].number), "0:30:30")
    assert _row_in_sight(stage_view, rows[-2].number)
    assert Preferences().follow_keyed is True
    w.close_event()


def test_the_classifications_tab_shows_team_and_vehicle_and_whole_names(qtbot, window):
    """Views one above the other at the window's width: nothing hidden, no name cut."""
    from rallydesk.domain.model import CrewMember, Entry

    ev = window.rally_event
    long_name = Entry(
        203,
        "T1",
        (
            CrewMember("driver", "Jonas WEBER-SCHWARZENBERGER", "GER"),
            CrewMember("co-driver", "Maximilian VON HOHENSTEIN", "AUT"),
        ),
        "Overdrive Racing Hilux Team",
        "Toyota Hilux Overdrive",
    )
    ev.put_entry(long_name)
    window.resize(1400, 900)
    window.desk.tabs.setCurrentWidget(window.desk.board)
    qtbot.wait(10)
    for view in window.desk.board_views:
        assert view.width() > 1200  # the whole width, not half of it
        table, names = view.table, view.column_names()
        for column in ("Team", "Vehicle", "Crew"):
            col = names.index(column)
            assert not table.isColumnHidden(col)
            width = table.horizontalHeader().sectionSize(col)
            for r in range(view.model.rowCount()):
                text = view.model.index(r, col).data()
                assert table.fontMetrics().horizontalAdvance(text) < width, (column, text, width)
