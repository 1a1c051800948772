"""Issue 14's defects, each through the real window driven by keystrokes, as an official at 2 a.m."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rallydesk.services import Event


def keys(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def key_time(qtbot, entry, number: str, time: str) -> None:
    keys(qtbot, entry.number, number)
    keys(qtbot, entry.time, time)


def test_the_confirmation_of_what_was_stored_stays_after_enter(qtbot, window):
    entry = window.desk.entry
    key_time(qtbot, entry, "203", "2:01:00")
    assert entry.number.text() == ""
    text = entry.message.text()
    assert "recorded #203" in text and "2h 01' 00''" in text and "stage 2" in text
    qtbot.keyClicks(entry.number, "5")  # the next number: the confirmation is still read
    assert "recorded #203" in entry.message.text()


def test_a_time_for_a_crew_retired_earlier_is_named_and_asked(qtbot, window):
    window.rally_event.record_time(1, 502, status="RET", reason="engine")
    entry = window.desk.entry
    asked = []
    entry.ask_confirm = lambda q: asked.append(q) or False
    keys(qtbot, entry.number, "502")
    assert "RET since stage 1" in entry.message.text() and "engine" in entry.message.text()
    keys(qtbot, entry.time, "2:25:00")
    assert asked and "RET since stage 1" in asked[0] and "no classification" in asked[0]
    assert window.rally_event.existing_time(2, 502) is None
    assert "not recorded" in entry.message.text()


def test_ret_and_dsq_need_a_reason(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    entry = window.desk.entry
    entry.number.setFocus()
    for status_key in (Qt.Key.Key_F7, Qt.Key.Key_F8):
        qtbot.keyClicks(entry.number, "203")
        qtbot.keyClick(entry.number, status_key)
        assert entry.status in ("RET", "DSQ")
        qtbot.keyClick(entry.reason, Qt.Key.Key_Return)  # a stray F7, Enter
        assert window.rally_event.existing_time(2, 203) is None
        assert "needs a reason" in entry.message.text()
        qtbot.keyClick(entry.reason, Qt.Key.Key_Escape)
    qtbot.keyClicks(entry.number, "203")
    qtbot.keyClick(entry.number, Qt.Key.Key_F7)
    keys(qtbot, entry.reason, "engine fire")
    t = window.rally_event.existing_time(2, 203)
    assert (t.status, t.reason) == ("RET", "engine fire")


def test_undo_never_removes_an_imported_time(qtbot, window, tmp_path):
    entry = window.desk.entry
    key_time(qtbot, entry, "203", "2:01:00")
    assert window.undo_stack.canUndo()
    csv = tmp_path / "times.csv"
    csv.write_text("stage,number,elapsed\n2,203,2:05:00\n2,502,2:30:00\n", encoding="utf-8")
    window.rally_event.import_files([csv])
    assert (
        not window.undo_stack.canUndo()
    )  # the import cleared the stack: Ctrl+Z cannot reach under it
    qtbot.keyClick(entry.number, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.undo_stack.undo()
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (2 * 3600 + 5 * 60) * 1000
    assert window.rally_event.existing_time(2, 502) is not None
    assert (
        entry.recent.count()
        and "#502" in entry.recent.item(0).text()
        or "#203" in entry.recent.item(0).text()
    )


def test_undo_of_a_result_changed_since_acts_not_and_leaves_the_stack_agreeing(qtbot, window):
    entry = window.desk.entry
    key_time(qtbot, entry, "203", "2:01:00")
    window.rally_event.record_time(2, 203, elapsed="2:09:00", reason="another desk's correction")
    window.undo_stack.undo()
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (2 * 3600 + 9 * 60) * 1000
    assert window.undo_stack.count() == 0  # dropped, not shown undone
    assert "changed since it was keyed" in entry.message.text()


def test_undo_of_a_replaced_start_and_finish(qtbot, window):
    entry = window.desk.entry
    entry.ask_replace_reason = lambda q: "finish re-read"
    keys(qtbot, entry.number, "203")
    keys(qtbot, entry.start, "09:00:00")
    keys(qtbot, entry.time, "110100")
    first = window.rally_event.existing_time(2, 203)
    assert (first.start_ms, first.elapsed_ms) == (9 * 3600_000, (2 * 3600 + 60) * 1000)
    keys(qtbot, entry.number, "203")  # the start comes back from the file
    assert entry.start.text() == "09:00:00"
    keys(qtbot, entry.time, "110500")
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (2 * 3600 + 5 * 60) * 1000
    window.undo_stack.undo()
    assert window.rally_event.existing_time(2, 203) == first.__class__(
        **{**first.__dict__, "reason": "undo"}
    )
    window.undo_stack.undo()
    assert window.rally_event.existing_time(2, 203) is None
    assert window.undo_stack.index() == 0
    window.undo_stack.redo()
    window.undo_stack.redo()
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (2 * 3600 + 5 * 60) * 1000


def test_a_read_only_desk_follows_the_writer_within_a_second(qtbot, small_event):
    from rallydesk.gui.main_window import MainWindow

    writer = Event.open(small_event)
    w = MainWindow(readonly=True)
    qtbot.addWidget(w)
    try:
        assert w.open_path(small_event)
        entry = w.desk.entry
        assert "Read-only" in entry.message.text() and "Written by" in entry.message.text()
        stage_view = w.desk.views[0]
        assert stage_view.model.row_of(203) is None
        writer.record_time(2, 203, elapsed="1:59:00")
        qtbot.waitUntil(lambda: stage_view.model.row_of(203) == 0, timeout=1500)
        assert w.rally_event.existing_time(2, 203).elapsed_ms == (3600 + 59 * 60) * 1000
        assert "#203" in entry.recent.item(0).text()
    finally:
        w.close_event()
        writer.close()


def test_quitting_after_keying_is_quiet(qtbot, small_event, capsys):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow()
    assert w.open_path(small_event)
    w.show()
    key_time(qtbot, w.desk.entry, "203", "2:01:00")
    w.close()  # File > Quit
    shiboken6.delete(w)  # what the end of the application does to the window and its undo stack
    del w
    gc.collect()
    QApplication.processEvents()
    err = capsys.readouterr().err
    assert "RuntimeError" not in err and "already deleted" not in err


def test_columns_widen_when_a_penalty_appears(qtbot, window):
    view = window.desk.views[1]
    col = view.column_names().index("Penalty")
    narrow = view.table.horizontalHeader().sectionSize(col)
    window.rally_event.add_adjustment(2, 201, "+0:05:00", reason="speeding")
    text = view.model.index(view.model.row_of(201), col).data()
    assert text.startswith("+ 00h 05'")
    wide = view.table.horizontalHeader().sectionSize(col)
    assert wide > narrow and wide >= view.table.fontMetrics().horizontalAdvance(text)


def test_ctrl_f_finds_a_crew_in_every_view(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.desk.entry.number, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.desk.search
    assert search.isVisible() and search.hasFocus()
    qtbot.keyClicks(search, "rossi")
    assert window.desk.found_number() == 202
    assert all(v.selected_number() == 202 for v in window.desk.views)
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert not search.isVisible()
    window.desk.tabs.setCurrentWidget(window.desk.setup)
    qtbot.keyClick(window.desk.setup, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.desk.setup.search.hasFocus()


def test_last_keyed_is_filled_after_a_restart(qtbot, small_event):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(small_event)
    key_time(qtbot, w.desk.entry, "203", "2:01:00")
    w.close_event()
    assert w.open_path(small_event)
    recent = w.desk.entry.recent
    assert recent.count() >= 1 and recent.item(0).text().startswith("S2  #203  2h 01' 00''")
    key_time(qtbot, w.desk.entry, "502", "2:31:00")  # a first Enter after the restart
    texts = [recent.item(i).text() for i in range(recent.count())]
    assert "#502" in texts[0] and texts[1].startswith("S2  #203  2h 01' 00''")  # still there
    w.close_event()


def test_an_unsigned_adjustment_is_refused_in_good_english(qtbot, window):
    pen = window.desk.adjustments
    qtbot.keyClicks(pen.stage, "2")
    qtbot.keyClicks(pen.number, "201")
    qtbot.keyClicks(pen.amount, "5'")
    keys(qtbot, pen.reason, "speeding")
    assert "is not an adjustment" in pen.message.text() and "a adjustment" not in pen.message.text()


def test_the_number_field_selects_its_text_after_an_error(qtbot, window):
    entry = window.desk.entry
    keys(qtbot, entry.number, "999")
    assert "not entered" in entry.message.text()
    assert entry.number.selectedText() == "999"
    keys(qtbot, entry.number, "203")  # the keystrokes replace the refused number
    assert entry.number.text() == "203"


def _shown(view, column: str) -> dict[int, str]:
    col = view.column_names().index(column)
    m = view.model
    return {m.number_at(r): m.index(r, col).data() for r in range(m.rowCount())}


def test_the_overall_keeps_pending_crews_in_place_and_explains_them(qtbot, window):
    overall = window.desk.views[1]
    assert "since the overall after stage 1" in overall.legend.text()
    assert "pending" in overall.legend.text()
    m = overall.model
    # #203 was 3rd and #502 5th after stage 1; neither is keyed on stage 2: they stay there
    assert [m.number_at(r) for r in range(m.rowCount())] == [201, 202, 203, 501, 502]
    pos, time = _shown(overall, "Pos"), _shown(overall, "Time")
    assert (pos[203], time[203]) == ("(3)", "pending") and pos[502] == "(5)"
    assert pos[501] == "4" and _shown(overall, "Change")[501] == "="  # nobody overtook it
    assert "1 classified" not in overall.status.text() and "2 pending" in overall.status.text()
    assert overall.not_classified_rows() == []  # pending crews are in the table, not out
    key_time(qtbot, window.desk.entry, "203", "2:01:00")
    pos, time = _shown(overall, "Pos"), _shown(overall, "Time")
    assert pos[203] == "3" and time[203] != "pending" and not m.is_pending(203)
    assert pos[502] == "(5)" and m.is_pending(502)


def test_tied_positions_are_marked_and_the_mark_leaves_with_the_tie(qtbot, window):
    stage = window.desk.views[0]
    assert stage.selection()[:2] == (2, False)
    key_time(qtbot, window.desk.entry, "203", "2:00:30")  # the same as #202
    pos = _shown(stage, "Pos")
    assert pos[202] == "2=" and pos[203] == "2=" and pos[201] == "1"
    repainted: list[tuple[int, int]] = []
    stage.model.dataChanged.connect(lambda a, b, *_: repainted.append((a.row(), b.row())))
    window.rally_event.record_time(2, 203, elapsed="2:01:00", reason="misread")
    pos = _shown(stage, "Pos")
    assert pos[202] == "2" and pos[203] == "3"
    # #202's own values did not change, its mark did: the view is told to repaint its row
    row = stage.model.row_of(202)
    assert any(first <= row <= last for first, last in repainted)


def test_the_missing_list_follows_every_kind_of_change_without_refilling(qtbot, window):
    """Keyed, replaced, deleted, retired on an earlier stage, keyed on a later one: after each,
    the list is what the services say is still to key (the list is updated, not refilled)."""
    ev, entry = window.rally_event, window.desk.entry

    def shown() -> list[int]:
        items = [entry.missing.item(r) for r in range(entry.missing.count())]
        return [i.data(Qt.ItemDataRole.UserRole) for i in items]

    def expected() -> list[int]:
        return [e.number for e in ev.still_without_time(2, entry.missing.category)]

    assert entry.current_stage() == 2 and shown() == expected() == [203, 502]
    steps = [
        lambda: ev.record_time(2, 203, elapsed="2:01:00"),  # keyed: leaves the list
        lambda: ev.record_time(2, 203, elapsed="2:01:30", reason="misread"),  # replaced
        lambda: ev.delete_time(2, 201, reason="wrong crew"),  # deleted: back on the list
        lambda: ev.record_time(1, 502, status="RET", reason="engine"),  # out before stage 2
        lambda: ev.delete_time(1, 502, reason="keyed in error"),  # and back
        lambda: ev.record_time(1, 502, elapsed="3:31:00"),
    ]
    for step in steps:
        step()
        assert shown() == expected()
    assert entry.missing.title.text().endswith(f"({len(expected())})")
