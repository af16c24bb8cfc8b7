"""The required-field policy and the rules every entry must meet before it is saved
(PRODUCT.md §4 "Required fields"). Each problem names the field and says how to fix it, in
words that fit the tray, the timesheet, the CLI and the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from core import utbms
from core.duration import MAX_SECONDS
from core.errors import Problem
from core.model import REQUIRED_FIELDS, Client, FirmSettings, Matter, Person, ServiceType
from core.timeutil import FIRST_YEAR, LAST_YEAR

NARRATIVE_MAX_LENGTH = 10_000


@dataclass(frozen=True)
class EntryFields:
    """What a person gives for an entry (codes as the firm spells them; None when absent)."""

    matter: str | None = None
    phase: str | None = None
    service: str | None = None
    narrative: str = ""
    utbms_task: str | None = None
    utbms_activity: str | None = None


def required_fields(firm: FirmSettings, client: Client | None) -> tuple[str, ...]:
    """The firm's list plus the client's additions, in the canonical order."""
    wanted = set(firm.required_fields) | set(client.required_fields if client else ())
    return tuple(f for f in REQUIRED_FIELDS if f in wanted)


def missing_fields(
    fields: EntryFields,
    *,
    firm: FirmSettings,
    client: Client | None,
    matter: Matter | None,
) -> list[Problem]:
    """Required-field problems only (what a stopped timer lacks before it can become an entry).

    ``phase`` is required only on matters that have phases, and ``utbms_task`` /
    ``utbms_activity`` only on matters that use a UTBMS code set: a rule no entry could meet
    would make time impossible to record.
    """
    out: list[Problem] = []
    need = required_fields(firm, client)
    narrative = (fields.narrative or "").strip()
    for name in need:
        if name == "client" and fields.matter is None:
            out.append(Problem("client", "a client is required: choose a matter of the client"))
        elif name == "matter" and fields.matter is None:
            out.append(
                Problem("matter", "a matter is required: choose the matter this time is for")
            )
        elif name == "phase" and fields.phase is None and (matter is None or matter.phases):
            out.append(Problem("phase", "a phase is required: choose a phase of the matter"))
        elif name == "service" and fields.service is None:
            out.append(Problem("service", "a service type is required: choose the kind of work"))
        elif name == "narrative" and not narrative:
            out.append(Problem("narrative", "a narrative is required: describe the work done"))
        elif name == "utbms_task" and fields.utbms_task is None and _uses_utbms(matter):
            out.append(Problem("utbms_task", "a UTBMS task code is required (e.g. L110)"))
        elif name == "utbms_activity" and fields.utbms_activity is None and _uses_utbms(matter):
            out.append(Problem("utbms_activity", "a UTBMS activity code is required (e.g. A103)"))
    min_len = firm.narrative_min_length
    if min_len and narrative and len(narrative) < min_len:
        out.append(
            Problem(
                "narrative",
                f"the narrative must be at least {min_len} characters "
                f"(it has {len(narrative)}): describe the work done",
            )
        )
    return out


def _uses_utbms(matter: Matter | None) -> bool:
    return matter is None or matter.utbms is not None


def entry_problems(
    fields: EntryFields,
    *,
    firm: FirmSettings,
    person: Person,
    matter: Matter | None,
    client: Client | None,
    services: Mapping[str, ServiceType],
    work_date: date,
    raw_seconds: int,
) -> list[Problem]:
    """Every reason an entry cannot be saved: unknown or inconsistent codes, the period lock,
    the duration range, then the required-field policy. Empty when it may be saved."""
    out: list[Problem] = []
    if fields.matter is not None and matter is None:
        out.append(Problem("matter", f"there is no matter {fields.matter!r}"))
    if matter is not None:
        if matter.closed:
            out.append(Problem("matter", f"matter {matter.code} is closed: choose an open matter"))
        if matter.team and person.id not in matter.team:
            out.append(
                Problem("matter", f"{person.name} is not on the team of matter {matter.code}")
            )
        if fields.phase is not None and matter.phase(fields.phase) is None:
            codes = ", ".join(p.code for p in matter.phases) or "none"
            out.append(
                Problem(
                    "phase",
                    f"matter {matter.code} has no phase {fields.phase!r} (its phases: {codes})",
                )
            )
    elif fields.phase is not None:
        out.append(Problem("phase", "a phase needs a matter: choose the matter first"))
    if fields.service is not None:
        if fields.service not in services:
            out.append(Problem("service", f"there is no service type {fields.service!r}"))
        elif (
            matter is not None
            and matter.services is not None
            and (fields.service not in matter.services)
        ):
            out.append(
                Problem(
                    "service",
                    f"service type {fields.service} is not used on matter {matter.code} "
                    f"(allowed: {', '.join(matter.services) or 'none'})",
                )
            )
    out.extend(_utbms_problems(fields, matter))
    if not FIRST_YEAR <= work_date.year <= LAST_YEAR:
        out.append(Problem("date", f"must be between the years {FIRST_YEAR} and {LAST_YEAR}"))
    if firm.locked_before is not None and work_date < firm.locked_before:
        out.append(
            Problem(
                "date",
                f"the period before {firm.locked_before.isoformat()} is locked: "
                "nothing dated earlier can be created or changed",
            )
        )
    if raw_seconds <= 0:
        out.append(Problem("duration", "the duration must be more than 0"))
    elif raw_seconds > MAX_SECONDS:
        out.append(Problem("duration", "the duration is more than 24 hours: split it by day"))
    if len(fields.narrative or "") > NARRATIVE_MAX_LENGTH:
        out.append(
            Problem("narrative", f"the narrative is longer than {NARRATIVE_MAX_LENGTH} characters")
        )
    out.extend(missing_fields(fields, firm=firm, client=client, matter=matter))
    return out


def _utbms_problems(fields: EntryFields, matter: Matter | None) -> list[Problem]:
    out: list[Problem] = []
    code_set = matter.utbms if matter else None
    if fields.matter is None:
        # UTBMS codes are taken only where the entry's matter uses them (PRODUCT.md §3): with
        # no matter there is no code set to check them against.
        for name in ("utbms_task", "utbms_activity"):
            if getattr(fields, name) is not None:
                out.append(
                    Problem(
                        name,
                        "a UTBMS code needs a matter that uses UTBMS codes: "
                        "choose the matter first",
                    )
                )
        return out
    if fields.utbms_task is not None:
        if matter is not None and code_set is None:
            out.append(
                Problem(
                    "utbms_task",
                    f"matter {matter.code} does not use UTBMS codes: leave the task code out",
                )
            )
        elif code_set is not None and not utbms.is_task(code_set, fields.utbms_task):
            out.append(
                Problem(
                    "utbms_task",
                    f"{fields.utbms_task!r} is not a UTBMS {code_set} task code (e.g. L110)",
                )
            )
    if fields.utbms_activity is not None:
        if matter is not None and code_set is None:
            out.append(
                Problem(
                    "utbms_activity",
                    f"matter {matter.code} does not use UTBMS codes: leave the activity code out",
                )
            )
        elif not utbms.is_activity(fields.utbms_activity):
            out.append(
                Problem(
                    "utbms_activity",
                    f"{fields.utbms_activity!r} is not a UTBMS activity code (A101 … A111)",
                )
            )
    return out


def with_defaults(
    fields: EntryFields, matter: Matter | None, services: Mapping[str, ServiceType]
) -> EntryFields:
    """Fill what the firm's set-up implies: on a UTBMS matter, the service type's activity code
    when none was given; the narrative trimmed."""
    activity = fields.utbms_activity
    if activity is None and matter is not None and matter.utbms and fields.service:
        service = services.get(fields.service)
        if service is not None and service.utbms_activity:
            activity = service.utbms_activity
    return EntryFields(
        matter=fields.matter,
        phase=fields.phase,
        service=fields.service,
        narrative=(fields.narrative or "").strip(),
        utbms_task=fields.utbms_task,
        utbms_activity=activity,
    )
