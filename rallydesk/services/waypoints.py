"""Waypoints, passages, missed-waypoint penalties and stewards' interruptions (RULES §8).

The use-cases the desk (Set-up > Stages, Timing > Passages, Timing > Interrupt stage…), the
command line (``close-passages``, ``interrupt``) and the Python API (``event.add_passage``,
``event.close_passages``, ``event.interrupt``) share. The rules are in ``domain/raid.py``.

Offline (a server event whose server is away): these writes are refused with a clear message,
never kept in the outbox — closing passages and interrupting a stage must see every desk's
passages, which only the server holds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..domain import keyed
from ..domain import times as T
from ..domain.classification import (
    Classification,
    category_for,
    classify,
    interruption_of,
)
from ..domain.errors import RallyDeskError, UnknownReference, quoted
from ..domain.names import crew_label
from ..domain.raid import MissedPenalty
from ..domain.raid import missed_penalties as _missed
from ..domain.waypoints import (
    DEFAULT_MISSED_PENALTIES,
    FINISH,
    START,
    WAYPOINT_KINDS,
    Interruption,
    Passage,
    Waypoint,
)
from ..io.sheet_raid import interruption_notices
from . import penalties, sync
from .context import EventContext, official_name
from .notices import SettingsChanged, StageChanged

__all__ = [
    "AlreadyInterrupted",
    "PassageRow",
    "add_passage",
    "close_passages",
    "interrupt",
    "interruption",
    "missed_penalties",
    "passages",
    "set_missed_penalty",
    "set_waypoints",
    "undo_interruption",
    "waypoints",
]


class AlreadyInterrupted(RallyDeskError):
    """A second interruption of a stage and category: exactly one rule applies (RULES §8).
    ``stage`` and ``category`` let a desk say it in its language."""

    def __init__(self, stage: int, category: str) -> None:
        super().__init__(
            f"stage {stage} {category} is already interrupted: exactly one rule applies "
            "per stage and category (undo it first, with a reason)"
        )
        self.stage, self.category = stage, category


@dataclass(frozen=True)
class PassageRow:
    """One crew on Timing > Passages: who passed where (None: no passage)."""

    number: int
    crew: str
    times: dict[int, int | None]

    @property
    def missing(self) -> list[int]:
        return [w for w, t in self.times.items() if t is None]


def _refuse_offline(ctx: EventContext, what: str) -> None:
    if sync.offline(ctx):
        raise RallyDeskError(
            f"{what} needs the server: waypoints, passages and interruptions are not kept "
            "offline (every desk's passages must be seen); reconnect, then do it again"
        )


def _stage(ctx: EventContext, stage: int) -> None:
    if stage not in {s.number for s in ctx.data.stages}:
        known = ", ".join(str(s.number) for s in ctx.data.stages) or "none yet"
        raise UnknownReference(f"stage {stage} does not exist (stages: {known})")


def _categories(ctx: EventContext, category: str | None) -> list[str]:
    if category is None:
        return [g.code for g in ctx.data.categories()]
    return [category_for(ctx.data, None, category)]


# --------------------------------------------------------------------------- waypoints


def waypoints(ctx: EventContext, stage: int) -> list[Waypoint]:
    """The stage's waypoints in route order (number, km, kind)."""
    return list(ctx.data.raid.of_stage(stage))


def build_waypoint(ctx: EventContext, stage: int, number: int, km: object, kind: str) -> Waypoint:
    """Check one waypoint: a number from 1, a kilometre (or none), a kind of RULES §8."""
    _stage(ctx, stage)
    return check_waypoint(stage, number, km, kind)


def check_waypoint(stage: int, number: object, km: object, kind: object) -> Waypoint:
    try:
        n = int(str(number))
    except ValueError:
        raise RallyDeskError(f"waypoint {quoted(number)}: expected a number 1, 2, …") from None
    if n < 1:
        raise RallyDeskError(f"waypoint {n}: expected a number 1, 2, … in route order")
    k = str(kind or "").strip().upper()
    if k not in WAYPOINT_KINDS:
        raise RallyDeskError(
            f"waypoint kind {quoted(kind)} is unknown (expected one of {', '.join(WAYPOINT_KINDS)})"
        )
    distance: float | None = None
    if km not in (None, ""):
        try:
            distance = float(str(km).replace(",", "."))
        except ValueError:
            raise RallyDeskError(
                f"km {quoted(km)}: expected a distance such as 359 or 12.5"
            ) from None
    return Waypoint(stage, n, distance, k)


