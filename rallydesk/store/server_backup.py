"""Backups of an event on a server: an event file copied from one REPEATABLE READ snapshot (as
``pull`` does), verified before it gets a name, then anchored.

A copy that does not verify never gets a backup's name: it is removed and the backup refused,
so a folder of backups holds nothing but whole, verified copies (``verify`` of the copy also
checks it against the server's earlier anchors: a server whose journal was rewritten since its
last backup gives no backup). Each backup is anchored twice, in the user's log and in the backup
folder's: as the server event's head (the anchor names the server, so ``verify`` of any later
copy finds it) and as the copy itself (``verify`` of this very file must find that head intact).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import anchors, journal, pg
from .backup import BACKUP_SUFFIX, backup_name_stem, backup_names
from .errors import StoreError
from .files import (
    connect_readonly,
    fsync_file,
    fsync_folder,
    os_reason,
    place_new,
    place_under_new_name,
    remove_leftovers,
)
from .location import ServerAddress
from .schema import stored_uid
from .transfer import _write_file, check_schema, check_tables
from .verify import verify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerBackup:
    """A backup written (or, with ``path`` None, the state a backup would be of)."""

    address: ServerAddress
    uid: str | None
    head: tuple[int, str] | None
    path: Path | None = None

    @property
    def digest(self) -> str:
        return anchors.digest(*self.head) if self.head else "J0"


def server_head(url: str, desk: str) -> ServerBackup:
    """The event's id and journal head on the server now: whether a new backup is worth it."""
    db = pg.connect(url, readonly=True, desk=desk)
    try:
        with db.snapshot():
            check_schema(db)
            return ServerBackup(db.address, stored_uid(db), journal.head(db))
    finally:
        db.close()


def file_head(path: Path) -> tuple[int, str] | None:
    """The journal head of a backup file (None when it cannot be read)."""
    try:
        conn = connect_readonly(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        return journal.head(conn)
    except sqlite3.Error:  # a damaged file is no head to compare with: the next backup is taken
        return None
    finally:
        conn.close()


def backup_server(url: str, dest: str | Path, desk: str) -> ServerBackup:
    """Copy the server's event into ``dest`` (a new file, or a folder for a new time-stamped
    file named after the event's database), verified, then anchored. Never replaces a file."""
    check_tables()
    dest = Path(dest)
    into_folder = dest.is_dir()
    folder = dest if into_folder else dest.parent
    if not folder.is_dir():
        raise StoreError(f"{dest}: folder {folder} does not exist")
    if not into_folder and os.path.lexists(dest):
        raise StoreError(
            f"{dest}: already exists; a backup never overwrites a file: name a new file, or a "
            "folder to get a time-stamped copy"
        )
    db = pg.connect(url, readonly=True, desk=desk)
    try:
        with db.snapshot():
            check_schema(db)
            address, uid, head = db.address, stored_uid(db), journal.head(db)
            if into_folder:
                remove_leftovers(folder, backup_names(Path(address.dbname)))
            tmp = _write_file(db, folder)
    finally:
        db.close()
    try:
        findings = verify(tmp)
        if findings:
            raise StoreError(
                f"{address}: its copy does not verify ({findings[0].replace(str(tmp), 'the copy')});"
                f" no backup was kept; check the server with rallydesk verify URL"
            )
        fsync_file(tmp)
        if into_folder:
            stem = backup_name_stem(Path(address.dbname), folder)
            target = place_under_new_name(tmp, folder, stem, BACKUP_SUFFIX)
        else:
            target = dest
            place_new(tmp, target)
        fsync_folder(folder)
    except FileExistsError:
        raise StoreError(
            f"{dest}: already exists; a backup never overwrites a file: name a new file, or a "
            "folder to get a time-stamped copy"
        ) from None
    except OSError as exc:
        raise StoreError(os_reason(exc, dest, "the backup cannot be written")) from None
    finally:
        tmp.unlink(missing_ok=True)
    if head:
        failed = anchors.record(uid, address, head, "backup", folders=[folder])
        failed += anchors.record(uid, target, head, "backup", folders=[folder])
        for problem in failed:
            log.warning("%s", problem)
    log.info("backed up %s to %s (%s)", address, target, head)
    return ServerBackup(address, uid, head, target)
