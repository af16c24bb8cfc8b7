"""The sync wire format (SYNC.md), shared by the desktop's sync engine and the server.

Push: ``{client_id, sent_at, mutations: [{seq, mutation_id, entity, op, entity_id,
base_version, device_time_utc, payload}]}`` → ``{results: [{seq, mutation_id, outcome, …}],
last_seq, server_time}``. Pull: ``?client_id&cursor&epoch`` → ``{cursor, epoch, reset,
last_applied_seq, entries, comments, corrections, master, server_time}``.

Everything here is plain data and pure functions: parsing refuses malformed input with a
:class:`ProtocolError` naming the field, and :func:`merge_fields` is the field-by-field merge
the server applies to an edit made against an older version.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from core.errors import DocketError

PROTOCOL_VERSION = 1
MAX_BATCH = 1000

Entity = Literal["entry", "comment"]
Op = Literal[
    "create", "edit", "delete", "submit", "approve", "reject", "reopen", "comment", "withdraw"
]
Outcome = Literal["applied", "merged", "conflict", "correction", "rejected"]

ENTITIES: tuple[str, ...] = ("entry", "comment")
OPS: tuple[str, ...] = (
    "create",
    "edit",
    "delete",
    "submit",
    "approve",
    "reject",
    "reopen",
    "comment",
    "withdraw",
)
OUTCOMES: tuple[str, ...] = ("applied", "merged", "conflict", "correction", "rejected")
WORKFLOW_OPS: tuple[str, ...] = ("submit", "approve", "reject", "reopen")

# The fields a person edits on an entry (what an edit mutation may carry).
EDITABLE_FIELDS: tuple[str, ...] = (
    "matter",
    "phase",
    "service",
    "date",
    "start",
    "end",
    "raw_seconds",
    "narrative",
    "utbms_task",
    "utbms_activity",
    "billable_override",
)

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")


class ProtocolError(DocketError):
    """A message that does not follow the wire format (the field is named)."""


@dataclass(frozen=True)
class Mutation:
    seq: int
    mutation_id: str
    entity: Entity
    op: Op
    entity_id: str
    base_version: int | None
    device_time_utc: str
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "mutation_id": self.mutation_id,
            "entity": self.entity,
            "op": self.op,
            "entity_id": self.entity_id,
            "base_version": self.base_version,
            "device_time_utc": self.device_time_utc,
            "payload": self.payload,
        }

    def same_content(self, other: Mutation) -> bool:
        """The same intent (a replay), whatever seq it travelled under."""
        return (
            self.mutation_id == other.mutation_id
            and self.entity == other.entity
            and self.op == other.op
            and self.entity_id == other.entity_id
            and self.payload == other.payload
        )


@dataclass(frozen=True)
class PushRequest:
    client_id: str
    sent_at: str
    mutations: tuple[Mutation, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "sent_at": self.sent_at,
            "mutations": [m.to_json() for m in self.mutations],
        }


@dataclass(frozen=True)
class MutationResult:
    """What the server did with one mutation. ``outcome`` other than applied/merged is an
    attention item on the device; ``note`` is a quiet remark (e.g. the server re-priced);
    ``entry`` is the entry as the server now holds it (None when it is gone or unseen)."""

    seq: int
    mutation_id: str
    outcome: Outcome
    entity_id: str
    reason: str | None = None
    note: str | None = None
    version: int | None = None
    entry: dict[str, Any] | None = None
    theirs: dict[str, Any] | None = None  # conflict: the server's values of contested fields
    correction_id: str | None = None

    @property
    def needs_attention(self) -> bool:
        return self.outcome in ("conflict", "correction", "rejected")

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "mutation_id": self.mutation_id,
            "outcome": self.outcome,
            "entity_id": self.entity_id,
            "reason": self.reason,
            "note": self.note,
            "version": self.version,
            "entry": self.entry,
            "theirs": self.theirs,
            "correction_id": self.correction_id,
        }


# --------------------------------------------------------------------------- parsing


def _req(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], path: str) -> Any:
    if key not in obj:
        raise ProtocolError(f"{path}{key} is missing")
    value = obj[key]
    if (
        isinstance(value, bool)
        and kind is not bool
        and bool not in (kind if isinstance(kind, tuple) else (kind,))
    ):
        raise ProtocolError(f"{path}{key} has the wrong type")
    if not isinstance(value, kind):
        raise ProtocolError(f"{path}{key} has the wrong type")
    return value


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and bool(_UUID.match(value))


def parse_mutation(obj: Any, path: str = "") -> Mutation:
    if not isinstance(obj, dict):
        raise ProtocolError(f"{path or 'mutation'} is not an object")
    seq = _req(obj, "seq", int, path)
    if seq < 1:
        raise ProtocolError(f"{path}seq must be ≥ 1")
    mid = _req(obj, "mutation_id", str, path)
    if not is_uuid(mid):
        raise ProtocolError(f"{path}mutation_id is not a lowercase UUID")
    entity = _req(obj, "entity", str, path)
    if entity not in ENTITIES:
        raise ProtocolError(f"{path}entity {entity!r} is unknown")
    op = _req(obj, "op", str, path)
    if op not in OPS:
        raise ProtocolError(f"{path}op {op!r} is unknown")
    eid = _req(obj, "entity_id", str, path)
    if not is_uuid(eid):
        raise ProtocolError(f"{path}entity_id is not a lowercase UUID")
    base = obj.get("base_version")
    if base is not None and (isinstance(base, bool) or not isinstance(base, int) or base < 0):
        raise ProtocolError(f"{path}base_version must be a whole number or null")
    dt = _req(obj, "device_time_utc", str, path)
    if not _UTC.match(dt):
        raise ProtocolError(f"{path}device_time_utc is not an ISO 8601 instant")
    payload = obj.get("payload") or {}
    if not isinstance(payload, dict):
        raise ProtocolError(f"{path}payload is not an object")
    return Mutation(seq, mid, entity, op, eid, base, dt, payload)


def parse_push(obj: Any) -> PushRequest:
    if not isinstance(obj, dict):
        raise ProtocolError("the push body is not an object")
    cid = _req(obj, "client_id", str, "")
    if not is_uuid(cid):
        raise ProtocolError("client_id is not a lowercase UUID")
    sent = _req(obj, "sent_at", str, "")
    muts = _req(obj, "mutations", list, "")
    if len(muts) > MAX_BATCH:
        raise ProtocolError(f"a push carries at most {MAX_BATCH} mutations")
    parsed = tuple(parse_mutation(m, f"mutations[{i}].") for i, m in enumerate(muts))
    seqs = [m.seq for m in parsed]
    if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
        raise ProtocolError("mutations must be in increasing seq order without repeats")
    return PushRequest(cid, sent, parsed)


def parse_result(obj: Any) -> MutationResult:
    if not isinstance(obj, dict):
        raise ProtocolError("a result is not an object")
    outcome = _req(obj, "outcome", str, "")
    if outcome not in OUTCOMES:
        raise ProtocolError(f"outcome {outcome!r} is unknown")
    return MutationResult(
        seq=_req(obj, "seq", int, ""),
        mutation_id=_req(obj, "mutation_id", str, ""),
        outcome=outcome,
        entity_id=_req(obj, "entity_id", str, ""),
        reason=obj.get("reason"),
        note=obj.get("note"),
        version=obj.get("version"),
        entry=obj.get("entry"),
        theirs=obj.get("theirs"),
        correction_id=obj.get("correction_id"),
    )


# --------------------------------------------------------------------------- merging


@dataclass(frozen=True)
class Merge:
    """The result of merging an edit made against ``base`` into the server's ``current``."""

    values: dict[str, Any]  # what to store (fields the edit names)
    conflicts: dict[str, tuple[Any, Any]]  # field → (server's value kept, the person's value)
    changed: tuple[str, ...]  # fields the edit actually changes


