"""`docket` with no subcommand: open the desktop app — or, where there is no display, say so in
one line and show `docket status` instead of crashing.

This module stays light (no services, no Qt at import): the app's module is imported by name
only once a display is known to exist, so the CLI itself never loads Qt.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

GUI_PLATFORMS = ("xcb", "wayland", "wayland-egl")


def display_problem() -> str | None:
    """Why no window can open here, or None when one can (or Qt is told to go offscreen)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform and platform not in GUI_PLATFORMS:
        return None  # offscreen, minimal, vnc, cocoa, windows…: Qt was told what to use
    if sys.platform in ("win32", "darwin"):
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY")
    x11 = os.environ.get("DISPLAY")
    if platform.startswith("wayland"):
        return None if wayland else "no Wayland display (WAYLAND_DISPLAY is not set)"
    if wayland and not platform:
        return None
    if not x11:
        return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    return None if _x11_reachable(x11) else f"the X11 display {x11} cannot be reached"


def _x11_reachable(display: str) -> bool:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("X11")
    if not name:
        return True  # let Qt decide: it has its own way to connect
    try:
        xlib = ctypes.CDLL(name)
    except OSError:
        return True
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    handle = xlib.XOpenDisplay(display.encode())
    if not handle:
        return False
    xlib.XCloseDisplay(handle)
    return True


def run_app(argv: list[str]) -> int:
    """``docket [--data-dir DIR]``: the app, with the CLI's one-line errors (never a traceback)."""
    _wanted, data_dir = app_request(argv)
    try:
        return open_app(data_dir)
    except BaseException as exc:  # reported in one line, like every command
        from desktop.cli.main import report_error

        return report_error(exc, data_dir)


def open_app(data_dir: Path | None) -> int:
    from desktop.cli.paths import default_data_dir

    folder = data_dir or default_data_dir()
    problem = display_problem()
    if problem is None:
        try:
            app = importlib.import_module("desktop.ui.imports").import_app()
        except ImportError as err:
            problem = f"the desktop libraries could not be loaded ({err})"
        else:
            code: int = app.main(folder)
            return code
    sys.stderr.write(f"docket: cannot open the window: {problem}; showing `docket status`\n")
    from desktop.cli.commands import cmd_status

    return cmd_status(argparse.Namespace(data_dir=folder, format="table"))


def app_request(argv: list[str]) -> tuple[bool, Path | None]:
    """Whether ``argv`` asks for the app (nothing but ``--data-dir DIR``), and the folder."""
    rest = list(argv)
    data_dir: Path | None = None
    while rest:
        arg = rest.pop(0)
        if arg == "--data-dir" and rest:
            data_dir = Path(rest.pop(0)).expanduser()
        elif arg.startswith("--data-dir="):
            data_dir = Path(arg.split("=", 1)[1]).expanduser()
        else:
            return False, None
    return True, data_dir
