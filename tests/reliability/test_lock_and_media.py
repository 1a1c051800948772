"""One writer per event; a full disk or a read-only medium never loses an acknowledged time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from loop_event import open_loop_event, write_loop_event  # noqa: F401

from rallydesk.domain.errors import RallyDeskError
from rallydesk.services import Event
from rallydesk.store.lock import EventLocked


def make_event(path: Path) -> None:
    write_loop_event(path, "Lock test")


HOLDER = textwrap.dedent("""
    import sys, time, rallydesk
    ev = rallydesk.open_event(sys.argv[1])
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    print("holding", flush=True)
    time.sleep(60)
""")


def test_second_process_is_refused_with_who_and_since(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(EventLocked) as err:
            Event.open(path)
        text = str(err.value)
        assert f"process {holder.pid}" in text and "since" in text and "read-only" in text
        assert os.uname().nodename in text
        with Event.open(path, readonly=True) as ro:  # reading is always allowed
            assert ro.existing_time(1, 1) is not None
            with pytest.raises(RallyDeskError, match="read-only"):
                ro.record_time(stage=1, number=2, elapsed="3:00:00")
    finally:
        holder.kill()
        holder.wait()
    # the holder died without closing: its lock is taken over
    with Event.open(path) as ev:
        ev.record_time(stage=1, number=2, elapsed="3:00:01")


def test_cli_import_refused_while_open(tmp_path, capsys):
    from rallydesk.cli import main

    path = tmp_path / "e.rallydesk"
    make_event(path)
    times = tmp_path / "t.csv"
    times.write_text("stage,number,elapsed\n1,3,3:00:00\n")
    with Event.open(path):
        assert main(["import", str(path), str(times)]) == 1
        assert "is open for writing on desk" in capsys.readouterr().err
    assert main(["import", str(path), str(times)]) == 0


def test_full_disk_is_a_clear_refusal_and_loses_nothing(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        ev.record_time(stage=1, number=1, elapsed="3:00:00")
        pages = ev.store.db.execute("PRAGMA page_count").fetchone()[0]
        ev.store.db.execute(f"PRAGMA max_page_count = {pages}")  # as if the stick were full
        big = "x" * 20000
        with pytest.raises(RallyDeskError, match="disk is full.*NOT recorded"):
            ev.record_time(stage=1, number=2, elapsed="3:00:00", reason=big)
        assert ev.existing_time(1, 2) is None
        assert ev.existing_time(1, 1).elapsed_ms == 3 * 3600 * 1000
    with Event.open(path) as ev:
        assert ev.existing_time(1, 1) is not None and ev.existing_time(1, 2) is None


def test_read_only_medium_is_a_clear_refusal(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        ev.store.db.execute("PRAGMA query_only = ON")  # SQLite answers as for a read-only medium
        with pytest.raises(RallyDeskError, match="read-only.*NOT recorded"):
            ev.record_time(stage=1, number=1, elapsed="3:00:00")
        ev.store.db.execute("PRAGMA query_only = OFF")
        ev.record_time(stage=1, number=1, elapsed="3:00:00")  # keying goes on once it is fixed


def test_absurd_and_negative_times(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        with pytest.raises(RallyDeskError, match="absurd"):
            ev.record_time(stage=1, number=1, elapsed="150:00:00")
        with pytest.raises(RallyDeskError, match="before start"):
            ev.record_time(stage=1, number=1, start="10:00:00", finish="09:00:00")
        ev.record_time(stage=1, number=1, start="22:00:00", finish="01:00:00 +1")
        assert ev.existing_time(1, 1).elapsed_ms == 3 * 3600 * 1000
