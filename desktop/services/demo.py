"""The demo firm: a small practice with a law firm's and an architecture studio's kinds of
work — hourly and fixed-fee matters, phases with budgets and planned dates, a UTBMS
litigation matter, people at several classifications with rate history — and a month of
entries in every status, a few held timers and a running one.

Everything goes through the same services a person uses (import, the batch path, the
approval workflow, the timer), so the demo's audit trail is real and verifies.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from core.errors import DocketError
from desktop.models import tables as t
from desktop.services.approvals import ApprovalService, Selection
from desktop.services.entries import EntryInput, EntryService
from desktop.services.setup import SetupService
from desktop.services.timer import TimerFields, TimerService
from desktop.services.workspace import Workspace

SEED = 20261126


def demo_setup(today: date) -> dict[str, Any]:
    """The demo firm's set-up file, with dates relative to ``today``."""

    def d(days: int) -> str:
        return (today + timedelta(days=days)).isoformat()

    return {
        "firm": {
            "name": "Arnsley Vance LLP",
            "currency": "USD",
            "rounding": {"increment_minutes": 6, "direction": "up", "minimum_minutes": 6},
            "required_fields": ["matter", "service", "narrative"],
            "narrative_min_length": 10,
            "allow_self_approval": False,
            "tax_id": "24-6437381",
        },
        "people": [
            {
                "id": "rarnsley",
                "name": "Robert Arnsley",
                "email": "r.arnsley@arnsleyvance.example",
                "role": "partner",
                "classification": "PARTNR",
            },
            {
                "id": "cvance",
                "name": "Claire Vance",
                "email": "c.vance@arnsleyvance.example",
                "role": "partner",
                "classification": "PARTNR",
            },
            {
                "id": "mlee",
                "name": "Mia Lee",
                "email": "m.lee@arnsleyvance.example",
                "role": "timekeeper",
                "classification": "ASSOC",
            },
            {
                "id": "djones",
                "name": "Daniel Jones",
                "email": "d.jones@arnsleyvance.example",
                "role": "timekeeper",
                "classification": "ASSOC",
            },
            {
                "id": "pokafor",
                "name": "Priya Okafor",
                "email": "p.okafor@arnsleyvance.example",
                "role": "timekeeper",
                "classification": "PARLEG",
            },
            {
                "id": "tnguyen",
                "name": "Tom Nguyen",
                "email": "t.nguyen@arnsleyvance.example",
                "role": "timekeeper",
                "classification": "ARCH",
            },
            {
                "id": "sbrooks",
                "name": "Sam Brooks",
                "email": "s.brooks@arnsleyvance.example",
                "role": "billing",
                "classification": "OTHTK",
            },
        ],
        "service_types": [
            {"code": "RES", "name": "Research", "utbms_activity": "A102"},
            {"code": "DRF", "name": "Drafting", "utbms_activity": "A103"},
            {"code": "REV", "name": "Review and analysis", "utbms_activity": "A104"},
            {"code": "MTG", "name": "Client meeting", "utbms_activity": "A106"},
            {"code": "CRT", "name": "Court appearance", "utbms_activity": "A109"},
            {"code": "DES", "name": "Design"},
            {"code": "SIT", "name": "Site visit"},
            {"code": "ACC", "name": "Accounts preparation"},
            {"code": "ADM", "name": "Firm administration", "billable": False},
            {"code": "BD", "name": "Business development", "billable": False},
        ],
        "clients": [
            {
                "code": "ACME",
                "name": "Acme Corp",
                "ledes_client_id": "00711",
                "rounding": {"increment_minutes": 15, "direction": "nearest"},
                "required_fields": ["phase"],
            },
            {"code": "NWH", "name": "Northwind Holdings"},
            {"code": "HCC", "name": "Harbor City Council"},
            {"code": "GLB", "name": "Greenleaf Bakery"},
            {"code": "AV", "name": "Arnsley Vance (internal)"},
        ],
        "matters": [
            {
                "code": "ACME-001",
                "client": "ACME",
                "name": "Supply dispute with Borealis",
                "billing": "hourly",
                "team": ["rarnsley", "mlee", "pokafor"],
                "reviewers": ["rarnsley"],
                "client_matter_id": "423-987",
                "utbms": "litigation",
                "services": ["RES", "DRF", "REV", "MTG", "CRT"],
                "phases": [
                    {
                        "code": "L100",
                        "name": "Case assessment",
                        "estimated_hours": "60",
                        "start": d(-45),
                        "end": d(15),
                    },
                    {
                        "code": "L200",
                        "name": "Pleadings and motions",
                        "estimated_hours": "40",
                        "start": d(-20),
                        "end": d(40),
                    },
                    {
                        "code": "L300",
                        "name": "Discovery",
                        "estimated_hours": "120",
                        "start": d(10),
                        "end": d(120),
                    },
                ],
            },
            {
                "code": "ACME-002",
                "client": "ACME",
                "name": "Trademark filing",
                "billing": "fixed_fee",
                "fixed_fee": "12000.00",
                "team": ["cvance", "djones"],
                "phases": [
                    {
                        "code": "SEARCH",
                        "name": "Clearance search",
                        "estimated_fee": "4000.00",
                        "start": d(-30),
                        "end": d(-5),
                    },
                    {
                        "code": "FILE",
                        "name": "Application and filing",
                        "estimated_fee": "8000.00",
                        "start": d(-5),
                        "end": d(30),
                    },
                ],
            },
            {
                "code": "NWH-001",
                "client": "NWH",
                "name": "Acquisition of Baltic Freight",
                "billing": "hourly",
                "team": ["cvance", "mlee", "djones", "rarnsley"],
                "reviewers": ["cvance"],
            },
            {
                "code": "HCC-001",
                "client": "HCC",
                "name": "Central library renovation",
                "billing": "fixed_fee",
                "fixed_fee": "85000.00",
                "team": ["cvance", "tnguyen", "djones"],
                "services": ["DES", "SIT", "MTG", "REV"],
                "phases": [
                    {
                        "code": "SD",
                        "name": "Schematic design",
                        "estimated_hours": "80",
                        "estimated_fee": "17000.00",
                        "start": d(-40),
                        "end": d(-10),
                    },
                    {
                        "code": "DD",
                        "name": "Design development",
                        "estimated_hours": "60",
                        "estimated_fee": "25000.00",
                        "start": d(-12),
                        "end": d(40),
                    },
                    {
                        "code": "CD",
                        "name": "Construction documents",
                        "estimated_hours": "160",
                        "estimated_fee": "30000.00",
                        "start": d(40),
                        "end": d(120),
                    },
                ],
            },
            {
                "code": "GLB-001",
                "client": "GLB",
                "name": "Annual accounts and tax 2026",
                "billing": "fixed_fee",
                "fixed_fee": "6500.00",
                "team": ["rarnsley", "pokafor"],
                "services": ["ACC", "REV", "MTG"],
            },
            {
                "code": "AV-ADM",
                "client": "AV",
                "name": "Firm administration",
                "billing": "non_billable",
            },
            {
                "code": "AV-BD",
                "client": "AV",
                "name": "Business development",
                "billing": "non_billable",
            },
        ],
        "rates": [
            {"amount": "200.00", "effective_from": "2025-01-01"},
            {"amount": "450.00", "effective_from": "2025-01-01", "person": "rarnsley"},
            {"amount": "425.00", "effective_from": "2025-01-01", "person": "cvance"},
            {"amount": "250.00", "effective_from": "2025-01-01", "person": "mlee"},
            {"amount": "275.00", "effective_from": d(-14), "person": "mlee"},
            {"amount": "240.00", "effective_from": "2025-01-01", "person": "djones"},
            {"amount": "150.00", "effective_from": "2025-01-01", "person": "pokafor"},
            {"amount": "180.00", "effective_from": "2025-01-01", "person": "tnguyen"},
            {
                "amount": "520.00",
                "effective_from": "2025-01-01",
                "matter": "ACME-001",
                "classification": "PARTNR",
            },
            {
                "amount": "600.00",
                "effective_from": "2025-01-01",
                "matter": "ACME-001",
                "service": "CRT",
            },
            {"amount": "150.00", "effective_from": "2025-01-01", "service": "SIT"},
        ],
    }


