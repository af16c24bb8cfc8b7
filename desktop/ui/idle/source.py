"""Where the idle time comes from: an :class:`IdleSource` per platform, and the choice of the
first one that works here. Sources read only the OS idle counter and the lock state — never
what was typed or shown."""

from __future__ import annotations

import sys
from typing import Protocol


class IdleSource(Protocol):
    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last keyboard or mouse input; None when unknown right now."""
        ...

    def locked(self) -> bool | None:
        """True while the screen is locked (or the screen saver runs); None when unknown."""
        ...


class NoIdleSource:
    """No source works: only sleeps and clock steps are noticed. ``reason`` says why."""

    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def idle_seconds(self) -> float | None:
        return None

    def locked(self) -> bool | None:
        return None


def choose_source() -> IdleSource:
    """The first source that answers on this platform, or :class:`NoIdleSource`."""
    tried: list[str] = []
    if sys.platform == "win32":
        from desktop.ui.idle.windows import WindowsIdleSource

        return WindowsIdleSource()
    if sys.platform == "darwin":
        from desktop.ui.idle.macos import MacIdleSource

        mac = MacIdleSource.open()
        if mac is not None:
            return mac
        return NoIdleSource("the macOS idle counter (IOKit HIDIdleTime) could not be read")
    from desktop.ui.idle import linux

    for factory in (linux.MutterIdleSource.open, linux.X11IdleSource.open):
        src, why = factory()
        if src is not None:
            return src
        tried.append(why)
    return NoIdleSource("; ".join(tried))
