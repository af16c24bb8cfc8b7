"""Run inside a fresh process: the real app on a firm workspace signed in to a server,
window hidden, nothing to sync — CPU over ``--idle-seconds`` (% of one core) and resident
memory. Prints one JSON object."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from bench.ui.app_probe import _rss_mb, _wait


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--idle-seconds", type=float, default=60.0)
    args = ap.parse_args()
    from desktop.app import DocketApp

    app = QApplication(sys.argv[:1])
    docket = DocketApp(
        args.store, tray_available=True if app.platformName() == "offscreen" else None
    )
    docket.start()
    _wait(lambda: docket.window.timesheet.week is not None)
    _wait(lambda: docket.sync.view.state == "synced" and docket.sync.rounds >= 1, 60)
    docket._window_closed()
    docket.window.hide()
    settle = QEventLoop()
    QTimer.singleShot(4000, settle.quit)
    settle.exec()
    rounds = docket.sync.rounds
    print("IDLE_START", flush=True)
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    idle = QEventLoop()
    QTimer.singleShot(int(args.idle_seconds * 1000), idle.quit)
    idle.exec()
    r1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    print("IDLE_END", flush=True)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    out: dict[str, Any] = {
        "idle_seconds": t1 - t0,
        "idle_cpu_percent": cpu / (t1 - t0) * 100,
        "sync_rounds_while_idle": docket.sync.rounds - rounds,
        "status": docket.sync.view.text,
    }
    out["rss_mb"], out["rss_peak_mb"] = _rss_mb()
    docket.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
