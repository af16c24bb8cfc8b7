"""Editing the firm's set-up from the app (personal workspace): each save is a one-record
set-up document through the same parse, validation, upsert and audit as ``docket import`` —
so the app, the CLI and the server say the same thing about the same mistake.

Refusals are :class:`~core.errors.ValidationError` whose problem paths are relative to the
record (``rounding.increment_minutes``), ready to be shown next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from core import rates
from core.errors import DocketError, Problem, ValidationError
from core.model import RateRule
from core.rates import describe
from core.setup_file import Known, matter_entry, parse
from core.setup_plan import ImportReport
from desktop.models import tables as t
from desktop.services.setup import SetupService
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class RuleUse:
    """A rate rule with how many entries it priced (those can never change it)."""

    rule: RateRule
    description: str
    entries: int
    first_date: date | None
    last_date: date | None

    @property
    def editable(self) -> bool:
        return self.entries == 0


class MasterDataService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._setup = SetupService(ws)

    def _read_only_reason(self) -> str | None:
        with self.ws.store.read() as conn:
            if self.ws.kind(conn) == "firm":
                return (
                    "this workspace is signed in to a firm server, which owns the set-up: "
                    "an admin changes it there"
                )
        return None

    def read_only_reason(self) -> str | None:
        """Why the set-up cannot be edited here (None: it can)."""
        return self._read_only_reason()

    def _save(self, section: str, record: dict[str, Any]) -> ImportReport:
        reason = self._read_only_reason()
        if reason:
            raise DocketError(reason)
        doc: dict[str, Any] = {section: record if section == "firm" else [record]}
        prefix = "firm." if section == "firm" else f"{section}[0]."
        try:
            return self._setup.import_setup(doc)
        except ValidationError as err:
            raise ValidationError(
                [replace(p, path=p.path.removeprefix(prefix)) for p in err.problems],
                "not saved",
            ) from err

    # one method per kind of record; ``record`` is shaped as in the set-up file
    def save_firm(self, record: dict[str, Any]) -> ImportReport:
        return self._save("firm", record)

    def save_person(self, record: dict[str, Any]) -> ImportReport:
        return self._save("people", record)

    def save_service_type(self, record: dict[str, Any]) -> ImportReport:
        return self._save("service_types", record)

    def save_client(self, record: dict[str, Any]) -> ImportReport:
        return self._save("clients", record)

    def save_matter(self, record: dict[str, Any]) -> ImportReport:
        """A matter (with any phases it lists; phases it leaves out are kept)."""
        return self._save("matters", record)

    def save_phase(self, matter: str, record: dict[str, Any]) -> ImportReport:
        """One phase of a matter, added or changed."""
        with self.ws.store.read() as conn:
            m = self.ws.master(conn).matters.get(matter)
        if m is None:
            raise ValidationError([Problem("matter", f"there is no matter {matter!r}")])
        # the whole matter as stored, the phase changed in its place (or added at the end):
        # a record that left keys out would reset them (team, billing, fee, closed…)
        whole = matter_entry(m)
        phases = whole["phases"]
        at = next((i for i, ph in enumerate(phases) if ph["code"] == record.get("code")), None)
        if at is None:
            at = len(phases)
            phases.append(record)
        else:
            phases[at] = record
        try:
            return self._save("matters", whole)
        except ValidationError as err:
            raise ValidationError(
                [replace(p, path=p.path.removeprefix(f"phases[{at}].")) for p in err.problems],
                "not saved",
            ) from err

    def add_rate(self, record: dict[str, Any]) -> ImportReport:
        """A rate rule. One with an existing rule's scope and date replaces it only while no
        entry uses it; otherwise give it a new effective date (the rate history)."""
        return self._save("rates", record)

    def new_rate(self, record: dict[str, Any]) -> ImportReport:
        """A new rate rule (the set-up view's "add"): refused on its ``effective_from``, with
        the import's message, when a rule with the same scope and date exists — change that
        one instead while no entry uses it, or give this one another date."""
        clash = self._clash(record)
        if clash is not None:
            raise ValidationError([clash], "not saved")
        return self.add_rate(record)

    def _clash(self, record: dict[str, Any]) -> Problem | None:
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
        known = Known(
            master.firm, master.people, master.service_types, master.clients, master.matters
        )
        try:
            [rule] = parse({"rates": [record]}, known).rates
        except (ValidationError, ValueError):
            return None  # saving names the problems, with the import's paths and messages
        for old in master.rules:
            if (old.scope(), old.effective_from) == (rule.scope(), rule.effective_from):
                found = rates.rule_problems([old, rule], master.matters)
                return next(p for i, p in found if i == 1 and p.path == "effective_from")
        return None

    # ------------------------------------------------------------------ reading
    def rule_uses(self, *, person: str | None = None, matter: str | None = None) -> list[RuleUse]:
        """Rate rules as a history (newest first) — all, or those naming a person (their own
        and their classification's) or a matter — with the entries each priced."""
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            c = t.entries.c
            usage = {
                r[0]: (int(r[1]), r[2], r[3])
                for r in conn.execute(
                    select(
                        c.rate_rule_id, func.count(), func.min(c.work_date), func.max(c.work_date)
                    )
                    .where(c.rate_rule_id.is_not(None), c.deleted.is_(False))
                    .group_by(c.rate_rule_id)
                )
            }
        rules = list(master.rules)
        if person is not None:
            p = master.people.get(person)
            cls = p.classification if p else None
            rules = [
                r
                for r in rules
                if r.person == person or (cls is not None and r.classification == cls)
            ]
        if matter is not None:
            m = master.matters.get(matter)
            rules = [
                r for r in rules if r.matter == matter or (m is not None and r.client == m.client)
            ]
        out = []
        for r in sorted(rules, key=lambda r: (r.scope(), r.effective_from), reverse=True):
            n, first, last = usage.get(r.id or "", (0, None, None))
            out.append(
                RuleUse(
                    r,
                    describe(r),
                    n,
                    date.fromisoformat(first) if isinstance(first, str) else first,
                    date.fromisoformat(last) if isinstance(last, str) else last,
                )
            )
        return out


def money_text(value: Decimal) -> str:
    return f"{value:.2f}"
