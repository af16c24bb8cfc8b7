"""Writing master data: the set-up file import (``docket-server import``) and every master-data
API call go through here — parsed and validated by :func:`core.setup_file.parse`, planned by
:func:`core.setup_plan.plan` (the same upsert rules as ``docket import``), written all or
nothing with an audit event per changed record. Disabling a person ends their sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from core.setup_file import Known, parse
from core.setup_plan import ImportReport, Stored, plan
from server.models import audit_log
from server.models import master as m
from server.services import auth, sync_scope
from server.services.context import Context

_SAVERS: dict[str, Callable[[Connection, Any], None]] = {
    "firm": m.save_firm,
    "person": m.save_person,
    "service_type": m.save_service,
    "client": m.save_client,
    "matter": m.save_matter,
}


def import_doc(ctx: Context, doc: Any, actor: str) -> ImportReport:
    """Validate ``doc`` (a set-up document) against what the database holds and upsert it."""
    now = ctx.now()

    def unit(conn: Connection) -> ImportReport:
        master = m.load(conn)
        setup = parse(
            doc,
            Known(master.firm, master.people, master.service_types, master.clients, master.matters),
        )
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
            lambda rule_id: m.rule_use(conn, rule_id),
            lambda code: m.matter_use(conn, code),
        )
        for change in todo.changes:
            if change.kind != "rate":
                _SAVERS[change.kind](conn, change.value)
                if change.kind == "person" and not change.value.active:
                    auth.revoke_all(conn, change.value.id)
            elif change.before is None:
                m.insert_rule(conn, change.value, now)
            else:
                m.replace_rule(conn, change.value)
        if todo.changes:
            m.bump(conn)
            sync_scope.bump_changed(conn, master, m.load(conn))
            audit_log.record_many(
                conn,
                [
                    {
                        "now": now,
                        "actor": actor,
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

    return ctx.db.write(unit)
