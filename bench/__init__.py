"""Benchmarks: scenarios, data generators and runners that print results tables."""
