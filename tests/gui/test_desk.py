"""The real window driven by keystrokes: number, Enter, time, Enter — and the models move."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from rallydesk.gui.models import ClassificationModel
from rallydesk.gui.preferences import Preferences


def model_rows(model: ClassificationModel) -> list[tuple[str, str]]:
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def key_time(qtbot, window, number: str, time: str) -> None:
    entry = window.desk.entry
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    assert entry.crew.text() != "–"  # Enter on the number showed the crew before the time is keyed
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)


def test_key_a_time_and_both_views_move(qtbot, window):
    desk = window.desk
    assert desk.entry.current_stage() == 2  # where keying left off
    stage_view, overall_view = desk.views
    assert stage_view.selection() == (2, False, "CAR") and overall_view.selection() == (
        2,
        True,
        "CAR",
    )
    assert model_rows(stage_view.model) == [("1", "201"), ("2", "202"), ("3", "501")]
    qtbot.keyClicks(desk.entry.number, "203")
    assert "Jonas WEBER" in desk.entry.crew.text()
    key_time(qtbot, window, "", "1:59:00")
    assert desk.entry.number.text() == "" and desk.entry.time.text() == ""
    assert model_rows(stage_view.model) == [("1", "203"), ("2", "201"), ("3", "202"), ("4", "501")]
    # overall after 2: 203 = 3:02 + 1:59 = 5:01:00, 201 = 5:00:00, 202 = 5:01:30
    assert model_rows(overall_view.model)[:3] == [("1", "201"), ("2", "203"), ("3", "202")]
    change_col = overall_view.model.column_keys().index("Change")
    assert overall_view.model.index(1, change_col).data() == "▲1"  # 203 was 3rd after stage 1
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (1 * 3600 + 59 * 60) * 1000
    assert desk.entry.recent.item(0).text().startswith("S2  #203")


def test_bad_time_stays_in_the_field_with_the_reason(qtbot, window):
    entry = window.desk.entry
    qtbot.keyClicks(entry.number, "203")
    qtbot.keyClicks(entry.time, "1:5x:00")
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)
    assert entry.time.text() == "1:5x:00"
    assert "is not a duration" in entry.message.text() and "accepted forms" in entry.message.text()
    assert window.rally_event.existing_time(2, 203) is None


def test_replacing_asks_for_a_reason(qtbot, window):
    entry = window.desk.entry
    asked = []
    entry.ask_replace_reason = lambda q: asked.append(q) or None  # the official cancels
    key_time(qtbot, window, "201", "2:10:00")
    assert asked and "already has" in asked[0]
    assert window.rally_event.existing_time(2, 201).elapsed_ms == 2 * 3600 * 1000  # unchanged
    entry.ask_replace_reason = lambda q: "transponder re-read"
    entry.time.clear()
    qtbot.keyClicks(entry.time, "2:10:00")
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)
    assert window.rally_event.existing_time(2, 201).elapsed_ms == (2 * 3600 + 600) * 1000
    last = window.rally_event.journal(stage=2, number=201)[-1]
    assert last["action"] == "time.replace" and last["reason"] == "transponder re-read"


def test_implausible_time_asks_for_confirmation(qtbot, window):
    entry = window.desk.entry
    asked = []
    entry.ask_confirm = lambda q: asked.append(q) or False
    key_time(qtbot, window, "203", "0:59:00")  # half the stage's best: a typing slip
    assert asked and "best time" in asked[0]
    assert window.rally_event.existing_time(2, 203) is None
    assert entry.time.text() == "0:59:00"


def test_undo_and_redo_a_keyed_time(qtbot, window):
    key_time(qtbot, window, "203", "2:01:00")
    assert window.rally_event.existing_time(2, 203) is not None
    window.undo_stack.undo()
    assert window.rally_event.existing_time(2, 203) is None
    assert "203" not in [n for _, n in model_rows(window.desk.views[0].model)]
    window.undo_stack.redo()
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (2 * 3600 + 60) * 1000


def test_status_keys_record_dnf_with_reason(qtbot, window):
    entry = window.desk.entry
    qtbot.keyClicks(entry.number, "203")
    entry.set_status("DNF")  # F6
    qtbot.keyClicks(entry.reason, "gearbox")
    qtbot.keyClick(entry.reason, Qt.Key.Key_Return)
    t = window.rally_event.existing_time(2, 203)
    assert t.status == "DNF" and t.reason == "gearbox"
    overall = window.desk.views[1].model.classification()
    assert [n.number for n in overall.not_classified] == [203, 502]


def test_selection_survives_a_live_update(qtbot, window):
    view = window.desk.views[1]
    view.select_number(202)
    window.desk.entry.ask_confirm = lambda q: True
    key_time(qtbot, window, "203", "1:55:00")  # 203 jumps to first: every row below moves
    assert view.selected_number() == 202
    assert view.model.row_of(202) == 2


def test_models_pass_the_item_model_tester_during_live_updates(qtbot, window):
    testers = [
        QAbstractItemModelTester(v.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for v in window.desk.views
    ]
    window.desk.entry.ask_confirm = lambda q: True
    window.desk.entry.ask_replace_reason = lambda q: "correction"
    for number, time in (
        ("203", "2:01:00"),
        ("502", "1:58:00"),
        ("201", "2:30:00"),
        ("203", "2:02:00"),
    ):
        key_time(qtbot, window, number, time)
    window.rally_event.add_adjustment(2, 502, "+0:05:00", reason="speeding")
    assert testers


def test_views_switch_group_and_scope(qtbot, window):
    view = window.desk.views[0]
    view.set_selection(1, True, "T2")
    assert view.selection() == (1, True, "T2")
    assert model_rows(view.model) == [("1", "501"), ("2", "502")]
    assert {"Cat. pos", "Change"} <= set(view.model.column_keys())
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def test_read_only_title(qtbot, small_event):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow(readonly=True)
    qtbot.addWidget(w)
    assert w.open_path(small_event)
    assert "(read-only)" in w.windowTitle()
    w.close_event()


def test_export_from_the_window(qtbot, window, tmp_path):
    out = window.exports.export_to(tmp_path / "s2.xlsx", 2)
    assert out is not None and out.exists()


def test_screenshot_run_writes_a_png(tmp_path, small_event):
    from rallydesk.gui.app import run

    png = tmp_path / "shot.png"
    assert run(str(small_event), screenshot=str(png)) == 0
    assert png.stat().st_size > 10_000


def test_damaged_file_offers_the_latest_good_backup(qtbot, small_event, tmp_path):
    from rallydesk.gui.main_window import MainWindow
    from rallydesk.services import Event

    folder = tmp_path / "usb"
    folder.mkdir()
    with Event.open(small_event) as ev:
        ev.set_backup_folder(folder)
        assert ev.backup_now("test") is not None
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(small_event)  # remembers the backup folder of this event
    w.close_event()
    small_event.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)  # the file is wrecked
    asked = []
    w.restorer.ask_restore = lambda q: asked.append(q) or True
    assert w.open_path(small_event)
    assert asked and "latest good backup" in asked[0]
    assert w.rally_event.existing_time(1, 201) is not None
    assert any(".before-restore-" in p.name for p in small_event.parent.iterdir())
    w.close_event()
    Preferences().set_backup_folder(small_event, None)


def test_backup_warning_is_shown_loudly(qtbot, window, tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    window.rally_event.set_backup_folder(folder)
    folder.rmdir()
    window.desk.entry.ask_confirm = lambda q: True
    key_time(qtbot, window, "203", "2:01:00")
    # the copy runs off the desk's thread: its warning arrives through the event loop
    qtbot.waitUntil(lambda: "BACKUP FAILED" in window.statusBar().currentMessage())
    assert window.rally_event.existing_time(2, 203) is not None


import pytest  # noqa: E402

#: every way docs/rules.md §7 lets an official key the same 2:01:00 (start, time field)
SAME_RESULT = [
    ("", "2:01:00"),
    ("", "02:01:00"),
    ("", "2h01'00\""),
    ("", "2h 01' 00''"),
    ("", "2:01:00.9"),
    ("", "2:01:00,9"),
    ("08:00:00", "10:01:00"),
    ("080000", "100100"),
    ("8:00:00", "10:01:00.4"),
    ("23:30:00", "01:31:00 +1"),
]


@pytest.mark.parametrize(("start", "time"), SAME_RESULT)
def test_every_form_of_rules_7_keys_the_same_result(qtbot, window, start, time):
    entry = window.desk.entry
    qtbot.keyClicks(entry.number, "203")
    if start:
        qtbot.keyClicks(entry.start, start)
        qtbot.keyClick(entry.start, Qt.Key.Key_Return)
        assert entry.time_mode.text() == "Finish"
    qtbot.keyClicks(entry.time, time)
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)
    assert entry.number.text() == "", entry.message.text()
    kept = window.rally_event.existing_time(2, 203).elapsed_ms  # kept at full resolution …
    assert kept // 1000 == 2 * 3600 + 60
    model = window.desk.views[
        0
    ].model  # … and classified truncated to the stage's 1 s (docs/rules.md §1)
    assert model_rows(model)[2] == ("3", "203")  # 201 2:00:00, 202 2:00:30, then 203
    assert model.index(2, model.column_keys().index("Time")).data().strip() == "2h 01' 00''"


def test_finish_before_start_without_plus_one_is_refused_inline(qtbot, window):
    entry = window.desk.entry
    qtbot.keyClicks(entry.number, "203")
    qtbot.keyClicks(entry.start, "23:30:00")
    qtbot.keyClicks(entry.time, "01:31:00")
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)
    assert (
        "+1" in entry.message.text() and "c62828" in entry.message.text()
    )  # red, with the way out
    assert entry.time.text() == "01:31:00" and entry.start.text() == "23:30:00"
    assert window.rally_event.existing_time(2, 203) is None


def test_a_time_twice_the_median_asks_for_confirmation(qtbot, window):
    entry = window.desk.entry
    asked = []
    entry.ask_confirm = lambda q: asked.append(q) or True  # the official confirms: recorded
    key_time(qtbot, window, "203", "4:30:00")  # median of stage 2 is 2:00:30
    assert asked and "median" in asked[0]
    assert window.rally_event.existing_time(2, 203).elapsed_ms == 4.5 * 3600 * 1000


def test_number_shows_crew_class_and_known_start(qtbot, window):
    entry = window.desk.entry
    window.rally_event.record_time(2, 203, start="09:00:00", finish="11:02:00")
    qtbot.keyClicks(entry.number, "203")
    assert "Jonas WEBER" in entry.crew.text() and "T1" in entry.crew.text()
    assert "already has" in entry.crew.text()
    assert entry.start.text() == "09:00:00" and entry.time_mode.text() == "Finish"
    qtbot.keyClick(entry.number, Qt.Key.Key_Escape)
    qtbot.keyClicks(entry.number, "999")
    assert "not entered" in entry.crew.text()


def test_entries_still_without_a_time(qtbot, window):
    entry = window.desk.entry
    missing = [
        entry.missing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(entry.missing.count())
    ]
    assert missing == [203, 502]
    key_time(qtbot, window, "502", "2:25:00")
    missing = [
        entry.missing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(entry.missing.count())
    ]
    assert missing == [203]


def test_ctrl_z_after_enter_undoes_the_time_not_the_typing(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    entry = window.desk.entry
    entry.number.setFocus()
    key_time(qtbot, window, "203", "2:01:00")
    assert entry.number.hasFocus() and entry.number.text() == ""
    qtbot.keyClick(entry.number, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.rally_event.existing_time(2, 203) is None  # the keyed time is undone
    assert entry.number.text() == ""  # and the number did not come back
    qtbot.keyClick(entry.number, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.rally_event.existing_time(2, 203) is not None  # redone
    qtbot.keyClicks(entry.number, "50")
    qtbot.keyClick(entry.number, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert entry.number.text() != "50"  # while typing, Ctrl+Z is the field's own
    assert window.rally_event.existing_time(2, 203) is not None


def test_undo_of_a_replacement_puts_the_previous_time_back(qtbot, window):
    entry = window.desk.entry
    entry.ask_replace_reason = lambda q: "wrong car"
    before = window.rally_event.existing_time(2, 202)
    key_time(qtbot, window, "202", "1:59:00")
    assert model_rows(window.desk.views[0].model)[0] == ("1", "202")
    window.undo_stack.undo()
    assert window.rally_event.existing_time(2, 202).elapsed_ms == before.elapsed_ms
    assert model_rows(window.desk.views[0].model)[:2] == [("1", "201"), ("2", "202")]


def test_backup_settings_and_restore_from_the_window(qtbot, window, tmp_path):
    setup = window.desk.setup
    folder = tmp_path / "stick"
    folder.mkdir()
    setup.backup_folder.setText(str(folder))
    setup.backup_every.setText("10")
    setup.backup_keep.setText("5")
    assert setup.save_settings()
    assert window.rally_event.backup_settings() == (str(folder), 10.0, 5)
    backup = window.rally_event.backup_now("before a correction")
    assert backup is not None
    window.desk.entry.ask_confirm = lambda q: True
    key_time(qtbot, window, "203", "2:01:00")
    assert window.rally_event.existing_time(2, 203) is not None
    assert window.restorer.restore_from(backup)
    assert window.rally_event.existing_time(2, 203) is None  # back to the backup's state
    setup = window.desk.setup
    setup.backup_folder.setText(str(tmp_path / "nowhere"))
    assert not setup.save_settings()


def test_last_keyed_rows_are_sized_by_their_text_after_each_enter_and_a_zoom(qtbot, window):
    """Each row of "Last keyed" carries its size, measured once (a new row on top lays the list
    out again: 200 texts were measured at every Enter); the size must be its text's, in the
    list's font: a row keyed now, a long one, and all of them after Ctrl+plus."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    recent = window.desk.entry.recent

    def measured(row: int) -> tuple[int, int]:  # what the delegate measures with no size given
        item = recent.item(row)
        given = item.sizeHint()
        item.setData(Qt.ItemDataRole.SizeHintRole, None)
        option = QStyleOptionViewItem()
        recent.initViewItemOption(option)
        size = recent.itemDelegate().sizeHint(option, recent.indexFromItem(item))
        item.setSizeHint(given)
        return size.width(), size.height()

    def sizes() -> list[tuple[int, int]]:
        return [
            (recent.item(r).sizeHint().width(), recent.item(r).sizeHint().height())
            for r in range(recent.count())
        ]

    window.desk.entry.ask_replace_reason = lambda q: "re-read"
    key_time(qtbot, window, "203", "1:59:00")
    key_time(qtbot, window, "201", "2:00:30")
    key_time(qtbot, window, "203", "1:58:00")  # "(replaced 1h59'00'')": the longest row
    assert recent.count() >= 3 and recent.item(0).text().startswith("S2  #203")
    assert sizes() == [measured(r) for r in range(recent.count())]
    assert sizes()[0][0] > sizes()[2][0]  # a replacement row is wider than a first time
    before = sizes()
    window.desk.set_zoom(3)
    assert sizes() == [measured(r) for r in range(recent.count())]
    assert all(big[1] > small[1] for big, small in zip(sizes(), before, strict=True))
