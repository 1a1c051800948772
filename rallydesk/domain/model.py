"""The event as plain data: what the engine classifies and the store persists.

Frozen dataclasses so a classification can never change the data it was computed from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast, overload

from .times import TIME_STYLES as TIME_STYLES  # re-exported: the set-up lists it with the others
from .times import format_gap
from .waypoints import RaidData

#: What a derived snapshot differs by: ("time", stage, number, new result or None) or
#: ("adjustments", old tuple, new tuple); the engine's caches derive themselves from it.
Derivation = tuple[Any, ...]

TieBreak = Literal["last-stage", "first-stage", "shared"]
TimeStyle = Literal["dakar", "plain"]
TIE_BREAKS: tuple[str, ...] = ("last-stage", "first-stage", "shared")
LANGUAGES: tuple[str, ...] = ("en", "fr", "en+fr")
STAGE_KINDS: tuple[str, ...] = ("prologue", "stage", "marathon", "superspecial")
GROUP_KINDS: tuple[str, ...] = ("category", "class", "cup")
STATUSES: tuple[str, ...] = ("OK", "DNS", "DNF", "RET", "DSQ", "EXP")
#: Statuses that take an entry out of the competition from that stage on (docs/rules.md §3).
OUT_STATUSES: frozenset[str] = frozenset({"RET", "DSQ", "EXP"})
APPLIES_TO: tuple[str, ...] = ("stage", "overall")
NOMINAL_RULES: tuple[str, ...] = ("none", "fixed", "slowest+", "max+")


@dataclass(frozen=True)
class AdjustmentKind:
    """A kind of adjustment: the sign its amount must have, and how a refusal words it."""

    name: str
    sign: int  # +1: adds time (a penalty), -1: takes time off (a bonus, a credit)
    wording: str


#: The one table of adjustment kinds (RULES §6): their sign, and the words a refusal uses.
ADJUSTMENT_KIND_TABLE: tuple[AdjustmentKind, ...] = (
    AdjustmentKind("penalty", +1, "a penalty is a positive amount (a bonus or credit is negative)"),
    AdjustmentKind("bonus", -1, "a bonus is a negative amount (a penalty is positive)"),
    AdjustmentKind("credit", -1, "a credit is a negative amount (a penalty is positive)"),
)
KINDS_BY_NAME = {k.name: k for k in ADJUSTMENT_KIND_TABLE}
ADJUSTMENT_KINDS: tuple[str, ...] = tuple(KINDS_BY_NAME)


@dataclass(frozen=True)
class Settings:
    name: str
    tie_break: str = "last-stage"
    time_style: str = "dakar"
    language: str = "en"
    starts_on: str | None = None
    ends_on: str | None = None
    #: IANA time zone of the event's times on sheets ("Asia/Riyadh"); None: the computer's
    timezone: str | None = None
    #: put before the event-wide number of every published document ("D26-" → "D26-0007")
    document_prefix: str | None = None
    #: minutes after a provisional publication during which protests may be lodged; None: no window
    protest_minutes: int | None = None
    #: missed-waypoint penalties set for the event, (kind, ms) pairs; a kind not named here has
    #: its default (RULES §8, ``domain.waypoints.DEFAULT_MISSED_PENALTIES``)
    missed_penalties: tuple[tuple[str, int], ...] = ()

    def missed_penalty(self, kind: str) -> int:
        """The missed-waypoint penalty of a kind of waypoint (RULES §8), in ms."""
        from .waypoints import DEFAULT_MISSED_PENALTIES

        return dict(self.missed_penalties).get(kind, DEFAULT_MISSED_PENALTIES.get(kind, 0))


@dataclass(frozen=True)
class NominalRule:
    """How a DNS/DNF entry without a keyed nominal time is given one (docs/rules.md §3)."""

    kind: str = "none"
    amount_ms: int = 0


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    date: str | None = None
    kind: str = "stage"
    special_km: float | None = None
    liaison_km: float | None = None
    counts: bool = True
    precision_ms: int = 1000
    cancelled_for: frozenset[str] = frozenset()
    nominal: NominalRule = NominalRule()
    #: the stage's maximum time and fixed penalty: the ``max+`` nominal-time rule (RULES §8)
    max_time_ms: int | None = None
    fixed_penalty_ms: int = 0


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    kind: str = "category"
    parent: str | None = None


@dataclass(frozen=True)
class CrewMember:
    role: str  # driver, codriver, navigator
    name: str
    nationality: str | None = None


@dataclass(frozen=True)
class Entry:
    number: int
    class_code: str
    crew: tuple[CrewMember, ...] = ()
    team: str | None = None
    vehicle: str | None = None
    cups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StageTime:
    """What was keyed for one entry on one stage.

    ``elapsed_ms`` is the raw time at full resolution (finish − start, or as keyed); the engine
    truncates it to the stage precision, so a later precision change needs no data migration.
    """

    stage: int
    number: int
    status: str = "OK"
    elapsed_ms: int | None = None
    start_ms: int | None = None
    finish_ms: int | None = None
    nominal_ms: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Adjustment:
    id: int
    stage: int
    number: int
    amount_ms: int
    kind: str = "penalty"
    applies_to: str = "stage"
    reason: str | None = None
    article: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    #: the reference of the stewards' or clerk's decision that imposed it ("14"); prints on sheets
    decision: str | None = None
    #: when and why it was revoked (a revoked adjustment counts nowhere; the desk still lists it)
    revoked_at: str | None = None
    revoked_reason: str | None = None

    @property
    def identity(self) -> tuple[int, int, int, str | None, str | None]:
        """What makes two adjustments the same decision: a second one is a duplicate, not a second penalty."""
        return (self.stage, self.number, self.amount_ms, self.reason, self.article)

    def describe(self) -> str:
        words = [f"stage {self.stage}", f"#{self.number}", format_gap(self.amount_ms, "plain", 1)]
        if self.reason:
            words.append(repr(self.reason))
        if self.article:
            words.append(f"art. {self.article}")
        return " ".join(words)


@dataclass(frozen=True)
class StartTime:
    """An entry's start time of day on a stage (a start list): with it, the desk keys only the finish."""

    stage: int
    number: int
    start_ms: int


