"""Billable decision, amount, and the full pricing of an entry — rate, rounding, amount —
as both the device and the server compute it (PRODUCT.md §4 "Money", "Billable or not")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core import rates, rounding
from core.errors import Problem
from core.model import FirmSettings, Matter, Person, RateRule, RoundingOverride, ServiceType
from core.money import ZERO, quantize


def is_billable(
    matter: Matter | None, service: ServiceType | None, override: bool | None = None
) -> bool:
    """Billable unless the matter is non-billable or the service type is; ``override`` (the
    person's --billable / --non-billable) wins when given."""
    if override is not None:
        return override
    if matter is not None and matter.billing == "non_billable":
        return False
    return service is None or service.billable


def override_problem(firm: FirmSettings, override: bool | None) -> Problem | None:
    """The firm may forbid people overriding the billable decision."""
    if override is not None and not firm.allow_billable_override:
        return Problem(
            "billable",
            "the firm does not allow overriding whether an entry is billable; "
            "leave out --billable/--non-billable",
        )
    return None


def amount(billed_hours: Decimal, rate: Decimal, billable: bool) -> Decimal:
    """billed hours × rate, half-up to cents; 0.00 when the entry is not billable."""
    if not billable:
        return ZERO
    return quantize(billed_hours * rate)


@dataclass(frozen=True)
class Pricing:
    """Everything the rules decide about an entry's money and billed time."""

    billed_seconds: int
    billed_hours: Decimal
    rate: Decimal
    currency: str
    rate_rule_id: str | None
    rate_rule: str
    amount: Decimal
    billable: bool

    @property
    def priced(self) -> bool:
        return self.rate_rule != rates.NO_RATE_RULE


def price(
    *,
    firm: FirmSettings,
    rules: Iterable[RateRule] | rates.RateBook,
    person: Person,
    matter: Matter | None,
    client_rounding: RoundingOverride | None,
    service: ServiceType | None,
    work_date: date,
    raw_seconds: int,
    billable_override: bool | None = None,
) -> Pricing:
    """Price an entry: the rate in force on its work date, its client's rounding, its amount."""
    subject = rates.RateSubject(
        work_date=work_date,
        service=service.code if service else None,
        matter=matter.code if matter else None,
        client=matter.client if matter else None,
        person=person.id,
        classification=person.classification,
    )
    if isinstance(rules, rates.RateBook):
        applied = rules.resolve(subject, firm.currency)
    else:
        applied = rates.resolve(rules, subject, firm.currency)
    rule = rounding.effective_rule(firm.rounding, client_rounding)
    billed = rounding.round_seconds(raw_seconds, rule)
    hours = rounding.hours(billed)
    billable = is_billable(matter, service, billable_override)
    return Pricing(
        billed_seconds=billed,
        billed_hours=hours,
        rate=applied.amount,
        currency=applied.currency,
        rate_rule_id=applied.rule.id if applied.rule else None,
        rate_rule=applied.description,
        amount=amount(hours, applied.amount, billable),
        billable=billable,
    )
