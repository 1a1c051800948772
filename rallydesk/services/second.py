"""The blind second keying of a stage (Timing > Verify stage) and the settling of mismatches."""

from __future__ import annotations

from typing import Any

from ..domain import times as T
from ..domain.changes import NOT_GIVEN
from ..domain.errors import RallyDeskError, quoted
from ..domain.model import StageTime
from . import session, sync, timing
from .context import EventContext
from .notices import SecondKeyingChanged
from .results import Mismatch


def record_second(
    ctx: EventContext,
    stage: int,
    number: int,
    official: str,
    elapsed: str | int | None = None,
    start: str | int | None = None,
    finish: str | int | None = None,
    status: str = "OK",
    reason: str | None = None,
    change_id: str | None = None,
) -> StageTime:
    """A blind second keying of one result by another official (Timing > Verify stage)."""
    if not official or not official.strip():
        raise RallyDeskError("double keying: the second official's name is needed")
    t = timing.build_time(ctx, stage, number, elapsed, start, finish, status, None, reason)
    put_second(ctx, t, official.strip(), "second.record", None, change_id)
    return t


def put_second(
    ctx: EventContext,
    t: StageTime,
    keyed_by: str,
    action: str,
    reason: str | None,
    change_id: str | None,
) -> None:
    cid = sync.change_id_for(ctx, change_id)
    sync.send(
        ctx,
        "second.record",
        {"time": sync.time_json(t), "keyed_by": keyed_by, "action": action, "reason": reason},
        cid,
        NOT_GIVEN,
        None,
        None,
        lambda: ctx.store.put_second(t, keyed_by, action, reason, change_id=cid),
    )
    ctx.commit(SecondKeyingChanged(t.stage, t.number), ctx.held)


def mismatches(ctx: EventContext, stage: int) -> list[Mismatch]:
    """Every result where the two keyings differ, then those keyed once only, with who keyed
    each; ``kind`` says which ("differ", "first only", "second only")."""
    seconds = {r["number"]: r for r in ctx.store.seconds(stage)}
    if not seconds:
        return []
    by = ctx.store.keyed_by(stage)
    out = []
    firsts = {t.number: t for t in ctx.data.times if t.stage == stage}
    for number in sorted(set(seconds) | set(firsts)):
        first, second = firsts.get(number), seconds.get(number)
        a = (first.status, first.elapsed_ms) if first else None
        b = (second["status"], second["elapsed_ms"]) if second else None
        if a != b:
            out.append(
                Mismatch(
                    number,
                    describe(ctx, first) if first else "—",
                    describe_row(ctx, second) if second else "—",
                    by.get(number) or "",
                    second["keyed_by"] if second else "",
                    "differ" if first and second else ("first only" if first else "second only"),
                )
            )
    # a real disagreement first: the crews not yet keyed a second time are the rest of the work
    return sorted(out, key=lambda m: m.kind != "differ")


def verified(ctx: EventContext, stage: int) -> bool:
    """A stage is verified when it was keyed twice and no mismatch remains."""
    return bool(ctx.store.seconds(stage)) and not mismatches(ctx, stage)


def settle(
    ctx: EventContext, stage: int, number: int, keep: str, reason: str, change_id: str | None = None
) -> None:
    """The results manager settles a mismatch: keep the first keying, or take the second."""
    if not reason or not reason.strip():
        raise RallyDeskError("settling a mismatch needs a reason")
    session.check_role(ctx, "second.settle")  # (keeping the second keying writes a time.record)
    seconds = {r["number"]: r for r in ctx.store.seconds(stage)}
    first = timing.existing_time(ctx, stage, number)
    second = seconds.get(number)
    if keep == "second":
        if second is None:
            raise RallyDeskError(f"#{number} has no second keying on stage {stage}")
        timing.record_time(
            ctx,
            stage,
            number,
            elapsed=second["elapsed_ms"],
            status=second["status"],
            reason=second["reason"] or reason.strip(),
            change_id=change_id,
        )
    elif keep == "first":
        if first is None:
            raise RallyDeskError(f"#{number} has no first keying on stage {stage}")
        put_second(
            ctx,
            first,
            second["keyed_by"] if second else "results manager",
            "second.settle",
            reason.strip(),
            change_id,
        )
    else:
        raise RallyDeskError(f"keep {quoted(keep)}: accepted first, second")


def describe(ctx: EventContext, t: StageTime) -> str:
    if t.status == "OK" and t.elapsed_ms is not None:
        return T.format_duration(t.elapsed_ms, ctx.data.settings.time_style, ctx.precision(t.stage))
    return t.status + (f" ({t.reason})" if t.reason else "")


def describe_row(ctx: EventContext, r: dict[str, Any]) -> str:
    return describe(
        ctx,
        StageTime(
            r["stage"],
            r["number"],
            r["status"],
            r["elapsed_ms"],
            r["start_ms"],
            r["finish_ms"],
            None,
            r["reason"],
        ),
    )
