"""Backups of an event on a server (issue 23, item 5): ``backup URL DEST`` and ``backups URL
--folder DIR`` write consistent, verified, anchored event files, also while desks key; the
series keeps K, skips when nothing moved, goes on while the server is away and stops cleanly on
SIGTERM; ``restore BACKUP URL`` puts one onto a new, empty server event with the same standings.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from loop_event import open_loop_event
from pg_server import start_server
from test_anchors_and_copies import _forge

from rallydesk.cli import main
from rallydesk.domain.model import Entry
from rallydesk.services import (
    Event,
    SeriesLine,
    StopFlag,
    restore_onto_server,
    run_server_backups,
    server_backup,
    verify_event,
)
from rallydesk.store import anchors
from rallydesk.store.autobackup import list_backups
from rallydesk.store.location import parse
from rallydesk.store.verify import verify

DAKAR_CARS = (
    Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
)


def _event(url: str, entries: int = 5) -> str:
    ev = open_loop_event(url, "On a server")  # type: ignore[arg-type]
    for n in range(6, entries + 1):
        ev.put_entry(Entry(n, "CAR"))
    ev.record_time(stage=1, number=1, elapsed="3:00:00")
    ev.close()
    return url


def _times(path: Path | str) -> dict[int, int]:
    with Event.open(path, readonly=True) as ev:
        return {t.number: t.elapsed_ms for t in ev.data.times if t.stage == 1}


def test_a_backup_while_another_desk_writes_holds_every_committed_result(pg_url, tmp_path):
    """One snapshot: every result acknowledged before the backup began is in it, and the copy
    verifies although the other desk kept committing during the copy."""
    _event(pg_url, entries=300)
    acked: list[int] = []
    done = threading.Event()

    def desk() -> None:
        with Event.open(pg_url) as ev:
            for n in range(2, 301):
                ev.record_time(stage=1, number=n, elapsed=f"3:{n // 60:02d}:{n % 60:02d}")
                acked.append(n)
                if done.is_set():
                    break

    writer = threading.Thread(target=desk)
    writer.start()
    try:
        while len(acked) < 20:
            time.sleep(0.01)
        before = list(acked)
        made = server_backup(pg_url, tmp_path)
        during = len(acked) - len(before)
    finally:
        done.set()
        writer.join()
    assert made.path is not None and made.path.parent == tmp_path
    assert made.path.name.startswith(parse(pg_url)[0].name + "-")
    assert verify(made.path) == []
    times = _times(made.path)
    assert set(before) | {1} <= set(times)
    assert during > 0, "the other desk wrote nothing while the copy was made: no proof"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


def test_the_anchor_names_the_server_and_catches_a_forged_copy(pg_url, tmp_path):
    _event(pg_url)
    folder = tmp_path / "backups"
    folder.mkdir()
    made = server_backup(pg_url, folder)
    assert made.path is not None and made.head is not None
    logged = anchors.read(folder / anchors.ANCHOR_LOG)
    where = {a.path for a in logged if a.why == "backup" and a.journal_id == made.head[0]}
    assert where == {str(made.address), str(made.path)}  # the server event, and the copy
    assert verify(made.path) == []
    # a careful forger: a time changed, its journal row too, the chain recomputed
    anchors.user_log().unlink()  # even with the user's log gone: the folder's holds
    elsewhere = tmp_path / "elsewhere.rallydesk"
    shutil.copy(made.path, elsewhere)
    _forge(made.path)
    findings = verify(made.path)
    assert findings and any("rewritten" in f for f in findings), findings
    assert verify(elsewhere, folders=[folder]) == []  # the untouched copy still verifies
    _forge(elsewhere)
    found = verify(elsewhere, folders=[folder])
    assert any("rewritten" in f and str(made.address) in f for f in found), found


def test_a_copy_that_does_not_verify_gets_no_backup_name(pg_url, pg_server, tmp_path):
    """The server's journal rewritten behind RallyDesk's back since its last backup: the next
    copy contradicts that backup's anchor, so it is refused and nothing is left behind."""
    _event(pg_url)
    folder = tmp_path / "b"
    folder.mkdir()
    first = server_backup(pg_url, folder)
    pg_server.psql(
        pg_url,
        "ALTER TABLE journal DISABLE TRIGGER USER;"
        " UPDATE journal SET hash = repeat('0', 64) WHERE id = (SELECT max(id) FROM journal);"
        " ALTER TABLE journal ENABLE TRIGGER USER;",
    )
    with pytest.raises(Exception, match="does not verify.*no backup was kept"):
        server_backup(pg_url, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [first.path.name, anchors.ANCHOR_LOG]  # type: ignore[union-attr]
    )


