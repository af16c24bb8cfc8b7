"""Loading a firm set-up file into the workspace (``docket import``) — an upsert by code/id,
idempotent, all or nothing, every problem listed (PRODUCT.md §6 "Firm set-up file").

Rate rules: one identical to a stored rule is left as it is; one with a stored rule's scope
and date but another amount or currency replaces it while no entry uses it, and is refused,
naming the entries, once one does. Import never deletes.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, func, select

from core import rates
from core.errors import DocketError, Problem, ValidationError
from core.model import FirmSettings, FirmSetup, RateRule
from core.setup_file import Known, parse
from desktop.models import audit_log
from desktop.models import master as m
from desktop.models import tables as t
from desktop.services.workspace import Workspace


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


class SetupService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def import_setup(self, doc: Any, *, actor: str | None = None) -> ImportReport:
        """Validate ``doc`` against the file's rules and what the store holds, then upsert it
        in one transaction with an audit event per changed record."""
        now = self.ws.now()
        with self.ws.store.write() as conn:
            if self.ws.kind(conn) == "firm":
                raise DocketError(
                    "import is refused in a firm workspace: the server owns master data "
                    "(an admin uses `docket-server import`)"
                )
            master = self.ws.master(conn)
            known = Known(
                firm=master.firm,
                people=master.people,
                service_types=master.service_types,
                clients=master.clients,
                matters=master.matters,
            )
            setup = parse(doc, known)
            report = ImportReport()
            who = actor or (master.owner.id if master.owner else None)
            firm = setup.firm
            if firm is None and master.firm is None and setup.people:
                firm = FirmSettings(owner=setup.people[0].id)
            if firm is not None and firm.owner is None and setup.people:
                firm = replace(firm, owner=setup.people[0].id)
            who = who or (firm.owner if firm else None) or "import"

            events: list[dict[str, Any]] = []

            def track(kind: str, key: str, before: Any, after: Any) -> None:
                b = m.as_record(before) if before is not None else None
                a = m.as_record(after)
                if b == a:
                    report.unchanged[kind] += 1
                    return
                (report.updated if b is not None else report.created)[kind] += 1
                events.append(
                    {
                        "now": now,
                        "actor": who,
                        "action": f"{kind}.{'update' if b is not None else 'create'}",
                        "entity": kind,
                        "entity_id": key,
                        "before": b,
                        "after": a,
                    }
                )

            if firm is not None:
                track("firm", "firm", master.firm, firm)
                m.save_firm(conn, firm)
            for p in setup.people:
                track("person", p.id, master.people.get(p.id), p)
                m.save_person(conn, p)
            for s in setup.service_types:
                track("service_type", s.code, master.service_types.get(s.code), s)
                m.save_service(conn, s)
            for c in setup.clients:
                track("client", c.code, master.clients.get(c.code), c)
                m.save_client(conn, c)
            for mt in setup.matters:
                track("matter", mt.code, master.matters.get(mt.code), _merged_phases(mt, master))
                m.save_matter(conn, mt)
            self._rates(conn, setup, master.rules, report, events, now, who)
            if events:
                m.bump(conn)
                audit_log.record_many(conn, events)
            return report

    def _rates(
        self,
        conn: Connection,
        setup: FirmSetup,
        stored: tuple[RateRule, ...],
        report: ImportReport,
        events: list[dict[str, Any]],
        now: Any,
        who: str,
    ) -> None:
        problems: list[Problem] = []
        by_key = {(r.scope(), r.effective_from): r for r in stored}
        for i, rule in enumerate(setup.rates):
            old = by_key.get((rule.scope(), rule.effective_from))
            if old is None:
                new = replace(rule, id=str(uuid.uuid4()))
                m.insert_rule(conn, new, now)
                report.created["rate"] += 1
                events.append(_rate_event(now, who, "rate.create", None, new))
                continue
            if old.amount == rule.amount and old.currency == rule.currency:
                report.unchanged["rate"] += 1
                continue
            assert old.id is not None
            used = [
                r[0]
                for r in conn.execute(
                    select(t.entries.c.id).where(t.entries.c.rate_rule_id == old.id).limit(5)
                )
            ]
            if used:
                count = conn.execute(
                    select(func.count()).where(t.entries.c.rate_rule_id == old.id)
                ).scalar_one()
                problems.append(
                    Problem(
                        f"rates[{i}]",
                        f"the rule {rates.describe(old)} at {old.amount} is used by {count} "
                        f"entries ({', '.join(u[:8] for u in used)}{'…' if count > 5 else ''}): "
                        "it cannot change; add a rule with a new effective_from, or re-rate",
                    )
                )
                continue
            new = replace(rule, id=old.id)
            m.replace_rule(conn, old.id, new)
            report.updated["rate"] += 1
            events.append(_rate_event(now, who, "rate.update", old, new))
        if problems:
            raise ValidationError(problems, "the set-up file was refused")


def _rate_event(
    now: Any, who: str, action: str, before: RateRule | None, after: RateRule
) -> dict[str, Any]:
    return {
        "now": now,
        "actor": who,
        "action": action,
        "entity": "rate",
        "entity_id": after.id,
        "before": m.as_record(before) if before else None,
        "after": m.as_record(after),
    }


def _merged_phases(matter: Any, master: m.Master) -> Any:
    """The matter as it will be stored: phases the file leaves out are kept."""
    old = master.matters.get(matter.code)
    if old is None:
        return matter
    listed = {p.code for p in matter.phases}
    kept = tuple(p for p in old.phases if p.code not in listed)
    return replace(matter, phases=tuple(matter.phases) + kept)


def one_person_setup(
    name: str, firm_name: str, *, currency: str = "USD", hourly_rate: str | None = None
) -> dict[str, Any]:
    """The set-up file of a new one-person practice (the app's "start empty" choice): the
    person is its owner and partner; ``hourly_rate`` (a decimal string) becomes the firm's
    default rate rule, effective from 2000-01-01 so past dates are priced too."""
    person = name.strip()
    firm = firm_name.strip()
    if not person:
        raise ValidationError([Problem("name", "your name is required")], "not set up")
    if not firm:
        raise ValidationError([Problem("firm", "the practice's name is required")], "not set up")
    pid = "".join(ch for ch in person.lower() if ch.isascii() and ch.isalnum()) or "me"
    doc: dict[str, Any] = {
        "firm": {"name": firm, "currency": currency, "owner": pid},
        "people": [{"id": pid, "name": person, "role": "partner"}],
    }
    if hourly_rate and hourly_rate.strip():
        doc["rates"] = [{"amount": hourly_rate.strip(), "effective_from": "2000-01-01"}]
    return doc
