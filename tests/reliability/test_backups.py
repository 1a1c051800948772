"""Automatic backups, restore, and damaged files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from loop_event import open_loop_event, write_loop_event  # noqa: F401

from rallydesk.cli import main
from rallydesk.services import Event
from rallydesk.services.notices import BackupWarning
from rallydesk.store.autobackup import AutoBackup, latest_good_backup, list_backups
from rallydesk.store.verify import verify


def make_event(path: Path, name: str = "Backup test") -> Event:
    return open_loop_event(path, name)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_auto_backup_every_n_minutes_keeps_the_last_k(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    ev = make_event(tmp_path / "e.rallydesk")
    ev.set_backup_folder(folder, every_minutes=5, keep=3)
    clock = Clock()
    ev.auto_backup.clock = clock
    ev.auto_backup.last = None
    ev.record_time(stage=1, number=1, elapsed="3:00:00")  # the first change makes one at once
    ev.backups.wait()  # (taken off the desk's thread)
    assert len(list_backups(folder, ev.store.event_uid())) == 1
    clock.now = 60
    ev.record_time(stage=1, number=2, elapsed="3:00:01")
    ev.backups.wait()
    assert len(list_backups(folder, ev.store.event_uid())) == 1  # not yet five minutes
    for i in range(5):
        clock.now += 301
        ev.record_time(stage=1, number=3, elapsed=f"3:00:0{i}", reason=f"correction {i}")
        ev.backups.wait()
    backups = list_backups(folder, ev.store.event_uid())
    assert len(backups) == 3
    assert all(verify(b) == [] for b in backups)
    with Event.open(backups[0], readonly=True) as copy:
        assert copy.existing_time(1, 3).elapsed_ms == (3 * 3600 + 4) * 1000
    ev.close()


def test_failing_backup_target_warns_and_never_blocks(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    ev = make_event(tmp_path / "e.rallydesk")
    ev.set_backup_folder(folder)
    warnings = []
    ev.subscribe(lambda n: warnings.append(n.warning) if isinstance(n, BackupWarning) else None)
    os.rmdir(folder)  # the stick was pulled out
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    assert ev.existing_time(1, 1) is not None  # keying went on
    ev.backups.wait()
    assert warnings and "BACKUP FAILED" in warnings[0] and "missing" in warnings[0]
    ev.close()


def test_restore_command_keeps_the_current_file(tmp_path, capsys):
    path = tmp_path / "e.rallydesk"
    ev = make_event(path)
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    ev.close()
    assert main(["backup", str(path), str(tmp_path / "good.rallydesk")]) == 0
    with Event.open(path) as ev:
        ev.record_time(stage=1, number=2, elapsed="3:10:00")
    assert main(["restore", str(tmp_path / "good.rallydesk"), str(path)]) == 0
    assert "previous file is kept" in capsys.readouterr().err
    with Event.open(path, readonly=True) as ev:
        assert ev.existing_time(1, 2) is None and ev.existing_time(1, 1) is not None
    kept = [
        p
        for p in tmp_path.iterdir()
        if ".before-restore-" in p.name and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and verify(kept[0]) == []


def test_restore_refuses_a_bad_backup(tmp_path, capsys):
    path = tmp_path / "e.rallydesk"
    make_event(path).close()
    bad = tmp_path / "bad.rallydesk"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 500)
    assert main(["restore", str(bad), str(path)]) == 1
    assert "not a good backup" in capsys.readouterr().err
    assert verify(path) == []


def test_latest_good_backup_skips_damaged_ones(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    path = tmp_path / "e.rallydesk"
    ev = make_event(path)
    ab = AutoBackup(path, folder)
    good = ab.backup_now()
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    newer = ab.backup_now()
    ev.close()
    data = bytearray(newer.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    newer.write_bytes(bytes(data))
    assert latest_good_backup(folder, path) == good


def test_verify_finds_damage_of_every_kind(tmp_path):
    path = tmp_path / "e.rallydesk"
    ev = make_event(path)
    for n in range(1, 6):
        ev.record_time(stage=1, number=n, elapsed=f"3:00:0{n}")
    ev.close()
    data = path.read_bytes()
    for cut in (100, 4096, len(data) // 2, len(data) - 1000):
        p = tmp_path / f"cut{cut}.rallydesk"
        p.write_bytes(data[:cut])
        assert verify(p), cut
    flipped = bytearray(data)
    flipped[4096] ^= 0xFF  # the type byte of page 2: SQLite keeps no checksums, headers it checks
    p = tmp_path / "flipped.rallydesk"
    p.write_bytes(bytes(flipped))
    assert verify(p)
    zero = tmp_path / "zero.rallydesk"
    zero.write_bytes(b"\x00" * len(data))
    assert verify(zero)


def test_journal_row_deleted_behind_our_back(tmp_path):
    path = tmp_path / "e.rallydesk"
    ev = make_event(path)
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    ev.record_time(stage=1, number=2, elapsed="3:00:00")
    ev.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER journal_no_delete")
    conn.execute("DELETE FROM journal WHERE id = 8")
    conn.commit()
    conn.close()
    findings = verify(path)
    assert any("journal row 8 is missing" in f for f in findings)


def test_sqlite3_shell_edit_is_reported(tmp_path):
    import shutil
    import subprocess

    path = tmp_path / "e.rallydesk"
    ev = make_event(path)
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    ev.close()
    sql = "UPDATE stage_times SET elapsed_ms = elapsed_ms - 60000 WHERE number = 1;"
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(path), sql], check=True)
    else:  # the same statement through Python's sqlite3 module
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.close()
    assert main(["verify", str(path)]) == 1


def test_journal_command(tmp_path, capsys):
    path = tmp_path / "e.rallydesk"
    ev = make_event(path)
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    ev.record_time(stage=1, number=1, elapsed="3:00:05", reason="photo cell")
    ev.close()
    capsys.readouterr()
    assert main(["journal", str(path), "--stage", "1", "--number", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        len(out) == 2
        and "time.record" in out[0]
        and "time.replace" in out[1]
        and "photo cell" in out[1]
    )
