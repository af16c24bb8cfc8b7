"""Preferences and window geometry, kept in the data folder
(``QSettings(<data-dir>/settings.ini, IniFormat)``) — never in the registry or the real home's
config, so two data folders never share them and a test's folder is all it touches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_IDLE_MINUTES = 10


class AppSettings:
    def __init__(self, data_dir: Path) -> None:
        self.q = QSettings(str(Path(data_dir) / "settings.ini"), QSettings.Format.IniFormat)

    # -- away time
    @property
    def idle_minutes(self) -> int:
        value = self.q.value("away/idle_minutes", DEFAULT_IDLE_MINUTES)
        try:
            return max(1, int(str(value)))
        except ValueError:
            return DEFAULT_IDLE_MINUTES

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        self.q.setValue("away/idle_minutes", int(minutes))

    @property
    def ask_about_away(self) -> bool:
        return str(self.q.value("away/ask", "true")).lower() == "true"

    @ask_about_away.setter
    def ask_about_away(self, on: bool) -> None:
        self.q.setValue("away/ask", "true" if on else "false")

    # -- pinned matters (shown first in the tray menu and the quick switch)
    @property
    def pinned(self) -> list[str]:
        text = str(self.q.value("matters/pinned", "") or "")
        return [c for c in text.split(",") if c]

    @pinned.setter
    def pinned(self, codes: list[str]) -> None:
        self.q.setValue("matters/pinned", ",".join(dict.fromkeys(codes)))

    def toggle_pin(self, code: str) -> bool:
        """Pin or unpin ``code``; True when it is pinned now."""
        codes = self.pinned
        if code in codes:
            codes.remove(code)
            self.pinned = codes
            return False
        self.pinned = [*codes, code]
        return True

    # -- the firm server last signed in to (its address only; never a token or password)
    @property
    def server(self) -> str:
        return str(self.q.value("firm/server", "") or "")

    @server.setter
    def server(self, url: str) -> None:
        self.q.setValue("firm/server", url)

    # -- things said once
    def said(self, key: str) -> bool:
        return str(self.q.value(f"said/{key}", "false")).lower() == "true"

    def mark_said(self, key: str) -> None:
        self.q.setValue(f"said/{key}", "true")

    # -- geometry and layout
    def blob(self, key: str) -> QByteArray | None:
        value = self.q.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self.q.setValue(f"window/{key}", value)

    def sync(self) -> None:
        self.q.sync()
