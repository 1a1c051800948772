"""Stage, overall, class and cup classifications (docs/rules.md §3–§5).

Pure functions over :class:`EventData`; no SQL, no Qt.  Everything is integer milliseconds.

Speed without giving up exactness: lookups and results are cached per snapshot in an
:class:`_Index`.  When a snapshot is derived from the previous one by a single edit
(:meth:`EventData.with_time`, :meth:`EventData.with_adjustments`), the index is derived too:
only the classifications from the edited stage on, in the edited entry's category, are dropped,
and an overall is recomputed for the entries the edit touched and re-sorted, not rebuilt.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .errors import ChoiceNeeded, RallyDeskError, UnknownReference, quoted, unknown_stage
from .model import OUT_STATUSES, Derivation, Entry, EventData, Group, Stage, StageTime
from .raid import Interrupted, interrupted_times, max_plus
from .ranking import Key, Span, moved, rows_of
from .ranking import Row as Row  # the rows every classification holds, named here too
from .times import truncate


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

    @cached_property
    def positions(self) -> dict[int, int]:
        """Race number -> position (what the next stage's ``change`` is counted from)."""
        return {r.number: r.position for r in self.rows}

    #: (an earlier classification, first, after): this one's rows before ``first`` and from
    #: ``after`` on are the earlier one's, so their JSON is shared (dropped once used)
    reuse: tuple[Classification, int, int] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def _json_rows(self) -> tuple[dict[str, Any], ...]:
        """Each row as JSON, built once; the rows an edit left as they were share their JSON."""
        overall = self.scope == "overall"
        reuse = self.reuse
        if reuse is not None and "_json_rows" in reuse[0].__dict__:
            earlier, first, after = reuse
            old = earlier._json_rows
            tail = len(self.rows) - after
            made = (
                old[:first]
                + tuple(_row_json(r, overall) for r in self.rows[first:after])
                + (old[len(old) - tail :] if tail else ())
            )
        else:
            made = tuple(_row_json(r, overall) for r in self.rows)
        object.__setattr__(self, "reuse", None)  # the earlier classification can go
        return made

    def to_json(self) -> dict[str, Any]:
        """The plain JSON value; its row dicts are shared with the cache (copy before changing)."""
        rows = list(self._json_rows)
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


def _row_json(r: Row, overall: bool) -> dict[str, Any]:
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
    if overall:
        d["change"] = r.change
    return d


# --------------------------------------------------------------------------- indexes

# An entry's overall result: (total, countback, number, penalty, nominal) or NotClassified.
_Result = Key | NotClassified


@dataclass(frozen=True)
class _Overall:
    """Per-entry overall results of one (stage, category), which entries must be redone, and,
    once settled, the one ordering its classifications are read from (ranking.py)."""

    results: dict[int, _Result]
    dirty: frozenset[int] = frozenset()
    #: the classified results in order (None until settled once)
    order: list[Key] | None = None
    not_classified: tuple[NotClassified, ...] = ()
    #: where ``order`` differs from the order ``base`` was built from (None: nowhere)
    span: Span | None = None
    base: dict[bool, tuple[Classification, Classification | None]] | None = None
    #: this order's classifications, by with-change, each with the one its change counts from
    built: dict[bool, tuple[Classification, Classification | None]] = field(default_factory=dict)


class _Index:
    """Lookups and results for one EventData snapshot (cached on it, derived on small edits)."""

    def __init__(self, event: EventData | None) -> None:
        if event is None:
            return
        self.stages: dict[int, Stage] = {s.number: s for s in event.stages}
        self.by_number: dict[int, dict[int, StageTime]] = defaultdict(dict)
        for t in event.times:
            self.by_number[t.number][t.stage] = t
        self.by_number = dict(self.by_number)
        self._adjustments(event)
        self.category: dict[str, str] = {}
        for g in event.groups:
            self.category[g.code] = g.code if g.kind == "category" else (g.parent or g.code)
        self.by_category: dict[str, list[Entry]] = defaultdict(list)
        self.cat_of: dict[int, str] = {}
        for e in sorted(event.entries, key=lambda e: e.number):
            cat = self.category.get(e.class_code, e.class_code)
            self.by_category[cat].append(e)
            self.cat_of[e.number] = cat
        self.out: dict[int, StageTime] = {}
        for number, per_stage in self.by_number.items():
            out = _first_out(per_stage)
            if out is not None:
                self.out[number] = out
        self._interrupted(event)
        self.stage_cache: dict[tuple[int, str], Classification] = {}
        self.overall_cache: dict[tuple[int, str], _Overall] = {}
        self.result_cache: dict[tuple[int, bool, str, str | None], Classification] = {}

    def _adjustments(self, event: EventData) -> None:
        self.stage_adj: dict[tuple[int, int], int] = defaultdict(int)
        self.overall_adj: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for a in event.adjustments:
            if a.applies_to == "overall":
                self.overall_adj[a.number].append((a.stage, a.amount_ms))
            else:
                self.stage_adj[(a.stage, a.number)] += a.amount_ms

    def _interrupted(self, event: EventData) -> None:
        """The results an interrupted stage counts instead of the keyed ones (RULES §8)."""
        self.raid_times: dict[tuple[int, int], StageTime] = {}
        self.interrupted: dict[tuple[int, str], Interrupted] = {}
        for cut in event.raid.interruptions:
            numbers = [e.number for e in self.by_category.get(cut.category, ())]
            found = interrupted_times(event, cut, numbers)
            self.interrupted[(cut.stage, cut.category)] = found
            for n, t in found.times.items():
                self.raid_times[(cut.stage, n)] = t

    def time(self, stage: int, number: int) -> StageTime | None:
        if self.raid_times:
            t = self.raid_times.get((stage, number))
            if t is not None:
                return t
        per_stage = self.by_number.get(number)
        return per_stage.get(stage) if per_stage else None

    def derive(self, event: EventData, change: Derivation) -> _Index:
        """The index of ``event``, a snapshot that differs from ours by ``change``."""
        new = _Index(None)
        new.stages, new.category, new.by_category, new.cat_of = (
            self.stages,
            self.category,
            self.by_category,
            self.cat_of,
        )
        new.by_number, new.out = self.by_number, self.out
        new.stage_adj, new.overall_adj = self.stage_adj, self.overall_adj
        new.raid_times, new.interrupted = self.raid_times, self.interrupted
        if change[0] == "time" and any(c.stage == change[1] for c in event.raid.interruptions):
            return _Index(event)  # an interrupted stage: every crew's counted result may move
        touched: set[tuple[int, int]] = set()
        out_moved: set[int] = set()  # entries whose leaving stage (RET/DSQ/EXP) changed
        if change[0] == "time":
            _, stage, number, t = change
            new.by_number = dict(self.by_number)
            per_stage = dict(self.by_number.get(number, {}))
            if t is None:
                per_stage.pop(stage, None)
            else:
                per_stage[stage] = t
            new.by_number[number] = per_stage
            new.out = dict(self.out)
            out = _first_out(per_stage)
            if out is None:
                new.out.pop(number, None)
            else:
                new.out[number] = out
            if out != self.out.get(number):
                out_moved.add(number)
            touched.add((stage, number))
        else:  # ("adjustments", old, new)
            _, old_adj, new_adj = change
            new._adjustments(event)
            for a in set(old_adj) ^ set(new_adj):
                touched.add((a.stage, a.number))
        new.stage_cache = dict(self.stage_cache)
        new.overall_cache = dict(self.overall_cache)
        new.result_cache = dict(self.result_cache)
        for stage, number in touched:
            cat = self.cat_of.get(number)
            if cat is None:
                continue
            dirty = {number}
            # the slowest time of a slowest+ stage may move, and every rule-given nominal with it:
            # on the edited stage, and on every later one when the entry left (or rejoined) there
            later = (
                [s for s in self.stages.values() if s.number >= stage]
                if number in out_moved
                else []
            )
            for st in [self.stages[stage]] + later if stage in self.stages else later:
                if st.nominal.kind != "slowest+":
                    continue
                for e in self.by_category.get(cat, ()):
                    rec = new.time(st.number, e.number)
                    if rec is not None and rec.status in ("DNS", "DNF") and rec.nominal_ms is None:
                        dirty.add(e.number)
            for key in self.stage_cache:
                # a RET/DSQ/EXP on this stage also takes the entry out of every later stage
                if key[1] == cat and key[0] >= stage:
                    new.stage_cache.pop(key, None)
            for key, ov in self.overall_cache.items():
                if key[1] == cat and key[0] >= stage:
                    new.overall_cache[key] = _replace_dirty(ov, ov.dirty | dirty)
            for result_key in self.result_cache:
                if result_key[2] == cat and result_key[0] >= stage:
                    new.result_cache.pop(result_key, None)
        return new


def _replace_dirty(ov: _Overall, dirty: frozenset[int]) -> _Overall:
    """``ov`` with more entries to redo (its order, and what was built from it, shared)."""
    return _Overall(ov.results, dirty, ov.order, ov.not_classified, ov.span, ov.base, ov.built)


def _first_out(per_stage: dict[int, StageTime]) -> StageTime | None:
    """The first stage on which an entry left the competition (RET/DSQ/EXP)."""
    outs = [t for t in per_stage.values() if t.status in OUT_STATUSES]
    return min(outs, key=lambda t: t.stage) if outs else None


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
    t = idx.time(stage.number, number)
    if t is None or t.status != "OK" or t.elapsed_ms is None:
        return None
    raw = truncate(t.elapsed_ms, stage.precision_ms)
    return max(0, raw + idx.stage_adj.get((stage.number, number), 0))


def _rows(
    ranked: list[tuple[int, int, int, bool, object]], was: dict[int, int] | None = None
) -> list[Row]:
    """(number, time, penalty, nominal, tie key) in order -> rows with shared positions, gap, diff."""
    rows: list[Row] = []
    first = ranked[0][1] if ranked else 0
    prev_key: Any = None
    prev_time = 0
    position = 0
    for i, (number, time_ms, pen, nominal, key) in enumerate(ranked):
        shared = i > 0 and key == prev_key
        if not shared:
            position = i + 1
        diff = 0 if i == 0 or shared else time_ms - prev_time
        change = None
        if was is not None and number in was:
            change = was[number] - position
        rows.append(
            Row(position, number, time_ms, pen, time_ms - first, diff, position, nominal, change)
        )
        prev_key, prev_time = key, time_ms
    return rows


def _precision_of(stages: list[Stage]) -> int:
    return min((s.precision_ms for s in stages), default=1000)


def _by_stage_then_number(n: NotClassified) -> tuple[int, int]:
    return (n.stage if n.stage is not None else -1, n.number)


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
        rec = idx.time(stage, e.number)
        if rec is not None and rec.status in ("DNS", "DNF"):
            not_classified.append(NotClassified(e.number, rec.status, stage, rec.reason))
    timed.sort()
    rows = _rows([(n, t, pen, False, t) for t, n, pen in timed])
    not_classified.sort(key=_by_stage_then_number)
    result = Classification(
        stage, "stage", category, None, tuple(rows), tuple(not_classified), st.precision_ms
    )
    idx.stage_cache[(stage, category)] = result
    return result


def _stage(idx: _Index, number: int) -> Stage:
    try:
        return idx.stages[number]
    except KeyError:
        raise unknown_stage(number, idx.stages) from None


# --------------------------------------------------------------------------- overall (§5)


def counting_stages(event: EventData, stage: int, category: str) -> list[Stage]:
    return sorted(
        (
            s
            for s in event.stages
            if s.number <= stage and s.counts and category not in s.cancelled_for
        ),
        key=lambda s: s.number,
    )


def nominal_time(event: EventData, stage: Stage, category: str, rec: StageTime) -> int | None:
    """Nominal time of a DNS/DNF entry: keyed, else the stage's rule for the category (§3)."""
    if rec.status not in ("DNS", "DNF"):
        return None
    if rec.nominal_ms is not None:  # keyed: cut to the stage's precision, as a measured time (§1)
        return truncate(rec.nominal_ms, stage.precision_ms)
    rule = stage.nominal
    if rule.kind == "fixed":
        return rule.amount_ms
    if rule.kind == "slowest+":
        rows = stage_classification(event, stage.number, category).rows
        return rows[-1].time_ms + rule.amount_ms if rows else None
    if rule.kind == "max+":
        return max_plus(event, stage.number, category, rec.number)
    return None


def interruption_of(event: EventData, stage: int, category: str) -> Interrupted | None:
    """What the stewards' interruption of the stage makes of it for the category (None: none)."""
    return _index(event).interrupted.get((stage, category))


def _entry_overall(
    event: EventData, idx: _Index, counting: list[Stage], stage: int, category: str, number: int
) -> _Result:
    out = _out_on_or_before(idx, number, stage)
    if out is not None:
        return NotClassified(number, out.status, out.stage, out.reason)
    per_stage: list[int] = []
    nominal = False
    penalty = 0
    for s in counting:
        t = _stage_time(idx, s, number)
        if t is None:
            rec = idx.time(s.number, number)
            if rec is None:
                return NotClassified(number, "NT", s.number, f"no time on stage {s.number}")
            base = nominal_time(event, s, category, rec)
            if base is None:
                return NotClassified(number, rec.status, s.number, rec.reason or "no nominal time")
            t = max(0, base + idx.stage_adj.get((s.number, number), 0))
            nominal = True
        per_stage.append(t)
        penalty += idx.stage_adj.get((s.number, number), 0)
    total = sum(per_stage)
    for adj_stage, amount in idx.overall_adj.get(number, ()):
        if adj_stage <= stage:
            total += amount
            penalty += amount
    tie_break = event.settings.tie_break
    if tie_break == "last-stage":
        countback = tuple(reversed(per_stage))
    elif tie_break == "first-stage":
        countback = tuple(per_stage)
    else:
        countback = ()
    return (total, countback, number, penalty, nominal)


def _settled(
    event: EventData, idx: _Index, stage: int, category: str, counting: list[Stage]
) -> _Overall:
    """The (stage, category) results with nothing left to redo, and their order: a few edited
    entries are moved in the previous order, many (or none known) are sorted afresh."""
    cached = idx.overall_cache.get((stage, category))
    if cached is not None and not cached.dirty and cached.order is not None:
        return cached
    if cached is None:
        results = {
            e.number: _entry_overall(event, idx, counting, stage, category, e.number)
            for e in idx.by_category.get(category, ())
        }
    else:
        results = dict(cached.results)
    if cached is None or cached.order is None or len(cached.dirty) * 8 > len(results) + 8:
        if cached is not None:
            for number in cached.dirty:
                results[number] = _entry_overall(event, idx, counting, stage, category, number)
        ov = _Overall(
            results,
            order=sorted(r for r in results.values() if not isinstance(r, NotClassified)),
            not_classified=_sorted_out(results),
        )
    else:
        changes: list[tuple[Key | None, Key | None]] = []
        out_changed = False
        for number in cached.dirty:
            old = results.get(number)
            new = _entry_overall(event, idx, counting, stage, category, number)
            results[number] = new
            if old == new:
                continue
            if isinstance(old, NotClassified) or isinstance(new, NotClassified):
                out_changed = True
            changes.append(
                (
                    None if old is None or isinstance(old, NotClassified) else old,
                    None if isinstance(new, NotClassified) else new,
                )
            )
        order, span = moved(cached.order, changes)
        ov = _Overall(
            results,
            order=order,
            not_classified=_sorted_out(results) if out_changed else cached.not_classified,
            span=span,
            base=cached.built,
        )
    idx.overall_cache[(stage, category)] = ov
    return ov


def _sorted_out(results: dict[int, _Result]) -> tuple[NotClassified, ...]:
    return tuple(
        sorted(
            (r for r in results.values() if isinstance(r, NotClassified)),
            key=_by_stage_then_number,
        )
    )


def overall_classification(event: EventData, stage: int, category: str) -> Classification:
    """The category's overall after ``stage`` (positions only; ``change`` is added by classify)."""
    return _overall(event, stage, category, with_change=False)


def _overall(event: EventData, stage: int, category: str, with_change: bool) -> Classification:
    idx = _index(event)
    key = (stage, True, category, "\x00change" if with_change else "\x00positions")
    cached = idx.result_cache.get(key)
    if cached is not None:
        return cached
    _stage(idx, stage)
    counting = counting_stages(event, stage, category)
    precision = _precision_of(counting)
    numbers = tuple(s.number for s in counting)
    if not counting:
        result = Classification(stage, "overall", category, None, (), (), precision, False, numbers)
        idx.result_cache[key] = result
        return result
    ov = _settled(event, idx, stage, category, counting)
    assert ov.order is not None  # settled
    source = None
    if with_change:
        previous = [n for n in numbers if n < stage]
        if previous:
            source = _overall(event, previous[-1], category, False)
    base = ov.base.get(with_change) if ov.base is not None else None
    old_rows = base[0].rows if base is not None and base[1] is source else None
    reuse = None
    if old_rows is not None and ov.span is None:
        rows = old_rows
        reuse = (base[0], len(rows), len(rows)) if base is not None else None
    else:
        rows, first, after = rows_of(
            ov.order, source.positions if source else None, old_rows, ov.span
        )
        if old_rows is not None and base is not None:
            reuse = (base[0], first, after)
    if reuse is not None and "_json_rows" not in reuse[0].__dict__:
        reuse = None  # never serialised: nothing to share, and no chain of earlier ones kept
    result = Classification(
        stage,
        "overall",
        category,
        None,
        rows,
        ov.not_classified,
        precision,
        False,
        numbers,
        reuse,
    )
    ov.built[with_change] = (result, source)
    idx.result_cache[key] = result
    return result


# --------------------------------------------------------------------------- groups


def members(event: EventData, group_code: str) -> set[int]:
    g = _group(event, group_code)
    if g.kind == "category":
        idx = _index(event)
        return {e.number for e in idx.by_category.get(g.code, ())}
    if g.kind == "class":
        return {e.number for e in event.entries if e.class_code == g.code}
    return {e.number for e in event.entries if g.code in e.cups}


def _group(event: EventData, code: str) -> Group:
    for g in event.groups:
        if g.code == code:
            return g
    known = ", ".join(g.code for g in event.groups) or "none yet"
    raise UnknownReference(f"group {quoted(code)} does not exist (groups: {known})")


def classification_columns(
    c: Classification, *, team_and_vehicle: bool = True, nominal_mark: bool = False
) -> list[str]:
    """The columns of a classification by key, in the order every output shows them (the desk,
    the terminal, the sheets): class and cup classifications add ``Cat. pos``, overalls ``Change``.

    ``nominal_mark`` gives the ``N`` of a nominal time its own column (after ``Time``).
    """
    columns = ["Pos", "No", "Crew"]
    if team_and_vehicle:
        columns += ["Team", "Vehicle"]
    columns += ["Class", "Time"]
    if nominal_mark:
        columns.append("N")
    columns += ["Penalty", "Gap", "Diff"]
    if c.group is not None:
        columns.append("Cat. pos")
    if c.scope == "overall":
        columns.append("Change")
    return columns


def category_for(event: EventData, group_code: str | None, category: str | None = None) -> str:
    """The category a classification of ``group_code`` is computed in (§2: never across)."""
    if category is not None:
        g = _group(event, category)
        if g.kind != "category":
            raise RallyDeskError(f"{quoted(category)} is a {g.kind}, not a category")
        return g.code
    if group_code is None:
        cats = event.categories()
        if len(cats) == 1:
            return cats[0].code
        codes = ", ".join(c.code for c in cats) or "none yet"
        raise ChoiceNeeded(
            f"the event has several categories ({codes}): name the category, or a class or cup of it",
            "group",
            tuple(c.code for c in cats),
        )
    g = _group(event, group_code)
    if g.kind == "category":
        return g.code
    if g.parent:
        return g.parent
    idx = _index(event)
    found = sorted(
        {idx.category.get(e.class_code, e.class_code) for e in event.entries if g.code in e.cups}
    )
    if len(found) == 1:
        return found[0]
    raise ChoiceNeeded(
        f"cup {quoted(group_code)} has entries in several categories ({', '.join(found) or 'none'}); "
        "categories are never ranked together: name the category",
        "category",
        tuple(found),
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
            Row(
                pos,
                r.number,
                r.time_ms,
                r.penalty_ms,
                r.time_ms - kept[0].time_ms,
                diff,
                r.category_position,
                r.nominal,
                r.change,
            )
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


def _group_with_change(
    event: EventData, stage: int, category: str, group: str, numbers: set[int]
) -> Classification:
    """Change within the group: its position after the previous counting stage − now (§5)."""
    current = restrict(overall_classification(event, stage, category), numbers, group)
    previous = [n for n in current.counting_stages if n < stage]
    if not previous:
        return current
    before = restrict(overall_classification(event, previous[-1], category), numbers, group)
    was = {r.number: r.position for r in before.rows}
    rows = tuple(
        Row(
            r.position,
            r.number,
            r.time_ms,
            r.penalty_ms,
            r.gap_ms,
            r.diff_ms,
            r.category_position,
            r.nominal,
            (was[r.number] - r.position) if r.number in was else None,
        )
        for r in current.rows
    )
    return Classification(
        current.stage,
        current.scope,
        current.category,
        current.group,
        rows,
        current.not_classified,
        current.precision_ms,
        current.cancelled,
        current.counting_stages,
    )


def classify(
    event: EventData,
    stage: int,
    overall: bool = False,
    group: str | None = None,
    category: str | None = None,
) -> Classification:
    """The classification the CLI's ``standings``, the views and the sheets show."""
    cat = category_for(event, group, category)
    if group == cat:
        group = None
    if overall and group is None:
        return _overall(event, stage, cat, with_change=True)
    idx = _index(event)
    key = (stage, overall, cat, group)
    cached = idx.result_cache.get(key)
    if cached is not None:
        return cached
    if overall:
        assert group is not None  # a whole category's overall was returned above
        result = _group_with_change(event, stage, cat, group, members(event, group))
    else:
        result = stage_classification(event, stage, cat)
        if group is not None:
            result = restrict(result, members(event, group), group)
    idx.result_cache[key] = result
    return result


# --------------------------------------------------------------------------- the desk's live overall


@dataclass(frozen=True)
class LiveOverall:
    """The overall as the desk shows it while stage S is being keyed (never published).

    The rules' overall after S leaves out every crew still without a result on S (§5), so while
    the finish times come in the leader "drops out" and everyone below moves up. Here such a crew
    (classified after the previous counting stage, not out, nothing keyed on S yet) stays at its
    previous place as *pending*, and the crews already keyed are numbered around it; ``change``
    then moves only for crews that really overtook one another. With nobody pending the rows are
    exactly the rules' rows.
    """

    rows: tuple[Row, ...]
    #: race number -> (position, total) in the overall after the previous counting stage
    pending: dict[int, tuple[int, int]]
    previous_stage: int | None


def live_overall(current: Classification, previous: Classification | None) -> LiveOverall:
    """Merge the rules' overall after S with the crews still pending on S (see :class:`LiveOverall`)."""
    before = {r.number: r for r in previous.rows} if previous is not None else {}
    waiting = sorted(
        (before[n.number].position, n.number)
        for n in current.not_classified
        if n.status == "NT" and n.stage == current.stage and n.number in before
    )
    if not waiting:
        return LiveOverall(current.rows, {}, previous.stage if previous else None)
    merged: list[Row | int] = list(current.rows)
    for place, number in waiting:  # ascending: each goes where it stood, the earlier ones fixed
        merged.insert(min(place - 1, len(merged)), number)
    rows: list[Row] = []
    pending: dict[int, tuple[int, int]] = {}
    last_keyed: tuple[int, int] | None = None  # (rules' position, shown position) of the row above
    for i, item in enumerate(merged):
        if isinstance(item, int):
            was = before[item]
            pending[item] = (was.position, was.time_ms)
            rows.append(
                Row(was.position, item, was.time_ms, was.penalty_ms, 0, 0, was.category_position)
            )
            last_keyed = None
            continue
        shown = (
            last_keyed[1] if last_keyed is not None and last_keyed[0] == item.position else i + 1
        )
        was_row = before.get(item.number)
        change = was_row.position - shown if was_row is not None else None
        rows.append(item._replace(position=shown, change=change))
        last_keyed = (item.position, shown)
    return LiveOverall(tuple(rows), pending, previous.stage if previous else None)
