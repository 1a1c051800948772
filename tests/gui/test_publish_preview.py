"""Issue 22 at the desk, the way an official goes: the Publication tab by the View menu and its
shortcut, publishing by the button's shortcut, the confirmation that says what will be posted
(crews timed, without a time, not classified, gone from the overall) with a preview, and the
printing and export of exactly a chosen published version."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rallydesk.services import Event

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def menu_action(window, menu_text: str, fragment: str):
    """The action of a top menu whose text (without the &) contains ``fragment``."""
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu_text:
            for a in top.menu().actions():
                if fragment in a.text().replace("&", ""):
                    return a
    raise AssertionError(f"no {fragment!r} in the {menu_text} menu")


def activate(qtbot, window) -> None:
    """Offscreen, a closed dialog does not give the activation back as a desktop does."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture
def active(qtbot, window):
    activate(qtbot, window)
    return window


def publication_tab(qtbot, window):
    """View > Publication, by its shortcut (a key press in the window)."""
    action = menu_action(window, "View", "Publication")
    keys = action.shortcut()
    focused = QApplication.focusWidget() or window
    qtbot.keyClick(focused, keys[0].key(), keys[0].keyboardModifiers())
    desk = window.desk
    assert desk.tabs.currentWidget() is desk.publication
    return desk.publication


def press_publish(qtbot, pub):
    activate(qtbot, pub.window())
    pub.table.setFocus()
    before = pub.publish_dialog
    qtbot.keyClick(pub.table, Qt.Key.Key_P, CTRL_SHIFT)  # a button's shortcut clicks it soon after
    qtbot.waitUntil(lambda: pub.publish_dialog is not before and pub.publish_dialog.isVisible())
    return pub.publish_dialog


