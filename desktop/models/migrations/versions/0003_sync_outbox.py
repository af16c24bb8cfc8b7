"""Sync: the outbox keeps answered mutations (the needs-attention list) under a stable id,
with the wire ``seq`` only while unacknowledged; sync_state records clock skew and the digest
rotation.

No store has a firm workspace before this revision, so the outbox is empty and is rebuilt.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

T = sa.Text
I = sa.Integer  # noqa: E741


def upgrade() -> None:
    op.drop_index("ix_outbox_state", table_name="outbox")
    op.drop_table("outbox")
    op.create_table(
        "outbox",
        sa.Column("id", I, primary_key=True, autoincrement=True),
        sa.Column("seq", I),
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
        sa.Column("resolved_at", T),
        sa.CheckConstraint(
            "state IN ('pending','inflight','acked','rejected','conflict','correction','resolved')",
            name=op.f("ck_outbox_state"),
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("seq", name="uq_outbox_seq"),
        sa.UniqueConstraint("mutation_id", name="uq_outbox_mutation_id"),
    )
    op.create_index("ix_outbox_state", "outbox", ["state"])
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("skew_seconds", I))
        batch.add_column(sa.Column("digest_checked_at", T))
        batch.add_column(sa.Column("digest_rotation", I, nullable=False, server_default="0"))


def downgrade() -> None:
    raise NotImplementedError("the store is never downgraded; restore the backup instead")
