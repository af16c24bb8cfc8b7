"""The real firm server as a uvicorn process on loopback, restartable on the same port, with
test-only failpoints (``DOCKET_FAILPOINTS``) set per start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(self, database_url: str, log_dir: Path, port: int | None = None) -> None:
        self.url = database_url
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_dir = log_dir
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.failpoints = ""

    def start(self, failpoints: str = "") -> ServerProcess:
        self.starts += 1
        self.failpoints = failpoints
        log = (self.log_dir / f"server-{self.port}-{self.starts}.log").open("wb")
        env = {**os.environ, "DOCKET_FAILPOINTS": failpoints}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "--database-url",
                self.url,
                "serve",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if requests.get(f"{self.base}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("the server did not start: " + self.last_log())

    def last_log(self) -> str:
        path = self.log_dir / f"server-{self.port}-{self.starts}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_dead(self, timeout: float = 10) -> int | None:
        assert self.proc is not None
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