class Layered:
    """A read-only lookup that is an earlier one with a few keys changed (``None``: removed).

    ``with_key`` copies only the changed keys, folding them into a new base once they number
    about the square root of the base: a keyed time costs O(√n), not a copy of every result."""

    __slots__ = ("base", "top")

    def __init__(self, base: dict[Any, Any], top: dict[Any, Any] | None = None) -> None:
        self.base = base
        self.top = top or {}

    def get(self, key: Any) -> Any:
        if key in self.top:
            return self.top[key]
        return self.base.get(key)

    def with_key(self, key: Any, value: Any) -> Layered:
        top = dict(self.top)
        top[key] = value
        if len(top) * len(top) <= len(self.base) + 64:
            return Layered(self.base, top)
        base = dict(self.base)
        for k, v in top.items():
            if v is None:
                base.pop(k, None)
            else:
                base[k] = v
        return Layered(base)


class PendingTimes:
    """Results not laid out as a tuple yet: a tuple and the changes made since (``None``: one
    removed), laid out (once) when someone reads ``EventData.times``, and folded in once they
    number about the square root of the tuple: a keyed time copies O(√n) results, not 300,000.
    Snapshots derived one from another share the tuple and where each result stands in it.

    Where each result stands (``_where``: a one-item list holding the map, shared) is carried
    over a fold that removed nothing: the folded tuple keeps every old position and only
    appends, so the map is extended, not rebuilt (rebuilding it cost ~4 ms at 800 × 14, once
    every ~100 keyed times, and grew with the event). Two snapshots folded from one tuple may
    both extend it; a position is therefore checked against the tuple before it is trusted,
    and the map is rebuilt for this tuple when one does not match."""

    __slots__ = ("base", "edits", "_where", "_laid")

    def __init__(
        self,
        base: tuple[StageTime, ...],
        edits: dict[tuple[int, int], StageTime | None] | None = None,
        where: list[dict[tuple[int, int], int]] | None = None,
    ) -> None:
        self.base = base
        self.edits = edits or {}
        self._where = where if where is not None else []
        self._laid: tuple[StageTime, ...] | None = None if self.edits else base

    def with_edit(self, key: tuple[int, int], new: StageTime | None) -> PendingTimes:
        edits = dict(self.edits)
        edits[key] = new
        if len(edits) * len(edits) <= len(self.base) + 64:
            return PendingTimes(self.base, edits, self._where)
        folded = PendingTimes(self.base, edits, self._where)
        laid = folded.laid_out()
        # nothing removed: the folded tuple keeps every place of the base (see the class)
        kept = all(v is not None for v in edits.values())
        return PendingTimes(laid, where=folded._where if kept else None)

    def _places(self) -> dict[tuple[int, int], int]:
        if not self._where:  # (shared by every snapshot over this tuple: made once)
            self._where.append({(t.stage, t.number): i for i, t in enumerate(self.base)})
        return self._where[0]

    def _place(self, where: dict[tuple[int, int], int], key: tuple[int, int]) -> int | None:
        """The position of ``key`` in the tuple, None when it is not there; a map extended by
        another snapshot's fold is noticed here and rebuilt for this tuple."""
        i = where.get(key)
        if i is None:
            return None  # (a map is only ever extended: a key in the tuple is in it)
        if i < len(self.base):
            t = self.base[i]
            if t.stage == key[0] and t.number == key[1]:
                return i
        self._where = [{(t.stage, t.number): j for j, t in enumerate(self.base)}]
        return self._where[0].get(key)

    def laid_out(self) -> tuple[StageTime, ...]:
        if self._laid is not None:
            return self._laid
        out: list[StageTime | None] = list(self.base)
        removed = False
        appended: list[tuple[tuple[int, int], int]] = []
        for key, new in self.edits.items():
            i = self._place(self._places(), key)
            if i is None:
                if new is not None:
                    appended.append((key, len(out)))
                    out.append(new)
            else:
                out[i] = new
                removed = removed or new is None
        laid: tuple[StageTime | None, ...]
        if removed:
            laid = tuple(t for t in out if t is not None)
        else:
            laid = tuple(out)
            where = self._places()
            for key, i in appended:  # the folded tuple's new places (see the class)
                where[key] = i
        self._laid = cast(tuple[StageTime, ...], laid)
        return self._laid


