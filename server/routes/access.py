"""Who may call what: ONE declarative table, route × role → object scope, enforced for every
request by :func:`authorize` (a route missing from the table is refused — and fails the
access-matrix test).

A role missing from a route's row is refused (403). The scope then limits which objects the
caller reaches (server/services/scope.py): ``all``, ``visible`` (own entries and those of
reviewed matters), ``team`` (matters one is on or reviews), ``own`` (own entries), ``self``.
Objects outside it answer 404, exactly as if they did not exist. What a caller may *do* to an
entry in scope is then decided by core.workflow (the approval table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Request
from fastapi.routing import APIRoute

from core.model import TIMEKEEPING_ROLES
from server.routes.deps import get_ctx
from server.services import auth
from server.services.context import Caller, Context

Scope = Literal["all", "visible", "team", "own", "self"]
Row = dict[str, Scope]
PUBLIC: Row = {}

EVERYONE_SELF: Row = {"admin": "self", "partner": "self", "billing": "self", "timekeeper": "self"}
EVERYONE_ALL: Row = {"admin": "all", "partner": "all", "billing": "all", "timekeeper": "all"}
ADMIN: Row = {"admin": "all"}
ADMIN_BILLING: Row = {"admin": "all", "billing": "all"}
MATTER_SCOPE: Row = {"admin": "all", "billing": "all", "partner": "team", "timekeeper": "team"}
PEOPLE_SCOPE: Row = {"admin": "all", "billing": "all", "partner": "team", "timekeeper": "self"}
ENTRY_SCOPE: Row = {
    "admin": "all",
    "billing": "all",
    "partner": "visible",
    "timekeeper": "visible",
}
LOG_TIME: Row = dict.fromkeys(TIMEKEEPING_ROLES, "own")

V1 = "/api/v1"
RULES: dict[tuple[str, str], Row] = {
    ("GET", f"{V1}/health"): PUBLIC,
    ("GET", f"{V1}/version"): PUBLIC,
    ("POST", f"{V1}/auth/login"): PUBLIC,
    ("POST", f"{V1}/auth/logout"): EVERYONE_SELF,
    ("GET", f"{V1}/me"): EVERYONE_SELF,
    ("POST", f"{V1}/me/password"): EVERYONE_SELF,
    ("GET", f"{V1}/clients"): MATTER_SCOPE,
    ("POST", f"{V1}/clients"): ADMIN,
    ("GET", f"{V1}/clients/{{code}}"): MATTER_SCOPE,
    ("PATCH", f"{V1}/clients/{{code}}"): ADMIN,
    ("GET", f"{V1}/matters"): MATTER_SCOPE,
    ("POST", f"{V1}/matters"): ADMIN,
    ("GET", f"{V1}/matters/{{code}}"): MATTER_SCOPE,
    ("PATCH", f"{V1}/matters/{{code}}"): ADMIN,
    ("GET", f"{V1}/phases"): MATTER_SCOPE,
    ("POST", f"{V1}/phases"): ADMIN,
    ("PATCH", f"{V1}/phases/{{matter}}/{{code}}"): ADMIN,
    ("GET", f"{V1}/service-types"): EVERYONE_ALL,
    ("POST", f"{V1}/service-types"): ADMIN,
    ("PATCH", f"{V1}/service-types/{{code}}"): ADMIN,
    ("GET", f"{V1}/people"): PEOPLE_SCOPE,
    ("POST", f"{V1}/people"): ADMIN,
    ("GET", f"{V1}/people/{{person_id}}"): PEOPLE_SCOPE,
    ("PATCH", f"{V1}/people/{{person_id}}"): ADMIN,
    ("GET", f"{V1}/rates"): ADMIN_BILLING,
    ("POST", f"{V1}/rates"): ADMIN,
    ("GET", f"{V1}/rates/{{rule_id}}"): ADMIN_BILLING,
    ("PATCH", f"{V1}/rates/{{rule_id}}"): ADMIN,
    ("GET", f"{V1}/policies"): EVERYONE_ALL,
    ("PUT", f"{V1}/policies"): ADMIN,
    ("GET", f"{V1}/entries"): ENTRY_SCOPE,
    ("POST", f"{V1}/entries"): LOG_TIME,
    ("GET", f"{V1}/entries/{{entry_id}}"): ENTRY_SCOPE,
    ("PATCH", f"{V1}/entries/{{entry_id}}"): ENTRY_SCOPE,
    ("DELETE", f"{V1}/entries/{{entry_id}}"): ENTRY_SCOPE,
    ("GET", f"{V1}/entries/{{entry_id}}/history"): ENTRY_SCOPE,
    ("POST", f"{V1}/approvals"): ENTRY_SCOPE,
    ("GET", f"{V1}/comments"): ENTRY_SCOPE,
    ("POST", f"{V1}/comments"): ENTRY_SCOPE,
    ("GET", f"{V1}/corrections"): ENTRY_SCOPE,
    ("POST", f"{V1}/corrections/{{correction_id}}/decision"): ENTRY_SCOPE,
    ("GET", f"{V1}/audit"): ADMIN_BILLING,
    ("GET", f"{V1}/audit/verify"): ADMIN_BILLING,
    # each mutation is then judged like the matching API call (own time, reviewers decide)
    ("POST", f"{V1}/sync/push"): ENTRY_SCOPE,
    ("GET", f"{V1}/sync/pull"): ENTRY_SCOPE,
}


def rule_for(request: Request) -> Row | None:
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    method = "GET" if request.method == "HEAD" else request.method
    return RULES.get((method, path)) if path else None


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    kind, _, token = header.partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


def authorize(request: Request, ctx: Annotated[Context, Depends(get_ctx)]) -> Caller:
    """The caller of a non-public route, with the scope the table grants their role."""
    row = rule_for(request)
    if row is None or row is PUBLIC:
        raise HTTPException(403, "this route is not in the access table")
    caller = auth.authenticate(ctx, bearer(request))
    if caller is None:
        raise HTTPException(
            401, "sign in first (POST /api/v1/auth/login)", {"WWW-Authenticate": "Bearer"}
        )
    scope = row.get(caller.role)
    if scope is None:
        raise HTTPException(403, f"a {caller.role} may not do this")
    return replace(caller, scope=scope)


CallerDep = Annotated[Caller, Depends(authorize)]
CtxDep = Annotated[Context, Depends(get_ctx)]


def route_keys(routes: Sequence[Any]) -> set[tuple[str, str]]:
    """Every (method, full path) an app answers, whether FastAPI keeps included routers
    flattened or nested (``effective_candidates``) — for the access-matrix test."""
    out: set[tuple[str, str]] = set()
    for r in routes:
        nested = getattr(r, "effective_candidates", None)
        if nested is not None:
            out |= route_keys(nested())
        elif getattr(r, "methods", None) and isinstance(getattr(r, "original_route", r), APIRoute):
            out |= {(m, r.path) for m in r.methods if m != "HEAD"}
    return out
