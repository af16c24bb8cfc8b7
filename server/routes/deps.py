"""Request-scoped dependencies: the process's service context."""

from __future__ import annotations

from fastapi import Request

from server.services.context import Context


def get_ctx(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx
