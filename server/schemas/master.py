"""Master data on the wire, shaped as in the firm set-up file (PRODUCT.md §6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, field_serializer

from server.schemas.common import Code, In, Money, Out, ShortText

Field_ = Literal[
    "client", "matter", "phase", "service", "narrative", "utbms_task", "utbms_activity"
]
Role = Literal["admin", "partner", "billing", "timekeeper"]
Increment = Literal[1, 2, 3, 5, 6, 10, 12, 15, 20, 30, 60]
Direction = Literal["up", "nearest", "down"]
Currency = Field(None, pattern=r"^[A-Z]{3}$")
HoursText = Field(None, pattern=r"^[0-9]{1,7}(\.[0-9]{1,2})?$")


class RoundingIn(In):
    increment_minutes: Increment | None = None
    direction: Direction | None = None
    minimum_minutes: StrictInt | None = Field(None, ge=0, le=1440)


class RoundingOut(Out):
    increment_minutes: int | None
    direction: str | None
    minimum_minutes: int | None


class ClientIn(In):
    code: Code
    name: ShortText = Field(min_length=1)
    rounding: RoundingIn | None = None
    required_fields: list[Field_] = Field(default_factory=list, max_length=7)
    ledes_client_id: ShortText | None = None


class ClientPatch(In):
    name: ShortText | None = Field(None, min_length=1)
    rounding: RoundingIn | None = None
    required_fields: list[Field_] | None = Field(None, max_length=7)
    ledes_client_id: ShortText | None = None


class ClientOut(Out):
    code: str
    name: str
    rounding: RoundingOut | None
    required_fields: list[str]
    ledes_client_id: str | None


class PhaseIn(In):
    matter: Code
    code: Code
    name: ShortText = Field(min_length=1)
    estimated_hours: str | None = HoursText
    estimated_fee: Money | None = None
    start: date | None = None
    end: date | None = None


class PhasePatch(In):
    name: ShortText | None = Field(None, min_length=1)
    estimated_hours: str | None = HoursText
    estimated_fee: Money | None = None
    start: date | None = None
    end: date | None = None


class PhaseOut(Out):
    matter: str
    code: str
    name: str
    estimated_hours: str | None
    estimated_fee: Money | None
    start: date | None
    end: date | None

    @field_serializer("estimated_hours")
    def _hours(self, v: Decimal | str | None) -> str | None:
        return None if v is None else f"{Decimal(v):.2f}"


class MatterIn(In):
    code: Code
    client: Code
    name: ShortText = Field(min_length=1)
    billing: Literal["hourly", "fixed_fee", "non_billable"] = "hourly"
    fixed_fee: Money | None = None
    team: list[Code] = Field(default_factory=list, max_length=1000)
    reviewers: list[Code] | None = Field(None, max_length=1000)
    client_matter_id: ShortText | None = None
    utbms: Literal["litigation"] | None = None
    services: list[Code] | None = Field(None, max_length=1000)
    closed: StrictBool = False


class MatterPatch(In):
    client: Code | None = None
    name: ShortText | None = Field(None, min_length=1)
    billing: Literal["hourly", "fixed_fee", "non_billable"] | None = None
    fixed_fee: Money | None = None
    team: list[Code] | None = Field(None, max_length=1000)
    reviewers: list[Code] | None = Field(None, max_length=1000)
    client_matter_id: ShortText | None = None
    utbms: Literal["litigation"] | None = None
    services: list[Code] | None = Field(None, max_length=1000)
    closed: StrictBool | None = None


class MatterOut(Out):
    code: str
    client: str
    name: str
    billing: str
    fixed_fee: Money | None
    team: list[str]
    reviewers: list[str] | None
    client_matter_id: str | None
    utbms: str | None
    services: list[str] | None
    closed: bool
    phases: list[str]


class ServiceTypeIn(In):
    code: Code
    name: ShortText = Field(min_length=1)
    billable: StrictBool = True
    utbms_activity: Code | None = None


class ServiceTypePatch(In):
    name: ShortText | None = Field(None, min_length=1)
    billable: StrictBool | None = None
    utbms_activity: Code | None = None


class ServiceTypeOut(Out):
    code: str
    name: str
    billable: bool
    utbms_activity: str | None


class PersonIn(In):
    id: Code
    name: ShortText = Field(min_length=1)
    email: ShortText | None = None
    role: Role = "timekeeper"
    classification: ShortText | None = None
    active: StrictBool = True


class PersonPatch(In):
    name: ShortText | None = Field(None, min_length=1)
    email: ShortText | None = None
    role: Role | None = None
    classification: ShortText | None = None
    active: StrictBool | None = None


class PersonOut(Out):
    id: str
    name: str
    email: str | None
    role: str
    classification: str | None
    active: bool


class RateIn(In):
    amount: Money
    currency: str | None = Currency
    effective_from: date
    service: Code | None = None
    matter: Code | None = None
    client: Code | None = None
    person: Code | None = None
    classification: Code | None = None


class RatePatch(In):
    amount: Money | None = None
    currency: str | None = Currency


class RateOut(Out):
    id: str
    amount: Money
    currency: str | None
    effective_from: date
    service: str | None
    matter: str | None
    client: str | None
    person: str | None
    classification: str | None
    description: str


class PoliciesIn(In):
    name: ShortText | None = Field(None, min_length=1)
    currency: str | None = Currency
    rounding: RoundingIn | None = None
    required_fields: list[Field_] | None = Field(None, max_length=7)
    narrative_min_length: StrictInt | None = Field(None, ge=0, le=10_000)
    allow_self_approval: StrictBool | None = None
    allow_billable_override: StrictBool | None = None
    owner: Code | None = None
    tax_id: ShortText | None = None
    locked_before: date | None = None


class PoliciesOut(Out):
    name: str
    currency: str
    rounding: RoundingOut
    required_fields: list[str]
    narrative_min_length: int
    allow_self_approval: bool
    allow_billable_override: bool
    owner: str | None
    tax_id: str | None
    locked_before: date | None
