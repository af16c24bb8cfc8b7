"""Money (PRODUCT.md §4 "Money"): Decimal, quantum 0.01, ROUND_HALF_UP, never float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InputError
from core.money import CENT, ZERO, fmt, from_cents, parse_decimal, parse_money, quantize, to_cents

PROPS = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.005", "1.01"),
        ("2.675", "2.68"),  # the float trap: 2.675 is 2.67499… as a binary float
        ("1.004", "1.00"),
        ("1.0049999", "1.00"),
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("-1.005", "-1.01"),  # half-up is away from zero
        ("12.345", "12.35"),
        ("7", "7.00"),
        ("7.1", "7.10"),
        ("1234567.895", "1234567.90"),
    ],
)
def test_quantize_rounds_half_up_to_cents(value: str, expected: str) -> None:
    out = quantize(Decimal(value))
    assert out == Decimal(expected)
    assert str(out) == expected  # exactly two places
    assert out.as_tuple().exponent == -2


@pytest.mark.parametrize("value", [1.005, 1, "1.00", None])
def test_quantize_refuses_anything_but_decimal(value: object) -> None:
    with pytest.raises(TypeError):
        quantize(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("300", "300.00"),
        ("300.5", "300.50"),
        ("1234.56", "1234.56"),
        ("0", "0.00"),
        ("0.01", "0.01"),
        (" 42.00 ", "42.00"),
        ("1.230", "1.23"),  # trailing zeros beyond cents change nothing
    ],
)
def test_parse_money_accepts_decimal_strings(text: str, expected: str) -> None:
    value = parse_money(text)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        1.5,  # a float: never
        300,  # a number, not a decimal string
        Decimal("300.00"),
        True,
        None,
        "1,000.00",  # thousands separator
        "1 000.00",
        "$5",
        "5$",
        "USD 5",
        "€5",
        "1.234",  # more than two decimals that are not zeros
        "0.001",
        "",
        "   ",
        "abc",
        "1e3",
        "NaN",
        "Infinity",
        "5.",
        ".5",
        "+5",
        "1,5",
        "-5",  # negative unless allowed
        "-0.01",
    ],
)
def test_parse_money_refusals(value: object) -> None:
    with pytest.raises(InputError) as err:
        parse_money(value, what="rate")
    assert "rate" in str(err.value)


def test_parse_money_negative_only_when_allowed() -> None:
    assert parse_money("-5.25", allow_negative=True) == Decimal("-5.25")
    with pytest.raises(InputError, match="negative"):
        parse_money("-5.25")


def test_parse_money_refusal_of_float_names_the_float() -> None:
    with pytest.raises(InputError, match="decimal string"):
        parse_money(1.5)


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [("40", 2, "40.00"), ("12.5", 2, "12.50"), ("0", 2, "0.00"), ("1.5", 1, "1.5")],
)
def test_parse_decimal(text: str, places: int, expected: str) -> None:
    assert str(parse_decimal(text, what="hours", places=places)) == expected


@pytest.mark.parametrize("value", ["-1", "1.234", "1,5", "40h", "", 40, 40.0, None])
def test_parse_decimal_refusals(value: object) -> None:
    with pytest.raises(InputError, match="hours"):
        parse_decimal(value, what="hours")


@pytest.mark.parametrize(
    ("value", "cents"),
    [("0.00", 0), ("0.01", 1), ("1.00", 100), ("1234.56", 123456), ("1.005", 101), ("-2.50", -250)],
)
def test_to_cents(value: str, cents: int) -> None:
    assert to_cents(Decimal(value)) == cents


@pytest.mark.parametrize(("cents", "text"), [(0, "0.00"), (1, "0.01"), (123456, "1234.56")])
def test_from_cents_and_fmt(cents: int, text: str) -> None:
    assert fmt(from_cents(cents)) == text
    assert str(from_cents(cents)) == text


@pytest.mark.parametrize("value", [1.5, "1", True])
def test_from_cents_refuses_non_int(value: object) -> None:
    with pytest.raises(TypeError):
        from_cents(value)  # type: ignore[arg-type]


def test_constants() -> None:
    assert Decimal("0.01") == CENT
    assert str(ZERO) == "0.00"


@PROPS
@given(st.integers(min_value=-(10**11), max_value=10**11))  # parse_money: up to MAX_MONEY
def test_cents_round_trip(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents
    assert parse_money(fmt(from_cents(cents)), allow_negative=True) == from_cents(cents)


@PROPS
@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False))
def test_quantize_is_half_up_and_idempotent(value: Decimal) -> None:
    q = quantize(value)
    assert q.as_tuple().exponent == -2
    assert quantize(q) == q
    # within half a cent; an exact half goes away from zero
    diff = abs(value - q)
    assert diff <= Decimal("0.005")
    if diff == Decimal("0.005"):
        assert abs(q) > abs(value)
    assert from_cents(to_cents(value)) == q


@PROPS
@given(st.integers(min_value=0, max_value=10**11))
def test_fmt_parse_round_trip(cents: int) -> None:
    value = from_cents(cents)
    text = fmt(value)
    assert text == f"{cents // 100}.{cents % 100:02d}"
    assert parse_money(text) == value


def test_amounts_past_a_billion_are_refused_with_the_limit() -> None:
    from core.errors import InputError
    from core.money import MAX_MONEY, parse_money

    assert parse_money("1000000000.00") == MAX_MONEY
    with pytest.raises(InputError, match=r"is more than 1,000,000,000\.00"):
        parse_money("1000000000.01")
    with pytest.raises(InputError, match="more than"):
        parse_money("-100000000000000000000", allow_negative=True)
