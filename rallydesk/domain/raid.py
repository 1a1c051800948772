"""The rally-raid rules of RULES §8: missed waypoints, interrupted stages, ``max+`` nominal times.

Pure functions over :class:`EventData`, integer milliseconds. An interruption never rewrites a
keyed result: :func:`interrupted_times` gives the result the classification counts instead
(``domain.classification`` asks it through its index), so undoing the decision gives back exactly
what was keyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import OUT_STATUSES, EventData, StageTime
from .times import TimeFormatError, format_time_of_day, parse_time_of_day
from .waypoints import FINISH, START, Interruption, Waypoint


@dataclass(frozen=True)
class MissedPenalty:
    """One penalty closing the passages adds: a waypoint a crew did not pass (RULES §8)."""

    number: int
    waypoint: int
    km: float | None
    kind: str
    amount_ms: int
    reason: str


def missed_reason(w: Waypoint) -> str:
    """``missed WPn (km k)``: the reason of a missed-waypoint penalty (its identity too)."""
    if w.km is None:
        return f"missed WP{w.number}"
    km = f"{w.km:g}"
    return f"missed WP{w.number} (km {km})"


def dnf_at_reason(waypoint: int | None, decision: str) -> str:
    """The reason of a crew made DNF by "classified at WP W": no passage there."""
    return f"no passage at WP{waypoint}: the stage is classified there (decision {decision})"


def stopped_reason(stopped_at_ms: int, decision: str) -> str:
    """The reason of a crew given the reference time of "stopped at T"."""
    return f"stopped at {format_time_of_day(stopped_at_ms)} (decision {decision})"


#: The reasons above as made, read back by :func:`read_reason` (stored texts never change form).
_MISSED = re.compile(r"missed WP(?P<w>[0-9]+)(?: \(km (?P<km>[0-9.]+)\))?")
_DNF_AT = re.compile(
    r"no passage at WP(?P<w>[0-9]+): the stage is classified there \(decision (?P<d>.*)\)"
)
_STOPPED = re.compile(r"stopped at (?P<t>[0-9:.]+(?: \+[0-9]+)?) \(decision (?P<d>.*)\)")


@dataclass(frozen=True)
class RaidReason:
    """A reason the rules of §8 made, as values: ``kind`` is ``missed`` (a missed-waypoint
    penalty: ``waypoint``, ``km``), ``dnf-at`` (no passage at the waypoint W a stage is classified
    at: ``waypoint``, ``decision``) or ``stopped`` (the time given when a stage is stopped at T:
    ``time_ms``, ``decision``). The desk words them in its own language."""

    kind: str
    waypoint: int | None = None
    km: float | None = None
    time_ms: int | None = None
    decision: str | None = None


def read_reason(text: str | None) -> RaidReason | None:
    """The values of a reason :func:`missed_reason`, :func:`dnf_at_reason` or
    :func:`stopped_reason` made; None for any other text (an official's own words)."""
    if not text:
        return None
    m = _MISSED.fullmatch(text)
    if m is not None:
        km = m.group("km")
        return RaidReason("missed", int(m.group("w")), float(km) if km is not None else None)
    m = _DNF_AT.fullmatch(text)
    if m is not None:
        return RaidReason("dnf-at", int(m.group("w")), decision=m.group("d"))
    m = _STOPPED.fullmatch(text)
    if m is not None:
        try:
            at = parse_time_of_day(m.group("t"))
        except TimeFormatError:
            return None
        return RaidReason("stopped", time_ms=at, decision=m.group("d"))
    return None


def counted_waypoints(data: EventData, stage: int, category: str) -> list[Waypoint]:
    """The waypoints a crew can miss: after an ``at-waypoint W`` decision, none after W."""
    wps = data.raid.of_stage(stage)
    cut = data.raid.interruption(stage, category)
    if cut is not None and cut.rule == "at-waypoint" and cut.at_waypoint is not None:
        return [w for w in wps if w.number <= cut.at_waypoint]
    return wps


def missed_by(data: EventData, stage: int, category: str, number: int) -> list[Waypoint]:
    passed = data.raid.passages_of(stage).get(number, {})
    return [w for w in counted_waypoints(data, stage, category) if w.number not in passed]


def _out_by(data: EventData, stage: int, number: int) -> bool:
    """Out of the rally (RET/DSQ/EXP) on this stage or an earlier one."""
    for s in data.stages:
        if s.number > stage:
            break
        t = data.time_of(s.number, number)
        if t is not None and t.status in OUT_STATUSES:
            return True
    return False


def missed_penalties(data: EventData, stage: int, category: str) -> list[MissedPenalty]:
    """What closing the passages of ``stage`` for ``category`` adds: for every crew with status
    ``OK`` on it, one penalty per waypoint without a passage, less those already added (closing
    again after new passages adds only the difference)."""
    if not data.raid.of_stage(stage):
        return []
    already = {
        (a.number, a.reason)
        for a in data.adjustments
        if a.stage == stage and a.reason and a.reason.startswith("missed WP")
    }
    cut = data.raid.interruption(stage, category)
    at = cut.at_waypoint if cut is not None and cut.rule == "at-waypoint" else None
    found: list[MissedPenalty] = []
    for e in sorted(data.entries, key=lambda e: e.number):
        if data.category_of_class(e.class_code) != category:
            continue
        rec = data.time_of(stage, e.number)
        if rec is None or rec.status != "OK" or _out_by(data, stage, e.number):
            continue
        if at is not None and at not in data.raid.passages_of(stage).get(e.number, {}):
            continue  # DNF by the decision: classified at W, which it did not reach
        for w in missed_by(data, stage, category, e.number):
            reason = missed_reason(w)
            if (e.number, reason) in already:
                continue
            amount = data.settings.missed_penalty(w.kind)
            found.append(MissedPenalty(e.number, w.number, w.km, w.kind, amount, reason))
    return found


def max_plus(data: EventData, stage: int, category: str, number: int) -> int | None:
    """The ``max+`` nominal time of a DNS/DNF crew: the stage's maximum time + the penalty of every
    waypoint it did not pass + the stage's fixed penalty, counted once (RULES §8)."""
    st = data.stage(stage)
    if st.max_time_ms is None:
        return None
    missed = sum(
        data.settings.missed_penalty(w.kind) for w in missed_by(data, stage, category, number)
    )
    return st.max_time_ms + missed + st.fixed_penalty_ms


# --------------------------------------------------------------------------- interruptions


@dataclass(frozen=True)
class Interrupted:
    """What an interruption makes of one stage and category: the results counted instead of the
    keyed ones, the crews listed for the stewards, and N or T as computed."""

    times: dict[int, StageTime]
    for_stewards: tuple[int, ...] = ()
    computed_ms: int | None = None  # N (neutralised) or the time given (stopped-at)


def _start(data: EventData, rec: StageTime | None, stage: int, number: int) -> int | None:
    if rec is not None and rec.start_ms is not None:
        return rec.start_ms
    return data.raid.start(stage, number)


def _finish(data: EventData, rec: StageTime, stage: int) -> int | None:
    if rec.finish_ms is not None:
        return rec.finish_ms
    start = _start(data, rec, stage, rec.number)
    if start is not None and rec.elapsed_ms is not None:
        return start + rec.elapsed_ms
    return None


def interrupted_times(data: EventData, cut: Interruption, numbers: list[int]) -> Interrupted:
    """The results of the crews ``numbers`` (one category) on an interrupted stage (RULES §8)."""
    if cut.rule == "at-waypoint":
        return _at_waypoint(data, cut, numbers)
    if cut.rule == "stopped-at":
        return _stopped_at(data, cut, numbers)
    return _neutralised(data, cut, numbers)


def _at_waypoint(data: EventData, cut: Interruption, numbers: list[int]) -> Interrupted:
    stage, w = cut.stage, cut.at_waypoint
    passages = data.raid.passages_of(stage)
    times: dict[int, StageTime] = {}
    for n in numbers:
        rec = data.time_of(stage, n)
        if rec is not None and rec.status not in ("OK", "DNF"):
            continue  # DNS, RET, DSQ, EXP stand as keyed
        start = _start(data, rec, stage, n)
        at = passages.get(n, {}).get(w or 0)
        if at is not None and start is not None:
            times[n] = StageTime(
                stage, n, "OK", at - start, start, at, None, rec.reason if rec else None
            )
        elif rec is not None or start is not None or n in passages:
            nominal = rec.nominal_ms if rec is not None and rec.status == "DNF" else None
            why = dnf_at_reason(w, cut.decision)
            times[n] = StageTime(stage, n, "DNF", None, start, None, nominal, why)
    return Interrupted(times)


def _stopped_at(data: EventData, cut: Interruption, numbers: list[int]) -> Interrupted:
    stage, t = cut.stage, cut.stopped_at_ms or 0
    finished: list[tuple[int, int, int]] = []  # (finish, elapsed, number) before T
    for n in numbers:
        rec = data.time_of(stage, n)
        if rec is None or rec.status != "OK" or rec.elapsed_ms is None:
            continue
        finish = _finish(data, rec, stage)
        if finish is not None and finish < t:
            finished.append((finish, rec.elapsed_ms, n))
    if not finished:
        return Interrupted({}, (), None)
    reference = max(finished)[1]  # the last crew to have finished before T
    before = {n for _, _, n in finished}
    passages = data.raid.passages_of(stage)
    times: dict[int, StageTime] = {}
    for n in numbers:
        if n in before:
            continue
        rec = data.time_of(stage, n)
        start = _start(data, rec, stage, n)
        if rec is not None and rec.status == "OK":
            if rec.elapsed_ms is not None and _finish(data, rec, stage) is None:
                continue  # a keyed elapsed time without a time of day: it stands
        elif rec is not None or (start is None and n not in passages):
            continue  # DNS/DNF/RET…, or a crew that never started
        why = stopped_reason(t, cut.decision)
        times[n] = StageTime(stage, n, "OK", reference, start, None, None, why)
    return Interrupted(times, (), reference)


def _segment_end(
    end: str, passed: dict[int, int], start: int | None, finish: int | None
) -> int | None:
    if end == START:
        return start
    if end == FINISH:
        return finish
    return passed.get(int(end))


def _neutralised(data: EventData, cut: Interruption, numbers: list[int]) -> Interrupted:
    stage = cut.stage
    a, b = cut.segment or (START, FINISH)
    passages = data.raid.passages_of(stage)
    segments: dict[int, tuple[StageTime, int]] = {}
    listed: list[int] = []
    for n in numbers:
        rec = data.time_of(stage, n)
        if rec is None or rec.status != "OK" or rec.elapsed_ms is None:
            continue
        passed = passages.get(n, {})
        start = _start(data, rec, stage, n)
        finish = _finish(data, rec, stage)
        pa = _segment_end(a, passed, start, finish)
        pb = _segment_end(b, passed, start, finish)
        if pa is None or pb is None:
            listed.append(n)  # keeps its time + 0, listed for the stewards
            continue
        segments[n] = (rec, pb - pa)
    if not segments:
        return Interrupted({}, tuple(listed), cut.neutral_ms)
    neutral = cut.neutral_ms if cut.neutral_ms is not None else min(s for _, s in segments.values())
    times: dict[int, StageTime] = {}
    for n, (rec, seg) in segments.items():
        elapsed = (rec.elapsed_ms or 0) - seg + neutral
        times[n] = StageTime(
            stage, n, "OK", max(0, elapsed), rec.start_ms, rec.finish_ms, None, rec.reason
        )
    return Interrupted(times, tuple(listed), neutral)


def segment_ms(data: EventData, cut: Interruption, number: int) -> int | None:
    """A crew's own time over the neutralised segment A–B (passage at B − passage at A): what
    the decision takes out of its time before adding N (None: a passage or a time missing)."""
    if cut.rule != "neutralised":
        return None
    rec = data.time_of(cut.stage, number)
    if rec is None or rec.status != "OK" or rec.elapsed_ms is None:
        return None
    a, b = cut.segment or (START, FINISH)
    passed = data.raid.passages_of(cut.stage).get(number, {})
    start, finish = _start(data, rec, cut.stage, number), _finish(data, rec, cut.stage)
    pa, pb = _segment_end(a, passed, start, finish), _segment_end(b, passed, start, finish)
    return None if pa is None or pb is None else pb - pa
