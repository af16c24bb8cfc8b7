"""Start-up holds the cyclic garbage collector; the first release of memory collects what
start-up left in cycles and turns the collector back on."""

from __future__ import annotations

import gc
import weakref

from desktop.ui.memory import hold_collection, release_memory


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_start_up_holds_the_collector_and_the_first_release_turns_it_back_on() -> None:
    was_enabled = gc.isenabled()
    try:
        hold_collection()
        assert not gc.isenabled()
        node = _Node()
        gone = weakref.ref(node)
        del node
        kept = [[] for _ in range(20_000)]  # tracked objects: would trigger passes if it ran
        assert gone() is not None  # held: the cycle is still there
        del kept
        release_memory()
        assert gc.isenabled()
        assert gone() is None  # the cycle start-up left behind is collected at once
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()
