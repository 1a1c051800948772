"""A classification view: stage or overall after stage S, for a category, class or cup."""

from __future__ import annotations

import dataclasses
import math
from operator import attrgetter

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.classification import Classification, LiveOverall
from ..domain.errors import RallyDeskError
from ..domain.names import crew_label
from ..services import Aspect, Notice
from .bridge import EventBridge, crew_of, touches
from .cell_delegate import CellDelegate
from .crew_actions import NotClassifiedActions
from .fitting import FittedComboBox
from .i18n import arg, stage_label
from .labels import SteadyLabel
from .listmodel import cell_text
from .models import ClassificationModel
from .raid_words import reason_text

#: columns a narrow view beside the time entry leaves out (the Crew tooltip still names them)
COMPACT_HIDDEN = ("Team", "Vehicle")


class ClassificationView(QWidget):
    #: the official closed this view (the × button)
    closed = Signal()
    #: Enter or double-click on a crew: its card
    crew_activated = Signal(int)
    #: an action on a not-classified crew: (what, number, stage or None), see Desk.crew_action
    crew_action = Signal(str, int, object)

    def __init__(
        self,
        bridge: EventBridge,
        stage: int | None = None,
        overall: bool = False,
        group: str | None = None,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._sized: tuple[object, ...] | None = None
        #: changes seen while hidden (race numbers to highlight)
        self._pending: set[int] | None = None
        self.hidden_columns: set[str] = set(COMPACT_HIDDEN) if compact else set()
        self._shown_not_classified: tuple[object, ...] | None = (
            None  # what the not-classified list shows
        )
        self.model = ClassificationModel(self)
        # each as wide as its current item (the stage's whole name), not as its longest
        self.stage_box = FittedComboBox()
        self.stage_box.setToolTip(self.tr("Stage of the classification"))
        self.scope_box = FittedComboBox()
        self.scope_box.addItem(self.tr("Stage"), False)
        self.scope_box.addItem(self.tr("Overall"), True)
        self.scope_box.setToolTip(
            self.tr("The stage's own classification, or the overall after it")
        )
        self.group_box = FittedComboBox()
        self.group_box.setToolTip(self.tr("Category, class or cup"))
        self.title = SteadyLabel()
        self.title.setObjectName("viewTitle")
        self.status = SteadyLabel()
        self.status.setObjectName("viewStatus")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.model, self.table))  # one call a cell
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        # one line per cell: a wrapped cell is laid out as rich text on every paint (~40 % of a
        # repaint), and a classification's cells never need two lines
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        for box in (
            self.stage_box,
            self.scope_box,
            self.group_box,
        ):  # long stage names may not widen the window
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(10)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setToolTip(
            self.tr("Hover a column title for its meaning; right-click to show or hide columns")
        )
        self.model.modelReset.connect(self._apply_hidden)
        # another stage, scope or category is a new table: its columns are fitted again (numbers
        # of three digits after a category of one, longer class codes, another set of columns)
        self.model.modelReset.connect(self._forget_widths)
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Close this classification view"))
        close.clicked.connect(self.closed.emit)
        bar = QHBoxLayout()
        for w in (self.scope_box, self.stage_box, self.group_box):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        # the crews out of this classification, with status, stage and reason (not only a count)
        self.nc_button = QToolButton()
        self.nc_button.setCheckable(True)
        self.nc_button.setAutoRaise(True)
        self.nc_button.setToolTip(
            self.tr("Show the crews not classified: status, stage and reason")
        )
        self.nc_table = QTableWidget(0, 5)
        self.nc_table.setHorizontalHeaderLabels(
            [self.tr("No"), self.tr("Crew"), self.tr("Status"), self.tr("Stage"), self.tr("Reason")]
        )
        self.nc_table.verticalHeader().setVisible(False)
        self.nc_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.nc_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.nc_table.horizontalHeader().setStretchLastSection(True)
        self.nc_table.setWordWrap(False)
        self.nc_table.hide()
        self.nc_button.toggled.connect(self.nc_table.setVisible)
        self.nc_table.cellActivated.connect(
            lambda row, _col: self.crew_activated.emit(int(cell_text(self.nc_table, row, 0)))
        )
        # edit time, add penalty, change status on a crew of the list: a context menu and keys
        self.nc_actions = NotClassifiedActions(self.nc_table, bridge, self)
        self.legend = SteadyLabel(lines=2)
        self.legend.setObjectName("hint")
        layout.addWidget(self.legend)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.nc_button)
        layout.addLayout(foot)
        layout.addWidget(self.nc_table, 1)
        self.table.activated.connect(
            lambda index: self.crew_activated.emit(self.model.number_at(index.row()))
        )
        self._fill_boxes(stage, group)
        self.scope_box.setCurrentIndex(1 if overall else 0)
        for box in (self.stage_box, self.scope_box, self.group_box):
            box.currentIndexChanged.connect(lambda *_: self.refresh())
        bridge.noticed.connect(self._on_notice)
        self.refresh()

    def _fill_boxes(self, stage: int | None, group: str | None) -> None:
        data = self.bridge.rally_event.data
        for box in (self.stage_box, self.group_box):
            box.blockSignals(True)
        keep_stage = stage if stage is not None else self.stage_box.currentData()
        keep_group = group if group is not None else self.group_box.currentData()
        self.stage_box.clear()
        for s in data.stages:
            label = stage_label(s)
            self.stage_box.addItem(f"{label} – {s.name}", s.number)
        self.group_box.clear()
        for cat in data.categories():
            self.group_box.addItem(cat.name, cat.code)
            for g in data.groups:
                if g.kind == "class" and g.parent == cat.code:
                    self.group_box.addItem(f"   {g.name} ({g.code})", g.code)
            for g in data.groups:
                if g.kind == "cup" and g.parent == cat.code:
                    self.group_box.addItem("   " + arg(self.tr("Cup: %1"), g.name), g.code)
        for g in data.groups:
            if g.kind == "cup" and not g.parent:
                self.group_box.addItem(arg(self.tr("Cup: %1"), g.name), g.code)
        for box, value in ((self.stage_box, keep_stage), (self.group_box, keep_group)):
            i = box.findData(value) if value is not None else -1
            box.setCurrentIndex(i if i >= 0 else 0)
            box.blockSignals(False)
            box.updateGeometry()  # the item chosen without a signal: its width all the same

    def selection(self) -> tuple[int, bool, str | None]:
        return (
            self.stage_box.currentData(),
            bool(self.scope_box.currentData()),
            self.group_box.currentData(),
        )

    def set_selection(self, stage: int | None, overall: bool, group: str | None) -> None:
        for box, value in (
            (self.stage_box, stage),
            (self.scope_box, overall),
            (self.group_box, group),
        ):
            i = box.findData(value)
            if i >= 0:
                box.setCurrentIndex(i)

    def _on_notice(self, notice: Notice) -> None:
        if not notice.changes_data:
            return  # a login, a backup, the store lost or found again: the data is the same
        if Aspect.STRUCTURE in touches(notice):
            self._fill_boxes(None, None)
            self._sized = None  # a longer name or team: the columns follow it
        number = crew_of(notice)
        numbers = {number} if number is not None else set()
        if self.window().isVisible() and not self.isVisible() and self.model.rowCount():
            # a view on a hidden tab catches up when it is shown: Enter pays only for what is on
            # screen; it then highlights the crew keyed last, not every crew keyed meanwhile
            self._pending = numbers or self._pending or set()
            return
        self.refresh(numbers)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.refresh(pending)

    def refresh(self, highlight: set[int] | None = None) -> None:
        stage, overall, group = self.selection()
        if stage is None or group is None:
            self.title.setText(self.tr("No stages or categories yet: set up the event first"))
            return
        event = self.bridge.rally_event
        live = None
        try:
            if overall:
                c, live = event.live_overall(stage, group)
            else:
                c = event.classification(stage, overall, group)
        except RallyDeskError as exc:
            self.status.setText(str(exc))
            return
        self.model.set_classification(event.data, c, highlight, live)
        data = event.data
        st = data.stage(stage)
        scope = (
            arg(self.tr("Overall after stage %1"), stage)
            if overall
            else arg(self.tr("Stage %1 – %2"), stage, st.name)
        )
        self.title.setText(f"<b>{scope}</b> · {data.group(group).name}")
        extra = "  ·  " + self.tr("stage cancelled for this category") if c.cancelled else ""
        pending = set(live.pending) if live is not None else set()
        out = [n for n in c.not_classified if n.number not in pending]
        counts = arg(self.tr("%1 classified, %2 not classified"), len(c.rows), len(out))
        if pending:
            counts += "  ·  " + arg(self.tr("%1 pending on this stage"), len(pending))
        self.status.setText(counts + extra)
        c = dataclasses.replace(c, not_classified=tuple(out))
        self._fill_not_classified(c)
        self._fill_legend(live, stage, overall)
        key = self._width_key(c)
        if (
            self._sized != key
        ):  # a first penalty, a gap past an hour: the columns grow with their texts
            self._size_columns()
            self._sized = key

    def set_zoom(self, steps: int) -> None:
        """The table's text at the application's font plus 10 % a step; rows sized from it."""
        from PySide6.QtWidgets import QApplication

        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * (1 + 0.1 * steps))
        for table in (self.table, self.nc_table):
            table.setFont(font)
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        self.zoom = steps
        self._sized = None
        if self.model.rowCount():
            self._size_columns()

    def _fill_legend(self, live: LiveOverall | None, stage: int, overall: bool) -> None:
        """What the arrows mean, and that the grey rows are pending on the stage (not dropped)."""
        if not overall:
            self.legend.setText("")
            self.legend.hide()
            return
        data = self.bridge.rally_event.data
        earlier = [s.number for s in data.stages if s.number < stage]
        text = (
            arg(
                self.tr(
                    "Change: ▲n places gained, ▼n places lost since the overall after stage %1; = same place; "
                    "blank: no earlier position. 2=: a shared position."
                ),
                max(earlier),
            )
            if earlier
            else self.tr("Change: blank on the first stage (no earlier position).")
        )
        if live is not None and live.pending:
            text += " " + arg(
                self.tr(
                    "Grey rows marked “pending” have no result on stage %1 yet: they keep their place "
                    "from the overall after stage %2, and the crews already keyed are numbered around them."
                ),
                stage,
                live.previous_stage,
            )
        self.legend.setText(text)
        self.legend.show()

    def _fill_not_classified(self, c: Classification) -> None:
        entries = self.bridge.rally_event.data.entries
        shown = (c.not_classified, id(entries))  # a renamed crew: the list is drawn again
        if shown == self._shown_not_classified:
            return  # most Enters change no one's status: the list and its button stay as drawn
        self._shown_not_classified = shown
        self.nc_button.setText(arg(self.tr("Not classified (%1)"), len(c.not_classified)))
        self.nc_table.setRowCount(len(c.not_classified))
        data = self.bridge.rally_event.data
        for r, nc in enumerate(c.not_classified):
            try:
                crew = crew_label(data.entry(nc.number))
            except KeyError:
                crew = ""
            for col, value in enumerate(
                (
                    nc.number,
                    crew,
                    nc.status,
                    nc.stage if nc.stage is not None else "",
                    reason_text(nc.reason),
                )
            ):
                self.nc_table.setItem(r, col, QTableWidgetItem(str(value)))

    def not_classified_rows(self) -> list[tuple[str, ...]]:
        t = self.nc_table
        return [
            tuple(cell_text(t, r, c) for c in range(t.columnCount())) for r in range(t.rowCount())
        ]

    def _forget_widths(self) -> None:
        self._sized = None

    def _width_key(self, c: Classification) -> tuple[object, ...]:
        """What the column widths depend on: the column set, the widest race number and the
        longest time, penalty, gap, diff."""
        key: list[object] = [tuple(self.column_names())]
        rows = c.rows
        if rows:
            key.append(len(str(max(map(attrgetter("number"), rows)))))
            names = self.column_names()
            for col, attr in (
                ("Time", "time_ms"),
                ("Penalty", "penalty_ms"),
                ("Gap", "gap_ms"),
                ("Diff", "diff_ms"),
            ):
                if col not in names:
                    key.append(0)
                    continue
                values = list(map(attrgetter(attr), rows))  # no Python call per row: every Enter
                high, low = max(values), min(values)
                widest = rows[values.index(high if high >= -low else low)]
                key.append(len(self.model._text(widest, col)))
            key.append(any(map(attrgetter("nominal"), rows)))
        return tuple(key)

    def _size_columns(self) -> None:
        """Fit the columns to their contents once per column set; the Crew column takes what is left,
        so a long crew name never pushes the times out of sight."""
        self._apply_hidden()
        header = self.table.horizontalHeader()
        fit_to_texts(self.table, self.model, header)
        char = self.table.fontMetrics().averageCharWidth()  # sized by the font, not in pixels
        widest = {"Team": 40 * char, "Vehicle": 40 * char}  # whole names; only absurd ones cut
        for col, name in enumerate(self.column_names()):
            if name == "Crew":
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(
                    col,
                    min(header.sectionSize(col), widest.get(name, 20 * char))
                    + (2 * char if name == "Pos" else 0),
                )  # room for the ▲/▼ of a row that moved

    def column_names(self) -> list[str]:
        """The columns by key ("Team", "Time"…), whatever the language of their titles."""
        return self.model.column_keys()

    def _apply_hidden(self) -> None:
        for col, name in enumerate(self.column_names()):
            self.table.setColumnHidden(col, name in self.hidden_columns)

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for col, name in enumerate(self.column_names()):
            action = menu.addAction(self.model.headerData(col, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(name not in self.hidden_columns)
            action.toggled.connect(lambda on, n=name: self.show_column(n, on))
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def show_column(self, name: str, visible: bool = True) -> None:
        (self.hidden_columns.discard if visible else self.hidden_columns.add)(name)
        self._apply_hidden()

    def selected_number(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.number_at(rows[0].row()) if rows else None

    def reveal(self, number: int) -> None:
        """Scroll just enough to show the crew's row (no selection change); nothing if it is in sight."""
        row = self.model.row_of(number)
        if row is not None:
            self.table.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible
            )

    def select_number(self, number: int) -> None:
        row = self.model.row_of(number)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible
            )


def fit_to_texts(table: QTableView, model: ClassificationModel, header: QHeaderView) -> None:
    """Each column as wide as its title or its widest text, measured with the table's font
    (bold for Pos) on the few longest texts only; a cell's margins as the delegate draws them."""
    metrics = QFontMetricsF(table.font())
    bold_font = table.font()
    bold_font.setBold(True)
    bold = QFontMetricsF(bold_font)
    margin = 2 * (
        table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    )
    grid = 1 if table.showGrid() else 0
    for col, name in enumerate(model.column_keys()):
        fm = bold if name == "Pos" else metrics
        widest = max((fm.horizontalAdvance(text) for text in model.longest_texts(col)), default=0.0)
        need = math.ceil(widest) + 1 + margin + grid  # +1: the text layout rounds its width up
        header.resizeSection(col, max(header.sectionSizeHint(col), need))
