"""A small rally-raid stage for the RULES §8 tests: category CAR, stage 1 with three waypoints;
in a file, then in a database on a PostgreSQL server (``event_location``): each rule on both."""

from __future__ import annotations

import pytest

from rallydesk.domain.model import CrewMember, Entry, Group, NominalRule, Stage
from rallydesk.domain.waypoints import Waypoint
from rallydesk.services import Event


def build(location, nominal: NominalRule | None = None, **stage) -> Event:
    ev = Event.create(location, "Raid")
    ev.put_group(Group("CAR", "Cars"))
    ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
    ev.put_stage(Stage(1, "Stage 1", nominal=nominal or NominalRule(), **stage))
    ev.put_stage(Stage(2, "Stage 2"))
    for n in (101, 102, 103, 104, 105):
        ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}"),)))
    ev.set_waypoints(
        1,
        [Waypoint(1, 1, 100.0, "WPV"), Waypoint(1, 2, 200.0, "WPM"), Waypoint(1, 3, 359.0, "WPS")],
    )
    return ev


#: The finishes of stage 1 several tests start from: (race number, start, finish).
FINISHES = (
    (101, "08:00:00", "12:00:00"),
    (102, "08:02:00", "12:30:00"),
    (103, "08:04:00", "13:00:00"),
)


def key_finishes(ev: Event) -> None:
    """Crews 101, 102 and 103 keyed on stage 1 (start and finish): 4h, 4h 28', 4h 56'."""
    for n, start, finish in FINISHES:
        ev.record_time(1, n, start=start, finish=finish)


@pytest.fixture
def raid(event_location):
    ev = build(event_location)
    yield ev
    ev.close()
