"""Set-up: the event's settings, stages, groups (categories, classes, cups) and entries."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..domain.model import Entry, Group, Stage
from ..domain.officials import PUBLICATION_SETTINGS
from ..domain.settings import SPEED_SETTING, SpeedRanges, speed_range_text, validate_settings
from ..domain.settings import speed_ranges as domain_speed_ranges
from ..io.imports import check_row
from . import files
from .context import EventContext
from .notices import EntryChanged, GroupChanged, SettingsChanged, StageChanged


def update_settings(ctx: EventContext, reason: str | None = None, **changes: Any) -> None:
    """Change the event's settings; nothing is written when nothing changed."""
    before = ctx.data.settings
    settings = dataclasses.replace(before, **changes)
    validate_settings(settings)
    changed = {
        f.name
        for f in dataclasses.fields(settings)
        if getattr(settings, f.name) != getattr(before, f.name)
    }
    if not changed:
        return  # nothing to write (the set-up tab saves every field at once)
    publication_only = changed <= PUBLICATION_SETTINGS
    ctx.store.update_settings(
        settings, reason, "event.publication" if publication_only else "event.settings"
    )
    ctx.commit(SettingsChanged())


def put_stage(ctx: EventContext, stage: Stage, reason: str | None = None) -> None:
    ctx.store.put_stage(stage, reason)
    ctx.commit(StageChanged(stage.number))


def put_group(ctx: EventContext, group: Group, reason: str | None = None) -> None:
    ctx.store.put_group(group, reason)
    ctx.commit(GroupChanged(group.code))


def put_entry(ctx: EventContext, entry: Entry, reason: str | None = None) -> None:
    ctx.store.put_entry(entry, reason)
    ctx.commit(EntryChanged(entry.number))


def speed_ranges(ctx: EventContext) -> SpeedRanges:
    """The usual average speed on a special per category (km/h), the defaults under "": what
    the first crew of a stage is judged by (domain/checks.py) before there are others."""
    return domain_speed_ranges(ctx.last_known("desk_settings"))


def set_speed_range(
    ctx: EventContext, category: str, low: float | None, high: float | None
) -> None:
    """Set (or with None, None, go back to the default for) one category's usual speed range."""
    text = speed_range_text(category, [c.code for c in ctx.data.categories()], low, high)
    ctx.store.put_desk_setting(SPEED_SETTING + category, text)


def apply_row(ctx: EventContext, kind: str, row: dict[str, str]) -> None:
    """Add or change one stage, group or entry from text fields, checked like an import row."""
    change = check_row(ctx.data, kind, row)
    with ctx.store.batch():
        files.write_imported(ctx, change)
    if isinstance(change, Stage):
        ctx.commit(StageChanged(change.number))
    elif isinstance(change, Group):
        ctx.commit(GroupChanged(change.code))
    else:
        ctx.commit(EntryChanged(int(row["number"])))
