"""Run inside a fresh process on a copy of the benchmark store: the real app, driven through
its own actions, timed from the action to the affected views repainted.

Prints one JSON object: week switching and editor opening (median and worst, ms), then — with
the window hidden and the store's timer running — CPU use over ``--idle-seconds`` (% of one
core) and resident memory (MB).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def _wait(cond: Any, timeout: float = 30.0) -> None:
    loop = QEventLoop()
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError("the app did not get there in time")
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def _rss_mb() -> tuple[float, float]:
    fields = dict(
        line.split(":", 1)
        for line in Path("/proc/self/status").read_text().splitlines()
        if ":" in line
    )
    kb = {k: float(fields[k].split()[0]) for k in ("VmRSS", "VmHWM")}
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


def _views(docket: Any, entry_id: str, out: dict[str, Any]) -> None:
    """Open each view once, timed from the action to its data shown, then put them away."""
    w = docket.window
    idle = lambda: not docket.runner.busy  # noqa: E731
    t0 = time.perf_counter()
    w.matters_action.trigger()
    view = w.body.matters
    _wait(lambda: view.model.rowCount() > 0 and idle())
    view.view.viewport().repaint()
    out["matters_ms"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    setup = docket.setup_flows.open_setup("people")
    _wait(lambda: setup.controller.data is not None and idle())
    for page in ("firm", "services", "clients", "matters", "rates"):
        setup.tabs.setCurrentWidget(setup.pages[page])
        _wait(idle)
        setup.repaint()
    out["setup_ms"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    dlg = docket.setup_flows.open_history(entry_id)
    _wait(lambda: dlg.history is not None)
    dlg.repaint()
    out["history_ms"] = (time.perf_counter() - t0) * 1000
    _wait(lambda: dlg.verdict is not None)
    out["history_chain_ms"] = (time.perf_counter() - t0) * 1000
    out["history_chain_events"] = dlg.verdict.checked
    dlg.close()
    setup.close()  # as a person closes it: nothing typed, so it is freed
    w.tabs.setCurrentWidget(w.timesheet)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--idle-seconds", type=float, default=60.0)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    from desktop.app import DocketApp

    app = QApplication(sys.argv[:1])

    # offscreen there is no tray host: say there is one, so closing the window does what it
    # does on a desktop (the app stays in the tray) instead of quitting
    docket = DocketApp(
        args.store, tray_available=True if app.platformName() == "offscreen" else None
    )
    docket.start()
    w = docket.window
    _wait(lambda: w.timesheet.week is not None and docket.session.timer is not None)
    stages = {"started": _rss_mb()[0]}
    out: dict[str, Any] = {
        "platform": app.platformName(),
        "tray": docket.tray.available,
        "week_entries": len(w.timesheet.week.entries),
    }

    # switching week: the action, the query on the worker, the grid and day list repainted
    shown: list[Any] = []
    w.sig_week_shown.connect(lambda week: shown.append(week))
    times = []
    for i in range(args.repeat):
        action = w.next_action if i % 2 == 0 else w.prev_action
        before = len(shown)
        t0 = time.perf_counter()
        action.trigger()
        _wait(lambda before=before: len(shown) > before)
        w.timesheet.week_view.viewport().repaint()
        w.timesheet.day_view.viewport().repaint()
        times.append((time.perf_counter() - t0) * 1000)
    stages["weeks"] = _rss_mb()[0]
    out["week_switch_ms"] = statistics.median(times)
    out["week_switch_worst_ms"] = max(times)

    # opening the editor on an entry, and on a new entry (back on this week first)
    before = len(shown)
    w.today_action.trigger()
    _wait(lambda: len(shown) > before and not docket.runner.busy)
    week = w.timesheet.week
    entries = [e for e in week.entries if e.date == w.timesheet.day] or list(week.entries)
    w.timesheet.choose_day(entries[0].date)
    ids = [e.id for e in entries if e.date == entries[0].date]
    times = []
    for i in range(args.repeat):
        w.editor.clear()
        t0 = time.perf_counter()
        w.timesheet.day_view.select_entry(ids[i % len(ids)])
        w.editor.repaint()
        times.append((time.perf_counter() - t0) * 1000)
        w.timesheet.day_view.clearSelection()
    out["editor_open_ms"] = statistics.median(times)
    out["editor_open_worst_ms"] = max(times)
    times = []
    for _ in range(args.repeat):
        w.editor.clear()
        t0 = time.perf_counter()
        w.new_action.trigger()
        w.editor.repaint()
        times.append((time.perf_counter() - t0) * 1000)
    out["editor_new_ms"] = statistics.median(times)
    stages["editor"] = _rss_mb()[0]
    out["rss_startup_peak_mb"] = _rss_mb()[1]  # before the views below

    # the matters view, the set-up window (every page) and an entry's history, each loaded once
    _views(docket, ids[0], out)
    stages["views"] = _rss_mb()[0]

    # hidden window, running timer: what does the app cost while nobody looks?
    w.editor.clear()
    docket._window_closed()  # what closing the window does (the app stays in the tray)
    w.hide()
    _wait(lambda: not docket.runner.busy)
    settle = QEventLoop()
    QTimer.singleShot(4000, settle.quit)  # past the one-off clean-up after start-up
    settle.exec()
    stages["hidden"] = _rss_mb()[0]
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    idle = QEventLoop()
    QTimer.singleShot(int(args.idle_seconds * 1000), idle.quit)
    idle.exec()
    r1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    out["idle_seconds"] = t1 - t0
    out["idle_cpu_percent"] = cpu / (t1 - t0) * 100
    out["rss_mb"], out["rss_peak_mb"] = _rss_mb()
    out["rss_stages"] = stages
    out["idle_source"] = getattr(docket.watcher.source, "name", "?") if docket.watcher else "?"
    docket.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
