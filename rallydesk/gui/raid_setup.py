"""Set-up for the rally-raid rules (RULES §8): the waypoints of the stage selected in Set-up >
Stages (number, km, kind), edited in place and saved together; the missed-waypoint penalty of each
kind, an event setting saved with the other settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.errors import RallyDeskError
from ..domain.waypoints import WAYPOINT_KINDS as KINDS
from ..services.waypoints import check_waypoint
from . import theme
from .bridge import EventBridge
from .i18n import arg


class WaypointsPanel(QWidget):
    """The waypoints of one stage: a row each (number, km, kind); Save writes the whole list."""

    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.stage: int | None = None
        self.title = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("WP"), self.tr("km"), self.tr("Kind")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        char = self.fontMetrics().averageCharWidth()
        widths = (8 * char, 10 * char, 16 * char)  # "WP", "254.2", a kind's box with its arrow
        for c, width in enumerate(widths):
            self.table.setColumnWidth(c, width)
        scroll = self.table.verticalScrollBar().sizeHint().width()
        self.table.setFixedWidth(sum(widths) + scroll + 4 * self.table.frameWidth() + 4)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setToolTip(
            self.tr("WPV visible, WPM masked, WPE eclipse, WPS safety, WPC control; in route order")
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add a &waypoint"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton(self.tr("Remove the selected waypoint"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button = QPushButton(self.tr("Save the waypoints"))
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.show_stage(None)

    def show_stage(self, stage: int | None) -> None:
        self.stage = stage
        self.message.clear()
        writable = stage is not None and not self.bridge.rally_event.readonly
        for b in (self.add_button, self.remove_button, self.save_button):
            b.setEnabled(writable)
        self.table.setRowCount(0)
        if stage is None:
            self.title.setText(self.tr("Waypoints: select a stage above"))
            return
        self.title.setText("<b>" + arg(self.tr("Waypoints of stage %1"), stage) + "</b>")
        try:
            waypoints = list(self.bridge.rally_event.waypoints(stage))
        except RallyDeskError as exc:
            self.message.setText(theme.span("error", str(exc)))
            return
        for wp in waypoints:
            km = wp.km
            self.add_row(str(wp.number), "" if km is None else f"{km:g}", wp.kind)

    def add_row(self, number: str | None = None, km: str = "", kind: str = "WPV") -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(number if number is not None else str(r + 1)))
        self.table.setItem(r, 1, QTableWidgetItem(km))
        box = QComboBox()
        box.addItems(list(KINDS))
        box.setCurrentText(kind)
        self.table.setCellWidget(r, 2, box)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)

    def rows(self) -> list[dict[str, str]]:
        """The rows as keyed: waypoint, km, kind (the services check them)."""
        out = []
        for r in range(self.table.rowCount()):
            number, km = (self.table.item(r, c) for c in (0, 1))
            box = self.table.cellWidget(r, 2)
            out.append(
                {
                    "waypoint": number.text().strip() if number else "",
                    "km": km.text().strip() if km else "",
                    "kind": box.currentText() if isinstance(box, QComboBox) else "",
                }
            )
        return out

    def save(self) -> bool:
        if self.stage is None:
            return False
        try:
            waypoints = [
                check_waypoint(self.stage, r["waypoint"], r["km"], r["kind"]) for r in self.rows()
            ]
            self.bridge.rally_event.set_waypoints(self.stage, waypoints)
        except RallyDeskError as exc:
            self.message.setText(theme.span("error", str(exc)))
            return False
        self.message.setText(
            theme.span("ok", arg(self.tr("waypoints of stage %1 saved"), self.stage))
        )
        return True


def attach_waypoints(bridge: EventBridge, stages_tab: QWidget) -> WaypointsPanel:
    """The waypoints panel under Set-up > Stages, following the stage selected in its table."""
    panel = WaypointsPanel(bridge, stages_tab)
    view = stages_tab.findChild(QTableView)
    layout = stages_tab.layout()
    assert view is not None and isinstance(
        layout, QBoxLayout
    )  # as SetupWidget._table_tab made them

    def follow() -> None:
        index = view.currentIndex()
        model = view.model()
        if not index.isValid() or model is None:
            return
        number = model.index(index.row(), 0).data()
        stage = int(number) if str(number).isdigit() else None
        if stage != panel.stage:
            panel.show_stage(stage)

    selection = view.selectionModel()
    assert selection is not None
    selection.currentChanged.connect(lambda *_: follow())
    layout.addWidget(panel, 1)
    return panel


class MissedPenalties(QWidget):
    """The missed-waypoint penalty of each kind (an event setting), saved with the settings."""

    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QLineEdit] = {}
        amounts = bridge.rally_event.missed_penalties()
        for kind in KINDS:
            edit = QLineEdit(T.format_duration(amounts.get(kind, 0), "plain", 1000))
            edit.setMaximumWidth(10 * self.fontMetrics().averageCharWidth())
            edit.setToolTip(
                self.tr(
                    "Added once for each waypoint of this kind a crew did not pass, e.g. 0:15:00"
                )
            )
            row.addWidget(QLabel(kind))
            row.addWidget(edit)
            self.fields[kind] = edit
        row.addStretch(1)

    def save(self, fail: Any) -> bool:
        """Each changed amount written; a bad one refused with the kind and the accepted form."""
        amounts = self.bridge.rally_event.missed_penalties()
        for kind, edit in self.fields.items():
            try:
                ms = T.parse_duration(edit.text())
            except ValueError:
                fail(
                    arg(
                        self.tr("Missed %1: %2 is not a duration (e.g. 0:15:00 or 15')"),
                        kind,
                        repr(edit.text()),
                    )
                )
                return False
            if ms == amounts.get(kind):
                continue
            try:
                self.bridge.rally_event.set_missed_penalty(kind, ms)
            except RallyDeskError as exc:
                fail(str(exc))
                return False
        return True
