"""The append-only journal: every change, who made it, when, from which desk, and why.

Each row carries the hash of the row before it and of its own content, so a row altered, added
or removed by another tool breaks the chain and ``verify`` finds the first such row.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .backend import Backend
from .policy import DeskIdentity

GENESIS = "0" * 64
_HASHED = ("id", "at", "user", "desk", "action", "target", "old", "new", "reason", "prev_hash")
#: Columns of schema 5 (stage, number, acting official). They join the hashed payload only when one
#: of them is set, so rows written before them still verify, and setting or clearing one breaks the row.
_EXTRA = ("stage", "number", "official")
#: Schema 7: the id of the desk's change (made by the services) that wrote the row. It joins the
#: hashed payload only when set, so every row written before it still verifies.
_CHANGE = ("change_id",)
ALL_HASHED = (*_HASHED, *_EXTRA, *_CHANGE)


def _sql(columns: list[str] | tuple[str, ...]) -> str:
    """A column list for SQL: ``user`` quoted (a reserved word in PostgreSQL; SQLite takes both)."""
    return ", ".join('"user"' if c == "user" else c for c in columns)


#: The last second ``now_utc`` formatted, and its text: every keyed time asks for the time, and
#: the date and the time of day change once a second (a tuple: replaced whole, never torn).
_SECOND: tuple[int, str] = (-1, "")


def now_utc() -> str:
    """Now, UTC, to the millisecond (cut, not rounded): ``2026-12-04T22:40:07.123Z``."""
    global _SECOND
    second, ms = divmod(time.time_ns() // 1_000_000, 1000)
    if _SECOND[0] != second:
        _SECOND = (second, datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    return f"{_SECOND[1]}.{ms:03d}Z"


#: The encoders of the stored texts, made once: ``json.dumps`` with options builds a new encoder
#: on every call (a few µs of each journal row; the texts are the same, byte for byte).
_VALUE_TEXT = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
_PAYLOAD_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str | None:
    return None if value is None else _VALUE_TEXT.encode(value)


def _hashed_keys(row: dict[str, Any]) -> tuple[str, ...]:
    if row.get("change_id") is not None:
        return ALL_HASHED
    if any(row.get(k) is not None for k in _EXTRA):
        return (*_HASHED, *_EXTRA)
    return _HASHED


def _payload(values: list[Any]) -> str:
    return _PAYLOAD_TEXT.encode(values)


def row_hash(row: dict[str, Any]) -> str:
    payload = _payload([row.get(k) for k in _hashed_keys(row)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def payload_around_head(row: dict[str, Any]) -> tuple[str, str]:
    """The hashed payload of ``row`` (``row_hash``) but its ``id`` and ``prev_hash``, which only
    the server knows under the event's lock: the text between them and the text after them, so
    that ``[id,BEFORE,"prev_hash",AFTER]`` (``AFTER`` and its comma left out when empty) is the
    payload ``row_hash`` hashes (``pg_write``'s function joins them)."""
    keys = _hashed_keys(row)
    cut = keys.index("prev_hash")
    before = _payload([row.get(k) for k in keys[1:cut]])[1:-1]
    after = _payload([row.get(k) for k in keys[cut + 1 :]])[1:-1]
    return before, after


def head(db: Backend | sqlite3.Connection) -> tuple[int, str] | None:
    """(row number, hash) of the journal's last row: the state a backup, sheet or anchor names."""
    row = db.execute("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None


def append(
    db: Backend,
    identity: DeskIdentity,
    action: str,
    target: str,
    old: Any,
    new: Any,
    reason: str | None = None,
    user: str | None = None,
    stage: int | None = None,
    number: int | None = None,
    official: str | None = None,
    change_id: str | None = None,
) -> int:
    """Write one journal row; call inside the same ``atomic()`` as the change it records.

    ``stage``, ``number`` and ``official`` need schema 5, ``change_id`` schema 7 (earlier steps
    never pass them). The head is read under the event's write lock (``lock_event``: on a
    server ``atomic`` took it already, taking it again is free; a file has one writer): two
    desks never append after the same head. The row is then announced (``announce``: on a
    server to the desks listening, delivered at COMMIT)."""
    db.lock_event()
    last = head(db)
    row = new_row(
        identity, action, target, old, new, reason, user, stage, number, official, change_id
    )
    cols = place(row, last)
    db.insert("journal", {c: row[c] for c in cols})
    db.announce(row["id"])
    return int(row["id"])


def place(row: dict[str, Any], last: tuple[int, str] | None) -> tuple[str, ...]:
    """Put a new row (``new_row``) after the journal's ``last`` (``head``): its id, the previous
    row's hash and its own; returns the columns the row is inserted with."""
    row["id"] = (last[0] + 1) if last else 1
    row["prev_hash"] = last[1] if last else GENESIS
    row["hash"] = row_hash(row)
    return (*_HASHED, "hash", *(k for k in (*_EXTRA, *_CHANGE) if row[k] is not None))


def new_row(
    identity: DeskIdentity,
    action: str,
    target: str,
    old: Any,
    new: Any,
    reason: str | None = None,
    user: str | None = None,
    stage: int | None = None,
    number: int | None = None,
    official: str | None = None,
    change_id: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    """A journal row before its place in the chain (``id``, ``prev_hash``, ``hash``) is known;
    ``at``: when (default now; a keyed time's row says the time its result row was stamped)."""
    return {
        "id": None,
        "at": at or now_utc(),
        "user": user or identity.user,
        "desk": identity.desk,
        "action": action,
        "target": target,
        "old": dumps(old),
        "new": dumps(new),
        "reason": reason,
        "prev_hash": None,
        "stage": stage,
        "number": number,
        "official": official,
        "change_id": change_id,
    }


@dataclass(frozen=True)
class ChainProblem:
    journal_id: int
    message: str


def check_chain(db: Backend) -> list[ChainProblem]:
    """Recompute the hash chain; report the first row that does not belong where it stands."""
    prev = GENESIS
    expected_id = 1
    names = [*_HASHED, "hash", *_extra_columns(db)]
    for values in db.execute(f"SELECT {_sql(names)} FROM journal ORDER BY id"):
        row = dict(zip(names, values, strict=True))
        if row["id"] != expected_id:
            return [
                ChainProblem(
                    row["id"], f"journal row {expected_id} is missing (next is {row['id']})"
                )
            ]
        if row["prev_hash"] != prev:
            return [
                ChainProblem(
                    row["id"],
                    f"journal row {row['id']} does not follow row {row['id'] - 1}: a row was removed, added or altered",
                )
            ]
        if row_hash(row) != row["hash"]:
            return [
                ChainProblem(
                    row["id"],
                    f"journal row {row['id']} ({row['action']} {row['target']}) was altered after it was written",
                )
            ]
        prev = row["hash"]
        expected_id += 1
    return []


def columns(db: Backend) -> set[str]:
    """The journal's columns, in a file or on a server (they grew with schemas 5 and 7)."""
    return set(db.table_columns("journal"))


def _extra_columns(db: Backend) -> tuple[str, ...]:
    """The hashed columns after the first schema's that this journal has (file or server)."""
    present = columns(db)
    return tuple(c for c in (*_EXTRA, *_CHANGE) if c in present)


def history(
    db: Backend, target_like: str | None = None, after_id: int = 0, upto_id: int | None = None
) -> list[dict[str, Any]]:
    extra = "".join(f", {c}" for c in _extra_columns(db))
    sql = f'SELECT id, at, "user", desk, action, target, old, new, reason{extra} FROM journal WHERE id > $1'
    params: list[Any] = [after_id]
    if upto_id is not None:
        params.append(upto_id)
        sql += f" AND id <= ${len(params)}"
    if target_like:
        params.append(target_like)
        sql += f" AND target LIKE ${len(params)}"
    sql += " ORDER BY id"
    return db.query(sql, params)


def history_of_change(db: Backend, change_id: str) -> list[dict[str, Any]]:
    """The journal row that applied a desk's change (schema 7), its old and new values read back."""
    rows = db.query(
        "SELECT j.id, j.action, j.old, j.new FROM applied_changes a"
        " JOIN journal j ON j.id = a.journal_id WHERE a.change_id = $1",
        [change_id],
    )
    for r in rows:
        r["old"] = json.loads(r["old"]) if r["old"] else None
        r["new"] = json.loads(r["new"]) if r["new"] else None
    return rows
