"""Undo and redo of keyed results: each command re-records, through the services, what was there."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..domain.model import StageTime
from ..services import Event


def _record(event: Event, t: StageTime | None, stage: int, number: int, why: str) -> None:
    if t is None:
        if event.existing_time(stage, number) is not None:
            event.delete_time(stage, number, reason=why)
        return
    event.record_time(stage=stage, number=number, elapsed=t.elapsed_ms if t.start_ms is None else None,
                      start=t.start_ms, finish=t.finish_ms, status=t.status, nominal=t.nominal_ms,
                      reason=t.reason or why)


class RecordTimeCommand(QUndoCommand):
    """The result keyed for one entry on one stage; undo puts back what was there before."""

    def __init__(self, event: Event, before: StageTime | None, after: StageTime, text: str) -> None:
        super().__init__(text)
        self.event = event
        self.before = before
        self.after = after
        self._skip_first_redo = True  # the desk already recorded it when Enter was pressed

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        _record(self.event, self.after, self.after.stage, self.after.number, "redo")

    def undo(self) -> None:
        _record(self.event, self.before, self.after.stage, self.after.number, "undo")
