"""Timing > Start list, Timing > Verify stage, the crew card and the not-classified list, by keystrokes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rallydesk.store.policy import DeskIdentity


def keys(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def close(dialog) -> None:
    dialog.close()
    dialog.deleteLater()


def test_start_list_generated_from_the_previous_overall_and_printed(qtbot, window, tmp_path):
    dialog = window.start_list_dialog(show=False)
    try:
        keys(qtbot, dialog.first, "080000")
        qtbot.keyClicks(dialog.interval, "30")  # after the 1' offered: "1'30" is not a duration
        dialog.interval.selectAll()
        keys(qtbot, dialog.interval, "200")  # keypad: 2:00
        assert dialog.table.rowCount() == 5
        # overall after stage 1: 201, 202, 203, 501, 502
        assert [dialog.table.item(r, 1).text() for r in range(5)] == [
            "201",
            "202",
            "203",
            "501",
            "502",
        ]
        assert [dialog.table.item(r, 4).text() for r in range(2)] == ["08:00:00", "08:02:00"]
        assert dialog.export_to(tmp_path / "start.pdf").read_bytes().startswith(b"%PDF")
        assert dialog.export_to(tmp_path / "start.xlsx").exists()
        dialog.order.setCurrentIndex(1)
        keys(qtbot, dialog.numbers, "502 501")
        assert window.rally_event.start_of(2, 502) == 8 * 3_600_000
    finally:
        close(dialog)


def test_double_keying_two_officials_three_mismatches_listed_and_settled(qtbot, window):
    ev = window.rally_event
    entry = window.desk.entry
    for number, time in (
        ("203", "2:01:00"),
        ("502", "2:25:00"),
    ):  # the first official keys at the desk
        keys(qtbot, entry.number, number)
        keys(qtbot, entry.time, time)
    dialog = window.verify_dialog(show=False)
    try:
        keys(qtbot, dialog.official, "Claire Martin")
        # second official, blind: 201 and 203 agree, 202 / 501 / 502 differ (three planted mismatches)
        for number, time in (
            ("201", "20000"),
            ("202", "20040"),
            ("203", "20100"),
            ("501", "22010"),
            ("502", "22500,5"),
        ):
            keys(qtbot, dialog.number, number)
            keys(qtbot, dialog.time, time)
            assert (
                "recorded" in dialog.message.text()
                and ":" not in dialog.message.text().split("#")[-1]
            )
        found = dialog.mismatches()
        assert [m["number"] for m in found] == [202, 501, 502]
        assert dialog.mismatch_table.rowCount() == 3
        m202 = found[0]
        assert (m202["first"], m202["second"]) == ("2h 00' 30''", "2h 00' 40''")
        assert (
            m202["first_by"] == DeskIdentity.of_this_computer().user
            and m202["second_by"] == "Claire Martin"
        )
        assert not ev.verified(2) and "3 mismatch" in dialog.count.text()
        assert {m["kind"] for m in found} == {"differ"} and "only" not in dialog.count.text()
        dialog.ask_reason = lambda q: "chrono printout"
        dialog.mismatch_table.selectRow(0)
        assert dialog.settle_selected("first")  # 202: the first keying was right
        dialog.mismatch_table.selectRow(0)
        assert dialog.settle_selected("second")  # 501: the second was right
        dialog.mismatch_table.selectRow(0)
        assert dialog.settle_selected("second")  # 502
        assert dialog.mismatches() == [] and ev.verified(2)
        assert ev.existing_time(2, 501).elapsed_ms == (2 * 3600 + 20 * 60 + 10) * 1000
        assert ev.existing_time(2, 202).elapsed_ms == (2 * 3600 + 30) * 1000
        assert "Verified" in dialog.count.text()
        # the disagreements come first, the crews keyed by one official only after them
        ev.record_time(2, 203, elapsed="2:02:00", reason="second look")  # keyed once more, later
        ev.record_second(2, 201, "Claire Martin", status="DNF", reason="stopped")
        ev.delete_time(2, 501, reason="wrong crew")
        dialog.refresh()
        kinds = [(m["number"], m["kind"]) for m in dialog.mismatches()]
        assert kinds == [(201, "differ"), (203, "differ"), (501, "second only")]
        assert "2 mismatch" in dialog.count.text() and "1 keyed by one" in dialog.count.text()
    finally:
        close(dialog)


def test_the_crew_card_opens_with_enter_on_a_crew(qtbot, window):
    window.rally_event.add_adjustment(1, 202, "+0:01:00", reason="speeding")
    view = window.desk.views[1]
    view.table.setFocus()
    view.select_number(202)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    card = window.desk.crew_card
    try:
        assert card.card["number"] == 202
        assert card.stages.rowCount() == 2
        # the stage time counts the stage's penalty, shown beside it
        assert card.stages.item(0, 1).text() == "3h 02' 00''" and card.stages.item(
            0, 3
        ).text().startswith("+ 00h 01'")
        assert len(card.chart.positions) == 2 and None not in card.chart.positions
        assert card.journal.count() >= 3  # entry, its times, the penalty
        assert any(
            "adjustment.add" in card.journal.item(i).text() for i in range(card.journal.count())
        )
    finally:
        close(card)


def test_the_not_classified_list_with_status_stage_and_reason(qtbot, window):
    window.rally_event.record_time(2, 203, status="RET", reason="engine fire")
    view = window.desk.views[1]
    # #502, not keyed on stage 2 yet, is pending in the table, not out of the classification
    assert "Not classified (1)" == view.nc_button.text() and view.model.is_pending(502)
    view.nc_button.click()
    assert view.nc_table.isVisible()
    assert ("203", "Jonas WEBER (FRA)", "RET", "2", "engine fire") in view.not_classified_rows()
