"""The fault proxy itself: it forwards, delays, cuts at a byte, and blackholes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.harness.proxy import Fault, FaultProxy

BODY = b"x" * 20_000


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    p = FaultProxy("127.0.0.1", server.server_address[1]).start()
    yield p
    p.stop()
    server.shutdown()
    server.server_close()


def url(p: FaultProxy) -> str:
    return f"http://127.0.0.1:{p.port}/"


def test_forwards_and_captures(proxy: FaultProxy) -> None:
    r = requests.get(url(proxy), timeout=5)
    assert r.status_code == 200 and r.content == BODY
    assert proxy.captures[-1].downstream.endswith(BODY)
    assert proxy.captures[-1].upstream.startswith(b"GET / HTTP/1.1")


def test_cut_downstream_mid_body(proxy: FaultProxy) -> None:
    proxy.set_fault(Fault(cut_downstream_at=5000))
    with pytest.raises(requests.RequestException):
        requests.get(url(proxy), timeout=5)
    assert len(proxy.captures[-1].downstream) == 5000
    assert proxy.captures[-1].closed_by_fault


def test_cut_upstream_before_request_completes(proxy: FaultProxy) -> None:
    proxy.set_fault(Fault(cut_upstream_at=10))
    with pytest.raises(requests.RequestException):
        requests.get(url(proxy), timeout=5)
    assert proxy.captures[-1].downstream == b""


def test_blackhole_times_out(proxy: FaultProxy) -> None:
    proxy.set_fault(Fault(blackhole=True))
    t = time.monotonic()
    with pytest.raises(requests.Timeout):
        requests.get(url(proxy), timeout=(1, 0.5))
    assert time.monotonic() - t < 2


def test_delay_and_heal(proxy: FaultProxy) -> None:
    proxy.set_fault(Fault(delay=0.3))
    t = time.monotonic()
    assert requests.get(url(proxy), timeout=5).status_code == 200
    assert time.monotonic() - t >= 0.3
    proxy.heal()
    assert requests.get(url(proxy), timeout=5).content == BODY
