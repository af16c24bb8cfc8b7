"""The timer's commands: start, switch, stop, discard, held, complete."""

from __future__ import annotations

import argparse
from typing import Any

from core.duration import format_hm
from desktop.cli import common, output
from desktop.cli.output import notice
from desktop.services.dto import StopResult
from desktop.services.timer import TimerFields, TimerService


def register(sub: Any) -> None:
    p = sub.add_parser("start", help="start the timer (details may come at stop)")
    p.add_argument("matter", nargs="?", metavar="M")
    _fields(p)
    p.set_defaults(handler=cmd_start)

    p = sub.add_parser("switch", help="stop the timer and start the next, with no gap")
    p.add_argument("matter", metavar="M")
    _fields(p)
    p.set_defaults(handler=cmd_switch)

    p = sub.add_parser("stop", help="stop the timer (incomplete time is held, never lost)")
    p.add_argument("--matter", "-m")
    _fields(p)
    p.add_argument(
        "--keep-gap", action="store_true", help="keep time the computer slept or its clock jumped"
    )
    p.set_defaults(handler=cmd_stop)

    p = sub.add_parser("discard", help="throw the running timer away")
    p.set_defaults(handler=cmd_discard)

    p = sub.add_parser("held", help="held time waiting to be completed")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_held)

    p = sub.add_parser("complete", help="turn held time into an entry")
    p.add_argument("id")
    common.add_entry_options(p)
    p.add_argument("--duration", "-t", metavar="1h30m", help="trim the held time")
    p.set_defaults(handler=cmd_complete)


def _fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--phase")
    p.add_argument("--service", "-s")
    p.add_argument("--task")
    p.add_argument("--activity")
    p.add_argument("--note", "-n")
    p.add_argument("--billable", action="store_true")
    p.add_argument("--non-billable", action="store_true")


def _timer_fields(args: argparse.Namespace) -> TimerFields:
    return TimerFields(
        matter=common.code(args.matter) or None,
        phase=common.code(args.phase) or None,
        service=common.code(args.service) or None,
        narrative=args.note or "",
        utbms_task=common.code(args.task) or None,
        utbms_activity=common.code(args.activity) or None,
        billable_override=common.billable_flag(args),
    )


def cmd_start(args: argparse.Namespace) -> int:
    tm = TimerService(common.workspace(args)).start(_timer_fields(args))
    notice(
        f"timer started on {tm.matter or '(no matter yet)'} at "
        f"{tm.started_at.astimezone().strftime('%H:%M')}"
    )
    return 0


def _report(result: StopResult) -> None:
    if result.entry is not None:
        e = result.entry
        print(e.id)
        notice(
            f"stopped after {format_hm(e.raw_seconds)}: entry {e.id[:8]} on {e.matter}, "
            f"{e.billed_hours:.2f} h billed"
        )
    elif result.held is not None:
        h = result.held
        print(h.id)
        notice(
            f"stopped after {format_hm(h.raw_seconds)}; the time is held, not lost: "
            f"{h.reason}. Complete it with `docket complete {h.id[:8]} …`"
        )
    else:
        notice("stopped after less than a second: nothing to record")


def cmd_switch(args: argparse.Namespace) -> int:
    stopped, started = TimerService(common.workspace(args)).switch(_timer_fields(args))
    _report(stopped)
    notice(f"timer started on {started.matter}")
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    changes = common.entry_changes(args, include_date=False)
    _report(TimerService(common.workspace(args)).stop(changes, keep_gap=args.keep_gap))
    return 0


def cmd_discard(args: argparse.Namespace) -> int:
    tm = TimerService(common.workspace(args)).discard()
    notice(f"timer discarded ({format_hm(tm.elapsed_seconds)} on {tm.matter or 'no matter'})")
    return 0


def cmd_held(args: argparse.Namespace) -> int:
    held = TimerService(common.workspace(args)).held()
    if args.format == "json":
        output.print_json([output.held_record(h) for h in held])
        return 0
    output.print_table(
        ["ID", "DATE", "TIME", "MATTER", "SERVICE", "NARRATIVE", "WHY HELD"],
        [
            [
                h.id[:8],
                h.work_date.isoformat(),
                format_hm(h.raw_seconds),
                h.matter or "—",
                h.service or "—",
                h.narrative[:30],
                h.reason,
            ]
            for h in held
        ],
        right=(2,),
    )
    return 0


def cmd_complete(args: argparse.Namespace) -> int:
    changes = common.entry_changes(args)
    entry = TimerService(common.workspace(args)).complete(args.id, changes)
    print(entry.id)
    notice(
        f"held time completed: entry {entry.id[:8]} on {entry.matter}, "
        f"{entry.billed_hours:.2f} h billed"
    )
    return 0
