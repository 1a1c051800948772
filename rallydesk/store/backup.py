"""Consistent copies of an event file with SQLite's online backup, safe while a desk is writing."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from ..domain.errors import RallyDeskError


def backup(source: str | Path, dest: str | Path) -> Path:
    """Copy ``source`` to ``dest`` (a file, or a folder to put a time-stamped copy in)."""
    source = Path(source)
    dest = Path(dest)
    if not source.exists():
        raise RallyDeskError(f"{source}: no such event file")
    if dest.is_dir():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = dest / f"{source.stem}-{stamp}{source.suffix or '.rallydesk'}"
    if dest.resolve() == source.resolve():
        raise RallyDeskError(f"{dest}: the backup cannot overwrite the event file itself")
    if not dest.parent.exists():
        raise RallyDeskError(f"{dest.parent}: backup folder does not exist")
    tmp = dest.with_name(dest.name + ".part")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        src.execute("PRAGMA busy_timeout = 5000")
        try:
            out = sqlite3.connect(str(tmp))
            try:
                src.backup(out)
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
        finally:
            src.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise RallyDeskError(f"{dest}: backup failed ({exc})") from None
    logging.getLogger(__name__).info("backed up %s to %s", source, dest)
    return dest
