"""The only routes answering without a session: health, version, sign-in."""

from __future__ import annotations

from fastapi import APIRouter, Request

from core import __version__
from server.routes.access import CtxDep
from server.schemas.auth import LoginIn, LoginOut, MessageOut, VersionOut
from server.schemas.common import ERRORS
from server.services import auth

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/health", response_model=MessageOut)
def health(ctx: CtxDep) -> MessageOut:
    with ctx.db.read() as conn:
        conn.exec_driver_sql("SELECT 1")
    return MessageOut(detail="ok")


@router.get("/version", response_model=VersionOut)
def version() -> VersionOut:
    return VersionOut(name="docket-server", version=__version__, api="v1")


@router.post("/auth/login", response_model=LoginOut)
def login(body: LoginIn, request: Request, ctx: CtxDep) -> LoginOut:
    address = request.client.host if request.client else "unknown"
    s = auth.login(ctx, body.email, body.password, address)
    return LoginOut(token=s.token, person=s.person, expires_at=s.expires_at)
