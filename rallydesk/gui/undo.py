"""Undo and redo of keyed results: each command re-records, through the services, what was there.

A command acts only when the file still holds what it left there: a result changed since (an
import, another correction) is never removed by an undo. A command that cannot act drops out of
the stack, so the list never shows undone what the file still holds.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ..domain.errors import RallyDeskError
from ..domain.model import StageTime
from ..services import Event


def _record(event: Event, t: StageTime | None, stage: int, number: int, why: str) -> None:
    # what this desk shows now: on a server, another desk's change since is refused, not undone
    seen = event.existing_time(stage, number)
    if t is None:
        if seen is not None:
            event.delete_time(stage, number, reason=why, expected=seen)
        return
    # exactly what was stored: elapsed with its start and finish (a start alone, from a start list,
    # or a status with a start, is put back as it was)
    event.record_time(
        stage=stage,
        number=number,
        elapsed=t.elapsed_ms,
        start=t.start_ms,
        finish=t.finish_ms,
        status=t.status,
        nominal=t.nominal_ms,
        reason=t.reason or why,
        expected=seen,
    )


def _same(a: StageTime | None, b: StageTime | None) -> bool:
    """Same result (the reason aside: undo and redo write their own)."""
    if a is None or b is None:
        return a is b
    return (a.status, a.elapsed_ms, a.start_ms, a.finish_ms, a.nominal_ms) == (
        b.status,
        b.elapsed_ms,
        b.start_ms,
        b.finish_ms,
        b.nominal_ms,
    )


class RecordTimeCommand(QUndoCommand):
    """The result keyed for one entry on one stage; undo puts back what was there before."""

    def __init__(self, event: Event, before: StageTime | None, after: StageTime, text: str) -> None:
        super().__init__(text)
        self.event = event
        self.before = before
        self.after = after
        #: told why an undo or redo did not act (the desk shows it in red)
        self.refused: Callable[[str], None] | None = None
        #: told when an undo or redo acted (True: undone): the desk's confirmation says so
        self.done: Callable[[RecordTimeCommand, bool], None] | None = None
        self._skip_first_redo = True  # the desk already recorded it when Enter was pressed

    def _apply(self, expected: StageTime | None, target: StageTime | None, why: str) -> None:
        stage, number = self.after.stage, self.after.number
        current = self.event.existing_time(stage, number)
        if not _same(current, expected):
            self._drop(
                f"#{number} on stage {stage} changed since it was keyed (an import or another "
                f"correction): {why} would remove what it did not add; nothing was changed"
            )
            return
        try:
            _record(self.event, target, stage, number, why)
        except RallyDeskError as exc:
            self._drop(f"{why} of #{number} on stage {stage} refused: {exc}; nothing was changed")
            return
        if self.done is not None:
            self.done(self, why == "undo")

    def _drop(self, message: str) -> None:
        self.setObsolete(True)  # the stack removes it: the list shows what the file holds
        if self.refused is not None:
            self.refused(message)

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._apply(self.before, self.after, "redo")

    def undo(self) -> None:
        self._apply(self.after, self.before, "undo")
