"""A whole stage keyed from the numeric keypad only (digits, Enter, `,`): no mouse, no Shift."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rallydesk.domain.model import Stage

KEYPAD = Qt.KeyboardModifier.KeypadModifier
KEYS = {
    **{str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)},
    ",": Qt.Key.Key_Comma,
    "\n": Qt.Key.Key_Enter,
}


def keypad(qtbot, keys: str) -> None:
    """Each key to whatever has the focus, as the official's keypad sends it."""
    for ch in keys:
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, KEYS[ch], KEYPAD)


def test_a_whole_stage_from_the_keypad_against_a_start_list(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    ev = window.rally_event
    ev.put_stage(Stage(3, "Riyadh – Riyadh"))
    starts = ev.generate_starts(3, "08:00:00", "2'")  # order: the overall after stage 2
    assert set(starts) == {201, 202, 203, 501, 502}
    entry = window.desk.entry
    entry.set_stage(3)
    entry.number.setFocus()
    # number Enter, finish time of day (six digits, a tenth after `,`) Enter
    finishes = {201: "100100", 202: "100230", 203: "100500,5", 501: "103000", 502: "103500"}
    for number, finish in finishes.items():
        keypad(qtbot, f"{number}\n")
        assert QApplication.focusWidget() is entry.time
        assert entry.start.text() and entry.time_mode.text() == "Finish"
        keypad(qtbot, f"{finish}\n")
        assert f"recorded #{number}" in entry.message.text()
        assert QApplication.focusWidget() is entry.number
    for number, finish in finishes.items():
        t = ev.existing_time(3, number)
        assert t.start_ms == starts[number]
        h, m, s = int(finish[:2]), int(finish[2:4]), int(finish[4:6])
        tenth = 500 if "," in finish else 0
        assert t.finish_ms == ((h * 60 + m) * 60 + s) * 1000 + tenth
        assert t.elapsed_ms == t.finish_ms - t.start_ms
    assert entry.missing.count() == 0
    stage_view = window.desk.views[0]
    assert stage_view.selection()[0] == 3 and stage_view.model.rowCount() == 5


def test_a_duration_from_the_keypad_without_a_start(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    entry = window.desk.entry
    entry.number.setFocus()
    keypad(qtbot, "203\n")
    assert entry.start.text() == "" and entry.time_mode.text() == "Time"
    keypad(qtbot, "20105,5\n")  # 2:01:05.5, read from the right
    assert window.rally_event.existing_time(2, 203).elapsed_ms == (2 * 3600 + 65) * 1000 + 500
    keypad(qtbot, "999\n")  # not entered: the field selects it, the next keys replace it
    assert entry.number.selectedText() == "999"
    keypad(qtbot, "502\n")
    assert entry.number.text() == "502"
