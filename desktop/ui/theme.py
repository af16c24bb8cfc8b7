"""Colours that follow the OS palette: status colours (always paired with a word), the
today and weekend tints, problems. Nothing here hard-codes a light or a dark theme."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

# (light theme, dark theme)
_STATUS = {
    "draft": ("#475569", "#a8b3c4"),
    "submitted": ("#1d4ed8", "#60a5fa"),
    "approved": ("#15803d", "#4ade80"),
    "rejected": ("#b91c1c", "#f87171"),
    "billed": ("#6d28d9", "#a78bfa"),
}
_PROBLEM = ("#b91c1c", "#f87171")
_WARNING = ("#a16207", "#facc15")
_RUNNING = ("#c2410c", "#fb923c")


def is_dark(palette: QPalette | None = None) -> bool:
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def _pick(pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if is_dark() else pair[0])


def status_color(status: str) -> QColor:
    return _pick(_STATUS.get(status, _STATUS["draft"]))


def problem_color() -> QColor:
    return _pick(_PROBLEM)


def warning_color() -> QColor:
    return _pick(_WARNING)


def running_color() -> QColor:
    return _pick(_RUNNING)


def tint(base: QColor, over: QColor, amount: float) -> QColor:
    """``over`` laid on ``base`` at ``amount`` (0…1) opacity."""
    r = base.redF() + (over.redF() - base.redF()) * amount
    g = base.greenF() + (over.greenF() - base.greenF()) * amount
    b = base.blueF() + (over.blueF() - base.blueF()) * amount
    return QColor.fromRgbF(r, g, b)


def _mix(base: QPalette.ColorRole, over: QPalette.ColorRole, amount: float) -> QColor:
    """Two colours of the current palette mixed (so they follow light and dark themes)."""
    pal = QGuiApplication.palette()
    return tint(pal.color(base), pal.color(over), amount)


_R = QPalette.ColorRole


def today_background() -> QColor:
    return _mix(_R.Base, _R.Highlight, 0.14)


def chosen_background() -> QColor:
    return _mix(_R.Base, _R.Highlight, 0.28)


def weekend_background() -> QColor:
    return _mix(_R.Base, _R.Text, 0.045)


def dimmed_text() -> QColor:
    return _mix(_R.Text, _R.Base, 0.45)


def totals_background() -> QColor:
    return _mix(_R.Base, _R.Text, 0.07)


@cache
def _dot(rgb: str, size: int, dpr: float) -> QIcon:
    pix = QPixmap(int(size * dpr), int(size * dpr))
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(rgb))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pix)


def status_dot(status: str, size: int = 10) -> QIcon:
    """A small round chip in the status colour (always shown beside the status word)."""
    app = QGuiApplication.instance()
    dpr = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    return _dot(status_color(status).name(), size, dpr)
