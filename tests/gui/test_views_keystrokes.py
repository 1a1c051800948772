"""Issue 22, items 7, 8, 10 and 12 at the real window, by keystrokes: the No column follows the
numbers of the category chosen; a penalty takes its decision and its time and shows its crew, its
edit's reason and its revocation in the event's zone; the journal shows durations and zoned times
and counts in good English and French; no text of the desk is cut, at 100 % and 150 %."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.gui import i18n
from rallydesk.gui.main_window import MainWindow
from rallydesk.services import Event

HERE = Path(__file__).parent


@pytest.fixture
def zoned_event(tmp_path):
    """Bikes numbered 1-9, cars 1001-1004, in Riyadh's time zone (+03, never UTC)."""
    path = tmp_path / "zoned.rallydesk"
    ev = Event.create(path, "Zoned", timezone="Asia/Riyadh")
    ev.put_group(Group("BIK", "Bikes"))
    ev.put_group(Group("CAR", "Cars"))
    ev.put_stage(Stage(1, "Bisha – Al Henakiyah"))
    for n in range(1, 10):
        ev.put_entry(Entry(n, "BIK", (CrewMember("driver", f"Rider {n}", "FRA"),), "T", "Bike"))
    for n in range(1001, 1005):
        ev.put_entry(Entry(n, "CAR", (CrewMember("driver", f"Driver {n}", "ESP"),), "T", "Car"))
    for n in range(1, 10):
        ev.record_time(1, n, elapsed=f"3:0{n}:00")
    for n in range(1001, 1005):  # the same times as bikes 1-4: only the numbers are wider
        ev.record_time(1, n, elapsed=f"3:0{n - 1000}:00")
    ev.close()
    return path


@pytest.fixture
def desk(qtbot, zoned_event):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(zoned_event)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.desk.entry.number.setFocus()
    yield w
    w.close_event()


def press(qtbot, window, key: str) -> None:
    """A shortcut as the official presses it: on the widget with the focus."""
    combo = QKeySequence(key)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def answer_dialogs(qtbot, *answers: str | None) -> None:
    """Each next input dialog is typed into, then Enter (None: Escape), as the official does."""
    pending = list(answers)

    def type_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, type_in)
            return
        text = pending.pop(0)
        field = dialog.findChild(QLineEdit)
        field.setFocus()
        if text is None:
            qtbot.keyClick(field, Qt.Key.Key_Escape)
        else:
            qtbot.keyClicks(field, text)
            qtbot.keyClick(field, Qt.Key.Key_Return)
        if pending:
            QTimer.singleShot(20, type_in)

    QTimer.singleShot(20, type_in)


# ------------------------------------------------------------------ 7. widths follow the content


def test_the_no_column_follows_the_category_chosen_from_the_keyboard(qtbot, desk):
    press(qtbot, desk, "Ctrl+1")
    view = desk.desk.views[0]
    view.scope_box.setFocus()
    qtbot.keyClick(view.scope_box, Qt.Key.Key_Home)  # the stage's own classification
    view.group_box.setFocus()
    qtbot.keyClick(view.group_box, Qt.Key.Key_Home)
    seen = set()
    for _ in range(view.group_box.count()):
        seen.add(view.group_box.currentData())
        table, header = view.table, view.table.horizontalHeader()
        for col, name in enumerate(view.column_names()):
            if table.isColumnHidden(col) or name == "Crew":
                continue
            need = max(table.sizeHintForColumn(col), header.sectionSizeHint(col))
            assert header.sectionSize(col) >= need, (view.group_box.currentText(), name)
        qtbot.keyClick(view.group_box, Qt.Key.Key_Down)
    assert seen == {"BIK", "CAR"}


