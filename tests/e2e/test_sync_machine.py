"""The sync state machine (tests/e2e/sync_machine.py) against the real server on loopback,
behind the fault proxy. `make test` runs a few examples on SQLite and PostgreSQL; `make soak`
runs thousands (SOAK_EXAMPLES / SOAK_MINUTES)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from server.models.db import Database
from server.services import setup
from server.services.context import Context
from tests.e2e import sync_machine
from tests.harness.proxy import FaultProxy
from tests.harness.server import ServerProcess
from tests.server.conftest import firm_doc, give_passwords

EXAMPLES = int(os.environ.get("SOAK_EXAMPLES", "4"))
STEPS = int(os.environ.get("SOAK_STEPS", "30"))
MINUTES = float(os.environ.get("SOAK_MINUTES", "0"))


@pytest.fixture
def world(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path
) -> Iterator[sync_machine.World]:
    ctx = Context(Database(db_url))
    setup.import_doc(ctx, firm_doc(), "test")
    give_passwords(ctx)
    ctx.db.close()
    server = ServerProcess(db_url, tmp_path).start()
    proxy = FaultProxy("127.0.0.1", server.port).start()
    w = sync_machine.World(server, proxy, tmp_path)
    sync_machine.WORLD = w
    yield w
    # the whole server chain, once more at the end
    import requests

    r = requests.get(
        f"{server.base}/api/v1/audit/verify",
        headers={"Authorization": f"Bearer {w.token('boss')}"},
        timeout=300,
    )
    assert r.json()["ok"] is True, r.text
    sync_machine.WORLD = None
    proxy.stop()
    server.stop()
    shutil.rmtree(tmp_path / "soak", ignore_errors=True)


def test_offline_work_approvals_and_faults_converge(world: sync_machine.World) -> None:
    """Runs until SOAK_EXAMPLES examples, or SOAK_MINUTES, whichever comes first: with a time
    limit, in batches of at most 50 examples so the clock is looked at every few minutes."""
    started = time.monotonic()
    while True:
        left = EXAMPLES - world.examples
        before = world.examples
        run_state_machine_as_test(
            sync_machine.SyncMachine,
            settings=settings(
                max_examples=max(1, min(left, 50) if MINUTES else left),
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                print_blob=True,
            ),
        )
        done = world.examples >= EXAMPLES or world.examples == before
        if done or not MINUTES or time.monotonic() - started > MINUTES * 60:
            break
    print(
        f"\nsync state machine: {world.examples} examples, {world.steps} steps "
        f"({world.steps / max(1, world.examples):.1f} per example), rules {world.rules}, "
        f"faults {world.faults}, "
        f"server started {world.server.starts} times, {time.monotonic() - started:.0f} s"
    )
