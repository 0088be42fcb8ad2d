"""The once-only loader behind every process-wide data table."""

from __future__ import annotations

import threading

import pytest

from b12labs._packaged import load_once


def test_load_once_runs_the_loader_once_across_threads() -> None:
    calls: list[int] = []
    start = threading.Barrier(8)

    @load_once
    def table() -> dict[str, int]:
        calls.append(1)
        return {"value": len(calls)}

    seen: list[dict[str, int]] = []

    def worker() -> None:
        start.wait()
        seen.append(table())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]
    assert all(result is seen[0] for result in seen)
    assert table() is seen[0]


def test_load_once_does_not_cache_a_failure() -> None:
    attempts: list[int] = []

    @load_once
    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first load fails")
        return "loaded"

    with pytest.raises(RuntimeError):
        flaky()
    assert flaky() == "loaded"
    assert flaky() == "loaded"
    assert len(attempts) == 2
