"""Issue 12: a published version exports exactly as published, however the data moved since."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

pypdf = pytest.importorskip("pypdf")

from pdftext import page_lines  # noqa: E402  (tests/io is on sys.path: pytest prepends it)

from rallydesk.cli import main  # noqa: E402
from rallydesk.domain.model import CrewMember, Entry, Group, Stage  # noqa: E402
from rallydesk.io.versions import document_from_json, document_json  # noqa: E402
from rallydesk.services import Event  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"


def cells(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    out = {
        ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets
    }
    out["(headers and footers)"] = [
        (ws.oddHeader.right.text, ws.oddFooter.left.text, ws.oddFooter.right.text)
        for ws in wb.worksheets
    ]
    return out


def text(path: Path) -> list[list[str]]:
    return page_lines(pypdf.PdfReader(path))


def test_the_document_round_trips_through_json(dakar_cars):
    document = dakar_cars.sheets(5)
    again = document_from_json(document_json(document))
    assert again == document
    assert document_json(again) == document_json(document)


def test_exporting_v1_after_an_amendment_gives_the_same_cells_and_text(tmp_path):
    ev = tmp_path / "dakar.rallydesk"
    assert main(["new", str(ev), "--name", "Dakar 2026", "--timezone", "Asia/Riyadh"]) == 0
    assert (
        main(
            [
                "import",
                str(ev),
                *[
                    str(DATA / f"{k}.csv")
                    for k in ("groups", "stages", "entries", "times", "adjustments")
                ],
            ]
        )
        == 0
    )
    assert main(["officials", str(ev), "add", "Ana CLERK", "--role", "clerk", "--pin", "3333"]) == 0
    who = ["--official", "Ana CLERK", "--pin", "3333"]
    assert (
        main(
            [
                "publish",
                str(ev),
                "--stage",
                "5",
                "--category",
                "CAR",
                "--as",
                "provisional",
                "--allow-untimed",
                *who,
            ]
        )
        == 0
    )
    first_x, first_p = tmp_path / "first.xlsx", tmp_path / "first.pdf"
    assert main(["export", str(ev), str(first_x), "--stage", "5", "--version", "1"]) == 0
    assert (
        main(
            ["export", str(ev), str(first_p), "--stage", "5", "--category", "CAR", "--version", "1"]
        )
        == 0
    )
    assert (
        main(
            [
                "publish",
                str(ev),
                "--stage",
                "5",
                "--category",
                "CAR",
                "--as",
                "official",
                "--allow-untimed",
                *who,
            ]
        )
        == 0
    )
    # the data move: a penalty, a corrected time, a renamed team, another language for the sheets
    with Event.open(ev) as e:
        e.login("Ana CLERK", "3333")
        e.add_adjustment(stage=5, number=299, amount="+2'", reason="speeding", decision="14")
        leader = e.standings(5)[0]["number"]
        e.record_time(stage=3, number=leader, elapsed="9:00:00", reason="transponder check")
        entry = e.data.entry(leader)
        e.put_entry(
            Entry(
                entry.number,
                entry.class_code,
                entry.crew,
                "Renamed team",
                entry.vehicle,
                entry.cups,
            ),
            reason="sponsor",
        )
        e.update_settings(language="fr", time_style="plain", reason="French sheets from now on")
    assert (
        main(
            ["amend", str(ev), "--stage", "5", "--category", "CAR", "--reason", "decision 14", *who]
        )
        == 0
    )
    again_x, again_p = tmp_path / "again.xlsx", tmp_path / "again.pdf"
    assert main(["export", str(ev), str(again_x), "--stage", "5", "--version", "1"]) == 0
    assert main(["export", str(ev), str(again_p), "--stage", "5", "--version", "1"]) == 0
    assert cells(again_x) == cells(first_x)
    assert text(again_p) == text(first_p)
    lines = [line for page in text(first_p) for line in page]
    assert any(line.startswith("PROVISIONAL v1 · ") for line in lines)
    # and the amended version says so, in the language of the day
    amended = tmp_path / "v3.xlsx"
    assert main(["export", str(ev), str(amended), "--stage", "5", "--version", "3"]) == 0
    values = [
        v for rows in cells(amended).values() for row in rows for v in row if isinstance(v, str)
    ]
    assert any(v.startswith("MODIFIÉ v3 · ") for v in values)
    assert any("#299 pénalité" in v and "décision 14" in v for v in values), [
        v for v in values if "#" in v
    ]
    assert cells(amended) != cells(first_x)


def test_export_version_refuses_what_is_not_there(tmp_path, capsys):
    ev = tmp_path / "e.rallydesk"
    with Event.create(ev, "E") as e:
        e.put_group(Group("CAR", "Cars"))
        e.put_group(Group("T1", "Ultimate", "class", "CAR"))
        e.put_stage(Stage(1, "Loop"))
        e.put_entry(Entry(1, "T1", (CrewMember("driver", "D"),)))
        e.record_time(stage=1, number=1, elapsed="1:00:00")
    assert (
        main(["export", str(ev), str(tmp_path / "x.xlsx"), "--stage", "1", "--version", "1"]) == 1
    )
    assert "no version 1" in capsys.readouterr().err
    assert main(["export", str(ev), str(tmp_path / "x.xlsx"), "--version", "1"]) == 1
    assert "--stage" in capsys.readouterr().err