NARRATIVES: dict[str, dict[str, list[str]]] = {
    "ACME-001": {
        "RES": [
            "Research limitation periods for breach of the supply contract",
            "Research case law on consequential loss exclusion clauses",
            "Research Borealis's standard terms and prior course of dealing",
        ],
        "DRF": [
            "Draft letter before action to Borealis's counsel",
            "Revise particulars of claim following client comments",
            "Draft witness statement of Acme's logistics manager",
        ],
        "REV": [
            "Review supplier correspondence and delivery records",
            "Review Borealis's defence and identify admissions",
            "Review and annotate the disclosure list",
        ],
        "MTG": [
            "Call with Acme's general counsel on settlement strategy",
            "Meeting with Acme's operations team on delivery shortfalls",
        ],
        "CRT": ["Attend case management conference"],
    },
    "ACME-002": {
        "RES": [
            "Clearance search of the ACMEFLOW mark in classes 7 and 42",
            "Research prior registrations and common-law uses of similar marks",
        ],
        "DRF": [
            "Draft trademark application and specification of goods",
            "Draft response to the examiner's descriptiveness objection",
        ],
        "REV": ["Review clearance search report and rank conflicting marks"],
    },
    "NWH-001": {
        "RES": [
            "Research merger control thresholds for the Baltic Freight deal",
            "Research change-of-control clauses in Baltic Freight's key leases",
        ],
        "DRF": [
            "Draft share purchase agreement warranties schedule",
            "Revise disclosure letter following seller's comments",
        ],
        "REV": [
            "Review data room: employment contracts and pension schemes",
            "Review Baltic Freight's fleet financing agreements",
        ],
        "MTG": [
            "Call with Northwind's CFO on purchase price adjustments",
            "Negotiation meeting with seller's counsel on the warranties",
        ],
    },
    "HCC-001": {
        "DES": [
            "Develop reading-room section and daylight studies",
            "Revise ground floor plan for accessible entrances",
            "Model facade options and prepare comparison sheets",
        ],
        "SIT": [
            "Site visit: survey the existing roof structure",
            "Site visit with the contractor to inspect basement damp",
        ],
        "MTG": [
            "Meeting with the council project board on design options",
            "Workshop with library staff on the children's area",
        ],
        "REV": [
            "Review structural engineer's comments on the atrium",
            "Review cost consultant's estimate against the design",
        ],
    },
    "GLB-001": {
        "ACC": [
            "Prepare year-end accounts and the fixed asset register",
            "Prepare corporation tax computation and capital allowances",
        ],
        "REV": [
            "Review bank reconciliations and supplier ledgers",
            "Review payroll records for the year-end accruals",
        ],
        "MTG": ["Meeting with Greenleaf's owners on the year-end figures"],
    },
    "AV-ADM": {"ADM": ["Team meeting and weekly planning", "Time and billing administration"]},
    "AV-BD": {
        "BD": [
            "Prepare seminar on supply chain disputes",
            "Pitch meeting with a prospective client",
        ]
    },
}

