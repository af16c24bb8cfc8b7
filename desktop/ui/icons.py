"""The app's icons, from ``desktop/resources/icons`` (SVG: sharp at any DPI)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon


def _path(name: str) -> str:
    return str(resources.files("desktop").joinpath("resources", "icons", name))


@cache
def icon(name: str) -> QIcon:
    return QIcon(_path(f"{name}.svg"))


def tray_icon(running: bool) -> QIcon:
    return icon("tray-running" if running else "tray-idle")


def app_icon() -> QIcon:
    return icon("docket")
