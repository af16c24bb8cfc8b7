"""Audit events on the wire."""

from __future__ import annotations

from typing import Any

from server.schemas.common import Instant, Out


class EventOut(Out):
    seq: int
    at: Instant
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    comment: str
    hash: str


class EventPage(Out):
    items: list[EventOut]
    next_after_seq: int | None
