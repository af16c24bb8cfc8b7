"""Re-rating, backups and the audit check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import false, select, update

from core.audit import Verdict
from core.errors import DocketError
from core.money import from_cents
from desktop.models import audit_log
from desktop.models import tables as t
from desktop.models.migrate import MigrationError, backup_file
from desktop.services import pricing_rows as pr
from desktop.services.workspace import Workspace

RERATABLE = ("draft", "submitted", "rejected")


@dataclass(frozen=True)
class RerateChange:
    entry_id: str
    person: str
    date: date
    matter: str | None
    old_rate: Decimal
    new_rate: Decimal
    old_rule: str
    new_rule: str
    old_amount: Decimal
    new_amount: Decimal
    # the rest of what re-rating writes, so "what was shown is what is done" covers it all
    old_currency: str = ""
    new_currency: str = ""
    old_billed_hours: str = ""
    new_billed_hours: str = ""
    old_billable: bool = True
    new_billable: bool = True


class MaintenanceService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def rerate(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        matter: str | None = None,
        dry_run: bool = False,
        expect: list[RerateChange] | None = None,
    ) -> list[RerateChange]:
        """Re-price unapproved entries under today's rules (explicit and audited; approved
        and billed entries are never touched). ``dry_run`` returns the preview only.

        ``expect`` is a preview the person confirmed: when re-rating would now change anything
        else (an entry or a rule changed meanwhile), nothing is written and
        :class:`~core.errors.DocketError` says so — what is done is exactly what was shown."""
        now = self.ws.now()
        unit = self.ws.store.read() if dry_run else self.ws.store.write()
        with unit as conn:
            if self.ws.kind(conn) == "firm":
                raise DocketError("rerate is refused in a firm workspace: the server owns rates")
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master)
            c = t.entries.c
            q = select(t.entries).where(c.deleted == false(), c.status.in_(RERATABLE))
            if date_from:
                q = q.where(c.work_date >= date_from)
            if date_to:
                q = q.where(c.work_date <= date_to)
            if matter:
                q = q.where(c.matter == matter)
            changes: list[RerateChange] = []
            events = []
            for r in conn.execute(q.order_by(c.work_date)).mappings():
                row = dict(r)
                draft = pr.Draft(
                    person=row["person"],
                    work_date=row["work_date"],
                    raw_seconds=row["raw_seconds"],
                    matter=row["matter"],
                    phase=row["phase"],
                    service=row["service"],
                    narrative=row["narrative"],
                    utbms_task=row["utbms_task"],
                    utbms_activity=row["utbms_activity"],
                    billable_override=row["billable_override"],
                )
                cols = pr.pricing_columns(pr.price_of(master, draft))
                if all(row[k] == v for k, v in cols.items()):
                    continue
                locked = master.settings.locked_before
                if locked is not None and row["work_date"] < locked:
                    continue
                new = dict(row, **cols, version=row["version"] + 1, updated_at=now)
                changes.append(
                    RerateChange(
                        row["id"],
                        row["person"],
                        row["work_date"],
                        row["matter"],
                        from_cents(row["rate_cents"]),
                        from_cents(new["rate_cents"]),
                        row["rate_rule"],
                        new["rate_rule"],
                        from_cents(row["amount_cents"]),
                        from_cents(new["amount_cents"]),
                        old_currency=str(row["currency"]),
                        new_currency=str(new["currency"]),
                        old_billed_hours=str(row["billed_hours"]),
                        new_billed_hours=str(new["billed_hours"]),
                        old_billable=bool(row["billable"]),
                        new_billable=bool(new["billable"]),
                    )
                )
                if not dry_run:
                    conn.execute(update(t.entries).where(c.id == row["id"]).values(**new))
                    events.append(
                        {
                            "now": now,
                            "actor": acting.person.id,
                            "action": "entry.rerate",
                            "entity": "entry",
                            "entity_id": row["id"],
                            "before": pr.snapshot(row),
                            "after": pr.snapshot(new),
                            "comment": "re-rated under the rules in force today",
                        }
                    )
            if expect is not None and not dry_run and changes != list(expect):
                raise DocketError(
                    "the entries or rates changed since the preview, so nothing was re-rated: "
                    "look at the new preview and confirm again"
                )
            if not dry_run:
                audit_log.record_many(conn, events)
            return changes

    def verify_audit(self) -> Verdict:
        with self.ws.store.read() as conn:
            return audit_log.verify(conn)

    def backup(self, target: Path) -> Path:
        """A consistent copy of the store through the SQLite backup API, checked with
        ``integrity_check``; written to a temporary name and renamed into place."""
        target = Path(target)
        store = self.ws.store.path.resolve()
        if target.resolve().parent == store.parent and target.name.startswith(store.name):
            # the store, or its -wal/-shm/-journal: SQLite owns (and deletes) those files
            raise DocketError("the backup file cannot be the store itself or one of its files")
        if target.exists() and target.is_dir():
            raise DocketError(f"{target} is a folder: give a file name for the backup")
        try:
            backup_file(self.ws.store.path, target)
        except MigrationError as err:
            raise DocketError(str(err)) from err
        except OSError as err:
            raise DocketError(f"cannot write the backup {target}: {err.strerror}") from err
        return target
