"""The time entry's keying flow: what the panel asks and says for the services' flow
(``services/keying.py``), without losing a keystroke.

A warning is asked in place (Enter again records it anyway, any other key corrects it); a
refusal beeps and selects the refused text, so the next keystrokes replace it; a question that
needs a typed reason (a replacement, a change to an official unit) is a dialog, after which the
keyed field is focused and selected again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QLineEdit

from ..logs import refused
from ..services.keying import (
    Keyed,
    NeedsChangeReason,
    NeedsConfirmation,
    NeedsReason,
    Recorded,
    Refused,
)
from . import theme
from .i18n import arg

if TYPE_CHECKING:
    from .entry import TimeEntryPanel


class KeyingFlow(QObject):
    """The commit of one time entry panel (Enter in the time, reason or nominal field)."""

    def __init__(self, panel: TimeEntryPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        #: the fields as keyed (see snapshot) and the warnings already shown in place for them
        self.warned: tuple[tuple[object, ...], frozenset[str]] = ((), frozenset())

    def keyed_field(self) -> QLineEdit:
        """Where the keyed value is (what a refusal or a warning selects): the field with the
        focus, else the time (the reason for a status)."""
        p = self.panel
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and focus in p.fields() and focus is not p.number:
            return focus
        return p.time if p.status == "OK" else p.reason

    def snapshot(self) -> tuple[object, ...]:
        p = self.panel
        return (p.current_stage(), p.status, *(f.text() for f in p.fields()))

    def _warn_in_place(self, warning: str) -> None:
        """A warning is asked under the fields: the keyed text stays, selected, in its field (the
        next keystrokes correct it); Enter again on the same fields records it anyway."""
        p = self.panel
        refused(warning, "time entry (asked)")
        p.message.setText(
            theme.span(
                "warn",
                warning
                + "<br>"
                + QCoreApplication.translate(
                    "TimeEntryPanel", "Enter again records it anyway; or correct it"
                ),
            )
        )
        QApplication.beep()
        field = self.keyed_field()
        field.setFocus()
        field.selectAll()

    def commit(self) -> bool:
        """Key the result through the services' keying flow, asking what it asks; True when
        recorded. The flow decides (keying.key); the panel only asks and shows."""
        p = self.panel
        event = p.bridge.rally_event
        request = self.request()
        if request is None:
            return False
        keyed = self.snapshot()
        shown = self.warned[1] if self.warned[0] == keyed else frozenset()
        for warning in shown:  # Enter again on the same fields: what was asked is confirmed
            request = request.confirm(warning)
        while True:
            match event.key(request):
                case Recorded(time=recorded, replaced=before):
                    self.warned = ((), frozenset())
                    p._recorded(recorded, before)
                    return True
                case Refused() as refusal:
                    field = self._field(refusal.field) or self.keyed_field()
                    p._fail(p.words.refusal(refusal), field)
                    return False
                case NeedsReason() as needed:
                    why = self._asked(p.ask_replace_reason, p.words.replace_question(needed))
                    if not why:
                        p._fail(
                            QCoreApplication.translate(
                                "TimeEntryPanel", "not replaced: a replacement needs a reason"
                            ),
                            self.keyed_field(),
                        )
                        return False
                    request = request.answer_reason(
                        why, needed.stored if needed.conflict is not None else None
                    )
                case NeedsChangeReason() as needed:
                    why = self._asked(p.ask_replace_reason, p.words.change_question(needed))
                    if not why:
                        p._fail(
                            arg(
                                QCoreApplication.translate(
                                    "TimeEntryPanel",
                                    "NOT recorded: %1 is official: a change needs a reason",
                                ),
                                needed.units,
                            ),
                            self.keyed_field(),
                        )
                        return False
                    request = request.answer_reason(why)
                case NeedsConfirmation(warning=warning):
                    if p.ask_confirm is None:
                        self.warned = (keyed, shown | {warning})
                        self._warn_in_place(warning)
                        return False
                    if not p.ask_confirm(
                        warning
                        + "\n"
                        + QCoreApplication.translate("TimeEntryPanel", "Record it anyway?")
                    ):
                        p._fail(
                            arg(
                                QCoreApplication.translate("TimeEntryPanel", "not recorded: %1"),
                                warning,
                            ),
                            self.keyed_field(),
                        )
                        return False
                    request = request.confirm(warning)

    def _asked(self, ask: Callable[[str], str | None], question: str) -> str | None:
        """A question in a dialog (a reason must be typed): the field keyed comes back focused
        and selected after it, whatever the dialog did with the focus."""
        field = self.keyed_field()
        try:
            return ask(question)
        finally:
            field.window().activateWindow()  # the dialog's window gave the keyboard back
            field.setFocus()
            field.selectAll()

    def request(self) -> Keyed | None:
        """The result as the fields hold it; None (and said) when the form lacks a part."""
        p = self.panel
        stage = p.current_stage()
        number = p._entry_number()
        if p.bridge.rally_event.readonly:
            p._fail(
                QCoreApplication.translate(
                    "TimeEntryPanel", "this event is open read-only: nothing was recorded"
                )
            )
            return None
        if stage is None:
            p._fail(
                QCoreApplication.translate(
                    "TimeEntryPanel", "no stage: set up the event's stages first"
                )
            )
            return None
        if number is None:
            p._fail(
                QCoreApplication.translate("TimeEntryPanel", "key a race number first"), p.number
            )
            return None
        start = p.start.text().strip() or None
        text = p.time.text().strip() or None
        request = Keyed(stage, number, p.status, reason=p.reason.text().strip() or None)
        if p.status == "OK":
            if text is None:
                p._fail(
                    QCoreApplication.translate(
                        "TimeEntryPanel",
                        "key a time (elapsed, or the finish time of day after a start)",
                    ),
                    p.time,
                )
                return None
            if start is not None:
                return dataclasses.replace(request, start=start, finish=text)
            return dataclasses.replace(request, elapsed=text)
        if p.status in ("DNS", "DNF"):
            return dataclasses.replace(request, nominal=p.nominal.text().strip() or None)
        return request

    def _field(self, name: str | None) -> QLineEdit | None:
        p = self.panel
        return {"number": p.number, "time": p.time, "reason": p.reason}.get(name or "")
