"""The sheets are made with Python's cyclic collector held off (issue 24: a quarter of the
800 × 14 PDF was its passes over the event in memory), and it is on again afterwards, also
after a failure."""

from __future__ import annotations

import gc

import pytest

from rallydesk import collector
from rallydesk.demo import write_demo
from rallydesk.domain.errors import RallyDeskError
from rallydesk.io.excel import write_workbook
from rallydesk.io.pdf import write_pdf
from rallydesk.io.sheet_model import build_document
from rallydesk.services import Event


def test_paused_restores_what_it_found():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner one leaves it to the outer one
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("a failed export")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # off before, off after: not turned on behind the caller
    finally:
        gc.enable()


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    with Event.open(write_demo(folder / "demo.rallydesk"), readonly=True) as ev:
        return build_document(ev.data, ev.state_digest(), 13)


@pytest.mark.parametrize("write", [write_pdf, write_workbook], ids=["pdf", "workbook"])
def test_each_sheet_drawn_without_a_collector_pass(document, write, tmp_path):
    seen: list[bool] = []
    suffix = "pdf" if write is write_pdf else "xlsx"
    write(document, tmp_path / f"s.{suffix}", lambda i, n: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()


def test_the_export_builds_its_document_paused_too(tmp_path, monkeypatch):
    from rallydesk.services import reports

    seen: list[bool] = []
    real = reports.document_for

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "document_for", watched)
    with Event.open(write_demo(tmp_path / "demo.rallydesk")) as ev:
        ev.export(tmp_path / "s.pdf", 2)
        assert seen == [False]
        assert gc.isenabled()
        with pytest.raises(RallyDeskError):
            ev.export(tmp_path / "s.txt", 2)
    assert gc.isenabled()


def test_a_drawn_pdf_leaves_nothing_only_the_collector_could_free(document, tmp_path):
    """A sheet's layout and the document's caches go by their reference counts once drawn: a
    cycle through them (a cell function holding its layout) left ~330,000 objects of a large
    export to one long collector pass after it."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        write_pdf(document, tmp_path / "s.pdf")
        gc.collect()
        kinds = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert not kinds & {"_SheetLayout", "_Fonts", "QGlyphRun", "Sheet"}, kinds


def test_a_snapshot_is_loaded_and_classified_paused(tmp_path, monkeypatch):
    """Loading an event and a cold classification make their objects with the collector off
    (half of a 10,000 × 30 event's load was its passes); it is on again after each."""
    from rallydesk.domain import classification as engine
    from rallydesk.services import reports
    from rallydesk.store import event_data

    seen: dict[str, list[bool]] = {"load": [], "classify": []}
    real_data, real_classify = event_data.EventData, reports.classify

    def data(*args, **kwargs):
        seen["load"].append(gc.isenabled())
        return real_data(*args, **kwargs)

    def classify(*args, **kwargs):
        seen["classify"].append(gc.isenabled())
        return real_classify(*args, **kwargs)

    monkeypatch.setattr(event_data, "EventData", data)
    monkeypatch.setattr(reports, "classify", classify)
    with Event.open(write_demo(tmp_path / "demo.rallydesk"), readonly=True) as ev:
        ev.standings(2, category="CAR")
        assert gc.isenabled()
    assert seen["load"] and not any(seen["load"])
    assert seen["classify"] == [False]
    assert engine.classify is real_classify
