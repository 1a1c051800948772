"""Every bad import file: exit 1, a message naming the line and the value, no traceback, and the
event's data byte for byte as it was."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from event_dump import dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from rallydesk.cli import main
from rallydesk.services import Event

DATA = Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "dakar.rallydesk"
    with Event.create(path, "Dakar 2026") as ev:
        ev.import_files(
            [DATA / f"{k}.csv" for k in ("groups", "stages", "entries", "times", "adjustments")]
        )
    return path


@pytest.fixture
def event(template, tmp_path) -> Path:
    path = tmp_path / "e.rallydesk"
    path.write_bytes(template.read_bytes())
    return path


CSV_CASES = [
    # (name, file content, what the message must contain)
    (
        "bad time",
        "stage,number,elapsed\n13,228,0:47:00\n13,299,0:4x:00\n",
        ["line 3", "'0:4x:00'", "accepted forms"],
    ),
    ("unknown number", "stage,number,elapsed\n13,777,0:47:00\n", ["line 2", "777", "not entered"]),
    (
        "unknown stage",
        "stage,number,elapsed\n42,299,0:47:00\n",
        ["line 2", "stage 42 does not exist"],
    ),
    ("unknown class", "number,class,driver\n901,T9,Ana Castro\n", ["line 2", "'T9'", "class"]),
    (
        "duplicate",
        "stage,number,elapsed\n13,228,0:47:00\n13,228,0:48:00\n",
        ["line 3", "appears twice"],
    ),
    ("missing column", "stage,elapsed\n13,0:47:00\n", ["line 1", "stages"]),
    ("missing required column", "number,driver\n901,Ana\n", ["line 1"]),
    (
        "finish before start",
        "stage,number,start,finish\n13,228,10:00:00,09:00:00\n",
        ["line 2", "before start", "+1"],
    ),
    ("negative", "stage,number,amount\n13,228,0:01:00\n", ["line 2", "sign"]),
    ("absurd", "stage,number,elapsed\n13,228,250:00:00\n", ["line 2", "absurd"]),
    (
        "unknown status",
        "stage,number,status\n13,228,LOST\n",
        ["line 2", "'LOST'", "OK, DNS, DNF, RET, DSQ, EXP"],
    ),
    (
        "nominal for OK",
        "stage,number,elapsed,nominal\n13,228,0:47:00,1:00:00\n",
        ["line 2", "nominal"],
    ),
    ("bad precision", "stage,name,precision\n14,Extra,0.5\n", ["line 2", "'0.5'", "1, 0.1, 0.001"]),
    (
        "bad nationality",
        "number,class,driver,driver_nat\n901,T1,Ana Castro,SPAIN\n",
        ["line 2", "'SPAIN'"],
    ),
    ("bad date", "stage,name,date\n14,Extra,14/01/2026\n", ["line 2", "YYYY-MM-DD"]),
    ("unknown cup", "number,class,cups\n901,T1,NOPE\n", ["line 2", "'NOPE'"]),
    ("class without parent", "code,name,kind\nT9,New,class\n", ["line 2", "parent"]),
    (
        "too many cells",
        "stage,number,elapsed\n13,228,0:47:00,oops\n",
        ["line 2", "header has 3 columns"],
    ),
    ("unknown header", "foo,bar\n1,2\n", ["line 1", "cannot tell"]),
    ("empty", "", ["empty"]),
    ("blank lines only", "\n\n\n", ["no header"]),
]


@pytest.mark.parametrize("name,content,expected", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_bad_csv(event, tmp_path, capsys, name, content, expected):
    before = dump(event)
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    assert main(["import", str(event), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(bad) in err
    for text in expected:
        assert text in err, (text, err)
    assert dump(event) == before


def test_every_bad_row_listed_at_once(event, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "stage,number,elapsed\n" + "".join(f"13,{n},0:4{n % 10}:0x\n" for n in (201, 202, 203, 204))
    )
    assert main(["import", str(event), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "4 bad rows" in err and all(f"line {i}" in err for i in (2, 3, 4, 5))


BINARY_CASES = [
    ("binary.csv", b"\x00\x01\x02\xff" * 100, "binary"),
    ("latin1.csv", "number,class,driver\n901,T1,Sébastien\n".encode("latin-1"), "UTF-8"),
    ("utf16.csv", "number,class\n901,T1\n".encode("utf-16"), "binary"),
    ("text.xlsx", b"stage,number\n1,2\n", "not a readable XLSX"),
    ("nonsense.xlsx", b"PK\x03\x04garbage", "not a readable XLSX"),
]


@pytest.mark.parametrize("name,content,expected", BINARY_CASES, ids=[c[0] for c in BINARY_CASES])
def test_unreadable_files(event, tmp_path, capsys, name, content, expected):
    before = dump(event)
    bad = tmp_path / name
    bad.write_bytes(content)
    assert main(["import", str(event), str(bad)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert dump(event) == before


def test_zip_without_a_workbook(event, tmp_path, capsys):
    bad = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    before = dump(event)
    assert main(["import", str(event), str(bad)]) == 1
    assert "not a readable XLSX" in capsys.readouterr().err
    assert dump(event) == before


def test_xlsx_with_real_excel_times_and_a_bad_row(event, tmp_path, capsys):
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(["Stage", "Number", "Elapsed", "Status"])
    ws.append([13, 228, dt.time(0, 47, 1), "OK"])
    ws.append([13, 232, dt.timedelta(hours=1, minutes=2, seconds=3), None])
    ws.append([13, 204, 0.03, None])  # an Excel duration: 0.03 day = 43:12
    path = tmp_path / "times.xlsx"
    wb.save(path)
    assert main(["import", str(event), str(path)]) == 0
    with Event.open(event, readonly=True) as ev:
        assert ev.existing_time(13, 228).elapsed_ms == (47 * 60 + 1) * 1000
        assert ev.existing_time(13, 232).elapsed_ms == 3723 * 1000
        assert ev.existing_time(13, 204).elapsed_ms == 43 * 60_000 + 12_000
    ws.append([13, 999, dt.time(0, 50), None])
    wb.save(path)
    before = dump(event)
    assert main(["import", str(event), str(path)]) == 1
    assert "line 5" in capsys.readouterr().err
    assert dump(event) == before


def test_semicolon_csv(event, tmp_path):
    good = tmp_path / "semi.csv"
    good.write_text("stage;number;elapsed\n13;228;0:47:05\n")
    assert main(["import", str(event), str(good)]) == 0


def test_huge_file_refused_by_size(event, tmp_path, capsys):
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.write(b"stage,number,elapsed\n")
        fh.truncate(60 * 1024 * 1024)
    assert main(["import", str(event), str(big)]) == 1
    assert "too large" in capsys.readouterr().err


def test_many_bad_rows_are_capped(event, tmp_path, capsys):
    bad = tmp_path / "garbage.csv"
    bad.write_text("stage,number,elapsed\n" + "x,y,z\n" * 20000)
    before = dump(event)
    assert main(["import", str(event), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "… and" in err and err.count("\n") < 260
    assert dump(event) == before


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")),
    header=st.sampled_from(
        [
            b"",
            b"stage,number,elapsed\n",
            b"number,class,driver\n",
            b"stage,number,amount\n",
            b"code,name,parent\n",
            b"stage,name,precision\n",
        ]
    ),
)
def test_fuzz_importers_never_crash_nor_write_half(template, tmp_path_factory, header, body):
    d = tmp_path_factory.mktemp("fuzz")
    event = d / "e.rallydesk"
    event.write_bytes(template.read_bytes())
    before = dump(event)
    f = d / "f.csv"
    f.write_bytes(header + body)
    with Event.open(event) as ev:
        try:
            ev.import_files([f])
        except Exception as exc:  # noqa: BLE001 - the point: only RallyDeskError may come out
            from rallydesk.domain.errors import RallyDeskError

            assert isinstance(exc, RallyDeskError), repr(exc)
            assert dump(event) == before
