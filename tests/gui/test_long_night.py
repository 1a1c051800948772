"""A night of keying in one process. PySide6 6.12.0 leaks a reference to None or True with every Qt
call, and on Python 3.11 the interpreter aborts after a few hundred keyed times ("Fatal Python
error: bool_dealloc"); pyproject.toml keeps PySide6 below 6.12, and this test keeps watch."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from rallydesk.gui.main_window import MainWindow
    w = MainWindow()
    assert w.open_path(sys.argv[1])
    entry = w.desk.entry
    entry.ask_replace_reason = lambda q: "re-keyed"
    entry.ask_confirm = lambda q: True
    for i in range(int(sys.argv[3])):
        entry.number.setText(("201", "202", "203")[i % 3])
        entry.time.setText(f"2:{i % 50:02d}:{i % 60:02d}")
        QTest.keyClick(entry.time, Qt.Key.Key_Return)
        assert entry.number.text() == "", entry.message.text()
        app.processEvents()
    w.close()
    print("keyed", i + 1)
""")


def test_the_desk_survives_hundreds_of_keyed_times(small_event, tmp_path):
    script = tmp_path / "night.py"
    script.write_text(SCRIPT)
    done = subprocess.run(
        [sys.executable, str(script), str(small_event), "-", "700"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "keyed 700" in done.stdout
    assert "Fatal Python error" not in done.stderr
