"""What every service needs: the database, the master-data cache, the clock, the settings.
One per process; holds nothing another process would need (sessions and throttling live in
the database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection

from core.timeutil import Clock, system_clock
from server.models.db import Database
from server.models.master import Master, MasterCache


@dataclass(frozen=True)
class Caller:
    """Who is asking, and the object scope the access table grants them for this route:
    ``all`` (everything), ``visible`` (their own entries and those of matters they review),
    ``team`` (matters whose team includes them or that they review), ``own`` (their own
    entries), ``self`` (only themselves)."""

    person: str
    role: str
    scope: str = "self"
    token_hash: str = ""


@dataclass
class Context:
    db: Database
    clock: Clock = system_clock
    session_ttl: timedelta = timedelta(hours=12)
    cache: MasterCache = field(default_factory=MasterCache)

    def now(self) -> datetime:
        return self.clock()

    def master(self, conn: Connection) -> Master:
        return self.cache.get(conn)
