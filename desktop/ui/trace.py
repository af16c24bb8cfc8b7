"""Start-up marks for the benchmarks, printed only with ``DOCKET_TRACE_STARTUP`` set: the mark
and the wall-clock time, so ``bench.ui`` can measure each step from the moment it spawned the
app (and say where the time goes between the first paint and this week painted)."""

from __future__ import annotations

import os
import sys
import time

ON = bool(os.environ.get("DOCKET_TRACE_STARTUP"))


def trace(mark: str) -> None:
    if ON:
        sys.stderr.write(f"docket-trace {mark} {time.time():.6f}\n")
        sys.stderr.flush()
