"""Files around an event: imports, automatic backups (off the desk's thread), copies, verify,
push and pull between a file and a server."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ParamSpec, TypeVar

from ..domain.errors import RallyDeskError
from ..domain.model import Adjustment, Entry, Group, Stage, StageTime, StartTime
from ..domain.waypoints import Passage, Waypoint
from ..io.imports import Change as ImportChange
from ..io.imports import ImportPlan, ImportReport, plan_import
from ..io.tables import read_table
from ..store.autobackup import BACKUP_EVERY_MINUTES, BACKUP_KEEP, AutoBackup
from ..store.location import is_url
from ..store.location import parse as parse_location
from . import session
from .context import EventContext
from .notices import BackupWarning

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

#: What a user asking for a file-only thing of an event on a server is told.
SERVER_BACKUPS = (
    "{where}: automatic backups while keying copy an event file; an event on a PostgreSQL server"
    " is backed up by `rallydesk backups URL --folder DIR` (run on the server's PC or the results"
    " office's) or once by `rallydesk backup URL DEST`"
)


def explain_os_error(exc: OSError, doing: str = "cannot be done") -> str:
    """An operating-system error on a file as words naming the path and the reason."""
    from ..store.files import os_reason

    return os_reason(exc, exc.filename or "(a file)", doing)


def _os_errors(doing: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A file operation whose unforeseen operating-system error is a :class:`RallyDeskError`
    naming the path and the reason (a read-only medium, a name too long …), never a traceback."""

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except OSError as exc:
                raise RallyDeskError(explain_os_error(exc, doing)) from None

        return run

    return wrap


# ---------------------------------------------------------------- imports


def plan(ctx: EventContext, paths: Sequence[str | Path], kind: str | None = None) -> ImportPlan:
    """Every row of the files checked against the event's snapshot and start lists (``io``
    reads and checks; nothing is written)."""
    return plan_import(ctx.data, [Path(p) for p in paths], kind, ctx.last_known("starts"))


def import_files(
    ctx: EventContext, paths: Sequence[str | Path], kind: str | None = None
) -> list[ImportReport]:
    """Import CSV/XLSX files, all of them or nothing, every bad row listed."""
    session.check_role(ctx, "import")
    checked = plan(ctx, paths, kind)
    checked.raise_if_rejected()
    if any(isinstance(c, Waypoint | Passage) for c in checked.changes):
        from .waypoints import _refuse_offline

        _refuse_offline(ctx, "importing waypoints or passages")
    with ctx.batch():  # one transaction: a refusal by the guard writes none of the files
        for change in checked.changes:
            write_imported(ctx, change)
    reports = checked.reports
    for r in reports:
        log.info("imported into %s: %s rows of %s from %s", ctx.path, r.rows, r.kind, r.path)
    return reports


def check_import(
    ctx: EventContext, paths: Sequence[str | Path], kind: str | None = None
) -> tuple[list[ImportReport], list[str]]:
    """Dry run of an import: the reports, and every bad row (or the refusal the writes would
    meet: a role, an official unit); nothing is written."""
    try:
        checked = plan(ctx, paths, kind)
        checked.raise_if_rejected()
        for change in checked.changes:
            asked = _guarded(change)
            if asked is not None:
                session.guard(ctx, *asked)
    except RallyDeskError as exc:
        problems = getattr(exc, "problems", None)
        return [], problems if problems is not None else [str(exc)]
    return checked.reports, []


def _guarded(change: ImportChange) -> tuple[str, int | None, int | None, str | None] | None:
    """What the store's guard is asked when ``write_imported`` writes ``change``."""
    if isinstance(change, Group):
        return "group.put", None, None, None
    if isinstance(change, Stage):
        return "stage.put", change.number, None, None
    if isinstance(change, Entry):
        return "entry.put", None, change.number, None
    if isinstance(change, StageTime):
        return "time.record", change.stage, change.number, change.reason or "import"
    if isinstance(change, Adjustment):
        return "adjustment.add", change.stage, change.number, change.reason
    if isinstance(change, StartTime):
        return "start.set", change.stage, change.number, "import"
    if isinstance(change, Waypoint):
        return "waypoint.put", change.stage, None, "import"
    if isinstance(change, Passage):
        return "passage.set", change.stage, change.number, "import"
    return None


