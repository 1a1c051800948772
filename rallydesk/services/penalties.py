"""Penalties, bonuses and credits: added, edited and revoked, never counted twice."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..domain import keyed
from ..domain.changes import NOT_GIVEN
from ..domain.errors import RallyDeskError
from ..domain.model import Adjustment
from ..store.errors import StoreUnavailable
from ..store.journal import now_utc
from . import sync
from .context import EventContext, official_name
from .notices import AdjustmentChanged


def build_adjustment(
    ctx: EventContext,
    stage: int,
    number: int,
    amount: str | int,
    kind: str | None = None,
    applies_to: str | None = None,
    reason: str | None = None,
    article: str | None = None,
    decided_by: str | None = None,
    decision: str | None = None,
    decided_at: str | None = None,
) -> Adjustment:
    """Check one adjustment without writing it (the domain's rules, RULES §6)."""
    ctx.require(stage, number)
    return keyed.adjustment(
        stage, number, amount, kind, applies_to, reason, article, decided_by, decision, decided_at
    )


def add_adjustment(
    ctx: EventContext,
    stage: int,
    number: int,
    amount: str | int,
    kind: str | None = None,
    applies_to: str | None = None,
    reason: str | None = None,
    article: str | None = None,
    decided_by: str | None = None,
    decision: str | None = None,
    decided_at: str | None = None,
    change_id: str | None = None,
) -> int:
    """Add a penalty, bonus or credit; returns its id once durably on disk (offline: a
    provisional negative id, replaced by the server's at replay).

    ``decision`` and ``decided_at`` are the stewards' or clerk's decision that imposed it
    (reference and time, ISO 8601); both print in the sheets' penalties block."""
    a = build_adjustment(
        ctx,
        stage,
        number,
        amount,
        kind,
        applies_to,
        reason,
        article,
        decided_by,
        decision,
        decided_at,
    )
    refuse_duplicate(ctx, a)
    before = ctx.data
    cid = sync.change_id_for(ctx, change_id)
    a = dataclasses.replace(
        a,
        decided_by=a.decided_by or official_name(ctx) or ctx.identity.user,
        decided_at=a.decided_at or now_utc(),
    )
    fields = {f.name: getattr(a, f.name) for f in dataclasses.fields(a) if f.name != "id"}
    args: dict[str, Any] = {"adjustment": fields, "provisional": None}
    new_id = sync.send(
        ctx,
        "adjustment.add",
        args,
        cid,
        NOT_GIVEN,
        None,
        (a.stage, a.number, a.reason),
        lambda: ctx.store.add_adjustment(a, change_id=cid),
    )
    if new_id is None:  # kept offline: the id is provisional until the replay
        new_id = int(args["provisional"])
        added = dataclasses.replace(a, id=new_id)
    else:
        try:
            added = ctx.store.adjustment(new_id) or dataclasses.replace(a, id=new_id)
        except StoreUnavailable:  # written, then lost: the desk shows what it sent
            added = dataclasses.replace(a, id=new_id)
    ctx.commit(
        AdjustmentChanged(new_id, stage, number),
        before.with_adjustments(before.adjustments + (added,)),
    )
    return int(new_id)


def refuse_duplicate(ctx: EventContext, a: Adjustment) -> None:
    """An adjustment identical to a live one is refused (``domain.keyed.refuse_duplicate``)."""
    keyed.refuse_duplicate(ctx.data, a)


def revoke_adjustment(
    ctx: EventContext, adjustment_id: int, reason: str, change_id: str | None = None
) -> None:
    if not reason or not reason.strip():
        raise RallyDeskError("revoking an adjustment needs a reason")
    before = ctx.data
    revoked = next((a for a in before.adjustments if a.id == adjustment_id), None)
    cid = sync.change_id_for(ctx, change_id)
    sync.send(
        ctx,
        "adjustment.revoke",
        {"id": adjustment_id, "reason": reason.strip()},
        cid,
        NOT_GIVEN,
        None,
        (revoked.stage, revoked.number, reason) if revoked else None,
        lambda: ctx.store.revoke_adjustment(adjustment_id, reason.strip(), change_id=cid),
    )
    kept = tuple(a for a in before.adjustments if a.id != adjustment_id)
    ctx.commit(
        AdjustmentChanged(
            adjustment_id, revoked.stage if revoked else None, revoked.number if revoked else None
        ),
        before.with_adjustments(kept),
    )


def edit_adjustment(
    ctx: EventContext,
    adjustment_id: int,
    amount: str | int | None = None,
    kind: str | None = None,
    applies_to: str | None = None,
    reason: str | None = None,
    article: str | None = None,
    why: str | None = None,
    change_id: str | None = None,
) -> None:
    """Change an adjustment (stewards revise a penalty); the journal keeps old and new."""
    current = next((a for a in ctx.data.adjustments if a.id == adjustment_id), None)
    if current is None:
        raise RallyDeskError(f"adjustment {adjustment_id} does not exist or was revoked")
    a = build_adjustment(
        ctx,
        current.stage,
        current.number,
        amount if amount is not None else current.amount_ms,
        kind or (current.kind if amount is None else None),
        applies_to or current.applies_to,
        reason if reason is not None else current.reason,
        article if article is not None else current.article,
    )
    changes: dict[str, Any] = {
        "amount_ms": a.amount_ms,
        "kind": a.kind,
        "applies_to": a.applies_to,
        "reason": a.reason,
        "article": a.article,
    }
    cid = sync.change_id_for(ctx, change_id)

    def write() -> bool:
        ctx.store.edit_adjustment(adjustment_id, changes, why, change_id=cid)
        return True

    written = sync.send(
        ctx,
        "adjustment.edit",
        {"id": adjustment_id, "changes": changes, "why": why},
        cid,
        NOT_GIVEN,
        None,
        (current.stage, current.number, why),
        write,
    )
    updated = dataclasses.replace(current, **changes)
    if written:
        try:
            updated = ctx.store.adjustment(adjustment_id) or updated
        except StoreUnavailable:  # written, then lost: the desk shows what it sent
            pass
    kept = tuple(updated if x.id == adjustment_id and updated else x for x in ctx.data.adjustments)
    ctx.commit(
        AdjustmentChanged(adjustment_id, current.stage, current.number),
        ctx.data.with_adjustments(kept),
    )


def adjustments(ctx: EventContext, include_revoked: bool = True) -> list[Adjustment]:
    """Every adjustment as a domain value (revoked ones carry revoked_at and the reason)."""
    try:
        return ctx.store.adjustment_records(include_revoked)
    except StoreUnavailable:  # the server away: the live ones the desk shows (no revoked ones)
        if not ctx.on_server:
            raise
        return list(ctx.data.adjustments)
