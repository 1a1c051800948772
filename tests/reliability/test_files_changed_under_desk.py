"""The event's files changed behind an open desk's back: its ``-wal`` deleted, replaced or copied
over; the file moved away, deleted, or another file renamed or copied over it. The desk stops
writing, says what happened, and every time it acknowledged is kept (issue 21, items 2 and 3)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rallydesk.store.verify import verify

#: A desk that keys 30 times (the first ones folded into the main file by a checkpoint, the last
#: ones only in the log), then meets the change, keys once more, and ends as told: closed, or
#: killed (``os._exit``: no close, no checkpoint, as in a power cut of the desk).
DESK = textwrap.dedent("""
    import json, os, shutil, sys
    sys.path.insert(0, sys.argv[4])
    from pathlib import Path
    from loop_event import open_loop_event
    from rallydesk.domain.model import Entry
    from rallydesk.domain.errors import RallyDeskError
    path, change, end = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    other = path.with_name("other.rallydesk")
    ev = open_loop_event(path)
    for n in range(6, 40):
        ev.put_entry(Entry(n, "CAR"))
    acknowledged = []
    for n in range(1, 31):
        ev.record_time(stage=1, number=n, elapsed=f"3:00:{n:02d}")
        acknowledged.append(n)
        if n == 15:
            ev.store.db.checkpoint()
    wal = Path(f"{path}-wal")
    if change == "wal deleted":
        wal.unlink()
    elif change == "wal replaced":
        shutil.copyfile(wal, path.with_name("x"))
        os.replace(path.with_name("x"), wal)
    elif change == "wal copied over":
        shutil.copyfile(other, wal)
    elif change == "file moved away":
        os.rename(path, path.with_name("moved.rallydesk"))
    elif change == "file deleted":
        path.unlink()
    elif change == "file renamed over":
        os.replace(other, path)
    elif change == "file copied over":
        shutil.copyfile(other, path)
    try:
        ev.record_time(stage=1, number=31, elapsed="3:00:31")
        acknowledged.append(31)
        refusal = None
    except RallyDeskError as exc:
        refusal = str(exc)
    try:
        ev.record_time(stage=1, number=32, elapsed="3:00:32")
        second = None
    except RallyDeskError as exc:
        second = str(exc)
    print(json.dumps({"acknowledged": acknowledged, "refusal": refusal, "second": second}))
    sys.stdout.flush()
    if end == "kill":
        os._exit(0)
    ev.close()
""")

SAID = {
    "wal deleted": "write-ahead log e.rallydesk-wal was deleted",
    "wal replaced": "write-ahead log e.rallydesk-wal was replaced",
    "wal copied over": "write-ahead log e.rallydesk-wal was overwritten",
    "file moved away": "was moved, renamed or deleted",
    "file deleted": "was moved, renamed or deleted",
    "file renamed over": "was replaced by another file",
    "file copied over": "was overwritten by another program",
}


def _times(path: Path) -> set[int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT number FROM stage_times WHERE stage = 1")}
    finally:
        conn.close()


def _name(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT name FROM event").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("end", ["close", "kill"])
@pytest.mark.parametrize("change", list(SAID))
def test_a_change_behind_the_desk_loses_nothing_and_is_told(tmp_path, change, end, monkeypatch):
    monkeypatch.setenv("RALLYDESK_DATA", str(tmp_path / "data"))
    folder = tmp_path / "event"
    folder.mkdir()
    path = folder / "e.rallydesk"
    from loop_event import write_loop_event

    write_loop_event(folder / "other.rallydesk", "Another event")
    run = subprocess.run(
        [sys.executable, "-c", DESK, str(path), change, end, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "RALLYDESK_DATA": str(tmp_path / "data")},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    told = json.loads(run.stdout.strip().splitlines()[-1])
    # the desk noticed at once: the very next write is refused, saying what happened, and so
    # is every write after it
    assert told["refusal"] is not None, "the desk kept writing into a file that changed"
    assert SAID[change] in told["refusal"]
    assert "nothing more is written" in told["refusal"]
    assert told["second"] is not None and "nothing more is written" in told["second"]
    acknowledged = set(told["acknowledged"])
    assert acknowledged == set(range(1, 31))
    kept = re.search(r"is kept in (.+?\.rallydesk): close", told["refusal"])
    if change.endswith("copied over") and kept is None:
        # what the copy overwrote may be unreadable: then the desk says so and what to do
        assert "restore the latest good backup" in told["refusal"]
    else:
        assert kept is not None, told["refusal"]
        rescued = Path(kept[1])
        assert rescued.exists() and verify(rescued) == []
        assert _times(rescued) == acknowledged  # nothing acknowledged is lost
        assert _name(rescued) == "Reliability test"
    # nothing the desk had open was written, replayed or deleted into another event's file
    for candidate in (path, folder / "other.rallydesk"):
        if candidate.exists() and (end == "close" or change != "file copied over"):
            if _name(candidate) == "Another event":
                assert verify(candidate) == [] and _times(candidate) == set()
    if change == "file moved away":  # the moved file itself holds everything too
        moved = folder / "moved.rallydesk"
        assert _times(moved) == acknowledged and verify(moved) == []
    if change in ("wal deleted", "wal replaced") and end == "close":
        assert _times(path) == acknowledged and verify(path) == []


def test_the_desk_s_own_writes_never_look_like_a_change(tmp_path):
    """Hundreds of writes, checkpoints among them, a backup and a reader meanwhile: no alarm."""
    from loop_event import open_loop_event

    from rallydesk.domain.model import Entry
    from rallydesk.store.backup import backup

    ev = open_loop_event(tmp_path / "e.rallydesk")
    try:
        for n in range(6, 400):
            ev.put_entry(Entry(n, "CAR"))
            if n % 100 == 0:
                backup(tmp_path / "e.rallydesk", tmp_path)
                ev.store.db.checkpoint()
                assert verify(tmp_path / "e.rallydesk") == []
        for n in range(1, 400):
            ev.record_time(stage=1, number=n, elapsed="3:00:00")
        assert ev.store.db.lost is None
    finally:
        ev.close()
    assert not list(tmp_path.glob("*rescued*"))
    shutil.rmtree(tmp_path)
