"""The firm set-up file (PRODUCT.md §6): parsing, every problem listed with its path, references
resolved against the file and against what the store already holds."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import pricing, rounding
from core.errors import ValidationError
from core.model import (
    Client,
    FirmSettings,
    Matter,
    Person,
    Phase,
    RateRule,
    RoundingOverride,
    RoundingRule,
    ServiceType,
)
from core.setup_file import Known, loads, parse

PROPS = settings(max_examples=100, deadline=None)

# The example of PRODUCT.md §6, verbatim.
EXAMPLE_TEXT = """
{
  "firm": {"name": "Arnsley & Co", "currency": "USD",
           "rounding": {"increment_minutes": 6, "direction": "up", "minimum_minutes": 6},
           "required_fields": ["matter", "service", "narrative"], "narrative_min_length": 10,
           "allow_self_approval": false},
  "people": [{"id": "rarnsley", "name": "Robert Arnsley", "email": "ra@example.com",
              "role": "partner", "classification": "PARTNR"},
             {"id": "mlee", "name": "Mia Lee", "email": "ml@example.com",
              "role": "timekeeper", "classification": "ASSOC"}],
  "service_types": [{"code": "RES", "name": "Research", "billable": true, "utbms_activity": "A102"},
                    {"code": "ADM", "name": "Firm administration", "billable": false}],
  "clients": [{"code": "ACME", "name": "Acme Corp",
               "rounding": {"increment_minutes": 15, "direction": "nearest"},
               "required_fields": ["phase"]}],
  "matters": [{"code": "ACME-001", "client": "ACME", "name": "Supply dispute",
               "billing": "hourly", "team": ["rarnsley", "mlee"], "reviewers": ["rarnsley"],
               "client_matter_id": "423-987", "utbms": "litigation",
               "phases": [{"code": "L100", "name": "Case assessment", "estimated_hours": "40",
                           "start": "2026-01-05", "end": "2026-03-27"}]},
              {"code": "ACME-002", "client": "ACME", "name": "Trademark filing",
               "billing": "fixed_fee", "fixed_fee": "12000.00", "team": ["rarnsley"]}],
  "rates": [{"amount": "300.00", "effective_from": "2026-01-01", "person": "rarnsley"},
            {"amount": "450.00", "effective_from": "2026-01-01", "matter": "ACME-001",
             "classification": "PARTNR"},
            {"amount": "600.00", "effective_from": "2026-01-01", "matter": "ACME-001",
             "service": "RES"}]
}
"""


def example() -> dict[str, Any]:
    doc = loads(EXAMPLE_TEXT)
    assert isinstance(doc, dict)
    return doc


def refused(doc: Any, known: Known | None = None) -> list[tuple[str, str]]:
    """Every (path, message) of a refused document."""
    with pytest.raises(ValidationError) as err:
        parse(doc, known)
    assert "the set-up file was refused" in str(err.value)
    return [(p.path, p.message) for p in err.value.problems]


def refused_paths(doc: Any, known: Known | None = None) -> list[str]:
    return sorted(path for path, _ in refused(doc, known))


# ------------------------------------------------------------------ the example


def test_the_example_file_parses_into_the_right_values() -> None:
    setup = parse(example())
    assert setup.firm == FirmSettings(
        name="Arnsley & Co",
        currency="USD",
        rounding=RoundingRule(increment_minutes=6, direction="up", minimum_minutes=6),
        required_fields=("matter", "service", "narrative"),
        narrative_min_length=10,
        allow_self_approval=False,
        allow_billable_override=True,  # the default
        owner="rarnsley",  # the first person listed
        tax_id=None,
        locked_before=None,
    )
    assert setup.firm_keys == {
        "name",
        "currency",
        "rounding",
        "required_fields",
        "narrative_min_length",
        "allow_self_approval",
    }
    assert setup.people == (
        Person("rarnsley", "Robert Arnsley", "ra@example.com", "partner", "PARTNR", True),
        Person("mlee", "Mia Lee", "ml@example.com", "timekeeper", "ASSOC", True),
    )
    assert setup.service_types == (
        ServiceType("RES", "Research", True, "A102"),
        ServiceType("ADM", "Firm administration", False, None),
    )
    assert setup.clients == (
        Client(
            "ACME",
            "Acme Corp",
            rounding=RoundingOverride(increment_minutes=15, direction="nearest"),
            required_fields=("phase",),
        ),
    )
    assert setup.matters == (
        Matter(
            code="ACME-001",
            client="ACME",
            name="Supply dispute",
            billing="hourly",
            team=("rarnsley", "mlee"),
            reviewers=("rarnsley",),
            client_matter_id="423-987",
            utbms="litigation",
            phases=(
                Phase(
                    "L100",
                    "Case assessment",
                    estimated_hours=Decimal("40"),
                    start=date(2026, 1, 5),
                    end=date(2026, 3, 27),
                ),
            ),
        ),
        Matter(
            code="ACME-002",
            client="ACME",
            name="Trademark filing",
            billing="fixed_fee",
            fixed_fee=Decimal("12000.00"),
            team=("rarnsley",),
        ),
    )
    d = date(2026, 1, 1)
    assert setup.rates == (
        RateRule(Decimal("300.00"), d, person="rarnsley"),
        RateRule(Decimal("450.00"), d, matter="ACME-001", classification="PARTNR"),
        RateRule(Decimal("600.00"), d, matter="ACME-001", service="RES"),
    )
    assert all(str(r.amount).endswith(".00") for r in setup.rates)
    assert str(setup.matters[1].fixed_fee) == "12000.00"


def test_the_example_prices_as_the_spec_says() -> None:
    setup = parse(example())
    assert setup.firm is not None
    people = {p.id: p for p in setup.people}
    acme = setup.clients[0]
    lit = setup.matters[0]
    # ACME's 15-minute/nearest rule keeps the firm's 6-minute minimum
    assert rounding.effective_rule(setup.firm.rounding, acme.rounding) == RoundingRule(
        15, "nearest", 6
    )
    cases = [
        # the partner's matter × classification card beats their own 300.00
        (people["rarnsley"], None, "450.00", "matter ACME-001 × classification PARTNR"),
        # research on ACME-001 is 600.00 for anyone
        (people["mlee"], setup.service_types[0], "600.00", "service RES × matter ACME-001"),
        # the associate has no rate on ACME-001 otherwise
        (people["mlee"], None, "0.00", None),
    ]
    for person, service, rate, rule in cases:
        p = pricing.price(
            firm=setup.firm,
            rules=setup.rates,
            person=person,
            matter=lit,
            client_rounding=acme.rounding,
            service=service,
            work_date=date(2026, 2, 2),
            raw_seconds=50 * 60,
        )
        assert str(p.rate) == rate
        assert p.rate_rule == (f"{rule}, from 2026-01-01" if rule else "no rate rule")
        assert p.billed_seconds == 45 * 60  # 50 min → nearest 15 → 45 min
        assert str(p.billed_hours) == "0.75"


def test_keys_that_are_not_needed_may_be_left_out() -> None:
    setup = parse(
        {
            "firm": {"name": "Solo"},
            "people": [{"id": "me", "name": "Me Myself"}],
            "service_types": [{"code": "GEN", "name": "General"}],
            "clients": [{"code": "C", "name": "Client"}],
            "matters": [{"code": "M", "client": "C", "name": "Matter"}],
            "rates": [{"amount": "100", "effective_from": "2026-01-01"}],
        }
    )
    assert setup.firm == FirmSettings(name="Solo", owner="me")
    assert setup.people == (Person("me", "Me Myself"),)
    assert setup.people[0].role == "timekeeper" and setup.people[0].active
    assert setup.service_types == (ServiceType("GEN", "General", True, None),)
    assert setup.clients == (Client("C", "Client"),)
    assert setup.matters == (Matter("M", "C", "Matter"),)
    m = setup.matters[0]
    assert m.billing == "hourly" and not m.closed and m.reviewers is None and m.services is None
    assert setup.rates == (RateRule(Decimal("100.00"), date(2026, 1, 1)),)  # the firm default


def test_an_empty_file_is_empty() -> None:
    setup = parse({})
    assert setup.firm is None
    for section in (setup.people, setup.service_types, setup.clients, setup.matters, setup.rates):
        assert section == ()


def test_optional_values_are_read() -> None:
    doc = example()
    doc["firm"].update(
        {"allow_billable_override": False, "tax_id": "12-3456789", "locked_before": "2026-01-01"}
    )
    doc["firm"]["owner"] = "mlee"
    doc["people"][1]["active"] = False
    doc["clients"][0]["ledes_client_id"] = "ACME-LEDES"
    doc["matters"][0].update({"closed": True, "services": ["RES"]})
    doc["matters"][0]["phases"][0]["estimated_fee"] = "15000.50"
    doc["rates"][0]["currency"] = "EUR"
    setup = parse(doc)
    assert setup.firm is not None
    assert setup.firm.allow_billable_override is False
    assert setup.firm.tax_id == "12-3456789"
    assert setup.firm.locked_before == date(2026, 1, 1)
    assert setup.firm.owner == "mlee"
    assert setup.people[1].active is False
    assert setup.clients[0].ledes_client_id == "ACME-LEDES"
    assert setup.matters[0].closed and setup.matters[0].services == ("RES",)
    assert setup.matters[0].phases[0].estimated_fee == Decimal("15000.50")
    assert setup.rates[0].currency == "EUR"


# ------------------------------------------------------------------ every problem, with its path


def many_problems() -> dict[str, Any]:
    return {
        "firm": {
            "name": "Arnsley & Co",
            "currency": "usd",
            "rounding": {"increment_minutes": 7, "direction": "up"},
            "required_fields": ["matter", "colour"],
            "owner": "nobody",
            "colour": "blue",
        },
        "people": [
            {"id": "rarnsley", "name": "Robert Arnsley", "email": "ra@example.com"},
            {"id": "mlee", "name": "Mia Lee", "email": "not-an-email"},
            {"id": "rarnsley", "name": "Robert Again"},
            {"id": "jdoe", "name": "J Doe", "role": "boss"},
            {"id": "kim", "name": "Kim", "email": "RA@example.com"},
        ],
        "service_types": [
            {"code": "RES", "name": "Research"},
            {"code": "DRF", "name": "Drafting", "utbms_activity": "A999"},
            {"code": "RES", "name": "Research again"},
        ],
        "clients": [
            {"code": "ACME", "name": "Acme", "rounding": {"direction": "sideways"}},
        ],
        "matters": [
            {
                "code": "ACME-001",
                "client": "NOPE",
                "name": "Supply dispute",
                "team": ["rarnsley", "ghost"],
                "phases": [
                    {"code": "L100", "name": "A", "start": "2026-03-27", "end": "2026-01-05"},
                    {"code": "L100", "name": "B", "estimated_hours": 40},
                ],
            },
            {
                "code": "ACME-002",
                "client": "ACME",
                "name": "Trademark",
                "billing": "fixed",
                "fixed_fee": 12000,
            },
            {"client": "ACME", "name": "No code", "client_matter_id": 423987},
        ],
        "rates": [
            {"amount": 300, "effective_from": "2026-01-01", "person": "rarnsley"},
            {"amount": "1", "effective_from": "2026-01-01", "person": "mlee",
             "classification": "ASSOC"},
            {"amount": "2", "effective_from": "2026-01-01", "matter": "ACME-002",
             "client": "OTHER"},
            {"amount": "3", "effective_from": "2026-02-01", "service": "RES"},
            {"amount": "4", "effective_from": "2026-02-01", "service": "RES"},
            {"amount": "5", "person": "jdoe"},
            {"amount": "6", "effective_from": "2026-01-01", "person": "ghost"},
            {"amount": "7", "effective_from": "2026-01-01", "team": "x"},
            {"amount": 8.5, "effective_from": "2026-03-01", "person": "mlee",
             "classification": "ASSOC"},
        ],
    }  # fmt: skip


EXPECTED_PATHS = sorted(
    [
        "firm.currency",
        "firm.rounding.increment_minutes",
        "firm.required_fields",
        "firm.owner",
        "firm.colour",
        "people[1].email",
        "people[2].id",  # a duplicate id
        "people[3].role",
        "people[4].email",  # ra@example.com again, in other case
        "service_types[1].utbms_activity",
        "service_types[2].code",  # a duplicate code
        "clients[0].rounding.direction",
        "matters[0].client",
        "matters[0].team",
        "matters[0].phases[0].end",  # ends before it starts
        "matters[0].phases[1].estimated_hours",  # a JSON number
        "matters[0].phases[1].code",  # a duplicate phase code
        "matters[1].billing",
        "matters[1].fixed_fee",  # a JSON number
        "matters[2].code",  # required
        "matters[2].client_matter_id",  # a number, not a string
        "rates[0].amount",  # a JSON number
        "rates[1].classification",  # person and classification
        "rates[2].client",  # not the matter's client
        "rates[2].client",  # … and no such client
        "rates[4].effective_from",  # same scope and date as rates[3]
        "rates[5].effective_from",  # required
        "rates[6].person",  # no such person
        "rates[7].team",  # not a rate key
        "rates[8].amount",  # a JSON number …
        "rates[8].classification",  # … and both person and classification
    ]
)


def test_many_problems_are_all_listed_with_their_paths() -> None:
    found = refused(many_problems())
    assert sorted(path for path, _ in found) == EXPECTED_PATHS
    assert all(message for _, message in found)


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("people[2].id", "people[0].id"),
        ("people[4].email", "rarnsley"),
        ("rates[2].client", "belongs to client ACME"),
        ("rates[4].effective_from", "same scope"),
        ("rates[1].classification", "not both"),
        ("firm.colour", "unknown key"),
        ("matters[0].phases[0].end", "before it starts"),
        ("rates[0].amount", "decimal string"),
        ("matters[0].team", "ghost"),
    ],
)
def test_problem_messages_say_why(path: str, says: str) -> None:
    messages = [m for p, m in refused(many_problems()) if p == path]
    assert any(says in m for m in messages), messages


def test_nothing_is_returned_from_a_refused_file() -> None:
    doc = example()
    doc["rates"][0]["amount"] = 300
    with pytest.raises(ValidationError) as err:
        parse(doc)
    assert [p.path for p in err.value.problems] == ["rates[0].amount"]
    assert "rates[0].amount" in str(err.value)


# ------------------------------------------------------------------ unknown keys


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d["firm"].update(extra=1), "firm.extra"),
        (lambda d: d["firm"]["rounding"].update(extra=1), "firm.rounding.extra"),
        (lambda d: d["people"][1].update(extra=1), "people[1].extra"),
        (lambda d: d["service_types"][0].update(extra=1), "service_types[0].extra"),
        (lambda d: d["clients"][0].update(extra=1), "clients[0].extra"),
        (lambda d: d["clients"][0]["rounding"].update(extra=1), "clients[0].rounding.extra"),
        (lambda d: d["matters"][1].update(extra=1), "matters[1].extra"),
        (lambda d: d["matters"][0]["phases"][0].update(extra=1), "matters[0].phases[0].extra"),
        (lambda d: d["rates"][2].update(extra=1), "rates[2].extra"),
        (lambda d: d["rates"][2].update(role="partner"), "rates[2].role"),
        (lambda d: d["people"][0].update(rate="300.00"), "people[0].rate"),
    ],
)
def test_unknown_keys_are_refused(where: Any, path: str) -> None:
    doc = example()
    where(doc)
    found = refused(doc)
    assert [p for p, _ in found] == [path]
    assert "unknown key" in found[0][1]


# ------------------------------------------------------------------ amounts as strings


@pytest.mark.parametrize("value", [300, 0, Decimal("300.00"), 300.0, True, None, [], {}])
@pytest.mark.parametrize(
    ("setter", "path"),
    [
        (lambda d, v: d["rates"][0].update(amount=v), "rates[0].amount"),
        (lambda d, v: d["matters"][1].update(fixed_fee=v), "matters[1].fixed_fee"),
        (
            lambda d, v: d["matters"][0]["phases"][0].update(estimated_hours=v),
            "matters[0].phases[0].estimated_hours",
        ),
        (
            lambda d, v: d["matters"][0]["phases"][0].update(estimated_fee=v),
            "matters[0].phases[0].estimated_fee",
        ),
    ],
)
def test_amounts_given_as_json_numbers_are_refused(setter: Any, path: str, value: Any) -> None:
    doc = example()
    setter(doc, value)
    if value is None:
        if path == "rates[0].amount":
            assert refused_paths(doc) == [path]  # an amount is required
        else:
            parse(doc)  # null is "left out" for an optional value
        return
    assert refused_paths(doc) == [path]


def test_json_numbers_from_text_are_refused_too() -> None:
    text = EXAMPLE_TEXT.replace('"amount": "300.00"', '"amount": 300.00').replace(
        '"estimated_hours": "40"', '"estimated_hours": 40'
    )
    assert refused_paths(loads(text)) == sorted(
        ["rates[0].amount", "matters[0].phases[0].estimated_hours"]
    )
    # … and floats, from a document read without Decimal
    assert refused_paths(json.loads(text)) == sorted(
        ["rates[0].amount", "matters[0].phases[0].estimated_hours"]
    )


@pytest.mark.parametrize(
    "amount", ["1,000.00", "$300", "300.001", "-300.00", "three hundred", "", "1e3"]
)
def test_bad_amount_strings_are_refused(amount: str) -> None:
    doc = example()
    doc["rates"][1]["amount"] = amount
    assert refused_paths(doc) == ["rates[1].amount"]


@pytest.mark.parametrize("value", [6.0, "6", True, 0, 7, 45])
def test_the_rounding_increment_must_be_a_whole_allowed_number(value: Any) -> None:
    doc = example()
    doc["firm"]["rounding"]["increment_minutes"] = value
    assert refused_paths(doc) == ["firm.rounding.increment_minutes"]


def test_a_json_decimal_increment_is_refused() -> None:
    text = EXAMPLE_TEXT.replace('"increment_minutes": 6,', '"increment_minutes": 6.0,')
    assert refused_paths(loads(text)) == ["firm.rounding.increment_minutes"]


@pytest.mark.parametrize(
    ("setter", "path"),
    [
        (lambda d: d["firm"].update(narrative_min_length=-1), "firm.narrative_min_length"),
        (lambda d: d["firm"].update(narrative_min_length="10"), "firm.narrative_min_length"),
        (lambda d: d["firm"].update(allow_self_approval="no"), "firm.allow_self_approval"),
        (lambda d: d["firm"].update(locked_before="01/01/2026"), "firm.locked_before"),
        (lambda d: d["firm"]["rounding"].update(minimum_minutes=-6),
         "firm.rounding.minimum_minutes"),
        (lambda d: d["firm"]["rounding"].update(direction="closest"), "firm.rounding.direction"),
        (lambda d: d["people"][0].update(active="yes"), "people[0].active"),
        (lambda d: d["people"].append({"id": "x"}), "people[2].name"),
        (lambda d: d["people"].append({"id": "x", "name": " "}), "people[2].name"),
        (lambda d: d["people"].append({"name": "X"}), "people[2].id"),
        (lambda d: d["people"].append({"id": " x", "name": "X"}), "people[2].id"),
        (lambda d: d["people"].append({"id": "a|b", "name": "X"}), "people[2].id"),
        (lambda d: d["people"].append({"id": "x" * 65, "name": "X"}), "people[2].id"),
        (lambda d: d["people"].append({"id": 7, "name": "X"}), "people[2].id"),
        (lambda d: d["service_types"][0].update(billable="yes"), "service_types[0].billable"),
        (lambda d: d["clients"][0].update(required_fields=["phase", "phase"]),
         "clients[0].required_fields"),
        (lambda d: d["clients"][0].update(required_fields="phase"), "clients[0].required_fields"),
        (lambda d: d["matters"][0].update(utbms="tax"), "matters[0].utbms"),
        (lambda d: d["matters"][0].update(services=["RES", "XXX"]), "matters[0].services"),
        (lambda d: d["matters"][0].update(team="rarnsley"), "matters[0].team"),
        (lambda d: d["matters"][0].update(reviewers=["nobody"]), "matters[0].reviewers"),
        (lambda d: d["matters"][0].update(closed="no"), "matters[0].closed"),
        (lambda d: d["matters"][0].update(fixed_fee="100.00"), "matters[0].fixed_fee"),
        (lambda d: d["matters"][0]["phases"][0].update(start="2026-02-30"),
         "matters[0].phases[0].start"),
        (lambda d: d["rates"][0].update(currency="usd"), "rates[0].currency"),
        (lambda d: d["rates"][0].update(effective_from="2026-1-1"), "rates[0].effective_from"),
        (lambda d: d["rates"][0].update(service="NOPE"), "rates[0].service"),
        (lambda d: d["rates"][0].update(client="NOPE"), "rates[0].client"),
        (lambda d: d["rates"][0].update(matter="NOPE"), "rates[0].matter"),
        (lambda d: d["rates"][0].pop("amount"), "rates[0].amount"),
        (lambda d: d["people"].append("mlee"), "people[2]"),
        (lambda d: d.update(rates={}), "rates"),
    ],
)  # fmt: skip
def test_single_problems(setter: Any, path: str) -> None:
    doc = example()
    setter(doc)
    assert refused_paths(doc) == [path]


# ------------------------------------------------------------------ duplicates


@pytest.mark.parametrize(
    ("setter", "path"),
    [
        (lambda d: d["people"].append({"id": "mlee", "name": "M"}), "people[2].id"),
        (lambda d: d["people"].append({"id": "x", "name": "X", "email": "ML@example.com"}),
         "people[2].email"),
        (lambda d: d["service_types"].append({"code": "ADM", "name": "A"}),
         "service_types[2].code"),
        (lambda d: d["clients"].append({"code": "ACME", "name": "A"}), "clients[1].code"),
        (lambda d: d["matters"].append({"code": "ACME-001", "client": "ACME", "name": "A"}),
         "matters[2].code"),
        (lambda d: d["matters"][0]["phases"].append({"code": "L100", "name": "A"}),
         "matters[0].phases[1].code"),
        (lambda d: d["matters"][0].update(team=["rarnsley", "mlee", "mlee"]), "matters[0].team"),
        (lambda d: d["rates"].append(
            {"amount": "999.00", "effective_from": "2026-01-01", "service": "RES",
             "matter": "ACME-001"}), "rates[3].effective_from"),
    ],
)  # fmt: skip
def test_duplicates_are_refused(setter: Any, path: str) -> None:
    doc = example()
    setter(doc)
    assert refused_paths(doc) == [path]


def test_the_same_phase_code_on_two_matters_is_fine() -> None:
    doc = example()
    doc["matters"][1]["phases"] = [{"code": "L100", "name": "Filing"}]
    assert parse(doc).matters[1].phases[0].code == "L100"


def test_the_same_scope_from_another_date_is_rate_history() -> None:
    doc = example()
    doc["rates"].append({"amount": "350.00", "effective_from": "2026-10-01", "person": "rarnsley"})
    assert len(parse(doc).rates) == 4


# ------------------------------------------------------------------ references to existing data

KNOWN = Known(
    firm=FirmSettings(
        name="Arnsley & Co",
        currency="EUR",
        rounding=RoundingRule(6, "up", 6),
        owner="boss",
        required_fields=("matter",),
    ),
    people={
        "boss": Person("boss", "The Boss", "boss@example.com", "admin"),
        "old": Person("old", "Old Timer", "old@example.com", "partner", "PARTNR", True),
    },
    service_types={"LIT": ServiceType("LIT", "Litigation")},
    clients={"BETA": Client("BETA", "Beta Ltd")},
    matters={"BETA-001": Matter("BETA-001", "BETA", "Advice")},
)


def test_references_resolve_against_existing_data() -> None:
    doc = {
        "matters": [
            {
                "code": "BETA-002",
                "client": "BETA",
                "name": "More advice",
                "team": ["boss", "old"],
                "reviewers": ["old"],
                "services": ["LIT"],
            }
        ],
        "rates": [
            {"amount": "200.00", "effective_from": "2026-01-01", "person": "old"},
            {"amount": "210.00", "effective_from": "2026-01-01", "service": "LIT"},
            {"amount": "220.00", "effective_from": "2026-01-01", "client": "BETA"},
            {"amount": "230.00", "effective_from": "2026-01-01", "matter": "BETA-001"},
            {"amount": "240.00", "effective_from": "2026-01-01", "matter": "BETA-002",
             "client": "BETA"},
        ],
    }  # fmt: skip
    setup = parse(doc, KNOWN)
    assert setup.matters[0].team == ("boss", "old")
    assert len(setup.rates) == 5
    # without the existing data, every one of those references is unknown
    assert refused_paths(doc) == sorted(
        [
            "matters[0].client",
            "matters[0].team",
            "matters[0].team",
            "matters[0].reviewers",
            "matters[0].services",
            "rates[0].person",
            "rates[1].service",
            "rates[2].client",
            "rates[3].matter",
            "rates[4].client",
        ]
    )


def test_a_rate_client_is_checked_against_an_existing_matter() -> None:
    doc = {
        "clients": [{"code": "GAMMA", "name": "Gamma"}],
        "rates": [
            {"amount": "1.00", "effective_from": "2026-01-01", "matter": "BETA-001",
             "client": "GAMMA"},
        ],
    }  # fmt: skip
    found = refused(doc, KNOWN)
    assert [p for p, _ in found] == ["rates[0].client"]
    assert "BETA" in found[0][1]


def test_an_email_already_used_by_an_existing_person_is_refused() -> None:
    doc = {"people": [{"id": "new", "name": "New", "email": "Boss@Example.com"}]}
    assert refused_paths(doc, KNOWN) == ["people[0].email"]
    # the same person keeping their own email is fine
    doc = {"people": [{"id": "boss", "name": "The Boss", "email": "boss@example.com"}]}
    assert parse(doc, KNOWN).people[0].email == "boss@example.com"


def test_reimporting_a_person_keeps_what_the_file_leaves_out() -> None:
    setup = parse({"people": [{"id": "old", "name": "Old Timer Jr"}]}, KNOWN)
    assert setup.people == (
        Person("old", "Old Timer Jr", "old@example.com", "partner", "PARTNR", True),
    )


def test_with_an_existing_firm_keys_left_out_are_kept() -> None:
    setup = parse({"firm": {"rounding": {"direction": "nearest"}}}, KNOWN)
    assert setup.firm == FirmSettings(
        name="Arnsley & Co",
        currency="EUR",
        rounding=RoundingRule(6, "nearest", 6),
        owner="boss",
        required_fields=("matter",),
    )
    assert setup.firm_keys == {"rounding"}


def test_a_new_firm_needs_a_name() -> None:
    assert refused_paths({"firm": {"currency": "USD"}}) == ["firm.name"]


def test_the_owner_may_be_an_existing_person() -> None:
    setup = parse({"firm": {"owner": "old"}}, KNOWN)
    assert setup.firm is not None and setup.firm.owner == "old"


# ------------------------------------------------------------------ the firm's owner


def test_the_owner_defaults_to_the_first_person_listed() -> None:
    doc = example()
    doc["people"].reverse()
    setup = parse(doc)
    assert setup.firm is not None and setup.firm.owner == "mlee"


def test_a_named_owner_is_kept() -> None:
    doc = example()
    doc["firm"]["owner"] = "mlee"
    setup = parse(doc)
    assert setup.firm is not None and setup.firm.owner == "mlee"


def test_an_existing_owner_is_not_replaced_by_the_default() -> None:
    doc = {"firm": {"name": "Arnsley & Co"}, "people": [{"id": "new", "name": "New"}]}
    setup = parse(doc, KNOWN)
    assert setup.firm is not None and setup.firm.owner == "boss"


def test_the_owner_must_be_a_person() -> None:
    doc = example()
    doc["firm"]["owner"] = "ghost"
    assert refused_paths(doc) == ["firm.owner"]


# ------------------------------------------------------------------ the document itself


@pytest.mark.parametrize("text", ["{", '{"firm": }', "[1, 2", "", '{"a": 1,}'])
def test_invalid_json_is_a_located_problem(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        loads(text)
    assert "not valid JSON" in str(err.value)
    assert "line" in str(err.value)


@pytest.mark.parametrize("doc", [[], "firm", 1, None])
def test_the_file_must_hold_an_object(doc: Any) -> None:
    assert refused(doc)[0][0] == ""


@pytest.mark.parametrize("section", ["people", "service_types", "clients", "matters", "rates"])
def test_sections_must_be_lists(section: str) -> None:
    assert refused_paths({section: {"a": 1}}) == [section]


# ------------------------------------------------------------------ properties


@PROPS
@given(st.sets(st.sampled_from(["firm", "people", "service_types", "clients", "matters", "rates"])))
def test_any_subset_of_valid_sections_parses(drop: set[str]) -> None:
    doc = example()
    # what refers to a dropped section goes too, so the rest stays valid
    if drop & {"people", "clients"}:
        drop.add("matters")
    if drop & {"people", "service_types", "matters"}:
        drop.add("rates")
    for key in drop:
        doc.pop(key)
    setup = parse(doc)
    assert (setup.firm is None) == ("firm" in drop)
    for key in ("people", "service_types", "clients", "matters", "rates"):
        assert len(getattr(setup, key)) == len(doc.get(key, []))


@PROPS
@given(st.lists(st.integers(0, 4), min_size=1, max_size=5))
def test_every_broken_rate_is_reported_at_its_index(broken: list[int]) -> None:
    doc = example()
    rates: list[dict[str, Any]] = [
        {"amount": f"{100 + i}.00", "effective_from": f"2026-0{i + 1}-01", "person": "mlee"}
        for i in range(5)
    ]
    for i in broken:
        rates[i]["amount"] = 100 + i  # a number, not a string
    doc["rates"] = rates
    assert refused_paths(copy.deepcopy(doc)) == sorted({f"rates[{i}].amount" for i in broken})
