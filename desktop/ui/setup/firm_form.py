"""The firm's own settings: name, currency, owner, the rounding rule, the required-field
policy, billable overrides, self-approval, LEDES tax id and the lock date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from desktop.ui.setup.fields import OptionalDateEdit, date_text, text_of
from desktop.ui.setup.form import RecordFormWidget
from desktop.ui.setup.rounding import RoundingFields, required_checklist
from desktop.ui.widgets.combo import choose, fill_combo

if TYPE_CHECKING:
    from core.model import FirmSettings
    from desktop.models.master import Master


class FirmFormWidget(RecordFormWidget):
    service_method = "save_firm"

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText("USD")
        self.owner = QComboBox()
        self.tax_id = QLineEdit()
        self.add_field("name", "&Name", self.name)
        self.add_field("currency", "C&urrency", self.currency, "ISO 4217, e.g. USD, EUR, GBP")
        self.add_field(
            "owner", "&Owner", self.owner, "Who the app, the timer and the CLI record time for"
        )
        self.add_field("tax_id", "&Tax id", self.tax_id, "LEDES LAW_FIRM_ID")
        self.add_section("Rounding (clients may override it)")
        self.rounding = RoundingFields(self, override=False)
        self.add_section("Entries")
        self.required = required_checklist()
        self.add_field(
            "required_fields", "&Required", self.required, "An entry without them is not saved."
        )
        self.min_length = QSpinBox()
        self.min_length.setRange(0, 10_000)  # as the set-up file allows
        self.min_length.setSuffix(" characters")
        self.add_field("narrative_min_length", "Narrative at &least", self.min_length)
        self.override = QCheckBox("People may mark an entry billable or non-billable")
        self.add_field("allow_billable_override", "", self.override)
        self.self_approval = QCheckBox("Reviewers may approve their own entries")
        self.add_field(
            "allow_self_approval", "", self.self_approval, "Takes effect in a firm workspace."
        )
        self.locked = OptionalDateEdit(none_text="no lock")
        self.add_field(
            "locked_before",
            "Loc&ked before",
            self.locked,
            "Nothing dated earlier may be created, changed or reopened. Once set, the date "
            "can move but not be removed.",
        )

    def set_master(self, master: Master) -> None:
        fill_combo(
            self.owner,
            [(f"{p.name} ({p.id})", p.id) for p in master.people.values()],
            self.owner.currentData(),
        )

    def heading_text(self, value: Any) -> str:
        return "The firm"

    def fill(self, firm: FirmSettings | None) -> None:
        if firm is None:
            return
        self.name.setText(firm.name)
        self.currency.setText(firm.currency)
        choose(self.owner, firm.owner)
        self.tax_id.setText(firm.tax_id or "")
        self.rounding.fill(firm.rounding)
        self.required.set_checked(firm.required_fields)
        self.min_length.setValue(firm.narrative_min_length)
        self.override.setChecked(firm.allow_billable_override)
        self.self_approval.setChecked(firm.allow_self_approval)
        self.locked.set_value(firm.locked_before)

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "name": self.name.text().strip(),
            "currency": self.currency.text().strip().upper(),
            "rounding": self.rounding.record(),
            "required_fields": self.required.checked(),
            "narrative_min_length": self.min_length.value(),
            "allow_billable_override": self.override.isChecked(),
            "allow_self_approval": self.self_approval.isChecked(),
        }
        for key, value in (
            ("owner", self.owner.currentData()),
            ("tax_id", text_of(self.tax_id)),
            ("locked_before", date_text(self.locked.value())),
        ):
            if value is not None:
                rec[key] = value
        return rec
