"""Where the workspace lives by default (kept apart so the app's start-up imports little)."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    """``DOCKET_DATA_DIR``, else the platform's local app-data folder."""
    env = os.environ.get("DOCKET_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("Docket", appauthor=False, roaming=False))
