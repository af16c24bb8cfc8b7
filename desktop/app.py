"""The desktop apps composition root (Qt)."""
