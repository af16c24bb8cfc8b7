"""A small fault-injecting TCP proxy on loopback (SYNC.md "Testing it").

It forwards connections to a target and, per connection, can delay, throttle, cut the stream
at a chosen byte in either direction, or blackhole it (accept, then never answer). It records
what crossed in each direction, so a test can check — from the capture, not from the client's
word — what the server actually answered.

The proxy runs its own asyncio loop in a thread; tests drive it through plain methods.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Fault:
    """What happens to the next connection(s). ``None`` fields mean "no such fault"."""

    delay: float = 0.0  # seconds before any byte is forwarded, each direction
    throttle_bps: int | None = None  # bytes per second, each direction
    cut_upstream_at: int | None = None  # close after forwarding this many client→server bytes
    cut_downstream_at: int | None = None  # close after forwarding this many server→client bytes
    blackhole: bool = False  # accept and read, never connect or answer
    refuse: bool = False  # close at once (like a dead port behind a listening proxy)

    def describe(self) -> str:
        bits = [f"{k}={v}" for k, v in self.__dict__.items() if v not in (None, False, 0.0)]
        return ", ".join(bits) or "none"


@dataclass
class Capture:
    """Bytes that crossed one connection."""

    upstream: bytearray = field(default_factory=bytearray)  # client → server
    downstream: bytearray = field(default_factory=bytearray)  # server → client
    fault: str = "none"
    closed_by_fault: bool = False


class FaultProxy:
    """``FaultProxy(target_port).start()`` → listens on ``self.port``."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.captures: list[Capture] = []
        self._fault_for_next: Callable[[], Fault] = Fault
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self._lock = threading.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------------ control
    def start(self) -> FaultProxy:
        self._thread.start()
        fut = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        fut.result(timeout=5)
        return self

    def stop(self) -> None:
        async def _close() -> None:
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()
            for task in list(self._tasks):
                task.cancel()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(_close(), self._loop).result(timeout=5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def set_fault(self, fault: Fault | Callable[[], Fault]) -> None:
        """The fault for every new connection from now on (a callable picks one each time)."""
        with self._lock:
            self._fault_for_next = fault if callable(fault) else (lambda: fault)

    def heal(self) -> None:
        self.set_fault(Fault())

    # ------------------------------------------------------------------ proxying
    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        with self._lock:
            fault = self._fault_for_next()
        cap = Capture(fault=fault.describe())
        self.captures.append(cap)
        try:
            if fault.refuse:
                writer.close()
                return
            if fault.blackhole:
                while await reader.read(65536):
                    pass
                return
            try:
                up_reader, up_writer = await asyncio.open_connection(*self.target)
            except OSError:
                writer.close()
                return
            stop = asyncio.Event()
            await asyncio.gather(
                self._pipe(
                    reader, up_writer, cap.upstream, fault, fault.cut_upstream_at, cap, stop
                ),
                self._pipe(
                    up_reader, writer, cap.downstream, fault, fault.cut_downstream_at, cap, stop
                ),
            )
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
            self._tasks.discard(task)  # type: ignore[arg-type]

    async def _pipe(
        self,
        src: asyncio.StreamReader,
        dst: asyncio.StreamWriter,
        record: bytearray,
        fault: Fault,
        cut_at: int | None,
        cap: Capture,
        stop: asyncio.Event,
    ) -> None:
        if fault.delay:
            await asyncio.sleep(fault.delay)
        try:
            while not stop.is_set():
                chunk = await src.read(4096 if fault.throttle_bps is None else 512)
                if not chunk:
                    break
                if cut_at is not None and len(record) + len(chunk) >= cut_at:
                    chunk = chunk[: max(0, cut_at - len(record))]
                    record.extend(chunk)
                    dst.write(chunk)
                    with contextlib.suppress(ConnectionError):
                        await dst.drain()
                    cap.closed_by_fault = True
                    stop.set()
                    break
                record.extend(chunk)
                dst.write(chunk)
                await dst.drain()
                if fault.throttle_bps:
                    await asyncio.sleep(len(chunk) / fault.throttle_bps)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                dst.close()
