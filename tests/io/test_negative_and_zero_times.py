"""Issue 21, item 9: a negative duration or time of day is refused in every form an import can
give it (an XLSX number, a time cell, a timedelta, text with either minus sign, CSV), naming the
file, the line, the column and the expected form; a stage time of zero is refused everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from event_dump import dump
from openpyxl import Workbook

from rallydesk.cli import main
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import Entry, Group, Stage
from rallydesk.services import Event


@pytest.fixture
def event(tmp_path) -> Path:
    path = tmp_path / "e.rallydesk"
    with Event.create(path, "Import test") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "S1"))
        for n in range(1, 4):
            ev.put_entry(Entry(n, "CAR"))
        ev.record_time(stage=1, number=3, elapsed="3:00:00")
    return path


def xlsx(path: Path, header: list[str], row: list[object], fmt: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    ws.append([1, 1, *row])
    if fmt:
        for c in range(3, 3 + len(row)):
            ws.cell(2, c).number_format = fmt
    wb.save(path)
    return path


def refused(event: Path, path: Path, capsys, column: str, words: str) -> str:
    before = dump(event)
    capsys.readouterr()
    assert main(["import", str(event), str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}, line 2, column '{column}'" in err, err
    assert words in err, err
    assert "Traceback" not in err
    assert dump(event) == before  # nothing written
    return err


NEGATIVE_XLSX = [
    ("number", -0.5, None),
    ("number [h]:mm:ss", -0.5, "[h]:mm:ss"),
    ("small number", -1 / 86_400, "hh:mm:ss"),
    ("timedelta", dt.timedelta(minutes=-30), "[h]:mm:ss"),
    ("text", "-0:30:00", None),
    ("text, typographic minus", "\u22120:30:00", None),
]


@pytest.mark.parametrize("column", ["elapsed", "nominal"])
@pytest.mark.parametrize(
    "value,fmt", [v[1:] for v in NEGATIVE_XLSX], ids=[v[0] for v in NEGATIVE_XLSX]
)
def test_a_negative_xlsx_duration_is_refused_never_made_positive(
    event, tmp_path, capsys, column, value, fmt
):
    status = "OK" if column == "elapsed" else "DNF"
    path = xlsx(tmp_path / "t.xlsx", ["stage", "number", column, "status"], [value, status], fmt)
    err = refused(event, path, capsys, column, "never negative")
    assert "accepted forms: 3:07:49" in err  # the expected form


@pytest.mark.parametrize("column", ["start", "finish"])
@pytest.mark.parametrize("value", [-0.25, dt.timedelta(hours=-6), "-06:00:00"])
def test_a_negative_xlsx_time_of_day_is_refused(event, tmp_path, capsys, column, value):
    row = {"start": ["08:00:00", "11:00:00"], "finish": ["08:00:00", "11:00:00"]}
    cells = dict(zip(("start", "finish"), row[column], strict=True))
    cells[column] = value
    path = xlsx(
        tmp_path / "t.xlsx",
        ["stage", "number", "start", "finish"],
        [cells["start"], cells["finish"]],
    )
    err = refused(event, path, capsys, column, "never negative")
    assert "accepted forms: 14:30:12" in err


@pytest.mark.parametrize("text", ["-0:30:00", "\u22120:30:00", "-30110", "-12:03.7", "-3h07'49\""])
def test_a_negative_csv_duration_is_refused(event, tmp_path, capsys, text):
    path = tmp_path / "t.csv"
    path.write_text(f"stage,number,elapsed\n1,1,{text}\n", encoding="utf-8")
    refused(event, path, capsys, "elapsed", "never negative")


ZERO = [
    ("csv 0:00:00", "stage,number,elapsed\n1,1,0:00:00\n", "elapsed"),
    ("csv keypad 0", "stage,number,elapsed\n1,1,0\n", "elapsed"),
    ("csv 0h00'00\"", "stage,number,elapsed\n1,1,0h 00' 00''\n", "elapsed"),
    ("csv start = finish", "stage,number,start,finish\n1,1,08:00:00,08:00:00\n", "finish"),
    ("csv nominal 0", "stage,number,status,nominal\n1,1,DNF,0:00:00\n", "nominal"),
]


@pytest.mark.parametrize("text,column", [z[1:] for z in ZERO], ids=[z[0] for z in ZERO])
def test_a_zero_stage_time_is_refused(event, tmp_path, capsys, text, column):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    refused(event, path, capsys, column, "0:00:00 is impossible")


@pytest.mark.parametrize("value,fmt", [(0, "[h]:mm:ss"), (0.0, None), (dt.time(0, 0), "hh:mm:ss")])
def test_a_zero_xlsx_duration_is_refused(event, tmp_path, capsys, value, fmt):
    path = xlsx(tmp_path / "t.xlsx", ["stage", "number", "elapsed"], [value], fmt)
    refused(event, path, capsys, "elapsed", "0:00:00 is impossible")


def test_the_desk_and_the_api_refuse_a_zero_or_negative_time_too(event):
    with Event.open(event) as ev:
        for kwargs in (
            {"elapsed": "0:00:00"},
            {"elapsed": 0},
            {"start": "08:00:00", "finish": "08:00:00"},
            {"elapsed": "-0:30:00"},
            {"elapsed": -1000},
        ):
            with pytest.raises(RallyDeskError, match="impossible|negative"):
                ev.record_time(stage=1, number=1, **kwargs)
        assert ev.data.time_of(1, 1) is None
        ev.record_time(stage=1, number=1, status="DNS")  # a crew that did not start: no time
        ev.record_time(stage=1, number=2, elapsed="0:00:01")  # short, but a time


def test_signed_adjustments_still_import(event, tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text("stage,number,amount,reason\n1,3,-0:00:40,bonus\n1,3,+0:01:00,x\n")
    assert main(["import", str(event), str(path)]) == 0
