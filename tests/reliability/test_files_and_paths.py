"""Issue 10: no data lost or file changed through an odd path, an operator mistake or a foreign file.

Each test runs over many variants (path characters, name pairs, kinds of foreign file, commands),
since the defects were in mechanisms (URI building, name matching, open order), not in examples.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from loop_event import open_loop_event, write_loop_event  # noqa: F401

from rallydesk.cli import main
from rallydesk.domain.errors import RallyDeskError
from rallydesk.services import Event, EventNotWritable
from rallydesk.store.autobackup import AutoBackup, latest_good_backup, list_backups
from rallydesk.store.verify import verify


def make_event(path: Path, name: str = "Files test") -> Event:
    return open_loop_event(path, name)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder and the hash of its bytes: 'untouched' means this is equal."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# Characters a file system allows in a name that mean something in a URI, a shell or a glob.
ODD_NAMES = [
    "a#b",
    "q?x=1",
    "100%",
    "%23",
    "sp ace",
    "amp&and",
    "ünïcødé é",
    "quote'it",
    "semi;colon",
    "brack[et]",
    "star*",
    "tab\there",
    "new\nline",
    "plus+minus-",
    "@at",
    "~tilde",
    "#",
]


@pytest.mark.parametrize("name", ODD_NAMES, ids=[repr(n) for n in ODD_NAMES])
def test_any_character_in_a_path_works_everywhere(tmp_path, capsys, name):
    folder = tmp_path / f"dir {name}"
    folder.mkdir()
    path = folder / f"{name}.rallydesk"
    usb = tmp_path / f"usb {name}"
    usb.mkdir()
    ev = make_event(path)
    ev.set_backup_folder(usb, every_minutes=5, keep=3)
    ev.record_time(stage=1, number=1, elapsed="3:00:00")  # the first change makes a backup at once
    ev.close()
    assert main(["standings", str(path), "--stage", "1", "--format", "csv"]) == 0
    assert main(["verify", str(path)]) == 0
    assert main(["export", str(path), str(folder / f"{name}.xlsx"), "--stage", "1"]) == 0
    assert main(["backup", str(path), str(usb)]) == 0
    with Event.open(path) as again:
        backups = list_backups(usb, again.store.event_uid())
    assert len(backups) == 2
    for b in backups:  # a whole copy with the data, not an empty database beside a stray file
        assert verify(b) == []
        with Event.open(b, readonly=True) as copy:
            assert copy.existing_time(1, 1).elapsed_ms == 3 * 3_600_000
    assert sorted(p.name for p in usb.iterdir() if not p.name.endswith(".jsonl")) == sorted(
        b.name for b in backups
    )
    capsys.readouterr()


NAME_PAIRS = [
    ("dakar", "dakar-bikes"),
    ("rally", "rally-2"),
    ("a", "a-b-c"),
    ("e-2026", "e"),
    ("x", "x-20260101"),
]


@pytest.mark.parametrize("first,second", NAME_PAIRS)
def test_backup_rotation_never_touches_another_event(tmp_path, first, second):
    usb = tmp_path / "usb"
    usb.mkdir()
    events = [
        make_event(tmp_path / f"{first}.rallydesk"),
        make_event(tmp_path / f"{second}.rallydesk"),
    ]
    for ev in events:
        ev.set_backup_folder(usb, every_minutes=5, keep=2)
    for i in range(4):  # interleaved, each more than the two kept
        for ev in events:
            ev.record_time(stage=1, number=1 + i, elapsed="3:00:00")
            assert ev.backup_now("test") is not None
    for ev in events:
        mine = list_backups(usb, ev.store.event_uid())
        assert len(mine) == 2
        for b in mine:
            with Event.open(b, readonly=True) as copy:
                assert copy.data.settings.name == ev.data.settings.name
                assert copy.store.event_uid() == ev.store.event_uid()
    paths = [ev.path for ev in events]
    for ev in events:
        ev.close()
    for path in paths:  # a damaged event is offered its own backup, never the other event's
        uid = None
        with Event.open(path, readonly=True) as ev:
            uid = ev.store.event_uid()
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
        good = latest_good_backup(usb, path)
        with Event.open(good, readonly=True) as copy:
            assert copy.store.event_uid() == uid


HOLDER = textwrap.dedent("""
    import sys, time, rallydesk
    ev = rallydesk.open_event(sys.argv[1])
    print("holding", flush=True)
    for line in sys.stdin:
        n = int(line)
        # (a demo has results already: replacing one says why)
        ev.record_time(stage=1, number=n, elapsed="3:00:00", reason="keyed by the holder")
        print("acknowledged", n, flush=True)
