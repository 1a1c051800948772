"""An event on a PostgreSQL server as the store's :class:`~rallydesk.store.backend.Backend`: one
database = one event, shared by several desks.

- The store's SQL runs as written: its ``$1, $2…`` placeholders are PostgreSQL's own, sent with
  psycopg's raw cursor (server-side binding, no client-side rewriting; a ``%`` is a ``%``).
- Every write transaction first takes the event's advisory lock (:meth:`ServerBackend.atomic`),
  so the writes of several desks are serialised: the journal never forks (see ``atomic``).
- Every journal row is announced (``pg_notify``, delivered at COMMIT) to the desks listening.

psycopg is imported only when a URL is opened: file users never load it.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .backend import Listening, Params, Rows, Statements, quote
from .errors import Refused, StoreError, StoreUnavailable
from .location import URL_FORM, URL_SCHEMES, EventLocation, ServerAddress, is_url, parse
from .policy import DeskIdentity

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "EVENT_LOCK",
    "JOURNAL_CHANNEL",
    "LOCK_TIMEOUT",
    "URL_FORM",
    "URL_SCHEMES",
    "ServerAddress",
    "ServerBackend",
    "ServerError",
    "ServerLost",
    "ServerNotTrusted",
    "ServerUnreachable",
    "connect",
    "is_url",
    "open_server",
    "create_on_server",
    "parse_url",
]

#: The advisory lock every write transaction takes: "RDSK", like the files' application id.
#: Advisory locks are per database, and one database holds one event: one constant suffices.
EVENT_LOCK = 0x5244534B
#: How long a write waits for another desk's write before it gives up (a desk hung mid-write).
LOCK_TIMEOUT = "15s"
#: The channel every journal row is announced on (``pg_notify``, payload: the row's id). NOTIFY
#: reaches only the listeners connected to the same database, and one database holds one event:
#: one constant name is this event's channel.
JOURNAL_CHANNEL = "rallydesk_journal"
#: How long a desk waits for a lost server at each reconnect attempt (it keys offline meanwhile).
RECONNECT_SECONDS = 3
#: A lost connection is dialled again by the next statement, but not sooner than this after a
#: dial that failed: a desk keying offline is not held up on every keystroke (the desk's own
#: timer tries every 5 s too).
REDIAL_SECONDS = 5.0


def parse_url(url: str) -> tuple[ServerAddress, str]:
    """(the address shown, the URL to connect with); a malformed URL is one clear refusal."""
    location, full = parse(url)
    assert location.address is not None
    return location.address, full


class ServerBackend(Statements):
    """A psycopg connection (autocommit, raw cursors) to the event's database."""

    def __init__(
        self, conn: psycopg.Connection[Any], location: EventLocation, url: str, readonly: bool
    ) -> None:
        from psycopg.pq import TransactionStatus

        assert location.address is not None
        self.conn = conn
        #: libpq's "no transaction open" (``in_transaction`` compares with it several times a write)
        self._idle = TransactionStatus.IDLE
        self.location = location
        self.address: ServerAddress = location.address
        self.readonly = readonly
        self.warnings: list[str] = []
        #: the URL with its password, never shown: what ``reconnect`` and ``listen`` dial
        self._url = url
        #: the desk and role this connection names (``connect`` sets them)
        self.desk = "rallydesk"
        self.role = ""
        self.application_name = "rallydesk"
        #: open transactions and snapshots: a connection lost inside one is never replaced
        #: under it (what it did so far is gone with it; the caller hears ServerLost)
        self._depth = 0
        #: no automatic dial before this time (time.monotonic) after one that failed
        self._redial_at = 0.0
        #: the event has ``pg_write``'s one-round-trip write (None: not asked yet)
        self.one_trip: bool | None = None

    # -- statements

    def execute(self, sql: str, params: Params = ()) -> Rows:
        import psycopg

        self._redial()
        try:
            cur = self.conn.execute(sql, tuple(params) if params else None)
        except psycopg.errors.LockNotAvailable:
            raise ServerError(
                self.address, "another desk has held the event for writing too long; try again"
            ) from None
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        columns = cur.description  # (made anew at each reading: read once)
        if columns is None:
            return Rows([], [], cur.rowcount)
        return Rows([c.name for c in columns], list(cur.fetchall()), cur.rowcount)

    def executescript(self, sql: str) -> None:
        """Several statements (a schema step): sent as one simple query."""
        self.execute(sql)

    def copy_rows(self, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
        """Bulk-insert rows as they are (COPY): a push of thousands of rows in one statement."""
        import psycopg

        n = 0
        try:
            with self.conn.cursor() as cur:
                with cur.copy(
                    f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
                        n += 1
        except psycopg.Error as exc:
            raise ServerError(self.address, f"table {table}: {_reason(exc)}") from exc
        return n

    def table_columns(self, table: str) -> list[str]:
        return [
            str(r[0])
            for r in self.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = $1"
                " ORDER BY ordinal_position",
                [table],
            )
        ]

    def table_names(self) -> list[str]:
        return [
            str(r[0])
            for r in self.execute(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                " ORDER BY tablename"
            )
        ]

    # -- transactions

    @property
    def in_transaction(self) -> bool:
        """(Asked several times a write: libpq's status as a number, no import, no
        ConnectionInfo and enum made each time.)"""
        if self.conn.closed:  # a lost connection has no transaction left
            return False
        return bool(self.conn.pgconn.transaction_status != self._idle)

    @contextmanager
    def atomic(self) -> Iterator[None]:
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
        import psycopg

        self._redial()
        outermost = not self.in_transaction
        self._depth += 1
        try:
            with self.conn.transaction():
                if outermost and not self.readonly:
                    self.lock_event()
                yield
        except ServerError:
            raise
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        finally:
            self._depth -= 1

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read-only REPEATABLE READ: every read inside sees one consistent state of the event,
        whatever other desks commit meanwhile. Inside a write transaction, that transaction."""
        if self.in_transaction:
            yield
            return
        try:
            self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        except ServerLost:
            # the server restarted since the last statement: nothing was read yet, so the
            # snapshot is begun once more on a new connection (or ServerUnreachable is raised)
            self._redial(at_once=True)
            self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            import psycopg

            # nothing to keep; a connection lost meanwhile has no transaction left to end
            with contextlib.suppress(psycopg.Error):
                if self.in_transaction:
                    self.conn.execute("ROLLBACK")

    # -- hooks

    def lock_event(self) -> None:
        """Wait for the event's write lock (re-entrant within one transaction)."""
        self.execute("SELECT pg_advisory_xact_lock($1)", [EVENT_LOCK])

    def announce(self, journal_id: int) -> None:
        """Tell the desks listening on this event that journal row ``journal_id`` was written.
        Called inside the write's transaction: PostgreSQL delivers it at COMMIT only (never for
        a rolled back write), in commit order."""
        self.execute("SELECT pg_notify($1, $2)", [JOURNAL_CHANNEL, str(journal_id)])

    def data_version(self) -> int:
        """Every change adds a journal row: the journal's length says another desk wrote."""
        return int(self.execute("SELECT coalesce(max(id), 0) FROM journal").scalar())

    def writer(self) -> str | None:
        """No lock file: several desks may write."""
        return None

    def applied_steps(self) -> list[str]:
        from . import pg_schema

        return pg_schema.applied(self)

    def reconnect(self) -> None:
        """Dial the server again (a short wait), after :class:`StoreUnavailable`, or raise it."""
        try:
            conn = _connect(
                self._url, self.address, self.readonly, RECONNECT_SECONDS, self.application_name
            )
        except StoreUnavailable:
            self._redial_at = time.monotonic() + REDIAL_SECONDS
            raise
        with contextlib.suppress(Exception):
            self.conn.close()
        self.conn = conn
        self._redial_at = 0.0

    @property
    def connected(self) -> bool:
        """The connection is open, as far as this side knows (a silent cut shows at the next
        statement)."""
        return not self.conn.closed

    def _redial(self, at_once: bool = False) -> None:
        """A connection found lost (a server restart, a cut) is dialled again by the next
        statement outside any transaction, rather than staying closed for ever; while the
        server does not answer, at most every :data:`REDIAL_SECONDS` (``at_once``: now)."""
        if not self.conn.closed or self._depth:
            return
        if not at_once and time.monotonic() < self._redial_at:
            return  # (the statement fails at once: ServerLost, as before the dial)
        self.reconnect()

    def put_time_once(
        self,
        seen: dict[str, Any] | None,
        row: dict[str, Any],
        journal_row: dict[str, Any],
        fresh: bool = False,
    ) -> tuple[str, int | None] | None:
        """One stage result and its journal row in one round trip (``pg_write``); None: this
        event has no such function, or a transaction is open: write it the long way. (``fresh``:
        the function looks the change id up anyway, one index probe on the server.)"""
        from . import pg_write

        return pg_write.put_time_once(self, pg_write.call_params(seen, row, journal_row))

    def heartbeat(self, waiting: int) -> bool:
        """Tell the server this desk is alive and keeps ``waiting`` changes offline (the
        server's ``rallydesk_heartbeat``: this login's row only, no journal row). False when
        the event has no heartbeats yet (its owner has not opened it since) or a transaction is
        open; a lost connection raises :class:`ServerLost` as any statement does."""
        import psycopg

        if self.in_transaction:
            return False
        self._redial()
        try:
            with self.conn.transaction():
                self.conn.execute("SET TRANSACTION READ WRITE")  # (a read-only desk too)
                self.conn.execute("SELECT rallydesk_heartbeat($1, $2)", (self.desk, waiting))
        except (psycopg.errors.UndefinedFunction, psycopg.errors.InsufficientPrivilege):
            return False
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        return True

    def opener(self, readonly: bool, identity: DeskIdentity) -> Callable[[], ServerBackend]:
        """What opens the event once more with this connection's own URL and password (kept in
        the closure only, never shown, logged or written): a reader of its own elsewhere."""
        url = self._url
        return lambda: open_server(url, readonly, identity)

    def listen(self, on_notice: Callable[[int | None], None]) -> Listening | None:
        """Start the second connection that hears every desk's commits (``listen.py``)."""
        from .listen import JournalListener

        listener = JournalListener(self._url, on_notice)
        listener.start()
        return listener

    def close(self) -> None:
        self.conn.close()

    def rollback(self) -> None:
        import psycopg

        try:
            self.conn.rollback()
        except psycopg.Error as exc:  # (a lost connection has nothing left to roll back)
            raise self._error(exc) from exc

    # -- errors

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


class ServerError(Refused):
    """The server refused or failed a statement: the event's address and the server's reason."""

    def __init__(self, address: ServerAddress, reason: str) -> None:
        super().__init__(address, reason)
        self.address = address


class ServerLost(ServerError, StoreUnavailable):
    """The connection to the server is gone (a restart, a cable, Wi-Fi): nothing was written."""


class ServerUnreachable(StoreUnavailable):
    """No connection could be made to the server (down, restarting, the network cut)."""


def _connection_failure(exc: BaseException) -> bool:
    """A failure of the connection rather than a refusal of the statement: SQLSTATE class 08
    (connection exception), 57P01-57P03 (the server shutting down), or no SQLSTATE at all on an
    OperationalError (libpq lost the socket)."""
    import psycopg

    state = getattr(exc, "sqlstate", None)
    if state:
        return bool(state.startswith("08") or state in ("57P01", "57P02", "57P03"))
    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))


