"""An event file as the store's :class:`~rallydesk.store.backend.Backend`: sqlite-utils'
``Database`` (its ``atomic()`` and the schema's ``Migrations``), the writer's lock on the file,
and how a file is created, recognised, migrated (after a copy) and opened.

Every write runs in ``atomic()`` and returns only after COMMIT; with WAL and ``synchronous=FULL``
that means the change is on disk.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..domain.errors import RallyDeskError
from . import journal
from .backend import Listening, Params, Rows, Statements, quote
from .backup import backup as backup_copy
from .errors import Refused, StoreError
from .files import (
    APPLICATION_ID,
    NotAnEvent,
    connect_readonly,
    connect_writable,
    name_max,
    os_reason,
    require_event_file,
)
from .location import EventLocation
from .lock import WriterLock, _read_holder, lock_path, network_warning
from .policy import DeskIdentity
from .rows import RESULT_COLUMNS, TIME_COLUMNS
from .schema import known_migrations, migrations, schema_version
from .watch import Change, FileWatch, close_lost, empty_own_log, rescue

log = logging.getLogger(__name__)


#: ``put_time_once``'s statements (constant texts: SQLite's statement cache finds them).
_STORED = f"SELECT {', '.join(RESULT_COLUMNS)} FROM stage_times WHERE stage = ? AND number = ?"
_UPSERT = (
    f"INSERT INTO stage_times ({', '.join(TIME_COLUMNS)}) VALUES ({', '.join('?' * len(TIME_COLUMNS))})"
    " ON CONFLICT (stage, number) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in TIME_COLUMNS[2:])
)
_APPLIED = "SELECT 1 FROM applied_changes WHERE change_id = ?"
_APPLIED_ADD = "INSERT INTO applied_changes (change_id, journal_id) VALUES (?, ?)"


@functools.lru_cache(maxsize=8)
def _journal_insert(cols: tuple[str, ...]) -> str:
    return (
        f"INSERT INTO journal ({', '.join(map(quote, cols))}) VALUES ({', '.join('?' * len(cols))})"
    )


class FileBackend(Statements):
    """One SQLite event file (or any sqlite-utils ``Database`` of the event's schema)."""

    def __init__(
        self,
        db: Database,
        location: EventLocation,
        readonly: bool = False,
        lock: WriterLock | None = None,
    ) -> None:
        self.db = db
        self.location = location
        self.readonly = readonly
        self._lock = lock
        self.warnings: list[str] = []
        #: the writer's files, watched for a change behind its back (``watch.py``)
        self._watch = FileWatch(location.file) if lock is not None and location.file else None
        #: why nothing more is written (the file changed behind the desk's back), once it happened
        self.lost: str | None = None
        self._change: Change | None = None
        self._rescued: Path | None = None
        #: The journal head this desk's last ``put_time_once`` committed, with the connection's
        #: count of changed rows then: while that count has not moved nothing else was written
        #: through it, and a file has no other writer (the lock; a write behind the desk's back
        #: is found by the watch before any write), so the head need not be read again.
        self._head: tuple[int, tuple[int, str]] | None = None

    # -- statements: $1, $2… are SQLite's named parameters "1", "2"…

    def execute(self, sql: str, params: Params = ()) -> Rows:
        if params:
            cur = self.db.execute(sql, {str(i): v for i, v in enumerate(params, 1)})
        else:
            cur = self.db.execute(sql)
        columns = [d[0] for d in cur.description or ()]
        return Rows(columns, cur.fetchall() if cur.description else [], cur.rowcount)

    def executescript(self, sql: str) -> None:
        self.db.executescript(sql)

    def table_columns(self, table: str) -> list[str]:
        return [str(r[1]) for r in self.execute(f"PRAGMA table_info({quote(table)})")]

    def table_names(self) -> list[str]:
        return list(self.db.table_names())

    # -- transactions

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested); a failure of the file (full disk,
        read-only medium, a removed stick) is :class:`Refused` with the reason in words. The
        outermost one first checks that the path still names the files this desk has open, as
        it left them, and after COMMIT that they were not swapped meanwhile (``watch.py``)."""
        outermost = not self.db.conn.in_transaction
        if outermost:
            self._check_files()
        try:
            with self.db.atomic():
                yield
        except sqlite3.DatabaseError as exc:
            raise self._refused(exc, outermost) from None
        if outermost:
            self._committed()

    def _refused(self, exc: sqlite3.DatabaseError, outermost: bool = True) -> Refused:
        """What a failed write is told as; the files are looked at first ("malformed": were
        they overwritten behind our back?) unless a savepoint failed inside a write."""
        if outermost:
            self._check_files()
        return Refused(self.location, explain_write_error(exc))

    def _committed(self) -> None:
        """After this desk's commit: the files it holds must still be the ones at the path."""
        if self._watch is not None:
            change = self._watch.wrote()
            if change is not None:  # committed into the files we hold: the rescue copy has it
                self._lose(change)

    def put_time_once(
        self,
        seen: dict[str, Any] | None,
        row: dict[str, Any],
        journal_row: dict[str, Any],
        fresh: bool = False,
    ) -> tuple[str, int | None] | None:
        """One stage result and its journal row in one transaction, straight on the connection:
        what the server's ``rallydesk_put_time`` does (``pg_write``), for a file. Written only
        when the stored result is still ``seen`` (the desk's snapshot; checked under the
        transaction): ``("done", journal id)``, else ``("stale", None)`` or ``("applied", None)``
        (the change id was applied already; not looked up when ``fresh``: made for this write).
        None inside a batch (the long way writes it). The checks of ``atomic`` (the files the
        desk holds, a failure in words) are the same; what it saves is the Python around the
        statements (issue 25: the general path's savepoint-aware wrappers, rows read as dicts)."""
        conn = self.db.conn
        if conn.in_transaction:
            return None
        self._check_files()
        stage, number = row["stage"], row["number"]
        try:
            conn.execute("BEGIN")
            try:
                cid = journal_row.get("change_id")
                if cid is not None and not fresh and conn.execute(_APPLIED, (cid,)).fetchone():
                    conn.execute("ROLLBACK")
                    return ("applied", None)
                found = conn.execute(_STORED, (stage, number)).fetchone()
                stored = None if found is None else dict(zip(RESULT_COLUMNS, found, strict=True))
                if stored != seen:
                    conn.execute("ROLLBACK")
                    return ("stale", None)
                conn.execute(_UPSERT, [row[c] for c in TIME_COLUMNS])
                placed = dict(journal_row)
                known = self._head
                last = known[1] if known and known[0] == conn.total_changes else journal.head(conn)
                cols = journal.place(placed, last)
                conn.execute(_journal_insert(cols), [placed[c] for c in cols])
                if cid is not None:
                    conn.execute(_APPLIED_ADD, (cid, placed["id"]))
                conn.execute("COMMIT")
            except BaseException:
                self._head = None
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise self._refused(exc) from None
        self._head = (conn.total_changes, (int(placed["id"]), str(placed["hash"])))
        self._committed()
        return ("done", int(placed["id"]))

    def checkpoint(self) -> None:
        """Fold the log into the main file now (the desk's own change to both: noted as such)."""
        with self.atomic():
            pass
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if self._watch is not None and self._watch.wrote() is not None:
            self._check_files()

    def _check_files(self) -> None:
        if self._watch is None:
            return
        if self.lost is not None:
            if self._rescued is None and self._change is not None and self._change.moved:
                self._lose(self._change)  # try the rescue copy again (room was made?)
            raise Refused(self.location, self.lost)
        try:
            change = self._watch.check()
        except OSError as exc:
            raise Refused(
                self.location, os_reason(exc, self._watch.main, "cannot be reached")
            ) from None
        if change is not None:
            self._lose(change)
            raise Refused(self.location, str(self.lost))

    def _lose(self, change: Change) -> None:
        """Stop writing for good; keep what was acknowledged; say what happened."""
        assert self._watch is not None
        self._change = change
        self._rescued = rescue(self.db.conn, self._watch, check=not change.moved)
        if change.moved and self._rescued is not None:
            empty_own_log(self.db.conn)
        self.lost = lost_message(change, self._rescued)
        log.error("%s", self.lost)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A file has one writer, this desk or none: its reads agree without more."""
        yield

    @property
    def in_transaction(self) -> bool:
        return bool(self.db.conn.in_transaction)

    # -- hooks

    def lock_event(self) -> None:
        """Nothing to take: the writer's lock on the file was taken when it was opened."""

    def announce(self, journal_id: int) -> None:
        """Nobody to tell: a reader of a file watches ``data_version``."""

    def data_version(self) -> int:
        """SQLite's count of commits by other connections: a reader sees when the writer wrote."""
        return int(self.execute("PRAGMA data_version").scalar())

    def writer(self) -> str | None:
        """Who holds the writer's lock on the file (from the lock's note beside it)."""
        assert self.location.file is not None
        holder = _read_holder(lock_path(Path(os.path.realpath(self.location.file))))
        if not holder.get("host"):
            return None
        return f"{holder.get('user', '?')} on {holder.get('host', '?')} since {holder.get('since', '?')}"

    def applied_steps(self) -> list[str]:
        return applied_steps(self.db)

    def reconnect(self) -> None:
        """A file is never lost that way."""

    def opener(self, readonly: bool, identity: DeskIdentity) -> Callable[[], FileBackend]:
        """What opens the file once more (a reader of its own, in another thread)."""
        assert self.location.file is not None
        path = self.location.file
        return lambda: open_file(path, readonly)

    def listen(self, on_notice: Callable[[int | None], None]) -> Listening | None:
        """Nothing to listen to: a file has one writer, and a reader watches ``data_version``."""
        return None

    def close(self) -> None:
        try:
            if self._change is not None and self._watch is not None:
                set_aside = close_lost(self.db.conn, self._watch, self._change)
                for name in set_aside:
                    log.warning("%s: set aside (it would have been replayed into the event)", name)
            else:
                self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


