"""The firm set-up file (PRODUCT.md §6): parsing and validation.

One function, :func:`parse`, turns the JSON document into a :class:`~core.model.FirmSetup` or
raises :class:`~core.errors.ValidationError` listing *every* problem with its path in the file
(``matters[0].phases[1].start``) and the reason. The desktop's ``docket import``, the server's
import and the server's master-data API all call it, so a file means the same everywhere.

References (a matter's client, a team member, a rate's matter) may point into the file itself
or to what the store already holds (``known``): import is an upsert.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from core import rates, rounding, utbms
from core.errors import InputError, Problem, ValidationError
from core.model import (
    BILLING_TYPES,
    REQUIRED_FIELDS,
    ROLES,
    SCOPE_KEYS,
    BillingType,
    Client,
    FirmSettings,
    FirmSetup,
    Matter,
    Person,
    Phase,
    RateRule,
    Role,
    RoundingOverride,
    RoundingRule,
    ServiceType,
)
from core.money import ZERO, parse_decimal, parse_money
from core.timeutil import parse_date

CODE_MAX = 64
_CODE_RE = re.compile(r"^[^\s|][^|\r\n]*$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")

FIRM_KEYS = (
    "name",
    "currency",
    "rounding",
    "required_fields",
    "narrative_min_length",
    "allow_self_approval",
    "allow_billable_override",
    "owner",
    "tax_id",
    "locked_before",
)
PERSON_KEYS = ("id", "name", "email", "role", "classification", "active")
SERVICE_KEYS = ("code", "name", "billable", "utbms_activity")
CLIENT_KEYS = ("code", "name", "rounding", "required_fields", "ledes_client_id")
MATTER_KEYS = (
    "code",
    "client",
    "name",
    "billing",
    "fixed_fee",
    "team",
    "reviewers",
    "client_matter_id",
    "utbms",
    "services",
    "closed",
    "phases",
)
PHASE_KEYS = ("code", "name", "estimated_hours", "estimated_fee", "start", "end")
RATE_KEYS = ("amount", "currency", "effective_from", *SCOPE_KEYS)
ROUNDING_KEYS = ("increment_minutes", "direction", "minimum_minutes")
TOP_KEYS = ("firm", "people", "service_types", "clients", "matters", "rates")


@dataclass(frozen=True)
class Known:
    """What the store already holds, for references and uniqueness checks."""

    firm: FirmSettings | None = None
    people: Mapping[str, Person] = field(default_factory=dict)
    service_types: Mapping[str, ServiceType] = field(default_factory=dict)
    clients: Mapping[str, Client] = field(default_factory=dict)
    matters: Mapping[str, Matter] = field(default_factory=dict)


class _Reader:
    """Collects problems while reading typed values out of JSON objects."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str, keys: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"must be an object, not {_kind(value)}")
            return None
        for key in value:
            if key not in keys:
                self.add(_join(path, key), f"unknown key (expected one of: {', '.join(keys)})")
        return value

    def text(
        self, o: dict[str, Any], key: str, path: str, *, required: bool = False, code: bool = False
    ) -> str | None:
        value = o.get(key)
        p = _join(path, key)
        if value is None:
            if required:
                self.add(p, "is required")
            return None
        if not isinstance(value, str):
            self.add(p, f"must be a string, not {_kind(value)}")
            return None
        if required and not value.strip():
            self.add(p, "must not be empty")
            return None
        try:
            storable(value)
        except ValueError as err:
            self.add(p, str(err))
            return None
        if code:
            if len(value) > CODE_MAX:
                self.add(p, f"must be at most {CODE_MAX} characters")
                return None
            if not _CODE_RE.match(value) or value != value.strip():
                self.add(p, f"{value!r} is not a valid code (no spaces around it, no '|')")
                return None
        return value.strip() if not code else value

    def boolean(self, o: dict[str, Any], key: str, path: str) -> bool | None:
        value = o.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.add(_join(path, key), f"must be true or false, not {_kind(value)}")
            return None
        return value

    def integer(
        self, o: dict[str, Any], key: str, path: str, minimum: int = 0, maximum: int = 10_000
    ) -> int | None:
        value = o.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.add(
                _join(path, key),
                f"must be a whole number from {minimum} to {maximum}, not {value!r}",
            )
            return None
        return value

    def money(self, o: dict[str, Any], key: str, path: str) -> Decimal | None:
        value = o.get(key)
        if value is None:
            return None
        try:
            return parse_money(value, what="value")
        except InputError as err:
            self.add(_join(path, key), _strip_what(str(err)))
            return None

    def hours(self, o: dict[str, Any], key: str, path: str) -> Decimal | None:
        value = o.get(key)
        if value is None:
            return None
        try:
            return parse_decimal(value, what="value")
        except InputError as err:
            self.add(_join(path, key), _strip_what(str(err)))
            return None

    def day(self, o: dict[str, Any], key: str, path: str, *, required: bool = False) -> date | None:
        value = o.get(key)
        if value is None:
            if required:
                self.add(_join(path, key), "is required (a date YYYY-MM-DD)")
            return None
        try:
            return parse_date(value, what="value")
        except InputError as err:
            self.add(_join(path, key), _strip_what(str(err)))
            return None

    def codes(self, o: dict[str, Any], key: str, path: str) -> tuple[str, ...] | None:
        value = o.get(key)
        if value is None:
            return None
        p = _join(path, key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(p, "must be a list of strings")
            return None
        dupes = sorted({v for v in value if value.count(v) > 1})
        if dupes:
            self.add(p, f"lists {', '.join(dupes)} more than once")
        return tuple(dict.fromkeys(value))

    def array(self, doc: dict[str, Any], key: str) -> list[Any]:
        value = doc.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(key, f"must be a list, not {_kind(value)}")
            return []
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "null" if value is None else "a number"
    )


