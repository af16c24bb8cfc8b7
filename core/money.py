"""Money: ``Decimal`` with quantum 0.01 and ROUND_HALF_UP, everywhere. Never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import InputError

CENT = Decimal("0.01")
# the largest amount a rate, fee or estimate may state (any amount of a day's work at such a
# rate still fits the stores' 64-bit cents)
MAX_MONEY = Decimal("1000000000.00")
ZERO = Decimal("0.00")

_MONEY_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def quantize(value: Decimal) -> Decimal:
    """Round a Decimal half-up to cents (1.005 → 1.01, -1.005 → -1.01)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"money must be Decimal, not {type(value).__name__}")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(text: object, *, what: str = "amount", allow_negative: bool = False) -> Decimal:
    """Parse a decimal string ("300", "300.5", "1234.56") into Decimal cents.

    Refuses floats, thousands separators, currency symbols and more than two decimals that
    are not zeros, so that what a person typed is exactly what is stored.
    """
    if isinstance(text, bool) or not isinstance(text, str):
        raise InputError(f'{what} must be a decimal string such as "300.00", not {text!r}')
    s = text.strip()
    if not _MONEY_RE.match(s):
        raise InputError(f'{what} {text!r} is not a decimal amount such as "300.00"')
    try:
        value = Decimal(s)
    except InvalidOperation as err:  # pragma: no cover - the regex already guards this
        raise InputError(f"{what} {text!r} is not a decimal amount") from err
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InputError(f"{what} {text!r} has more than two decimals")
    if value < 0 and not allow_negative:
        raise InputError(f"{what} {text!r} must not be negative")
    if abs(value) > MAX_MONEY:
        raise InputError(f"{what} {text!r} is more than {MAX_MONEY:,.2f}")
    return quantize(value)


def parse_decimal(text: object, *, what: str, places: int = 2) -> Decimal:
    """Parse a non-negative decimal string such as hours ("40", "12.5")."""
    if isinstance(text, bool) or not isinstance(text, str):
        raise InputError(f'{what} must be a decimal string such as "40", not {text!r}')
    s = text.strip()
    if not _MONEY_RE.match(s) or s.startswith("-"):
        raise InputError(f'{what} {text!r} is not a non-negative decimal such as "40"')
    value = Decimal(s)
    q = Decimal(1).scaleb(-places)
    if value != value.quantize(q, rounding=ROUND_HALF_UP):
        raise InputError(f"{what} {text!r} has more than {places} decimals")
    return value.quantize(q, rounding=ROUND_HALF_UP)


def to_cents(value: Decimal) -> int:
    """Exact integer cents of a money value (rounded half-up first)."""
    return int(quantize(value) * 100)


def from_cents(cents: int) -> Decimal:
    """Money value of integer cents."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError("cents must be int")
    return (Decimal(cents) / 100).quantize(CENT)


def fmt(value: Decimal) -> str:
    """Plain two-decimal text: "1234.50" (no separators, no symbol) — the wire and file form."""
    return f"{quantize(value):.2f}"
