"""The defects that lived in the seams between the desk, the services and the store (issue 20):
each test here failed before the services were reshaped."""

from __future__ import annotations

import pytest

from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event


@pytest.fixture
def ev(event_location):
    """An event in a file, then on a PostgreSQL server, with a start list on stage 1."""
    e = Event.create(event_location, "Seams")
    e.put_group(Group("CAR", "Cars"))
    e.put_group(Group("T1", "Ultimate", "class", "CAR"))
    e.put_stage(Stage(1, "Loop", special_km=300))
    for n in (201, 202, 203):
        e.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}", "FRA"),), "Team", "Car"))
    e.set_starts(1, {201: "08:00:00", 202: "08:02:00"})
    yield e
    e.close()


def test_the_api_keys_a_finish_against_the_imported_start_list(ev):
    t = ev.record_time(stage=1, number=201, finish="11:10:30")
    assert (t.start_ms, t.finish_ms, t.elapsed_ms) == (8 * 3_600_000, 40_230_000, 11_430_000)
    assert ev.existing_time(1, 201) == t
    # a start keyed by hand still wins over the list, and must agree with an elapsed time given
    t = ev.record_time(stage=1, number=202, start="08:03:00", finish="11:03:00")
    assert t.elapsed_ms == 3 * 3_600_000
    # a crew not on the start list still needs its start (or the elapsed time)
    with pytest.raises(RallyDeskError, match="a start needs a finish|elapsed"):
        ev.record_time(stage=1, number=203, finish="11:00:00")
    assert ev.existing_time(1, 203) is None
