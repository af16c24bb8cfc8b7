"""The approval workflow (PRODUCT.md §4 "Approval"), walked cell by cell.

The expected table below is written from PRODUCT.md's approval table, not from core/workflow.py:
every (state, action, actor kind, workspace) combination is checked against it.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import DocketError, IllegalTransition
from core.workflow import ACTIONS, STATES, Actor, Outcome, decide, is_locked, may_comment

PROPS = settings(max_examples=200, deadline=None)

SPEC_STATES = ("draft", "submitted", "approved", "rejected", "billed")
# "export for billing" is the action ``bill``
SPEC_ACTIONS = ("edit", "submit", "approve", "reject", "reopen", "delete", "bill")

ENTRY_PERSON = "mlee"

# Actor kinds: (actor, entry's person, allow_self_approval)
KINDS: dict[str, tuple[Actor, str, bool]] = {
    "person": (Actor("mlee", "timekeeper", reviews_matter=False), ENTRY_PERSON, False),
    "reviewer": (Actor("rarnsley", "partner", reviews_matter=True), ENTRY_PERSON, False),
    # a reviewer of the matter logging their own time
    "self_reviewer": (Actor("rarnsley", "partner", reviews_matter=True), "rarnsley", False),
    "self_reviewer_allowed": (Actor("rarnsley", "partner", reviews_matter=True), "rarnsley", True),
    "admin": (Actor("admin1", "admin", reviews_matter=False), ENTRY_PERSON, False),
    "billing": (Actor("bill1", "billing", reviews_matter=False), ENTRY_PERSON, False),
    "other": (Actor("other1", "timekeeper", reviews_matter=False), ENTRY_PERSON, False),
}
OWN = {"person", "self_reviewer", "self_reviewer_allowed"}  # acting on their own entry
REVIEWERS = {"reviewer", "self_reviewer", "self_reviewer_allowed"}

# PRODUCT.md §4, row by row: (from, action) → (to, effect, who may in a firm workspace).
# ``None`` as "to" is a tombstone. Every (from, action) not listed is refused to everyone.
SPEC: dict[tuple[str, str], tuple[str | None, str, set[str]]] = {
    ("draft", "edit"): ("draft", "none", OWN),
    ("draft", "submit"): ("submitted", "none", OWN),
    ("submitted", "edit"): ("submitted", "revision", OWN),  # a new revision; review restarts
    # a reviewer — not the entry's person, unless the firm allows self-approval
    ("submitted", "approve"): ("approved", "lock", {"reviewer", "self_reviewer_allowed"}),
    ("submitted", "reject"): ("rejected", "none", REVIEWERS),
    ("rejected", "edit"): ("rejected", "none", OWN),
    ("rejected", "submit"): ("submitted", "none", OWN),
    ("approved", "reopen"): ("rejected", "none", REVIEWERS | {"admin"}),
    # firm workspace: a correction request; the entry itself is unchanged
    ("approved", "edit"): ("approved", "correction_request", OWN),
    ("approved", "bill"): ("billed", "final", {"billing", "admin"}),
    ("draft", "delete"): (None, "tombstone", OWN),
    ("rejected", "delete"): (None, "tombstone", OWN),
}


def expected(state: str, action: str, kind: str, workspace: str) -> Outcome | None:
    """The spec's answer: the outcome, or None when refused."""
    row = SPEC.get((state, action))
    if row is None:
        return None
    to, effect, who = row
    if workspace == "personal":
        # the owner holds every role; an approved entry is reopened, never edited in place
        if (state, action) == ("approved", "edit"):
            return None
        return Outcome(to, effect)  # type: ignore[arg-type]
    return Outcome(to, effect) if kind in who else None  # type: ignore[arg-type]


CASES = list(itertools.product(SPEC_STATES, SPEC_ACTIONS, KINDS, ("firm", "personal")))


def act(state: str, action: str, kind: str, workspace: str, comment: str | None = "why") -> Outcome:
    """``decide`` for an actor kind of :data:`KINDS`."""
    actor, entry_person, allow_self = KINDS[kind]
    return decide(
        state,  # type: ignore[arg-type]
        action,  # type: ignore[arg-type]
        actor,
        entry_person=entry_person,
        workspace=workspace,  # type: ignore[arg-type]
        allow_self_approval=allow_self,
        comment=comment,
    )


def test_the_workflow_knows_exactly_the_spec_states_and_actions() -> None:
    assert set(STATES) == set(SPEC_STATES)
    assert set(ACTIONS) == set(SPEC_ACTIONS)


def test_every_combination_is_walked() -> None:
    assert len(CASES) == 5 * 7 * 7 * 2


@pytest.mark.parametrize(("state", "action", "kind", "workspace"), CASES)
def test_every_state_action_actor_workspace(
    state: str, action: str, kind: str, workspace: str
) -> None:
    want = expected(state, action, kind, workspace)
    comment = "Please split the call from the drafting"  # comments never block here
    if want is None:
        with pytest.raises(IllegalTransition) as err:
            act(state, action, kind, workspace, comment)
        assert str(err.value)  # always a reason
    else:
        assert act(state, action, kind, workspace, comment) == want


# ------------------------------------------------------------------ comments


