"""Column types that keep the store exact: instants as canonical UTC text ending in ``Z``
(returned aware), dates as ``YYYY-MM-DD`` text, JSON as canonical text. Money is stored as
integer cents in plain Integer columns; durations as integer seconds. Never REAL."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

from core.audit import canonical_json
from core.timeutil import parse_utc_text, utc_text


class UtcText(TypeDecorator[datetime]):
    """An aware instant stored as ``2026-11-26T07:26:44.123456Z`` (fixed width: sorts by time)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else parse_utc_text(value)


class DateText(TypeDecorator[date]):
    """A calendar date stored as ``YYYY-MM-DD``."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            raise TypeError("a date column was given a datetime")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> date | None:
        return None if value is None else date.fromisoformat(value)


class JsonText(TypeDecorator[Any]):
    """A JSON value stored as canonical text (sorted keys, no spaces)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else canonical_json(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)
