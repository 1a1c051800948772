"""The rally-raid commands of CONTRACT (close-passages, interrupt, new --missed-penalty), run as a
script or timing equipment runs them: through ``rallydesk.cli.main``, on the import examples."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from rallydesk.cli import main
from rallydesk.services import Event

EXAMPLES = files("rallydesk.resources") / "examples"
KINDS = ("groups", "stages", "entries", "waypoints", "starts", "times", "passages")


@pytest.fixture
def raid_file(tmp_path: Path) -> Path:
    path = tmp_path / "raid.rallydesk"
    assert main(["new", str(path), "--name", "Raid", "--missed-penalty", "WPM=1:00:00"]) == 0
    paths = []
    for kind in KINDS:
        target = tmp_path / f"{kind}.csv"
        target.write_text((EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(str(target))
    stage2 = tmp_path / "stage2.csv"  # crews OK on stage 2, so missed waypoints cost them
    stage2.write_text("stage,number,elapsed,status\n2,201,5:01:00,OK\n2,202,5:20:00,OK\n")
    assert main(["import", str(path), *paths]) == 0
    assert main(["import", str(path), str(stage2), "--kind", "times"]) == 0
    return path


def test_new_sets_the_missed_penalty_of_a_kind(raid_file: Path) -> None:
    with Event.open(str(raid_file)) as ev:
        assert ev.missed_penalties()["WPM"] == 3_600_000


@pytest.mark.parametrize("bad", ["WPM", "XYZ=1:00:00", "WPM=soon"])
def test_new_refuses_a_bad_missed_penalty_and_makes_no_file(
    tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.rallydesk"
    assert main(["new", str(path), "--name", "X", "--missed-penalty", bad]) != 0
    assert "--missed-penalty" in capsys.readouterr().err
    assert not path.exists()


def test_close_passages_dry_run_writes_nothing_then_adds_once(
    raid_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = raid_file.read_bytes()
    assert main(["close-passages", str(raid_file), "--stage", "2", "--dry-run"]) == 0
    shown = capsys.readouterr()
    assert "would add" in shown.err
    assert raid_file.read_bytes() == before
    planned = [line for line in shown.out.splitlines() if line.startswith("#")]
    assert planned  # the example passages miss waypoints
    assert main(["close-passages", str(raid_file), "--stage", "2"]) == 0
    added = [line for line in capsys.readouterr().out.splitlines() if line.startswith("#")]
    assert added == planned
    assert main(["close-passages", str(raid_file), "--stage", "2"]) == 0
    again = capsys.readouterr()
    assert "added 0 " in again.err  # only the difference, and there is none


def test_interrupt_at_a_waypoint_then_undo(
    raid_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["interrupt", str(raid_file), "--stage", "2", "--category", "CAR"]
    assert main([*args, "--decision", "D7", "--reason", "floods", "--at-waypoint", "2"]) == 0
    with Event.open(str(raid_file)) as ev:
        cut = ev.interruption(2, "CAR")
        assert cut is not None and cut.rule == "at-waypoint" and cut.at_waypoint == 2
    assert main([*args, "--decision", "D8", "--reason", "again", "--at-waypoint", "1"]) != 0
    assert "already interrupted" in capsys.readouterr().err
    assert main([*args, "--undo"]) != 0
    assert "--reason" in capsys.readouterr().err
    assert main([*args, "--undo", "--reason", "decision withdrawn"]) == 0
    with Event.open(str(raid_file)) as ev:
        assert ev.interruption(2, "CAR") is None


@pytest.mark.parametrize(
    "extra, said",
    [
        ([], "one rule"),
        (["--at-waypoint", "9"], "no waypoint 9"),
        (["--stopped-at", "25:99"], "stopped at"),
        (["--neutral", "0:10:00", "--at-waypoint", "1"], "--neutral goes with"),
    ],
)
def test_interrupt_refuses_bad_input_and_changes_nothing(
    raid_file: Path, extra: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = raid_file.read_bytes()
    cmd = ["interrupt", str(raid_file), "--stage", "2", "--decision", "D7", "--reason", "r"]
    assert main([*cmd, *extra]) != 0
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert raid_file.read_bytes() == before


def test_the_commands_on_a_file_and_on_a_server_with_an_official_unit(
    event_location, capsys: pytest.CaptureFixture[str]
) -> None:
    """close-passages, interrupt and --undo through the command line, the event a file or a
    server URL: on an official unit the results manager is refused (exit 1, nothing written),
    the clerk's are done."""
    from stores import rows

    from .conftest import build

    ev = build(event_location)
    try:
        ev.record_time(1, 101, start="08:00:00", finish="12:00:00")
        ev.record_time(1, 102, start="08:02:00", finish="12:30:00")
        ev.add_passage(1, 101, 1, "09:00:00")
        ev.add_official("Rita RESULTS", "results-manager", "2222")
        ev.add_official("Ana CLERK", "clerk", "3333")
        ev.login("Rita RESULTS", "2222")
        ev.publish(1, "CAR")
        ev.login("Ana CLERK", "3333")
        ev.publish(1, "CAR", "official", confirm_early=True)
    finally:
        ev.close()
    url = str(event_location)
    rita = ["--official", "Rita RESULTS", "--pin", "2222"]
    ana = ["--official", "Ana CLERK", "--pin", "3333"]
    cut = ["interrupt", url, "--stage", "1", "--decision", "D7", "--reason", "floods"]
    before = rows(url, "SELECT count(*) FROM journal")
    assert main(["close-passages", url, "--stage", "1", *rita]) == 1
    assert "clerk of the course" in capsys.readouterr().err
    assert main([*cut, "--at-waypoint", "1", *rita]) == 1
    assert "clerk of the course" in capsys.readouterr().err
    assert rows(url, "SELECT count(*) FROM journal") == before
    assert main(["close-passages", url, "--stage", "1", *ana]) == 0
    assert "added 5 " in capsys.readouterr().err  # 101: WP2, WP3; 102: WP1-3
    assert main([*cut, "--at-waypoint", "1", *ana]) == 0
    assert rows(url, "SELECT decision, at_waypoint FROM interruptions") == [("D7", 1)]
    assert main(["interrupt", url, "--stage", "1", "--undo", "--reason", "withdrawn", *rita]) == 1
    assert main(["interrupt", url, "--stage", "1", "--undo", "--reason", "withdrawn", *ana]) == 0
    assert rows(url, "SELECT count(*) FROM interruptions") == [(0,)]
    assert main(["versions", url, "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["amend", url, "--stage", "1", "--category", "CAR", "--reason", "WP", *ana]) == 0
    assert main(["verify", url]) == 0
