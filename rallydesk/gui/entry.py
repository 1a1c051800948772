"""Keyboard-first time entry: number, Enter, time, Enter — hundreds an hour without the mouse.

The typed text stays in its field until the services have durably recorded it; anything the
services refuse is shown in red under the fields, never lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.changes import Conflict
from ..domain.errors import RallyDeskError
from ..domain.model import StageTime
from ..domain.names import crew_label
from ..logs import refused
from ..services import Notice
from ..services.keying import Keyed, NeedsConfirmation, NeedsReason, Recorded, Refused
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
from .i18n import arg, stage_label
from .labels import SteadyLabel
from .undo import RecordTimeCommand

#: How often a read-only desk looks at the writer's commits (a file cannot announce them).
READER_POLL_MS = 500
#: How often a desk on a server looks at the journal's head although commits are announced:
#: the safety net for a listening connection lost without a word (a cable pulled).
SAFETY_POLL_MS = 5000

#: how the services' refusals begin: the desk says it in its own language
NOT_RECORDED = "NOT recorded: "

STATUS_KEYS = {"DNS": "F5", "DNF": "F6", "RET": "F7", "DSQ": "F8", "EXP": "F9"}


def _who_and_where(conflict: Conflict) -> tuple[str, str]:
    """Who changed a result meanwhile, and at which desk (as the journal signed it)."""
    by = conflict.stored_by
    return by.get("official") or by.get("user") or "?", by.get("desk") or "?"


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
        self.undo_stack = undo_stack
        self.status = "OK"
        #: the confirmation of the last recorded result: it stays until the next one
        self._confirmation = ""
        #: the start the desk filled in from the start list or the file (replaced when the number changes)
        self._auto_start = ""
        # hooks the tests replace: (question) -> answer
        self.ask_replace_reason: Callable[[str], str | None] = self._ask_replace_reason
        self.ask_confirm: Callable[[str], bool] = self._ask_confirm

        self.stage_box = QComboBox()
        self.stage_box.setToolTip(self.tr("Stage being timed (Ctrl+PgUp / Ctrl+PgDown)"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("race number"))
        self.number.setToolTip(self.tr("Type the race number, then Enter"))
        self.number.setObjectName("numberField")
        self.crew = SteadyLabel(
            "–", lines=3
        )  # names (up to two lines), then class · team · vehicle
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

        self.recent = QListWidget()
        self.recent.setToolTip(
            self.tr(
                "Last keyed results, newest first; Ctrl+Z undoes the latest, Ctrl+Y redoes.\nDouble-click one to key that number again."
            )
        )
        self.recent.itemActivated.connect(self._pick_recent)
        self.undo_button = QPushButton(self.tr("Undo last (Ctrl+Z)"))
        self.undo_button.setToolTip(
            self.tr("Put back what was there before the latest keyed result")
        )
        self.undo_button.clicked.connect(undo_stack.undo)
        self.undo_button.setEnabled(False)
        undo_stack.canUndoChanged.connect(self._can_undo)
        self.missing = QListWidget()
        self.missing.setWordWrap(True)  # whole names, no sideways scrolling
        self.missing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.missing.setUniformItemSizes(False)
        #: the category the views beside follow; the missing list follows it too (None: all)
        self.missing_category: str | None = None
        self.missing.setToolTip(
            self.tr("Entries still without a result on this stage; double-click to key one")
        )
        self.missing.itemActivated.connect(self._pick_missing)
        recent_box = QGroupBox(self.tr("Last keyed"))
        recent_layout = QVBoxLayout(recent_box)
        recent_layout.addWidget(self.recent)
        recent_layout.addWidget(self.undo_button)
        # the count changes with every Enter: in a label of its own (a group box's title would
        # lay out, and so paint, the whole window again each time)
        self.missing_box = QGroupBox()
        self.missing_title = SteadyLabel(self.tr("Still without a time"))
        missing_layout = QVBoxLayout(self.missing_box)
        missing_layout.addWidget(self.missing_title)
        missing_layout.addWidget(self.missing)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(box)
        layout.addWidget(recent_box, 1)
        layout.addWidget(self.missing_box, 1)

        self._undo_filter = _UndoGoesToTheDesk(self)
        for field in (self.number, self.start, self.time, self.reason, self.nominal):
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
        for status, key in STATUS_KEYS.items():
            QShortcut(
                QKeySequence(key), self, activated=lambda s=status: self.set_status(s), context=here
            )
        QShortcut(QKeySequence("F4"), self, activated=lambda: self.set_status("OK"), context=here)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.clear, context=here)
        QShortcut(
            QKeySequence("Ctrl+PgUp"), self, activated=lambda: self.step_stage(-1), context=here
        )
        QShortcut(
            QKeySequence("Ctrl+PgDown"), self, activated=lambda: self.step_stage(1), context=here
        )
        bridge.noticed.connect(self._on_notice)
        undo_stack.indexChanged.connect(self._fill_recent)
        undo_stack.destroyed.connect(self._stack_gone)
        self._history = self._journal_history()  # "Last keyed" after a restart: from the journal
        self._recent_rows: list[tuple[str, Any, bool, str | None]] = []  # what the list shows
        self.fill_stages()
        self._fill_recent()
        self.set_status("OK")
        if bridge.rally_event.readonly:
            for w in (
                self.number,
                self.start,
                self.time,
                self.reason,
                self.nominal,
                commit,
                self.undo_button,
            ):
                w.setEnabled(False)
            self._confirmation = self._readonly_note()
            self.message.setText(self._confirmation)
        event = bridge.rally_event
        #: the slot that other desks' announced commits call (None: none are heard)
        self._heard: Callable[[], None] | None = None
        if event.readonly or event.on_server:
            # a reader follows the writer: SQLite counts its commits (PRAGMA data_version), looked
            # at twice a second. On a server the other desks' commits are announced (LISTEN/NOTIFY)
            # and heard at once; the poll (of the journal's head) is then only the safety net for
            # a listening connection silently lost.
            follow = self._follow_writer if event.readonly else self._follow_other_desks
            if event.on_server:
                bridge.other_desk_wrote.connect(follow)
                self._heard = follow
                bridge.listen()
            self.follow_timer = QTimer(self)
            self.follow_timer.setInterval(SAFETY_POLL_MS if bridge.listening else READER_POLL_MS)
            self.follow_timer.timeout.connect(follow)
            self.follow_timer.start()

    def _readonly_note(self) -> str:
        writer = self.bridge.rally_event.writer()
        text = self.tr(
            "<b>Read-only</b>: this event is open for reading; no time can be keyed here."
        )
        if writer:
            text += "<br>" + arg(
                self.tr("Written by %1; this desk follows it within a second."), writer
            )
        else:
            text += "<br>" + self.tr(
                "No desk writes it now; this desk follows any change within a second."
            )
        return text

    def stop_following(self) -> None:
        """Look at other desks' changes no more, neither announced nor polled (tests use it to
        land another desk's write between two looks of this desk)."""
        self.follow_timer.stop()
        if self._heard is not None:
            self.bridge.other_desk_wrote.disconnect(self._heard)
            self._heard = None

    def _follow_other_desks(self) -> None:
        try:
            changed = self.bridge.rally_event.poll_external()
        except RallyDeskError as exc:  # the server is out of reach: say so, try again in 0.5 s
            self.message.setText(str(exc))
            return
        if changed:
            self._history = self._journal_history()
            self._fill_recent()

    def _follow_writer(self) -> None:
        try:
            changed = self.bridge.rally_event.poll_external()
        except RallyDeskError as exc:  # a reader on a server out of reach: say so, look again
            self.message.setText(str(exc))
            return
        if changed:
            self._history = self._journal_history()
            self._fill_recent()
            self._confirmation = self._readonly_note()
            self.message.setText(self._confirmation)

    def _stack(self) -> QUndoStack | None:
        """The window's undo stack, or None once it is being destroyed (the window goes first on quit:
        its destructor still signals, and a deleted stack must not be asked anything)."""
        if self.undo_stack is not None and not shiboken6.isValid(self.undo_stack):
            self.undo_stack = None
        return self.undo_stack

    def _can_undo(self, ok: bool) -> None:
        if self._stack() is not None and shiboken6.isValid(self.undo_button):
            self.undo_button.setEnabled(ok and not self.bridge.rally_event.readonly)

    def _stack_gone(self) -> None:
        """The window's stack goes first when the window is destroyed: stop listening to it."""
        self.undo_stack = None

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
        self._stage_changed()

    def current_stage(self) -> int | None:
        return self.stage_box.currentData()

    def set_stage(self, stage: int) -> None:
        i = self.stage_box.findData(stage)
        if i >= 0:
            self.stage_box.setCurrentIndex(i)

    def set_status(self, status: str) -> None:
        self.status = status
        kinds = {
            "OK": "ok",
            "DNS": "warn",
            "DNF": "warn",
            "RET": "error",
            "DSQ": "error",
            "EXP": "info",
        }
        colours = {s: theme.colour(k) for s, k in kinds.items()}
        self.status_label.setText(
            f"<b style='color:{colours[status]}'>{status}</b>"
            + ("" if status == "OK" else " — " + self.tr("key a reason, then Enter"))
        )
        needs_reason = status != "OK"
        self.reason.setEnabled(needs_reason)
        self.nominal.setEnabled(status in ("DNS", "DNF"))
        self.time.setEnabled(status == "OK")
        if needs_reason and self.number.text():
            self.reason.setFocus()

    def clear(self) -> None:
        for field in (self.number, self.start, self.time, self.reason, self.nominal):
            field.setText("")  # unlike clear(), also forgets the field's own undo history
        self.set_status("OK")
        self.number.setFocus()

    def _stage_changed(self) -> None:
        self._show_entry()
        self._fill_missing()

    def _update_mode(self) -> None:
        start_known = bool(self.start.text().strip())
        self.time_mode.setText(self.tr("Finish") if start_known else self.tr("Time"))
        self.time.setPlaceholderText(
            self.tr("finish time of day, e.g. 11:20:37 or 112037 (+1 next day)")
            if start_known
            else self.tr("elapsed, e.g. 3:08:29 or 3h08'29\"")
        )

    def _entry_number(self) -> int | None:
        text = self.number.text().strip()
        return int(text) if text.isdigit() else None

    def _show_entry(self) -> None:
        data = self.bridge.rally_event.data
        number = self._entry_number()
        stage = self.current_stage()
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
                self._auto_start = T.format_time_of_day(existing.start_ms, self._precision(stage))
                self.start.setText(self._auto_start)
        elif stage is not None and not self.start.text():
            listed = self.bridge.rally_event.start_of(stage, number)
            if listed is not None:  # the start list knows it: the official keys only the finish
                self._auto_start = T.format_time_of_day(listed, self._precision(stage))
                self.start.setText(self._auto_start)
                text += "<br>" + arg(self.tr("start list: %1"), self._auto_start)
        self.crew.setText(text)
        self._update_mode()

    def _precision(self, stage: int | None) -> int:
        """Show times as the stage is timed (1 s, 0.1 s or 1 ms): what the classification will print."""
        try:
            return self.bridge.rally_event.data.stage(stage).precision_ms
        except KeyError:
            return 1000

    def _describe(self, t: StageTime) -> str:
        style = self.bridge.rally_event.data.settings.time_style
        if t.status == "OK" and t.elapsed_ms is not None:
            return T.format_duration(t.elapsed_ms, style, self._precision(t.stage))
        return t.status + (f" ({t.reason})" if t.reason else "")

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
        if self.status != "OK":
            self.reason.setFocus()
        elif self.start.text().strip() and not self.time.text():
            self.time.setFocus()
        else:
            self.time.setFocus()

    def _fail(self, text: str, select: QLineEdit | None = None) -> None:
        refused(text, "time entry")
        self.message.setText(theme.span("error", text))
        if select is not None:
            select.setFocus()
            select.selectAll()  # the next keystrokes replace what was refused

    # -------------------------------------------------------------- commit

    def commit(self) -> bool:
        """Key the result through the services' keying flow, asking what it asks; True when
        recorded. The flow decides (keying.key); the panel only asks and shows."""
        event = self.bridge.rally_event
        request = self._request()
        if request is None:
            return False
        while True:
            match event.key(request):
                case Recorded(time=recorded, replaced=before):
                    self._recorded(recorded, before)
                    return True
                case Refused() as refusal:
                    self._fail(self._refusal_text(refusal), self._field(refusal.field))
                    return False
                case NeedsReason() as needed:
                    why = self.ask_replace_reason(self._replace_question(needed))
                    if not why:
                        self._fail(self.tr("not replaced: a replacement needs a reason"))
                        return False
                    request = request.answer_reason(
                        why, needed.stored if needed.conflict is not None else None
                    )
                case NeedsConfirmation(warning=warning):
                    if not self.ask_confirm(warning + "\n" + self.tr("Record it anyway?")):
                        self._fail(arg(self.tr("not recorded: %1"), warning))
                        return False
                    request = request.confirm(warning)

    def _request(self) -> Keyed | None:
        """The result as the fields hold it; None (and said) when the form lacks a part."""
        stage = self.current_stage()
        number = self._entry_number()
        if self.bridge.rally_event.readonly:
            self._fail(self.tr("this event is open read-only: nothing was recorded"))
            return None
        if stage is None:
            self._fail(self.tr("no stage: set up the event's stages first"))
            return None
        if number is None:
            self._fail(self.tr("key a race number first"), self.number)
            return None
        start = self.start.text().strip() or None
        text = self.time.text().strip() or None
        request = Keyed(stage, number, self.status, reason=self.reason.text().strip() or None)
        if self.status == "OK":
            if text is None:
                self._fail(self.tr("key a time (elapsed, or the finish time of day after a start)"))
                self.time.setFocus()
                return None
            if start is not None:
                return dataclasses.replace(request, start=start, finish=text)
            return dataclasses.replace(request, elapsed=text)
        if self.status in ("DNS", "DNF"):
            return dataclasses.replace(request, nominal=self.nominal.text().strip() or None)
        return request

    def _replace_question(self, needed: NeedsReason) -> str:
        """Replacing a result needs a reason: what is there, and what replaces it. After a
        conflict: who changed it meanwhile at which desk, and what this desk showed."""
        conflict = needed.conflict
        if conflict is None:
            return arg(
                self.tr("#%1 already has %2 on stage %3.\nReplace it with %4? Give the reason:"),
                needed.number,
                self._describe(needed.stored),
                needed.stage,
                self._describe(needed.candidate),
            )
        who, desk = _who_and_where(conflict)
        shown = self._describe(conflict.expected) if conflict.expected else self.tr("no result")
        return arg(
            self.tr(
                "#%1 was changed meanwhile on stage %2: %3 (by %4 at %5), where this desk "
                "showed %6.\nReplace it with %7? Give the reason:"
            ),
            conflict.number,
            conflict.stage,
            self._describe(needed.stored),
            who,
            desk,
            shown,
            self._describe(needed.candidate),
        )

    def _refusal_text(self, refusal: Refused) -> str:
        """The services' refusal in the desk's language where the desk knows its words."""
        if refusal.conflict is not None:
            who, desk = _who_and_where(refusal.conflict)
            return arg(
                self.tr("NOT recorded: the result of #%1 was deleted meanwhile by %2 at %3"),
                refusal.conflict.number,
                who,
                desk,
            )
        if refusal.message.startswith(NOT_RECORDED):
            return arg(self.tr("NOT recorded: %1"), refusal.message.removeprefix(NOT_RECORDED))
        return refusal.message

    def _field(self, name: str | None) -> QLineEdit | None:
        return {"number": self.number, "time": self.time, "reason": self.reason}.get(name or "")

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
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        # after the fields are cleared (clearing the number no longer wipes it): what was stored
        self._confirmation = theme.span(
            "ok",
            "✔ "
            + arg(self.tr("recorded #%1: %2 on stage %3"), number, self._describe(recorded), stage),
        )
        for field in (self.number, self.start, self.time, self.reason, self.nominal):
            field.setText("")  # unlike clear(), also forgets the field's own undo history
        self.message.setText(self._confirmation)
        self.set_status("OK")
        self.number.setFocus()
        self.recorded.emit(stage, number)

    def _ask_replace_reason(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Replace a keyed result"), question)
        return text.strip() if ok and text.strip() else None

    def _ask_confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Implausible time"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -------------------------------------------------------------- lists

    def _on_notice(self, notice: Notice) -> None:
        if (
            isinstance(notice, BatchWritten)
            and notice.written
            and self.undo_stack is not None
            and not self.bridge.rally_event.readonly
        ):
            # an import wrote many results at once: undoing a keyed one now could remove an imported one
            self.undo_stack.clear()
            self._history = self._journal_history()
            self._fill_recent()
        match notice:
            case StageChanged() | SettingsChanged() | BatchWritten() | OtherDeskWrote(times=0):
                self.fill_stages()
            case OtherDeskWrote(stage=stage, number=number):  # only results: as for one keyed here
                self._show_entry()
                self._missing_after_time(stage, number)
            case TimeChanged(stage=stage, number=number):
                self._missing_after_time(stage, number)
            case EntryChanged():
                self._fill_missing()

    def _missing_after_time(self, stage: int | None, number: int | None) -> None:
        """One result changed: a crew keyed on this stage leaves the list, a result of a later
        stage changes nothing; anything else (a deletion, a status on an earlier stage that may
        put a crew out or back) fills the list again. Each Enter then costs what it changed."""
        current = self.current_stage()
        if stage is None or number is None or current is None:
            self._fill_missing()
            return
        if stage > current:
            return
        t = self.bridge.rally_event.data.time_of(stage, number)
        if stage < current or t is None:
            self._fill_missing()
            return
        for row in reversed(range(self.missing.count())):
            if self.missing.item(row).data(Qt.ItemDataRole.UserRole) == number:
                self.missing.takeItem(row)
        self._title_missing(self.missing.count())

    def _fill_missing(self) -> None:
        stage = self.current_stage()
        self.missing.clear()
        if stage is None:
            return
        missing = self.bridge.rally_event.still_without_time(stage, self.missing_category)
        for e in missing:  # no cap: the list is what the official must still key
            item = QListWidgetItem(f"#{e.number}  {e.class_code}  {crew_label(e)}")
            item.setData(Qt.ItemDataRole.UserRole, e.number)
            item.setToolTip(f"#{e.number}  {crew_label(e)} · {e.team or ''} · {e.vehicle or ''}")
            self.missing.addItem(item)
        self._title_missing(len(missing))

    def _title_missing(self, count: int) -> None:
        if self.missing_category:
            self.missing_title.setText(
                arg(
                    self.tr("Still without a time on this stage, %1 (%2)"),
                    self._category_name(self.missing_category),
                    count,
                )
            )
        else:
            self.missing_title.setText(
                arg(self.tr("Still without a time on this stage (%1)"), count)
            )

    def _category_name(self, code: str) -> str:
        try:
            return self.bridge.rally_event.data.group(code).name
        except KeyError:
            return code

    def follow_category(self, code: str | None) -> None:
        """The missing list shows the category the views beside show."""
        if code != self.missing_category:
            self.missing_category = code
            self._fill_missing()

    def _journal_history(self) -> list[tuple[str, tuple[int, int] | None, str]]:
        rows = []
        for r in self.bridge.rally_event.recent_keyed(100):
            parts = str(r["target"]).split()  # "stage 2 #203"
            try:
                stage, number = int(parts[1]), int(parts[2].lstrip("#"))
            except (IndexError, ValueError):
                continue
            new = r.get("new")
            if isinstance(new, dict):
                t = StageTime(
                    stage,
                    number,
                    new.get("status") or "OK",
                    new.get("elapsed_ms"),
                    new.get("start_ms"),
                    new.get("finish_ms"),
                    new.get("nominal_ms"),
                    new.get("reason"),
                )
                what = self._describe(t)
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

    def _fill_recent(self) -> None:
        """The list mirrors the undo stack: newest first, undone results greyed and marked, then
        what the journal says was keyed before (after a restart or an import: a first Enter must
        not make the night's earlier results vanish). A result just keyed is one row put on top,
        not the list made again (each Enter costs what it changed)."""
        stack = self._stack()
        if stack is None or not shiboken6.isValid(self.recent):
            return
        rows: list[tuple[str, Any, bool, str | None]] = []  # text, picked, undone, tooltip
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
        shown = self._recent_rows
        if rows and shown and len(rows) <= len(shown) + 1 and rows[1:] == shown[: len(rows) - 1]:
            self.recent.insertItem(0, self._recent_item(*rows[0]))
            while self.recent.count() > len(rows):
                self.recent.takeItem(self.recent.count() - 1)
        elif rows != shown:
            self.recent.clear()
            for row in rows:
                self.recent.addItem(self._recent_item(*row))
        self._recent_rows = rows

    def _recent_item(
        self, text: str, picked: Any, undone: bool, tip: str | None
    ) -> QListWidgetItem:
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

    def _pick_recent(self, item: QListWidgetItem) -> None:
        picked = item.data(Qt.ItemDataRole.UserRole)
        if picked:
            self.set_stage(picked[0])
            self.number.setText(str(picked[1]))
            self.time.setFocus()

    def step_stage(self, step: int) -> None:
        i = self.stage_box.currentIndex() + step
        if 0 <= i < self.stage_box.count():
            self.stage_box.setCurrentIndex(i)

    def _pick_missing(self, item: QListWidgetItem) -> None:
        self.number.setText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.time.setFocus()
