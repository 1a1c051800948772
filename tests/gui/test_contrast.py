"""Every text of the desk at least 4.5:1 against what it is drawn on, in both themes (WCAG AA),
computed from the theme's palette and message colours, not looked at."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from rallydesk.gui import theme

R = QPalette.ColorRole


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["day", "night"])
def test_every_text_is_readable(qapp, dark):
    app = QApplication.instance()
    before = app.palette()
    try:
        theme.apply(app, dark)
        p = app.palette()
        pairs = {
            "text on base": (p.color(R.Text), p.color(R.Base)),
            "text on alternate rows": (p.color(R.Text), p.color(R.AlternateBase)),
            "window text": (p.color(R.WindowText), p.color(R.Window)),
            "buttons": (p.color(R.ButtonText), p.color(R.Button)),
            "selection": (p.color(R.HighlightedText), p.color(R.Highlight)),
            "placeholders": (p.color(R.PlaceholderText), p.color(R.Base)),
            "tooltips": (p.color(R.ToolTipText), p.color(R.ToolTipBase)),
        }
        for name in ("ok", "warn", "error", "info", "hint", "gained", "lost"):
            for role in (R.Base, R.Window, R.AlternateBase):
                pairs[f"{name} on {role.name}"] = (QColor(theme.colour(name)), p.color(role))
        low = {k: round(contrast(*v), 2) for k, v in pairs.items() if contrast(*v) < 4.5}
        assert low == {}
    finally:
        theme.apply(app, False)
        app.setPalette(before)


def test_ctrl_plus_zooms_the_tables_and_is_remembered(qtbot, window):
    from PySide6.QtCore import Qt

    from rallydesk.gui.main_window import settings

    view = window.desk.views[0]
    before = view.table.font().pointSizeF()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.desk.entry.number, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.desk.entry.number, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.table.font().pointSizeF() == pytest.approx(before * 1.2)
    assert settings().value("table_zoom", 0, type=int) == 2
    assert view.table.verticalHeader().defaultSectionSize() >= view.table.fontMetrics().height()
    qtbot.keyClick(window.desk.entry.number, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert settings().value("table_zoom", 0, type=int) == 1
    path = window.rally_event.path
    window.close_event()
    assert window.open_path(path)
    assert window.desk.views[0].table.font().pointSizeF() == pytest.approx(before * 1.1)