def merge_fields(
    base: Mapping[str, Any], current: Mapping[str, Any], mine: Mapping[str, Any]
) -> Merge:
    """Field-by-field merge (SYNC.md conflict table).

    For each field the person changed (``mine`` differs from ``base``): if the server's value
    still equals the base, the person's value is taken; if the server changed it to the same
    value, nothing differs; if the server changed it to another value, the server's value is
    kept and the person's stored beside it as a conflict.
    """
    values: dict[str, Any] = {}
    conflicts: dict[str, tuple[Any, Any]] = {}
    changed: list[str] = []
    for key, value in mine.items():
        b = base.get(key)
        cur = current.get(key)
        if value == b and key in base:
            continue  # the person did not change it
        if cur in (b, value):
            values[key] = value
            if cur != value:
                changed.append(key)
        else:
            conflicts[key] = (cur, value)
    return Merge(values, conflicts, tuple(changed))


# --------------------------------------------------------------------------- entries

# An entry as it travels: codes, dates as YYYY-MM-DD, instants ISO 8601 with offset, money and
# hours as 2-decimal strings, durations as integer seconds; ``version`` is the server version.
ENTRY_WIRE_FIELDS: tuple[str, ...] = (
    "id",
    "person",
    "matter",
    "phase",
    "service",
    "date",
    "start",
    "end",
    "raw_seconds",
    "billed_seconds",
    "billed_hours",
    "narrative",
    "utbms_task",
    "utbms_activity",
    "billable",
    "billable_override",
    "rate",
    "currency",
    "rate_rule",
    "rate_rule_id",
    "amount",
    "status",
    "source",
    "version",
    "server_version",
    "deleted",
    "created_at",
    "updated_at",
)

