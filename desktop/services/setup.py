"""Loading a firm set-up file into the workspace (``docket import``) — an upsert by code/id,
idempotent, all or nothing, every problem listed (PRODUCT.md §6 "Firm set-up file").

What changes is decided by :mod:`core.setup_plan` (shared with the firm server); this module
writes the plan and its audit events in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from core.errors import DocketError, Problem, ValidationError
from core.setup_file import Known, parse
from core.setup_plan import ImportReport, Stored, plan
from desktop.models import audit_log
from desktop.models import master as m
from desktop.models import tables as t
from desktop.services.workspace import Workspace

__all__ = ["ImportReport", "SetupService"]


class SetupService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def import_setup(self, doc: Any, *, actor: str | None = None) -> ImportReport:
        """Validate ``doc`` against the file's rules and what the store holds, then upsert it
        in one transaction with an audit event per changed record."""
        now = self.ws.now()
        with self.ws.store.write() as conn:
            if self.ws.kind(conn) == "firm":
                raise DocketError(
                    "import is refused in a firm workspace: the server owns master data "
                    "(an admin uses `docket-server import`)"
                )
            master = self.ws.master(conn)
            known = Known(
                firm=master.firm,
                people=master.people,
                service_types=master.service_types,
                clients=master.clients,
                matters=master.matters,
            )
            setup = parse(doc, known)
            stored = Stored(
                master.firm,
                master.people,
                master.service_types,
                master.clients,
                master.matters,
                master.rules,
            )
            todo = plan(
                setup,
                stored,
                lambda rule_id: _used_by(conn, rule_id),
                lambda code: _matter_use(conn, code),
            )
            firm = next((c.value for c in todo.changes if c.kind == "firm"), master.firm)
            who = (
                actor
                or (master.owner.id if master.owner else None)
                or (firm.owner if firm else None)
                or "import"
            )
            savers: dict[str, Callable[[Connection, Any], None]] = {
                "firm": m.save_firm,
                "person": m.save_person,
                "service_type": m.save_service,
                "client": m.save_client,
                "matter": m.save_matter,
            }
            for change in todo.changes:
                if change.kind != "rate":
                    savers[change.kind](conn, change.value)
                elif change.before is None:
                    m.insert_rule(conn, change.value, now)
                else:
                    m.replace_rule(conn, change.key, change.value)
            if todo.changes:
                m.bump(conn)
                audit_log.record_many(
                    conn,
                    [
                        {
                            "now": now,
                            "actor": who,
                            "action": c.action,
                            "entity": c.kind,
                            "entity_id": c.key,
                            "before": c.before,
                            "after": c.after,
                        }
                        for c in todo.changes
                    ],
                )
            return todo.report


def _matter_use(conn: Connection, code: str) -> int:
    c = t.entries.c
    return int(conn.execute(select(func.count()).where(c.matter == code)).scalar_one())


def _used_by(conn: Connection, rule_id: str) -> tuple[int, Sequence[str]]:
    c = t.entries.c
    ids = [r[0] for r in conn.execute(select(c.id).where(c.rate_rule_id == rule_id).limit(5))]
    if not ids:
        return 0, ()
    count = conn.execute(select(func.count()).where(c.rate_rule_id == rule_id)).scalar_one()
    return int(count), ids


def one_person_setup(
    name: str, firm_name: str, *, currency: str = "USD", hourly_rate: str | None = None
) -> dict[str, Any]:
    """The set-up file of a new one-person practice (the app's "start empty" choice): the
    person is its owner and partner; ``hourly_rate`` (a decimal string) becomes the firm's
    default rate rule, effective from 2000-01-01 so past dates are priced too."""
    person = name.strip()
    firm = firm_name.strip()
    if not person:
        raise ValidationError([Problem("name", "your name is required")], "not set up")
    if not firm:
        raise ValidationError([Problem("firm", "the practice's name is required")], "not set up")
    pid = "".join(ch for ch in person.lower() if ch.isascii() and ch.isalnum()) or "me"
    doc: dict[str, Any] = {
        "firm": {"name": firm, "currency": currency, "owner": pid},
        "people": [{"id": pid, "name": person, "role": "partner"}],
    }
    if hourly_rate and hourly_rate.strip():
        doc["rates"] = [{"amount": hourly_rate.strip(), "effective_from": "2000-01-01"}]
    return doc
