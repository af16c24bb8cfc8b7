"""Docket's rules, in pure Python: shared by the desktop app and the firm server.

Nothing here imports anything outside the standard library (and ``tzdata``, data only).
"""

__version__ = "0.1.0"
