"""Giving memory back at quiet moments (after start-up, when the window hides) — never on a
timer.

* PySide6 reads the source of modules imported after it (its ``__feature__`` import hook looks
  for "PySide6" in the text; :mod:`desktop.ui.imports` keeps the services out of it), and that
  text stays in :mod:`linecache`. It is only a cache: tracebacks read the files again.
* CPython and glibc keep freed memory mapped: one collection and one ``malloc_trim``.

Start-up also holds the cyclic garbage collector (:func:`hold_collection`): importing
SQLAlchemy and the services makes some hundred thousand objects, and the collector would walk
them a dozen times, once in full, before this week is painted — 25–50 ms of the cold start on
this machine. Reference counting still frees everything not in a cycle; the cycles of start-up
are collected by the first :func:`release_memory`, which turns the collector back on.
"""

from __future__ import annotations

import gc
import sys


def hold_collection() -> None:
    """No cyclic garbage collection until the next :func:`release_memory` (start-up only)."""
    gc.disable()


def release_memory() -> None:
    import linecache

    linecache.clearcache()
    try:
        gc.collect()
    finally:
        gc.enable()  # after start-up's hold
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing more to do
            ctypes.CDLL("libc.so.6").malloc_trim(0)
