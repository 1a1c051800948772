"""The workbook printed by a spreadsheet nobody here wrote: LibreOffice headless renders it to a
PDF, ``pdftotext`` reads the pages back, and every page is checked as a clerk reads it (issue 24).

Skipped with a reason when LibreOffice or poppler is missing; with ``CI`` set, a failure
(``.ci/run`` installs libreoffice-calc-nogui and poppler-utils), as tests/pg_server.py does
for PostgreSQL. Excel itself is not run here: its page model is the same file's (print titles,
print areas, breaks, first page numbers, footer codes), read back in tests/io/test_excel.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import optional_tools
import pytest
from openpyxl import load_workbook

from rallydesk.generate import write_generated
from rallydesk.io.excel import CONTINUED
from rallydesk.services import Event

TOOLS = ("soffice", "pdftotext")
PAGE = re.compile(r"Page (\d+) of (\d+)")
RESULT_ROW = re.compile(r"^\s*\d+\s+\d+\s+\S")  # Pos, No, crew: a classified crew's row
RESULT_HEADING = re.compile(r"^\s*Pos\s+No\s+Crew\s+Team")


def render(xlsx: Path, folder: Path) -> Path:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        why = f"{', '.join(missing)} not installed (apt-get install libreoffice-calc-nogui poppler-utils)"
        optional_tools.missing("office", why)
    profile = folder / "lo-profile"  # a private profile: parallel runs never share one
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = folder / f"{xlsx.stem}.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


def pages(pdf: Path, layout: bool) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    path = folder / "small.rallydesk"
    write_generated(path, 80, 6, seed=11)
    with Event.open(path, readonly=True) as ev:
        out, _ = ev.export(folder / "sheets.xlsx", stage=5)
    pdf = render(out, folder)
    return load_workbook(out), pages(pdf, layout=False), pages(pdf, layout=True)


def test_pages_count_per_classification_and_name_it_in_full(printed):
    wb, texts, _ = printed
    assert not any("_x000a_" in t for t in texts)  # no escaped line break from a page header
    sheets = [ws for ws in wb.worksheets if not ws.title.endswith(CONTINUED)]
    # the pages, in order, grouped by their "Page k of n": each group one classification
    groups: list[list[str]] = []
    for text in texts:
        found = PAGE.findall(text)
        assert len(found) == 1, text[-300:]
        k, n = map(int, found[0])
        if k == 1:
            groups.append([])
        assert groups and len(groups[-1]) == k - 1, (k, n, text[:200])
        groups[-1].append(text)
        assert k <= n
    assert len(groups) == len(sheets)
    for ws, group in zip(sheets, groups, strict=True):
        assert all(int(PAGE.search(t).group(2)) == len(group) for t in group), ws.title
        facts = [ws.cell(r, 1).value for r in (1, 2, 3, 4)]  # event, title, stage, status
        assert facts[3] == "LIVE – NOT PUBLISHED"
        for text in group:
            page = flat(text)
            for fact in facts:
                assert flat(fact) in page, (ws.title, fact)


def test_no_list_rows_under_the_results_headings(printed):
    wb, _, layout = printed
    under = 0
    for text in layout:
        lines = [line for line in text.splitlines() if line.strip()]
        for i, line in enumerate(lines):
            if RESULT_HEADING.match(line):
                under += 1
                assert i + 1 < len(lines) and RESULT_ROW.match(lines[i + 1]), "\n".join(
                    lines[i : i + 4]
                )
    assert under  # the results' headings were found at all
    assert any(ws.title.endswith(CONTINUED) for ws in wb.worksheets)  # lists that go on
