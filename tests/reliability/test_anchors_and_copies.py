"""Copies of an event and the anchors (issue 21, item 12): a copy that went its own way after it
was copied (two ``cp`` copies keyed at two desks, a pulled file keyed on) is never condemned by
the other copy's anchors; a rewritten or cut-back history still is, in the file itself, in a
copy of it, and in a forged copy that was then opened and keyed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from loop_event import open_loop_event
from test_tamper import recompute_chain

from rallydesk.services import Event
from rallydesk.store.backup import backup
from rallydesk.store.verify import verify


def _key(path: Path, first: int, seconds: int) -> None:
    with Event.open(path) as ev:
        for n in range(first, first + 2):
            ev.record_time(
                stage=1, number=n, elapsed=f"3:00:{seconds:02d}", reason="keyed at this desk"
            )


def _forge(path: Path) -> None:
    """Change time #1 and its journal row, then recompute the chain (a careful forger)."""
    conn = sqlite3.connect(path)
    conn.execute("UPDATE stage_times SET elapsed_ms = elapsed_ms - 60000 WHERE number = 1")
    jid, new = conn.execute("SELECT id, new FROM journal WHERE target = 'stage 1 #1'").fetchone()
    value = json.loads(new)
    value["elapsed_ms"] -= 60000
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET new = ? WHERE id = ?", [json.dumps(value), jid])
    conn.execute(
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
        " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
    )
    recompute_chain(conn)
    conn.commit()
    conn.close()


def _cut(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER journal_no_delete")
    last = conn.execute("SELECT max(id) FROM journal").fetchone()[0]
    target = conn.execute("SELECT target FROM journal WHERE id = ?", [last]).fetchone()[0]
    number = int(target.rsplit("#", 1)[1])
    conn.execute("DELETE FROM journal WHERE id = ?", [last])
    conn.execute("DELETE FROM applied_changes WHERE journal_id = ?", [last])
    conn.execute("DELETE FROM stage_times WHERE number = ?", [number])
    conn.execute(
        "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
        " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
    )
    conn.commit()
    conn.close()


def _copies(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """An event keyed and backed up; two ``cp`` copies of it; all three keyed apart and backed
    up again (each anchors its own head)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    a = tmp_path / "a.rallydesk"
    ev = open_loop_event(a)
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    ev.close()
    backup(a, stick)
    b, c = tmp_path / "b" / "b.rallydesk", tmp_path / "c.rallydesk"
    b.parent.mkdir()
    shutil.copyfile(a, b)
    shutil.copyfile(a, c)
    _key(a, 2, 10)
    _key(b, 2, 20)
    _key(c, 2, 30)
    for path in (a, b, c):
        backup(path, stick)
    _key(a, 4, 11)
    _key(b, 4, 21)
    for path in (a, b):
        backup(path, stick)
    return a, b, c, stick


def test_copies_that_went_their_own_way_are_no_false_alarm(tmp_path):
    a, b, c, stick = _copies(tmp_path)
    for path in (a, b, c):
        assert verify(path) == [], path.name
        assert verify(path, folders=[stick]) == [], path.name
    for kept in stick.glob("*.rallydesk"):  # every backup of every copy, too
        assert verify(kept) == [], kept.name


def test_a_rewritten_or_cut_back_copy_is_still_caught(tmp_path):
    a, b, c, stick = _copies(tmp_path)
    _forge(b)  # in place, at its own path
    assert any("rewritten" in f for f in verify(b)), verify(b)
    _cut(c)
    assert any("cut back" in f for f in verify(c)), verify(c)
    assert verify(a) == []
    # a copy of a, forged before anyone opened it, under another name
    d = tmp_path / "d.rallydesk"
    shutil.copyfile(a, d)
    _forge(d)
    assert any("rewritten" in f for f in verify(d)), verify(d)
    # the forger then opens and keys it: its own history starts after the forged rows
    _key(d, 4, 40)
    assert any("rewritten" in f for f in verify(d)), verify(d)
    # and one moved elsewhere (same file) is still the file its anchors were taken of
    moved = tmp_path / "b" / "moved.rallydesk"
    shutil.move(a, moved)
    _cut(moved)
    assert any("cut back" in f for f in verify(moved)), verify(moved)


def test_a_pulled_file_keyed_on_and_its_server_are_no_false_alarm(tmp_path, pg_url):
    """The server event and a file pulled from it, both keyed on apart and backed up."""
    from rallydesk.domain.model import Entry, Group, Stage
    from rallydesk.services import pull_event

    with Event.create(pg_url, "On a server") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Loop"))
        for n in range(1, 8):
            ev.put_entry(Entry(n, "CAR"))
        ev.record_time(stage=1, number=1, elapsed="3:00:00")
    pulled, _ = pull_event(pg_url, tmp_path / "pulled.rallydesk")
    _key(pulled, 2, 10)
    backup(pulled, tmp_path)
    with Event.open(pg_url) as ev:
        ev.record_time(stage=1, number=2, elapsed="3:00:20")
    second, _ = pull_event(pg_url, tmp_path / "later.rallydesk")  # anchors the server's head
    _key(pulled, 4, 11)
    backup(pulled, tmp_path)
    assert verify(pulled) == []
    assert verify(second) == []
    assert verify(pg_url) == []
    _forge(pulled)
    assert any("rewritten" in f for f in verify(pulled)), verify(pulled)
