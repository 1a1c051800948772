"""The event's values as the rows the tables and the journal keep, and back."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..domain.model import Entry, Settings, Stage, StageTime


def same_result(a: StageTime | None, b: StageTime | None) -> bool:
    """The same result (the reason, a note, aside): two desks that keyed it agree."""
    if a is None or b is None:
        return a is b
    return dataclasses.replace(a, reason=None) == dataclasses.replace(b, reason=None)


def strip(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stage_times row as the journal keeps it (without bookkeeping columns)."""
    if row is None:
        return None
    return {k: v for k, v in row.items() if k not in ("updated_at", "updated_by")}


def settings_json(s: Settings) -> dict[str, Any]:
    row = _settings_json(s)
    if s.missed_penalties:  # (only when set: the rows of events without waypoints are unchanged)
        row["missed_penalties"] = missed_text(s.missed_penalties)
    return row


def _settings_json(s: Settings) -> dict[str, Any]:
    return {
        "name": s.name,
        "tie_break": s.tie_break,
        "time_style": s.time_style,
        "language": s.language,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "timezone": s.timezone,
        "document_prefix": s.document_prefix,
        "protest_minutes": s.protest_minutes,
    }


def missed_text(pairs: tuple[tuple[str, int], ...]) -> str | None:
    """The event's missed-waypoint penalties as the event row keeps them: ``WPM=3600000;…``."""
    return ";".join(f"{k}={ms}" for k, ms in pairs) or None


def missed_pairs(text: str | None) -> tuple[tuple[str, int], ...]:
    pairs = []
    for part in (text or "").split(";"):
        if "=" in part:
            k, ms = part.split("=", 1)
            pairs.append((k, int(ms)))
    return tuple(pairs)


def stage_row(s: Stage) -> dict[str, Any]:
    row = _stage_row(s)
    if s.max_time_ms is not None or s.fixed_penalty_ms:  # the max+ rule's (RULES §8)
        row["max_time_ms"] = s.max_time_ms
        row["fixed_penalty_ms"] = s.fixed_penalty_ms
    return row


def _stage_row(s: Stage) -> dict[str, Any]:
    return {
        "number": s.number,
        "name": s.name,
        "date": s.date,
        "kind": s.kind,
        "special_km": s.special_km,
        "liaison_km": s.liaison_km,
        "counts": int(s.counts),
        "precision_ms": s.precision_ms,
        "cancelled_for": ";".join(sorted(s.cancelled_for)),
        "nominal_rule": s.nominal.kind,
        "nominal_ms": s.nominal.amount_ms,
    }


def entry_json(e: Entry) -> dict[str, Any]:
    return {
        "number": e.number,
        "class": e.class_code,
        "team": e.team,
        "vehicle": e.vehicle,
        "crew": [{"role": m.role, "name": m.name, "nationality": m.nationality} for m in e.crew],
        "cups": sorted(e.cups),
    }


#: The columns of a stage result (``time_row``'s keys, what the journal keeps of a row).
RESULT_COLUMNS = (
    "stage",
    "number",
    "status",
    "start_ms",
    "finish_ms",
    "elapsed_ms",
    "nominal_ms",
    "reason",
)
#: ``stage_times``' columns: the result's, then the bookkeeping (the one-transaction writes of a
#: file and a server write them all).
TIME_COLUMNS = (*RESULT_COLUMNS, "updated_at", "updated_by")


def time_row(t: StageTime) -> dict[str, Any]:
    return {
        "stage": t.stage,
        "number": t.number,
        "status": t.status,
        "start_ms": t.start_ms,
        "finish_ms": t.finish_ms,
        "elapsed_ms": t.elapsed_ms,
        "nominal_ms": t.nominal_ms,
        "reason": t.reason,
    }
