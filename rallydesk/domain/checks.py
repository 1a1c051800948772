"""What the desk checks before a keyed result is written: refusals, warnings, the missing list.

Pure: they look at one snapshot and one candidate result, so the CLI, the GUI and the tests
ask the same questions and get the same answers.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass

from . import times as T
from .model import Derivation, Entry, EventData, StageTime

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

    same = _StageField.of(data).others(data, t.stage, cat, t.number)  # sorted
    km = stage.special_km
    if len(same) >= (FIELD_TO_COMPARE if km else 3):
        median = _median(same)
        best = same[0]
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


class _StageField:
    """Each stage's OK times by category, sorted, kept in the snapshot's index and derived from
    one keyed time to the next: judging a time reads its own stage only, not the rally's 11,200
    results (a scan of every time cost ~5 ms at each Enter at Dakar scale). A stage is gathered
    the first time it is asked about; later snapshots carry it forward by one insort/removal."""

    KEY = "checks.stage_field"

    def __init__(self) -> None:
        #: stage -> race number -> (category, elapsed ms) of its OK time
        self.times: dict[int, dict[int, tuple[str | None, int]]] = {}
        #: (stage, category) -> sorted elapsed ms of the OK times
        self.sorted: dict[tuple[int, str | None], list[int]] = {}

    @classmethod
    def of(cls, data: EventData) -> _StageField:
        field = data._index.get(cls.KEY)
        if not isinstance(field, cls):
            field = cls()
            data._index[cls.KEY] = field
        return field

    def _gather(self, data: EventData, stage: int) -> None:
        category_of: dict[str, str | None] = {}  # class -> category, asked once per class
        per_number: dict[int, tuple[str | None, int]] = {}
        for x in data.times:
            if x.stage != stage or x.status != "OK" or x.elapsed_ms is None:
                continue
            cat = _category(data, x.number, category_of)
            if cat is not None:
                per_number[x.number] = (cat, x.elapsed_ms)
        self.times[stage] = per_number
        lists: dict[tuple[int, str | None], list[int]] = {}
        for cat, ms in per_number.values():
            lists.setdefault((stage, cat), []).append(ms)
        for key in [k for k in self.sorted if k[0] == stage]:
            del self.sorted[key]
        for key, values in lists.items():
            values.sort()
            self.sorted[key] = values

    def others(self, data: EventData, stage: int, category: str, number: int) -> list[int]:
        """The OK times of the category on the stage, sorted, the crew's own left out (it is
        being replaced)."""
        if stage not in self.times:
            self._gather(data, stage)
        values = self.sorted.get((stage, category), [])
        own = self.times[stage].get(number)
        if own is None or own[0] != category:
            return values
        values = list(values)
        del values[bisect_left(values, own[1])]
        return values

    def derive(self, event: EventData, change: Derivation) -> _StageField:
        """The field of ``event``, a snapshot one change after ours. Always a new object: a
        stage gathered later into one snapshot's field must not show in another's."""
        new = _StageField()
        new.times = dict(self.times)  # the inner dicts and lists are replaced, never changed
        new.sorted = dict(self.sorted)
        if change[0] != "time" or change[1] not in self.times:
            return new  # adjustments change no elapsed time; an ungathered stage is gathered when asked
        _, stage, number, t = change
        per_number = dict(self.times[stage])
        old = per_number.pop(number, None)
        if old is not None:
            values = list(new.sorted[(stage, old[0])])
            del values[bisect_left(values, old[1])]
            new.sorted[(stage, old[0])] = values
        if t is not None and t.status == "OK" and t.elapsed_ms is not None:
            cat = _category(event, number, {})
            if cat is not None:
                per_number[number] = (cat, t.elapsed_ms)
                values = list(new.sorted.get((stage, cat), []))
                insort(values, t.elapsed_ms)
                new.sorted[(stage, cat)] = values
        new.times[stage] = per_number
        return new


def _category(data: EventData, number: int, category_of: dict[str, str | None]) -> str | None:
    try:
        cls = data.entry(number).class_code
    except KeyError:
        return None
    if cls not in category_of:
        try:
            category_of[cls] = data.category_of_class(cls)
        except KeyError:
            category_of[cls] = None
    return category_of[cls]


def _median(values: list[int]) -> float:
    """The median of sorted values (as ``statistics.median``, without sorting them again)."""
    n = len(values)
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2
