"""An event on a PostgreSQL server: one database = one event, shared by several desks.

The event store, the journal and verify are written against the few calls of sqlite-utils'
``Database`` they use; :class:`PgDatabase` offers the same calls on a psycopg connection, so the
same :class:`~rallydesk.store.eventstore.EventStore` code runs on a file and on a server:

- ``execute(sql, params)`` (a cursor with ``fetchone``/``fetchall``/iteration/``description``/
  ``lastrowid``), ``query(sql, params)`` (dicts), ``atomic()``, ``db[table].insert/upsert/update``,
  ``close()``; the SQLite placeholders ``?`` and ``:name`` are translated to psycopg's.
- Every write transaction first takes the event's advisory lock (:meth:`PgDatabase.atomic`), so
  the writes of several desks are serialised: the journal never forks (see ``atomic``).

psycopg is imported only when a URL is opened: file users never load it.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import StoreError, StoreUnavailable

#: What an event on a server is addressed by (libpq's URL forms).
URL_SCHEMES = ("postgresql://", "postgres://")
URL_FORM = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
#: The advisory lock every write transaction takes: "RDSK", like the files' application id.
#: Advisory locks are per database, and one database holds one event: one constant suffices.
EVENT_LOCK = 0x5244534B
#: How long a write waits for another desk's write before it gives up (a desk hung mid-write).
LOCK_TIMEOUT = "15s"
#: The channel every journal row is announced on (``pg_notify``, payload: the row's id). NOTIFY
#: reaches only the listeners connected to the same database, and one database holds one event:
#: one constant name is this event's channel.
JOURNAL_CHANNEL = "rallydesk_journal"


@dataclass(frozen=True)
class ServerAddress:
    """Where an event on a server is, as logs, anchors and windows show it: the URL without its
    password. It answers the few ``Path`` questions the desk asks of an event's location (its
    ``name`` for a title, a ``parent`` folder to propose for exports), never as a file."""

    url: str  # without the password
    host: str
    port: int
    dbname: str

    def __str__(self) -> str:
        return self.url

    @property
    def name(self) -> str:
        return self.dbname

    @property
    def stem(self) -> str:
        return self.dbname

    @property
    def parent(self) -> Path:
        """An event on a server has no folder: exports are proposed in the user's home."""
        return Path.home()

    def with_name(self, name: str) -> Path:
        return self.parent / name

    def resolve(self) -> ServerAddress:
        return self

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def is_url(location: object) -> bool:
    """True for a server address (``postgresql://…``, or an open event's :class:`ServerAddress`);
    a file path is anything else."""
    if isinstance(location, ServerAddress):
        return True
    return isinstance(location, str) and location.strip().lower().startswith(URL_SCHEMES)


