"""Linux idle sources: GNOME's idle monitor over D-Bus (works on Wayland too), then the X11
screen-saver extension (any X11 desktop, and Xvfb). Each ``open()`` returns the source, or
None with the reason it does not work here."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Any


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


_SCREEN_SAVER_ON = 1


class X11IdleSource:
    """``XScreenSaverQueryInfo`` through ctypes, on a display connection of its own."""

    name = "X11 screen saver extension"

    def __init__(self, xlib: Any, xss: Any, display: int) -> None:
        self._xlib = xlib
        self._xss = xss
        self._display = display
        self._root = xlib.XDefaultRootWindow(display)
        self._info = xss.XScreenSaverAllocInfo()

    @classmethod
    def open(cls) -> tuple[X11IdleSource | None, str]:
        if not os.environ.get("DISPLAY"):
            return None, "no X11 display"
        x11_name = ctypes.util.find_library("X11")
        xss_name = ctypes.util.find_library("Xss")
        if not x11_name or not xss_name:
            return None, "the X11 screen-saver library (libXss) is not installed"
        try:
            xlib = ctypes.CDLL(x11_name)
            xss = ctypes.CDLL(xss_name)
        except OSError as err:
            return None, f"the X11 libraries could not be loaded ({err})"
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        display = xlib.XOpenDisplay(None)
        if not display:
            return None, "the X11 display could not be opened"
        event, error = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(display, ctypes.byref(event), ctypes.byref(error)):
            xlib.XCloseDisplay(display)
            return None, "the X11 server has no screen-saver extension"
        return cls(xlib, xss, display), ""

    def _query(self) -> _XScreenSaverInfo | None:
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        info: _XScreenSaverInfo = self._info.contents
        return info

    def idle_seconds(self) -> float | None:
        info = self._query()
        return None if info is None else info.idle / 1000.0

    def locked(self) -> bool | None:
        info = self._query()
        return None if info is None else info.state == _SCREEN_SAVER_ON


class MutterIdleSource:
    """GNOME's ``org.gnome.Mutter.IdleMonitor`` and the screen-saver's lock state, over the
    session bus (QtDBus)."""

    name = "GNOME idle monitor (D-Bus)"
    # the calls run on the GUI thread once a second while a timer runs: a busy gnome-shell
    # (just after a resume) may not answer for a while, and QtDBus would wait 25 s by default.
    # A reading that takes longer than this is skipped ("unknown"); the next tick asks again.
    TIMEOUT_MS = 200

    def __init__(self, monitor: Any, saver: Any) -> None:
        self._monitor = monitor
        self._saver = saver

    @classmethod
    def open(cls) -> tuple[MutterIdleSource | None, str]:
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return None, "no D-Bus session bus"
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return None, "the D-Bus session bus is not reachable"
        monitor = QDBusInterface(
            "org.gnome.Mutter.IdleMonitor",
            "/org/gnome/Mutter/IdleMonitor/Core",
            "org.gnome.Mutter.IdleMonitor",
            bus,
        )
        if not monitor.isValid():
            return None, "no GNOME idle monitor on D-Bus"
        monitor.setTimeout(cls.TIMEOUT_MS)
        saver = QDBusInterface(
            "org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", bus
        )
        saver.setTimeout(cls.TIMEOUT_MS)
        src = cls(monitor, saver if saver.isValid() else None)
        if src.idle_seconds() is None:
            return None, "the GNOME idle monitor did not answer"
        return src, ""

    def idle_seconds(self) -> float | None:
        reply = self._monitor.call("GetIdletime")
        args = reply.arguments()
        if not args:
            return None
        try:
            return int(args[0]) / 1000.0
        except (TypeError, ValueError):
            return None

    def locked(self) -> bool | None:
        if self._saver is None:
            return None
        args = self._saver.call("GetActive").arguments()
        return bool(args[0]) if args else None
