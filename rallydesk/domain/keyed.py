"""Keyed values made into domain values: a stage result, an adjustment, a start (RULES §3, §6, §7).

What an official types (text in the forms of RULES §7) or a script passes (integer milliseconds)
is checked here once, for the desk, the command line, imports and the Python API alike. Nothing
here knows where the value came from or where it goes.
"""

from __future__ import annotations

from collections.abc import Callable

from . import times as T
from .errors import BadField, RallyDeskError, UnknownReference, quoted, unknown_stage
from .model import (
    APPLIES_TO,
    KINDS_BY_NAME,
    STATUSES,
    Adjustment,
    Entry,
    EventData,
    Stage,
    StageTime,
)

#: A stage time above this is a keying error, not a result (a 48h chrono is well under it).
MAX_STAGE_MS = 100 * 3_600_000

Keyed = str | int | None


def require(data: EventData, stage: int, number: int) -> tuple[Stage, Entry]:
    """The stage and the entry a keyed value is for, or the refusal naming what is known."""
    try:
        st = data.stage(stage)
    except KeyError:
        raise unknown_stage(stage, (s.number for s in data.stages)) from None
    try:
        entry = data.entry(number)
    except KeyError:
        raise UnknownReference(f"race number {number} is not entered in this event") from None
    return st, entry


def refuse_duplicate(data: EventData, a: Adjustment) -> None:
    """An adjustment identical to a live one (stage, number, amount, reason, article) is refused:
    a penalties file imported twice, or a decision keyed twice, must not count twice."""
    same = next((x for x in data.adjustments if x.identity == a.identity), None)
    if same is not None:
        raise RallyDeskError(
            f"duplicate: adjustment {same.id} ({same.describe()}) is already recorded; "
            "give a different reason or article if this is a second decision"
        )


