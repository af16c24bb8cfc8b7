"""Benchmarks of the firm server on PostgreSQL (run: ``python -m bench.server``)."""
