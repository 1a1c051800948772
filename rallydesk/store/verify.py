"""``rallydesk verify``: is this file whole, ours, of a schema we know, and untouched?

Everything is read in one read transaction (one snapshot), so a desk keying into the event at
the same time never causes a false alarm.  What is checked:
- SQLite's own integrity and foreign keys;
- the schema: every table, index, trigger and view exactly as the applied steps make them, and
  the steps themselves in order (a dropped journal trigger or a deleted step shows);
- the journal's hash chain;
- every table that can change a result or a sheet against the journal replayed from its start
  (settings, stages, groups, entries, crews, cups, times, adjustments, desk settings,
  officials, wrong-PIN counts, published versions and their frozen documents, the ids of the
  desks' applied changes);
- the chain against every anchor found outside the file and every digest given (``anchors.py``).

An event on a PostgreSQL server (``postgresql://…``) gets the same checks but SQLite's own:
its schema against the file's steps (``pg_schema.differences``), the chain, the replay, the
anchors and digests, all read in one REPEATABLE READ, read-only transaction.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..domain import officials as rules
from . import anchors, filedb, journal, pg
from .backend import Backend
from .errors import StoreError
from .files import APPLICATION_ID, NotAnEvent, connect_readonly, require_event_file
from .location import is_url
from .schema import MIGRATION_SET, known_migrations, migrations, schema_version, stored_uid

Row = dict[str, Any]


def verify(
    path: str | Path, digests: Sequence[str] = (), folders: Iterable[Path] = ()
) -> list[str]:
    """The findings; an empty list means the file is good.

    ``digests`` are journal digests printed on sheets (``J1234-0123abcdef``); ``folders`` are
    further places to look for anchor logs (the backup folder is found by itself).
    """
    if is_url(path):
        return _verify_server(str(path), digests, list(folders))
    path = Path(path)
    try:
        require_event_file(path)
    except NotAnEvent as exc:
        return [str(exc)]
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as exc:
        return [f"{path}: cannot be opened ({exc})"]
    try:
        conn.execute("BEGIN")  # one snapshot for every read below
        return [f"{path}: {f}" for f in _verify_open(path, conn, digests, list(folders))]
    except sqlite3.DatabaseError as exc:
        return [f"{path}: damaged ({exc})"]
    finally:
        conn.rollback()
        conn.close()


def _verify_open(
    path: Path, conn: sqlite3.Connection, digests: Sequence[str], folders: list[Path]
) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        return ["SQLite integrity check failed: " + "; ".join(rows[:5])]
    findings: list[str] = []
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        findings.append(
            f"{len(fk)} rows point to missing rows (first: table {fk[0][0]}, rowid {fk[0][1]})"
        )
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        return findings + [f"not a RallyDesk event file (application id {app_id:#x})"]
    applied = _applied(conn)
    known = known_migrations()
    unknown = [n for n in applied if n not in known]
    if unknown:
        return findings + [
            f"schema from a newer RallyDesk (unknown step {unknown[0]}; this version knows {schema_version()})"
        ]
    if applied != known[: len(applied)]:
        findings.append(
            f"schema steps missing or out of order: the file records {', '.join(applied) or 'none'}, "
            f"expected {', '.join(known[: len(applied)])}"
        )
    findings.extend(_schema_agrees(conn, len(applied)))
    db = filedb.wrap(conn, path)
    findings.extend(problem.message for problem in journal.check_chain(db))
    findings.extend(_tables_agree(db, _file_tables(conn)))
    findings.extend(_roles_hold(db))
    uid = stored_uid(conn)
    if uid:
        findings.extend(_anchors_hold(path, db, uid, folders))
    findings.extend(_digests_hold(db, digests))
    return findings


# ----------------------------------------------------------------------------- schema


def _applied(conn: sqlite3.Connection) -> list[str]:
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        ]
    except sqlite3.OperationalError:
        return []


def _norm(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _objects(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    return {
        name: (kind, _norm(sql))
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
    }


@functools.cache
def expected_schema(steps: int) -> dict[str, tuple[str, str]]:
    """Every table, index, trigger and view that the first ``steps`` schema steps create."""
    db = Database(memory=True)
    known = known_migrations()
    migrations.apply(db, stop_before=known[steps] if steps < len(known) else None)
    objects = _objects(db.conn)
    db.close()
    return objects


def _schema_agrees(conn: sqlite3.Connection, steps: int) -> list[str]:
    expected = expected_schema(steps)
    actual = _objects(conn)
    findings = []
    for name, (kind, sql) in sorted(expected.items()):
        if name not in actual:
            findings.append(
                f"{kind} {name} is missing from the schema (dropped behind RallyDesk's back)"
            )
        elif actual[name] != (kind, sql) and name != migrations.migrations_table:
            findings.append(
                f"{kind} {name} differs from schema {steps} (changed behind RallyDesk's back)"
            )
    for name, (kind, _) in sorted(actual.items()):
        if name not in expected:
            findings.append(
                f"{kind} {name} is not part of schema {steps} (added behind RallyDesk's back)"
            )
    return findings


# ----------------------------------------------------------------------------- tables


class _Replay:
    """The tables as the journal says they must be."""

    def __init__(self) -> None:
        self.event: Row = {}
        self.tables: dict[str, dict[tuple[Any, ...], Row]] = {
            name: {}
            for name in (
                "stages",
                "groups",
                "entries",
                "crew",
                "cup_members",
                "stage_times",
                "adjustments",
                "desk_settings",
                "officials",
                "pin_failures",
                "publications",
                "start_times",
                "second_keyings",
                "applied_changes",
                "waypoints",
                "passages",
                "interruptions",
            )
        }
        self.unknown: list[str] = []

    def apply(self, journal_id: int, action: str, target: str, old: Any, new: Any) -> None:
        t = self.tables
        if action in ("event.create", "event.settings", "event.identity"):
            self.event.update(new)
        elif action == "stage.put":
            t["stages"][(new["number"],)] = new
        elif action == "group.put":
            t["groups"][(new["code"],)] = new
        elif action == "entry.put":
            number = new["number"]
            t["entries"][(number,)] = {k: new[k] for k in ("number", "class", "team", "vehicle")}
            for key in [k for k in t["crew"] if k[0] == number]:
                del t["crew"][key]
            for seat, m in enumerate(new["crew"], start=1):
                t["crew"][(number, seat)] = {"number": number, "seat": seat, **m}
            for key in [k for k in t["cup_members"] if k[1] == number]:
                del t["cup_members"][key]
            for cup in new["cups"]:
                t["cup_members"][(cup, number)] = {"cup": cup, "number": number}
        elif action == "time.delete":
            t["stage_times"].pop((old["stage"], old["number"]), None)
        elif action in ("time.record", "time.replace"):
            t["stage_times"][(new["stage"], new["number"])] = new
        elif action.startswith("adjustment."):
            t["adjustments"][(new["id"],)] = new
        elif action == "official.put":
            t["officials"][(new["name"],)] = new
        elif action == "official.remove":
            t["officials"].pop((old["name"],), None)
            t["pin_failures"].pop((old["name"],), None)
        elif action == "official.pin":
            name = target.removeprefix("official ")
            if new is None:
                t["pin_failures"].pop((name,), None)
            else:
                t["pin_failures"][(name,)] = new
        elif action == "publication.add":
            t["publications"][(new["id"],)] = new
        elif action == "start.set":
            t["start_times"][(new["stage"], new["number"])] = new
        elif action == "start.delete":
            t["start_times"].pop((old["stage"], old["number"]), None)
        elif action in ("second.record", "second.replace", "second.settle"):
            t["second_keyings"][(new["stage"], new["number"])] = new
        elif action in RAID_ACTIONS:
            table, key = RAID_ACTIONS[action]
            row = new if new is not None else old
            if new is None:
                t[table].pop(tuple(row[k] for k in key), None)
            else:
                t[table][tuple(row[k] for k in key)] = new
        elif action == "desk.setting":
            name = target.removeprefix("desk ")
            t["desk_settings"][(name,)] = {"key": name, "value": new}
        else:
            self.unknown.append(f"journal row {journal_id}: unknown change {action!r}")

    def applied(self, journal_id: int, change_id: str) -> None:
        """Schema 7: a journal row naming a desk's change id makes its ``applied_changes`` row; the
        same id twice would be one change applied twice (a replay that duplicated it)."""
        known = self.tables["applied_changes"]
        if (change_id,) in known:
            self.unknown.append(
                f"journal row {journal_id}: change {change_id} was already applied by journal row"
                f" {known[(change_id,)]['journal_id']} (applied twice)"
            )
        known[(change_id,)] = {"change_id": change_id, "journal_id": journal_id}


#: Each journalled table and its key columns, in the words of the findings.
_KEYS: dict[str, tuple[str, ...]] = {
    "stages": ("number",),
    "groups": ("code",),
    "entries": ("number",),
    "crew": ("number", "seat"),
    "cup_members": ("cup", "number"),
    "stage_times": ("stage", "number"),
    "adjustments": ("id",),
    "desk_settings": ("key",),
    "officials": ("name",),
    "pin_failures": ("name",),
    "publications": ("id",),
    "start_times": ("stage", "number"),
    "second_keyings": ("stage", "number"),
    "applied_changes": ("change_id",),
    "waypoints": ("stage", "number"),
    "passages": ("stage", "number", "waypoint"),
    "interruptions": ("stage", "category"),
}
#: Issue 26's journal actions: the table each writes and its key (a None new value: removed).
RAID_ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "waypoint.put": ("waypoints", _KEYS["waypoints"]),
    "waypoint.remove": ("waypoints", _KEYS["waypoints"]),
    "passage.set": ("passages", _KEYS["passages"]),
    "interruption.add": ("interruptions", _KEYS["interruptions"]),
    "interruption.undo": ("interruptions", _KEYS["interruptions"]),
}
_LABELS = {
    "stages": "stage {0}",
    "groups": "group {0}",
    "entries": "entry #{0}",
    "crew": "crew of #{0}, seat {1}",
    "cup_members": "cup {0} member #{1}",
    "stage_times": "stage {0} #{1}",
    "adjustments": "adjustment {0}",
    "desk_settings": "desk setting {0}",
    "officials": "official {0}",
    "pin_failures": "wrong PINs of {0}",
    "publications": "publication {0}",
    "start_times": "start of stage {0} #{1}",
    "second_keyings": "second keying of stage {0} #{1}",
    "applied_changes": "applied change {0}",
    "waypoints": "waypoint {1} of stage {0}",
    "passages": "passage of stage {0} #{1} at WP{2}",
    "interruptions": "interruption of stage {0} {1}",
}


#: On a server: what the server keeps out of the journal (wrong PINs, counted by its own
#: rallydesk_check_pin), and the columns compared where a desk login may not read them all
#: (the PIN hashes, never journalled there: ``pg_rules``).
_SERVER_KEPT = frozenset({"pin_failures"})
_SERVER_COLUMNS = {"officials": "name, role, pin_salt"}


def _rows(db: Backend, sql: str) -> list[Row]:
    """Rows as dicts; a server's ``groups.rowid`` (its insertion order, the file's implicit
    rowid made a column) is not data."""
    rows = db.query(sql)
    for r in rows:
        r.pop("rowid", None)
    return rows


def _file_tables(conn: sqlite3.Connection) -> set[str]:
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _tables_agree(conn: Backend, tables: set[str]) -> list[str]:
    """Replay the journal and compare with every table: a change made behind RallyDesk's back shows."""
    replay = _Replay()
    change = "change_id" if "change_id" in journal.columns(conn) else "NULL"
    for jid, action, target, old, new, change_id in conn.execute(
        f"SELECT id, action, target, old, new, {change} FROM journal ORDER BY id"
    ):
        if change_id is not None:
            replay.applied(jid, change_id)
        try:
            replay.apply(
                jid,
                action,
                target,
                json.loads(old) if old else None,
                json.loads(new) if new else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            replay.unknown.append(f"journal row {jid}: its values cannot be read")
    findings = list(replay.unknown)
    findings.extend(_compare_event(conn, replay.event))
    server = isinstance(conn, pg.ServerBackend)
    for table, key_cols in _KEYS.items():
        if table not in tables or (server and table in _SERVER_KEPT):
            continue
        columns = _SERVER_COLUMNS.get(table, "*") if server else "*"
        actual = {
            tuple(r[k] for k in key_cols): r for r in _rows(conn, f"SELECT {columns} FROM {table}")
        }
        if table == "publications":
            findings.extend(_documents_hold(actual))
        if table == "officials":  # a PIN set on a server: its hash is never journalled there
            for key, row in actual.items():
                if "pin_hash" not in replay.tables[table].get(key, {"pin_hash": None}):
                    row.pop("pin_hash", None)
        findings.extend(_compare(_LABELS[table], replay.tables[table], actual))
    return findings


def _documents_hold(actual: dict[tuple[Any, ...], Row]) -> list[str]:
    """A frozen document must still have the digest its journal row records (which the replay
    compares); the document itself is not repeated in the journal."""
    findings = []
    for key, row in actual.items():
        document = row.pop("document", None)
        if hashlib.sha256((document or "").encode("utf-8")).hexdigest() != row.get("digest"):
            findings.append(
                f"publication {key[0]}: its frozen document was changed behind RallyDesk's back"
            )
    return findings


#: Bookkeeping columns the journal does not repeat (its own row has the time and the official).
_NOT_JOURNALLED = frozenset({"updated_at", "updated_by", "created_at"})


def _differences(expected: Row, actual: Row) -> str:
    """Every column but bookkeeping: a column the journal row lacks must be empty (NULL)."""
    keys = [k for k in actual if k not in _NOT_JOURNALLED]
    return ", ".join(
        f"{k} {expected.get(k)!r} -> {actual[k]!r}" for k in keys if expected.get(k) != actual[k]
    )


def _compare(
    label: str, expected: dict[tuple[Any, ...], Row], actual: dict[tuple[Any, ...], Row]
) -> list[str]:
    findings = []
    for key, row in sorted(actual.items(), key=lambda kv: str(kv[0])):
        name = label.format(*key)
        if key not in expected:
            findings.append(f"{name}: has no journal row (added behind RallyDesk's back)")
        elif changed := _differences(expected[key], row):
            findings.append(f"{name}: changed behind RallyDesk's back ({changed})")
    for key in sorted(set(expected) - set(actual), key=str):
        findings.append(
            f"{label.format(*key)}: journalled but missing (deleted behind RallyDesk's back)"
        )
    return findings


def _compare_event(conn: Backend, expected: Row) -> list[str]:
    rows = _rows(conn, "SELECT * FROM event")
    if not rows:
        return ["the event row is missing (deleted behind RallyDesk's back)"]
    if len(rows) > 1:
        return ["the event table has more than one row (added behind RallyDesk's back)"]
    changed = _differences(dict(expected, id=1), rows[0])
    return [f"event settings: changed behind RallyDesk's back ({changed})"] if changed else []


# ----------------------------------------------------------------------------- roles


class _Roles:
    """What the rules of who may do what are judged by, as the journal builds it row by row:
    the officials and their roles, the latest status of each published unit, the entries'
    classes and the groups' categories."""

    def __init__(self) -> None:
        self.officials: dict[str, str] = {}
        self.published: dict[tuple[int, str], str] = {}
        self.classes: dict[int, str] = {}
        self.groups: dict[str, tuple[str, str | None]] = {}

    def category(self, number: int | None) -> str | None:
        """The category of entry ``number`` now (None: every category, as the desk's guard
        takes an entry it does not know yet)."""
        if number is None or number not in self.classes:
            return None
        code = self.classes[number]
        kind, parent = self.groups.get(code, ("category", None))
        return code if kind == "category" else (parent or code)

    def after(self, action: str, old: Any, new: Any) -> None:
        if action == "official.put":
            self.officials[new["name"]] = new["role"]
        elif action == "official.remove":
            self.officials.pop(old["name"], None)
        elif action == "publication.add":
            self.published[(new["stage"], new["category"])] = new["status"]
        elif action == "entry.put":
            self.classes[new["number"]] = new["class"]
        elif action == "group.put":
            self.groups[new["code"]] = (new.get("kind") or "category", new.get("parent"))


def _guarded_stage(action: str, stage: Any, old: Any, new: Any) -> int | None:
    """The stage the desk's guard was asked about for this row (``store/*.py``'s calls)."""
    if action in ("entry.put", "group.put") or action.startswith("event."):
        return None
    if action == "adjustment.edit" and isinstance(old, dict) and isinstance(new, dict):
        return int(min(old["stage"], new["stage"]))
    return stage if isinstance(stage, int) else None


def _roles_hold(conn: Backend) -> list[str]:
    """Every journal row against the rules of who may do what (``domain/officials.py``, the one
    statement the desk's guard uses too), judged by the official the row names with the role
    the journal had given them by then, and by the official units of that moment: a row
    written past the desk's checks (a script with the file) shows, however well formed."""
    cols = journal.columns(conn)
    official = "official" if "official" in cols else "NULL"
    stage, number = ("stage", "number") if "stage" in cols else ("NULL", "NULL")
    state = _Roles()
    findings: list[str] = []
    for jid, action, old_text, new_text, reason, name, st, num in conn.execute(
        f"SELECT id, action, old, new, reason, {official}, {stage}, {number}"
        " FROM journal ORDER BY id"
    ):
        try:
            old = json.loads(old_text) if old_text else None
            new = json.loads(new_text) if new_text else None
        except ValueError:
            continue  # the replay reports a row that cannot be read
        asked = rules.guarded_as(action, old, new)
        who = f"journal row {jid} ({action}" + (f" by {name})" if name else ", by nobody named)")
        role = state.officials.get(name) if name else None
        why: str | None = None
        if name and role is None:
            if asked not in rules.UNGUARDED:
                why = f"{name} is not an official of the event at that point"
        else:
            why = rules.refusal(
                asked, (name, role) if name and role else None, bool(state.officials)
            )
        if why is None and rules.locks(asked):
            units = rules.locked_units(
                state.published,
                _guarded_stage(action, st, old, new),
                state.category(num if isinstance(num, int) else None),
            )
            if units:
                listed = ", ".join(f"stage {s} {c}" for s, c in units)
                why = rules.lock_refusal(listed, role, reason)
        if why is not None:
            findings.append(f"{who}: breaks the rules of who may do what: {why}")
        try:
            state.after(action, old, new)
        except (KeyError, TypeError):
            pass  # the replay reports a row whose values cannot be read
    return findings


# ----------------------------------------------------------------------------- anchors


def _hash_of(conn: Backend, journal_id: int) -> str | None:
    row = conn.execute("SELECT hash FROM journal WHERE id = $1", [journal_id]).fetchone()
    return str(row[0]) if row else None


def _anchor_folders(conn: Backend, path: Any, folders: list[Path]) -> list[Path]:
    found = [*folders] if is_url(str(path)) else [*folders, path.parent]
    try:
        row = conn.execute("SELECT value FROM desk_settings WHERE key = 'backup_folder'").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row and row[0]:
        found.append(Path(row[0]))
    return found


def _anchors_hold(path: Any, conn: Backend, uid: str, folders: list[Path]) -> list[str]:
    """Every anchored head of this event that this file's history must hold (``anchors.judge``:
    its own anchors, and those of copies up to where it went its own way)."""
    found = anchors.find(uid, _anchor_folders(conn, path, folders))
    return anchors.judge(found, path, lambda journal_id: _hash_of(conn, journal_id))


def _digests_hold(conn: Backend, digests: Sequence[str]) -> list[str]:
    findings = []
    for text in digests:
        try:
            journal_id, prefix = anchors.parse_digest(text)
        except ValueError as exc:
            findings.append(str(exc))
            continue
        actual = _hash_of(conn, journal_id)
        if actual is None:
            findings.append(
                f"digest {text}: the journal has no row {journal_id} (cut back, or another event)"
            )
        elif not actual.startswith(prefix):
            findings.append(
                f"digest {text}: journal row {journal_id} is not the one printed (rewritten, or another event)"
            )
    return findings


# ----------------------------------------------------------------------------- a server


def _verify_server(url: str, digests: Sequence[str], folders: list[Path]) -> list[str]:
    """The checks of a file but SQLite's own, on one read-only snapshot of the server database."""

    try:
        db = pg.connect(url, readonly=True)
    except StoreError as exc:
        return [str(exc)]
    where = db.address
    try:
        with db.snapshot():
            return [f"{where}: {f}" for f in _verify_server_open(db, digests, folders)]
    except StoreError as exc:
        return [str(exc)]
    finally:
        db.close()


def _verify_server_open(
    db: pg.ServerBackend, digests: Sequence[str], folders: list[Path]
) -> list[str]:
    from . import pg_schema

    applied = pg_schema.applied(db)
    if not applied:
        return ["no RallyDesk event in this database (no schema steps recorded)"]
    known = known_migrations()
    unknown = [n for n in applied if n not in known]
    if unknown:
        return [
            f"schema from a newer RallyDesk (unknown step {unknown[0]}; this version knows {schema_version()})"
        ]
    findings: list[str] = []
    if applied != known[: len(applied)]:
        findings.append(
            f"schema steps missing or out of order: the database records {', '.join(applied)}, "
            f"expected {', '.join(known[: len(applied)])}"
        )
    findings.extend(pg_schema.differences(db, len(applied)))
    findings.extend(problem.message for problem in journal.check_chain(db))
    findings.extend(_tables_agree(db, set(db.table_names())))
    findings.extend(_roles_hold(db))
    uid = stored_uid(db)
    if uid:
        findings.extend(_anchors_hold(str(db.address), db, uid, folders))
    findings.extend(_digests_hold(db, digests))
    return findings
