"""Stage, overall, class and cup classifications (RULES §3–§5).

Pure functions over :class:`EventData`; no SQL, no Qt.  Everything is integer milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .errors import RallyDeskError, UnknownReference
from .model import OUT_STATUSES, Entry, EventData, Stage, StageTime
from .times import truncate


@dataclass(frozen=True)
class Row:
    position: int
    number: int
    time_ms: int
    penalty_ms: int
    gap_ms: int
    diff_ms: int
    category_position: int
    nominal: bool = False
    change: int | None = None


@dataclass(frozen=True)
class NotClassified:
    number: int
    status: str  # DNS, DNF, RET, DSQ, EXP, or NT (no time on a counting stage)
    stage: int | None
    reason: str | None = None


@dataclass(frozen=True)
class Classification:
    stage: int
    scope: str  # "stage" or "overall"
    category: str
    group: str | None
    rows: tuple[Row, ...]
    not_classified: tuple[NotClassified, ...]
    precision_ms: int = 1000
    cancelled: bool = False
    counting_stages: tuple[int, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        rows = []
        for r in self.rows:
            d: dict[str, Any] = {
                "position": r.position,
                "number": r.number,
                "time_ms": r.time_ms,
                "penalty_ms": r.penalty_ms,
                "gap_ms": r.gap_ms,
                "diff_ms": r.diff_ms,
                "category_position": r.category_position,
                "nominal": r.nominal,
            }
            if self.scope == "overall":
                d["change"] = r.change
            rows.append(d)
        return {
            "stage": self.stage,
            "scope": self.scope,
            "category": self.category,
            "group": self.group,
            "rows": rows,
            "not_classified": [
                {"number": n.number, "status": n.status, "stage": n.stage, "reason": n.reason}
                for n in self.not_classified
            ],
        }


# --------------------------------------------------------------------------- indexes


class _Index:
    """Lookups built once per EventData snapshot (cached on it)."""

    def __init__(self, event: EventData) -> None:
        self.stages: dict[int, Stage] = {s.number: s for s in event.stages}
        self.times: dict[tuple[int, int], StageTime] = {(t.stage, t.number): t for t in event.times}
        self.stage_adj: dict[tuple[int, int], int] = defaultdict(int)
        self.overall_adj: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for a in event.adjustments:
            if a.applies_to == "overall":
                self.overall_adj[a.number].append((a.stage, a.amount_ms))
            else:
                self.stage_adj[(a.stage, a.number)] += a.amount_ms
        self.category: dict[str, str] = {}
        for g in event.groups:
            self.category[g.code] = g.code if g.kind == "category" else (g.parent or g.code)
        self.by_category: dict[str, list[Entry]] = defaultdict(list)
        for e in sorted(event.entries, key=lambda e: e.number):
            self.by_category[self.category.get(e.class_code, e.class_code)].append(e)
        # first stage on which an entry left the competition (RET/DSQ/EXP)
        self.out: dict[int, StageTime] = {}
        for t in sorted(event.times, key=lambda t: t.stage):
            if t.status in OUT_STATUSES and t.number not in self.out:
                self.out[t.number] = t
        self.stage_cache: dict[tuple[int, str], Classification] = {}


def _index(event: EventData) -> _Index:
    idx = event._index.get("classification")
    if idx is None:
        idx = _Index(event)
        event._index["classification"] = idx
    return idx


def _out_on_or_before(idx: _Index, number: int, stage: int) -> StageTime | None:
    t = idx.out.get(number)
    return t if t is not None and t.stage <= stage else None


def _stage_time(idx: _Index, stage: Stage, number: int) -> int | None:
    """Stage time (§3): truncated raw time + stage-applied adjustments, never below zero."""
    t = idx.times.get((stage.number, number))
    if t is None or t.status != "OK" or t.elapsed_ms is None:
        return None
    raw = truncate(t.elapsed_ms, stage.precision_ms)
    return max(0, raw + idx.stage_adj.get((stage.number, number), 0))


def _rank(keys: list[tuple]) -> list[int]:
    """Positions for keys already sorted; equal keys share, the next position skips."""
    positions: list[int] = []
    for i, k in enumerate(keys):
        if i and k == keys[i - 1]:
            positions.append(positions[-1])
        else:
            positions.append(i + 1)
    return positions


def _with_gaps(ranked: list[tuple[int, int, int, int, bool]]) -> list[Row]:
    """(position, number, time, penalty, nominal) in order -> rows with gap and diff."""
    rows: list[Row] = []
    for i, (pos, number, time_ms, pen, nominal) in enumerate(ranked):
        first = ranked[0][2]
        diff = 0 if i == 0 or pos == ranked[i - 1][0] else time_ms - ranked[i - 1][2]
        rows.append(Row(pos, number, time_ms, pen, time_ms - first, diff, pos, nominal))
    return rows


def _precision_of(stages: list[Stage]) -> int:
    return min((s.precision_ms for s in stages), default=1000)


# --------------------------------------------------------------------------- stage (§4)


def stage_classification(event: EventData, stage: int, category: str) -> Classification:
    idx = _index(event)
    cached = idx.stage_cache.get((stage, category))
    if cached is not None:
        return cached
    st = _stage(idx, stage)
    if category in st.cancelled_for:
        result = Classification(stage, "stage", category, None, (), (), st.precision_ms, True)
        idx.stage_cache[(stage, category)] = result
        return result
    timed: list[tuple[int, int, int]] = []
    not_classified: list[NotClassified] = []
    for e in idx.by_category.get(category, ()):
        out = _out_on_or_before(idx, e.number, stage)
        if out is not None:
            not_classified.append(NotClassified(e.number, out.status, out.stage, out.reason))
            continue
        t = _stage_time(idx, st, e.number)
        if t is not None:
            timed.append((t, e.number, idx.stage_adj.get((stage, e.number), 0)))
            continue
        rec = idx.times.get((stage, e.number))
        if rec is not None and rec.status in ("DNS", "DNF"):
            not_classified.append(NotClassified(e.number, rec.status, stage, rec.reason))
    timed.sort()
    positions = _rank([(t,) for t, _, _ in timed])
    rows = _with_gaps([(p, n, t, pen, False) for p, (t, n, pen) in zip(positions, timed, strict=True)])
    not_classified.sort(key=lambda n: (n.stage if n.stage is not None else -1, n.number))
    result = Classification(
        stage, "stage", category, None, tuple(rows), tuple(not_classified), st.precision_ms
    )
    idx.stage_cache[(stage, category)] = result
    return result


def _stage(idx: _Index, number: int) -> Stage:
    try:
        return idx.stages[number]
    except KeyError:
        known = ", ".join(str(n) for n in sorted(idx.stages)) or "none yet"
        raise UnknownReference(f"stage {number} does not exist (stages: {known})") from None


# --------------------------------------------------------------------------- overall (§5)


def counting_stages(event: EventData, stage: int, category: str) -> list[Stage]:
    return sorted(
        (s for s in event.stages if s.number <= stage and s.counts and category not in s.cancelled_for),
        key=lambda s: s.number,
    )


def nominal_time(event: EventData, stage: Stage, category: str, rec: StageTime) -> int | None:
    """Nominal time of a DNS/DNF entry: keyed, else the stage's rule for the category (§3)."""
    if rec.status not in ("DNS", "DNF"):
        return None
    if rec.nominal_ms is not None:
        return rec.nominal_ms
    rule = stage.nominal
    if rule.kind == "fixed":
        return rule.amount_ms
    if rule.kind == "slowest+":
        rows = stage_classification(event, stage.number, category).rows
        return rows[-1].time_ms + rule.amount_ms if rows else None
    return None


