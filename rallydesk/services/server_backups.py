"""Backups of an event on a server: one now (``backup URL DEST``), one every few minutes while
its journal moves (``backups URL --folder DIR``: what the server PC's service or the results
office's PC runs), and one put back onto a new, empty server event (``restore BACKUP URL``).

Each backup is a verified, anchored event file (``store.server_backup``); the series keeps the
K newest of this event (recognised by its id, as file backups are) and goes on when the server
is away for a while: it says so and tries again at the next interval.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.errors import RallyDeskError
from ..store.autobackup import list_backups
from ..store.errors import StoreUnavailable
from ..store.location import is_url
from ..store.policy import DeskIdentity
from ..store.server_backup import ServerBackup, backup_server, file_head, server_head
from .files import _os_errors, push_event, shown, verify_event

log = logging.getLogger(__name__)


class StopFlag:
    """Set by a signal handler (Ctrl+C, SIGTERM) or a test: the series ends after the backup
    under way, never in the middle of one. Waiting is in short slices, so a signal that only
    sets a flag is seen at once (nothing here takes a lock a handler could wait for)."""

    SLICE_S = 0.1

    def __init__(self) -> None:
        self.requested = False

    def set(self) -> None:
        self.requested = True

    def wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` or until set; True when set."""
        end = time.monotonic() + seconds
        while not self.requested:
            left = end - time.monotonic()
            if left <= 0:
                break
            time.sleep(min(left, self.SLICE_S))
        return self.requested


def _desk() -> str:
    """How a backup's connection is named in ``server status``: ``backups COMPUTER``."""
    return f"backups {DeskIdentity.of_this_computer().desk}"


def _check_url(url: str) -> None:
    if not is_url(url):
        raise RallyDeskError(
            f"{url}: a server backup needs the server database's URL"
            " (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
        )


@_os_errors("backup failed")
def server_backup(url: str, dest: str | Path) -> ServerBackup:
    """A verified, anchored event file of the server's event now (DEST a new file or a folder)."""
    _check_url(url)
    if is_url(dest):
        raise RallyDeskError(f"{shown(dest)}: a backup is a file; name a new file or a folder")
    made = backup_server(url, Path(dest), _desk())
    log.info("server backup of %s: %s (%s)", made.address, made.path, made.digest)
    return made


@_os_errors("backups cannot be listed")
def server_backup_list(url: str, folder: str | Path) -> list[tuple[Path, str]]:
    """This server event's backups in ``folder`` (by its id), newest first, with the journal
    digest each holds."""
    _check_url(url)
    uid = server_head(url, _desk()).uid
    found = []
    for path in list_backups(Path(folder), uid):
        head = file_head(path)
        found.append((path, f"J{head[0]}-{head[1][:10]}" if head else "J0"))
    return found


@dataclass(frozen=True)
class SeriesLine:
    """One line of a backup series: a backup made, nothing new, the server away or back."""

    what: str  # backup, unchanged, unreachable, back, failed
    text: str
    backup: ServerBackup | None = None


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def run_server_backups(
    url: str,
    folder: str | Path,
    every_minutes: float,
    keep: int,
    say: Callable[[SeriesLine], None],
    stop: StopFlag | None = None,
    once: bool = False,
) -> int:
    """Back the server's event up into ``folder`` now and then every ``every_minutes`` while
    its journal head moves, keeping the ``keep`` newest; until ``stop`` is set (``once``: one
    round; a server away or a copy that does not verify is then an error). Returns the number
    of backups made."""
    _check_url(url)
    folder = Path(folder)
    if not every_minutes > 0 or keep < 1:
        raise RallyDeskError(
            f"--every {every_minutes:g} --keep {keep}: backups need an interval above 0 "
            "minutes (fractions allowed: 0.5 is 30 s) and at least 1 copy to keep"
        )
    if not folder.is_dir():
        raise RallyDeskError(f"{folder}: backup folder does not exist")
    stop = stop or StopFlag()
    desk, made, away = _desk(), 0, False
    last: tuple[int, str] | None = None
    every = f"{every_minutes:g} min"
    while not stop.requested:
        try:
            now = server_head(url, desk)
            if away:
                say(SeriesLine("back", f"{_now()} {now.address}: reachable again"))
                away = False
            kept = list_backups(folder, now.uid)
            if last is None and kept:
                last = file_head(kept[0])
            if kept and now.head == last:
                if once:
                    say(
                        SeriesLine(
                            "unchanged", f"{_now()} unchanged since {kept[0]} ({now.digest})"
                        )
                    )
            else:
                b = backup_server(url, folder, desk)
                for old in list_backups(folder, b.uid)[keep:]:
                    old.unlink(missing_ok=True)
                last, made = b.head, made + 1
                say(
                    SeriesLine(
                        "backup",
                        f"{_now()} backup {b.path} (journal {b.digest}, verified and anchored; "
                        f"the {min(keep, len(list_backups(folder, b.uid)))} newest kept)",
                        b,
                    )
                )
        except StoreUnavailable as exc:
            if once:
                raise
            if not away:
                say(SeriesLine("unreachable", f"{_now()} {exc}; trying again every {every}"))
            away = True
        except (RallyDeskError, OSError) as exc:
            if once:
                raise
            say(SeriesLine("failed", f"{_now()} BACKUP FAILED: {exc}; trying again in {every}"))
        if once or stop.wait(every_minutes * 60):
            break
    return made


@_os_errors("restore failed")
def restore_onto_server(backup: str | Path, url: str) -> tuple[str, str]:
    """Put a backup (a verified event file) onto an empty server database, e.g. a new event
    ``server add-event`` made: refused before anything is written when the backup does not
    verify or the database is not empty. (address, journal digest)."""
    _check_url(url)
    if is_url(backup):
        raise RallyDeskError(f"{shown(backup)}: name the backup file first, then the server's URL")
    findings = verify_event(backup)
    if findings:
        raise RallyDeskError(f"{backup}: not a good backup, nothing was restored: {findings[0]}")
    address, digest = push_event(backup, url)
    log.info("restored %s onto %s (%s)", backup, address, digest)
    return address, digest
