"""``rallydesk verify``: is this file whole, ours, of a schema we know, and untouched?"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from . import journal
from .schema import APPLICATION_ID, known_migrations, schema_version

_SQLITE_MAGIC = b"SQLite format 3\x00"


def verify(path: str | Path) -> list[str]:
    """The findings; an empty list means the file is good."""
    path = Path(path)
    if not path.exists():
        return [f"{path}: no such file"]
    if path.is_dir():
        return [f"{path}: is a folder, not an event file"]
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(_SQLITE_MAGIC):
        return [f"{path}: not an SQLite database (the first bytes are not 'SQLite format 3')"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"{path}: cannot be opened ({exc})"]
    try:
        return _verify_open(path, conn)
    except sqlite3.DatabaseError as exc:
        return [f"{path}: damaged ({exc})"]
    finally:
        conn.close()


def _verify_open(path: Path, conn: sqlite3.Connection) -> list[str]:
    from sqlite_utils import Database

    findings: list[str] = []
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        findings.append(f"{path}: SQLite integrity check failed: " + "; ".join(rows[:5]))
        return findings
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        findings.append(f"{path}: {len(fk)} rows point to missing rows (first: table {fk[0][0]}, rowid {fk[0][1]})")
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        return findings + [f"{path}: not a RallyDesk event file (application id {app_id:#x})"]
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set='rallydesk' ORDER BY id")]
    known = known_migrations()
    unknown = [n for n in applied if n not in known]
    if unknown:
        return findings + [f"{path}: schema from a newer RallyDesk (unknown step {unknown[0]}; this version knows {schema_version()})"]
    if applied != known[: len(applied)]:
        findings.append(f"{path}: schema steps out of order: {applied}")
    db = Database(conn)
    for problem in journal.check_chain(db):
        findings.append(f"{path}: {problem.message}")
    findings.extend(f"{path}: {m}" for m in _tables_agree(conn))
    return findings


def _tables_agree(conn: sqlite3.Connection) -> list[str]:
    """Replay the journal and compare with the tables: a change made behind RallyDesk's back shows."""
    times: dict[tuple[int, int], Any] = {}  # latest journalled row, None once deleted
    adjustments: dict[int, Any] = {}
    for action, old, new in conn.execute(
        "SELECT action, old, new FROM journal WHERE action LIKE 'time.%' OR action LIKE 'adjustment.%' ORDER BY id"
    ):
        if action == "time.delete":
            o = json.loads(old)
            times[(o["stage"], o["number"])] = None
        elif action.startswith("time."):
            n = json.loads(new)
            times[(n["stage"], n["number"])] = n
        else:
            n = json.loads(new)
            adjustments[n["id"]] = n
    findings: list[str] = []
    cur = conn.execute(
        "SELECT stage, number, status, start_ms, finish_ms, elapsed_ms, nominal_ms, reason FROM stage_times"
    )
    names = [d[0] for d in cur.description]
    seen: set[tuple[int, int]] = set()
    for r in cur.fetchall():
        row = dict(zip(names, r, strict=True))
        key = (row["stage"], row["number"])
        seen.add(key)
        expected = times.get(key)
        if expected is None:
            findings.append(
                f"stage {key[0]} #{key[1]}: a time in the table has no journal row (added behind RallyDesk's back)"
            )
        elif any(expected.get(k) != v for k, v in row.items()):
            changed = ", ".join(f"{k} {expected.get(k)!r} -> {v!r}" for k, v in row.items() if expected.get(k) != v)
            findings.append(f"stage {key[0]} #{key[1]}: changed behind RallyDesk's back ({changed})")
    for key, value in sorted(times.items()):
        if value is not None and key not in seen:
            findings.append(
                f"stage {key[0]} #{key[1]}: a journalled time is missing from the table (deleted behind RallyDesk's back)"
            )
    cur = conn.execute("SELECT * FROM adjustments")
    names = [d[0] for d in cur.description]
    adj_seen: set[int] = set()
    for r in cur.fetchall():
        row = dict(zip(names, r, strict=True))
        adj_seen.add(row["id"])
        expected = adjustments.get(row["id"])
        if expected is None:
            findings.append(f"adjustment {row['id']}: has no journal row (added behind RallyDesk's back)")
        elif any(expected.get(k) != row[k] for k in row):
            findings.append(f"adjustment {row['id']}: differs from the journal (changed behind RallyDesk's back)")
    for missing in sorted(set(adjustments) - adj_seen):
        findings.append(f"adjustment {missing}: journalled but missing from the table (deleted behind RallyDesk's back)")
    return findings
