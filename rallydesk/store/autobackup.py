"""Automatic backups while keying, and restoring one.

A consistent snapshot every N minutes into a folder the event chooses (a USB stick at the
bivouac), keeping the last K.  A failing target warns, never blocks.  Backups are recognised by
the event id stored inside them, never by their name: ``dakar`` and ``dakar-bikes`` may share a
folder and a prefix, and neither's rotation ever touches the other's copies.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..domain.errors import RallyDeskError
from . import anchors, journal
from .backup import BACKUP_SUFFIX, backup, event_uid
from .files import (
    connect_writable,
    fsync_file,
    fsync_folder,
    os_reason,
    place_under_new_name,
    publish_file,
    temp_file,
    uri,
)
from .schema import stored_uid
from .verify import verify

#: Defaults of automatic backups: a snapshot every 5 minutes of keying, the last 20 kept.
BACKUP_EVERY_MINUTES = 5.0
BACKUP_KEEP = 20


class AutoBackup:
    def __init__(
        self,
        event_path: Path,
        folder: Path,
        every_minutes: float = BACKUP_EVERY_MINUTES,
        keep: int = BACKUP_KEEP,
        clock: Callable[[], float] = time.monotonic,
        uid: str | None = None,
    ) -> None:
        self.event_path = Path(event_path)
        self.folder = Path(folder)
        self.every_s = every_minutes * 60
        self.keep = max(1, keep)
        self.clock = clock
        self.uid = uid or event_uid(self.event_path)
        self.last: float | None = None
        self.dirty = False
        self.warning: str | None = None

    def note_change(self) -> None:
        self.dirty = True

    def due(self) -> bool:
        """There were changes, and N minutes passed since the last snapshot (or none was taken)."""
        return self.dirty and (self.last is None or self.clock() - self.last >= self.every_s)

    def maybe_backup(self) -> Path | None:
        """A snapshot if one is :meth:`due`."""
        return self.backup_now("scheduled") if self.due() else None

    def backup_now(self, why: str = "requested") -> Path | None:
        """Never raises: a failure is kept in ``warning`` for the desk to show loudly."""
        try:
            if not self.folder.is_dir():
                raise RallyDeskError(
                    f"backup folder {self.folder} is missing (USB stick unplugged?)"
                )
            written = backup(self.event_path, self.folder)
            self._prune()
        except (RallyDeskError, OSError) as exc:
            self.warning = f"BACKUP FAILED ({why}): {exc}. Keying goes on; fix the backup folder."
            logging.getLogger(__name__).warning("%s", self.warning)
            self.last = self.clock()  # do not retry on every keystroke; retry after the interval
            return None
        self.warning = None
        self.last = self.clock()
        self.dirty = False
        return written

    def backups(self) -> list[Path]:
        return list_backups(self.folder, self.uid)

    def _prune(self) -> None:
        for old in self.backups()[self.keep :]:
            old.unlink(missing_ok=True)


def list_backups(folder: Path, uid: str | None) -> list[Path]:
    """The backups of the event with this uid in ``folder``, newest first."""
    folder = Path(folder)
    if uid is None or not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"*{BACKUP_SUFFIX}") if p.is_file() and event_uid(p) == uid]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def uid_for(event_path: Path) -> str | None:
    """The event's uid from the file, or, for a file too damaged to read, from the anchor log."""
    return event_uid(event_path) or anchors.uid_of_path(event_path)


def latest_good_backup(folder: Path, event_path: Path) -> Path | None:
    for candidate in list_backups(folder, uid_for(Path(event_path))):
        if not verify(candidate):
            return candidate
    return None


class OtherEvent(RallyDeskError):
    """The backup is of another event than the one it would replace (nothing was changed)."""


