"""Light and dark palettes; dark is for long nights at the bivouac."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

#: sizes follow the application's font (a 14 pt desktop, 150 % scaling): points scaled from it, never pixels
STYLE = """
QLabel#viewTitle {{ font-size: {title}pt; }}
QLabel#crewLabel {{ font-size: {title}pt; min-height: 3em; }}
QLineEdit#numberField, QLineEdit#timeField {{ font-size: {field}pt; font-family: 'DejaVu Sans Mono', monospace; padding: 0.2em; }}
QLabel#hint {{ color: {hint}; font-size: {small}pt; }}
QTableView {{ gridline-color: palette(midlight); }}
"""

#: message colours, each at least 4.5:1 against the base and window of its theme (WCAG AA)
COLOURS = {
    False: {
        "ok": "#276b2b",
        "warn": "#8a5100",
        "error": "#c62828",
        "info": "#6a1b9a",
        "hint": "#555555",
        "gained": "#1b7a35",
        "lost": "#c62828",
    },
    True: {
        "ok": "#81c784",
        "warn": "#ffb74d",
        "error": "#ff8a80",
        "info": "#ce93d8",
        "hint": "#b0b0b0",
        "gained": "#81c784",
        "lost": "#ff8a80",
    },
}
_dark = False


def colour(name: str) -> str:
    """A message colour of the current theme: ok, warn, error, info, hint, gained, lost."""
    return COLOURS[_dark][name]


def span(name: str, text: str) -> str:
    return f"<span style='color:{colour(name)}'>{text}</span>"


def is_dark() -> bool:
    return _dark


#: one brush per colour name, recoloured in place by apply(): what a table keeps of a row's look
#: (its grey or green cells) holds these very brushes, so another theme rebuilds nothing
_BRUSHES: dict[str, QBrush] = {}


def brush(name: str) -> QBrush:
    """The brush of a colour of the current theme (the same object whatever the theme)."""
    found = _BRUSHES.get(name)
    if found is None:
        found = _BRUSHES[name] = QBrush(QColor(colour(name)))
    return found


def apply(app: QApplication, dark: bool) -> None:
    global _dark
    _dark = bool(dark)
    for name, kept in _BRUSHES.items():
        kept.setColor(QColor(colour(name)))
    app.setStyle("Fusion")
    if not dark:
        p = app.style().standardPalette()
        # Fusion's light blue selection under white text is 3.7:1; this one reads at 6:1
        p.setColor(QPalette.ColorRole.Highlight, QColor(33, 94, 160))
        p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        app.setPalette(p)
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
        p.setColor(QPalette.ColorRole.PlaceholderText, QColor(160, 160, 160))
        p.setColor(QPalette.ColorRole.Mid, QColor(150, 150, 150))
        app.setPalette(p)
    size = app.font().pointSizeF()
    if size <= 0:
        size = 10.0
    app.setStyleSheet(
        STYLE.format(
            title=round(size * 1.2, 1),
            field=round(size * 1.6, 1),
            small=round(size * 0.95, 1),
            hint=colour("hint"),
        )
    )
