"""The audit trail: events (filtered, paged) and verifying the chain (admin and billing)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from server.routes.access import CallerDep, CtxDep
from server.schemas.audit import EventOut, EventPage
from server.schemas.auth import VerifyOut
from server.schemas.common import CODE_PATTERN, ERRORS
from server.services import audit

router = APIRouter(prefix="/api/v1", responses=ERRORS)
Filter = Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00-\x1f]+$")]


@router.get("/audit", response_model=EventPage)
def events(
    caller: CallerDep,
    ctx: CtxDep,
    entity: Filter = None,
    entity_id: Filter = None,
    actor: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    action: Filter = None,
    after_seq: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPage:
    q = audit.AuditQuery(entity, entity_id, actor, action, after_seq, limit)
    items = audit.events(ctx, q)
    return EventPage(
        items=[EventOut.model_validate(e) for e in items],
        next_after_seq=items[-1].seq if len(items) == limit else None,
    )


@router.get("/audit/verify", response_model=VerifyOut)
def verify(caller: CallerDep, ctx: CtxDep) -> VerifyOut:
    v = audit.verify(ctx)
    return VerifyOut(
        ok=v.ok, checked=v.checked, broken_seq=v.broken_seq, reason=v.reason, message=str(v)
    )
