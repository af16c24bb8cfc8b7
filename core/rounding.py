"""Rounding raw seconds to billed seconds and billed hours (PRODUCT.md §4 "Rounding").

Raw duration is kept as integer seconds. The billed duration comes from the raw seconds — no
truncation to minutes first — by the client's rule, each key it leaves out taken from the firm's:

* up: the smallest multiple of the increment ≥ raw;
* down: the largest multiple ≤ raw;
* nearest: the closest multiple, exact halves going up;

then ``billed = max(billed, minimum)``. Billed hours = billed seconds / 3600, half-up to 2 places.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from core.errors import Problem
from core.model import DIRECTIONS, INCREMENTS, RoundingOverride, RoundingRule

HOURS_QUANTUM = Decimal("0.01")


def effective_rule(firm: RoundingRule, client: RoundingOverride | None) -> RoundingRule:
    """The rule in force for a client: its own keys, the firm's for every key it leaves out."""
    if client is None:
        return firm
    return RoundingRule(
        increment_minutes=(
            client.increment_minutes
            if client.increment_minutes is not None
            else firm.increment_minutes
        ),
        direction=client.direction if client.direction is not None else firm.direction,
        minimum_minutes=(
            client.minimum_minutes if client.minimum_minutes is not None else firm.minimum_minutes
        ),
    )


def round_seconds(raw_seconds: int, rule: RoundingRule) -> int:
    """Billed seconds for ``raw_seconds`` under ``rule`` (before nothing, after the minimum)."""
    if isinstance(raw_seconds, bool) or not isinstance(raw_seconds, int):
        raise TypeError("raw_seconds must be an int")
    if raw_seconds < 0:
        raise ValueError("raw_seconds must not be negative")
    inc = rule.increment_minutes * 60
    q, r = divmod(raw_seconds, inc)
    if rule.direction == "up":
        billed = (q + (1 if r else 0)) * inc
    elif rule.direction == "down":
        billed = q * inc
    elif rule.direction == "nearest":
        billed = (q + (1 if 2 * r >= inc else 0)) * inc
    else:
        raise ValueError(f"unknown rounding direction {rule.direction!r}")
    return max(billed, rule.minimum_minutes * 60)


def hours(seconds: int) -> Decimal:
    """Hours of a number of seconds, half-up to 2 decimals (the invoice units)."""
    return (Decimal(seconds) / Decimal(3600)).quantize(HOURS_QUANTUM, rounding=ROUND_HALF_UP)


def rule_problems(
    increment: object, direction: object, minimum: object, *, partial: bool = False
) -> list[Problem]:
    """Problems with a rounding rule's values (field names as in the set-up file)."""
    out: list[Problem] = []
    if not (partial and increment is None) and (
        # an int, not merely equal to one: JSON 6.0 (a Decimal) is not a number of minutes
        isinstance(increment, bool) or not isinstance(increment, int) or increment not in INCREMENTS
    ):
        out.append(
            Problem(
                "increment_minutes",
                f"must be one of {', '.join(map(str, INCREMENTS))} (got {increment!r})",
            )
        )
    if not (partial and direction is None) and direction not in DIRECTIONS:
        out.append(Problem("direction", f"must be up, nearest or down (got {direction!r})"))
    if not (partial and minimum is None) and (
        isinstance(minimum, bool) or not isinstance(minimum, int) or not 0 <= minimum <= 1440
    ):
        out.append(
            Problem("minimum_minutes", f"must be a whole number from 0 to 1440 (got {minimum!r})")
        )
    return out


def describe(rule: RoundingRule) -> str:
    """ "6-minute increments, rounded up, minimum 6 min"."""
    words = {"up": "rounded up", "down": "rounded down", "nearest": "rounded to nearest"}
    text = f"{rule.increment_minutes}-minute increments, {words[rule.direction]}"
    if rule.minimum_minutes:
        text += f", minimum {rule.minimum_minutes} min"
    return text
