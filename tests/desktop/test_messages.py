"""What a person reads when something fails: words to act on, never a library's internals."""

from __future__ import annotations

import pytest
import requests

from core.errors import gist
from desktop.sync.transport import _short


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (
            "HTTPSConnectionPool(host='::2', port=9): Max retries exceeded with url: /api/v1/"
            "sync/pull (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection "
            "object at 0x7f>: Failed to establish a new connection: [Errno 113] No route to "
            "host'))",
            "no route to the server",
        ),
        ("... [Errno 101] Network is unreachable", "the network is unreachable"),
        ("... [Errno -3] Temporary failure in name resolution", "cannot be looked up"),
        ("... [Errno 111] Connection refused", "connection refused"),
        ("Read timed out. (read timeout=15)", "timed out"),
        ("('Connection aborted.', RemoteDisconnected('Remote end closed'))", "closed before"),
        ("something nobody foresaw at 0x7f3a", "the connection failed (ConnectionError)"),
    ],
)
def test_connection_failures_in_words(raw: str, said: str) -> None:
    text = _short(requests.ConnectionError(raw))
    assert said in text
    assert "0x7f" not in text and "Errno" not in text and "urllib3" not in text


def test_an_unexpected_error_in_one_line_without_its_sql() -> None:
    exc = RuntimeError(
        "(sqlite3.OperationalError) disk I/O error\n[SQL: UPDATE entries SET narrative=? "
        "WHERE id = ?]\n[parameters: ('Privileged advice to the client', 'abc')]"
    )
    text = gist(exc)
    assert text == "RuntimeError: (sqlite3.OperationalError) disk I/O error"
    assert gist(ValueError()) == "ValueError"
    assert len(gist(ValueError("x" * 500))) <= len("ValueError: ") + 120
