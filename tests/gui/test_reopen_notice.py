"""After an unexpected end (issue 22): a real desk process is killed with SIGKILL while the
event is open; the next open names the last recorded result (stage, number, time, when, which
desk), takes the focus and gives it back to the number field; a clean close leaves no notice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from menu_walk import window_actions
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from rallydesk.gui.main_window import MainWindow
from rallydesk.paths import data_dir
from rallydesk.services import Event

pytestmark = pytest.mark.posix(reason="kill -9 (SIGKILL) of a desk process")


def _markers():
    folder = data_dir() / "open-events"
    return list(folder.glob("*.json")) if folder.exists() else []


def _desk_killed(event_path, tmp_path):
    """`rallydesk open EVENT` in a process of its own (this user's data folder), killed -9 once
    its window is up on the event."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RALLYDESK_DESK="desk-killed")
    env["RALLYDESK_INSTANCE"] = str(tmp_path / "instance")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rallydesk", "open", str(event_path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not _markers():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the desk never opened the event"
            time.sleep(0.1)
        time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    return proc


def _notice(window):
    box = window.unclean_notice
    return box if isinstance(box, QMessageBox) and box.isVisible() else None


def test_a_desk_killed_minus_9_is_named_at_reopen_with_the_last_result(
    qtbot, small_event, tmp_path, monkeypatch
):
    monkeypatch.setenv("RALLYDESK_DESK", "desk-3")
    with Event.open(small_event) as ev:
        ev.record_time(2, 203, elapsed="2:01:15")  # the last result before the cut
    _desk_killed(small_event, tmp_path)
    assert len(_markers()) == 1  # the killed desk could not remove it

    w = MainWindow()
    qtbot.addWidget(w)
    try:
        assert w.open_path(small_event)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(lambda: _notice(w) is not None)
        text = _notice(w).text()
        for said in ("stage 2", "#203", "2h 01' 15''", "desk-3", "desk-killed"):
            assert said in text, (said, text)
        assert w.desk.entry.current_stage() == 2  # the desk takes up where it stopped
        assert "#203" in w.desk.entry.message.text() and "stage 2" in w.desk.entry.message.text()
        # the notice has the keys: Enter closes it and the number field has them again
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        assert QApplication.focusWidget().window() is _notice(w)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _notice(w) is None)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is w.desk.entry.number)
        QTest.keyClicks(QApplication.focusWidget(), "501")
        assert w.desk.entry.number.text() == "501"
        # a clean close (File > Close event, by its key) leaves no marker, nor a notice next time
        close = dict(window_actions(w))["File > Close event"].shortcut()[0]
        QTest.keyClick(QApplication.focusWidget(), close.key(), close.keyboardModifiers())
        QApplication.processEvents()
        assert w.desk is None and _markers() == []
        assert w.open_path(small_event)
        QApplication.processEvents()
        assert _notice(w) is None and len(_markers()) == 1
    finally:
        w.close_event()
        w.close()
        w.deleteLater()
    assert _markers() == []


def test_an_event_open_in_a_running_desk_is_no_unexpected_end(qtbot, small_event, tmp_path):
    """A read-only look and a second window of this process see no abrupt end."""
    first = MainWindow()
    qtbot.addWidget(first)
    second = MainWindow(readonly=True)
    qtbot.addWidget(second)
    try:
        assert first.open_path(small_event)
        assert second.open_path(small_event)
        QApplication.processEvents()
        assert _notice(first) is None and _notice(second) is None
    finally:
        for w in (second, first):
            w.close_event()
            w.close()
            w.deleteLater()
    assert _markers() == []
