"""Time: aware UTC instants, canonical text, local work dates, strict dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InputError
from core.timeutil import (
    iso_offset,
    local_date,
    month_bounds,
    parse_date,
    parse_utc_text,
    require_aware,
    system_clock,
    to_utc,
    utc_text,
    week_start,
)

PROPS = settings(max_examples=200, deadline=None)

# Instants Docket stores: four-digit years, any zone.
aware_instants = st.datetimes(
    min_value=datetime(1000, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [
            UTC,
            timezone(timedelta(hours=5, minutes=30)),
            timezone(timedelta(hours=-11)),
            ZoneInfo("Europe/Paris"),
            ZoneInfo("America/New_York"),
            ZoneInfo("Pacific/Kiritimati"),
            ZoneInfo("Australia/Lord_Howe"),
        ]
    ),
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_system_clock_is_aware_utc() -> None:
    now = system_clock()
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("instant", "text"),
    [
        (datetime(2026, 11, 26, 7, 26, 44, 123456, tzinfo=UTC), "2026-11-26T07:26:44.123456Z"),
        (datetime(2026, 11, 26, 7, 26, 44, tzinfo=UTC), "2026-11-26T07:26:44.000000Z"),
        (datetime(2026, 1, 1, 0, 30, tzinfo=PARIS), "2025-12-31T23:30:00.000000Z"),
        (datetime(2026, 7, 1, 20, 0, 0, 5, tzinfo=NEW_YORK), "2026-07-02T00:00:00.000005Z"),
    ],
)
def test_utc_text(instant: datetime, text: str) -> None:
    assert utc_text(instant) == text
    assert parse_utc_text(text) == instant


def test_parse_utc_text_accepts_whole_seconds() -> None:
    assert parse_utc_text("2026-11-26T07:26:44Z") == datetime(2026, 11, 26, 7, 26, 44, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-26 07:26:44Z",
        "2026-11-26T07:26:44+00:00",
        "2026-11-26T07:26:44.123Z",  # not the canonical six digits
        "2026-11-26T07:26:44.123456",
        "2026-11-26",
        "",
    ],
)
def test_parse_utc_text_refuses_other_forms(text: str) -> None:
    with pytest.raises(ValueError):
        parse_utc_text(text)


def test_parse_utc_text_is_aware() -> None:
    assert parse_utc_text("2026-11-26T07:26:44.000001Z").tzinfo is UTC


@pytest.mark.parametrize(
    "call",
    [
        lambda: utc_text(datetime(2026, 1, 1, 12)),
        lambda: to_utc(datetime(2026, 1, 1, 12)),
        lambda: iso_offset(datetime(2026, 1, 1, 12)),
        lambda: local_date(datetime(2026, 1, 1, 12), UTC),
        lambda: require_aware(datetime(2026, 1, 1, 12), "start"),
    ],
)
def test_naive_datetimes_are_refused(call: object) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()  # type: ignore[operator]


def test_require_aware_returns_the_instant() -> None:
    instant = datetime(2026, 1, 1, tzinfo=PARIS)
    assert require_aware(instant) is instant


def test_iso_offset() -> None:
    assert iso_offset(datetime(2026, 11, 26, 8, 26, 44, 999, tzinfo=PARIS)) == (
        "2026-11-26T07:26:44+00:00"
    )


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        # 23:30 UTC on the 1st is already the 2nd in Paris and in Tokyo, still the 1st in New York
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), PARIS, date(2026, 3, 2)),
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), TOKYO, date(2026, 3, 2)),
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), NEW_YORK, date(2026, 3, 1)),
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), UTC, date(2026, 3, 1)),
        # 03:00 UTC is still the evening before in New York
        (datetime(2026, 3, 2, 3, 0, tzinfo=UTC), NEW_YORK, date(2026, 3, 1)),
        # exactly local midnight belongs to the new day
        (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), PARIS, date(2026, 7, 1)),
        (datetime(2026, 6, 30, 21, 59, 59, 999999, tzinfo=UTC), PARIS, date(2026, 6, 30)),
        # an instant given in another zone is converted, not read naively
        (datetime(2026, 3, 2, 0, 30, tzinfo=PARIS), NEW_YORK, date(2026, 3, 1)),
    ],
)
def test_local_date_in_a_zone_across_midnight(
    instant: datetime, zone: ZoneInfo, expected: date
) -> None:
    assert local_date(instant, zone) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",  # not a real day
        "2026-13-01",
        "2026-00-10",
        "2026-1-5",
        "26-01-05",
        "2026/01/05",
        "05-01-2026",
        "2026-01-05T00:00",
        "20260105",
        "",
        "today",
        "２０２６-01-05",  # full-width digits
    ],
)
def test_parse_date_refusals(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_date(text, what="--date")
    assert "--date" in str(err.value)


@pytest.mark.parametrize("value", [None, 20260105, date(2026, 1, 5)])
def test_parse_date_refuses_non_text(value: object) -> None:
    with pytest.raises(InputError):
        parse_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-01-05", date(2026, 1, 5)), ("2024-02-29", date(2024, 2, 29)), (" 2026-12-31 ", None)],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == (expected or date(2026, 12, 31))


def test_parse_date_message_for_unreal_day() -> None:
    with pytest.raises(InputError, match="not a real calendar date"):
        parse_date("2025-02-29")


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 26), date(2026, 11, 23)),  # a Thursday
        (date(2026, 11, 23), date(2026, 11, 23)),
        (date(2026, 11, 29), date(2026, 11, 23)),  # Sunday ends the ISO week
        (date(2027, 1, 1), date(2026, 12, 28)),
    ],
)
def test_week_start(day: date, monday: date) -> None:
    assert week_start(day) == monday


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
        (date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 29)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 1, 31), date(2026, 1, 1), date(2026, 1, 31)),
    ],
)
def test_month_bounds(day: date, first: date, last: date) -> None:
    assert month_bounds(day) == (first, last)


@PROPS
@given(aware_instants)
def test_utc_text_fixed_width_and_round_trip(instant: datetime) -> None:
    text = utc_text(instant)
    assert len(text) == len("2026-11-26T07:26:44.123456Z")
    assert text.endswith("Z")
    back = parse_utc_text(text)
    # compared in UTC: PEP 495 makes an ambiguous local time unequal to every other zone's
    assert back == to_utc(instant)
    assert back.tzinfo is UTC


@PROPS
@given(aware_instants, aware_instants)
def test_text_order_is_time_order(a: datetime, b: datetime) -> None:
    ta, tb = utc_text(a), utc_text(b)
    ua, ub = to_utc(a), to_utc(b)
    assert (ta < tb) == (ua < ub)
    assert (ta == tb) == (ua == ub)


@PROPS
@given(aware_instants)
def test_local_date_is_the_date_on_the_zone_clock(instant: datetime) -> None:
    for zone in (UTC, PARIS, TOKYO, NEW_YORK):
        assert local_date(instant, zone) == instant.astimezone(zone).date()
        # the local date is never more than one day from the UTC date
        assert abs((local_date(instant, zone) - to_utc(instant).date()).days) <= 1


@PROPS
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 31)))
def test_parse_date_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert week_start(day).weekday() == 0
    assert 0 <= (day - week_start(day)).days < 7
    first, last = month_bounds(day)
    assert first <= day <= last
    assert (last + timedelta(days=1)).day == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2026-11-26T09:30:00", "time zone offset"),
        ("0001-01-01T00:00:00+00:00", "between the years 1900 and 2999"),
        ("9999-12-31T23:00:00-05:00", "between the years 1900 and 2999"),
        ("1899-12-31T23:59:59+00:00", "between the years 1900 and 2999"),
    ],
)
def test_instants_a_record_cannot_hold(text: str, problem: str) -> None:
    from core.timeutil import check_instant

    with pytest.raises(ValueError, match=problem):
        check_instant(datetime.fromisoformat(text))


def test_instants_a_record_can_hold() -> None:
    from core.timeutil import check_instant

    for text in ("1900-01-01T00:00:00+00:00", "2026-11-26T09:30:00+01:00", "2999-12-31T22:00Z"):
        assert check_instant(datetime.fromisoformat(text)) == datetime.fromisoformat(text)