def test_backups_keep_k_and_take_one_only_when_the_journal_moved(pg_url, tmp_path):
    _event(pg_url)
    folder = tmp_path / "usb"
    folder.mkdir()
    lines: list[SeriesLine] = []
    kinds = []
    for n in range(2, 6):
        for _ in range(2):  # the second round finds nothing new
            assert run_server_backups(pg_url, folder, 5, 2, lines.append, once=True) in (0, 1)
            kinds.append(lines[-1].what)
        with Event.open(pg_url) as ev:
            ev.record_time(stage=1, number=n, elapsed="3:10:00")
    assert kinds == ["backup", "unchanged"] * 4
    kept = list_backups(folder, lines[0].backup.uid)  # type: ignore[union-attr]
    assert len(kept) == 2 and all(verify(p) == [] for p in kept)
    assert set(_times(kept[0])) == {1, 2, 3, 4}  # the newest: before #5 was keyed
    assert run_server_backups(pg_url, folder, 5, 2, lines.append, once=True) == 1
    assert set(_times(list_backups(folder, lines[0].backup.uid)[0])) == {1, 2, 3, 4, 5}  # type: ignore[union-attr]


def test_backups_go_on_while_the_server_is_away(tmp_path):
    """Every 0.3 s: a backup; the server cut (immediate stop): said once, no backup, no crash;
    back: said, and the next change is backed up. A durable server: without fsync and
    synchronous commit, an immediate stop loses the last commits (the first backup's)."""
    server = start_server(durable=True)
    try:
        url = _event(server.new_database())
        folder = tmp_path / "usb"
        folder.mkdir()
        lines: list[SeriesLine] = []
        stop = StopFlag()
        series = threading.Thread(
            target=run_server_backups, args=(url, folder, 0.005, 3, lines.append, stop)
        )
        series.start()

        def wait_for(what: str) -> None:
            deadline = time.monotonic() + 60
            while not any(line.what == what for line in lines):
                assert time.monotonic() < deadline, [line.text for line in lines]
                time.sleep(0.05)

        try:
            wait_for("backup")
            server.pause()
            wait_for("unreachable")
            time.sleep(1)  # several intervals away: said once
            assert [line.what for line in lines].count("unreachable") == 1
            server.resume()
            wait_for("back")
            with Event.open(url) as ev:
                ev.record_time(stage=1, number=2, elapsed="3:20:00")
            deadline = time.monotonic() + 60
            while [line.what for line in lines].count("backup") < 2:
                assert time.monotonic() < deadline, [line.text for line in lines]
                time.sleep(0.05)
        finally:
            stop.set()
            series.join(timeout=60)
        assert not series.is_alive()
        assert [line.what for line in lines if line.what != "unchanged"] == [
            "backup",
            "unreachable",
            "back",
            "backup",
        ]
        assert "cannot connect" in lines[1].text and "trying again every 0.005 min" in lines[1].text
        newest = list_backups(folder, lines[0].backup.uid)[0]  # type: ignore[union-attr]
        assert _times(newest) == {1: 3 * 3600_000, 2: (3 * 3600 + 20 * 60) * 1000}
    finally:
        server.stop()


