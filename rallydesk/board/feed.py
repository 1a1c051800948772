"""The one thread that holds the board's event: it answers the pages and follows the changes.

The event is opened read-only in this thread and used only here (an SQLite connection belongs
to its thread). Request threads hand it a page to build (:meth:`Feed.get`) and wait; built pages
are kept until the data changes. It looks for another desk's commit every ``poll`` seconds (a
file: the writer's ``data_version``; a server: woken at once by its change notifications, as
the desk follows other desks, ``services.sync.listen``), then tells every subscriber (the
``/events`` streams) the new data version: one watcher, any number of clients.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..domain.errors import RallyDeskError
from ..domain.secrets import redact
from ..services import Event, StoreUnavailable
from .site import Reply, Site

log = logging.getLogger(__name__)

#: A page not built in this time is answered 503 (the event thread is stuck on a lost server)
ANSWER_SECONDS = 30.0
#: Subscribers beyond this are refused (each is a thread and a socket)
MAX_SUBSCRIBERS = 1000


class Feed:
    """``location`` names the event (a server URL's password is never shown: messages say it
    without); ``opener``, when given, opens it in the feed's thread instead (the desk's own
    reader, :meth:`Event.reader`: its connection's credentials, held in memory)."""

    def __init__(
        self,
        location: str | Path,
        poll: float = 0.1,
        live: bool = True,
        opener: Callable[[], Event] | None = None,
    ) -> None:
        self.location = redact(str(location))
        self._open = opener or (lambda: Event.open(location, readonly=True))
        self.poll = poll
        self.live = live
        self.version = 0
        self.changed_at = ""
        self._jobs: queue.Queue[tuple[Callable[[Site], Reply], Future[Reply]] | None] = (
            queue.Queue()
        )
        self._cache: dict[str, Reply] = {}
        #: pages asked for and not built yet: every client asking meanwhile waits for the one
        self._building: dict[str, Future[Reply]] = {}
        self._lock = threading.Lock()
        self._subscribers: set[queue.Queue[int]] = set()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._thread: threading.Thread | None = None
        self.name = self.location

    # ------------------------------------------------------------------ life
    def start(self) -> None:
        """Open the event in the feed's thread; raises what opening it raised."""
        self._thread = threading.Thread(target=self._run, name="rallydesk-board-feed", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._failed is not None:
            raise self._failed

    def stop(self) -> None:
        self._stop.set()
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(10)
        with self._lock:
            for q in self._subscribers:
                q.put(-1)

    def _run(self) -> None:
        try:
            event = self._open()
        except BaseException as exc:  # told to start(), which raises it in its thread
            self._failed = exc
            self._ready.set()
            return
        try:
            site = Site(event, self.live)
            self.name = event.data.settings.name
            self.changed_at = site.changed_at = _last_change(event)
            try:
                event.listen(lambda: self._jobs.put(None))
            except (RallyDeskError, StoreUnavailable):
                log.warning("%s: no change notifications; polling only", self.location)
            self._ready.set()
            while not self._stop.is_set():
                try:
                    job = self._jobs.get(timeout=self.poll)
                except queue.Empty:
                    job = None
                if job is not None:
                    build, answer = job
                    try:
                        answer.set_result(build(site))
                    except BaseException as exc:
                        answer.set_exception(exc)
                    continue
                self._look(event, site)
        finally:
            event.close()

    def _look(self, event: Event, site: Site) -> None:
        try:
            changed = event.poll_external()
        except (RallyDeskError, StoreUnavailable) as exc:
            log.warning("%s: cannot follow the event (%s)", self.location, exc)
            return
        if not changed:
            return
        with self._lock:
            self.version += 1
            self.changed_at = _now(event)
            site.version, site.changed_at = self.version, self.changed_at
            self._cache.clear()
            for q in self._subscribers:
                q.put(self.version)

    # ------------------------------------------------------------------ asking
    def get(self, path: str, query: str = "") -> Reply:
        """The page at ``path``: kept, or being built for another client (built once), or
        built now by the event thread."""
        key = f"{path}?{query}"
        with self._lock:
            kept = self._cache.get(key)
            if kept is not None:
                return kept
            answer = self._building.get(key)
            if answer is None:
                answer = self._building[key] = Future()
                self._jobs.put((lambda site: self._build(site, key, path, query), answer))
        return answer.result(ANSWER_SECONDS)

    def _build(self, site: Site, key: str, path: str, query: str) -> Reply:
        try:
            reply = site.get(path, query)
        finally:
            with self._lock:
                self._building.pop(key, None)
        if reply.status == 200 and path != "/api/version":
            with self._lock:
                self._cache[key] = reply
        return reply

    def paths(self) -> list[str]:
        answer: Future[list[str]] = Future()

        def build(site: Site) -> Reply:
            answer.set_result(site.paths())
            return Reply(200, "", b"")

        self._jobs.put((build, Future()))
        return answer.result(ANSWER_SECONDS)

    def subscribe(self) -> queue.Queue[int] | None:
        with self._lock:
            if len(self._subscribers) >= MAX_SUBSCRIBERS:
                return None
            q: queue.Queue[int] = queue.Queue()
            self._subscribers.add(q)
            return q

    def unsubscribe(self, q: queue.Queue[int]) -> None:
        with self._lock:
            self._subscribers.discard(q)

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._subscribers)


def _zone(event: Event) -> ZoneInfo | None:
    tz = event.data.settings.timezone
    try:
        return ZoneInfo(tz) if tz else None
    except (KeyError, ValueError):
        return None


def _stamp(at: datetime, zone: ZoneInfo | None) -> str:
    """A time as the pages say it, with its zone: a phone at the bivouac may be set to any."""
    local = at.astimezone(zone)
    name = zone.key if zone is not None else (local.tzname() or "")
    return f"{local:%Y-%m-%d %H:%M:%S} {name}".rstrip()


def _now(event: Event) -> str:
    zone = _zone(event)
    return _stamp(datetime.now(zone), zone)


def _last_change(event: Event) -> str:
    """The time of the journal's latest row, in the event's zone (the data's last change)."""
    try:
        rows = event.journal()
    except (RallyDeskError, StoreUnavailable):
        return ""
    if not rows:
        return ""
    try:
        at = datetime.fromisoformat(rows[-1].at.replace("Z", "+00:00"))
    except ValueError:
        return rows[-1].at
    return _stamp(at, _zone(event))
