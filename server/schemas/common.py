"""Wire types shared by every schema: money as 2-decimal strings, instants as ISO 8601 with
an offset, codes and texts that the databases can store (no NUL, no lone surrogates), and
the one error body every refusal uses.

Request bodies use strict scalars per field (``StrictInt``, ``StrictBool``, ``StrictStr``)
so ``"1"`` is not an integer; dates, UUIDs and money strings stay accepted (ENVIRONMENT.md).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
)

from core.money import parse_money
from core.setup_file import storable
from core.timeutil import check_instant, to_utc

MONEY_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"
CODE_PATTERN = r"^[^\s|\x00-\x1f][^|\x00-\x1f]{0,63}$"


def _money_in(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise ValueError('money is a decimal string with two places, such as "300.00"')
    return parse_money(value, what="amount")


def _money_out(value: Decimal) -> str:
    return f"{value:.2f}"


Money = Annotated[
    Decimal,
    BeforeValidator(_money_in),
    PlainSerializer(_money_out, return_type=str),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN}),
]
Hours = Annotated[
    Decimal,
    PlainSerializer(_money_out, return_type=str),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN}),
]


def _storable(value: str) -> str:
    return storable(value, max_length=len(value))  # the length is the field's own constraint


Text = Annotated[StrictStr, StringConstraints(max_length=10_000), AfterValidator(_storable)]
ShortText = Annotated[StrictStr, StringConstraints(max_length=500), AfterValidator(_storable)]
Code = Annotated[StrictStr, StringConstraints(pattern=CODE_PATTERN)]
# an instant sent in a request: with its offset, within the years a record can hold
WorkInstant = Annotated[AwareDatetime, AfterValidator(check_instant)]
Instant = Annotated[
    datetime,
    PlainSerializer(lambda d: to_utc(d).isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class In(BaseModel):
    """A request body: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    """A response body, read from a service's frozen value."""

    model_config = ConfigDict(from_attributes=True)


class ProblemOut(BaseModel):
    path: str
    message: str


class ErrorOut(BaseModel):
    """Every refusal: one sentence a person can act on, and the problems it lists."""

    detail: str
    problems: list[ProblemOut] = []


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (400, "Refused"),
        (401, "Not signed in"),
        (403, "Not allowed for this role"),
        (404, "Not found (or outside what the caller may see)"),
        (409, "Conflicts with the current state"),
        (422, "Invalid input"),
        (429, "Too many attempts"),
        (503, "Database busy or unreachable"),
    )
}
