"""Master data: clients, matters, phases, service types, people, rate rules, policies.
Reads within the caller's scope; writes by admins, validated exactly as the set-up import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from core.model import Matter, Phase, RateRule
from core.rates import describe
from server.routes.access import CallerDep, CtxDep
from server.schemas import master as s
from server.schemas.common import CODE_PATTERN, ERRORS
from server.services import master_data as md

router = APIRouter(prefix="/api/v1", responses=ERRORS)
CodePath = Annotated[str, Path(pattern=CODE_PATTERN)]
CREATED = status.HTTP_201_CREATED


def _body(model: Any) -> dict[str, Any]:
    """A request as the set-up file spells it (money and dates as strings)."""
    data: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    return data


def _matter(m: Matter) -> s.MatterOut:
    return s.MatterOut.model_validate(
        {
            **{k: getattr(m, k) for k in s.MatterOut.model_fields if k != "phases"},
            "phases": [p.code for p in m.phases],
        }
    )


def _phase(matter: str, p: Phase) -> s.PhaseOut:
    return s.PhaseOut(
        matter=matter,
        code=p.code,
        name=p.name,
        estimated_hours=None if p.estimated_hours is None else str(p.estimated_hours),
        estimated_fee=p.estimated_fee,
        start=p.start,
        end=p.end,
    )


def _rate(r: RateRule) -> s.RateOut:
    fields = {k: getattr(r, k) for k in s.RateOut.model_fields if k != "description"}
    return s.RateOut.model_validate({**fields, "description": describe(r)})


# ---------------------------------------------------------------- clients
@router.get("/clients", response_model=list[s.ClientOut])
def list_clients(caller: CallerDep, ctx: CtxDep) -> list[Any]:
    return md.clients(ctx, caller)


@router.post("/clients", response_model=s.ClientOut, status_code=CREATED)
def create_client(body: s.ClientIn, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.create_client(ctx, caller, _body(body))


@router.get("/clients/{code}", response_model=s.ClientOut)
def get_client(code: CodePath, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.client(ctx, caller, code)


@router.patch("/clients/{code}", response_model=s.ClientOut)
def change_client(code: CodePath, body: s.ClientPatch, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.change_client(ctx, caller, code, _body(body))


# ---------------------------------------------------------------- matters and phases
@router.get("/matters", response_model=list[s.MatterOut])
def list_matters(caller: CallerDep, ctx: CtxDep) -> list[s.MatterOut]:
    return [_matter(m) for m in md.matters(ctx, caller)]


@router.post("/matters", response_model=s.MatterOut, status_code=CREATED)
def create_matter(body: s.MatterIn, caller: CallerDep, ctx: CtxDep) -> s.MatterOut:
    return _matter(md.create_matter(ctx, caller, _body(body)))


@router.get("/matters/{code}", response_model=s.MatterOut)
def get_matter(code: CodePath, caller: CallerDep, ctx: CtxDep) -> s.MatterOut:
    return _matter(md.matter(ctx, caller, code))


@router.patch("/matters/{code}", response_model=s.MatterOut)
def change_matter(
    code: CodePath, body: s.MatterPatch, caller: CallerDep, ctx: CtxDep
) -> s.MatterOut:
    return _matter(md.change_matter(ctx, caller, code, _body(body)))


@router.get("/phases", response_model=list[s.PhaseOut])
def list_phases(
    caller: CallerDep,
    ctx: CtxDep,
    matter: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
) -> list[s.PhaseOut]:
    return [_phase(m, p) for m, p in md.phases(ctx, caller, matter)]


@router.post("/phases", response_model=s.PhaseOut, status_code=CREATED)
def create_phase(body: s.PhaseIn, caller: CallerDep, ctx: CtxDep) -> s.PhaseOut:
    data = _body(body)
    matter = data.pop("matter")
    return _phase(matter, md.create_phase(ctx, caller, matter, data))


@router.patch("/phases/{matter}/{code}", response_model=s.PhaseOut)
def change_phase(
    matter: CodePath, code: CodePath, body: s.PhasePatch, caller: CallerDep, ctx: CtxDep
) -> s.PhaseOut:
    return _phase(matter, md.change_phase(ctx, caller, matter, code, _body(body)))


# ---------------------------------------------------------------- service types, people
@router.get("/service-types", response_model=list[s.ServiceTypeOut])
def list_service_types(caller: CallerDep, ctx: CtxDep) -> list[Any]:
    return md.service_types(ctx)


@router.post("/service-types", response_model=s.ServiceTypeOut, status_code=CREATED)
def create_service_type(body: s.ServiceTypeIn, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.create_service_type(ctx, caller, _body(body))


@router.patch("/service-types/{code}", response_model=s.ServiceTypeOut)
def change_service_type(
    code: CodePath, body: s.ServiceTypePatch, caller: CallerDep, ctx: CtxDep
) -> Any:
    return md.change_service_type(ctx, caller, code, _body(body))


@router.get("/people", response_model=list[s.PersonOut])
def list_people(caller: CallerDep, ctx: CtxDep) -> list[Any]:
    return md.people(ctx, caller)


@router.post("/people", response_model=s.PersonOut, status_code=CREATED)
def create_person(body: s.PersonIn, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.create_person(ctx, caller, _body(body))


@router.get("/people/{person_id}", response_model=s.PersonOut)
def get_person(person_id: CodePath, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.person(ctx, caller, person_id)


@router.patch("/people/{person_id}", response_model=s.PersonOut)
def change_person(person_id: CodePath, body: s.PersonPatch, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.change_person(ctx, caller, person_id, _body(body))


# ---------------------------------------------------------------- rates and policies
@router.get("/rates", response_model=list[s.RateOut])
def list_rates(caller: CallerDep, ctx: CtxDep) -> list[s.RateOut]:
    return [_rate(r) for r in md.rates(ctx)]


@router.post("/rates", response_model=s.RateOut, status_code=CREATED)
def create_rate(body: s.RateIn, caller: CallerDep, ctx: CtxDep) -> s.RateOut:
    return _rate(md.create_rate(ctx, caller, _body(body)))


@router.get("/rates/{rule_id}", response_model=s.RateOut)
def get_rate(rule_id: CodePath, caller: CallerDep, ctx: CtxDep) -> s.RateOut:
    return _rate(md.rate(ctx, rule_id))


@router.patch("/rates/{rule_id}", response_model=s.RateOut)
def change_rate(rule_id: CodePath, body: s.RatePatch, caller: CallerDep, ctx: CtxDep) -> s.RateOut:
    return _rate(md.change_rate(ctx, caller, rule_id, _body(body)))


@router.get("/policies", response_model=s.PoliciesOut)
def get_policies(caller: CallerDep, ctx: CtxDep) -> Any:
    return md.policies(ctx)


@router.put("/policies", response_model=s.PoliciesOut)
def change_policies(body: s.PoliciesIn, caller: CallerDep, ctx: CtxDep) -> Any:
    return md.change_policies(ctx, caller, _body(body))
