"""The keying flow, once for the desk, the command line and scripts.

build → existing result → reason → review → confirm → record → conflict. :func:`key` runs the
flow as far as it can with the answers it was given and returns a typed outcome: the result
:class:`Recorded`, or what must be asked first (:class:`NeedsReason`, :class:`NeedsConfirmation`),
or a :class:`Refused` naming the field to correct. The caller asks the question, adds the answer
to the :class:`Keyed` request and calls again: the asking is the widget's, the deciding is here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from ..domain.changes import NOT_GIVEN, Conflict, Expected
from ..domain.errors import RallyDeskError
from ..domain.model import StageTime
from . import session, timing
from .context import EventContext

Field = Literal["number", "time", "reason"]


@dataclass(frozen=True)
class Keyed:
    """One result as keyed, with the answers given so far."""

    stage: int
    number: int
    status: str = "OK"
    elapsed: str | int | None = None
    start: str | int | None = None
    finish: str | int | None = None
    nominal: str | int | None = None
    reason: str | None = None
    #: the reason for replacing a result already there (asked by :class:`NeedsReason`)
    replace_reason: str | None = None
    #: the warnings the official confirmed (asked by :class:`NeedsConfirmation`)
    confirmed: frozenset[str] = field(default_factory=frozenset)
    #: the result the desk showed (NOT_GIVEN: the one in the desk's snapshot when keyed)
    expected: Expected = NOT_GIVEN

    def answer_reason(self, why: str, stored: StageTime | None = None) -> Keyed:
        """The request with the reason for replacing; after a conflict, over the stored result."""
        expected: Expected = stored if stored is not None else self.expected
        return dataclasses.replace(self, replace_reason=why, expected=expected)

    def confirm(self, warning: str) -> Keyed:
        return dataclasses.replace(self, confirmed=self.confirmed | {warning})


@dataclass(frozen=True)
class Recorded:
    """Durably stored (or kept in the outbox); ``replaced``: the result it replaced."""

    time: StageTime
    replaced: StageTime | None


@dataclass(frozen=True)
class Refused:
    """Nothing was written; ``field`` is where the official corrects it. With ``conflict``, the
    result was deleted by another desk meanwhile (who and where: the desk words it itself)."""

    message: str
    field: Field | None = None
    conflict: Conflict | None = None


@dataclass(frozen=True)
class NeedsReason:
    """A result is already there: replacing it needs a reason. With ``conflict``, another desk
    changed it since this desk showed it (``stored``, by ``stored_by``)."""

    stage: int
    number: int
    stored: StageTime
    candidate: StageTime
    conflict: Conflict | None = None


@dataclass(frozen=True)
class NeedsConfirmation:
    """The result is plausible only if the official confirms ``warning``."""

    warning: str
    candidate: StageTime


@dataclass(frozen=True)
class NeedsChangeReason:
    """The result changes an official unit (``units``: "stage 3 CAR v2"): the clerk of the
    course gives the reason (answered like :class:`NeedsReason`); an amendment follows."""

    stage: int
    number: int
    units: str
    candidate: StageTime


Outcome = Recorded | Refused | NeedsReason | NeedsConfirmation | NeedsChangeReason


def reason_of(request: Keyed) -> str | None:
    """The reason the journal keeps: for an OK time the replacement's reason; for a status (which
    has its own reason: why the crew retired) its own, else the replacement's."""
    own = (request.reason or "").strip() or None
    if request.replace_reason is None:
        return own
    return request.replace_reason if request.status == "OK" else (own or request.replace_reason)


def key(ctx: EventContext, request: Keyed) -> Outcome:
    """Run the keying flow with the answers in ``request``; see the module's docstring."""
    if ctx.readonly:
        return Refused("this event is open read-only: nothing was recorded")
    r = request
    try:
        candidate = timing.build_time(
            ctx, r.stage, r.number, r.elapsed, r.start, r.finish, r.status, r.nominal, r.reason
        )
    except RallyDeskError as exc:
        return Refused(str(exc), "number" if "race number" in str(exc) else None)
    before = timing.existing_time(ctx, r.stage, r.number)
    if before is not None and r.replace_reason is None:
        return NeedsReason(r.stage, r.number, before, candidate)
    review = timing.review_time(ctx, candidate)
    if review.refusals:
        return Refused("NOT recorded: " + "; ".join(review.refusals), _field_of(r))
    for warning in review.warnings:
        if warning not in r.confirmed:
            return NeedsConfirmation(warning, candidate)
    units = _official_units_to_reason(ctx, r)
    if units:
        return NeedsChangeReason(r.stage, r.number, units, candidate)
    expected = r.expected if r.expected is not NOT_GIVEN else before
    try:
        recorded = timing.record_time(
            ctx,
            r.stage,
            r.number,
            r.elapsed,
            r.start,
            r.finish,
            r.status,
            r.nominal,
            reason_of(r),
            expected=expected,
        )
    except Conflict as conflict:
        if conflict.stored is None:
            who = conflict.stored_by.get("official") or conflict.stored_by.get("user") or "?"
            desk = conflict.stored_by.get("desk") or "?"
            return Refused(
                f"NOT recorded: the result of #{conflict.number} was deleted meanwhile by {who}"
                f" at {desk}",
                conflict=conflict,
            )
        return NeedsReason(r.stage, r.number, conflict.stored, candidate, conflict)
    except RallyDeskError as exc:
        return Refused(f"NOT recorded: {exc}")
    return Recorded(recorded, expected if isinstance(expected, StageTime) else None)


def _official_units_to_reason(ctx: EventContext, r: Keyed) -> str:
    """The official units the result would change, when the clerk is at work and gave no reason
    yet (anyone else is refused by the store's guard, with what to do)."""
    if reason_of(r) is not None or ctx.official is None or ctx.official.role != "clerk":
        return ""
    locked = session.official_units(ctx, r.stage, r.number)
    return ", ".join(f"stage {s} {c} v{p['version']}" for (s, c), p in locked)


def _field_of(r: Keyed) -> Field:
    return "reason" if r.status != "OK" else "time"
