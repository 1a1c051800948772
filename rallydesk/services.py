"""The use-cases the GUI and the command line share: open an event, record, classify, import.

An :class:`Event` owns one :class:`EventStore` and a cached :class:`EventData` snapshot that is
replaced (never mutated) after each write, so a classification always sees one consistent state.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from . import server as pgserver
from .domain import officials as O
from .domain import times as T
from .domain.changes import NOT_GIVEN, Conflict, Expected, new_change_id, time_from_row
from .domain.classification import Classification, LiveOverall, classify, live_overall
from .domain.errors import RallyDeskError, UnknownReference, unknown_stage
from .domain.model import (
    ADJUSTMENT_KINDS,
    APPLIES_TO,
    STATUSES,
    Adjustment,
    Entry,
    EventData,
    Group,
    Settings,
    Stage,
    StageTime,
    StartTime,
)
from .outbox import Outbox, OutboxError, outbox_path
from .store import journal as _journal
from .store.autobackup import BACKUP_EVERY_MINUTES, BACKUP_KEEP, AutoBackup
from .store.eventstore import EventStore, StoreError, StoreUnavailable
from .store.location import EventLocation, ServerAddress, is_url
from .store.lock import EventLocked, EventNotWritable

log = logging.getLogger(__name__)

__all__ = [
    "BACKUP_EVERY_MINUTES",
    "BACKUP_KEEP",
    "Change",
    "Conflict",
    "NOT_GIVEN",
    "StoreUnavailable",
    "Event",
    "EventLocked",
    "EventNotWritable",
    "backup_event",
    "latest_good_backup",
    "is_server_location",
    "list_event_backups",
    "pull_event",
    "push_event",
    "restore_backup",
    "validate_settings",
    "verify_event",
]


class Change(StrEnum):
    """What a committed change touched: listeners (the desk's views) refresh what depends on it.

    A ``StrEnum``: each member is also its name as text, so a listener may compare either.
    """

    TIME = "time"  # details: stage, number
    ADJUSTMENT = "adjustment"  # details: id, stage, number
    STAGE = "stage"  # details: stage
    GROUP = "group"  # details: code
    ENTRY = "entry"  # details: number
    SETTINGS = "settings"
    BATCH = "batch"  # several changes at once (an import): refresh everything
    OFFICIALS = "officials"  # details: name
    PUBLICATION = "publication"  # details: stage, category, version
    STARTS = "starts"  # a start list changed; details: stage
    SECOND_KEYING = "second"  # a second (verification) keying changed; details: stage, number
    EXTERNAL = "external"  # another desk wrote (a read-only desk following the writer)
    LOGIN = "login"  # an official logged in or out; details: name
    BACKUP = "backup"  # not a change of data: details: warning (a backup target failing)
    #: not a change of data: the store was lost or found again; details: offline (bool), pending
    #: (changes kept in the outbox), and after a replay sent, conflicts (how many of each)
    OFFLINE = "offline"


Listener = Callable[[Change, dict[str, Any]], None]
#: A stage time above this is a keying error, not a result (a 48h chrono is well under it).
MAX_STAGE_MS = 100 * 3_600_000


def _ms(value: str | int | None, parse: Callable[[str], int], what: str) -> int | None:
    """Accept keyed text (docs/rules.md §7) or an int of milliseconds from scripts."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RallyDeskError(f"{what}: {value!r} is not a time")
    if isinstance(value, int):
        return value
    try:
        return parse(str(value))
    except T.TimeFormatError as exc:
        raise RallyDeskError(f"{what}: {exc}") from None


def elapsed_from(start_ms: int, finish_ms: int) -> int:
    """finish − start; a finish before the start needs an explicit +1 day (docs/rules.md §3)."""
    if finish_ms < start_ms:
        raise RallyDeskError(
            f"finish {T.format_time_of_day(finish_ms, 1)} is before start {T.format_time_of_day(start_ms, 1)};"
            " if the finish was on the next day, key it with +1 (e.g. 01:10:00 +1)"
        )
    return finish_ms - start_ms


#: desk setting key of a category's usual speed range ("speed_kmh/CAR" = "20-140")
SPEED_SETTING = "speed_kmh/"
#: no land vehicle averages more over a special: a higher bound is a typing slip
MAX_SPEED_KMH = 400


class DeskPolicy:
    """The store's write policy for one desk (``store.policy.WritePolicy``): the services'
    guard (roles, official units) and the official at work, both read from the :class:`Event`
    it serves, so a login, a logout or a replay acting as a kept official is seen at once."""

    def __init__(self) -> None:
        self.event: Event | None = None

    def check(self, action: str, stage: int | None, number: int | None, reason: str | None) -> None:
        if self.event is not None:
            self.event._guard(action, stage, number, reason)

    @property
    def official(self) -> str | None:
        return (self.event.official or {}).get("name") if self.event is not None else None


class Event:
    """An open event file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, store: EventStore, policy: DeskPolicy | None = None) -> None:
        self.store = store
        if policy is not None:  # the policy the store was opened with reads this desk's rules
            policy.event = self
        self._data: EventData | None = None
        #: the last snapshot the desk had (with what it keyed since): keying goes on over it while
        #: the store cannot be reached and the snapshot was dropped (after a replay, a change)
        self._last_data: EventData | None = None
        self._listeners: list[Listener] = []
        self.auto_backup: AutoBackup | None = None
        #: The clock of PIN locks, publications and protest windows (tests move it by hand).
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        #: The official logged in: {"name", "role"}; None when nobody is.
        self.official: dict[str, str] | None = None
        self._officials: list[dict[str, Any]] | None = None
        self._published: dict[tuple[int, str], dict[str, Any]] | None = None
        self.closed = False
        self._starts: dict[tuple[int, int], int] | None = None
        #: the writer's commits seen so far (a read-only desk compares it twice a second); on a
        #: server, the journal head the snapshot holds
        self._data_version = store.data_version()
        #: set (from the listening thread) when a commit was announced and the desk not yet
        #: woken for it: a burst of notices wakes the desk once (see ``listen``)
        self._woken = threading.Event()
        #: the changes this desk made while the store could not be reached (None: read-only)
        self.outbox: Outbox | None = None
        #: what some reads answered last (used while the store cannot be reached), read at open so
        #: that a desk losing its server before showing a crew still knows the start lists
        self._seen: dict[str, Any] = {}
        if not store.readonly:
            for read in ("starts", "desk_settings"):
                self._last_known(read)
            uid = store.event_uid()
            if uid:
                self.outbox = Outbox(outbox_path(uid, store.identity.desk))
                try:
                    self.outbox.count()
                except OutboxError as exc:  # the event opens; the damaged outbox is kept aside
                    try:
                        where = f"kept as {self.outbox.set_aside()}"
                    except OSError as why:
                        where = f"left where it is ({why.strerror})"
                        self.outbox = None  # no outbox rather than one that cannot be read
                    store.warnings.append(
                        f"{exc}: {where}; changes keyed offline in it were NOT sent"
                    )
                    log.error("%s; %s", exc, where)
            self._start_auto_backup()
            if self.pending_changes():
                try:  # a desk restarted with changes kept: they go first
                    self.replay()
                except StoreError as exc:  # the desk opens all the same, OFFLINE, and tries again
                    log.warning(
                        "%s: %d changes kept, not sent yet: %s",
                        self.path,
                        self.pending_changes(),
                        exc,
                    )

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> Event:
        policy = DeskPolicy()
        event = cls(EventStore.open(path, readonly=readonly, policy=policy), policy)
        log.info("opened %s%s", event.path, " read-only" if event.readonly else "")
        return event

    @classmethod
    def create(
        cls,
        path: str | Path,
        name: str,
        tie_break: str = "last-stage",
        time_style: str = "dakar",
        language: str = "en",
        timezone: str | None = None,
    ) -> Event:
        settings = Settings(
            name=name,
            tie_break=tie_break,
            time_style=time_style,
            language=language,
            timezone=timezone,
        )
        validate_settings(settings)
        policy = DeskPolicy()
        event = cls(EventStore.create(path, settings, policy=policy), policy)
        log.info("created %s (%s)", event.path, name)
        return event

    def close(self) -> None:
        self.closed = True
        if self.outbox is not None:
            self.outbox.close()
        self.store.close()
        log.info("closed %s", self.path)

    def __enter__(self) -> Event:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | ServerAddress:
        """The event file, or for an event on a server its address without the password."""
        return self.store.path

    @property
    def location(self) -> EventLocation:
        """Where the event is, for titles and dialogs: its ``name``, a ``title`` to name exports
        after, the ``folder`` to propose them in (a server's: the user's home)."""
        return self.store.location

    @property
    def on_server(self) -> bool:
        """The event is a database on a PostgreSQL server (several desks may write it)."""
        return self.store.location.on_server

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    @property
    def warnings(self) -> list[str]:
        """What the official must know about where the event lies (a network file system)."""
        return list(self.store.warnings)

    def subscribe(self, listener: Listener) -> None:
        """Called after every committed change with (kind, details); the GUI refreshes on it."""
        self._listeners.append(listener)

    def _changed(self, kind: Change, data: EventData | None = None, **details: Any) -> None:
        """After a commit: keep the snapshot when the caller derived it, else reload lazily."""
        self._data = data
        if data is not None:
            self._last_data = data
        self._own_write_seen(data)
        self._starts = None
        for listener in list(self._listeners):
            listener(kind, details)
        if self.auto_backup is not None and kind != Change.BACKUP:
            self.auto_backup.note_change()
            if self.auto_backup.maybe_backup() is None and self.auto_backup.warning:
                for listener in list(self._listeners):
                    listener(Change.BACKUP, {"warning": self.auto_backup.warning})

    # ------------------------------------------------------------------ backups

    def _start_auto_backup(self) -> None:
        if self.on_server:  # automatic backups copy a file; a server keeps its own
            return
        folder, minutes, keep = self.backup_settings()
        if folder:
            self.auto_backup = AutoBackup(
                self.path, Path(folder), minutes, keep, uid=self.store.event_uid()
            )

    def set_backup_folder(
        self,
        folder: str | Path | None,
        every_minutes: float = BACKUP_EVERY_MINUTES,
        keep: int = BACKUP_KEEP,
    ) -> None:
        """Where automatic backups go (kept in the event file); None turns them off."""
        if self.on_server:  # nothing to turn off; a folder cannot be served
            if folder:
                raise RallyDeskError(SERVER_BACKUPS.format(where=self.path))
            return
        if every_minutes <= 0 or keep < 1:
            raise RallyDeskError(
                "backups need an interval above 0 minutes and at least 1 copy to keep"
            )
        self.store.put_desk_setting("backup_folder", str(folder) if folder else None)
        self.store.put_desk_setting("backup_minutes", str(every_minutes))
        self.store.put_desk_setting("backup_keep", str(keep))
        self.auto_backup = None
        self._start_auto_backup()

    def backup_settings(self) -> tuple[str | None, float, int]:
        s = self.store.desk_settings()
        return (
            s.get("backup_folder"),
            float(s.get("backup_minutes") or BACKUP_EVERY_MINUTES),
            int(s.get("backup_keep") or BACKUP_KEEP),
        )

    def backup_now(self, why: str = "requested") -> Path | None:
        """A snapshot now (before every publication); None and a warning if the target fails."""
        if self.auto_backup is None:
            return None
        written = self.auto_backup.backup_now(why)
        if written is None and self.auto_backup.warning:
            for listener in list(self._listeners):
                listener(Change.BACKUP, {"warning": self.auto_backup.warning})
        return written

    @property
    def data(self) -> EventData:
        if self._data is None:
            try:
                self._data = self.store.load()
            except StoreUnavailable:
                if self._last_data is None:
                    raise
                # the server is lost again, after a reconnect dropped the snapshot: the desk keys
                # on over what it saw last (kept changes carry it; a clash is listed at replay)
                log.info("%s: store lost; the last snapshot stands in", self.path)
                self._data = self._last_data
        self._last_data = self._data
        return self._data

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes in one transaction: all of them, or none."""
        written = False
        try:
            with self.store.batch():
                yield
            written = True
        finally:
            self._changed(Change.BATCH, written=written)

    # ------------------------------------------------------------------ set-up

    def update_settings(self, reason: str | None = None, **changes: Any) -> None:
        before = self.data.settings
        settings = dataclasses.replace(before, **changes)
        validate_settings(settings)
        changed = {
            f.name
            for f in dataclasses.fields(settings)
            if getattr(settings, f.name) != getattr(before, f.name)
        }
        if not changed:
            return  # nothing to write (the set-up tab saves every field at once)
        publication_only = changed <= {"document_prefix", "protest_minutes"}
        self.store.update_settings(
            settings, reason, "event.publication" if publication_only else "event.settings"
        )
        self._changed(Change.SETTINGS)

    def put_stage(self, stage: Stage, reason: str | None = None) -> None:
        self.store.put_stage(stage, reason)
        self._changed(Change.STAGE, stage=stage.number)

    def put_group(self, group: Group, reason: str | None = None) -> None:
        self.store.put_group(group, reason)
        self._changed(Change.GROUP, code=group.code)

    def put_entry(self, entry: Entry, reason: str | None = None) -> None:
        self.store.put_entry(entry, reason)
        self._changed(Change.ENTRY, number=entry.number)

    # ------------------------------------------------------------------ timing

    def _require(self, stage: int, number: int) -> tuple[Stage, Entry]:
        data = self.data
        try:
            st = data.stage(stage)
        except KeyError:
            raise unknown_stage(stage, (s.number for s in data.stages)) from None
        try:
            entry = data.entry(number)
        except KeyError:
            raise UnknownReference(f"race number {number} is not entered in this event") from None
        return st, entry

    def build_time(
        self,
        stage: int,
        number: int,
        elapsed: str | int | None = None,
        start: str | int | None = None,
        finish: str | int | None = None,
        status: str = "OK",
        nominal: str | int | None = None,
        reason: str | None = None,
    ) -> StageTime:
        """Validate one keyed result without writing it (the GUI previews with it)."""
        self._require(stage, number)
        status = (status or "OK").strip().upper()
        if status not in STATUSES:
            raise RallyDeskError(f"status {status!r} is unknown; accepted: {', '.join(STATUSES)}")
        start_ms = _ms(start, T.parse_time_of_day, "start")
        finish_ms = _ms(finish, T.parse_time_of_day, "finish")
        elapsed_ms = _ms(elapsed, T.parse_duration, "elapsed")
        nominal_ms = _ms(nominal, T.parse_duration, "nominal")
        if (start_ms is None) != (finish_ms is None) and elapsed_ms is None and status == "OK":
            raise RallyDeskError("a start needs a finish (or key the elapsed time)")
        if start_ms is not None and finish_ms is not None:
            from_clock = elapsed_from(start_ms, finish_ms)
            if elapsed_ms is not None and elapsed_ms != from_clock:
                raise RallyDeskError(
                    f"elapsed {T.format_duration(elapsed_ms, 'plain', 1)} disagrees with finish − start "
                    f"= {T.format_duration(from_clock, 'plain', 1)}; key one or the other"
                )
            elapsed_ms = from_clock
        if status == "OK" and elapsed_ms is None:
            raise RallyDeskError("an OK result needs an elapsed time, or a start and a finish")
        for name, value in (("elapsed", elapsed_ms), ("nominal", nominal_ms)):
            if value is not None and value < 0:
                raise RallyDeskError(f"{name} time cannot be negative")
            if value is not None and value > MAX_STAGE_MS:
                raise RallyDeskError(
                    f"{name} {T.format_duration(value, 'plain', 1)} is absurd for one stage "
                    f"(more than {MAX_STAGE_MS // 3_600_000} hours); check the keying"
                )
        if nominal_ms is not None and status not in ("DNS", "DNF"):
            raise RallyDeskError(f"a nominal time is given for DNS or DNF, not for {status}")
        return StageTime(
            stage,
            number,
            status,
            elapsed_ms,
            start_ms,
            finish_ms,
            nominal_ms,
            (reason or None) and reason.strip(),
        )

    def record_time(
        self,
        stage: int,
        number: int,
        elapsed: str | int | None = None,
        start: str | int | None = None,
        finish: str | int | None = None,
        status: str = "OK",
        nominal: str | int | None = None,
        reason: str | None = None,
        expected: Expected = NOT_GIVEN,
        change_id: str | None = None,
    ) -> StageTime:
        """Record one result; returns once it is durably on disk (WAL, synchronous=FULL), or kept
        in the desk's outbox when the store cannot be reached.

        ``expected`` is the result the desk saw (None: none); when the stored one differs,
        :class:`Conflict` is raised and nothing is replaced. Without it, as before: replace."""
        t = self.build_time(stage, number, elapsed, start, finish, status, nominal, reason)
        return self._put_time(t, t.reason, expected, change_id)

    def _put_time(
        self, t: StageTime, why: str | None, expected: Expected, change_id: str | None
    ) -> StageTime:
        before = self.data
        cid = change_id or new_change_id()
        self._send(
            "time.record",
            {"time": _time_json(t), "why": why},
            cid,
            expected,
            before.time_of(t.stage, t.number),
            (t.stage, t.number, why),
            lambda: self.store.put_time(t, reason=why, change_id=cid, expected=expected),
        )
        self._changed(
            Change.TIME, before.with_time(t.stage, t.number, t), stage=t.stage, number=t.number
        )
        return t

    # ------------------------------------------------------------------ offline: the outbox

    def _send(
        self,
        op: str,
        args: dict[str, Any],
        change_id: str,
        expected: Expected,
        seen: StageTime | None,
        guarded: tuple[int | None, int | None, str | None] | None,
        write: Callable[[], Any],
    ) -> Any:
        """Write now, or keep the change in the outbox when the store cannot be reached (and while
        earlier changes wait there: the server gets them in the order they were made).

        ``seen`` is what the desk's snapshot holds there: kept as the change's expected value when
        the caller gave none, so a replay never silently overwrites another desk's result."""
        if not self.pending_changes():
            try:
                return write()
            except Conflict:
                # another desk wrote meanwhile: the desk's snapshot is stale, read it again
                self._changed(Change.EXTERNAL)
                raise
            except StoreUnavailable as exc:
                if self.outbox is None:
                    raise
                log.warning("%s: store lost (%s); keying goes on into the outbox", self.path, exc)
        if self.outbox is None:
            raise RallyDeskError(f"{self.path}: opened read-only; changes are not possible")
        self.store.last_journal_id = None  # kept, not written: no journal row of this desk's
        if guarded is not None:
            try:  # the server checks again at replay; a refusal then is listed, never lost
                self._guard(op, *guarded)
            except StoreUnavailable:
                pass
        kept = (
            expected
            if expected is not NOT_GIVEN
            else (seen if op.startswith("time.") else NOT_GIVEN)
        )
        official = self.official or {}
        if op == "adjustment.add":  # a negative id the desk shows until the server gives one
            args["provisional"] = self.outbox.next_provisional_id()
        self.outbox.append(
            op,
            args,
            change_id,
            None if kept is NOT_GIVEN else {"time": _time_json(kept)},
            self.store.identity.desk,
            official.get("name"),
            official.get("role"),
        )
        self._notify(Change.OFFLINE, offline=True, pending=self.outbox.count())
        return None

    def _last_known(self, read: str) -> Any:
        """A store read the keying needs (start lists, speed ranges): while the store cannot be
        reached, what it answered last, so the desk keeps keying offline."""
        try:
            value = getattr(self.store, read)()
        except StoreUnavailable:
            if read not in self._seen:
                raise
            return self._seen[read]
        self._seen[read] = value
        return value

    def pending_changes(self) -> int:
        """How many changes this desk keeps in its outbox, waiting for the store."""
        return self.outbox.count() if self.outbox is not None else 0

    @property
    def offline(self) -> bool:
        """True while changes wait in the outbox (the desk shows OFFLINE)."""
        return self.pending_changes() > 0

    def try_reconnect(self) -> bool:
        """Reach the store again and send what waits; True when nothing waits any more.
        The desk calls it on a timer while offline. A store that answers but fails otherwise (a
        full disk) raises its StoreError: the desk says so, the changes stay kept."""
        if not self.pending_changes():
            return True
        try:
            self.store.reconnect()
            self.replay()
        except StoreUnavailable as exc:
            log.info("%s: still offline (%s)", self.path, exc)
            return False
        return not self.pending_changes()

    def replay(self) -> dict[str, int]:
        """Send the outbox in order, each change once (by its id: one already applied is answered,
        not applied again). A conflict or a refusal is kept in :meth:`conflicts` and the replay goes
        on; a store that fails (StoreUnavailable, any StoreError) stops it, raised, and what is
        left stays kept."""
        outbox = self.outbox
        if outbox is None or not outbox.count():
            return {"sent": 0, "conflicts": 0, "pending": 0}
        sent = conflicts = 0
        try:
            for item in outbox.pending():
                try:
                    real_id = self._replay_one(item)
                except StoreError:
                    raise  # the store itself failed (lost, full disk): the change stays kept
                except RallyDeskError as exc:  # a conflict, or a refusal (roles, a lock)
                    outbox.to_conflict(item["seq"], self._conflict_record(item, exc))
                    conflicts += 1
                    log.warning("%s: replay of %s refused: %s", self.path, item["op"], exc)
                else:
                    adjustment = (item["args"]["provisional"], real_id) if real_id else None
                    outbox.done(item["seq"], adjustment)
                    sent += 1
        finally:
            if not outbox.count():  # all sent: the store's state is the truth again
                self._data = None
                self._published = None
                self._officials = None
            self._notify(
                Change.OFFLINE,
                offline=outbox.count() > 0,
                pending=outbox.count(),
                sent=sent,
                conflicts=conflicts,
            )
            if (sent or conflicts) and not outbox.count():
                # several changes at once, as an import: every view shows the store's state again
                self._changed(Change.BATCH, written=True)
        log.info("%s: replayed %d changes, %d conflicts", self.path, sent, conflicts)
        return {"sent": sent, "conflicts": conflicts, "pending": outbox.count()}

    def _replay_one(self, item: dict[str, Any]) -> int | None:
        """Apply one kept change as its official made it; the real id of an adjustment added."""
        assert self.outbox is not None
        op, args, cid = item["op"], item["args"], item["change_id"]
        expected: Expected = (
            time_from_row(item["expected"]["time"]) if item["expected"] else NOT_GIVEN
        )
        official = self.official  # the policy names whoever self.official names
        if item["official"]:
            self.official = {"name": item["official"], "role": item["role"] or "timekeeper"}
        try:
            if op == "time.record":
                t = time_from_row(args["time"])
                assert t is not None
                self.store.put_time(t, reason=args["why"], change_id=cid, expected=expected)
            elif op == "time.delete":
                self.store.delete_time(
                    args["stage"], args["number"], args["reason"], change_id=cid, expected=expected
                )
            elif op == "adjustment.add":
                a = Adjustment(**dict(args["adjustment"], id=0))
                return self.store.add_adjustment(a, change_id=cid)
            elif op == "adjustment.revoke":
                self.store.revoke_adjustment(
                    self.outbox.real_adjustment_id(args["id"]), args["reason"], change_id=cid
                )
            elif op == "adjustment.edit":
                self.store.edit_adjustment(
                    self.outbox.real_adjustment_id(args["id"]),
                    args["changes"],
                    args["why"],
                    change_id=cid,
                )
            elif op == "second.record":
                t = time_from_row(args["time"])
                assert t is not None
                self.store.put_second(
                    t, args["keyed_by"], args["action"], args["reason"], change_id=cid
                )
            else:
                raise RallyDeskError(f"outbox: unknown change {op!r}")
        finally:
            self.official = official
        return None

    def _conflict_record(self, item: dict[str, Any], exc: RallyDeskError) -> dict[str, Any]:
        """What the results manager needs to settle a change the server refused."""
        args = item["args"]
        mine = args.get("time") if item["op"] == "time.record" else None
        stage = args.get("stage", (args.get("time") or args.get("adjustment") or {}).get("stage"))
        number = args.get(
            "number", (args.get("time") or args.get("adjustment") or {}).get("number")
        )
        record: dict[str, Any] = {
            "change_id": item["change_id"],
            "op": item["op"],
            "args": args,
            "stage": stage,
            "number": number,
            "mine": mine,
            "expected": item["expected"],
            "my_desk": item["desk"],
            "my_official": item["official"],
            "keyed_at": item["at"],
            "message": str(exc),
        }
        if isinstance(exc, Conflict):
            record.update(
                stage=exc.stage,
                number=exc.number,
                theirs=_time_json(exc.stored),
                their_desk=exc.stored_by.get("desk"),
                their_official=exc.stored_by.get("official") or exc.stored_by.get("user"),
            )
        return record

    def conflicts(self) -> list[dict[str, Any]]:
        """The changes the server refused on replay, not yet settled: number, stage, this desk's
        value and the stored one (as StageTime, None: no result), both desks, the message."""
        if self.outbox is None:
            return []
        out = []
        for c in self.outbox.conflicts():
            c = dict(c)
            c["mine"] = time_from_row(c["mine"])
            c["theirs"] = time_from_row(c["theirs"])
            c["mine_text"] = self._describe(c["mine"]) if c["mine"] else _what_op(c)
            c["theirs_text"] = self._describe(c["theirs"]) if c["theirs"] else "—"
            out.append(c)
        return out

    def settle_conflict(self, conflict_id: int, keep: str, reason: str) -> None:
        """The results manager settles a conflict: keep this desk's change ("mine": written now,
        over the stored value it saw in the conflict) or the stored one ("theirs": a result is
        confirmed as it stands). Either way with a reason: in the event's journal for a result
        (the confirming row of "theirs" changes no value), and in the outbox's record."""
        if not reason or not reason.strip():
            raise RallyDeskError("settling a conflict needs a reason")
        self._check_role("adjustment")  # a results manager (or the clerk) decides
        found = next((c for c in self.conflicts() if c["id"] == conflict_id), None)
        if found is None:
            raise RallyDeskError(f"conflict {conflict_id} does not exist or is already settled")
        assert self.outbox is not None
        why = f"conflict settled: {reason.strip()}"
        if keep == "mine":
            if found["op"] == "time.record":
                self._put_time(found["mine"], why, found["theirs"], None)
            elif found["op"] == "time.delete":
                self._delete(found["stage"], found["number"], why, found["theirs"], None)
            else:
                item = {
                    "op": found["op"],
                    "args": found["args"],
                    "change_id": new_change_id(),
                    "expected": None,
                    "official": (self.official or {}).get("name"),
                    "role": (self.official or {}).get("role"),
                }
                self._replay_one(item)
                self._changed(Change.BATCH, written=True)
        elif keep == "theirs":
            if found["op"].startswith("time.") and found["theirs"] is not None:
                self._put_time(found["theirs"], why, found["theirs"], None)
        else:
            raise RallyDeskError(f"keep {keep!r}: accepted mine, theirs")
        self.outbox.settle(
            conflict_id,
            keep,
            reason.strip(),
            (self.official or {}).get("name") or self.store.identity.user,
        )
        self._notify(Change.OFFLINE, offline=self.offline, pending=self.pending_changes())

    def review_time(self, t: StageTime) -> Any:
        """What the desk must refuse or ask before writing ``t`` (``domain.checks.review``)."""
        from .domain.checks import review

        return review(self.data, t, self.speed_ranges())

    def speed_ranges(self) -> dict[str, tuple[float, float]]:
        """The usual average speed on a special per category (km/h), the defaults under "": what
        the first crew of a stage is judged by (domain/checks.py) before there are others."""
        from .domain.checks import DEFAULT_SPEEDS_KMH

        ranges = dict(DEFAULT_SPEEDS_KMH)
        for key, value in self._last_known("desk_settings").items():
            if key.startswith(SPEED_SETTING) and value:
                low, _, high = value.partition("-")
                ranges[key[len(SPEED_SETTING) :]] = (float(low), float(high))
        return ranges

    def set_speed_range(self, category: str, low: float | None, high: float | None) -> None:
        """Set (or with None, None, go back to the default for) one category's usual speed range."""
        from .domain.checks import DEFAULT_SPEEDS_KMH

        if category not in {c.code for c in self.data.categories()}:
            known = ", ".join(c.code for c in self.data.categories()) or "none yet"
            raise RallyDeskError(f"{category!r} is not a category (categories: {known})")
        if low is None and high is None:
            self.store.put_desk_setting(SPEED_SETTING + category, None)
            return
        default = DEFAULT_SPEEDS_KMH[""]
        low = default[0] if low is None else low
        high = default[1] if high is None else high
        if not (0 < low < high <= MAX_SPEED_KMH):
            raise RallyDeskError(
                f"usual speed of {category}: {low:g}–{high:g} km/h is not a range; expected a lowest"
                f" and a highest average above 0 and up to {MAX_SPEED_KMH} km/h, lowest first"
            )
        self.store.put_desk_setting(SPEED_SETTING + category, f"{low:g}-{high:g}")

    def still_without_time(self, stage: int, category: str | None = None) -> list[Entry]:
        from .domain.checks import still_without_time

        return still_without_time(self.data, stage, category)

    def find_entries(self, text: str) -> list[Entry]:
        """Race numbers starting with the digits, or crews, teams and vehicles containing the words."""
        from .domain.names import crew_label

        query = (text or "").strip().casefold()
        if not query:
            return []
        if query.isdigit():
            exact = [e for e in self.data.entries if str(e.number) == query]
            return exact + [
                e for e in self.data.entries if str(e.number).startswith(query) and e not in exact
            ]
        return [
            e
            for e in self.data.entries
            if query
            in " ".join(
                [crew_label(e), *(m.name for m in e.crew), e.team or "", e.vehicle or ""]
            ).casefold()
        ]

    def recent_keyed(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest keyed results from the journal, newest first (the desk's list after a restart)."""
        import json

        out = []
        for r in self.store.recent_times(limit):
            new = json.loads(r["new"]) if isinstance(r.get("new"), str) else r.get("new")
            out.append(dict(r, new=new))
        return out

    def poll_external(self) -> bool:
        """A read-only desk follows the writer, a desk on a server the other desks: True (and
        listeners told) when another desk committed since the desk last looked."""
        if self.closed:
            return False
        self._woken.clear()  # notices arriving from now on wake the desk again
        try:
            return self._look()
        except StoreUnavailable:
            listener = self.store.listener
            if listener is None or not listener.listening or self.pending_changes():
                raise  # (changes kept offline: the desk's reconnect timer sends them first)
            # the server answers the listening connection again (it restarted): only this
            # desk's own connection is the one lost; dial it again and look once more
            log.info("%s: the server is back; connecting again", self.path)
            self.store.reconnect()
            return self._look()

    def _look(self) -> bool:
        if self.on_server and self._data is not None and not self.pending_changes():
            return self._catch_up()  # (a snapshot holding changes kept offline is reloaded)
        version = self.store.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self._changed(Change.EXTERNAL)
        return True

    def _catch_up(self) -> bool:
        """On a server: when other desks only keyed results since the snapshot's head (the usual
        case), re-read just those results and derive the snapshot, as for a time keyed here;
        anything else reloads the whole event. Details: stage and number when one result changed
        (the views highlight it), ``times``: how many."""
        assert self._data is not None
        head, changed = self.store.time_changes_since(self._data_version)
        if head == self._data_version:
            return False
        self._data_version = head
        if changed is None:
            self._changed(Change.EXTERNAL)
            return True
        data = self._data
        for stage, number, t in changed:
            data = data.with_time(stage, number, t)
        one = {"stage": changed[0][0], "number": changed[0][1]} if len(changed) == 1 else {}
        self._changed(Change.EXTERNAL, data, times=len(changed), **one)
        return True

    def listen(self, wake: Callable[[], None]) -> bool:
        """On a server: call ``wake`` as soon as another desk commits, so that the desk calls
        :meth:`poll_external` at once rather than on its next poll. False for a file (nothing to
        listen to: its reader polls ``data_version``, its writer is this desk).

        ``wake`` is called from a background thread: it must only hand over to the desk's own
        thread (a queued Qt signal, a ``threading.Event``). Notices are coalesced: after one
        ``wake``, the next comes only once ``poll_external`` has run; the desk's own writes, which
        its snapshot already holds, wake nobody. A lost listening connection is dialled again on
        its own, followed by one ``wake`` (what was committed meanwhile); a slow poll of
        ``poll_external`` remains the safety net for a connection that is silently gone."""

        def notice(journal_id: int | None) -> None:
            if self.closed or (journal_id is not None and journal_id <= self._data_version):
                return
            if self._woken.is_set():
                return
            self._woken.set()
            try:
                wake()
            except Exception:  # a desk closing meanwhile: its poll still catches up
                self._woken.clear()
                log.exception("%s: waking the desk for another desk's change failed", self.path)

        return self.store.listen(notice)

    def _own_write_seen(self, data: EventData | None) -> None:
        """On a server, the head the snapshot holds moves with this desk's own write when the
        write added the very next journal row to a snapshot derived by the caller: no other desk
        wrote in between, so its announcement needs no reload (any other case reloads, safely).
        Inside a batch nothing is committed yet (it may still be rolled back): no move."""
        written = self.store.last_journal_id
        if self.on_server and self.store.in_transaction():
            return
        self.store.last_journal_id = None
        if (
            self.on_server
            and data is not None
            and written is not None
            and written == self._data_version + 1
        ):
            self._data_version = written

    def writer(self) -> str | None:
        """Who writes the event now (desk, user, since when), as the lock file says; None if nobody."""
        return self.store.writer()

    # ------------------------------------------------------------------ start lists

    def build_start(self, stage: int, number: int, start: str | int) -> int:
        """Check one start time (a time of day, RULES §7); its milliseconds since midnight."""
        self._require(stage, number)
        start_ms = _ms(start, T.parse_time_of_day, "start")
        if start_ms is None:
            raise RallyDeskError("start: a start time of day is needed, e.g. 08:10:00")
        return start_ms

    def starts_of(self, stage: int) -> dict[int, int]:
        """The stage's start list: race number → start time of day (ms)."""
        if self._starts is None:
            self._starts = self._last_known("starts")
        return {n: ms for (s, n), ms in self._starts.items() if s == stage}

    def start_of(self, stage: int, number: int) -> int | None:
        if self._starts is None:
            self._starts = self._last_known("starts")
        return self._starts.get((stage, number))

    def set_starts(
        self, stage: int, starts: dict[int, str | int], reason: str | None = None
    ) -> None:
        """Write a stage's start times, all or none (each in the journal)."""
        rows = [(stage, n, self.build_start(stage, n, v)) for n, v in starts.items()]
        self.store.put_starts(rows, reason)
        self._changed(Change.STARTS, self._data, stage=stage)

    def start_order(self, stage: int, order: str | list[int] = "previous") -> list[int]:
        """Who starts first: the overall after the previous stage (then those not classified, by
        number), or a list of race numbers; crews out of the event before the stage are left out."""
        from .domain.checks import out_before

        data = self.data
        if isinstance(order, list):
            numbers = order
        else:
            earlier = [s.number for s in data.stages if s.number < stage]
            numbers = []
            if earlier:
                for cat in data.categories():
                    c = self.classification(max(earlier), True, cat.code)
                    numbers.extend(r.number for r in c.rows)
            numbers.extend(e.number for e in data.entries if e.number not in numbers)
        return [n for n in numbers if out_before(data, stage, n) is None]

    def generate_starts(
        self,
        stage: int,
        first: str | int,
        interval: str | int,
        order: str | list[int] = "previous",
        write: bool = True,
    ) -> dict[int, int]:
        """Start times from the first start and an interval (a duration: 1', 0:00:30, 100 = 1:00)."""
        first_ms = _ms(first, T.parse_time_of_day, "first start")
        interval_ms = _ms(interval, T.parse_duration, "interval")
        if first_ms is None or interval_ms is None or interval_ms <= 0:
            raise RallyDeskError(
                "a start list needs a first start time of day and an interval above zero"
            )
        if stage not in {s.number for s in self.data.stages}:
            raise UnknownReference(f"stage {stage} does not exist")
        starts = {
            n: first_ms + i * interval_ms for i, n in enumerate(self.start_order(stage, order))
        }
        if write:
            self.store.put_starts(
                [(stage, n, ms) for n, ms in starts.items()], "start list generated"
            )
            self._changed(Change.STARTS, self._data, stage=stage)
        return starts

    def start_list(self, stage: int) -> list[dict[str, Any]]:
        """The stage's start list in start order, for the desk and the printed sheet."""
        from .domain.names import crew_label

        rows = []
        for number, ms in sorted(self.starts_of(stage).items(), key=lambda kv: (kv[1], kv[0])):
            try:
                e = self.data.entry(number)
            except KeyError:
                continue
            rows.append(
                {
                    "number": number,
                    "start_ms": ms,
                    "start": T.format_time_of_day(ms),
                    "crew": crew_label(e),
                    "class": e.class_code,
                    "team": e.team or "",
                    "vehicle": e.vehicle or "",
                }
            )
        return rows

    def export_start_list(self, stage: int, out: str | Path, language: str | None = None) -> Path:
        """The stage's start list printed as .xlsx or .pdf through the sheets' document model."""
        from .io.sheet_model import start_list_document

        out = Path(out)
        if out.suffix.lower() not in (".xlsx", ".pdf"):
            raise RallyDeskError(f"{out}: name the file .xlsx (workbook) or .pdf")
        document = start_list_document(
            self.data, self.state_digest(), stage, self.starts_of(stage), language
        )
        if out.suffix.lower() == ".pdf":
            from .io.pdf import write_pdf

            return write_pdf(document, out)
        from .io.excel import write_workbook

        return write_workbook(document, out)

    def crew_card(self, number: int) -> dict[str, Any]:
        """One crew over the event: per stage its time, position, penalties and status, and the
        overall position after each stage (the card's small chart)."""
        from .domain.names import crew_label

        data = self.data
        try:
            e = data.entry(number)
        except KeyError:
            raise UnknownReference(f"race number {number} is not entered in this event") from None
        category = data.category_of_class(e.class_code)
        style = data.settings.time_style
        stages = []
        for st in data.stages:
            t = data.time_of(st.number, number)
            row: dict[str, Any] = {
                "stage": st.number,
                "name": st.name,
                "status": t.status if t else "",
                "reason": (t.reason or "") if t else "",
                "time": "",
                "position": None,
                "penalty": "",
                "overall_position": None,
                "overall_time": "",
            }
            stage_c = self.classification(st.number, False, None, category)
            mine = next((r for r in stage_c.rows if r.number == number), None)
            if mine is not None:
                row.update(
                    time=T.format_duration(mine.time_ms, style, stage_c.precision_ms),
                    position=mine.position,
                    penalty=T.format_gap(mine.penalty_ms, style, stage_c.precision_ms)
                    if mine.penalty_ms
                    else "",
                )
            elif t is not None and t.elapsed_ms is not None:
                row["time"] = T.format_duration(t.elapsed_ms, style, st.precision_ms)
            overall = self.classification(st.number, True, None, category)
            mine = next((r for r in overall.rows if r.number == number), None)
            if mine is not None:
                row.update(
                    overall_position=mine.position,
                    overall_time=T.format_duration(mine.time_ms, style, overall.precision_ms),
                )
            stages.append(row)
        adjustments = [a.describe() for a in data.adjustments if a.number == number]
        return {
            "number": number,
            "crew": crew_label(e),
            "class": e.class_code,
            "team": e.team or "",
            "vehicle": e.vehicle or "",
            "category": category,
            "stages": stages,
            "adjustments": adjustments,
            "journal": self.journal(number=number),
        }

    # ------------------------------------------------------------------ double keying

    def record_second(
        self,
        stage: int,
        number: int,
        official: str,
        elapsed: str | int | None = None,
        start: str | int | None = None,
        finish: str | int | None = None,
        status: str = "OK",
        reason: str | None = None,
        change_id: str | None = None,
    ) -> StageTime:
        """A blind second keying of one result by another official (Timing > Verify stage)."""
        if not official or not official.strip():
            raise RallyDeskError("double keying: the second official's name is needed")
        t = self.build_time(stage, number, elapsed, start, finish, status, None, reason)
        self._put_second(t, official.strip(), "second.record", None, change_id)
        return t

    def _put_second(
        self, t: StageTime, keyed_by: str, action: str, reason: str | None, change_id: str | None
    ) -> None:
        cid = change_id or new_change_id()
        self._send(
            "second.record",
            {"time": _time_json(t), "keyed_by": keyed_by, "action": action, "reason": reason},
            cid,
            NOT_GIVEN,
            None,
            None,
            lambda: self.store.put_second(t, keyed_by, action, reason, change_id=cid),
        )
        self._changed(Change.SECOND_KEYING, self._data, stage=t.stage, number=t.number)

    def mismatches(self, stage: int) -> list[dict[str, Any]]:
        """Every result where the two keyings differ, then those keyed once only, with who keyed
        each; ``kind`` says which ("differ", "first only", "second only")."""
        seconds = {r["number"]: r for r in self.store.seconds(stage)}
        if not seconds:
            return []
        by = self.store.keyed_by(stage)
        out = []
        firsts = {t.number: t for t in self.data.times if t.stage == stage}
        for number in sorted(set(seconds) | set(firsts)):
            first, second = firsts.get(number), seconds.get(number)
            a = (first.status, first.elapsed_ms) if first else None
            b = (second["status"], second["elapsed_ms"]) if second else None
            if a != b:
                out.append(
                    {
                        "number": number,
                        "first": self._describe(first) if first else "—",
                        "second": self._describe_row(second) if second else "—",
                        "first_by": by.get(number) or "",
                        "second_by": second["keyed_by"] if second else "",
                        "kind": "differ"
                        if first and second
                        else ("first only" if first else "second only"),
                    }
                )
        # a real disagreement first: the crews not yet keyed a second time are the rest of the work
        return sorted(out, key=lambda m: m["kind"] != "differ")

    def verified(self, stage: int) -> bool:
        """A stage is verified when it was keyed twice and no mismatch remains."""
        return bool(self.store.seconds(stage)) and not self.mismatches(stage)

    def settle(
        self, stage: int, number: int, keep: str, reason: str, change_id: str | None = None
    ) -> None:
        """The results manager settles a mismatch: keep the first keying, or take the second."""
        if not reason or not reason.strip():
            raise RallyDeskError("settling a mismatch needs a reason")
        seconds = {r["number"]: r for r in self.store.seconds(stage)}
        first = self.existing_time(stage, number)
        second = seconds.get(number)
        if keep == "second":
            if second is None:
                raise RallyDeskError(f"#{number} has no second keying on stage {stage}")
            self.record_time(
                stage,
                number,
                elapsed=second["elapsed_ms"],
                status=second["status"],
                reason=second["reason"] or reason.strip(),
                change_id=change_id,
            )
        elif keep == "first":
            if first is None:
                raise RallyDeskError(f"#{number} has no first keying on stage {stage}")
            self._put_second(
                first,
                second["keyed_by"] if second else "results manager",
                "second.settle",
                reason.strip(),
                change_id,
            )
        else:
            raise RallyDeskError(f"keep {keep!r}: accepted first, second")

    def _describe(self, t: StageTime) -> str:
        if t.status == "OK" and t.elapsed_ms is not None:
            return T.format_duration(
                t.elapsed_ms, self.data.settings.time_style, self._precision(t.stage)
            )
        return t.status + (f" ({t.reason})" if t.reason else "")

    def _describe_row(self, r: dict[str, Any]) -> str:
        return self._describe(
            StageTime(
                r["stage"],
                r["number"],
                r["status"],
                r["elapsed_ms"],
                r["start_ms"],
                r["finish_ms"],
                None,
                r["reason"],
            )
        )

    def _precision(self, stage: int) -> int:
        try:
            return self.data.stage(stage).precision_ms
        except KeyError:
            return 1000

    def existing_time(self, stage: int, number: int) -> StageTime | None:
        return self.data.time_of(stage, number)

    def delete_time(
        self,
        stage: int,
        number: int,
        reason: str | None = None,
        expected: Expected = NOT_GIVEN,
        change_id: str | None = None,
    ) -> None:
        """Delete one result; ``expected`` and ``change_id`` as for :meth:`record_time`."""
        self._require(stage, number)
        self._delete(stage, number, reason, expected, change_id)

    def _delete(
        self,
        stage: int,
        number: int,
        reason: str | None,
        expected: Expected,
        change_id: str | None,
    ) -> None:
        before = self.data
        cid = change_id or new_change_id()
        self._send(
            "time.delete",
            {"stage": stage, "number": number, "reason": reason},
            cid,
            expected,
            before.time_of(stage, number),
            (stage, number, reason),
            lambda: self.store.delete_time(stage, number, reason, change_id=cid, expected=expected),
        )
        self._changed(
            Change.TIME, before.with_time(stage, number, None), stage=stage, number=number
        )

    def build_adjustment(
        self,
        stage: int,
        number: int,
        amount: str | int,
        kind: str | None = None,
        applies_to: str | None = None,
        reason: str | None = None,
        article: str | None = None,
        decided_by: str | None = None,
        decision: str | None = None,
        decided_at: str | None = None,
    ) -> Adjustment:
        self._require(stage, number)
        amount_ms = _ms(amount, T.parse_adjustment, "amount")
        if amount_ms is not None and abs(amount_ms) > MAX_STAGE_MS:
            raise RallyDeskError(
                f"amount: {T.format_gap(amount_ms, 'plain')} is absurd for an adjustment"
            )
        if amount_ms is None:
            raise RallyDeskError(
                'amount: an adjustment needs a signed amount, e.g. +0:01:10 or -40"'
            )
        if amount_ms == 0:
            raise RallyDeskError("amount: an adjustment of zero changes nothing")
        kind = (kind or ("penalty" if amount_ms > 0 else "bonus")).strip().lower()
        if kind not in ADJUSTMENT_KINDS:
            raise RallyDeskError(
                f"kind {kind!r} is unknown; accepted: {', '.join(ADJUSTMENT_KINDS)}"
            )
        if kind == "penalty" and amount_ms < 0:
            raise RallyDeskError("a penalty is a positive amount (a bonus or credit is negative)")
        if kind in ("bonus", "credit") and amount_ms > 0:
            raise RallyDeskError(f"a {kind} is a negative amount (a penalty is positive)")
        applies_to = (applies_to or "stage").strip().lower()
        if applies_to not in APPLIES_TO:
            raise RallyDeskError(
                f"applies_to {applies_to!r} is unknown; accepted: {', '.join(APPLIES_TO)}"
            )
        return Adjustment(
            0,
            stage,
            number,
            amount_ms,
            kind,
            applies_to,
            reason or None,
            article or None,
            decided_by or None,
            decided_at or None,
            decision or None,
        )

    def add_adjustment(
        self,
        stage: int,
        number: int,
        amount: str | int,
        kind: str | None = None,
        applies_to: str | None = None,
        reason: str | None = None,
        article: str | None = None,
        decided_by: str | None = None,
        decision: str | None = None,
        decided_at: str | None = None,
        change_id: str | None = None,
    ) -> int:
        """Add a penalty, bonus or credit; returns its id once durably on disk (offline: a
        provisional negative id, replaced by the server's at replay).

        ``decision`` and ``decided_at`` are the stewards' or clerk's decision that imposed it
        (reference and time, ISO 8601); both print in the sheets' penalties block."""
        a = self.build_adjustment(
            stage,
            number,
            amount,
            kind,
            applies_to,
            reason,
            article,
            decided_by,
            decision,
            decided_at,
        )
        self.refuse_duplicate(a)
        before = self.data
        cid = change_id or new_change_id()
        a = dataclasses.replace(
            a,
            decided_by=a.decided_by
            or (self.official or {}).get("name")
            or self.store.identity.user,
            decided_at=a.decided_at or _journal.now_utc(),
        )
        fields = {f.name: getattr(a, f.name) for f in dataclasses.fields(a) if f.name != "id"}
        args: dict[str, Any] = {"adjustment": fields, "provisional": None}
        new_id = self._send(
            "adjustment.add",
            args,
            cid,
            NOT_GIVEN,
            None,
            (a.stage, a.number, a.reason),
            lambda: self.store.add_adjustment(a, change_id=cid),
        )
        if new_id is None:  # kept offline: the id is provisional until the replay
            new_id = int(args["provisional"])
            added = dataclasses.replace(a, id=new_id)
        else:
            try:
                added = self.store.adjustment(new_id) or dataclasses.replace(a, id=new_id)
            except StoreUnavailable:  # written, then lost: the desk shows what it sent
                added = dataclasses.replace(a, id=new_id)
        self._changed(
            Change.ADJUSTMENT,
            before.with_adjustments(before.adjustments + (added,)),
            stage=stage,
            number=number,
            id=new_id,
        )
        return new_id

    def refuse_duplicate(self, a: Adjustment) -> None:
        """An adjustment identical to a live one (stage, number, amount, reason, article) is refused:
        a penalties file imported twice, or a decision keyed twice, must not count twice."""
        same = next((x for x in self.data.adjustments if x.identity == a.identity), None)
        if same is not None:
            raise RallyDeskError(
                f"duplicate: adjustment {same.id} ({same.describe()}) is already recorded; "
                "give a different reason or article if this is a second decision"
            )

    def revoke_adjustment(
        self, adjustment_id: int, reason: str, change_id: str | None = None
    ) -> None:
        if not reason or not reason.strip():
            raise RallyDeskError("revoking an adjustment needs a reason")
        before = self.data
        revoked = next((a for a in before.adjustments if a.id == adjustment_id), None)
        cid = change_id or new_change_id()
        self._send(
            "adjustment.revoke",
            {"id": adjustment_id, "reason": reason.strip()},
            cid,
            NOT_GIVEN,
            None,
            (revoked.stage, revoked.number, reason) if revoked else None,
            lambda: self.store.revoke_adjustment(adjustment_id, reason.strip(), change_id=cid),
        )
        kept = tuple(a for a in before.adjustments if a.id != adjustment_id)
        self._changed(
            Change.ADJUSTMENT,
            before.with_adjustments(kept),
            id=adjustment_id,
            stage=revoked.stage if revoked else None,
            number=revoked.number if revoked else None,
        )

    def edit_adjustment(
        self,
        adjustment_id: int,
        amount: str | int | None = None,
        kind: str | None = None,
        applies_to: str | None = None,
        reason: str | None = None,
        article: str | None = None,
        why: str | None = None,
        change_id: str | None = None,
    ) -> None:
        """Change an adjustment (stewards revise a penalty); the journal keeps old and new."""
        current = next((a for a in self.data.adjustments if a.id == adjustment_id), None)
        if current is None:
            raise RallyDeskError(f"adjustment {adjustment_id} does not exist or was revoked")
        a = self.build_adjustment(
            current.stage,
            current.number,
            amount if amount is not None else current.amount_ms,
            kind or (current.kind if amount is None else None),
            applies_to or current.applies_to,
            reason if reason is not None else current.reason,
            article if article is not None else current.article,
        )
        changes = {
            "amount_ms": a.amount_ms,
            "kind": a.kind,
            "applies_to": a.applies_to,
            "reason": a.reason,
            "article": a.article,
        }
        cid = change_id or new_change_id()
        written = self._send(
            "adjustment.edit",
            {"id": adjustment_id, "changes": changes, "why": why},
            cid,
            NOT_GIVEN,
            None,
            (current.stage, current.number, why),
            lambda: self.store.edit_adjustment(adjustment_id, changes, why, change_id=cid) or True,
        )
        updated = dataclasses.replace(current, **changes)
        if written:
            try:
                updated = self.store.adjustment(adjustment_id) or updated
            except StoreUnavailable:  # written, then lost: the desk shows what it sent
                pass
        kept = tuple(
            updated if x.id == adjustment_id and updated else x for x in self.data.adjustments
        )
        self._changed(
            Change.ADJUSTMENT,
            self.data.with_adjustments(kept),
            id=adjustment_id,
            stage=current.stage,
            number=current.number,
        )

    def adjustments(self, include_revoked: bool = True) -> list[Adjustment]:
        """Every adjustment as a domain value (revoked ones carry revoked_at and the reason)."""
        return self.store.adjustment_records(include_revoked)

    # ------------------------------------------------------------------ classifications

    def classification(
        self,
        stage: int,
        overall: bool = False,
        group: str | None = None,
        category: str | None = None,
    ) -> Classification:
        return classify(self.data, stage, overall, group, category)

    def live_overall(
        self, stage: int, group: str | None = None, category: str | None = None
    ) -> tuple[Classification, LiveOverall]:
        """The rules' overall after ``stage`` and the desk's live view of it, where crews not yet
        keyed on the stage keep their previous place as pending (never printed or published)."""
        current = self.classification(stage, True, group, category)
        earlier = [n for n in current.counting_stages if n < stage]
        previous = (
            self.classification(earlier[-1], True, group, category)
            if earlier and stage in current.counting_stages
            else None
        )
        return current, live_overall(current, previous)

    def standings(
        self,
        stage: int,
        overall: bool = False,
        group: str | None = None,
        category: str | None = None,
    ) -> list[dict[str, Any]]:
        """Rows as dicts, exactly as ``standings --format json`` prints them."""
        return self.classification(stage, overall, group, category).to_json()["rows"]

    def export(
        self,
        out: str | Path,
        stage: int | None = None,
        all_stages: bool = False,
        language: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[Path, list[str]]:
        """Write the classification sheets as a workbook (.xlsx) or a PDF (.pdf), by the name.

        Never replaces a database (an event file given as the output by mistake). Afterwards the
        journal head the sheets print is anchored (``anchors.py``). Returns the path written and
        what the sheets warn about (a stage with times still missing).
        """
        from .io.excel import document_for, write_workbook
        from .paths import is_database

        out = Path(out)
        suffix = out.suffix.lower()
        if suffix not in (".xlsx", ".pdf"):
            raise RallyDeskError(f"{out}: name the file .xlsx (workbook) or .pdf")
        if is_database(out):
            raise RallyDeskError(
                f"{out}: is a database (an event file?), not a sheet; it is left as it is, "
                "choose another name"
            )
        document = document_for(self, out, stage, all_stages, language)
        if suffix == ".pdf":
            from .io.pdf import write_pdf

            written = write_pdf(document, out, progress)
        else:
            written = write_workbook(document, out, progress)
        self.anchor("export")
        log.info("exported %s (%d sheets)", written, len(document.sheets))
        return written, list(document.warnings)

    def sheets(
        self, stage: int | None = None, all_stages: bool = False, language: str | None = None
    ) -> Any:
        """The document of the classification sheets (what the workbook, the PDF and a printer show)."""
        from .io.excel import document_for

        return document_for(
            self, self.location.folder / self.location.name, stage, all_stages, language
        )

    @staticmethod
    def paint_sheets(document: Any, device: Any) -> None:
        """Draw the sheets on a Qt paint device (a printer, from the print preview)."""
        from .io.pdf import paint

        paint(document, device)

    def export_workbook(
        self,
        out: str | Path,
        stage: int | None = None,
        all_stages: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> Path:
        """The workbook only (scripts of the first version call this)."""
        if Path(out).suffix.lower() != ".xlsx":
            raise RallyDeskError(f"{out}: the workbook's name must end in .xlsx")
        return self.export(out, stage, all_stages, progress=progress)[0]

    def anchor(self, why: str) -> list[str]:
        """Write the journal's head to the anchor logs (the user's, and the backup folder's)."""
        from .store import anchors

        folder = self.backup_settings()[0]
        return anchors.record(
            self.store.event_uid(),
            self.path,
            self.store.state_digest(),
            why,
            folders=[Path(folder)] if folder and Path(folder).is_dir() else [],
        )

    def state_digest(self) -> str:
        """Short text printed on sheets so a printed page can be matched to the file's state."""
        count, last = self.store.state_digest()
        return f"J{count}-{last[:10]}"

    def desk_stage(self) -> int | None:
        """The stage a desk opens on: where keying left off, else the latest with results."""
        stage = self.store.last_timed_stage()
        numbers = {s.number for s in self.data.stages}
        if stage in numbers:
            return stage
        latest = self.latest_stage_with_results()
        return latest if latest is not None else (min(numbers) if numbers else None)

    def latest_stage_with_results(self) -> int | None:
        stages = {t.stage for t in self.data.times if t.status == "OK"}
        return max(stages) if stages else None

    # ------------------------------------------------------------------ files

    def import_files(self, paths: list[str | Path], kind: str | None = None) -> list[Any]:
        from .io.imports import import_files

        self._check_role("import")

        reports = import_files(self, [Path(p) for p in paths], kind)
        for r in reports:
            log.info("imported into %s: %s rows of %s from %s", self.path, r.rows, r.kind, r.path)
        return reports

    def check_import(
        self, paths: list[str | Path], kind: str | None = None
    ) -> tuple[list[Any], list[str]]:
        """Dry run of an import: the reports, and every bad row; nothing is written."""
        from .io.imports import check_files

        return check_files(self, [Path(p) for p in paths], kind)

    def write_imported(
        self, change: Group | Stage | Entry | StageTime | Adjustment | StartTime
    ) -> None:
        """Write one checked import row (inside :meth:`batch`): the store call its type needs."""
        store = self.store
        if isinstance(change, Group):
            store.put_group(change)
        elif isinstance(change, Stage):
            store.put_stage(change)
        elif isinstance(change, Entry):
            store.put_entry(change)
        elif isinstance(change, StageTime):
            store.put_time(change, reason=change.reason or "import")
        elif isinstance(change, Adjustment):
            store.add_adjustment(change)
        elif isinstance(change, StartTime):
            store.put_starts([(change.stage, change.number, change.start_ms)], reason="import")
        else:
            raise TypeError(f"cannot import a {type(change).__name__}")

    def reload(self) -> None:
        """Forget the snapshot: the next read sees what this transaction wrote so far."""
        self._data = None

    def apply_row(self, kind: str, row: dict[str, str]) -> None:
        """Add or change one stage, group or entry from text fields, checked like an import row."""
        from .io.imports import check_row

        change = check_row(self, kind, row)
        with self.store.batch():
            self.write_imported(change)
        self._changed(
            {"stages": Change.STAGE, "groups": Change.GROUP, "entries": Change.ENTRY}[kind],
            number=int(row["number"]) if kind == "entries" else None,
        )

    @staticmethod
    def preview_file(
        path: str | Path, limit: int = 200
    ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
        """Header and first rows of a CSV/XLSX file, for the import dialog."""
        from .io.tables import read_table

        table = read_table(Path(path))
        return table.header, table.rows[:limit]

    # ------------------------------------------------------------------ officials and roles

    def officials(self) -> list[dict[str, str]]:
        """The event's officials: name and role (never the PIN's hash)."""
        if self._officials is None:
            self._officials = self.store.officials()
        return [{"name": o["name"], "role": o["role"]} for o in self._officials]

    def add_official(self, name: str, role: str, pin: str) -> None:
        """Add an official, or give one a new role or PIN; the PIN is kept as a salted scrypt hash."""
        self._check_officials_change()
        name, role, pin = O.check_name(name), O.check_role(role), O.check_pin(pin)
        salt = O.new_salt()
        self.store.put_official(name, role, salt, O.hash_pin(pin, salt))
        self._officials = None
        self._changed(Change.OFFICIALS, name=name)

    def remove_official(self, name: str) -> None:
        self._check_officials_change()
        self.store.remove_official(name)
        self._officials = None
        if self.official and self.official["name"] == name:
            self.logout()
        self._changed(Change.OFFICIALS, name=name)

    def _check_officials_change(self) -> None:
        """At a desk where an official is logged in, only the clerk of the course manages officials.
        (The command line's ``officials`` names nobody: whoever holds the file may, see the README.)"""
        if self.official is not None and self.official["role"] != "clerk":
            raise RallyDeskError(
                f"{self.official['name']} is a {O.ROLE_NAMES[self.official['role']]}: adding or "
                "removing officials needs the clerk of the course"
            )

    def login(self, name: str, pin: str) -> dict[str, str]:
        """Name the official at work. A wrong PIN is refused; ten in a row lock the name a minute."""
        known = {o["name"]: o for o in (self._officials or self.store.officials())}
        match = known.get(name) or next(
            (o for k, o in known.items() if k.casefold() == name.strip().casefold()), None
        )
        if match is None:
            names = (
                ", ".join(sorted(known))
                or "none yet (add one with: rallydesk officials EVENT add NAME …)"
            )
            raise RallyDeskError(f"no official named {name!r} in this event; officials: {names}")
        name = match["name"]
        now = self.clock()
        stored, last = self.store.pin_failures(name)
        failures = stored
        if failures >= O.MAX_FAILURES and last:
            left = O.LOCK_SECONDS - (now - datetime.fromisoformat(last)).total_seconds()
            if left > 0:
                raise RallyDeskError(
                    f"{name} is locked after {failures} wrong PINs in a row; "
                    f"try again in {int(left) + 1} s"
                )
            failures = 0  # the lock has run out: a fresh count
        if not O.pin_matches(pin or "", match["pin_salt"], match["pin_hash"]):
            failures += 1
            self.store.set_pin_failures(name, failures, now.isoformat())
            more = (
                f"{name} is now locked for {O.LOCK_SECONDS} s"
                if failures >= O.MAX_FAILURES
                else f"{O.MAX_FAILURES - failures} more before a {O.LOCK_SECONDS} s lock"
            )
            raise RallyDeskError(f"wrong PIN for {name} ({more})")
        if stored:
            self.store.set_pin_failures(name, 0, now.isoformat())
        self.official = {"name": name, "role": match["role"]}
        log.info("%s logged in as %s on %s", name, match["role"], self.path)
        self._notify(Change.LOGIN, name=name)
        return dict(self.official)

    def logout(self) -> None:
        self.official = None
        self._notify(Change.LOGIN, name=None)

    def _notify(self, kind: Change, **details: Any) -> None:
        """Tell the listeners without touching the data (a login changes who acts, not what is)."""
        for listener in list(self._listeners):
            listener(kind, details)

    def may(self, action: str) -> bool:
        """Whether the official at work may do ``action`` (the desk greys out what they may not)."""
        try:
            self._check_role(action)
        except RallyDeskError:
            return False
        return True

    def _check_role(self, action: str) -> None:
        needed = O.needed_role(action)
        if needed is None:
            return
        if not self.officials():
            if needed == "clerk":
                raise RallyDeskError(
                    f"to {O.what(action)} the event needs a named clerk of the course: add one with "
                    "rallydesk officials EVENT add NAME --role clerk --pin PIN, then log in as them"
                )
            return
        if self.official is None:
            raise RallyDeskError(
                f"this event has officials: log in as a {O.ROLE_NAMES[needed]} (or above) to "
                f"{O.what(action)}; nothing was changed"
            )
        if not O.may(self.official["role"], needed):
            raise RallyDeskError(
                f"{self.official['name']} is a {O.ROLE_NAMES[self.official['role']]}: to "
                f"{O.what(action)} needs a {O.ROLE_NAMES[needed]}; nothing was changed"
            )

    def _guard(
        self, action: str, stage: int | None, number: int | None, reason: str | None
    ) -> None:
        """Called by the store inside every write, before anything changes: roles, then the lock
        on official units (a change there needs the clerk and a reason)."""
        self._check_role(action)
        if (
            action.startswith(("publication.", "desk.", "official."))
            or action == "event.publication"
        ):
            return  # none of these changes a classification
        locked = self._official_units(stage, number)
        if not locked:
            return
        units = ", ".join(f"stage {s} {c} v{p['version']}" for (s, c), p in locked)
        if self.official is None or self.official["role"] != "clerk":
            raise RallyDeskError(
                f"{units} is official: a change to its data needs the clerk of the course "
                "and a reason, then an amendment; nothing was changed"
            )
        if not reason or not reason.strip():
            raise RallyDeskError(
                f"{units} is official: give the reason for this change; nothing was changed"
            )

    def _official_units(
        self, stage: int | None, number: int | None
    ) -> list[tuple[tuple[int, str], dict[str, Any]]]:
        """Official units whose data a change on (stage, number) touches: that stage and every
        overall after it, of the entry's category (of every category when no entry is named)."""
        official = [
            (unit, p)
            for unit, p in sorted(self.published().items())
            if p["status"] in ("official", "amended") and (stage is None or unit[0] >= stage)
        ]
        if not official or number is None:  # the usual case while keying: nothing official yet
            return official
        try:
            category = self.data.category_of_class(self.data.entry(number).class_code)
        except KeyError:
            return official  # a new entry: every category's official units
        return [(unit, p) for unit, p in official if unit[1] == category]

    # ------------------------------------------------------------------ publication

    def published(self) -> dict[tuple[int, str], dict[str, Any]]:
        """The latest version of every published unit (stage, category)."""
        if self._published is None:
            latest: dict[tuple[int, str], dict[str, Any]] = {}
            for p in self.store.publications():
                latest[(p["stage"], p["category"])] = p
            self._published = latest
        return self._published

    def versions(
        self, stage: int | None = None, category: str | None = None
    ) -> list[dict[str, Any]]:
        """Every published version, oldest first: unit, number, status, time, official, document, digest."""
        return self.store.publications(stage, category)

    def category_code(self, category: str | None) -> str:
        cats = [g.code for g in self.data.categories()]
        if category is None:
            if len(cats) == 1:
                return cats[0]
            raise RallyDeskError(
                f"name the category (--category): this event has {', '.join(cats) or 'none'}"
            )
        code = category.strip()
        match = next((c for c in cats if c.casefold() == code.casefold()), None)
        if match is None:
            raise UnknownReference(
                f"category {category!r} does not exist (categories: {', '.join(cats) or 'none'})"
            )
        return match

    def _version(self, stage: int, category: str, version: int) -> dict[str, Any]:
        for p in self.store.publications(stage, category):
            if p["version"] == version:
                return p
        known = (
            ", ".join(f"v{p['version']}" for p in self.store.publications(stage, category))
            or "none"
        )
        raise RallyDeskError(
            f"stage {stage} {category} has no version {version} (published: {known})"
        )

    def live_unit(self, stage: int, category: str) -> Any:
        """The unit's sheets as the live data make them now (not stamped)."""
        from .io.sheet_model import build_document

        return build_document(self.data, self.state_digest(), stage, category=category)

    def version_document(self, stage: int, category: str | None, version: int) -> Any:
        """The document a version printed, exactly (from its frozen JSON)."""
        from .io.versions import document_from_json

        p = self._version(stage, self.category_code(category), version)
        return document_from_json(self.store.publication_document(p["id"]))

    def unit_state(self, stage: int, category: str) -> dict[str, Any]:
        """live / provisional / official / amended with the version, outdated when the live data
        no longer make the sheets posted, and the end of the protest window."""
        from .io.versions import content

        p = self.published().get((stage, category))
        if p is None:
            return {
                "stage": stage,
                "category": category,
                "state": "live",
                "version": None,
                "outdated": False,
                "protest_until": None,
                "published_at": None,
            }
        outdated = content(self.version_document(stage, category, p["version"])) != content(
            self.live_unit(stage, category)
        )
        return {
            "stage": stage,
            "category": category,
            "state": p["status"],
            "version": p["version"],
            "outdated": outdated,
            "protest_until": p["protest_until"],
            "published_at": p["published_at"],
            "official": p["official"],
            "document_no": p["document_no"],
        }

    def units(self) -> list[dict[str, Any]]:
        """Every publication unit (stage × category) with its state, for the desk."""
        out = []
        for st in self.data.stages:
            for cat in self.data.categories():
                out.append(self.unit_state(st.number, cat.code))
        return out

    def publish(
        self,
        stage: int,
        category: str | None = None,
        as_: str = "provisional",
        confirm_early: bool = False,
    ) -> dict[str, Any]:
        """Post the unit (stage × category) as PROVISIONAL or OFFICIAL; returns the new version.

        Making it official needs the clerk, a provisional version whose data have not moved since,
        and, before the protest window has run out, ``confirm_early``."""
        from .io.versions import content

        cat = self.category_code(category)
        self._require_stage(stage)
        if as_ not in ("provisional", "official"):
            raise RallyDeskError(f"publish as {as_!r}: accepted: provisional, official")
        self._check_role(f"publication.{as_}")
        latest = self.published().get((stage, cat))
        if latest and latest["status"] in ("official", "amended"):
            raise RallyDeskError(
                f"stage {stage} {cat} is already {latest['status']} (v{latest['version']}); "
                "a change is published with an amendment (rallydesk amend)"
            )
        if as_ == "official":
            if latest is None:
                raise RallyDeskError(
                    f"stage {stage} {cat} has not been published provisional yet: "
                    "publish it provisional first"
                )
            if content(self.version_document(stage, cat, latest["version"])) != content(
                self.live_unit(stage, cat)
            ):
                raise RallyDeskError(
                    f"stage {stage} {cat}: the data changed since provisional v{latest['version']}: "
                    f"publish provisional v{latest['version'] + 1} first"
                )
            until = latest["protest_until"]
            if until and self.clock() < datetime.fromisoformat(until) and not confirm_early:
                raise RallyDeskError(
                    f"stage {stage} {cat}: the protest window runs until "
                    f"{self._local(datetime.fromisoformat(until))}; confirm to make it official "
                    "before it ends"
                )
        return self._freeze(stage, cat, as_, None, latest)

    def amend(self, stage: int, category: str | None, reason: str) -> dict[str, Any]:
        """Publish vN+1 of an official unit, marked AMENDED, after its data changed (clerk only)."""
        from .io.versions import content

        cat = self.category_code(category)
        self._check_role("publication.amended")
        if not reason or not reason.strip():
            raise RallyDeskError("an amendment needs a reason (--reason)")
        latest = self.published().get((stage, cat))
        if latest is None or latest["status"] not in ("official", "amended"):
            state = f"only {latest['status']} (v{latest['version']})" if latest else "not published"
            raise RallyDeskError(
                f"stage {stage} {cat} is {state}: only an official unit is amended; "
                "publish it instead"
            )
        if content(self.version_document(stage, cat, latest["version"])) == content(
            self.live_unit(stage, cat)
        ):
            raise RallyDeskError(
                f"stage {stage} {cat}: nothing changed since v{latest['version']}; no amendment "
                "to publish"
            )
        return self._freeze(stage, cat, "amended", reason.strip(), latest)

    def _freeze(
        self, stage: int, cat: str, status: str, reason: str | None, previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        """Back up, anchor, then store the stamped document of the unit as its next version."""
        from .io.sheet_model import Block, build_document, event_zone
        from .io.sheet_text import say
        from .io.versions import document_digest, document_json, stamped

        self.backup_now("publication")
        self.anchor("publication")
        data = self.data
        now = self.clock()
        zone, _ = event_zone(data.settings.timezone)
        version = (previous["version"] + 1) if previous else 1
        language = data.settings.language
        at = now.astimezone(zone).strftime("%d/%m/%Y %H:%M")
        document = build_document(
            data,
            self.state_digest(),
            stage,
            category=cat,
            made=now,
            status=say(status.upper(), language, n=version, at=at),
        )
        extra = None
        if status == "amended" and previous is not None:
            lines = [
                self._describe_change(c, language)
                for c in self.diff(stage, cat, previous["version"])
            ]
            extra = Block(
                "amended",
                say("Amended", language, n=version, reason=reason),
                text="; ".join(x for x in lines if x) or reason,
            )
        signer = self.official["name"] if self.official and status != "provisional" else None
        document_no = self.store.next_document_no(data.settings.document_prefix)
        document = stamped(document, document_no, signer, extra)
        text = document_json(document)
        protest = None
        if status == "provisional" and data.settings.protest_minutes:
            protest = (
                (now + timedelta(minutes=data.settings.protest_minutes)).astimezone(UTC).isoformat()
            )
        row = {
            "stage": stage,
            "category": cat,
            "version": version,
            "status": status,
            "published_at": now.astimezone(zone).isoformat(timespec="seconds"),
            "official": self.official["name"] if self.official else None,
            "document_no": document_no,
            "digest": document_digest(text),
            "reason": reason,
            "protest_until": protest,
        }
        pid = self.store.add_publication(row, text)
        self._published = None
        self._changed(Change.PUBLICATION, stage=stage, category=cat, version=version)
        log.info("published stage %s %s v%s %s (%s)", stage, cat, version, status, document_no)
        return next(p for p in self.store.publications(stage, cat) if p["id"] == pid)

    def _local(self, moment: datetime) -> str:
        from .io.sheet_model import event_zone

        return moment.astimezone(event_zone(self.data.settings.timezone)[0]).strftime("%H:%M")

    def _require_stage(self, stage: int) -> None:
        if stage not in {s.number for s in self.data.stages}:
            known = ", ".join(str(s.number) for s in self.data.stages) or "none yet"
            raise UnknownReference(f"stage {stage} does not exist (stages: {known})")

    def diff(
        self, stage: int, category: str | None, from_version: int, to_version: int | None = None
    ) -> list[dict[str, Any]]:
        """Entries whose position, time, penalty or status changed from one version to another
        (or to the live data), each with the journal rows that caused it."""
        from .io.versions import changes, facts

        cat = self.category_code(category)
        a = self._version(stage, cat, from_version)
        before = facts(self.version_document(stage, cat, from_version), cat)
        if to_version is None:
            after, upto = facts(self.live_unit(stage, cat), cat), None
        else:
            b = self._version(stage, cat, to_version)
            after, upto = facts(self.version_document(stage, cat, to_version), cat), b["journal_id"]
        found = changes(before, after)
        rows = self.store.journal_since(a["journal_id"], upto)
        for f in found:
            f["journal"] = [
                {
                    k: r.get(k)
                    for k in (
                        "id",
                        "at",
                        "official",
                        "desk",
                        "action",
                        "target",
                        "old",
                        "new",
                        "reason",
                    )
                }
                for r in rows
                if r.get("number") == f["number"]
                and (r.get("stage") is None or r["stage"] <= stage)
            ]
        return found

    def change_lines(self, stage: int, found: list[dict[str, Any]]) -> list[str]:
        """What ``diff`` found, one line per entry, times in the event's style ("#202: stage position
        1 -> 3, stage time 3h 09' 12'' -> 3h 11' 12''"), for the desk and the command line."""
        style = self.data.settings.time_style
        precision = self.data.stage(stage).precision_ms

        def show(what: str, value: Any) -> str:
            if value is None:
                return "-"
            if isinstance(value, int) and what.split()[-1] in ("time", "penalty"):
                if value < 0:
                    return T.format_gap(value, style, precision)
                return T.format_duration(value, style, precision)
            return str(value)

        return [
            f"#{f['number']}: "
            + ", ".join(
                f"{c['what']} {show(c['what'], c['old'])} -> {show(c['what'], c['new'])}"
                for c in f["changes"]
            )
            for f in found
        ]

    def _describe_change(self, change: dict[str, Any], language: str) -> str:
        """One line of the Amended block: "#299 penalty +2', decision 14, 18:42"."""
        import json as _json

        from .io.sheet_model import local_hhmm
        from .io.sheet_text import say

        style = self.data.settings.time_style
        bits = []
        for r in change.get("journal", []):
            new = _json.loads(r["new"]) if r["new"] else None
            old = _json.loads(r["old"]) if r["old"] else None
            when = local_hhmm(r["at"], self.data.settings.timezone)
            if r["action"].startswith("adjustment.") and new:
                amount = T.format_adjustment(new["amount_ms"], style, 1000)
                what = f"{say(new['kind'], language)} {amount}"
                if r["action"] == "adjustment.revoke":
                    what += f" {say('revoked', language)}"
                if new.get("decision"):
                    decided = local_hhmm(new.get("decided_at"), self.data.settings.timezone) or when
                    what += f", {say('decision', language)} {new['decision']}, {decided}"
                else:
                    what += f", {when}"
                bits.append(what)
            elif r["action"].startswith("time.") and (new or old):
                t = new or old or {}
                if t.get("status", "OK") != "OK":
                    bits.append(f"{say('status', language)} {t['status']}, {when}")
                elif t.get("elapsed_ms") is not None:
                    bits.append(
                        f"{say('time', language)} {T.format_duration(t['elapsed_ms'], style, 1000)}, {when}"
                    )
        return f"#{change['number']} " + "; ".join(bits) if bits else ""

    def export_version(
        self, out: str | Path, stage: int, category: str | None, version: int
    ) -> Path:
        """Write a published version's sheets exactly as published (.xlsx or .pdf)."""
        from .paths import is_database

        out = Path(out)
        suffix = out.suffix.lower()
        if suffix not in (".xlsx", ".pdf"):
            raise RallyDeskError(f"{out}: name the file .xlsx (workbook) or .pdf")
        if is_database(out):
            raise RallyDeskError(
                f"{out}: is a database (an event file?), not a sheet; it is left as it is"
            )
        folder = out.parent if str(out.parent) else Path(".")
        if not folder.is_dir():
            raise RallyDeskError(f"{out}: folder {folder} does not exist")
        document = self.version_document(stage, category, version)
        if suffix == ".pdf":
            from .io.pdf import write_pdf

            return write_pdf(document, out)
        from .io.excel import write_workbook

        return write_workbook(document, out)

    def journal(
        self,
        stage: int | None = None,
        number: int | None = None,
        official: str | None = None,
        desk: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """The journal, filtered: stage and number (the real columns of schema 5, else read back out of
        the target of older rows), acting official, desk, kind of change ("time", "adjustment.add"…),
        and time (ISO prefixes compared as text: "2026-01-08T18")."""
        import re

        rows = self.store.journal_history()
        if stage is not None:
            pattern = re.compile(rf"\bstage {stage}\b")
            rows = [
                r
                for r in rows
                if r.get("stage") == stage
                or (r.get("stage") is None and pattern.search(r["target"]))
            ]
        if number is not None:
            rows = [
                r
                for r in rows
                if r.get("number") == number
                or (r.get("number") is None and r["target"].endswith(f"#{number}"))
            ]
        if official:
            rows = [r for r in rows if (r.get("official") or "").casefold() == official.casefold()]
        if desk:
            rows = [r for r in rows if (r.get("desk") or "").casefold() == desk.casefold()]
        if kind:
            rows = [r for r in rows if r["action"] == kind or r["action"].startswith(kind + ".")]
        if since:
            rows = [r for r in rows if r["at"] >= since]
        if until:
            rows = [r for r in rows if r["at"][: len(until)] <= until]
        return rows


#: What a user asking for a file-only thing of an event on a server is told.
SERVER_BACKUPS = (
    "{where}: automatic backups copy an event file; an event on a PostgreSQL server is copied"
    " with `rallydesk pull URL FILE` (and by the server's own backups)"
)


def is_server_location(location: object) -> bool:
    """A ``postgresql://`` URL (an event on a server) rather than a file path."""
    return is_url(location)


def shown(location: object) -> str:
    """An event's location as it may be printed: a server URL loses its password."""
    if is_url(location):
        from .store.pg import parse_url

        return str(parse_url(str(location))[0])
    return str(location)


def _file_only(location: object, what: str) -> None:
    if is_url(location):
        from .store.pg import parse_url

        where = parse_url(str(location))[0]
        raise RallyDeskError(
            f"{where}: {what} works on event files only; an event on a PostgreSQL server is copied"
            " to a file with `rallydesk pull URL FILE` and put on a server with `rallydesk push FILE URL`"
        )


def push_event(source: str | Path, url: str) -> tuple[str, str]:
    """Put an event file on an empty server database (one transaction); (address, digest)."""
    from .store import anchors
    from .store.transfer import push

    if is_url(source):
        raise RallyDeskError(
            f"{shown(source)}: push copies an event file; name the file first, then the URL"
        )
    if not is_url(url):
        raise RallyDeskError(
            f"{url}: push needs the server database's URL (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
        )
    address, head = push(source, url)
    log.info("pushed %s to %s", source, address)
    return str(address), anchors.digest(*head) if head else "J0"


def pull_event(url: str, dest: str | Path) -> tuple[Path, str]:
    """A consistent file copy of an event on a server, in a new file; (file, digest)."""
    from .store import anchors
    from .store.transfer import pull

    if not is_url(url):
        raise RallyDeskError(
            f"{url}: pull needs the server database's URL (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
        )
    if is_url(dest):
        raise RallyDeskError(f"{shown(dest)}: pull writes a file; name a new file or a folder")
    written, head = pull(url, dest)
    log.info("pulled %s to %s", shown(url), written)
    return written, anchors.digest(*head) if head else "J0"


def _time_json(t: StageTime | None) -> dict[str, Any] | None:
    """A result as the outbox keeps it (the columns of ``stage_times``)."""
    return None if t is None else dataclasses.asdict(t)


def _what_op(conflict: dict[str, Any]) -> str:
    """This desk's side of a conflict that is not a keyed result (a deletion, an adjustment)."""
    return {
        "time.delete": "deleted",
        "adjustment.add": "adjustment added",
        "adjustment.revoke": "adjustment revoked",
        "adjustment.edit": "adjustment changed",
        "second.record": "second keying",
    }.get(conflict["op"], conflict["op"])


def latest_good_backup(folder: str | Path, event_path: str | Path) -> Path | None:
    """The newest backup of this event (by its id, not its name) in ``folder`` that passes verify."""
    from .store.autobackup import latest_good_backup as find

    return find(Path(folder), Path(event_path))


def restore_backup(backup: str | Path, event_path: str | Path) -> Path | None:
    """Replace the event file with a verified backup; returns where the old file was kept."""
    from .store.autobackup import restore
    from .store.lock import WriterLock

    _file_only(event_path, "restore")
    _file_only(backup, "restore")
    event_path = Path(event_path)
    lock = None
    if event_path.exists():  # even a wrecked file: no desk may write while it is replaced
        lock = WriterLock(event_path)
        lock.acquire()
    try:
        kept = restore(Path(backup), event_path)
        log.info("restored %s from %s (previous file kept as %s)", event_path, backup, kept)
        return kept
    finally:
        if lock is not None:
            lock.release()


def backup_event(source: str | Path, dest: str | Path) -> Path:
    """A consistent copy of an event (also while a desk writes it); never overwrites a file."""
    from .store.backup import backup

    _file_only(source, "backup")
    return backup(Path(source), Path(dest))


def verify_event(path: str | Path, digests: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The findings of verify (empty: the file is good), anchors and printed digests included."""
    from .store.verify import verify

    return verify(path if is_url(path) else Path(path), digests)


def list_event_backups(folder: str | Path, event_path: str | Path) -> list[Path]:
    """The backups of this event in ``folder``, newest first (recognised by the event's id)."""
    from .store.autobackup import list_backups, uid_for

    _file_only(event_path, "backups")
    return list_backups(Path(folder), uid_for(Path(event_path)))


def validate_settings(s: Settings) -> None:
    from .domain.model import LANGUAGES, TIE_BREAKS, TIME_STYLES

    if not s.name or not s.name.strip():
        raise RallyDeskError("the event needs a name")
    if s.tie_break not in TIE_BREAKS:
        raise RallyDeskError(
            f"tie-break {s.tie_break!r} is unknown; accepted: {', '.join(TIE_BREAKS)}"
        )
    if s.time_style not in TIME_STYLES:
        raise RallyDeskError(
            f"time style {s.time_style!r} is unknown; accepted: {', '.join(TIME_STYLES)}"
        )
    if s.language not in LANGUAGES:
        raise RallyDeskError(
            f"language {s.language!r} is unknown; accepted: {', '.join(LANGUAGES)}"
        )
    if s.protest_minutes is not None and not 0 <= s.protest_minutes <= 7 * 24 * 60:
        raise RallyDeskError(
            f"protest window of {s.protest_minutes} minutes: give 0 to {7 * 24 * 60} minutes"
        )
    if s.document_prefix is not None and len(s.document_prefix) > 20:
        raise RallyDeskError("the document number prefix is at most 20 characters")
    if s.timezone is not None:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(s.timezone)
        except (ValueError, KeyError, OSError):
            raise RallyDeskError(
                f"time zone {s.timezone!r} is unknown; use an IANA name such as Europe/Paris or Asia/Riyadh"
            ) from None


# ---------------------------------------------------------------- a PostgreSQL server for the desks
# ``rallydesk server``: the use-cases over rallydesk/server/, logged here without any password.

SERVER_PORT = pgserver.DEFAULT_PORT


def server_init(
    directory: str | Path, listen: str | None = None, port: int = SERVER_PORT
) -> pgserver.Server:
    """Make a PostgreSQL server in a new or empty folder."""
    server = pgserver.init(Path(directory), listen, port)
    log.info(
        "server init %s: PostgreSQL %s on %s port %d, desks from %s, run as %s",
        server.directory,
        server.version,
        server.listen,
        server.port,
        server.network,
        server.account or "this user",
    )
    return server


def server_start(directory: str | Path, port: int | None = None) -> pgserver.Status:
    """Start the server; returns once it takes connections."""
    st = pgserver.start(Path(directory), port)
    log.info("server start %s: running on port %d (pid %s)", st.server.directory, st.port, st.pid)
    return st


def server_stop(directory: str | Path) -> bool:
    """Stop the server; False when it was not running."""
    stopped = pgserver.stop(Path(directory))
    log.info("server stop %s: %s", directory, "stopped" if stopped else "was not running")
    return stopped


def server_status(directory: str | Path) -> pgserver.Status:
    """Whether the server runs and on which port."""
    return pgserver.status(Path(directory))


def server_add_event(directory: str | Path, name: str) -> pgserver.EventLogin:
    """A database and login for one event; its password is in the result only, never logged."""
    login = pgserver.add_event(Path(directory), name)
    log.info("server add-event %s: database and login %s on port %d", directory, name, login.port)
    return login