def parse_url(url: str) -> tuple[ServerAddress, str]:
    """(the address shown, the URL to connect with); a malformed URL is one clear refusal."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port or 5432
    except ValueError as exc:
        raise StoreError(
            f"{_without_password(text)}: not a server address ({exc}); expected {URL_FORM}"
        ) from None
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise StoreError(
            f"{_without_password(text)}: name the event's database; expected {URL_FORM}"
        )
    host = parts.hostname or "localhost"
    netloc = host if ":" not in host else f"[{host}]"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc += f":{parts.port}"
    shown = urlunsplit(("postgresql", netloc, parts.path, "", ""))
    return ServerAddress(shown, host, port, dbname), text


def _without_password(text: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1@", text)


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """SQLite's ``?`` and ``:name`` placeholders as psycopg's ``%s`` and ``%(name)s``; a literal
    ``%`` (``LIKE 'time.%'``) doubled. Quoted strings and names are copied, ``::`` casts kept."""

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token[0] in "'\"":
            return token.replace("%", "%%")
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        return f"%({m.group(1)})s"

    return _TOKENS.sub(sub, sql)


_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?|(?<![:\w]):([A-Za-z_]\w*)|%")


class _Cursor:
    """The part of a DB-API cursor the store reads."""

    def __init__(self, db: PgDatabase, cur: Any) -> None:
        self._db = db
        self._cur = cur

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone() if self._cur.description else None

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall() if self._cur.description else []

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())

    @property
    def description(self) -> list[tuple[str]]:
        return [(c.name,) for c in self._cur.description or ()]

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)

    @property
    def lastrowid(self) -> int | None:
        """The id the last INSERT drew from its identity column (``adjustments``, ``publications``)."""
        return self._db.execute("SELECT lastval()").fetchone()[0]  # type: ignore[index]


class _Table:
    """``db[name]``: the table calls of sqlite-utils the store uses (insert, upsert, update)."""

    def __init__(self, db: PgDatabase, name: str) -> None:
        self.db = db
        self.name = name

    def insert(self, row: Mapping[str, Any]) -> None:
        cols = list(row)
        self.db.execute(
            f"INSERT INTO {_q(self.name)} ({', '.join(map(_q, cols))})"
            f" VALUES ({', '.join(f':{c}' for c in cols)})",
            dict(row),
        )

    def upsert(self, row: Mapping[str, Any], pk: str) -> None:
        cols = list(row)
        rest = [c for c in cols if c != pk]
        action = (
            "DO UPDATE SET " + ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in rest)
            if rest
            else "DO NOTHING"
        )
        self.db.execute(
            f"INSERT INTO {_q(self.name)} ({', '.join(map(_q, cols))})"
            f" VALUES ({', '.join(f':{c}' for c in cols)}) ON CONFLICT ({_q(pk)}) {action}",
            dict(row),
        )

    def update(self, pk_value: Any, changes: Mapping[str, Any]) -> None:
        pk = PRIMARY_KEYS[self.name]
        sets = ", ".join(f"{_q(c)} = :{c}" for c in changes)
        self.db.execute(
            f"UPDATE {_q(self.name)} SET {sets} WHERE {_q(pk)} = :_pk", dict(changes, _pk=pk_value)
        )


#: Single-column keys of the tables ``update`` is called on.
PRIMARY_KEYS = {"adjustments": "id", "publications": "id", "stages": "number", "entries": "number"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PgDatabase:
    """A psycopg connection dressed as the sqlite-utils ``Database`` the store was written for."""

    dialect = "postgresql"

    def __init__(self, conn: Any, address: ServerAddress, readonly: bool = False) -> None:
        self.conn = conn
        self.address = address
        self.readonly = readonly

    # -- statements

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> _Cursor:
        import psycopg

        try:
            if params is None or (not isinstance(params, Mapping) and len(params) == 0):
                cur = self.conn.execute(sql)
            else:
                args = params if isinstance(params, Mapping) else tuple(params)
                cur = self.conn.execute(translate(sql), args)
        except psycopg.errors.LockNotAvailable:
            raise ServerError(
                self.address, "another desk has held the event for writing too long; try again"
            ) from None
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        return _Cursor(self, cur)

    def executescript(self, sql: str) -> None:
        self.execute(sql)

    def query(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        for row in cur.fetchall():
            yield dict(zip(names, row, strict=True))

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> int:
        """Bulk-insert rows as they are (COPY): a push of thousands of rows in one statement."""
        import psycopg

        n = 0
        try:
            with self.conn.cursor() as cur:
                with cur.copy(
                    f"COPY {_q(table)} ({', '.join(map(_q, columns))}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
                        n += 1
        except psycopg.Error as exc:
            raise ServerError(self.address, f"table {table}: {_reason(exc)}") from exc
        return n

    def __getitem__(self, table: str) -> _Table:
        return _Table(self, table)

    def table_columns(self, table: str) -> list[str]:
        return [
            r[0]
            for r in self.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                [table],
            )
        ]

    def table_names(self) -> list[str]:
        return [
            r[0]
            for r in self.execute(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                " ORDER BY tablename"
            )
        ]

    # -- transactions

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.conn.info.transaction_status != TransactionStatus.IDLE

    @contextmanager
    def atomic(self) -> Iterator[PgDatabase]:
        """One transaction (a savepoint when nested), READ COMMITTED, serialised per event.

        Why not SERIALIZABLE: every write of RallyDesk reads what it replaces (the old row, the
        journal head) and then writes, so two desks writing at once would conflict on nearly
        every write and need retries that re-run the services' checks. Instead the outermost
        transaction first waits for the event's advisory lock (``pg_advisory_xact_lock``, held
        until COMMIT or ROLLBACK). Under READ COMMITTED each later statement sees everything
        committed before it started, so once the lock is ours the old rows and the journal head
        we read include every other desk's committed write, and no one else writes until we
        commit: two desks never fork the journal, and none overwrites a row it did not see.
        """
        outermost = not self.in_transaction
        try:
            with self.conn.transaction():
                if outermost and not self.readonly:
                    self.lock_event()
                yield self
        except ServerError:
            raise
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.Error):
                raise self._error(exc) from exc
            raise

    def _error(self, exc: BaseException) -> ServerError:
        """The server's refusal, or :class:`ServerLost` when the connection itself is gone (the
        desk then keeps keying into its outbox and replays once :func:`connect` works again)."""
        if self.conn.closed or _connection_failure(exc):
            return ServerLost(self.address, self._why(exc))
        return ServerError(self.address, self._why(exc))

    def _why(self, exc: BaseException) -> str:
        reason = _reason(exc)
        if getattr(exc, "sqlstate", None) == "42501":  # the server's own role check (pg_roles)
            reason += (
                " (the server refuses this desk's login that right: connect with the URL of a"
                " role that has it, as 'rallydesk server add-event' printed)"
            )
        if self.conn.closed:  # a server restart, a network cut: this connection is gone
            reason += " (the connection to the server is lost)"
        return reason

    def announce(self, journal_id: int) -> None:
        """Tell the desks listening on this event that journal row ``journal_id`` was written.
        Called inside the write's transaction: PostgreSQL delivers it at COMMIT only (never for
        a rolled back write), in commit order."""
        self.execute("SELECT pg_notify(?, ?)", [JOURNAL_CHANNEL, str(journal_id)])

    def lock_event(self) -> None:
        """Wait for the event's write lock (re-entrant within one transaction)."""
        self.execute("SELECT pg_advisory_xact_lock(?)", [EVENT_LOCK])

    @contextmanager
    def snapshot(self) -> Iterator[PgDatabase]:
        """Read-only REPEATABLE READ: every read inside sees one consistent state of the event,
        whatever other desks commit meanwhile. Inside a write transaction, that transaction."""
        if self.in_transaction:
            yield self
            return
        self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self
        finally:
            import psycopg

            # nothing to keep; a connection lost meanwhile has no transaction left to end
            with contextlib.suppress(psycopg.Error):
                if self.in_transaction:
                    self.conn.execute("ROLLBACK")

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


