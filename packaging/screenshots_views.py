"""Screenshots of the views of issue 22 (items 7, 8, 10, 12): the stage view after switching
category, the Penalties tab with its edit dialog, the Journal tab and Set-up > Stages, at 100 % and
150 %, English and French, into docs/screenshots/ (or the folder given).

    .venv/bin/python packaging/screenshots_views.py [FOLDER]

Each language and scale runs in its own process (QT_SCALE_FACTOR is read once per process).
The desk is driven as an official drives it: the tabs by their Ctrl+N shortcut."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def shoot(folder: Path, lang: str, scale: str) -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from rallydesk.demo import write_demo
    from rallydesk.gui import i18n
    from rallydesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    i18n.install(app, lang)
    tmp = Path(tempfile.mkdtemp())
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp))
    path = write_demo(tmp / "demo.rallydesk")
    w = MainWindow()
    assert w.open_path(path, quiet=True)
    w.resize(1400, 850)
    w.show()
    if w.login_dialog is not None:
        w.login_dialog.close()
    QApplication.processEvents()
    suffix = f"{lang}-{scale}"

    def key(seq: str) -> None:
        combo = QKeySequence(seq)[0]
        QTest.keyClick(QApplication.focusWidget() or w, combo.key(), combo.keyboardModifiers())
        for _ in range(3):
            QApplication.processEvents()

    def save(name: str, widget=None) -> None:
        for _ in range(3):
            QApplication.processEvents()
        (widget or w).grab().save(str(folder / f"{name}-{suffix}.png"))

    desk = w.desk
    # the stage view beside the time entry, switched to the second category
    key("Ctrl+1")
    view = desk.views[0]
    view.scope_box.setCurrentIndex(0)
    if view.group_box.count() > 1:
        for i in range(view.group_box.count()):
            if view.group_box.itemData(
                i
            ) != view.group_box.currentData() and not view.group_box.itemText(i).startswith(" "):
                view.group_box.setCurrentIndex(i)
                break
    desk.entry.number.setFocus()
    QTest.keyClicks(desk.entry.number, "201")
    save("stage-view-switched")
    # Penalties, with the edit dialog open over it
    key("Ctrl+4")
    adj = desk.adjustments
    adj.number.setFocus()
    QTest.keyClicks(adj.number, "201")
    QTest.keyClicks(adj.stage, "1")
    save("penalties")
    if adj.model.rowCount():
        adj.table.selectRow(0)

        def grab_dialog() -> None:
            d = QApplication.activeModalWidget()
            if d is not None:
                for _ in range(3):
                    QApplication.processEvents()
                shot = w.grab()
                from PySide6.QtGui import QPainter

                painter = QPainter(shot)
                painter.drawPixmap(
                    d.mapTo(w, d.rect().topLeft()) if d.parent() else d.pos() - w.pos(), d.grab()
                )
                painter.end()
                shot.save(str(folder / f"penalties-dialog-{suffix}.png"))
                d.close()

        QTimer.singleShot(300, grab_dialog)
        adj.edit_selected()
    w.activateWindow()
    desk.tabs.setFocus()
    key("Ctrl+6")
    if desk.tabs.currentWidget() is not desk.journal:  # offscreen: the window may not be active
        desk.tabs.setCurrentWidget(desk.journal)
    save("journal")
    w.activateWindow()
    desk.tabs.setFocus()
    key("Ctrl+3")
    setup = desk.setup
    desk.tabs.setCurrentWidget(setup)
    tabs = getattr(setup, "tabs", None)
    if tabs is not None:
        for i in range(tabs.count()):
            if tabs.tabText(i).replace("&", "").lower().startswith(("stage", "spéc", "étape")):
                tabs.setCurrentIndex(i)
    save("setup-stages")
    w.close_event()
    w.close()


def main() -> int:
    folder = Path(
        sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "--one" else "docs/screenshots"
    )
    if "--one" in sys.argv:
        lang, scale = sys.argv[-2], sys.argv[-1]
        shoot(Path(os.environ["SHOTS"]), lang, scale)
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "fr"):
        for scale in ("100", "150"):
            env = dict(
                os.environ,
                QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                QT_SCALE_FACTOR=str(int(scale) / 100),
                RALLYDESK_LANG=lang,
                SHOTS=str(folder),
            )
            subprocess.run([sys.executable, __file__, "--one", lang, scale], env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
