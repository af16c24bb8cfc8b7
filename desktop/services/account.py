"""Signing a workspace in to a firm server, out again, syncing, and the needs-attention list.

Signing in turns the data folder into a firm workspace: master data, rates and policies come
from the server (read-only here), with the person's own entries and those of the matters they
review. A folder that already holds personal entries is refused (use a new data folder);
signing in as another person while the folder holds the first person's work is refused too.
Signing out keeps unsent changes for the next sign-in of the same person.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from core.errors import DocketError
from desktop.models import audit_log
from desktop.models import tables as t
from desktop.models.master import bump
from desktop.models.store import get_meta, set_meta
from desktop.services.workspace import Workspace
from desktop.sync import outbox
from desktop.sync.auth import TokenStore
from desktop.sync.engine import SyncEngine, SyncReport
from desktop.sync.transport import Transport, Unauthorized, normalise_url

TransportFactory = Callable[[str, str | None], Transport]


@dataclass(frozen=True)
class SignedIn:
    person: str
    server: str
    token_in: str  # "keyring" or "file"
    report: SyncReport | None
    sync_error: str | None


def _fresh_state(base: str, person: str) -> dict[str, Any]:
    """The sync state of a device new to the server: a new client id, the cursor at 0."""
    return {
        "client_id": str(uuid.uuid4()),
        "server_url": base,
        "person": person,
        "cursor": 0,
        "epoch": 0,
        "last_acked_seq": 0,
        "last_sync_at": None,
        "last_error": None,
        "skew_seconds": None,
        "digest_checked_at": None,
        "digest_rotation": 0,
    }


@dataclass(frozen=True)
class SyncStatus:
    signed_in: bool
    server: str | None
    person: str | None
    pending: int
    attention: int
    last_sync_at: datetime | None
    last_error: str | None
    skew_seconds: int | None

    @property
    def word(self) -> str:
        """synced / N pending / offline / needs attention / signed out."""
        if not self.signed_in:
            return "signed out"
        if self.attention:
            return f"{self.attention} need attention"
        if self.last_error:
            return f"offline: {self.pending} changes pending" if self.pending else "offline"
        if self.pending:
            return f"{self.pending} pending"
        if self.last_sync_at is None:
            return "not synced yet"
        return "synced"


@dataclass(frozen=True)
class AttentionItem:
    id: int
    entry_id: str
    op: str
    outcome: str
    reason: str
    text: str
    mine: dict[str, Any]
    theirs: dict[str, Any] | None
    at: datetime
    label: str = ""  # the entry as a person knows it: "Thu 26 Nov · ACME-001 · Draft the…"


def _label(entry_id: str, row: Any, payload: dict[str, Any]) -> str:
    """The entry as its person knows it: its date, matter and narrative (the local row, or
    what was sent when the row is gone), else the start of its id."""
    sent = payload.get("changes") or payload
    work_date = row.work_date if row is not None else sent.get("work_date")
    matter = row.matter if row is not None else sent.get("matter")
    narrative = row.narrative if row is not None else sent.get("narrative")
    parts = []
    if work_date:
        day = datetime.fromisoformat(str(work_date)).date()
        parts.append(f"{day:%a} {day.day} {day:%b}")
    parts += [str(v).replace("\n", " ") for v in (matter, narrative) if v]
    return " · ".join(parts) or f"entry {entry_id[:8]}"


def _default_transport(url: str, token: str | None) -> Transport:
    return Transport(url, token)


class AccountService:
    def __init__(self, ws: Workspace, transport: TransportFactory = _default_transport) -> None:
        self.ws = ws
        self.make_transport = transport

    def _tokens(self) -> TokenStore:
        return TokenStore(self.ws.store.data_dir, self.ws.store.workspace_id)

    # ------------------------------------------------------------------ sign in / out
    def login(self, url: str, email: str, password: str) -> SignedIn:
        base = normalise_url(url)
        self._check_folder_for(base, None)
        tr = self.make_transport(base, None)
        try:
            resp = tr.request(
                "POST", "auth/login", json_body={"email": email, "password": password}
            )
        except Unauthorized as err:
            raise DocketError(
                f"not signed in: {err.detail or 'the email or the password is not right'}"
            ) from err
        finally:
            tr.close()
        body = resp.body if isinstance(resp.body, dict) else {}
        token, person = body.get("token"), body.get("person")
        if not isinstance(token, str) or not isinstance(person, str):
            raise DocketError("the server answered the sign-in without a session token")
        return self.sign_in_with_token(base, person, token)

    def sign_in_with_token(self, url: str, person: str, token: str) -> SignedIn:
        """Adopt a session the server issued (by a password sign-in, or another device's
        hand-over): the folder becomes this person's firm workspace and syncs once."""
        base = normalise_url(url)
        self._check_folder_for(base, person)
        where = self._tokens().save(token)
        now = self.ws.now()
        with self.ws.store.write() as conn:
            first = get_meta(conn, "kind") != "firm"
            moved = not first and (
                get_meta(conn, "signed_in_person") != person or get_meta(conn, "server_url") != base
            )
            if first or moved:
                self._forget_setup(conn)
            set_meta(conn, "kind", "firm")
            set_meta(conn, "signed_in_person", person)
            set_meta(conn, "server_url", base)
            set_meta(conn, "signed_out", "0")
            row = conn.execute(select(t.sync_state)).mappings().first()
            if row is None:
                conn.execute(insert(t.sync_state).values(id=1, **_fresh_state(base, person)))
            elif moved:
                self._start_afresh(conn, base, person)
            else:
                conn.execute(update(t.sync_state).values(server_url=base, person=person))
            audit_log.record(
                conn,
                now=now,
                actor=person,
                action="workspace.sign_in",
                entity="workspace",
                entity_id=self.ws.store.workspace_id,
                before=None,
                after={"server": base, "person": person},
            )
        try:
            report: SyncReport | None = self.sync()
            error = None
        except DocketError as err:
            report, error = None, str(err)
        return SignedIn(person, base, where, report, error)

    def _check_folder_for(self, base: str, person: str | None) -> None:
        with self.ws.store.read() as conn:
            kind = get_meta(conn, "kind")
            entries = conn.execute(select(func.count()).select_from(t.entries)).scalar_one()
            held = conn.execute(select(func.count()).select_from(t.held)).scalar_one()
            timer = conn.execute(select(func.count()).select_from(t.timer)).scalar_one()
            if kind != "firm" and (entries or held or timer):
                running = ", a timer running" if timer else ""
                raise DocketError(
                    f"this data folder holds personal entries ({entries} entries, {held} held"
                    f"{running}): signing it in to a firm server is refused — use a new data "
                    "folder (--data-dir) for the firm workspace"
                )
            before = get_meta(conn, "signed_in_person")
            server = get_meta(conn, "server_url")
            work = entries + held + timer + outbox.count_unsent(conn)
            if kind == "firm" and person is not None and before and before != person and work:
                raise DocketError(
                    f"this data folder holds {before}'s work: signing in as {person} is "
                    "refused — use a new data folder (--data-dir)"
                )
            if kind == "firm" and server and server != base and work:
                raise DocketError(
                    f"this data folder belongs to {server}: use a new data folder for {base}"
                )

    def _forget_setup(self, conn: Any) -> None:
        """The folder's set-up (a personal one without entries, or another person's or
        server's firm set-up, with no work left in it) makes way for the server's."""
        for table in (
            t.rate_rules,
            t.phases,
            t.matters,
            t.clients,
            t.service_types,
            t.people,
            t.firm_settings,
        ):
            conn.execute(delete(table))
        bump(conn)

    def _start_afresh(self, conn: Any, base: str, person: str) -> None:
        """Another person or another server on a firm folder with no work in it: a new
        device as far as the server knows — a new client id, the cursor from the start."""
        set_meta(conn, "server_master_rev", "0")
        conn.execute(update(t.sync_state).values(**_fresh_state(base, person)))
        outbox.renumber(conn)

    def logout(self) -> int:
        """Sign out: the session ends on the server (when reachable) and the token is deleted
        here. Unsent changes stay for the next sign-in of the same person; returns how many."""
        token = self._tokens().load()
        with self.ws.store.read() as conn:
            if get_meta(conn, "kind") != "firm":
                raise DocketError("this workspace is not signed in to a firm server")
            server = get_meta(conn, "server_url") or ""
            pending = outbox.count_unsent(conn)
        if token:
            tr = self.make_transport(server, token)
            try:
                tr.request("POST", "auth/logout")
            except DocketError:
                pass  # the token is forgotten here either way; the server's expires
            finally:
                tr.close()
        self._tokens().delete()
        with self.ws.store.write() as conn:
            set_meta(conn, "signed_out", "1")
        return int(pending)

    # ------------------------------------------------------------------ sync
    def engine(self) -> SyncEngine:
        with self.ws.store.read() as conn:
            if get_meta(conn, "kind") != "firm":
                raise DocketError(
                    "this workspace is not signed in to a firm server (`docket login`)"
                )
            server = get_meta(conn, "server_url") or ""
            signed_out = get_meta(conn, "signed_out") == "1"
        token = None if signed_out else self._tokens().load()
        if not token:
            raise DocketError("signed out: sign in again with `docket login` to sync")
        return SyncEngine(self.ws.store, self.make_transport(server, token), self.ws.clock)

    def sync(self) -> SyncReport:
        """One round. A 401 means the session is over (expired, revoked, the password
        changed, the person disabled): the folder is signed out — unsent changes kept — until
        the person signs in again."""
        engine = self.engine()
        try:
            return engine.sync_once()
        except Unauthorized:
            with self.ws.store.write() as conn:
                set_meta(conn, "signed_out", "1")
            raise
        finally:
            engine.transport.close()

    def status(self) -> SyncStatus:
        with self.ws.store.read() as conn:
            firm = get_meta(conn, "kind") == "firm"
            state = conn.execute(select(t.sync_state)).mappings().first()
            return SyncStatus(
                signed_in=firm and get_meta(conn, "signed_out") != "1",
                server=get_meta(conn, "server_url"),
                person=get_meta(conn, "signed_in_person"),
                pending=outbox.count_unsent(conn),
                attention=len(outbox.attention(conn)),
                last_sync_at=state["last_sync_at"] if state else None,
                last_error=state["last_error"] if state else None,
                skew_seconds=state["skew_seconds"] if state else None,
            )

    def attention(self) -> list[AttentionItem]:
        """Every mutation the server did not apply as sent, until the person acts."""
        with self.ws.store.read() as conn:
            items = outbox.attention(conn)
            c = t.entries.c
            known = {
                r.id: r
                for r in conn.execute(
                    select(c.id, c.work_date, c.matter, c.narrative).where(
                        c.id.in_({it.entity_id for it in items})
                    )
                )
            }
        out = []
        for it in items:
            res = it.result or {}
            payload = it.payload or {}
            out.append(
                AttentionItem(
                    id=it.id,
                    entry_id=it.entity_id,
                    op=it.op,
                    outcome=it.state,
                    reason=str(res.get("reason") or it.last_error or ""),
                    text=str(payload.get("text") or payload.get("comment") or ""),
                    mine=dict(payload.get("changes") or payload),
                    theirs=res.get("theirs"),
                    at=it.device_time,
                    label=_label(it.entity_id, known.get(it.entity_id), payload),
                )
            )
        return out

    def resolve(self, item_id: int) -> None:
        """The person has dealt with an attention item (kept a version, withdrew, …)."""
        with self.ws.store.write() as conn:
            outbox.resolve(conn, item_id, self.ws.now())
