"""Screenshots of issue 26 at the desk: Set-up > Stages with its waypoints, Timing > Passages,
Timing > Close passages and Timing > Interrupt stage (its before | after preview), at 100 % and
150 %, English and French, into docs/screenshots/raid-*.png (or the folder given); then page 1 of
the stage's PDF sheet once interrupted (raid-sheet-pdf.png, needs pdftoppm).

    .venv/bin/python packaging/screenshots_raid.py [FOLDER]

The demo event gets waypoints, a start list and the tracking system's passages (imported as a
file) on its first stage, so most crews have a time at every waypoint and a few miss one;
each language and scale runs in its own process (QT_SCALE_FACTOR is read once per process). The
dialogs are opened by their menu shortcuts, as an official opens them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

KINDS = ("WPV", "WPS", "WPM", "WPE", "WPC")
#: a passage the tracking system did not record, now and then (a beacon out of reach)
MISSED_SHARE = 0.04


def add_raid(path: Path) -> int:
    """Waypoints, a start list (a minute apart, in the order of the overall before) and the
    tracking system's passages imported as a file on the demo's first timed stage: every crew
    timed on it (or not keyed yet) passed every waypoint on the way to its finish, a few passages
    missing; a crew out on the stage passed the first waypoints only. Returns that stage."""
    import csv
    import random
    import statistics

    from rallydesk.domain import times as T
    from rallydesk.domain.waypoints import Waypoint
    from rallydesk.services import Event

    rnd = random.Random(26)
    with Event.open(path) as ev:
        stage = next(s.number for s in ev.data.stages if s.number >= 1)
        length = ev.data.stage(stage).special_km or 400.0
        wps = [
            Waypoint(stage, i, round(length * i / 6, 1), KINDS[(i - 1) % len(KINDS)])
            for i in range(1, 6)
        ]
        ev.set_waypoints(stage, wps)
        starts = ev.generate_starts(stage, "07:00:00", "0:01:00")
        data = ev.data
        timed = [
            t.elapsed_ms
            for n in starts
            if (t := data.time_of(stage, n)) is not None and t.elapsed_ms is not None
        ]
        usual = int(statistics.median(timed))
        rows = []
        for number, start in sorted(starts.items(), key=lambda kv: kv[1]):
            t = data.time_of(stage, number)
            if t is not None and t.status == "DNS":
                continue
            # a crew not keyed yet drove too: the tracking saw it at the usual pace
            elapsed = t.elapsed_ms if t is not None and t.elapsed_ms is not None else usual
            out = t is not None and t.status != "OK"
            reached = wps[: 1 + rnd.randrange(len(wps) - 1)] if out else wps
            pace = rnd.uniform(0.97, 1.03)  # ahead of or behind its average on the way
            for w in reached:
                if rnd.random() < MISSED_SHARE:
                    continue
                at = start + int(elapsed * (w.km or 0) / length * pace)
                at -= at % 1000  # the tracking's whole seconds
                rows.append((stage, number, f"WP{w.number}", T.format_time_of_day(at)))
        passages = path.parent / "passages.csv"
        with passages.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(("stage", "number", "waypoint", "time"))
            out.writerows(rows)
        ev.import_files([passages], kind="passages")
    return stage


def sheet_page(folder: Path) -> None:
    """Page 1 of the CAR stage sheet (PDF) of the raid stage once its passages are closed and the
    stewards classified it at the penultimate waypoint, as raid-sheet-pdf.png (pdftoppm -r 60)."""
    import shutil

    from rallydesk.demo import write_demo
    from rallydesk.services import Event

    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        print("poppler-utils are missing: no raid-sheet-pdf.png", file=sys.stderr)
        return
    tmp = Path(tempfile.mkdtemp())
    path = Path(write_demo(tmp / "demo.rallydesk"))
    stage = add_raid(path)
    with Event.open(path) as ev:
        ev.close_passages(stage, "CAR")
        last = max(w.number for w in ev.waypoints(stage))
        ev.interrupt(
            stage, "CAR", "14", "floods after the penultimate waypoint", at_waypoint=last - 1
        )
        pdf = tmp / "stage.pdf"
        ev.export(pdf, stage=stage)
    title = f"Cars — Stage {stage} classification"
    for page in range(1, 200):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        )
        if text.returncode != 0:
            raise SystemExit(f"no page of {pdf} says {title!r}")
        if title in text.stdout and "Page 1 of" in text.stdout:
            break
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile"]
        + [str(pdf), str(folder / "raid-sheet-pdf")],
        check=True,
    )
    print(f"{folder / 'raid-sheet-pdf.png'}: page {page} of the stage {stage} sheets")


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
    sheet_page(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