def milliseconds(value: Keyed, parse: Callable[[str], int], what: str) -> int | None:
    """Keyed text (RULES §7) or an int of milliseconds from scripts; None when nothing is keyed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RallyDeskError(f"{what}: {quoted(value)} is not a time")
    if isinstance(value, int):
        return value
    try:
        return parse(str(value))
    except T.TimeFormatError as exc:
        raise BadField(what, str(exc)) from None


def elapsed_from(start_ms: int, finish_ms: int) -> int:
    """finish − start; a finish before the start needs an explicit +1 day (RULES §3)."""
    if finish_ms < start_ms:
        raise RallyDeskError(
            f"finish {T.format_time_of_day(finish_ms, 1)} is before start"
            f" {T.format_time_of_day(start_ms, 1)}; if the finish was on the next day, key it"
            " with +1 (e.g. 01:10:00 +1)"
        )
    return finish_ms - start_ms


def start_of_day(value: Keyed, what: str = "start") -> int:
    """A start time of day, required (a start list's row)."""
    start_ms = milliseconds(value, T.parse_time_of_day, what)
    if start_ms is None:
        raise RallyDeskError(f"{what}: a start time of day is needed, e.g. 08:10:00")
    return start_ms


def stage_time(
    stage: int,
    number: int,
    elapsed: Keyed = None,
    start: Keyed = None,
    finish: Keyed = None,
    status: str | None = "OK",
    nominal: Keyed = None,
    reason: str | None = None,
    listed_start_ms: int | None = None,
) -> StageTime:
    """One result from what was keyed. ``listed_start_ms`` is the crew's start in the stage's
    start list: with it, a finish alone is enough (the desk, the command line and the API alike)."""
    status = (status or "OK").strip().upper()
    if status not in STATUSES:
        raise RallyDeskError(f"status {quoted(status)} is unknown; accepted: {', '.join(STATUSES)}")
    start_ms = milliseconds(start, T.parse_time_of_day, "start")
    finish_ms = milliseconds(finish, T.parse_time_of_day, "finish")
    elapsed_ms = milliseconds(elapsed, T.parse_duration, "elapsed")
    nominal_ms = milliseconds(nominal, T.parse_duration, "nominal")
    if start_ms is None and finish_ms is not None and listed_start_ms is not None:
        start_ms = listed_start_ms
    if (start_ms is None) != (finish_ms is None) and elapsed_ms is None and status == "OK":
        raise RallyDeskError("a start needs a finish (or key the elapsed time)")
    if start_ms is not None and finish_ms is not None:
        from_clock = elapsed_from(start_ms, finish_ms)
        if elapsed_ms is not None and elapsed_ms != from_clock:
            raise RallyDeskError(
                f"elapsed {T.format_duration(elapsed_ms, 'plain', 1)} disagrees with finish − start"
                f" = {T.format_duration(from_clock, 'plain', 1)}; key one or the other"
            )
        elapsed_ms = from_clock
    if status == "OK" and elapsed_ms is None:
        raise RallyDeskError("an OK result needs an elapsed time, or a start and a finish")
    for name, value in (("elapsed", elapsed_ms), ("nominal", nominal_ms)):
        if value is not None and value < 0:
            raise BadField(name, f"a {name} time cannot be negative ({value} ms)")
        if value == 0 and (name == "nominal" or status == "OK"):
            # no crew covers a special in no time: a zero is a keying or an import error
            field = "finish" if name == "elapsed" and finish_ms is not None else name
            raise BadField(
                field,
                f"a {name} time of 0:00:00 is impossible for a stage; expected the crew's"
                " time (e.g. 3:07:49), or a status (DNS, DNF…) when there is none",
            )
        if value is not None and value > MAX_STAGE_MS:
            raise RallyDeskError(
                f"{name} {T.format_duration(value, 'plain', 1)} is absurd for one stage "
                f"(more than {MAX_STAGE_MS // 3_600_000} hours); check the keying"
            )
    if nominal_ms is not None and status not in ("DNS", "DNF"):
        raise RallyDeskError(f"a nominal time is given for DNS or DNF, not for {status}")
    return StageTime(
        stage,
        number,
        status,
        elapsed_ms,
        start_ms,
        finish_ms,
        nominal_ms,
        (reason or None) and reason.strip(),
    )


def adjustment(
    stage: int,
    number: int,
    amount: Keyed,
    kind: str | None = None,
    applies_to: str | None = None,
    reason: str | None = None,
    article: str | None = None,
    decided_by: str | None = None,
    decision: str | None = None,
    decided_at: str | None = None,
) -> Adjustment:
    """A penalty, bonus or credit from what was keyed (its id is the store's to give)."""
    amount_ms = milliseconds(amount, T.parse_adjustment, "amount")
    if amount_ms is not None and abs(amount_ms) > MAX_STAGE_MS:
        raise RallyDeskError(
            f"amount: {T.format_gap(amount_ms, 'plain')} is absurd for an adjustment"
        )
    if amount_ms is None:
        raise RallyDeskError('amount: an adjustment needs a signed amount, e.g. +0:01:10 or -40"')
    if amount_ms == 0:
        raise RallyDeskError("amount: an adjustment of zero changes nothing")
    name = (kind or ("penalty" if amount_ms > 0 else "bonus")).strip().lower()
    found = KINDS_BY_NAME.get(name)
    if found is None:
        raise RallyDeskError(
            f"kind {quoted(name)} is unknown; accepted: {', '.join(KINDS_BY_NAME)}"
        )
    if (amount_ms > 0) != (found.sign > 0):
        raise RallyDeskError(found.wording)
    applies = (applies_to or "stage").strip().lower()
    if applies not in APPLIES_TO:
        raise RallyDeskError(
            f"applies_to {quoted(applies)} is unknown; accepted: {', '.join(APPLIES_TO)}"
        )
    return Adjustment(
        0,
        stage,
        number,
        amount_ms,
        name,
        applies,
        reason or None,
        article or None,
        decided_by or None,
        decided_at or None,
        decision or None,
    )
