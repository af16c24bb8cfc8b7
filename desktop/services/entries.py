"""Time entries: log (one or a batch), edit, delete, read and list.

Every change is written with its audit event in one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, false, insert, or_, select, update

from core import workflow
from core.entries import EDITABLE, RATE_SCOPE_FIELDS, draft_of
from core.errors import DocketError, IllegalTransition, NotFound, PolicyViolation
from core.model import reviewers_of
from desktop.models import audit_log, bulk
from desktop.models import tables as t
from desktop.models.master import Master
from desktop.services import pricing_rows as pr
from desktop.services import sync_hooks
from desktop.services.dto import CorrectionDTO, EntryDTO
from desktop.services.workspace import Acting, Workspace

_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_PREFIX_RE = re.compile(r"^[0-9a-f-]{6,36}$")


@dataclass(frozen=True)
class EntryInput:
    """What a person gives to log an entry (``person``: whose time — id or email; None: the
    acting person's own)."""

    raw_seconds: int
    work_date: date | None = None
    matter: str | None = None
    phase: str | None = None
    service: str | None = None
    narrative: str = ""
    utbms_task: str | None = None
    utbms_activity: str | None = None
    billable_override: bool | None = None
    start: datetime | None = None
    end: datetime | None = None
    person: str | None = None
    source: str = "manual"
    source_detail: dict[str, Any] | None = None
    id: str | None = None


@dataclass(frozen=True)
class EntryChanges:
    """Fields to change; only those given (not in ``unset``) change. ``None`` clears a code."""

    values: dict[str, Any] = field(default_factory=dict)

    EDITABLE = EDITABLE

    def __post_init__(self) -> None:
        unknown = set(self.values) - set(self.EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")


@dataclass(frozen=True)
class EntryFilter:
    date_from: date | None = None
    date_to: date | None = None
    matter: str | None = None
    person: str | None = None
    status: str | None = None
    limit: int | None = None
    offset: int = 0


_INSERT_ENTRY = insert(t.entries)


class EntryService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # ------------------------------------------------------------------ create
    def log(self, inp: EntryInput) -> EntryDTO:
        """Record one entry: policy, rate and rounding applied; audited. Raises
        :class:`PolicyViolation` naming every problem, and then nothing is written."""
        with self.ws.store.write() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master)
            row = self._new_row(conn, master, acting, inp, self.ws.now())
            conn.execute(_INSERT_ENTRY, row)
            sync_hooks.created(conn, row, row["created_at"])
            audit_log.record(
                conn,
                now=row["created_at"],
                actor=acting.person.id,
                action="entry.create",
                entity="entry",
                entity_id=row["id"],
                before=None,
                after=pr.snapshot(row),
            )
            return pr.to_dto(row, master)

    def log_many(
        self, inputs: Sequence[EntryInput], *, status: str = "draft", actor: str | None = None
    ) -> list[str]:
        """The batch path (demo data, imports, generators): every entry checked, priced and
        audited exactly as :meth:`log` does, in one transaction with multi-row inserts. All or
        nothing: the first refused entry refuses the batch, naming its position."""
        if status not in workflow.STATES:
            raise ValueError(status)
        now = self.ws.now()
        with self.ws.store.write() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master)
            rows = []
            for i, inp in enumerate(inputs):
                try:
                    row = self._new_row(conn, master, acting, inp, now, check_ids=False)
                except PolicyViolation as err:
                    raise PolicyViolation(
                        [replace(p, path=f"entry {i + 1}: {p.path}") for p in err.problems],
                        "batch not saved",
                    ) from err
                row["status"] = status
                rows.append(row)
            if rows:
                bulk.insert_many(conn, t.entries, rows)
                sync_hooks.created_many(conn, rows, now)
                audit_log.record_many(
                    conn,
                    (
                        {
                            "now": now,
                            "actor": actor or acting.person.id,
                            "action": "entry.create",
                            "entity": "entry",
                            "entity_id": r["id"],
                            "before": None,
                            "after": pr.snapshot(r),
                        }
                        for r in rows
                    ),
                )
            return [r["id"] for r in rows]

    def _new_row(
        self,
        conn: Connection,
        master: Master,
        acting: Acting,
        inp: EntryInput,
        now: datetime,
        *,
        check_ids: bool = True,
    ) -> dict[str, Any]:
        person = acting.person
        if inp.person is not None:
            person = self.ws.person(master, inp.person)
            if person.id != acting.person.id and acting.kind == "firm":
                raise DocketError(
                    "--as is not available in a firm workspace yet: each person logs their own time"
                )
        entry_id = inp.id or str(uuid.uuid4())
        if inp.id is not None:
            if not _UUID_RE.match(inp.id):
                raise DocketError(f"{inp.id!r} is not a lowercase hyphenated UUID")
            if (
                check_ids
                and conn.execute(select(t.entries.c.id).where(t.entries.c.id == inp.id)).first()
            ):
                raise DocketError(f"an entry {inp.id} already exists")
        draft = pr.check(
            master,
            pr.Draft(
                person=person.id,
                work_date=inp.work_date or self.ws.today(),
                raw_seconds=inp.raw_seconds,
                matter=inp.matter,
                phase=inp.phase,
                service=inp.service,
                narrative=inp.narrative,
                utbms_task=inp.utbms_task,
                utbms_activity=inp.utbms_activity,
                billable_override=inp.billable_override,
                start=inp.start,
                end=inp.end,
            ),
        )
        return {
            "id": entry_id,
            **pr.draft_columns(draft),
            **pr.pricing_columns(pr.price_of(master, draft)),
            "status": "draft",
            "source": inp.source,
            "source_detail": inp.source_detail,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "deleted": False,
            "server_version": None,
        }

    # ------------------------------------------------------------------ read
    def resolve_id(self, conn: Connection, ref: str) -> str:
        """A full id, or a unique prefix of one (at least 6 characters)."""
        ref = ref.strip().lower()
        c = t.entries.c
        if _UUID_RE.match(ref):
            if conn.execute(select(c.id).where(c.id == ref, c.deleted == false())).first():
                return ref
            raise NotFound(f"there is no entry {ref}")
        if not _PREFIX_RE.match(ref):
            if len(ref) < 6 and re.fullmatch(r"[0-9a-f-]+", ref):
                raise NotFound(f"give at least 6 characters of the entry id, not {ref!r}")
            raise NotFound(f"{ref!r} is not an entry id")
        found = conn.execute(
            select(c.id).where(c.id.like(ref + "%"), c.deleted == false()).limit(2)
        ).all()
        if not found:
            raise NotFound(f"there is no entry {ref}")
        if len(found) > 1:
            raise NotFound(f"{ref} matches more than one entry: give more of the id")
        return str(found[0][0])

    def _row(self, conn: Connection, entry_id: str) -> dict[str, Any]:
        row = conn.execute(select(t.entries).where(t.entries.c.id == entry_id)).mappings().first()
        if row is None or row["deleted"]:
            raise NotFound(f"there is no entry {entry_id}")
        return dict(row)

    def get(self, ref: str) -> EntryDTO:
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            entry_id = self.resolve_id(conn, ref)
            row = self._row(conn, entry_id)
            self._check_visible(conn, master, row)
            return pr.to_dto(row, master, _review_comments(conn, [row])[row["id"]])

    def list(self, flt: EntryFilter | None = None) -> list[EntryDTO]:
        """Entries the acting person may see, newest first."""
        flt = flt or EntryFilter()
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            # a personal workspace shows everything, even before any set-up (an empty list)
            firm = self.ws.kind(conn) == "firm"
            acting = self.ws.acting(conn, master, reading=True) if firm else None
            if firm and master.firm is None:
                return []  # signed in, the first sync not finished: nothing here yet
            if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
                raise DocketError("--to is before --from")
            matter = flt.matter.strip() if flt.matter else None
            if matter and matter not in master.matters:
                raise NotFound(f"there is no matter {matter!r}")
            c = t.entries.c
            q = select(t.entries).where(c.deleted == false())
            if flt.date_from:
                q = q.where(c.work_date >= flt.date_from)
            if flt.date_to:
                q = q.where(c.work_date <= flt.date_to)
            if matter:
                q = q.where(c.matter == matter)
            if flt.person:
                q = q.where(c.person == self.ws.person(master, flt.person).id)
            if flt.status:
                q = q.where(c.status == flt.status)
            vis = _visibility(master, acting) if acting is not None else None
            if vis is not None:
                q = q.where(vis)
            q = q.order_by(c.work_date.desc(), c.created_at.desc(), c.id)
            if flt.limit is not None:
                q = q.limit(flt.limit).offset(flt.offset)
            rows = [dict(r) for r in conn.execute(q).mappings()]
            comments = _review_comments(conn, rows)
            dtos = [pr.to_dto(r, master, comments.get(r["id"])) for r in rows]
            if acting is not None:  # a firm workspace: mark what the server has not confirmed
                from desktop.sync import outbox

                waiting = outbox.pending_entities(conn)
                heed = outbox.attention_entities(conn)
                dtos = [
                    replace(d, sync_pending=d.id in waiting, sync_attention=d.id in heed)
                    if d.id in waiting or d.id in heed
                    else d
                    for d in dtos
                ]
            return dtos

    def _check_visible(self, conn: Connection, master: Master, row: dict[str, Any]) -> None:
        acting = self.ws.acting(conn, master, reading=True)
        if not may_see(master, acting, row["person"], row["matter"]):
            raise NotFound(f"there is no entry {row['id']}")

    # ------------------------------------------------------------------ change
    def edit(
        self, ref: str, changes: EntryChanges, *, comment: str | None = None
    ) -> EntryDTO | CorrectionDTO:
        """Edit a draft, submitted (a new revision: review starts again) or rejected entry.

        An approved entry is never changed: in a firm workspace the edit becomes a correction
        request for the reviewers (``comment`` is the person's text); in a personal workspace
        it is refused with the reason (reopen it first).
        """
        now = self.ws.now()
        with self.ws.store.write() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master)
            entry_id = self.resolve_id(conn, ref)
            row = self._row(conn, entry_id)
            self._check_visible(conn, master, row)
            outcome = workflow.decide(
                row["status"],
                "edit",
                acting.actor_for(master, row["matter"]),
                entry_person=row["person"],
                workspace=acting.kind,
                allow_self_approval=master.settings.allow_self_approval,
                comment=comment if row["status"] == "approved" else None,
            )
            if outcome.effect == "correction_request":
                return self._correction(conn, acting, row, changes, comment or "", now)
            _check_lock(master, row["work_date"], "changed")
            new = self._apply(master, row, changes)
            _check_lock(master, new["work_date"], "changed")
            if pr.snapshot(new) == pr.snapshot(row):
                return pr.to_dto(row, master)
            if acting.kind == "firm" and sync_hooks.wire_fields(new) == sync_hooks.wire_fields(row):
                # only the device's provisional price would move: the server prices entries,
                # and a local version bump with nothing sent would put us ahead of it
                return pr.to_dto(row, master)
            new["version"] = row["version"] + 1
            new["updated_at"] = now
            conn.execute(update(t.entries).where(t.entries.c.id == entry_id).values(**new))
            sync_hooks.edited(conn, row, new, now)
            action = "entry.revise" if outcome.effect == "revision" else "entry.edit"
            audit_log.record(
                conn,
                now=now,
                actor=acting.person.id,
                action=action,
                entity="entry",
                entity_id=entry_id,
                before=pr.snapshot(row),
                after=pr.snapshot(new),
                comment=(
                    "a new revision: review starts again" if action == "entry.revise" else None
                ),
            )
            return pr.to_dto(new, master, _review_comments(conn, [new]).get(entry_id))

    def _apply(self, master: Master, row: dict[str, Any], changes: EntryChanges) -> dict[str, Any]:
        v = changes.values
        draft = draft_of(row, v)
        draft = pr.check(
            master,
            draft,
            check_override="billable_override" in v and v["billable_override"] is not None,
        )
        new = dict(row)
        new.update(pr.draft_columns(draft))
        rate_scope_changed = any(k in v and v[k] != row[k] for k in RATE_SCOPE_FIELDS)
        if rate_scope_changed or not row["rate_rule_id"]:
            new.update(pr.pricing_columns(pr.price_of(master, draft)))
        else:
            new.update(pr.repriced_amount_columns(row, master, draft))
        return new

    def _correction(
        self,
        conn: Connection,
        acting: Acting,
        row: dict[str, Any],
        changes: EntryChanges,
        text: str,
        now: datetime,
    ) -> CorrectionDTO:
        proposed = {
            k: (v.isoformat() if isinstance(v, (date, datetime)) else v)
            for k, v in changes.values.items()
        }
        cid = str(uuid.uuid4())
        conn.execute(
            insert(t.correction_requests).values(
                id=cid,
                entry_id=row["id"],
                person=acting.person.id,
                at=now,
                proposed=proposed,
                text=text,
                status="open",
            )
        )
        sync_hooks.proposed(conn, row, changes.values, text, now)
        audit_log.record(
            conn,
            now=now,
            actor=acting.person.id,
            action="entry.correction_request",
            entity="entry",
            entity_id=row["id"],
            before=pr.snapshot(row),
            after={"proposed": proposed},
            comment=text,
        )
        return CorrectionDTO(
            cid, row["id"], acting.person.id, now, proposed, text, "open", None, None
        )

    def delete(self, ref: str) -> str:
        """Delete a draft or rejected entry (a tombstone, audited). Returns its id."""
        now = self.ws.now()
        with self.ws.store.write() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master)
            entry_id = self.resolve_id(conn, ref)
            row = self._row(conn, entry_id)
            self._check_visible(conn, master, row)
            workflow.decide(
                row["status"],
                "delete",
                acting.actor_for(master, row["matter"]),
                entry_person=row["person"],
                workspace=acting.kind,
            )
            _check_lock(master, row["work_date"], "deleted")
            conn.execute(
                update(t.entries)
                .where(t.entries.c.id == entry_id)
                .values(deleted=True, version=row["version"] + 1, updated_at=now)
            )
            sync_hooks.deleted(conn, row, now)
            audit_log.record(
                conn,
                now=now,
                actor=acting.person.id,
                action="entry.delete",
                entity="entry",
                entity_id=entry_id,
                before=pr.snapshot(row),
                after=None,
            )
            return entry_id


