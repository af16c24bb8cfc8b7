"""The signed-in person: who am I, sign out, change my password."""

from __future__ import annotations

from fastapi import APIRouter

from server.routes.access import CallerDep, CtxDep
from server.schemas.auth import MeOut, MessageOut, PasswordIn
from server.schemas.common import ERRORS
from server.services import auth, master_data, scope

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.post("/auth/logout", response_model=MessageOut)
def logout(caller: CallerDep, ctx: CtxDep) -> MessageOut:
    auth.logout(ctx, caller)
    return MessageOut(detail="signed out")


@router.get("/me", response_model=MeOut)
def me(caller: CallerDep, ctx: CtxDep) -> MeOut:
    master = master_data.snapshot(ctx)
    p = master.people[caller.person]
    return MeOut(
        id=p.id,
        name=p.name,
        email=p.email,
        role=p.role,
        classification=p.classification,
        reviews=scope.reviewed_matters(master, p.id),
    )


@router.post("/me/password", response_model=MessageOut)
def change_password(body: PasswordIn, caller: CallerDep, ctx: CtxDep) -> MessageOut:
    auth.change_password(ctx, caller, body.current_password, body.new_password)
    return MessageOut(detail="password changed: every session ended; sign in again")
