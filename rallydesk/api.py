"""The small Python API (docs/command-line.md): ``rallydesk.open_event(path)``."""

from __future__ import annotations

from pathlib import Path

from .services import Event


def open_event(
    path: str | Path, readonly: bool = False, official: str | None = None, pin: str | None = None
) -> Event:
    """Open an existing event file; use it in a ``with`` block.

    With officials defined, name the acting one (``official``, ``pin``): every write is then theirs,
    and one beyond their role raises :class:`RallyDeskError` naming the role that may do it.
    A wrong PIN closes the event again and raises.
    """
    event = Event.open(path, readonly=readonly)
    if official is not None:
        try:
            event.login(official, pin or "")
        except BaseException:
            event.close()
            raise
    return event


def new_event(
    path: str | Path, name: str, tie_break: str = "last-stage", time_style: str = "dakar"
) -> Event:
    return Event.create(path, name, tie_break, time_style)
