"""An event file open for writing, watched for what happens to it behind the desk's back.

SQLite keeps the main file and its write-ahead log (``EVENT-wal``) open by descriptor but finds
the log by name: a deleted ``-wal`` goes on taking commits that vanish with the process, a file
renamed over the event gets the desk's log replayed into it by the next program that opens it,
a file copied over it is read as a "malformed" database. So before every write, and after it,
the writer compares the files it has open with what the path now names (device, inode) and
with what it last wrote there itself (size, modification time). On any difference it stops
writing for good and says what happened. When only the names moved (deleted, renamed, replaced
by another file) the files it has open are still whole: it copies them, through its own
connection, to a new file beside the event (or in the user's data folder) — nothing
acknowledged is lost — and folds its log into its own main file, emptying it, so that the log
left at the path is harmless to whatever file is there now. When a file's content was
overwritten in place, what was overwritten cannot be read back: the desk says so, names the
latest backup to restore, and leaves the overwritten files as they are (its log is moved
aside, never replayed into them).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from . import anchors, journal
from .files import (
    fsync_file,
    fsync_folder,
    os_reason,
    place_under_new_name,
    rename_new,
    temp_file,
    uri,
)
from .schema import stored_uid

log = logging.getLogger(__name__)


class Seen(NamedTuple):
    """What a path named when the desk last looked: which file, and as the desk left it. (A
    named tuple: every write looks four times; made and compared in C.)"""

    dev: int
    ino: int
    size: int
    mtime_ns: int

    def same_file(self, other: Seen) -> bool:
        return (self.dev, self.ino) == (other.dev, other.ino)


def _look(path: str | Path) -> Seen | None:
    """None when nothing is there; an unreadable path (a stick pulled out) raises OSError."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return Seen(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class Change:
    """What happened to the event's files; ``moved``: only names changed, the open files are whole."""

    what: str
    moved: bool


class FileWatch:
    """The main file and the log a writer's connection has open, and what their paths name."""

    def __init__(self, path: Path) -> None:
        self.main = Path(os.path.realpath(path))  # SQLite resolves links, and names the log so
        self.wal = Path(f"{self.main}-wal")
        # (as text: each write stats both twice, and a Path is converted on every stat)
        self._paths = (str(self.main), str(self.wal))
        self._main = _look(self.main)
        self._wal = _look(self.wal)

    @property
    def main_seen(self) -> Seen | None:
        return self._main

    def check(self) -> Change | None:
        """What changed since the desk last wrote (None: nothing)."""
        main, wal = _look(self._paths[0]), _look(self._paths[1])
        if self._main is not None:
            if main is None:
                return Change(f"{self.main} was moved, renamed or deleted", True)
            if not main.same_file(self._main):
                return Change(
                    f"{self.main} was replaced by another file (renamed or moved over it: a sync "
                    "program, a restore by hand?)",
                    True,
                )
            if main != self._main:
                return Change(
                    f"{self.main} was overwritten by another program (copied over?)", False
                )
        if self._wal is not None:
            if wal is None:
                return Change(f"its write-ahead log {self.main.name}-wal was deleted", True)
            if not wal.same_file(self._wal):
                return Change(
                    f"its write-ahead log {self.main.name}-wal was replaced by another file", True
                )
            if wal != self._wal:
                return Change(
                    f"its write-ahead log {self.main.name}-wal was overwritten by another program",
                    False,
                )
        return None

    def wrote(self) -> Change | None:
        """After the desk's own commit: what the paths name now is the desk's own doing, unless
        the files themselves were swapped meanwhile (returned)."""
        main, wal = _look(self._paths[0]), _look(self._paths[1])
        if self._main is not None and (main is None or not main.same_file(self._main)):
            return self.check()
        if self._wal is not None and (wal is None or not wal.same_file(self._wal)):
            return self.check()
        self._main, self._wal = main, wal
        return None

    def is_own_wal(self) -> bool:
        """The log at the path is still the one the desk has open."""
        try:
            now = _look(self.wal)
        except OSError:
            return False
        return self._wal is not None and now is not None and now.same_file(self._wal)