def restore(backup_path: Path, event_path: Path, *, other_event: bool = False) -> Path | None:
    """Put a verified backup in place of the event; the replaced file is kept beside it.

    Call with the event's writer lock held.  At every moment the event path holds a whole event
    (the original until one atomic rename, then the restored copy); the original is kept under a
    name no other restore can take, with its WAL. A backup of another event (its id differs from
    the event's, read from the file or, for a wrecked file, from the anchor log) is refused
    unless ``other_event`` says that is meant.
    """
    backup_path, event_path = Path(backup_path), Path(event_path)
    if event_path.exists() and os.path.samefile(backup_path, event_path):
        raise RallyDeskError(
            f"{backup_path}: is the event file itself; choose a backup to restore from"
        )
    findings = verify(backup_path)
    if findings:
        raise RallyDeskError(f"{backup_path}: not a good backup: {findings[0]}")
    theirs, ours = event_uid(backup_path), uid_for(event_path) if event_path.exists() else None
    if theirs and ours and theirs != ours and not other_event:
        raise OtherEvent(
            f"{backup_path} is a backup of another event ({_label(backup_path, theirs)}) than "
            f"{event_path} ({_label(event_path, ours)}); nothing was changed. To replace "
            "the event with another one all the same, restore with --other-event"
        )
    folder = event_path.parent
    try:
        fd, tmp = temp_file(folder)
    except OSError as exc:
        raise RallyDeskError(os_reason(exc, folder, "cannot restore there")) from None
    os.close(fd)
    try:
        backup(backup_path, tmp, replace_reserved=True, anchor=False)
        fsync_file(tmp)
    except (RallyDeskError, OSError):
        tmp.unlink(missing_ok=True)
        raise
    kept = None
    try:
        if event_path.exists():
            kept = _keep_original(event_path)
        # anchored before the rename: verify never sees the restored (shorter) journal unexplained
        uid, head = _head(tmp)
        if uid and head:
            anchors.record(uid, event_path, head, "restore", of_file=tmp)
        publish_file(tmp, event_path)
        fsync_folder(folder)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise RallyDeskError(
            f"{event_path}: restore failed ({exc}); the event is as it was"
        ) from None
    return kept


def _label(path: Path, uid: str) -> str:
    """An event as an official recognises it: its name, and the id that tells it apart."""
    name = None
    try:
        conn = sqlite3.connect(uri(path, mode="ro"), uri=True)
        try:
            row = conn.execute("SELECT name FROM event WHERE id = 1").fetchone()
            name = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    return f'"{name}", event id {uid}' if name else f"event id {uid}"


def _keep_original(event_path: Path) -> Path:
    """Copy the original aside (main file and WAL), then leave no WAL behind at the event path.

    The copy is made before anything moves, so a crash at any point leaves the original at the
    event path or the kept copy whole.  A stale ``-wal`` must not survive beside the restored file:
    SQLite would replay it into a database it does not belong to.
    """
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    checkpointed = _checkpoint(event_path)
    kept = _copy(event_path, event_path.parent, f"{event_path.name}.before-restore-{stamp}")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{event_path}{suffix}")
        if side.exists():
            if not checkpointed:
                _copy(side, kept.parent, f"{kept.name}{suffix}")
            side.unlink()
    return kept


def _checkpoint(event_path: Path) -> bool:
    """Fold the WAL into the main file; False when the file is too damaged for SQLite."""
    try:
        conn = connect_writable(event_path)
        try:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    if busy:
        raise RallyDeskError(
            f"{event_path}: another desk is reading it; close the other desks, then restore"
        )
    return True


def _copy(src: Path, folder: Path, name: str) -> Path:
    """A whole copy or none, under ``name`` in ``folder`` (``name-2`` … when taken): written under
    a temporary name, synced, then renamed into place without replacing anything."""
    fd, part = temp_file(folder)
    try:
        with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
            while chunk := fin.read(1 << 20):
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
            kept = place_under_new_name(part, folder, name, "")
        with contextlib.suppress(OSError):
            os.chmod(kept, os.stat(src).st_mode & 0o777)
        return kept
    finally:
        part.unlink(missing_ok=True)


def _head(event_path: Path) -> tuple[str | None, tuple[int, str] | None]:
    """The event id and journal head of a file (None, None when it cannot be read)."""
    try:
        conn = sqlite3.connect(uri(event_path, mode="ro"), uri=True)
        try:
            return stored_uid(conn), journal.head(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return None, None
