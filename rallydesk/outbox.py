"""A desk's outbox: the changes it made while its store (a server) could not be reached.

One small SQLite file per store and desk in the user's data folder, apart from the event itself
(the event may be on a server the desk has lost). The outbox is bound to the store it was kept
for (:meth:`EventStore.outbox_key`: the server's address, the database and the event's id; a
file has none, it is never unreachable): its name is derived from that key, the key is written
inside it, and an outbox whose key is another store's is never replayed. A copy of the event
(``pull``, ``push``, ``cp``) has the same event id and is another store all the same. A desk
renamed finds the outbox its old name kept for the same store (one not in use by a running desk). Each change is kept in order with its operation,
arguments, change id, the value the desk saw, desk, official and time, committed with
``synchronous=FULL`` before the desk is told it is kept. Replaying it is the services' work; here
is only its keeping. A change the server refused on replay (a conflict) moves to ``conflicts``,
in the same transaction, for the results manager to settle.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from .paths import data_dir, private_folder
from .store.errors import StoreError
from .store.files import fsync_folder, open_desk_file
from .store.journal import now_utc


class OutboxError(StoreError):
    """The desk's outbox cannot be read or written (damaged, a full disk): said, never ignored."""


class OutboxMismatch(OutboxError):
    """The outbox was kept for another store (its key differs): never replayed here."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    op TEXT NOT NULL,
    args TEXT NOT NULL,
    expected TEXT,
    desk TEXT,
    official TEXT,
    role TEXT,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL,
    op TEXT NOT NULL,
    args TEXT NOT NULL,
    stage INTEGER,
    number INTEGER,
    mine TEXT,
    theirs TEXT,
    expected TEXT,
    my_desk TEXT,
    my_official TEXT,
    their_desk TEXT,
    their_official TEXT,
    keyed_at TEXT NOT NULL,
    found_at TEXT NOT NULL,
    message TEXT NOT NULL,
    settled_at TEXT,
    settled_choice TEXT,
    settled_reason TEXT,
    settled_by TEXT
);
CREATE TABLE IF NOT EXISTS adjustment_ids (
    provisional INTEGER PRIMARY KEY,
    real INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS bound (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    store TEXT NOT NULL
);
"""

_PENDING = ("seq", "change_id", "op", "args", "expected", "desk", "official", "role", "at")
_CONFLICT = (
    "id",
    "change_id",
    "op",
    "args",
    "stage",
    "number",
    "mine",
    "theirs",
    "expected",
    "my_desk",
    "my_official",
    "their_desk",
    "their_official",
    "keyed_at",
    "found_at",
    "message",
    "settled_at",
    "settled_choice",
    "settled_reason",
    "settled_by",
)
_JSON = ("args", "mine", "theirs", "expected")


def outbox_folder() -> Path:
    """The user's outboxes: private to the user (0700), as what they hold is the event's."""
    folder = data_dir() / "outbox"
    private_folder(folder)
    return folder


