"""Sync: registered device clients, the stored answer to every pushed mutation, and each
person's scope epoch.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_clients",
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("last_seen_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person"], ["people.id"], name=op.f("fk_sync_clients_person_people")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_sync_clients")),
    )
    op.create_table(
        "sync_results",
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("mutation_id", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.Text(), nullable=False),
        sa.Column("device_time", sa.Text(), nullable=False),
        sa.Column("skew_seconds", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("client_id", "seq", name=op.f("pk_sync_results")),
    )
    op.create_index("ix_sync_results_mutation_id", "sync_results", ["mutation_id"])
    op.create_table(
        "scope_epochs",
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("epoch", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person"], ["people.id"], name=op.f("fk_scope_epochs_person_people")
        ),
        sa.PrimaryKeyConstraint("person", name=op.f("pk_scope_epochs")),
    )


def downgrade() -> None:
    raise NotImplementedError("restore the database from a backup instead")