def rescue(conn: sqlite3.Connection, watch: FileWatch, check: bool = False) -> Path | None:
    """A whole copy of what the connection sees, in a new file beside the event (or in the user's
    data folder when that folder cannot be written); None when neither can be written. With
    ``check`` (a file was overwritten: what the connection reads may be a mix), the copy is kept
    only if ``verify`` finds it whole."""
    from ..paths import data_dir
    from .verify import verify

    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    stem = f"{watch.main.stem}-rescued-{stamp}"
    for folder in (watch.main.parent, data_dir()):
        try:
            fd, tmp = temp_file(folder)
        except OSError as exc:
            log.warning("%s", os_reason(exc, folder, "no rescue copy there"))
            continue
        try:
            out = sqlite3.connect(uri(tmp), uri=True)
            try:
                conn.backup(out)
                out.execute("PRAGMA journal_mode = DELETE")
                head, uid = journal.head(out), stored_uid(out)
            finally:
                out.close()
            fsync_file(tmp)
            kept = place_under_new_name(tmp, folder, stem, ".rallydesk")
            fsync_folder(folder)
        except (OSError, sqlite3.Error) as exc:
            log.warning("%s: rescue copy failed (%s)", folder, exc)
            continue
        finally:
            os.close(fd)
            tmp.unlink(missing_ok=True)
        if check and verify(kept):
            kept.unlink(missing_ok=True)
            return None
        if head:
            anchors.record(uid, kept, head, "rescue", folders=[folder])
        return kept
    return None


def empty_own_log(conn: sqlite3.Connection) -> None:
    """Fold the log into the desk's own main file (open by descriptor, wherever its name went)
    and empty it: the log at the path can then be replayed into nothing."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        log.warning("checkpoint after the event file changed failed: %s", exc)


def close_lost(conn: sqlite3.Connection, watch: FileWatch, change: Change) -> list[str]:
    """Close the connection of a file that changed behind the desk's back so that nothing the
    path names now is written, replayed into or deleted; returns what was set aside."""
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    set_aside: list[str] = []
    if not change.moved:
        _close_without_checkpoint(conn, watch)
        if _has_content(watch.wal):  # never replayed into the overwritten file, nor lost
            set_aside += _set_aside(watch.wal, f"{watch.wal.name}.set-aside-{stamp}")
        return set_aside
    main_ours = _names(watch.main, watch.main_seen)
    foreign_log = _has_content(watch.wal) and not watch.is_own_wal()
    if foreign_log and main_ours:  # another log beside the desk's main file: it would be replayed
        set_aside += _set_aside(watch.wal, f"{watch.wal.name}.set-aside-{stamp}")
        conn.close()
    elif foreign_log:  # another file's own log: kept from SQLite's delete-by-name, then put back
        parked = Path(f"{watch.wal}.parked-{stamp}")
        moved = _set_aside(watch.wal, parked.name)
        try:
            conn.close()
        finally:
            if moved:
                try:
                    rename_new(parked, watch.wal)
                except OSError:
                    set_aside += moved
    else:
        conn.close()  # the desk's own log, empty: SQLite removes it
    return set_aside


def _has_content(path: Path) -> bool:
    try:
        return os.stat(path).st_size > 0
    except OSError:
        return False


def _names(path: Path, seen: Seen | None) -> bool:
    try:
        now = _look(path)
    except OSError:
        return False
    return seen is not None and now is not None and now.same_file(seen)


def _set_aside(path: Path, name: str) -> list[str]:
    target = path.with_name(name)
    try:
        rename_new(path, target)
    except OSError as exc:
        log.warning("%s", os_reason(exc, path, "could not be set aside"))
        return []
    return [str(target)]


def _close_without_checkpoint(conn: sqlite3.Connection, watch: FileWatch) -> None:
    """Close without SQLite's last-connection checkpoint (which would write the desk's log into
    the overwritten file) and without it deleting the log: a read-only connection holding a read
    lock on the same file keeps the closing one from both."""
    holder = None
    try:
        holder = sqlite3.connect(uri(watch.main, mode="ro"), uri=True)
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass
    try:
        conn.close()
    finally:
        if holder is not None:
            try:
                holder.rollback()
            except sqlite3.Error:
                pass
            holder.close()