TEXT_MAX = 10_000


def storable(value: str, max_length: int = TEXT_MAX) -> str:
    """Text both databases can store: no NUL, valid Unicode (no lone surrogate), at most
    ``max_length`` characters. Raises ValueError saying which rule it breaks."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValueError("must be valid Unicode text") from err
    if len(value) > max_length:
        raise ValueError(f"is longer than {max_length:,} characters")
    return value


def _strip_what(message: str) -> str:
    return message.removeprefix("value ")


def loads(text: str) -> Any:
    """Parse JSON text, turning a syntax error into a located problem."""
    try:
        return json.loads(text, parse_float=lambda s: Decimal(s), parse_int=_int)
    except json.JSONDecodeError as err:
        raise ValidationError(
            [Problem("", f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}")],
            "the set-up file was refused",
        ) from err
    except (RecursionError, ValueError) as err:  # nested past reason, a number past reason
        raise ValidationError(
            [Problem("", f"not a set-up file: {str(err) or type(err).__name__}")],
            "the set-up file was refused",
        ) from err


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 15:
        raise ValueError(f"the number {text[:20]}… is far too large")
    return int(text)


def parse(doc: Any, known: Known | None = None) -> FirmSetup:
    """Validate a set-up document and return what it holds; raise listing every problem."""
    known = known or Known()
    r = _Reader()
    if not isinstance(doc, dict):
        r.add("", f"the file must hold a JSON object, not {_kind(doc)}")
        raise ValidationError(r.problems, "the set-up file was refused")
    r.obj(doc, "", TOP_KEYS)

    people = _people(r, doc, known)
    services = _services(r, doc)
    clients = _clients(r, doc)
    all_people = {**known.people, **{p.id: p for p in people}}
    all_services = {**known.service_types, **{s.code: s for s in services}}
    all_clients = {**known.clients, **{c.code: c for c in clients}}
    matters = _matters(r, doc, all_people, all_services, all_clients)
    all_matters = {**known.matters, **{m.code: m for m in matters}}
    rate_rules = _rates(r, doc, all_people, all_services, all_clients, all_matters)
    firm, firm_keys = _firm(r, doc, known, all_people, people)

    if r.problems:
        raise ValidationError(r.problems, "the set-up file was refused")
    return FirmSetup(
        firm=firm,
        firm_keys=firm_keys,
        people=tuple(people),
        service_types=tuple(services),
        clients=tuple(clients),
        matters=tuple(matters),
        rates=tuple(rate_rules),
    )


def _firm(
    r: _Reader,
    doc: dict[str, Any],
    known: Known,
    all_people: Mapping[str, Person],
    file_people: list[Person],
) -> tuple[FirmSettings | None, frozenset[str]]:
    if "firm" not in doc:
        return None, frozenset()
    o = r.obj(doc["firm"], "firm", FIRM_KEYS)
    if o is None:
        return None, frozenset()
    base = known.firm or FirmSettings()
    p = "firm"
    name = r.text(o, "name", p, required=known.firm is None)
    currency = r.text(o, "currency", p)
    if currency is not None and not _CURRENCY_RE.match(currency):
        r.add("firm.currency", f"{currency!r} is not a three-letter ISO 4217 code such as USD")
        currency = None
    rule = base.rounding
    if "rounding" in o:
        override = _rounding(r, o["rounding"], "firm.rounding", partial=known.firm is not None)
        if override is not None:
            rule = rounding.effective_rule(base.rounding, override)
    required = _required(r, o, p)
    min_len = r.integer(o, "narrative_min_length", p)
    self_appr = r.boolean(o, "allow_self_approval", p)
    override_ok = r.boolean(o, "allow_billable_override", p)
    owner = r.text(o, "owner", p, code=True)
    if owner is not None and owner not in all_people:
        r.add("firm.owner", f"there is no person {owner!r} in the file or the workspace")
    tax_id = r.text(o, "tax_id", p)
    locked = r.day(o, "locked_before", p)
    if owner is None and base.owner is None and file_people:
        owner = file_people[0].id
    firm = FirmSettings(
        name=name if name is not None else base.name,
        currency=currency if currency is not None else base.currency,
        rounding=rule,
        required_fields=required if required is not None else base.required_fields,
        narrative_min_length=min_len if min_len is not None else base.narrative_min_length,
        allow_self_approval=self_appr if self_appr is not None else base.allow_self_approval,
        allow_billable_override=(
            override_ok if override_ok is not None else base.allow_billable_override
        ),
        owner=owner if owner is not None else base.owner,
        tax_id=tax_id if tax_id is not None else base.tax_id,
        locked_before=locked if locked is not None else base.locked_before,
    )
    return firm, frozenset(k for k in o if k in FIRM_KEYS)


def _rounding(r: _Reader, value: Any, path: str, *, partial: bool) -> RoundingOverride | None:
    o = r.obj(value, path, ROUNDING_KEYS)
    if o is None:
        return None
    inc, direction, minimum = (
        o.get("increment_minutes"),
        o.get("direction"),
        o.get("minimum_minutes"),
    )
    if not partial:  # a first firm rule: keys left out take the defaults
        d = RoundingRule()
        inc = d.increment_minutes if inc is None else inc
        direction = d.direction if direction is None else direction
        minimum = d.minimum_minutes if minimum is None else minimum
    found = rounding.rule_problems(inc, direction, minimum, partial=True)
    for prob in found:
        r.add(_join(path, prob.path), prob.message)
    if found:
        return None
    return RoundingOverride(inc, direction, minimum)


def _required(r: _Reader, o: dict[str, Any], path: str) -> tuple[str, ...] | None:
    fields = r.codes(o, "required_fields", path)
    if fields is None:
        return None
    bad = [f for f in fields if f not in REQUIRED_FIELDS]
    if bad:
        r.add(
            _join(path, "required_fields"),
            f"unknown field {', '.join(map(repr, bad))} (allowed: {', '.join(REQUIRED_FIELDS)})",
        )
    return tuple(f for f in REQUIRED_FIELDS if f in fields)


def _unique(r: _Reader, items: list[tuple[str, str | None]], what: str) -> None:
    seen: dict[str, str] = {}
    for path, code in items:
        if code is None:
            continue
        if code in seen:
            r.add(path, f"{what} {code!r} is also at {seen[code]}")
        else:
            seen[code] = path


def _people(r: _Reader, doc: dict[str, Any], known: Known) -> list[Person]:
    out: list[Person] = []
    ids: list[tuple[str, str | None]] = []
    emails: dict[str, str] = {p.email.lower(): pid for pid, p in known.people.items() if p.email}
    for i, item in enumerate(r.array(doc, "people")):
        p = f"people[{i}]"
        o = r.obj(item, p, PERSON_KEYS)
        if o is None:
            continue
        pid = r.text(o, "id", p, required=True, code=True)
        ids.append((_join(p, "id"), pid))
        name = r.text(o, "name", p, required=True)
        email = r.text(o, "email", p)
        if email is not None:
            if not _EMAIL_RE.match(email):
                r.add(_join(p, "email"), f"{email!r} is not an email address")
            else:
                owner = emails.get(email.lower())
                if owner is not None and owner != pid:
                    r.add(_join(p, "email"), f"{email} is already the email of {owner}")
                emails[email.lower()] = pid or ""
        role = r.text(o, "role", p)
        if role is not None and role not in ROLES:
            r.add(_join(p, "role"), f"must be one of {', '.join(ROLES)} (got {role!r})")
            role = None
        classification = r.text(o, "classification", p)
        active = r.boolean(o, "active", p)
        old = known.people.get(pid or "")
        if pid and name:
            out.append(
                Person(
                    id=pid,
                    name=name,
                    email=email if email is not None else (old.email if old else None),
                    role=cast(Role, role or (old.role if old else "timekeeper")),
                    classification=(
                        classification
                        if classification is not None
                        else (old.classification if old else None)
                    ),
                    active=active if active is not None else (old.active if old else True),
                )
            )
    _unique(r, ids, "person id")
    return out


def _services(r: _Reader, doc: dict[str, Any]) -> list[ServiceType]:
    out: list[ServiceType] = []
    codes: list[tuple[str, str | None]] = []
    for i, item in enumerate(r.array(doc, "service_types")):
        p = f"service_types[{i}]"
        o = r.obj(item, p, SERVICE_KEYS)
        if o is None:
            continue
        code = r.text(o, "code", p, required=True, code=True)
        codes.append((_join(p, "code"), code))
        name = r.text(o, "name", p, required=True)
        billable = r.boolean(o, "billable", p)
        activity = r.text(o, "utbms_activity", p)
        if activity is not None and not utbms.is_activity(activity):
            r.add(_join(p, "utbms_activity"), f"{activity!r} is not a UTBMS activity code")
            activity = None
        if code and name:
            out.append(ServiceType(code, name, True if billable is None else billable, activity))
    _unique(r, codes, "service type code")
    return out


def _clients(r: _Reader, doc: dict[str, Any]) -> list[Client]:
    out: list[Client] = []
    codes: list[tuple[str, str | None]] = []
    for i, item in enumerate(r.array(doc, "clients")):
        p = f"clients[{i}]"
        o = r.obj(item, p, CLIENT_KEYS)
        if o is None:
            continue
        code = r.text(o, "code", p, required=True, code=True)
        codes.append((_join(p, "code"), code))
        name = r.text(o, "name", p, required=True)
        override = (
            _rounding(r, o["rounding"], _join(p, "rounding"), partial=True)
            if o.get("rounding") is not None
            else None
        )
        required = _required(r, o, p) or ()
        ledes = r.text(o, "ledes_client_id", p)
        if code and name:
            out.append(
                Client(
                    code,
                    name,
                    override if override and not override.is_empty() else None,
                    required,
                    ledes,
                )
            )
    _unique(r, codes, "client code")
    return out


def _matters(
    r: _Reader,
    doc: dict[str, Any],
    people: Mapping[str, Person],
    services: Mapping[str, ServiceType],
    clients: Mapping[str, Client],
) -> list[Matter]:
    out: list[Matter] = []
    codes: list[tuple[str, str | None]] = []
    for i, item in enumerate(r.array(doc, "matters")):
        p = f"matters[{i}]"
        o = r.obj(item, p, MATTER_KEYS)
        if o is None:
            continue
        code = r.text(o, "code", p, required=True, code=True)
        codes.append((_join(p, "code"), code))
        client = r.text(o, "client", p, required=True, code=True)
        if client is not None and client not in clients:
            r.add(_join(p, "client"), f"there is no client {client!r} in the file or the workspace")
        name = r.text(o, "name", p, required=True)
        billing = r.text(o, "billing", p) or "hourly"
        if billing not in BILLING_TYPES:
            r.add(
                _join(p, "billing"), f"must be one of {', '.join(BILLING_TYPES)} (got {billing!r})"
            )
        fixed_fee = r.money(o, "fixed_fee", p)
        if fixed_fee is not None and billing != "fixed_fee":
            r.add(_join(p, "fixed_fee"), "only a fixed_fee matter has a fixed fee")
        team = r.codes(o, "team", p) or ()
        reviewers = r.codes(o, "reviewers", p)
        for key, ids in (("team", team), ("reviewers", reviewers or ())):
            for pid in ids:
                if pid not in people:
                    r.add(_join(p, key), f"there is no person {pid!r} in the file or the workspace")
        code_set = r.text(o, "utbms", p)
        if code_set is not None and code_set not in utbms.code_set_names():
            r.add(
                _join(p, "utbms"),
                f"unknown UTBMS code set {code_set!r} (known: {', '.join(utbms.code_set_names())})",
            )
        allowed = r.codes(o, "services", p)
        for s in allowed or ():
            if s not in services:
                r.add(_join(p, "services"), f"there is no service type {s!r}")
        closed = r.boolean(o, "closed", p)
        client_matter_id = r.text(o, "client_matter_id", p)
        phases = _phases(r, o, p)
        if code and client and name:
            out.append(
                Matter(
                    code=code,
                    client=client,
                    name=name,
                    billing=cast(BillingType, billing),
                    fixed_fee=fixed_fee,
                    team=team,
                    reviewers=reviewers or None,
                    client_matter_id=client_matter_id,
                    utbms=code_set,
                    services=allowed,
                    closed=bool(closed),
                    phases=tuple(phases),
                )
            )
    _unique(r, codes, "matter code")
    return out


def _phases(r: _Reader, o: dict[str, Any], path: str) -> list[Phase]:
    value = o.get("phases")
    if value is None:
        return []
    if not isinstance(value, list):
        r.add(_join(path, "phases"), "must be a list")
        return []
    out: list[Phase] = []
    codes: list[tuple[str, str | None]] = []
    for j, item in enumerate(value):
        p = f"{path}.phases[{j}]"
        po = r.obj(item, p, PHASE_KEYS)
        if po is None:
            continue
        code = r.text(po, "code", p, required=True, code=True)
        codes.append((_join(p, "code"), code))
        name = r.text(po, "name", p, required=True)
        est_h = r.hours(po, "estimated_hours", p)
        est_f = r.money(po, "estimated_fee", p)
        start = r.day(po, "start", p)
        end = r.day(po, "end", p)
        if start and end and end < start:
            r.add(_join(p, "end"), f"ends ({end}) before it starts ({start})")
        if code and name:
            out.append(Phase(code, name, est_h, est_f, start, end))
    _unique(r, codes, "phase code")
    return out


def _rates(
    r: _Reader,
    doc: dict[str, Any],
    people: Mapping[str, Person],
    services: Mapping[str, ServiceType],
    clients: Mapping[str, Client],
    matters: Mapping[str, Matter],
) -> list[RateRule]:
    out: list[RateRule] = []
    # Every rule whose scope could be read, valid or not, so a rule's scope problems (person and
    # classification, a client not its matter's) are listed beside its other problems.
    checked: list[tuple[str, RateRule, bool]] = []
    for i, item in enumerate(r.array(doc, "rates")):
        p = f"rates[{i}]"
        o = r.obj(item, p, RATE_KEYS)
        if o is None:
            continue
        before = len(r.problems)
        amount = r.money(o, "amount", p)
        if amount is None and o.get("amount") is None:  # left out, or null
            r.add(_join(p, "amount"), 'is required (a decimal string such as "300.00")')
        currency = r.text(o, "currency", p)
        if currency is not None and not _CURRENCY_RE.match(currency):
            r.add(_join(p, "currency"), f"{currency!r} is not a three-letter code such as USD")
        start = r.day(o, "effective_from", p, required=True)
        scope = {k: r.text(o, k, p, code=True) for k in SCOPE_KEYS}
        refs: dict[str, Mapping[str, Any]] = {
            "service": services,
            "matter": matters,
            "client": clients,
            "person": people,
        }
        for key, table in refs.items():
            value = scope[key]
            if value is not None and value not in table:
                r.add(_join(p, key), f"there is no {key} {value!r} in the file or the workspace")
        rule = RateRule(
            amount=amount if amount is not None else ZERO,
            effective_from=start if start is not None else date.min,
            currency=currency,
            **scope,
        )
        checked.append((p, rule, start is not None))
        if len(r.problems) == before and amount is not None and start is not None:
            out.append(rule)
    found = rates.rule_problems([rule for _, rule, _ in checked], matters)
    for index, prob in found:
        path, _, dated = checked[index]
        if dated or prob.path != "effective_from":  # an undated rule has no date to clash
            r.add(_join(path, prob.path), prob.message)
    return out


def phase_entry(ph: Phase) -> dict[str, Any]:
    """A stored phase as the set-up file writes it."""
    out: dict[str, Any] = {"code": ph.code, "name": ph.name}
    if ph.estimated_hours is not None:
        out["estimated_hours"] = str(ph.estimated_hours)
    if ph.estimated_fee is not None:
        out["estimated_fee"] = f"{ph.estimated_fee:.2f}"
    if ph.start is not None:
        out["start"] = ph.start.isoformat()
    if ph.end is not None:
        out["end"] = ph.end.isoformat()
    return out


def matter_entry(m: Matter) -> dict[str, Any]:
    """A stored matter as the set-up file writes it — every key, so saving it back changes
    nothing it does not name — with its phases in their order."""
    out: dict[str, Any] = {
        "code": m.code,
        "client": m.client,
        "name": m.name,
        "billing": m.billing,
        "team": list(m.team),
        "closed": m.closed,
        "phases": [phase_entry(ph) for ph in m.phases],
    }
    for key, value in (
        ("fixed_fee", f"{m.fixed_fee:.2f}" if m.fixed_fee is not None else None),
        ("reviewers", list(m.reviewers) if m.reviewers is not None else None),
        ("client_matter_id", m.client_matter_id),
        ("utbms", m.utbms),
        ("services", list(m.services) if m.services is not None else None),
    ):
        if value is not None:
            out[key] = value
    return out
