"""Run the firm-server benchmarks on PostgreSQL and print a results table.

    python -m bench.server            # builds the 500k-entry database once, then measures

1. approving 10,000 entries in one bulk request, including their audit events (target ≤ 1 s);
2. one partner's pending entries, a page of 200 (target ≤ 50 ms per page);
3. entry creation from 8 concurrent clients over loopback (entries/s and p99).
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from typing import Any

import httpx2 as httpx
import psycopg
from sqlalchemy import text

from bench.server import generate
from server.models.db import Database
from server.services import accounts
from server.services.context import Context
from tests.server import pg
from tests.server.test_processes import Server

DB_NAME = "docket_bench"
PASSWORD = "bench password 1"


def ensure_database(dbs: pg.Databases) -> str:
    with psycopg.connect(
        host=dbs.host,
        port=dbs.port,
        user=pg.ROLE,
        password=pg.PASSWORD,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone():
            conn.execute(f"CREATE DATABASE {DB_NAME}")
    url: str = dbs.url(DB_NAME)
    return url


def login(base: str, email: str) -> dict[str, str]:
    r = httpx.post(f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['token']}"}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def pick_partner(ctx: Context) -> str:
    """The partner with the most submitted entries; earlier runs approved some, so when fewer
    than 12,000 are left their approvals are turned back to submitted (bench data only)."""
    q = text(
        "SELECT m.reviewers->>0 AS p, count(*) AS n FROM entries e JOIN matters m "
        "ON m.code = e.matter WHERE e.status = 'submitted' GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    with ctx.db.read() as conn:
        partner, n = conn.execute(q).one()
    if n < 12_000:

        def unit(conn: Any) -> None:
            conn.execute(
                text(
                    "UPDATE entries SET status = 'submitted' WHERE status = 'approved' "
                    "AND matter IN "
                    "(SELECT code FROM matters WHERE reviewers->>0 = :p)"
                ),
                {"p": partner},
            )

        ctx.db.write(unit, audited=False)
    return str(partner)


def main() -> int:
    host, port = pg.start()
    url = ensure_database(pg.Databases(host, port))
    t0 = time.perf_counter()
    generate.build(url)
    print(f"database ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    ctx = Context(Database(url))
    partner_id = pick_partner(ctx)
    emails = [f"{partner_id}@bench.example"] + [f"p{i:03d}@bench.example" for i in range(13, 21)]
    for e in emails:
        accounts.set_password(ctx, e, PASSWORD)
    results: list[tuple[str, str, str]] = []
    import tempfile
    from pathlib import Path

    srv = Server(url, Path(tempfile.mkdtemp()))
    try:
        base = srv.base
        partner = login(base, f"{partner_id}@bench.example")
        with httpx.Client(base_url=base, headers=partner, timeout=60) as c:
            c.get("/api/v1/entries?status=submitted&limit=200")  # warm up
            times = []
            for page in range(10):
                t = time.perf_counter()
                r = c.get(f"/api/v1/entries?status=submitted&limit=200&offset={page * 200}")
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200 and len(r.json()["items"]) == 200
            results.append(
                (
                    "partner's pending entries, page of 200",
                    f"median {statistics.median(times):.1f} ms, p95 {pct(times, 95):.1f} ms",
                    "≤ 50 ms",
                )
            )
            with ctx.db.read() as conn:
                ids = [
                    r[0]
                    for r in conn.execute(
                        text(
                            "SELECT e.id FROM entries e JOIN matters m ON m.code = e.matter "
                            "WHERE e.status = 'submitted' AND e.deleted = false "
                            "AND m.reviewers->>0 = :p LIMIT 10000"
                        ),
                        {"p": partner_id},
                    )
                ]
            assert len(ids) == 10_000, len(ids)
            t = time.perf_counter()
            r = c.post("/api/v1/approvals", json={"action": "approve", "ids": ids})
            took = time.perf_counter() - t
            assert r.status_code == 200 and r.json()["count"] == 10_000, r.text[:300]
            results.append(
                (
                    "approve 10,000 entries (one request, with audit events)",
                    f"{took:.2f} s",
                    "≤ 1 s",
                )
            )

        with ctx.db.read() as conn:
            work = {}
            for i in range(13, 21):
                pid = f"p{i:03d}"
                work[pid] = conn.execute(
                    text("SELECT code FROM matters WHERE team::text LIKE :p LIMIT 1"),
                    {"p": f'%"{pid}"%'},
                ).scalar_one()
        per_client = 250
        latencies: list[float] = []
        lock = threading.Lock()

        def client(pid: str) -> None:
            h = login(base, f"{pid}@bench.example")
            mine = []
            with httpx.Client(base_url=base, headers=h, timeout=60) as cl:
                for k in range(per_client):
                    body = {
                        "date": "2026-06-01",
                        "raw_seconds": 600 + k,
                        "matter": work[pid],
                        "service": "RES",
                        "narrative": "Concurrent benchmark entry",
                    }
                    t = time.perf_counter()
                    resp = cl.post("/api/v1/entries", json=body)
                    mine.append((time.perf_counter() - t) * 1000)
                    assert resp.status_code == 201, resp.text
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=client, args=(pid,)) for pid in work]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - t
        n = len(latencies)
        results.append(
            (
                "create entries, 8 concurrent clients",
                f"{n / elapsed:.0f} entries/s; p50 {pct(latencies, 50):.1f} ms, "
                f"p99 {pct(latencies, 99):.1f} ms ({n} entries)",
                "report",
            )
        )
    finally:
        srv.stop()
        ctx.db.close()
    width = max(len(r[0]) for r in results)
    print(f"{'scenario'.ljust(width)}  measured  (target)")
    for name, value, target in results:
        print(f"{name.ljust(width)}  {value}  ({target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
