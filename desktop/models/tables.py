"""The local store's tables (SQLAlchemy Core). Migrations in ``migrations/versions`` build
exactly this schema; a test compares the two.

Money is integer cents, durations integer seconds, instants canonical UTC text, dates ISO text.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

from desktop.models.types import DateText, JsonText, UtcText

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# Key/value facts about this workspace: its id, kind (personal|firm), the audit head, and a
# master-data revision counter that lets services cache master data safely across processes.
meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

firm_settings = Table(
    "firm_settings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("rounding_increment", Integer, nullable=False),
    Column("rounding_direction", Text, nullable=False),
    Column("rounding_minimum", Integer, nullable=False),
    Column("required_fields", JsonText, nullable=False),
    Column("narrative_min_length", Integer, nullable=False),
    Column("allow_self_approval", Boolean, nullable=False),
    Column("allow_billable_override", Boolean, nullable=False),
    Column("owner", Text),
    Column("tax_id", Text),
    Column("locked_before", DateText),
    CheckConstraint("id = 1", name="single_row"),
)

people = Table(
    "people",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("role", Text, nullable=False),
    Column("classification", Text),
    Column("active", Boolean, nullable=False),
)

service_types = Table(
    "service_types",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("billable", Boolean, nullable=False),
    Column("utbms_activity", Text),
)

clients = Table(
    "clients",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("rounding_increment", Integer),
    Column("rounding_direction", Text),
    Column("rounding_minimum", Integer),
    Column("required_fields", JsonText, nullable=False),
    Column("ledes_client_id", Text),
)

matters = Table(
    "matters",
    metadata,
    Column("code", Text, primary_key=True),
    Column("client", Text, ForeignKey("clients.code"), nullable=False),
    Column("name", Text, nullable=False),
    Column("billing", Text, nullable=False),
    Column("fixed_fee_cents", Integer),
    Column("team", JsonText, nullable=False),
    Column("reviewers", JsonText),
    Column("client_matter_id", Text),
    Column("utbms", Text),
    Column("services", JsonText),
    Column("closed", Boolean, nullable=False),
)

phases = Table(
    "phases",
    metadata,
    Column("matter", Text, ForeignKey("matters.code", ondelete="CASCADE"), primary_key=True),
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("estimated_hours", Text),  # decimal text, e.g. "40.00"
    Column("estimated_fee_cents", Integer),
    Column("start", DateText),
    Column("end", DateText),
)

rate_rules = Table(
    "rate_rules",
    metadata,
    Column("id", Text, primary_key=True),
    Column("amount_cents", Integer, nullable=False),
    Column("currency", Text),
    Column("effective_from", DateText, nullable=False),
    Column("service", Text),
    Column("matter", Text),
    Column("client", Text),
    Column("person", Text),
    Column("classification", Text),
    Column("created_at", UtcText, nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Text, primary_key=True),
    Column("person", Text, ForeignKey("people.id"), nullable=False),
    Column("matter", Text, ForeignKey("matters.code")),
    Column("phase", Text),
    Column("service", Text),
    Column("work_date", DateText, nullable=False),
    Column("start_at", UtcText),
    Column("end_at", UtcText),
    Column("raw_seconds", Integer, nullable=False),
    Column("billed_seconds", Integer, nullable=False),
    Column("billed_hours", Text, nullable=False),  # decimal text, "1.10"
    Column("narrative", Text, nullable=False),
    Column("utbms_task", Text),
    Column("utbms_activity", Text),
    Column("billable", Boolean, nullable=False),
    Column("billable_override", Boolean),
    Column("rate_cents", Integer, nullable=False),
    Column("currency", Text, nullable=False),
    Column("rate_rule_id", Text),
    Column("rate_rule", Text, nullable=False),
    Column("amount_cents", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("source_detail", JsonText),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcText, nullable=False),
    Column("updated_at", UtcText, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("server_version", Integer),
    CheckConstraint(
        "status IN ('draft','submitted','approved','rejected','billed')", name="status"
    ),
    CheckConstraint("raw_seconds > 0 AND raw_seconds <= 86400", name="raw_range"),
)
# One person's week (the timesheet) and the firm's month by matter/phase (reports).
Index("ix_entries_person_date", entries.c.person, entries.c.work_date)
Index(
    "ix_entries_date_matter",
    entries.c.work_date,
    entries.c.matter,
    entries.c.phase,
    entries.c.deleted,
    entries.c.billed_seconds,
    entries.c.amount_cents,
    entries.c.billable,
)
Index("ix_entries_status", entries.c.status)

comments = Table(
    "comments",
    metadata,
    Column("id", Text, primary_key=True),
    Column("entry_id", Text, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Column("person", Text, nullable=False),
    Column("at", UtcText, nullable=False),
    Column("kind", Text, nullable=False),  # comment | submit | approve | reject | reopen
    Column("text", Text, nullable=False),
)
Index("ix_comments_entry", comments.c.entry_id)

correction_requests = Table(
    "correction_requests",
    metadata,
    Column("id", Text, primary_key=True),
    Column("entry_id", Text, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Column("person", Text, nullable=False),
    Column("at", UtcText, nullable=False),
    Column("proposed", JsonText, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", Text, nullable=False),  # open | reopened | declined | withdrawn
    Column("decided_by", Text),
    Column("decided_at", UtcText),
)
Index("ix_correction_requests_entry", correction_requests.c.entry_id)

# The one running timer (at most one row). Its start is a persisted UTC instant, with the
# monotonic reading and boot id taken at the same moment, so a restart keeps it running and a
# clock step or a sleep is detected rather than silently added.
timer = Table(
    "timer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person", Text, nullable=False),
    Column("matter", Text),
    Column("phase", Text),
    Column("service", Text),
    Column("narrative", Text, nullable=False),
    Column("utbms_task", Text),
    Column("utbms_activity", Text),
    Column("billable_override", Boolean),
    Column("started_at", UtcText, nullable=False),
    Column("work_date", DateText, nullable=False),
    Column("mono_start", Text),  # time.monotonic() at start, as text (seconds)
    Column("boot_id", Text),
    CheckConstraint("id = 1", name="single_timer"),
)

# Held time: a stopped timer that could not become an entry yet (missing fields, over 24 h,
# a gap to confirm). Never expires, counted nowhere, until completed into an entry.
held = Table(
    "held",
    metadata,
    Column("id", Text, primary_key=True),
    Column("person", Text, nullable=False),
    Column("matter", Text),
    Column("phase", Text),
    Column("service", Text),
    Column("narrative", Text, nullable=False),
    Column("utbms_task", Text),
    Column("utbms_activity", Text),
    Column("billable_override", Boolean),
    Column("started_at", UtcText, nullable=False),
    Column("stopped_at", UtcText, nullable=False),
    Column("raw_seconds", Integer, nullable=False),
    Column("work_date", DateText, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UtcText, nullable=False),
)

# Append-only, hash-chained. Every column is TEXT or INTEGER and is covered by ``hash``.
audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("id", Text, nullable=False, unique=True),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("comment", Text, nullable=False),
    Column("prev_hash", Text, nullable=False),
    Column("hash", Text, nullable=False),
)
Index("ix_audit_events_entity", audit_events.c.entity, audit_events.c.entity_id)

# Firm workspaces only: every local change, in order, waiting to be pushed (SYNC.md). ``seq``
# is the gapless wire number while a mutation is unacknowledged (renumbered from 1 if the
# client must register anew); answered mutations keep their row — those the server did not
# apply as sent are the person's needs-attention list until resolved.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seq", Integer, unique=True),
    Column("mutation_id", Text, nullable=False, unique=True),
    Column("entity", Text, nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("op", Text, nullable=False),
    Column("payload", JsonText, nullable=False),
    Column("base", JsonText),
    Column("base_version", Integer),
    Column("device_time", UtcText, nullable=False),
    Column("state", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("result", JsonText),
    Column("resolved_at", UtcText),
    CheckConstraint(
        "state IN ('pending','inflight','acked','rejected','conflict','correction','resolved')",
        name="state",
    ),
)
Index("ix_outbox_state", outbox.c.state)

sync_state = Table(
    "sync_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", Text),
    Column("server_url", Text),
    Column("person", Text),
    Column("cursor", Integer, nullable=False),
    Column("epoch", Integer, nullable=False),
    Column("last_acked_seq", Integer, nullable=False),
    Column("last_sync_at", UtcText),
    Column("last_error", Text),
    Column("skew_seconds", Integer),
    Column("digest_checked_at", UtcText),
    Column("digest_rotation", Integer, nullable=False, server_default="0"),
    CheckConstraint("id = 1", name="single_row"),
)

__all__ = [
    "audit_events",
    "clients",
    "comments",
    "correction_requests",
    "entries",
    "firm_settings",
    "held",
    "matters",
    "meta",
    "metadata",
    "outbox",
    "people",
    "phases",
    "rate_rules",
    "service_types",
    "sync_state",
    "timer",
]
