"""Timing: results keyed, replaced and deleted; what the desk checks and finds around them."""

from __future__ import annotations

import json

from ..domain import checks, keyed
from ..domain.changes import NOT_GIVEN, Expected
from ..domain.checks import Review, review
from ..domain.keyed import Keyed
from ..domain.model import Entry, StageTime
from ..domain.names import crew_label
from ..store.errors import StoreUnavailable
from . import setup, starts, sync
from .context import EventContext
from .notices import TimeChanged
from .results import KeyedRow


def build_time(
    ctx: EventContext,
    stage: int,
    number: int,
    elapsed: Keyed = None,
    start: Keyed = None,
    finish: Keyed = None,
    status: str = "OK",
    nominal: Keyed = None,
    reason: str | None = None,
) -> StageTime:
    """Validate one keyed result without writing it (the desk previews with it). A finish alone
    takes the crew's start from the stage's start list (RULES §3)."""
    ctx.require(stage, number)
    listed = starts.start_of(ctx, stage, number) if finish not in (None, "") else None
    return keyed.stage_time(
        stage, number, elapsed, start, finish, status, nominal, reason, listed_start_ms=listed
    )


def record_time(
    ctx: EventContext,
    stage: int,
    number: int,
    elapsed: str | int | None = None,
    start: str | int | None = None,
    finish: str | int | None = None,
    status: str = "OK",
    nominal: str | int | None = None,
    reason: str | None = None,
    expected: Expected = NOT_GIVEN,
    change_id: str | None = None,
) -> StageTime:
    """Record one result; returns once it is durably on disk (WAL, synchronous=FULL), or kept
    in the desk's outbox when the store cannot be reached.

    ``expected`` is the result the desk saw (None: none); when the stored one differs,
    :class:`Conflict` is raised and nothing is replaced. Without it, a stored result is
    replaced by a different one only with a ``reason``; else :class:`ReplacementRefused` (a
    RallyDeskError) and nothing changes. The same result again is not a replacement."""
    t = build_time(ctx, stage, number, elapsed, start, finish, status, nominal, reason)
    return put_time(ctx, t, t.reason, expected, change_id)


def put_time(
    ctx: EventContext, t: StageTime, why: str | None, expected: Expected, change_id: str | None
) -> StageTime:
    before = ctx.data
    cid = sync.change_id_for(ctx, change_id)
    sync.send(
        ctx,
        "time.record",
        {"time": sync.time_json(t), "why": why},
        cid,
        expected,
        before.time_of(t.stage, t.number),
        (t.stage, t.number, why),
        lambda: ctx.store.put_time(
            t,
            reason=why,
            change_id=cid,
            expected=expected,
            seen=before.time_of(t.stage, t.number),
            fresh=change_id is None,
        ),
    )
    ctx.commit(TimeChanged(t.stage, t.number), before.with_time(t.stage, t.number, t))
    return t


def review_time(ctx: EventContext, t: StageTime) -> Review:
    """What the desk must refuse or ask before writing ``t`` (``domain.checks.review``)."""
    return review(ctx.data, t, setup.speed_ranges(ctx))


def still_without_time(ctx: EventContext, stage: int, category: str | None = None) -> list[Entry]:
    """The entries with no result on the stage yet (not out of the event before it)."""
    return checks.still_without_time(ctx.data, stage, category)


def find_entries(ctx: EventContext, text: str) -> list[Entry]:
    """Race numbers starting with the digits, or crews, teams and vehicles containing the words."""
    query = (text or "").strip().casefold()
    if not query:
        return []
    if query.isdigit():
        exact = [e for e in ctx.data.entries if str(e.number) == query]
        return exact + [
            e for e in ctx.data.entries if str(e.number).startswith(query) and e not in exact
        ]
    return [
        e
        for e in ctx.data.entries
        if query
        in " ".join(
            [crew_label(e), *(m.name for m in e.crew), e.team or "", e.vehicle or ""]
        ).casefold()
    ]


def recent_keyed(ctx: EventContext, limit: int = 50) -> list[KeyedRow]:
    """The latest keyed results from the journal, newest first (the desk's list after a restart)."""
    out = []
    try:
        recent = ctx.store.recent_times(limit)
    except StoreUnavailable:  # the server away: the list starts empty, fills as keying goes
        return []
    for r in recent:
        new = json.loads(r["new"]) if isinstance(r.get("new"), str) else r.get("new")
        out.append(KeyedRow.from_row(r, new=new))
    return out


def writer(ctx: EventContext) -> str | None:
    """Who writes the event now (desk, user, since when), as the lock file says; None if nobody."""
    return ctx.store.writer()


def existing_time(ctx: EventContext, stage: int, number: int) -> StageTime | None:
    """The result stored for (stage, number), None when there is none."""
    return ctx.data.time_of(stage, number)


def delete_time(
    ctx: EventContext,
    stage: int,
    number: int,
    reason: str | None = None,
    expected: Expected = NOT_GIVEN,
    change_id: str | None = None,
) -> None:
    """Delete one result; ``reason``, ``expected`` and ``change_id`` as for :meth:`record_time`
    (a deletion replaces the result by none: it needs a reason or ``expected``)."""
    ctx.require(stage, number)
    delete(ctx, stage, number, reason, expected, change_id)


def delete(
    ctx: EventContext,
    stage: int,
    number: int,
    reason: str | None,
    expected: Expected,
    change_id: str | None,
) -> None:
    before = ctx.data
    cid = sync.change_id_for(ctx, change_id)
    sync.send(
        ctx,
        "time.delete",
        {"stage": stage, "number": number, "reason": reason},
        cid,
        expected,
        before.time_of(stage, number),
        (stage, number, reason),
        lambda: ctx.store.delete_time(stage, number, reason, change_id=cid, expected=expected),
    )
    ctx.commit(TimeChanged(stage, number), before.with_time(stage, number, None))


def desk_stage(ctx: EventContext) -> int | None:
    """The stage a desk opens on: where keying left off, else the latest with results."""
    stage: int | None = ctx.last_known("last_timed_stage")
    numbers = {s.number for s in ctx.data.stages}
    if stage in numbers:
        return stage
    latest = latest_stage_with_results(ctx)
    return latest if latest is not None else (min(numbers) if numbers else None)


def latest_stage_with_results(ctx: EventContext) -> int | None:
    """The highest stage with an OK result: what an export without a stage prints."""
    return ctx.data.latest_stage_with_results()
