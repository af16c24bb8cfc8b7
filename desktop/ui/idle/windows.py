"""Windows idle source: ``GetLastInputInfo`` (user32) against ``GetTickCount`` (kernel32),
through ctypes. The lock state is not read (a lock shows up as idle time)."""

from __future__ import annotations

import ctypes
from typing import Any


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]


class WindowsIdleSource:
    name = "Windows last-input time"

    def __init__(self) -> None:
        windll: Any = getattr(ctypes, "windll", None)
        self._user32 = windll.user32 if windll else None
        self._kernel32 = windll.kernel32 if windll else None
        self._info = _LastInputInfo()
        self._info.cbSize = ctypes.sizeof(_LastInputInfo)

    def idle_seconds(self) -> float | None:
        if self._user32 is None or not self._user32.GetLastInputInfo(ctypes.byref(self._info)):
            return None
        # both are 32-bit millisecond tick counts; the subtraction wraps like theirs does
        now = self._kernel32.GetTickCount() & 0xFFFFFFFF
        return ((now - self._info.dwTime) & 0xFFFFFFFF) / 1000.0

    def locked(self) -> bool | None:
        return None
