"""Frozen values the services return. Never ORM rows or connections: a caller on another
thread (the GUI) can hold them safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.rates import NO_RATE_RULE


@dataclass(frozen=True)
class EntryDTO:
    id: str
    person: str
    person_name: str
    client: str | None
    matter: str | None
    phase: str | None
    service: str | None
    date: date
    start: datetime | None
    end: datetime | None
    raw_seconds: int
    billed_seconds: int
    billed_hours: Decimal
    narrative: str
    utbms_task: str | None
    utbms_activity: str | None
    billable: bool
    billable_override: bool | None
    rate: Decimal
    currency: str
    rate_rule: str
    rate_rule_id: str | None
    amount: Decimal
    status: str
    source: str
    version: int
    created_at: datetime
    updated_at: datetime
    review_comment: str | None = None
    sync_pending: bool = False  # firm workspace: changed here, not yet confirmed by the server
    sync_attention: bool = False  # firm workspace: the server did not apply a change as sent

    @property
    def priced(self) -> bool:
        return self.rate_rule != NO_RATE_RULE

    @property
    def locked(self) -> bool:
        return self.status in ("approved", "billed")


@dataclass(frozen=True)
class TimerDTO:
    person: str
    matter: str | None
    phase: str | None
    service: str | None
    narrative: str
    utbms_task: str | None
    utbms_activity: str | None
    billable_override: bool | None
    started_at: datetime
    work_date: date
    # read off the clock when the DTO was made: the same timer a second later is the same timer
    elapsed_seconds: int = field(compare=False)


@dataclass(frozen=True)
class HeldDTO:
    id: str
    person: str
    matter: str | None
    phase: str | None
    service: str | None
    narrative: str
    utbms_task: str | None
    utbms_activity: str | None
    billable_override: bool | None
    started_at: datetime
    stopped_at: datetime
    raw_seconds: int
    work_date: date
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class StopResult:
    """What stopping a timer produced: an entry, or held time with the reason."""

    entry: EntryDTO | None
    held: HeldDTO | None
    gap_seconds: int = 0


@dataclass(frozen=True)
class CommentDTO:
    id: str
    entry_id: str
    person: str
    person_name: str
    at: datetime
    kind: str
    text: str


@dataclass(frozen=True)
class CorrectionDTO:
    id: str
    entry_id: str
    person: str
    at: datetime
    proposed: dict[str, object]
    text: str
    status: str
    decided_by: str | None
    decided_at: datetime | None


@dataclass(frozen=True)
class AuditEventDTO:
    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    comment: str


@dataclass(frozen=True)
class Totals:
    billable_seconds: int
    non_billable_seconds: int
    billable_hours: Decimal
    non_billable_hours: Decimal
    amount: Decimal

    @property
    def total_seconds(self) -> int:
        return self.billable_seconds + self.non_billable_seconds


@dataclass(frozen=True)
class StatusDTO:
    workspace: str
    timer: TimerDTO | None
    held_count: int
    held_seconds: int
    today: Totals
    week: Totals
    sync: str | None
