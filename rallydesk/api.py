"""The small Python API (docs/command-line.md): ``rallydesk.open_event(path)``."""

from __future__ import annotations

from pathlib import Path

from .services import Event


def open_event(path: str | Path, readonly: bool = False) -> Event:
    """Open an existing event file; use it in a ``with`` block."""
    return Event.open(path, readonly=readonly)


def new_event(path: str | Path, name: str, tie_break: str = "last-stage", time_style: str = "dakar") -> Event:
    return Event.create(path, name, tie_break, time_style)
