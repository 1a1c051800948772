"""Column widths that follow the content: every table of the desk refits its columns when its
model is reset (another category, another filter), when rows arrive and when its layout changes,
so a column sized once for "7" never shows "1…" for "107".  Titles count too: a column is never
narrower than its own header."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTableView


def fit_columns(table: QTableView, widest_chars: int = 60) -> None:
    """Every column to its content and its title, at most ``widest_chars`` average characters
    (a long reason is cut, with its whole text in the tooltip of the cell)."""
    header = table.horizontalHeader()
    cap = widest_chars * table.fontMetrics().averageCharWidth()
    last = header.count() - 1
    for col in range(header.count()):
        if table.isColumnHidden(col) or (col == last and header.stretchLastSection()):
            continue
        need = max(table.sizeHintForColumn(col), header.sectionSizeHint(col))
        header.resizeSection(col, min(need, max(cap, header.sectionSizeHint(col))))


def follow_contents(table: QTableView, fit: Callable[[], None] | None = None) -> None:
    """Refit ``table``'s columns after each reset, insertion or layout change of its model (the
    view, connected first, already has the new rows), and once now."""
    refit = fit or (lambda: fit_columns(table))
    model = table.model()
    for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
        signal.connect(lambda *_: refit())
    refit()
