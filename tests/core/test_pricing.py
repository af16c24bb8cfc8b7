"""Billable decision, amount and the full pricing of an entry (PRODUCT.md §4 "Money",
"Billable or not", "Rates", "Rounding")."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.model import (
    INCREMENTS,
    FirmSettings,
    Matter,
    Person,
    RateRule,
    RoundingOverride,
    RoundingRule,
    ServiceType,
)
from core.pricing import amount, is_billable, override_problem, price
from core.rates import NO_RATE_RULE

PROPS = settings(max_examples=200, deadline=None)

HOURLY = Matter("ACME-001", "ACME", "Supply dispute", billing="hourly")
FIXED = Matter("ACME-002", "ACME", "Trademark filing", billing="fixed_fee")
INTERNAL = Matter("FIRM-001", "FIRM", "Internal", billing="non_billable")
RES = ServiceType("RES", "Research", billable=True, utbms_activity="A102")
ADM = ServiceType("ADM", "Firm administration", billable=False)


@pytest.mark.parametrize(
    ("billed_hours", "rate", "expected"),
    [
        ("0.70", "300.00", "210.00"),
        ("1.10", "450.00", "495.00"),
        ("0.10", "333.33", "33.33"),  # 33.333 → 33.33
        ("0.15", "333.33", "50.00"),  # 49.9995 → 50.00
        ("0.05", "0.10", "0.01"),  # 0.005 → 0.01 (half-up, not banker's)
        ("0.25", "0.10", "0.03"),  # 0.025 → 0.03
        ("0.35", "0.10", "0.04"),  # 0.035 → 0.04
        ("24.00", "1234.56", "29629.44"),
        ("0.00", "500.00", "0.00"),
        ("1.00", "0.00", "0.00"),
    ],
)
def test_amount_is_billed_hours_times_rate_half_up(
    billed_hours: str, rate: str, expected: str
) -> None:
    out = amount(Decimal(billed_hours), Decimal(rate), True)
    assert out == Decimal(expected)
    assert str(out) == expected


def test_amount_is_zero_when_not_billable() -> None:
    out = amount(Decimal("1.50"), Decimal("300.00"), False)
    assert out == Decimal("0.00")
    assert str(out) == "0.00"


@pytest.mark.parametrize(
    ("matter", "service", "override", "billable"),
    [
        (HOURLY, RES, None, True),
        (FIXED, RES, None, True),  # fixed-fee entries are rated like hourly ones
        (HOURLY, None, None, True),  # no service type: billable
        (None, None, None, True),
        (None, RES, None, True),
        (INTERNAL, RES, None, False),  # the matter is non_billable
        (INTERNAL, None, None, False),
        (HOURLY, ADM, None, False),  # the service type is not billable
        (None, ADM, None, False),
        (INTERNAL, ADM, None, False),
        # the person overrides, both ways
        (HOURLY, RES, False, False),
        (HOURLY, None, False, False),
        (INTERNAL, RES, True, True),
        (HOURLY, ADM, True, True),
        (INTERNAL, ADM, True, True),
        (HOURLY, RES, True, True),
        (INTERNAL, ADM, False, False),
    ],
)
def test_is_billable(
    matter: Matter | None, service: ServiceType | None, override: bool | None, billable: bool
) -> None:
    assert is_billable(matter, service, override) is billable


@pytest.mark.parametrize(
    ("allow", "override", "problem"),
    [
        (True, None, False),
        (True, True, False),
        (True, False, False),
        (False, None, False),
        (False, True, True),
        (False, False, True),
    ],
)
def test_override_problem(allow: bool, override: bool | None, problem: bool) -> None:
    found = override_problem(FirmSettings(allow_billable_override=allow), override)
    assert (found is not None) is problem
    if found is not None:
        assert found.path == "billable"


FIRM = FirmSettings(
    currency="USD", rounding=RoundingRule(increment_minutes=6, direction="up", minimum_minutes=6)
)
PARTNER = Person("rarnsley", "Robert Arnsley", role="partner", classification="PARTNR")
ASSOCIATE = Person("mlee", "Mia Lee", classification="ASSOC")
RULES = [
    RateRule(Decimal("300.00"), date(2026, 1, 1), person="rarnsley", id="r1"),
    RateRule(
        Decimal("450.00"), date(2026, 1, 1), matter="ACME-001", classification="PARTNR", id="r2"
    ),
    RateRule(Decimal("600.00"), date(2026, 1, 1), matter="ACME-001", service="RES", id="r3"),
    RateRule(Decimal("500.00"), date(2026, 10, 1), person="rarnsley", id="r4"),
]
ACME_ROUNDING = RoundingOverride(increment_minutes=15, direction="nearest")
CARD_TEXT = "matter ACME-001 × classification PARTNR, from 2026-01-01"
RES_TEXT = "service RES × matter ACME-001, from 2026-01-01"


@pytest.mark.parametrize(
    (
        "person",
        "matter",
        "client_rounding",
        "service",
        "work_date",
        "raw",
        "override",
        "expected",
    ),
    [
        # partner on ACME-001 under the firm's 6/up/min 6: 30 min 01 s → 0.60 h × 450
        (PARTNER, HOURLY, None, None, date(2026, 6, 1), 1801, None,
         (2160, "0.60", "450.00", "r2", CARD_TEXT, "270.00", True)),
        # the client's 15-min/nearest keeps the firm's 6-min minimum: 7 min → 15 min → 0.25 h
        (PARTNER, HOURLY, ACME_ROUNDING, RES, date(2026, 6, 1), 7 * 60 + 30, None,
         (900, "0.25", "600.00", "r3", RES_TEXT, "150.00", True)),
        (PARTNER, HOURLY, ACME_ROUNDING, RES, date(2026, 6, 1), 60, None,
         (360, "0.10", "600.00", "r3", RES_TEXT, "60.00", True)),
        # the partner's own rate off the card, and its history
        (PARTNER, FIXED, None, None, date(2026, 9, 30), 3600, None,
         (3600, "1.00", "300.00", "r1", "person rarnsley, from 2026-01-01", "300.00", True)),
        (PARTNER, FIXED, None, None, date(2026, 10, 1), 3600, None,
         (3600, "1.00", "500.00", "r4", "person rarnsley, from 2026-10-01", "500.00", True)),
        # not billable: rate and rule kept, amount 0.00
        (PARTNER, INTERNAL, None, None, date(2026, 6, 1), 3600, None,
         (3600, "1.00", "300.00", "r1", "person rarnsley, from 2026-01-01", "0.00", False)),
        (PARTNER, HOURLY, None, ADM, date(2026, 6, 1), 3600, None,
         (3600, "1.00", "450.00", "r2", CARD_TEXT, "0.00", False)),
        (PARTNER, HOURLY, None, RES, date(2026, 6, 1), 3600, False,
         (3600, "1.00", "600.00", "r3", RES_TEXT, "0.00", False)),
        (PARTNER, INTERNAL, None, ADM, date(2026, 6, 1), 3600, True,
         (3600, "1.00", "300.00", "r1", "person rarnsley, from 2026-01-01", "300.00", True)),
        # no rate rule: saved at 0.00, flagged as unpriced, never refused
        (ASSOCIATE, HOURLY, None, None, date(2026, 6, 1), 5400, None,
         (5400, "1.50", "0.00", None, "no rate rule", "0.00", True)),
        (PARTNER, HOURLY, None, None, date(2025, 12, 31), 5400, None,
         (5400, "1.50", "0.00", None, "no rate rule", "0.00", True)),
        # no matter at all
        (PARTNER, None, None, None, date(2026, 6, 1), 60, None,
         (360, "0.10", "300.00", "r1", "person rarnsley, from 2026-01-01", "30.00", True)),
    ],
)  # fmt: skip
def test_price_end_to_end(
    person: Person,
    matter: Matter | None,
    client_rounding: RoundingOverride | None,
    service: ServiceType | None,
    work_date: date,
    raw: int,
    override: bool | None,
    expected: tuple[int, str, str, str | None, str, str, bool],
) -> None:
    p = price(
        firm=FIRM,
        rules=RULES,
        person=person,
        matter=matter,
        client_rounding=client_rounding,
        service=service,
        work_date=work_date,
        raw_seconds=raw,
        billable_override=override,
    )
    billed, billed_hours, rate, rule_id, rule_text, amt, billable = expected
    assert p.billed_seconds == billed
    assert str(p.billed_hours) == billed_hours
    assert str(p.rate) == rate
    assert p.rate_rule_id == rule_id
    assert p.rate_rule == rule_text
    assert str(p.amount) == amt
    assert p.billable is billable
    assert p.currency == "USD"
    assert p.priced is (rule_id is not None)
    assert (p.rate_rule == NO_RATE_RULE) is (not p.priced)


def test_price_uses_the_matters_client_for_client_rules() -> None:
    rules = [RateRule(Decimal("320.00"), date(2026, 1, 1), client="ACME", currency="EUR")]
    p = price(
        firm=FIRM,
        rules=rules,
        person=ASSOCIATE,
        matter=HOURLY,
        client_rounding=None,
        service=None,
        work_date=date(2026, 6, 1),
        raw_seconds=3600,
    )
    assert p.rate == Decimal("320.00")
    assert p.currency == "EUR"
    assert p.rate_rule == "client ACME, from 2026-01-01"


@PROPS
@given(
    raw=st.integers(1, 86400),
    cents=st.integers(0, 500_000),
    increment=st.sampled_from(INCREMENTS),
    direction=st.sampled_from(["up", "nearest", "down"]),
    minimum=st.integers(0, 60),
    override=st.none() | st.booleans(),
    matter=st.sampled_from([HOURLY, FIXED, INTERNAL, None]),
    service=st.sampled_from([RES, ADM, None]),
)
def test_amount_multiplies_out_exactly(
    raw: int,
    cents: int,
    increment: int,
    direction: str,
    minimum: int,
    override: bool | None,
    matter: Matter | None,
    service: ServiceType | None,
) -> None:
    rate = Decimal(cents) / 100
    firm = FirmSettings(rounding=RoundingRule(increment, direction, minimum))  # type: ignore[arg-type]
    p = price(
        firm=firm,
        rules=[RateRule(rate, date(2026, 1, 1))],
        person=ASSOCIATE,
        matter=matter,
        client_rounding=None,
        service=service,
        work_date=date(2026, 6, 1),
        raw_seconds=raw,
        billable_override=override,
    )
    assert p.rate == rate
    assert p.rate_rule == "firm default, from 2026-01-01"
    assert p.billed_hours == (Decimal(p.billed_seconds) / 3600).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    if p.billable:
        assert p.amount == (p.billed_hours * p.rate).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    else:
        assert p.amount == Decimal("0.00")
    assert p.amount.as_tuple().exponent == -2
    assert p.billable is is_billable(matter, service, override)
