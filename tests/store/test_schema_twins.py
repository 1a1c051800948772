"""The file's schema steps (schema.py) and the server's (pg_schema.py) are written twice: this test
fails on ANY drift between them, beyond the table and column names ``pg_schema.differences``
compares: every column's mapped type, NOT NULL and default, every primary key, unique key,
foreign key and check constraint, every explicit index (its columns and uniqueness), the
triggers and the views.

The differences a server has by design are named here, and only these: ``groups.rowid`` (the
file's implicit rowid made a column, unique), identity ids (the file's INTEGER PRIMARY KEY draws
its own), the journal's TRUNCATE trigger (SQLite has no TRUNCATE), and the server's own rules
(``pg_rules``: their triggers, and the journal's ``login`` and ``txid`` with their index).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlite_utils import Database

from rallydesk.store import pg, pg_rules, pg_schema
from rallydesk.store.schema import migrations

#: The file's types as the server must have them (pg_schema's docstring: INTEGER is BIGINT).
TYPES = {"INTEGER": "bigint", "REAL": "double precision", "TEXT": "text", "": "text"}
#: What the server has that the file cannot: the journal's TRUNCATE guard, and the desk's rules
#: enforced by the server itself (pg_rules: a file has one writer, the desk).
SERVER_ONLY_TRIGGERS = {"journal_no_truncate", *pg_rules.TRIGGERS}


def _norm_expr(text: str | None) -> str | None:
    """An expression as both dialects can be compared: no casts, parentheses or spaces."""
    if text is None:
        return None
    text = re.sub(r"::[a-z ]+(\[\])?", "", text.lower())
    return re.sub(r"[()\s]", "", text)


def _column_key(table: str, column: str) -> bool:
    return (table, column) not in pg_schema.EXTRA_COLUMNS


def file_description() -> dict[str, Any]:
    db = Database(memory=True)
    migrations.apply(db)
    skip = migrations.migrations_table
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != ?",
            [skip],
        )
    ]
    columns, primary, unique, foreign, checks, indexes = {}, {}, set(), set(), set(), {}
    for t in tables:
        info = list(db.execute(f"PRAGMA table_info({t})"))
        pk = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        primary[t] = pk
        for _, name, ty, notnull, default, in_pk in info:
            columns[(t, name)] = (
                TYPES.get(ty.upper(), ty.lower()),
                bool(notnull or in_pk),
                _norm_expr(default),
            )
        for _, index, is_unique, origin, _partial in db.execute(f"PRAGMA index_list({t})"):
            cols = tuple(r[2] for r in db.execute(f"PRAGMA index_info({index})"))
            if origin == "u":
                unique.add((t, cols))
            elif origin == "c":
                indexes[index] = (t, cols, bool(is_unique))
        for fk in db.execute(f"PRAGMA foreign_key_list({t})"):
            foreign.add((t, (fk[3],), fk[2], (fk[4] or primary.get(fk[2], ("?",))[0],)))
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [t]).fetchone()[0]
        for expr in re.findall(r"CHECK\s*\(((?:[^()]|\([^()]*\))*)\)", sql, re.I):
            checks.add((t, _norm_expr(expr)))
    # single-column foreign keys without a named column point at the primary key
    foreign = {(t, c, rt, rc if rc != ("?",) else primary[rt]) for t, c, rt, rc in foreign}
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    views = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    db.close()
    return {
        "columns": columns,
        "primary keys": primary,
        "unique keys": unique,
        "foreign keys": foreign,
        "checks": checks,
        "indexes": indexes,
        "triggers": triggers,
        "views": views,
    }


def server_description(db: pg.ServerBackend) -> dict[str, Any]:
    ours = "n.nspname = current_schema()"
    tables = set(db.table_names()) - {pg_schema.MIGRATIONS_TABLE}
    columns = {}
    for t, c, ty, nullable, default, identity in db.execute(
        "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity"
        " FROM information_schema.columns WHERE table_schema = current_schema()"
    ):
        if t in tables and _column_key(t, c):
            # an identity column is the server's way of the file's INTEGER PRIMARY KEY: no default
            columns[(t, c)] = (
                ty,
                nullable == "NO",
                None if identity == "YES" else _norm_expr(default),
            )
    constraints = list(
        db.execute(
            "SELECT c.relname, k.contype, k.conname, pg_get_constraintdef(k.oid),"
            " ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)"
            "       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),"
            " f.relname,"
            " ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)"
            "       JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)"
            " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            f" LEFT JOIN pg_class f ON f.oid = k.confrelid WHERE {ours}"
        )
    )
    primary = {t: () for t in tables}
    unique, foreign, checks = set(), set(), set()
    for t, kind, _name, definition, cols, ref, ref_cols in constraints:
        if t not in tables:
            continue
        cols = tuple(cols)
        if any(not _column_key(t, c) for c in cols):
            continue
        if kind == "p":
            primary[t] = cols
        elif kind == "u":
            unique.add((t, cols))
        elif kind == "f":
            foreign.add((t, cols, ref, tuple(ref_cols)))
        elif kind == "c":
            checks.add((t, _norm_expr(definition.removeprefix("CHECK "))))
    indexes = {}
    for name, t, cols, is_unique in db.execute(
        "SELECT i.relname, c.relname,"
        " ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY u(n, o)"
        "       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.n ORDER BY u.o),"
        " x.indisunique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        " JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        f" WHERE {ours} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)"
    ):
        if t in tables and all(_column_key(t, c) for c in cols):  # not the server's own columns
            indexes[name] = (t, tuple(cols), bool(is_unique))
    schema = pg_schema.server_schema(db)
    return {
        "columns": columns,
        "primary keys": primary,
        "unique keys": unique,
        "foreign keys": foreign,
        "checks": checks,
        "indexes": indexes,
        "triggers": schema["triggers"] - SERVER_ONLY_TRIGGERS,
        "views": schema["views"],
    }


def drift(file: dict[str, Any], server: dict[str, Any]) -> list[str]:
    found = []
    for part in file:
        want, have = file[part], server[part]
        if want == have:
            continue
        if isinstance(want, dict):
            for key in sorted(set(want) | set(have), key=str):
                if want.get(key) != have.get(key):
                    found.append(f"{part} {key}: file {want.get(key)!r}, server {have.get(key)!r}")
        else:
            for item in sorted(want - have, key=str):
                found.append(f"{part}: {item!r} only in the file")
            for item in sorted(have - want, key=str):
                found.append(f"{part}: {item!r} only on the server")
    return found


@pytest.fixture
def server_db(pg_url):
    db = pg.connect(pg_url)
    try:
        pg_schema.apply(db)
        yield db
    finally:
        db.close()


def test_the_server_steps_make_exactly_the_files_schema(server_db):
    file = file_description()
    assert file["columns"] and file["checks"] and file["foreign keys"] and file["indexes"]
    assert drift(file, server_description(server_db)) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("ALTER TABLE stages ALTER COLUMN name DROP NOT NULL", "columns ('stages', 'name')"),
        ("ALTER TABLE stages ALTER COLUMN precision_ms SET DEFAULT 100", "precision_ms"),
        ("ALTER TABLE pin_failures ALTER COLUMN failures TYPE integer", "failures"),
        ("ALTER TABLE event DROP CONSTRAINT event_id_check", "checks"),
        (
            "ALTER TABLE publications DROP CONSTRAINT publications_stage_category_version_key",
            "unique keys",
        ),
        ("ALTER TABLE entries DROP CONSTRAINT entries_class_fkey", "foreign keys"),
        ("DROP INDEX journal_by_stage_number", "indexes journal_by_stage_number"),
        ("CREATE INDEX extra ON crew(name)", "indexes extra"),
        ("DROP TRIGGER journal_no_delete ON journal", "triggers"),
        ("ALTER TABLE desk_settings ADD COLUMN note TEXT", "desk_settings', 'note'"),
    ],
)
def test_any_drift_is_named(server_db, change, named):
    """Not vacuous: each kind of drift, made on purpose on the server, is found."""
    server_db.execute(change)
    found = drift(file_description(), server_description(server_db))
    assert any(named in f for f in found), found
