"""The cost of being signed in and idle (issue: sync in the app): the app signed in to a
server on loopback, window hidden, nothing to sync — the app's CPU over 60 s (target ≤ 0.5%
of a core) and the server's CPU per minute (target ≤ 0.1 s).

    python -m bench sync-idle [--idle-seconds 60]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.store import print_table
from server.models.db import Database
from server.models.migrate import upgrade
from server.services import setup
from server.services.context import Context
from tests.harness.server import ServerProcess
from tests.server.conftest import PASSWORD, firm_doc, give_passwords


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def main(argv: list[str]) -> int:
    idle = float(argv[argv.index("--idle-seconds") + 1]) if "--idle-seconds" in argv else 60.0
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        url = f"sqlite:///{tmp / 'server.db'}"
        db = Database(url)
        upgrade(db)
        db.close()
        ctx = Context(Database(url))
        setup.import_doc(ctx, firm_doc(), "bench")
        give_passwords(ctx)
        ctx.db.close()
        srv = ServerProcess(url, tmp).start()
        try:
            env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
            folder = tmp / "firm"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "desktop",
                    "--data-dir",
                    str(folder),
                    "login",
                    srv.base,
                    "--email",
                    "ml@example.com",
                    "--password-stdin",
                ],
                input=PASSWORD + "\n",
                text=True,
                env=env,
                check=True,
                capture_output=True,
            )
            assert srv.proc is not None
            cmd = [sys.executable, "-m", "bench.ui.sync_probe", str(folder)]
            cmd += ["--idle-seconds", str(idle)]
            result = "{}"
            s0 = s1 = t0 = t1 = 0.0
            with subprocess.Popen(
                cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            ) as probe:
                assert probe.stdout is not None
                for line in iter(probe.stdout.readline, ""):
                    # the server is measured over the app's idle window only
                    if line.startswith("IDLE_START"):
                        s0, t0 = _cpu_seconds(srv.proc.pid), time.monotonic()
                    elif line.startswith("IDLE_END"):
                        s1, t1 = _cpu_seconds(srv.proc.pid), time.monotonic()
                    elif line.startswith("{"):
                        result = line
        finally:
            srv.stop()
    out: dict[str, Any] = json.loads(result)
    server_per_min = (s1 - s0) / ((t1 - t0) / 60)
    print_table(
        [
            {
                "size": 0,
                "what": "app signed in, hidden, idle: CPU (% of a core)",
                "measured": f"{out['idle_cpu_percent']:.3f} %",
                "floor": "",
                "target": "≤ 0.5 %",
                "ok": out["idle_cpu_percent"] <= 0.5,
            },
            {
                "size": 0,
                "what": "app signed in, hidden, idle: resident memory",
                "measured": f"{out['rss_mb']:.0f} MB",
                "floor": "",
                "target": "report",
            },
            {
                "size": 0,
                "what": "server CPU per minute (the app connected, idle)",
                "measured": f"{server_per_min:.3f} s",
                "floor": "",
                "target": "≤ 0.1 s",
                "ok": server_per_min <= 0.1,
            },
        ]
    )
    print(f"(sync rounds while idle: {out['sync_rounds_while_idle']}; status: {out['status']})")
    return 0
