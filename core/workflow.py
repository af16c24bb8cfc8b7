"""The approval workflow as a table (PRODUCT.md §4 "Approval").

``decide`` answers, for an entry's state, an action and who is acting, what happens: the new
state and any effect, or an :class:`IllegalTransition` whose message says why not and what to do
instead. Both the desktop and the server call it; neither re-implements a rule of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.errors import IllegalTransition

State = Literal["draft", "submitted", "approved", "rejected", "billed"]
Action = Literal["edit", "submit", "approve", "reject", "reopen", "delete", "bill"]
Workspace = Literal["personal", "firm"]
Effect = Literal["none", "revision", "correction_request", "tombstone", "lock", "final"]

STATES: tuple[State, ...] = ("draft", "submitted", "approved", "rejected", "billed")
ACTIONS: tuple[Action, ...] = ("edit", "submit", "approve", "reject", "reopen", "delete", "bill")

# Who may take an action: the entry's own person, a reviewer of its matter, a reviewer or an
# admin, or billing/admin.
Who = Literal["person", "reviewer", "reviewer_or_admin", "billing"]


@dataclass(frozen=True)
class Rule:
    to: State | None  # None: the entry is gone (a tombstone)
    who: Who
    comment: Literal["optional", "required", "none"]
    effect: Effect = "none"


# (from state, action) → rule. Anything not here is refused.
TABLE: dict[tuple[State, Action], Rule] = {
    ("draft", "edit"): Rule("draft", "person", "none"),
    ("draft", "submit"): Rule("submitted", "person", "optional"),
    ("draft", "delete"): Rule(None, "person", "none", "tombstone"),
    ("submitted", "edit"): Rule("submitted", "person", "none", "revision"),
    ("submitted", "approve"): Rule("approved", "reviewer", "optional", "lock"),
    ("submitted", "reject"): Rule("rejected", "reviewer", "required"),
    ("rejected", "edit"): Rule("rejected", "person", "none"),
    ("rejected", "submit"): Rule("submitted", "person", "optional"),
    ("rejected", "delete"): Rule(None, "person", "none", "tombstone"),
    ("approved", "reopen"): Rule("rejected", "reviewer_or_admin", "required"),
    ("approved", "edit"): Rule("approved", "person", "required", "correction_request"),
    ("approved", "bill"): Rule("billed", "billing", "none", "final"),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting, as the workflow needs to know them."""

    person: str
    role: str
    reviews_matter: bool


@dataclass(frozen=True)
class Outcome:
    to: State | None
    effect: Effect


def decide(
    state: State,
    action: Action,
    actor: Actor,
    *,
    entry_person: str,
    workspace: Workspace,
    allow_self_approval: bool = False,
    comment: str | None = None,
) -> Outcome:
    """The outcome of ``action`` on an entry in ``state``, or :class:`IllegalTransition`.

    In a personal workspace the acting owner holds every role, and an approved entry is
    finalised: an edit is refused (the owner reopens instead) rather than becoming a correction
    request. ``allow_self_approval`` takes effect only in a firm workspace.
    """
    rule = TABLE.get((state, action))
    if rule is None:
        raise IllegalTransition(_refusal(state, action, workspace))
    if state == "approved" and action == "edit" and workspace == "personal":
        raise IllegalTransition(
            "the entry is approved and locked: reopen it (with a comment) to change it"
        )
    if workspace == "firm":
        _check_who(rule, action, actor, entry_person, allow_self_approval)
    text = (comment or "").strip()
    if rule.comment == "required" and not text:
        what = {"reject": "rejecting", "reopen": "reopening", "edit": "a correction request"}
        raise IllegalTransition(
            f"a comment is required for {what.get(action, action)}: say what needs to change"
        )
    return Outcome(rule.to, rule.effect)


def _check_who(
    rule: Rule, action: Action, actor: Actor, entry_person: str, allow_self: bool
) -> None:
    if rule.who == "person" and actor.person != entry_person:
        raise IllegalTransition(
            f"only the entry's own person can {action} it"
            + (" (reviewers reject it back instead)" if action == "edit" else "")
        )
    if rule.who == "reviewer":
        if not actor.reviews_matter:
            raise IllegalTransition(f"only a reviewer of the entry's matter can {action} it")
        if action == "approve" and actor.person == entry_person and not allow_self:
            raise IllegalTransition(
                "you cannot approve your own time: the firm does not allow self-approval; "
                "another reviewer of the matter must approve it"
            )
    if rule.who == "reviewer_or_admin" and not (actor.reviews_matter or actor.role == "admin"):
        raise IllegalTransition(
            f"only a reviewer of the entry's matter or an admin can {action} it"
        )
    if rule.who == "billing" and actor.role not in ("billing", "admin"):
        raise IllegalTransition("only billing or an admin can export entries for billing")


def _refusal(state: State, action: Action, workspace: Workspace) -> str:
    if state == "billed":
        return "the entry is billed: it is final and can never be changed"
    if state == "approved":
        if action == "delete":
            if workspace == "firm":
                return (
                    "the entry is approved and locked: it cannot be deleted; "
                    "send a correction request asking to void it"
                )
            return "the entry is approved and locked: reopen it (with a comment) to delete it"
        if action in ("approve", "submit"):
            return "the entry is already approved"
        if action == "reject":
            return "the entry is already approved: reopen it (with a comment) instead"
    if action == "delete" and state == "submitted":
        return (
            "the entry is submitted: it cannot be deleted while under review; "
            "ask a reviewer to reject it, then delete it"
        )
    if action in ("approve", "reject"):
        done = {"approve": "approved", "reject": "rejected"}[action]
        return f"only submitted entries can be {done} (this one is {state})"
    if action == "reopen":
        return f"only approved entries can be reopened (this one is {state})"
    if action == "submit":
        return f"the entry is already {state}"
    if action == "bill":
        return f"only approved entries can be billed (this one is {state})"
    return f"cannot {action} an entry that is {state}"  # pragma: no cover - table is complete


def is_locked(state: State) -> bool:
    """Approved and billed entries are never changed by anyone."""
    return state in ("approved", "billed")


def may_comment(actor: Actor, entry_person: str, workspace: Workspace) -> bool:
    """The entry's person, its matter's reviewers, admins and billing may comment."""
    if workspace == "personal":
        return True
    return (
        actor.person == entry_person or actor.reviews_matter or actor.role in ("admin", "billing")
    )