def write_imported(ctx: EventContext, change: ImportChange) -> None:
    """Write one checked import row (inside ``batch``): the store call its type needs."""
    store = ctx.store
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
    elif isinstance(change, Waypoint):  # added to the stage's waypoints, or replacing its number
        kept = [w for w in store.load_raid().of_stage(change.stage) if w.number != change.number]
        store.put_waypoints(change.stage, [*kept, change], reason="import")
    elif isinstance(change, Passage):
        store.put_passages([change], reason="import")
    else:
        raise TypeError(f"cannot import a {type(change).__name__}")


def preview_file(
    path: str | Path, limit: int = 200
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and first rows of a CSV/XLSX file, for the import dialog."""
    table = read_table(Path(path))
    return table.header, table.rows[:limit]


# ---------------------------------------------------------------- automatic backups


class BackgroundBackups:
    """Automatic backups of an event file, taken on a thread of their own: a due backup never
    holds up the Enter that made it due. A failing target is told through ``warn`` (from that
    thread: the desk's listener hands it to its own thread); a backup asked for by name (before a
    publication) waits for the copy."""

    def __init__(self, auto: AutoBackup, warn: Callable[[str], None]) -> None:
        self.auto = auto
        self._warn = warn
        self._lock = threading.Lock()  # one copy at a time
        self._worker: threading.Thread | None = None

    def changed(self) -> None:
        """A change was committed: start the copy in the background when one is due."""
        self.auto.note_change()
        if self.auto.due() and (self._worker is None or not self._worker.is_alive()):
            self._worker = threading.Thread(
                target=self._scheduled, name="rallydesk-backup", daemon=True
            )
            self._worker.start()

    def _scheduled(self) -> None:
        with self._lock:
            if self.auto.maybe_backup() is None and self.auto.warning:
                self._warn(self.auto.warning)

    def backup_now(self, why: str) -> Path | None:
        with self._lock:
            written = self.auto.backup_now(why)
        if written is None and self.auto.warning:
            self._warn(self.auto.warning)
        return written

    def wait(self) -> None:
        """Until the copy under way (if any) is written."""
        worker = self._worker
        if worker is not None:
            worker.join()

    def close(self) -> None:
        self.wait()


def start_auto_backup(ctx: EventContext) -> None:
    """Automatic backups as the event file's desk settings say (an event on a server: none)."""
    file = ctx.location.file
    if file is None:  # automatic backups copy a file; a server keeps its own
        return
    folder, minutes, keep = backup_settings(ctx)
    if folder:
        auto = AutoBackup(file, Path(folder), minutes, keep, uid=ctx.store.event_uid())
        ctx.backups = BackgroundBackups(auto, lambda w: ctx.notify(BackupWarning(w)))


def set_backup_folder(
    ctx: EventContext,
    folder: str | Path | None,
    every_minutes: float = BACKUP_EVERY_MINUTES,
    keep: int = BACKUP_KEEP,
) -> None:
    """Where automatic backups go (kept in the event file); None turns them off."""
    if ctx.on_server:  # nothing to turn off; a folder cannot be served
        if folder:
            raise RallyDeskError(SERVER_BACKUPS.format(where=ctx.path))
        return
    if every_minutes <= 0 or keep < 1:
        raise RallyDeskError("backups need an interval above 0 minutes and at least 1 copy to keep")
    ctx.store.put_desk_setting("backup_folder", str(folder) if folder else None)
    ctx.store.put_desk_setting("backup_minutes", str(every_minutes))
    ctx.store.put_desk_setting("backup_keep", str(keep))
    if ctx.backups is not None:
        ctx.backups.close()
    ctx.backups = None
    start_auto_backup(ctx)


def backup_settings(ctx: EventContext) -> tuple[str | None, float, int]:
    """(folder or None, every how many minutes, how many copies kept)."""
    s = ctx.last_known("desk_settings")
    return (
        s.get("backup_folder"),
        float(s.get("backup_minutes") or BACKUP_EVERY_MINUTES),
        int(s.get("backup_keep") or BACKUP_KEEP),
    )


def backup_now(ctx: EventContext, why: str = "requested") -> Path | None:
    """A snapshot now (before every publication); None and a warning if the target fails."""
    if ctx.backups is None:
        return None
    return ctx.backups.backup_now(why)


# ---------------------------------------------------------------- files and servers


def is_server_location(location: object) -> bool:
    """A ``postgresql://`` URL (an event on a server) rather than a file path."""
    return is_url(location)


def shown(location: object) -> str:
    """An event's location as it may be printed: a server URL loses its password."""
    if is_url(location):
        return str(parse_location(str(location))[0])
    return str(location)


def _file_only(location: object, what: str) -> None:
    if is_url(location):
        raise RallyDeskError(
            f"{shown(location)}: {what} works on event files only; an event on a PostgreSQL server"
            " is copied to a file with `rallydesk pull URL FILE` and put on a server with"
            " `rallydesk push FILE URL`"
        )


@_os_errors("push failed")
def push_event(source: str | Path, url: str) -> tuple[str, str]:
    """Put an event file on an empty server database (one transaction); (address, digest)."""
    from ..store import anchors
    from ..store.transfer import push

    if is_url(source):
        raise RallyDeskError(
            f"{shown(source)}: push copies an event file; name the file first, then the URL"
        )
    if not is_url(url):
        raise RallyDeskError(
            f"{url}: push needs the server database's URL"
            " (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
        )
    address, head = push(source, url)
    log.info("pushed %s to %s", source, address)
    return str(address), anchors.digest(*head) if head else "J0"


@_os_errors("pull failed")
def pull_event(url: str, dest: str | Path) -> tuple[Path, str]:
    """A consistent file copy of an event on a server, in a new file; (file, digest)."""
    from ..store import anchors
    from ..store.transfer import pull

    if not is_url(url):
        raise RallyDeskError(
            f"{url}: pull needs the server database's URL"
            " (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
        )
    if is_url(dest):
        raise RallyDeskError(f"{shown(dest)}: pull writes a file; name a new file or a folder")
    written, head = pull(url, dest)
    log.info("pulled %s to %s", shown(url), written)
    return written, anchors.digest(*head) if head else "J0"


@_os_errors("no backup can be found there")
def latest_good_backup(folder: str | Path, event_path: str | Path) -> Path | None:
    """The newest backup of this event (by its id, not its name) in ``folder`` that passes verify."""
    from ..store.autobackup import latest_good_backup as find

    return find(Path(folder), Path(event_path))


@_os_errors("restore failed")
def restore_backup(
    backup: str | Path, event_path: str | Path, *, other_event: bool = False
) -> Path | None:
    """Replace the event file with a verified backup; returns where the old file was kept. A
    backup of another event is refused (naming both) unless ``other_event``."""
    from ..store.autobackup import restore
    from ..store.lock import WriterLock

    if is_url(event_path):  # onto a new, empty server event
        from .server_backups import restore_onto_server

        restore_onto_server(backup, str(event_path))
        return None
    _file_only(event_path, "restore")
    _file_only(backup, "restore")
    event_path = Path(event_path)
    lock = None
    if event_path.exists():  # even a wrecked file: no desk may write while it is replaced
        lock = WriterLock(event_path)
        lock.acquire()
    try:
        kept = restore(Path(backup), event_path, other_event=other_event)
        log.info("restored %s from %s (previous file kept as %s)", event_path, backup, kept)
        return kept
    finally:
        if lock is not None:
            lock.release()


@_os_errors("backup failed")
def backup_event(source: str | Path, dest: str | Path) -> Path:
    """A consistent copy of an event (also while a desk writes it); never overwrites a file. An
    event on a server: a verified, anchored event file (``server_backups.server_backup``)."""
    from ..store.backup import backup

    if is_url(source):
        from .server_backups import server_backup

        made = server_backup(str(source), dest)
        assert made.path is not None
        return made.path
    _file_only(source, "backup")
    return backup(Path(source), Path(dest))


@_os_errors("cannot be verified")
def verify_event(path: str | Path, digests: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The findings of verify (empty: the file is good), anchors and printed digests included."""
    from ..store.verify import verify

    return verify(path if is_url(path) else Path(path), digests)


@_os_errors("backups cannot be listed")
def list_event_backups(folder: str | Path, event_path: str | Path) -> list[Path]:
    """The backups of this event in ``folder``, newest first (recognised by the event's id)."""
    from ..store.autobackup import list_backups, uid_for

    _file_only(event_path, "backups")
    return list_backups(Path(folder), uid_for(Path(event_path)))
