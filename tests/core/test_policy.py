"""The required-field policy and the entry rules (PRODUCT.md §4 "Required fields")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import Problem
from core.model import REQUIRED_FIELDS, Client, FirmSettings, Matter, Person, Phase, ServiceType
from core.policy import (
    NARRATIVE_MAX_LENGTH,
    EntryFields,
    entry_problems,
    missing_fields,
    required_fields,
    with_defaults,
)

PROPS = settings(max_examples=200, deadline=None)

ACME = Client("ACME", "Acme Corp", required_fields=("phase",))
BETA = Client("BETA", "Beta Ltd")
LIT = Matter(
    "ACME-001",
    "ACME",
    "Supply dispute",
    team=("rarnsley", "mlee"),
    utbms="litigation",
    phases=(Phase("L100", "Case assessment"), Phase("L200", "Pleadings")),
)
PLAIN = Matter("BETA-001", "BETA", "Advice", services=("RES", "DRF"))
CLOSED = Matter("BETA-002", "BETA", "Old advice", closed=True)
SERVICES = {
    "RES": ServiceType("RES", "Research", utbms_activity="A102"),
    "DRF": ServiceType("DRF", "Drafting", utbms_activity="A103"),
    "ADM": ServiceType("ADM", "Firm administration", billable=False),
}
MIA = Person("mlee", "Mia Lee", classification="ASSOC")
OUTSIDER = Person("zed", "Zed Outsider")
WORK = date(2026, 6, 15)

COMPLETE = EntryFields(
    matter="ACME-001",
    phase="L100",
    service="RES",
    narrative="Reviewed the supply contract",
    utbms_task="L110",
    utbms_activity="A102",
)
ALL = FirmSettings(required_fields=REQUIRED_FIELDS)
NOTHING = FirmSettings()


def problems(
    fields: EntryFields,
    *,
    firm: FirmSettings = NOTHING,
    person: Person = MIA,
    matter: Matter | None = LIT,
    client: Client | None = None,
    work_date: date = WORK,
    raw_seconds: int = 3600,
) -> list[Problem]:
    return entry_problems(
        fields,
        firm=firm,
        person=person,
        matter=matter,
        client=client,
        services=SERVICES,
        work_date=work_date,
        raw_seconds=raw_seconds,
    )


def paths(found: list[Problem]) -> list[str]:
    return [p.path for p in found]


def test_a_complete_entry_has_no_problem() -> None:
    assert problems(COMPLETE, firm=ALL, client=ACME) == []


WITHOUT = {
    "client": replace(COMPLETE, matter=None, phase=None, utbms_task=None, utbms_activity=None),
    "matter": replace(COMPLETE, matter=None, phase=None, utbms_task=None, utbms_activity=None),
    "phase": replace(COMPLETE, phase=None),
    "service": replace(COMPLETE, service=None),
    "narrative": replace(COMPLETE, narrative=""),
    "utbms_task": replace(COMPLETE, utbms_task=None),
    "utbms_activity": replace(COMPLETE, utbms_activity=None),
}


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_each_required_field_missing_is_named(field: str) -> None:
    fields = WITHOUT[field]
    matter = LIT if fields.matter else None
    firm = FirmSettings(required_fields=(field,))
    found = missing_fields(fields, firm=firm, client=None, matter=matter)
    assert paths(found) == [field]
    assert found[0].message
    # the same through the full entry check
    assert paths(problems(fields, firm=firm, matter=matter)) == [field]
    # and nothing when the firm does not require it
    assert problems(fields, firm=NOTHING, matter=matter) == []


def test_client_is_met_through_the_matter() -> None:
    firm = FirmSettings(required_fields=("client",))
    assert missing_fields(COMPLETE, firm=firm, client=ACME, matter=LIT) == []
    found = missing_fields(EntryFields(narrative="x"), firm=firm, client=None, matter=None)
    assert paths(found) == ["client"]
    assert "matter" in found[0].message  # tells the person how to meet it


def test_everything_missing_names_every_field() -> None:
    found = missing_fields(EntryFields(), firm=ALL, client=None, matter=None)
    assert paths(found) == list(REQUIRED_FIELDS)


@pytest.mark.parametrize(
    ("narrative", "ok"),
    [
        ("1234567890", True),
        ("   1234567890   ", True),  # counted after trimming
        ("\t1234567890\n", True),
        ("123456789", False),
        ("      123456789     ", False),  # 9 after trimming, though 20 before
        ("a" * 200, True),
    ],
)
def test_narrative_min_length_is_counted_after_trimming(narrative: str, ok: bool) -> None:
    firm = FirmSettings(required_fields=("narrative",), narrative_min_length=10)
    found = problems(replace(COMPLETE, narrative=narrative), firm=firm)
    assert paths(found) == ([] if ok else ["narrative"])
    if not ok:
        assert "10" in found[0].message


@pytest.mark.parametrize("narrative", ["", "   ", "\n\t"])
def test_a_blank_narrative_is_missing(narrative: str) -> None:
    firm = FirmSettings(required_fields=("narrative",), narrative_min_length=10)
    assert paths(problems(replace(COMPLETE, narrative=narrative), firm=firm)) == ["narrative"]


def test_a_too_long_narrative_is_refused() -> None:
    fields = replace(COMPLETE, narrative="x" * (NARRATIVE_MAX_LENGTH + 1))
    assert paths(problems(fields)) == ["narrative"]
    assert problems(replace(COMPLETE, narrative="x" * NARRATIVE_MAX_LENGTH)) == []


@pytest.mark.parametrize(
    ("firm_list", "client", "expected"),
    [
        (("matter",), ACME, ("matter", "phase")),  # the client's list adds to the firm's
        (("matter",), BETA, ("matter",)),
        (("matter",), None, ("matter",)),
        ((), ACME, ("phase",)),
        (("phase", "matter"), ACME, ("matter", "phase")),  # once each, in canonical order
        (("narrative", "client"), Client("X", "X", required_fields=("service",)),
         ("client", "service", "narrative")),
    ],
)  # fmt: skip
def test_a_clients_list_adds_to_the_firms(
    firm_list: tuple[str, ...], client: Client | None, expected: tuple[str, ...]
) -> None:
    assert required_fields(FirmSettings(required_fields=firm_list), client) == expected


def test_the_clients_requirement_applies_to_its_entries() -> None:
    firm = FirmSettings(required_fields=("matter",))
    fields = replace(COMPLETE, phase=None)
    assert paths(problems(fields, firm=firm, client=ACME)) == ["phase"]
    assert problems(fields, firm=firm, client=None) == []


@pytest.mark.parametrize(
    ("fields", "matter", "person", "work_date", "raw", "expected"),
    [
        # unknown matter
        (replace(COMPLETE, matter="NOPE-1", phase=None, utbms_task=None, utbms_activity=None),
         None, MIA, WORK, 3600, ["matter"]),
        # a phase that is not the matter's
        (replace(COMPLETE, phase="L900"), LIT, MIA, WORK, 3600, ["phase"]),
        # a phase with no matter
        (EntryFields(phase="L100"), None, MIA, WORK, 3600, ["phase"]),
        # unknown service type
        (replace(COMPLETE, service="XXX"), LIT, MIA, WORK, 3600, ["service"]),
        # a service the matter does not allow
        (EntryFields(matter="BETA-001", service="ADM"), PLAIN, MIA, WORK, 3600, ["service"]),
        (EntryFields(matter="BETA-001", service="DRF"), PLAIN, MIA, WORK, 3600, []),
        # a closed matter
        (EntryFields(matter="BETA-002"), CLOSED, MIA, WORK, 3600, ["matter"]),
        # a person not on the matter's team
        (COMPLETE, LIT, OUTSIDER, WORK, 3600, ["matter"]),
        # the locked period: nothing dated earlier than locked_before
        (COMPLETE, LIT, MIA, date(2026, 5, 31), 3600, ["date"]),
        # UTBMS codes that are not codes of the set
        (replace(COMPLETE, utbms_task="X999"), LIT, MIA, WORK, 3600, ["utbms_task"]),
        (replace(COMPLETE, utbms_task="A102"), LIT, MIA, WORK, 3600, ["utbms_task"]),
        (replace(COMPLETE, utbms_activity="X999"), LIT, MIA, WORK, 3600, ["utbms_activity"]),
        (replace(COMPLETE, utbms_activity="L110"), LIT, MIA, WORK, 3600, ["utbms_activity"]),
        # UTBMS codes on a matter that does not use them
        (EntryFields(matter="BETA-001", utbms_task="L110"), PLAIN, MIA, WORK, 3600,
         ["utbms_task"]),
        (EntryFields(matter="BETA-001", utbms_activity="A102"), PLAIN, MIA, WORK, 3600,
         ["utbms_activity"]),
        # … or with no matter at all
        (EntryFields(utbms_task="L110"), None, MIA, WORK, 3600, ["utbms_task"]),
        (EntryFields(utbms_task="X999", utbms_activity="A102"), None, MIA, WORK, 3600,
         ["utbms_task", "utbms_activity"]),
        # the duration range: more than 0, at most 24 hours
        (COMPLETE, LIT, MIA, WORK, 0, ["duration"]),
        (COMPLETE, LIT, MIA, WORK, -60, ["duration"]),
        (COMPLETE, LIT, MIA, WORK, 86401, ["duration"]),
        (COMPLETE, LIT, MIA, WORK, 86400, []),
        (COMPLETE, LIT, MIA, WORK, 1, []),
    ],
)  # fmt: skip
def test_entry_problems_name_the_field(
    fields: EntryFields,
    matter: Matter | None,
    person: Person,
    work_date: date,
    raw: int,
    expected: list[str],
) -> None:
    firm = FirmSettings(locked_before=date(2026, 6, 1))
    found = problems(
        fields, firm=firm, person=person, matter=matter, work_date=work_date, raw_seconds=raw
    )
    assert paths(found) == expected
    assert all(p.message for p in found)


def test_problem_messages_say_what_is_wrong() -> None:
    firm = FirmSettings(locked_before=date(2026, 6, 1))
    [closed] = problems(EntryFields(matter="BETA-002"), matter=CLOSED)
    assert "closed" in closed.message
    [team] = problems(COMPLETE, person=OUTSIDER)
    assert "Zed Outsider" in team.message and "team" in team.message
    [locked] = problems(COMPLETE, firm=firm, work_date=date(2026, 5, 31))
    assert "2026-06-01" in locked.message and "locked" in locked.message
    [phase] = problems(replace(COMPLETE, phase="L900"))
    assert "L100" in phase.message  # offers the matter's phases
    [unknown] = problems(EntryFields(matter="NOPE-1"), matter=None)
    assert "NOPE-1" in unknown.message


@pytest.mark.parametrize("field", ["phase", "utbms_task", "utbms_activity"])
def test_a_requirement_no_entry_on_the_matter_could_meet_is_not_applied(field: str) -> None:
    # PRODUCT.md does not say; read here as: a matter without phases cannot take a phase, and
    # one without a UTBMS code set refuses UTBMS codes, so requiring them would make time on
    # it impossible to record ("time is never refused for want of …").
    firm = FirmSettings(required_fields=(field,))
    fields = EntryFields(matter="BETA-001", service="RES")
    assert problems(fields, firm=firm, matter=PLAIN) == []
    # … while on a matter that has them, they are required
    assert paths(problems(replace(COMPLETE, **{field: None}), firm=firm)) == [field]


def test_the_first_day_after_the_lock_is_open() -> None:
    firm = FirmSettings(locked_before=date(2026, 6, 1))
    assert problems(COMPLETE, firm=firm, work_date=date(2026, 6, 1)) == []


def test_an_empty_team_restricts_no_one() -> None:
    open_matter = replace(PLAIN, team=())
    assert problems(EntryFields(matter="BETA-001"), matter=open_matter, person=OUTSIDER) == []


def test_several_problems_are_all_listed() -> None:
    firm = FirmSettings(required_fields=("narrative", "service"), locked_before=date(2026, 7, 1))
    fields = EntryFields(matter="ACME-001", phase="L900", utbms_task="X999")
    found = problems(fields, firm=firm, person=OUTSIDER, raw_seconds=0)
    assert set(paths(found)) == {"matter", "phase", "utbms_task", "date", "duration", "service",
                                 "narrative"}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "matter", "activity"),
    [
        # on a UTBMS matter, the service type's activity fills a missing activity
        (EntryFields(matter="ACME-001", service="RES"), LIT, "A102"),
        (EntryFields(matter="ACME-001", service="DRF"), LIT, "A103"),
        # a given activity is kept
        (EntryFields(matter="ACME-001", service="RES", utbms_activity="A104"), LIT, "A104"),
        # a service without an activity fills nothing
        (EntryFields(matter="ACME-001", service="ADM"), LIT, None),
        (EntryFields(matter="ACME-001"), LIT, None),
        # not on a matter without UTBMS codes, nor without a matter
        (EntryFields(matter="BETA-001", service="RES"), PLAIN, None),
        (EntryFields(service="RES"), None, None),
    ],
)
def test_with_defaults_fills_the_services_activity(
    fields: EntryFields, matter: Matter | None, activity: str | None
) -> None:
    filled = with_defaults(fields, matter, SERVICES)
    assert filled.utbms_activity == activity
    assert (filled.matter, filled.phase, filled.service, filled.utbms_task) == (
        fields.matter,
        fields.phase,
        fields.service,
        fields.utbms_task,
    )


def test_with_defaults_trims_the_narrative() -> None:
    filled = with_defaults(EntryFields(narrative="  Drafted the reply \n"), None, SERVICES)
    assert filled.narrative == "Drafted the reply"


def test_with_defaults_then_policy_meets_a_required_activity() -> None:
    firm = FirmSettings(required_fields=("utbms_activity",))
    fields = replace(COMPLETE, utbms_activity=None)
    assert paths(problems(fields, firm=firm)) == ["utbms_activity"]
    assert problems(with_defaults(fields, LIT, SERVICES), firm=firm) == []


# ------------------------------------------------------------------ properties

field_sets = st.sets(st.sampled_from(REQUIRED_FIELDS))


@PROPS
@given(
    field_sets, field_sets, field_sets, st.integers(0, 30), st.integers(0, 40), st.integers(0, 5)
)
def test_exactly_the_missing_required_fields_are_named(
    firm_list: set[str],
    client_list: set[str],
    missing: set[str],
    min_len: int,
    text_len: int,
    padding: int,
) -> None:
    # an entry on a UTBMS matter with phases, so every field can be given
    narrative = " " * padding + "n" * text_len + " " * padding
    fields = EntryFields(
        matter=None if {"client", "matter"} & missing else "ACME-001",
        phase=None if {"client", "matter", "phase"} & missing else "L100",
        service=None if "service" in missing else "RES",
        narrative="" if "narrative" in missing else narrative,
        utbms_task=None if {"client", "matter", "utbms_task"} & missing else "L110",
        utbms_activity=None if {"client", "matter", "utbms_activity"} & missing else "A102",
    )
    matter = LIT if fields.matter else None
    firm = FirmSettings(required_fields=tuple(firm_list), narrative_min_length=min_len)
    client = Client("ACME", "Acme", required_fields=tuple(client_list))
    wanted = firm_list | client_list
    absent = {
        "client": fields.matter is None,
        "matter": fields.matter is None,
        "phase": fields.phase is None,
        "service": fields.service is None,
        "narrative": not fields.narrative.strip(),
        "utbms_task": fields.utbms_task is None,
        "utbms_activity": fields.utbms_activity is None,
    }
    expected = [f for f in REQUIRED_FIELDS if f in wanted and absent[f]]
    trimmed = fields.narrative.strip()
    if "narrative" in wanted and trimmed and len(trimmed) < min_len:
        expected.append("narrative")
    found = paths(missing_fields(fields, firm=firm, client=client, matter=matter))
    if "narrative" not in wanted and trimmed and len(trimmed) < min_len:
        # PRODUCT.md ties narrative_min_length to the narrative requirement; whether a short
        # narrative the firm does not require is refused is left open: either answer is fine.
        found = [f for f in found if f != "narrative"]
    assert sorted(found) == sorted(expected)