# What a create mutation carries (the server prices it again through core).
CREATE_FIELDS: tuple[str, ...] = (
    "person",
    "matter",
    "phase",
    "service",
    "date",
    "start",
    "end",
    "raw_seconds",
    "narrative",
    "utbms_task",
    "utbms_activity",
    "billable_override",
    "source",
)


def check_entry_wire(obj: Any) -> dict[str, Any]:
    """An entry from the server, with every wire field present (else ProtocolError)."""
    if not isinstance(obj, dict):
        raise ProtocolError("an entry is not an object")
    missing = [k for k in ENTRY_WIRE_FIELDS if k not in obj]
    if missing:
        raise ProtocolError(f"an entry lacks {', '.join(missing)}")
    if not is_uuid(obj["id"]):
        raise ProtocolError("an entry id is not a lowercase UUID")
    return obj


# --------------------------------------------------------------------------- master data

# Master data travels in the shape of the firm set-up file (PRODUCT.md §6), with each rate
# rule's id added (entries name the rule that priced them).


def master_to_wire(
    firm: Any, people: Any, service_types: Any, clients: Any, matters: Any, rules: Any
) -> dict[str, Any]:
    """Master data (core.model values) as a JSON-able document."""
    from core.records import as_record

    def clean(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if v is not None}

    def client(c: Any) -> dict[str, Any]:
        d = as_record(c)
        d["rounding"] = clean(d["rounding"]) if d.get("rounding") else None
        return clean(d)

    return {
        "firm": as_record(firm) if firm is not None else None,
        "people": [as_record(p) for p in people],
        "service_types": [as_record(s) for s in service_types],
        "clients": [client(c) for c in clients],
        "matters": [as_record(m) for m in matters],
        "rates": [as_record(r) for r in rules],
    }