def _check_lock(master: Master, work_date: date, verb: str) -> None:
    locked = master.settings.locked_before
    if locked is not None and work_date < locked:
        raise IllegalTransition(
            f"the period before {locked.isoformat()} is locked: an entry dated "
            f"{work_date.isoformat()} cannot be {verb}"
        )


def may_see(master: Master, acting: Acting, person: str, matter: str | None) -> bool:
    """Personal: everything. Firm: one's own entries, those of matters one reviews, or all
    for billing and admin."""
    if acting.kind == "personal" or acting.person.role in ("admin", "billing"):
        return True
    if person == acting.person.id:
        return True
    m = master.matters.get(matter or "")
    return m is not None and acting.person.id in reviewers_of(m, master.people)


def _visibility(master: Master, acting: Acting) -> Any:
    if acting.kind == "personal" or acting.person.role in ("admin", "billing"):
        return None
    reviewed = [
        code
        for code, m in master.matters.items()
        if acting.person.id in reviewers_of(m, master.people)
    ]
    c = t.entries.c
    return (
        or_(c.person == acting.person.id, c.matter.in_(reviewed))
        if reviewed
        else (c.person == acting.person.id)
    )


def _review_comments(conn: Connection, rows: Iterable[dict[str, Any]]) -> dict[str, str | None]:
    """The reviewer's latest reject/reopen comment for each rejected entry."""
    ids = [r["id"] for r in rows if r["status"] == "rejected"]
    out: dict[str, str | None] = {r["id"]: None for r in rows}
    c = t.comments.c
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in conn.execute(
            select(c.entry_id, c.text)
            .where(and_(c.entry_id.in_(chunk), c.kind.in_(("reject", "reopen"))))
            .order_by(c.at)
        ):
            out[r.entry_id] = r.text
    return out
