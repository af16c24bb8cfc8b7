"""Approvals (by ids or person + period), comments, and correction requests."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, status

from server.routes.access import CallerDep, CtxDep
from server.schemas.common import ERRORS
from server.schemas.entries import (
    ApprovalIn,
    ApprovalOut,
    CommentIn,
    CommentOut,
    CorrectionOut,
    DecisionIn,
)
from server.services import approvals, discussion

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.post("/approvals", response_model=ApprovalOut)
def act(body: ApprovalIn, caller: CallerDep, ctx: CtxDep) -> ApprovalOut:
    """submit, approve, reject (comment required) or reopen (comment required) — by ``ids``,
    or by ``person`` and ``date_from``/``date_to``. All or nothing."""
    sel = approvals.Selection(
        ids=[str(i) for i in body.ids],
        person=body.person,
        date_from=body.date_from,
        date_to=body.date_to,
        versions={str(k): v for k, v in body.versions.items()},
    )
    done = approvals.act(ctx, caller, body.action, sel, body.comment)
    return ApprovalOut(action=body.action, count=len(done), ids=[UUID(i) for i in done])


@router.get("/comments", response_model=list[CommentOut])
def list_comments(entry_id: UUID, caller: CallerDep, ctx: CtxDep) -> list[CommentOut]:
    return [CommentOut.model_validate(c) for c in discussion.comments(ctx, caller, str(entry_id))]


@router.post("/comments", response_model=CommentOut, status_code=status.HTTP_201_CREATED)
def add_comment(body: CommentIn, caller: CallerDep, ctx: CtxDep) -> CommentOut:
    c = discussion.add_comment(ctx, caller, str(body.entry_id), body.text)
    return CommentOut.model_validate(c)


@router.get("/corrections", response_model=list[CorrectionOut])
def list_corrections(
    caller: CallerDep,
    ctx: CtxDep,
    status: Literal["open", "reopened", "declined"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> list[CorrectionOut]:
    found = discussion.corrections(ctx, caller, status, limit, offset)
    return [CorrectionOut.model_validate(c) for c in found]


@router.post("/corrections/{correction_id}/decision", response_model=CorrectionOut)
def decide(correction_id: UUID, body: DecisionIn, caller: CallerDep, ctx: CtxDep) -> CorrectionOut:
    """A reviewer reopens the entry (comment required) or declines the request."""
    c = discussion.decide(ctx, caller, str(correction_id), body.decision, body.comment)
    return CorrectionOut.model_validate(c)