def applied_steps(db: Database) -> list[str]:
    """The RallyDesk schema steps applied to an open file, in order."""
    return [m.name for m in migrations.applied(db)]


def _connect(path: Path, readonly: bool) -> Database:
    # busy_timeout (in files.py): a backup or a reader may hold a lock for a moment; wait rather than fail.
    db = Database(connect_readonly(path) if readonly else connect_writable(path))
    if not readonly:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def create(path: Path, fill: Callable[[FileBackend], None]) -> FileBackend:
    """A new event file (never one that exists), locked, of the current schema; ``fill`` writes
    its first rows. On any failure nothing this call made is left behind."""
    if os.path.lexists(path):
        raise StoreError(f"{path}: file already exists; choose another name or remove it")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    _room_beside(path, "-journal")  # the longest name SQLite gives a file beside the event
    try:  # exclusively: a file that appeared meanwhile is never taken over
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o666))
    except FileExistsError:
        raise StoreError(f"{path}: file already exists; choose another name or remove it") from None
    except OSError as exc:
        raise StoreError(os_reason(exc, path, "cannot create the event file")) from None
    lock = WriterLock(path)
    try:
        lock.acquire()
        # the id goes into the main file's header before WAL mode: recognising the file reads
        # those bytes, and in WAL mode page 1 would stay in the -wal until a checkpoint
        first = connect_writable(path)
        first.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        first.commit()
        first.close()
        db = _connect(path, readonly=False)
        migrations.apply(db)
        backend = FileBackend(db, EventLocation.of_file(path), lock=lock)
        fill(backend)
    except (sqlite3.Error, RallyDeskError, OSError) as exc:
        lock.release()
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), lock.path):
            p.unlink(missing_ok=True)  # only what this call created: the path did not exist
        detail = exc if isinstance(exc, RallyDeskError) else f"cannot create the event file ({exc})"
        if isinstance(exc, Refused):
            detail = exc.reason
        raise StoreError(f"{path}: {detail}") from None
    backend.warnings = _warnings(path)
    return backend


