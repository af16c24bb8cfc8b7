"""Actions with standard shortcuts, shown in menus and in tooltips ("Save (Ctrl+S)")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

Shortcut = QKeySequence.StandardKey | str | None

# The app's shortcuts, in one place (the Help menu lists them too).
NEW = QKeySequence.StandardKey.New
SAVE = QKeySequence.StandardKey.Save
DELETE = QKeySequence.StandardKey.Delete
START_STOP = "Ctrl+T"
FIND_MATTER = "Ctrl+K"
PREVIOUS_WEEK = QKeySequence.StandardKey.Back
NEXT_WEEK = QKeySequence.StandardKey.Forward
THIS_WEEK = "Alt+Home"
SUBMIT_WEEK = "Ctrl+Shift+Return"
SETTINGS = QKeySequence.StandardKey.Preferences
MATTERS = "Ctrl+Shift+M"
HISTORY = "Ctrl+Shift+H"
CLOSE = QKeySequence.StandardKey.Close
QUIT = QKeySequence.StandardKey.Quit
SYNC_NOW = "Ctrl+Shift+S"


def sequence_text(shortcut: Shortcut) -> str:
    if shortcut is None:
        return ""
    seqs = (
        QKeySequence.keyBindings(shortcut)
        if isinstance(shortcut, QKeySequence.StandardKey)
        else [QKeySequence(shortcut)]
    )
    return seqs[0].toString(QKeySequence.SequenceFormat.NativeText) if seqs else ""


def with_shortcut(tip: str, shortcut: Shortcut) -> str:
    text = sequence_text(shortcut)
    return f"{tip} ({text})" if text else tip


def make_action(
    parent: Any,
    text: str,
    slot: Callable[[], Any] | None = None,
    shortcut: Shortcut = None,
    tip: str | None = None,
) -> QAction:
    """A QAction whose tooltip names its shortcut."""
    action = QAction(text, parent)
    if shortcut is not None:
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(QKeySequence(shortcut))
    plain = (tip or text).replace("&", "").rstrip("…").rstrip(".")
    action.setToolTip(with_shortcut(plain, shortcut))
    action.setStatusTip(plain)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def sequence_text_of(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
