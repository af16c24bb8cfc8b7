"""Sync: ``POST /sync/push`` (a device's mutations, applied at most once, each answered) and
``GET /sync/pull`` (every change after a cursor, from one snapshot)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import StringConstraints

from core.protocol import parse_push
from server.routes.access import CallerDep, CtxDep
from server.schemas.common import ERRORS
from server.schemas.sync import PullOut, PushIn, PushOut, SeqErrorOut
from server.services import sync, sync_pull

router = APIRouter(prefix="/api/v1", responses=ERRORS)
Counter = Annotated[int, Query(ge=0, le=2**62)]
Period = Annotated[str, StringConstraints(pattern=r"^[^:\x00]{1,64}:(19|2\d)\d\d-(0[1-9]|1[0-2])$")]


@router.post(
    "/sync/push",
    response_model=PushOut,
    responses={409: {"model": SeqErrorOut, "description": "seq_gap or seq_conflict"}},
)
def push(body: PushIn, caller: CallerDep, ctx: CtxDep) -> Any:
    """Apply a device's mutations in seq order. Every mutation carried is answered in the 200
    body (applied, merged, conflict, correction or rejected, with the reason and the entry as
    the server now holds it). 409 means only a seq gap or a seq reused: nothing was applied."""
    req = parse_push(body.model_dump(mode="json"))
    try:
        return _json(sync.push(ctx, caller, req))
    except sync.SeqGap as err:
        return JSONResponse(
            {"detail": str(err), "problems": [], "error": "seq_gap", "expected_seq": err.expected},
            status_code=409,
        )
    except sync.SeqConflict as err:
        return JSONResponse(
            {"detail": str(err), "problems": [], "error": "seq_conflict", "expected_seq": None},
            status_code=409,
        )


@router.get("/sync/pull", response_model=PullOut)
def pull(
    caller: CallerDep,
    ctx: CtxDep,
    client_id: UUID,
    cursor: Counter = 0,
    epoch: Counter = 0,
    master_rev: Counter = 0,
    digest: Annotated[list[Period] | None, Query(max_length=200)] = None,
) -> Any:
    """Every change the caller may see after ``cursor`` (a page; ``more`` says if another
    follows), master data when ``master_rev`` is old, digests of the named periods
    (``person:YYYY-MM``). An old ``epoch`` answers ``reset``: reload the replica in full."""
    periods = [(p.rsplit(":", 1)[0], p.rsplit(":", 1)[1]) for p in digest or []]
    body = sync_pull.pull(ctx, caller, str(client_id), cursor, epoch, master_rev, periods)
    if sync.armed("pull.mid_response"):
        return _half_then_die(body)
    return _json(body)


def _half_then_die(body: dict[str, Any]) -> StreamingResponse:
    """Test-only: send half of the answer, then the process dies (SIGKILL)."""
    data = json.dumps(body).encode("utf-8")

    def chunks() -> Iterator[bytes]:
        yield data[: len(data) // 2]
        sync.die()
        yield b""  # pragma: no cover - never reached

    return StreamingResponse(chunks(), media_type="application/json")


def _json(body: dict[str, Any]) -> Response:
    """Sync bodies are plain JSON built by the services; sent as they are (validating
    thousands of entries through the response model again would double the cost)."""
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(content=data, media_type="application/json")
