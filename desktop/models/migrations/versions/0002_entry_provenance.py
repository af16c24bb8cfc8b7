"""Entries: the provenance of where an entry came from (timer, manual, AutoTrack with its
source) and a CHECK that raw durations stay within (0, 24 h].

The CHECK needs SQLite's table copy (batch mode) of ``entries``, which has child rows in
``comments`` and ``correction_requests`` with ON DELETE CASCADE: this is why upgrades run with
foreign keys off and end with ``PRAGMA foreign_key_check``.

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
    with op.batch_alter_table("entries", recreate="always") as batch:
        batch.add_column(sa.Column("source_detail", sa.Text))
        batch.create_check_constraint(
            op.f("ck_entries_raw_range"), "raw_seconds > 0 AND raw_seconds <= 86400"
        )


def downgrade() -> None:
    raise NotImplementedError("the store is never downgraded; restore the backup instead")
