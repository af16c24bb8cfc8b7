"""Accounts and sessions: sign-in, indistinguishable refusals, throttling in the database,
revocation on logout, password change and disabling."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server.models import tables as t
from tests.server.conftest import PASSWORD, Firm


def login(f: Firm, email: str, password: str) -> object:
    return f.client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_sign_in_and_the_token_is_stored_hashed(firm: Firm) -> None:
    r = login(firm, "ML@example.com", PASSWORD)
    assert r.status_code == 200, r.text  # type: ignore[attr-defined]
    token = r.json()["token"]  # type: ignore[attr-defined]
    assert len(token) >= 43  # 256 bits, url-safe
    me = firm.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == "mlee"
    with firm.ctx.db.read() as conn:
        stored = [r[0] for r in conn.execute(select(t.sessions.c.token_hash))]
    assert token not in stored and all(len(h) == 64 for h in stored)


def test_unknown_email_and_wrong_password_answer_alike(firm: Firm) -> None:
    a = login(firm, "ml@example.com", "wrong password!")
    b = login(firm, "nobody@example.com", "wrong password!")
    c = login(firm, "gone@example.com", PASSWORD)
    firm.call("boss", "PATCH", "/people/gone", json={"active": False})
    d = login(firm, "gone@example.com", PASSWORD)
    assert c.status_code == 200  # type: ignore[attr-defined]
    for r in (a, b, d):
        assert r.status_code == 401  # type: ignore[attr-defined]
        assert r.json() == a.json()  # type: ignore[attr-defined]


def test_failed_sign_ins_are_slowed_per_account_not_locked_for_good(firm: Firm) -> None:
    for _ in range(5):
        assert login(firm, "ml@example.com", "wrong password!").status_code == 401  # type: ignore[attr-defined]
    r = login(firm, "ml@example.com", PASSWORD)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1  # type: ignore[attr-defined]
    # an unknown account is slowed exactly alike
    for _ in range(5):
        login(firm, "nobody@example.com", "wrong password!")
    r2 = login(firm, "nobody@example.com", "wrong password!")
    assert r2.status_code == 429 and r2.json()["detail"] == r.json()["detail"]  # type: ignore[attr-defined]
    # time passes: the real person gets in
    start = firm.ctx.clock()
    firm.ctx.clock = lambda: start + timedelta(minutes=2)
    assert login(firm, "ml@example.com", PASSWORD).status_code == 200  # type: ignore[attr-defined]


def test_logout_password_change_and_disabling_revoke_at_once(firm: Firm) -> None:
    assert firm.call("mlee", "GET", "/me").status_code == 200
    assert firm.call("mlee", "POST", "/auth/logout").status_code == 200
    assert firm.call("mlee", "GET", "/me").status_code == 401

    assert (
        firm.call(
            "jdoe",
            "POST",
            "/me/password",
            json={"current_password": "nope nope nope", "new_password": "x" * 12},
        ).status_code
        == 401
    )
    r = firm.call(
        "jdoe",
        "POST",
        "/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new secret"},
    )
    assert r.status_code == 200
    assert firm.call("jdoe", "GET", "/me").status_code == 401
    assert login(firm, "jd@example.com", "a brand new secret").status_code == 200  # type: ignore[attr-defined]

    assert firm.call("obrien", "GET", "/me").status_code == 200
    assert firm.call("boss", "PATCH", "/people/obrien", json={"active": False}).status_code == 200
    assert firm.call("obrien", "GET", "/me").status_code == 401


def test_anonymous_gets_401_except_health_version_login(firm: Firm) -> None:
    assert firm.client.get("/api/v1/health").status_code == 200
    assert firm.client.get("/api/v1/version").json()["name"] == "docket-server"
    assert firm.client.get("/api/v1/entries").status_code == 401
    assert (
        firm.client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code
        == 401
    )
    assert firm.client.get("/openapi.json").status_code == 200


def test_wrong_passwords_sent_in_parallel_are_each_counted(firm: Firm) -> None:
    """Sixteen guesses at once: the throttle counts them one after the other, so no more than
    the free tries are ever checked against the password."""
    from concurrent.futures import ThreadPoolExecutor

    from server.services import auth

    def guess(i: int) -> str:
        try:
            auth.login(firm.ctx, "ml@example.com", f"guess number {i}", "203.0.113.7")
        except auth.Throttled:
            return "throttled"
        except auth.BadCredentials:
            return "checked"
        return "signed in"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(guess, range(16)))
    assert outcomes.count("checked") <= auth.ACCOUNT_FREE_TRIES + 1
    assert outcomes.count("throttled") >= 16 - auth.ACCOUNT_FREE_TRIES - 1


def test_an_admin_reset_lets_the_person_in_at_once(firm: Firm) -> None:
    """Someone keeps guessing at an account: the admin sets a new password, and the person
    signs in with it straight away."""
    from server.services import accounts

    for _ in range(8):
        login(firm, "ml@example.com", "wrong password!")
    assert login(firm, "ml@example.com", PASSWORD).status_code == 429  # type: ignore[attr-defined]
    accounts.set_password(firm.ctx, "ml@example.com", "a fresh password 2026")
    r = login(firm, "ml@example.com", "a fresh password 2026")
    assert r.status_code == 200, r.text  # type: ignore[attr-defined]