def _safe(desk: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", desk)[:60] or "desk"


def store_tag(store_key: str) -> str:
    """The part of an outbox's name that stands for its store (a digest: a key holds a server's
    address, which has no place in a file name)."""
    return hashlib.sha256(store_key.encode("utf-8")).hexdigest()[:32]


def outbox_path(store_key: str, desk: str) -> Path:
    """Where a desk keeps its outbox of one store: named by the store's key (never a file's name,
    nor the event's id alone, which copies of the event share) and by the desk (two desks of
    one computer keep apart)."""
    return outbox_folder() / f"{store_tag(store_key)}-{_safe(desk)}.sqlite"


def legacy_outbox_path(event_uid: str, desk: str) -> Path:
    """Where RallyDesk before issue 21 kept an outbox (by event id and desk only)."""
    return data_dir() / "outbox" / f"{event_uid}-{_safe(desk)}.sqlite"


class Outbox:
    """The pending changes of one desk on one store, opened only once there is something to
    keep. ``store_key`` is the store it is bound to (checked, and written in, on first use)."""

    def __init__(self, path: Path, store_key: str | None = None) -> None:
        self.path = path
        self.store_key = store_key
        self._conn: sqlite3.Connection | None = None
        self._count: int | None = None
        self._lock_fd: int | None = None

    # ------------------------------------------------------------------ the file

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = open_desk_file(self.path, _SCHEMA, self._bind)
            except (sqlite3.Error, OSError) as exc:
                raise OutboxError(
                    f"{self.path}: this desk's outbox cannot be used ({exc})"
                ) from None
        return self._conn

    def _bind(self, conn: sqlite3.Connection) -> None:
        """Write the store's key in a new outbox; refuse one kept for another store."""
        if self.store_key is None:
            return
        row = conn.execute("SELECT store FROM bound WHERE id = 1").fetchone()
        if row is None:
            conn.execute("INSERT INTO bound (id, store) VALUES (1, ?)", [self.store_key])
        elif row[0] != self.store_key:
            raise OutboxMismatch(
                f"{self.path}: this outbox was kept for another store, not for this event;"
                " its changes are not sent here"
            )

    def bound_to(self) -> str | None:
        """The store this outbox was kept for (None: an outbox from before issue 21)."""
        if self._conn is None and not self.path.exists():
            return self.store_key
        row = self._db().execute("SELECT store FROM bound WHERE id = 1").fetchone()
        return None if row is None else str(row[0])

    # ------------------------------------------------------------------ one desk at a time

    def claim(self) -> bool:
        """Hold this outbox for this process (an OS lock the kernel drops when the process
        dies): False when a running desk holds it. A desk renamed adopts only an outbox that
        no running desk holds."""
        if self._lock_fd is not None:
            return True
        from .store.lock import _lock

        lock = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True  # no lock file possible (a read-only folder): nothing to adopt either
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    def release(self) -> None:
        if self._lock_fd is not None:
            from .store.lock import _unlock

            try:
                _unlock(self._lock_fd)
            finally:
                os.close(self._lock_fd)
                self._lock_fd = None

    def adopt(self, other: Outbox) -> int:
        """Take over ``other``'s changes (the same store's outbox under this desk's old name),
        in one transaction, then remove it; the number of changes taken. Only when this outbox
        waits for nothing itself (so the order in which they were made stays the order sent)."""
        if other.count() == 0 and not other.conflicts():
            return 0
        if self.count():
            return 0
        other.close_db()  # (its lock stays held until it is gone)
        db = self._db()
        try:
            db.execute("ATTACH DATABASE ? AS old", [str(other.path)])
            try:
                cols = [c for c in _PENDING if c != "seq"]
                ccols = [c for c in _CONFLICT if c != "id"]
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.execute(
                        f"INSERT OR IGNORE INTO pending ({', '.join(cols)})"
                        f" SELECT {', '.join(cols)} FROM old.pending ORDER BY seq"
                    )
                    db.execute(
                        f"INSERT INTO conflicts ({', '.join(ccols)})"
                        f" SELECT {', '.join(ccols)} FROM old.conflicts o WHERE NOT EXISTS"
                        " (SELECT 1 FROM conflicts c WHERE c.change_id = o.change_id"
                        " AND c.found_at = o.found_at) ORDER BY id"
                    )
                    db.execute(
                        "INSERT OR IGNORE INTO adjustment_ids SELECT * FROM old.adjustment_ids"
                    )
                    taken = int(db.execute("SELECT count(*) FROM old.pending").fetchone()[0])
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            finally:
                db.execute("DETACH DATABASE old")
        except sqlite3.Error as exc:
            raise OutboxError(
                f"{other.path}: the outbox this desk kept under another name cannot be taken over"
                f" ({exc}); it is left as it is"
            ) from None
        finally:
            self._count = None
        other.release()
        other.path.unlink()  # (a crash before this: taken again, each change once by its id)
        fsync_folder(self.path.parent)
        return taken

    def set_aside(self) -> Path:
        """Keep a damaged outbox under another name (never deleted: it may hold offline work)."""
        self.close()
        kept = self.path.with_name(f"{self.path.name}.damaged-{now_utc().replace(':', '')}")
        os.replace(self.path, kept)
        self._count = None
        return kept

    def close(self) -> None:
        self.close_db()
        self.release()

    def close_db(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _atomic(self, statements: list[tuple[str, list[Any]]]) -> None:
        """Several statements, all or none; COMMIT returns once they are on disk (synchronous=FULL)."""
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in statements:
                    db.execute(sql, params)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise OutboxError(
                f"{self.path}: this desk's outbox could not be written ({exc}); the change was NOT"
                " kept"
            ) from None
        finally:
            self._count = None

    # ------------------------------------------------------------------ pending changes

    def count(self) -> int:
        """How many changes wait for the server (0 without opening a file that does not exist)."""
        if self._count is None:
            if self._conn is None and not self.path.exists():
                if self._lock_fd is not None:  # held here: only this desk can make the file
                    self._count = 0  # (every write of it forgets the count: not looked again)
                return 0
            try:
                row = self._db().execute("SELECT count(*) FROM pending").fetchone()
            except sqlite3.Error as exc:
                raise OutboxError(
                    f"{self.path}: this desk's outbox cannot be read ({exc})"
                ) from None
            self._count = int(row[0])
        return self._count

    def append(
        self,
        op: str,
        args: dict[str, Any],
        change_id: str,
        expected: dict[str, Any] | None,
        desk: str,
        official: str | None,
        role: str | None,
    ) -> int:
        """Keep one change at the end; returns its place once it is durably on disk."""
        self._atomic(
            [
                (
                    "INSERT INTO pending (change_id, op, args, expected, desk, official, role, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        change_id,
                        op,
                        _dumps(args),
                        _dumps(expected),
                        desk,
                        official,
                        role,
                        now_utc(),
                    ],
                )
            ]
        )
        return int(self._db().execute("SELECT max(seq) FROM pending").fetchone()[0])

    def pending(self) -> list[dict[str, Any]]:
        """The changes still to send, oldest first."""
        if self.count() == 0:
            return []
        rows = self._db().execute(f"SELECT {', '.join(_PENDING)} FROM pending ORDER BY seq")
        return [_loads(dict(zip(_PENDING, r, strict=True))) for r in rows]

    def done(self, seq: int, adjustment: tuple[int, int] | None = None) -> None:
        """The server has it: forget it (and remember the real id of an adjustment added offline)."""
        statements: list[tuple[str, list[Any]]] = [("DELETE FROM pending WHERE seq = ?", [seq])]
        if adjustment is not None:
            statements.append(
                (
                    "INSERT OR REPLACE INTO adjustment_ids (provisional, real) VALUES (?, ?)",
                    list(adjustment),
                )
            )
        self._atomic(statements)

    def real_adjustment_id(self, adjustment_id: int) -> int:
        """The server's id of an adjustment this desk added offline (its provisional id is < 0)."""
        if adjustment_id >= 0 or (self._conn is None and not self.path.exists()):
            return adjustment_id
        row = (
            self._db()
            .execute("SELECT real FROM adjustment_ids WHERE provisional = ?", [adjustment_id])
            .fetchone()
        )
        return int(row[0]) if row else adjustment_id

    def next_provisional_id(self) -> int:
        """A negative id for an adjustment added offline: minus the place its change will take
        (AUTOINCREMENT never gives a place twice, so neither is an id given twice on this desk)."""
        row = (
            self._db().execute("SELECT seq FROM sqlite_sequence WHERE name = 'pending'").fetchone()
        )
        return -((int(row[0]) if row else 0) + 1)

    # ------------------------------------------------------------------ conflicts

    def to_conflict(self, seq: int, record: dict[str, Any]) -> int:
        """Move one pending change to the conflicts, in one transaction: never lost, never twice."""
        row = {k: record.get(k) for k in _CONFLICT if k != "id"}
        row["found_at"] = now_utc()
        for key in _JSON:
            row[key] = _dumps(row[key])
        cols = list(row)
        self._atomic(
            [
                ("DELETE FROM pending WHERE seq = ?", [seq]),
                (
                    f"INSERT INTO conflicts ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                    [row[c] for c in cols],
                ),
            ]
        )
        return int(self._db().execute("SELECT max(id) FROM conflicts").fetchone()[0])

    def conflicts(self, include_settled: bool = False) -> list[dict[str, Any]]:
        if self._conn is None and not self.path.exists():
            return []
        sql = f"SELECT {', '.join(_CONFLICT)} FROM conflicts" + (
            "" if include_settled else " WHERE settled_at IS NULL"
        )
        rows = self._db().execute(sql + " ORDER BY id")
        return [_loads(dict(zip(_CONFLICT, r, strict=True))) for r in rows]

    def settle(self, conflict_id: int, choice: str, reason: str, by: str | None) -> None:
        """Mark a conflict settled (kept, with the choice and the reason, for the record)."""
        self._atomic(
            [
                (
                    "UPDATE conflicts SET settled_at = ?, settled_choice = ?, settled_reason = ?,"
                    " settled_by = ? WHERE id = ?",
                    [now_utc(), choice, reason, by, conflict_id],
                )
            ]
        )


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _loads(row: dict[str, Any]) -> dict[str, Any]:
    for key in _JSON:
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row
