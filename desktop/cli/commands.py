"""The CLI's subcommands (PRODUCT.md §6) and their handlers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.errors import DocketError
from core.money import fmt
from desktop.cli import common, output, sync_cmds, timer_cmds
from desktop.cli.output import notice
from desktop.services.approvals import ApprovalService, Selection
from desktop.services.dto import CorrectionDTO
from desktop.services.entries import EntryChanges, EntryFilter, EntryInput, EntryService
from desktop.services.maintenance import MaintenanceService
from desktop.services.status import StatusService

STATUSES = ("draft", "submitted", "approved", "rejected", "billed")


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="fill an empty personal workspace with a demo firm")
    p.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing (and succeed) when the workspace already holds data",
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help="load a firm set-up file (JSON)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("log", help="record an entry")
    common.add_entry_options(p)
    p.add_argument("--duration", "-t", required=True, metavar="1h30m")
    p.add_argument("--as", dest="as_person", metavar="PERSON", help="whose time (id or email)")
    p.set_defaults(handler=cmd_log)

    p = sub.add_parser("edit", help="edit an entry")
    p.add_argument("id")
    common.add_entry_options(p)
    p.add_argument("--duration", "-t", metavar="1h30m")
    p.add_argument("--comment", "-c", help="your text (for a correction request)")
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("delete", help="delete a draft or rejected entry")
    p.add_argument("id")
    p.set_defaults(handler=cmd_delete)

    timer_cmds.register(sub)
    sync_cmds.register(sub)

    p = sub.add_parser("status", help="the timer, held time, today's and this week's totals")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("entries", help="list entries (newest first)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--matter", "-m")
    p.add_argument("--person", "-p")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=cmd_entries)

    for name, needs_comment, text in (
        ("submit", False, "submit entries for review"),
        ("approve", False, "approve submitted entries (locks them)"),
        ("reject", True, "reject submitted entries back to their person"),
        ("reopen", True, "reopen approved entries (back to their person)"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("ids", nargs="*", metavar="ID")
        p.add_argument("--person", "-p")
        p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        p.add_argument("--comment", "-c", required=needs_comment)
        p.set_defaults(handler=cmd_workflow, action=name)

    p = sub.add_parser("rerate", help="re-price unapproved entries under today's rules")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--matter", "-m")
    p.add_argument("--dry-run", action="store_true", help="show what would change")
    p.set_defaults(handler=cmd_rerate)

    p = sub.add_parser("audit", help="the audit trail")
    asub = p.add_subparsers(
        dest="audit_command", metavar="verify", required=True, parser_class=type(p)
    )
    v = asub.add_parser("verify", help="check the hash chain")
    v.add_argument("--format", choices=("table", "json"), default="table")
    v.set_defaults(handler=cmd_audit_verify)

    p = sub.add_parser("backup", help="a consistent, checked copy of the store")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_backup)


# ---------------------------------------------------------------------------- handlers


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import is_empty, load_demo

    ws = common.workspace(args)
    if args.if_empty and not is_empty(ws):
        return 0
    result = load_demo(ws)
    notice(
        f"demo firm loaded into {ws.store.data_dir}: {result['entries']} entries over the last "
        "month in every status, held time, and a running timer"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from core.setup_file import loads
    from desktop.services.setup import SetupService

    path: Path = args.file
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocketError(f"there is no file {path}") from None
    except UnicodeDecodeError:
        raise DocketError(f"{path} is not UTF-8 text (a set-up file is JSON)") from None
    except OSError as err:
        raise DocketError(f"cannot read {path}: {err.strerror}") from None
    report = SetupService(common.workspace(args)).import_setup(loads(text))
    print(report.summary())
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    inp = EntryInput(
        raw_seconds=common.duration(args.duration),
        work_date=common.opt_date(args.date, "--date"),
        matter=common.code(args.matter) or None,
        phase=common.code(args.phase) or None,
        service=common.code(args.service) or None,
        narrative=args.note or "",
        utbms_task=common.code(args.task) or None,
        utbms_activity=common.code(args.activity) or None,
        billable_override=common.billable_flag(args),
        person=args.as_person,
    )
    entry = EntryService(common.workspace(args)).log(inp)
    print(entry.id)
    notice(_priced_notice(entry))
    return 0


def _priced_notice(e: Any) -> str:
    where = e.matter or "no matter"
    text = (
        f"logged {e.billed_hours:.2f} h on {where} for {e.person} at {fmt(e.rate)} {e.currency} "
        f"({e.rate_rule})"
    )
    text += f" = {fmt(e.amount)}" if e.billable else ", not billable"
    if not e.priced:
        text += "; warning: no rate rule covers it, so it cannot be submitted until priced"
    return text


def cmd_edit(args: argparse.Namespace) -> int:
    changes = common.entry_changes(args)
    if not changes:
        raise DocketError("nothing to change: give --duration, --note, --matter, … (see --help)")
    result = EntryService(common.workspace(args)).edit(
        args.id, EntryChanges(changes), comment=args.comment
    )
    if isinstance(result, CorrectionDTO):
        print(result.entry_id)
        notice("the entry is approved: your edit was sent to its reviewers as a correction request")
    else:
        print(result.id)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    print(EntryService(common.workspace(args)).delete(args.id))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    st = StatusService(common.workspace(args)).status()
    if args.format == "json":
        output.print_json(status_record(st))
        return 0
    from core.duration import format_hm

    if st.timer:
        tm = st.timer
        print(
            f"Timer:     running {format_hm(tm.elapsed_seconds)} on "
            f"{tm.matter or '(no matter yet)'}"
            + (f" / {tm.phase}" if tm.phase else "")
            + (f" — {tm.narrative}" if tm.narrative else "")
        )
    else:
        print("Timer:     not running")
    if st.held_count:
        print(f"Held:      {st.held_count} ({format_hm(st.held_seconds)}) — see `docket held`")
    for label, tot in (("Today", st.today), ("This week", st.week)):
        print(
            f"{label + ':':<10} {tot.billable_hours + tot.non_billable_hours:.2f} h  "
            f"(billable {tot.billable_hours:.2f} h, non-billable {tot.non_billable_hours:.2f} h)"
        )
    if st.sync:
        print(f"Sync:      {st.sync}")
    return 0


def status_record(st: Any) -> dict[str, Any]:
    def tot(x: Any) -> dict[str, Any]:
        return {
            "billable_hours": f"{x.billable_hours:.2f}",
            "non_billable_hours": f"{x.non_billable_hours:.2f}",
            "hours": f"{x.billable_hours + x.non_billable_hours:.2f}",
            "amount": fmt(x.amount),
        }

    timer = None
    if st.timer:
        tm = st.timer
        timer = {
            "person": tm.person,
            "matter": tm.matter,
            "phase": tm.phase,
            "service": tm.service,
            "narrative": tm.narrative,
            "started_at": tm.started_at,
            "date": tm.work_date,
            "elapsed_seconds": tm.elapsed_seconds,
        }
    return {
        "workspace": st.workspace,
        "timer": timer,
        "held": {"count": st.held_count, "seconds": st.held_seconds},
        "today": tot(st.today),
        "week": tot(st.week),
        "sync": st.sync,
    }


def cmd_entries(args: argparse.Namespace) -> int:
    flt = EntryFilter(
        date_from=common.opt_date(args.date_from, "--from"),
        date_to=common.opt_date(args.date_to, "--to"),
        matter=args.matter,
        person=args.person,
        status=args.status,
    )
    entries = EntryService(common.workspace(args)).list(flt)
    if args.format == "json":
        output.print_json([output.entry_record(e) for e in entries])
    elif args.format == "csv":
        output.print_csv([output.entry_record(e) for e in entries], output.ENTRY_FIELDS)
    else:
        output.entries_table(entries)
    return 0


def cmd_workflow(args: argparse.Namespace) -> int:
    if args.ids and (args.person or args.date_from or args.date_to):
        raise DocketError("give entry ids, or --person/--from/--to, not both")
    sel = Selection(
        ids=tuple(args.ids),
        person=args.person,
        date_from=common.opt_date(args.date_from, "--from"),
        date_to=common.opt_date(args.date_to, "--to"),
    )
    if args.action in ("reject", "reopen") and not (args.comment or "").strip():
        raise DocketError(f"{args.action} needs --comment: say what needs to change")
    svc = ApprovalService(common.workspace(args))
    done = getattr(svc, args.action)(sel, args.comment)
    for i in done:
        print(i)
    past = {
        "submit": "submitted",
        "approve": "approved",
        "reject": "rejected",
        "reopen": "reopened",
    }[args.action]
    notice(
        f"{past} {len(done)} entr{'y' if len(done) == 1 else 'ies'}"
        if done
        else f"nothing to {args.action} in that selection"
    )
    return 0


def cmd_rerate(args: argparse.Namespace) -> int:
    changes = MaintenanceService(common.workspace(args)).rerate(
        date_from=common.opt_date(args.date_from, "--from"),
        date_to=common.opt_date(args.date_to, "--to"),
        matter=args.matter,
        dry_run=args.dry_run,
    )
    output.print_table(
        [
            "ID",
            "DATE",
            "PERSON",
            "MATTER",
            "OLD RATE",
            "NEW RATE",
            "OLD AMOUNT",
            "NEW AMOUNT",
            "RULE",
        ],
        [
            [
                c.entry_id[:8],
                c.date.isoformat(),
                c.person,
                c.matter or "",
                fmt(c.old_rate),
                fmt(c.new_rate),
                fmt(c.old_amount),
                fmt(c.new_amount),
                c.new_rule,
            ]
            for c in changes
        ],
        right=(4, 5, 6, 7),
    )
    verb = "would re-rate" if args.dry_run else "re-rated"
    notice(f"{verb} {len(changes)} entr{'y' if len(changes) == 1 else 'ies'}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    verdict = MaintenanceService(common.workspace(args)).verify_audit()
    if args.format == "json":
        output.print_json(
            {
                "ok": verdict.ok,
                "events": verdict.checked,
                "broken_at": verdict.broken_seq,
                "reason": verdict.reason or None,
            }
        )
    else:
        print(str(verdict))
    return 0 if verdict.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    path = MaintenanceService(common.workspace(args)).backup(args.file)
    print(path)
    notice("backup written and checked (integrity_check: ok)")
    return 0
