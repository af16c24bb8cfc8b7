"""macOS idle source: IOKit's ``HIDIdleTime`` (nanoseconds since the last input) of the
``IOHIDSystem`` service, read through ctypes and CoreFoundation."""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

_K_CF_STRING_ENCODING_UTF8 = 0x08000100
_K_CF_NUMBER_SINT64 = 4


class MacIdleSource:
    name = "macOS HID idle time (IOKit)"

    def __init__(self, iokit: Any, cf: Any, service: int, key: int) -> None:
        self._iokit = iokit
        self._cf = cf
        self._service = service
        self._key = key

    @classmethod
    def open(cls) -> MacIdleSource | None:
        iokit_name = ctypes.util.find_library("IOKit")
        cf_name = ctypes.util.find_library("CoreFoundation")
        if not iokit_name or not cf_name:
            return None
        try:
            iokit = ctypes.CDLL(iokit_name)
            cf = ctypes.CDLL(cf_name)
        except OSError:
            return None
        iokit.IOServiceMatching.restype = ctypes.c_void_p
        iokit.IOServiceMatching.argtypes = [ctypes.c_char_p]
        iokit.IOServiceGetMatchingService.restype = ctypes.c_uint
        iokit.IOServiceGetMatchingService.argtypes = [ctypes.c_uint, ctypes.c_void_p]
        iokit.IORegistryEntryCreateCFProperty.restype = ctypes.c_void_p
        iokit.IORegistryEntryCreateCFProperty.argtypes = [
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_uint,
        ]
        cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint]
        cf.CFNumberGetValue.restype = ctypes.c_bool
        cf.CFNumberGetValue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
        cf.CFRelease.argtypes = [ctypes.c_void_p]
        # kIOMasterPortDefault is 0 (the default main port)
        service = iokit.IOServiceGetMatchingService(0, iokit.IOServiceMatching(b"IOHIDSystem"))
        if not service:
            return None
        key = cf.CFStringCreateWithCString(None, b"HIDIdleTime", _K_CF_STRING_ENCODING_UTF8)
        src = cls(iokit, cf, service, key)
        return src if src.idle_seconds() is not None else None

    def idle_seconds(self) -> float | None:
        prop = self._iokit.IORegistryEntryCreateCFProperty(self._service, self._key, None, 0)
        if not prop:
            return None
        value = ctypes.c_int64()
        try:
            ok = self._cf.CFNumberGetValue(prop, _K_CF_NUMBER_SINT64, ctypes.byref(value))
        finally:
            self._cf.CFRelease(prop)
        return value.value / 1e9 if ok else None

    def locked(self) -> bool | None:
        return None