def _counted(
    event: EventData, idx: _Index, stage: Stage, category: str, number: int
) -> tuple[int, bool] | None:
    """Time counted for the overall on one stage: stage time or nominal + adjustments."""
    t = _stage_time(idx, stage, number)
    if t is not None:
        return t, False
    rec = idx.times.get((stage.number, number))
    if rec is None:
        return None
    nominal = nominal_time(event, stage, category, rec)
    if nominal is None:
        return None
    return max(0, nominal + idx.stage_adj.get((stage.number, number), 0)), True


def overall_classification(event: EventData, stage: int, category: str) -> Classification:
    idx = _index(event)
    _stage(idx, stage)
    counting = counting_stages(event, stage, category)
    precision = _precision_of(counting)
    numbers = tuple(s.number for s in counting)
    if not counting:
        return Classification(stage, "overall", category, None, (), (), precision, False, numbers)
    tie_break = event.settings.tie_break
    keyed: list[tuple[int, tuple[int, ...], int, int, bool]] = []
    not_classified: list[NotClassified] = []
    for e in idx.by_category.get(category, ()):
        out = _out_on_or_before(idx, e.number, stage)
        if out is not None:
            not_classified.append(NotClassified(e.number, out.status, out.stage, out.reason))
            continue
        per_stage: list[int] = []
        nominal = False
        missing: NotClassified | None = None
        for s in counting:
            c = _counted(event, idx, s, category, e.number)
            if c is None:
                rec = idx.times.get((s.number, e.number))
                if rec is not None:
                    missing = NotClassified(e.number, rec.status, s.number, rec.reason or "no nominal time")
                else:
                    missing = NotClassified(e.number, "NT", s.number, f"no time on stage {s.number}")
                break
            per_stage.append(c[0])
            nominal = nominal or c[1]
        if missing is not None:
            not_classified.append(missing)
            continue
        total = sum(per_stage)
        penalty = sum(idx.stage_adj.get((s.number, e.number), 0) for s in counting)
        for adj_stage, amount in idx.overall_adj.get(e.number, ()):
            if adj_stage <= stage:
                total += amount
                penalty += amount
        if tie_break == "last-stage":
            countback = tuple(reversed(per_stage))
        elif tie_break == "first-stage":
            countback = tuple(per_stage)
        else:
            countback = ()
        keyed.append((total, countback, e.number, penalty, nominal))
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    positions = _rank([(k[0], k[1]) for k in keyed])
    rows = _with_gaps(
        [(p, k[2], k[0], k[3], k[4]) for p, k in zip(positions, keyed, strict=True)]
    )
    not_classified.sort(key=lambda n: (n.stage if n.stage is not None else -1, n.number))
    return Classification(
        stage, "overall", category, None, tuple(rows), tuple(not_classified), precision, False, numbers
    )


