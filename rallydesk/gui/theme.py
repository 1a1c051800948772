"""Light and dark palettes; dark is for long nights at the bivouac."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

STYLE = """
QLabel#viewTitle { font-size: 13px; }
QLabel#crewLabel { font-size: 13px; min-height: 48px; }
QLineEdit#numberField, QLineEdit#timeField { font-size: 18px; font-family: 'DejaVu Sans Mono', monospace; padding: 3px; }
QLabel#hint { color: palette(mid); font-size: 11px; }
QTableView { gridline-color: palette(midlight); }
"""


def apply(app: QApplication, dark: bool) -> None:
    app.setStyle("Fusion")
    if not dark:
        app.setPalette(app.style().standardPalette())
    else:
        p = QPalette()
        base, window, text = QColor(30, 32, 36), QColor(42, 45, 50), QColor(225, 225, 225)
        p.setColor(QPalette.ColorRole.Window, window)
        p.setColor(QPalette.ColorRole.WindowText, text)
        p.setColor(QPalette.ColorRole.Base, base)
        p.setColor(QPalette.ColorRole.AlternateBase, QColor(38, 40, 45))
        p.setColor(QPalette.ColorRole.Text, text)
        p.setColor(QPalette.ColorRole.Button, window)
        p.setColor(QPalette.ColorRole.ButtonText, text)
        # blue selection: amber is the colour of a row just keyed, the two must never be confused
        p.setColor(QPalette.ColorRole.Highlight, QColor(45, 95, 160))
        p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        p.setColor(QPalette.ColorRole.ToolTipBase, window)
        p.setColor(QPalette.ColorRole.ToolTipText, text)
        p.setColor(QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140))
        p.setColor(QPalette.ColorRole.Mid, QColor(150, 150, 150))
        app.setPalette(p)
    app.setStyleSheet(STYLE)
