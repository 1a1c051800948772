"""One QObject per open event: turns the services' change notices into a Qt signal."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from ..services import Change, Event


class EventBridge(QObject):
    #: (what changed, details) after every committed change; the kind is a :class:`Change`
    #: (a StrEnum, carried as its text through Qt's signal)
    changed = Signal(str, dict)

    def __init__(self, event: Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        event.subscribe(self._notice)

    def _notice(self, kind: Change, details: dict[str, Any]) -> None:
        self.changed.emit(str(kind), dict(details))
