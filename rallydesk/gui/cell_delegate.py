"""The delegate that paints a classification's cells with one question to the model a cell.

Qt's ``QStyledItemDelegate.initStyleOption`` asks the model seven roles of every cell it paints
(font, alignment, foreground, check state, decoration, display, background): seven calls from
C++ into Python, ~1,800 for one repaint of the desk's two views, a third of the repaint's time.
Here ``initStyleOption`` asks :meth:`ClassificationModel.cell_style` once and fills the option
as Qt's own does with the answers — the same ones ``data()`` gives for those roles (they come
from one cache), so the cells look the same pixel for pixel (``tests/gui/test_models.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from .models import ClassificationModel

HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
TEXT = QPalette.ColorRole.Text


class CellDelegate(QStyledItemDelegate):
    """Paints the cells of one :class:`ClassificationModel` (the view's, for its whole life)."""

    def __init__(self, model: ClassificationModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._style = model.cell_style

    def initStyleOption(  # noqa: N802 (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # what QStyledItemDelegate::initStyleOption does with the seven roles, from one answer
        # (no check state, no decoration: a classification has neither)
        text, align, font, foreground, background = self._style(index.row(), index.column())
        option.index = index  # type: ignore[assignment]  # (Qt gives a QModelIndex)
        if font is not None:
            option.font = font.resolve(option.font)  # bold or italic at the table's own size
            option.fontMetrics = QFontMetrics(option.font)
        option.displayAlignment = align
        if foreground is not None:
            option.palette.setBrush(TEXT, foreground)  # (the option's own palette, not a copy)
        option.features = option.features | HAS_DISPLAY
        option.text = text
        if background is not None:
            option.backgroundBrush = background
        option.styleObject = None  # type: ignore[assignment]  # as Qt's: no animations in a view
