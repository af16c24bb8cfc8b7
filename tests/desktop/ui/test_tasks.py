"""The task runner: one worker thread, results by signal, errors as sentences."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from core.errors import DocketError, PolicyViolation, Problem
from desktop.ui.tasks import TaskError, TaskRunner


def test_tasks_run_in_order_on_one_worker_thread(qtbot: Any) -> None:
    made: list[str] = []
    runner = TaskRunner(lambda: made.append(threading.current_thread().name) or "ctx")
    seen: list[Any] = []
    for i in range(5):
        runner.submit(lambda ctx, i=i: (ctx, i, threading.current_thread().name), seen.append)
    qtbot.waitUntil(lambda: len(seen) == 5)
    assert [s[1] for s in seen] == [0, 1, 2, 3, 4]
    assert {s[2] for s in seen} == {"docket-db"} and made == ["docket-db"]
    assert threading.current_thread().name != "docket-db"
    runner.shutdown()


def test_errors_reach_the_person_as_sentences(qtbot: Any, tmp_path: Path) -> None:
    import logging

    log = tmp_path / "docket.log"
    handler = logging.FileHandler(log)
    logging.getLogger("docket").addHandler(handler)
    runner = TaskRunner(lambda: None, log)
    errors: list[TaskError] = []

    def boom(_ctx: Any) -> None:
        raise ZeroDivisionError("division by zero")

    def refused(_ctx: Any) -> None:
        raise PolicyViolation([Problem("narrative", "a narrative is required")], "not saved")

    def domain(_ctx: Any) -> None:
        raise DocketError("no timer is running")

    for fn in (boom, refused, domain):
        runner.submit(fn, on_error=errors.append, what="testing")
    failed: list[TaskError] = []
    runner.sig_failed.connect(failed.append)
    runner.submit(domain)  # no handler of its own: the app-wide signal says it
    qtbot.waitUntil(lambda: len(errors) == 3 and len(failed) == 1)
    unexpected, policy, plain = errors
    assert unexpected.unexpected and "Traceback" not in unexpected.message
    assert "while testing" in unexpected.message and str(log) in unexpected.message
    assert policy.for_field("narrative") == ["a narrative is required"]
    assert plain.message == "no timer is running" == failed[0].message
    runner.shutdown()
    logging.getLogger("docket").removeHandler(handler)
    handler.close()
    assert "ZeroDivisionError" in log.read_text()  # the traceback went to the log only
