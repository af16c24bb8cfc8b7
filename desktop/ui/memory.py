"""Giving memory back at quiet moments (after start-up, when the window hides) — never on a
timer.

* PySide6 reads the source of modules imported after it (its ``__feature__`` import hook looks
  for "PySide6" in the text; :mod:`desktop.ui.imports` keeps the services out of it), and that
  text stays in :mod:`linecache`. It is only a cache: tracebacks read the files again.
* CPython and glibc keep freed memory mapped: one collection and one ``malloc_trim``.
"""

from __future__ import annotations

import gc
import sys


def release_memory() -> None:
    import linecache

    linecache.clearcache()
    gc.collect()
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing more to do
            ctypes.CDLL("libc.so.6").malloc_trim(0)