def test_the_tab_names_stages_counts_crews_without_a_time_and_starts_on_the_keyed_stage(
    qtbot, active
):
    active.desk.entry.set_stage(1)
    pub = publication_tab(qtbot, active)
    u = pub.current()
    assert (u["stage"], u["category"]) == (1, "CAR")  # the stage the time entry keys
    titles = [pub.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    col = titles.index("Without a time")
    stage_col = titles.index("Stage")
    row2 = pub.model.row_of(2, "CAR")
    assert pub.model.index(row2, stage_col).data() == "2 – Hail – Riyadh"
    assert pub.model.index(row2, col).data() == "2"  # 203 and 502
    assert pub.model.index(pub.model.row_of(1, "CAR"), col).data() == ""
    # the official keys stage 2 now: the tab follows when shown again
    active.desk.tabs.setCurrentIndex(0)
    active.desk.entry.set_stage(2)
    pub = publication_tab(qtbot, active)
    assert pub.current()["stage"] == 2


def test_publishing_asks_first_naming_crews_without_a_time_and_those_gone_from_the_overall(
    qtbot, active
):
    ev = active.rally_event
    active.desk.entry.set_stage(2)
    pub = publication_tab(qtbot, active)
    dialog = press_publish(qtbot, pub)
    assert dialog.summary.text() == "3 crews timed · 2 without a time · 0 not classified"
    assert [r[0] for r in dialog.rows(dialog.untimed)] == ["203", "502"]
    assert "Jonas WEBER" in dialog.rows(dialog.untimed)[0][1]  # names, not only numbers
    dropped = {r[0]: r for r in dialog.rows(dialog.dropped)}
    assert dropped["203"][2] == "P3" and dropped["502"][2] == "P5"
    assert "#203 Jonas WEBER (FRA) (P3 after stage 1)" in dialog.warning.text()
    assert dialog.preview.pageCount() >= 2  # the sheets as they will print: stage and overall
    assert dialog.document.sheets[0].status.startswith("PREVIEW, NOT PUBLISHED: PROVISIONAL v1")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # crews unaccounted for: Enter does not publish
    assert not dialog.isVisible() and ev.published() == {}
    assert "nothing published" in pub.message.text()
    dialog = press_publish(qtbot, pub)
    assert dialog.publish_button.text() == "&Publish anyway (2 unaccounted)"
    dialog.publish_button.setFocus()
    qtbot.keyClick(dialog.publish_button, Qt.Key.Key_Space)
    assert ev.published()[(2, "CAR")]["version"] == 1
    assert pub.model.state_text(pub.current()) == "provisional v1"


def test_with_every_crew_accounted_for_enter_publishes_and_lists_the_not_classified(
    qtbot, active, small_event
):
    ev = active.rally_event
    ev.record_time(2, 203, elapsed="2:01:00")
    ev.record_time(2, 502, status="DNF", reason="gearbox")
    active.desk.entry.set_stage(2)
    pub = publication_tab(qtbot, active)
    dialog = press_publish(qtbot, pub)
    assert dialog.summary.text() == "4 crews timed · 0 without a time · 1 not classified"
    assert not dialog.check.unaccounted and dialog.warning.isHidden()
    assert dialog.rows(dialog.not_classified)[0][:3] == ("502", "Pierre DUBOIS (FRA)", "DNF")
    assert dialog.rows(dialog.dropped)[0][::3] == ("502", "DNF")  # explained, not silent
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert ev.published()[(2, "CAR")]["status"] == "provisional"


def test_print_and_export_write_exactly_the_chosen_published_version(qtbot, active, tmp_path):
    ev = active.rally_event
    ev.publish(2, "CAR", "provisional")  # v1: before 203 was keyed
    ev.record_time(2, 203, elapsed="2:01:00")
    active.desk.entry.set_stage(2)
    pub = publication_tab(qtbot, active)
    assert pub.model.state_text(pub.current()) == "provisional v1 – outdated"
    shown = []
    active.exports.show_preview = lambda d: (shown.append(d), d.close(), d.deleteLater())
    # File > Print (Ctrl+P) in the Publication tab: the chosen version, not the live sheets
    qtbot.keyClick(pub.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert shown and "published version 1" in shown[0].windowTitle()
    menu_action(active, "File", "Print").trigger()  # the menu's own action, the same
    assert len(shown) == 2 and "published version 1" in shown[1].windowTitle()
    printed = active.exports.document
    assert printed == ev.version_document(2, "CAR", 1)
    assert printed.sheets[0].status.startswith("PROVISIONAL v1")
    assert 203 not in [row[1] for row in printed.sheets[0].rows]  # as posted, not recomputed
    # File > Export (Ctrl+E) and the tab's button write that version too, as XLSX or PDF
    names = iter([str(tmp_path / n) for n in ("v1.xlsx", "v1.pdf", "v1b.pdf")])
    active.exports.ask_save_name = lambda title, default, filters: next(names)
    qtbot.keyClick(pub.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "v1.xlsx").exists()
    menu_action(active, "File", "PDF").trigger()
    pub.export_button.setFocus()
    qtbot.keyClick(pub.export_button, Qt.Key.Key_Space)
    for name in ("v1.xlsx", "v1.pdf", "v1b.pdf"):
        assert (tmp_path / name).stat().st_size > 1000
    reference = tmp_path / "ref.xlsx"
    ev.export_version(reference, 2, "CAR", 1)
    from openpyxl import load_workbook

    def cells(path):
        return [[c.value for c in row] for ws in load_workbook(path) for row in ws.iter_rows()]

    assert cells(tmp_path / "v1.xlsx") == cells(reference)
    # the tab's Print button, on the chosen version
    shown.clear()
    pub.print_button.setFocus()
    qtbot.keyClick(pub.print_button, Qt.Key.Key_Space)
    assert shown and active.exports.document == ev.version_document(2, "CAR", 1)


def test_a_timekeeper_is_refused_before_any_confirmation(qtbot, small_event):
    from rallydesk.gui.main_window import MainWindow

    with Event.open(small_event) as ev:
        ev.add_official("Ana CLERK", "clerk", "3333")
        ev.add_official("Tim KEEPER", "timekeeper", "1111")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(small_event)
    w.show()
    try:
        w.rally_event.login("Tim KEEPER", "1111")
        w.login_dialog.close()
        pub = w.desk.publication
        w.desk.tabs.setCurrentWidget(pub)
        assert not pub.publish("provisional") and pub.publish_dialog is None
        assert "results manager" in pub.message.text()
    finally:
        w.close_event()
        w.close()
