"""Texts that fit their widget, at any font size and in every language: a field is at least as
wide as its placeholder (each of its placeholders, when it has several), a combo box as wide as
its current item, measured with the widget's own font metrics and style — never in fixed pixels,
never by counting characters.  Qt otherwise cuts them silently: "Finis", "Stage 12 – Al Her"."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QWidget,
)

#: QLineEdit's own inner margin on each side of its text (QLineEditPrivate::horizontalMargin)
LINE_EDIT_MARGIN = 2


def line_edit_width(edit: QLineEdit, *texts: str) -> int:
    """The width ``edit`` needs to show the longest of ``texts`` whole (frame and margins included)."""
    fm = edit.fontMetrics()
    text_width = max((fm.horizontalAdvance(t) for t in texts), default=0)
    margins = edit.textMargins()
    opt = QStyleOptionFrame()
    edit.initStyleOption(opt)
    inner = QSize(
        text_width + 2 * LINE_EDIT_MARGIN + margins.left() + margins.right() + 1, fm.height()
    )
    return edit.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, opt, inner, edit).width()


def fit_placeholder(edit: QLineEdit, *alternatives: str) -> None:
    """``edit`` never narrower than its placeholder, nor than the ``alternatives`` it switches to."""
    edit.setMinimumWidth(line_edit_width(edit, edit.placeholderText(), *alternatives))


def combo_width(box: QComboBox, text: str) -> int:
    """The width ``box`` needs to show ``text`` whole (arrow and frame included)."""
    opt = QStyleOptionComboBox()
    box.initStyleOption(opt)
    fm = box.fontMetrics()
    inner = QSize(fm.horizontalAdvance(text) + 2 * LINE_EDIT_MARGIN, fm.height())
    return box.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, inner, box).width()


class FittedComboBox(QComboBox):
    """A combo box as wide as its current item, whatever it is and however it was chosen
    ("Stage 12 – Al Henakiyah" whole), while the longer names of the other items widen only the
    open list, not the window (with AdjustToMinimumContentsLength…)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(lambda *_: self.updateGeometry())

    def _fitted(self, size: QSize) -> QSize:
        return QSize(max(size.width(), combo_width(self, self.currentText())), size.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fitted(super().minimumSizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fitted(super().sizeHint())
