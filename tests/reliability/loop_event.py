"""The small event the reliability tests share: one category, one stage, five crews."""

from __future__ import annotations

from pathlib import Path

from rallydesk.domain.model import Entry, Group, Stage
from rallydesk.services import Event


def open_loop_event(path: Path, name: str = "Reliability test") -> Event:
    """Create it and return it open (the caller closes it, or keeps writing)."""
    ev = Event.create(path, name)
    ev.put_group(Group("CAR", "Cars"))
    ev.put_stage(Stage(1, "Loop"))
    for n in range(1, 6):
        ev.put_entry(Entry(n, "CAR"))
    return ev


def write_loop_event(path: Path, name: str = "Reliability test") -> None:
    """Create it and close it (for tests that open it in another process)."""
    open_loop_event(path, name).close()
