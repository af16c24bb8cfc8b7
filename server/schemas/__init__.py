"""Pydantic models of the JSON API (requests and responses)."""
