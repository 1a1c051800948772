"""A desk's replica of a server event: the last snapshot it showed, kept on this computer so the
desk opens, shows and keys the event while the server is away (issue 23).

One small SQLite file per server event and desk in the user's data folder (``replica/``, private
to the user), next to the outbox and named the same way: by the event's place on the server (its
address and database: known before the server answers) and the desk. Inside, the store it was
kept for (the outbox's key: address, database *and* the event's id) is written, and a replica
whose key is not the one asked for is never read. What it holds is written by the services in
one transaction with ``synchronous=FULL`` (durable once ``write`` returns; a crash keeps the old
snapshot or the new one, never half of one). The values are pickled Python objects of this
RallyDesk (the snapshot's frozen dataclasses): the file is private to the user and read only by
the same program, and one that does not unpickle (another version wrote it) is treated as no
replica, said so, never half read.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sqlite3
from pathlib import Path
from typing import Any

from ..paths import data_dir, private_folder
from .errors import StoreError
from .files import open_desk_file
from .journal import now_utc
from .location import ServerAddress

#: What a replica's values are pickled as: a file of another format is no replica.
FORMAT = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bound (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    store TEXT NOT NULL,
    format INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS kept (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    written_at TEXT NOT NULL
);
"""


class ReplicaError(StoreError):
    """The replica cannot be written (a full disk): said, the desk works on without it."""


def place_key(address: ServerAddress) -> str:
    """The server event's place (no login, no password): what names its replica file, known
    before the server answers (the event's id, in the full key, is read from the server)."""
    return f"postgresql://{address.host.lower()}:{address.port}/{address.dbname}"


def replica_path(address: ServerAddress, desk: str) -> Path:
    """Where this desk keeps its replica of the event at ``address``."""
    folder = private_folder(data_dir() / "replica")
    tag = hashlib.sha256(place_key(address).encode("utf-8")).hexdigest()[:32]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", desk)[:60] or "desk"
    return folder / f"{tag}-{safe}.sqlite"


class Replica:
    """The replica of one server event kept by one desk (opened on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = open_desk_file(self.path, _SCHEMA)
            except (sqlite3.Error, OSError) as exc:
                raise ReplicaError(
                    f"{self.path}: this desk's replica cannot be used ({exc})"
                ) from None
        return self._conn

    def bound_to(self) -> str | None:
        """The store (outbox key) this replica was kept for; None: nothing kept (or unreadable)."""
        if not self.exists():
            return None
        try:
            row = self._db().execute("SELECT store, format FROM bound WHERE id = 1").fetchone()
        except (sqlite3.Error, ReplicaError):
            return None
        return str(row[0]) if row and row[1] == FORMAT else None

    def write(self, store_key: str, values: dict[str, Any]) -> None:
        """Keep ``values`` (name → object) for the store ``store_key``, all or none, durably;
        a replica kept for another store (the server now holds another event) is replaced."""
        try:
            blobs = [
                (name, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                for name, v in values.items()
            ]
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            raise ReplicaError(f"{self.path}: the snapshot cannot be kept ({exc})") from None
        db = self._db()
        at = now_utc()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT store, format FROM bound WHERE id = 1").fetchone()
                if row is None or tuple(row) != (store_key, FORMAT):
                    db.execute("DELETE FROM kept")
                    db.execute(
                        "INSERT OR REPLACE INTO bound (id, store, format) VALUES (1, ?, ?)",
                        [store_key, FORMAT],
                    )
                db.executemany(
                    "INSERT OR REPLACE INTO kept (name, value, written_at) VALUES (?, ?, ?)",
                    [(name, blob, at) for name, blob in blobs],
                )
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise ReplicaError(f"{self.path}: the snapshot could not be kept ({exc})") from None

    def read(self, store_key: str | None = None) -> dict[str, Any] | None:
        """What was kept (name → object), or None: no replica, one kept for another store than
        ``store_key`` (when given), or one that cannot be read whole."""
        bound = self.bound_to()
        if bound is None or (store_key is not None and bound != store_key):
            return None
        try:
            rows = self._db().execute("SELECT name, value FROM kept").fetchall()
            values = {str(name): pickle.loads(blob) for name, blob in rows}
        except Exception:  # (any unpickling failure: another version's objects) no replica
            return None
        values["bound"] = bound
        return values

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
