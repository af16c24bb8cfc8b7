"""A workspace: the store, the clock, the time zone, and who is acting.

Personal workspace: the owner (the firm's ``owner``, default the first person) acts and holds
every role. Firm workspace: the signed-in person acts, with their own role.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection

from core import workflow
from core.errors import DocketError, NotFound
from core.model import Person, reviewers_of
from core.timeutil import Clock, local_date, system_clock
from desktop.models import master as master_mod
from desktop.models.master import Master
from desktop.models.store import Store, get_meta

Kind = Literal["personal", "firm"]


class NoSetup(DocketError):
    """The workspace has no firm set-up (no people) yet."""

    def __init__(self) -> None:
        super().__init__(
            "this workspace has no firm set-up yet: run `docket demo` for a demo firm, "
            "or `docket import FILE` to load yours"
        )


class AwaitingFirstSync(DocketError):
    """Signed in to a firm server whose set-up has not reached this computer yet (the first
    sync did not finish): nothing can be logged until it does."""

    def __init__(self, signed_out: bool = False) -> None:
        super().__init__(
            "the firm's set-up has not reached this computer yet: sign in again "
            "(`docket login`, or Firm ▸ Sign in in the app) and it comes with the first sync"
            if signed_out
            else "the firm's set-up has not reached this computer yet: it comes with the next "
            "sync (`docket sync`, or Firm ▸ Sync now in the app) once the server can be reached"
        )


@dataclass(frozen=True)
class Acting:
    """The person acting and what the workflow needs to know about them."""

    person: Person
    kind: Kind

    def actor_for(self, master: Master, matter_code: str | None) -> workflow.Actor:
        if self.kind == "personal":
            return workflow.Actor(self.person.id, "admin", True)
        matter = master.matters.get(matter_code or "")
        reviews = matter is not None and self.person.id in reviewers_of(matter, master.people)
        return workflow.Actor(self.person.id, self.person.role, reviews)


class Workspace:
    """One data folder. Thread-safe: services may be called from a worker thread."""

    def __init__(self, store: Store, clock: Clock = system_clock, tz: tzinfo | None = None) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz
        self._cache: Master | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        data_dir: Path,
        clock: Clock = system_clock,
        tz: tzinfo | None = None,
        *,
        long_lived: bool = False,
    ) -> Workspace:
        """Open a data folder. ``long_lived`` (the app, benchmarks): WAL checkpoints run in
        the background instead of inside an occasional save."""
        return cls(Store(data_dir, background_checkpoints=long_lived), clock, tz)

    def close(self) -> None:
        self.store.close()

    # -- time
    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return local_date(self.clock(), self.tz)

    def work_date_of(self, instant: datetime) -> date:
        return local_date(instant, self.tz)

    # -- facts
    def kind(self, conn: Connection) -> Kind:
        return "firm" if get_meta(conn, "kind") == "firm" else "personal"

    def master(self, conn: Connection) -> Master:
        """Master data, cached in memory until any process changes it (``master_rev``)."""
        rev = master_mod.master_rev(conn)
        with self._lock:
            cached = self._cache
        if cached is not None and cached.rev == rev:
            return cached
        fresh = master_mod.load(conn)
        with self._lock:
            self._cache = fresh
        return fresh

    def acting(
        self, conn: Connection, master: Master | None = None, *, reading: bool = False
    ) -> Acting:
        """Who acts: the owner in a personal workspace, the signed-in person in a firm one.

        A firm workspace whose first sync has not finished has no set-up yet: ``reading``
        (a list, a week, the status) acts as the signed-in person, who sees nothing yet; any
        change is refused with :class:`AwaitingFirstSync`."""
        m = master or self.master(conn)
        kind = self.kind(conn)
        if kind == "firm":
            pid = get_meta(conn, "signed_in_person")
            person = m.people.get(pid or "")
            if person is None and pid and m.firm is None:
                if not reading:
                    raise AwaitingFirstSync(get_meta(conn, "signed_out") == "1")
                return Acting(Person(pid, pid), kind)
            if person is None:
                raise DocketError("signed out: sign in again with `docket login`")
            return Acting(person, kind)
        owner = m.owner
        if owner is None:
            raise NoSetup()
        return Acting(owner, kind)

    def person(self, master: Master, ref: str) -> Person:
        """A person by id or email, or a clear refusal."""
        p = master.person_by_ref(ref)
        if p is None:
            raise NotFound(f"there is no person {ref!r} (give a person id or email)")
        return p
