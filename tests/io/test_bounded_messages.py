"""Issue 21, item 16: a message quoting what the user gave is bounded, however large the input
(a 100,000-column header, a megabyte cell, a name of a million characters), on the screen and
in the log; and such a file is refused in seconds."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from rallydesk.cli import main
from rallydesk.domain.errors import clipped, listed, quoted
from rallydesk.domain.model import Entry, Group, Stage
from rallydesk.services import Event

#: What any one message may take, with every bad row listed (200 at most) and its file name.
BOUND = 60_000
WIDE = 100_000


@pytest.fixture
def event(tmp_path) -> Path:
    path = tmp_path / "e.rallydesk"
    with Event.create(path, "Bounded") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "S1"))
        ev.put_entry(Entry(1, "CAR"))
    return path


def columns(n: int, prefix: str = "column_") -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


HUGE = "9" * 100_000  # (the CSV reader's own limit on a cell is 131,072)
FILES = {
    "100,000 unknown columns": ",".join(columns(WIDE)) + "\n" + ",".join(["1"] * WIDE) + "\n",
    "a times file with 100,000 more columns": ",".join(
        ["stage", "number", "elapsed", *columns(WIDE)]
    )
    + "\n1,1,1:00:00\n",
    "100,000 duplicate columns": ",".join(["stage", "number", "elapsed", *columns(WIDE // 2) * 2])
    + "\n1,1,1:00:00\n",
    "a megabyte number": f"stage,number,elapsed\n1,{HUGE},1:00:00\n",
    "a megabyte time": f"stage,number,elapsed\n1,1,{HUGE}:00:00\n",
    "a megabyte status": f"stage,number,status\n1,1,{'X' * 100_000}\n",
    "a megabyte class": "number,class\n2," + "K" * 100_000 + "\n",
}


@pytest.mark.parametrize("text", list(FILES.values()), ids=list(FILES))
def test_a_refused_huge_input_is_quoted_in_a_bounded_message(event, tmp_path, capsys, caplog, text):
    path = tmp_path / "big.csv"
    path.write_text(text, encoding="utf-8")
    caplog.set_level(logging.INFO)
    capsys.readouterr()
    code = main(["import", str(event), str(path)])
    err = capsys.readouterr().err
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert len(err) < BOUND, len(err)
    assert len(logged) < BOUND, len(logged)
    assert str(path) in err
    if code == 0:  # the times file imports; its warnings are bounded too
        assert "more unknown columns ignored" in err
    else:
        assert "more" in err  # what was cut says how much was cut


@pytest.mark.parametrize(
    "argv",
    [
        ["standings", "{ev}", "--stage", "1", "--group", "G" * 1_000_000],
        [
            "publish",
            "{ev}",
            "--stage",
            "1",
            "--as",
            "official",
            "--official",
            "N" * 1_000_000,
            "--pin",
            "1234",
        ],
        ["verify", "{ev}", "--anchor", "J" * 1_000_000],
    ],
    ids=["group", "official", "anchor"],
)
def test_a_huge_argument_is_quoted_in_a_bounded_message(event, capsys, argv):
    argv = [a.replace("{ev}", str(event)) for a in argv]
    capsys.readouterr()
    main(argv)
    err = capsys.readouterr().err
    assert len(err) < 2_000, len(err)
    assert "more characters" in err


def test_the_one_way_of_quoting():
    assert quoted("abc") == "'abc'"
    assert quoted(12) == "12"
    long = quoted("x" * 1000)
    assert long.startswith("'" + "x" * 60 + "'…") and "940 more characters" in long
    assert clipped("y" * 100, 10) == "y" * 10 + "… (90 more characters)"
    assert listed(["a", "b", "c"], 2) == "a, b, … and 1 more"
