"""The first schema: firm set-up, entries, timer, held time, comments, corrections, audit,
outbox and sync state.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

T = sa.Text
I = sa.Integer  # noqa: E741
B = sa.Boolean


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", T, primary_key=True),
        sa.Column("value", T, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    op.create_table(
        "firm_settings",
        sa.Column("id", I, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("currency", T, nullable=False),
        sa.Column("rounding_increment", I, nullable=False),
        sa.Column("rounding_direction", T, nullable=False),
        sa.Column("rounding_minimum", I, nullable=False),
        sa.Column("required_fields", T, nullable=False),
        sa.Column("narrative_min_length", I, nullable=False),
        sa.Column("allow_self_approval", B, nullable=False),
        sa.Column("allow_billable_override", B, nullable=False),
        sa.Column("owner", T),
        sa.Column("tax_id", T),
        sa.Column("locked_before", T),
        sa.PrimaryKeyConstraint("id", name="pk_firm_settings"),
        sa.CheckConstraint("id = 1", name=op.f("ck_firm_settings_single_row")),
    )
    op.create_table(
        "people",
        sa.Column("id", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("email", T),
        sa.Column("role", T, nullable=False),
        sa.Column("classification", T),
        sa.Column("active", B, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
    )
    op.create_table(
        "service_types",
        sa.Column("code", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("billable", B, nullable=False),
        sa.Column("utbms_activity", T),
        sa.PrimaryKeyConstraint("code", name="pk_service_types"),
    )
    op.create_table(
        "clients",
        sa.Column("code", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("rounding_increment", I),
        sa.Column("rounding_direction", T),
        sa.Column("rounding_minimum", I),
        sa.Column("required_fields", T, nullable=False),
        sa.Column("ledes_client_id", T),
        sa.PrimaryKeyConstraint("code", name="pk_clients"),
    )
    op.create_table(
        "matters",
        sa.Column("code", T, nullable=False),
        sa.Column("client", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("billing", T, nullable=False),
        sa.Column("fixed_fee_cents", I),
        sa.Column("team", T, nullable=False),
        sa.Column("reviewers", T),
        sa.Column("client_matter_id", T),
        sa.Column("utbms", T),
        sa.Column("services", T),
        sa.Column("closed", B, nullable=False),
        sa.ForeignKeyConstraint(["client"], ["clients.code"], name="fk_matters_client_clients"),
        sa.PrimaryKeyConstraint("code", name="pk_matters"),
    )
    op.create_table(
        "phases",
        sa.Column("matter", T, nullable=False),
        sa.Column("code", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("position", I, nullable=False),
        sa.Column("estimated_hours", T),
        sa.Column("estimated_fee_cents", I),
        sa.Column("start", T),
        sa.Column("end", T),
        sa.ForeignKeyConstraint(
            ["matter"], ["matters.code"], name="fk_phases_matter_matters", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("matter", "code", name="pk_phases"),
    )
    op.create_table(
        "rate_rules",
        sa.Column("id", T, nullable=False),
        sa.Column("amount_cents", I, nullable=False),
        sa.Column("currency", T),
        sa.Column("effective_from", T, nullable=False),
        sa.Column("service", T),
        sa.Column("matter", T),
        sa.Column("client", T),
        sa.Column("person", T),
        sa.Column("classification", T),
        sa.Column("created_at", T, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rate_rules"),
    )
    op.create_table(
        "entries",
        sa.Column("id", T, nullable=False),
        sa.Column("person", T, nullable=False),
        sa.Column("matter", T),
        sa.Column("phase", T),
        sa.Column("service", T),
        sa.Column("work_date", T, nullable=False),
        sa.Column("start_at", T),
        sa.Column("end_at", T),
        sa.Column("raw_seconds", I, nullable=False),
        sa.Column("billed_seconds", I, nullable=False),
        sa.Column("billed_hours", T, nullable=False),
        sa.Column("narrative", T, nullable=False),
        sa.Column("utbms_task", T),
        sa.Column("utbms_activity", T),
        sa.Column("billable", B, nullable=False),
        sa.Column("billable_override", B),
        sa.Column("rate_cents", I, nullable=False),
        sa.Column("currency", T, nullable=False),
        sa.Column("rate_rule_id", T),
        sa.Column("rate_rule", T, nullable=False),
        sa.Column("amount_cents", I, nullable=False),
        sa.Column("status", T, nullable=False),
        sa.Column("source", T, nullable=False),
        sa.Column("version", I, nullable=False),
        sa.Column("created_at", T, nullable=False),
        sa.Column("updated_at", T, nullable=False),
        sa.Column("deleted", B, nullable=False),
        sa.Column("server_version", I),
        sa.CheckConstraint(
            "status IN ('draft','submitted','approved','rejected','billed')",
            name=op.f("ck_entries_status"),
        ),
        sa.ForeignKeyConstraint(["matter"], ["matters.code"], name="fk_entries_matter_matters"),
        sa.ForeignKeyConstraint(["person"], ["people.id"], name="fk_entries_person_people"),
        sa.PrimaryKeyConstraint("id", name="pk_entries"),
    )
    op.create_index("ix_entries_person_date", "entries", ["person", "work_date"])
    op.create_index(
        "ix_entries_date_matter",
        "entries",
        [
            "work_date",
            "matter",
            "phase",
            "deleted",
            "billed_seconds",
            "amount_cents",
            "billable",
        ],
    )
    op.create_index("ix_entries_status", "entries", ["status"])
    op.create_table(
        "comments",
        sa.Column("id", T, nullable=False),
        sa.Column("entry_id", T, nullable=False),
        sa.Column("person", T, nullable=False),
        sa.Column("at", T, nullable=False),
        sa.Column("kind", T, nullable=False),
        sa.Column("text", T, nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name="fk_comments_entry_id_entries", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )
    op.create_index("ix_comments_entry", "comments", ["entry_id"])
    op.create_table(
        "correction_requests",
        sa.Column("id", T, nullable=False),
        sa.Column("entry_id", T, nullable=False),
        sa.Column("person", T, nullable=False),
        sa.Column("at", T, nullable=False),
        sa.Column("proposed", T, nullable=False),
        sa.Column("text", T, nullable=False),
        sa.Column("status", T, nullable=False),
        sa.Column("decided_by", T),
        sa.Column("decided_at", T),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name="fk_correction_requests_entry_id_entries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_correction_requests"),
    )
    op.create_index("ix_correction_requests_entry", "correction_requests", ["entry_id"])
    op.create_table(
        "timer",
        sa.Column("id", I, nullable=False),
        sa.Column("person", T, nullable=False),
        sa.Column("matter", T),
        sa.Column("phase", T),
        sa.Column("service", T),
        sa.Column("narrative", T, nullable=False),
        sa.Column("utbms_task", T),
        sa.Column("utbms_activity", T),
        sa.Column("billable_override", B),
        sa.Column("started_at", T, nullable=False),
        sa.Column("work_date", T, nullable=False),
        sa.Column("mono_start", T),
        sa.Column("boot_id", T),
        sa.CheckConstraint("id = 1", name=op.f("ck_timer_single_timer")),
        sa.PrimaryKeyConstraint("id", name="pk_timer"),
    )
    op.create_table(
        "held",
        sa.Column("id", T, nullable=False),
        sa.Column("person", T, nullable=False),
        sa.Column("matter", T),
        sa.Column("phase", T),
        sa.Column("service", T),
        sa.Column("narrative", T, nullable=False),
        sa.Column("utbms_task", T),
        sa.Column("utbms_activity", T),
        sa.Column("billable_override", B),
        sa.Column("started_at", T, nullable=False),
        sa.Column("stopped_at", T, nullable=False),
        sa.Column("raw_seconds", I, nullable=False),
        sa.Column("work_date", T, nullable=False),
        sa.Column("reason", T, nullable=False),
        sa.Column("created_at", T, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_held"),
    )
    op.create_table(
        "audit_events",
        sa.Column("seq", I, autoincrement=False, nullable=False),
        sa.Column("id", T, nullable=False),
        sa.Column("at", T, nullable=False),
        sa.Column("actor", T, nullable=False),
        sa.Column("action", T, nullable=False),
        sa.Column("entity", T, nullable=False),
        sa.Column("entity_id", T, nullable=False),
        sa.Column("before", T, nullable=False),
        sa.Column("after", T, nullable=False),
        sa.Column("comment", T, nullable=False),
        sa.Column("prev_hash", T, nullable=False),
        sa.Column("hash", T, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_events"),
        sa.UniqueConstraint("id", name="uq_audit_events_id"),
    )
    op.create_index("ix_audit_events_entity", "audit_events", ["entity", "entity_id"])
    # Append-only by construction. The hash chain is what proves it; these triggers only stop
    # honest mistakes — verification never relies on them.
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
        )
    op.create_table(
        "outbox",
        sa.Column("seq", I, autoincrement=False, nullable=False),
        sa.Column("mutation_id", T, nullable=False),
        sa.Column("entity", T, nullable=False),
        sa.Column("entity_id", T, nullable=False),
        sa.Column("op", T, nullable=False),
        sa.Column("payload", T, nullable=False),
        sa.Column("base", T),
        sa.Column("base_version", I),
        sa.Column("device_time", T, nullable=False),
        sa.Column("state", T, nullable=False),
        sa.Column("attempts", I, nullable=False),
        sa.Column("last_error", T),
        sa.Column("result", T),
        sa.CheckConstraint(
            "state IN ('pending','inflight','acked','rejected','conflict','correction')",
            name=op.f("ck_outbox_state"),
        ),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sa.UniqueConstraint("mutation_id", name="uq_outbox_mutation_id"),
    )
    op.create_index("ix_outbox_state", "outbox", ["state"])
    op.create_table(
        "sync_state",
        sa.Column("id", I, nullable=False),
        sa.Column("client_id", T),
        sa.Column("server_url", T),
        sa.Column("person", T),
        sa.Column("cursor", I, nullable=False),
        sa.Column("epoch", I, nullable=False),
        sa.Column("last_acked_seq", I, nullable=False),
        sa.Column("last_sync_at", T),
        sa.Column("last_error", T),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_state_single_row")),
        sa.PrimaryKeyConstraint("id", name="pk_sync_state"),
    )


def downgrade() -> None:
    raise NotImplementedError("the store is never downgraded; restore the backup instead")
