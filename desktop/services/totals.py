"""Firm-wide totals for a period, by client, matter and phase (reports, the matters view)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import false, func, select

from core.money import from_cents
from core.rounding import hours
from desktop.models import tables as t
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class PhaseTotal:
    client: str | None
    matter: str | None
    phase: str | None
    billable_seconds: int
    non_billable_seconds: int
    amount: Decimal
    entries: int

    @property
    def billable_hours(self) -> Decimal:
        return hours(self.billable_seconds)

    @property
    def non_billable_hours(self) -> Decimal:
        return hours(self.non_billable_seconds)


class TotalsService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def by_matter_phase(self, start: date, end: date) -> list[PhaseTotal]:
        """Billed time (billable / non-billable), amount and count per client, matter and
        phase for entries dated ``start``…``end`` (one GROUP BY over a covering index)."""
        c = t.entries.c
        q = (
            select(
                t.matters.c.client,
                c.matter,
                c.phase,
                c.billable,
                func.sum(c.billed_seconds),
                func.sum(c.amount_cents),
                func.count(),
            )
            .select_from(t.entries.outerjoin(t.matters, t.matters.c.code == c.matter))
            .where(c.work_date >= start, c.work_date <= end, c.deleted == false())
            .group_by(c.matter, c.phase, c.billable)
        )
        acc: dict[tuple[str | None, str | None, str | None], list[int]] = {}
        with self.ws.store.read() as conn:
            for client, matter, phase, billable, secs, cents, n in conn.execute(q):
                slot = acc.setdefault((client, matter, phase), [0, 0, 0, 0])
                slot[0 if billable else 1] += int(secs or 0)
                slot[2] += int(cents or 0)
                slot[3] += int(n)
        return [
            PhaseTotal(k[0], k[1], k[2], v[0], v[1], from_cents(v[2]), v[3])
            for k, v in sorted(acc.items(), key=lambda kv: tuple(x or "" for x in kv[0]))
        ]