# --------------------------------------------------------------------------- groups


def members(event: EventData, group_code: str) -> set[int]:
    g = _group(event, group_code)
    if g.kind == "category":
        idx = _index(event)
        return {e.number for e in idx.by_category.get(g.code, ())}
    if g.kind == "class":
        return {e.number for e in event.entries if e.class_code == g.code}
    return {e.number for e in event.entries if g.code in e.cups}


def _group(event: EventData, code: str):
    for g in event.groups:
        if g.code == code:
            return g
    known = ", ".join(g.code for g in event.groups) or "none yet"
    raise UnknownReference(f"group {code!r} does not exist (groups: {known})")


def category_for(event: EventData, group_code: str | None, category: str | None = None) -> str:
    """The category a classification of ``group_code`` is computed in (§2: never across)."""
    if category is not None:
        g = _group(event, category)
        if g.kind != "category":
            raise RallyDeskError(f"{category!r} is a {g.kind}, not a category")
        return g.code
    if group_code is None:
        cats = event.categories()
        if len(cats) == 1:
            return cats[0].code
        codes = ", ".join(c.code for c in cats) or "none yet"
        raise RallyDeskError(f"the event has several categories ({codes}): choose one with --group")
    g = _group(event, group_code)
    if g.kind == "category":
        return g.code
    if g.parent:
        return g.parent
    idx = _index(event)
    cats = sorted({idx.category.get(e.class_code, e.class_code) for e in event.entries if g.code in e.cups})
    if len(cats) == 1:
        return cats[0]
    raise RallyDeskError(
        f"cup {group_code!r} has entries in several categories ({', '.join(cats) or 'none'}); "
        "categories are never ranked together: name one with --category"
    )


def restrict(classification: Classification, numbers: set[int], group: str) -> Classification:
    """A class or cup classification: the category one filtered and renumbered (§2)."""
    kept = [r for r in classification.rows if r.number in numbers]
    rows: list[Row] = []
    for i, r in enumerate(kept):
        if i and r.category_position == kept[i - 1].category_position:
            pos = rows[-1].position
        else:
            pos = i + 1
        diff = 0 if i == 0 or pos == rows[-1].position else r.time_ms - kept[i - 1].time_ms
        rows.append(
            Row(pos, r.number, r.time_ms, r.penalty_ms, r.time_ms - kept[0].time_ms, diff,
                r.category_position, r.nominal, r.change)
        )
    return Classification(
        classification.stage,
        classification.scope,
        classification.category,
        group,
        tuple(rows),
        tuple(n for n in classification.not_classified if n.number in numbers),
        classification.precision_ms,
        classification.cancelled,
        classification.counting_stages,
    )


def _with_change(event: EventData, current: Classification, numbers: set[int] | None) -> Classification:
    """Change = position after the previous counting stage − position now (§5)."""
    previous = [n for n in current.counting_stages if n < current.stage]
    if not previous:
        return current
    before = overall_classification(event, previous[-1], current.category)
    if numbers is not None:
        before = restrict(before, numbers, current.group or "")
    was = {r.number: r.position for r in before.rows}
    rows = tuple(
        Row(r.position, r.number, r.time_ms, r.penalty_ms, r.gap_ms, r.diff_ms, r.category_position,
            r.nominal, (was[r.number] - r.position) if r.number in was else None)
        for r in current.rows
    )
    return Classification(
        current.stage, current.scope, current.category, current.group, rows,
        current.not_classified, current.precision_ms, current.cancelled, current.counting_stages,
    )


def classify(
    event: EventData,
    stage: int,
    overall: bool = False,
    group: str | None = None,
    category: str | None = None,
) -> Classification:
    """The classification the CLI's ``standings`` and the sheets show."""
    cat = category_for(event, group, category)
    if overall:
        result = overall_classification(event, stage, cat)
    else:
        result = stage_classification(event, stage, cat)
    numbers: set[int] | None = None
    if group is not None and group != cat:
        numbers = members(event, group)
        result = restrict(result, numbers, group)
    if overall:
        result = _with_change(event, result, numbers)
    return result
