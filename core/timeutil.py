"""Time: aware UTC instants, canonical text for storage, local work dates, dates as text.

Every rule that needs "now" takes a clock (a zero-argument callable returning an aware
datetime) so tests can move time and services never read the wall clock behind anyone's back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

from core.errors import InputError

Clock = Callable[[], datetime]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UTC_TEXT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$")


def system_clock() -> datetime:
    """The real clock: an aware UTC instant."""
    return datetime.now(UTC)


def require_aware(instant: datetime, what: str = "instant") -> datetime:
    """Refuse naive datetimes: an instant without a zone is a bug, never a guess."""
    if instant.tzinfo is None or instant.tzinfo.utcoffset(instant) is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {instant!r}")
    return instant


def to_utc(instant: datetime) -> datetime:
    """The same instant in UTC."""
    return require_aware(instant).astimezone(UTC)


FIRST_YEAR, LAST_YEAR = 1900, 2999  # instants a time record can hold


def check_instant(instant: datetime) -> datetime:
    """An instant a time record may carry: aware, between the years 1900 and 2999 once in UTC.
    Raises ValueError saying which rule it breaks."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("needs a time zone offset, such as 2026-11-26T09:30:00+01:00 or …Z")
    try:
        year = instant.astimezone(UTC).year
    except OverflowError:
        year = instant.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"must be between the years {FIRST_YEAR} and {LAST_YEAR}")
    return instant


def utc_text(instant: datetime) -> str:
    """Canonical storage text of an instant: ``2026-11-26T07:26:44.123456Z`` (always 6 digits).

    Fixed width, so text order is time order — the store sorts and compares it as text.
    """
    u = to_utc(instant)
    return u.strftime("%Y-%m-%dT%H:%M:%S.") + f"{u.microsecond:06d}Z"


def parse_utc_text(text: str) -> datetime:
    """Inverse of :func:`utc_text` (also accepts whole seconds); returns an aware UTC datetime."""
    if not _UTC_TEXT_RE.match(text):
        raise ValueError(f"not a canonical UTC instant: {text!r}")
    return datetime.fromisoformat(text).astimezone(UTC)  # the regex fixed the form; fast


def iso_offset(instant: datetime) -> str:
    """ISO 8601 with an offset, as the CLI's JSON prints instants: ``2026-11-26T07:26:44+00:00``."""
    return to_utc(instant).isoformat(timespec="seconds")


def local_date(instant: datetime, tz: tzinfo | None = None) -> date:
    """The work date of an instant: its calendar date in ``tz`` (default: this machine's zone)."""
    require_aware(instant)
    return instant.astimezone(tz).date() if tz is not None else instant.astimezone().date()


def parse_date(text: str, *, what: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` strictly, with a message naming what was wrong."""
    if not isinstance(text, str) or not _DATE_RE.match(text.strip()):
        raise InputError(f"{what} {text!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text.strip())
    except ValueError as err:
        raise InputError(f"{what} {text!r} is not a real calendar date") from err


def week_start(day: date) -> date:
    """Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of the month holding ``day``."""
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)
