"""Entries and their history."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse

from server.routes.access import CallerDep, CtxDep
from server.schemas.audit import EventOut
from server.schemas.common import CODE_PATTERN, ERRORS
from server.schemas.entries import CorrectionOut, EntryIn, EntryOut, EntryPage, EntryPatch, Status
from server.services import audit, entries

router = APIRouter(prefix="/api/v1", responses=ERRORS)
CodeQuery = Annotated[str | None, Query(pattern=CODE_PATTERN)]


@router.get("/entries", response_model=EntryPage)
def list_entries(
    caller: CallerDep,
    ctx: CtxDep,
    person: CodeQuery = None,
    matter: CodeQuery = None,
    status: Status | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> EntryPage:
    """Entries the caller may see, newest first (work date, then creation)."""
    q = entries.EntryQuery(person, matter, status, date_from, date_to, limit, offset)
    items = entries.list_entries(ctx, caller, q)
    return EntryPage(
        items=[EntryOut.model_validate(e) for e in items],
        next_offset=offset + limit if len(items) == limit else None,
    )


@router.post("/entries", response_model=EntryOut, status_code=status.HTTP_201_CREATED)
def create_entry(body: EntryIn, caller: CallerDep, ctx: CtxDep) -> EntryOut:
    """Log the caller's own time: policy, rate and rounding applied by the server."""
    new = entries.NewEntry(
        raw_seconds=body.raw_seconds,
        work_date=body.date,
        matter=body.matter,
        phase=body.phase,
        service=body.service,
        narrative=body.narrative,
        utbms_task=body.utbms_task,
        utbms_activity=body.utbms_activity,
        billable_override=body.billable,
        start=body.start,
        end=body.end,
        source=body.source,
        id=str(body.id) if body.id else None,
    )
    return EntryOut.model_validate(entries.create(ctx, caller, new))


@router.get("/entries/{entry_id}", response_model=EntryOut)
def get_entry(entry_id: UUID, caller: CallerDep, ctx: CtxDep) -> EntryOut:
    return EntryOut.model_validate(entries.get(ctx, caller, str(entry_id)))


@router.patch(
    "/entries/{entry_id}",
    response_model=EntryOut,
    responses={202: {"model": CorrectionOut, "description": "A correction request was sent"}},
)
def edit_entry(
    entry_id: UUID, body: EntryPatch, caller: CallerDep, ctx: CtxDep
) -> EntryOut | JSONResponse:
    """Edit a draft, submitted or rejected entry. On an approved entry the edit becomes a
    correction request for the reviewers (202, with ``comment`` as the person's text)."""
    change = entries.Edit(body.changes(), body.version, body.comment)
    result = entries.edit(ctx, caller, str(entry_id), change)
    if isinstance(result, entries.Correction):
        out = CorrectionOut.model_validate(result)
        return JSONResponse(out.model_dump(mode="json"), status_code=202)
    return EntryOut.model_validate(result)


@router.delete("/entries/{entry_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_entry(entry_id: UUID, caller: CallerDep, ctx: CtxDep) -> Response:
    entries.delete(ctx, caller, str(entry_id))
    return Response(status_code=204)


@router.get("/entries/{entry_id}/history", response_model=list[EventOut])
def entry_history(entry_id: UUID, caller: CallerDep, ctx: CtxDep) -> list[EventOut]:
    return [EventOut.model_validate(e) for e in audit.history(ctx, caller, str(entry_id))]
