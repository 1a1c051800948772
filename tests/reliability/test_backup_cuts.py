"""Backups cut at any moment (kill -9 stands in for a power cut: what is left in the folder is
the same; what a power cut also loses is what was not synced, and a backup syncs its copy before
it gets its name, and the folder after): no final name ever holds a half-written or empty file,
and the next backup removes what a dead one left (issue 21, item 15)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from loop_event import open_loop_event

from rallydesk.domain.model import Entry
from rallydesk.store.autobackup import list_backups
from rallydesk.store.backup import backup, event_uid
from rallydesk.store.verify import verify

LOOP = textwrap.dedent("""
    import sys
    from rallydesk.store.backup import backup
    print("ready", flush=True)
    while True:
        backup(sys.argv[1], sys.argv[2], anchor=False)
""")


def _big_event(path: Path) -> None:
    ev = open_loop_event(path, "Cut test")
    try:
        for n in range(6, 3000):
            ev.put_entry(Entry(n, "CAR", team="T" * 200))
    finally:
        ev.close()


def _age(folder: Path) -> None:
    """As if the cuts were a while ago (leftovers younger than a minute may be a live copy)."""
    past = time.time() - 3600
    for p in folder.iterdir():
        os.utime(p, (past, past))


@pytest.mark.posix(reason="SIGKILL of a backup under way")
def test_backups_cut_twenty_times_leave_only_whole_copies(tmp_path):
    event = tmp_path / "e.rallydesk"
    _big_event(event)
    folder = tmp_path / "stick"
    folder.mkdir()
    rng = random.Random(21)
    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", LOOP, str(event), str(folder)], stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    uid = event_uid(event)
    finals = sorted(folder.glob("*.rallydesk"))
    assert finals, "no backup was ever finished between the cuts"
    for p in finals:  # every final name holds a whole, good copy of the event
        assert p.stat().st_size > 0, f"{p.name}: an empty file under a backup's name"
        assert verify(p) == [], p.name
        assert event_uid(p) == uid
    _age(folder)
    written = backup(event, folder)
    left = sorted(p.name for p in folder.iterdir() if p.suffix != ".rallydesk")
    assert left in ([], ["rallydesk-anchors.jsonl"]), f"leftovers after the next backup: {left}"
    assert written in list_backups(folder, uid)


@pytest.mark.posix(reason="an fcntl lock held by another process")
def test_the_next_backup_cleans_what_older_versions_left(tmp_path):
    """An empty file reserved under a backup's name and ``.part`` files, by a version that died:
    removed by the next backup; a temporary file another process is writing (locked) stays, and
    so does anything that is not a leftover of a backup."""
    event = tmp_path / "e.rallydesk"
    open_loop_event(event).close()
    folder = tmp_path / "stick"
    folder.mkdir()
    empty = folder / "e-20261201-101010-123.rallydesk"
    empty.touch()
    old_part = folder / ".e-20261201-101010-123.rallydesk.k3j4h5.part"
    old_part.write_bytes(b"x" * 4096)
    new_part = folder / ".rallydesk-abcd1234.part"
    new_part.write_bytes(b"x" * 4096)
    live = folder / ".rallydesk-live0000.part"
    live.write_bytes(b"x")
    mine = folder / "notes.txt"
    mine.write_text("keep me")
    other_empty = folder / "results.rallydesk"
    other_empty.touch()  # empty, but not a name a backup of e.rallydesk ever had
    _age(folder)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'rb'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
            str(live),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        backup(event, folder)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert not empty.exists() and not old_part.exists() and not new_part.exists()
    assert live.exists() and mine.exists() and other_empty.exists()


def test_a_backup_onto_an_existing_name_is_refused_atomically(tmp_path):
    """A file that appears under the name while the copy is written is never replaced."""
    event = tmp_path / "e.rallydesk"
    open_loop_event(event).close()
    dest = tmp_path / "copy.rallydesk"
    from rallydesk.store import backup as backup_module

    real = backup_module._copy_into

    def copy_then_someone_writes_the_name(source, tmp):
        found = real(source, tmp)
        dest.write_text("someone else's file")
        return found

    backup_module._copy_into = copy_then_someone_writes_the_name
    try:
        import pytest

        from rallydesk.domain.errors import RallyDeskError

        with pytest.raises(RallyDeskError, match="already exists"):
            backup(event, dest)
    finally:
        backup_module._copy_into = real
    assert dest.read_text() == "someone else's file"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
