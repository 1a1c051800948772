"""Every table of an event file, row by row: a refused import must leave this exactly equal."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump(path: Path) -> dict[str, list]:
    """All tables (whatever the schema version adds), each in rowid order."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        conn.close()