def _reason(exc: BaseException) -> str:
    """The server's message in one line (libpq's first line says what failed)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text.removeprefix("ERROR:").strip()


#: What a desk without the [server] extra says when a postgresql:// URL is opened.
NO_PSYCOPG = (
    "events on a PostgreSQL server need the server extra, which is not installed: "
    "pip install 'rallydesk[server]' (the one-folder application includes it)"
)


#: PostgreSQL keeps at most this many bytes of an application name (NAMEDATALEN - 1).
APPLICATION_NAME_BYTES = 63


def login_role(user: str, database: str) -> str:
    """The role a login stands for: ``NAME.timekeeper`` -> timekeeper, the event's own login
    (named like its database) -> owner, any other login its own name."""
    if user == database:
        return "owner"
    return user.removeprefix(database + ".") if user.startswith(database + ".") else user


def application_name(desk: str, role: str) -> str:
    """``rallydesk DESK (ROLE)``, as ``server status`` and pg_stat_activity show the desk:
    printable ASCII only (anything else becomes ``?``, as PostgreSQL itself would), the desk's
    name shortened so that the whole fits PostgreSQL's 63 bytes and the role is never cut."""

    def clean(text: str) -> str:
        return re.sub(r"[^\x20-\x7e]", "?", text).strip()

    tail = f" ({clean(role)[:24] or '?'})"
    head = "rallydesk "
    room = APPLICATION_NAME_BYTES - len(head) - len(tail)
    return head + (clean(desk)[:room].rstrip() or "?") + tail


