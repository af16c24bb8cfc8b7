"""Phase and fixed-fee burn (PRODUCT.md §4 "Fixed fee and phases").

For a phase, billed hours and amounts of its entries are compared with its estimate and with
the share of its planned dates that has elapsed. The early warning fires when the consumed
share of the estimate runs more than 10 points ahead of the elapsed share, or reaches 100%.
Shares are shown as percentages, Decimal with one decimal place; the warning is decided on
the exact shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from core.model import Phase

WARNING_LEAD_POINTS = Decimal(10)
_PCT = Decimal("0.1")
HUNDRED = Decimal(100)


def _exact_share(part: Decimal, whole: Decimal | None) -> Fraction | None:
    if whole is None or whole <= 0:
        return None
    return Fraction(part) * 100 / Fraction(whole)


def _exact_elapsed(start: date | None, end: date | None, today: date) -> Fraction | None:
    if start is None or end is None:
        return None
    if today <= start:
        return Fraction(0) if today < end else Fraction(100)
    if today >= end:
        return Fraction(100)
    return Fraction((today - start).days * 100, (end - start).days)


def _shown(value: Fraction) -> Decimal:
    """A share as shown: one decimal place, half-up."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(_PCT, rounding=ROUND_HALF_UP)


def share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (None when there is no positive whole)."""
    exact = _exact_share(part, whole)
    return None if exact is None else _shown(exact)


def elapsed_share(start: date | None, end: date | None, today: date) -> Decimal | None:
    """Share of the planned span from ``start`` to ``end`` elapsed by ``today`` (0 before the
    start, 100 from the end on); None without both dates."""
    exact = _exact_elapsed(start, end, today)
    return None if exact is None else _shown(exact)


@dataclass(frozen=True)
class Burn:
    consumed_hours: Decimal
    consumed_amount: Decimal
    estimated_hours: Decimal | None
    estimated_fee: Decimal | None
    hours_share: Decimal | None
    fee_share: Decimal | None
    elapsed_share: Decimal | None
    warning: bool
    reason: str
    used_up: bool = False  # the estimate is reached (exactly, not as rounded for showing)

    @property
    def consumed_share(self) -> Decimal | None:
        """The larger of the hours and fee shares: the estimate that is burning fastest."""
        shares = [s for s in (self.hours_share, self.fee_share) if s is not None]
        return max(shares) if shares else None


def warning_for(
    consumed: Decimal | Fraction | None, elapsed: Decimal | Fraction | None
) -> tuple[bool, str]:
    """The early warning and its reason, from a consumed share and an elapsed share.

    Decided on the exact shares, not the rounded ones shown: 10.04 points ahead is more than
    10, and 99.96% has not reached 100%.
    """
    if consumed is None:
        return False, ""
    c = Fraction(consumed)
    if c >= 100:
        return True, f"{_shown(c)}% of the estimate is consumed"
    if elapsed is not None and c - Fraction(elapsed) > Fraction(WARNING_LEAD_POINTS):
        e = Fraction(elapsed)
        return True, (
            f"{_shown(c)}% of the estimate is consumed with {_shown(e)}% of the planned time "
            f"elapsed ({_shown(c - e)} points ahead)"
        )
    return False, ""


def phase_burn(
    phase: Phase, consumed_hours: Decimal, consumed_amount: Decimal, today: date
) -> Burn:
    """Burn of one phase: consumed vs estimate vs elapsed share, with the early warning."""
    hours_exact = _exact_share(consumed_hours, phase.estimated_hours)
    fee_exact = _exact_share(consumed_amount, phase.estimated_fee)
    elapsed_exact = _exact_elapsed(phase.start, phase.end, today)
    shares = [s for s in (hours_exact, fee_exact) if s is not None]
    warning, reason = warning_for(max(shares) if shares else None, elapsed_exact)
    used_up = bool(shares) and max(shares) >= 100
    return Burn(
        consumed_hours=consumed_hours,
        consumed_amount=consumed_amount,
        estimated_hours=phase.estimated_hours,
        estimated_fee=phase.estimated_fee,
        hours_share=None if hours_exact is None else _shown(hours_exact),
        fee_share=None if fee_exact is None else _shown(fee_exact),
        elapsed_share=None if elapsed_exact is None else _shown(elapsed_exact),
        warning=warning,
        reason=reason,
        used_up=used_up,
    )


def fixed_fee_used_up(fixed_fee: Decimal | None, consumed_amount: Decimal) -> bool:
    """The fixed fee is consumed: exactly, so 9,995.00 of 10,000.00 is not (though it shows
    as 100.0%)."""
    return fixed_fee is not None and fixed_fee > 0 and consumed_amount >= fixed_fee


def fixed_fee_share(fixed_fee: Decimal | None, consumed_amount: Decimal) -> Decimal | None:
    """Fee consumed on a fixed-fee matter as a share of its fixed fee."""
    return share(consumed_amount, fixed_fee)
