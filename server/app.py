"""The FastAPI application: routers, and the one place domain errors become HTTP answers."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from core import __version__
from core.errors import (
    Conflict,
    DocketError,
    IllegalTransition,
    InputError,
    NotFound,
    ValidationError,
)
from server.models.db import Unavailable
from server.models.migrate import NotMigrated
from server.routes import account, audit, entries, master, public, review, sync
from server.services.auth import BadCredentials, Throttled
from server.services.context import Context
from server.services.sync import ForeignClient

log = logging.getLogger("docket.server")

# Most specific first: the first class an error is an instance of decides its status.
STATUS: tuple[tuple[type[DocketError], int], ...] = (
    (ForeignClient, 403),
    (NotFound, 404),
    (ValidationError, 422),
    (InputError, 422),
    (IllegalTransition, 409),
    (Conflict, 409),
    (BadCredentials, 401),
    (Throttled, 429),
    (Unavailable, 503),
    (NotMigrated, 503),
    (DocketError, 400),
)


def _error(
    status: int,
    detail: str,
    problems: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"detail": detail, "problems": problems or []}, status_code=status, headers=headers
    )


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DocketError)
    status = next(code for cls, code in STATUS if isinstance(exc, cls))
    problems = (
        [{"path": p.path, "message": p.message} for p in exc.problems]
        if isinstance(exc, ValidationError)
        else None
    )
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Throttled) else None
    if isinstance(exc, Unavailable | NotMigrated):
        headers = {"Retry-After": "1"}
    return _error(status, str(exc), problems, headers)


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"path": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    first = problems[0] if problems else {"path": "", "message": "invalid request"}
    return _error(422, f"{first['path']}: {first['message']}", problems)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, str(exc.detail), None, dict(exc.headers or {}) or None)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(500, "internal error: nothing was changed")


def create_app(ctx: Context) -> FastAPI:
    """The API over ``ctx`` (one per process)."""
    app = FastAPI(
        title="Docket firm server",
        version=__version__,
        description="Time entries, approvals, master data and the audit trail of a firm. "
        "Send `Authorization: Bearer <token>` from `POST /api/v1/auth/login`.",
    )
    app.state.ctx = ctx
    for module in (public, account, master, entries, review, audit, sync):
        app.include_router(module.router)
    app.add_exception_handler(DocketError, _domain_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    return app