def set_waypoints(
    ctx: EventContext, stage: int, wps: list[Waypoint], reason: str | None = None
) -> None:
    """Replace the stage's waypoints (all or none, journalled)."""
    _refuse_offline(ctx, "changing waypoints")
    _stage(ctx, stage)
    checked = [check_waypoint(stage, w.number, w.km, w.kind) for w in wps]
    numbers = [w.number for w in checked]
    if len(set(numbers)) != len(numbers):
        raise RallyDeskError(f"stage {stage}: a waypoint number appears twice")
    ctx.store.put_waypoints(stage, checked, reason)
    ctx.commit(StageChanged(stage))


def missed_penalties(ctx: EventContext) -> dict[str, int]:
    """The missed-waypoint penalty of every kind of waypoint (ms), as the event sets them."""
    return {k: ctx.data.settings.missed_penalty(k) for k in WAYPOINT_KINDS}


def set_missed_penalty(ctx: EventContext, kind: str, amount: str | int) -> None:
    """Set one kind's missed-waypoint penalty (a duration, RULES §7)."""
    k = str(kind).strip().upper()
    if k not in DEFAULT_MISSED_PENALTIES:
        raise RallyDeskError(
            f"waypoint kind {quoted(kind)} is unknown (expected one of {', '.join(WAYPOINT_KINDS)})"
        )
    ms = keyed.milliseconds(amount, T.parse_duration, f"missed-waypoint penalty of {k}")
    if ms is None or ms < 0:
        raise RallyDeskError(f"the missed-waypoint penalty of {k} needs a duration such as 0:15:00")
    settings = ctx.data.settings
    pairs = dict(settings.missed_penalties)
    pairs[k] = ms
    ctx.store.update_settings(
        dataclasses.replace(settings, missed_penalties=tuple(sorted(pairs.items())))
    )
    ctx.commit(SettingsChanged())


# --------------------------------------------------------------------------- passages


def passages(ctx: EventContext, stage: int, category: str | None = None) -> list[PassageRow]:
    """Who passed where on the stage: one row per crew of the category (every crew: None)."""
    data = ctx.data
    _stage(ctx, stage)
    cats = set(_categories(ctx, category))
    wps = [w.number for w in data.raid.of_stage(stage)]
    passed = data.raid.passages_of(stage)
    rows = []
    for e in data.entries:
        if data.category_of_class(e.class_code) not in cats:
            continue
        mine = passed.get(e.number, {})
        rows.append(PassageRow(e.number, crew_label(e), {w: mine.get(w) for w in wps}))
    return rows


def build_passage(
    ctx: EventContext, stage: int, number: int, waypoint: int, time: str | int
) -> Passage:
    """Check one passage: a known crew, a waypoint of the stage, a time of day after its start."""
    ctx.require(stage, number)
    data = ctx.data
    known = [w.number for w in data.raid.of_stage(stage)]
    if waypoint not in known:
        listed = ", ".join(f"WP{w}" for w in known) or "none yet"
        raise UnknownReference(
            f"stage {stage} has no waypoint {waypoint} (its waypoints: {listed})"
        )
    ms = keyed.start_of_day(time, "passage")
    rec = data.time_of(stage, number)
    start = rec.start_ms if rec is not None and rec.start_ms is not None else None
    if start is None:
        start = data.raid.start(stage, number)
    if start is not None and ms < start:
        raise RallyDeskError(
            f"#{number} WP{waypoint}: passage {T.format_time_of_day(ms)} is before the crew's "
            f"start {T.format_time_of_day(start)} (a later day takes +1)"
        )
    return Passage(stage, number, waypoint, ms)


