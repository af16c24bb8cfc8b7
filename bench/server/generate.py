"""Build the benchmark firm once on PostgreSQL: 100 people, 200 matters, 500,000 entries.

Master data goes through the server's own import; entries are priced by core's rules and
written with COPY (bulk), stamped with server versions. The generated entries carry no audit
events of their own (the chain stays valid: it simply starts with the import).
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from core import entries as rules
from core.timeutil import utc_text
from server.models import master as m
from server.models.db import Database
from server.models.migrate import upgrade
from server.services import setup
from server.services.context import Context

PEOPLE = 100
PARTNERS = 10
MATTERS = 200
ENTRIES = 500_000
COLUMNS = (
    "id",
    "person",
    "matter",
    "phase",
    "service",
    "work_date",
    "start_at",
    "end_at",
    "raw_seconds",
    "billed_seconds",
    "billed_hours",
    "narrative",
    "utbms_task",
    "utbms_activity",
    "billable",
    "billable_override",
    "rate_cents",
    "currency",
    "rate_rule_id",
    "rate_rule",
    "amount_cents",
    "status",
    "source",
    "version",
    "created_at",
    "updated_at",
    "deleted",
    "server_version",
)


def firm_doc() -> dict[str, Any]:
    people = [
        {
            "id": f"p{i:03d}",
            "name": f"Person {i:03d}",
            "email": f"p{i:03d}@bench.example",
            "role": "partner"
            if i < PARTNERS
            else "billing"
            if i < 12
            else "admin"
            if i == 12
            else "timekeeper",
            "classification": "PARTNR" if i < PARTNERS else "ASSOC",
        }
        for i in range(PEOPLE)
    ]
    timekeepers = [p["id"] for p in people[13:]]
    rnd = random.Random(7)
    matters = []
    for j in range(MATTERS):
        partner = f"p{j % PARTNERS:03d}"
        team = [partner, *rnd.sample(timekeepers, 8)]
        matters.append(
            {
                "code": f"M{j:03d}",
                "client": f"C{j // 4:02d}",
                "name": f"Matter {j}",
                "team": team,
                "reviewers": [partner],
            }
        )
    return {
        "firm": {
            "name": "Bench LLP",
            "currency": "USD",
            "rounding": {"increment_minutes": 6, "direction": "up", "minimum_minutes": 6},
            "required_fields": ["matter", "service", "narrative"],
        },
        "people": people,
        "service_types": [{"code": "RES", "name": "Research"}, {"code": "DRF", "name": "Drafting"}],
        "clients": [{"code": f"C{k:02d}", "name": f"Client {k}"} for k in range(MATTERS // 4)],
        "matters": matters,
        "rates": [
            {"amount": "250.00", "effective_from": "2020-01-01"},
            {"amount": "500.00", "effective_from": "2020-01-01", "classification": "PARTNR"},
        ],
    }


def build(url: str, entries: int = ENTRIES) -> None:
    db = Database(url)
    upgrade(db)
    with db.read() as conn:
        have = conn.execute(text("SELECT count(*) FROM entries")).scalar_one()
    ctx = Context(db)
    setup.import_doc(ctx, firm_doc(), "bench")  # idempotent
    if have >= entries:
        print(f"bench database already holds {have} entries")
        return
    with db.read() as conn:
        master = m.load(conn)
    rnd = random.Random(42)
    matters = list(master.matters.values())
    now = datetime.now(UTC)
    start = date(2024, 1, 1)
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy(f"COPY entries ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for n in range(entries):
                mt = rnd.choice(matters)
                person = rnd.choice(mt.team[1:])
                d = rules.Draft(
                    person=person,
                    work_date=start + timedelta(days=rnd.randrange(900)),
                    raw_seconds=rnd.randrange(300, 14_400),
                    matter=mt.code,
                    service=rnd.choice(("RES", "DRF")),
                    narrative="Benchmark work item",
                )
                row = {
                    "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                    **rules.draft_columns(d),
                    **rules.pricing_columns(rules.price_of(master, d)),
                    "status": rnd.choices(("draft", "submitted", "approved"), (3, 4, 3))[0],
                    "source": "manual",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                    "deleted": False,
                    "server_version": n + 1,
                }
                copy.write_row(
                    [
                        utc_text(row[c]) if c in ("created_at", "updated_at") else row[c]
                        for c in COLUMNS
                    ]
                )
        cur.execute("UPDATE counters SET value = %s WHERE name = 'server_version'", (entries,))
        raw.commit()
        cur.execute("ANALYZE entries")
        raw.commit()
    finally:
        raw.close()
    print(f"generated {entries} entries")