class ServerError(StoreError):
    """The server refused or failed a statement: the event's address and the server's reason."""

    def __init__(self, address: ServerAddress, reason: str) -> None:
        super().__init__(f"{address}: {reason}")
        self.address = address
        self.reason = reason


class ServerLost(ServerError, StoreUnavailable):
    """The connection to the server is gone (a restart, a cable, Wi-Fi): nothing was written."""


def _connection_failure(exc: BaseException) -> bool:
    """A failure of the connection rather than a refusal of the statement: SQLSTATE class 08
    (connection exception), 57P01-57P03 (the server shutting down), or no SQLSTATE at all on an
    OperationalError (libpq lost the socket)."""
    import psycopg

    state = getattr(exc, "sqlstate", None)
    if state:
        return state.startswith("08") or state in ("57P01", "57P02", "57P03")
    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))


def _reason(exc: BaseException) -> str:
    """The server's message in one line (libpq's first line says what failed)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text.removeprefix("ERROR:").strip()


def connect(url: str, readonly: bool = False, timeout: int = 10) -> PgDatabase:
    """Open a connection to the event's database; an unreachable server, a wrong password or a
    missing database is a one-line :class:`StoreError` naming the server (never the password);
    an unreachable one is :class:`ServerUnreachable` (a :class:`StoreUnavailable`: try later)."""
    address, full = parse_url(url)
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise StoreError(
            f"{address}: events on a PostgreSQL server need psycopg (pip install 'psycopg[binary]')"
        ) from None
    password = urlsplit(full).password
    try:
        conn = psycopg.connect(
            full, autocommit=True, connect_timeout=timeout, application_name="rallydesk"
        )
    except psycopg.Error as exc:
        reason = _connect_reason(exc)
        if password:
            reason = reason.replace(password, "***")
        message = f"{address}: cannot connect to the PostgreSQL server {address.server} ({reason})"
        # a server that answered (a wrong password, no such database) is no reason to wait
        unreachable = not getattr(exc, "sqlstate", None) or exc.sqlstate.startswith(("08", "57P"))
        raise (ServerUnreachable if unreachable else StoreError)(message) from None
    conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    if readonly:
        conn.execute("SET default_transaction_read_only = on")
    return PgDatabase(conn, address, readonly)


class ServerUnreachable(StoreUnavailable):
    """No connection could be made to the server (down, restarting, the network cut)."""


def _connect_reason(exc: BaseException) -> str:
    text = "; ".join(ln.strip() for ln in str(exc).splitlines() if ln.strip())
    # libpq: 'connection to server at "h" (addr), port p failed: REASON'; keep the reason
    m = re.search(r".*failed: (.*)$", text)
    reason = re.sub(r"^(FATAL|ERROR):\s+", "", m.group(1) if m else text)
    return reason or type(exc).__name__
