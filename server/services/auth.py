"""Signing in and out, sessions, password changes, and the login throttle.

* Tokens are 256 random bits (``secrets.token_urlsafe(32)``); only their SHA-256 is stored,
  with an expiry. Logout, a password change and disabling a person delete the rows at once.
* Failed sign-ins are counted per account and per network address in the database: past a
  few free tries each further try must wait a doubling delay (capped at 15 minutes) after the
  last failure — slowed, never locked out for good. A success clears the account's count.
* Unknown email, wrong password and a disabled account answer alike (:class:`BadCredentials`),
  and an unknown email still costs one argon2 verification.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.errors import DocketError
from server.models import audit_log
from server.models import master as m
from server.models import tables as t
from server.services import passwords
from server.services.context import Caller, Context

ACCOUNT_FREE_TRIES = 5
ADDRESS_FREE_TRIES = 20
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)


class BadCredentials(DocketError):
    def __init__(self) -> None:
        super().__init__("wrong email or password")


class Throttled(DocketError):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(
            f"too many failed sign-ins: wait {self.retry_after} seconds before trying again"
        )


@dataclass(frozen=True)
class Session:
    token: str
    person: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _keys(email: str, address: str) -> dict[str, int]:
    return {
        f"email:{email.strip().lower()}": ACCOUNT_FREE_TRIES,
        f"addr:{address}": ADDRESS_FREE_TRIES,
    }


def _wait_seconds(conn: Connection, keys: dict[str, int], now: datetime) -> int:
    c = t.login_throttle.c
    wait = 0.0
    for row in conn.execute(select(t.login_throttle).where(c.key.in_(list(keys)))):
        if now - row.last_failure > FORGET_AFTER:
            continue
        extra = row.failures - keys[row.key]
        if extra < 0:
            continue
        delay = min(timedelta(seconds=2 ** min(extra, 20)), MAX_DELAY)
        wait = max(wait, (row.last_failure + delay - now).total_seconds())
    return int(wait + 0.999) if wait > 0 else 0


def _reserve(conn: Connection, keys: dict[str, int], now: datetime) -> int:
    """Check the wait and count this try as a failure in one step, the throttle rows locked
    (``FOR UPDATE`` on PostgreSQL; SQLite's write lock does it there): tries sent in parallel
    are counted one after the other, none slips past the count. Returns the seconds to wait
    (the try is then not counted); a success gives its count back (:func:`_give_back`)."""
    c = t.login_throttle.c
    upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stale = now - 2 * FORGET_AFTER
    for key in keys:
        conn.execute(
            upsert(t.login_throttle)
            .values(key=key, failures=0, last_failure=stale)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    rows = conn.execute(
        select(t.login_throttle).where(c.key.in_(list(keys))).with_for_update()
    ).all()
    wait = _wait_seconds(conn, keys, now)
    if wait:
        return wait
    for row in rows:
        failures = 1 if now - row.last_failure > FORGET_AFTER else row.failures + 1
        conn.execute(
            update(t.login_throttle)
            .where(c.key == row.key)
            .values(failures=failures, last_failure=now)
        )
    return 0


def _give_back(conn: Connection, keys: dict[str, int]) -> None:
    """A successful sign-in: the account's count is cleared, the address's try given back."""
    c = t.login_throttle.c
    account, address = list(keys)
    conn.execute(delete(t.login_throttle).where(c.key == account))
    conn.execute(
        update(t.login_throttle)
        .where(c.key == address, c.failures > 0)
        .values(failures=c.failures - 1)
    )


def clear_throttle(conn: Connection, email: str) -> None:
    """An admin set a new password: the person may sign in with it at once."""
    account = next(iter(_keys(email, "")))
    conn.execute(delete(t.login_throttle).where(t.login_throttle.c.key == account))


def login(ctx: Context, email: str, password: str, address: str) -> Session:
    """A new session for the person with this email and password, or :class:`BadCredentials`
    / :class:`Throttled`."""
    now = ctx.now()
    keys = _keys(email, address)
    wait = ctx.db.write(lambda conn: _reserve(conn, keys, now), audited=False)
    if wait:
        raise Throttled(wait)
    with ctx.db.read() as conn:
        row = m.person_auth(conn, email)
    ok = passwords.verify(row.password_hash if row else None, password)
    if not (ok and row is not None and row.active):
        raise BadCredentials()  # counted already
    token = secrets.token_urlsafe(32)
    expires = now + ctx.session_ttl
    person = str(row.id)

    def unit(conn: Connection) -> None:
        sc = t.sessions.c
        conn.execute(delete(t.sessions).where(sc.person == person, sc.expires_at <= now))
        conn.execute(
            insert(t.sessions).values(
                token_hash=token_hash(token), person=person, created_at=now, expires_at=expires
            )
        )
        _give_back(conn, keys)

    ctx.db.write(unit, audited=False)
    return Session(token, person, expires)


def authenticate(ctx: Context, token: str) -> Caller | None:
    """The caller a bearer token stands for, or None (unknown, expired, revoked, disabled)."""
    if not token or len(token) > 200:
        return None
    h = token_hash(token)
    sc, pc = t.sessions.c, t.people.c
    with ctx.db.read() as conn:
        row = conn.execute(
            select(pc.id, pc.role)
            .select_from(t.sessions.join(t.people, pc.id == sc.person))
            .where(sc.token_hash == h, sc.expires_at > ctx.now(), pc.active.is_(True))
        ).first()
    return None if row is None else Caller(person=row.id, role=row.role, token_hash=h)


def logout(ctx: Context, caller: Caller) -> None:
    ctx.db.write(
        lambda conn: conn.execute(
            delete(t.sessions).where(t.sessions.c.token_hash == caller.token_hash)
        ),
        audited=False,
    )


def revoke_all(conn: Connection, person: str) -> None:
    """Delete every session of ``person`` (inside the caller's transaction)."""
    conn.execute(delete(t.sessions).where(t.sessions.c.person == person))


def set_password(conn: Connection, person: str, password: str) -> None:
    """Store a new password hash and revoke every session of the person."""
    hashed = passwords.hash_password(password)
    conn.execute(update(t.people).where(t.people.c.id == person).values(password_hash=hashed))
    revoke_all(conn, person)


def change_password(ctx: Context, caller: Caller, current: str, new: str) -> None:
    """The caller's own password change: the current one must match; all sessions end."""
    with ctx.db.read() as conn:
        stored = conn.execute(
            select(t.people.c.password_hash).where(t.people.c.id == caller.person)
        ).scalar_one_or_none()
    if not passwords.verify(stored, current):
        raise BadCredentials()
    now = ctx.now()

    def unit(conn: Connection) -> None:
        set_password(conn, caller.person, new)
        audit_log.record(conn, now, caller.person, "person.password", "person", caller.person)

    ctx.db.write(unit)
