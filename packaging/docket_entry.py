"""The bundle's entry script. PyInstaller runs it as a top-level ``__main__``, so it imports
the package by absolute name instead of relying on desktop/__main__.py's context."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