def _named(db: ServerBackend, name: str, role: str) -> ServerBackend:
    # the heartbeat names the desk as its connection does (cleaned and shortened alike)
    db.desk, db.role, db.application_name = name[len("rallydesk ") : name.rindex(" (")], role, name
    return db


def _login(full: str, desk: str | None) -> tuple[str, str]:
    """(application name, role) of the connection this desk makes with the URL ``full``."""
    parts = urlsplit(full)
    role = login_role(unquote(parts.username or ""), unquote(parts.path.lstrip("/")))
    return application_name(desk or DeskIdentity.of_this_computer().desk, role), role


class _NotConnected:
    """The connection of a desk opened while the server was away (from its replica), until the
    server answers: closed, so the next statement dials it (:meth:`ServerBackend._redial`)."""

    closed = True

    def execute(self, *args: object, **kwargs: object) -> Any:
        import psycopg

        raise psycopg.OperationalError("the server has not answered since this desk opened")

    transaction = execute

    def close(self) -> None:
        pass

    rollback = close


def unreached(url: str, readonly: bool, desk: str) -> ServerBackend:
    """The event at ``url`` whose server did not answer: no connection yet; every statement
    raises :class:`ServerLost` until a dial (the next statement's, at most every
    :data:`REDIAL_SECONDS`, or :meth:`ServerBackend.reconnect`) reaches the server."""
    location, full = parse(url)
    name, role = _login(full, desk)
    db = ServerBackend(_NotConnected(), location, full, readonly)  # type: ignore[arg-type]
    db._redial_at = time.monotonic() + REDIAL_SECONDS  # (it has just failed to answer)
    return _named(db, name, role)


