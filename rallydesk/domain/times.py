"""Reading and writing times (docs/rules.md §1, §7): integer milliseconds in, official text out.

Fractions are read digit by digit as text, never through float, and anything finer than a
millisecond is truncated: timing never rounds up.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import quoted

#: How durations are written: the Dakar's 3h 08' 29'' or plain 3:08:29 (RULES §7).
TIME_STYLES: tuple[str, ...] = ("dakar", "plain")

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
MINUTE_MS = 60_000
#: A stage's precision as officials write it, and in milliseconds (docs/rules.md §1).
PRECISIONS: dict[str, int] = {"1": 1000, "0.1": 100, "0.001": 1}
#: The other way round: how a precision in milliseconds is written.
PRECISION_TEXT: dict[int, str] = {ms: text for text, ms in PRECISIONS.items()}

ACCEPTED_TIME_OF_DAY = "14:30:12, 14:30:12.7, 143012 (six digits), 14:30:12 +1 (next day)"
ACCEPTED_DURATION = (
    "3:07:49, 48:56:53, 3:07:49.9, 12:03.7 (minutes:seconds), 3h07'49\", 48h 56' 53'', 10' 48''7,"
    " 30749 or 30749,5 (keypad digits, read from the right: seconds, minutes, hours)"
)
ACCEPTED_ADJUSTMENT = "+0:01:10, -40\", +2', + 00h 09' 42'' (a duration with a sign)"


class TimeFormatError(ValueError):
    """Text that is not a time; the message quotes it and lists what is accepted."""

    def __init__(self, text: object, kind: str, accepted: str, detail: str = "") -> None:
        self.text = text
        self.kind = kind
        self.accepted = accepted
        shown = quoted(text if isinstance(text, str) else str(text))
        article = "an" if kind[:1] in "aeiou" else "a"
        what = f"is not {article} {kind}" + (f" ({detail})" if detail else "")
        super().__init__(f"{shown} {what}; accepted forms: {accepted}")


_FRAC = r"(?:[.,]([0-9]+))?"
_TOD_COLON = re.compile(r"([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})" + _FRAC)
_TOD_SIX = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})" + _FRAC)
_DAYS = re.compile(r"(.*?)\s*\+\s*([0-9])")
_COLON3 = re.compile(r"([0-9]+):([0-9]{1,2}):([0-9]{1,2})" + _FRAC)
#: the numeric keypad's form (RULES §7): digits alone, read right-aligned as ss, mm, then hours
_KEYPAD = re.compile(r"([0-9]{1,8})" + _FRAC)
_COLON2 = re.compile(r"([0-9]+):([0-9]{1,2})" + _FRAC)
_UNITS = re.compile(
    r"(?:([0-9]+)\s*[hH])?\s*"
    r"(?:([0-9]+)\s*(?:'|′|’)(?!'|’))?\s*"
    r"(?:([0-9]+)\s*(?:''|\"|″|”|’’|′′)\s*([0-9]{1,})?|([0-9]+)[.,]([0-9]+)\s*(?:''|\"|″|”|’’|′′))?"
)


def _frac_ms(digits: str | None) -> int:
    if not digits:
        return 0
    return int((digits + "00")[:3])


def _check_text(text: object, kind: str, accepted: str, signed: bool = False) -> str:
    if not isinstance(text, str):
        raise TimeFormatError(text, kind, accepted)
    stripped = text.strip()
    if not stripped:
        raise TimeFormatError(text, kind, accepted, "empty")
    if len(stripped) > 40:  # no time is written so long (and Python refuses huge numbers)
        raise TimeFormatError(text, kind, accepted, f"{len(stripped):,} characters is not a {kind}")
    if not signed and stripped[0] in "-−":
        # an Excel cell of -0.5 or a CSV "-0:30:00": never read as its absolute value
        raise TimeFormatError(text, kind, accepted, f"a {kind} is never negative")
    return stripped


def parse_time_of_day(text: str) -> int:
    """Milliseconds since midnight of the stage's day; ``+N`` adds N days."""
    s = _check_text(text, "time of day", ACCEPTED_TIME_OF_DAY)
    days = 0
    m = _DAYS.fullmatch(s)
    if m:
        s, days = m[1].strip(), int(m[2])
        if days == 0:
            raise TimeFormatError(
                text, "time of day", ACCEPTED_TIME_OF_DAY, "+0 is not a following day"
            )
    m = _TOD_COLON.fullmatch(s) or _TOD_SIX.fullmatch(s)
    if not m:
        raise TimeFormatError(text, "time of day", ACCEPTED_TIME_OF_DAY)
    h, mi, se = int(m[1]), int(m[2]), int(m[3])
    if h > 23 or mi > 59 or se > 59:
        raise TimeFormatError(
            text, "time of day", ACCEPTED_TIME_OF_DAY, "hours 0-23, minutes and seconds 0-59"
        )
    return days * DAY_MS + ((h * 60 + mi) * 60 + se) * 1000 + _frac_ms(m[4])


def parse_duration(text: str) -> int:
    s = _check_text(text, "duration", ACCEPTED_DURATION)
    m = _KEYPAD.fullmatch(s)
    if m:
        return _keypad(m, text)
    return _duration(s, text, "duration", ACCEPTED_DURATION)


def _keypad(m: re.Match[str], original: object) -> int:
    """``30110`` = 3:01:10, ``4812`` = 0:48:12, ``30749,5`` = 3:07:49.5: what a keypad keys fastest."""
    digits = m[1]
    se = int(digits[-2:])
    mi = int(digits[-4:-2] or 0)
    h = int(digits[:-4] or 0)
    if se > 59 or mi > 59:
        raise TimeFormatError(
            original,
            "duration",
            ACCEPTED_DURATION,
            "keypad digits are read from the right as seconds, minutes, hours;"
            " minutes and seconds must be below 60",
        )
    return ((h * 60 + mi) * 60 + se) * 1000 + _frac_ms(m[2])


