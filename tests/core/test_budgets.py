"""Phase and fixed-fee burn (PRODUCT.md §4 "Fixed fee and phases"): the early warning fires when
the consumed share of the estimate runs more than 10 points ahead of the elapsed share, or
reaches 100%."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.budgets import elapsed_share, fixed_fee_share, phase_burn, share, warning_for
from core.model import Phase

PROPS = settings(max_examples=200, deadline=None)

START = date(2026, 1, 1)
END = date(2026, 1, 11)  # a ten-day span: each day is 10 points
MID = date(2026, 1, 6)


def phase(
    hours: str | None = "40",
    fee: str | None = None,
    start: date | None = START,
    end: date | None = END,
) -> Phase:
    return Phase(
        "L100",
        "Case assessment",
        Decimal(hours) if hours is not None else None,
        Decimal(fee) if fee is not None else None,
        start,
        end,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 1), "0.0"),  # before the start
        (START - timedelta(days=1), "0.0"),
        (START, "0.0"),  # at the start
        (date(2026, 1, 2), "10.0"),
        (MID, "50.0"),
        (date(2026, 1, 10), "90.0"),
        (END, "100.0"),  # at the end
        (END + timedelta(days=1), "100.0"),  # after the end
        (date(2027, 1, 1), "100.0"),
    ],
)
def test_elapsed_share(today: date, expected: str) -> None:
    out = elapsed_share(START, END, today)
    assert out == Decimal(expected)
    assert str(out) == expected


def test_elapsed_share_rounds_to_one_place() -> None:
    assert elapsed_share(date(2026, 1, 1), date(2026, 1, 4), date(2026, 1, 2)) == Decimal("33.3")
    assert elapsed_share(date(2026, 1, 1), date(2026, 1, 4), date(2026, 1, 3)) == Decimal("66.7")


@pytest.mark.parametrize(("start", "end"), [(None, END), (START, None), (None, None)])
def test_elapsed_share_needs_both_dates(start: date | None, end: date | None) -> None:
    assert elapsed_share(start, end, MID) is None


def test_a_one_day_phase() -> None:
    assert elapsed_share(START, START, START - timedelta(days=1)) == Decimal("0.0")
    assert elapsed_share(START, START, START) == Decimal("100.0")


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("24", "40", "60.0"),
        ("0", "40", "0.0"),
        ("40", "40", "100.0"),
        ("50", "40", "125.0"),
        ("1", "3", "33.3"),
        ("2", "3", "66.7"),
        ("1", "0", None),
        ("1", None, None),
    ],
)
def test_share(part: str, whole: str | None, expected: str | None) -> None:
    out = share(Decimal(part), Decimal(whole) if whole is not None else None)
    assert out == (Decimal(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("consumed_hours", "today", "warning"),
    [
        # elapsed 50%: the warning needs more than 60% consumed
        ("20.00", MID, False),
        ("23.99", MID, False),
        ("24.00", MID, False),  # exactly 10 points ahead: not more than 10
        ("24.01", MID, True),  # 60.025%: 10.025 points ahead
        ("24.04", MID, True),
        ("30.00", MID, True),
        # before the start, nothing has elapsed
        ("4.00", START, False),  # 10%: exactly 10 points
        ("4.01", START, True),
        ("0.00", START, False),
        # at or after the end, 100% has elapsed: only reaching 100% warns
        ("39.99", END, False),  # 99.975% has not reached 100%
        ("40.00", END, True),  # reaches 100%
        ("45.00", date(2026, 3, 1), True),
        ("39.99", date(2026, 1, 10), False),  # 99.975% vs 90%: 9.975 points
        ("40.00", START, True),
    ],
)
def test_warning_on_hours(consumed_hours: str, today: date, warning: bool) -> None:
    burn = phase_burn(phase(), Decimal(consumed_hours), Decimal("0"), today)
    assert burn.warning is warning
    assert bool(burn.reason) is warning


def test_burn_values() -> None:
    burn = phase_burn(phase(fee="10000.00"), Decimal("30.00"), Decimal("4000.00"), MID)
    assert burn.consumed_hours == Decimal("30.00")
    assert burn.consumed_amount == Decimal("4000.00")
    assert burn.estimated_hours == Decimal("40")
    assert burn.estimated_fee == Decimal("10000.00")
    assert burn.hours_share == Decimal("75.0")
    assert burn.fee_share == Decimal("40.0")
    assert burn.elapsed_share == Decimal("50.0")
    assert burn.consumed_share == Decimal("75.0")  # the estimate burning fastest
    assert burn.warning
    assert "75.0%" in burn.reason and "50.0%" in burn.reason


@pytest.mark.parametrize(
    ("hours", "amount", "warning"),
    [
        ("10.00", "6000.00", False),  # fee 60% vs elapsed 50%: exactly 10
        ("10.00", "6000.01", True),  # the fee estimate runs ahead, the hours do not
        ("24.01", "0.00", True),
        ("10.00", "10000.00", True),  # the fee estimate reached
    ],
)
def test_warning_on_the_fee_estimate(hours: str, amount: str, warning: bool) -> None:
    burn = phase_burn(phase(fee="10000.00"), Decimal(hours), Decimal(amount), MID)
    assert burn.warning is warning


def test_no_estimate_no_warning() -> None:
    burn = phase_burn(phase(hours=None), Decimal("500"), Decimal("99999"), END)
    assert burn.hours_share is None and burn.fee_share is None
    assert burn.consumed_share is None
    assert not burn.warning and burn.reason == ""


def test_without_dates_only_reaching_100_warns() -> None:
    undated = phase(start=None, end=None)
    assert phase_burn(undated, Decimal("39.99"), Decimal("0"), MID).warning is False
    burn = phase_burn(undated, Decimal("40.00"), Decimal("0"), MID)
    assert burn.warning
    assert burn.elapsed_share is None
    assert "100.0%" in burn.reason


@pytest.mark.parametrize(
    ("consumed", "elapsed", "warning"),
    [
        (None, Decimal("50"), False),
        (Decimal("60"), Decimal("50"), False),
        (Decimal("60.1"), Decimal("50"), True),
        (Decimal("100"), None, True),
        (Decimal("99.9"), None, False),
        (Decimal("100"), Decimal("100"), True),
        (Fraction(2401, 40), Fraction(50), True),
    ],
)
def test_warning_for(
    consumed: Decimal | Fraction | None, elapsed: Decimal | Fraction | None, warning: bool
) -> None:
    assert warning_for(consumed, elapsed)[0] is warning


@pytest.mark.parametrize(
    ("fee", "consumed", "expected"),
    [
        ("12000.00", "3000.00", "25.0"),
        ("12000.00", "12000.00", "100.0"),
        ("12000.00", "13200.00", "110.0"),
        ("12000.00", "0.00", "0.0"),
        ("12000.00", "1.00", "0.0"),
        (None, "3000.00", None),
        ("0.00", "3000.00", None),
    ],
)
def test_fixed_fee_share(fee: str | None, consumed: str, expected: str | None) -> None:
    out = fixed_fee_share(Decimal(fee) if fee is not None else None, Decimal(consumed))
    assert out == (Decimal(expected) if expected is not None else None)


# ------------------------------------------------------------------ properties


@PROPS
@given(
    est_hours=st.integers(1, 100_000),  # hundredths of an hour
    consumed=st.integers(0, 200_000),
    span=st.integers(1, 400),
    offset=st.integers(-30, 430),
)
def test_warning_is_exactly_the_spec(est_hours: int, consumed: int, span: int, offset: int) -> None:
    p = phase(hours=str(Decimal(est_hours) / 100), start=START, end=START + timedelta(days=span))
    today = START + timedelta(days=offset)
    burn = phase_burn(p, Decimal(consumed) / 100, Decimal("0"), today)
    consumed_share = Fraction(consumed * 100, est_hours)
    elapsed = Fraction(min(max(offset, 0), span) * 100, span)
    assert burn.warning is (consumed_share >= 100 or consumed_share - elapsed > 10)


@PROPS
@given(st.integers(1, 400), st.integers(-30, 430))
def test_elapsed_share_is_monotone_and_bounded(span: int, offset: int) -> None:
    end = START + timedelta(days=span)
    today = START + timedelta(days=offset)
    now = elapsed_share(START, end, today)
    later = elapsed_share(START, end, today + timedelta(days=1))
    assert now is not None and later is not None
    assert Decimal(0) <= now <= later <= Decimal(100)
    expected = Fraction(min(max(offset, 0), span) * 100, span)
    assert abs(Fraction(now) - expected) <= Fraction(1, 20)


@PROPS
@given(st.integers(0, 10**8), st.integers(1, 10**8))
def test_share_is_the_percentage_to_one_place(part: int, whole: int) -> None:
    out = share(Decimal(part) / 100, Decimal(whole) / 100)
    assert out is not None
    assert out.as_tuple().exponent == -1
    exact = Fraction(part * 100, whole)
    assert abs(Fraction(out) - exact) <= Fraction(1, 20)


def test_used_up_is_decided_on_the_exact_amounts_not_the_rounded_share() -> None:
    from core.budgets import fixed_fee_share, fixed_fee_used_up

    fee = Decimal("10000.00")
    assert fixed_fee_share(fee, Decimal("9995.00")) == Decimal("100.0")  # as shown
    assert not fixed_fee_used_up(fee, Decimal("9995.00"))
    assert fixed_fee_used_up(fee, Decimal("10000.00"))
    assert not fixed_fee_used_up(None, Decimal("10000.00"))
    phase = Phase(code="L1", name="Work", estimated_hours=Decimal("100"))
    nearly = phase_burn(phase, Decimal("99.96"), Decimal("0"), date(2026, 11, 10))
    assert nearly.hours_share == Decimal("100.0") and not nearly.used_up
    done = phase_burn(phase, Decimal("100"), Decimal("0"), date(2026, 11, 10))
    assert done.used_up and done.warning
