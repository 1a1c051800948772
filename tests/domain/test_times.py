"""docs/rules.md §1 and §7: every accepted form, every rejection, truncation, both output styles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rallydesk.domain.times import (
    DAY_MS,
    TimeFormatError,
    format_duration,
    format_gap,
    format_time_of_day,
    ms_to_excel_days,
    parse_adjustment,
    parse_duration,
    parse_precision,
    parse_time_of_day,
    truncate,
)


def hms(h: int, m: int, s: int, ms: int = 0) -> int:
    return ((h * 60 + m) * 60 + s) * 1000 + ms


TIMES_OF_DAY = [
    ("14:30:12", hms(14, 30, 12)),
    ("14:30:12.7", hms(14, 30, 12, 700)),
    ("14:30:12,7", hms(14, 30, 12, 700)),
    ("143012", hms(14, 30, 12)),
    ("143012.7", hms(14, 30, 12, 700)),
    ("14:30:12 +1", DAY_MS + hms(14, 30, 12)),
    ("01:10:00+1", DAY_MS + hms(1, 10, 0)),
    ("8:10:00", hms(8, 10, 0)),
    ("0:0:0", 0),
    ("23:59:59.999", hms(23, 59, 59, 999)),
    ("14:30:12.12345", hms(14, 30, 12, 123)),  # finer than 1 ms: truncated, never rounded
    (" 14:30:12 ", hms(14, 30, 12)),
    ("06:00:00 +2", 2 * DAY_MS + hms(6, 0, 0)),
]


@pytest.mark.parametrize("text,expected", TIMES_OF_DAY)
def test_time_of_day_forms(text, expected):
    assert parse_time_of_day(text) == expected


DURATIONS = [
    ("3:07:49", hms(3, 7, 49)),
    ("48:56:53", hms(48, 56, 53)),
    ("3:07:49.9", hms(3, 7, 49, 900)),
    ("3:07:49,96", hms(3, 7, 49, 960)),
    ("12:03.7", hms(0, 12, 3, 700)),
    ("75:30", hms(1, 15, 30)),
    ("3h07'49\"", hms(3, 7, 49)),
    ("48h 56' 53''", hms(48, 56, 53)),
    ("10' 48''7", hms(0, 10, 48, 700)),
    ("46' 14''", hms(0, 46, 14)),
    ('49"', 49_000),
    ("2'", 120_000),
    ("90'", hms(1, 30, 0)),
    ("3h", hms(3, 0, 0)),
    ("3H 07′ 49″", hms(3, 7, 49)),
    ("3:7:49", hms(3, 7, 49)),
    ("0:10:56.3", hms(0, 10, 56, 300)),
    ('49.5"', 49_500),
    ("100:00:00", hms(100, 0, 0)),
]


@pytest.mark.parametrize("text,expected", DURATIONS)
def test_duration_forms(text, expected):
    assert parse_duration(text) == expected


ADJUSTMENTS = [
    ("+0:01:10", 70_000),
    ('-40"', -40_000),
    ("+2'", 120_000),
    ("+ 00h 09' 42''", hms(0, 9, 42)),
    ("- 00h 00' 40''", -40_000),
    ("-0:40", -40_000),
    ("+9:42", hms(0, 9, 42)),
]


@pytest.mark.parametrize("text,expected", ADJUSTMENTS)
def test_adjustment_forms(text, expected):
    assert parse_adjustment(text) == expected


BAD_TIME_OF_DAY = [
    "25:00:00",
    "24:00:00",
    "14:60:00",
    "14:30:60",
    "1430",
    "14:30",
    "14:30:12 +0",
    "abc",
    "",
    "   ",
    "14:30:12.",
    "14:30:12 +",
    "14:30:12 +10",
    "-14:30:12",
    "١٤:٣٠:١٢",
    "14:30:12x",
]


@pytest.mark.parametrize("text", BAD_TIME_OF_DAY)
def test_time_of_day_rejections(text):
    with pytest.raises(TimeFormatError) as err:
        parse_time_of_day(text)
    assert repr(text) in str(err.value) and "accepted forms: 14:30:12" in str(err.value)
    assert err.value.kind == "time of day"


BAD_DURATIONS = [
    "3:60:00",
    "3:07:60",
    "3:07:49.",
    "abc",
    "",
    "3h07'49\"x",
    "--1:00",
    "1e3",
    "٣:٠٧:٤٩",
    "3:075:49",
    "3h 75'",
    "3' 75''",
    "+3:00:00",
    "3:07:49:00",
    "''7",
    "h",
    "3h07'49\"5x",
    # keypad digits: minutes and seconds below 60, at most 8 digits, a fraction needs digits
    "3075",
    "36049",
    "123456789",
    "30749,",
    "30749.5.1",
    "3 07 49",
]


@pytest.mark.parametrize("text", BAD_DURATIONS)
def test_duration_rejections(text):
    with pytest.raises(TimeFormatError) as err:
        parse_duration(text)
    assert repr(text) in str(err.value) and "48h 56' 53''" in str(err.value)


# RULES §7, the numeric keypad: digits alone, read right-aligned as seconds, minutes, then hours
KEYPAD_DURATIONS = [
    ("30110", hms(3, 1, 10)),
    ("4812", hms(0, 48, 12)),
    ("30749,5", hms(3, 7, 49, 500)),
    ("30749.5", hms(3, 7, 49, 500)),
    ("30749", hms(3, 7, 49)),
    ("480653", hms(48, 6, 53)),
    ("1004812", hms(100, 48, 12)),
    ("12", 12_000),
    ("3.5", 3_500),
    ("0", 0),
    ("959", hms(0, 9, 59)),
    ("10000", hms(1, 0, 0)),
    ("004812", hms(0, 48, 12)),
    (" 4812 ", hms(0, 48, 12)),
    ("30749,56", hms(3, 7, 49, 560)),
]


@pytest.mark.parametrize("text,expected", KEYPAD_DURATIONS)
def test_keypad_durations_read_from_the_right(text, expected):
    assert parse_duration(text) == expected


def test_keypad_digits_are_hhmmss_where_a_time_of_day_is_expected():
    assert parse_time_of_day("143012") == hms(14, 30, 12)
    with pytest.raises(TimeFormatError):
        parse_time_of_day("4812")


def test_keypad_digits_with_a_bad_minute_say_how_they_are_read():
    with pytest.raises(TimeFormatError, match="read from the right"):
        parse_duration("37549")


def test_the_message_reads_an_adjustment_not_a_adjustment():
    with pytest.raises(TimeFormatError) as err:
        parse_adjustment("5'")
    assert "is not an adjustment" in str(err.value)


@pytest.mark.parametrize("text", ["0:01:10", '40"', "+", "+-1:00", "++1:00", "+abc", ""])
def test_adjustment_rejections(text):
    with pytest.raises(TimeFormatError) as err:
        parse_adjustment(text)
    assert "accepted forms" in str(err.value)


def test_unsigned_adjustment_says_a_sign_is_needed():
    with pytest.raises(TimeFormatError, match="sign"):
        parse_adjustment("0:01:10")


@pytest.mark.parametrize("value", [None, 12, 3.5, b"3:07:49"])
def test_non_text_is_a_format_error_not_a_type_error(value):
    for parse in (parse_duration, parse_time_of_day, parse_adjustment):
        with pytest.raises(TimeFormatError):
            parse(value)


def test_truncation_towards_zero():
    assert truncate(parse_duration("3:07:49.96"), 1000) == hms(3, 7, 49)
    assert truncate(parse_duration("10:48.79"), 100) == hms(0, 10, 48, 700)
    assert truncate(1234, 1) == 1234
    assert truncate(-1500, 1000) == -1000


@pytest.mark.parametrize(
    "text,ms", [("1", 1000), ("0.1", 100), ("0,1", 100), ("0.001", 1), ("1.0", 1000)]
)
def test_precisions(text, ms):
    assert parse_precision(text) == ms


@pytest.mark.parametrize("text", ["0.5", "2", "", "0.01", "tenth"])
def test_bad_precisions(text):
    with pytest.raises(ValueError, match="accepted: 1, 0.1, 0.001"):
        parse_precision(text)


FORMATS = [
    (hms(48, 56, 53), "dakar", 1000, "48h 56' 53''"),
    (hms(3, 8, 29), "dakar", 1000, "3h 08' 29''"),
    (hms(0, 46, 14), "dakar", 1000, "46' 14''"),
    (hms(0, 10, 48, 700), "dakar", 100, "10' 48''7"),
    (hms(16, 45, 40), "dakar", 1000, "16h 45' 40''"),
    (hms(48, 56, 53), "plain", 1000, "48:56:53"),
    (hms(0, 46, 14), "plain", 1000, "46:14"),
    (hms(0, 10, 48, 700), "plain", 100, "10:48.7"),
    (hms(0, 10, 48, 750), "plain", 100, "10:48.75"),  # never hides what is there
    (hms(1, 0, 0, 5), "dakar", 1, "1h 00' 00''005"),
]


@pytest.mark.parametrize("ms,style,precision,text", FORMATS)
def test_format_duration(ms, style, precision, text):
    assert format_duration(ms, style, precision) == text


def test_format_gaps():
    assert format_gap(hms(0, 9, 42)) == "+ 00h 09' 42''"
    assert format_gap(hms(0, 1, 24)) == "+ 00h 01' 24''"
    assert format_gap(-40_000) == "- 00h 00' 40''"
    assert format_gap(hms(0, 9, 42), "plain") == "+9:42"
    assert format_gap(hms(1, 2, 3), "plain") == "+1:02:03"
    assert format_gap(-40_000, "plain") == "-0:40"


def test_format_time_of_day():
    assert format_time_of_day(hms(14, 30, 12)) == "14:30:12"
    assert format_time_of_day(hms(14, 30, 12, 700), 100) == "14:30:12.7"
    assert format_time_of_day(DAY_MS + hms(0, 10, 0)) == "00:10:00 +1"


def test_unknown_style():
    with pytest.raises(ValueError):
        format_duration(1000, "fancy")


def test_excel_days_exact():
    assert ms_to_excel_days(DAY_MS) == 1
    assert ms_to_excel_days(hms(12, 0, 0)) * 2 == 1


ms_values = st.integers(min_value=0, max_value=400 * 3_600_000)


@settings(max_examples=400)
@given(
    ms=ms_values,
    style=st.sampled_from(["dakar", "plain"]),
    precision=st.sampled_from([1000, 100, 1]),
)
def test_round_trip_duration(ms, style, precision):
    assert parse_duration(format_duration(ms, style, precision)) == ms


@settings(max_examples=400)
@given(
    ms=st.integers(min_value=-400 * 3_600_000, max_value=400 * 3_600_000).filter(bool),
    style=st.sampled_from(["dakar", "plain"]),
    precision=st.sampled_from([1000, 100, 1]),
)
def test_round_trip_gap(ms, style, precision):
    assert parse_adjustment(format_gap(ms, style, precision)) == ms


@settings(max_examples=400)
@given(
    ms=st.integers(min_value=0, max_value=3 * DAY_MS - 1), precision=st.sampled_from([1000, 100, 1])
)
def test_round_trip_time_of_day(ms, precision):
    assert parse_time_of_day(format_time_of_day(ms, precision)) == ms


@settings(max_examples=1000)
@given(text=st.text(max_size=30) | st.from_regex(r"[0-9:.,'\" hH+\-]{0,20}", fullmatch=True))
def test_fuzz_parsers_never_crash(text):
    for parse in (parse_duration, parse_time_of_day, parse_adjustment):
        try:
            value = parse(text)
        except TimeFormatError:
            continue
        assert isinstance(value, int)