def test_the_penalties_list_widens_for_a_longer_reason(qtbot, desk):
    press(qtbot, desk, "Ctrl+4")
    pen = desk.desk.adjustments
    for reason in ("short", "a much longer reason given by the stewards at the finish"):
        pen.stage.setFocus()
        qtbot.keyClicks(pen.stage, "1") if not pen.stage.text() else None
        pen.number.setFocus()
        qtbot.keyClicks(pen.number, "1001")
        qtbot.keyClicks(pen.amount, "+0:01:00")
        qtbot.keyClicks(pen.reason, reason)
        qtbot.keyClick(pen.reason, Qt.Key.Key_Return)
    col = pen.model.columns.index("Reason")
    assert pen.table.columnWidth(col) >= pen.table.sizeHintForColumn(col)


# ------------------------------------------------------------------ 8. penalties


def test_a_penalty_keyed_with_its_decision_then_edited_and_revoked(qtbot, desk):
    press(qtbot, desk, "Ctrl+4")
    pen = desk.desk.adjustments
    assert desk.desk.tabs.currentWidget() is pen
    pen.stage.setFocus()
    qtbot.keyClicks(pen.stage, "1")
    qtbot.keyClick(pen.stage, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "1003")
    assert pen.crew.text() == "Driver 1003 (ESP)"  # live, as at the time entry
    qtbot.keyClicks(pen.number, "9")
    assert "10039" in pen.crew.text() and "Driver" not in pen.crew.text()
    qtbot.keyClick(pen.number, Qt.Key.Key_Backspace)
    qtbot.keyClicks(pen.amount, "+0:02:00")
    qtbot.keyClicks(pen.reason, "speeding")
    qtbot.keyClicks(pen.decision, "14")
    qtbot.keyClicks(pen.decided_at, "25:99")  # refused, naming the field, nothing written
    qtbot.keyClick(pen.decided_at, Qt.Key.Key_Return)
    assert "25:99" in pen.message.text() and pen.model.rowCount() == 0
    pen.decided_at.clear()
    qtbot.keyClicks(pen.decided_at, "2026-01-08 18:42")
    qtbot.keyClick(pen.decided_at, Qt.Key.Key_Return)
    assert pen.model.rowCount() == 1
    a = desk.rally_event.data.adjustments[0]
    assert (a.decision, a.decided_at) == ("14", "2026-01-08T18:42:00+03:00")
    cols = pen.model.columns

    def cell(name: str, role=Qt.ItemDataRole.DisplayRole) -> str:
        return pen.model.index(0, cols.index(name)).data(role) or ""

    assert cell("Decision") == "14"
    assert cell("Decided at") == "2026-01-08 18:42:00 +03"

    pen.table.setFocus()
    pen.table.selectRow(0)
    answer_dialogs(qtbot, "+0:01:00", "stewards reduced it")
    qtbot.mouseClick(pen.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.rally_event.data.adjustments[0].amount_ms == 60_000)
    assert "stewards reduced it" in cell("Edited")
    assert "stewards reduced it" in cell("Reason", Qt.ItemDataRole.ToolTipRole)

    answer_dialogs(qtbot, None)  # Escape: no reason, not revoked
    qtbot.mouseClick(pen.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not revoked" in pen.message.text())
    pen.table.clearSelection()
    pen.table.selectRow(0)  # another choice: the old refusal does not stay
    assert "not revoked" not in pen.message.text()
    answer_dialogs(qtbot, "appeal upheld")
    qtbot.mouseClick(pen.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.rally_event.data.adjustments == ())
    revoked = cell("Revoked")
    assert revoked.endswith("+03 (appeal upheld)"), revoked  # the event's zone, marked
    assert "T" not in revoked.split(" (")[0] and "Z" not in revoked
    assert "not revoked" not in pen.message.text()

    desk.activateWindow()  # the dialog closed: the window in front again, as for the official
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk)
    pen.table.setFocus()
    press(qtbot, desk, "Ctrl+6")  # the edit's reason is in the history too
    journal = desk.desk.journal
    assert desk.desk.tabs.currentWidget() is journal
    qtbot.waitUntil(lambda: journal.model.rowCount() > 0)
    reasons = [journal.model.row(i)["reason"] for i in range(journal.model.rowCount())]
    assert "stewards reduced it" in reasons and "appeal upheld" in reasons


