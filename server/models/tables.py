"""The firm server's tables (SQLAlchemy Core), for SQLite and PostgreSQL alike.

Money is integer cents, durations integer seconds, instants canonical UTC text (fixed width,
so text order is time order), dates SQL dates. The audit log's columns are TEXT or INTEGER and
its hash covers them exactly as stored. The migrations in ``migrations/versions`` build exactly
this schema (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

from server.models.types import UtcText

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# Named counters, each changed only under its row lock inside a writing transaction:
# ``server_version`` stamps every entry change (the sync cursor — SYNC.md "cursor trap"),
# ``master_rev`` every master-data change (so a process may cache master data safely).
counters = Table(
    "counters",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# The newest audit event (seq and hash). Every audited unit of work locks this row first, so
# the chain stays linear and each decision reads the state every earlier one committed.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", Text, nullable=False),
    CheckConstraint("id = 1", name="single_row"),
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
    Column("required_fields", JSON, nullable=False),
    Column("narrative_min_length", Integer, nullable=False),
    Column("allow_self_approval", Boolean, nullable=False),
    Column("allow_billable_override", Boolean, nullable=False),
    Column("owner", Text),
    Column("tax_id", Text),
    Column("locked_before", Date),
    CheckConstraint("id = 1", name="single_row"),
)

people = Table(
    "people",
    metadata,
    Column("id", Text, primary_key=True),
    Column("position", BigInteger, nullable=False),  # the order people were first listed
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("email_key", Text, unique=True),  # lower-cased email: sign-in and uniqueness
    Column("role", Text, nullable=False),
    Column("classification", Text),
    Column("active", Boolean, nullable=False),
    Column("password_hash", Text),
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
    Column("required_fields", JSON, nullable=False),
    Column("ledes_client_id", Text),
)

matters = Table(
    "matters",
    metadata,
    Column("code", Text, primary_key=True),
    Column("client", Text, ForeignKey("clients.code"), nullable=False),
    Column("name", Text, nullable=False),
    Column("billing", Text, nullable=False),
    Column("fixed_fee_cents", BigInteger),
    Column("team", JSON, nullable=False),
    Column("reviewers", JSON),
    Column("client_matter_id", Text),
    Column("utbms", Text),
    Column("services", JSON),
    Column("closed", Boolean, nullable=False),
)

phases = Table(
    "phases",
    metadata,
    Column("matter", Text, ForeignKey("matters.code"), primary_key=True),
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("estimated_hours", Text),  # decimal text, e.g. "40.00"
    Column("estimated_fee_cents", BigInteger),
    Column("start", Date),
    Column("end", Date),
)

rate_rules = Table(
    "rate_rules",
    metadata,
    Column("id", Text, primary_key=True),
    Column("amount_cents", BigInteger, nullable=False),
    Column("currency", Text),
    Column("effective_from", Date, nullable=False),
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
    Column("work_date", Date, nullable=False),
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
    Column("rate_cents", BigInteger, nullable=False),
    Column("currency", Text, nullable=False),
    Column("rate_rule_id", Text),
    Column("rate_rule", Text, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("status", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcText, nullable=False),
    Column("updated_at", UtcText, nullable=False),
    Column("deleted", Boolean, nullable=False),  # a tombstone: kept for sync and audit
    Column("server_version", BigInteger, nullable=False),
    CheckConstraint(
        "status IN ('draft','submitted','approved','rejected','billed')", name="status"
    ),
    CheckConstraint("raw_seconds > 0 AND raw_seconds <= 86400", name="raw_range"),
)
Index("ix_entries_person_date", entries.c.person, entries.c.work_date)
Index("ix_entries_matter_status_date", entries.c.matter, entries.c.status, entries.c.work_date)
Index("ix_entries_status_date", entries.c.status, entries.c.work_date)
Index("ix_entries_server_version", entries.c.server_version)
Index("ix_entries_rate_rule", entries.c.rate_rule_id)

comments = Table(
    "comments",
    metadata,
    Column("id", Text, primary_key=True),
    Column("entry_id", Text, ForeignKey("entries.id"), nullable=False),
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
    Column("entry_id", Text, ForeignKey("entries.id"), nullable=False),
    Column("person", Text, nullable=False),
    Column("at", UtcText, nullable=False),
    Column("proposed", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", Text, nullable=False),  # open | reopened | declined
    Column("decided_by", Text),
    Column("decided_at", UtcText),
    Column("decision_comment", Text),
)
Index("ix_correction_requests_entry", correction_requests.c.entry_id)

# Append-only, hash-chained. Every column is TEXT or INTEGER and is covered by ``hash``.
audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
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

# Sessions: only the SHA-256 of the token is stored; the token itself is never kept.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("person", Text, ForeignKey("people.id"), nullable=False),
    Column("created_at", UtcText, nullable=False),
    Column("expires_at", UtcText, nullable=False),
)
Index("ix_sessions_person", sessions.c.person)

# Failed sign-ins per account ("email:<address>") and per network address ("addr:<ip>"):
# in the database, so every worker process slows the same attacker down.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", UtcText, nullable=False),
)

# Sync (SYNC.md). A device's client id, registered to one person on first use; ``last_seq`` is
# the highest mutation seq applied for it (gapless), changed only inside the push transaction.
sync_clients = Table(
    "sync_clients",
    metadata,
    Column("client_id", Text, primary_key=True),
    Column("person", Text, ForeignKey("people.id"), nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("created_at", UtcText, nullable=False),
    Column("last_seen_at", UtcText, nullable=False),
)

# The stored answer to every mutation, by (client, seq) and by mutation id, so a retry —
# under the same client id or a new one — gets the same answer and never applies twice.
sync_results = Table(
    "sync_results",
    metadata,
    Column("client_id", Text, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("mutation_id", Text, nullable=False),
    Column("result", JSON, nullable=False),
    Column("received_at", UtcText, nullable=False),
    Column("device_time", Text, nullable=False),
    Column("skew_seconds", Integer),
)
Index("ix_sync_results_mutation_id", sync_results.c.mutation_id)

# A person's scope epoch: bumped whenever what they may see changes (a team, the reviewers,
# their role), so their devices reload the replica in full.
scope_epochs = Table(
    "scope_epochs",
    metadata,
    Column("person", Text, ForeignKey("people.id"), primary_key=True),
    Column("epoch", BigInteger, nullable=False),
)
