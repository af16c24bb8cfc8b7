"""A seeded generator of realistic firm data: many people, years of history, through the
services' batch path (policy, rates, rounding and audit events included)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop.services.entries import EntryInput, EntryService
from desktop.services.setup import SetupService
from desktop.services.workspace import Workspace

SERVICES = ["RES", "DRF", "REV", "MTG", "ADM"]


def firm_doc(people: int, matters: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    ppl = [
        {
            "id": f"p{i:03d}",
            "name": f"Person {i:03d}",
            "email": f"p{i:03d}@firm.example",
            "role": "partner" if i % 10 == 0 else "timekeeper",
            "classification": "PARTNR" if i % 10 == 0 else rng.choice(["ASSOC", "PARLEG"]),
        }
        for i in range(people)
    ]
    clients = [{"code": f"C{i:03d}", "name": f"Client {i:03d}"} for i in range(matters // 4 + 1)]
    mats = [
        {
            "code": f"M{i:04d}",
            "client": f"C{i // 4:03d}",
            "name": f"Matter {i:04d}",
            "billing": "fixed_fee" if i % 7 == 0 else "hourly",
            **({"fixed_fee": "25000.00"} if i % 7 == 0 else {}),
            "phases": [
                {"code": f"PH{j}", "name": f"Phase {j}", "estimated_hours": "100"} for j in range(3)
            ],
        }
        for i in range(matters)
    ]
    rates: list[dict[str, Any]] = [{"amount": "200.00", "effective_from": "2020-01-01"}]
    for p in ppl:
        base = rng.choice([150, 200, 250, 300, 400])
        rates.append({"amount": f"{base}.00", "effective_from": "2020-01-01", "person": p["id"]})
        rates.append(
            {"amount": f"{base + 25}.00", "effective_from": "2025-01-01", "person": p["id"]}
        )
    for m in mats[::5]:
        rates.append(
            {
                "amount": "500.00",
                "effective_from": "2020-01-01",
                "matter": m["code"],
                "classification": "PARTNR",
            }
        )
    return {
        "firm": {
            "name": "Bench LLP",
            "currency": "USD",
            "rounding": {"increment_minutes": 6, "direction": "up", "minimum_minutes": 6},
            "required_fields": ["matter", "service", "narrative"],
        },
        "people": ppl,
        "service_types": [{"code": s, "name": s, "billable": s != "ADM"} for s in SERVICES],
        "clients": clients,
        "matters": mats,
        "rates": rates,
    }


def entry_inputs(
    n: int, people: int, matters: int, end: date, years: float, seed: int
) -> list[EntryInput]:
    rng = random.Random(seed)
    span = int(years * 365)
    out = []
    for _ in range(n):
        out.append(
            EntryInput(
                raw_seconds=rng.randint(6, 240) * 60 + rng.randint(0, 59),
                work_date=end - timedelta(days=rng.randint(0, span)),
                matter=f"M{rng.randrange(matters):04d}",
                phase=f"PH{rng.randrange(3)}",
                service=rng.choice(SERVICES),
                narrative="Reviewed the file and drafted the next steps",
                person=f"p{rng.randrange(people):03d}",
            )
        )
    return out


def build_store(
    data_dir: Path,
    entries: int,
    *,
    people: int = 100,
    matters: int = 400,
    end: date | None = None,
    years: float = 4.0,
    seed: int = 11,
    chunk: int = 10_000,
) -> Workspace:
    """A workspace at ``data_dir`` with ``entries`` entries spread over ``years``."""
    ws = Workspace.open(data_dir, long_lived=True)
    SetupService(ws).import_setup(firm_doc(people, matters))
    svc = EntryService(ws)
    end = end or ws.today()
    made = 0
    while made < entries:
        n = min(chunk, entries - made)
        svc.log_many(entry_inputs(n, people, matters, end, years, seed + made))
        made += n
    return ws
