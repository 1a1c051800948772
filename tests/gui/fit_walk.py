"""Run in a process of its own (QT_SCALE_FACTOR is read once per process): the real window on
the demo event, driven by its shortcuts, and every visible label, combo box, placeholder and
column title of the Time entry, Penalties, Set-up > Stages and Journal tabs measured with its
font: a text that does not fit is printed as one JSON line ("where: text needs N px, has M")."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QTableView,
    QWidget,
)

from rallydesk.gui.fitting import LINE_EDIT_MARGIN


def label_problem(w: QLabel) -> str | None:
    text = w.text()
    if not text or w.wordWrap() or ("<" in text and ">" in text) or "\n" in text:
        return None
    shown = text.replace("&&", "\0").replace("&", "").replace("\0", "&") if w.buddy() else text
    need = w.fontMetrics().horizontalAdvance(shown)
    has = w.contentsRect().width() - 2 * w.margin()
    return f"label {shown!r} needs {need} px, has {has}" if need > has else None


def combo_problem(w: QComboBox) -> str | None:
    text = w.currentText()
    if not text or w.isEditable():
        return None
    opt = QStyleOptionComboBox()
    w.initStyleOption(opt)
    field = w.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, w
    )
    need = w.fontMetrics().horizontalAdvance(text)
    has = field.width()
    return f"combo {text!r} needs {need} px, has {has}" if need > has else None


def placeholder_problem(w: QLineEdit) -> str | None:
    text = w.placeholderText()
    if not text or w.text():
        return None
    opt = QStyleOptionFrame()
    w.initStyleOption(opt)
    r = w.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, w)
    m = w.textMargins()
    has = r.width() - m.left() - m.right() - 2 * LINE_EDIT_MARGIN
    need = w.fontMetrics().horizontalAdvance(text)
    return f"placeholder {text!r} needs {need} px, has {has}" if need > has else None


def header_problems(t: QTableView) -> list[str]:
    h = t.horizontalHeader()
    out = []
    last = h.count() - 1
    for col in range(h.count()):
        if h.isSectionHidden(col) or h.sectionResizeMode(col) == QHeaderView.ResizeMode.Stretch:
            continue
        if col == last and h.stretchLastSection():
            continue
        title = str(t.model().headerData(col, Qt.Orientation.Horizontal) or "")
        need, has = h.sectionSizeHint(col), h.sectionSize(col)
        if need > has:
            out.append(f"column title {title!r} needs {need} px, has {has}")
        content = t.sizeHintForColumn(col)
        if content > has:
            out.append(f"column {title!r}: its texts need {content} px, has {has}")
    return out


def problems(root: QWidget, where: str) -> list[str]:
    QApplication.processEvents()
    found: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisible():
            continue
        problem = None
        if isinstance(w, QLabel):
            problem = label_problem(w)
        elif isinstance(w, QComboBox):
            problem = combo_problem(w)
        elif isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox):
            problem = placeholder_problem(w)
        elif isinstance(w, QTableView):
            found += [f"{where}: {p}" for p in header_problems(w)]
        if problem:
            found.append(f"{where}: {problem}")
    return found


def main(lang: str, width: int, height: int, font_scale: float = 1.0) -> None:
    from rallydesk.demo import write_demo
    from rallydesk.gui import i18n, theme
    from rallydesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp())
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp))
    i18n.install(app, lang)
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * font_scale)  # 150 % as a bigger font, same window
    app.setFont(font)
    theme.apply(app, False)  # as the app starts: the style sheet's big keying font included
    w = MainWindow()
    assert w.open_path(write_demo(tmp / "demo.rallydesk"), quiet=True)
    w.resize(width, height)
    w.show()
    w.activateWindow()
    QApplication.processEvents()

    def press(seq: str) -> None:
        combo = QKeySequence(seq)[0]
        QTest.keyClick(QApplication.focusWidget() or w, combo.key(), combo.keyboardModifiers())
        QApplication.processEvents()

    desk = w.desk
    found: list[str] = []
    press("Ctrl+1")
    entry = desk.entry
    entry.number.setFocus()
    found += problems(desk, "time entry")
    QTest.keyClicks(entry.start, "08:10:00")  # the Time label says Finish
    for view in desk.views:  # every category of each view, chosen from the keyboard
        view.group_box.setFocus()
        for _ in range(view.group_box.count()):
            QTest.keyClick(view.group_box, Qt.Key.Key_Down)
            found += problems(view, f"view {view.group_box.currentText().strip()!r}")
    found += problems(entry, "time entry with a start")
    press("Ctrl+4")
    found += problems(desk.adjustments, "penalties")
    press("Ctrl+3")
    setup = desk.setup
    for i in range(setup.tabs.count()):
        setup.tabs.setCurrentIndex(i)
        found += problems(setup.tabs.currentWidget(), f"set-up {setup.tabs.tabText(i)!r}")
    press("Ctrl+6")
    found += problems(desk.journal, "journal")
    for line in dict.fromkeys(found):
        print(json.dumps(line, ensure_ascii=False))
    w.close_event()
    w.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