# ------------------------------------------------------------------ 10. the journal


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [("en", "1 change", "changes"), ("fr", "1 modification", "modifications")],
)
def test_the_journal_shows_durations_zoned_times_and_plurals(qtbot, zoned_event, lang, one, many):
    app = QCoreApplication.instance()
    i18n.install(app, lang)
    try:
        w = MainWindow()
        qtbot.addWidget(w)
        assert w.open_path(zoned_event)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        w.desk.entry.number.setFocus()
        entry = w.desk.entry
        qtbot.keyClicks(entry.number, "1004")
        qtbot.keyClick(entry.number, Qt.Key.Key_Return)
        entry.ask_replace_reason = lambda *_: "keyed wrong"
        qtbot.keyClicks(entry.time, "4:05:00")
        qtbot.keyClick(entry.time, Qt.Key.Key_Return)
        assert w.rally_event.data.time_of(1, 1004).elapsed_ms == 4 * 3600_000 + 5 * 60_000
        press(qtbot, w, "Ctrl+6")
        journal = w.desk.journal
        assert w.desk.tabs.currentWidget() is journal
        journal.number.setFocus()
        qtbot.keyClicks(journal.number, "1004")
        rows = journal.model.rowCount()
        assert rows == 3  # the entry, its time, the time replaced
        assert journal.count.text() == f"{rows} {many}"
        texts = [
            journal.model.index(i, journal.model.columns.index("Change")).data()
            for i in range(rows)
        ]
        assert "elapsed 3h 04' 00'' → 4h 05' 00''" in texts[-1], texts
        assert not any("_ms" in t or "11040000" in t for t in texts)
        at = journal.model.index(rows - 1, journal.model.columns.index("Time")).data()
        assert at.endswith(" +03") and "T" not in at
        journal.kind.setFocus()
        journal.kind.setCurrentIndex(journal.kind.findData("entry"))  # the crew's creation only
        assert journal.model.rowCount() == 1 and journal.count.text() == one
        w.close_event()
    finally:
        i18n.remove(app)


def test_what_changed_counts_entries_in_both_languages(qapp):
    for lang, one, many in (
        ("en", "1 entry changed", "3 entries changed"),
        ("fr", "1 ligne modifiée", "3 lignes modifiées"),
    ):
        i18n.install(qapp, lang)
        try:
            say = QCoreApplication.translate
            text = "Stage %1 %2, v%3 → %4: %n entries changed"
            assert say("PublicationWidget", text, None, 1).endswith(one)
            assert say("PublicationWidget", text, None, 3).endswith(many)
        finally:
            i18n.remove(qapp)


# ------------------------------------------------------------------ 12. no text is cut


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("scale", "size", "font"),
    [("1", (1400, 850), "1"), ("1.5", (1280, 720), "1"), ("1", (1400, 850), "1.5")],
    ids=["100%", "150%-1080p-screen", "150%-as-font"],
)
def test_no_label_combo_placeholder_or_column_title_is_cut(lang, scale, size, font):
    """In a process of its own (QT_SCALE_FACTOR is read once): the window driven by its
    shortcuts, every visible text of the Time entry (with and without a start, every category of
    the views), Penalties, Set-up (each sub-tab) and Journal measured with its font metrics."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QT_SCALE_FACTOR=scale,
        PYTHONPATH=str(HERE) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    run = subprocess.run(
        [sys.executable, str(HERE / "fit_walk.py"), lang, str(size[0]), str(size[1]), font],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    cut = [line for line in run.stdout.splitlines() if line.strip()]
    assert not cut, "texts cut:\n" + "\n".join(cut)
