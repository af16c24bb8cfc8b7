"""A process killed (SIGKILL) in the middle of a burst of writes leaves a store that passes
``integrity_check``, holding every entry whose command had reported success."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.desktop.conftest import FIRM

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from pathlib import Path
from desktop.services.entries import EntryInput, EntryService
from desktop.services.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
svc = EntryService(ws)
print("ready", flush=True)
i = 0
while True:
    i += 1
    e = svc.log(EntryInput(raw_seconds=600 + i, matter="BETA-001", service="RES",
                           narrative=f"Burst entry number {i}"))
    print(e.id, flush=True)  # reported only after the commit returned
"""


@pytest.mark.parametrize("run", range(3))
def test_sigkill_mid_burst_loses_nothing_reported(tmp_path: Path, run: int) -> None:
    setup = tmp_path / "firm.json"
    setup.write_text(json.dumps(FIRM))
    from tests.desktop.conftest import run_cli

    assert run_cli(tmp_path / "ws", "import", str(setup)).code == 0
    reported: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path / "ws")],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 0.4 + run * 0.3
        while time.monotonic() < deadline:
            line = proc.stdout.readline().strip()
            if line:
                reported.append(line.decode())
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # anything printed before the kill landed was committed first
        for line in proc.stdout.read().splitlines():
            if line.strip():
                reported.append(line.strip().decode())
    assert len(reported) > 20
    con = sqlite3.connect(tmp_path / "ws" / "docket.db")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = {r[0] for r in con.execute("SELECT id FROM entries")}
    con.close()
    assert set(reported) <= stored
    # the audit chain is whole too
    r = run_cli(tmp_path / "ws", "audit", "verify")
    assert r.code == 0, r.out + r.err
