"""The forms for people, service types and clients — each a record of the set-up file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from core import utbms
from core.model import ROLES
from desktop.ui.setup.fields import text_of
from desktop.ui.setup.form import RecordFormWidget
from desktop.ui.setup.rounding import RoundingFields, required_checklist
from desktop.ui.widgets.combo import choose, combo_value, fill_combo

if TYPE_CHECKING:
    from core.model import Client, Person, ServiceType
    from desktop.models.master import Master

# the usual LEDES timekeeper classifications (a firm may use its own codes)
CLASSIFICATIONS = ("PARTNR", "ASSOC", "OFCOUN", "PARLEG", "LEGAST", "OTHTK")
ROLE_WORDS = {
    "admin": "admin — sets the firm up",
    "partner": "partner — reviews and approves",
    "billing": "billing — exports for invoicing",
    "timekeeper": "timekeeper — logs time",
}


class PersonFormWidget(RecordFormWidget):
    service_method = "save_person"

    def __init__(self) -> None:
        super().__init__()
        self.id = QLineEdit()
        self.id.setPlaceholderText("e.g. mlee")
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("how they sign in to a firm server")
        self.role = QComboBox()
        fill_combo(self.role, [(ROLE_WORDS[r], r) for r in ROLES])
        self.classification = QComboBox()
        self.classification.setEditable(True)
        self.active = QCheckBox("Active (may sign in to a firm server)")
        self.add_field("id", "&Id", self.id)
        self.add_field("name", "&Name", self.name)
        self.add_field("email", "&Email", self.email)
        self.add_field("role", "&Role", self.role)
        self.add_field(
            "classification",
            "&Classification",
            self.classification,
            "The seniority band rates and reports use (LEDES: PARTNR, ASSOC, PARLEG…)",
        )
        self.add_field("active", "", self.active)

    def set_master(self, master: Master) -> None:
        used = {p.classification for p in master.people.values() if p.classification}
        codes = sorted(used | set(CLASSIFICATIONS))
        keep = combo_value(self.classification)
        fill_combo(self.classification, [("", None)] + [(c, c) for c in codes], keep)

    def key_fields(self) -> tuple[Any, ...]:
        return (self.id,)

    def heading_text(self, p: Person | None) -> str:
        return "New person" if p is None else f"{p.name} ({p.id})"

    def fill(self, p: Person | None) -> None:
        self.id.setText(p.id if p else "")
        self.name.setText(p.name if p else "")
        self.email.setText((p.email or "") if p else "")
        choose(self.role, p.role if p else "timekeeper")
        choose(self.classification, p.classification if p else None)
        self.active.setChecked(p.active if p else True)

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "id": self.id.text().strip(),
            "name": self.name.text().strip(),
            "role": self.role.currentData(),
            "active": self.active.isChecked(),
        }
        for key, value in (
            ("email", text_of(self.email)),
            ("classification", combo_value(self.classification)),
        ):
            if value is not None:
                rec[key] = value
        return rec


class ServiceFormWidget(RecordFormWidget):
    service_method = "save_service_type"

    def __init__(self) -> None:
        super().__init__()
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. RES")
        self.name = QLineEdit()
        self.billable = QCheckBox("Billable (entries of this type are billed)")
        self.activity = QComboBox()
        items: list[tuple[str, Any]] = [("none", None)]
        items += [(f"{c.code} · {c.name}", c.code) for c in utbms.activities().values()]
        fill_combo(self.activity, items)
        self.add_field("code", "&Code", self.code)
        self.add_field("name", "&Name", self.name)
        self.add_field("billable", "", self.billable)
        self.add_field(
            "utbms_activity",
            "UTBMS &activity",
            self.activity,
            "Filled in on UTBMS matters when an entry gives none",
        )

    def key_fields(self) -> tuple[Any, ...]:
        return (self.code,)

    def heading_text(self, s: ServiceType | None) -> str:
        return "New service type" if s is None else f"{s.name} ({s.code})"

    def fill(self, s: ServiceType | None) -> None:
        self.code.setText(s.code if s else "")
        self.name.setText(s.name if s else "")
        self.billable.setChecked(s.billable if s else True)
        choose(self.activity, s.utbms_activity if s else None)

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "code": self.code.text().strip(),
            "name": self.name.text().strip(),
            "billable": self.billable.isChecked(),
        }
        if self.activity.currentData() is not None:
            rec["utbms_activity"] = self.activity.currentData()
        return rec


class ClientFormWidget(RecordFormWidget):
    service_method = "save_client"

    def __init__(self) -> None:
        super().__init__()
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. ACME")
        self.name = QLineEdit()
        self.ledes = QLineEdit()
        self.add_field("code", "&Code", self.code)
        self.add_field("name", "&Name", self.name)
        self.add_field(
            "ledes_client_id", "&LEDES client id", self.ledes, "Left empty: the client's code"
        )
        self.add_section("Rounding (what is left at the firm's follows the firm)")
        self.rounding = RoundingFields(self, override=True)
        self.add_section("Required fields, added to the firm's")
        self.required = required_checklist()
        self.add_field("required_fields", "Also &required", self.required)
        self._firm_required: tuple[str, ...] = ()

    def set_master(self, master: Master) -> None:
        firm = master.settings
        self.rounding.set_firm(firm.rounding)
        self._firm_required = firm.required_fields
        self.required.lock(firm.required_fields, "The firm requires it of every entry")

    def key_fields(self) -> tuple[Any, ...]:
        return (self.code,)

    def heading_text(self, c: Client | None) -> str:
        return "New client" if c is None else f"{c.name} ({c.code})"

    def fill(self, c: Client | None) -> None:
        self.code.setText(c.code if c else "")
        self.name.setText(c.name if c else "")
        self.ledes.setText((c.ledes_client_id or "") if c else "")
        self.rounding.fill(c.rounding if c else None)
        self.required.set_checked(c.required_fields if c else ())

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {"code": self.code.text().strip(), "name": self.name.text().strip()}
        rounding = self.rounding.record()
        if rounding:
            rec["rounding"] = rounding
        extra = [f for f in self.required.checked() if f not in self._firm_required]
        if extra:
            rec["required_fields"] = extra
        if text_of(self.ledes):
            rec["ledes_client_id"] = text_of(self.ledes)
        return rec
