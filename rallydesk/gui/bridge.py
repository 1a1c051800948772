"""One QObject per open event: carries the services' typed change notices to the widgets.

The widgets react to a notice by its type (``services.notices``) or by what it :func:`touches`;
no widget re-reads kinds as text or details as a dict.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..services import Aspect, Event, Notice
from ..services.notices import (
    AdjustmentChanged,
    BatchWritten,
    EntryChanged,
    OtherDeskWrote,
    SecondKeyingChanged,
    TimeChanged,
)


def touches(notice: Notice) -> frozenset[Aspect]:
    """What the notice concerns. ``affects`` says it per kind; another desk's commit that only
    keyed results (``times``) concerns the results alone, although the kind may concern all."""
    if isinstance(notice, OtherDeskWrote) and notice.times:
        return frozenset({Aspect.RESULTS})
    return notice.affects


def everything(notice: Notice) -> bool:
    """True when anything may have changed (an import, a replay, another desk's commit that was
    not only results): every view is made again."""
    return isinstance(notice, BatchWritten) or (
        isinstance(notice, OtherDeskWrote) and not notice.times
    )


def crew_of(notice: Notice) -> int | None:
    """The one race number the notice is about (the views highlight it), if it is about one."""
    if isinstance(
        notice,
        (TimeChanged, AdjustmentChanged, EntryChanged, SecondKeyingChanged, OtherDeskWrote),
    ):
        return notice.number
    return None


class EventBridge(QObject):
    #: the :class:`~rallydesk.services.Notice` of every committed change (and of the desk's own
    #: state: logins, backups, offline), the typed value itself
    noticed = Signal(object)
    #: another desk committed a change to this server event (emitted from the listening thread;
    #: Qt queues it to the window's thread): call ``poll_external`` now
    other_desk_wrote = Signal()

    def __init__(self, event: Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rally_event = event
        event.subscribe(self.noticed.emit)
        #: True once the event is on a server and its changes are heard as they are committed
        self.listening = False

    def listen(self) -> bool:
        """Hear other desks' commits as ``other_desk_wrote``; call once its receiver is connected
        (the first notice comes at once, and one unheard would hold the next ones back until the
        desk polls). False for an event in a file."""
        if not self.listening:
            self.listening = self.rally_event.listen(self.other_desk_wrote.emit)
        return self.listening
