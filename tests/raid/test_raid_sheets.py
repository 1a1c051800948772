"""RULES §8 on the sheets: the interruption (rule, decision, N or T) on the stage's sheets and on
every overall after it, the crews whose time it made, and the missed-waypoint penalties in the
penalties list with their waypoint — read back from the PDF (pypdf) and the workbook (openpyxl)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from rallydesk.services import Event

from .conftest import build, key_finishes

pypdf = pytest.importorskip("pypdf")


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(path) -> list[str]:
    return [flat(p.extract_text()) for p in pypdf.PdfReader(path).pages]


def cells(path) -> dict[str, list[str]]:
    """Every sheet's non-empty cells as text, row by row."""
    wb = load_workbook(path)
    return {
        ws.title: [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        for ws in wb.worksheets
    }


@pytest.fixture
def stopped(event_path):
    """Stage 1 stopped at 12:45 (decision D13, floods): 101 and 102 finished before it, 103 is
    given 102's 4h 28'; 101 missed WP3 (a WPS, 15'); stage 2 keyed for everyone."""
    ev = build(event_path)
    key_finishes(ev)
    for n in (101, 102, 103):
        for w, t in ((1, "09:00:00"), (2, "10:00:00"), (3, "11:00:00")):
            if (n, w) != (101, 3):
                ev.add_passage(1, n, w, t)
        ev.record_time(2, n, elapsed="1:00:00")
    ev.close_passages(1, "CAR")
    ev.interrupt(1, "CAR", "D13", "floods", stopped_at="12:45:00")
    yield ev
    ev.close()


LINE = "Stage 1 interrupted (floods), decision D13: stopped at 12:45:00, time given 4h 28' 00''"


def test_the_interruption_prints_on_the_stage_sheets_and_every_later_overall(stopped, tmp_path):
    pdf, _ = stopped.export(tmp_path / "s.pdf", 2, all_stages=True)
    xlsx, _ = stopped.export(tmp_path / "s.xlsx", 2, all_stages=True)
    document = stopped.sheets(2, all_stages=True)
    with_line = {s.name for s in document.sheets if LINE in s.notices}
    # stage 1's own sheets are not in an export of stage 2: the overalls after 1 and 2 are
    assert with_line == {"S01 Cars overall", "S02 Cars overall"}
    assert not any(LINE in s.notices for s in document.sheets if s.name == "S02 Cars")
    pages = pdf_pages(pdf)
    assert sum(LINE in p for p in pages) == 2
    book = cells(xlsx)
    assert LINE in book["S01 Cars overall"] and LINE in book["S02 Cars overall"]
    assert LINE not in book["S02 Cars"]
    # the stage sheet itself
    pdf1, _ = stopped.export(tmp_path / "s1.pdf", 1)
    first = pdf_pages(pdf1)[0]
    assert LINE in first and first.index(LINE) < first.index("Pos")


def test_the_stage_sheet_lists_each_crew_the_decision_gave_a_time(stopped, tmp_path):
    xlsx, _ = stopped.export(tmp_path / "s.xlsx", 1)
    sheet = next(s for s in stopped.sheets(1).sheets if s.name == "S01 Cars")
    block = next(b for b in sheet.blocks if b.key == "interruption")
    assert [(r[0], r[2], r[3]) for r in block.rows] == [
        (103, "no finish before 12:45:00: time given", (4 * 60 + 28) * 60_000)
    ]
    book = cells(xlsx)["S01 Cars"]
    assert "no finish before 12:45:00: time given" in book
    pdf, _ = stopped.export(tmp_path / "s.pdf", 1)
    assert "no finish before 12:45:00: time given" in " ".join(pdf_pages(pdf))


def test_missed_waypoint_penalties_are_listed_with_their_waypoint(stopped, tmp_path):
    pdf, _ = stopped.export(tmp_path / "s.pdf", 1)
    xlsx, _ = stopped.export(tmp_path / "s.xlsx", 1)
    sheet = next(s for s in stopped.sheets(1).sheets if s.name == "S01 Cars")
    penalties = next(b for b in sheet.blocks if b.key == "penalties")
    assert [(r[0], r[2], r[4], r[6]) for r in penalties.rows] == [
        (101, "missed WP3 (km 359)", "WPS", 15 * 60_000)
    ]
    assert "missed WP3 (km 359)" in " ".join(pdf_pages(pdf))
    assert "missed WP3 (km 359)" in cells(xlsx)["S01 Cars"]


def test_neutralised_and_at_waypoint_lines_and_crews(event_path, tmp_path):
    ev = build(event_path)
    try:
        key_finishes(ev)
        for n, a, b in ((101, "09:00:00", "10:00:00"), (102, "09:10:00", "09:50:00")):
            ev.add_passage(1, n, 1, a)
            ev.add_passage(1, n, 2, b)
        ev.add_passage(1, 103, 1, "09:20:00")  # no passage at WP2: for the stewards
        ev.interrupt(1, "CAR", "Stewards decision 25", "road book", neutralised=("1", "2"))
        sheet = next(s for s in ev.sheets(1).sheets if s.name == "S01 Cars")
        assert (
            "Stage 1 interrupted (road book), Stewards decision 25: neutralised WP1–WP2, "
            "N = 40' 00''"
        ) in sheet.notices
        block = next(b for b in sheet.blocks if b.key == "interruption")
        assert [(r[0], r[2]) for r in block.rows] == [
            (101, "WP1–WP2 in 1h 00' 00'', counted N"),
            (102, "WP1–WP2 in 40' 00'', counted N"),
            (103, "no passage at WP2: time kept (+0), for the stewards"),
        ]
        ev.undo_interruption(1, "CAR", "replaced")
        ev.interrupt(1, "CAR", "D7", "floods", at_waypoint=2)
        sheet = next(s for s in ev.sheets(1).sheets if s.name == "S01 Cars")
        assert "Stage 1 interrupted (floods), decision D7: classified at WP2 (km 200)" in (
            sheet.notices
        )
        block = next(b for b in sheet.blocks if b.key == "interruption")
        assert [(r[0], r[2]) for r in block.rows] == [(103, "finished, no passage at WP2: DNF")]
    finally:
        ev.close()


def test_a_french_sheet_says_it_in_french(stopped):
    sheet = next(s for s in stopped.sheets(1, language="fr").sheets if s.name == "S01 Cars")
    assert any(
        n.startswith("Étape 1 interrompue (floods), décision D13\u00a0: arrêtée à 12:45:00")
        for n in sheet.notices
    )
    both = next(s for s in stopped.sheets(1, language="en+fr").sheets if s.name == "S01 Cars")
    assert any(n.startswith(LINE + " / Étape 1 interrompue") for n in both.notices)


def test_an_event_without_waypoints_prints_no_interruption(event_path):
    ev = Event.create(event_path, "Plain")
    try:
        from rallydesk.domain.model import Entry, Group, Stage

        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Stage 1"))
        ev.put_entry(Entry(1, "CAR"))
        ev.record_time(1, 1, elapsed="1:00:00")
        sheet = ev.sheets(1).sheets[0]
        assert not sheet.notices and all(b.key != "interruption" for b in sheet.blocks)
    finally:
        ev.close()


def test_a_crew_classified_at_the_waypoint_without_a_keyed_time_counts_as_a_starter(event_path):
    """103 has no time keyed, only its start and the tracking's passage at WP2: classified at
    WP2 it took the start, so page 1 never says more classified than starters."""
    ev = build(event_path)
    try:
        ev.record_time(1, 101, start="08:00:00", finish="12:00:00")
        ev.record_time(1, 102, start="08:02:00", finish="12:30:00")
        ev.set_starts(1, {103: "08:04:00"})
        for n, t in ((101, "10:00:00"), (102, "10:10:00"), (103, "10:20:00")):
            ev.add_passage(1, n, 2, t)
        ev.interrupt(1, "CAR", "D7", "floods", at_waypoint=2)
        assert [r.number for r in ev.classification(1, group="CAR").rows] == [101, 102, 103]
        sheet = next(s for s in ev.sheets(1).sheets if s.name == "S01 Cars")
        assert "Starters: 3 · Classified: 3" in sheet.counts
    finally:
        ev.close()


def test_the_rules_reasons_print_in_the_sheets_language(event_path):
    """A missed-waypoint penalty in the penalties list and the DNF an at-waypoint decision makes
    in the not-classified list: English as the rules write them, French on a French sheet, both
    on a bilingual one (the store keeps the English text)."""
    ev = build(event_path)
    try:
        ev.record_time(1, 101, start="08:00:00", finish="12:00:00")
        ev.record_time(1, 103, start="08:04:00", finish="13:00:00")
        for w, t in ((1, "09:00:00"), (2, "10:00:00")):
            ev.add_passage(1, 101, w, t)
        ev.close_passages(1, "CAR")
        ev.interrupt(1, "CAR", "D7", "floods", at_waypoint=2)

        def texts(language: str) -> set[str]:
            sheet = next(s for s in ev.sheets(1, language=language).sheets if s.name == "S01 Cars")
            return {str(v) for b in sheet.blocks for row in b.rows for v in row}

        en, fr, both = texts("en"), texts("fr"), texts("en+fr")
        dnf_en = "no passage at WP2: the stage is classified there (decision D7)"
        dnf_fr = "pas de passage au WP2\u00a0: l'étape y est classée (décision D7)"
        assert {"missed WP3 (km 359)", dnf_en} <= en
        assert {"WP3 manqué (km 359)", dnf_fr} <= fr and not {"missed WP3 (km 359)", dnf_en} & fr
        assert {"missed WP3 (km 359) / WP3 manqué (km 359)", f"{dnf_en} / {dnf_fr}"} <= both
        assert "missed WP3 (km 359)" in {a.reason for a in ev.data.adjustments}
    finally:
        ev.close()
