"""The two lists under the time entry: the crews still without a time on the stage being keyed,
and the results keyed last (the undo stack, then the journal), with the button that undoes the
latest. Each follows what changed at the cost of what changed."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.changes import time_from_row
from ..domain.model import StageTime
from ..domain.names import crew_label
from ..services import Event
from .i18n import arg
from .labels import SteadyLabel
from .undo import RecordTimeCommand

#: what "Last keyed" shows of a row: text, (stage, number) to key again, undone, tooltip
Row = tuple[str, Any, bool, str | None]


def precision(event: Event, stage: int | None) -> int:
    """Show times as the stage is timed (1 s, 0.1 s or 1 ms): what the classification will print."""
    try:
        return event.data.stage(stage).precision_ms if stage is not None else 1000
    except KeyError:
        return 1000


def describe(event: Event, t: StageTime) -> str:
    """A result as the desk shows it: the time in the event's style, else the status (reason)."""
    if t.status == "OK" and t.elapsed_ms is not None:
        style = event.data.settings.time_style
        return T.format_duration(t.elapsed_ms, style, precision(event, t.stage))
    return t.status + (f" ({t.reason})" if t.reason else "")


class MissingList(QListWidget):
    """The entries still without a result on the stage being keyed, in the category the views
    beside follow; ``title`` (a label of its own) counts them."""

    #: a crew was double-clicked: key it
    picked = Signal(int)

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        #: the category the views beside follow; the list follows it too (None: all)
        self.category: str | None = None
        #: the stage the list shows
        self.stage: int | None = None
        # the count changes with every Enter: in a label of its own (a group box's title would
        # lay out, and so paint, the whole window again each time)
        self.title = SteadyLabel(self.tr("Still without a time"))
        self.setWordWrap(True)  # whole names, no sideways scrolling
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)
        self.setToolTip(
            self.tr("Entries still without a result on this stage; double-click to key one")
        )
        self.itemActivated.connect(
            lambda item: self.picked.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def box(self) -> QGroupBox:
        """The list under its count."""
        box = QGroupBox()
        layout = QVBoxLayout(box)
        layout.addWidget(self.title)
        layout.addWidget(self)
        return box

    def fill(self, stage: int | None) -> None:
        self.stage = stage
        self.clear()
        if stage is None:
            return
        missing = self.rally_event.still_without_time(stage, self.category)
        for e in missing:  # no cap: the list is what the official must still key
            item = QListWidgetItem(f"#{e.number}  {e.class_code}  {crew_label(e)}")
            item.setData(Qt.ItemDataRole.UserRole, e.number)
            item.setToolTip(f"#{e.number}  {crew_label(e)} · {e.team or ''} · {e.vehicle or ''}")
            self.addItem(item)
        self._title(len(missing))

    def after_time(self, stage: int | None, number: int | None) -> None:
        """One result changed: a crew keyed on this stage leaves the list, a result of a later
        stage changes nothing; anything else (a deletion, a status on an earlier stage that may
        put a crew out or back) fills the list again. Each Enter then costs what it changed."""
        current = self.stage
        if stage is None or number is None or current is None:
            self.fill(current)
            return
        if stage > current:
            return
        t = self.rally_event.data.time_of(stage, number)
        if stage < current or t is None:
            self.fill(current)
            return
        for row in reversed(range(self.count())):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == number:
                self.takeItem(row)
        self._title(self.count())

    def follow_category(self, code: str | None) -> None:
        """The list shows the category the views beside show."""
        if code != self.category:
            self.category = code
            self.fill(self.stage)

    def _title(self, count: int) -> None:
        if self.category:
            self.title.setText(
                arg(
                    self.tr("Still without a time on this stage, %1 (%2)"),
                    self._category_name(self.category),
                    count,
                )
            )
        else:
            self.title.setText(arg(self.tr("Still without a time on this stage (%1)"), count))

    def _category_name(self, code: str) -> str:
        try:
            return self.rally_event.data.group(code).name
        except KeyError:
            return code


class RecentList(QListWidget):
    """The results keyed last, newest first: the window's undo stack (undone ones greyed and
    marked), then what the journal says was keyed before; ``undo_button`` undoes the latest."""

    #: a row was double-clicked: key (stage, number) again
    picked = Signal(int, int)

    def __init__(self, event: Event, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        self.undo_stack: QUndoStack | None = undo_stack
        self.setToolTip(
            self.tr(
                "Last keyed results, newest first; Ctrl+Z undoes the latest, Ctrl+Y redoes.\nDouble-click one to key that number again."
            )
        )
        self.itemActivated.connect(self._pick)
        self.undo_button = QPushButton(self.tr("Undo last (Ctrl+Z)"))
        self.undo_button.setToolTip(
            self.tr("Put back what was there before the latest keyed result")
        )
        self.undo_button.clicked.connect(undo_stack.undo)
        self.undo_button.setEnabled(False)
        undo_stack.canUndoChanged.connect(self._can_undo)
        undo_stack.indexChanged.connect(self.fill)
        undo_stack.destroyed.connect(self._stack_gone)
        self._history = self._journal_history()  # after a restart: from the journal
        self._rows: list[Row] = []  # what the list shows
        self.fill()

    def box(self) -> QGroupBox:
        """The list with its title and the undo button under it."""
        box = QGroupBox(self.tr("Last keyed"))
        layout = QVBoxLayout(box)
        layout.addWidget(self)
        layout.addWidget(self.undo_button)
        return box

    def stack(self) -> QUndoStack | None:
        """The window's undo stack, or None once it is being destroyed (the window goes first on quit:
        its destructor still signals, and a deleted stack must not be asked anything)."""
        if self.undo_stack is not None and not shiboken6.isValid(self.undo_stack):
            self.undo_stack = None
        return self.undo_stack

    def _can_undo(self, ok: bool) -> None:
        if self.stack() is not None and shiboken6.isValid(self.undo_button):
            self.undo_button.setEnabled(ok and not self.rally_event.readonly)

    def _stack_gone(self) -> None:
        """The window's stack goes first when the window is destroyed: stop listening to it."""
        self.undo_stack = None

    def reload_history(self) -> None:
        """The journal changed under the desk (another desk, an import): read it again."""
        self._history = self._journal_history()
        self.fill()

    def _journal_history(self) -> list[tuple[str, tuple[int, int] | None, str]]:
        rows: list[tuple[str, tuple[int, int] | None, str]] = []
        for r in self.rally_event.recent_keyed(100):
            parts = str(r["target"]).split()  # "stage 2 #203"
            try:
                stage, number = int(parts[1]), int(parts[2].lstrip("#"))
            except (IndexError, ValueError):
                continue
            new = r.get("new")
            t = (
                time_from_row({**new, "stage": stage, "number": number})
                if isinstance(new, dict)
                else None
            )
            if t is not None:
                what = describe(self.rally_event, t)
            else:
                what = self.tr("deleted")
            # the status alone (its reason and the official are in the tooltip: data, not the desk's words)
            short = (
                what
                if not isinstance(new, dict) or (new.get("status") or "OK") == "OK"
                else new["status"]
            )
            rows.append(
                (
                    f"S{stage}  #{number}  {short}   · {str(r.get('at', ''))[11:19]}",
                    (stage, number),
                    f"{what} · {r.get('user') or ''}",
                )
            )
        return rows

    def fill(self) -> None:
        """The list mirrors the undo stack: newest first, undone results greyed and marked, then
        what the journal says was keyed before (after a restart or an import: a first Enter must
        not make the night's earlier results vanish). A result just keyed is one row put on top,
        not the list made again (each Enter costs what it changed)."""
        stack = self.stack()
        if stack is None or not shiboken6.isValid(self):
            return
        rows: list[Row] = []
        for i in range(stack.count() - 1, max(-1, stack.count() - 201), -1):
            command = stack.command(i)
            undone = i >= stack.index()
            picked = (
                (command.after.stage, command.after.number)
                if isinstance(command, RecordTimeCommand)
                else None
            )
            text = command.text() + ("   — " + self.tr("undone (Ctrl+Y redoes)") if undone else "")
            rows.append((text, picked, undone, None))
        for text, picked, tip in self._history[: max(0, 200 - stack.count())]:
            rows.append((text, picked, False, tip))
        shown = self._rows
        if rows and shown and len(rows) <= len(shown) + 1 and rows[1:] == shown[: len(rows) - 1]:
            self.insertItem(0, self._item(*rows[0]))
            self._measure(self.item(0))
            while self.count() > len(rows):
                self.takeItem(self.count() - 1)
        elif rows != shown:
            self.clear()
            for row in rows:
                self.addItem(self._item(*row))
            self._measure_all()
        self._rows = rows

    def _measure(self, item: QListWidgetItem) -> None:
        """The row's size, measured once as the list would (its text in its font): a new row on
        top lays the whole list out again, and without it each of the 200 rows' texts was
        measured again at every Enter (~0.8 ms)."""
        item.setData(Qt.ItemDataRole.SizeHintRole, None)  # measure the text, not the old size
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        item.setSizeHint(self.itemDelegate().sizeHint(option, self.indexFromItem(item)))

    def _measure_all(self) -> None:
        for i in range(self.count()):
            self._measure(self.item(i))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measure_all()  # zoomed, or another style: every row's size again

    def _item(self, text: str, picked: Any, undone: bool, tip: str | None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, picked)
        if tip:
            item.setToolTip(tip)
        if undone:
            item.setForeground(self.palette().color(self.palette().ColorRole.PlaceholderText))
            font = item.font()
            font.setStrikeOut(True)
            item.setFont(font)
        return item

    def _pick(self, item: QListWidgetItem) -> None:
        picked = item.data(Qt.ItemDataRole.UserRole)
        if picked:
            self.picked.emit(picked[0], picked[1])
