"""Rate resolution (PRODUCT.md §4 "Rates"), written from the spec's words and worked cases."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core import rates as rates_module
from core.model import Matter, RateRule
from core.rates import (
    NO_RATE_RULE,
    RateSubject,
    describe,
    matches,
    resolve,
    rule_problems,
    same_scope,
    scope_keys_text,
)

PROPS = settings(max_examples=100, deadline=None)

D = date(2026, 1, 1)
WORK = date(2026, 6, 15)

# Specificity order, straight from PRODUCT.md §4 rule 1.
ORDER = ("service", "matter", "client", "person", "classification")


def rule(amount: str, start: date = D, **scope: str) -> RateRule:
    return RateRule(amount=Decimal(amount), effective_from=start, **scope)


def subject(
    person: str = "rarnsley",
    classification: str | None = "PARTNR",
    matter: str | None = "ACME-001",
    client: str | None = "ACME",
    service: str | None = None,
    work_date: date = WORK,
) -> RateSubject:
    return RateSubject(
        work_date=work_date,
        service=service,
        matter=matter,
        client=client,
        person=person,
        classification=classification,
    )


PARTNER = {"person": "rarnsley", "classification": "PARTNR"}
ASSOCIATE = {"person": "mlee", "classification": "ASSOC"}

# The rates of the PRODUCT.md §6 example file, plus the associate's own rate.
CARD = [
    rule("300.00", person="rarnsley"),
    rule("450.00", matter="ACME-001", classification="PARTNR"),
    rule("600.00", matter="ACME-001", service="RES"),
    rule("200.00", person="mlee"),
]


@pytest.mark.parametrize(
    ("who", "matter", "service", "amount", "text"),
    [
        # a partner's matter × classification rate card beats their own person rate on it
        (PARTNER, "ACME-001", None, "450.00", "matter ACME-001 × classification PARTNR"),
        (PARTNER, "ACME-001", "DRF", "450.00", "matter ACME-001 × classification PARTNR"),
        # … while the associate, with no card for ASSOC, keeps the associate's own rate
        (ASSOCIATE, "ACME-001", None, "200.00", "person mlee"),
        # a matter × service rate beats both
        (PARTNER, "ACME-001", "RES", "600.00", "service RES × matter ACME-001"),
        (ASSOCIATE, "ACME-001", "RES", "600.00", "service RES × matter ACME-001"),
        # on another matter the card does not apply: own rates again
        (PARTNER, "ACME-002", "RES", "300.00", "person rarnsley"),
        (ASSOCIATE, "ACME-002", None, "200.00", "person mlee"),
    ],
)
def test_worked_cases_of_the_rate_card(
    who: dict[str, str], matter: str, service: str | None, amount: str, text: str
) -> None:
    s = subject(who["person"], who["classification"], matter=matter, service=service)
    applied = resolve(CARD, s, "USD")
    assert applied.amount == Decimal(amount)
    assert applied.description == f"{text}, from 2026-01-01"
    assert applied.priced
    assert applied.currency == "USD"


@pytest.mark.parametrize(
    ("rules", "winner"),
    [
        # a firm-wide service rule beats a matter rule
        ([rule("350", matter="ACME-001"), rule("500", service="RES")], "500"),
        # … and a client rule, and a matter × person rule (service comes first)
        ([rule("350", matter="ACME-001", person="rarnsley"), rule("500", service="RES")], "500"),
        # a matter × person rule beats a matter × classification rule
        (
            [
                rule("450", matter="ACME-001", classification="PARTNR"),
                rule("475", matter="ACME-001", person="rarnsley"),
            ],
            "475",
        ),
        # a matter rule beats a client rule, which beats a person rule, which beats the default
        ([rule("100"), rule("300", person="rarnsley")], "300"),
        ([rule("300", person="rarnsley"), rule("320", client="ACME")], "320"),
        ([rule("320", client="ACME"), rule("350", matter="ACME-001")], "350"),
        ([rule("330", classification="PARTNR"), rule("300", person="rarnsley")], "300"),
        ([rule("100"), rule("330", classification="PARTNR")], "330"),
        # client × person beats client × classification and a bare client rule
        (
            [
                rule("320", client="ACME"),
                rule("340", client="ACME", classification="PARTNR"),
                rule("345", client="ACME", person="rarnsley"),
            ],
            "345",
        ),
        # key by key: matter beats client × person (matter comes before client)
        ([rule("345", client="ACME", person="rarnsley"), rule("350", matter="ACME-001")], "350"),
        # matter × client is more specific than matter alone
        ([rule("350", matter="ACME-001"), rule("360", matter="ACME-001", client="ACME")], "360"),
        # the firm default alone
        ([rule("100")], "100"),
        # rules that do not match never win, however specific
        (
            [
                rule("100"),
                rule("999", service="DRF"),
                rule("998", matter="ACME-002"),
                rule("997", client="OTHER"),
                rule("996", person="mlee"),
                rule("995", classification="ASSOC"),
            ],
            "100",
        ),
    ],
)
def test_most_specific_scope_wins(rules: list[RateRule], winner: str) -> None:
    applied = resolve(rules, subject(service="RES"), "USD")
    assert applied.amount == Decimal(winner)
    # whatever the order the rules are given in
    assert resolve(list(reversed(rules)), subject(service="RES"), "USD").amount == Decimal(winner)


HISTORY = [
    rule("300.00", date(2026, 1, 1), person="rarnsley"),
    rule("350.00", date(2026, 10, 1), person="rarnsley"),
]


@pytest.mark.parametrize(
    ("work_date", "amount", "since"),
    [
        (date(2026, 1, 1), "300.00", "2026-01-01"),
        (date(2026, 9, 30), "300.00", "2026-01-01"),
        (date(2026, 10, 1), "350.00", "2026-10-01"),  # effective_from is inclusive
        (date(2027, 3, 1), "350.00", "2026-10-01"),
    ],
)
def test_rate_history(work_date: date, amount: str, since: str) -> None:
    applied = resolve(HISTORY, subject(work_date=work_date), "USD")
    assert applied.amount == Decimal(amount)
    assert applied.description == f"person rarnsley, from {since}"


def test_before_any_rule_is_in_force_there_is_no_rate() -> None:
    applied = resolve(HISTORY, subject(work_date=date(2025, 12, 31)), "USD")
    assert applied.amount == Decimal("0.00")
    assert applied.description == NO_RATE_RULE
    assert not applied.priced


def test_specificity_comes_before_history() -> None:
    # a newer person rate does not beat an older, more specific matter × classification card
    rules = [*HISTORY, rule("450.00", date(2026, 1, 1), matter="ACME-001", classification="PARTNR")]
    applied = resolve(rules, subject(work_date=date(2026, 11, 1)), "USD")
    assert applied.amount == Decimal("450.00")


@pytest.mark.parametrize(
    ("start", "work_date", "in_force"),
    [
        (date(2026, 3, 1), date(2026, 2, 28), False),
        (date(2026, 3, 1), date(2026, 3, 1), True),
        (date(2026, 3, 1), date(2026, 3, 2), True),
    ],
)
def test_effective_from_is_inclusive(start: date, work_date: date, in_force: bool) -> None:
    r = rule("100", start)
    assert matches(r, subject(work_date=work_date)) is in_force
    assert resolve([r], subject(work_date=work_date), "USD").priced is in_force


@pytest.mark.parametrize("firm_currency", ["USD", "EUR"])
def test_no_rule_gives_zero_and_no_rate_rule(firm_currency: str) -> None:
    applied = resolve([], subject(), firm_currency)
    assert applied.amount == Decimal("0.00")
    assert str(applied.amount) == "0.00"
    assert applied.rule is None
    assert applied.description == "no rate rule" == NO_RATE_RULE
    assert applied.currency == firm_currency
    assert not applied.priced


def test_currency_defaults_to_the_firms() -> None:
    assert resolve([rule("100")], subject(), "GBP").currency == "GBP"
    eur = replace(rule("100"), currency="EUR")
    assert resolve([eur], subject(), "GBP").currency == "EUR"


def test_the_rule_is_returned() -> None:
    r = replace(rule("450.00", matter="ACME-001", classification="PARTNR"), id="r-1")
    applied = resolve([rule("100"), r], subject(), "USD")
    assert applied.rule == r


@pytest.mark.parametrize(
    ("r", "text"),
    [
        (
            rule("450", matter="ACME-001", classification="PARTNR"),
            "matter ACME-001 × classification PARTNR, from 2026-01-01",
        ),
        (rule("100", date(2025, 7, 1)), "firm default, from 2025-07-01"),
        (rule("300", person="rarnsley"), "person rarnsley, from 2026-01-01"),
        (
            rule("600", service="RES", matter="ACME-001"),
            "service RES × matter ACME-001, from 2026-01-01",
        ),
        (
            rule("1", classification="ASSOC", client="ACME", service="RES", matter="ACME-001"),
            "service RES × matter ACME-001 × client ACME × classification ASSOC, from 2026-01-01",
        ),
    ],
)
def test_describe(r: RateRule, text: str) -> None:
    assert describe(r) == text


MATTERS = {"ACME-001": Matter("ACME-001", "ACME", "Supply dispute")}


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ([rule("300", person="rarnsley"), rule("350", person="rarnsley")], [(1, "effective_from")]),
        ([rule("100"), rule("120")], [(1, "effective_from")]),
        (
            [rule("100", person="a", classification="PARTNR")],
            [(0, "classification")],
        ),
        ([rule("100", matter="ACME-001", client="OTHER")], [(0, "client")]),
        ([rule("-1")], [(0, "amount")]),
        (
            [
                rule("300", person="rarnsley"),
                rule("1", person="x", classification="Y"),
                rule("2", matter="ACME-001", client="BETA"),
                rule("301", person="rarnsley"),
            ],
            [(1, "classification"), (2, "client"), (3, "effective_from")],
        ),
    ],
)
def test_rule_problems_refusals(rules: list[RateRule], expected: list[tuple[int, str]]) -> None:
    found = rule_problems(rules, MATTERS)
    assert [(i, p.path) for i, p in found] == expected
    assert all(p.message for _, p in found)


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [rule("300", person="rarnsley"), rule("350", date(2026, 10, 1), person="rarnsley")],
        [rule("300", person="rarnsley"), rule("300", person="mlee")],
        [rule("100"), rule("450", matter="ACME-001", classification="PARTNR")],
        [rule("360", matter="ACME-001", client="ACME")],
        # an unknown matter is the caller's to report, not a client mismatch
        [rule("360", matter="NOPE", client="ACME")],
        [rule("0")],
    ],
)
def test_rule_problems_accepts_valid_lists(rules: list[RateRule]) -> None:
    assert rule_problems(rules, MATTERS) == []


def test_duplicate_problem_names_the_other_rule() -> None:
    found = rule_problems(
        [rule("450", matter="ACME-001", classification="PARTNR")] * 2,
        MATTERS,
    )
    assert len(found) == 1
    assert "matter ACME-001 × classification PARTNR, from 2026-01-01" in found[0][1].message


def test_same_scope_and_keys_text() -> None:
    assert same_scope(rule("1", person="a"), rule("2", date(2027, 1, 1), person="a"))
    assert not same_scope(rule("1", person="a"), rule("1", classification="a"))
    assert scope_keys_text() == "service, matter, client, person, classification"


# ------------------------------------------------------------------ properties

SERVICES = ("RES", "DRF")
MATTER_CLIENT = {"M1": "C1", "M2": "C2"}
PEOPLE = {"p1": "PARTNR", "p2": "ASSOC", "p3": "PARTNR"}
DATES = [date(2026, 1, 1) + timedelta(days=30 * i) for i in range(8)]


@st.composite
def rate_rules(draw: st.DrawFn) -> RateRule:
    who = draw(st.sampled_from(["none", "person", "classification"]))
    return RateRule(
        amount=Decimal(draw(st.integers(0, 100_000))) / 100,
        effective_from=draw(st.sampled_from(DATES)),
        service=draw(st.none() | st.sampled_from(SERVICES)),
        matter=draw(st.none() | st.sampled_from(sorted(MATTER_CLIENT))),
        client=draw(st.none() | st.sampled_from(["C1", "C2"])),
        person=draw(st.sampled_from(sorted(PEOPLE))) if who == "person" else None,
        classification=draw(st.sampled_from(["PARTNR", "ASSOC"]))
        if who == "classification"
        else None,
    )


# Valid rule lists: never two rules with the same scope and effective_from.
rule_lists = st.lists(rate_rules(), max_size=12, unique_by=lambda r: (r.scope(), r.effective_from))


@st.composite
def subjects(draw: st.DrawFn) -> RateSubject:
    matter = draw(st.none() | st.sampled_from(sorted(MATTER_CLIENT)))
    person = draw(st.sampled_from(sorted(PEOPLE)))
    return RateSubject(
        work_date=draw(st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31))),
        service=draw(st.none() | st.sampled_from(SERVICES)),
        matter=matter,
        client=MATTER_CLIENT[matter] if matter else None,
        person=person,
        classification=PEOPLE[person],
    )


def spec_matches(r: RateRule, s: RateSubject) -> bool:
    named = {k: getattr(r, k) for k in ORDER if getattr(r, k) is not None}
    return r.effective_from <= s.work_date and all(getattr(s, k) == v for k, v in named.items())


def spec_beats(a: RateRule, b: RateRule) -> bool:
    """PRODUCT.md §4: key by key, the one naming the key wins; then the latest date."""
    for key in ORDER:
        a_names, b_names = getattr(a, key) is not None, getattr(b, key) is not None
        if a_names != b_names:
            return a_names
    return a.effective_from > b.effective_from


def spec_winner(rules: list[RateRule], s: RateSubject) -> RateRule | None:
    winner: RateRule | None = None
    for r in rules:
        if spec_matches(r, s) and (winner is None or spec_beats(r, winner)):
            winner = r
    return winner


@PROPS
@given(rule_lists, subjects())
def test_resolve_agrees_with_the_spec(rules: list[RateRule], s: RateSubject) -> None:
    expected = spec_winner(rules, s)
    applied = resolve(rules, s, "USD")
    if expected is None:
        assert applied.rule is None
        assert applied.amount == Decimal("0.00")
        assert applied.description == NO_RATE_RULE
    else:
        assert applied.rule == expected
        assert applied.amount == expected.amount
        assert applied.description == describe(expected)


@PROPS
@given(rule_lists, subjects(), st.randoms(use_true_random=False))
def test_result_is_independent_of_rule_order(
    rules: list[RateRule], s: RateSubject, rnd: random.Random
) -> None:
    shuffled = list(rules)
    rnd.shuffle(shuffled)
    assert resolve(shuffled, s, "USD") == resolve(rules, s, "USD")
    assert resolve(list(reversed(rules)), s, "USD") == resolve(rules, s, "USD")


@PROPS
@given(rule_lists, subjects(), rate_rules(), st.integers(1, 400))
def test_a_rule_starting_after_the_work_date_never_changes_the_rate(
    rules: list[RateRule], s: RateSubject, extra: RateRule, days_after: int
) -> None:
    later = replace(extra, effective_from=s.work_date + timedelta(days=days_after))
    assume(
        all((r.scope(), r.effective_from) != (later.scope(), later.effective_from) for r in rules)
    )
    assert resolve([*rules, later], s, "USD") == resolve(rules, s, "USD")


@PROPS
@given(rule_lists, subjects(), rate_rules(), st.data())
def test_naming_one_more_matching_key_always_wins(
    rules: list[RateRule], s: RateSubject, base: RateRule, data: st.DataObject
) -> None:
    # make the base rule match the subject on every key it names, and be in force
    base = replace(
        base,
        effective_from=min(base.effective_from, s.work_date),
        **{k: getattr(s, k) for k in ORDER if getattr(base, k) is not None},
    )
    # a key it does not name, that the subject has, keeping at most one of person/classification
    free = [
        k
        for k in ORDER
        if getattr(base, k) is None
        and getattr(s, k) is not None
        and not (k in ("person", "classification") and (base.person or base.classification))
    ]
    assume(free)
    key = data.draw(st.sampled_from(free))
    cents = data.draw(st.integers(0, 100_000))
    narrower = replace(base, amount=Decimal(cents) / 100, **{key: getattr(s, key)})
    assert spec_matches(base, s) and spec_matches(narrower, s)
    # the narrower rule wins against the same rule without the key, whatever their dates …
    for d in (base.effective_from, min(DATES[0], s.work_date)):
        older = replace(narrower, effective_from=d)
        assert resolve([base, older], s, "USD").rule == older
        assert resolve([older, base], s, "USD").rule == older
    # … and, among other rules, the rule without it never does
    others = [r for r in rules if r.scope() not in (base.scope(), narrower.scope())]
    assert resolve([*others, base, narrower], s, "USD").rule != base


@PROPS
@given(rule_lists, subjects())
def test_the_winner_matches_and_no_matching_rule_beats_it(
    rules: list[RateRule], s: RateSubject
) -> None:
    applied = resolve(rules, s, "USD")
    if applied.rule is None:
        assert not any(matches(r, s) for r in rules)
        return
    assert matches(applied.rule, s)
    assert applied.rule.effective_from <= s.work_date
    for r in rules:
        if r is not applied.rule and matches(r, s):
            assert not spec_beats(r, applied.rule)


@PROPS
@given(rule_lists)
def test_valid_lists_have_no_problems(rules: list[RateRule]) -> None:
    matters = {code: Matter(code, client, code) for code, client in MATTER_CLIENT.items()}
    consistent = [
        r
        for r in rules
        if r.matter is None or r.client is None or MATTER_CLIENT[r.matter] == r.client
    ]
    assert rule_problems(consistent, matters) == []
    if consistent:
        dup = replace(consistent[0], amount=consistent[0].amount + 1)
        found = rule_problems([*consistent, dup], matters)
        assert [(i, p.path) for i, p in found] == [(len(consistent), "effective_from")]


# ``RateBook`` (an index over the rules, for speed) promises the same answers as ``resolve``.
RateBook = getattr(rates_module, "RateBook", None)


@pytest.mark.skipif(RateBook is None, reason="core.rates has no RateBook")
@PROPS
@given(rule_lists, st.lists(subjects(), min_size=1, max_size=5))
def test_rate_book_agrees_with_resolve(rules: list[RateRule], ss: list[RateSubject]) -> None:
    assert RateBook is not None
    book = RateBook(rules)
    for s in ss:
        assert book.resolve(s, "USD") == resolve(rules, s, "USD")
