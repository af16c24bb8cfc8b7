"""Entries, approvals, comments and correction requests on the wire."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from pydantic import Field, StrictBool, StrictInt

from server.schemas.common import (
    Code,
    Hours,
    In,
    Instant,
    Money,
    Out,
    ShortText,
    Text,
    WorkInstant,
)

Seconds = Field(ge=1, le=86_400, description="raw duration in whole seconds (at most 24 h)")
Status = Literal["draft", "submitted", "approved", "rejected", "billed"]


class EntryIn(In):
    id: UUID | None = Field(None, description="made where the entry is created; a retry keeps it")
    date: dt.date
    raw_seconds: StrictInt = Seconds
    matter: Code | None = None
    phase: Code | None = None
    service: Code | None = None
    narrative: Text = ""
    utbms_task: Code | None = None
    utbms_activity: Code | None = None
    billable: StrictBool | None = Field(None, description="override the billable decision")
    start: WorkInstant | None = None
    end: WorkInstant | None = None
    source: Literal["manual", "timer", "autotrack"] = "manual"


class EntryPatch(In):
    date: dt.date | None = None
    raw_seconds: StrictInt | None = Field(None, ge=1, le=86_400)
    matter: Code | None = None
    phase: Code | None = None
    service: Code | None = None
    narrative: Text | None = None
    utbms_task: Code | None = None
    utbms_activity: Code | None = None
    billable: StrictBool | None = None
    start: WorkInstant | None = None
    end: WorkInstant | None = None
    version: StrictInt | None = Field(None, ge=1, le=2**31 - 1, description="the version edited")
    comment: Text | None = Field(None, description="the person's text (correction requests)")

    def changes(self) -> dict[str, Any]:
        """The fields given, as the entry rules name them."""
        names = {"date": "work_date", "billable": "billable_override"}
        given = self.model_dump(exclude_unset=True, exclude={"version", "comment"})
        return {names.get(k, k): v for k, v in given.items()}


class EntryOut(Out):
    id: UUID
    person: str
    person_name: str
    client: str | None
    matter: str | None
    phase: str | None
    service: str | None
    date: dt.date
    start: Instant | None
    end: Instant | None
    raw_seconds: int
    billed_seconds: int
    billed_hours: Hours
    narrative: str
    utbms_task: str | None
    utbms_activity: str | None
    billable: bool
    billable_override: bool | None
    rate: Money
    currency: str
    rate_rule: str
    rate_rule_id: str | None
    amount: Money
    status: Status
    source: str
    version: int
    server_version: int
    created_at: Instant
    updated_at: Instant
    review_comment: str | None = None


class EntryPage(Out):
    items: list[EntryOut]
    next_offset: int | None


class CorrectionOut(Out):
    id: UUID
    entry_id: UUID
    person: str
    at: Instant
    proposed: dict[str, Any]
    text: str
    status: Literal["open", "reopened", "declined", "withdrawn"]
    decided_by: str | None = None
    decided_at: Instant | None = None
    decision_comment: str | None = None


class ApprovalIn(In):
    action: Literal["submit", "approve", "reject", "reopen"]
    ids: list[UUID] = Field(default_factory=list, max_length=50_000)
    person: Code | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    versions: dict[UUID, StrictInt] = Field(
        default_factory=dict, description="the version of each entry the reviewer saw"
    )
    comment: Text | None = None


class ApprovalOut(Out):
    action: str
    count: int
    ids: list[UUID]


class CommentIn(In):
    entry_id: UUID
    text: Text = Field(min_length=1)


class CommentOut(Out):
    id: UUID
    entry_id: UUID
    person: str
    person_name: str
    at: Instant
    kind: str
    text: str


class DecisionIn(In):
    decision: Literal["reopen", "decline", "withdraw"]
    comment: ShortText | None = None
