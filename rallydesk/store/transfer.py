"""``push``: a file event onto an empty server database; ``pull``: a server event into a new file.

Both copy every table row for row and the journal verbatim (its rows and hashes are the same
text on both sides, so ``verify`` of either passes with the same journal head). A push is one
transaction: the database gets the whole event or nothing. A pull reads one REPEATABLE READ
snapshot (desks may keep writing) and publishes the file only once it is whole and synced,
under a name that was free: it never replaces a file. Rows keep their content, not SQLite's
rowid order (the server keeps no insertion order but for ``groups``, which it does keep).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from . import anchors, journal, pg, pg_schema
from .errors import StoreError
from .files import (
    APPLICATION_ID,
    NotAnEvent,
    connect_readonly,
    connect_writable,
    fsync_file,
    fsync_folder,
    os_reason,
    place_new,
    place_under_new_name,
    require_event_file,
    temp_file,
    uri,
)
from .schema import known_migrations, migrations, stored_uid

log = logging.getLogger(__name__)

#: Every table of the event, parents before the rows that point to them.
TABLES = (
    "event",
    "stages",
    "groups",
    "entries",
    "crew",
    "cup_members",
    "stage_times",
    "adjustments",
    "journal",
    "applied_changes",
    "desk_settings",
    "officials",
    "pin_failures",
    "publications",
    "start_times",
    "second_keyings",
    "waypoints",
    "passages",
    "interruptions",
)
#: The order rows are read from a server (its key; ``groups`` by its insertion order).
_ORDER = {
    "event": "id",
    "stages": "number",
    "groups": "rowid",
    "entries": "number",
    "crew": "number, seat",
    "cup_members": "cup, number",
    "stage_times": "stage, number",
    "adjustments": "id",
    "journal": "id",
    "applied_changes": "change_id",
    "desk_settings": "key",
    "officials": "name",
    "pin_failures": "name",
    "publications": "id",
    "start_times": "stage, number",
    "second_keyings": "stage, number",
    "waypoints": "stage, number",
    "passages": "stage, number, waypoint",
    "interruptions": "stage, category",
}


def check_tables() -> None:
    """A schema step that adds a table must teach push and pull to copy it."""
    missing = pg_schema.file_schema()["tables"] - set(TABLES)
    if missing:
        raise StoreError(
            f"push and pull do not know table {', '.join(sorted(missing))}; nothing was copied"
        )


def _cols(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _file_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def push(source: str | Path, url: str) -> tuple[pg.ServerAddress, tuple[int, str] | None]:
    """Copy the event file ``source`` onto the empty database ``url``; (address, journal head)."""
    check_tables()
    source = Path(source)
    try:
        require_event_file(source)
    except NotAnEvent as exc:
        raise StoreError(str(exc)) from None
    conn = connect_readonly(source)
    try:
        conn.execute("BEGIN")  # one snapshot of the file, even with a desk writing it
        applied = [m.name for m in migrations.applied(Database(conn))]
        if applied != known_migrations():
            raise StoreError(
                f"{source}: schema {len(applied)}, this RallyDesk writes schema {len(known_migrations())};"
                " open it for writing once (it is migrated, with a copy kept), then push"
            )
        head = journal.head(conn)
        uid = stored_uid(conn)
        db = pg.connect(url)
        try:
            if db.table_names():
                raise StoreError(
                    f"{db.address}: the database is not empty; push copies an event onto an empty"
                    " database only (make one with createdb NAME); nothing was copied"
                )
            with db.atomic():
                pg_schema.apply(db)
                for table in TABLES:
                    columns = _file_columns(conn, table)
                    rows = conn.execute(f"SELECT {_cols(columns)} FROM {table} ORDER BY rowid")
                    db.copy_rows(table, columns, rows)
                for table in pg_schema.IDENTITY_IDS:
                    db.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" COALESCE(max(id), 0) + 1, false) FROM {table}"
                    )
                if journal.head(db) != head:
                    raise StoreError(
                        f"{db.address}: the copied journal does not end where {source}'s does"
                    )
            address = db.address
        finally:
            db.close()
    finally:
        conn.rollback()
        conn.close()
    log.info("pushed %s to %s", source, address)
    if head:
        anchors.record(uid, address, head, "push")
    return address, head


def pull(url: str, dest: str | Path) -> tuple[Path, tuple[int, str] | None]:
    """Write the server's event, as one snapshot, to a new file (or a new time-stamped file in
    the folder ``dest``); (file written, journal head). Anchored like a backup."""
    check_tables()
    db = pg.connect(url, readonly=True)
    try:
        with db.snapshot():
            check_schema(db)
            folder, stem = _destination(Path(dest), db.address)
            tmp = _write_file(db, folder)
            try:
                head = journal.head(db)
                uid = stored_uid(db)
                fsync_file(tmp)
                if stem is None:
                    target = Path(dest)
                    place_new(tmp, target)
                else:
                    target = place_under_new_name(tmp, folder, stem, ".rallydesk")
                fsync_folder(folder)
            except FileExistsError:
                raise StoreError(
                    f"{dest}: already exists; pull never replaces a file: name a new file, or a"
                    " folder to get a time-stamped copy"
                ) from None
            except OSError as exc:
                raise StoreError(
                    os_reason(exc, dest, "the pulled event cannot be written")
                ) from None
            finally:
                tmp.unlink(missing_ok=True)
        address = db.address
    finally:
        db.close()
    log.info("pulled %s to %s", address, target)
    if head:
        anchors.record(uid, address, head, "pull", folders=[target.parent])
    return target, head


def check_schema(db: pg.ServerBackend) -> None:
    """The server's event is of the schema this RallyDesk writes (a file copy of it can be)."""
    applied = pg_schema.applied(db)
    if not applied:
        raise StoreError(f"{db.address}: no RallyDesk event in this database")
    if applied != known_migrations():
        raise StoreError(
            f"{db.address}: schema {len(applied)}, this RallyDesk writes schema"
            f" {len(known_migrations())}; open it for writing once with this RallyDesk, or"
            " pull it with the RallyDesk that wrote it"
        )


