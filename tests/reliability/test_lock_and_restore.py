"""Issue 10: one writer whatever name reaches the event; restore that never leaves a hole.

The lock is on the event file itself, so every way of reaching the same file meets it.  Restore
puts the backup in place with one atomic rename, after the original is kept whole.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from loop_event import open_loop_event, write_loop_event  # noqa: F401

from rallydesk.cli import main
from rallydesk.domain.errors import RallyDeskError
from rallydesk.services import Event, EventLocked, restore_backup
from rallydesk.store.lock import lock_path, network_file_system, network_warning
from rallydesk.store.verify import verify


def make_event(path: Path) -> None:
    write_loop_event(path, "Lock test")


HOLDER = textwrap.dedent("""
    import sys, time, rallydesk
    ev = rallydesk.open_event(sys.argv[1])
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    print("holding", flush=True)
    time.sleep(120)
""")


def _symlink(path: Path, tmp: Path) -> Path:
    link = tmp / "elsewhere" / "link.rallydesk"
    link.parent.mkdir()
    link.symlink_to(path)
    return link


def _hardlink(path: Path, tmp: Path) -> Path:
    other = tmp / "elsewhere" / "hard.rallydesk"
    other.parent.mkdir()
    os.link(path, other)
    return other


def _dotted(path: Path, tmp: Path) -> Path:
    (tmp / "sub").mkdir()
    return tmp / "sub" / ".." / "." / path.name


def _lock_file_deleted(path: Path, tmp: Path) -> Path:
    lock_path(path).unlink()
    return path


def _lock_file_replaced(path: Path, tmp: Path) -> Path:
    lock_path(path).unlink()
    lock_path(path).write_text("{}")
    return path


def _relative(path: Path, tmp: Path) -> Path:
    os.chdir(tmp)
    return Path(path.name)


WAYS = [_symlink, _hardlink, _dotted, _lock_file_deleted, _lock_file_replaced, _relative]


@pytest.mark.parametrize("way", WAYS, ids=[w.__name__.strip("_") for w in WAYS])
def test_every_way_to_the_same_file_meets_the_lock(tmp_path, monkeypatch, way):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "e.rallydesk"
    make_event(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        other = way(path, tmp_path)
        with pytest.raises(EventLocked, match="open for writing"):
            Event.open(other)
        with Event.open(other, readonly=True) as ro:  # reading is always possible
            if way is _hardlink:  # SQLite finds the WAL by name: the reader is told, loudly
                assert any("hard links" in w for w in ro.warnings)
            else:
                assert ro.existing_time(1, 1) is not None
    finally:
        holder.kill()
        holder.wait()
    if way is _hardlink:
        os.unlink(other)
    with Event.open(path) as ev:  # the holder died: its lock went with it
        ev.record_time(stage=1, number=2, elapsed="3:00:01")


def test_an_event_with_two_names_is_not_opened_for_writing(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    other = _hardlink(path, tmp_path)
    for name in (path, other):
        with pytest.raises(RallyDeskError, match="hard links"):
            Event.open(name)
    other.unlink()
    with Event.open(path) as ev:
        ev.record_time(stage=1, number=2, elapsed="3:00:01")


MOUNTS = """\
sysfs /sys sysfs rw 0 0
/dev/sda1 / ext4 rw 0 0
server:/export /mnt/results nfs4 rw 0 0
//nas/rally /mnt/share cifs rw 0 0
/dev/sdb1 /mnt/usb vfat rw 0 0
sshfs#me@host: /home/me/remote fuse.sshfs rw 0 0
/dev/sdc1 /mnt/my\\040stick vfat rw 0 0
"""


@pytest.mark.parametrize(
    "where,kind",
    [
        ("/mnt/results/dakar.rallydesk", "nfs4"),
        ("/mnt/share/x/e.rallydesk", "cifs"),
        ("/home/me/remote/e.rallydesk", "fuse.sshfs"),
        ("/mnt/usb/e.rallydesk", None),
        ("/srv/e.rallydesk", None),
        ("/mnt/resultsX/e.rallydesk", None),
        ("/mnt/my stick/e.rallydesk", None),
    ],
)
def test_network_file_systems_are_recognised(where, kind):
    assert network_file_system(Path(where), MOUNTS) == kind


def test_a_network_file_system_warns_on_open(tmp_path, monkeypatch, capsys):
    from rallydesk.store import lock

    path = tmp_path / "e.rallydesk"
    make_event(path)
    monkeypatch.setattr(lock, "network_file_system", lambda p, mounts=None: "nfs4")
    with Event.open(path) as ev:
        assert ev.warnings and "network file system" in ev.warnings[0]
    times = tmp_path / "t.csv"
    times.write_text("stage,number,elapsed\n1,2,3:00:00\n")
    assert main(["import", str(path), str(times)]) == 0
    assert "warning:" in capsys.readouterr().err
    assert network_warning(tmp_path) is not None


# ----------------------------------------------------------------------------- restore


def _backup_with(path: Path, folder: Path, numbers: range) -> Path:
    with Event.open(path) as ev:
        for n in numbers:
            ev.record_time(stage=1, number=n, elapsed=f"3:00:0{n}")
    out = folder / f"after-{numbers.stop - 1}.rallydesk"
    assert main(["backup", str(path), str(out)]) == 0
    return out


def test_restore_onto_itself_is_refused_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    before = path.read_bytes()
    for same in (path, tmp_path / "." / "e.rallydesk"):
        assert main(["restore", str(same), str(path)]) == 1
        assert "event file itself" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.rallydesk", "e.rallydesk.lock"]


def test_two_restores_in_the_same_second_keep_both_originals(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    a = _backup_with(path, tmp_path, range(1, 2))
    b = _backup_with(path, tmp_path, range(2, 4))
    kept = [restore_backup(a, path), restore_backup(b, path), restore_backup(a, path)]
    assert len(set(kept)) == 3 and all(k is not None and k.exists() for k in kept)
    states = []
    for k in kept:
        assert verify(k) == []
        with Event.open(k, readonly=True) as ev:
            states.append(sorted(t.number for t in ev.data.times))
    assert states == [[1, 2, 3], [1], [1, 2, 3]]


def test_restore_keeps_an_original_whose_changes_are_only_in_its_wal(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    old = _backup_with(path, tmp_path, range(1, 2))
    code = textwrap.dedent(f"""
        import os, rallydesk
        ev = rallydesk.open_event({str(path)!r})
        ev.record_time(stage=1, number=5, elapsed="3:00:05")
        os._exit(0)  # dies: the time is committed in the WAL only
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    kept = restore_backup(old, path)
    with Event.open(kept, readonly=True) as ev:
        assert ev.existing_time(1, 5) is not None
    with Event.open(path, readonly=True) as ev:
        assert ev.existing_time(1, 5) is None and ev.existing_time(1, 1) is not None
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


