"""A desk's outbox: the changes it made while its store (a server) could not be reached.

One small SQLite file per event and desk in the user's data folder, apart from the event itself
(the event may be on a server the desk has lost). Each change is kept in order with its operation,
arguments, change id, the value the desk saw, desk, official and time, committed with
``synchronous=FULL`` before the desk is told it is kept. Replaying it is the services' work; here
is only its keeping. A change the server refused on replay (a conflict) moves to ``conflicts``,
in the same transaction, for the results manager to settle.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from .paths import data_dir
from .store.errors import StoreError
from .store.files import fsync_folder
from .store.journal import now_utc


class OutboxError(StoreError):
    """The desk's outbox cannot be read or written (damaged, a full disk): said, never ignored."""


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


def outbox_path(event_uid: str, desk: str) -> Path:
    """Where a desk keeps its outbox of one event: named by the event's id (never its file name,
    which another event may share) and by the desk (two desks of one computer keep apart)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", desk)[:60] or "desk"
    return data_dir() / "outbox" / f"{event_uid}-{safe}.sqlite"


class Outbox:
    """The pending changes of one desk on one event, opened only once there is something to keep."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._count: int | None = None

    # ------------------------------------------------------------------ the file

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            fresh = not self.path.exists()
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, isolation_level=None)
                try:
                    conn.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
                    conn.execute("PRAGMA synchronous = FULL")
                    conn.execute("PRAGMA busy_timeout = 5000")
                    conn.executescript(_SCHEMA)
                except BaseException:
                    conn.close()
                    raise
                if fresh:
                    fsync_folder(self.path.parent)  # the new file's name is durable too
            except (sqlite3.Error, OSError) as exc:
                raise OutboxError(
                    f"{self.path}: this desk's outbox cannot be used ({exc})"
                ) from None
            self._conn = conn
        return self._conn

    def set_aside(self) -> Path:
        """Keep a damaged outbox under another name (never deleted: it may hold offline work)."""
        self.close()
        kept = self.path.with_name(f"{self.path.name}.damaged-{now_utc().replace(':', '')}")
        os.replace(self.path, kept)
        self._count = None
        return kept

    def close(self) -> None:
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
