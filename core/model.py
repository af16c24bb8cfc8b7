"""The firm's master data as plain frozen values (PRODUCT.md §3 and §6).

These are what the set-up file parses into, what the local store and the server hand to the
rules, and what the rules read. Codes and ids are the firm's own strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Role = Literal["admin", "partner", "billing", "timekeeper"]
Direction = Literal["up", "nearest", "down"]
BillingType = Literal["hourly", "fixed_fee", "non_billable"]

ROLES: tuple[str, ...] = ("admin", "partner", "billing", "timekeeper")
TIMEKEEPING_ROLES: tuple[str, ...] = ("admin", "partner", "timekeeper")  # billing records none
DIRECTIONS: tuple[str, ...] = ("up", "nearest", "down")
BILLING_TYPES: tuple[str, ...] = ("hourly", "fixed_fee", "non_billable")
INCREMENTS: tuple[int, ...] = (1, 2, 3, 5, 6, 10, 12, 15, 20, 30, 60)
REQUIRED_FIELDS: tuple[str, ...] = (
    "client",
    "matter",
    "phase",
    "service",
    "narrative",
    "utbms_task",
    "utbms_activity",
)
SCOPE_KEYS: tuple[str, ...] = ("service", "matter", "client", "person", "classification")


@dataclass(frozen=True)
class RoundingRule:
    """A complete rounding rule: increment, direction, minimum (minutes)."""

    increment_minutes: int = 1
    direction: Direction = "up"
    minimum_minutes: int = 0


@dataclass(frozen=True)
class RoundingOverride:
    """A client's rounding: each key left as None is taken from the firm's rule."""

    increment_minutes: int | None = None
    direction: Direction | None = None
    minimum_minutes: int | None = None

    def is_empty(self) -> bool:
        return (
            self.increment_minutes is None
            and self.direction is None
            and (self.minimum_minutes is None)
        )


@dataclass(frozen=True)
class FirmSettings:
    name: str = "My practice"
    currency: str = "USD"
    rounding: RoundingRule = RoundingRule()
    required_fields: tuple[str, ...] = ()
    narrative_min_length: int = 0
    allow_self_approval: bool = False
    allow_billable_override: bool = True
    owner: str | None = None
    tax_id: str | None = None
    locked_before: date | None = None


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str | None = None
    role: Role = "timekeeper"
    classification: str | None = None
    active: bool = True

    @property
    def last_first(self) -> str:
        """ "Last, First" as LEDES wants it (a single word stays as it is)."""
        parts = self.name.strip().split()
        if len(parts) < 2:
            return self.name.strip()
        return f"{parts[-1]}, {' '.join(parts[:-1])}"


@dataclass(frozen=True)
class ServiceType:
    code: str
    name: str
    billable: bool = True
    utbms_activity: str | None = None


@dataclass(frozen=True)
class Client:
    code: str
    name: str
    rounding: RoundingOverride | None = None
    required_fields: tuple[str, ...] = ()
    ledes_client_id: str | None = None


@dataclass(frozen=True)
class Phase:
    code: str
    name: str
    estimated_hours: Decimal | None = None
    estimated_fee: Decimal | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Matter:
    code: str
    client: str
    name: str
    billing: BillingType = "hourly"
    fixed_fee: Decimal | None = None
    team: tuple[str, ...] = ()
    reviewers: tuple[str, ...] | None = None
    client_matter_id: str | None = None
    utbms: str | None = None
    services: tuple[str, ...] | None = None
    closed: bool = False
    phases: tuple[Phase, ...] = ()

    def phase(self, code: str) -> Phase | None:
        return next((p for p in self.phases if p.code == code), None)


@dataclass(frozen=True)
class RateRule:
    """A rate rule. An empty scope is the firm default. ``currency`` None means the firm's."""

    amount: Decimal
    effective_from: date
    currency: str | None = None
    service: str | None = None
    matter: str | None = None
    client: str | None = None
    person: str | None = None
    classification: str | None = None
    id: str | None = None

    def scope(self) -> tuple[tuple[str, str], ...]:
        """The scope keys this rule names, in specificity order, with their values."""
        return tuple((k, v) for k in SCOPE_KEYS if (v := getattr(self, k)) is not None)


@dataclass(frozen=True)
class FirmSetup:
    """A parsed set-up file: every section as given (absent sections are empty)."""

    firm: FirmSettings | None = None
    firm_keys: frozenset[str] = field(default_factory=frozenset)
    people: tuple[Person, ...] = ()
    service_types: tuple[ServiceType, ...] = ()
    clients: tuple[Client, ...] = ()
    matters: tuple[Matter, ...] = ()
    rates: tuple[RateRule, ...] = ()


def reviewers_of(matter: Matter, people: dict[str, Person]) -> tuple[str, ...]:
    """Who approves the matter's entries (PRODUCT.md §3).

    Its ``reviewers`` list when given; else the team members whose role is partner; else the
    firm's admins.
    """
    if matter.reviewers:
        return matter.reviewers
    partners = tuple(
        pid for pid in matter.team if (p := people.get(pid)) is not None and p.role == "partner"
    )
    if partners:
        return partners
    return tuple(p.id for p in people.values() if p.role == "admin")
