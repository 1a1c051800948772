"""The waypoints and passages import kinds (RULES §8): all or nothing, every bad row listed."""

from __future__ import annotations

import pytest

from rallydesk.io.imports import ImportRejected
from rallydesk.services import Event


@pytest.fixture
def ev(tmp_path):
    folder = tmp_path / "ex"
    folder.mkdir()
    saved = [Event.save_example(k, folder) for k in Event.example_kinds()]
    with Event.create(tmp_path / "e.rallydesk", "E") as event:
        event.import_files(saved)
        yield event


def test_the_examples_give_waypoints_passages_and_a_max_plus_stage(ev):
    assert [(w.number, w.kind) for w in ev.waypoints(2)] == [(1, "WPV"), (2, "WPM"), (3, "WPS")]
    assert ev.data.raid.passages_of(2)[201] == {1: 33_000_000, 2: 37_200_000}
    st = ev.data.stage(2)
    assert (st.nominal.kind, st.max_time_ms, st.fixed_penalty_ms) == ("max+", 36_000_000, 3_600_000)


def test_every_bad_passage_row_is_listed_and_nothing_is_written(ev, tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text(
        "stage,number,waypoint,time\n"
        "2,203,1,09:30:00\n"  # good
        "2,203,9,09:40:00\n"  # unknown waypoint
        "7,203,1,09:40:00\n"  # unknown stage
        "2,999,1,09:40:00\n"  # unknown number
        "2,202,2,07:00:00\n"  # before the crew's start (08:02)
        "2,201,1,09:10:00\n"  # duplicate against the event
        "2,203,1,09:31:00\n"  # duplicate in the file
        "2,203,3,soon\n",  # bad time
        encoding="utf-8",
    )
    before = ev.data.raid.passages
    with pytest.raises(ImportRejected) as info:
        ev.import_files([bad])
    problems = info.value.problems or []
    assert len(problems) == 7
    assert all(f"line {n}" in p for n, p in zip(range(3, 10), problems, strict=True))
    assert "before the crew's start" in problems[3] and "duplicate" in problems[4]
    assert ev.data.raid.passages == before


def test_a_bad_waypoint_kind_or_km_is_named(ev, tmp_path):
    bad = tmp_path / "w.csv"
    bad.write_text("stage,waypoint,km,kind\n2,4,abc,WPV\n2,5,10,WPX\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        ev.import_files([bad])
    problems = info.value.problems or []
    assert "'km'" in problems[0] and "'kind'" in problems[1] and "WPM" in problems[1]