# who works on what (matter, phase choices, services)
WORK: dict[str, list[tuple[str, list[str | None], list[str]]]] = {
    "rarnsley": [
        ("ACME-001", ["L100", "L200"], ["REV", "MTG", "CRT", "DRF"]),
        ("NWH-001", [None], ["REV", "MTG"]),
        ("GLB-001", [None], ["REV", "MTG"]),
        ("AV-BD", [None], ["BD"]),
    ],
    "cvance": [
        ("NWH-001", [None], ["DRF", "REV", "MTG"]),
        ("HCC-001", ["SD", "DD"], ["MTG", "REV"]),
        ("ACME-002", ["SEARCH", "FILE"], ["REV", "DRF"]),
        ("AV-ADM", [None], ["ADM"]),
    ],
    "mlee": [
        ("ACME-001", ["L100", "L200"], ["RES", "DRF", "REV"]),
        ("NWH-001", [None], ["RES", "DRF", "REV"]),
    ],
    "djones": [
        ("NWH-001", [None], ["RES", "REV"]),
        ("ACME-002", ["SEARCH", "FILE"], ["RES", "DRF"]),
        ("HCC-001", ["DD"], ["REV"]),
    ],
    "pokafor": [
        ("ACME-001", ["L100", "L200"], ["REV", "RES"]),
        ("GLB-001", [None], ["ACC", "REV"]),
        ("AV-ADM", [None], ["ADM"]),
    ],
    "tnguyen": [("HCC-001", ["SD", "DD"], ["DES", "SIT", "MTG"]), ("AV-ADM", [None], ["ADM"])],
}


