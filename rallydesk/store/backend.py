"""The one interface the store writes against, and what its two backends share.

The event store, the journal and verify speak to a :class:`Backend`: a file (``filedb.py``,
sqlite-utils' ``Database``) or a database on a PostgreSQL server (``pg.py``, psycopg). Their SQL
is written once, with numbered placeholders ``$1, $2…``: SQLite reads them as named parameters
(bound as ``{"1": …, "2": …}``), PostgreSQL natively (psycopg's raw queries, server-side
binding), so no statement is ever rewritten and a literal ``%`` (``LIKE 'time.%'``) is just a
``%``. What differs between a file and a server is a hook of its own, never a flag tested in the
store: the event's write lock (:meth:`Backend.lock_event`, nothing to do in a file: it has one
writer), the announcement of a journal row to the other desks (:meth:`Backend.announce`), a
consistent snapshot for several reads, what "another writer committed" means, the tables'
catalogue, the schema steps, how a lost connection is dialled again and how the event is opened
once more by a reader of its own (:meth:`Backend.opener`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from .location import EventLocation
from .policy import DeskIdentity

Params = Sequence[Any]


class Rows:
    """What a statement answered, read whole: its column names and rows."""

    def __init__(self, columns: list[str], rows: list[tuple[Any, ...]], rowcount: int = -1) -> None:
        self.columns = columns
        self.rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def scalar(self) -> Any:
        """The first column of the first row (a count, an id)."""
        row = self.fetchone()
        if row is None:
            raise LookupError("the statement returned no row")
        return row[0]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


class Listening(Protocol):
    """The keeper of a connection that hears other desks' commits (``listen.py``)."""

    @property
    def listening(self) -> bool: ...

    def stop(self) -> None: ...


class Backend(Protocol):
    """An open event's database, file or server."""

    location: EventLocation
    readonly: bool
    #: Said once to whoever opened the event (a network file system, hard links…).
    warnings: list[str]

    # -- statements (SQL with $1, $2… placeholders)
    def execute(self, sql: str, params: Params = ()) -> Rows: ...
    def executescript(self, sql: str) -> None: ...
    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]: ...
    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None: ...
    def insert(self, table: str, row: Mapping[str, Any], returning: str | None = None) -> Any: ...
    def upsert(self, table: str, row: Mapping[str, Any], key: Sequence[str]) -> None: ...
    def update(self, table: str, key: Mapping[str, Any], changes: Mapping[str, Any]) -> None: ...
    def table_columns(self, table: str) -> list[str]: ...
    def table_names(self) -> list[str]: ...

    # -- transactions
    def atomic(self) -> AbstractContextManager[None]: ...
    def snapshot(self) -> AbstractContextManager[None]: ...
    @property
    def in_transaction(self) -> bool: ...

    # -- what a file and a server do differently
    def lock_event(self) -> None: ...
    def announce(self, journal_id: int) -> None: ...
    def data_version(self) -> int: ...
    def writer(self) -> str | None: ...
    def applied_steps(self) -> list[str]: ...
    def reconnect(self) -> None: ...
    def listen(self, on_notice: Callable[[int | None], None]) -> Listening | None: ...
    def opener(self, readonly: bool, identity: DeskIdentity) -> Callable[[], Backend]: ...
    def close(self) -> None: ...


def quote(name: str) -> str:
    """An identifier as SQL (both dialects): ``"user"`` is a reserved word in PostgreSQL."""
    return '"' + name.replace('"', '""') + '"'


def placeholders(count: int, start: int = 1) -> str:
    return ", ".join(f"${i}" for i in range(start, start + count))


@functools.lru_cache(maxsize=256)
def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    """The text of an insert (made once per table and columns: the same text each write, which
    the database's statement cache then finds)."""
    return (
        f"INSERT INTO {quote(table)} ({', '.join(map(quote, cols))})"
        f" VALUES ({placeholders(len(cols))})"
    )


@functools.lru_cache(maxsize=256)
def _upsert_sql(table: str, cols: tuple[str, ...], key: tuple[str, ...]) -> str:
    rest = [c for c in cols if c not in key]
    action = (
        "DO UPDATE SET " + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in rest)
        if rest
        else "DO NOTHING"
    )
    return f"{_insert_sql(table, cols)} ON CONFLICT ({', '.join(map(quote, key))}) {action}"


class Statements:
    """The statements both backends build the same way on their own :meth:`execute`."""

    def execute(self, sql: str, params: Params = ()) -> Rows:
        raise NotImplementedError

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return self.execute(sql, params).dicts()

    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        found = self.query(sql, params)
        return found[0] if found else None

    def insert(self, table: str, row: Mapping[str, Any], returning: str | None = None) -> Any:
        """Insert one row; with ``returning``, that column of the new row (an id the database
        drew: ``RETURNING`` is SQLite's since 3.35 and PostgreSQL's)."""
        cols = list(row)
        sql = _insert_sql(table, tuple(cols))
        if returning is None:
            self.execute(sql, [row[c] for c in cols])
            return None
        return self.execute(f"{sql} RETURNING {quote(returning)}", [row[c] for c in cols]).scalar()

    def upsert(self, table: str, row: Mapping[str, Any], key: Sequence[str]) -> None:
        """Insert, or replace the other columns of the row with the same ``key``."""
        cols = list(row)
        self.execute(_upsert_sql(table, tuple(cols), tuple(key)), [row[c] for c in cols])

    def update(self, table: str, key: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
        sets = [f"{quote(c)} = ${i}" for i, c in enumerate(changes, 1)]
        where = [f"{quote(c)} = ${i}" for i, c in enumerate(key, len(changes) + 1)]
        self.execute(
            f"UPDATE {quote(table)} SET {', '.join(sets)} WHERE {' AND '.join(where)}",
            [*changes.values(), *key.values()],
        )
