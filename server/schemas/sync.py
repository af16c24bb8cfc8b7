"""The sync endpoints' wire types (core.protocol describes the semantics)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

Seq = Annotated[StrictInt, Field(ge=1, le=2**62)]
Version = Annotated[StrictInt, Field(ge=0, le=2**62)]


class MutationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: Seq
    mutation_id: UUID
    entity: Literal["entry", "comment"]
    op: Literal[
        "create", "edit", "delete", "submit", "approve", "reject", "reopen", "comment", "withdraw"
    ]
    entity_id: UUID
    base_version: Version | None = None
    device_time_utc: Annotated[
        StrictStr,
        Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"),
    ]
    payload: dict[str, Any] = Field(default_factory=dict)


class PushIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: UUID
    sent_at: Annotated[StrictStr, Field(max_length=64)]
    mutations: Annotated[list[MutationIn], Field(max_length=1000)]


class PushOut(BaseModel):
    results: list[dict[str, Any]]
    last_seq: int
    server_time: str


class SeqErrorOut(BaseModel):
    detail: str
    problems: list[dict[str, str]] = Field(default_factory=list)
    error: Literal["seq_gap", "seq_conflict"]
    expected_seq: int | None = None


class PullOut(BaseModel):
    server_time: str | None
    epoch: int
    last_applied_seq: int
    reset: bool
    cursor: int
    more: bool
    entries: list[dict[str, Any]]
    comments: list[dict[str, Any]] = Field(default_factory=list)
    corrections: list[dict[str, Any]] = Field(default_factory=list)
    master_rev: int | None = None
    master: dict[str, Any] | None = None
    digests: list[dict[str, Any]] | None = None
