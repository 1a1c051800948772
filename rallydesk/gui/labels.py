"""A label whose new text repaints the label alone, not the whole window.

``QLabel.setText`` asks its layout again (``updateGeometry``), and Qt passes that request up
every layout to the main window, which then paints itself whole: each keystroke at the desk
(the crew of the number just typed, "✔ recorded #N", a count under a view) drew the window,
both classification tables included, once more. Here the QLabel lives in a small holder without
a layout, where such a request stops; the holder keeps a height of a few lines (sized by the
font, never in pixels) and grows, once, only for a text that needs more.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class SteadyLabel(QWidget):
    """A QLabel in a holder that absorbs its layout requests; ``lines`` lines are reserved."""

    def __init__(self, text: str = "", lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self._height = 0  # reserved height in pixels; grows, never shrinks
        self._widths: tuple[str, ...] = ()  # texts whose width is reserved (reserve_width)
        self.label = QLabel(text, self)
        self.label.setWordWrap(lines > 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._reserve()

    # the QLabel's API the desk uses
    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if text == self.label.text():
            return
        self.label.setText(text)
        self._reserve()

    def setObjectName(self, name: str) -> None:  # noqa: N802 (Qt's name)
        """The name goes to the QLabel too, so the style sheet's ``QLabel#name`` rules reach it."""
        super().setObjectName(name)
        self.label.setObjectName(name)
        self._height = 0
        self._reserve()

    def reserve_width(self, *texts: str) -> None:
        """Never narrower than the widest of ``texts`` (the words it switches between: "Time",
        "Finish"), measured with its font: a longer word never shows cut ("Finis")."""
        self._widths = texts
        self._reserve_width()

    def _reserve_width(self) -> None:
        if not self._widths:
            return
        label = self.label
        label.ensurePolished()
        margins = label.contentsMargins()
        fm = label.fontMetrics()
        need = max(fm.horizontalAdvance(t) for t in self._widths) + margins.left() + margins.right()
        need += 2 * label.margin() + 1
        if need != self.minimumWidth():
            self.setMinimumWidth(need)
            self.updateGeometry()

    def _reserve(self) -> None:
        label = self.label
        label.ensurePolished()  # the style sheet's font for this name, before measuring
        margins = label.contentsMargins()
        need = self._lines * label.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
        if label.wordWrap() and label.text() and self.width() > 0:
            need = max(need, label.heightForWidth(self.width()))
        if need > self._height:
            self._height = need
            self.setFixedHeight(need)  # asks the layouts once; later texts stay inside
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
        self._reserve()  # narrower: the same text may need another line

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._height = 0
            self._reserve()
            self._reserve_width()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(max(self.label.sizeHint().width(), self.minimumWidth()), self._height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.minimumWidth(), self._height)