def _duration(s: str, original: object, kind: str, accepted: str) -> int:
    m = _COLON3.fullmatch(s)
    if m:
        h, mi, se, frac = int(m[1]), int(m[2]), int(m[3]), m[4]
    else:
        m = _COLON2.fullmatch(s)
        if m:
            h, mi, se, frac = 0, int(m[1]), int(m[2]), m[3]
        else:
            m = _UNITS.fullmatch(s)
            if not m or not any(m.groups()) or (m[4] and not m[3]):
                raise TimeFormatError(original, kind, accepted)
            h = int(m[1]) if m[1] else 0
            mi = int(m[2]) if m[2] else 0
            if m[5]:
                se, frac = int(m[5]), m[6]
            else:
                se, frac = (int(m[3]) if m[3] else 0), m[4]
            if (m[1] and m[2] and len(m[2]) > 2) or (
                (m[1] or m[2]) and (m[3] or m[5]) and len(m[3] or m[5]) > 2
            ):
                raise TimeFormatError(
                    original, kind, accepted, "minutes and seconds have at most two digits"
                )
            if (m[1] and mi > 59) or ((m[1] or m[2]) and se > 59):
                raise TimeFormatError(
                    original, kind, accepted, "minutes and seconds must be below 60"
                )
            return ((h * 60 + mi) * 60 + se) * 1000 + _frac_ms(frac)
    # colon forms: the leading part may be any size, the following ones below 60
    if m.re is _COLON3 and mi > 59:
        raise TimeFormatError(original, kind, accepted, "minutes must be below 60")
    if se > 59:
        raise TimeFormatError(original, kind, accepted, "seconds must be below 60")
    return ((h * 60 + mi) * 60 + se) * 1000 + _frac_ms(frac)


def parse_adjustment(text: str) -> int:
    """A signed duration: penalties are positive, bonuses and credits negative."""
    s = _check_text(text, "adjustment", ACCEPTED_ADJUSTMENT, signed=True)
    if s[0] not in "+-−":
        raise TimeFormatError(text, "adjustment", ACCEPTED_ADJUSTMENT, "a sign + or - is needed")
    sign = 1 if s[0] == "+" else -1
    rest = s[1:].strip()
    if not rest or rest[0] in "+-−":
        raise TimeFormatError(text, "adjustment", ACCEPTED_ADJUSTMENT)
    return sign * _duration(rest, text, "adjustment", ACCEPTED_ADJUSTMENT)


def parse_precision(text: str) -> int:
    t = str(text).strip().replace(",", ".")
    if t.startswith("."):
        t = "0" + t
    t = {"1.0": "1"}.get(t, t)
    if t not in PRECISIONS:
        raise ValueError(f"{quoted(text)} is not a precision; accepted: {', '.join(PRECISIONS)}")
    return PRECISIONS[t]


def truncate(ms: int, precision_ms: int) -> int:
    """Towards zero, to the stage precision (timing never rounds up)."""
    if ms >= 0:
        return ms - ms % precision_ms
    return -((-ms) - (-ms) % precision_ms)


def _digits(ms: int, precision_ms: int) -> int:
    """Fraction digits to print: the precision's, or more when the value needs them."""
    base = {1000: 0, 100: 1, 10: 2, 1: 3}.get(precision_ms, 3)
    frac = ms % 1000
    need = 0 if frac == 0 else 1 if frac % 100 == 0 else 2 if frac % 10 == 0 else 3
    return max(base, need)


def _split(ms: int) -> tuple[int, int, int, int]:
    return ms // HOUR_MS, ms // MINUTE_MS % 60, ms // 1000 % 60, ms % 1000


def _check_style(style: str) -> None:
    if style not in TIME_STYLES:
        raise ValueError(
            f"time style {quoted(style)} is unknown; accepted: {', '.join(TIME_STYLES)}"
        )


def format_duration(ms: int, style: str = "dakar", precision_ms: int = 1000) -> str:
    _check_style(style)
    if ms < 0:
        return "-" + format_duration(-ms, style, precision_ms)
    d = _digits(ms, precision_ms)
    h, m, s, f = _split(ms)
    frac = str(f).zfill(3)[:d]
    if style == "dakar":
        tail = f"{s:02d}''" + frac
        return f"{h}h {m:02d}' {tail}" if h else f"{m}' {tail}"
    tail = f"{s:02d}" + (f".{frac}" if d else "")
    return f"{h}:{m:02d}:{tail}" if h else f"{m}:{tail}"


def format_gap(ms: int, style: str = "dakar", precision_ms: int = 1000) -> str:
    _check_style(style)
    sign = "-" if ms < 0 else "+"
    ms = abs(ms)
    if style == "plain":
        return sign + format_duration(ms, "plain", precision_ms)
    d = _digits(ms, precision_ms)
    h, m, s, f = _split(ms)
    return f"{sign} {h:02d}h {m:02d}' {s:02d}''" + str(f).zfill(3)[:d]


format_adjustment = format_gap


def format_time_of_day(ms: int, precision_ms: int = 1000) -> str:
    days, rest = divmod(ms, DAY_MS)
    d = _digits(rest, precision_ms)
    h, m, s, f = _split(rest)
    text = f"{h:02d}:{m:02d}:{s:02d}" + (f".{str(f).zfill(3)[:d]}" if d else "")
    return text + (f" +{days}" if days else "")


def ms_to_excel_days(ms: int) -> Fraction:
    return Fraction(ms, DAY_MS)
