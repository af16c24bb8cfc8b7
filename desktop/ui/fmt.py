"""How the app writes hours, durations, money, dates and codes for people (pure, no Qt)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from core.model import Matter

STATUS_WORDS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "approved": "Approved",
    "rejected": "Rejected",
    "billed": "Billed",
}


def hours(value: Decimal | None, *, blank_zero: bool = False) -> str:
    """Billed hours with two places: ``1.50``."""
    if value is None or (blank_zero and not value):
        return ""
    return f"{value:,.2f}"


def hm(seconds: int) -> str:
    """A duration as hours and minutes: ``1:30`` (seconds dropped)."""
    sign = "-" if seconds < 0 else ""
    h, m = divmod(abs(seconds) // 60, 60)
    return f"{sign}{h}:{m:02d}"


def clock(seconds: int) -> str:
    """A running timer: ``0:47:12``."""
    h, rest = divmod(max(0, seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


def money(value: Decimal, currency: str = "") -> str:
    """``USD 12,840.00`` (never a float on the way)."""
    text = f"{value:,.2f}"
    return f"{currency} {text}" if currency else text


def amounts(by_currency: Mapping[str, Decimal], currency: str = "") -> str:
    """A total kept by currency: ``USD 12,840.00``, or ``USD 12,840.00 + EUR 900.00`` when a
    rate rule bills in another currency (never added together); ``currency`` (the firm's)
    first, and for an empty total; 0.00 in another currency is left out."""
    shown = {c: v for c, v in by_currency.items() if v or c == currency}
    if not shown:  # nothing, or only 0.00 in other currencies (non-billable work)
        return money(Decimal("0.00"), currency)
    order = sorted(shown, key=lambda c: (c != currency, c))
    return " + ".join(money(shown[c], c) for c in order)


def long_minutes(seconds: int) -> str:
    """``33 min`` or ``1 h 05 min``: for sentences."""
    minutes = round(abs(seconds) / 60)
    if minutes < 60:
        return f"{minutes} min"
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min"


def day_long(d: date) -> str:
    """``Thursday 26 November 2026``."""
    return f"{d:%A} {d.day} {d:%B %Y}"


def day_short(d: date) -> str:
    """``12 Nov 2026``."""
    return f"{d.day} {d:%b %Y}"


def day_span(first: date, last: date) -> str:
    """``12 – 26 Nov 2026``, ``12 Oct – 11 Dec 2026``, ``6 Dec 2026 – 26 Mar 2027``."""
    if first == last:
        return day_short(first)
    if first.year != last.year:
        return f"{day_short(first)} – {day_short(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {day_short(last)}"
    return f"{first.day} – {day_short(last)}"


def week_title(monday: date) -> str:
    """``23 – 29 November 2026 · week 48`` (months and years only when they change)."""
    sunday = date.fromordinal(monday.toordinal() + 6)
    week = monday.isocalendar()[1]
    if monday.year != sunday.year:
        span = f"{monday.day} {monday:%B %Y} – {sunday.day} {sunday:%B %Y}"
    elif monday.month != sunday.month:
        span = f"{monday.day} {monday:%B} – {sunday.day} {sunday:%B %Y}"
    else:
        span = f"{monday.day} – {sunday.day} {sunday:%B %Y}"
    return f"{span} · week {week}"


def matter_label(matter: Matter | None, code: str | None = None) -> str:
    """``ACME-001 · Supply dispute``; the bare code when the matter is unknown."""
    if matter is None:
        return code or "No matter"
    return f"{matter.code} · {matter.name}"


def local_today() -> date:
    """This machine's date (a placeholder until the workspace says what today is)."""
    from datetime import UTC, datetime

    return datetime.now(UTC).astimezone().date()
