"""Consistent copies of an event file with SQLite's online backup, safe while a desk is writing.

A backup never overwrites an existing file: a file destination must be new, a folder destination
gets a new time-stamped name, reserved exclusively so that two backups in the same millisecond
still get two files.  The copy is written beside its destination under a temporary name and put
in place only once whole and synced.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from ..domain.errors import RallyDeskError
from . import anchors, journal
from .files import (
    connect_readonly,
    fsync_file,
    fsync_folder,
    publish_file,
    require_event_file,
    reserve_new_name,
    uri,
)
from .schema import stored_uid

BACKUP_SUFFIX = ".rallydesk"


def backup_name_stem(source: Path) -> str:
    """``EVENT-YYYYMMDD-HHMMSS-mmm``: sorts by time; the event is named by its uid, not this."""
    now = datetime.now()
    return f"{source.stem}-{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"


def backup(
    source: str | Path, dest: str | Path, *, replace_reserved: bool = False, anchor: bool = True
) -> Path:
    """Copy ``source`` to ``dest`` (a new file, or a folder to put a time-stamped copy in).

    ``replace_reserved`` is for callers that reserved ``dest`` themselves (an empty file made
    with :func:`reserve_new_name`); nothing else may be replaced.
    """
    source = Path(source)
    dest = Path(dest)
    if not source.exists():
        raise RallyDeskError(f"{source}: no such event file")
    require_event_file(source)
    if dest.is_dir():
        dest = reserve_new_name(dest, backup_name_stem(source), BACKUP_SUFFIX)
        replace_reserved = True
    elif os.path.lexists(dest) and not replace_reserved:
        what = "the event file itself" if _same_file(source, dest) else "an existing file"
        raise RallyDeskError(
            f"{dest}: already exists ({what}); a backup never overwrites a file: "
            "name a new file, or a folder to get a time-stamped copy"
        )
    elif not dest.parent.is_dir():
        raise RallyDeskError(f"{dest.parent}: backup folder does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        os.close(fd)
    except OSError as exc:
        if replace_reserved:
            _drop_reservation(dest)
        raise RallyDeskError(f"{dest}: backup failed ({exc.strerror})") from None
    tmp = Path(tmp_name)
    try:
        src = connect_readonly(source)
        try:
            out = sqlite3.connect(uri(tmp), uri=True)
            try:
                src.backup(out)
                out.execute(
                    "PRAGMA journal_mode = DELETE"
                )  # a backup is one file, readable from a CD
                head = journal.head(out)
                uid = stored_uid(out)
            finally:
                out.close()
        finally:
            src.close()
        fsync_file(tmp)
        publish_file(tmp, dest)
        fsync_folder(dest.parent)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        if replace_reserved:
            _drop_reservation(dest)
        raise RallyDeskError(f"{dest}: backup failed ({exc})") from None
    logging.getLogger(__name__).info("backed up %s to %s", source, dest)
    if anchor and head:
        anchors.record(uid, source, head, "backup", folders=[dest.parent])
    return dest


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


def _drop_reservation(dest: Path) -> None:
    with contextlib.suppress(OSError):
        if dest.stat().st_size == 0:
            dest.unlink()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
