"""Keyboard-first time entry: number, Enter, time, Enter — hundreds an hour without the mouse.

The typed text stays in its field until the services have durably recorded it; anything the
services refuse is shown in red under the fields, never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.model import StageTime
from ..domain.names import crew_label
from ..logs import refused
from ..services import Notice
from ..services.notices import (
    BatchWritten,
    EntryChanged,
    OtherDeskWrote,
    SettingsChanged,
    StageChanged,
    TimeChanged,
)
from . import theme
from .bridge import EventBridge
from .fitting import FittedComboBox, fit_placeholder
from .following import Follower
from .i18n import arg, stage_label
from .keyed_lists import MissingList, RecentList, describe, precision
from .keying_flow import KeyingFlow
from .keying_words import KeyingWords
from .labels import SteadyLabel
from .undo import RecordTimeCommand

#: the theme's colour of each status's badge
STATUS_COLOURS = {
    "OK": "ok",
    "DNS": "warn",
    "DNF": "warn",
    "RET": "error",
    "DSQ": "error",
    "EXP": "info",
}
STATUS_KEYS = {"DNS": "F5", "DNF": "F6", "RET": "F7", "DSQ": "F8", "EXP": "F9"}


class _UndoGoesToTheDesk(QObject):
    """Ctrl+Z in an empty (or just cleared) field undoes the last keyed result, not the typing.

    A QLineEdit claims Ctrl+Z/Ctrl+Y even with nothing to undo; then the official's Ctrl+Z right
    after Enter would bring back the race number instead of undoing the time, as the menu promises.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(watched, QLineEdit)
            and isinstance(event, QKeyEvent)
        ):
            if event.matches(QKeySequence.StandardKey.Undo) and not watched.isUndoAvailable():
                return True  # not accepted: the window's Undo shortcut acts
            if event.matches(QKeySequence.StandardKey.Redo) and not watched.isRedoAvailable():
                return True
        return False


