"""One event file: open/create, migrate, load a snapshot, and write changes with their journal rows.

This is the only module (with its siblings in ``store/``) that talks SQL.  Every write runs in
``db.atomic()`` together with its journal row, and returns only after COMMIT; with WAL and
``synchronous=FULL`` that means the change is on disk.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from ..domain.changes import NOT_GIVEN, Conflict, Expected, time_from_row
from ..domain.errors import RallyDeskError
from ..domain.model import (
    Adjustment,
    CrewMember,
    Entry,
    EventData,
    Group,
    NominalRule,
    Settings,
    Stage,
    StageTime,
)
from . import journal, pg
from .backup import backup as backup_copy
from .errors import StoreError, StoreUnavailable
from .files import (
    APPLICATION_ID,
    NotAnEvent,
    connect_readonly,
    connect_writable,
    require_event_file,
    reserve_new_name,
)
from .lock import WriterLock, network_warning
from .pg import ServerAddress, ServerError, is_url
from .policy import ALLOW_ALL, DeskIdentity, WritePolicy
from .schema import known_migrations, migrations, new_event_uid, schema_version, stored_uid

if TYPE_CHECKING:
    from .listen import JournalListener


def _connect(path: Path, readonly: bool) -> Database:
    # busy_timeout (in files.py): a backup or a reader may hold a lock for a moment; wait rather than fail.
    db = Database(connect_readonly(path) if readonly else connect_writable(path))
    if not readonly:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def applied_steps(db: Database) -> list[str]:
    """The RallyDesk schema steps applied to an open file, in order."""
    return [m.name for m in migrations.applied(db)]


#: How long a desk waits for a lost server at each reconnect attempt (it keys offline meanwhile).
RECONNECT_SECONDS = 3
#: The journal actions that change one stage result and nothing else (its stage and number are in
#: the row): another desk's catch-up re-reads just those results (``time_changes_since``).
TIME_ACTIONS = frozenset({"time.record", "time.replace", "time.delete"})
#: Beyond this many journal rows to catch up on, reading them one by one costs more than a load.
CATCH_UP_ROWS = 200
#: Where an event is: a file, or a database on a PostgreSQL server (``postgresql://…``).
Location = Path | ServerAddress


class EventStore:
    def __init__(
        self,
        db: Database,
        path: Location,
        readonly: bool = False,
        lock: WriterLock | None = None,
        *,
        policy: WritePolicy = ALLOW_ALL,
        identity: DeskIdentity | None = None,
    ) -> None:
        self.db = db
        #: The event file, or the server address shown for an event on a server (no password).
        self.path = path
        #: An event on a PostgreSQL server: file-only things (lock file, backups) do not apply.
        self.on_server = isinstance(path, ServerAddress)
        self.readonly = readonly
        self._lock = lock
        #: Said once to whoever opened the event (a network file system, say); never blocks.
        self.warnings: list[str] = []
        #: a server event's URL (password included, never shown): what ``reconnect`` dials
        self._server_url: str | None = None
        #: Checked inside each write's transaction, before it changes anything (the services'
        #: roles and publication locks); its ``official`` is the one every journal row names.
        self.policy = policy
        #: The desk and user every journal row names: read once, when the event was opened.
        self.identity = identity or DeskIdentity.of_this_computer()
        #: On a server: the second connection that hears other desks' commits (see ``listen``).
        self._listener: JournalListener | None = None
        #: The journal row the last write of this store added (None: that write added none, or
        #: was rolled back): the services know from it whether their snapshot is still whole.
        self.last_journal_id: int | None = None

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
        if is_url(path):
            return cls._create_on_server(str(path), settings, policy, identity)
        path = Path(path)
        if os.path.lexists(path):
            raise StoreError(f"{path}: file already exists; choose another name or remove it")
        if not path.parent.is_dir():
            raise StoreError(f"{path}: folder {path.parent} does not exist")
        try:  # exclusively: a file that appeared meanwhile is never taken over
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o666))
        except FileExistsError:
            raise StoreError(
                f"{path}: file already exists; choose another name or remove it"
            ) from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the event file ({exc.strerror})") from None
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
            store = cls(db, path, lock=lock, policy=policy, identity=identity)
            _insert_event(db, settings, identity)
        except (sqlite3.Error, RallyDeskError, OSError) as exc:
            lock.release()
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), lock.path):
                p.unlink(missing_ok=True)  # only what this call created: the path did not exist
            detail = (
                exc if isinstance(exc, RallyDeskError) else f"cannot create the event file ({exc})"
            )
            raise StoreError(f"{path}: {detail}") from None
        store.warnings = _warnings(path)
        return store

    @classmethod
    def _create_on_server(
        cls, url: str, settings: Settings, policy: WritePolicy, identity: DeskIdentity
    ) -> EventStore:
        """The event in an empty database (one database = one event): every schema step, then
        the event row and its journal row, each in one transaction."""
        from . import pg_schema

        db = pg.connect(url)
        try:
            if db.table_names():
                raise StoreError(
                    f"{db.address}: the database is not empty; an event needs a database of its own"
                    " (createdb NAME), or open the event already in it"
                )
            pg_schema.apply(db, identity)
            _insert_event(db, settings, identity)
        except BaseException:
            db.close()
            raise
        store = cls(db, db.address, policy=policy, identity=identity)
        store._server_url = url
        return store

    @classmethod
    def _open_on_server(
        cls, url: str, readonly: bool, policy: WritePolicy, identity: DeskIdentity
    ) -> EventStore:
        """Open the event in a server database; pending schema steps are applied (in one
        transaction: a server keeps its own backups, there is no file to copy first)."""
        from . import pg_schema

        db = pg.connect(url, readonly=readonly)
        try:
            applied = pg_schema.applied(db)
            known = known_migrations()
            if not applied:
                what = (
                    "a database of another program"
                    if db.table_names()
                    else "an empty database, no event in it"
                )
                raise StoreError(
                    f"{db.address}: {what}; create an event there with `rallydesk new URL --name NAME`"
                    " or copy one with `rallydesk push EVENT URL`"
                )
            unknown = [name for name in applied if name not in known]
            if unknown:
                raise StoreError(
                    f"{db.address}: written by a newer RallyDesk (schema {len(applied)}, this version"
                    f" reads up to {schema_version()}; unknown step {unknown[0]}); update RallyDesk"
                )
            if len(applied) < len(known):
                if readonly:
                    raise StoreError(
                        f"{db.address}: schema {len(applied)} needs migrating; open it for writing once"
                    )
                pg_schema.apply(db, identity)
        except BaseException:
            db.close()
            raise
        store = cls(db, db.address, readonly, policy=policy, identity=identity)
        store._server_url = url
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
        """Recognise the file first (its header bytes, read-only), then lock it, then open it.

        A ``postgresql://`` URL opens the event in that database instead (no lock file: several
        desks write the same event, their writes serialised by the server)."""
        identity = identity or DeskIdentity.of_this_computer()
        if is_url(path):
            return cls._open_on_server(str(path), readonly, policy, identity)
        path = Path(path)
        try:
            require_event_file(path)
        except NotAnEvent as exc:
            raise StoreError(str(exc)) from None
        lock = None
        if not readonly:
            lock = WriterLock(path)
            lock.acquire()
        try:
            links = os.stat(path).st_nlink
            if links > 1 and not readonly:
                raise StoreError(f"{path}: {_hard_links(links)}; it is not opened for writing")
            store = cls._open_locked(path, readonly, lock, policy, identity)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        store.warnings = _warnings(path) + ([f"{path}: {_hard_links(links)}"] if links > 1 else [])
        return store

    @classmethod
    def _open_locked(
        cls,
        path: Path,
        readonly: bool,
        lock: WriterLock | None,
        policy: WritePolicy,
        identity: DeskIdentity,
    ) -> EventStore:
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
            kept = reserve_new_name(path.parent, f"{path.name}.before-schema-{len(known)}", "")
            backup_copy(path, kept, replace_reserved=True)
            db = _connect(path, readonly)
            migrations.apply(db)
        store = cls(db, path, readonly, lock, policy=policy, identity=identity)
        try:
            store.db.execute("SELECT count(*) FROM stage_times").fetchone()
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(f"{path}: damaged ({exc}); restore the latest good backup") from None
        return store

    def event_uid(self) -> str | None:
        return stored_uid(self.db)

    def reconnect(self) -> None:
        """Open the connection again after :class:`StoreUnavailable`, or raise it again. A file is
        never lost that way; a server event connects anew, with a short wait (the desk calls this
        on a timer, in its window's thread)."""
        if self._server_url is None:
            return
        db = pg.connect(self._server_url, readonly=self.readonly, timeout=RECONNECT_SECONDS)
        with contextlib.suppress(Exception):
            self.db.close()
        self.db = db

    def listen(self, on_notice: Callable[[int | None], None]) -> bool:
        """On a server: call ``on_notice`` (from a background thread) with the id of each journal
        row committed by any desk, and with None after each (re)connection. False for a file: a
        file has one writer, and a reader watches ``data_version``."""
        if self._server_url is None:
            return False
        from .listen import JournalListener

        if self._listener is None:
            self._listener = JournalListener(self._server_url, on_notice)
            self._listener.start()
        return True

    @property
    def listener(self) -> JournalListener | None:
        """The listening connection's keeper, once ``listen`` started it (tests, benchmarks)."""
        return self._listener

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        try:
            self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several writes into one transaction (an import file is all-or-nothing)."""
        with self._write():
            yield

    # ------------------------------------------------------------------ read

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Several reads that must agree: one snapshot on a server (other desks write meanwhile);
        a file has one writer, this desk or none."""
        if self.on_server:
            with self.db.snapshot():  # type: ignore[attr-defined]
                yield
        else:
            yield

    def load(self) -> EventData:
        with self._reading():
            return self._load()

    def _load(self) -> EventData:
        db = self.db
        ev = db.execute(
            "SELECT name, tie_break, time_style, language, starts_on, ends_on, timezone, document_prefix,"
            " protest_minutes FROM event WHERE id = 1"
        ).fetchone()
        if ev is None:
            raise StoreError(f"{self.path}: the event row is missing")
        settings = Settings(*ev)
        stages = tuple(
            Stage(
                number=r[0],
                name=r[1],
                date=r[2],
                kind=r[3],
                special_km=r[4],
                liaison_km=r[5],
                counts=bool(r[6]),
                precision_ms=r[7],
                cancelled_for=frozenset(c for c in (r[8] or "").split(";") if c),
                nominal=NominalRule(r[9], r[10]),
            )
            for r in db.execute(
                "SELECT number, name, date, kind, special_km, liaison_km, counts, precision_ms,"
                " cancelled_for, nominal_rule, nominal_ms FROM stages ORDER BY number"
            )
        )
        groups = tuple(
            Group(*r)
            for r in db.execute("SELECT code, name, kind, parent FROM groups ORDER BY rowid")
        )
        crews: dict[int, list[CrewMember]] = {}
        for number, role, name, nat in db.execute(
            "SELECT number, role, name, nationality FROM crew ORDER BY number, seat"
        ):
            crews.setdefault(number, []).append(CrewMember(role, name, nat))
        cups: dict[int, set[str]] = {}
        for cup, number in db.execute("SELECT cup, number FROM cup_members"):
            cups.setdefault(number, set()).add(cup)
        entries = tuple(
            Entry(n, cls_, tuple(crews.get(n, ())), team, vehicle, frozenset(cups.get(n, ())))
            for n, cls_, team, vehicle in db.execute(
                "SELECT number, class, team, vehicle FROM entries ORDER BY number"
            )
        )
        times = tuple(
            StageTime(*r)
            for r in db.execute(
                "SELECT stage, number, status, elapsed_ms, start_ms, finish_ms, nominal_ms, reason"
                " FROM stage_times ORDER BY stage, number"
            )
        )
        adjustments = tuple(
            Adjustment(*r)
            for r in db.execute(
                "SELECT id, stage, number, amount_ms, kind, applies_to, reason, article, decided_by,"
                " decided_at, decision FROM adjustments WHERE revoked_at IS NULL ORDER BY id"
            )
        )
        return EventData(settings, stages, groups, entries, times, adjustments)

    def adjustment(self, adjustment_id: int) -> Adjustment | None:
        r = self.db.execute(
            "SELECT id, stage, number, amount_ms, kind, applies_to, reason, article, decided_by, decided_at,"
            " decision FROM adjustments WHERE id = ?",
            [adjustment_id],
        ).fetchone()
        return Adjustment(*r) if r else None

    def adjustment_records(self, include_revoked: bool = True) -> list[Adjustment]:
        """Every adjustment, revoked ones too unless asked otherwise (the penalties tab lists them)."""
        sql = (
            f"SELECT {', '.join(f.name for f in dataclasses.fields(Adjustment))} FROM adjustments"
            + ("" if include_revoked else " WHERE revoked_at IS NULL")
            + " ORDER BY id"
        )
        return [Adjustment(*r) for r in self.db.execute(sql)]

    # ------------------------------------------------------------------ write

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One atomic change; a full disk or a read-only medium becomes a clear refusal."""
        self._check_writable()
        outermost = not self.in_transaction()
        if outermost:
            self.last_journal_id = None
        try:
            with self.db.atomic():
                yield
        except sqlite3.DatabaseError as exc:
            self.last_journal_id = None  # rolled back: no row of this write exists
            raise StoreError(explain_write_error(self.path, exc)) from None
        except StoreUnavailable:
            self.last_journal_id = None
            raise  # the server is gone, not refusing: the desk keeps the change in its outbox
        except ServerError as exc:
            self.last_journal_id = None
            raise StoreError(
                f"{self.path}: could not save: {exc.reason}; the change was NOT recorded,"
                " key it again once this is fixed"
            ) from None
        except BaseException:
            self.last_journal_id = None
            raise

    def in_transaction(self) -> bool:
        """A write is under way and not committed yet (inside a batch)."""
        db = self.db
        return bool(db.in_transaction if self.on_server else db.conn.in_transaction)

    def _guard(
        self, action: str, stage: int | None, number: int | None, reason: str | None
    ) -> None:
        self.policy.check(action, stage, number, reason)

    def _journal(
        self,
        action: str,
        target: str,
        old: Any,
        new: Any,
        reason: str | None = None,
        user: str | None = None,
        stage: int | None = None,
        number: int | None = None,
        change_id: str | None = None,
    ) -> int:
        """One journal row; with a ``change_id``, also its ``applied_changes`` row (same transaction)."""
        journal_id = journal.append(
            self.db,
            self.identity,
            action,
            target,
            old,
            new,
            reason,
            user,
            stage=stage,
            number=number,
            official=self.policy.official,
            change_id=change_id,
        )
        self._mark_applied(change_id, journal_id)
        self.last_journal_id = journal_id
        return journal_id

    def _mark_applied(self, change_id: str | None, journal_id: int) -> None:
        if change_id is not None:
            self.db.execute(
                "INSERT INTO applied_changes (change_id, journal_id) VALUES (?, ?)",
                [change_id, journal_id],
            )

    def applied_change(self, change_id: str | None) -> dict[str, Any] | None:
        """The journal row of a change already applied (its old and new values read back), or None:
        a change replayed from an outbox is answered with what was done the first time."""
        if change_id is None:
            return None
        rows = journal.history_of_change(self.db, change_id)
        return rows[0] if rows else None

    def last_writer(self, stage: int, number: int) -> dict[str, Any]:
        """Who wrote the stored result of (stage, number): desk, official, user and when."""
        row = _one(
            self.db,
            'SELECT desk, official, "user", at FROM journal WHERE stage = ? AND number = ?'
            " AND action LIKE 'time.%' ORDER BY id DESC LIMIT 1",
            [stage, number],
        )
        return row or {}

    def _check_expected(
        self, old: dict[str, Any] | None, expected: Expected, wanted: StageTime | None
    ) -> None:
        """Inside the write: refuse (Conflict) when the stored result is not the one the desk saw,
        unless it already is what the desk wants (two desks keyed the same thing: no conflict)."""
        if expected is NOT_GIVEN:
            return
        stored = time_from_row(_strip(old))
        if stored == expected or _same_result(stored, wanted):
            return
        key = stored or expected or wanted
        assert key is not None
        raise Conflict(
            key.stage,
            key.number,
            expected,
            stored,
            wanted,
            self.last_writer(key.stage, key.number) if stored is not None else {},
        )

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; changes are not possible")

    def update_settings(
        self, settings: Settings, reason: str | None = None, guard_as: str = "event.settings"
    ) -> None:
        """``guard_as`` names the change for the guard ("event.publication": only the document
        prefix or the protest window, which change no classification); the journal says event.settings."""
        self._check_writable()
        with self._write():
            self._guard(guard_as, None, None, reason)
            old = self.load().settings
            self.db.execute(
                "UPDATE event SET name=?, tie_break=?, time_style=?, language=?, starts_on=?, ends_on=?, timezone=?,"
                " document_prefix=?, protest_minutes=? WHERE id=1",
                [
                    settings.name,
                    settings.tie_break,
                    settings.time_style,
                    settings.language,
                    settings.starts_on,
                    settings.ends_on,
                    settings.timezone,
                    settings.document_prefix,
                    settings.protest_minutes,
                ],
            )
            self._journal(
                "event.settings", "event", _settings_json(old), _settings_json(settings), reason
            )

    def put_stage(self, stage: Stage, reason: str | None = None) -> None:
        self._check_writable()
        row = _stage_row(stage)
        with self._write():
            self._guard("stage.put", stage.number, None, reason)
            old = _one(self.db, "SELECT * FROM stages WHERE number = ?", [stage.number])
            self.db["stages"].upsert(row, pk="number")
            self._journal(
                "stage.put", f"stage {stage.number}", old, row, reason, stage=stage.number
            )

    def put_group(self, group: Group, reason: str | None = None) -> None:
        self._check_writable()
        row = {"code": group.code, "name": group.name, "kind": group.kind, "parent": group.parent}
        with self._write():
            self._guard("group.put", None, None, reason)
            old = _one(
                self.db, "SELECT code, name, kind, parent FROM groups WHERE code = ?", [group.code]
            )
            self.db["groups"].upsert(row, pk="code")
            self._journal("group.put", f"group {group.code}", old, row, reason)

    def put_entry(self, entry: Entry, reason: str | None = None) -> None:
        self._check_writable()
        new = _entry_json(entry)
        db = self.db
        with self._write():
            self._guard("entry.put", None, entry.number, reason)
            old = self._entry_json(entry.number)
            db["entries"].upsert(
                {
                    "number": entry.number,
                    "class": entry.class_code,
                    "team": entry.team,
                    "vehicle": entry.vehicle,
                },
                pk="number",
            )
            db.execute("DELETE FROM crew WHERE number = ?", [entry.number])
            for seat, m in enumerate(entry.crew, start=1):
                db.execute(
                    "INSERT INTO crew (number, seat, role, name, nationality) VALUES (?, ?, ?, ?, ?)",
                    [entry.number, seat, m.role, m.name, m.nationality],
                )
            db.execute("DELETE FROM cup_members WHERE number = ?", [entry.number])
            for cup in sorted(entry.cups):
                db.execute(
                    "INSERT INTO cup_members (cup, number) VALUES (?, ?)", [cup, entry.number]
                )
            self._journal("entry.put", f"#{entry.number}", old, new, reason, number=entry.number)

    def _entry_json(self, number: int) -> dict[str, Any] | None:
        row = _one(self.db, "SELECT * FROM entries WHERE number = ?", [number])
        if row is None:
            return None
        row["crew"] = [
            {"role": r[0], "name": r[1], "nationality": r[2]}
            for r in self.db.execute(
                "SELECT role, name, nationality FROM crew WHERE number = ? ORDER BY seat", [number]
            )
        ]
        row["cups"] = sorted(
            r[0] for r in self.db.execute("SELECT cup FROM cup_members WHERE number = ?", [number])
        )
        return row

    def put_time(
        self,
        t: StageTime,
        reason: str | None = None,
        user: str | None = None,
        change_id: str | None = None,
        expected: Expected = NOT_GIVEN,
    ) -> dict[str, Any] | None:
        """Record (or replace) one entry's result on one stage; returns the replaced row.

        ``expected`` is the result the desk saw (None: none); when given and the stored one differs,
        :class:`Conflict` is raised and nothing changes. A ``change_id`` already applied is not
        applied again: the row it replaced the first time is returned."""
        self._check_writable()
        row = _time_row(t)
        row["updated_at"] = journal.now_utc()
        row["updated_by"] = user or self.identity.user
        with self._write():
            if done := self.applied_change(change_id):
                return done["old"]
            self._guard("time.record", t.stage, t.number, reason)
            old = _one(
                self.db,
                "SELECT * FROM stage_times WHERE stage = ? AND number = ?",
                [t.stage, t.number],
            )
            self._check_expected(old, expected, t)
            self.db.execute(
                "INSERT INTO stage_times (stage, number, status, start_ms, finish_ms, elapsed_ms, nominal_ms,"
                " reason, updated_at, updated_by) VALUES (:stage, :number, :status, :start_ms, :finish_ms,"
                " :elapsed_ms, :nominal_ms, :reason, :updated_at, :updated_by)"
                " ON CONFLICT (stage, number) DO UPDATE SET status=excluded.status, start_ms=excluded.start_ms,"
                " finish_ms=excluded.finish_ms, elapsed_ms=excluded.elapsed_ms, nominal_ms=excluded.nominal_ms,"
                " reason=excluded.reason, updated_at=excluded.updated_at, updated_by=excluded.updated_by",
                row,
            )
            action = "time.replace" if old else "time.record"
            self._journal(
                action,
                f"stage {t.stage} #{t.number}",
                _strip(old),
                _strip(row),
                reason,
                user,
                stage=t.stage,
                number=t.number,
                change_id=change_id,
            )
        return old

    def put_starts(self, starts: list[tuple[int, int, int]], reason: str | None = None) -> None:
        """Start times (stage, number, ms since midnight), all or none, each with its journal row."""
        self._check_writable()
        at, by = journal.now_utc(), self.identity.user
        with self._write():
            for stage, number, start_ms in starts:
                old = _one(
                    self.db,
                    "SELECT * FROM start_times WHERE stage = ? AND number = ?",
                    [stage, number],
                )
                row = {
                    "stage": stage,
                    "number": number,
                    "start_ms": start_ms,
                    "updated_at": at,
                    "updated_by": by,
                }
                self.db.execute(
                    "INSERT INTO start_times (stage, number, start_ms, updated_at, updated_by)"
                    " VALUES (:stage, :number, :start_ms, :updated_at, :updated_by)"
                    " ON CONFLICT (stage, number) DO UPDATE SET start_ms = excluded.start_ms,"
                    " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    row,
                )
                journal.append(
                    self.db,
                    self.identity,
                    "start.set",
                    f"start stage {stage} #{number}",
                    _strip(old),
                    _strip(row),
                    reason,
                )

    def starts(self) -> dict[tuple[int, int], int]:
        return {
            (s, n): ms
            for s, n, ms in self.db.execute("SELECT stage, number, start_ms FROM start_times")
        }

    def put_second(
        self,
        t: StageTime,
        keyed_by: str,
        action: str = "second.record",
        reason: str | None = None,
        change_id: str | None = None,
    ) -> None:
        """The blind second keying of one result (double keying), journalled like the first."""
        self._check_writable()
        row = {
            "stage": t.stage,
            "number": t.number,
            "status": t.status,
            "elapsed_ms": t.elapsed_ms,
            "start_ms": t.start_ms,
            "finish_ms": t.finish_ms,
            "reason": t.reason,
            "keyed_by": keyed_by,
            "updated_at": journal.now_utc(),
        }
        with self._write():
            if self.applied_change(change_id):
                return
            old = _one(
                self.db,
                "SELECT * FROM second_keyings WHERE stage = ? AND number = ?",
                [t.stage, t.number],
            )
            self.db.execute(
                "INSERT INTO second_keyings (stage, number, status, elapsed_ms, start_ms, finish_ms, reason,"
                " keyed_by, updated_at) VALUES (:stage, :number, :status, :elapsed_ms, :start_ms, :finish_ms,"
                " :reason, :keyed_by, :updated_at) ON CONFLICT (stage, number) DO UPDATE SET"
                " status = excluded.status, elapsed_ms = excluded.elapsed_ms, start_ms = excluded.start_ms,"
                " finish_ms = excluded.finish_ms, reason = excluded.reason, keyed_by = excluded.keyed_by,"
                " updated_at = excluded.updated_at",
                row,
            )
            if action == "second.record" and old:
                action = "second.replace"
            journal_id = journal.append(
                self.db,
                self.identity,
                action,
                f"second stage {t.stage} #{t.number}",
                _strip(old),
                _strip(row),
                reason,
                change_id=change_id,
            )
            self._mark_applied(change_id, journal_id)

    def seconds(self, stage: int) -> list[dict[str, Any]]:
        cur = self.db.execute(
            "SELECT * FROM second_keyings WHERE stage = ? ORDER BY number", [stage]
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def keyed_by(self, stage: int) -> dict[int, str]:
        """Who keyed each result of the stage: the official named in its latest journal row, else
        the computer's user who wrote it (an event without officials)."""
        return {
            n: by
            for n, by in self.db.execute(
                "SELECT t.number, COALESCE((SELECT j.official FROM journal j WHERE j.stage = t.stage"
                " AND j.number = t.number AND j.action LIKE 'time.%' ORDER BY j.id DESC LIMIT 1),"
                " t.updated_by) FROM stage_times t WHERE t.stage = ?",
                [stage],
            )
        }

    def delete_time(
        self,
        stage: int,
        number: int,
        reason: str | None = None,
        change_id: str | None = None,
        expected: Expected = NOT_GIVEN,
    ) -> dict[str, Any] | None:
        """Delete one result; returns the deleted row. ``expected`` and ``change_id`` as for
        :meth:`put_time` (nothing to delete is no conflict: the desk wanted no result)."""
        self._check_writable()
        with self._write():
            if done := self.applied_change(change_id):
                return done["old"]
            old = _one(
                self.db, "SELECT * FROM stage_times WHERE stage = ? AND number = ?", [stage, number]
            )
            if old is None:
                return None
            self._check_expected(old, expected, None)
            self._guard("time.delete", stage, number, reason)
            self.db.execute(
                "DELETE FROM stage_times WHERE stage = ? AND number = ?", [stage, number]
            )
            self._journal(
                "time.delete",
                f"stage {stage} #{number}",
                _strip(old),
                None,
                reason,
                stage=stage,
                number=number,
                change_id=change_id,
            )
        return old

    def add_adjustment(
        self, a: Adjustment, reason_for_journal: str | None = None, change_id: str | None = None
    ) -> int:
        """Add one adjustment; its id (the first time's id for a change id already applied)."""
        self._check_writable()
        row = {
            "stage": a.stage,
            "number": a.number,
            "amount_ms": a.amount_ms,
            "kind": a.kind,
            "applies_to": a.applies_to,
            "reason": a.reason,
            "article": a.article,
            "decided_by": a.decided_by or self.policy.official or self.identity.user,
            "decided_at": a.decided_at or journal.now_utc(),
            "decision": a.decision,
        }
        with self._write():
            if done := self.applied_change(change_id):
                return int(done["new"]["id"])
            self._guard("adjustment.add", a.stage, a.number, a.reason)
            cur = self.db.execute(
                "INSERT INTO adjustments (stage, number, amount_ms, kind, applies_to, reason, article,"
                " decided_by, decided_at, decision) VALUES (:stage, :number, :amount_ms, :kind, :applies_to,"
                " :reason, :article, :decided_by, :decided_at, :decision)",
                row,
            )
            new_id = cur.lastrowid
            row["id"] = new_id
            self._journal(
                "adjustment.add",
                f"adjustment {new_id} stage {a.stage} #{a.number}",
                None,
                row,
                reason_for_journal or a.reason,
                stage=a.stage,
                number=a.number,
                change_id=change_id,
            )
        return int(new_id)

    def revoke_adjustment(
        self, adjustment_id: int, reason: str, change_id: str | None = None
    ) -> None:
        self._check_writable()
        with self._write():
            if self.applied_change(change_id):
                return
            old = _one(self.db, "SELECT * FROM adjustments WHERE id = ?", [adjustment_id])
            if old is None:
                raise RallyDeskError(f"adjustment {adjustment_id} does not exist")
            if old["revoked_at"]:
                raise RallyDeskError(
                    f"adjustment {adjustment_id} was already revoked on {old['revoked_at']}"
                )
            self._guard("adjustment.revoke", old["stage"], old["number"], reason)
            at = journal.now_utc()
            self.db.execute(
                "UPDATE adjustments SET revoked_at = ?, revoked_reason = ? WHERE id = ?",
                [at, reason, adjustment_id],
            )
            new = dict(old, revoked_at=at, revoked_reason=reason)
            self._journal(
                "adjustment.revoke",
                f"adjustment {adjustment_id} stage {old['stage']} #{old['number']}",
                old,
                new,
                reason,
                stage=old["stage"],
                number=old["number"],
                change_id=change_id,
            )

    def edit_adjustment(
        self,
        adjustment_id: int,
        changes: dict[str, Any],
        reason: str | None,
        change_id: str | None = None,
    ) -> None:
        self._check_writable()
        allowed = {"amount_ms", "kind", "applies_to", "reason", "article", "stage"}
        bad = set(changes) - allowed
        if bad:
            raise RallyDeskError(f"cannot change {', '.join(sorted(bad))} of an adjustment")
        with self._write():
            if self.applied_change(change_id):
                return
            old = _one(self.db, "SELECT * FROM adjustments WHERE id = ?", [adjustment_id])
            if old is None:
                raise RallyDeskError(f"adjustment {adjustment_id} does not exist")
            self._guard(
                "adjustment.edit",
                min(old["stage"], changes.get("stage", old["stage"])),
                old["number"],
                reason,
            )
            self.db["adjustments"].update(adjustment_id, changes)
            new = dict(old, **changes)
            self._journal(
                "adjustment.edit",
                f"adjustment {adjustment_id} stage {new['stage']} #{new['number']}",
                old,
                new,
                reason,
                stage=new["stage"],
                number=new["number"],
                change_id=change_id,
            )

    # ------------------------------------------------------------------ officials (schema 5)

    def officials(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT name, role, pin_salt, pin_hash FROM officials ORDER BY name")
        return [
            dict(zip(("name", "role", "pin_salt", "pin_hash"), r, strict=True))
            for r in cur.fetchall()
        ]

    def put_official(self, name: str, role: str, pin_salt: str, pin_hash: str) -> None:
        row = {"name": name, "role": role, "pin_salt": pin_salt, "pin_hash": pin_hash}
        with self._write():
            old = _one(self.db, "SELECT * FROM officials WHERE name = ?", [name])
            self.db["officials"].upsert(row, pk="name")
            # the journal keeps the salted hash, never the PIN: replaying it rebuilds the table
            self._journal("official.put", f"official {name}", old, row)

    def remove_official(self, name: str) -> None:
        with self._write():
            old = _one(self.db, "SELECT * FROM officials WHERE name = ?", [name])
            if old is None:
                raise RallyDeskError(f"official {name!r} does not exist")
            self.db.execute("DELETE FROM officials WHERE name = ?", [name])
            self.db.execute("DELETE FROM pin_failures WHERE name = ?", [name])
            self._journal("official.remove", f"official {name}", old, None)

    def pin_failures(self, name: str) -> tuple[int, str | None]:
        r = self.db.execute(
            "SELECT failures, last_at FROM pin_failures WHERE name = ?", [name]
        ).fetchone()
        return (r[0], r[1]) if r else (0, None)

    def set_pin_failures(self, name: str, failures: int, at: str) -> None:
        """Count wrong PINs in a row (kept in the file: every command is a new process); 0 resets."""
        if self.readonly:
            return
        with self._write():
            old = _one(self.db, "SELECT * FROM pin_failures WHERE name = ?", [name])
            if failures:
                new: dict[str, Any] | None = {"name": name, "failures": failures, "last_at": at}
                self.db["pin_failures"].upsert(new, pk="name")
            else:
                new = None
                self.db.execute("DELETE FROM pin_failures WHERE name = ?", [name])
            self._journal(
                "official.pin",
                f"official {name}",
                old,
                new,
                "wrong PIN" if failures else "PIN accepted after wrong ones",
            )

    # ------------------------------------------------------------------ publications (schema 5)

    _PUBLICATION_COLS = (
        "id",
        "stage",
        "category",
        "version",
        "status",
        "published_at",
        "official",
        "document_no",
        "digest",
        "journal_id",
        "journal_hash",
        "reason",
        "protest_until",
    )

    def publications(
        self, stage: int | None = None, category: str | None = None
    ) -> list[dict[str, Any]]:
        """Every published version (without its document), oldest first."""
        sql = f"SELECT {', '.join(self._PUBLICATION_COLS)} FROM publications WHERE 1=1"
        params: list[Any] = []
        if stage is not None:
            sql += " AND stage = ?"
            params.append(stage)
        if category is not None:
            sql += " AND category = ?"
            params.append(category)
        cur = self.db.execute(sql + " ORDER BY id", params)
        return [dict(zip(self._PUBLICATION_COLS, r, strict=True)) for r in cur.fetchall()]

    def publication_document(self, publication_id: int) -> str:
        r = self.db.execute(
            "SELECT document FROM publications WHERE id = ?", [publication_id]
        ).fetchone()
        if r is None:
            raise RallyDeskError(f"publication {publication_id} does not exist")
        return str(r[0])

    def add_publication(self, row: dict[str, Any], document: str) -> int:
        """Freeze one version: the row and its document, journalled with the document's digest
        (not the document itself: verify recomputes the digest of what the table holds)."""
        self._check_writable()
        with self._write():
            self._guard(f"publication.{row['status']}", row["stage"], None, row.get("reason"))
            head = self.state_digest()
            row = dict(row, journal_id=head[0], journal_hash=head[1])
            row.setdefault("document_no", self.next_document_no(None))
            cur = self.db.execute(
                "INSERT INTO publications (stage, category, version, status, published_at, official, document_no,"
                " digest, journal_id, journal_hash, reason, protest_until, document) VALUES (:stage, :category,"
                " :version, :status, :published_at, :official, :document_no, :digest, :journal_id,"
                " :journal_hash, :reason, :protest_until, :document)",
                dict(row, document=document),
            )
            row["id"] = int(cur.lastrowid or 0)
            self._journal(
                "publication.add",
                f"publication {row['id']} stage {row['stage']} {row['category']} v{row['version']}",
                None,
                row,
                row.get("reason"),
                stage=row["stage"],
            )
        return row["id"]

    def next_document_no(self, prefix: str | None) -> str:
        """The event-wide sequence of published documents, after the event's optional prefix."""
        n = self.db.execute("SELECT count(*) FROM publications").fetchone()[0] + 1
        return f"{prefix or ''}{n:04d}"

    def journal_since(self, after_id: int, upto_id: int | None = None) -> list[dict[str, Any]]:
        """Journal rows after ``after_id`` (up to ``upto_id``): what changed since a version."""
        return journal.history(self.db, after_id=after_id, upto_id=upto_id)

    def time_changes_since(
        self, after_id: int
    ) -> tuple[int, list[tuple[int, int, StageTime | None]] | None]:
        """What another desk changed since journal row ``after_id``, read in one snapshot: (the
        journal head, the current result of every (stage, number) whose time was recorded,
        replaced or deleted since, None where there is none now). When anything but results
        changed since (a stage, an entry, a penalty…), the list is None: reload everything."""
        with self._reading():
            head = self.state_digest()[0]
            if head <= after_id:  # nothing new; a shorter journal is another event: reload
                return head, [] if head == after_id else None
            if head - after_id > CATCH_UP_ROWS:  # an import, a long time away: one load is cheaper
                return head, None
            keys: dict[tuple[int, int], None] = {}
            for action, stage, number in self.db.execute(
                "SELECT action, stage, number FROM journal WHERE id > ? AND id <= ? ORDER BY id",
                [after_id, head],
            ):
                if action not in TIME_ACTIONS or stage is None or number is None:
                    return head, None
                keys[(stage, number)] = None
            changed: list[tuple[int, int, StageTime | None]] = []
            for stage, number in keys:
                r = self.db.execute(
                    "SELECT stage, number, status, elapsed_ms, start_ms, finish_ms, nominal_ms,"
                    " reason FROM stage_times WHERE stage = ? AND number = ?",
                    [stage, number],
                ).fetchone()
                changed.append((stage, number, StageTime(*r) if r else None))
            return head, changed

    def journal_head_id(self) -> int:
        return self.state_digest()[0]

    # ------------------------------------------------------------------ checks

    def state_digest(self) -> tuple[int, str]:
        """(journal length, hash of the last journal row): names the exact state of the data."""
        return journal.head(self.db) or (0, journal.GENESIS)

    def desk_settings(self) -> dict[str, str]:
        return {k: v for k, v in self.db.execute("SELECT key, value FROM desk_settings")}

    def put_desk_setting(self, key: str, value: str | None) -> None:
        """Set one desk setting; the same value again writes nothing (no journal row for nothing)."""
        with self._write():
            old = self.desk_settings().get(key)
            if old == value:
                return
            self.db.execute(
                "INSERT INTO desk_settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            self._journal("desk.setting", f"desk {key}", old, value)

    def data_version(self) -> int:
        """SQLite's count of commits by other connections: a reader sees when the writer wrote.
        On a server every change adds a journal row: the journal's length says the same."""
        if self.on_server:
            return self.state_digest()[0]
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def writer(self) -> str | None:
        if self.on_server:  # no lock file: several desks may write
            return None
        from .lock import _read_holder, lock_path

        holder = _read_holder(lock_path(Path(os.path.realpath(self.path))))
        if not holder.get("host"):
            return None
        return f"{holder.get('user', '?')} on {holder.get('host', '?')} since {holder.get('since', '?')}"

    def recent_times(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest journal rows of keyed results, newest first."""
        cur = self.db.execute(
            "SELECT id, at, \"user\", action, target, old, new, reason FROM journal WHERE action LIKE 'time.%'"
            " ORDER BY id DESC LIMIT ?",
            [limit],
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def last_timed_stage(self) -> int | None:
        """The stage of the latest keyed result: where the desk left off."""
        row = self.db.execute(
            "SELECT stage, target FROM journal WHERE action LIKE 'time.%' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        if row[0] is not None:  # schema 5 keeps the stage as a column
            return int(row[0])
        parts = row[1].split()  # older rows: read it back out of the target
        return (
            int(parts[1])
            if len(parts) >= 2 and parts[0] == "stage" and parts[1].isdigit()
            else None
        )

    def journal_history(self, target_like: str | None = None) -> list[dict[str, Any]]:
        return journal.history(self.db, target_like)


def _insert_event(db: Database, settings: Settings, identity: DeskIdentity) -> None:
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
        db["event"].insert(row)
        journal.append(
            db, identity, "event.create", "event", None, dict(_settings_json(settings), uid=uid)
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


def explain_write_error(path: Path, exc: sqlite3.DatabaseError) -> str:
    text = str(exc).lower()
    if "full" in text:
        why = "the disk is full"
    elif "readonly" in text or "read-only" in text:
        why = "the medium or file is read-only"
    elif "i/o" in text:
        why = "a disk input/output error (was the USB stick removed?)"
    elif "locked" in text or "busy" in text:
        why = "another program holds the file"
    else:
        why = str(exc)
    return f"{path}: could not save: {why}; the change was NOT recorded, key it again once this is fixed"


def _same_result(a: StageTime | None, b: StageTime | None) -> bool:
    """The same result (the reason, a note, aside): two desks that keyed it agree."""
    if a is None or b is None:
        return a is b
    return dataclasses.replace(a, reason=None) == dataclasses.replace(b, reason=None)


def _one(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    return next(iter(db.query(sql, params)), None)


def _strip(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stage_times row as the journal keeps it (without bookkeeping columns)."""
    if row is None:
        return None
    return {k: v for k, v in row.items() if k not in ("updated_at", "updated_by")}


def _settings_json(s: Settings) -> dict[str, Any]:
    return {
        "name": s.name,
        "tie_break": s.tie_break,
        "time_style": s.time_style,
        "language": s.language,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "timezone": s.timezone,
        "document_prefix": s.document_prefix,
        "protest_minutes": s.protest_minutes,
    }


def _stage_row(s: Stage) -> dict[str, Any]:
    return {
        "number": s.number,
        "name": s.name,
        "date": s.date,
        "kind": s.kind,
        "special_km": s.special_km,
        "liaison_km": s.liaison_km,
        "counts": int(s.counts),
        "precision_ms": s.precision_ms,
        "cancelled_for": ";".join(sorted(s.cancelled_for)),
        "nominal_rule": s.nominal.kind,
        "nominal_ms": s.nominal.amount_ms,
    }


def _entry_json(e: Entry) -> dict[str, Any]:
    return {
        "number": e.number,
        "class": e.class_code,
        "team": e.team,
        "vehicle": e.vehicle,
        "crew": [{"role": m.role, "name": m.name, "nationality": m.nationality} for m in e.crew],
        "cups": sorted(e.cups),
    }


def _time_row(t: StageTime) -> dict[str, Any]:
    return {
        "stage": t.stage,
        "number": t.number,
        "status": t.status,
        "start_ms": t.start_ms,
        "finish_ms": t.finish_ms,
        "elapsed_ms": t.elapsed_ms,
        "nominal_ms": t.nominal_ms,
        "reason": t.reason,
    }