def _task_for(phase: str | None, rng: random.Random) -> str | None:
    tasks = {"L100": ["L110", "L120", "L160"], "L200": ["L210", "L240", "L250"]}
    return rng.choice(tasks[phase]) if phase in tasks else None


def demo_entries(today: date, rng: random.Random) -> list[EntryInput]:
    """About a month of weekday entries for every timekeeper."""
    out: list[EntryInput] = []
    for back in range(30, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for person, work in WORK.items():
            for _ in range(rng.randint(2, 4)):
                matter, phases, services = rng.choice(work)
                phase = rng.choice(phases)
                service = rng.choice(services)
                minutes = rng.choice([12, 18, 24, 30, 42, 48, 60, 72, 90, 105, 120, 150, 180])
                seconds = minutes * 60 + rng.randint(-240, 240)
                out.append(
                    EntryInput(
                        raw_seconds=max(seconds, 300),
                        work_date=day,
                        matter=matter,
                        phase=phase,
                        service=service,
                        narrative=rng.choice(NARRATIVES[matter][service]),
                        utbms_task=_task_for(phase, rng) if matter == "ACME-001" else None,
                        person=person,
                    )
                )
    return out


REJECT_COMMENTS = [
    "Please split this into the research and the drafting time.",
    "Narrative too vague for the client's billing guidelines: say which documents.",
    "Wrong phase: this belongs to pleadings (L200).",
]


def is_empty(ws: Workspace) -> bool:
    """True for a workspace with no people and no entries (a first run)."""
    with ws.store.read() as conn:
        people = conn.execute(select(func.count()).select_from(t.people)).scalar_one()
        entries = conn.execute(select(func.count()).select_from(t.entries)).scalar_one()
        return not people and not entries


def load_demo(ws: Workspace) -> dict[str, int]:
    """Fill an empty personal workspace with the demo firm. Refused, with the reason, on a
    workspace that already holds anything or on a firm workspace."""
    with ws.store.read() as conn:
        if ws.kind(conn) == "firm":
            raise DocketError("demo is refused in a firm workspace: the server owns master data")
    if not is_empty(ws):
        raise DocketError(
            "demo is refused: this workspace is not empty; "
            "use a new data folder (--data-dir) to try the demo"
        )
    today = ws.today()
    rng = random.Random(SEED)
    SetupService(ws).import_setup(demo_setup(today), actor="demo")
    entries_svc = EntryService(ws)
    inputs = demo_entries(today, rng)
    ids = entries_svc.log_many(inputs, actor="demo")
    by_date = sorted(zip(ids, inputs, strict=True), key=lambda p: p[1].work_date or today)

    approvals = ApprovalService(ws)
    week_start = today - timedelta(days=today.weekday())
    older = [i for i, e in by_date if e.work_date and e.work_date < week_start - timedelta(days=7)]
    last_week = [
        i
        for i, e in by_date
        if e.work_date and week_start - timedelta(days=7) <= e.work_date < week_start
    ]
    if older or last_week:
        approvals.submit(Selection(ids=older + last_week))
    if older:
        approvals.approve(Selection(ids=older))
        billed = older[: len(older) // 3]
        if billed:
            approvals.bill(Selection(ids=billed), "demo invoice AV-2026-0041")
    rejected = last_week[::9]
    if rejected:
        approvals.reject(Selection(ids=rejected[: len(rejected) // 2]), REJECT_COMMENTS[1])
        approvals.reject(Selection(ids=rejected[len(rejected) // 2 :]), REJECT_COMMENTS[2])

    timer = TimerService(ws)
    now = ws.now()
    # held time: a timer stopped without a matter, and one without a narrative
    timer.start(TimerFields(service="RES"), at=now - timedelta(hours=5, minutes=10))
    timer.stop(at=now - timedelta(hours=4, minutes=22))
    timer.start(TimerFields(matter="NWH-001", service="MTG"), at=now - timedelta(hours=3))
    timer.stop(at=now - timedelta(hours=2, minutes=15))
    # and a running timer
    timer.start(
        TimerFields(
            matter="ACME-001",
            phase="L200",
            service="DRF",
            narrative="Draft reply to Borealis defence",
            utbms_task="L250",
        ),
        at=now - timedelta(minutes=47),
    )
    return {"entries": len(ids)}