def master_from_wire(doc: Any) -> dict[str, Any]:
    """Decode :func:`master_to_wire`'s document into core.model values, by section."""
    from datetime import date
    from decimal import Decimal

    from core.model import (
        Client,
        FirmSettings,
        Matter,
        Person,
        Phase,
        RateRule,
        RoundingOverride,
        RoundingRule,
        ServiceType,
    )

    if not isinstance(doc, dict):
        raise ProtocolError("master data is not an object")

    def d(v: Any) -> date | None:
        return date.fromisoformat(v) if v else None

    def dec(v: Any) -> Decimal | None:
        return Decimal(v) if v is not None else None

    def tup(v: Any) -> tuple[str, ...] | None:
        return tuple(v) if v is not None else None

    try:
        f = doc.get("firm")
        firm = (
            FirmSettings(
                name=f["name"],
                currency=f["currency"],
                rounding=RoundingRule(**f["rounding"]),
                required_fields=tuple(f["required_fields"]),
                narrative_min_length=f["narrative_min_length"],
                allow_self_approval=f["allow_self_approval"],
                allow_billable_override=f["allow_billable_override"],
                owner=f.get("owner"),
                tax_id=f.get("tax_id"),
                locked_before=d(f.get("locked_before")),
            )
            if f
            else None
        )
        people = [Person(**p) for p in doc.get("people", [])]
        services = [ServiceType(**s) for s in doc.get("service_types", [])]
        clients = [
            Client(
                code=c["code"],
                name=c["name"],
                rounding=RoundingOverride(**c["rounding"]) if c.get("rounding") else None,
                required_fields=tuple(c.get("required_fields") or ()),
                ledes_client_id=c.get("ledes_client_id"),
            )
            for c in doc.get("clients", [])
        ]
        matters = [
            Matter(
                code=m["code"],
                client=m["client"],
                name=m["name"],
                billing=m["billing"],
                fixed_fee=dec(m.get("fixed_fee")),
                team=tuple(m.get("team") or ()),
                reviewers=tup(m.get("reviewers")),
                client_matter_id=m.get("client_matter_id"),
                utbms=m.get("utbms"),
                services=tup(m.get("services")),
                closed=bool(m.get("closed")),
                phases=tuple(
                    Phase(
                        code=p["code"],
                        name=p["name"],
                        estimated_hours=dec(p.get("estimated_hours")),
                        estimated_fee=dec(p.get("estimated_fee")),
                        start=d(p.get("start")),
                        end=d(p.get("end")),
                    )
                    for p in m.get("phases") or ()
                ),
            )
            for m in doc.get("matters", [])
        ]
        rules = [
            RateRule(
                amount=Decimal(r["amount"]),
                effective_from=date.fromisoformat(r["effective_from"]),
                currency=r.get("currency"),
                service=r.get("service"),
                matter=r.get("matter"),
                client=r.get("client"),
                person=r.get("person"),
                classification=r.get("classification"),
                id=r.get("id"),
            )
            for r in doc.get("rates", [])
        ]
    except (KeyError, TypeError, ValueError, ArithmeticError) as err:
        raise ProtocolError(f"master data is malformed: {err}") from err
    return {
        "firm": firm,
        "people": people,
        "service_types": services,
        "clients": clients,
        "matters": matters,
        "rates": rules,
    }


# --------------------------------------------------------------------------- period digests


def month_bounds(month: str) -> tuple[date, date]:
    """``YYYY-MM`` as [first day, first day of the next month)."""
    start = date.fromisoformat(month + "-01")
    return start, date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def period_digest(person: str, month: str, rows: Iterable[Any]) -> dict[str, Any]:
    """Counts, sums and a hash of (id, server version) over one person's month: the device
    computes it over its replica, the server over what it would send that device; equal
    digests mean the replica holds exactly the server's entries. ``rows`` are ordered by id
    and carry ``id``, ``server_version``, ``raw_seconds``, ``billed_seconds``,
    ``amount_cents``."""
    h = hashlib.sha256()
    count = raw = billed = cents = 0
    for r in rows:
        h.update(f"{r.id}:{r.server_version}\n".encode())
        count += 1
        raw += r.raw_seconds
        billed += r.billed_seconds
        cents += r.amount_cents
    return {
        "person": person,
        "month": month,
        "count": count,
        "raw_seconds": raw,
        "billed_seconds": billed,
        "amount_cents": cents,
        "hash": h.hexdigest(),
    }
