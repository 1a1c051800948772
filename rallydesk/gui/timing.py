"""Timing menu dialogs: the start list, the blind second keying (Verify stage), and the crew card.

All of them work through the services: the start order, the mismatches and the crew's history are
computed below the GUI, so the command line and the tests see the same.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.errors import RallyDeskError
from ..services.results import Mismatch
from . import theme
from .bridge import EventBridge
from .i18n import arg
from .listmodel import cell_text
from .raid_words import reason_text


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))


def _error(label: QLabel, text: str) -> None:
    label.setText(theme.span("error", text))


class StartListDialog(QDialog):
    """Timing > Start list: generate from a first start, an interval and an order; print it."""

    def __init__(self, bridge: EventBridge, stage: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.stage = stage
        self.setWindowTitle(arg(self.tr("Start list of stage %1"), stage))
        self.first = QLineEdit()
        self.first.setPlaceholderText(self.tr("first start, e.g. 08:00:00 or 080000"))
        self.interval = QLineEdit("1'")
        self.interval.setPlaceholderText(self.tr("interval, e.g. 1' or 0:00:30"))
        self.order = QComboBox()
        self.order.addItem(self.tr("Overall after the previous stage"), "previous")
        self.order.addItem(self.tr("This list of race numbers"), "list")
        self.numbers = QLineEdit()
        self.numbers.setPlaceholderText(self.tr("race numbers in start order, e.g. 201 203 202"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        generate = QPushButton(self.tr("&Generate"))
        generate.clicked.connect(self.generate)
        pdf = QPushButton(self.tr("Print as &PDF…"))
        pdf.clicked.connect(lambda: self._export_dialog("pdf"))
        xlsx = QPushButton(self.tr("Save as E&xcel…"))
        xlsx.clicked.connect(lambda: self._export_dialog("xlsx"))
        self.table = _table(
            [self.tr("Order"), self.tr("No"), self.tr("Crew"), self.tr("Class"), self.tr("Start")]
        )
        form = QFormLayout()
        form.addRow(self.tr("First start"), self.first)
        form.addRow(self.tr("Interval"), self.interval)
        form.addRow(self.tr("Order"), self.order)
        form.addRow(self.tr("List"), self.numbers)
        buttons = QHBoxLayout()
        for b in (generate, pdf, xlsx):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.first.returnPressed.connect(lambda: self.interval.setFocus())
        self.interval.returnPressed.connect(self.generate)
        self.numbers.returnPressed.connect(self.generate)
        self.refresh()

    def refresh(self) -> None:
        rows = self.bridge.rally_event.start_list(self.stage)
        _fill(
            self.table,
            [
                [str(i), str(r["number"]), r["crew"], r["class"], r["start"]]
                for i, r in enumerate(rows, start=1)
            ],
        )

    def generate(self) -> bool:
        order: str | list[int] = self.order.currentData()
        if order == "list":
            text = self.numbers.text().replace(",", " ").split()
            if not text or not all(t.isdigit() for t in text):
                _error(
                    self.message,
                    self.tr("key the race numbers in start order, separated by spaces"),
                )
                return False
            order = [int(t) for t in text]
        try:
            starts = self.bridge.rally_event.generate_starts(
                self.stage, self.first.text(), self.interval.text(), order
            )
        except RallyDeskError as exc:
            _error(self.message, str(exc))
            return False
        self.message.setText(
            arg(self.tr("%1 start times written for stage %2"), len(starts), self.stage)
        )
        self.refresh()
        return True

    def _export_dialog(self, kind: str) -> None:
        event = self.bridge.rally_event
        default = str(
            event.location.folder / f"{event.location.title}-S{self.stage:02d}-start.{kind}"
        )
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Start list"), default, f"*.{kind}")
        if out:
            self.export_to(Path(out))

    def export_to(self, out: Path) -> Path | None:
        try:
            written = self.bridge.rally_event.export_start_list(self.stage, out)
        except RallyDeskError as exc:
            _error(self.message, str(exc))
            return None
        self.message.setText(arg(self.tr("Written %1"), written))
        return written


class VerifyDialog(QDialog):
    """Timing > Verify stage: another official keys the stage again, blind; the mismatches are listed
    with who keyed each, for the results manager to settle."""

    def __init__(self, bridge: EventBridge, stage: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.stage = stage
        #: hook the tests replace: (question) -> reason or None
        self.ask_reason: Callable[[str], str | None] = self._ask_reason
        self.setWindowTitle(arg(self.tr("Verify stage %1: second keying"), stage))
        self.official = QLineEdit()
        self.official.setPlaceholderText(self.tr("the second official's name"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("race number"))
        self.time = QLineEdit()
        self.time.setPlaceholderText(
            self.tr("elapsed (30749) or, with a start list, the finish (110100)")
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.count = QLabel()
        self.mismatch_table = _table(
            [
                self.tr("No"),
                self.tr("First keying"),
                self.tr("Second keying"),
                self.tr("First by"),
                self.tr("Second by"),
            ]
        )
        keep_first = QPushButton(self.tr("Keep the &first"))
        keep_first.clicked.connect(lambda: self.settle_selected("first"))
        take_second = QPushButton(self.tr("Take the &second"))
        take_second.clicked.connect(lambda: self.settle_selected("second"))
        form = QFormLayout()
        form.addRow(self.tr("Official"), self.official)
        form.addRow(self.tr("No"), self.number)
        form.addRow(self.tr("Time"), self.time)
        buttons = QHBoxLayout()
        buttons.addWidget(keep_first)
        buttons.addWidget(take_second)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Key the stage again without looking at the first keying; every difference is listed below."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.count)
        layout.addWidget(self.mismatch_table, 1)
        layout.addLayout(buttons)
        self.official.returnPressed.connect(lambda: self.number.setFocus())
        self.number.returnPressed.connect(lambda: self.time.setFocus())
        self.time.returnPressed.connect(self.record)
        self.refresh()

    def record(self) -> bool:
        event = self.bridge.rally_event
        text = self.number.text().strip()
        if not text.isdigit():
            _error(self.message, arg(self.tr("%1 is not a race number"), repr(text)))
            self.number.setFocus()
            self.number.selectAll()
            return False
        number = int(text)
        start = event.start_of(self.stage, number)
        try:
            if start is not None:
                event.record_second(
                    self.stage, number, self.official.text(), start=start, finish=self.time.text()
                )
            else:
                event.record_second(
                    self.stage, number, self.official.text(), elapsed=self.time.text()
                )
        except RallyDeskError as exc:
            _error(self.message, str(exc))
            return False
        self.message.setText(
            arg(self.tr("second keying of #%1 recorded"), number)
        )  # blind: no first value
        self.number.setText("")
        self.time.setText("")
        self.number.setFocus()
        self.refresh()
        return True

    def mismatches(self) -> list[Mismatch]:
        return self.bridge.rally_event.mismatches(self.stage)

    def refresh(self) -> None:
        found = self.mismatches()
        _fill(
            self.mismatch_table,
            [
                [str(m["number"]), m["first"], m["second"], m["first_by"], m["second_by"]]
                for m in found
            ],
        )
        if self.bridge.rally_event.verified(self.stage):
            self.count.setText(
                "<b>" + theme.span("ok", self.tr("Verified: both keyings agree")) + "</b>"
            )
        else:
            differ = sum(m["kind"] == "differ" for m in found)
            text = arg(self.tr("%1 mismatch(es) to settle"), differ)
            if len(found) > differ:
                text += "  ·  " + arg(
                    self.tr("%1 keyed by one official only (listed after them)"),
                    len(found) - differ,
                )
            self.count.setText(text)

    def settle_selected(self, keep: str) -> bool:
        rows = self.mismatch_table.selectionModel().selectedRows()
        if not rows:
            _error(self.message, self.tr("select a mismatch first"))
            return False
        number = int(cell_text(self.mismatch_table, rows[0].row(), 0))
        why = self.ask_reason(arg(self.tr("Settle #%1: why is this keying right?"), number))
        if not why:
            return False
        try:
            self.bridge.rally_event.settle(self.stage, number, keep, why)
        except RallyDeskError as exc:
            _error(self.message, str(exc))
            return False
        self.refresh()
        return True

    def _ask_reason(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Settle a mismatch"), question)
        return text.strip() if ok and text.strip() else None


class PositionChart(QWidget):
    """The overall position after each stage: a small line, first place at the top."""

    def __init__(self, positions: list[int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.positions = positions
        h = self.fontMetrics().height()
        self.setMinimumSize(12 * h, 5 * h)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        known = [p for p in self.positions if p is not None]
        if not known:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        m = self.fontMetrics().height()
        w, h = self.width() - 2 * m, self.height() - 2 * m
        worst = max(max(known), 2)
        n = max(len(self.positions) - 1, 1)
        pen = QPen(self.palette().color(self.palette().ColorRole.Highlight), 2)
        painter.setPen(pen)
        points = [
            QPointF(m + i * w / n, m + (p - 1) * h / (worst - 1))
            for i, p in enumerate(self.positions)
            if p is not None
        ]
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        painter.setPen(self.palette().color(self.palette().ColorRole.WindowText))
        for p, pt in zip([p for p in self.positions if p is not None], points, strict=True):
            painter.drawEllipse(pt, 3, 3)
            painter.drawText(pt + QPointF(4, -4), str(p))
        painter.end()


class CrewCard(QDialog):
    """Enter or double-click on a crew: its whole event on one card, and what can be done to it
    on the stage selected (edit the time, add a penalty, change the status: ``act``)."""

    def __init__(
        self,
        bridge: EventBridge,
        number: int,
        parent: QWidget | None = None,
        act: Callable[[str, int, int | None], None] | None = None,
        stage: int | None = None,
    ) -> None:
        super().__init__(parent)
        card = bridge.rally_event.crew_card(number)
        self.card = card
        self.number = number
        self._act = act
        self.setWindowTitle(arg(self.tr("Crew #%1"), number))
        head = QLabel(
            f"<h2 style='margin:0'>#{number} {card['crew']}</h2>"
            f"{card['class']} · {card['team']} · {card['vehicle']}"
        )
        head.setWordWrap(True)
        self.stages = _table(
            [
                self.tr("Stage"),
                self.tr("Time"),
                self.tr("Pos"),
                self.tr("Penalty"),
                self.tr("Status"),
                self.tr("Overall"),
                self.tr("Overall pos"),
            ]
        )
        _fill(
            self.stages,
            [
                [
                    f"{s['stage']} – {s['name']}",
                    s["time"],
                    s["position"] or "",
                    s["penalty"],
                    s["status"] + (f" ({s['reason']})" if s["reason"] else ""),
                    s["overall_time"],
                    s["overall_position"] or "",
                ]
                for s in card["stages"]
            ],
        )
        self.chart = PositionChart([s["overall_position"] for s in card["stages"]])
        self.chart.setToolTip(self.tr("Overall position after each stage"))
        self.journal = QListWidget()
        self.journal.setWordWrap(True)
        for r in reversed(card["journal"]):
            self.journal.addItem(
                f"{str(r['at'])[:19].replace('T', ' ')}  {r['user'] or ''}  {r['action']}  "
                f"{r['target']}" + (f"  — {r['reason']}" if r.get("reason") else "")
            )
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.stages, 2)
        layout.addWidget(QLabel("<b>" + self.tr("Overall position after each stage") + "</b>"))
        layout.addWidget(self.chart, 1)
        penalties = self.penalty_lines(bridge, number)
        if penalties:
            line = QLabel(
                "<b>" + self.tr("Penalties") + "</b>: " + html.escape("; ".join(penalties))
            )
            line.setWordWrap(True)
            layout.addWidget(line)
        layout.addWidget(QLabel("<b>" + self.tr("Journal of this crew") + "</b>"))
        layout.addWidget(self.journal, 1)
        self._crew_actions(layout, stage, bridge.rally_event.readonly)
        h = self.fontMetrics().height()
        self.resize(50 * h, 40 * h)

    def penalty_lines(self, bridge: EventBridge, number: int) -> list[str]:
        """The crew's penalties, bonuses and credits in the desk's language: stage, amount and
        reason (the rules' own reasons, a missed waypoint, worded too)."""
        data = bridge.rally_event.data
        style = data.settings.time_style
        lines = []
        for a in data.adjustments:
            if a.number != number:
                continue
            amount = T.format_adjustment(a.amount_ms, style, 1000)
            if a.reason:
                lines.append(
                    arg(self.tr("stage %1: %2, %3"), a.stage, amount, reason_text(a.reason))
                )
            else:
                lines.append(arg(self.tr("stage %1: %2"), a.stage, amount))
        return lines

    def _crew_actions(self, layout: QVBoxLayout, stage: int | None, readonly: bool) -> None:
        """Buttons under the card, the same in the stages' context menu, and their keys; they act
        on the stage selected in the table (the desk's stage at first)."""
        from PySide6.QtCore import Qt

        from . import crew_actions

        stages = [s["stage"] for s in self.card["stages"]]
        row = stages.index(stage) if stage in stages else len(stages) - 1
        if row >= 0:
            self.stages.selectRow(row)
        words = crew_actions.texts(self)
        buttons = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for what in ("time", "penalty", "status"):
            b = QPushButton(words[what])
            b.setToolTip(f"{words[what].replace('&', '')} ({crew_actions.KEYS[what]})")
            buttons.addWidget(b)
            self.action_buttons[what] = b
        self.action_buttons["time"].clicked.connect(lambda: self.act("time"))
        self.action_buttons["penalty"].clicked.connect(lambda: self.act("penalty"))
        self.action_buttons["status"].setMenu(crew_actions.status_menu(self, self.act))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.stages.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.stages.customContextMenuRequested.connect(self._context_menu)
        crew_actions.add_actions(
            self,
            self.act,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
            self.action_buttons["status"].showMenu,
        )
        for b in self.action_buttons.values():
            b.setEnabled(not readonly and self._act is not None)

    def selected_stage(self) -> int | None:
        rows = self.stages.selectionModel().selectedRows()
        if not rows:
            return None
        return int(self.card["stages"][rows[0].row()]["stage"])

    def act(self, what: str) -> None:
        """Edit the time, add a penalty or give a status on the selected stage: the desk's own
        entry, filled in and focused; the card closes (the desk has the keys)."""
        if self._act is None or not self.action_buttons["time"].isEnabled():
            return
        stage = self.selected_stage()
        self.close()
        self._act(what, self.number, stage)

    def _context_menu(self, pos: QPoint) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMenu

        from . import crew_actions

        index = self.stages.indexAt(pos)
        if index.isValid():
            self.stages.selectRow(index.row())
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        crew_actions.fill_menu(menu, self.act)
        for action in menu.actions():
            action.setEnabled(self.action_buttons["time"].isEnabled())
        menu.popup(self.stages.viewport().mapToGlobal(pos))
