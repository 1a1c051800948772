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
