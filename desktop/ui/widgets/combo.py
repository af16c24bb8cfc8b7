"""Combo boxes over (text, code) pairs: filling them, choosing a code, reading what is chosen
(or typed, in an editable one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox


def fill_combo(combo: QComboBox, items: Sequence[tuple[str, Any]], keep: Any = None) -> None:
    """Replace a combo's items with (text, data) pairs, keeping ``keep`` chosen if present."""
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    choose(combo, keep)
    combo.blockSignals(False)


def choose(combo: QComboBox, data: Any) -> None:
    i = combo.findData(data)
    if i < 0 and combo.isEditable() and data:
        combo.setEditText(str(data))
        return
    combo.setCurrentIndex(max(i, 0))


def combo_value(combo: QComboBox) -> Any:
    """What is chosen — or, in an editable combo, what was typed (None when empty)."""
    if combo.isEditable():
        text = combo.currentText().strip()
        i = combo.findText(text)
        if i >= 0:
            return combo.itemData(i)
        return text or None
    return combo.currentData()
