"""Texts that fit their widget, at any font size and in every language: a field is at least as
wide as its placeholder (each of its placeholders, when it has several), a combo box as wide as
its current item, measured with the widget's own font metrics and style — never in fixed pixels,
never by counting characters.  Qt otherwise cuts them silently: "Finis", "Stage 12 – Al Her"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
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


class _Refit(QObject):
    """Measures a field again whenever its font or style changes: a style sheet (the keying
    fields' big monospace font) or a zoom reaches the widget only when it is polished, after
    it was built, so a width taken at construction is the wrong font's."""

    def __init__(self, edit: QLineEdit, alternatives: tuple[str, ...]) -> None:
        super().__init__(edit)
        self.alternatives = alternatives
        edit.installEventFilter(self)

    def refit(self, edit: QLineEdit) -> None:
        edit.setMinimumWidth(line_edit_width(edit, edit.placeholderText(), *self.alternatives))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _REFIT_ON and isinstance(watched, QLineEdit):
            self.refit(watched)
        return False


_REFIT_ON = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish)


def fit_placeholder(edit: QLineEdit, *alternatives: str) -> None:
    """``edit`` never narrower than its placeholder, nor than the ``alternatives`` it switches
    to, in the font it is finally drawn with (measured again when that changes)."""
    refit = edit.findChild(_Refit)
    if refit is None:
        refit = _Refit(edit, alternatives)
    else:
        refit.alternatives = alternatives
    refit.refit(edit)


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
