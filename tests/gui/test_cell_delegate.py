"""The classification views' delegate (gui/cell_delegate.py) asks the model one question a cell
instead of Qt's seven; what it paints must be what Qt's own delegate paints from data()."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QTableView

from rallydesk.domain.classification import Classification, LiveOverall, Row
from rallydesk.gui import theme
from rallydesk.gui.cell_delegate import CellDelegate
from rallydesk.gui.models import FOREGROUND, ClassificationModel
from tests.gui.test_models import DATA

#: an overall after stage 2 with every look a row can have: a climb (green ▲) and a drop (red ▼),
#: a shared position (2=), no change (=), no earlier position (blank), a penalty, a nominal time,
#: and two crews pending on the stage (grey, italic, "(3)")
ROWS = (
    Row(1, 7, 7_000_000, 0, 0, 0, 1, False, 2),
    Row(2, 3, 7_010_000, 60_000, 10_000, 10_000, 2, False, -1),
    Row(2, 5, 7_010_000, 0, 10_000, 0, 2, True, 0),
    Row(4, 9, 7_100_500, 0, 100_500, 90_500, 4, False, None),
)
PENDING = {11: (3, 3_500_000), 12: (6, 3_600_000)}
LIVE = LiveOverall(
    (
        ROWS[0],
        ROWS[1],
        Row(3, 11, 3_500_000, 0, 0, 0, 3),
        ROWS[2],
        ROWS[3],
        Row(6, 12, 3_600_000, 0, 0, 0, 6),
    ),
    PENDING,
    1,
)
OVERALL = Classification(2, "overall", "CAR", None, ROWS, (), 1000, False, (1, 2))


def painted(table: QTableView, delegate: QStyledItemDelegate) -> bytes:
    table.setItemDelegate(delegate)
    table.viewport().repaint()
    image = table.viewport().grab().toImage()
    return bytes(image.constBits())


def shown_table(qtbot, model: ClassificationModel) -> QTableView:
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)  # zoomed: bold and italic at the table's size
    table.setFont(font)
    table.resize(1100, 320)
    table.show()
    qtbot.waitExposed(table)
    table.resizeColumnsToContents()
    return table


def test_the_delegate_paints_pixel_for_pixel_what_qts_delegate_paints_from_data(qtbot):
    model = ClassificationModel()
    model.clock = lambda: 100.0  # frozen: the highlight lasts however slow the machine is
    model.set_classification(DATA, OVERALL, live=LIVE)
    model.set_classification(DATA, OVERALL, highlight={5}, live=LIVE)  # #5 just keyed: amber
    table = shown_table(qtbot, model)
    table.selectRow(3)  # a selected row draws its text in the highlight's colour
    fast, qt = CellDelegate(model, table), QStyledItemDelegate(table)
    assert painted(table, fast) == painted(table, qt)
    # the model changed under the view (#12 keyed, #3 dropped): the delegate's cached rows follow
    rows = (
        ROWS[0],
        ROWS[2]._replace(position=2, diff_ms=10_000),
        ROWS[1]._replace(position=3, change=-2, diff_ms=0),
        ROWS[3],
        Row(5, 12, 7_200_000, 0, 200_000, 99_500, 5, False, 1),
    )
    after = Classification(2, "overall", "CAR", None, rows, (), 1000, False, (1, 2))
    live = LiveOverall((*rows[:2], LIVE.rows[2], *rows[2:]), {11: PENDING[11]}, 1)
    model.set_classification(DATA, after, highlight={3}, live=live)
    assert painted(table, fast) == painted(table, qt)


def test_the_rows_colours_follow_the_theme_without_being_made_again(qtbot):
    model = ClassificationModel()
    model.set_classification(DATA, OVERALL, live=LIVE)
    table = shown_table(qtbot, model)
    fast, qt = CellDelegate(model, table), QStyledItemDelegate(table)
    pending_row, climb = 2, 0  # #11 pending; #7 climbed two places (Change, last column)
    change = model.columnCount() - 1
    app = QApplication.instance()
    try:
        for dark in (True, False):
            theme.apply(app, dark)
            for row, col, name in ((pending_row, 1, "hint"), (climb, change, "gained")):
                brush = model.index(row, col).data(FOREGROUND)
                assert brush.color() == QColor(theme.colour(name)), (dark, name)
                assert model.cell_style(row, col)[3].color() == QColor(theme.colour(name))
            assert painted(table, fast) == painted(table, qt), dark
    finally:
        theme.apply(app, False)
