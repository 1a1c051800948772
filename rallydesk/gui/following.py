"""A desk that follows others: a read-only desk follows the writer, a desk on a server the other
desks. SQLite counts a file's commits (PRAGMA data_version), looked at twice a second; on a
server the other desks' commits are announced (LISTEN/NOTIFY) and heard at once, and the poll
(of the journal's head) is only the safety net for a listening connection silently lost."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.errors import RallyDeskError
from .bridge import EventBridge
from .i18n import arg

#: How often a read-only desk looks at the writer's commits (a file cannot announce them).
READER_POLL_MS = 500
#: How often a desk on a server looks at the journal's head although commits are announced:
#: the safety net for a listening connection lost without a word (a cable pulled).
SAFETY_POLL_MS = 5000


class Follower(QObject):
    """Looks for other desks' commits (announced or polled) and reads them into the event; the
    notices of what they changed reach the widgets through the bridge."""

    #: another desk's commits were read
    followed = Signal()
    #: the store is out of reach (the message to show); the next look tries again
    failed = Signal(str)

    def __init__(self, bridge: EventBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        #: True while other desks' announced commits are heard
        self._heard = False
        if bridge.rally_event.on_server:
            bridge.other_desk_wrote.connect(self.look)
            self._heard = True
            bridge.listen()
        self.timer = QTimer(self)
        self.timer.setInterval(SAFETY_POLL_MS if bridge.listening else READER_POLL_MS)
        self.timer.timeout.connect(self.look)
        self.timer.start()

    def reader_note(self) -> str:
        """What a read-only desk says instead of a confirmation: who writes, and that it follows."""
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

    def look(self) -> None:
        try:
            changed = self.bridge.rally_event.poll_external()
        except RallyDeskError as exc:  # the server is out of reach: say so, look again
            self.failed.emit(str(exc))
            return
        if changed:
            self.followed.emit()

    def stop(self) -> None:
        """Look at other desks' changes no more, neither announced nor polled (tests use it to
        land another desk's write between two looks of this desk)."""
        self.timer.stop()
        if self._heard:
            self.bridge.other_desk_wrote.disconnect(self.look)
            self._heard = False
