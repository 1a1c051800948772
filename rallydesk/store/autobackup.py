"""Automatic backups while keying: a consistent snapshot every N minutes into a folder the event
chooses (a USB stick at the bivouac), keeping the last K.  A failing target warns, never blocks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..domain.errors import RallyDeskError
from .backup import backup
from .verify import verify


class AutoBackup:
    def __init__(self, event_path: Path, folder: Path, every_minutes: float = 5, keep: int = 20,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.event_path = Path(event_path)
        self.folder = Path(folder)
        self.every_s = every_minutes * 60
        self.keep = max(1, keep)
        self.clock = clock
        self.last: float | None = None
        self.dirty = False
        self.warning: str | None = None

    def note_change(self) -> None:
        self.dirty = True

    def maybe_backup(self) -> Path | None:
        """A snapshot if there were changes and N minutes passed since the last one."""
        if not self.dirty:
            return None
        if self.last is not None and self.clock() - self.last < self.every_s:
            return None
        return self.backup_now("scheduled")

    def backup_now(self, why: str = "requested") -> Path | None:
        """Never raises: a failure is kept in ``warning`` for the desk to show loudly."""
        now = datetime.now()
        stamp = now.strftime("%Y%m%d-%H%M%S-") + f"{now.microsecond // 1000:03d}"  # sorts by time
        target = self.folder / f"{self.event_path.stem}-{stamp}.rallydesk"
        n = 2
        while target.exists():
            target = self.folder / f"{self.event_path.stem}-{stamp}-{n}.rallydesk"
            n += 1
        try:
            if not self.folder.is_dir():
                raise RallyDeskError(f"backup folder {self.folder} is missing (USB stick unplugged?)")
            written = backup(self.event_path, target)
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
        return list_backups(self.folder, self.event_path.stem)

    def _prune(self) -> None:
        for old in self.backups()[self.keep:]:
            old.unlink(missing_ok=True)


def list_backups(folder: Path, stem: str) -> list[Path]:
    """Newest first."""
    if not Path(folder).is_dir():
        return []
    return sorted(Path(folder).glob(f"{stem}-*.rallydesk"), key=lambda p: p.name, reverse=True)


def latest_good_backup(folder: Path, stem: str) -> Path | None:
    for candidate in list_backups(folder, stem):
        if not verify(candidate):
            return candidate
    return None


def restore(backup_path: Path, event_path: Path) -> Path | None:
    """Put a verified backup in place of the event file; the current file is kept beside it."""
    backup_path, event_path = Path(backup_path), Path(event_path)
    findings = verify(backup_path)
    if findings:
        raise RallyDeskError(f"{backup_path}: not a good backup: {findings[0]}")
    kept = None
    if event_path.exists():
        kept = event_path.with_name(f"{event_path.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
        event_path.replace(kept)
        for suffix in ("-wal", "-shm"):
            side = Path(str(event_path) + suffix)
            if side.exists():
                side.replace(Path(str(kept) + suffix))
    backup(backup_path, event_path)
    return kept
