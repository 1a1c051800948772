"""Waypoints, passages and stewards' interruptions of a stage as plain data (RULES §8).

Pure values, no rules: :mod:`domain.raid` computes with them. They travel in the snapshot as one
:class:`RaidData` so that an event without waypoints costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The kinds of waypoint (RULES §8) and the default missed-waypoint penalty of each, in ms:
#: 15 minutes, 60 for the navigation waypoints (masked, eclipse).
WAYPOINT_KINDS: tuple[str, ...] = ("WPV", "WPM", "WPE", "WPS", "WPC")
DEFAULT_MISSED_PENALTIES: dict[str, int] = {
    "WPV": 15 * 60_000,
    "WPM": 60 * 60_000,
    "WPE": 60 * 60_000,
    "WPS": 15 * 60_000,
    "WPC": 15 * 60_000,
}
#: The three rules a stewards' interruption may apply (exactly one per stage and category).
INTERRUPTION_RULES: tuple[str, ...] = ("at-waypoint", "stopped-at", "neutralised")
#: The ends of a neutralised segment besides a waypoint number.
START, FINISH = "start", "finish"


@dataclass(frozen=True)
class Waypoint:
    stage: int
    number: int  # 1, 2, … in route order
    km: float | None
    kind: str  # one of WAYPOINT_KINDS

    @property
    def label(self) -> str:
        return f"WP{self.number}"


@dataclass(frozen=True)
class Passage:
    """A crew's time of day at a waypoint (ms since midnight; more than 24 h on a later day)."""

    stage: int
    number: int
    waypoint: int
    time_ms: int


@dataclass(frozen=True)
class Interruption:
    """A stewards' decision interrupting stage ``stage`` for ``category`` (RULES §8).

    ``rule`` says which of ``at_waypoint`` (W), ``stopped_at_ms`` (T, a time of day) or
    ``segment`` (A, B: a waypoint number, ``"start"`` or ``"finish"``) with ``neutral_ms`` (N;
    None: the shortest segment time among the crews with both passages) applies.
    """

    stage: int
    category: str
    rule: str
    decision: str
    reason: str
    at_waypoint: int | None = None
    stopped_at_ms: int | None = None
    segment: tuple[str, str] | None = None
    neutral_ms: int | None = None
    decided_at: str | None = None
    decided_by: str | None = None

    def describe(self) -> str:
        """The rule in words, without the computed N (``io.sheet_raid`` adds it)."""
        if self.rule == "at-waypoint":
            return f"classified at WP{self.at_waypoint}"
        if self.rule == "stopped-at":
            from .times import format_time_of_day

            return f"stopped at {format_time_of_day(self.stopped_at_ms or 0)}"
        a, b = self.segment or (START, FINISH)
        return f"neutralised {_end(a)}–{_end(b)}"

    def as_row(self) -> dict[str, Any]:
        """The interruption as the store and the journal keep it."""
        a, b = self.segment or (None, None)
        return {
            "stage": self.stage,
            "category": self.category,
            "rule": self.rule,
            "decision": self.decision,
            "reason": self.reason,
            "at_waypoint": self.at_waypoint,
            "stopped_at_ms": self.stopped_at_ms,
            "segment_from": a,
            "segment_to": b,
            "neutral_ms": self.neutral_ms,
            "decided_at": self.decided_at,
            "decided_by": self.decided_by,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Interruption:
        a, b = row.get("segment_from"), row.get("segment_to")
        return cls(
            stage=int(row["stage"]),
            category=str(row["category"]),
            rule=str(row["rule"]),
            decision=str(row["decision"]),
            reason=str(row["reason"]),
            at_waypoint=row.get("at_waypoint"),
            stopped_at_ms=row.get("stopped_at_ms"),
            segment=(str(a), str(b)) if a is not None and b is not None else None,
            neutral_ms=row.get("neutral_ms"),
            decided_at=row.get("decided_at"),
            decided_by=row.get("decided_by"),
        )


def _end(end: str) -> str:
    return end if end in (START, FINISH) else f"WP{end}"


@dataclass(frozen=True)
class RaidData:
    """What a rally-raid adds to the snapshot: waypoints, passages, interruptions, start lists."""

    waypoints: tuple[Waypoint, ...] = ()
    passages: tuple[Passage, ...] = ()
    interruptions: tuple[Interruption, ...] = ()
    #: (stage, number) → start time of day (ms), the start lists (a start of an interrupted stage)
    starts: tuple[tuple[int, int, int], ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def of_stage(self, stage: int) -> list[Waypoint]:
        by_stage: dict[int, list[Waypoint]] | None = self._cache.get("waypoints")
        if by_stage is None:
            by_stage = {}
            for w in sorted(self.waypoints, key=lambda w: (w.stage, w.number)):
                by_stage.setdefault(w.stage, []).append(w)
            self._cache["waypoints"] = by_stage
        return by_stage.get(stage, [])

    def passages_of(self, stage: int) -> dict[int, dict[int, int]]:
        """Race number → {waypoint → time of day} on the stage."""
        by_stage: dict[int, dict[int, dict[int, int]]] | None = self._cache.get("passages")
        if by_stage is None:
            by_stage = {}
            for p in self.passages:
                by_stage.setdefault(p.stage, {}).setdefault(p.number, {})[p.waypoint] = p.time_ms
            self._cache["passages"] = by_stage
        return by_stage.get(stage, {})

    def start(self, stage: int, number: int) -> int | None:
        starts: dict[tuple[int, int], int] | None = self._cache.get("starts")
        if starts is None:
            starts = {(s, n): ms for s, n, ms in self.starts}
            self._cache["starts"] = starts
        return starts.get((stage, number))

    def interruption(self, stage: int, category: str) -> Interruption | None:
        for i in self.interruptions:
            if i.stage == stage and i.category == category:
                return i
        return None

    @property
    def empty(self) -> bool:
        return not (self.waypoints or self.passages or self.interruptions)
