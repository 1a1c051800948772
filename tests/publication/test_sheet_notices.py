"""Issue 24: what a clerk looks for on a published sheet, and finds on page 1.

The amendment (with its position changes) only on the sheets whose crews it concerns, above the
table; the decision's reference said once and its time with date and zone; the protest deadline
on a provisional sheet; the signatories' names; the publication time with its zone in the frame.
"""

from __future__ import annotations

import pypdf
from test_publication import as_, make_event


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_amendment_stands_on_page_1_of_the_sheets_its_crew_is_on(tmp_path):
    path = make_event(tmp_path / "e.rallydesk", timezone="Asia/Riyadh", protest_minutes=30)
    with as_(path, "Rita RESULTS") as ev:
        ev.publish(1, "CAR")
        provisional = ev.version_document(1, "CAR", 1)
    with as_(path, "Ana CLERK") as ev:
        ev.publish(1, "CAR", "official", confirm_early=True)
        # #3 (T1) and #4 (T2) swap places in Cars; in their classes nobody moves
        ev.add_adjustment(
            stage=1,
            number=4,
            amount="+0:00:10",
            reason="speeding",
            decision="Stewards decision 21",
            decided_at="2026-01-08T18:42:00+03:00",
        )
        ev.add_adjustment(stage=1, number=3, amount="+0:00:12", reason="speeding", decision="22")
        ev.amend(1, "CAR", "decisions 21 and 22")
        amended = ev.version_document(1, "CAR", 3)
        out = ev.export_version(tmp_path / "v3.pdf", 1, "CAR", 3)
    sheets = {s.name: s for s in amended.sheets}
    cars = sheets["S01 Cars"].amendment()
    assert cars is not None
    assert cars.text.startswith("#3 P3 → P4, penalty + 00h 00' 12'', decision 22, ")
    assert "; #4 P4 → P3, penalty + 00h 00' 10'', Stewards decision 21, 08/01/2026 18:42 +03" in (
        cars.text
    )
    assert "decision Stewards" not in cars.text
    # T1 holds 1, 2, 3 (#3 keeps P3 there); T2 holds #4 alone: each names its own crew only
    assert sheets["S01 T1"].amendment().text.startswith("#3 penalty")
    assert "#4" not in sheets["S01 T1"].amendment().text
    assert sheets["S01 T2"].amendment().text.startswith("#4 penalty")
    assert "#3" not in sheets["S01 T2"].amendment().text
    # a sheet none of whose crews changed prints no amendment (the bikes are another unit)
    assert all(s.category == "CAR" for s in amended.sheets)
    # page 1 of the PDF: the amendment above the table, before the first result row
    first = _flat(pypdf.PdfReader(out).pages[0].extract_text())
    assert "Amended (v3): decisions 21 and 22" in first
    assert first.index("Amended (v3)") < first.index("Pos")
    # the frame's time has its zone; the signatories are named
    s = sheets["S01 Cars"]
    assert s.status.startswith("AMENDED v3 · ") and s.status.endswith(" +03")
    assert s.signatures == ("Timekeeper — Tim KEEPER", "Clerk of the course — Ana CLERK")
    # the provisional version said until when protests are received, and who published it
    p = provisional.sheets[0]
    assert any(n.startswith("Protests until ") and n.endswith(" +03") for n in p.notices)
    assert p.signatures[-1] == "Results manager — Rita RESULTS"


def test_a_provisional_sheet_says_on_page_1_how_many_crews_have_no_time(tmp_path):
    path = make_event(tmp_path / "e.rallydesk", language="en+fr")
    with as_(path, "Rita RESULTS") as ev:
        ev.record_time(stage=2, number=1, elapsed="1:00:00")
        ev.publish(2, "CAR")
        out = ev.export_version(tmp_path / "v1.pdf", 2, "CAR", 1)
        document = ev.version_document(2, "CAR", 1)
    pages = [_flat(p.extract_text()) for p in pypdf.PdfReader(out).pages]
    first = pages[0]
    assert (
        "PROVISIONAL v1 — 3 crew(s) without a time / PROVISOIRE v1 — 3 équipage(s) sans temps"
        in first
    )
    # the bilingual footer's reference and digest print whole (verify --anchor reads them)
    assert all(document.sheets[0].digest in page for page in pages)
    assert "Starters: 1 · Classified: 1" in first
    assert first.index("without a time") < first.index("Pos")


def test_french_labels_take_a_no_break_space_before_the_colon(tmp_path):
    path = make_event(tmp_path / "e.rallydesk", language="fr")
    with as_(path, "Rita RESULTS") as ev:
        ev.publish(1, "CAR")
        out = ev.export_version(tmp_path / "v1.pdf", 1, "CAR", 1)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    text = text.replace("\t", " ").replace("\n", " ")
    assert "Chronométreur — Tim KEEPER\u00a0:" in text
    assert "KEEPER:" not in text and "RESULTS:" not in text
