"""What importing a firm set-up file changes — the upsert rules of PRODUCT.md §6, decided
once for the desktop's ``docket import`` and the server's import (and its master-data API).

Upsert by code/id; import never deletes; a matter's phases the file leaves out are kept. Rate
rules: one identical to a stored rule (scope, ``effective_from``, amount, currency) is left as
it is; one with a stored rule's scope and date but another amount or currency replaces it
while no entry uses it, and is refused, naming the entries, once one does.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from core import rates
from core.errors import Problem, ValidationError
from core.model import (
    Client,
    FirmSettings,
    FirmSetup,
    Matter,
    Person,
    RateRule,
    ServiceType,
)
from core.records import as_record

# For a stored rule id: how many entries use it, and the first few of their ids.
UsedBy = Callable[[str], tuple[int, Sequence[str]]]


@dataclass
class ImportReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        parts = []
        for k in kinds:
            bits = [
                f"{n} {word}"
                for n, word in (
                    (self.created[k], "new"),
                    (self.updated[k], "updated"),
                    (self.unchanged[k], "unchanged"),
                )
                if n
            ]
            parts.append(f"{k}: {', '.join(bits)}")
        return "; ".join(parts) or "nothing to import"

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


@dataclass(frozen=True)
class Change:
    """One record to write, with its audit before/after (``before`` None: a new record)."""

    kind: str  # firm | person | service_type | client | matter | rate
    key: str
    value: Any
    before: dict[str, Any] | None
    after: dict[str, Any]

    @property
    def action(self) -> str:
        return f"{self.kind}.{'update' if self.before is not None else 'create'}"


@dataclass
class ImportPlan:
    """Every change to write, in order (firm, people, services, clients, matters, rates)."""

    changes: list[Change] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)


@dataclass(frozen=True)
class Stored:
    """What the store holds now."""

    firm: FirmSettings | None
    people: Mapping[str, Person]
    service_types: Mapping[str, ServiceType]
    clients: Mapping[str, Client]
    matters: Mapping[str, Matter]
    rules: Sequence[RateRule]


def plan(
    setup: FirmSetup,
    stored: Stored,
    used_by: UsedBy,
    matter_use: Callable[[str], int] = lambda _code: 0,
) -> ImportPlan:
    """The changes ``setup`` makes to ``stored``, or :class:`ValidationError` (nothing to
    write) when a rate rule an entry uses would change, or a matter with entries would move
    to another client (its entries — billed ones too — would move with it)."""
    out = ImportPlan()
    firm = setup.firm
    if firm is None and stored.firm is None and setup.people:
        firm = FirmSettings(owner=setup.people[0].id)
    if firm is not None and firm.owner is None and setup.people:
        firm = replace(firm, owner=setup.people[0].id)

    def track(kind: str, key: str, before: Any, after: Any) -> None:
        b = as_record(before) if before is not None else None
        a = as_record(after)
        if b == a:
            out.report.unchanged[kind] += 1
            return
        (out.report.updated if b is not None else out.report.created)[kind] += 1
        out.changes.append(Change(kind, key, after, b, a))

    if firm is not None:
        track("firm", "firm", stored.firm, firm)
    for p in setup.people:
        track("person", p.id, stored.people.get(p.id), p)
    for s in setup.service_types:
        track("service_type", s.code, stored.service_types.get(s.code), s)
    for c in setup.clients:
        track("client", c.code, stored.clients.get(c.code), c)
    moved: list[Problem] = []
    for i, mt in enumerate(setup.matters):
        old = stored.matters.get(mt.code)
        if old is not None and old.client != mt.client:
            count = matter_use(mt.code)
            if count:
                moved.append(
                    Problem(
                        f"matters[{i}].client",
                        f"{count} entries are recorded on {mt.code} for client {old.client}: "
                        "its client cannot change (open a new matter for the new client)",
                    )
                )
                continue
        track("matter", mt.code, old, merged_phases(mt, stored.matters))
    if moved:
        raise ValidationError(moved, "the set-up file was refused")
    _rates(setup.rates, stored.rules, used_by, out)
    return out


def _rates(
    rules: Sequence[RateRule], stored: Sequence[RateRule], used_by: UsedBy, out: ImportPlan
) -> None:
    problems: list[Problem] = []
    by_key = {(r.scope(), r.effective_from): r for r in stored}
    for i, rule in enumerate(rules):
        old = by_key.get((rule.scope(), rule.effective_from))
        if old is None:
            new = replace(rule, id=rule.id or str(uuid.uuid4()))
            out.report.created["rate"] += 1
            out.changes.append(Change("rate", str(new.id), new, None, as_record(new)))
            continue
        if old.amount == rule.amount and old.currency == rule.currency:
            out.report.unchanged["rate"] += 1
            continue
        assert old.id is not None
        count, used = used_by(old.id)
        if count:
            problems.append(
                Problem(
                    f"rates[{i}]",
                    f"the rule {rates.describe(old)} at {old.amount} is used by {count} "
                    f"entries ({', '.join(u[:8] for u in used[:5])}{'…' if count > 5 else ''}): "
                    "it cannot change; add a rule with a new effective_from, or re-rate",
                )
            )
            continue
        new = replace(rule, id=old.id)
        out.report.updated["rate"] += 1
        out.changes.append(Change("rate", old.id, new, as_record(old), as_record(new)))
    if problems:
        raise ValidationError(problems, "the set-up file was refused")


def merged_phases(matter: Matter, stored: Mapping[str, Matter]) -> Matter:
    """The matter as it will be stored: phases the file leaves out are kept."""
    old = stored.get(matter.code)
    if old is None:
        return matter
    listed = {p.code for p in matter.phases}
    kept = tuple(p for p in old.phases if p.code not in listed)
    return replace(matter, phases=tuple(matter.phases) + kept)
