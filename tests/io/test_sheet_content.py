"""Issue 24: what the sheets say around the numbers, read back from the PDF text and the cells.

Long titles wrap and are never cut, shared positions print "4=", long words break with a hyphen,
a missing nationality has a placeholder, French labels take a no-break space before ":", and
page 1 says how many crews have no time and counts the field.
"""

from __future__ import annotations

import dataclasses

import pypdf
import pytest
from openpyxl import load_workbook
from pdftext import page_lines

from rallydesk.demo import write_demo
from rallydesk.domain.model import CrewMember
from rallydesk.generate import write_generated
from rallydesk.io.excel import SHARED_FORMAT, write_workbook
from rallydesk.io.pdf import write_pdf
from rallydesk.io.sheet_model import NATIONALITY_MISSING, build_document
from rallydesk.services import Event

LONG_EVENT = "FIA World Rally-Raid Championship (W2RC) – Rallye du Maroc 2026"
LONG_WORD = "SIGMARINGENBADENWÜRTTEMBERGOFFROADMOTORSPORTRALLYEVEREINIGUNG"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo, renamed long, a stage with a long name, a team of one long word."""
    folder = tmp_path_factory.mktemp("content")
    path = write_demo(folder / "demo.rallydesk")
    with Event.open(path) as ev:
        ev.update_settings(name=LONG_EVENT)
        st = ev.data.stage(11)
        ev.put_stage(dataclasses.replace(st, name=st.name + " – Ha'il Loop through the Nafud"))
        e = ev.data.entry(226)
        ev.put_entry(dataclasses.replace(e, team=LONG_WORD))
        e = ev.data.entry(225)
        crew = (CrewMember("driver", "Carlos Sainz", None), *e.crew[1:])
        ev.put_entry(dataclasses.replace(e, crew=crew))
        document = build_document(ev.data, ev.state_digest(), 11)
    pdf = write_pdf(document, folder / "s.pdf")
    xlsx = write_workbook(document, folder / "s.xlsx")
    return document, page_lines(pypdf.PdfReader(pdf)), load_workbook(xlsx)


def test_titles_and_the_event_wrap_never_cut(demo):
    document, pages, wb = demo
    at = -1
    for page in pages:
        text = flat(" ".join(page))
        at += "Page 1 of " in text  # every page of a sheet, in order
        sheet = document.sheets[at]
        assert "…" not in text
        for whole in (sheet.event, sheet.title, sheet.stage_line):
            assert flat(whole) in text, (sheet.name, whole)
    ws = wb[document.sheets[0].name]
    assert ws.cell(1, 1).value == LONG_EVENT and ws.cell(1, 1).alignment.wrap_text
    assert ws.cell(3, 1).value == document.sheets[0].stage_line


def test_long_words_break_with_a_hyphen(demo):
    _document, pages, _wb = demo
    text = pages[0]
    start = next(i for i, line in enumerate(text) if LONG_WORD.startswith(line.rstrip("-")))
    pieces = []
    for line in text[start:]:
        pieces.append(line)
        if not line.endswith("-"):
            break
    assert len(pieces) > 1 and all(p.endswith("-") for p in pieces[:-1])
    assert "".join(p[:-1] for p in pieces[:-1]) + pieces[-1] == LONG_WORD


def test_a_missing_nationality_has_a_placeholder(demo):
    document, pages, wb = demo
    assert f"Carlos SAINZ ({NATIONALITY_MISSING})" in pages[0]
    ws = wb[document.sheets[0].name]
    crews = [c.value for c in ws["C"] if isinstance(c.value, str)]
    assert any(c.startswith(f"Carlos SAINZ ({NATIONALITY_MISSING})\n") for c in crews)


def test_page_1_says_how_many_crews_are_not_accounted_for(demo):
    document, pages, wb = demo
    sheet = document.sheets[0]
    assert sheet.missing and sheet.notices == (
        f"LIVE – NOT PUBLISHED — {len(sheet.missing)} crew(s) without a time",
    )
    page = flat(" ".join(pages[0]))
    assert sheet.notices[0] in page and sheet.counts in page
    assert page.index(sheet.notices[0]) < page.index("Pos No Crew")
    ws = wb[sheet.name]
    lead = [ws.cell(r, 1).value for r in range(5, 10)]
    assert sheet.notices[0] in lead and sheet.counts in lead


def test_shared_positions_print_the_desks_mark(tmp_path):
    path = tmp_path / "g.rallydesk"
    write_generated(path, 60, 4, 1)
    with Event.open(path, readonly=True) as ev:
        document = build_document(ev.data, ev.state_digest(), 0)
    document = dataclasses.replace(document, sheets=document.sheets[:1])
    sheet = document.sheets[0]
    assert sheet.shared == (8,)  # the generator's tie on the prologue
    pages = page_lines(pypdf.PdfReader(write_pdf(document, tmp_path / "g.pdf")))
    lines = [line for page in pages for line in page]
    assert lines.count("8=") == 2 and "8" not in lines[: lines.index("8=")][-1:]
    ws = load_workbook(write_workbook(document, tmp_path / "g.xlsx"))[sheet.name]
    pos = [c for c in ws["A"] if c.value == 8]
    assert len(pos) == 2 and all(c.number_format == SHARED_FORMAT for c in pos)
    assert all(c.number_format != SHARED_FORMAT for c in ws["A"] if c.value == 7)


def test_a_version_stored_before_these_fields_prints_as_it_did(demo):
    """A document frozen before issue 24 has no shared, notices or counts: it loads without them."""
    import json

    from rallydesk.io.versions import document_from_json, document_json

    document, _pages, _wb = demo
    old = json.loads(document_json(document))
    for sheet in old["sheets"]:
        for key in ("shared", "notices", "counts"):
            del sheet[key]
    again = document_from_json(json.dumps(old))
    first = again.sheets[0]
    assert (first.shared, first.notices, first.counts) == ((), (), "")
    assert first.rows == document.sheets[0].rows
