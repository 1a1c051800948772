"""Start lists: each crew's start time of day on a stage, so that only the finish is keyed."""

from __future__ import annotations

from pathlib import Path

from ..domain import keyed
from ..domain import times as T
from ..domain.checks import out_before
from ..domain.errors import RallyDeskError, UnknownReference
from ..domain.names import crew_label
from ..io.sheet_model import start_list_document
from . import reports
from .context import EventContext
from .notices import StartsChanged
from .results import StartListRow


def build_start(ctx: EventContext, stage: int, number: int, start: str | int) -> int:
    """Check one start time (a time of day, RULES §7); its milliseconds since midnight."""
    ctx.require(stage, number)
    return keyed.start_of_day(start)


def starts_of(ctx: EventContext, stage: int) -> dict[int, int]:
    """The stage's start list: race number → start time of day (ms)."""
    if ctx.caches.starts is None:
        ctx.caches.starts = ctx.last_known("starts")
    return {n: ms for (s, n), ms in ctx.caches.starts.items() if s == stage}


def start_of(ctx: EventContext, stage: int, number: int) -> int | None:
    """The crew's start time of day on the stage from its start list, None if not listed."""
    if ctx.caches.starts is None:
        ctx.caches.starts = ctx.last_known("starts")
    return ctx.caches.starts.get((stage, number))


def set_starts(
    ctx: EventContext, stage: int, starts: dict[int, str | int], reason: str | None = None
) -> None:
    """Write a stage's start times, all or none (each in the journal)."""
    rows = [(stage, n, build_start(ctx, stage, n, v)) for n, v in starts.items()]
    ctx.store.put_starts(rows, reason)
    ctx.commit(StartsChanged(stage), ctx.held)


def start_order(ctx: EventContext, stage: int, order: str | list[int] = "previous") -> list[int]:
    """Who starts first: the overall after the previous stage (then those not classified, by
    number), or a list of race numbers; crews out of the event before the stage are left out."""
    data = ctx.data
    if isinstance(order, list):
        numbers = order
    else:
        earlier = [s.number for s in data.stages if s.number < stage]
        numbers = []
        if earlier:
            for cat in data.categories():
                c = reports.classification(ctx, max(earlier), True, cat.code)
                numbers.extend(r.number for r in c.rows)
        numbers.extend(e.number for e in data.entries if e.number not in numbers)
    return [n for n in numbers if out_before(data, stage, n) is None]


def generate_starts(
    ctx: EventContext,
    stage: int,
    first: str | int,
    interval: str | int,
    order: str | list[int] = "previous",
    write: bool = True,
) -> dict[int, int]:
    """Start times from the first start and an interval (a duration: 1', 0:00:30, 100 = 1:00)."""
    first_ms = keyed.milliseconds(first, T.parse_time_of_day, "first start")
    interval_ms = keyed.milliseconds(interval, T.parse_duration, "interval")
    if first_ms is None or interval_ms is None or interval_ms <= 0:
        raise RallyDeskError(
            "a start list needs a first start time of day and an interval above zero"
        )
    if stage not in {s.number for s in ctx.data.stages}:
        raise UnknownReference(f"stage {stage} does not exist")
    starts = {n: first_ms + i * interval_ms for i, n in enumerate(start_order(ctx, stage, order))}
    if write:
        ctx.store.put_starts([(stage, n, ms) for n, ms in starts.items()], "start list generated")
        ctx.commit(StartsChanged(stage), ctx.held)
    return starts


def start_list(ctx: EventContext, stage: int) -> list[StartListRow]:
    """The stage's start list in start order, for the desk and the printed sheet."""
    rows = []
    for number, ms in sorted(starts_of(ctx, stage).items(), key=lambda kv: (kv[1], kv[0])):
        try:
            e = ctx.data.entry(number)
        except KeyError:
            continue
        rows.append(
            StartListRow(
                number,
                ms,
                T.format_time_of_day(ms),
                crew_label(e),
                e.class_code,
                e.team or "",
                e.vehicle or "",
            )
        )
    return rows


def export_start_list(
    ctx: EventContext, stage: int, out: str | Path, language: str | None = None
) -> Path:
    """The stage's start list printed as .xlsx or .pdf through the sheets' document model."""
    out = reports.sheet_target(out)
    document = start_list_document(
        ctx.data, reports.state_digest(ctx), stage, starts_of(ctx, stage), language
    )
    return reports.write_document(document, out)
