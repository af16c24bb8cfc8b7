"""Rounding raw seconds to billed time (PRODUCT.md §4 "Rounding")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.duration import MAX_SECONDS
from core.model import INCREMENTS, RoundingOverride, RoundingRule
from core.rounding import describe, effective_rule, hours, round_seconds, rule_problems

PROPS = settings(max_examples=200, deadline=None)

MIN = 60


def rr(increment: int, direction: str = "up", minimum: int = 0) -> RoundingRule:
    return RoundingRule(increment, direction, minimum)  # type: ignore[arg-type]


def test_increments_are_the_documented_ones() -> None:
    assert INCREMENTS == (1, 2, 3, 5, 6, 10, 12, 15, 20, 30, 60)


@pytest.mark.parametrize(
    ("raw", "rule", "billed"),
    [
        # no truncation to minutes first: 30 min 01 s is 36 min under 6-minute/up
        (30 * MIN + 1, rr(6), 36 * MIN),
        (2161, rr(6), 2520),
        (30 * MIN, rr(6), 30 * MIN),
        (1, rr(6), 6 * MIN),
        (6 * MIN, rr(6), 6 * MIN),
        (6 * MIN + 1, rr(6), 12 * MIN),
        (59, rr(1), 60),
        (61, rr(1), 120),
        (3599, rr(60), 3600),
        (3601, rr(60), 7200),
        (86400, rr(6), 86400),
        # down: the largest multiple ≤ raw
        (30 * MIN + 1, rr(6, "down"), 30 * MIN),
        (35 * MIN + 59, rr(6, "down"), 30 * MIN),
        (5 * MIN, rr(6, "down"), 0),
        (36 * MIN, rr(6, "down"), 36 * MIN),
        # nearest: the closest multiple, exact halves going up
        (3 * MIN, rr(6, "nearest"), 6 * MIN),  # exactly half
        (3 * MIN - 1, rr(6, "nearest"), 0),
        (33 * MIN, rr(6, "nearest"), 36 * MIN),  # exactly half
        (32 * MIN + 59, rr(6, "nearest"), 30 * MIN),
        (7 * MIN + 30, rr(15, "nearest"), 15 * MIN),  # exactly half of 15 min
        (7 * MIN + 29, rr(15, "nearest"), 0),
        (22 * MIN + 30, rr(15, "nearest"), 30 * MIN),
        (30, rr(1, "nearest"), 60),
        (29, rr(1, "nearest"), 0),
        # the minimum is applied after rounding
        (1 * MIN, rr(6, "up", 15), 15 * MIN),  # the documented example: 1 min bills 15 min
        (15 * MIN, rr(6, "up", 15), 18 * MIN),  # … and 15 min bills 18 min
        (14 * MIN, rr(6, "up", 15), 18 * MIN),
        (12 * MIN, rr(6, "up", 15), 15 * MIN),
        (19 * MIN, rr(6, "up", 15), 24 * MIN),
        (2 * MIN, rr(6, "down", 6), 6 * MIN),  # down to 0, then the minimum
        (1, rr(15, "nearest", 6), 6 * MIN),
        (8 * MIN, rr(15, "nearest", 6), 15 * MIN),
        (1, rr(1, "up", 0), 60),
    ],
)
def test_round_seconds(raw: int, rule: RoundingRule, billed: int) -> None:
    assert round_seconds(raw, rule) == billed


@pytest.mark.parametrize("raw", [1.5, "60", True, None])
def test_round_seconds_refuses_non_int(raw: object) -> None:
    with pytest.raises(TypeError):
        round_seconds(raw, rr(6))  # type: ignore[arg-type]


def test_round_seconds_refuses_negative() -> None:
    with pytest.raises(ValueError):
        round_seconds(-1, rr(6))


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (2520, "0.70"),
        (2160, "0.60"),
        (2161, "0.60"),
        (3600, "1.00"),
        (5400, "1.50"),
        (18, "0.01"),  # 0.005 h: half-up
        (17, "0.00"),
        (54, "0.02"),  # 0.015 h
        (90, "0.03"),  # 0.025 h
        (3618, "1.01"),  # 1.005 h
        (86400, "24.00"),
        (0, "0.00"),
        (60, "0.02"),  # 0.01666… h
        (900, "0.25"),
        (1080, "0.30"),
    ],
)
def test_hours_half_up_to_two_places(seconds: int, expected: str) -> None:
    h = hours(seconds)
    assert h == Decimal(expected)
    assert str(h) == expected


@pytest.mark.parametrize(
    ("raw", "billed", "billed_hours"),
    [
        (30 * MIN + 1, 36 * MIN, "0.60"),  # 30 min 01 s → 36 min → 0.60 h (not 0.50 h)
        (2161, 2520, "0.70"),  # 36 min 01 s → 42 min → 0.70 h
    ],
)
def test_one_second_past_a_boundary_bills_the_next_increment(
    raw: int, billed: int, billed_hours: str
) -> None:
    assert round_seconds(raw, rr(6)) == billed
    assert hours(round_seconds(raw, rr(6))) == Decimal(billed_hours)


FIRM = rr(6, "up", 6)


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        (None, FIRM),
        (RoundingOverride(), FIRM),
        # a client's 15-minute/nearest rule keeps the firm's minimum
        (RoundingOverride(15, "nearest"), rr(15, "nearest", 6)),
        (RoundingOverride(increment_minutes=10), rr(10, "up", 6)),
        (RoundingOverride(direction="down"), rr(6, "down", 6)),
        (RoundingOverride(minimum_minutes=0), rr(6, "up", 0)),  # 0 is a value, not "absent"
        (RoundingOverride(60, "nearest", 30), rr(60, "nearest", 30)),
    ],
)
def test_effective_rule_takes_each_missing_key_from_the_firm(
    client: RoundingOverride | None, expected: RoundingRule
) -> None:
    assert effective_rule(FIRM, client) == expected


def test_rounding_override_is_empty() -> None:
    assert RoundingOverride().is_empty()
    assert not RoundingOverride(minimum_minutes=0).is_empty()


@pytest.mark.parametrize(
    ("values", "paths"),
    [
        ((6, "up", 0), []),
        ((60, "nearest", 15), []),
        ((1, "down", 0), []),
        ((7, "up", 0), ["increment_minutes"]),
        ((0, "up", 0), ["increment_minutes"]),
        ((90, "up", 0), ["increment_minutes"]),
        ((Decimal("6.0"), "up", 0), ["increment_minutes"]),  # JSON 6.0 is not a whole minute count
        ((6.0, "up", 0), ["increment_minutes"]),
        (("6", "up", 0), ["increment_minutes"]),
        ((True, "up", 0), ["increment_minutes"]),
        ((6, "sideways", 0), ["direction"]),
        ((6, "UP", 0), ["direction"]),
        ((6, "up", -1), ["minimum_minutes"]),
        ((6, "up", 1.5), ["minimum_minutes"]),
        ((6, "up", "6"), ["minimum_minutes"]),
        ((6, "up", False), ["minimum_minutes"]),
        ((None, None, None), ["increment_minutes", "direction", "minimum_minutes"]),
        ((4, "left", -6), ["increment_minutes", "direction", "minimum_minutes"]),
    ],
)
def test_rule_problems(values: tuple[object, object, object], paths: list[str]) -> None:
    found = rule_problems(*values)
    assert [p.path for p in found] == paths


def test_rule_problems_partial_allows_absent_keys() -> None:
    assert rule_problems(None, None, None, partial=True) == []
    assert [p.path for p in rule_problems(None, "nearest", 7, partial=True)] == []
    assert [p.path for p in rule_problems(7, None, None, partial=True)] == ["increment_minutes"]


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (rr(6, "up", 6), "6-minute increments, rounded up, minimum 6 min"),
        (rr(15, "nearest"), "15-minute increments, rounded to nearest"),
        (rr(1, "down"), "1-minute increments, rounded down"),
    ],
)
def test_describe(rule: RoundingRule, text: str) -> None:
    assert describe(rule) == text


# ------------------------------------------------------------------ properties

rules = st.builds(
    RoundingRule,
    increment_minutes=st.sampled_from(INCREMENTS),
    direction=st.sampled_from(["up", "nearest", "down"]),
    minimum_minutes=st.integers(0, 120),
)
raws = st.integers(min_value=1, max_value=MAX_SECONDS)


def no_minimum(rule: RoundingRule) -> RoundingRule:
    return RoundingRule(rule.increment_minutes, rule.direction, 0)


@PROPS
@given(raws, rules)
def test_before_the_minimum_the_result_is_a_multiple_of_the_increment(
    raw: int, rule: RoundingRule
) -> None:
    assert round_seconds(raw, no_minimum(rule)) % (rule.increment_minutes * 60) == 0


@PROPS
@given(raws, st.sampled_from(INCREMENTS))
def test_up_at_least_raw_at_least_down(raw: int, increment: int) -> None:
    inc = increment * 60
    up = round_seconds(raw, rr(increment, "up"))
    down = round_seconds(raw, rr(increment, "down"))
    nearest = round_seconds(raw, rr(increment, "nearest"))
    assert down <= raw <= up
    assert up - down in (0, inc)
    assert up - raw < inc and raw - down < inc
    assert nearest in (up, down)


@PROPS
@given(raws, st.sampled_from(INCREMENTS))
def test_nearest_is_within_half_an_increment_halves_up(raw: int, increment: int) -> None:
    inc = increment * 60
    nearest = round_seconds(raw, rr(increment, "nearest"))
    assert 2 * abs(nearest - raw) <= inc
    if 2 * abs(nearest - raw) == inc:
        assert nearest > raw  # an exact half goes up


@PROPS
@given(raws, rules)
def test_billed_is_at_least_the_minimum(raw: int, rule: RoundingRule) -> None:
    billed = round_seconds(raw, rule)
    assert billed >= rule.minimum_minutes * 60
    assert billed == max(round_seconds(raw, no_minimum(rule)), rule.minimum_minutes * 60)


@PROPS
@given(raws, raws, rules)
def test_billed_is_monotone_in_raw(a: int, b: int, rule: RoundingRule) -> None:
    lo, hi = sorted((a, b))
    assert round_seconds(lo, rule) <= round_seconds(hi, rule)


@PROPS
@given(st.integers(1, 24 * 60), rules)
def test_a_multiple_at_or_above_the_minimum_is_unchanged(minutes: int, rule: RoundingRule) -> None:
    raw = minutes * 60
    assume(minutes % rule.increment_minutes == 0 and minutes >= rule.minimum_minutes)
    assert round_seconds(raw, rule) == raw


@PROPS
@given(raws, st.sampled_from(INCREMENTS), st.sampled_from(["up", "nearest", "down"]), st.data())
def test_idempotent_when_the_minimum_is_a_multiple_of_the_increment(
    raw: int, increment: int, direction: str, data: st.DataObject
) -> None:
    minimum = increment * data.draw(st.integers(0, 4))
    rule = rr(increment, direction, minimum)
    once = round_seconds(raw, rule)
    assert round_seconds(once, rule) == once


@PROPS
@given(raws, rules)
def test_billed_never_exceeds_raw_plus_an_increment_or_the_minimum(
    raw: int, rule: RoundingRule
) -> None:
    billed = round_seconds(raw, rule)
    assert billed < raw + rule.increment_minutes * 60 or billed == rule.minimum_minutes * 60


@PROPS
@given(st.integers(0, 10 * MAX_SECONDS))
def test_hours_is_half_up_of_the_exact_quotient(seconds: int) -> None:
    h = hours(seconds)
    assert h.as_tuple().exponent == -2
    exact = Decimal(seconds) / Decimal(3600)
    # |h - exact| ≤ 0.005, and an exact 0.005 is rounded up: compare in whole seconds (× 3600)
    diff = h * 3600 - seconds  # = 3600 × (h − exact)
    assert -18 < diff <= 18
    assert exact >= 0


@PROPS
@given(
    raws,
    rules,
    st.builds(
        RoundingOverride,
        increment_minutes=st.none() | st.sampled_from(INCREMENTS),
        direction=st.none() | st.sampled_from(["up", "nearest", "down"]),
        minimum_minutes=st.none() | st.integers(0, 60),
    ),
)
def test_effective_rule_key_by_key(raw: int, firm: RoundingRule, client: RoundingOverride) -> None:
    rule = effective_rule(firm, client)
    for key in ("increment_minutes", "direction", "minimum_minutes"):
        own = getattr(client, key)
        assert getattr(rule, key) == (own if own is not None else getattr(firm, key))
    assert round_seconds(raw, rule) >= 0