""")


def start_holder(path: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def key_through(holder: subprocess.Popen, number: int) -> None:
    holder.stdin.write(f"{number}\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == f"acknowledged {number}"


WRITING_COMMANDS = [
    ("demo --out", lambda ev, tmp: ["demo", "--out", str(ev), "--no-gui"]),
    ("new", lambda ev, tmp: ["new", str(ev), "--name", "Other"]),
    ("generate", lambda ev, tmp: ["generate", str(ev), "--entries", "5", "--stages", "2"]),
    ("backup onto it", lambda ev, tmp: ["backup", str(tmp / "other.rallydesk"), str(ev)]),
    ("export onto it", lambda ev, tmp: ["export", str(tmp / "other.rallydesk"), str(ev)]),
    (
        "export as .xlsx onto it",
        lambda ev, tmp: ["export", str(tmp / "other.rallydesk"), str(_renamed(ev, ".xlsx"))],
    ),
    (
        "export as .pdf onto it",
        lambda ev, tmp: ["export", str(tmp / "other.rallydesk"), str(_renamed(ev, ".pdf"))],
    ),
    (
        "a screenshot onto it",
        lambda ev, tmp: ["open", str(tmp / "other.rallydesk"), "--screenshot", str(ev)],
    ),
    ("a screenshot of it onto it", lambda ev, tmp: ["open", str(ev), "--screenshot", str(ev)]),
]


def _renamed(path: Path, suffix: str) -> Path:
    """The same event file under an export's name (a symlink), as a mistyped output would be."""
    link = path.with_suffix(suffix)
    if not link.exists():
        link.symlink_to(path)
    return link


@pytest.mark.parametrize("held", [True, False], ids=["open on a desk", "closed"])
@pytest.mark.parametrize("name,argv", WRITING_COMMANDS, ids=[c[0] for c in WRITING_COMMANDS])
def test_no_command_deletes_or_replaces_an_event(tmp_path, capsys, name, argv, held):
    path = tmp_path / "dakar.rallydesk"
    make_event(path).close()
    other = make_event(tmp_path / "other.rallydesk", "Other")
    other.record_time(stage=1, number=1, elapsed="3:00:00")
    other.close()
    holder = start_holder(path) if held else None
    try:
        if holder:
            key_through(holder, 1)
        before = path.read_bytes() if not holder else None
        assert main(argv(path, tmp_path)) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err and path.stem in err
        if holder:
            key_through(holder, 2)  # the desk goes on writing into the same, undeleted file
        else:
            assert path.read_bytes() == before
    finally:
        if holder:
            holder.stdin.close()
            holder.wait(timeout=30)
    with Event.open(path, readonly=True) as ev:
        assert ev.data.settings.name == "Files test"
        if held:
            assert ev.existing_time(1, 1) is not None and ev.existing_time(1, 2) is not None
    assert verify(path) == []


def test_demo_without_out_reuses_the_previous_demo_and_never_replaces_it(tmp_path, capsys):
    from rallydesk.demo import write_demo
    from rallydesk.paths import data_dir

    first = write_demo()
    holder = start_holder(first)
    try:
        key_through(holder, 201)
        second = write_demo()  # while a desk writes it: the same file, as it is
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert second == first and verify(first) == []
    assert write_demo() == first  # one demo file, not one more every time
    assert sorted(data_dir().glob("*.rallydesk")) == [first]


