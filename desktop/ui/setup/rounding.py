"""Rounding and required fields as form fields — the firm's complete rule, or a client's
override where each key left at "the firm's" is taken from the firm's rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QSpinBox

from core.model import DIRECTIONS, INCREMENTS, REQUIRED_FIELDS
from desktop.ui.setup.fields import CodeChecklistWidget
from desktop.ui.widgets.combo import choose, fill_combo

if TYPE_CHECKING:
    from core.model import RoundingOverride, RoundingRule
    from desktop.ui.setup.form import RecordFormWidget

DIRECTION_WORDS = {
    "up": "up (the next increment)",
    "nearest": "to the nearest (halves up)",
    "down": "down",
}
FIELD_WORDS = {
    "client": "Client (met through the matter)",
    "matter": "Matter",
    "phase": "Phase (on matters that have phases)",
    "service": "Service type",
    "narrative": "Narrative",
    "utbms_task": "UTBMS task (on UTBMS matters)",
    "utbms_activity": "UTBMS activity (on UTBMS matters)",
}
FIRMS = -1  # the minimum spin box's "the firm's" value


class RoundingFields:
    """Increment, direction and minimum on a form, under ``rounding.…`` paths."""

    def __init__(self, form: RecordFormWidget, *, override: bool) -> None:
        self.override = override
        self.increment = QComboBox()
        self.direction = QComboBox()
        self.minimum = QSpinBox()
        self.minimum.setRange(FIRMS if override else 0, 24 * 60)
        self.minimum.setSuffix(" min")
        if override:
            self.minimum.setSpecialValueText("the firm's")
        form.add_field("rounding.increment_minutes", "Round to", self.increment)
        form.add_field("rounding.direction", "Rounding", self.direction)
        form.add_field(
            "rounding.minimum_minutes",
            "Minimum",
            self.minimum,
            "Applied after rounding: no entry is billed less." if not override else None,
        )
        self.set_firm(None)

    def set_firm(self, firm: RoundingRule | None) -> None:
        """The firm's rule, named in a client's "the firm's" choices."""
        head: list[tuple[str, Any]] = []
        dhead: list[tuple[str, Any]] = []
        if self.override:
            inc = f" ({firm.increment_minutes} min)" if firm else ""
            way = f" ({firm.direction})" if firm else ""
            head = [(f"the firm's{inc}", None)]
            dhead = [(f"the firm's{way}", None)]
            mins = f" ({firm.minimum_minutes} min)" if firm else ""
            self.minimum.setSpecialValueText(f"the firm's{mins}")
        fill_combo(
            self.increment,
            head + [(f"{n} min" + (" (0.1 h)" if n == 6 else ""), n) for n in INCREMENTS],
            self.increment.currentData(),
        )
        fill_combo(
            self.direction,
            dhead + [(DIRECTION_WORDS[d], d) for d in DIRECTIONS],
            self.direction.currentData(),
        )

    def fill(self, rule: RoundingRule | RoundingOverride | None) -> None:
        choose(self.increment, rule.increment_minutes if rule else None)
        choose(self.direction, rule.direction if rule else None)
        minimum = rule.minimum_minutes if rule else None
        self.minimum.setValue(FIRMS if minimum is None else minimum)

    def record(self) -> dict[str, Any] | None:
        """The rule as the set-up file writes it (a client's: only the keys it sets)."""
        out: dict[str, Any] = {}
        if self.increment.currentData() is not None:
            out["increment_minutes"] = self.increment.currentData()
        if self.direction.currentData() is not None:
            out["direction"] = self.direction.currentData()
        if self.minimum.value() != FIRMS:
            out["minimum_minutes"] = self.minimum.value()
        return out or None


def required_checklist() -> CodeChecklistWidget:
    box = CodeChecklistWidget(rows=7)
    box.set_items((f, FIELD_WORDS[f]) for f in REQUIRED_FIELDS)
    return box
