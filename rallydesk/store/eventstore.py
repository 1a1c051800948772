"""One event: open or create it (a file, or a database on a PostgreSQL server), and the store
every use-case reads and writes it through.

This package is the only place that talks SQL. :class:`EventStore` is composed of the store's
parts, each a module of its own on the shared write machinery (``core.StoreCore``: every write in
one transaction with its journal row, checked by the write policy it was given): results
(``results.py``), the event's set-up (``event_data.py``), adjustments, officials and desk settings
(``officials.py``), publications and journal reads (``publications.py``). What differs between a
file and a server is the backend (``filedb.py``, ``pg.py``), never a flag here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..domain.model import Settings
from . import anchors, filedb, journal
from .adjustments import Adjustments
from .backend import Backend, Listening
from .errors import StoreError, StoreUnavailable
from .event_data import EventSetup
from .location import EventLocation, ServerAddress, is_url
from .officials import Officials
from .policy import ALLOW_ALL, DeskIdentity, WritePolicy
from .publications import Publications
from .raid import Raid
from .results import CATCH_UP_ROWS, TIME_ACTIONS, Results
from .rows import settings_json
from .schema import new_event_uid, stored_uid

log = logging.getLogger(__name__)

__all__ = [
    "CATCH_UP_ROWS",
    "TIME_ACTIONS",
    "EventLocation",
    "EventStore",
    "ServerAddress",
    "StoreError",
    "StoreUnavailable",
]


class EventStore(Raid, Results, EventSetup, Adjustments, Officials, Publications):
    def __init__(
        self,
        db: Backend,
        readonly: bool = False,
        *,
        policy: WritePolicy = ALLOW_ALL,
        identity: DeskIdentity | None = None,
    ) -> None:
        super().__init__(db, policy, identity or DeskIdentity.of_this_computer(), readonly)
        #: On a server: the second connection that hears other desks' commits (see ``listen``).
        self._listener: Listening | None = None
        #: Opened while the server was away (``unreached``): the event's id as the desk's replica
        #: says, until the server answers and says it again (None: read from the event itself)
        self.offline_uid: str | None = None

    @property
    def warnings(self) -> list[str]:
        """Said once to whoever opened the event (a network file system, say); never blocks."""
        return self.db.warnings

    # ------------------------------------------------------------------ open / create

    @classmethod
    def create(
        cls,
        path: str | Path,
        settings: Settings,
        *,
        policy: WritePolicy = ALLOW_ALL,
        identity: DeskIdentity | None = None,
    ) -> EventStore:
        """A new event: a new file, or an empty database given by its ``postgresql://`` URL."""
        identity = identity or DeskIdentity.of_this_computer()
        desk = identity

        def fill(db: Backend) -> None:
            _insert_event(db, settings, desk)

        if is_url(path):
            from . import pg

            backend: Backend = pg.create_on_server(str(path), fill)
        else:
            backend = filedb.create(Path(path), fill)
        store = cls(backend, policy=policy, identity=identity)
        store.note_opened()
        return store

    @classmethod
    def open(
        cls,
        path: str | Path,
        readonly: bool = False,
        *,
        policy: WritePolicy = ALLOW_ALL,
        identity: DeskIdentity | None = None,
    ) -> EventStore:
        """Open an event file (recognised first by its header, then locked, migrated after a copy)
        or, for a ``postgresql://`` URL, the event in that database (no lock file: several desks
        write the same event, their writes serialised by the server)."""
        identity = identity or DeskIdentity.of_this_computer()
        if is_url(path):
            from . import pg

            backend: Backend = pg.open_server(str(path), readonly, identity)
        else:
            backend = filedb.open_file(Path(path), readonly)
        store = cls(backend, readonly, policy=policy, identity=identity)
        if not readonly:
            store.note_opened()
        return store

    @classmethod
    def unreached(
        cls,
        url: str,
        uid: str,
        *,
        policy: WritePolicy = ALLOW_ALL,
        identity: DeskIdentity | None = None,
    ) -> EventStore:
        """The server event at ``url`` while its server does not answer (a writing desk that
        kept a replica of it, with the event's id ``uid``): every read and write raises
        :class:`StoreUnavailable` until the server answers; the services read the replica."""
        from . import pg

        identity = identity or DeskIdentity.of_this_computer()
        store = cls(pg.unreached(url, False, identity.desk), policy=policy, identity=identity)
        store.offline_uid = uid
        return store

    def note_opened(self) -> None:
        """Anchor where this file's (or server database's) own history starts, the first time
        it is written as itself (``anchors.note_opened``: copies are told apart by it)."""
        place: object = self.location.file or self.path
        try:
            folders: list[Path] = []  # the user's log, and the backup folder's (not the event's)
            folder = self.desk_settings().get("backup_folder")
            if folder:
                folders.append(Path(folder))
            anchors.note_opened(self.event_uid(), place, journal.head(self.db), folders)
        except (StoreError, OSError) as exc:  # an anchor never stops an open
            log.warning("%s: where its own history starts was not anchored (%s)", place, exc)

    def event_uid(self) -> str | None:
        if self.offline_uid is not None:
            return self.offline_uid
        return stored_uid(self.db)

    def served_key(self) -> str | None:
        """The outbox key of the event the server holds now (read from it, whatever the replica
        said): a desk opened offline checks it before it sends what it kept."""
        uid, self.offline_uid = self.offline_uid, None
        try:
            return self.outbox_key()
        finally:
            self.offline_uid = uid

    def outbox_key(self) -> str | None:
        """What a desk's outbox of this store is bound to: the server's address (not the login,
        not the password), the database and the event's id. None for a file: a file is never
        unreachable, so nothing is ever kept for it, and nothing kept for a server (whose copy
        it may be: same event id) is ever replayed into it."""
        address = self.location.address
        uid = self.event_uid() if address is not None else None
        if address is None or not uid:
            return None
        return f"postgresql://{address.host.lower()}:{address.port}/{address.dbname}#{uid}"

    def reconnect(self) -> None:
        """Open the connection again after :class:`StoreUnavailable`, or raise it again. A file is
        never lost that way; a server event connects anew, with a short wait (the desk calls this
        on a timer, in its window's thread)."""
        self.db.reconnect()

    def reader(self) -> Callable[[WritePolicy], EventStore]:
        """What opens this event once more, read-only, as this store reached it (a server event:
        with the URL and password this connection dialled, held in memory only; no credential
        store asked, nothing written): a reader of its own in another thread (the results
        board). Called there, with the reader's policy."""
        open_db = self.db.opener(True, self.identity)
        identity = self.identity

        def open_reader(policy: WritePolicy) -> EventStore:
            return EventStore(open_db(), True, policy=policy, identity=identity)

        return open_reader

    def listen(self, on_notice: Callable[[int | None], None]) -> bool:
        """On a server: call ``on_notice`` (from a background thread) with the id of each journal
        row committed by any desk, and with None after each (re)connection. False for a file: a
        file has one writer, and a reader watches ``data_version``."""
        if self._listener is None:
            self._listener = self.db.listen(on_notice)
        return self._listener is not None

    @property
    def listener(self) -> Listening | None:
        """The listening connection's keeper, once ``listen`` started it (tests, benchmarks)."""
        return self._listener

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self.db.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several writes into one transaction (an import file is all-or-nothing)."""
        with self._write():
            yield

    # ------------------------------------------------------------------ checks

    def data_version(self) -> int:
        """Changes when another connection committed (a file's ``data_version``; on a server the
        journal's length): a desk sees when someone else wrote."""
        return self.db.data_version()

    def writer(self) -> str | None:
        """Who holds the event for writing (a file's lock; a server has several writers: None)."""
        return self.db.writer()


def _insert_event(db: Backend, settings: Settings, identity: DeskIdentity) -> None:
    """The event row of a new event, with its first journal row (one transaction)."""
    with db.atomic():
        uid = new_event_uid()
        row = {
            "id": 1,
            "name": settings.name,
            "tie_break": settings.tie_break,
            "time_style": settings.time_style,
            "language": settings.language,
            "starts_on": settings.starts_on,
            "ends_on": settings.ends_on,
            "timezone": settings.timezone,
            "created_at": journal.now_utc(),
            "uid": uid,
        }
        db.insert("event", row)
        journal.append(
            db, identity, "event.create", "event", None, dict(settings_json(settings), uid=uid)
        )
