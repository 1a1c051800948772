"""Read an event's tables whether it is a file or a database on a PostgreSQL server (tests only)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def on_server(location: object) -> bool:
    return str(location).startswith("postgresql://")


def rows(location: str | Path, sql: str) -> list[tuple[Any, ...]]:
    """Every row of one query, in the order the query says."""
    if on_server(location):
        from rallydesk.store import pg

        db = pg.connect(str(location))
        try:
            return [tuple(r) for r in db.execute(sql).fetchall()]
        finally:
            db.close()
    conn = sqlite3.connect(location)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
