"""The local store's benchmarks (issue: local store). Each figure is printed next to the
raw-sqlite3 floor measured in the same run, on stores of 10k and 100k entries (1M with
``--stretch``).

    python -m bench store [--sizes 10000,100000] [--stretch]
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bench.generate import build_store, entry_inputs
from desktop.services.entries import EntryFilter, EntryInput, EntryService
from desktop.services.totals import TotalsService

Row = dict[str, Any]


def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def timed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    return con


def floor_insert(path: Path, n: int) -> list[float]:
    """One entry row inserted and committed with plain sqlite3 (same file settings)."""
    con = raw_connection(path)
    ts = "2026-01-01T00:00:00.000000Z"
    person = con.execute("SELECT id FROM people LIMIT 1").fetchone()[0]

    def one() -> None:
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO entries (id, person, matter, work_date, raw_seconds, billed_seconds, "
            "billed_hours, narrative, billable, rate_cents, currency, rate_rule, amount_cents, "
            "status, source, version, created_at, updated_at, deleted) VALUES "
            "(?,?,NULL,'2026-01-02',3600,3600,'1.00','floor',1,0,'USD','x',0,'draft','manual',1,"
            "?,?,0)",
            (str(uuid.uuid4()), person, ts, ts),
        )
        con.execute("COMMIT")

    samples = timed(one, n)
    con.execute("DELETE FROM entries WHERE narrative='floor'")
    con.close()
    return samples


def floor_week(path: Path, person: str, start: date) -> list[float]:
    con = raw_connection(path)
    end = start + timedelta(days=6)

    def q() -> None:
        con.execute(
            "SELECT * FROM entries WHERE person=? AND work_date BETWEEN ? AND ? AND deleted=0 "
            "ORDER BY work_date DESC",
            (person, start.isoformat(), end.isoformat()),
        ).fetchall()

    s = timed(q, 50)
    con.close()
    return s


def floor_month(path: Path, start: date, end: date) -> list[float]:
    con = raw_connection(path)

    def q() -> None:
        con.execute(
            "SELECT matter, phase, billable, sum(billed_seconds), sum(amount_cents), count(*) "
            "FROM entries WHERE work_date BETWEEN ? AND ? AND deleted=0 "
            "GROUP BY matter, phase, billable",
            (start.isoformat(), end.isoformat()),
        ).fetchall()

    s = timed(q, 20)
    con.close()
    return s


def floor_bulk(path: Path, n: int) -> float:
    con = raw_connection(path)
    ts = "2026-01-01T00:00:00.000000Z"
    person = con.execute("SELECT id FROM people LIMIT 1").fetchone()[0]
    rows = [(str(uuid.uuid4()), person, ts, ts) for _ in range(n)]
    t = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany(
        "INSERT INTO entries (id, person, matter, work_date, raw_seconds, billed_seconds, "
        "billed_hours, narrative, billable, rate_cents, currency, rate_rule, amount_cents, "
        "status, source, version, created_at, updated_at, deleted) VALUES "
        "(?,?,NULL,'2026-01-02',3600,3600,'1.00','floor',1,0,'USD','x',0,'draft','manual',1,"
        "?,?,0)",
        rows,
    )
    con.execute("COMMIT")
    took = (time.perf_counter() - t) * 1000
    con.execute("DELETE FROM entries WHERE narrative='floor'")
    con.close()
    return took


def cli_week(data_dir: Path, person: str, start: date) -> list[float]:
    """`docket entries` for one week, as a whole process (what a script pays)."""
    env = {**os.environ, "DOCKET_DATA_DIR": str(data_dir)}
    exe = str(Path(sys.executable).parent / "docket")
    args = [
        exe,
        "entries",
        "--person",
        person,
        "--from",
        start.isoformat(),
        "--to",
        (start + timedelta(days=6)).isoformat(),
        "--format",
        "json",
    ]
    out = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        out.append((time.perf_counter() - t) * 1000)
    return out


def run_size(size: int, results: list[Row]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ws = build_store(Path(tmp), size)
        build_s = time.perf_counter() - t0
        results.append(
            {
                "size": size,
                "what": "build store (services' batch path)",
                "measured": f"{build_s:.1f} s",
                "floor": "",
                "target": "",
            }
        )
        path = ws.store.path
        svc = EntryService(ws)
        today = ws.today()

        inputs = iter(entry_inputs(1000, 100, 400, today, 0.1, 99))

        def save() -> None:
            inp = next(inputs)
            svc.log(EntryInput(**inp.__dict__))

        fl = floor_insert(path, 1000)
        sv = timed(save, 1000)
        results.append(
            {
                "size": size,
                "what": "save one entry (policy, rate, audit), p50 / p99",
                "measured": f"{pct(sv, 0.5):.2f} / {pct(sv, 0.99):.2f} ms",
                "floor": f"{pct(fl, 0.5):.2f} / {pct(fl, 0.99):.2f} ms",
                "target": f"p99 ≤ floor + 2 ms ({pct(fl, 0.99) + 2:.2f})",
                "ok": pct(sv, 0.99) <= pct(fl, 0.99) + 2,
            }
        )

        person = "p001"
        for label, start in (
            ("recent", today - timedelta(days=today.weekday() + 7)),
            ("3 years back", today - timedelta(days=today.weekday() + 3 * 365)),
        ):
            start = start - timedelta(days=start.weekday())
            flt = EntryFilter(person=person, date_from=start, date_to=start + timedelta(days=6))
            wk = timed(partial(svc.list, flt), 50)
            fw = floor_week(path, person, start)
            results.append(
                {
                    "size": size,
                    "what": f"one person's week, {label} (p50)",
                    "measured": f"{pct(wk, 0.5):.2f} ms",
                    "floor": f"{pct(fw, 0.5):.2f} ms",
                    "target": "≤ 10 ms",
                    "ok": pct(wk, 0.5) <= 10,
                }
            )

        m_start = today.replace(day=1) - timedelta(days=1)
        m_start = m_start.replace(day=1)
        m_end = today.replace(day=1) - timedelta(days=1)
        totals = TotalsService(ws)
        mo = timed(lambda: totals.by_matter_phase(m_start, m_end), 20)
        fm = floor_month(path, m_start, m_end)
        results.append(
            {
                "size": size,
                "what": "firm month by client, matter, phase (p50)",
                "measured": f"{pct(mo, 0.5):.1f} ms",
                "floor": f"{pct(fm, 0.5):.1f} ms",
                "target": "≤ 100 ms",
                "ok": pct(mo, 0.5) <= 100,
            }
        )

        batch = entry_inputs(10_000, 100, 400, today, 4, 1234)
        t = time.perf_counter()
        svc.log_many(batch)
        bulk_ms = (time.perf_counter() - t) * 1000
        fb = floor_bulk(path, 10_000)
        results.append(
            {
                "size": size,
                "what": "bulk-load 10k entries (batch path, audit incl.)",
                "measured": f"{bulk_ms:.0f} ms",
                "floor": f"{fb:.0f} ms",
                "target": "≤ 1000 ms",
                "ok": bulk_ms <= 1000,
            }
        )
        ws.close()

        start = today - timedelta(days=today.weekday() + 7)
        cw = cli_week(Path(tmp), person, start)
        results.append(
            {
                "size": size,
                "what": "`docket entries` one week, whole process (median)",
                "measured": f"{statistics.median(cw):.0f} ms",
                "floor": "",
                "target": "report",
            }
        )


def main(argv: list[str]) -> int:
    sizes = [10_000, 100_000]
    if "--sizes" in argv:
        sizes = [int(s) for s in argv[argv.index("--sizes") + 1].split(",")]
    if "--stretch" in argv:
        sizes.append(1_000_000)
    results: list[Row] = []
    for size in sizes:
        run_size(size, results)
    print_table(results)
    return 0


def print_table(results: list[Row]) -> None:
    headers = ["store", "scenario", "measured", "raw floor", "target", ""]
    rows = [
        [
            f"{r['size']:,}",
            r["what"],
            r["measured"],
            r["floor"],
            r["target"],
            "" if "ok" not in r else ("ok" if r["ok"] else "MISSED"),
        ]
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    for line in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
