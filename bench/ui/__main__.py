"""`python -m bench.ui [--quick]`: the desktop app's benchmarks on a 100k-entry store, each
figure next to its target, with the floors measured in the same run."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.ui import startup
from bench.ui.store import ENTRIES, fresh_copy


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("QT_QPA_PLATFORM"):
        env["QT_QPA_PLATFORM"] = "xcb" if env.get("DISPLAY") else "offscreen"
    return env


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ui")
    ap.add_argument("--quick", action="store_true", help="fewer repeats, a 10 s idle window")
    ap.add_argument("--entries", type=int, default=ENTRIES)
    args = ap.parse_args(argv)
    env = _env()
    with tempfile.TemporaryDirectory(prefix="docket-bench-") as tmp:
        store = fresh_copy(Path(tmp) / "store", args.entries)
        start = startup.run(store, env, repeat=5 if args.quick else 9)
        probe_store = fresh_copy(Path(tmp) / "probe", args.entries)
        res = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.ui.app_probe",
                str(probe_store),
                "--idle-seconds",
                "10" if args.quick else "60",
                "--repeat",
                "10" if args.quick else "20",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if res.returncode != 0:
            sys.stderr.write(res.stderr[-3000:])
            return 1
        probe = json.loads(res.stdout.strip().splitlines()[-1])
    bare, floor2 = start["bare"], start["bare+sqlalchemy"]
    rows = [
        ("floor: bare QApplication + QMainWindow shown", f"{bare:.0f} ms", ""),
        ("floor: the same + import sqlalchemy", f"{floor2:.0f} ms", ""),
        (
            "cold start to window shell + tray shown",
            f"{start['shell']:.0f} ms",
            f"≤ 2 × bare = {2 * bare:.0f} ms",
            start["shell"] <= 2 * bare,
        ),
        (
            "cold start to this week's entries painted",
            f"{start['week']:.0f} ms",
            f"≤ 1.5 × floor 2 = {1.5 * floor2:.0f} ms",
            start["week"] <= 1.5 * floor2,
        ),
        (
            "switching week (median / worst)",
            f"{probe['week_switch_ms']:.1f} / {probe['week_switch_worst_ms']:.1f} ms",
            "≤ 50 ms",
            probe["week_switch_ms"] <= 50,
        ),
        (
            "opening the editor on an entry (median / worst)",
            f"{probe['editor_open_ms']:.1f} / {probe['editor_open_worst_ms']:.1f} ms",
            "≤ 50 ms",
            probe["editor_open_ms"] <= 50,
        ),
        (
            "opening the editor on a new entry (median)",
            f"{probe['editor_new_ms']:.1f} ms",
            "≤ 50 ms",
            probe["editor_new_ms"] <= 50,
        ),
        ("matters view: burn of every matter and phase", f"{probe['matters_ms']:.0f} ms", ""),
        ("set-up window: opened, every page shown", f"{probe['setup_ms']:.0f} ms", ""),
        (
            "entry history: events / the whole audit chain verified",
            f"{probe['history_ms']:.0f} / {probe['history_chain_ms']:.0f} ms",
            f"{probe['history_chain_events']:,} events",
        ),
        (
            f"window hidden, timer running: CPU over {probe['idle_seconds']:.0f} s",
            f"{probe['idle_cpu_percent']:.3f} % of a core",
            "≤ 0.5 %",
            probe["idle_cpu_percent"] <= 0.5,
        ),
        (
            "resident memory, start-up peak (before the views)",
            f"{probe['rss_startup_peak_mb']:.0f} MB",
            "≤ 120 MB",
            probe["rss_startup_peak_mb"] <= 120,
        ),
        (
            "resident memory, window hidden, every view loaded once",
            f"{probe['rss_mb']:.0f} MB",
            "≤ 120 MB",
            probe["rss_mb"] <= 120,
        ),
        (
            "resident memory, peak while the views were open",
            f"{probe['rss_peak_mb']:.0f} MB",
            "",
        ),
    ]
    print(
        f"\nDocket desktop benchmarks — {args.entries:,} entries "
        f"({probe['week_entries']} this week for the owner), Qt platform "
        f"{probe['platform']}, tray "
        f"{'simulated' if probe['platform'] == 'offscreen' else 'yes' if probe['tray'] else 'no'}"
        f", idle source: "
        f"{probe['idle_source']}\n"
    )
    width = max(len(r[0]) for r in rows)
    for row in rows:
        verdict = "" if len(row) < 4 else ("  ok" if row[3] else "  OVER")
        print(f"  {row[0]:<{width}}  {row[1]:>22}  {row[2]:<28}{verdict}")
    print("\n  cold start, step by step (median ms from the spawn):")
    for step, what in startup.STEPS:
        if step in start:
            print(f"    {start[step]:6.0f}  {what}")
    print(f"  peak resident memory when the week is painted: {start['peak_rss_mb']:.0f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