def test_demo_without_out_leaves_a_foreign_file_of_its_name_alone(tmp_path):
    from rallydesk.demo import write_demo
    from rallydesk.paths import data_dir

    foreign = data_dir() / "dakar2026-demo.rallydesk"
    foreign.parent.mkdir(parents=True, exist_ok=True)
    foreign.write_bytes(b"not an event")
    made = write_demo()
    assert made != foreign and foreign.read_bytes() == b"not an event"
    assert write_demo() == made


def test_backup_to_a_folder_twice_in_the_same_instant_gives_two_files(tmp_path):
    from rallydesk.store.backup import backup

    path = tmp_path / "e.rallydesk"
    make_event(path).close()
    usb = tmp_path / "usb"
    usb.mkdir()
    written = {backup(path, usb) for _ in range(5)}
    assert len(written) == 5 and all(verify(p) == [] for p in written)


def foreign_files(folder: Path) -> dict[str, Path]:
    """Files that are not RallyDesk events, each of another kind."""
    made = {}
    wal = folder / "wal-app.db"
    conn = sqlite3.connect(wal)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    made["another program's WAL database"] = wal
    plain = folder / "plain-app.rallydesk"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE stage_times (x)")
    conn.commit()
    conn.close()
    made["another program's database named .rallydesk"] = plain
    (folder / "zero.rallydesk").write_bytes(b"")
    made["a 0-byte file"] = folder / "zero.rallydesk"
    (folder / "text.rallydesk").write_text("stage,number\n1,2\n")
    made["a text file"] = folder / "text.rallydesk"
    (folder / "random.rallydesk").write_bytes(os.urandom(3000))
    made["random bytes"] = folder / "random.rallydesk"
    return made


READING_COMMANDS = [
    ["standings", "{f}", "--stage", "1"],
    ["verify", "{f}"],
    ["export", "{f}", "{tmp}/out.xlsx", "--stage", "1"],
    ["backup", "{f}", "{tmp}/copy.rallydesk"],
    ["import", "{f}", "{tmp}/times.csv"],
    ["journal", "{f}"],
    ["backups", "{f}"],
    ["open", "{f}", "--screenshot", "{tmp}/shot.png"],
]


@pytest.mark.parametrize("argv", READING_COMMANDS, ids=[c[0] for c in READING_COMMANDS])
def test_a_foreign_file_is_refused_untouched(tmp_path, capsys, argv):
    folder = tmp_path / "files"
    folder.mkdir()
    made = foreign_files(folder)
    out = tmp_path / "out"
    out.mkdir()
    (out / "times.csv").write_text("stage,number,elapsed\n1,1,3:00:00\n")
    before = snapshot(folder)
    for kind, f in made.items():
        args = [a.format(f=f, tmp=out) for a in argv]
        assert main(args) == 1, kind
        err = capsys.readouterr().err
        assert "Traceback" not in err and str(f) in err, (kind, err)
        assert snapshot(folder) == before, kind  # not a byte changed, no -wal, -shm or .lock grown
    assert not (out / "copy.rallydesk").exists() and not (out / "out.xlsx").exists()


@pytest.mark.posix(reason="file modes (0644 under the umask)")
def test_files_are_written_with_the_users_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "e.rallydesk"
        ev = make_event(path)
        usb = tmp_path / "usb"
        usb.mkdir()
        ev.set_backup_folder(usb)
        ev.record_time(stage=1, number=1, elapsed="3:00:00")
        ev.close()
        assert main(["export", str(path), str(tmp_path / "s1.xlsx"), "--stage", "1"]) == 0
        assert main(["backup", str(path), str(tmp_path / "copy.rallydesk")]) == 0
        written = [tmp_path / "s1.xlsx", tmp_path / "copy.rallydesk", *usb.glob("*.rallydesk")]
        assert len(written) >= 3
        for p in written:
            assert p.stat().st_mode & 0o777 == 0o644, p
    finally:
        os.umask(old)


