"""Issue 10: text from entries, reasons and imports is written as text, never as a formula.

openpyxl stores any string that starts with ``=`` as a formula; a spreadsheet opening a CSV runs
``=``, ``+``, ``-`` and ``@`` cells.  A team called ``=HYPERLINK(…)`` must print as those letters.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from rallydesk.cli import main
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "=1+1",
    "+33 6 12",
    "-2",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "\t=tabbed",
    "=",
    "==x",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t) for t in HOSTILE])
def test_hostile_text_is_text_in_the_workbook_and_the_csv(tmp_path, capsys, text):
    path = tmp_path / "e.rallydesk"
    with Event.create(path, "Formula test") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Loop"))
        ev.put_entry(Entry(1, "CAR", (CrewMember("driver", text, "FRA"),), text, text))
        ev.put_entry(Entry(2, "CAR", (CrewMember("driver", "Plain Name"),), "Team", "Car"))
        ev.record_time(stage=1, number=1, elapsed="3:00:00")
        ev.record_time(stage=1, number=2, status="DNF", reason=text)
        ev.add_adjustment(stage=1, number=1, amount='+10"', reason=text, article="1")
    out = tmp_path / "s1.xlsx"
    assert main(["export", str(path), str(out), "--stage", "1"]) == 0
    wb = load_workbook(out)  # not data_only: a formula would come back as one
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and text.strip() and text.strip() in cell.value:
                    seen += 1
    assert seen >= 3  # team, vehicle, reasons: printed, as text
    capsys.readouterr()
    assert main(["standings", str(path), "--stage", "1", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    crew = rows[1][rows[0].index("Crew")]
    assert crew.startswith("'" + text[0])  # shown as typed (names print in capitals), never run
