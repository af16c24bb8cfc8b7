"""The background task runner: ONE worker thread runs every piece of database work, in the
order it was submitted; results come back to the GUI thread by signal.

Threading rules:

* ``submit`` is called on the GUI thread; the task's function runs on the worker thread and
  receives the worker-side context (built there, lazily, by ``context_factory`` — so heavy
  libraries load off the GUI thread, after the first paint);
* ``on_done`` / ``on_error`` run back on the GUI thread (a queued signal), never on the worker;
* an exception never vanishes: a domain error becomes its own readable sentence, anything
  else is logged with its traceback to ``<data-dir>/logs/docket.log`` and reaches the person as
  one sentence saying what failed and where the details are — never a traceback.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal

Done = Callable[[Any], None]


class TaskError(NamedTuple):
    """What went wrong, for a person: one sentence, and the field problems when a record was
    refused (``(field, message)`` pairs) so a form can show them next to its fields."""

    message: str
    problems: tuple[tuple[str, str], ...] = ()
    unexpected: bool = False

    def for_field(self, name: str) -> list[str]:
        return [m for f, m in self.problems if f == name]


class _Task(NamedTuple):
    id: int
    fn: Callable[[Any], Any]
    what: str
    on_done: Done | None
    on_error: Callable[[TaskError], None] | None


_STOP = object()


def describe_error(exc: BaseException, what: str, log_path: Path | None) -> TaskError:
    """A readable :class:`TaskError` for an exception raised while doing ``what``."""
    from core.errors import DocketError, ValidationError, gist

    if isinstance(exc, ValidationError):
        problems = tuple((p.path, p.message) for p in exc.problems)
        return TaskError(str(exc), problems)
    if isinstance(exc, DocketError):
        return TaskError(str(exc))
    import logging

    logging.getLogger("docket.ui").error(
        "unexpected error while %s", what or "working", exc_info=exc
    )
    where = f"; the details are in {log_path}" if log_path else ""
    return TaskError(
        f"Docket hit an unexpected problem while {what or 'working'} "
        f"({gist(exc)}). Nothing half-done was kept{where}.",
        unexpected=True,
    )


class TaskRunner(QObject):
    """Runs tasks on one worker thread (see the module's threading rules)."""

    sig_failed = Signal(object)  # TaskError of a task that has no on_error of its own
    sig_busy = Signal(bool)
    _sig_result = Signal(int, bool, object)

    def __init__(
        self,
        context_factory: Callable[[], Any],
        log_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = context_factory
        self._context: Any = None
        self._log_path = log_path
        self._queue: queue.Queue[Any] = queue.Queue()
        self._pending: dict[int, _Task] = {}
        self._ids = itertools.count(1)
        self._sig_result.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="docket-db", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ GUI thread
    def submit(
        self,
        fn: Callable[[Any], Any],
        on_done: Done | None = None,
        on_error: Callable[[TaskError], None] | None = None,
        *,
        what: str = "",
    ) -> int:
        """Queue ``fn(context)`` for the worker thread; returns the task's id."""
        task = _Task(next(self._ids), fn, what, on_done, on_error)
        if not self._pending:
            self.sig_busy.emit(True)
        self._pending[task.id] = task
        self._queue.put(task)
        return task.id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @property
    def context(self) -> Any:
        """The worker-side context once built (None before). Only for objects that are
        themselves thread-safe (the workspace); never touch services from another thread."""
        return self._context

    def shutdown(self, timeout: float = 10.0) -> None:
        """Let the worker finish what it is doing (a write is never cut in half), then close
        the context on the worker thread and stop."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
        self._pending.clear()

    def _deliver(self, task_id: int, ok: bool, value: Any) -> None:
        task = self._pending.pop(task_id, None)
        if not self._pending:
            self.sig_busy.emit(False)
        if task is None:
            return
        try:
            if ok:
                if task.on_done is not None:
                    task.on_done(value)
            elif task.on_error is not None:
                task.on_error(value)
            else:
                self.sig_failed.emit(value)
        except Exception as exc:  # a slot must never let an exception vanish
            self.sig_failed.emit(describe_error(exc, f"showing the result of {task.what}", None))

    # ------------------------------------------------------------------ worker thread
    def _run(self) -> None:
        while True:
            task = self._queue.get()
            if task is _STOP:
                self._close_context()
                return
            try:
                if self._context is None:
                    self._context = self._factory()
                value = task.fn(self._context)
            except Exception as exc:  # reported to the person, and logged
                self._sig_result.emit(
                    task.id, False, describe_error(exc, task.what, self._log_path)
                )
            else:
                self._sig_result.emit(task.id, True, value)

    def _close_context(self) -> None:
        close = getattr(self._context, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # closing must not hide a clean exit
                import logging

                logging.getLogger("docket.ui").exception("closing the store")
        self._context = None
