"""Importing the app's own modules without PySide6's import hook.

PySide6 replaces ``builtins.__import__`` with a hook that, after every import, reads the whole
source file of each module it has not seen yet, looking for the text "PySide6" (to support its
``from __feature__ import …`` switches, which Docket does not use). For the two hundred modules
of SQLAlchemy and the services that costs ~25 ms of start-up and ~12 MB of cached source text.
The worker thread therefore imports them through the import PySide6 itself wraps
(``builtins.__orig_import__``), and puts the hook back at once; so does the launch, for the
window's forty modules (:func:`import_app`).

While the hook is off, an import on the GUI thread skips it too; such a module is then treated
as "no feature selected" — which is what every Docket module is.
"""

from __future__ import annotations

import builtins
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


@contextmanager
def without_pyside_import_hook() -> Iterator[None]:
    hooked = builtins.__import__
    plain = getattr(builtins, "__orig_import__", None)
    if plain is None or plain is hooked:  # another PySide6, or no hook: nothing to do
        yield
        return
    builtins.__import__ = plain
    try:
        yield
    finally:
        builtins.__import__ = hooked


def import_app(name: str = "desktop.app") -> ModuleType:
    """Import the app's module (Qt and the window's modules) with PySide6 loaded first — which
    sets its hook — and the hook skipped for everything the app's module imports."""
    import PySide6  # noqa: F401  (sets the hook, so the import below can step around it)

    with without_pyside_import_hook():
        return importlib.import_module(name)
