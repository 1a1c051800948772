"""The event file's schema, as an ordered list of migrations.

Each migration is recorded in ``_sqlite_migrations`` (sqlite-utils ``Migrations``); the schema
version of a file is the number of RallyDesk migrations applied to it.  Never edit a released
migration: add a new one, and a frozen file of the old version under ``tests/fixtures/``.
"""

from __future__ import annotations

import sqlite3
import uuid

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import journal
from .backend import Backend
from .files import APPLICATION_ID
from .policy import DeskIdentity

__all__ = ["APPLICATION_ID", "MIGRATION_SET", "migrations", "schema_version", "known_migrations"]

MIGRATION_SET = "rallydesk"

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE event (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            tie_break TEXT NOT NULL DEFAULT 'last-stage',
            time_style TEXT NOT NULL DEFAULT 'dakar',
            language TEXT NOT NULL DEFAULT 'en',
            starts_on TEXT,
            ends_on TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE stages (
            number INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            date TEXT,
            kind TEXT NOT NULL DEFAULT 'stage',
            special_km REAL,
            liaison_km REAL,
            counts INTEGER NOT NULL DEFAULT 1,
            precision_ms INTEGER NOT NULL DEFAULT 1000,
            cancelled_for TEXT NOT NULL DEFAULT '',
            nominal_rule TEXT NOT NULL DEFAULT 'none',
            nominal_ms INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE groups (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            parent TEXT REFERENCES groups(code)
        );
        CREATE TABLE entries (
            number INTEGER PRIMARY KEY,
            class TEXT NOT NULL REFERENCES groups(code),
            team TEXT,
            vehicle TEXT
        );
        CREATE TABLE crew (
            number INTEGER NOT NULL REFERENCES entries(number),
            seat INTEGER NOT NULL,
            role TEXT NOT NULL,
            name TEXT NOT NULL,
            nationality TEXT,
            PRIMARY KEY (number, seat)
        );
        CREATE TABLE cup_members (
            cup TEXT NOT NULL REFERENCES groups(code),
            number INTEGER NOT NULL REFERENCES entries(number),
            PRIMARY KEY (cup, number)
        );
        CREATE TABLE stage_times (
            stage INTEGER NOT NULL REFERENCES stages(number),
            number INTEGER NOT NULL REFERENCES entries(number),
            status TEXT NOT NULL DEFAULT 'OK',
            start_ms INTEGER,
            finish_ms INTEGER,
            elapsed_ms INTEGER,
            nominal_ms INTEGER,
            reason TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            PRIMARY KEY (stage, number)
        );
        CREATE TABLE adjustments (
            id INTEGER PRIMARY KEY,
            stage INTEGER NOT NULL REFERENCES stages(number),
            number INTEGER NOT NULL REFERENCES entries(number),
            amount_ms INTEGER NOT NULL,
            kind TEXT NOT NULL,
            applies_to TEXT NOT NULL DEFAULT 'stage',
            reason TEXT,
            article TEXT,
            decided_by TEXT,
            decided_at TEXT NOT NULL,
            revoked_at TEXT,
            revoked_reason TEXT
        );
        CREATE INDEX adjustments_by_entry ON adjustments(number, stage);
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT,
            desk TEXT,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            old TEXT,
            new TEXT,
            reason TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
            BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
        CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
            BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
        -- For someone with the sqlite3 shell: times as an official reads them.
        CREATE VIEW readable_times AS
            SELECT t.stage, t.number, c.name AS driver, t.status,
                   printf('%d:%02d:%02d.%03d', t.elapsed_ms / 3600000, t.elapsed_ms / 60000 % 60,
                          t.elapsed_ms / 1000 % 60, t.elapsed_ms % 1000) AS elapsed,
                   t.reason, t.updated_at
            FROM stage_times t LEFT JOIN crew c ON c.number = t.number AND c.seat = 1
            ORDER BY t.stage, t.number;
        """
    )


@migrations(name="0002_desk_settings")
def m0002_desk_settings(db: Database) -> None:
    """Settings of the desk kept in the event file (backup folder, interval, how many to keep)."""
    db.executescript(
        """
        CREATE TABLE desk_settings (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


@migrations(name="0003_event_identity")
def m0003_event_identity(db: Database) -> None:
    """An id that names the event whatever its file is called: backups, rotation and anchors
    recognise their own event by it, never by a file name another event may share."""
    from .filedb import wrap

    db.execute("ALTER TABLE event ADD COLUMN uid TEXT")
    file = wrap(db)
    if file.execute("SELECT count(*) FROM event").scalar():
        uid = new_event_uid()
        file.execute("UPDATE event SET uid = $1 WHERE id = 1", [uid])
        # a step runs once, as the file is opened: the identity is read then, not per write
        journal.append(
            file,
            DeskIdentity.of_this_computer(),
            "event.identity",
            "event",
            None,
            {"uid": uid},
            "schema 3: the event gets its id",
        )


def stored_uid(conn: Backend | sqlite3.Connection) -> str | None:
    """The event id kept in an open file (None before schema 3, or when the event row is gone)."""
    try:
        row = conn.execute("SELECT uid FROM event WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def new_event_uid() -> str:
    return uuid.uuid4().hex


@migrations(name="0004_event_timezone")
def m0004_event_timezone(db: Database) -> None:
    """The event's time zone (IANA name): sheets print dates and times in it; NULL = the computer's."""
    db.execute("ALTER TABLE event ADD COLUMN timezone TEXT")


@migrations(name="0005_publication")
def m0005_publication(db: Database) -> None:
    """Issue 12: officials with roles and PINs, frozen published versions, penalties as decisions,
    and the journal's stage, number and acting official as real columns (old rows keep NULL)."""
    db.executescript(
        """
        ALTER TABLE journal ADD COLUMN stage INTEGER;
        ALTER TABLE journal ADD COLUMN number INTEGER;
        ALTER TABLE journal ADD COLUMN official TEXT;
        CREATE INDEX journal_by_stage_number ON journal(stage, number);
        ALTER TABLE adjustments ADD COLUMN decision TEXT;
        ALTER TABLE event ADD COLUMN document_prefix TEXT;
        ALTER TABLE event ADD COLUMN protest_minutes INTEGER;
        CREATE TABLE officials (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            pin_salt TEXT NOT NULL,
            pin_hash TEXT NOT NULL
        );
        CREATE TABLE pin_failures (
            name TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_at TEXT NOT NULL
        );
        CREATE TABLE publications (
            id INTEGER PRIMARY KEY,
            stage INTEGER NOT NULL REFERENCES stages(number),
            category TEXT NOT NULL REFERENCES groups(code),
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            published_at TEXT NOT NULL,
            official TEXT,
            document_no TEXT NOT NULL,
            digest TEXT NOT NULL,
            journal_id INTEGER NOT NULL,
            journal_hash TEXT NOT NULL,
            reason TEXT,
            protest_until TEXT,
            document TEXT NOT NULL,
            UNIQUE (stage, category, version)
        );
        """
    )


@migrations(name="0006_start_lists_and_double_keying")
def m0006_start_lists_and_double_keying(db: Database) -> None:
    """Start times per stage and entry (imported or generated: with one known, the desk keys only the
    finish), and the blind second keying of a stage by another official (Timing > Verify stage)."""
    db.executescript(
        """
        CREATE TABLE start_times (
            stage INTEGER NOT NULL REFERENCES stages(number),
            number INTEGER NOT NULL REFERENCES entries(number),
            start_ms INTEGER NOT NULL,
            updated_at TEXT,
            updated_by TEXT,
            PRIMARY KEY (stage, number)
        );
        CREATE TABLE second_keyings (
            stage INTEGER NOT NULL REFERENCES stages(number),
            number INTEGER NOT NULL REFERENCES entries(number),
            status TEXT NOT NULL DEFAULT 'OK',
            elapsed_ms INTEGER,
            start_ms INTEGER,
            finish_ms INTEGER,
            reason TEXT,
            keyed_by TEXT,
            updated_at TEXT,
            PRIMARY KEY (stage, number)
        );
        """
    )


@migrations(name="0007_change_ids")
def m0007_change_ids(db: Database) -> None:
    """Offline desks: each change a desk makes carries an id, kept in the journal row (hashed) and
    in ``applied_changes``, so a change replayed from a desk's outbox is never applied twice."""
    db.executescript(
        """
        ALTER TABLE journal ADD COLUMN change_id TEXT;
        CREATE TABLE applied_changes (
            change_id TEXT PRIMARY KEY,
            journal_id INTEGER NOT NULL REFERENCES journal(id)
        );
        """
    )


@migrations(name="0008_waypoints")
def m0008_waypoints(db: Database) -> None:
    """Issue 26 (RULES §8): a stage's waypoints, the crews' passages at them, the stewards'
    interruptions of a stage, the ``max+`` nominal rule's maximum time and fixed penalty, and the
    event's missed-waypoint penalties (``KIND=ms;…``, empty: the defaults)."""
    db.executescript(MIGRATION_0008)


#: Step 0008's SQL (the server's twin, ``pg_schema``, writes BIGINT for INTEGER).
MIGRATION_0008 = """
    ALTER TABLE stages ADD COLUMN max_time_ms INTEGER;
    ALTER TABLE stages ADD COLUMN fixed_penalty_ms INTEGER;
    ALTER TABLE event ADD COLUMN missed_penalties TEXT;
    CREATE TABLE waypoints (
        stage INTEGER NOT NULL REFERENCES stages(number),
        number INTEGER NOT NULL,
        km REAL,
        kind TEXT NOT NULL,
        PRIMARY KEY (stage, number)
    );
    CREATE TABLE passages (
        stage INTEGER NOT NULL REFERENCES stages(number),
        number INTEGER NOT NULL REFERENCES entries(number),
        waypoint INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        updated_at TEXT,
        updated_by TEXT,
        PRIMARY KEY (stage, number, waypoint)
    );
    CREATE TABLE interruptions (
        stage INTEGER NOT NULL REFERENCES stages(number),
        category TEXT NOT NULL REFERENCES groups(code),
        rule TEXT NOT NULL,
        decision TEXT NOT NULL,
        reason TEXT NOT NULL,
        at_waypoint INTEGER,
        stopped_at_ms INTEGER,
        segment_from TEXT,
        segment_to TEXT,
        neutral_ms INTEGER,
        decided_at TEXT,
        decided_by TEXT,
        PRIMARY KEY (stage, category)
    );
"""


def known_migrations() -> list[str]:
    """Every schema step this RallyDesk knows, in order (all of them are pending on an empty db)."""
    return [m.name for m in migrations.pending(Database(memory=True))]


def schema_version() -> int:
    """The schema version this RallyDesk writes."""
    return len(known_migrations())
