"""Where RallyDesk keeps its own files (demo event, crash log), per user."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    base = os.environ.get("RALLYDESK_DATA") or os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    path = Path(base) / "rallydesk" if "RALLYDESK_DATA" not in os.environ else Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"


def user_file_mode() -> int:
    """The permissions a new file gets under the user's umask (0644 under the usual 022).

    Files first written under a private temporary name (``mkstemp`` makes them 0600) get these
    before they are put in place, so a workbook or a backup is readable as any other file.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


SQLITE_MAGIC = b"SQLite format 3\x00"


def is_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite database (an event, say): an export must never replace one."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False