def connect(
    url: str, readonly: bool = False, timeout: int = 10, desk: str | None = None
) -> ServerBackend:
    """Open a connection to the event's database; an unreachable server, a wrong password or a
    missing database is a one-line :class:`StoreError` naming the server (never the password);
    an unreachable one is :class:`ServerUnreachable` (a :class:`StoreUnavailable`: try later).
    The connection names the desk and its role (:func:`application_name`)."""
    location, full = parse(url)
    assert location.address is not None
    name, role = _login(full, desk)
    conn = _connect(full, location.address, readonly, timeout, name)
    db = _named(ServerBackend(conn, location, full, readonly), name, role)
    unchecked = unchecked_connection(location.address, _query(full), conn.pgconn.ssl_in_use)
    if unchecked:
        db.warnings.append(unchecked)
    return db


#: The server's own computer: a connection to it never crosses a network.
_THIS_COMPUTER = ("127.0.0.1", "::1", "localhost")


def unchecked_connection(
    address: ServerAddress, query: dict[str, str], encrypted: bool
) -> str | None:
    """The warning for a connection across a network that is not encrypted, or whose server
    was not checked (no ``sslmode=verify-full``/``verify-ca``): libpq's default ``prefer`` takes
    what the server offers, and falls back to plain text unasked. None on this computer."""
    if address.host in _THIS_COMPUTER or address.host.startswith("/"):
        return None
    if not encrypted:
        return (
            f"{address}: the connection to the server is NOT encrypted: results travel in clear"
            f" on the network; connect with {TLS_FORM}"
        )
    if query.get("sslmode") not in ("verify-full", "verify-ca"):
        return (
            f"{address}: the server's certificate is not checked (sslmode="
            f"{query.get('sslmode', 'prefer')}): another computer could pose as it; connect"
            f" with {TLS_FORM}"
        )
    return None


