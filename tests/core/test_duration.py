"""Durations as people type them (PRODUCT.md §6): to integer seconds, more than 0, at most 24 h."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.duration import MAX_SECONDS, DurationError, format_compact, format_hm, parse_duration
from core.errors import InputError

PROPS = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        # the forms PRODUCT.md §6 names
        ("90m", 5400),
        ("2h", 7200),
        ("1h30", 5400),
        ("1h30m", 5400),
        ("1:30", 5400),
        ("1.5", 5400),  # a bare number is hours
        ("1,5", 5400),  # decimal comma
        ("24h", 86400),  # exactly 24 hours is allowed
        ("24", 86400),
        ("24:00", 86400),
        ("1440m", 86400),
        # neighbours of those forms
        ("45m", 2700),
        ("1m", 60),
        ("0.25", 900),
        ("0,25", 900),
        ("2", 7200),
        ("0:01", 60),
        ("0:45", 2700),
        ("1h05", 3900),
        ("1h 30m", 5400),
        ("1h 30", 5400),
        ("1.5h", 5400),
        ("1,5h", 5400),
        ("0.1h", 360),
        ("2H", 7200),
        ("90M", 5400),
        ("  2h  ", 7200),
        # seconds, where given
        ("45s", 45),
        ("10s", 10),
        ("1s", 1),
        ("2m30s", 150),
        ("1h45s", 3645),
        ("1h30m15s", 5415),
        ("1:30:15", 5415),
        ("0:00:01", 1),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("24h1m", "more than 24 hours"),
        ("24:01", "more than 24 hours"),
        ("25", "more than 24 hours"),
        ("25h", "more than 24 hours"),
        ("1441m", "more than 24 hours"),
        ("24h0m1s", "more than 24 hours"),
        ("0", "zero"),
        ("0m", "zero"),
        ("0h", "zero"),
        ("0:00", "zero"),
        ("0.0", "zero"),
        ("0s", "zero"),
        ("-1h", "negative"),
        ("-30m", "negative"),
        ("-1", "negative"),
        ("abc", "not understood"),
        ("1:75", "not understood"),
        ("1:5", "not understood"),
        ("1h30x", "not understood"),
        ("h", "not understood"),
        ("m", "not understood"),
        ("1.5.2", "not understood"),
        ("1 h 30 15 s", "not understood"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_parse_duration_refusals(text: str, says: str) -> None:
    with pytest.raises(DurationError) as err:
        parse_duration(text)
    message = str(err.value)
    assert says in message
    # every refusal is a sentence a person can act on
    assert len(message) > 20


@pytest.mark.parametrize("text", ["abc", "1:75", ""])
def test_refusal_says_what_is_accepted(text: str) -> None:
    with pytest.raises(DurationError, match="90m, 2h, 1h30, 1h30m, 1:30 or 1.5"):
        parse_duration(text)


def test_duration_error_is_an_input_error() -> None:
    assert issubclass(DurationError, InputError)
    assert issubclass(DurationError, ValueError)


@pytest.mark.parametrize("value", [90, 1.5, None])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(DurationError):
        parse_duration(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "hm", "compact"),
    [
        (5400, "1:30", "1h30m"),
        (2700, "0:45", "45m"),
        (7200, "2:00", "2h"),
        (5415, "1:30:15", "1h30m15s"),
        (45, "0:00:45", "45s"),
        (3605, "1:00:05", "1h5s"),
        (86400, "24:00", "24h"),
        (0, "0:00", "0s"),
    ],
)
def test_formats(seconds: int, hm: str, compact: str) -> None:
    assert format_hm(seconds) == hm
    assert format_compact(seconds) == compact


def test_format_hm_negative() -> None:
    assert format_hm(-5400) == "-1:30"


durations = st.integers(min_value=1, max_value=MAX_SECONDS)


@PROPS
@given(durations)
def test_format_hm_parses_back(seconds: int) -> None:
    assert parse_duration(format_hm(seconds)) == seconds


@PROPS
@given(durations)
def test_format_compact_parses_back(seconds: int) -> None:
    assert parse_duration(format_compact(seconds)) == seconds


@PROPS
@given(st.integers(min_value=1, max_value=24 * 60))
def test_minutes_forms_agree(minutes: int) -> None:
    h, m = divmod(minutes, 60)
    expected = minutes * 60
    assert parse_duration(f"{minutes}m") == expected
    assert parse_duration(f"{h}:{m:02d}") == expected
    if h:
        assert parse_duration(f"{h}h{m}") == expected
        assert parse_duration(f"{h}h{m}m") == expected


@PROPS
@given(st.integers(min_value=1, max_value=2400))
def test_decimal_hours_point_and_comma_agree(hundredths: int) -> None:
    text = f"{hundredths // 100}.{hundredths % 100:02d}"
    expected = hundredths * 36  # 0.01 h = 36 s
    assert parse_duration(text) == expected
    assert parse_duration(text.replace(".", ",")) == expected


@PROPS
@given(st.integers(min_value=MAX_SECONDS + 1, max_value=10 * MAX_SECONDS))
def test_more_than_a_day_is_refused(seconds: int) -> None:
    with pytest.raises(DurationError, match="more than 24 hours"):
        parse_duration(format_hm(seconds))


@PROPS
@given(st.text(max_size=12))
def test_anything_either_parses_in_range_or_raises_duration_error(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except DurationError as err:
        assert str(err)
    else:
        assert 0 < seconds <= MAX_SECONDS
