"""Accounts from the command line: ``create-admin`` and ``passwd``. Both audited; a password
change ends every session of the person at once."""

from __future__ import annotations

import re

from sqlalchemy import Connection

from core.errors import DocketError, NotFound
from server.models import audit_log
from server.models import master as m
from server.services import auth, passwords, setup
from server.services.context import Context


def _free_id(taken: set[str], email: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower()) or "admin"
    pid, n = base, 1
    while pid in taken:
        n += 1
        pid = f"{base}{n}"
    return pid


def create_admin(ctx: Context, email: str, password: str) -> str:
    """A new admin person with this email and password; returns their id."""
    problems = passwords.password_problems(password)
    if problems:
        raise DocketError(f"password refused: {problems[0]}")
    with ctx.db.read() as conn:
        if m.person_auth(conn, email) is not None:
            raise DocketError(f"{email} already has an account: use `docket-server passwd {email}`")
        taken = set(m.load(conn).people)
    pid = _free_id(taken, email)
    doc = {"people": [{"id": pid, "name": email, "email": email, "role": "admin"}]}
    setup.import_doc(ctx, doc, "docket-server")
    set_password(ctx, email, password)
    return pid


def set_password(ctx: Context, email: str, password: str) -> str:
    """Set the password of the person with this email; their sessions end. Returns their id."""
    now = ctx.now()

    def unit(conn: Connection) -> str:
        row = m.person_auth(conn, email)
        if row is None:
            raise NotFound(f"there is no person with the email {email}")
        auth.set_password(conn, row.id, password)
        auth.clear_throttle(conn, email)  # the new password works at once, whatever was tried
        audit_log.record(conn, now, "docket-server", "person.password", "person", row.id)
        return str(row.id)

    return ctx.db.write(unit)
