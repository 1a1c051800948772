"""How the desk writes a moment and a recorded value, once for every tab: a journal row's time, a
penalty's decision or revocation, the old → new of a change — in the event's time zone, with that
zone named, and durations as the desk's time style writes them (never raw milliseconds)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain import times as T

#: values that are a time of day, not a duration (a start, a finish)
TIMES_OF_DAY = frozenset({"start_ms", "finish_ms"})
#: signed amounts (a penalty, a bonus)
SIGNED = frozenset({"amount_ms"})


def event_zone(timezone: str | None) -> tzinfo:
    """The event's time zone; without a (valid) setting, the computer's."""
    if timezone:
        try:
            return ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or UTC


def moment(text: str | None, timezone: str | None, date: bool = True) -> str:
    """An ISO moment (UTC when it names no offset, as the store writes them) in the event's zone,
    its zone marked: "2026-01-08 14:37:25 +03" (``date=False``: "14:37:25 +03"); the text as it
    is when it is not a moment."""
    if not text:
        return ""
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    local = at.astimezone(event_zone(timezone))
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if date else "%H:%M:%S %Z")


def value(key: str, raw: Any, style: str, timezone: str | None, precision_ms: int = 1000) -> str:
    """One recorded value as the desk shows it: a duration in the time style, a time of day, a
    signed amount, a moment in the event's zone; anything else as it is."""
    if raw is None:
        return "–"
    if key.endswith("_ms") and isinstance(raw, int) and not isinstance(raw, bool):
        if key in TIMES_OF_DAY:
            return T.format_time_of_day(raw, precision_ms)
        if key in SIGNED:
            return T.format_adjustment(raw, style, precision_ms)
        if key == "precision_ms":
            return str(raw)
        return T.format_duration(raw, style, precision_ms)
    if key.endswith("_at") and isinstance(raw, str):
        return moment(raw, timezone)
    return str(raw)


def field(key: str) -> str:
    """A recorded field's name without its unit: "elapsed_ms" → "elapsed"."""
    return (key[:-3] if key.endswith("_ms") and key != "precision_ms" else key).replace("_", " ")


def change_text(
    old: str | None, new: str | None, style: str = "dakar", timezone: str | None = None
) -> str:
    """Old → new, only the values that changed ("elapsed 4h 00' 12'' → 4h 01' 12''")."""
    a = json.loads(old) if old else None
    b = json.loads(new) if new else None

    def show(k: str, v: Any) -> str:
        return value(k, v, style, timezone)

    if isinstance(a, dict) and isinstance(b, dict):
        keys = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        return "; ".join(f"{field(k)} {show(k, a.get(k))} → {show(k, b.get(k))}" for k in keys)
    if isinstance(b, dict):
        return "; ".join(
            f"{field(k)} {show(k, v)}"
            for k, v in sorted(b.items())
            if v is not None and k != "document"
        )
    if isinstance(a, dict):
        return "✕ " + "; ".join(
            f"{field(k)} {show(k, v)}" for k, v in sorted(a.items()) if v is not None
        )
    return f"{a} → {b}"


def decision_moment(text: str, timezone: str | None, now: datetime | None = None) -> str | None:
    """The time of a decision as keyed at the desk, in the event's zone: "18:42" (today),
    "2026-01-08 18:42" or an ISO moment; ISO 8601 with its offset, None when empty.
    ValueError names what was expected."""
    text = text.strip()
    if not text:
        return None
    zone = event_zone(timezone)
    today = (now or datetime.now(UTC)).astimezone(zone)
    try:
        if len(text) <= 8 and ":" in text:  # a time of day: today, in the event's zone
            parts = [int(p) for p in text.split(":")]
            if len(parts) not in (2, 3):
                raise ValueError(text)
            at = today.replace(
                hour=parts[0],
                minute=parts[1],
                second=parts[2] if len(parts) == 3 else 0,
                microsecond=0,
            )
        else:
            at = datetime.fromisoformat(text)
            if at.tzinfo is None:
                at = at.replace(tzinfo=zone)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time: HH:MM (today) or YYYY-MM-DD HH:MM expected"
        ) from None
    return at.isoformat(timespec="seconds")
