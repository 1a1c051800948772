"""Issue 10: tampering that verify must find, and alarms it must never raise.

Every table that can change a result or a sheet, every trigger and every schema step is edited
with the ``sqlite3`` module, the way a forger with the file would; the journal's hash chain is
then recomputed so that it is self-consistent.  ``verify`` must fail and name what changed.
A forger who also rewrites or cuts the journal itself is caught by the anchors written outside
the file at every backup and export, and by the digest printed on the sheets.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rallydesk.cli import main
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event
from rallydesk.store import journal
from rallydesk.store.verify import verify


def make_event(path: Path) -> None:
    with Event.create(path, "Tamper test") as ev:
        ev.put_group(Group("CAR", "Cars", "category"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_group(Group("T2", "Stock", "class", "CAR"))
        ev.put_group(Group("W2RC", "World Cup", "cup"))
        ev.put_stage(Stage(1, "Loop", special_km=300))
        ev.put_stage(Stage(2, "Dunes", special_km=420))
        for n in range(1, 6):
            crew = (
                CrewMember("driver", f"Driver {n}", "FRA"),
                CrewMember("codriver", f"Codriver {n}", "ESP"),
            )
            ev.put_entry(
                Entry(
                    n,
                    "T1" if n < 4 else "T2",
                    crew,
                    f"Team {n}",
                    f"Car {n}",
                    frozenset({"W2RC"}) if n % 2 else frozenset(),
                )
            )
        for n in range(1, 6):  # (timing equipment gives change ids: their applied_changes rows)
            ev.record_time(stage=1, number=n, elapsed=f"3:00:0{n}", change_id=f"box-{n}")
        ev.record_time(stage=2, number=1, status="DNF", reason="engine")
        ev.generate_starts(2, "08:00:00", "1'", order=[2, 3, 4, 5])
        ev.record_second(1, 3, "Second Official", elapsed="3:00:03")
        ev.add_adjustment(stage=1, number=2, amount="+1'", reason="speeding", article="12.3")
        ev.set_backup_folder(None)


def recompute_chain(conn: sqlite3.Connection) -> None:
    """What a forger does after editing: make the hash chain consistent again."""
    had_trigger = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'journal_no_update'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER IF EXISTS journal_no_update")
    cols = ", ".join((*journal.ALL_HASHED, "hash"))
    rows = [
        dict(zip((*journal.ALL_HASHED, "hash"), r, strict=True))
        for r in conn.execute(f"SELECT {cols} FROM journal ORDER BY id")
    ]
    prev = journal.GENESIS
    for row in rows:
        row["prev_hash"] = prev
        row["hash"] = journal.row_hash(row)
        conn.execute(
            "UPDATE journal SET prev_hash = ?, hash = ? WHERE id = ?",
            [row["prev_hash"], row["hash"], row["id"]],
        )
        prev = row["hash"]
    if had_trigger:
        conn.execute(
            "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
            " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
        )


# (what is edited, SQL, a word the finding must contain)
TAMPERS = [
    ("tie-break rule", "UPDATE event SET tie_break = 'first-stage'", "tie_break"),
    ("event name", "UPDATE event SET name = 'Other rally'", "name"),
    ("event id", "UPDATE event SET uid = 'feedface'", "uid"),
    ("sheet language", "UPDATE event SET language = 'fr'", "language"),
    ("stage counts", "UPDATE stages SET counts = 0 WHERE number = 2", "stage 2"),
    ("stage precision", "UPDATE stages SET precision_ms = 100 WHERE number = 1", "precision_ms"),
    (
        "stage cancelled",
        "UPDATE stages SET cancelled_for = 'CAR' WHERE number = 2",
        "cancelled_for",
    ),
    (
        "nominal rule",
        "UPDATE stages SET nominal_rule = 'fixed', nominal_ms = 1 WHERE number = 2",
        "nominal",
    ),
    ("stage added", "INSERT INTO stages (number, name) VALUES (9, 'Ghost')", "stage 9"),
    ("entry class", "UPDATE entries SET class = 'T2' WHERE number = 1", "entry #1"),
    ("entry team", "UPDATE entries SET team = 'Forged' WHERE number = 2", "team"),
    (
        "entry deleted",
        "PRAGMA foreign_keys = OFF; DELETE FROM cup_members WHERE number = 5;"
        " DELETE FROM crew WHERE number = 5; DELETE FROM stage_times WHERE number = 5;"
        " DELETE FROM entries WHERE number = 5",
        "#5",
    ),
    (
        "crew member",
        "UPDATE crew SET name = 'Someone Else' WHERE number = 3 AND seat = 2",
        "crew of #3",
    ),
    (
        "crew nationality",
        "UPDATE crew SET nationality = 'KSA' WHERE number = 1 AND seat = 1",
        "nationality",
    ),
    ("group parent", "UPDATE groups SET parent = NULL WHERE code = 'T2'", "group T2"),
    (
        "group added",
        "INSERT INTO groups (code, name, kind) VALUES ('X', 'X', 'category')",
        "group X",
    ),
    (
        "cup member added",
        "INSERT INTO cup_members (cup, number) VALUES ('W2RC', 2)",
        "cup W2RC member #2",
    ),
    ("cup member removed", "DELETE FROM cup_members WHERE number = 3", "cup W2RC member #3"),
    (
        "stage time",
        "UPDATE stage_times SET elapsed_ms = elapsed_ms - 60000 WHERE number = 4",
        "stage 1 #4",
    ),
    (
        "status",
        "UPDATE stage_times SET status = 'OK', elapsed_ms = 1 WHERE stage = 2",
        "stage 2 #1",
    ),
    (
        "time added",
        "INSERT INTO stage_times (stage, number, status, elapsed_ms, updated_at)"
        " VALUES (2, 3, 'OK', 100, 'x')",
        "stage 2 #3",
    ),
    ("adjustment amount", "UPDATE adjustments SET amount_ms = 1000", "adjustment 1"),
    (
        "adjustment revoked",
        "UPDATE adjustments SET revoked_at = 'x', revoked_reason = 'y'",
        "adjustment 1",
    ),
    ("adjustment deleted", "DELETE FROM adjustments", "adjustment 1"),
    (
        "desk setting",
        "UPDATE desk_settings SET value = '60' WHERE key = 'backup_minutes'",
        "desk setting backup_minutes",
    ),
    (
        "desk setting added",
        "INSERT INTO desk_settings (key, value) VALUES ('x', 'y')",
        "desk setting x",
    ),
    (
        "start time",
        "UPDATE start_times SET start_ms = start_ms - 60000 WHERE number = 3",
        "start of stage 2 #3",
    ),
    (
        "start added",
        "INSERT INTO start_times (stage, number, start_ms) VALUES (2, 1, 1)",
        "start of stage 2 #1",
    ),
    ("start deleted", "DELETE FROM start_times WHERE number = 4", "start of stage 2 #4"),
    ("second keying", "UPDATE second_keyings SET elapsed_ms = 1", "second keying of stage 1 #3"),
    (
        "second keying added",
        "INSERT INTO second_keyings (stage, number, status, elapsed_ms, keyed_by)"
        " VALUES (1, 4, 'OK', 5, 'x')",
        "second keying of stage 1 #4",
    ),
    (
        "applied change deleted",
        "DELETE FROM applied_changes WHERE journal_id = (SELECT max(journal_id) FROM applied_changes)",
        "applied change",
    ),
    (
        "applied change added",
        "INSERT INTO applied_changes (change_id, journal_id) VALUES ('forged', 1)",
        "applied change forged",
    ),
    (
        "applied change moved",
        "UPDATE applied_changes SET journal_id = 1"
        " WHERE journal_id = (SELECT max(journal_id) FROM applied_changes)",
        "journal_id",
    ),
    (
        "change id of a journal row",
        "DROP TRIGGER journal_no_update;"
        " UPDATE journal SET change_id = 'forged' WHERE id = (SELECT max(journal_id) FROM applied_changes);"
        " CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
        " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END",
        "applied change forged",
    ),
    (
        "one change applied twice",
        "DROP TRIGGER journal_no_update;"
        " UPDATE journal SET change_id = (SELECT min(change_id) FROM applied_changes)"
        " WHERE id = (SELECT max(id) FROM journal WHERE change_id IS NULL);"
        " CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
        " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END",
        "applied twice",
    ),
    ("update trigger dropped", "DROP TRIGGER journal_no_update", "journal_no_update"),
    ("delete trigger dropped", "DROP TRIGGER journal_no_delete", "journal_no_delete"),
    (
        "trigger added",
        "CREATE TRIGGER sneaky AFTER INSERT ON stage_times BEGIN SELECT 1; END",
        "sneaky",
    ),
    ("view dropped", "DROP VIEW readable_times", "readable_times"),
    ("index dropped", "DROP INDEX adjustments_by_entry", "adjustments_by_entry"),
    (
        "last schema step deleted",
        "DELETE FROM _sqlite_migrations WHERE name = '0003_event_identity'",
        "schema",
    ),
    (
        "middle schema step deleted",
        "DELETE FROM _sqlite_migrations WHERE name = '0002_desk_settings'",
        "schema",
    ),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "e.rallydesk"
    make_event(path)
    assert verify(path) == []
    return path


def assert_forgery_found(template: Path, tmp_path: Path, what: str, sql: str, word: str) -> None:
    """Edit a copy of ``template`` as a forger would (SQL, then the chain recomputed): verify names it."""
    path = tmp_path / "e.rallydesk"
    path.write_bytes(template.read_bytes())
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    recompute_chain(conn)
    conn.commit()
    conn.close()
    findings = verify(path)
    assert findings, what
    assert any(word in f for f in findings), (what, findings)


@pytest.mark.parametrize("what,sql,word", TAMPERS, ids=[t[0] for t in TAMPERS])
def test_every_edit_behind_rallydesks_back_is_found(template, tmp_path, what, sql, word):
    assert_forgery_found(template, tmp_path, what, sql, word)


def _rewrite_history(path: Path) -> None:
    """A forger who edits a time *and* its journal row, then recomputes the chain."""
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE stage_times SET elapsed_ms = elapsed_ms - 60000 WHERE stage = 1 AND number = 4"
    )
    row = conn.execute("SELECT id, new FROM journal WHERE target = 'stage 1 #4'").fetchone()
    forged = row[1].replace('"elapsed_ms": 10804000', '"elapsed_ms": 10744000')
    assert forged != row[1]
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET new = ? WHERE id = ?", [forged, row[0]])
    conn.execute(
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
        " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
    )
    recompute_chain(conn)
    conn.commit()
    conn.close()


def _cut_tail(path: Path) -> None:
    """A forger who removes the last change and its journal row (an adjustment that was imposed)."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER journal_no_delete")
    last = conn.execute("SELECT max(id) FROM journal WHERE action = 'adjustment.add'").fetchone()[0]
    conn.execute("DELETE FROM journal WHERE id >= ?", [last])
    conn.execute("DELETE FROM applied_changes WHERE journal_id >= ?", [last])
    conn.execute("DELETE FROM adjustments")
    conn.execute("DELETE FROM desk_settings")
    conn.execute(
        "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
        " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "forge,word",
    [(_rewrite_history, "rewritten"), (_cut_tail, "cut back")],
    ids=["rewritten history", "cut tail"],
)
@pytest.mark.parametrize("anchored_by", ["backup", "export"])
def test_a_consistent_forgery_is_caught_by_the_anchors(
    template, tmp_path, forge, word, anchored_by
):
    path = tmp_path / "e.rallydesk"
    path.write_bytes(template.read_bytes())
    if anchored_by == "backup":
        assert main(["backup", str(path), str(tmp_path / "copy.rallydesk")]) == 0
    else:
        assert main(["export", str(path), str(tmp_path / "s1.xlsx"), "--stage", "1"]) == 0
    forge(path)
    findings = verify(path)
    assert findings and any(word in f for f in findings), findings
    # the same file without any anchor passes: that is what anchors add, and what they need
    (Path(__import__("os").environ["RALLYDESK_DATA"]) / "rallydesk-anchors.jsonl").unlink()
    for log in tmp_path.glob("*.jsonl"):
        log.unlink()
    assert verify(path) == []