def _query(full: str) -> dict[str, str]:
    """A URL's query as libpq reads it: percent-decoded, a + stays a +."""
    return dict(
        (unquote(k), unquote(v))
        for k, _, v in (item.partition("=") for item in urlsplit(full).query.split("&"))
        if k
    )


def _connect(
    full: str,
    address: ServerAddress,
    readonly: bool,
    timeout: int,
    name: str = "rallydesk",
) -> psycopg.Connection[Any]:
    try:
        import psycopg
    except ImportError:  # the [server] extra is not installed
        raise StoreError(f"{address}: {NO_PSYCOPG}") from None
    password = urlsplit(full).password
    try:
        conn: psycopg.Connection[Any] = psycopg.connect(
            full,
            autocommit=True,
            connect_timeout=timeout,
            application_name=name,
            cursor_factory=psycopg.RawCursor,
        )
    except psycopg.Error as exc:
        reason = _connect_reason(exc)
        if password:
            reason = reason.replace(password, "***")
        refused = tls_refusal(reason, full, address)
        if refused is not None:  # not a server away: never a reason to wait and key offline
            raise ServerNotTrusted(refused) from None
        message = f"{address}: cannot connect to the PostgreSQL server {address.server} ({reason})"
        # a server that answered (a wrong password, no such database) is no reason to wait
        state = getattr(exc, "sqlstate", None)
        unreachable = not state or state.startswith(("08", "57P"))
        if "no password supplied" in reason:  # libpq's own answer to the server's ask: it answered
            unreachable = False
        raise (ServerUnreachable if unreachable else StoreError)(message) from None
    try:
        conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        if readonly:
            conn.execute("SET default_transaction_read_only = on")
    except psycopg.Error as exc:  # lost again at once (the server stopping): not reached
        with contextlib.suppress(Exception):
            conn.close()
        raise ServerUnreachable(
            f"{address}: cannot connect to the PostgreSQL server {address.server}"
            f" ({_connect_reason(exc)})"
        ) from None
    return conn


class ServerNotTrusted(StoreError):
    """The connection was refused over TLS: the server's certificate is not signed by the
    authority the URL names, is not for the host dialled, the authority file is missing, or the
    server wants TLS the URL did not ask for. Nothing was sent; trying again changes nothing."""


#: What a desk's URL needs to check the server (``rallydesk server add-event`` prints it).
TLS_FORM = "?sslmode=verify-full&sslrootcert=PATH (PATH: a copy of the server's DIR/ca.crt)"