RESTORER = textwrap.dedent("""
    import sys
    from rallydesk.services import restore_backup
    print("go", flush=True)
    while True:
        for b in sys.argv[2:]:
            restore_backup(b, sys.argv[1])
""")


def test_a_restore_stopped_before_its_file_is_put_in_place_is_no_finding(tmp_path, monkeypatch):
    """The restore's anchor is written before the restored copy is renamed over the event (so a
    shorter restored journal is never unexplained); a restore killed between the two left an
    anchor of a head the event never got, and verify called the untouched event "cut back"
    (seen once in the kill -9 harness below). The anchor names the copy it is about to put
    there: the file at the path is another one, so that anchor says nothing of it."""
    from rallydesk.store import anchors, autobackup

    path = tmp_path / "e.rallydesk"
    make_event(path)
    one, four = (_backup_with(path, tmp_path, r) for r in (range(1, 2), range(2, 5)))
    restore_backup(str(one), str(path))
    assert verify(path) == []

    def killed(tmp, dest):  # the process dies here: no clean-up runs (a BaseException)
        raise KeyboardInterrupt

    class Later(datetime):  # the stopped restore a few seconds after the first one
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.now(tz) + timedelta(seconds=5)

    with monkeypatch.context() as m, pytest.raises(KeyboardInterrupt):
        m.setattr(autobackup, "publish_file", killed)
        m.setattr(anchors, "datetime", Later)
        restore_backup(str(four), str(path))
    with Event.open(path, readonly=True) as ev:
        assert sorted(t.number for t in ev.data.times) == [1]  # the event as it was
    assert verify(path) == []
    restore_backup(str(four), str(path))  # done this time: its anchor holds
    assert verify(path) == []


@pytest.mark.posix(reason="SIGKILL of a restore under way")
def test_kill_minus_nine_during_restore_always_leaves_a_whole_event(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    backups = [_backup_with(path, tmp_path, range(1, 2)), _backup_with(path, tmp_path, range(2, 5))]
    states = {(1,), (1, 2, 3, 4)}
    rnd = random.Random(10)
    kills = 0
    for _ in range(25):
        p = subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(path), *map(str, backups)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert p.stdout.readline().strip() == "go"
        time.sleep(rnd.uniform(0.0, 0.15))
        p.send_signal(signal.SIGKILL)
        p.wait()
        kills += 1
        assert path.exists()
        assert verify(path) == [], kills
        with Event.open(path, readonly=True) as ev:
            assert tuple(sorted(t.number for t in ev.data.times)) in states
    for k in tmp_path.glob("e.rallydesk.before-restore-*"):
        if k.name.endswith(("-wal", "-shm")) or k.stat().st_size == 0:
            continue  # a name reserved by a restore killed before it copied anything
        assert verify(k) == [], k
