"""Issue 10: imports that lost data silently (durations past 24 h, quote errors, re-imported
penalties), a file that took minutes to refuse, and valid empty files refused."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from event_dump import dump
from openpyxl import Workbook

from rallydesk.cli import main
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import Entry, Group, Stage
from rallydesk.io.tables import MAX_ROWS
from rallydesk.services import Event


@pytest.fixture
def event(tmp_path) -> Path:
    path = tmp_path / "e.rallydesk"
    with Event.create(path, "Import test") as ev:
        ev.put_group(Group("CAR", "Cars"))
        for s in (1, 2):
            ev.put_stage(Stage(s, f"S{s}"))
        for n in range(1, 11):
            ev.put_entry(Entry(n, "CAR"))
    return path


# Number formats an official's spreadsheet may give a duration cell, and durations around a day.
FORMATS = [
    "hh:mm:ss",
    "h:mm:ss",
    "mm:ss.0",
    "[h]:mm:ss",
    "[h]:mm:ss.0",
    "hh:mm",
    "General",
    "0.000000",
]
HOURS = [0.25, 3.5125, 23.99, 24, 27, 49.5, 99.75]


@pytest.mark.parametrize("fmt", FORMATS)
def test_xlsx_durations_keep_every_day(event, tmp_path, fmt):
    wb = Workbook()
    ws = wb.active
    ws.append(["stage", "number", "elapsed", "nominal", "status"])
    for i, hours in enumerate(HOURS, start=1):
        ws.append([1, i, hours / 24, None, "OK"])
        ws.cell(i + 1, 3).number_format = fmt
    ws.append([2, 1, None, 30 / 24, "DNF"])  # a nominal time past a day
    ws.cell(len(HOURS) + 2, 4).number_format = fmt
    path = tmp_path / "times.xlsx"
    wb.save(path)
    assert main(["import", str(event), str(path)]) == 0
    with Event.open(event, readonly=True) as ev:
        for i, hours in enumerate(HOURS, start=1):
            expected = round(hours * 3_600_000)  # the whole value, whatever the format shows
            assert ev.existing_time(1, i).elapsed_ms == expected, (fmt, hours)
        assert ev.existing_time(2, 1).nominal_ms == 30 * 3_600_000


@pytest.mark.parametrize(
    "cell,expected",
    [
        (dt.time(8, 10, 0), "08:10:00"),
        (dt.datetime(2026, 1, 5, 8, 10, 0), "08:10:00"),  # a date and time: the clock time counts
        (8.25 / 24, "08:15:00"),
    ],
)
def test_xlsx_start_and_finish_are_times_of_day(event, tmp_path, cell, expected):
    wb = Workbook()
    ws = wb.active
    ws.append(["stage", "number", "start", "finish"])
    ws.append([1, 1, cell, dt.time(11, 20, 37)])
    ws.cell(2, 3).number_format = "hh:mm:ss"
    path = tmp_path / "clock.xlsx"
    wb.save(path)
    assert main(["import", str(event), str(path)]) == 0
    with Event.open(event, readonly=True) as ev:
        t = ev.existing_time(1, 1)
        h, m, s = (int(x) for x in expected.split(":"))
        assert t.start_ms == ((h * 60 + m) * 60 + s) * 1000


QUOTE_CASES = [
    (
        "unterminated on a data line",
        'stage,number,elapsed\n1,1,3:00:00\n1,2,"3:00:01\n1,3,3:00:02\n1,4,3:00:03\n',
        3,
    ),
    (
        "unterminated on the last line",
        'stage,number,elapsed,reason\n1,1,3:00:00,ok\n1,2,3:00:01,"late\n',
        3,
    ),
    (
        "text after a closing quote",
        'stage,number,elapsed,reason\n1,1,3:00:00,"ab"c\n1,2,3:00:01,x\n',
        2,
    ),
    (
        "quote closed lines later",
        'stage,number,elapsed,reason\n1,1,3:00:00,"a\n1,2,3:00:01,b\n1,3,3:00:02,c"\n',
        2,
    ),
    (
        "semicolons, unterminated",
        'stage;number;elapsed\n1;1;3:00:00\n1;2;"3:00:01\n1;3;3:00:02\n',
        3,
    ),
    ("quote in the header", 'stage,"number,elapsed\n1,1,3:00:00\n', 1),
]


@pytest.mark.parametrize("name,content,line", QUOTE_CASES, ids=[c[0] for c in QUOTE_CASES])
def test_a_quote_error_is_a_bad_row_never_swallowed_rows(
    event, tmp_path, capsys, name, content, line
):
    before = dump(event)
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    assert main(["import", str(event), str(bad)]) == 1
    err = capsys.readouterr().err
    assert (
        f"line {line}" in err and "quote" in err and str(bad) in err and "Traceback" not in err
    ), err
    assert dump(event) == before


def test_quoted_cells_without_newlines_still_import(event, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        'stage,number,elapsed,status,reason\n1,1,"3:00:00",OK,"comma, inside"\n', encoding="utf-8"
    )
    assert main(["import", str(event), str(good)]) == 0


def _bomb(path: Path, rows: int, padding: int = 0) -> None:
    """A real XLSX of many one-cell rows, written directly (openpyxl would take minutes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
            ),
        )
        z.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
        )
        z.writestr(
            "xl/workbook.xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
            ),
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            fh.write(
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>stage</t></is></c><c r="B1" t="inlineStr"><is>'
                b'<t>number</t></is></c><c r="C1" t="inlineStr"><is><t>elapsed</t></is></c></row>'
            )
            chunk = []
            for r in range(2, rows + 2):
                chunk.append(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r))
                if len(chunk) == 10000:
                    fh.write(b"".join(chunk))
                    chunk = []
            fh.write(b"".join(chunk))
            for _ in range(padding // (1 << 20)):
                fh.write(b" " * (1 << 20))
            fh.write(b"</sheetData></worksheet>")


def test_an_xlsx_with_more_rows_than_any_event_is_refused(event, tmp_path, capsys):
    bomb = tmp_path / "bomb.xlsx"
    _bomb(bomb, MAX_ROWS + 50)
    before = dump(event)
    assert main(["import", str(event), str(bomb)]) == 1
    err = capsys.readouterr().err
    assert f"more than {MAX_ROWS:,} rows" in err and str(bomb) in err
    assert dump(event) == before


def test_an_xlsx_that_unpacks_to_an_absurd_size_is_refused_before_reading(event, tmp_path, capsys):
    from rallydesk.io.tables import MAX_XLSX_PART

    bomb = tmp_path / "bomb.xlsx"
    _bomb(bomb, 10, padding=MAX_XLSX_PART + (1 << 20))
    assert bomb.stat().st_size < MAX_XLSX_PART // 100  # small on disk, huge unpacked
    assert main(["import", str(event), str(bomb)]) == 1
    err = capsys.readouterr().err
    assert "sheet1.xml unpacks to" in err and str(bomb) in err


def test_a_csv_with_more_rows_than_any_event_is_refused(event, tmp_path, capsys):
    big = tmp_path / "big.csv"
    big.write_text("stage,number,elapsed\n" + "1,1,3:00:00\n" * (MAX_ROWS + 1))
    assert main(["import", str(event), str(big)]) == 1
    assert f"more than {MAX_ROWS:,} rows" in capsys.readouterr().err


HEADERS = {
    "times": ["stage", "number", "elapsed"],
    "adjustments": ["stage", "number", "amount", "reason"],
    "entries": ["number", "class", "driver"],
    "groups": ["code", "name", "parent"],
    "stages": ["stage", "name", "date"],
}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", list(HEADERS))
def test_a_header_without_rows_is_a_valid_empty_file(event, tmp_path, capsys, kind, suffix):
    path = tmp_path / f"{kind}{suffix}"
    if suffix == ".csv":
        path.write_text(",".join(HEADERS[kind]) + "\n")
    else:
        wb = Workbook()
        wb.active.append(HEADERS[kind])
        wb.save(path)
    before = dump(event)
    assert main(["import", str(event), str(path)]) == 0
    assert f"0 {kind} rows imported" in capsys.readouterr().err
    assert {t: r for t, r in dump(event).items() if t != "journal"} == {
        t: r for t, r in before.items() if t != "journal"
    }  # nothing but (no) journal rows


PENALTIES = (
    'stage,number,amount,reason,article\n1,1,+1\',speeding,12.3\n1,2,+10",late,\n2,3,-30",credit,\n'
)


def test_reimporting_a_penalties_file_is_refused_as_duplicates(event, tmp_path, capsys):
    f = tmp_path / "penalties.csv"
    f.write_text(PENALTIES)
    assert main(["import", str(event), str(f)]) == 0
    before = dump(event)
    capsys.readouterr()
    assert main(["import", str(event), str(f)]) == 1
    err = capsys.readouterr().err
    assert "3 bad rows" in err and all(f"line {i}" in err for i in (2, 3, 4)) and "duplicate" in err
    assert dump(event) == before


@pytest.mark.parametrize(
    "row,duplicate",
    [
        ("1,1,+1',speeding,12.3", True),
        ('1,1,+60",speeding,12.3', True),  # the same amount written another way
        ("1,1,+1',speeding,12.4", False),  # another article: another decision
        ("1,1,+1',speeding again,12.3", False),
        ("1,1,+2',speeding,12.3", False),
        ("2,1,+1',speeding,12.3", False),
        ("1,2,+1',speeding,12.3", False),
    ],
)
def test_what_counts_as_the_same_adjustment(event, tmp_path, row, duplicate):
    with Event.open(event) as ev:
        ev.add_adjustment(stage=1, number=1, amount="+1'", reason="speeding", article="12.3")
    f = tmp_path / "one.csv"
    f.write_text("stage,number,amount,reason,article\n" + row + "\n")
    assert main(["import", str(event), str(f)]) == (1 if duplicate else 0)


def test_a_duplicate_inside_one_file_and_through_the_api(event, tmp_path, capsys):
    f = tmp_path / "twice.csv"
    f.write_text("stage,number,amount,reason\n1,1,+1',speeding\n1,1,+1',speeding\n")
    assert main(["import", str(event), str(f)]) == 1
    assert "line 3" in capsys.readouterr().err
    with Event.open(event) as ev:
        ev.add_adjustment(stage=1, number=4, amount="+1'", reason="speeding")
        with pytest.raises(RallyDeskError, match="duplicate"):
            ev.add_adjustment(stage=1, number=4, amount="+0:01:00", reason="speeding")
        ev.revoke_adjustment(1, "decision withdrawn")
        ev.add_adjustment(
            stage=1, number=4, amount="+1'", reason="speeding"
        )  # the revoked one is not live
