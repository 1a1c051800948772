"""The rally-raid import kinds (RULES §8, CONTRACT "Waypoints, passages, interruptions"):
``waypoints`` (stage, waypoint, km, kind) and ``passages`` (stage, number, waypoint, time: the
tracking system's export). Checked like every other kind (``io/imports.py`` runs them): every bad
row listed, nothing written here."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..domain import keyed
from ..domain import times as T
from ..domain.errors import BadField
from ..domain.keyed import require
from ..domain.model import EventData
from ..domain.waypoints import WAYPOINT_KINDS, Passage, Waypoint

KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "waypoints": (("stage", "waypoint", "kind"), ("km",)),
    "passages": (("stage", "number", "waypoint", "time"), ()),
}

Starts = Mapping[tuple[int, int], int]


def detect(cols: set[str]) -> str | None:
    """``waypoints`` or ``passages`` from a header row, None for another kind."""
    if {"stage", "waypoint", "number", "time"} <= cols:
        return "passages"
    if {"stage", "waypoint"} <= cols and "number" not in cols:
        return "waypoints"
    return None


def _whole(row: dict[str, str], col: str, minimum: int = 0) -> int:
    text = (row.get(col) or "").strip()
    if col == "waypoint":
        text = re.sub(r"(?i)^wp\s*", "", text)  # WP3 as the tracking exports write it
    if not re.fullmatch(r"[0-9]{1,6}", text):
        required = " (required)" if not text else ""
        raise BadField(col, f"{text!r} is not a whole number{required}")
    value = int(text)
    if value < minimum:
        raise BadField(col, f"{value} must be at least {minimum}")
    return value


def _stage_known(data: EventData, stage: int) -> None:
    if stage not in {s.number for s in data.stages}:
        known = ", ".join(str(s.number) for s in data.stages) or "none yet"
        raise BadField("stage", f"stage {stage} does not exist (stages: {known})")


def waypoints_checker(data: EventData, starts: Starts) -> Callable[[dict[str, str]], Waypoint]:
    seen: set[tuple[int, int]] = set()

    def check(row: dict[str, str]) -> Waypoint:
        stage = _whole(row, "stage")
        _stage_known(data, stage)
        number = _whole(row, "waypoint", minimum=1)
        if (stage, number) in seen:
            raise BadField("waypoint", f"stage {stage} WP{number} appears twice in this file")
        seen.add((stage, number))
        kind = (row.get("kind") or "").strip().upper()
        if kind not in WAYPOINT_KINDS:
            raise BadField(
                "kind",
                f"{row.get('kind', '')!r} is not a kind of waypoint "
                f"(expected one of {', '.join(WAYPOINT_KINDS)})",
            )
        text = (row.get("km") or "").strip().replace(",", ".")
        km: float | None = None
        if text:
            if not re.fullmatch(r"[0-9]{1,5}(\.[0-9]{1,3})?", text):
                raise BadField("km", f"{row['km']!r} is not a distance in km (e.g. 359 or 12.5)")
            km = float(text)
        return Waypoint(stage, number, km, kind)

    return check


def passages_checker(data: EventData, starts: Starts) -> Callable[[dict[str, str]], Passage]:
    seen: dict[tuple[int, int, int], int] = {}

    def check(row: dict[str, str]) -> Passage:
        stage = _whole(row, "stage")
        _stage_known(data, stage)
        number = _whole(row, "number", minimum=1)
        waypoint = _whole(row, "waypoint", minimum=1)
        text = (row.get("time") or "").strip()
        if not text:
            raise BadField(
                "time", "is empty (required; a time of day such as 10:42:07, +1 for the next day)"
            )
        try:
            ms = T.parse_time_of_day(text)
        except T.TimeFormatError as exc:
            raise BadField("time", str(exc)) from None
        require(data, stage, number)
        known = [w.number for w in data.raid.of_stage(stage)]
        if waypoint not in known:
            listed = ", ".join(f"WP{w}" for w in known) or "none yet"
            raise BadField(
                "waypoint", f"stage {stage} has no waypoint {waypoint} (its waypoints: {listed})"
            )
        key = (stage, number, waypoint)
        if key in seen:
            raise BadField(
                "waypoint", f"#{number} at WP{waypoint} of stage {stage} appears twice in this file"
            )
        seen[key] = ms
        old = data.raid.passages_of(stage).get(number, {}).get(waypoint)
        if old is not None:
            raise BadField(
                "waypoint",
                f"#{number} already has a passage at WP{waypoint} of stage {stage} "
                f"({T.format_time_of_day(old)}): a duplicate passage",
            )
        rec = data.time_of(stage, number)
        start = rec.start_ms if rec is not None and rec.start_ms is not None else None
        if start is None:
            start = starts.get((stage, number), data.raid.start(stage, number))
        if start is not None and ms < start:
            raise BadField(
                "time",
                f"{text!r} is before the crew's start {T.format_time_of_day(start)} "
                "(a time of day; a later day takes +1, e.g. 01:10:00 +1)",
            )
        return Passage(stage, number, waypoint, keyed.start_of_day(ms, "passage"))

    return check


def with_raid_change(data: EventData, change: Waypoint | Passage) -> EventData:
    """The snapshot after one imported waypoint or passage (the next file is checked on it)."""
    import dataclasses

    raid = data.raid
    if isinstance(change, Waypoint):
        kept = tuple(
            w for w in raid.waypoints if (w.stage, w.number) != (change.stage, change.number)
        )
        raid = dataclasses.replace(raid, waypoints=kept + (change,), _cache={})
    else:
        raid = dataclasses.replace(raid, passages=raid.passages + (change,), _cache={})
    return data.with_raid(raid)


CHECKERS: dict[str, Callable[[EventData, Starts], Callable[[dict[str, str]], object]]] = {
    "waypoints": waypoints_checker,
    "passages": passages_checker,
}
