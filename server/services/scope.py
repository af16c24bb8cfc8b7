"""What a caller may see, as the access table's object scopes say (routes/access.py):

* ``all`` — everything;
* ``visible`` — their own entries, and every entry of a matter they review;
* ``team`` — matters whose team includes them or that they review (and those matters'
  clients and phases, and the people on them);
* ``own`` — their own entries only;
* ``self`` — only themselves.

Something outside the scope is reported exactly as if it did not exist (:class:`NotFound`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, or_, true

from core.model import Matter, reviewers_of
from core.workflow import Actor
from server.models import tables as t
from server.models.master import Master
from server.services.context import Caller


def reviews(master: Master, person: str, matter: Matter | None) -> bool:
    return matter is not None and person in reviewers_of(matter, master.people)


def reviewed_matters(master: Master, person: str) -> list[str]:
    return [code for code, m in master.matters.items() if person in reviewers_of(m, master.people)]


def on_matter(master: Master, caller: Caller, matter: Matter) -> bool:
    """The matter is in the caller's ``team`` scope."""
    if caller.scope == "all":
        return True
    return caller.person in matter.team or reviews(master, caller.person, matter)


def visible_matters(master: Master, caller: Caller) -> list[Matter]:
    return [m for m in master.matters.values() if on_matter(master, caller, m)]


def may_see_entry(master: Master, caller: Caller, row: Any) -> bool:
    if caller.scope == "all":
        return True
    if row["person"] == caller.person:
        return True
    if caller.scope != "visible":
        return False
    return reviews(master, caller.person, master.matters.get(row["matter"] or ""))


def entry_filter(master: Master, caller: Caller) -> ColumnElement[bool]:
    """The SQL condition selecting the entries the caller may see."""
    c = t.entries.c
    if caller.scope == "all":
        return true()
    if caller.scope not in ("visible", "own"):
        return false()
    mine = c.person == caller.person
    reviewed = reviewed_matters(master, caller.person) if caller.scope == "visible" else []
    return or_(mine, c.matter.in_(reviewed)) if reviewed else mine


def visible_people(master: Master, caller: Caller) -> set[str]:
    if caller.scope == "all":
        return set(master.people)
    seen = {caller.person}
    if caller.scope == "team":
        for m in master.matters.values():
            if reviews(master, caller.person, m):
                seen.update(m.team)
    return seen


def actor(master: Master, caller: Caller, matter_code: str | None) -> Actor:
    """The caller as the workflow table knows them, for an entry on ``matter_code``."""
    matter = master.matters.get(matter_code or "")
    return Actor(caller.person, caller.role, reviews(master, caller.person, matter))
