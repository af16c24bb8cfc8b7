"""The benchmark store: the demo firm, its rates reaching back, and 100,000 entries over four
years for its seven people (the owner's share about a third), written through the services'
batch path (``EntryService.log_many``: checked, priced and audited like any entry), plus a
running timer. Made once and cached; each run works on a copy."""

from __future__ import annotations

import random
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent / ".cache"
ENTRIES = 100_000
YEARS = 4
BATCH = 10_000


def _now() -> datetime:
    return datetime.now(UTC)


def build(folder: Path, entries: int = ENTRIES) -> Path:
    from desktop.services.demo import NARRATIVES, WORK, demo_setup
    from desktop.services.entries import EntryInput, EntryService
    from desktop.services.setup import SetupService
    from desktop.services.timer import TimerFields, TimerService
    from desktop.services.workspace import Workspace

    ws = Workspace.open(folder, clock=_now)
    today = ws.today()
    doc = demo_setup(today)
    for rule in doc["rates"]:
        rule["effective_from"] = (
            "2015-01-01" if rule["effective_from"] < "2026" else rule["effective_from"]
        )
    SetupService(ws).import_setup(doc, actor="bench")
    rng = random.Random(4)
    people = list(WORK)
    weights = [3 if p == "rarnsley" else 1 for p in people]
    days = [today - timedelta(days=d) for d in range(YEARS * 365)]
    weekdays = [d for d in days if d.weekday() < 5]
    svc = EntryService(ws)
    made = 0
    while made < entries:
        batch: list[EntryInput] = []
        for _ in range(min(BATCH, entries - made)):
            person = rng.choices(people, weights)[0]
            matter, phases, services = rng.choice(WORK[person])
            service = rng.choice(services)
            batch.append(
                EntryInput(
                    raw_seconds=rng.choice([12, 18, 24, 30, 42, 60, 90, 120]) * 60,
                    work_date=rng.choice(weekdays),
                    matter=matter,
                    phase=rng.choice(phases),
                    service=service,
                    narrative=rng.choice(NARRATIVES[matter][service]),
                    person=person,
                )
            )
        svc.log_many(batch, actor="bench")
        made += len(batch)
    TimerService(ws).start(
        TimerFields(
            matter="ACME-001",
            phase="L200",
            service="DRF",
            narrative="Draft reply to Borealis defence",
        ),
        at=_now() - timedelta(minutes=47),
    )
    ws.close()
    return folder


def cached_store(entries: int = ENTRIES) -> Path:
    """The cached store's folder (built on first use, ~1–2 minutes)."""
    folder = CACHE / f"store-{entries}-{_now():%Y%m%d}"
    if not (folder / "docket.db").exists():
        part = folder.with_name(folder.name + ".part")  # a failed build is never taken as made
        shutil.rmtree(part, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
        t0 = time.perf_counter()
        build(part, entries)
        part.rename(folder)
        print(f"built a {entries:,}-entry store in {time.perf_counter() - t0:.0f} s: {folder}")
    return folder


def fresh_copy(target: Path, entries: int = ENTRIES) -> Path:
    """A private copy of the cached store (the app under test may write to it)."""
    src = cached_store(entries)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("docket.db", "docket.db-wal", "docket.db-shm"):
        if (src / name).exists():
            shutil.copy2(src / name, target / name)
    return target
