"""Alembic environment for the local store.

Always run through :func:`desktop.models.migrate.upgrade`, which hands over a connection that
is already inside one transaction with foreign keys off — so a whole upgrade commits at once
or not at all, and batch mode's table copies cannot cascade-delete child rows.
"""

from __future__ import annotations

from alembic import context

from desktop.models.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only migrate.upgrade runs this
    raise RuntimeError("run migrations through desktop.models.migrate.upgrade")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
