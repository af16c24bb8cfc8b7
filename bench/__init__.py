"""Benchmarks: realistic data sizes, figures printed as a table (never asserted in tests)."""
