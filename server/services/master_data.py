"""The master-data API's use cases: list and read within the caller's scope; create and change
(admins) as a one-record set-up document through :func:`server.services.setup.import_doc`, so
the API validates exactly as the import does."""

from __future__ import annotations

from typing import Any

from core.errors import Conflict, NotFound
from core.model import (
    SCOPE_KEYS,
    Client,
    FirmSettings,
    Matter,
    Person,
    Phase,
    RateRule,
    ServiceType,
)
from core.records import as_record
from core.setup_file import RATE_KEYS
from server.models.master import Master
from server.services import scope, setup
from server.services.context import Caller, Context


def snapshot(ctx: Context) -> Master:
    with ctx.db.read() as conn:
        return ctx.master(conn)


def _doc(value: Any) -> dict[str, Any]:
    """A stored value as the set-up file writes it."""
    return {k: v for k, v in as_record(value).items() if v is not None}


def _write(ctx: Context, caller: Caller, doc: dict[str, Any]) -> Master:
    setup.import_doc(ctx, doc, caller.person)
    return snapshot(ctx)


# ---------------------------------------------------------------- clients


def clients(ctx: Context, caller: Caller) -> list[Client]:
    master = snapshot(ctx)
    codes = {m.client for m in scope.visible_matters(master, caller)}
    return [c for c in master.clients.values() if caller.scope == "all" or c.code in codes]


def client(ctx: Context, caller: Caller, code: str) -> Client:
    found = next((c for c in clients(ctx, caller) if c.code == code), None)
    if found is None:
        raise NotFound(f"there is no client {code!r}")
    return found


def create_client(ctx: Context, caller: Caller, body: dict[str, Any]) -> Client:
    if body["code"] in snapshot(ctx).clients:
        raise Conflict(f"a client {body['code']!r} already exists: change it instead")
    return _write(ctx, caller, {"clients": [body]}).clients[body["code"]]


def change_client(ctx: Context, caller: Caller, code: str, changes: dict[str, Any]) -> Client:
    old = client(ctx, caller, code)
    return _write(ctx, caller, {"clients": [{**_doc(old), **changes}]}).clients[code]


# ---------------------------------------------------------------- matters and phases


def matters(ctx: Context, caller: Caller) -> list[Matter]:
    return scope.visible_matters(snapshot(ctx), caller)


def matter(ctx: Context, caller: Caller, code: str) -> Matter:
    master = snapshot(ctx)
    found = master.matters.get(code)
    if found is None or not scope.on_matter(master, caller, found):
        raise NotFound(f"there is no matter {code!r}")
    return found


def create_matter(ctx: Context, caller: Caller, body: dict[str, Any]) -> Matter:
    if body["code"] in snapshot(ctx).matters:
        raise Conflict(f"a matter {body['code']!r} already exists: change it instead")
    return _write(ctx, caller, {"matters": [body]}).matters[body["code"]]


def change_matter(ctx: Context, caller: Caller, code: str, changes: dict[str, Any]) -> Matter:
    old = _doc(matter(ctx, caller, code))
    old.pop("phases", None)  # listed phases are upserted; the others are kept
    return _write(ctx, caller, {"matters": [{**old, **changes}]}).matters[code]


def phases(ctx: Context, caller: Caller, matter_code: str | None) -> list[tuple[str, Phase]]:
    return [
        (m.code, p)
        for m in matters(ctx, caller)
        if matter_code is None or m.code == matter_code
        for p in m.phases
    ]


def _phase_write(ctx: Context, caller: Caller, matter_code: str, phase: dict[str, Any]) -> Phase:
    old = _doc(matter(ctx, caller, matter_code))
    old["phases"] = [phase]
    found = _write(ctx, caller, {"matters": [old]}).matters[matter_code].phase(phase["code"])
    assert found is not None
    return found


def create_phase(ctx: Context, caller: Caller, matter_code: str, body: dict[str, Any]) -> Phase:
    if matter(ctx, caller, matter_code).phase(body["code"]) is not None:
        raise Conflict(f"matter {matter_code} already has a phase {body['code']!r}")
    return _phase_write(ctx, caller, matter_code, body)