# ----------------------------------------------------------------------------- read-only media


@pytest.fixture
def read_only_medium(tmp_path):
    """(writable folder, the same folder seen read-only): a bind mount as root, else chmod."""
    src = tmp_path / "stick"
    src.mkdir()
    ro = tmp_path / "stick-ro"
    ro.mkdir()
    mounted = False
    if os.geteuid() == 0:
        r = subprocess.run(["mount", "--bind", "-o", "ro", str(src), str(ro)], capture_output=True)
        if r.returncode != 0:
            pytest.skip(f"cannot make a read-only mount here: {r.stderr.decode().strip()}")
        mounted = True

        def seal() -> None:
            pass
    else:
        ro.rmdir()
        ro = src

        def seal() -> None:
            for p in src.iterdir():
                p.chmod(0o444)
            src.chmod(0o555)

    yield src, ro, seal
    if mounted:
        subprocess.run(["umount", "-l", str(ro)], check=False)
    else:
        src.chmod(0o755)


def _kill_after_keying(path: Path, times: int) -> None:
    """A writer that dies with committed times only in its WAL (no checkpoint)."""
    code = textwrap.dedent(f"""
        import os, rallydesk
        ev = rallydesk.open_event({str(path)!r})
        for n in range(1, {times + 1}):
            ev.record_time(stage=1, number=n, elapsed="3:00:0" + str(n))
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.posix(reason="a read-only medium made by a bind mount (root) or chmod, os.geteuid")
@pytest.mark.parametrize("pending_wal", [False, True], ids=["clean file", "WAL pending"])
def test_an_event_on_read_only_media_reads_and_refuses_writes(
    read_only_medium, capsys, pending_wal
):
    src, ro, seal = read_only_medium
    path = src / "e.rallydesk"
    make_event(path).close()
    if pending_wal:
        _kill_after_keying(path, 3)
        assert Path(f"{path}-wal").stat().st_size > 0
    seal()
    before = snapshot(src)
    event = ro / "e.rallydesk"
    with Event.open(event, readonly=True) as ev:
        assert ev.existing_time(1, 1) is not None or not pending_wal
        if pending_wal:
            assert ev.existing_time(1, 3).elapsed_ms == (3 * 3600 + 3) * 1000
    assert main(["standings", str(event), "--stage", "1"]) == 0
    assert main(["verify", str(event)]) == 0
    with pytest.raises(EventNotWritable, match="read-only"):
        Event.open(event)
    assert main(["import", str(event), str(src / "none.csv")]) == 1
    assert "read-only" in capsys.readouterr().err
    assert snapshot(src) == before


def test_open_refused_for_writing_when_the_lock_cannot_be_taken(tmp_path, monkeypatch):
    from rallydesk.store import lock

    path = tmp_path / "e.rallydesk"
    make_event(path).close()

    def refuse(fd: int) -> None:
        raise OSError(37, "No locks available")

    monkeypatch.setattr(lock, "_lock", refuse)
    with pytest.raises(RallyDeskError, match="lock cannot be taken"):
        Event.open(path)
    with Event.open(path, readonly=True) as ev:  # reading stays possible
        assert ev.data.settings.name == "Files test"


def test_auto_backup_of_a_file_with_an_odd_name_is_whole(tmp_path):
    folder = tmp_path / "ev#1"
    folder.mkdir()
    path = folder / "e#?.rallydesk"
    ev = make_event(path)
    ab = AutoBackup(path, tmp_path, uid=ev.store.event_uid())
    ev.record_time(stage=1, number=3, elapsed="3:00:03")
    written = ab.backup_now()
    ev.close()
    assert written is not None and verify(written) == []
    assert written.stat().st_size > 4096
    strays = [
        p for p in tmp_path.iterdir() if p.is_file() and p.suffix not in (".rallydesk", ".jsonl")
    ]
    assert strays == []
    shutil.rmtree(folder)