def test_the_digest_printed_on_a_sheet_anchors_the_chain(template, tmp_path, capsys):
    from openpyxl import load_workbook

    path = tmp_path / "e.rallydesk"
    path.write_bytes(template.read_bytes())
    with Event.open(path, readonly=True) as ev:
        printed = ev.state_digest()
    assert main(["export", str(path), str(tmp_path / "s1.xlsx"), "--stage", "1"]) == 0
    wb = load_workbook(tmp_path / "s1.xlsx")
    assert printed in (wb.worksheets[0].oddFooter.right.text or "") + str(
        [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    )
    assert main(["verify", str(path), "--anchor", printed]) == 0
    _rewrite_history(path)
    for log in [
        *tmp_path.glob("*.jsonl"),
        Path(__import__("os").environ["RALLYDESK_DATA"]) / "rallydesk-anchors.jsonl",
    ]:
        log.unlink(missing_ok=True)  # the forger also removed every anchor log: the paper remains
    capsys.readouterr()
    assert main(["verify", str(path), "--anchor", printed]) == 1
    assert printed in capsys.readouterr().err
    assert main(["verify", str(path), "--anchor", "nonsense"]) == 1


def test_restoring_an_older_backup_is_no_false_alarm(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    assert main(["backup", str(path), str(tmp_path / "old.rallydesk")]) == 0
    with Event.open(path) as ev:
        ev.record_time(stage=2, number=2, elapsed="4:00:00")
    assert (
        main(["backup", str(path), str(tmp_path / "newer.rallydesk")]) == 0
    )  # anchors a later head
    assert main(["restore", str(tmp_path / "old.rallydesk"), str(path)]) == 0
    assert verify(path) == []
    with Event.open(path) as ev:
        ev.record_time(
            stage=2, number=3, elapsed="4:10:00"
        )  # a different row where the anchored one was
    assert verify(path) == []
    assert verify(tmp_path / "old.rallydesk") == [] and verify(tmp_path / "newer.rallydesk") == []


KEYER = textwrap.dedent("""
    import sys, rallydesk
    with rallydesk.open_event(sys.argv[1]) as ev:
        print("keying", flush=True)
        i = 0
        while True:
            stage = 1 + (i // 5) % 2
            ev.record_time(
                stage=stage, number=1 + i % 5, elapsed=3 * 3600_000 + i, reason=f"re-key {i}"
            )
            if i % 9 == 0:
                ev.add_adjustment(stage=1, number=1 + i % 5, amount=1000 + i, reason=f"r{i}")
            i += 1
""")


def test_no_false_alarm_while_another_process_keys(template, tmp_path):
    path = tmp_path / "e.rallydesk"
    path.write_bytes(template.read_bytes())
    keyer = subprocess.Popen(
        [sys.executable, "-c", KEYER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert keyer.stdout.readline().strip() == "keying"
        for run in range(100):
            assert verify(path) == [], run
        assert keyer.poll() is None  # it keyed all along
    finally:
        keyer.kill()
        keyer.wait()
    with Event.open(path, readonly=True) as ev:
        assert len(ev.store.journal_history()) > 30  # the runs above really overlapped keying


# ----------------------------------------------------------------------------- issue 12: officials and versions


def make_published_event(path: Path) -> None:
    """The event above with officials, a wrong PIN on record, a penalty decision and an amended unit."""
    make_event(path)
    with Event.open(path) as ev:
        ev.add_official("Tim KEEPER", "timekeeper", "1111")
        ev.add_official("Ana CLERK", "clerk", "3333")
        try:
            ev.login("Tim KEEPER", "0000")
        except Exception:
            pass
        ev.login("Ana CLERK", "3333")
        ev.publish(1, "CAR")
        ev.publish(1, "CAR", "official")
        ev.add_adjustment(stage=1, number=3, amount="+2'", reason="missed waypoint", decision="15")
        ev.amend(1, "CAR", "decision 15")


PUBLICATION_TAMPERS = [
    (
        "official's role",
        "UPDATE officials SET role = 'clerk' WHERE name = 'Tim KEEPER'",
        "official Tim KEEPER",
    ),
    (
        "official's PIN",
        "UPDATE officials SET pin_hash = 'aa' WHERE name = 'Ana CLERK'",
        "official Ana CLERK",
    ),
    ("official added", "INSERT INTO officials VALUES ('Eve', 'clerk', 'aa', 'bb')", "official Eve"),
    ("official removed", "DELETE FROM officials WHERE name = 'Ana CLERK'", "official Ana CLERK"),
    ("wrong PINs forgotten", "DELETE FROM pin_failures", "wrong PINs of Tim KEEPER"),
    (
        "version status",
        "UPDATE publications SET status = 'official' WHERE version = 1",
        "publication 1",
    ),
    (
        "version official",
        "UPDATE publications SET official = 'Someone' WHERE version = 3",
        "publication 3",
    ),
    ("version removed", "DELETE FROM publications WHERE version = 3", "publication 3"),
    (
        "frozen document",
        "UPDATE publications SET document = replace(document, 'Driver 1', 'Driver X')"
        " WHERE version = 1",
        "publication 1: its frozen document",
    ),
    (
        "decision reference",
        "UPDATE adjustments SET decision = '99' WHERE decision = '15'",
        "adjustment",
    ),
    ("document prefix", "UPDATE event SET document_prefix = 'X-'", "document_prefix"),
    ("protest window", "UPDATE event SET protest_minutes = 1", "protest_minutes"),
    ("publications table dropped", "DROP TABLE publications", "publications"),
]


@pytest.fixture(scope="module")
def published_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pub") / "e.rallydesk"
    make_published_event(path)
    assert verify(path) == []
    return path


@pytest.mark.parametrize(
    "what,sql,word", PUBLICATION_TAMPERS, ids=[t[0] for t in PUBLICATION_TAMPERS]
)
def test_every_edit_of_officials_and_versions_is_found(
    published_template, tmp_path, what, sql, word
):
    assert_forgery_found(published_template, tmp_path, what, sql, word)


def test_journal_columns_of_schema_5_are_in_the_hash(published_template, tmp_path):
    """Moving a row to another official, stage or entry breaks the chain (unless recomputed)."""
    for column, value in (("official", "'Someone'"), ("stage", "2"), ("number", "4")):
        path = tmp_path / f"{column}.rallydesk"
        path.write_bytes(published_template.read_bytes())
        conn = sqlite3.connect(path)
        conn.execute("DROP TRIGGER journal_no_update")
        last = conn.execute(
            "SELECT max(id) FROM journal WHERE action = 'adjustment.add'"
        ).fetchone()[0]
        conn.execute(f"UPDATE journal SET {column} = {value} WHERE id = ?", [last])
        conn.execute(
            "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
            " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
        )
        conn.commit()
        conn.close()
        assert any(f"journal row {last}" in f and "altered" in f for f in verify(path)), column