def change_phase(
    ctx: Context, caller: Caller, matter_code: str, code: str, changes: dict[str, Any]
) -> Phase:
    old = matter(ctx, caller, matter_code).phase(code)
    if old is None:
        raise NotFound(f"matter {matter_code} has no phase {code!r}")
    return _phase_write(ctx, caller, matter_code, {**_doc(old), **changes})


# ---------------------------------------------------------------- service types, people


def service_types(ctx: Context) -> list[ServiceType]:
    return list(snapshot(ctx).service_types.values())


def _one(found: Any, what: str, key: str) -> Any:
    if found is None:
        raise NotFound(f"there is no {what} {key!r}")
    return found


def create_service_type(ctx: Context, caller: Caller, body: dict[str, Any]) -> ServiceType:
    if body["code"] in snapshot(ctx).service_types:
        raise Conflict(f"a service type {body['code']!r} already exists: change it instead")
    return _write(ctx, caller, {"service_types": [body]}).service_types[body["code"]]


def change_service_type(
    ctx: Context, caller: Caller, code: str, changes: dict[str, Any]
) -> ServiceType:
    old = _one(snapshot(ctx).service_types.get(code), "service type", code)
    doc = {"service_types": [{**_doc(old), **changes}]}
    return _write(ctx, caller, doc).service_types[code]


def people(ctx: Context, caller: Caller) -> list[Person]:
    master = snapshot(ctx)
    seen = scope.visible_people(master, caller)
    return [p for p in master.people.values() if p.id in seen]


def person(ctx: Context, caller: Caller, pid: str) -> Person:
    return _one(next((p for p in people(ctx, caller) if p.id == pid), None), "person", pid)  # type: ignore[no-any-return]


def create_person(ctx: Context, caller: Caller, body: dict[str, Any]) -> Person:
    if body["id"] in snapshot(ctx).people:
        raise Conflict(f"a person {body['id']!r} already exists: change them instead")
    return _write(ctx, caller, {"people": [body]}).people[body["id"]]


def change_person(ctx: Context, caller: Caller, pid: str, changes: dict[str, Any]) -> Person:
    old = person(ctx, caller, pid)
    return _write(ctx, caller, {"people": [{**_doc(old), **changes}]}).people[pid]


# ---------------------------------------------------------------- rates and policies


def rates(ctx: Context) -> list[RateRule]:
    return list(snapshot(ctx).rules)


def rate(ctx: Context, rule_id: str) -> RateRule:
    return _one(next((r for r in rates(ctx) if r.id == rule_id), None), "rate rule", rule_id)  # type: ignore[no-any-return]


def create_rate(ctx: Context, caller: Caller, body: dict[str, Any]) -> RateRule:
    key = _rate_key(body)
    if any(_rate_key(_doc(r)) == key for r in rates(ctx)):
        raise Conflict(
            "a rule with this scope and effective_from exists: change its amount instead, "
            "or give the new rule another effective_from"
        )
    master = _write(ctx, caller, {"rates": [body]})
    return next(r for r in master.rules if _rate_key(_doc(r)) == key)


def change_rate(ctx: Context, caller: Caller, rule_id: str, changes: dict[str, Any]) -> RateRule:
    """Only amount and currency change; a rule an entry uses is refused (add a new rule)."""
    old = {k: v for k, v in _doc(rate(ctx, rule_id)).items() if k in RATE_KEYS}
    master = _write(ctx, caller, {"rates": [{**old, **changes}]})
    return next(r for r in master.rules if r.id == rule_id)


def _rate_key(doc: dict[str, Any]) -> tuple[Any, ...]:
    return (*(doc.get(k) for k in SCOPE_KEYS), str(doc.get("effective_from")))


def policies(ctx: Context) -> FirmSettings:
    return snapshot(ctx).settings


def change_policies(ctx: Context, caller: Caller, changes: dict[str, Any]) -> FirmSettings:
    return _write(ctx, caller, {"firm": changes}).settings
