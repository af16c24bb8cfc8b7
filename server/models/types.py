"""Column types that keep instants exact on both databases: aware UTC instants stored as
canonical text ``2026-11-26T07:26:44.123456Z`` (SQLite's DateTime comes back naive)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

from core.timeutil import parse_utc_text, utc_text


class UtcText(TypeDecorator[datetime]):
    """An aware instant as fixed-width UTC text (text order is time order)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else parse_utc_text(value)
