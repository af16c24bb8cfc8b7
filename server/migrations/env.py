"""Alembic environment for the firm server's database.

Always run through :func:`server.models.migrate.upgrade`, which hands over a connection already
inside one transaction — so an upgrade commits whole or not at all (transactional DDL on both
SQLite and PostgreSQL).
"""

from __future__ import annotations

from alembic import context

from server.models.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only migrate.upgrade runs this
    raise RuntimeError("run migrations through server.models.migrate.upgrade")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
