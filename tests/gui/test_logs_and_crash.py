"""The log keeps what the desk did and refused; an exception in the GUI is logged and explained calmly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from rallydesk.cli import main
from rallydesk.logs import log_file
from rallydesk.services import Event


def text_of(path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_the_log_is_in_the_user_log_folder_and_rotates(log_path):
    import os

    assert log_path.parent == Path(os.environ["RALLYDESK_DATA"]) / "logs"
    import rallydesk.logs as logs

    handler = next(h for h in logs.log.handlers if h.baseFilename == str(log_path.resolve()))
    assert handler.maxBytes > 0 and handler.backupCount >= 3  # rotating, bounded


def test_open_import_export_backup_are_logged(log_path, small_event, tmp_path):
    from rallydesk.services import backup_event

    groups = tmp_path / "groups.csv"
    groups.write_text("code,name,kind,parent\nBIKE,Bikes,category,\n", encoding="utf-8")
    with Event.open(small_event) as event:
        event.import_files([groups])
        event.export(tmp_path / "s1.xlsx", stage=1)
    backup_event(small_event, tmp_path / "copy.rallydesk")
    text = text_of(log_path)
    assert f"opened {small_event}" in text
    assert "imported into" in text and "groups.csv" in text
    assert "exported" in text and "s1.xlsx" in text
    assert "backed up" in text and "copy.rallydesk" in text
    assert f"closed {small_event}" in text


def test_a_refusal_on_the_command_line_is_logged(log_path, tmp_path, capsys):
    assert main(["open", str(tmp_path / "missing.rallydesk")]) == 1
    assert "refused (rallydesk open)" in text_of(log_path)
    assert "no such event file" in text_of(log_path)


def test_refusals_in_the_window_are_logged(qtbot, window, log_path, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    entry = window.desk.entry
    qtbot.keyClicks(entry.number, "203")
    qtbot.keyClicks(entry.time, "1:5x:00")
    qtbot.keyClick(entry.time, Qt.Key.Key_Return)
    assert "refused (time entry)" in text_of(log_path) and "is not a duration" in text_of(log_path)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a))
    bad = tmp_path / "bad.rallydesk"
    bad.write_bytes(b"not an event")
    assert not window.open_path(bad)
    assert shown and "refused (dialog): Cannot open the event" in text_of(log_path)


def test_an_exception_in_a_slot_shows_the_calm_dialog_and_is_logged(
    qtbot, window, log_path, monkeypatch
):
    import rallydesk.gui.reporting as reporting

    shown = []
    monkeypatch.setattr(
        reporting,
        "show_crash_dialog",
        lambda parent, text, path: shown.append((parent, text, path)),
    )
    handler = reporting.CrashHandler(lambda: window).install()
    try:

        def boom():
            raise ZeroDivisionError("division by zero in a slot")

        try:
            boom()
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())  # what PySide6 does with an exception escaping a slot
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler
    ((parent, text, path),) = shown
    assert parent is window and path == log_file()
    assert "data is safe" in text and str(log_path) in text
    assert "Traceback" not in text and "line " not in text
    logged = text_of(log_path)
    assert (
        "unexpected error in the desk" in logged and "Traceback" in logged and 'File "' not in text
    )
    assert "ZeroDivisionError: division by zero in a slot" in logged


@pytest.mark.qt_no_exception_capture
def test_a_real_slot_exception_reaches_the_handler(qtbot, window, log_path, monkeypatch):
    """Through Qt's event loop: a timer's slot raises, the hook logs it and shows the dialog."""
    import rallydesk.gui.reporting as reporting

    shown = []
    monkeypatch.setattr(
        reporting, "show_crash_dialog", lambda parent, text, path: shown.append(text)
    )
    handler = reporting.CrashHandler(lambda: window).install()
    try:
        QTimer.singleShot(0, lambda: [][1])
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        handler.uninstall()
    assert "IndexError" in shown[0] and "data is safe" in shown[0]
    assert "IndexError" in text_of(log_path)


def test_the_crash_dialog_is_a_message_box_with_the_log_folder(qtbot, monkeypatch, log_path):
    """The real dialog, closed by a timer: it says where the log is and offers its folder."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    import rallydesk.gui.reporting as reporting

    seen = {}

    def close_it():
        box = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        )
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.done(0)

    QTimer.singleShot(50, close_it)
    reporting.show_crash_dialog(
        None, reporting.crash_message(RuntimeError("x"), log_path), log_path
    )
    assert str(log_path) in seen["text"]
    assert any("log folder" in b for b in seen["buttons"])
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.deleteLater()


def test_a_change_refused_on_a_read_only_event_is_logged(qtbot, small_event, log_path):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow(readonly=True)
    qtbot.addWidget(w)
    assert w.open_path(small_event)
    assert w.readonly_event()
    assert "refused (window)" in text_of(log_path) and "read-only" in text_of(log_path)
    w.close_event()


def test_an_import_refused_for_bad_rows_is_logged(qtbot, window, tmp_path, log_path):
    from rallydesk.gui.import_dialog import ImportDialog

    bad = tmp_path / "times.csv"
    bad.write_text("stage,number,elapsed\n2,502,2:0x:00\n")
    dialog = ImportDialog(window.desk.bridge, window)
    qtbot.addWidget(dialog)
    dialog.set_files([bad])
    assert "refused (import): import of times.csv: 1 bad row(s)" in text_of(log_path)
    assert "2:0x:00" in text_of(log_path)
