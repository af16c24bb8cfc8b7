"""`make bench` / `python -m bench`: run every benchmark suite and print its table."""

from __future__ import annotations

import sys

from bench.ui.__main__ import main as ui_main

if __name__ == "__main__":
    sys.exit(ui_main(sys.argv[1:]))
