"""Signing in, the caller, passwords, health and version."""

from __future__ import annotations

from pydantic import Field

from server.schemas.common import In, Instant, Out, ShortText


class LoginIn(In):
    email: ShortText
    password: ShortText


class LoginOut(Out):
    token: str = Field(description="send as `Authorization: Bearer <token>`")
    token_type: str = "bearer"
    person: str
    expires_at: Instant


class MeOut(Out):
    id: str
    name: str
    email: str | None
    role: str
    classification: str | None
    reviews: list[str] = Field(description="codes of the matters this person reviews")


class PasswordIn(In):
    current_password: ShortText
    new_password: ShortText


class MessageOut(Out):
    detail: str


class VersionOut(Out):
    name: str
    version: str
    api: str


class VerifyOut(Out):
    ok: bool
    checked: int
    broken_seq: int | None
    reason: str
    message: str