def open_file(path: Path, readonly: bool) -> FileBackend:
    """Recognise the file first (its header bytes, read-only), then lock it, then open it."""
    try:
        require_event_file(path)
    except NotAnEvent as exc:
        raise StoreError(str(exc)) from None
    lock = None
    if not readonly:
        _room_beside(Path(os.path.realpath(path)), ".lock")  # and -wal, -shm: shorter
        lock = WriterLock(path)
        lock.acquire()
    try:
        links = os.stat(path).st_nlink
        if links > 1 and not readonly:
            raise StoreError(f"{path}: {_hard_links(links)}; it is not opened for writing")
        backend = _open_locked(path, readonly, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    backend.warnings = _warnings(path) + ([f"{path}: {_hard_links(links)}"] if links > 1 else [])
    return backend


def _open_locked(path: Path, readonly: bool, lock: WriterLock | None) -> FileBackend:
    try:
        db = _connect(path, readonly)
        applied = applied_steps(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a RallyDesk event file or damaged ({exc})") from None
    known = known_migrations()
    unknown = [name for name in applied if name not in known]
    if unknown:
        db.close()
        raise StoreError(
            f"{path}: written by a newer RallyDesk (schema {len(applied)}, this version reads up to "
            f"{schema_version()}; unknown step {unknown[0]}); update RallyDesk to open it"
        )
    if len(applied) < len(known):
        if readonly:
            db.close()
            raise StoreError(
                f"{path}: schema {len(applied)} needs migrating; open it for writing once"
            )
        # Vorta's rule: copy the file before touching its schema (a consistent copy, WAL included)
        db.close()
        backup_copy(path, path.parent, name=(f"{path.name}.before-schema-{len(known)}", ""))
        db = _connect(path, readonly)
        migrations.apply(db)
    try:
        db.execute("SELECT count(*) FROM stage_times").fetchone()
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoreError(f"{path}: damaged ({exc}); restore the latest good backup") from None
    return FileBackend(db, EventLocation.of_file(path), readonly, lock)


def _room_beside(path: Path, side: str) -> None:
    """Refuse, before anything is made, a name with no room for the files SQLite and the lock
    keep beside it (``NAME-journal``, ``NAME-wal``, ``NAME.lock``)."""
    limit = name_max(path.parent)
    if len((path.name + side).encode()) > limit:
        raise StoreError(
            f"{path}: the name is too long for this file system: the event needs files beside it "
            f"named {path.name[:12]}…{side}, and a name may have at most {limit} bytes here; choose "
            f"a name of at most {limit - len(side)} bytes"
        )


def _hard_links(links: int) -> str:
    return (
        f"the event file has {links} names (hard links); SQLite keeps its write-ahead log by name, so "
        "changes made through one name can be missing, or lost, through another: keep one name "
        "(remove the other links, or copy the file)"
    )


def _warnings(path: Path) -> list[str]:
    warning = network_warning(path)
    return [warning] if warning else []


def lost_message(change: Change, rescued: Path | None) -> str:
    """What the official is told when the event's files changed behind the desk's back."""
    said = f"{change.what} while this desk had the event open; nothing more is written to it"
    if not change.moved and rescued is not None:
        return (
            f"{said}. What this desk recorded could still be read whole (verified) and is kept "
            f"in {rescued}: close this event and open that file"
        )
    if not change.moved:
        return (
            f"{said}. What it overwrote cannot be read back from it: restore the latest good "
            "backup (rallydesk restore BACKUP EVENT) and key again what was recorded since"
        )
    if rescued is None:
        return (
            f"{said}. Everything recorded is still held by this desk, but no copy could be "
            "written (beside the event, nor in the data folder): make room and try again, "
            "without closing this desk"
        )
    return (
        f"{said}. Everything this desk recorded is kept in {rescued}: close this event and open "
        "that file"
    )


def explain_write_error(exc: sqlite3.DatabaseError) -> str:
    """Why a write to the file failed, in the words an official can act on."""
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text:
        return (
            "the event file reads as damaged: was it overwritten by another program while this "
            "desk had it open? Nothing more is written; run rallydesk verify, and restore the "
            "latest good backup if it fails"
        )
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the medium or file is read-only"
    if "i/o" in text:
        return "a disk input/output error (was the USB stick removed?)"
    if "locked" in text or "busy" in text:
        return "another program holds the file"
    return str(exc)


def memory_backend() -> FileBackend:
    """An in-memory database of the current schema (what the file's steps create)."""
    db = Database(memory=True)
    migrations.apply(db)
    return FileBackend(db, EventLocation.of_file(":memory:"))


def wrap(db: Database | sqlite3.Connection, path: Path | str = "(event file)") -> FileBackend:
    """An already open file (a verify, a push's source, a migration step) as a backend."""
    database = db if isinstance(db, Database) else Database(db)
    return FileBackend(database, EventLocation.of_file(path))
