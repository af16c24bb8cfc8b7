"""Sync benchmarks over loopback (issue: sync protocol), against the real server process on
PostgreSQL:

* pushing 10,000 offline entries (target ≤ 3 s);
* the first pull of a 100k-entry replica (target ≤ 10 s);
* a sync with nothing to do on stores of 10k and 100k entries (target ≤ 20 ms each).

    python -m bench sync
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench.server import generate
from bench.store import pct, print_table
from desktop.services.account import AccountService
from desktop.services.entries import EntryInput, EntryService
from desktop.services.workspace import Workspace
from desktop.sync.engine import SyncReport
from server.models.db import Database
from server.services import accounts
from server.services.context import Context
from tests.harness.server import ServerProcess
from tests.server import pg

PASSWORD = "bench password 1"


def fresh_db(dbs: pg.Databases, name: str) -> str:
    with psycopg.connect(
        host=dbs.host,
        port=dbs.port,
        user=pg.ROLE,
        password=pg.PASSWORD,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url: str = dbs.url(name)
    return url


def with_passwords(url: str, emails: list[str]) -> None:
    ctx = Context(Database(url))
    for e in emails:
        accounts.set_password(ctx, e, PASSWORD)
    ctx.db.close()


def device(base: str, email: str, tmp: Path, name: str) -> tuple[Workspace, AccountService]:
    ws = Workspace.open(tmp / name, long_lived=True)
    acc = AccountService(ws)
    acc.login(base, email, PASSWORD)
    return ws, acc


def push_10k(dbs: pg.Databases, tmp: Path, results: list[dict[str, Any]]) -> None:
    url = fresh_db(dbs, "docket_bench_push")
    generate.build(url, entries=0)
    with_passwords(url, ["p013@bench.example"])
    srv = ServerProcess(url, tmp).start()
    try:
        ws, acc = device(srv.base, "p013@bench.example", tmp, "pusher")
        with ws.store.read() as conn:
            master = ws.master(conn)
        mine = [m.code for m in master.matters.values() if "p013" in m.team]
        today = ws.today()
        inputs = [
            EntryInput(
                raw_seconds=600 + i % 3000,
                work_date=today - timedelta(days=i % 300),
                matter=mine[i % len(mine)],
                service="RES",
                narrative="Offline work on the plane",
            )
            for i in range(10_000)
        ]
        EntryService(ws).log_many(inputs)
        engine = acc.engine()
        report = SyncReport()
        t = time.perf_counter()
        engine.push(report)
        took = time.perf_counter() - t
        engine.transport.close()
        assert report.applied == 10_000, report
        results.append(
            {
                "size": 10_000,
                "what": "push 10,000 offline entries (10 requests)",
                "measured": f"{took:.2f} s",
                "floor": "",
                "target": "≤ 3 s",
                "ok": took <= 3,
            }
        )
        ws.close()
    finally:
        srv.stop()


def pull_and_noop(dbs: pg.Databases, tmp: Path, size: int, results: list[dict[str, Any]]) -> None:
    url = fresh_db(dbs, f"docket_bench_pull_{size}")
    generate.build(url, entries=size)
    with_passwords(url, ["p012@bench.example"])  # an admin: the whole firm in the replica
    srv = ServerProcess(url, tmp).start()
    try:
        ws = Workspace.open(tmp / f"puller-{size}", long_lived=True)
        acc = AccountService(ws)
        t = time.perf_counter()
        signed = acc.login(srv.base, "p012@bench.example", PASSWORD)
        took = time.perf_counter() - t
        assert signed.report is not None and signed.report.pulled >= size, signed
        results.append(
            {
                "size": size,
                "what": "sign in + first pull of the replica",
                "measured": f"{took:.2f} s",
                "floor": "",
                "target": "≤ 10 s" if size >= 100_000 else "report",
                "ok": took <= 10 if size >= 100_000 else None,
            }
        )
        engine = acc.engine()
        engine.sync_once()  # warm
        times = []
        for _ in range(30):
            t = time.perf_counter()
            engine.sync_once()
            times.append((time.perf_counter() - t) * 1000)
        engine.transport.close()
        med = statistics.median(times)
        results.append(
            {
                "size": size,
                "what": "sync with nothing to do (median / p95)",
                "measured": f"{med:.1f} / {pct(times, 0.95):.1f} ms",
                "floor": "",
                "target": "≤ 20 ms",
                "ok": med <= 20,
            }
        )
        ws.close()
    finally:
        srv.stop()


def main(argv: list[str]) -> int:
    host, port = pg.start()
    dbs = pg.Databases(host, port)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        push_10k(dbs, tmp, results)
        for size in (10_000, 100_000):
            pull_and_noop(dbs, tmp, size, results)
    for r in results:
        if r.get("ok") is None:
            r.pop("ok")
    print_table(results)
    _ = date
    return 0
