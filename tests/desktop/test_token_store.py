"""Where the session token lives: the keyring, or the 0600 file — never an old one shadowing
the new."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import null

from desktop.sync.auth import TokenStore


class FlakyKeyring(KeyringBackend):
    """Takes one password, then refuses to store any more (a locked or full keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.broken = False

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.broken:
            raise keyring.errors.PasswordSetError("the keyring is locked")
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def flaky() -> Iterator[FlakyKeyring]:
    backend = FlakyKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(null.Keyring())


def test_a_new_token_in_the_file_is_not_shadowed_by_an_old_one_in_the_keyring(
    tmp_path: Path, flaky: FlakyKeyring
) -> None:
    tokens = TokenStore(tmp_path, "ws-1")
    assert tokens.save("old-token") == "keyring"
    flaky.broken = True
    assert tokens.save("new-token") == "file"
    assert tokens.load() == "new-token"
    mode = stat.S_IMODE((tmp_path / "session.token").stat().st_mode)
    assert mode == 0o600


def test_a_leftover_temporary_file_does_not_give_its_mode_to_the_token(tmp_path: Path) -> None:
    keyring.set_keyring(null.Keyring())
    leftover = tmp_path / "session.token.tmp"
    leftover.write_text("stale")
    leftover.chmod(0o644)
    assert TokenStore(tmp_path, "ws-1").save("a-token") == "file"
    assert stat.S_IMODE((tmp_path / "session.token").stat().st_mode) == 0o600
