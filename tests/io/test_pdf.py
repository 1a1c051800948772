"""The PDF sheets read back with pypdf: every page says what it is, and says what the workbook says.

Two cases, as the issue saw them: the Dakar demo and an 800-entry generated event (one stage).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

pypdf = pytest.importorskip("pypdf")

from pdftext import page_lines  # noqa: E402  (tests/io is on sys.path: pytest prepends it)

from rallydesk.cli import main  # noqa: E402
from rallydesk.demo import write_demo  # noqa: E402
from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.io.excel import write_workbook  # noqa: E402
from rallydesk.io.pdf import write_pdf  # noqa: E402
from rallydesk.io.sheet_model import TIME, Document, build_document, cell_text  # noqa: E402
from rallydesk.io.sheet_text import say  # noqa: E402
from rallydesk.services import Event  # noqa: E402

PAGE = re.compile(r"Page (\d+) of (\d+)")


def flat(text: str) -> str:
    return " ".join(text.split())


def lines(text: str) -> list[str]:
    return [flat(line) for line in text.split("\n") if line.strip()]


class Case:
    def __init__(self, folder: Path, event_path: Path, stage: int, pypdf_pages: int | None) -> None:
        with Event.open(event_path, readonly=True) as ev:
            self.document: Document = build_document(ev.data, ev.state_digest(), stage)
        self.pdf = write_pdf(self.document, folder / "sheets.pdf")
        self.xlsx = write_workbook(self.document, folder / "sheets.xlsx")
        reader = pypdf.PdfReader(self.pdf)
        fast = page_lines(reader)
        # pypdf reads every page of the demo; of the big export, a few, to vouch for the fast reader
        sample = range(len(fast)) if pypdf_pages is None else [*range(pypdf_pages), len(fast) - 1]
        for i in sample:
            assert lines(reader.pages[i].extract_text()) == fast[i], f"page {i + 1}"
        self.pages = ["\n".join(page) for page in fast]
        # pages of each sheet, in order: "Page 1 of n" opens the next classification
        self.by_sheet: list[list[str]] = []
        for text in self.pages:
            k, _n = map(int, PAGE.search(flat(text)).groups())
            if k == 1:
                self.by_sheet.append([])
            self.by_sheet[-1].append(text)


@pytest.fixture(scope="module")
def demo_case(tmp_path_factory) -> Case:
    folder = tmp_path_factory.mktemp("demo")
    path = write_demo(folder / "demo.rallydesk")
    return Case(folder, path, 13, None)


@pytest.fixture(scope="module")
def big_case(tmp_path_factory) -> Case:
    folder = tmp_path_factory.mktemp("big")
    path = folder / "g800.rallydesk"
    write_generated(path, 800, 14, 1)
    return Case(folder, path, 9, 3)


@pytest.fixture(params=["demo", "big"])
def case(request) -> Case:
    return request.getfixturevalue(f"{request.param}_case")


def test_every_page_identifies_itself(case):
    assert len(case.by_sheet) == len(case.document.sheets)
    for sheet, pages in zip(case.document.sheets, case.by_sheet, strict=True):
        for k, text in enumerate(pages, start=1):
            page = flat(text)
            assert sheet.event in page
            assert sheet.title in page, (sheet.name, k)
            assert sheet.status in page
            assert flat(sheet.stage_line) in page
            assert sheet.reference in page and sheet.digest in page
            assert f"Page {k} of {len(pages)}" in page, (sheet.name, k)


def test_signatures_never_alone(case):
    for sheet, pages in zip(case.document.sheets, case.by_sheet, strict=True):
        numbers = {str(r[1]) for r in sheet.rows}
        for block in sheet.blocks:
            numbers |= {str(r[0]) for r in block.rows}
        signed = [text for text in pages if sheet.signatures[0] + ":" in flat(text)]
        assert len(signed) == 1, sheet.name
        if numbers:
            assert numbers & set(lines(signed[0])), (
                f"{sheet.name}: signature page without result rows"
            )
        assert say("Legend", "en") in flat(pages[-1]) or not sheet.legend
        # a heading never ends a page: the last line of a page is no block title
        titles = {flat(b.title) for b in sheet.blocks}
        for text in pages:
            body = [line for line in lines(text) if not PAGE.search(line) and "Made" not in line]
            assert body[-1] not in titles, sheet.name


def _ms(value) -> int:
    if isinstance(value, timedelta):
        return round(value / timedelta(milliseconds=1))
    return round(value * 86_400_000)


def test_pdf_rows_are_the_workbook_rows(case):
    wb = load_workbook(case.xlsx, read_only=True)
    for sheet, pages in zip(case.document.sheets, case.by_sheet, strict=True):
        ws = wb[sheet.name]
        text = [line for page in pages for line in lines(page)]
        rows = list(ws.iter_rows(values_only=True))
        header = next(i for i, r in enumerate(rows) if r and r[0] == "Pos")
        at = 0
        count = 0
        for r in rows[header + 1 :]:
            if not isinstance(r[0], int):
                break
            pos, number, time = (
                r[0],
                r[1],
                cell_text(TIME, _ms(r[6]), sheet.style, sheet.precision_ms),
            )
            shown = sheet.text(sheet.columns[0], pos)  # "4=" where the position is shared
            while not (text[at] == shown and text[at + 1] == str(number)):
                at += 1
            assert time in text[at + 2 : at + 12], (sheet.name, number, time)
            count += 1
        assert count == len(sheet.rows), sheet.name


def test_one_shipped_font(demo_case):
    reader = pypdf.PdfReader(demo_case.pdf)
    fonts = set()
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_cli_pdf_french_and_missing_times_warning(demo_case, tmp_path, capsys):
    path = tmp_path / "demo.rallydesk"
    write_demo(path)
    out = tmp_path / "s5.pdf"
    assert main(["export", str(path), str(out), "--stage", "5", "--language", "fr"]) == 0
    err = capsys.readouterr().err
    assert "warning: stage 5" in err and "without a time" in err
    first = flat(pypdf.PdfReader(out).pages[0].extract_text())
    assert "Classement de l'étape 5" in first and "Page 1 sur" in first and "Équipage" in first
    assert "Crew" not in first.split()
    assert main(["export", str(path), str(tmp_path / "s.doc")]) == 1
    assert ".xlsx" in capsys.readouterr().err