def _destination(dest: Path, address: pg.ServerAddress) -> tuple[Path, str | None]:
    """(the folder, the stem of a time-stamped name) for a folder; (its folder, None) for a new
    file's name, which must not exist: no existing file is ever replaced."""
    if dest.is_dir():
        now = datetime.now()
        return dest, f"{address.dbname}-{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"
    if not dest.parent.is_dir():
        raise StoreError(f"{dest}: folder {dest.parent} does not exist")
    if os.path.lexists(dest):
        raise StoreError(
            f"{dest}: already exists; pull never replaces a file: name a new file, or a folder"
            " to get a time-stamped copy"
        )
    return dest.parent, None


def _write_file(db: pg.ServerBackend, folder: Path) -> Path:
    """The event file, written in ``folder`` under a temporary name; returns that name."""
    try:
        fd, tmp = temp_file(folder)
    except OSError as exc:
        raise StoreError(os_reason(exc, folder, "the pulled event cannot be written")) from None
    os.close(fd)
    target = folder
    try:
        first = sqlite3.connect(uri(tmp), uri=True)
        first.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        first.commit()
        first.close()
        out = connect_writable(tmp)
        try:
            migrations.apply(Database(out))
            with out:
                for table in TABLES:
                    columns = _file_columns(out, table)
                    rows = db.execute(
                        f"SELECT {_cols(columns)} FROM {table} ORDER BY {_ORDER[table]}"
                    ).fetchall()
                    out.executemany(
                        f"INSERT INTO {table} ({_cols(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        rows,
                    )
        finally:
            out.close()
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"{target}: pull failed ({exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
