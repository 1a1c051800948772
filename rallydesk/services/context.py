"""The unit of work every use-case runs in: one open event, its snapshot, caches and listeners.

An :class:`EventContext` owns the :class:`EventStore`, the :class:`EventData` snapshot (replaced,
never mutated, after each write, so a classification always sees one consistent state), the
caches derived from the store (dropped in one place, :meth:`Caches.drop_for`, by what a notice
says it affects), the listeners, the clock and the desk's identity. Each use-case module
(``timing``, ``penalties``, ``publication`` …) is a set of functions taking the context; every
write ends in :meth:`EventContext.commit`: new snapshot, caches dropped, listeners told, backup
due noted. Constructing a context does nothing but assign: opening the outbox, starting backups
and replaying kept changes are explicit steps of :meth:`Event.open` (``services/event.py``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import keyed
from ..domain.model import Entry, EventData, Stage
from ..store.errors import StoreUnavailable
from ..store.eventstore import EventStore
from ..store.location import EventLocation, ServerAddress
from ..store.policy import DeskIdentity
from .notices import Aspect, BatchWritten, Listener, Notice
from .results import Result

if TYPE_CHECKING:
    from ..outbox import Outbox
    from ..store.replica import Replica
    from .files import BackgroundBackups

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Official(Result):
    """An official: their name and role (``domain/officials.py``'s role names); also read as
    ``official["name"]`` by scripts written before the typed value."""

    name: str
    role: str


class Caches:
    """What the services read from the store and keep until a change makes it stale."""

    def __init__(self) -> None:
        #: the event's officials with their PIN hashes (never leave the services)
        self.officials: list[dict[str, Any]] | None = None
        #: the latest version of each published unit (stage, category)
        self.published: dict[tuple[int, str], dict[str, Any]] | None = None
        #: every start list: (stage, number) → start time of day in ms
        self.starts: dict[tuple[int, int], int] | None = None

    def drop_for(self, notice: Notice) -> None:
        """The one invalidation path: each cache goes when the notice affects what it holds."""
        if Aspect.OFFICIALS in notice.affects:
            self.officials = None
        if Aspect.PUBLICATION in notice.affects:
            self.published = None
        if notice.affects & {Aspect.STARTS, Aspect.STRUCTURE}:
            self.starts = None

    def drop_all(self) -> None:
        self.officials = self.published = self.starts = None


class EventContext:
    """One open event: the state the use-cases share and the commit path they write through."""

    def __init__(self, store: EventStore, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        #: the desk and the computer's user every journal row and kept change names (the store's:
        #: given once when the event was opened)
        self.identity: DeskIdentity = store.identity
        #: the clock of PIN locks, publications and protest windows (tests move it by hand)
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        #: the official logged in; None when nobody is
        self._official: Official | None = None
        self.caches = Caches()
        self.closed = False
        #: the changes this desk made while the store could not be reached (None: read-only)
        self.outbox: Outbox | None = None
        #: automatic backups of an event file (None: none set, or an event on a server)
        self.backups: BackgroundBackups | None = None
        self._listeners: list[Listener] = []
        #: when this desk last told a server it is alive (time.monotonic; 0: not yet)
        self.last_heartbeat = 0.0
        self._data: EventData | None = None
        #: the last snapshot the desk had (with what it keyed since): keying goes on over it while
        #: the store cannot be reached and the snapshot was dropped (after a replay, a change)
        self._last_data: EventData | None = None
        #: what some reads answered last (used while the store cannot be reached)
        self._seen: dict[str, Any] = {}
        #: the writer's commits seen so far (a read-only desk compares it twice a second); on a
        #: server, the journal head the snapshot holds
        try:
            self.data_version = store.data_version()
        except StoreUnavailable:  # opened from the replica: its head (``replica.seed``)
            self.data_version = 0
        #: the replica this writing desk keeps of a server event (``replica.py``; None: none),
        #: the journal head it holds, and whether the desk was opened from it and the server has
        #: not answered since (reads come from it, every change goes to the outbox)
        self.replica: Replica | None = None
        self.replica_head: int | None = None
        self.unreached = False
        #: PIN verifiers kept for logins while the server is away, wrong PINs counted meanwhile
        self.pins: dict[str, dict[str, str]] = {}
        self.pin_failures_away: dict[str, int] = {}
        #: how many changes stayed kept in the outbox when the event was closed (None: open, or
        #: not an event on a server); ``close`` also logs and warns when it is not 0
        self.kept_at_close: int | None = None
        #: set (from the listening thread) when a commit was announced and the desk not yet
        #: woken for it: a burst of notices wakes the desk once (``sync.listen``)
        self.woken = threading.Event()
        #: a desk nobody drives (``sync.freshen``): when it last looked at the server's head,
        #: when it may try a lost server again (time.monotonic), and whether it is doing so now
        self.looked_at = 0.0
        self.retry_at = 0.0
        self.freshening = False

    @property
    def official(self) -> Official | None:
        """The official logged in (or, while a kept change is replayed, the one who made it)."""
        return self._official

    @official.setter
    def official(self, official: Official | None) -> None:
        self._official = official  # the store's policy names this official in the journal

    @property
    def held(self) -> EventData | None:
        """The snapshot held now, without loading one (None: the next read loads)."""
        return self._data

    # ------------------------------------------------------------------ where the event is

    @property
    def path(self) -> Path | ServerAddress:
        """The event file, or for an event on a server its address without the password."""
        return self.store.path

    @property
    def location(self) -> EventLocation:
        """Where the event is, for titles and dialogs: its ``name``, a ``title`` to name exports
        after, the ``folder`` to propose them in (a server's: the user's home)."""
        return self.store.location

    @property
    def on_server(self) -> bool:
        """The event is a database on a PostgreSQL server (several desks may write it)."""
        return self.store.location.on_server

    @property
    def readonly(self) -> bool:
        return bool(self.store.readonly)

    @property
    def warnings(self) -> list[str]:
        """What the official must know about where the event lies (a network file system)."""
        return list(self.store.warnings)

    # ------------------------------------------------------------------ the snapshot

    @property
    def data(self) -> EventData:
        self._freshen()
        if self._data is None and self._last_data is not None and self._keeps_changes():
            # changes kept offline are this desk's truth until replayed: the snapshot that holds
            # them stands, even once the server answers again (the replay goes first)
            self._data = self._last_data
        if self._data is None:
            try:
                self._data = self.store.load()
                head = getattr(self.store, "loaded_head", None)
                if self.on_server and head is not None:  # (no change it holds is seen twice)
                    self.data_version = head
                self._loaded()
            except StoreUnavailable:
                if self._last_data is None:
                    raise
                # the server is lost again, after a reconnect dropped the snapshot: the desk keys
                # on over what it saw last (kept changes carry it; a clash is listed at replay)
                log.info("%s: store lost; the last snapshot stands in", self.path)
                self._data = self._last_data
        self._last_data = self._data
        return self._data

    def _freshen(self) -> None:
        """Before a read: the desk's chance to see other desks' commits (``Event``'s)."""

    def _loaded(self) -> None:
        """After a load from the store: the desk's chance to keep it (``Event``'s replica)."""

    def _keeps_changes(self) -> bool:
        return self.outbox is not None and self.outbox.count() > 0

    def reload(self) -> None:
        """Forget the snapshot: the next read sees what this transaction wrote so far."""
        self._data = None

    def forget(self) -> None:
        """Forget the snapshot and every cache: the store's state is the truth again."""
        self._data = None
        self.caches.drop_all()

    def require(self, stage: int, number: int) -> tuple[Stage, Entry]:
        """The stage and the entry, or the refusal naming what is known."""
        return keyed.require(self.data, stage, number)

    def precision(self, stage: int) -> int:
        try:
            return self.data.stage(stage).precision_ms
        except KeyError:
            return 1000

    def last_known(self, read: str) -> Any:
        """A store read the keying needs (start lists, desk settings): while the store cannot be
        reached, what it answered last, so the desk keeps keying offline."""
        try:
            value = getattr(self.store, read)()
        except StoreUnavailable:
            if read not in self._seen:
                raise
            return self._seen[read]
        self._seen[read] = value
        return value

    # ------------------------------------------------------------------ the commit path

    def subscribe(self, listener: Listener) -> None:
        """Called after every committed change with its :class:`Notice`."""
        self._listeners.append(listener)

    def notify(self, notice: Notice) -> None:
        """Tell the listeners without touching the data (a login changes who acts, not what is)."""
        for listener in list(self._listeners):
            listener(notice)

    def commit(self, notice: Notice, data: EventData | None = None) -> None:
        """After a write: keep the snapshot when the caller derived it (else reload lazily), drop
        the caches it affects, tell the listeners, note the change for the next backup."""
        self._data = data
        if data is not None:
            self._last_data = data
        self._own_write_seen(data)
        self.caches.drop_for(notice)
        self.notify(notice)
        if self.backups is not None:
            self.backups.changed()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes in one transaction: all of them, or none."""
        written = False
        try:
            with self.store.batch():
                yield
            written = True
        finally:
            self.commit(BatchWritten(written))

    def _own_write_seen(self, data: EventData | None) -> None:
        """On a server, the head the snapshot holds moves with this desk's own write when the
        write added the very next journal row to a snapshot derived by the caller: no other desk
        wrote in between, so its announcement needs no reload (any other case reloads, safely).
        Inside a batch nothing is committed yet (it may still be rolled back): no move."""
        written = self.store.last_journal_id
        if self.on_server and self.store.in_transaction():
            return
        self.store.last_journal_id = None
        if (
            self.on_server
            and data is not None
            and written is not None
            and written == self.data_version + 1
        ):
            self.data_version = written

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        if not self.closed and self.on_server:  # one more try; what stays kept is said
            from .sync import close_out

            self.kept_at_close = close_out(self)
        self.closed = True
        if self.backups is not None:
            self.backups.close()
        if self.outbox is not None:
            self.outbox.close()
        if self.replica is not None:
            self.replica.close()
        self.store.close()
        log.info("closed %s", self.path)


def official_name(ctx: EventContext) -> str | None:
    """The name of the official at work, None when nobody is."""
    return ctx.official.name if ctx.official else None


def official_role(ctx: EventContext) -> str | None:
    return ctx.official.role if ctx.official else None
