"""Matters at a glance: client → matter → phase, with hours and fee consumed against the
estimates, the elapsed share of the planned dates, the early warning (PRODUCT.md §4), billable
vs non-billable per matter, and fixed-fee matters' fee consumed against the fixed fee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import false, func, select

from core import budgets
from core.money import from_cents
from core.rounding import hours
from desktop.models import tables as t
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class PhaseBurnDTO:
    matter: str
    code: str
    name: str
    burn: budgets.Burn
    start: date | None
    end: date | None


@dataclass(frozen=True)
class MatterBurnDTO:
    client: str
    client_name: str
    code: str
    name: str
    billing: str
    closed: bool
    billable_hours: Decimal
    non_billable_hours: Decimal
    amount: Decimal
    fixed_fee: Decimal | None
    fee_share: Decimal | None
    phases: tuple[PhaseBurnDTO, ...]
    unphased_hours: Decimal

    @property
    def fee_used_up(self) -> bool:
        return budgets.fixed_fee_used_up(self.fixed_fee, self.amount)

    @property
    def warning(self) -> bool:
        return self.fee_used_up or any(p.burn.warning for p in self.phases)


class BurnService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def matters(self, today: date | None = None) -> list[MatterBurnDTO]:
        """Every matter (closed ones too, flagged), sorted by client then code; consumption
        counts every entry that is not deleted, from draft to billed."""
        today = today or self.ws.today()
        c = t.entries.c
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            rows = conn.execute(
                select(
                    c.matter,
                    c.phase,
                    c.billable,
                    func.sum(c.billed_seconds),
                    func.sum(c.amount_cents),
                )
                .where(c.deleted == false(), c.matter.is_not(None))
                .group_by(c.matter, c.phase, c.billable)
            ).all()
        # per (matter, phase): billed seconds (billable, non-billable) and amount — on a
        # fixed-fee matter the amounts are the fee consumed (entries are rated like hourly ones)
        acc: dict[tuple[str, str | None], list[int]] = {}
        for matter, phase, billable, secs, cents in rows:
            slot = acc.setdefault((matter, phase), [0, 0, 0])
            slot[0 if billable else 1] += int(secs or 0)
            slot[2] += int(cents or 0)
        out = []
        for m in sorted(master.matters.values(), key=lambda m: (m.client, m.code)):
            b = nb = cents = 0
            phases = []
            for ph in m.phases:
                s = acc.get((m.code, ph.code), [0, 0, 0])
                b += s[0]
                nb += s[1]
                cents += s[2]
                burn = budgets.phase_burn(ph, hours(s[0] + s[1]), from_cents(s[2]), today)
                phases.append(PhaseBurnDTO(m.code, ph.code, ph.name, burn, ph.start, ph.end))
            rest = [v for (mc, pc), v in acc.items() if mc == m.code and m.phase(pc or "") is None]
            unphased = sum(v[0] + v[1] for v in rest)
            for v in rest:
                b += v[0]
                nb += v[1]
                cents += v[2]
            amount = from_cents(cents)
            client = master.clients.get(m.client)
            out.append(
                MatterBurnDTO(
                    client=m.client,
                    client_name=client.name if client else m.client,
                    code=m.code,
                    name=m.name,
                    billing=m.billing,
                    closed=m.closed,
                    billable_hours=hours(b),
                    non_billable_hours=hours(nb),
                    amount=amount,
                    fixed_fee=m.fixed_fee,
                    fee_share=(
                        budgets.fixed_fee_share(m.fixed_fee, amount)
                        if m.billing == "fixed_fee"
                        else None
                    ),
                    phases=tuple(phases),
                    unphased_hours=hours(unphased),
                )
            )
        return out
