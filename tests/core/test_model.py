"""The firm's master data (PRODUCT.md §3): who reviews a matter, names, rule scopes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.model import (
    BILLING_TYPES,
    DIRECTIONS,
    REQUIRED_FIELDS,
    ROLES,
    SCOPE_KEYS,
    Matter,
    Person,
    Phase,
    RateRule,
    reviewers_of,
)

PEOPLE = {
    p.id: p
    for p in (
        Person("rarnsley", "Robert Arnsley", role="partner"),
        Person("jpark", "Jae Park", role="partner"),
        Person("mlee", "Mia Lee", role="timekeeper"),
        Person("boss", "The Boss", role="admin"),
        Person("boss2", "Second Admin", role="admin"),
        Person("bill", "Bill Ing", role="billing"),
    )
}


@pytest.mark.parametrize(
    ("team", "reviewers", "expected"),
    [
        # the matter's own reviewers list when given
        (("rarnsley", "mlee"), ("mlee",), ("mlee",)),
        (("rarnsley", "jpark", "mlee"), ("jpark",), ("jpark",)),
        # absent: the team members whose role is partner
        (("rarnsley", "mlee"), None, ("rarnsley",)),
        (("mlee", "jpark", "rarnsley"), None, ("jpark", "rarnsley")),
        # an empty list counts as absent
        (("rarnsley", "mlee"), (), ("rarnsley",)),
        # no partner on the team: the admins
        (("mlee", "bill"), None, ("boss", "boss2")),
        ((), None, ("boss", "boss2")),
        # a partner who is not on the team does not review it
        (("mlee", "ghost"), None, ("boss", "boss2")),
    ],
)
def test_reviewers_of(
    team: tuple[str, ...], reviewers: tuple[str, ...] | None, expected: tuple[str, ...]
) -> None:
    matter = Matter("M", "C", "Matter", team=team, reviewers=reviewers)
    assert reviewers_of(matter, PEOPLE) == expected


@pytest.mark.parametrize(
    ("name", "last_first"),
    [
        ("Robert Arnsley", "Arnsley, Robert"),
        ("Mia Jane Lee", "Lee, Mia Jane"),
        ("Cher", "Cher"),
        ("  Mia   Lee ", "Lee, Mia"),
    ],
)
def test_last_first(name: str, last_first: str) -> None:
    assert Person("x", name).last_first == last_first


def test_rate_rule_scope_is_in_specificity_order() -> None:
    rule = RateRule(
        Decimal("1"),
        date(2026, 1, 1),
        classification="PARTNR",
        client="ACME",
        matter="ACME-001",
        service="RES",
    )
    assert rule.scope() == (
        ("service", "RES"),
        ("matter", "ACME-001"),
        ("client", "ACME"),
        ("classification", "PARTNR"),
    )
    assert RateRule(Decimal("1"), date(2026, 1, 1)).scope() == ()


def test_matter_phase_lookup() -> None:
    matter = Matter("M", "C", "Matter", phases=(Phase("L100", "A"), Phase("L200", "B")))
    assert matter.phase("L200") == Phase("L200", "B")
    assert matter.phase("L300") is None


def test_vocabularies_are_the_specs() -> None:
    assert set(ROLES) == {"admin", "partner", "billing", "timekeeper"}
    assert set(DIRECTIONS) == {"up", "nearest", "down"}
    assert set(BILLING_TYPES) == {"hourly", "fixed_fee", "non_billable"}
    assert SCOPE_KEYS == ("service", "matter", "client", "person", "classification")
    assert set(REQUIRED_FIELDS) == {
        "client",
        "matter",
        "phase",
        "service",
        "narrative",
        "utbms_task",
        "utbms_activity",
    }
