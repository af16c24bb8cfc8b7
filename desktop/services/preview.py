"""An entry's live preview: the problems that would refuse it and the rate, billed time,
amount and rule it would get — computed exactly as saving would, from a frozen
:class:`~desktop.models.master.Master`, without touching the store.

Pure and fast (microseconds), so the editor may call it on the GUI thread on every keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import Problem
from core.pricing import Pricing, amount
from desktop.models.master import Master
from desktop.services import pricing_rows as pr
from desktop.services.dto import EntryDTO


@dataclass(frozen=True)
class Preview:
    problems: tuple[Problem, ...]
    pricing: Pricing | None  # None when the duration is not valid yet
    kept_rate: bool = False  # an edit keeps the rate stored when the entry was saved
    utbms_activity: str | None = None  # the activity the set-up implies, when none is given

    def for_field(self, name: str) -> list[str]:
        return [p.message for p in self.problems if p.path == name]


def preview(master: Master, draft: pr.Draft, existing: EntryDTO | None = None) -> Preview:
    """What saving ``draft`` would do: a new entry, or an edit of ``existing``.

    Mirrors :meth:`EntryService._apply`: an edit that leaves the matter, service and date as
    they were keeps the entry's stored rate and rule (a later rule never touches an entry);
    rounding and amount are recomputed.
    """
    if draft.person not in master.people:
        return Preview((Problem("person", f"there is no person {draft.person!r}"),), None)
    norm = pr.normalise(master, draft)
    check_override = draft.billable_override is not None and (
        existing is None or draft.billable_override != existing.billable_override
    )
    found = tuple(pr.problems(master, norm, check_override=check_override))
    if not 0 < draft.raw_seconds <= 24 * 3600:
        return Preview(found, None, utbms_activity=norm.utbms_activity)
    priced = pr.price_of(master, norm)
    kept = (
        existing is not None
        and existing.rate_rule_id is not None
        and (existing.matter, existing.service, existing.date)
        == (norm.matter, norm.service, norm.work_date)
    )
    if kept and existing is not None:
        priced = Pricing(
            billed_seconds=priced.billed_seconds,
            billed_hours=priced.billed_hours,
            rate=existing.rate,
            currency=existing.currency,
            rate_rule_id=existing.rate_rule_id,
            rate_rule=existing.rate_rule,
            amount=amount(priced.billed_hours, existing.rate, priced.billable),
            billable=priced.billable,
        )
    return Preview(found, priced, kept, norm.utbms_activity)
