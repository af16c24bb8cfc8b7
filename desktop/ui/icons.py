"""The app's icons, from ``desktop/resources/icons`` (SVG: sharp at any DPI)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

# package data next to the code (an editable install, a wheel and the bundle alike); a plain
# path, because importlib.resources costs a few milliseconds of start-up
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def _path(name: str) -> str:
    return str(ICONS / name)


@cache
def icon(name: str) -> QIcon:
    return QIcon(_path(f"{name}.svg"))


def tray_icon(running: bool) -> QIcon:
    return icon("tray-running" if running else "tray-idle")


def app_icon() -> QIcon:
    return icon("docket")
