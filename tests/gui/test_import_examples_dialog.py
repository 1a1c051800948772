"""The import dialog's example files (issue 22), reached by keys on the real window: Ctrl+I,
Alt+X for the examples' menu, a kind picked with the arrows and Enter; the file saved is the
shipped example, and the dialog's own check finds it ready to import."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from rallydesk.gui.import_dialog import ImportDialog
from rallydesk.paths import resource


def test_an_example_file_saved_from_the_import_dialog_by_keys(qtbot, window, tmp_path, monkeypatch):
    asked = []

    def ask(self, kind, suggested):
        asked.append((kind, suggested.name))
        return tmp_path / suggested.name

    monkeypatch.setattr(ImportDialog, "_ask_example_path", ask)
    seen = {}

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportDialog):
            QTimer.singleShot(50, inside)
            return

        def alt_x() -> None:
            dialog.activateWindow()
            qtbot.waitUntil(
                lambda: (
                    QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is dialog
                )
            )
            QTest.keyClick(
                QApplication.focusWidget(), Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier
            )

        try:
            kinds = [a.data() for a in dialog.examples_menu.actions()]
            seen["kinds"] = kinds
            alt_x()
            qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
            popup = QApplication.activePopupWidget()
            for _ in range(kinds.index("entries") + 1):
                QTest.keyClick(popup, Qt.Key.Key_Down)
            QTest.keyClick(popup, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: bool(asked))
            seen["summary"] = dialog.summary.text()
            # the groups example checked against the open event, as "Choose" would
            [groups] = [a for a in dialog.examples_menu.actions() if a.data() == "groups"]
            groups.trigger()
            dialog.set_files([tmp_path / "groups-example.csv"])
            seen["ready"] = dialog.import_button.isEnabled()
            seen["problems"] = dialog.problems.count()
        finally:
            dialog.reject()

    QTimer.singleShot(0, inside)
    window.activateWindow()
    window.desk.entry.number.setFocus()
    QTest.keyClick(window.desk.entry.number, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen["kinds"] == [
        "groups",
        "stages",
        "entries",
        "waypoints",
        "starts",
        "times",
        "passages",
        "adjustments",
    ]
    assert asked == [("entries", "entries-example.csv"), ("groups", "groups-example.csv")]
    saved = (tmp_path / "entries-example.csv").read_text(encoding="utf-8")
    assert saved == resource("examples", "entries.csv").read_text(encoding="utf-8")
    assert "entries-example.csv" in seen["summary"]
    assert seen["ready"] and seen["problems"] == 0
