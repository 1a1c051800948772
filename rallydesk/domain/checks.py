"""What the desk checks before a keyed result is written: refusals, warnings, the missing list.

Pure: they look at one snapshot and one candidate result, so the CLI, the GUI and the tests
ask the same questions and get the same answers.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from . import times as T
from .model import Entry, EventData, StageTime

#: statuses that end a crew's event: a time keyed after one appears in no classification
OUT_OF_EVENT = ("RET", "DSQ")
#: statuses that need a reason (a stray F7, Enter must not retire a crew)
NEEDS_REASON = ("RET", "DSQ")
#: usual average speeds on a special (km/h) when nothing else is known: a first crew is judged by them
DEFAULT_SPEEDS_KMH: dict[str, tuple[float, float]] = {"": (15.0, 160.0)}
#: how many crews of the category must be in before the best and the median judge a time: the
#: best of a handful is often a slow one (the fast crews start first and arrive together), so
#: until then the special's length and the category's speed range judge it (when the length is known)
FIELD_TO_COMPARE = 10


@dataclass(frozen=True)
class Review:
    """Refusals stop the write; warnings are asked about (the official may confirm)."""

    refusals: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def out_before(data: EventData, stage: int, number: int) -> StageTime | None:
    """The earlier result that ended this crew's event (RET, DSQ), if any."""
    for s in sorted(x.number for x in data.stages if x.number < stage):  # a lookup per stage,
        t = data.time_of(s, number)  # not a pass over every result of the rally at each Enter
        if t is not None and t.status in OUT_OF_EVENT:
            return t
    return None


def still_without_time(data: EventData, stage: int, category: str | None = None) -> list[Entry]:
    """Entries with no result on the stage, not out of the event before it; one category or all."""
    out = {t.number for t in data.times if t.status in OUT_OF_EVENT and t.stage < stage}
    rows = []
    for e in data.entries:
        if e.number in out or data.time_of(stage, e.number) is not None:
            continue
        if category is not None:
            try:
                if data.category_of_class(e.class_code) != category:
                    continue
            except KeyError:
                continue
        rows.append(e)
    return rows


def _speed_range(
    category: str | None, speeds: dict[str, tuple[float, float]]
) -> tuple[float, float]:
    return speeds.get(category or "", speeds.get("", DEFAULT_SPEEDS_KMH[""]))


def review(
    data: EventData, t: StageTime, speeds: dict[str, tuple[float, float]] | None = None
) -> Review:
    refusals: list[str] = []
    warnings: list[str] = []
    if t.status in NEEDS_REASON and not (t.reason or "").strip():
        refusals.append(
            f"{t.status} needs a reason (what happened to #{t.number}): key it, then Enter"
        )
    out = out_before(data, t.stage, t.number)
    if out is not None:
        why = f" ({out.reason})" if out.reason else ""
        warnings.append(
            f"#{t.number} is {out.status} since stage {out.stage}{why}: a result on stage {t.stage}"
            " appears in no classification — is the race number right?"
        )
    plausible = _plausibility(data, t, speeds or DEFAULT_SPEEDS_KMH)
    if plausible:
        warnings.append(plausible)
    return Review(tuple(refusals), tuple(warnings))


def _plausibility(
    data: EventData, t: StageTime, speeds: dict[str, tuple[float, float]]
) -> str | None:
    """By the special's length and the category's speed range while fewer than
    :data:`FIELD_TO_COMPARE` crews of the category are in; then (or with no length, from three
    crews) against the others: the best and the median."""
    if t.status != "OK" or t.elapsed_ms is None:
        return None
    try:
        cat = data.category_of_class(data.entry(t.number).class_code)
        stage = data.stage(t.stage)
    except KeyError:
        return None
    style = data.settings.time_style
    p = stage.precision_ms

    def show(ms: float) -> str:
        return T.format_duration(int(ms), style, p)

    same = []
    category_of: dict[str, str | None] = {}  # class -> category, asked once per class
    for x in data.times:
        if (
            x.stage == t.stage
            and x.status == "OK"
            and x.elapsed_ms is not None
            and x.number != t.number
        ):
            try:
                cls = data.entry(x.number).class_code
            except KeyError:
                continue
            if cls not in category_of:
                try:
                    category_of[cls] = data.category_of_class(cls)
                except KeyError:
                    category_of[cls] = None
            if category_of[cls] == cat:
                same.append(x.elapsed_ms)
    km = stage.special_km
    if len(same) >= (FIELD_TO_COMPARE if km else 3):
        median = statistics.median(same)
        best = min(same)
        if t.elapsed_ms < best * 0.95:
            return f"{show(t.elapsed_ms)} would beat the best time on this stage ({show(best)}) by more than 5 %"
        if t.elapsed_ms < median * 0.7 or t.elapsed_ms > median * 2:
            return f"{show(t.elapsed_ms)} is far from this stage's median ({show(median)})"
        return None
    if not km or t.elapsed_ms <= 0:
        return None
    low, high = _speed_range(cat, speeds)
    speed = km / (t.elapsed_ms / 3_600_000)
    if speed > high or speed < low:
        return (
            f"{show(t.elapsed_ms)} over {km:g} km is an average of {speed:.0f} km/h, outside the usual "
            f"{low:g}–{high:g} km/h for this category"
        )
    return None
