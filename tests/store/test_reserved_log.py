"""The writer's write-ahead log is given its room when the event is opened (files.reserve_log,
issue 25): a keyed time's commit then writes inside the log instead of lengthening it, so its
fsync has no file length to make durable. The zeros must never be read as changes: after a kill,
a reader, a checkpoint or a full disk, the event holds exactly what was acknowledged."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event, verify_event
from rallydesk.store import files


def _event(path: Path) -> Event:
    ev = Event.create(path, "Baja")
    ev.put_group(Group("CAR", "Cars"))
    ev.put_stage(Stage(1, "SS1"))
    for n in range(1, 41):
        ev.put_entry(Entry(n, "CAR", (CrewMember("driver", f"D{n}"),)))
    return ev


def _wal(path: Path) -> Path:
    return Path(f"{os.path.realpath(path)}-wal")


def _room(conn: sqlite3.Connection) -> int:
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    frames = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    return files.WAL_HEADER + frames * (page + files.WAL_FRAME_HEADER)


def test_a_writer_opens_with_room_in_its_log_and_keyed_times_do_not_lengthen_it(tmp_path):
    path = tmp_path / "e.rallydesk"
    _event(path).close()
    with Event.open(path) as ev:
        wal = _wal(path)
        reserved = wal.stat().st_size
        assert reserved >= _room(ev.store.db.db.conn)  # past the checkpoint point
        for i in range(120):
            ev.record_time(1, 1 + i % 40, elapsed=3_600_000 + i, reason="second timing sheet")
        assert wal.stat().st_size == reserved  # every commit wrote inside the room
        assert ev.existing_time(1, 40).elapsed_ms == 3_600_000 + 119
    assert verify_event(path) == []


def test_a_reader_sees_every_committed_time_and_nothing_of_the_zeros(tmp_path):
    path = tmp_path / "e.rallydesk"
    _event(path).close()
    with Event.open(path) as ev:
        for n in range(1, 11):
            ev.record_time(1, n, elapsed=3_600_000 + n)
        # another program reading the file while the desk holds it (a board, a script)
        raw = sqlite3.connect(files.uri(path, mode="ro"), uri=True)
        try:
            rows = raw.execute("SELECT number, elapsed_ms FROM stage_times ORDER BY number")
            assert rows.fetchall() == [(n, 3_600_000 + n) for n in range(1, 11)]
        finally:
            raw.close()
    # the last connection closed: SQLite folded the log in and removed it, zeros and all
    assert not _wal(path).exists()
    with Event.open(path, readonly=True) as ev:
        assert [ev.existing_time(1, n).elapsed_ms for n in range(1, 11)] == [
            3_600_000 + n for n in range(1, 11)
        ]


@pytest.mark.posix(reason="SIGKILL of a desk keying in a child process")
@pytest.mark.parametrize("keyed", [0, 7])
def test_killed_with_a_reserved_log_the_event_opens_with_exactly_what_was_acknowledged(
    tmp_path, keyed
):
    path = tmp_path / "e.rallydesk"
    _event(path).close()
    child = textwrap.dedent(
        f"""
        import os, signal, sys
        from rallydesk.services import Event
        ev = Event.open(sys.argv[1])
        for n in range(1, {keyed} + 1):
            ev.record_time(1, n, elapsed=7_200_000 + n)
            print(n, flush=True)
        print("wal", os.path.getsize(sys.argv[1] + "-wal"), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    lines = done.stdout.split()
    acknowledged = [int(x) for x in lines[:-2]]
    assert acknowledged == list(range(1, keyed + 1))
    assert int(lines[-1]) >= files.WAL_HEADER  # the killed desk's log had its room
    assert _wal(path).stat().st_size == int(lines[-1])  # left behind as it was
    assert verify_event(path) == []
    with Event.open(path) as ev:
        assert {t.number for t in ev.data.times} == set(acknowledged)
        assert all(ev.existing_time(1, n).elapsed_ms == 7_200_000 + n for n in acknowledged)
        ev.record_time(1, 40, elapsed=9_000_000)  # and it goes on taking times
    with Event.open(path, readonly=True) as ev:
        assert ev.existing_time(1, 40).elapsed_ms == 9_000_000


def test_the_room_is_made_again_after_the_log_is_folded_in(tmp_path):
    path = tmp_path / "e.rallydesk"
    _event(path).close()
    with Event.open(path) as ev:
        reserved = _wal(path).stat().st_size
        ev.record_time(1, 1, elapsed=3_600_000)
        ev.store.db.checkpoint()  # TRUNCATE: the log emptied to 0 bytes by SQLite
        assert _wal(path).stat().st_size == reserved
        ev.record_time(1, 2, elapsed=3_600_001)  # the desk's own change: no alarm
        assert ev.store.db.lost is None
        assert _wal(path).stat().st_size == reserved
    assert verify_event(path) == []


def test_a_full_disk_gives_the_room_back_and_the_desk_still_writes(tmp_path):
    path = tmp_path / "e.rallydesk"
    _event(path).close()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.MonkeyPatch.context() as mp:  # (not the test's own: it holds the user folder)
        mp.setattr(files.os, "fsync", full)
        ev = Event.open(path)
    with ev:
        size = _wal(path).stat().st_size
        assert size < _room(ev.store.db.db.conn)  # what it had before: nothing kept of the zeros
        ev.record_time(1, 1, elapsed=3_600_000)
    with Event.open(path, readonly=True) as ev:
        assert ev.existing_time(1, 1).elapsed_ms == 3_600_000
