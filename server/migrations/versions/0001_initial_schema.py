"""The initial schema of the firm server (tables as in server/models/tables.py), with its
counters and the audit head seeded.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 07:44:39.865023
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("entity", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.Text(), nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("id", name=op.f("uq_audit_events_id")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "clients",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("rounding_increment", sa.Integer(), nullable=True),
        sa.Column("rounding_direction", sa.Text(), nullable=True),
        sa.Column("rounding_minimum", sa.Integer(), nullable=True),
        sa.Column("required_fields", sa.JSON(), nullable=False),
        sa.Column("ledes_client_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_clients")),
    )
    op.create_table(
        "counters",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "firm_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("rounding_increment", sa.Integer(), nullable=False),
        sa.Column("rounding_direction", sa.Text(), nullable=False),
        sa.Column("rounding_minimum", sa.Integer(), nullable=False),
        sa.Column("required_fields", sa.JSON(), nullable=False),
        sa.Column("narrative_min_length", sa.Integer(), nullable=False),
        sa.Column("allow_self_approval", sa.Boolean(), nullable=False),
        sa.Column("allow_billable_override", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("tax_id", sa.Text(), nullable=True),
        sa.Column("locked_before", sa.Date(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_firm_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firm_settings")),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("email_key", sa.Text(), nullable=True),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("classification", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email_key", name=op.f("uq_people_email_key")),
    )
    op.create_table(
        "rate_rules",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("service", sa.Text(), nullable=True),
        sa.Column("matter", sa.Text(), nullable=True),
        sa.Column("client", sa.Text(), nullable=True),
        sa.Column("person", sa.Text(), nullable=True),
        sa.Column("classification", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_rules")),
    )
    op.create_table(
        "service_types",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("utbms_activity", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_service_types")),
    )
    op.create_table(
        "matters",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("client", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("billing", sa.Text(), nullable=False),
        sa.Column("fixed_fee_cents", sa.BigInteger(), nullable=True),
        sa.Column("team", sa.JSON(), nullable=False),
        sa.Column("reviewers", sa.JSON(), nullable=True),
        sa.Column("client_matter_id", sa.Text(), nullable=True),
        sa.Column("utbms", sa.Text(), nullable=True),
        sa.Column("services", sa.JSON(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client"], ["clients.code"], name=op.f("fk_matters_client_clients")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_matters")),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.Text(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["person"], ["people.id"], name=op.f("fk_sessions_person_people")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index("ix_sessions_person", ["person"], unique=False)

    op.create_table(
        "entries",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("matter", sa.Text(), nullable=True),
        sa.Column("phase", sa.Text(), nullable=True),
        sa.Column("service", sa.Text(), nullable=True),
        sa.Column("work_date", sa.Date(), nullable=False),
        sa.Column("start_at", sa.Text(), nullable=True),
        sa.Column("end_at", sa.Text(), nullable=True),
        sa.Column("raw_seconds", sa.Integer(), nullable=False),
        sa.Column("billed_seconds", sa.Integer(), nullable=False),
        sa.Column("billed_hours", sa.Text(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("utbms_task", sa.Text(), nullable=True),
        sa.Column("utbms_activity", sa.Text(), nullable=True),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("billable_override", sa.Boolean(), nullable=True),
        sa.Column("rate_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("rate_rule_id", sa.Text(), nullable=True),
        sa.Column("rate_rule", sa.Text(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_version", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft','submitted','approved','rejected','billed')",
            name=op.f("ck_entries_status"),
        ),
        sa.CheckConstraint(
            "raw_seconds > 0 AND raw_seconds <= 86400", name=op.f("ck_entries_raw_range")
        ),
        sa.ForeignKeyConstraint(
            ["matter"], ["matters.code"], name=op.f("fk_entries_matter_matters")
        ),
        sa.ForeignKeyConstraint(["person"], ["people.id"], name=op.f("fk_entries_person_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_entries_matter_status_date", ["matter", "status", "work_date"], unique=False
        )
        batch_op.create_index("ix_entries_person_date", ["person", "work_date"], unique=False)
        batch_op.create_index("ix_entries_rate_rule", ["rate_rule_id"], unique=False)
        batch_op.create_index("ix_entries_server_version", ["server_version"], unique=False)
        batch_op.create_index("ix_entries_status_date", ["status", "work_date"], unique=False)

    op.create_table(
        "phases",
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("estimated_hours", sa.Text(), nullable=True),
        sa.Column("estimated_fee_cents", sa.BigInteger(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["matter"], ["matters.code"], name=op.f("fk_phases_matter_matters")
        ),
        sa.PrimaryKeyConstraint("matter", "code", name=op.f("pk_phases")),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Text(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_comments_entry_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index("ix_comments_entry", ["entry_id"], unique=False)

    op.create_table(
        "correction_requests",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Text(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_correction_requests_entry_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction_requests")),
    )
    with op.batch_alter_table("correction_requests", schema=None) as batch_op:
        batch_op.create_index("ix_correction_requests_entry", ["entry_id"], unique=False)
    counters = sa.table("counters", sa.column("name", sa.Text), sa.column("value", sa.BigInteger))
    op.bulk_insert(
        counters, [{"name": "server_version", "value": 0}, {"name": "master_rev", "value": 0}]
    )
    head = sa.table(
        "audit_head",
        sa.column("id", sa.Integer),
        sa.column("seq", sa.BigInteger),
        sa.column("hash", sa.Text),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])


def downgrade() -> None:
    raise NotImplementedError("the store is never downgraded; restore the backup instead")