def add_passage(
    ctx: EventContext,
    stage: int,
    number: int,
    waypoint: int,
    time: str | int,
    reason: str | None = None,
) -> Passage:
    """Record a crew's passage at a waypoint (a time of day, RULES §7); replaces one with a reason."""
    _refuse_offline(ctx, "recording a passage")
    p = build_passage(ctx, stage, number, waypoint, time)
    old = ctx.data.raid.passages_of(stage).get(number, {}).get(waypoint)
    if old is not None and old != p.time_ms and not reason:
        raise RallyDeskError(
            f"#{number} already passed WP{waypoint} at {T.format_time_of_day(old)}: "
            "replacing it needs a reason"
        )
    ctx.store.put_passages([p], reason)
    ctx.commit(StageChanged(stage))
    return p


def put_passages(ctx: EventContext, rows: list[Passage], reason: str | None = None) -> None:
    """Many checked passages in one transaction (an import)."""
    _refuse_offline(ctx, "importing passages")
    ctx.store.put_passages(rows, reason)
    ctx.commit(StageChanged(rows[0].stage if rows else 0))


# --------------------------------------------------------------------------- closing passages


def close_passages(
    ctx: EventContext, stage: int, category: str | None = None, dry_run: bool = False
) -> list[MissedPenalty]:
    """The missed-waypoint penalties of the stage (RULES §8): each crew ``OK`` on it gets one per
    waypoint with no passage; again after new passages, only the difference. ``dry_run``
    computes them and writes nothing (the desk shows them first)."""
    _stage(ctx, stage)
    found: list[MissedPenalty] = []
    for cat in _categories(ctx, category):
        found += _missed(ctx.data, stage, cat)
    if dry_run or not found:
        return found
    _refuse_offline(ctx, "closing the passages")
    with ctx.batch():
        for m in found:
            penalties.add_adjustment(
                ctx,
                stage,
                m.number,
                m.amount_ms,
                kind="penalty",
                reason=m.reason,
                article=m.kind,
            )
    return found


# --------------------------------------------------------------------------- interruptions


def interruption(ctx: EventContext, stage: int, category: str) -> Interruption | None:
    return ctx.data.raid.interruption(stage, category)


def build_interruption(
    ctx: EventContext,
    stage: int,
    category: str,
    decision: str,
    reason: str,
    *,
    at_waypoint: int | None = None,
    stopped_at: str | int | None = None,
    neutralised: tuple[str | int, str | int] | None = None,
    neutral: str | int | None = None,
) -> Interruption:
    """Check a stewards' decision: exactly one rule, its reference and reason (RULES §8)."""
    _stage(ctx, stage)
    cat = category_for(ctx.data, None, category)
    if not str(decision or "").strip():
        raise RallyDeskError("an interruption needs the stewards' decision reference (--decision)")
    if not str(reason or "").strip():
        raise RallyDeskError("an interruption needs a reason (--reason)")
    given = [x is not None for x in (at_waypoint, stopped_at, neutralised)]
    if sum(given) != 1:
        raise RallyDeskError(
            "an interruption applies exactly one rule: at a waypoint W, stopped at a time of day "
            "T, or neutralised between A and B"
        )
    known = [w.number for w in ctx.data.raid.of_stage(stage)]
    listed = ", ".join(f"WP{w}" for w in known) or "none yet"
    base = Interruption(stage, cat, "", str(decision).strip(), str(reason).strip())
    if at_waypoint is not None:
        if int(at_waypoint) not in known:
            raise UnknownReference(
                f"stage {stage} has no waypoint {at_waypoint} (its waypoints: {listed})"
            )
        return dataclasses.replace(base, rule="at-waypoint", at_waypoint=int(at_waypoint))
    if stopped_at is not None:
        t = keyed.start_of_day(stopped_at, "stopped at")
        return dataclasses.replace(base, rule="stopped-at", stopped_at_ms=t)
    assert neutralised is not None
    ends = []
    for end, edge in zip(neutralised, (START, FINISH), strict=True):
        text = str(end).strip().lower().removeprefix("wp")
        if text in (START, FINISH):
            if text != edge:
                raise RallyDeskError(
                    f"a neutralised segment runs from the start to the finish, not from {quoted(end)}"
                )
            ends.append(text)
            continue
        if not text.isdigit() or int(text) not in known:
            raise UnknownReference(
                f"neutralised from/to {quoted(end)}: expected a waypoint of stage {stage} "
                f"({listed}), or {edge}"
            )
        ends.append(text)
    order = [0 if e == START else 10**9 if e == FINISH else int(e) for e in ends]
    if order[0] >= order[1]:
        raise RallyDeskError("a neutralised segment A–B needs A before B on the route")
    n = (
        keyed.milliseconds(neutral, T.parse_duration, "neutral time")
        if neutral is not None
        else None
    )
    return dataclasses.replace(base, rule="neutralised", segment=(ends[0], ends[1]), neutral_ms=n)


