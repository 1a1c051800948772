"""Screenshots of issue 26 at the desk: Set-up > Stages with its waypoints, Timing > Passages,
Timing > Close passages and Timing > Interrupt stage (its before | after preview), at 100 % and
150 %, English and French, into docs/screenshots/raid-*.png (or the folder given).

    .venv/bin/python packaging/screenshots_raid.py [FOLDER]

The demo event gets waypoints and tracking passages on its first stage (a few crews miss some);
each language and scale runs in its own process (QT_SCALE_FACTOR is read once per process). The
dialogs are opened by their menu shortcuts, as an official opens them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

KINDS = ("WPV", "WPS", "WPM", "WPE", "WPC")


def add_raid(path: Path) -> int:
    """Waypoints and passages on the demo's first timed stage; returns that stage."""
    from rallydesk.domain.waypoints import Waypoint
    from rallydesk.services import Event

    with Event.open(path) as ev:
        stage = next(s.number for s in ev.data.stages if s.number >= 1)
        length = ev.data.stage(stage).special_km or 400.0
        wps = [
            Waypoint(stage, i, round(length * i / 6, 1), KINDS[(i - 1) % len(KINDS)])
            for i in range(1, 6)
        ]
        ev.set_waypoints(stage, wps)
        cars = [
            e.number
            for e in ev.data.entries
            if ev.data.category_of_class(e.class_code) == ev.data.categories()[0].code
        ]
        for k, number in enumerate(sorted(cars)[:40]):
            t = ev.data.time_of(stage, number)
            if t is None or t.status != "OK":
                continue
            for w in wps:
                if (k + w.number) % 9 == 0:  # a missed waypoint now and then
                    continue
                at = 8 * 3_600_000 + k * 60_000 + w.number * 40 * 60_000
                ev.add_passage(stage, number, w.number, at)
    return stage


def shoot(folder: Path, lang: str, scale: str) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QTableView

    from rallydesk.demo import write_demo
    from rallydesk.gui import i18n
    from rallydesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    i18n.install(app, lang)
    tmp = Path(tempfile.mkdtemp())
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp))
    path = Path(write_demo(tmp / "demo.rallydesk"))
    stage = add_raid(path)
    w = MainWindow()
    assert w.open_path(path, quiet=True)
    w.resize(1400, 850)
    w.show()
    if w.login_dialog is not None:
        w.login_dialog.close()
    desk = w.desk
    assert desk is not None
    while (desk.entry.current_stage() or 0) > stage:
        desk.entry.step_stage(-1)
    while (desk.entry.current_stage() or 0) < stage:
        desk.entry.step_stage(1)
    suffix = f"{lang}-{scale}"

    def settle() -> None:
        for _ in range(4):
            QApplication.processEvents()

    def key(seq: str) -> None:
        combo = QKeySequence(seq)[0]
        w.activateWindow()
        QTest.keyClick(QApplication.focusWidget() or w, combo.key(), combo.keyboardModifiers())
        settle()

    def dialog_by(seq: str) -> QDialog:
        key(seq)
        found = [d for d in w.findChildren(QDialog) if d.isVisible()]
        if not found:  # offscreen the window may not be active: its menu action, then
            for a in w.findChildren(QAction):
                if a.shortcut() == QKeySequence(seq):
                    a.trigger()
            settle()
            found = [d for d in w.findChildren(QDialog) if d.isVisible()]
        assert found, f"{seq} opened nothing"
        return found[-1]

    def save(name: str, widget) -> None:
        settle()
        widget.grab().save(str(folder / f"raid-{name}-{suffix}.png"))

    d = dialog_by("Ctrl+Shift+A")
    d.resize(1100, 640)
    save("passages", d)
    d.close()
    d = dialog_by("Ctrl+Shift+G")
    d.resize(1000, 560)
    save("close-passages", d)
    d.reject()
    d = dialog_by("Ctrl+Shift+I")
    d.decision.setText("14")
    d.rule.setCurrentIndex(d.rule.findData("at-waypoint"))
    d.at_waypoint.setCurrentIndex(d.at_waypoint.count() - 2)
    d.reason.setText("floods after the penultimate waypoint" if lang == "en" else "crues")
    d.preview()
    d.resize(1200, 760)
    save("interrupt", d)
    d.reject()
    setup = desk.setup
    desk.tabs.setCurrentWidget(setup)
    setup.tabs.setCurrentIndex(1)  # Stages
    row = [s.number for s in w.rally_event.data.stages].index(stage)
    table = setup.tabs.currentWidget().findChild(QTableView)
    table.setCurrentIndex(table.model().index(row, 0))  # the waypoints panel follows it
    save("setup-stages", w)
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