class _Times:
    """``EventData.times``: a tuple, or ``PendingTimes`` laid out (once) when first read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = "_" + name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> tuple[StageTime, ...]: ...
    @overload
    def __get__(self, obj: object, objtype: type | None = None) -> tuple[StageTime, ...]: ...
    def __get__(self, obj: object | None, objtype: type | None = None) -> tuple[StageTime, ...]:
        if obj is None:
            return ()  # the field's default
        value = obj.__dict__[self._slot]
        if isinstance(value, PendingTimes):
            return value.laid_out()
        result: tuple[StageTime, ...] = value
        return result

    def __set__(self, obj: object, value: tuple[StageTime, ...] | PendingTimes) -> None:
        obj.__dict__[self._slot] = value

    def pending(self, obj: object) -> PendingTimes:
        """The results of ``obj`` to derive from (kept: what its derived snapshots share)."""
        value = obj.__dict__[self._slot]
        if not isinstance(value, PendingTimes):
            value = obj.__dict__[self._slot] = PendingTimes(value)
        return value


@dataclass(frozen=True)
class EventData:
    """A consistent snapshot of one event, as the engine needs it."""

    settings: Settings
    stages: tuple[Stage, ...] = ()
    groups: tuple[Group, ...] = ()
    entries: tuple[Entry, ...] = ()
    #: the results (read as a tuple; a derived snapshot lays its own out when first read)
    times: _Times = _Times()
    adjustments: tuple[Adjustment, ...] = ()
    #: waypoints, passages, interruptions and start lists (RULES §8)
    raid: RaidData = RaidData()
    #: lookups and the engine's caches, derived from the fields (never compared, never printed)
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def stage(self, number: int) -> Stage:
        for s in self.stages:
            if s.number == number:
                return s
        raise KeyError(number)

    def group(self, code: str) -> Group:
        for g in self.groups:
            if g.code == code:
                return g
        raise KeyError(code)

    def category_of_class(self, class_code: str) -> str:
        g = self.group(class_code)
        return g.code if g.kind == "category" else (g.parent or g.code)

    def latest_stage_with_results(self) -> int | None:
        """The highest stage with an OK result (what a sheet without a named stage prints)."""
        stages = {t.stage for t in self.times if t.status == "OK"}
        return max(stages) if stages else None

    def categories(self) -> list[Group]:
        return [g for g in self.groups if g.kind == "category"]

    def time_of(self, stage: int, number: int) -> StageTime | None:
        idx: Layered | None = self._index.get("times")
        if idx is None:
            idx = Layered({(t.stage, t.number): t for t in self.times})
            self._index["times"] = idx
        found: StageTime | None = idx.get((stage, number))
        return found

    def with_time(self, stage: int, number: int, new: StageTime | None) -> EventData:
        """The snapshot after one result was recorded, replaced or deleted (no reload).

        Nothing the size of the event is copied: the results and their lookup take the change
        as a layer (``PendingTimes``, ``Layered``), so a keyed time costs the work it changes.
        """
        key = (stage, number)
        if new is None and self.time_of(stage, number) is None:
            return self
        pending = EventData.__dict__["times"].pending(self).with_edit(key, new)
        result = self._but("times", pending)
        by_key: Layered | None = self._index.get("times")
        if by_key is not None:
            result._index["times"] = by_key.with_key(key, new)
        self._derive_into(result, ("time", stage, number, new))
        return result

    def with_adjustments(self, adjustments: tuple[Adjustment, ...]) -> EventData:
        result = self._but("adjustments", adjustments)
        for key in ("times", "entries"):
            if key in self._index:
                result._index[key] = self._index[key]
        self._derive_into(result, ("adjustments", self.adjustments, adjustments))
        return result

    def with_raid(self, raid: RaidData) -> EventData:
        """The snapshot with other waypoints, passages, interruptions or start lists: the
        classifications are computed again (a passages import is one such change)."""
        keep = {k: v for k, v in self._index.items() if k in ("positions", "times", "entries")}
        return replace(self, raid=raid, _index=keep)

    def with_change(
        self, change: Stage | Group | Entry | StageTime | Adjustment | StartTime
    ) -> EventData:
        """The snapshot after one stage, group or entry was put, one result recorded or one
        adjustment added (an import checks each file against the files before it with this).
        A start time changes nothing here: start lists are not part of the snapshot. An added
        adjustment without an id gets the next one, as the store would give it."""
        if isinstance(change, StageTime):
            return self.with_time(change.stage, change.number, change)
        if isinstance(change, Adjustment):
            if not change.id:
                change = replace(change, id=max((a.id for a in self.adjustments), default=0) + 1)
            return self.with_adjustments(self.adjustments + (change,))
        if isinstance(change, Stage):
            kept = tuple(s for s in self.stages if s.number != change.number)
            stages = tuple(sorted(kept + (change,), key=lambda s: s.number))
            return replace(self, stages=stages, _index={})
        if isinstance(change, Group):
            if any(g.code == change.code for g in self.groups):
                groups = tuple(change if g.code == change.code else g for g in self.groups)
            else:
                groups = self.groups + (change,)
            return replace(self, groups=groups, _index={})
        if isinstance(change, Entry):
            kept_entries = tuple(e for e in self.entries if e.number != change.number)
            entries = tuple(sorted(kept_entries + (change,), key=lambda e: e.number))
            return replace(self, entries=entries, _index={})
        return self

    def _but(self, name: str, value: object) -> EventData:
        """This snapshot with one field changed and no lookups yet (``replace(self, name=value,
        _index={})``, which looks the dataclass's fields up again on every call: a third of
        ``with_time``, the step of every keyed time)."""
        result: EventData = object.__new__(EventData)
        result.__dict__.update(self.__dict__)
        result.__dict__["_index"] = {}
        object.__setattr__(result, name, value)  # (``times``: through its descriptor)
        return result

    def _derive_into(self, result: EventData, change: Derivation) -> None:
        if "entries" in self._index:
            result._index["entries"] = self._index["entries"]
        for key, value in self._index.items():
            derive = getattr(value, "derive", None)
            if derive is not None:
                result._index[key] = derive(result, change)

    def entry(self, number: int) -> Entry:
        idx: dict[int, Entry] | None = self._index.get("entries")
        if idx is None:
            idx = {e.number: e for e in self.entries}
            self._index["entries"] = idx
        return idx[number]