@pytest.mark.parametrize(
    ("state", "action", "kind", "workspace"),
    [
        ("submitted", "reject", "reviewer", "firm"),
        ("submitted", "reject", "reviewer", "personal"),
        ("approved", "reopen", "reviewer", "firm"),
        ("approved", "reopen", "admin", "firm"),
        ("approved", "reopen", "person", "personal"),
        ("approved", "edit", "person", "firm"),  # the correction request's text
    ],
)
@pytest.mark.parametrize("comment", [None, "", "   ", "\n\t"])
def test_required_comments(
    state: str, action: str, kind: str, workspace: str, comment: str | None
) -> None:
    with pytest.raises(IllegalTransition, match="comment is required"):
        act(state, action, kind, workspace, comment)


@pytest.mark.parametrize(
    ("state", "action", "kind", "to"),
    [
        ("draft", "submit", "person", "submitted"),
        ("rejected", "submit", "person", "submitted"),
        ("submitted", "approve", "reviewer", "approved"),
        ("draft", "edit", "person", "draft"),
        ("submitted", "edit", "person", "submitted"),
        ("approved", "bill", "billing", "billed"),
        ("draft", "delete", "person", None),
    ],
)
@pytest.mark.parametrize("comment", [None, ""])
def test_comments_are_optional_elsewhere(
    state: str, action: str, kind: str, to: str | None, comment: str | None
) -> None:
    for workspace in ("firm", "personal"):
        assert act(state, action, kind, workspace, comment).to == to


# ------------------------------------------------------------------ reasons


def refusal(state: str, action: str, kind: str, workspace: str) -> str:
    with pytest.raises(IllegalTransition) as err:
        act(state, action, kind, workspace)
    return str(err.value)


def test_personal_approved_edit_is_refused_pointing_to_reopen() -> None:
    text = refusal("approved", "edit", "person", "personal")
    assert "reopen" in text
    assert "approved" in text


def test_personal_approved_delete_points_to_reopen() -> None:
    assert "reopen" in refusal("approved", "delete", "person", "personal")


def test_firm_approved_delete_offers_a_correction_request() -> None:
    assert "correction request" in refusal("approved", "delete", "person", "firm")


def test_self_approval_refusal_says_why() -> None:
    text = refusal("submitted", "approve", "self_reviewer", "firm")
    assert "own time" in text or "self-approval" in text


@pytest.mark.parametrize("action", SPEC_ACTIONS)
@pytest.mark.parametrize("workspace", ["firm", "personal"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_billed_is_final(action: str, workspace: str, kind: str) -> None:
    text = refusal("billed", action, kind, workspace)
    assert "billed" in text and "final" in text


def test_a_submitted_entry_is_not_deleted_while_under_review() -> None:
    assert "reject" in refusal("submitted", "delete", "person", "firm")


def test_personal_self_approval_ignores_the_firm_flag() -> None:
    # allow_self_approval takes effect only in a firm workspace
    actor, _, _ = KINDS["person"]
    outcome = decide(
        "submitted",
        "approve",
        actor,
        entry_person=actor.person,
        workspace="personal",
        allow_self_approval=False,
    )
    assert outcome == Outcome("approved", "lock")


@pytest.mark.parametrize(("state", "locked"), [(s, s in ("approved", "billed")) for s in STATES])
def test_is_locked(state: str, locked: bool) -> None:
    assert is_locked(state) is locked  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "workspace", "may"),
    [
        ("person", "firm", True),
        ("reviewer", "firm", True),
        ("admin", "firm", True),
        ("billing", "firm", True),
        ("other", "firm", False),
        ("other", "personal", True),
    ],
)
def test_may_comment(kind: str, workspace: str, may: bool) -> None:
    actor, entry_person, _ = KINDS[kind]
    assert may_comment(actor, entry_person, workspace) is may  # type: ignore[arg-type]


def test_illegal_transition_is_a_domain_error() -> None:
    assert issubclass(IllegalTransition, DocketError)


# ------------------------------------------------------------------ properties


@PROPS
@given(
    st.lists(
        st.tuples(st.sampled_from(SPEC_ACTIONS), st.sampled_from(sorted(KINDS))),
        max_size=30,
    ),
    st.sampled_from(["firm", "personal"]),
)
def test_random_walks_follow_the_spec_and_billed_or_gone_is_the_end(
    steps: list[tuple[str, str]], workspace: str
) -> None:
    state: str | None = "draft"
    for action, kind in steps:
        if state is None:  # deleted: a tombstone
            break
        actor, _, allow_self = KINDS[kind]
        entry_person = "rarnsley" if kind.startswith("self") else ENTRY_PERSON
        want = expected(state, action, kind, workspace)
        try:
            got = decide(
                state,  # type: ignore[arg-type]
                action,  # type: ignore[arg-type]
                actor,
                entry_person=entry_person,
                workspace=workspace,  # type: ignore[arg-type]
                allow_self_approval=allow_self,
                comment="ok",
            )
        except IllegalTransition:
            assert want is None
            continue
        assert got == want
        if state in ("approved", "billed"):
            # an approved or billed entry is never changed by anyone: only reopen, billing, or a
            # correction request (which leaves it as it is) may follow approval
            assert (state, action) in {
                ("approved", "reopen"),
                ("approved", "bill"),
                ("approved", "edit"),
            }
        state = got.to
