"""Timing > Passages and Timing > Close passages (RULES §8): who passed which waypoint of a stage,
the missing passages marked and counted, and the missed-waypoint penalties shown before they are
added. Everything is computed by the services (``close_passages(dry_run=True)`` writes nothing)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.errors import RallyDeskError
from ..services import Notice
from ..services.notices import StageChanged
from . import theme
from .bridge import EventBridge, everything
from .i18n import arg
from .raid_words import reason_text
from .timing import _fill, _table


def category_box(bridge: EventBridge, parent: QWidget) -> QComboBox:
    """The categories of the event to choose from (the first one first)."""
    box = QComboBox(parent)
    for cat in bridge.rally_event.data.categories():
        box.addItem(f"{cat.code} – {cat.name}", cat.code)
    return box


def compact(table: QTableWidget, crew_column: int = 1) -> QTableWidget:
    """A list's rows one line high; the crew's column takes what is left (long names elided)."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(crew_column, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
    return table


def crew_name(entry: Any) -> str:
    return " / ".join(m.name for m in entry.crew)


def waypoint_title(wp: Any) -> str:
    km = wp.km
    return f"WP{wp.number} {wp.kind}" + ("" if km is None else f" ({km:g})")


class PassagesDialog(QDialog):
    """Timing > Passages: one row a crew, one column a waypoint; a missing passage is marked."""

    def __init__(self, bridge: EventBridge, stage: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.stage = bridge, stage
        self.setWindowTitle(arg(self.tr("Passages of stage %1"), stage))
        self.category = category_box(bridge, self)
        self.only_missing = QCheckBox(self.tr("Only crews with &missing passages"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = _table([self.tr("No"), self.tr("Crew")])
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Category")))
        top.addWidget(self.category)
        top.addWidget(self.only_missing)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.category.currentIndexChanged.connect(self.refresh)
        self.only_missing.toggled.connect(self.refresh)
        bridge.noticed.connect(self._on_notice)  # a passage keyed or imported meanwhile
        self.resize(900, 600)
        self.refresh()

    def refresh(self) -> None:
        ev = self.bridge.rally_event
        try:
            waypoints = list(ev.waypoints(self.stage))
            rows = list(ev.passages(self.stage, self.category.currentData()))
        except RallyDeskError as exc:
            self.summary.setText(theme.span("error", str(exc)))
            return
        numbers = [wp.number for wp in waypoints]
        headers = [self.tr("No"), self.tr("Crew"), self.tr("Missing")]
        headers += [waypoint_title(wp) for wp in waypoints]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        compact(self.table)
        missing_total, crews_missing, shown = 0, 0, []
        for row in rows:
            times = row.times
            missing = [n for n in numbers if times.get(n) is None]
            missing_total += len(missing)
            crews_missing += bool(missing)
            if missing or not self.only_missing.isChecked():
                shown.append((row, times, missing))
        self.table.setRowCount(len(shown))
        mark = QBrush(QColor(theme.colour("error")))
        for r, (row, times, missing) in enumerate(shown):
            cells = [str(row.number), str(row.crew), str(len(missing)) if missing else ""]
            at = [times.get(n) for n in numbers]
            cells += [self.tr("missing") if t is None else T.format_time_of_day(t) for t in at]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3 and numbers[c - 3] in missing:
                    item.setForeground(mark)
                self.table.setItem(r, c, item)
        if not waypoints:
            self.summary.setText(
                arg(self.tr("Stage %1 has no waypoints (Set-up > Stages)."), self.stage)
            )
            return
        self.summary.setText(
            arg(
                self.tr("%1 crews, %2 waypoints: %3 missing passages, by %4 crews."),
                len(rows),
                len(waypoints),
                missing_total,
                crews_missing,
            )
        )

    def _on_notice(self, notice: Notice) -> None:
        if everything(notice) or (isinstance(notice, StageChanged) and notice.stage == self.stage):
            self.refresh()

    def column_texts(self, column: int) -> list[str]:
        """The texts of one column, top to bottom (what the official reads)."""
        items = (self.table.item(r, column) for r in range(self.table.rowCount()))
        return [i.text() if i is not None else "" for i in items]


class ClosePassagesDialog(QDialog):
    """Timing > Close passages: the missed-waypoint penalties it will add, listed first (a dry run);
    Add adds them, Cancel adds nothing."""

    def __init__(self, bridge: EventBridge, stage: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.stage = bridge, stage
        self.setWindowTitle(arg(self.tr("Close the passages of stage %1"), stage))
        self.category = category_box(bridge, self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table: QTableWidget = compact(
            _table(
                [
                    self.tr("No"),
                    self.tr("Crew"),
                    self.tr("Waypoint"),
                    self.tr("km"),
                    self.tr("Kind"),
                    self.tr("Penalty"),
                    self.tr("Reason"),
                ]
            )
        )
        self.add_button = QPushButton(self.tr("&Add these penalties"))
        self.add_button.clicked.connect(self.confirm)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Category")))
        top.addWidget(self.category)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.category.currentIndexChanged.connect(self.preview)
        self.pending: list[Any] = []
        self.added: list[Any] = []
        self.resize(900, 500)
        self.preview()

    def preview(self) -> None:
        """What closing would add, computed and shown; nothing written."""
        try:
            self.pending = list(
                self.bridge.rally_event.close_passages(
                    self.stage, self.category.currentData(), dry_run=True
                )
            )
        except RallyDeskError as exc:
            self.pending = []
            self.message.setText(theme.span("error", str(exc)))
            self.add_button.setEnabled(False)
            return
        names = {e.number: crew_name(e) for e in self.bridge.rally_event.data.entries}
        style = self.bridge.rally_event.data.settings.time_style
        _fill(
            self.table,
            [
                [
                    str(p.number),
                    names.get(p.number, ""),
                    f"WP{p.waypoint}",
                    "" if p.km is None else f"{p.km:g}",
                    str(p.kind),
                    T.format_adjustment(p.amount_ms, style),
                    reason_text(p.reason),
                ]
                for p in self.pending
            ],
        )
        total = sum(p.amount_ms for p in self.pending)
        self.message.setText(
            arg(
                self.tr(
                    "%1 penalties will be added (%2 in all). Nothing is added until you confirm."
                ),
                len(self.pending),
                T.format_duration(total, style),
            )
            if self.pending
            else self.tr("No penalty to add: every crew passed every waypoint (or was penalised).")
        )
        self.add_button.setEnabled(bool(self.pending))

    def confirm(self) -> bool:
        try:
            self.added = list(
                self.bridge.rally_event.close_passages(
                    self.stage, self.category.currentData(), dry_run=False
                )
            )
        except RallyDeskError as exc:
            self.message.setText(theme.span("error", str(exc)))
            return False
        self.message.setText(theme.span("ok", arg(self.tr("%1 penalties added"), len(self.added))))
        self.accept()
        return True


def raid_dialog(window: Any, kind: str, *, show: bool = True) -> QDialog | None:
    """Timing > Passages / Close passages / Interrupt stage on the desk's stage (none: nothing)."""
    desk = window.desk
    stage = desk.entry.current_stage() if desk is not None else None
    if desk is None or stage is None:
        return None
    if kind != "passages" and window.readonly_event():
        return None
    from .raid_interrupt import InterruptDialog

    make = {
        "passages": PassagesDialog,
        "close": ClosePassagesDialog,
        "interrupt": InterruptDialog,
    }[kind]
    dialog = make(desk.bridge, stage, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if show:
        dialog.open()
    return dialog