def interrupt(
    ctx: EventContext,
    stage: int,
    category: str | None,
    decision: str,
    reason: str,
    rule: str | None = None,
    *,
    at_waypoint: int | None = None,
    stopped_at: str | int | None = None,
    neutralised: tuple[str | int, str | int] | None = None,
    neutral: str | int | None = None,
    dry_run: bool = False,
) -> tuple[list[Classification], list[Classification]]:
    """Interrupt the stage for the category (None: every category) by a stewards' decision.

    Returns the stage classifications before and after, one per category; ``dry_run`` computes
    them and writes nothing. ``rule`` ("at-waypoint", "stopped-at", "neutralised"), when given,
    must match the argument given."""
    cats = _categories(ctx, category)
    cuts = [
        build_interruption(
            ctx,
            stage,
            cat,
            decision,
            reason,
            at_waypoint=at_waypoint,
            stopped_at=stopped_at,
            neutralised=neutralised,
            neutral=neutral,
        )
        for cat in cats
    ]
    if rule is not None and cuts and cuts[0].rule != rule:
        raise RallyDeskError(f"rule {quoted(rule)} does not match the arguments ({cuts[0].rule})")
    for cut in cuts:
        if ctx.data.raid.interruption(stage, cut.category) is not None:
            raise AlreadyInterrupted(stage, cut.category)
    before = [classify(ctx.data, stage, False, None, c) for c in cats]
    who = official_name(ctx) or ctx.identity.user
    from ..store.journal import now_utc

    cuts = [dataclasses.replace(c, decided_at=now_utc(), decided_by=who) for c in cuts]
    data = ctx.data
    trial = data.with_raid(
        dataclasses.replace(data.raid, interruptions=data.raid.interruptions + tuple(cuts))
    )
    after = [classify(trial, stage, False, None, c) for c in cats]
    if dry_run:
        return before, after
    _refuse_offline(ctx, "interrupting a stage")
    ctx.store.put_interruptions(cuts, reason)
    ctx.commit(StageChanged(stage))
    return before, after


def undo_interruption(ctx: EventContext, stage: int, category: str | None, reason: str) -> None:
    """Take a stage's interruption back (a reason is required; the journal keeps both)."""
    if not str(reason or "").strip():
        raise RallyDeskError("undoing an interruption needs a reason")
    _refuse_offline(ctx, "undoing an interruption")
    cats = _categories(ctx, category)
    present = [c for c in cats if ctx.data.raid.interruption(stage, c) is not None]
    if not present:
        raise RallyDeskError(f"stage {stage} is not interrupted for {', '.join(cats)}")
    ctx.store.remove_interruptions(stage, present, reason.strip())
    ctx.commit(StageChanged(stage))


def for_stewards(ctx: EventContext, stage: int, category: str) -> list[int]:
    """The crews a neutralisation could not apply to (a passage at A or B missing, RULES §8)."""
    found = interruption_of(ctx.data, stage, category)
    return list(found.for_stewards) if found is not None else []


def interruption_lines(
    ctx: EventContext, stage: int, category: str, overall: bool = False
) -> list[str]:
    """What the sheets print of the stewards' interruptions, in the sheets' language: the
    stage's own on its stage sheet; on the overall after ``stage``, every one of a counting
    stage up to it (RULES §8)."""
    data = ctx.data
    scope = "overall" if overall else "stage"
    sheet = Classification(stage, scope, category_for(data, None, category), None, (), ())
    return interruption_notices(data, sheet, data.settings.language)
