"""The sync status word `docket status` prints (and scripts read): what it says in each state."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.services.account import SyncStatus

AT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("signed_in", "pending", "attention", "last_sync_at", "last_error", "word"),
    [
        (False, 3, 1, AT, None, "signed out"),
        (True, 0, 2, AT, "cannot reach the server", "2 need attention"),
        (True, 4, 0, AT, "cannot reach the server", "offline: 4 changes pending"),
        (True, 0, 0, None, "cannot reach the server", "offline"),
        (True, 2, 0, AT, None, "2 pending"),
        # signed in, but no sync has finished yet (the first one was refused or never ran)
        (True, 0, 0, None, None, "not synced yet"),
        (True, 0, 0, AT, None, "synced"),
    ],
)
def test_the_word_for_each_state(
    signed_in: bool,
    pending: int,
    attention: int,
    last_sync_at: datetime | None,
    last_error: str | None,
    word: str,
) -> None:
    status = SyncStatus(
        signed_in=signed_in,
        server="https://docket.example.com",
        person="mlee",
        pending=pending,
        attention=attention,
        last_sync_at=last_sync_at,
        last_error=last_error,
        skew_seconds=None,
    )
    assert status.word == word
