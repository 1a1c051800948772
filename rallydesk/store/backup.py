"""Consistent copies of an event file with SQLite's online backup, safe while a desk is writing.

A backup never overwrites an existing file: a file destination must be new, a folder destination
gets a new time-stamped name, reserved exclusively so that two backups in the same millisecond
still get two files.  The copy is written beside its destination under a temporary name and put
in place only once whole and synced.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from ..domain.errors import RallyDeskError
from . import anchors, journal
from .files import (
    connect_readonly,
    fit_stem,
    fsync_file,
    fsync_folder,
    os_reason,
    place_new,
    place_under_new_name,
    publish_file,
    remove_leftovers,
    require_event_file,
    temp_file,
    uri,
)
from .schema import stored_uid

BACKUP_SUFFIX = ".rallydesk"


def backup_name_stem(source: Path, folder: Path | None = None) -> str:
    """``EVENT-YYYYMMDD-HHMMSS-mmm``: sorts by time; the event is named by its uid, not this (a
    name too long for a time stamp beside it is shortened)."""
    now = datetime.now()
    stamp = f"-{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"
    return fit_stem(folder or source.parent, source.stem, stamp + BACKUP_SUFFIX) + stamp


def backup_names(source: Path) -> re.Pattern[str]:
    """The names :func:`backup_name_stem` gives copies of ``source`` (any time, any counter)."""
    stem = re.escape(source.stem[:40])
    return re.compile(stem + r".*-\d{8}-\d{6}-\d{3}(-\d+)?" + re.escape(BACKUP_SUFFIX))


def backup(
    source: str | Path,
    dest: str | Path,
    *,
    replace_reserved: bool = False,
    anchor: bool = True,
    name: tuple[str, str] | None = None,
) -> Path:
    """Copy ``source`` to ``dest`` (a new file, or a folder to put a time-stamped copy in).

    ``replace_reserved`` is for callers that reserved ``dest`` themselves (an empty temporary
    file); nothing else may be replaced. ``name`` (stem, suffix) puts the copy in folder ``dest``
    under that name (``stem-2`` … when taken) instead of a time stamp. The copy is written under
    a temporary name, synced, and renamed to its final name in one step that never replaces a
    file: killed or cut at any moment, no final name holds anything but a whole copy; what a
    dead copy left behind is removed by the next backup into the folder.
    """
    source = Path(source)
    dest = Path(dest)
    if not source.exists():
        raise RallyDeskError(f"{source}: no such event file")
    require_event_file(source)
    into_folder = dest.is_dir()
    if into_folder:
        folder = dest
        remove_leftovers(folder, backup_names(source))
    elif os.path.lexists(dest) and not replace_reserved:
        what = "the event file itself" if _same_file(source, dest) else "an existing file"
        raise RallyDeskError(
            f"{dest}: already exists ({what}); a backup never overwrites a file: "
            "name a new file, or a folder to get a time-stamped copy"
        )
    elif not dest.parent.is_dir():
        raise RallyDeskError(f"{dest.parent}: backup folder does not exist")
    else:
        folder = dest.parent
    try:
        fd, tmp = temp_file(folder)
    except OSError as exc:
        raise RallyDeskError(os_reason(exc, folder, "no backup can be written there")) from None
    try:
        head, uid = _copy_into(source, tmp)
        if name is not None and into_folder:
            dest = place_under_new_name(tmp, folder, *name)
        elif into_folder:
            dest = place_under_new_name(
                tmp, folder, backup_name_stem(source, folder), BACKUP_SUFFIX
            )
        elif replace_reserved:
            publish_file(tmp, dest)
        else:
            place_new(tmp, dest)
        fsync_folder(folder)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise RallyDeskError(
            f"{dest}: already exists; a backup never overwrites a file: name a new file, or a "
            "folder to get a time-stamped copy"
        ) from None
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise RallyDeskError(f"{dest}: backup failed ({exc})") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RallyDeskError(os_reason(exc, dest, "backup failed")) from None
    finally:
        os.close(fd)
    logging.getLogger(__name__).info("backed up %s to %s", source, dest)
    if anchor and head:
        anchors.record(uid, source, head, "backup", folders=[dest.parent])
    return dest


def _copy_into(source: Path, tmp: Path) -> tuple[tuple[int, str] | None, str | None]:
    """SQLite's online backup of ``source`` into ``tmp``, one file (no WAL), synced."""
    src = connect_readonly(source)
    try:
        out = sqlite3.connect(uri(tmp), uri=True)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")  # a backup is one file, readable from a CD
            head = journal.head(out)
            uid = stored_uid(out)
        finally:
            out.close()
    finally:
        src.close()
    fsync_file(tmp)
    return head, uid


def event_uid(path: Path) -> str | None:
    """The uid stored in an event file (None if it has none or cannot be read)."""
    try:
        require_event_file(path)
        conn = connect_readonly(path)
    except (RallyDeskError, sqlite3.Error, OSError):
        return None
    try:
        return stored_uid(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
