"""Rate resolution (PRODUCT.md §4 "Rates").

A rule *matches* an entry when every scope key it names equals the entry's value and its
``effective_from`` is on or before the entry's work date. Among matching rules:

1. the most specific scope wins — compared key by key in the order service, matter, client,
   person, classification; at the first key one names and the other does not, the one naming
   it wins (a lexicographic comparison of "names this key" flags);
2. among rules with the same scope, the latest ``effective_from`` wins (the rate history).

Ambiguous rules (same scope and date; person *and* classification; a client that is not its
matter's) are refused when entered — see :func:`rule_problems`. No match: rate 0.00, "no rate
rule", and the entry is flagged as unpriced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.errors import Problem
from core.model import SCOPE_KEYS, Matter, RateRule

NO_RATE_RULE = "no rate rule"


@dataclass(frozen=True)
class RateSubject:
    """What a rate is looked up for: an entry's work date and the values scope keys compare to."""

    work_date: date
    service: str | None
    matter: str | None
    client: str | None
    person: str | None
    classification: str | None


@dataclass(frozen=True)
class AppliedRate:
    """The rate in force for an entry, and the rule that produced it (None: no rule matched)."""

    amount: Decimal
    currency: str
    rule: RateRule | None
    description: str

    @property
    def priced(self) -> bool:
        return self.rule is not None


def matches(rule: RateRule, subject: RateSubject) -> bool:
    """True when every scope key the rule names equals the subject's and it is in force."""
    if rule.effective_from > subject.work_date:
        return False
    return all(getattr(subject, key) == value for key, value in rule.scope())


def specificity(rule: RateRule) -> tuple[bool, ...]:
    """Flags "names this key" in the order service, matter, client, person, classification.

    Comparing two tuples lexicographically is exactly the key-by-key rule of PRODUCT.md §4.
    """
    return tuple(getattr(rule, key) is not None for key in SCOPE_KEYS)


def resolve(rules: Iterable[RateRule], subject: RateSubject, firm_currency: str) -> AppliedRate:
    """The rate for ``subject``: most specific matching scope, then latest effective date."""
    best: RateRule | None = None
    best_key: tuple[tuple[bool, ...], date, str] | None = None
    for rule in rules:
        if not matches(rule, subject):
            continue
        key = (specificity(rule), rule.effective_from, rule.id or "")
        if best_key is None or key > best_key:
            best, best_key = rule, key
    if best is None:
        return AppliedRate(Decimal("0.00"), firm_currency, None, NO_RATE_RULE)
    return AppliedRate(best.amount, best.currency or firm_currency, best, describe(best))


def describe(rule: RateRule) -> str:
    """Readable text of a rule's scope and start: ``matter ACME-001 × classification PARTNR,
    from 2026-01-01``; a rule with no scope reads ``firm default, from …``."""
    scope = " × ".join(f"{k} {v}" for k, v in rule.scope()) or "firm default"
    return f"{scope}, from {rule.effective_from.isoformat()}"


def same_scope(a: RateRule, b: RateRule) -> bool:
    return a.scope() == b.scope()


def rule_problems(
    rules: Sequence[RateRule], matters: Mapping[str, Matter]
) -> list[tuple[int, Problem]]:
    """Problems with a list of rules, each as (index in ``rules``, problem).

    Refused: a rule naming both person and classification; a rule naming a matter and a client
    that is not that matter's; two rules with the same scope and the same ``effective_from``.
    Unknown codes are the caller's to check (it knows what exists).
    """
    out: list[tuple[int, Problem]] = []
    seen: dict[tuple[tuple[tuple[str, str], ...], date], int] = {}
    for i, rule in enumerate(rules):
        if rule.person is not None and rule.classification is not None:
            out.append(
                (
                    i,
                    Problem(
                        "classification",
                        "a rule may name a person or a classification, not both",
                    ),
                )
            )
        if rule.matter is not None and rule.client is not None:
            matter = matters.get(rule.matter)
            if matter is not None and matter.client != rule.client:
                out.append(
                    (
                        i,
                        Problem(
                            "client",
                            f"matter {rule.matter} belongs to client {matter.client}, "
                            f"not {rule.client}",
                        ),
                    )
                )
        if rule.amount < 0:
            out.append((i, Problem("amount", "a rate must not be negative")))
        key = (rule.scope(), rule.effective_from)
        if key in seen:
            j = seen[key]
            out.append(
                (
                    i,
                    Problem(
                        "effective_from",
                        f"another rule ({describe(rules[j])}) has the same scope and "
                        "effective date; give this one a different effective_from",
                    ),
                )
            )
        else:
            seen[key] = i
    return out


def scope_keys_text() -> str:
    return ", ".join(SCOPE_KEYS)


class RateBook:
    """Rules indexed for fast resolution: the same answers as :func:`resolve`.

    Rules are grouped by which scope keys they name (their specificity). Resolving walks the
    groups from the most specific down; in each it looks up the subject's own values and takes
    the latest ``effective_from`` on or before the work date. The first group with a match
    holds the most specific matching scope — exactly rule 1 of PRODUCT.md §4 — and within it
    rule 2 (the latest date) decides. Cost: a few dict look-ups instead of a scan of all rules.
    """

    def __init__(self, rules: Iterable[RateRule]) -> None:
        self.rules: tuple[RateRule, ...] = tuple(rules)
        groups: dict[tuple[bool, ...], dict[tuple[str, ...], list[RateRule]]] = {}
        for rule in self.rules:
            values = tuple(v for _, v in rule.scope())
            groups.setdefault(specificity(rule), {}).setdefault(values, []).append(rule)
        for table in groups.values():
            for bucket in table.values():
                bucket.sort(key=lambda r: (r.effective_from, r.id or ""))
        self._groups = sorted(groups.items(), key=lambda kv: kv[0], reverse=True)

    def resolve(self, subject: RateSubject, firm_currency: str) -> AppliedRate:
        values_of = {k: getattr(subject, k) for k in SCOPE_KEYS}
        for flags, table in self._groups:
            wanted = [values_of[k] for k, named in zip(SCOPE_KEYS, flags, strict=True) if named]
            if any(v is None for v in wanted):
                continue
            key = tuple(v for v in wanted if v is not None)
            bucket = table.get(key)
            if not bucket:
                continue
            best = None
            for rule in bucket:  # sorted by date; buckets are short (a rate history)
                if rule.effective_from <= subject.work_date:
                    best = rule
                else:
                    break
            if best is not None:
                currency = best.currency or firm_currency
                return AppliedRate(best.amount, currency, best, describe(best))
        return AppliedRate(Decimal("0.00"), firm_currency, None, NO_RATE_RULE)
