"""A desk's ear on the server: a second connection that LISTENs for the journal rows other desks
commit, so the desk catches up at once instead of polling the journal's head.

Every journal row written on a server is announced with ``pg_notify`` in its own transaction
(:meth:`~rallydesk.store.pg.PgDatabase.announce`), which PostgreSQL delivers at COMMIT only. The
desk's own connection cannot listen: it is used by the window's thread for reads and writes, and
a notice is only read when that connection is next used. So :class:`JournalListener` keeps a
connection of its own, blocked in ``select`` in a background thread, and calls back with the
journal id announced. The callback runs in that thread: it must only wake the desk's own thread
(a Qt signal, a ``threading.Event``), never touch the event.

A lost listening connection (a server restart, ``pg_terminate_backend``) is dialled again every
few seconds; after every LISTEN the callback is called with ``None``: notices sent while nobody
listened are lost, so the desk compares its journal head once more.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
from collections.abc import Callable
from typing import Any

from .pg import JOURNAL_CHANNEL, parse_url

log = logging.getLogger(__name__)

#: Called with the journal id announced, or None after (re)connecting: "look again".
Notice = Callable[[int | None], None]
#: How long a lost listening connection waits before it is dialled again.
RETRY_SECONDS = 2.0


class JournalListener:
    """LISTEN on the event's channel in a background thread; see the module's docstring."""

    def __init__(self, url: str, on_notice: Notice, retry_seconds: float | None = None) -> None:
        self._url = url
        self._address = parse_url(url)[0]
        self._on_notice = on_notice
        self._retry = RETRY_SECONDS if retry_seconds is None else retry_seconds
        self._stop = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread: threading.Thread | None = None
        self._listening = threading.Event()
        #: the server process of the listening connection (tests end it to show a recovery)
        self.backend_pid: int | None = None
        #: how many times a LISTEN was issued (1 at start, one more after each recovery)
        self.connections = 0
        self._failing = False

    @property
    def listening(self) -> bool:
        """True while a connection is LISTENing and the notice that follows each LISTEN was
        given (False while it is being dialled again)."""
        return self._listening.is_set()

    def wait_listening(self, timeout: float) -> bool:
        """Block until a connection LISTENs (tests, benchmarks); False after ``timeout``."""
        return self._listening.wait(timeout)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._run, name=f"listen {self._address}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """End the thread and its connection; returns at once (the thread is woken, not polled)."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for s in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                s.close()

    # -- the thread

    def _run(self) -> None:
        while not self._stop.is_set():
            conn = self._connect()
            if conn is not None:
                try:
                    self._listen(conn)
                except Exception as exc:  # psycopg.Error, OSError: the connection is gone
                    log.info("%s: listening connection lost (%s)", self._address, exc)
                finally:
                    self._listening.clear()
                    with contextlib.suppress(Exception):
                        conn.close()
            if self._stop.wait(self._retry):
                return

    def _connect(self) -> Any:
        import psycopg

        conn = None
        try:
            conn = psycopg.connect(
                self._url,
                autocommit=True,
                connect_timeout=int(self._retry) + 1,
                application_name="rallydesk listen",
                # a connection silently cut (no RST: a cable, a Wi-Fi roam) is found dead in
                # about half a minute and dialled again, rather than listening to nothing
                keepalives=1,
                keepalives_idle=10,
                keepalives_interval=5,
                keepalives_count=3,
            )
            conn.execute(f"LISTEN {JOURNAL_CHANNEL}")
        except psycopg.Error as exc:
            if conn is not None:  # connected, but LISTEN failed: not kept half-open
                with contextlib.suppress(Exception):
                    conn.close()
            # said once per outage, not every few seconds while the server is down
            (log.debug if self._failing else log.info)(
                "%s: cannot listen for other desks yet (%s)", self._address, exc
            )
            self._failing = True
            return None
        self._failing = False
        self.backend_pid = conn.info.backend_pid
        self.connections += 1
        return conn

    def _listen(self, conn: Any) -> None:
        self._on_notice(None)  # what was committed while nobody listened
        self._listening.set()  # after that first notice: a waiter knows it was given
        sock = conn.fileno()
        while not self._stop.is_set():
            ready, _, _ = select.select([sock, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            if conn.closed:
                raise ConnectionError("closed")
            got = False
            for notice in conn.notifies(timeout=0):
                got = True
                try:
                    journal_id: int | None = int(notice.payload)
                except ValueError:
                    journal_id = None
                self._on_notice(journal_id)
            if not got:
                # readable and nothing to tell: psycopg consumed what came (or the server said
                # goodbye); a dead socket shows as an error on the next statement
                conn.execute("SELECT 1")
