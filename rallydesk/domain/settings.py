"""The rules of an event's settings and of the desk's usual speed ranges.

Checked here once, so ``new``, Set-up > Event, imports and the API refuse the same things with
the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from .checks import DEFAULT_SPEEDS_KMH
from .errors import RallyDeskError, quoted
from .model import LANGUAGES, TIE_BREAKS, TIME_STYLES, Settings

#: the longest protest window (a week, in minutes)
MAX_PROTEST_MINUTES = 7 * 24 * 60
#: the longest document number prefix
MAX_PREFIX = 20
#: desk setting key of a category's usual speed range ("speed_kmh/CAR" = "20-140")
SPEED_SETTING = "speed_kmh/"
#: no land vehicle averages more over a special: a higher bound is a typing slip
MAX_SPEED_KMH = 400

SpeedRanges = dict[str, tuple[float, float]]


def validate_settings(s: Settings) -> None:
    """Refuse settings the event cannot have, naming the accepted values."""
    if not s.name or not s.name.strip():
        raise RallyDeskError("the event needs a name")
    for what, value, accepted in (
        ("tie-break", s.tie_break, TIE_BREAKS),
        ("time style", s.time_style, TIME_STYLES),
        ("language", s.language, LANGUAGES),
    ):
        if value not in accepted:
            raise RallyDeskError(
                f"{what} {quoted(value)} is unknown; accepted: {', '.join(accepted)}"
            )
    if s.protest_minutes is not None and not 0 <= s.protest_minutes <= MAX_PROTEST_MINUTES:
        raise RallyDeskError(
            f"protest window of {s.protest_minutes} minutes: give 0 to {MAX_PROTEST_MINUTES} minutes"
        )
    if s.document_prefix is not None and len(s.document_prefix) > MAX_PREFIX:
        raise RallyDeskError(f"the document number prefix is at most {MAX_PREFIX} characters")
    if s.timezone is not None:
        try:
            ZoneInfo(s.timezone)
        except (ValueError, KeyError, OSError):
            raise RallyDeskError(
                f"time zone {quoted(s.timezone)} is unknown; use an IANA name such as Europe/Paris or"
                " Asia/Riyadh"
            ) from None


def speed_ranges(desk_settings: Mapping[str, str]) -> SpeedRanges:
    """The usual average speed on a special per category (km/h), the defaults under "": what the
    first crew of a stage is judged by (``checks.review``) before there are others."""
    ranges = dict(DEFAULT_SPEEDS_KMH)
    for key, value in desk_settings.items():
        if key.startswith(SPEED_SETTING) and value:
            low, _, high = value.partition("-")
            ranges[key[len(SPEED_SETTING) :]] = (float(low), float(high))
    return ranges


def speed_range_text(
    category: str, known: list[str], low: float | None, high: float | None
) -> str | None:
    """A category's range as the desk setting keeps it ("20-140"); None: back to the default."""
    if category not in known:
        raise RallyDeskError(
            f"{quoted(category)} is not a category (categories: {', '.join(known) or 'none yet'})"
        )
    if low is None and high is None:
        return None
    default = DEFAULT_SPEEDS_KMH[""]
    low = default[0] if low is None else low
    high = default[1] if high is None else high
    if not (0 < low < high <= MAX_SPEED_KMH):
        raise RallyDeskError(
            f"usual speed of {category}: {low:g}–{high:g} km/h is not a range; expected a lowest"
            f" and a highest average above 0 and up to {MAX_SPEED_KMH} km/h, lowest first"
        )
    return f"{low:g}-{high:g}"
