"""One QObject per open event: turns the services' change notices into a Qt signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..services import Event, Notice


class EventBridge(QObject):
    #: (what changed, details) after every committed change; the kind is a :class:`Change`
    #: (a StrEnum, carried as its text through Qt's signal)
    changed = Signal(str, dict)
    #: another desk committed a change to this server event (emitted from the listening thread;
    #: Qt queues it to the window's thread): call ``poll_external`` now
    other_desk_wrote = Signal()

    def __init__(self, event: Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        event.subscribe(self._notice)
        #: True once the event is on a server and its changes are heard as they are committed
        self.listening = False

    def listen(self) -> bool:
        """Hear other desks' commits as ``other_desk_wrote``; call once its receiver is connected
        (the first notice comes at once, and one unheard would hold the next ones back until the
        desk polls). False for an event in a file."""
        if not self.listening:
            self.listening = self.rally_event.listen(self.other_desk_wrote.emit)
        return self.listening

    def _notice(self, notice: Notice) -> None:
        self.changed.emit(str(notice.kind), notice.details())
