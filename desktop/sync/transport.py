"""HTTP to the firm server — the only module that imports ``requests``.

Every request has a timeout; ``https://`` is verified; plain ``http://`` is accepted only for
loopback addresses. Failures are classified (ARCHITECTURE.md "Network"):

* :class:`Offline` — connect error, timeout, 5xx, 429: back off with jitter and retry;
* :class:`Unauthorized` — 401: sign in again;
* :class:`Rejected` — any other 4xx: shown to the person, not retried;
* ``409`` from ``sync/push`` is returned to the caller (seq_conflict / seq_gap).
"""

from __future__ import annotations

import ipaddress
import json
import random
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from core import __version__
from core.errors import DocketError

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
API = "/api/v1"


class TransportError(DocketError):
    """The server could not be used for this request."""


class Offline(TransportError):
    """Unreachable, timed out, overloaded (5xx, 429): retry later with back-off."""


class Unauthorized(TransportError):
    """The session is missing, expired or revoked: sign in again (``detail``: the server's
    own words, e.g. for a refused sign-in)."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class Rejected(TransportError):
    """The server refused the request (4xx other than 401); ``status`` and ``body`` say why."""

    def __init__(self, message: str, status: int, body: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def normalise_url(url: str) -> str:
    """The server's base address: scheme + host (+ port, + path), without ``/api/v1``.

    Refuses anything but ``https://``, and ``http://`` to a loopback address."""
    raw = url.strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DocketError(
            f"{url!r} is not a server address: give one like https://docket.example.com"
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise DocketError(
            f"refusing plain http:// to {parts.hostname}: use https:// "
            "(http is only for a server on this machine)"
        )
    path = parts.path.rstrip("/")
    if path.endswith(API):
        path = path[: -len(API)]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def backoff(attempt: int, base: float = 1.0, cap: float = 300.0) -> float:
    """Seconds to wait before retry ``attempt`` (1, 2, …): exponential, full jitter."""
    return random.uniform(0, min(cap, base * 2 ** max(0, attempt - 1)))


@dataclass
class Response:
    status: int
    body: Any


class Transport:
    """A session with one server. ``token`` is sent as a bearer token when set."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.base_url = normalise_url(base_url)
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"docket-desktop/{__version__}"

    def close(self) -> None:
        self._session.close()

    @property
    def deadline(self) -> float:
        """The most a request may take, start to finish (socket timeouts alone do not bound
        a connection that trickles bytes)."""
        return self.timeout[0] + self.timeout[1]

    def _bounded(self, call: Any) -> requests.Response:
        """Run ``call(session)`` with a hard deadline. Past it the request is abandoned (its
        thread ends with its own socket timeouts; whatever it got is ignored — a push answered
        later is simply answered again on the next try) and a fresh session is used."""
        box: dict[str, Any] = {}
        session = self._session

        def run() -> None:
            try:
                box["response"] = call(session)
            except BaseException as err:  # handed back to the caller's thread
                box["error"] = err

        worker = threading.Thread(target=run, name="docket-http", daemon=True)
        worker.start()
        worker.join(self.deadline)
        if worker.is_alive():
            self._session = requests.Session()
            self._session.headers.update(session.headers)
            raise requests.Timeout(f"no complete answer within {self.deadline:.0f} s")
        if "error" in box:
            raise box["error"]
        response: requests.Response = box["response"]
        return response

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        allow: tuple[int, ...] = (),
    ) -> Response:
        """One request; returns 2xx (and statuses in ``allow``), raises the classified error
        otherwise."""
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if json_body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(json_body, separators=(",", ":")).encode("utf-8")
        url = f"{self.base_url}{API}/{path.lstrip('/')}"
        try:
            r = self._bounded(
                lambda session: session.request(
                    method,
                    url,
                    data=data,
                    params=params,
                    headers=headers,
                    timeout=self.timeout,
                    verify=True,
                    allow_redirects=False,
                )
            )
        except requests.exceptions.SSLError as err:
            raise Rejected(
                f"the server's TLS certificate was refused: {_short(err)}", 0, None
            ) from err
        except (requests.ConnectionError, requests.Timeout) as err:
            raise Offline(f"cannot reach {self.base_url}: {_short(err)}") from err
        except requests.RequestException as err:
            raise Offline(f"the request to {self.base_url} failed: {_short(err)}") from err
        body = _body(r)
        if 200 <= r.status_code < 300 or r.status_code in allow:
            if body is None and r.content:
                raise Offline(f"the answer from {self.base_url} was cut short or garbled")
            return Response(r.status_code, body)
        if r.status_code == 401:
            raise Unauthorized(
                "the server asks you to sign in again (`docket login`)", _detail(body)
            )
        if r.status_code == 429 or r.status_code >= 500:
            raise Offline(f"the server is busy or failing (HTTP {r.status_code}); will retry")
        raise Rejected(_detail(body) or f"HTTP {r.status_code}", r.status_code, body)


def _body(r: requests.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        return None


def _detail(body: Any) -> str | None:
    if isinstance(body, dict):
        detail = body.get("detail") or body.get("error") or body.get("message")
        if isinstance(detail, str):
            return detail
        if isinstance(detail, list) and detail:
            first = detail[0]
            if isinstance(first, dict):
                return str(first.get("msg") or first)
    return None


# what a connection failure says, in words a person can act on (never urllib3's own text)
_FAILURES = (
    (("Connection refused", "Errno 111", "WinError 10061"), "connection refused"),
    (("timed out", "Timeout"), "timed out"),
    (
        (
            "Name or service not known",
            "nodename nor servname",
            "Temporary failure in name resolution",
            "getaddrinfo failed",
            "No address associated",
        ),
        "the server's name cannot be looked up (no network, or a wrong address)",
    ),
    (("Network is unreachable", "Errno 101", "WinError 10051"), "the network is unreachable"),
    (("No route to host", "Errno 113", "WinError 10065"), "no route to the server"),
    (("Connection reset", "Errno 104", "WinError 10054"), "the connection was reset"),
    (
        ("RemoteDisconnected", "Connection aborted", "IncompleteRead", "ChunkedEncodingError"),
        "the connection closed before the answer was complete",
    ),
    (("CERTIFICATE_VERIFY_FAILED", "certificate verify failed"), "certificate not trusted"),
    (("hostname", "doesn't match"), "the certificate is for another name"),
)


def _short(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}"
    for needles, words in _FAILURES:
        if any(n in text for n in needles):
            return words
    return f"the connection failed ({type(err).__name__})"