class TimeEntryPanel(QWidget):
    #: (stage, number) after a result was durably recorded
    recorded = Signal(int, int)
    #: a known race number was confirmed with Enter (the views beside follow its category)
    number_entered = Signal(int)

    def __init__(
        self, bridge: EventBridge, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.status = "OK"
        #: the confirmation of the last recorded result: it stays until the next one
        self._confirmation = ""
        #: the start the desk filled in from the start list or the file (replaced when the number changes)
        self._auto_start = ""
        self.words = KeyingWords(self, self._describe)
        # hooks the tests replace: (question) -> answer
        self.ask_replace_reason: Callable[[str], str | None] = self.words.ask_reason
        #: a warning's question; None (the desk's way): asked in place, under the fields — Enter
        #: again on the same fields records it, any other key corrects; no dialog takes keys
        self.ask_confirm: Callable[[str], bool] | None = None
        self.flow = KeyingFlow(self)

        self.stage_box = FittedComboBox()  # the stage's whole name
        self.stage_box.setToolTip(self.tr("Stage being timed (Ctrl+PgUp / Ctrl+PgDown)"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("race number"))
        self.number.setToolTip(self.tr("Type the race number, then Enter"))
        self.number.setObjectName("numberField")
        # the crew's names (up to two lines), then class · team · vehicle
        self.crew = SteadyLabel("–", lines=3)
        self.crew.setObjectName("crewLabel")
        self.start = QLineEdit()
        self.start.setPlaceholderText(self.tr("start time of day, e.g. 08:10:00 (optional)"))
        self.start.setToolTip(
            self.tr("Known start time of day; with it, the time field takes the finish time of day")
        )
        self.time = QLineEdit()
        self.time.setObjectName("timeField")
        self.time.setToolTip(
            self.tr(
                "Without a start: the elapsed time — 3:07:49, 48:56:53, 3:07:49.9, 12:03.7 (min:s), 3h07'49\", 10' 48''7\nWith a start: the finish time of day — 14:30:12, 14:30:12.7, 143012, 01:10:00 +1 (next day)\nThen Enter records it; a time already keyed asks for a reason, an unlikely one for confirmation."
            )
        )
        self.time_mode = SteadyLabel()
        self.status_label = SteadyLabel()
        self.status_label.setObjectName("statusBadge")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("reason (for DNS/DNF/RET/DSQ/EXP)"))
        self.nominal = QLineEdit()
        self.nominal.setPlaceholderText(
            self.tr("nominal time for DNS/DNF, e.g. 10:00:00 (optional)")
        )
        self.message = SteadyLabel(lines=2)
        self.message.setObjectName("entryMessage")
        commit = QPushButton(self.tr("Record (Enter)"))
        commit.clicked.connect(self.commit)

        # every word and placeholder whole, whatever the font size and the language
        self.time_mode.reserve_width(self.tr("Time"), self.tr("Finish"))
        for edit in (self.number, self.start, self.reason, self.nominal):
            fit_placeholder(edit)
        fit_placeholder(self.time, *self._time_placeholders())
        form = QFormLayout()
        form.addRow(self.tr("Stage"), self.stage_box)
        form.addRow(self.tr("No"), self.number)
        form.addRow(self.tr("Crew"), self.crew)
        form.addRow(self.tr("Start"), self.start)
        form.addRow(self.time_mode, self.time)
        form.addRow(self.tr("Status"), self.status_label)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Nominal"), self.nominal)
        box = QGroupBox(self.tr("Time entry"))
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        keys = QLabel(
            self.tr(
                "Enter: next / record · Esc: clear · Ctrl+Z: undo the last result · F5 DNS · F6 DNF · F7 RET · F8 DSQ · F9 EXP · F4 OK · Ctrl+PgUp/PgDown: stage"
            )
        )
        keys.setWordWrap(True)
        keys.setObjectName("hint")
        inner.addWidget(keys)
        row = QHBoxLayout()
        row.addWidget(commit)
        row.addStretch(1)
        inner.addLayout(row)
        inner.addWidget(self.message)

        event = bridge.rally_event
        self.recent = RecentList(event, undo_stack)
        self.recent.picked.connect(self._pick_recent)
        self.missing = MissingList(event)
        self.missing.picked.connect(self._pick_missing)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(box)
        layout.addWidget(self.recent.box(), 1)
        layout.addWidget(self.missing.box(), 1)

        self._undo_filter = _UndoGoesToTheDesk(self)
        for field in self.fields():
            field.installEventFilter(self._undo_filter)
        self.number.returnPressed.connect(self._number_entered)
        self.number.textChanged.connect(self._show_entry)
        self.start.returnPressed.connect(lambda: self.time.setFocus())
        self.time.returnPressed.connect(self.commit)
        self.reason.returnPressed.connect(self.commit)
        self.nominal.returnPressed.connect(self.commit)
        self.start.textChanged.connect(self._update_mode)
        self.stage_box.currentIndexChanged.connect(self._stage_changed)
        # the keys act while the focus is in this panel, not in the set-up tables
        here = Qt.ShortcutContext.WidgetWithChildrenShortcut
        shortcuts: dict[str, Callable[[], object]] = {
            **{key: partial(self.set_status, status) for status, key in STATUS_KEYS.items()},
            "F4": lambda: self.set_status("OK"),
            "Esc": self.clear,
            "Ctrl+PgUp": lambda: self.step_stage(-1),
            "Ctrl+PgDown": lambda: self.step_stage(1),
        }
        for key, slot in shortcuts.items():
            QShortcut(QKeySequence(key), self, context=here).activated.connect(slot)
        bridge.noticed.connect(self._on_notice)
        self.fill_stages()
        self.set_status("OK")
        #: who looks at other desks' commits (None: the only desk on its file)
        self.follower: Follower | None = None
        if event.readonly or event.on_server:
            self.follower = Follower(bridge, self)
            self.follower.failed.connect(self.message.setText)
            self.follower.followed.connect(self._followed)
        if event.readonly:
            for w in (*self.fields(), commit, self.recent.undo_button):
                w.setEnabled(False)
            self._say_reader_note()

    def _followed(self) -> None:
        """Another desk's commits were read: "Last keyed" reads the journal again; a reader says
        again who writes."""
        self.recent.reload_history()
        self._say_reader_note()

    def _say_reader_note(self) -> None:
        if self.follower is not None and self.bridge.rally_event.readonly:
            self._confirmation = self.follower.reader_note()
            self.message.setText(self._confirmation)

    # -------------------------------------------------------------- state

    def fill_stages(self, select: int | None = None) -> None:
        data = self.bridge.rally_event.data
        keep = select if select is not None else self.stage_box.currentData()
        self.stage_box.blockSignals(True)
        self.stage_box.clear()
        for s in data.stages:
            label = stage_label(s)
            self.stage_box.addItem(f"{label} – {s.name}", s.number)
        if keep is None:
            keep = self.bridge.rally_event.desk_stage()
        i = self.stage_box.findData(keep) if keep is not None else -1
        self.stage_box.setCurrentIndex(i if i >= 0 else max(0, self.stage_box.count() - 1))
        self.stage_box.blockSignals(False)
        self.stage_box.updateGeometry()  # chosen without a signal: its width all the same
        self._stage_changed()

    def current_stage(self) -> int | None:
        stage = self.stage_box.currentData()  # the stage's number, None with no stages
        return stage if isinstance(stage, int) else None

    def set_stage(self, stage: int) -> None:
        i = self.stage_box.findData(stage)
        if i >= 0:
            self.stage_box.setCurrentIndex(i)

    def set_status(self, status: str) -> None:
        self.status = status
        colour = theme.colour(STATUS_COLOURS[status])
        self.status_label.setText(
            f"<b style='color:{colour}'>{status}</b>"
            + ("" if status == "OK" else " — " + self.tr("key a reason, then Enter"))
        )
        needs_reason = status != "OK"
        self.reason.setEnabled(needs_reason)
        self.nominal.setEnabled(status in ("DNS", "DNF"))
        self.time.setEnabled(status == "OK")
        if needs_reason and self.number.text():
            self.reason.setFocus()

    def fields(self) -> tuple[QLineEdit, ...]:
        return (self.number, self.start, self.time, self.reason, self.nominal)

    def clear(self) -> None:
        for field in self.fields():
            field.setText("")  # unlike clear(), also forgets the field's own undo history
        self.set_status("OK")
        self.number.setFocus()

    def _stage_changed(self) -> None:
        self._show_entry()
        self.missing.fill(self.current_stage())

    def _update_mode(self) -> None:
        start_known = bool(self.start.text().strip())
        self.time_mode.setText(self.tr("Finish") if start_known else self.tr("Time"))
        elapsed, finish = self._time_placeholders()
        self.time.setPlaceholderText(finish if start_known else elapsed)

    def _time_placeholders(self) -> tuple[str, str]:
        """The time field's placeholder without a start and with one."""
        return (
            # short: the keying font is big, the tooltip gives every form (and +1 next day)
            self.tr("e.g. 3:08:29 or 3h08'29\""),
            self.tr("finish, e.g. 11:20:37 or 112037"),
        )

    def _entry_number(self) -> int | None:
        text = self.number.text().strip()
        return int(text) if text.isdigit() else None

    def _show_entry(self) -> None:
        data = self.bridge.rally_event.data
        number = self._entry_number()
        stage = self.current_stage()
        shown = precision(self.bridge.rally_event, stage)  # times as the stage is timed
        self.message.setText(self._confirmation)  # a refusal goes, the last confirmation stays
        if self._auto_start and self.start.text() == self._auto_start:
            self.start.setText("")  # it was another number's start
        self._auto_start = ""
        if number is None:
            self.crew.setText("–")
            self._update_mode()
            return
        try:
            e = data.entry(number)
        except KeyError:
            self.crew.setText(theme.span("error", arg(self.tr("#%1 is not entered"), number)))
            return
        text = f"<b>{crew_label(e)}</b><br>{e.class_code} · {e.team or ''} · {e.vehicle or ''}"
        existing = data.time_of(stage, number) if stage is not None else None
        if existing is not None:
            text += "<br>" + theme.span(
                "warn", arg(self.tr("already has %1"), self._describe(existing))
            )
            if existing.start_ms is not None and not self.start.text():
                self._auto_start = T.format_time_of_day(existing.start_ms, shown)
                self.start.setText(self._auto_start)
        elif stage is not None and not self.start.text():
            listed = self.bridge.rally_event.start_of(stage, number)
            if listed is not None:  # the start list knows it: the official keys only the finish
                self._auto_start = T.format_time_of_day(listed, shown)
                self.start.setText(self._auto_start)
                text += "<br>" + arg(self.tr("start list: %1"), self._auto_start)
        self.crew.setText(text)
        self._update_mode()

    def _describe(self, t: StageTime) -> str:
        return describe(self.bridge.rally_event, t)

    def _number_entered(self) -> None:
        number = self._entry_number()
        if number is None:
            self._fail(
                arg(self.tr("%1 is not a race number"), repr(self.number.text())), self.number
            )
            return
        try:
            self.bridge.rally_event.data.entry(number)
        except KeyError:
            self._fail(
                arg(self.tr("race number %1 is not entered in this event"), number), self.number
            )
            return
        self.number_entered.emit(number)
        out = self.bridge.rally_event.review_time(StageTime(self.current_stage() or 0, number))
        if out.warnings:  # retired earlier: said at once, before a time is keyed
            self.message.setText(theme.span("warn", out.warnings[0]))
        (self.reason if self.status != "OK" else self.time).setFocus()

    def _fail(self, text: str, select: QLineEdit | None = None) -> None:
        refused(text, "time entry")
        self.message.setText(theme.span("error", text))
        if select is not None:
            QApplication.beep()  # heard by an official whose eyes are on the timing sheet
            select.setFocus()
            select.selectAll()  # the next keystrokes replace what was refused

    # -------------------------------------------------------------- commit

    def commit(self) -> bool:
        """Key the result through the services' keying flow (:class:`KeyingFlow`); True when recorded."""
        return self.flow.commit()

    def _recorded(self, recorded: StageTime, before: StageTime | None) -> None:
        """Durably stored: an undo command that puts back what it replaced, the confirmation,
        the fields cleared for the next crew."""
        event = self.bridge.rally_event
        stage, number = recorded.stage, recorded.number
        label = f"S{stage}  #{number}  {self._describe(recorded)}" + (
            "  " + arg(self.tr("(replaced %1)"), self._describe(before))
            if before is not None
            else ""
        )
        command = RecordTimeCommand(event, before, recorded, label)
        command.refused = self._fail
        command.done = self._undone
        stack = self.recent.stack()
        if stack is not None:
            stack.push(command)
        # after the fields are cleared (clearing the number no longer wipes it): what was stored
        self._confirmation = theme.span(
            "ok",
            "✔ "
            + arg(self.tr("recorded #%1: %2 on stage %3"), number, self._describe(recorded), stage),
        )
        self.clear()
        self.message.setText(self._confirmation)
        self.recorded.emit(stage, number)

    def _undone(self, command: RecordTimeCommand, undone: bool) -> None:
        """Ctrl+Z / Ctrl+Y acted: the confirmation says what the file holds now, not the old ✔."""
        t, stage, number = command.before, command.after.stage, command.after.number
        if undone:
            now = self._describe(t) if t is not None else self.tr("no result")
            text = arg(self.tr("↶ undone #%1 on stage %2: now %3"), number, stage, now)
        else:
            text = arg(
                self.tr("↷ redone #%1: %2 on stage %3"),
                number,
                self._describe(command.after),
                stage,
            )
        self._confirmation = theme.span("info", text)
        self.message.setText(self._confirmation)

    # -------------------------------------------------------------- lists

    def _on_notice(self, notice: Notice) -> None:
        if (
            isinstance(notice, BatchWritten)
            and notice.written
            and (stack := self.recent.stack()) is not None
            and not self.bridge.rally_event.readonly
        ):
            # an import wrote many results at once: undoing a keyed one now could remove an imported one
            stack.clear()
            self.recent.reload_history()
        match notice:
            case StageChanged() | SettingsChanged() | BatchWritten() | OtherDeskWrote(times=0):
                self.fill_stages()
            case OtherDeskWrote(stage=stage, number=number):  # only results: as for one keyed here
                self._show_entry()
                self.missing.after_time(stage, number)
            case TimeChanged(stage=stage, number=number):
                self.missing.after_time(stage, number)
            case EntryChanged():
                self.missing.fill(self.current_stage())

    def _pick_recent(self, stage: int, number: int) -> None:
        self.set_stage(stage)
        self.number.setText(str(number))
        self.time.setFocus()

    def step_stage(self, step: int) -> None:
        i = self.stage_box.currentIndex() + step
        if 0 <= i < self.stage_box.count():
            self.stage_box.setCurrentIndex(i)

    def _pick_missing(self, number: int) -> None:
        self.number.setText(str(number))
        self.time.setFocus()
