"""Timing > Interrupt stage (RULES §8): the stewards' decision, its one rule (at waypoint W,
stopped at T, neutralised A–B with an optional N) and reason; the stage's classification before
and after, side by side, from a dry run, before anything is written. An interruption is taken
back (undone) with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.errors import RallyDeskError
from ..services.waypoints import AlreadyInterrupted
from . import theme
from .bridge import EventBridge
from .i18n import arg
from .raid_timing import category_box, compact, crew_name, waypoint_title
from .raid_words import reason_text
from .timing import _table

RULES = ("at-waypoint", "stopped-at", "neutralised")


class InterruptDialog(QDialog):
    """Decision, rule and reason; Preview shows before | after; Interrupt writes it."""

    def __init__(self, bridge: EventBridge, stage: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.stage = bridge, stage
        self.setWindowTitle(arg(self.tr("Interrupt stage %1"), stage))
        ev = bridge.rally_event
        self.category = category_box(bridge, self)
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(self.tr("the stewards' decision, e.g. 14"))
        self.rule = QComboBox()
        for code, text in zip(
            RULES,
            (
                self.tr("classified at a waypoint"),
                self.tr("stopped at a time of day"),
                self.tr("a segment neutralised"),
            ),
            strict=True,
        ):
            self.rule.addItem(text, code)
        try:
            self.waypoints = list(ev.waypoints(stage))
        except RallyDeskError:
            self.waypoints = []
        self.at_waypoint = self._waypoint_box(ends=False)
        self.stopped_at = QLineEdit()
        self.stopped_at.setPlaceholderText(self.tr("time of day, e.g. 16:24:00"))
        self.seg_from = self._waypoint_box(ends=True)
        self.seg_to = self._waypoint_box(ends=True)
        self.seg_to.setCurrentIndex(self.seg_to.count() - 1)
        self.neutral = QLineEdit()
        self.neutral.setPlaceholderText(self.tr("empty: the shortest among the crews"))
        self.rule_fields = QStackedWidget()
        for fields in (
            ((self.tr("Waypoint W"), self.at_waypoint),),
            ((self.tr("Stopped at T"), self.stopped_at),),
            (
                (self.tr("From A"), self.seg_from),
                (self.tr("To B"), self.seg_to),
                (self.tr("Neutral time N"), self.neutral),
            ),
        ):
            page = QWidget()
            line = QHBoxLayout(page)  # one line whatever the rule: the previews keep their room
            line.setContentsMargins(0, 0, 0, 0)
            for label, widget in fields:
                line.addWidget(QLabel(label))
                line.addWidget(widget, 1)
            self.rule_fields.addWidget(page)
        self.rule.currentIndexChanged.connect(self.rule_fields.setCurrentIndex)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("why, e.g. floods after km 300"))
        form = QFormLayout()
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Decision"), self.decision)
        form.addRow(self.tr("Rule"), self.rule)
        form.addRow(self.rule_fields)
        form.addRow(self.tr("Reason"), self.reason)
        self.message = QLabel()
        self.message.setWordWrap(True)
        headers = [self.tr("Pos"), self.tr("No"), self.tr("Crew"), self.tr("Time")]
        self.before, self.after = compact(_table(headers), 2), compact(_table(headers), 2)
        for table in (self.before, self.after):
            # the crews take the room; a not-classified crew's reason (long: "no passage at
            # WP4: …") is cut in the Time column, whole in its tooltip, and never squeezes them
            head = table.horizontalHeader()
            head.setStretchLastSection(False)
            head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            head.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        sides = QGridLayout()
        sides.addWidget(QLabel("<b>" + self.tr("Before") + "</b>"), 0, 0)
        sides.addWidget(QLabel("<b>" + self.tr("After the interruption") + "</b>"), 0, 1)
        sides.addWidget(self.before, 1, 0)
        sides.addWidget(self.after, 1, 1)
        self.preview_button = QPushButton(self.tr("&Preview"))
        self.preview_button.clicked.connect(self.preview)
        self.confirm_button = QPushButton(self.tr("&Interrupt the stage"))
        self.confirm_button.clicked.connect(self.confirm)
        self.confirm_button.setEnabled(False)
        self.undo_button = QPushButton(self.tr("&Undo the interruption"))
        self.undo_button.setToolTip(
            self.tr("Take back this category's interruption of the stage; give the reason first")
        )
        self.undo_button.clicked.connect(self.undo)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.preview_button, self.confirm_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addLayout(sides, 1)
        for edit in (self.decision, self.stopped_at, self.neutral, self.reason):
            edit.textChanged.connect(self._changed)
            edit.returnPressed.connect(self.preview)
        for box in (self.category, self.rule, self.at_waypoint, self.seg_from, self.seg_to):
            box.currentIndexChanged.connect(self._changed)
        self.previewed: tuple[Any, Any] | None = None
        self.category.currentIndexChanged.connect(self.show_current)
        self.resize(1000, 650)
        self.show_current()

    def show_current(self) -> None:
        """The category's interruption of the stage, when there is one (Undo takes it back)."""
        cut = self.bridge.rally_event.interruption(self.stage, self.category.currentData())
        self.undo_button.setEnabled(cut is not None and not self.bridge.rally_event.readonly)
        if cut is None:
            self.message.clear()
            return
        self.message.setText(
            arg(
                self.tr("Already interrupted: %1 (decision %2, %3)"),
                self.describe(cut),
                cut.decision,
                cut.reason,
            )
        )

    def describe(self, cut: Any) -> str:
        """An interruption's rule in the desk's language."""
        if cut.rule == "at-waypoint":
            return arg(self.tr("classified at WP%1"), cut.at_waypoint)
        if cut.rule == "stopped-at":
            return arg(self.tr("stopped at %1"), T.format_time_of_day(cut.stopped_at_ms or 0))
        ends = {"start": self.tr("start"), "finish": self.tr("finish")}
        a, b = (ends.get(e, f"WP{e}") for e in (cut.segment or ("start", "finish")))
        return arg(self.tr("neutralised %1–%2"), a, b)

    def _waypoint_box(self, ends: bool) -> QComboBox:
        box = QComboBox()
        if ends:
            box.addItem(self.tr("start"), "start")
        for wp in self.waypoints:
            box.addItem(waypoint_title(wp), wp.number)
        if ends:
            box.addItem(self.tr("finish"), "finish")
        return box

    def _changed(self) -> None:
        """Another decision than the one previewed: preview again before confirming."""
        self.previewed = None
        self.confirm_button.setEnabled(False)

    def _call(self, dry_run: bool) -> tuple[Any, Any]:
        rule = self.rule.currentData()
        options: dict[str, Any] = {}
        if rule == "at-waypoint":
            if self.at_waypoint.currentData() is None:
                raise RallyDeskError(
                    arg(
                        self.tr("stage %1 has no waypoints: set them in Set-up > Stages"),
                        self.stage,
                    )
                )
            options["at_waypoint"] = self.at_waypoint.currentData()
        elif rule == "stopped-at":
            options["stopped_at"] = self.stopped_at.text().strip()
        else:
            options["neutralised"] = (self.seg_from.currentData(), self.seg_to.currentData())
            options["neutral"] = self.neutral.text().strip() or None
        result = self.bridge.rally_event.interrupt(
            self.stage,
            self.category.currentData(),
            self.decision.text().strip(),
            self.reason.text().strip(),
            rule,
            dry_run=dry_run,
            **options,
        )
        before, after = result  # one classification a category: the one chosen
        return before[0], after[0]

    def preview(self) -> bool:
        """The classification before and after, computed and shown; nothing written."""
        try:
            before, after = self._call(dry_run=True)
        except RallyDeskError as exc:
            self.message.setText(theme.span("error", self.refusal(exc)))
            self._changed()
            return False
        self.show_side(self.before, before, None)
        self.show_side(self.after, after, before)
        self.previewed = (before, after)
        self.confirm_button.setEnabled(True)
        self.message.setText(
            self.tr("Nothing is written yet: check the classification after, then Interrupt.")
        )
        return True

    def show_side(self, table: QTableWidget, c: Any, other: Any | None) -> None:
        """A classification in a table; with ``other``, a crew whose line moved is marked."""
        names = {e.number: crew_name(e) for e in self.bridge.rally_event.data.entries}
        style = self.bridge.rally_event.data.settings.time_style
        was = {} if other is None else {r.number: (r.position, r.time_ms) for r in other.rows}
        lines: list[tuple[str, int, str, tuple[int, int] | None]] = [
            (
                str(r.position),
                r.number,
                T.format_duration(r.time_ms, style, c.precision_ms),
                (r.position, r.time_ms),
            )
            for r in c.rows
        ]
        lines += [(n.status, n.number, reason_text(n.reason), None) for n in c.not_classified]
        table.setRowCount(len(lines))
        mark = QBrush(QColor(theme.colour("error")))
        for i, (pos, number, time, key) in enumerate(lines):
            moved = other is not None and was.get(number) != key
            for col, text in enumerate((pos, str(number), names.get(number, ""), time)):
                item = QTableWidgetItem(text)
                if moved:
                    item.setForeground(mark)
                if col >= 2:
                    item.setToolTip(text)
                table.setItem(i, col, item)
        # the Time column as wide as the widest time (and its title), not as a reason
        metrics = table.fontMetrics()
        widest = max(
            [metrics.horizontalAdvance(t) for _, _, t, k in lines if k is not None]
            + [
                metrics.horizontalAdvance(
                    str(table.model().headerData(3, Qt.Orientation.Horizontal))
                )
            ]
        )
        table.setColumnWidth(3, widest + 4 * metrics.horizontalAdvance(" "))

    def refusal(self, exc: RallyDeskError) -> str:
        """The services' refusal, in the desk's language where the desk knows its words."""
        if isinstance(exc, AlreadyInterrupted):
            return arg(
                self.tr(
                    "Stage %1 %2 is already interrupted: exactly one rule applies per stage and "
                    "category (undo it first, with a reason)"
                ),
                exc.stage,
                exc.category,
            )
        return str(exc)

    def confirm(self) -> bool:
        if self.previewed is None:
            return self.preview() and False
        try:
            self._call(dry_run=False)
        except RallyDeskError as exc:
            self.message.setText(theme.span("error", self.refusal(exc)))
            return False
        self.accept()
        return True

    def undo(self) -> bool:
        reason = self.reason.text().strip()
        if not reason:
            self.message.setText(
                theme.span("error", self.tr("Give the reason for taking the interruption back"))
            )
            self.reason.setFocus()
            return False
        try:
            self.bridge.rally_event.undo_interruption(
                self.stage, self.category.currentData(), reason
            )
        except RallyDeskError as exc:
            self.message.setText(theme.span("error", str(exc)))
            return False
        self.show_current()
        self.message.setText(theme.span("ok", self.tr("The interruption was taken back")))
        return True

    def texts(self, table: QTableWidget, column: int) -> list[str]:
        items = (table.item(r, column) for r in range(table.rowCount()))
        return [i.text() if i is not None else "" for i in items]
