"""The pinned PySide6 must not drop references to None (6.12.0 does under Python 3.11: every
void call takes one, and the app dies with "deallocating None" once the count reaches 0)."""

from __future__ import annotations

import gc
import sys
from typing import Any

from PySide6.QtWidgets import QWidget


def test_void_calls_keep_none_alive(qtbot: Any) -> None:
    w = QWidget()
    qtbot.addWidget(w)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(500):
        w.resize(10, 10)
        w.setToolTip("x")
        w.setEnabled(True)
    gc.collect()
    assert sys.getrefcount(None) >= before - 10