def test_restore_onto_a_new_server_event_gives_the_same_standings(pg_server, tmp_path):
    source = pg_server.new_database()
    with Event.create(source, "Dakar 2026") as ev:
        ev.import_files(
            [
                DAKAR_CARS / f"{k}.csv"
                for k in ("groups", "stages", "entries", "times", "adjustments")
            ]
        )
    made = server_backup(source, tmp_path)
    assert made.path is not None
    target = pg_server.new_database()  # empty, as server add-event leaves it
    address, digest = restore_onto_server(made.path, target)
    assert digest == made.digest and verify_event(target) == []

    def standings(url: str) -> list[object]:
        with Event.open(url, readonly=True) as ev:
            return [
                ev.classification(s, overall, "CAR").to_json()
                for s in (1, 6, 13)
                for overall in (False, True)
            ]

    assert standings(target) == standings(source)
    with pytest.raises(Exception, match="not empty"):  # never onto an event
        restore_onto_server(made.path, target)
    forged = tmp_path / "forged.rallydesk"
    shutil.copy(made.path, forged)
    with __import__("sqlite3").connect(forged) as conn:
        conn.execute("UPDATE stage_times SET elapsed_ms = elapsed_ms + 1000 WHERE rowid = 1")
    empty = pg_server.new_database()
    with pytest.raises(Exception, match="not a good backup, nothing was restored"):
        restore_onto_server(forged, empty)
    assert pg_server.psql(empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    assert (
        "0"
        in pg_server.psql(
            empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).split()
    )


# ---------------------------------------------------------------- the command line


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_backups_and_restore_on_the_command_line(pg_url, pg_server, tmp_path, capsys):
    _event(pg_url)
    code, _, err = _run(capsys, "backup", pg_url, str(tmp_path / "one.rallydesk"))
    assert code == 0 and "verified and anchored" in err, err
    assert _run(capsys, "verify", str(tmp_path / "one.rallydesk"))[0] == 0
    code, _, err = _run(capsys, "backup", pg_url, str(tmp_path / "one.rallydesk"))
    assert code == 1 and "already exists" in err
    code, _, err = _run(capsys, "backups", pg_url)
    assert code == 1 and "--folder DIR" in err
    folder = tmp_path / "usb"
    folder.mkdir()
    code, out, err = _run(capsys, "backups", pg_url, "--folder", str(folder), "--once")
    assert code == 0 and out.count(" backup ") == 1, err
    code, out, _ = _run(capsys, "backups", pg_url, "--folder", str(folder), "--once")
    assert code == 0 and "unchanged since" in out
    code, out, _ = _run(capsys, "backups", pg_url, "--folder", str(folder), "--list")
    listed = [line.split("\t") for line in out.splitlines()]
    assert len(listed) == 1 and listed[0][1].startswith("J")
    code, _, err = _run(capsys, "backups", pg_url, "--folder", str(folder), "--every", "0")
    assert code == 1 and "above 0 minutes" in err
    target = pg_server.new_database()
    code, _, err = _run(capsys, "restore", listed[0][0], target)
    assert code == 0 and "postgresql://" in err and "@" in err, err
    assert _times(target) == _times(pg_url)
    code, _, err = _run(capsys, "backups", str(tmp_path / "one.rallydesk"), "--once")
    assert code == 1 and "for an event on a server" in err


@pytest.mark.posix(reason="SIGTERM handled by the process (Windows terminates it outright)")
def test_backups_run_in_the_foreground_and_stop_cleanly_on_sigterm(pg_url, tmp_path):
    _event(pg_url, entries=400)
    folder = tmp_path / "usb"
    folder.mkdir()
    argv = [sys.executable, "-m", "rallydesk", "backups", pg_url, "--folder", str(folder)]
    proc = subprocess.Popen(
        [*argv, "--every", "0.005", "--keep", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout))  # type: ignore[arg-type]
    reader.start()
    try:
        with Event.open(pg_url) as ev:
            n = 2
            deadline = time.monotonic() + 120
            while sum(" backup " in line for line in lines) < 4:
                assert time.monotonic() < deadline and proc.poll() is None, lines
                ev.record_time(stage=1, number=n, elapsed="3:00:00")
                n += 1
                time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        reader.join()
    err = proc.stderr.read()  # type: ignore[union-attr]
    assert code == 0, err
    assert "SIGTERM: stopped after the backup under way;" in err and "Traceback" not in err
    names = sorted(p.name for p in folder.iterdir())
    kept = [p for p in folder.iterdir() if p.suffix == ".rallydesk"]
    assert len(kept) == 2 and all(verify(p) == [] for p in kept), names
    assert names == sorted([*(p.name for p in kept), anchors.ANCHOR_LOG])  # no .part left
    for line in lines:
        assert " backup " in line and "verified and anchored" in line, line
    json.dumps(lines)
