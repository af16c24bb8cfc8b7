"""Alembic migrations of the firm server's database."""