def tls_refusal(reason: str, full: str, address: ServerAddress) -> str | None:
    """libpq's refusal of a TLS connection in the desk's words, or None for any other failure.

    libpq says it in OpenSSL's terms ("certificate verify failed", "does not match host name");
    the official needs which file and which host, and what to do."""
    query = _query(full)
    authority = query.get("sslrootcert", "~/.postgresql/root.crt")
    mode = query.get("sslmode", "prefer")
    where = f"{address}: refused"
    if "certificate verify failed" in reason:
        return (
            f"{where}: the server's certificate is not signed by the authority in {authority}: "
            f"{reason}; use the ca.crt of this server (rallydesk server add-event printed its "
            "place), or this is not the server you meant"
        )
    if "does not match host name" in reason:
        return (
            f"{where}: the server's certificate is not for {address.host}: {reason}; connect "
            "by an address the server listens on (as rallydesk server add-event printed it)"
        )
    if "root certificate file" in reason:
        return (
            f"{where}: the authority file {authority} cannot be read "
            f"({reason.split(';')[0].rstrip('.')}); copy the "
            "server's DIR/ca.crt to this computer and give its path: sslrootcert=PATH"
        )
    if "server does not support SSL" in reason:
        return (
            f"{where}: the server at {address.server} does not offer TLS and this URL requires "
            f"it (sslmode={mode}); nothing was sent. A server made before TLS gets it at its "
            "next 'rallydesk server start'"
        )
    if "no encryption" in reason and ("pg_hba.conf" in reason):
        return (
            f"{where}: the server takes desks only over TLS and this connection had none "
            f"({reason}); add {TLS_FORM} to the URL"
        )
    return None


def _connect_reason(exc: BaseException) -> str:
    """libpq's reason, without its 'connection to server at "h" (addr), port p failed:' prefix.

    With ``sslmode=prefer`` (a URL without sslmode) libpq tries TLS, and after any refusal tries
    again without it; a server that takes desks over TLS only then refuses the second attempt
    ("no encryption"). The first answer (a wrong password, an unknown database) is the reason."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    attempts = [i for i, ln in enumerate(lines) if re.search(r"failed: ", ln)]
    texts = []
    for k, start in enumerate(attempts):
        end = attempts[k + 1] if k + 1 < len(attempts) else len(lines)
        text = "; ".join(lines[start:end])
        texts.append(re.sub(r"^.*?failed: ", "", text, count=1))
    if not texts:
        texts = ["; ".join(lines)]
    answered = [t for t in texts if not ("no encryption" in t and "pg_hba.conf" in t)]
    reason = re.sub(r"^(FATAL|ERROR):\s+", "", (answered or texts)[-1])
    return reason or type(exc).__name__


def create_on_server(url: str, fill: Callable[[ServerBackend], None]) -> ServerBackend:
    """The event in an empty database (one database = one event): every schema step, then
    ``fill`` (the event row and its journal row), each in one transaction."""
    from . import pg_schema

    db = connect(url)
    try:
        if db.table_names():
            raise StoreError(
                f"{db.address}: the database is not empty; an event needs a database of its own"
                " (createdb NAME), or open the event already in it"
            )
        pg_schema.apply(db)
        fill(db)
    except BaseException:
        db.close()
        raise
    return db


def open_server(url: str, readonly: bool, identity: DeskIdentity) -> ServerBackend:
    """Open the event in a server database; pending schema steps are applied (in one
    transaction: a server keeps its own backups, there is no file to copy first)."""
    from . import pg_rules, pg_schema
    from .schema import known_migrations, schema_version

    db = connect(url, readonly=readonly, desk=identity.desk)
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
        elif pg_schema.rules_pending(db):  # an event made before the server's own checks
            if not readonly and pg_schema.is_owner(db):
                pg_schema.apply(db, identity)
            elif not pg_rules.enforced(db):  # (without the heartbeats alone: still enforced)
                db.warnings.append(
                    f"{db.address}: the server does not enforce the desk's rules on this event"
                    " yet (roles, official units, PINs, journal); open it once with the"
                    " owner's URL to install them"
                )
    except BaseException:
        db.close()
        raise
    return db
