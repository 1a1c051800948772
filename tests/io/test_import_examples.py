"""The example files of the import dialog (issue 22): one per kind the importer accepts, shipped
as package resources, each importing cleanly through the real import plan into a new event and
into the demo, so they can never drift from what the importer accepts."""

from __future__ import annotations

import pytest

from rallydesk.io.imports import KINDS, ORDER, plan_import
from rallydesk.io.tables import read_table
from rallydesk.paths import resource
from rallydesk.services import Event


def _save_all(tmp_path):
    folder = tmp_path / "examples"
    folder.mkdir()
    return {k: Event.save_example(k, folder) for k in Event.example_kinds()}


def test_every_import_kind_has_an_example_with_every_column():
    assert set(Event.example_kinds()) == set(KINDS) == set(ORDER)
    for kind, (required, optional) in KINDS.items():
        text = resource("examples", f"{kind}.csv").read_text(encoding="utf-8")
        header = text.splitlines()[0].split(",")
        assert set(header) == set(required) | set(optional), kind  # every column shown
        assert len(text.splitlines()) >= 3, kind  # a header and rows to copy


def test_the_examples_import_into_a_new_event_each_file_on_its_own(tmp_path):
    saved = _save_all(tmp_path)
    with Event.create(tmp_path / "new.rallydesk", "New event") as ev:
        for kind in ORDER:  # as an official fills them in: groups first, then stages…
            table = read_table(saved[kind])
            plan = plan_import(ev.data, [saved[kind]])
            assert plan.problems == (), plan.problems
            assert [f.report.kind for f in plan.files] == [kind]  # recognised from its header
            reports = ev.import_files([saved[kind]])
            assert reports[0].rows == len(table.rows) > 0
            assert not any("unknown column" in w for w in reports[0].warnings)
        assert {g.code for g in ev.data.groups} >= {"CAR", "T1", "T2", "ROOKIE"}
        assert ev.data.time_of(1, 202) is not None and ev.data.time_of(1, 203).status == "DNF"
        assert ev.start_of(2, 201) is not None
        assert len(ev.adjustments()) == 2


def test_the_examples_import_together_into_a_new_event_and_into_the_demo(tmp_path):
    from rallydesk.demo import write_demo

    saved = _save_all(tmp_path)
    with Event.create(tmp_path / "new.rallydesk", "New event") as ev:
        assert sum(r.rows for r in ev.import_files(list(saved.values()))) > 0
    demo = write_demo(tmp_path / "demo.rallydesk")
    for kind in ORDER:  # each alone into the demo (its groups, stages and crews exist)
        with Event.open(demo) as ev:
            plan = plan_import(ev.data, [saved[kind]])
            assert plan.problems == (), (kind, plan.problems)
            ev.import_files([saved[kind]])


def test_saving_an_example_over_an_event_file_is_refused_and_leaves_it(tmp_path):
    from rallydesk.domain.errors import RallyDeskError

    path = tmp_path / "ev.rallydesk"
    Event.create(path, "E").close()
    before = path.read_bytes()
    with pytest.raises(RallyDeskError, match="is a database"):
        Event.save_example("entries", path)
    assert path.read_bytes() == before
    with pytest.raises(RallyDeskError, match="unknown"):
        Event.save_example("laps", tmp_path)
    with pytest.raises(RallyDeskError, match="no-such-folder"):
        Event.save_example("times", tmp_path / "no-such-folder" / "t.csv")
