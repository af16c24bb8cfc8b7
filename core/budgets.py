"""Phase and fixed-fee burn (PRODUCT.md §4 "Fixed fee and phases").

For a phase, billed hours and amounts of its entries are compared with its estimate and with
the share of its planned dates that has elapsed. The early warning fires when the consumed
share of the estimate runs more than 10 points ahead of the elapsed share, or reaches 100%.
Shares are percentages as Decimal with one decimal place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.model import Phase

WARNING_LEAD_POINTS = Decimal(10)
_PCT = Decimal("0.1")
HUNDRED = Decimal(100)


def share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (None when there is no positive whole)."""
    if whole is None or whole <= 0:
        return None
    return (part * HUNDRED / whole).quantize(_PCT, rounding=ROUND_HALF_UP)


def elapsed_share(start: date | None, end: date | None, today: date) -> Decimal | None:
    """Share of the planned span from ``start`` to ``end`` elapsed by ``today`` (0 before the
    start, 100 from the end on); None without both dates."""
    if start is None or end is None:
        return None
    if today <= start:
        return Decimal("0.0") if today < end else HUNDRED.quantize(_PCT)
    if today >= end:
        return HUNDRED.quantize(_PCT)
    span = (end - start).days
    return (Decimal((today - start).days) * HUNDRED / span).quantize(_PCT, ROUND_HALF_UP)


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

    @property
    def consumed_share(self) -> Decimal | None:
        """The larger of the hours and fee shares: the estimate that is burning fastest."""
        shares = [s for s in (self.hours_share, self.fee_share) if s is not None]
        return max(shares) if shares else None


def warning_for(consumed: Decimal | None, elapsed: Decimal | None) -> tuple[bool, str]:
    """The early warning and its reason, from a consumed share and an elapsed share."""
    if consumed is None:
        return False, ""
    if consumed >= HUNDRED:
        return True, f"{consumed}% of the estimate is consumed"
    if elapsed is not None and consumed - elapsed > WARNING_LEAD_POINTS:
        return True, (
            f"{consumed}% of the estimate is consumed with {elapsed}% of the planned time "
            f"elapsed ({consumed - elapsed} points ahead)"
        )
    return False, ""


def phase_burn(
    phase: Phase, consumed_hours: Decimal, consumed_amount: Decimal, today: date
) -> Burn:
    """Burn of one phase: consumed vs estimate vs elapsed share, with the early warning."""
    hours_share = share(consumed_hours, phase.estimated_hours)
    fee_share = share(consumed_amount, phase.estimated_fee)
    elapsed = elapsed_share(phase.start, phase.end, today)
    shares = [s for s in (hours_share, fee_share) if s is not None]
    warning, reason = warning_for(max(shares) if shares else None, elapsed)
    return Burn(
        consumed_hours=consumed_hours,
        consumed_amount=consumed_amount,
        estimated_hours=phase.estimated_hours,
        estimated_fee=phase.estimated_fee,
        hours_share=hours_share,
        fee_share=fee_share,
        elapsed_share=elapsed,
        warning=warning,
        reason=reason,
    )


def fixed_fee_share(fixed_fee: Decimal | None, consumed_amount: Decimal) -> Decimal | None:
    """Fee consumed on a fixed-fee matter as a share of its fixed fee."""
    return share(consumed_amount, fixed_fee)
