"""Timing helpers shared by the benchmarks: best-of rounds on fresh inputs, and ratios.

Absolute times on a shared machine are noisy, so every figure is printed beside an anchor
measured in the same process, on the same inputs, in the same round: the ratio is what is
compared with a target. Each round builds its inputs anew (outside the timed part), so no
cache can answer a round from an earlier one.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[float, T]:
    """Seconds one call takes, and what it returned."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def rounds(
    make: Callable[[int], Any],
    measured: Callable[[Any], object],
    anchor: Callable[[Any], object],
    *,
    count: int,
) -> tuple[float, float]:
    """Best seconds of ``measured`` and of ``anchor`` over ``count`` rounds, each on fresh
    inputs ``make(round)``; the two run back to back on the same inputs."""
    best, best_anchor = float("inf"), float("inf")
    for index in range(count):
        inputs = make(index)
        best_anchor = min(best_anchor, timed(functools.partial(anchor, inputs))[0])
        best = min(best, timed(functools.partial(measured, inputs))[0])
    return best, best_anchor


def verdict(value: float, target: float, *, at_least: bool = True) -> str:
    """``meets`` or ``misses`` a target."""
    met = value >= target if at_least else value <= target
    return "meets" if met else "MISSES"
