"""``interpret()`` is safe to call from many threads, and lazy tables are built once.

api.md section 1 promises a pure function, safe to call from many threads at once; the
architecture keeps process-wide data (chemistry, sources, thresholds, the bundled ranges,
the pint registry) lazily loaded, once, under a lock. Both are checked here under real
contention: a barrier releases every thread at the same moment, and the loaders are slowed
down so that the threads pile up inside them.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from typing import Any

import pytest

from b12labs import B12LabsError, interpret

THREADS = 8

LABS: dict[str, list[object]] = {
    "b12": [None, "130 pg/mL", "<150 pg/mL", ">2000 pg/mL", "180 ng/L", "250 pmol/L", (350, "ng/L"),
            "<300 pg/mL", "1,500 pg/mL", "90 furlongs"],
    "potassium": [None, "3.1 mmol/L", "2.4 mmol/L", "6.9 meq/L", "5,9 mmol/L", ">7 mmol/L", (4.2, "mmol/L"),
                  "-1 mmol/L"],
    "magnesium": [None, "1.6 mg/dL", "0.5 mmol/L", "1.4 mEq/L", "<0.4 mmol/L", (0.8, "mmol/L"), "nan mg/dL"],
}  # fmt: skip
SYMPTOMS: list[object] = [None, "tingling", ["cramps", "palpitations"], ["brain fog", "numbness"],
                          ["fatigue", "weakness", "dizziness"], ["cramp", "no such symptom"]]  # fmt: skip
CONTEXTS: list[object] = [
    None,
    {"diet": "vegan"},
    {"age_years": 8},
    {"age_years": 80, "medications": ["diuretic", "ppi"]},
    {"pregnant": True, "pregnancy_trimester": 2},
    {"b12_injections": True, "conditions": "kidney_disease"},
    {"recent_heavy_exercise": "yes", "age_years": 0.2},
    {"diett": "vegan"},
]


def _inputs(count: int) -> list[dict[str, object]]:
    rng = random.Random(8)
    return [
        {
            **{lab: rng.choice(values) for lab, values in LABS.items()},
            "symptoms": rng.choice(SYMPTOMS),
            "context": rng.choice(CONTEXTS),
        }
        for _ in range(count)
    ]


def _outcome(kwargs: dict[str, Any]) -> str:
    """A report as JSON, or the error's class, field and code: what a caller can see."""
    try:
        return interpret(**kwargs).model_dump_json()
    except B12LabsError as error:
        return f"{type(error).__name__} {error.field} {error.code} {error}"


def test_eight_threads_give_the_reports_one_thread_gives() -> None:
    inputs = _inputs(300)
    expected = [_outcome(kwargs) for kwargs in inputs]
    assert any(text.startswith("{") for text in expected)  # both reports and errors are
    assert any(not text.startswith("{") for text in expected)  # part of the comparison
    barrier = threading.Barrier(THREADS)
    mismatches: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    def work(seed: int) -> None:
        order = list(range(len(inputs)))
        random.Random(seed).shuffle(order)  # each thread its own order: maximal interleaving
        try:
            barrier.wait(timeout=30)
            for _ in range(2):
                for index in order:
                    if _outcome(inputs[index]) != expected[index]:
                        mismatches.append((seed, index))
        except BaseException as exc:  # noqa: BLE001 - reported below, with the thread's seed
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert mismatches == []


#: Run in a fresh interpreter: loads must not have happened yet, and the instrumentation
#: (a slowed-down, counting loader) must not leak into the rest of the test session.
_LOADERS_SCRIPT = textwrap.dedent(
    """
    import json, sys, threading, time

    import b12labs._packaged as resources

    LAZY = ("b12labs.analytes", "b12labs.sources", "b12labs.thresholds", "b12labs.ranges", "b12labs.units")
    assert not any(name in sys.modules for name in LAZY), "a loader module was imported early"
    THREADS = 8
    calls = {}
    count_lock = threading.Lock()

    def counted(name, function):
        def run(*args, **kwargs):
            with count_lock:
                calls[name] = calls.get(name, 0) + 1
            time.sleep(0.05)  # hold the first caller inside, so the others pile up
            return function(*args, **kwargs)
        return run

    # every load_once user: wrap the function it loads with, before any module defines one
    original_load_once = resources.load_once
    resources.load_once = lambda load: original_load_once(
        counted(f"{load.__module__}.{load.__qualname__}", load)
    )
    # the pint registry b12labs builds for itself
    import pint
    pint.UnitRegistry = counted("pint.UnitRegistry", pint.UnitRegistry)
    # the generated conversion-factor table (functools.cache over a JSON file)
    resources.read_json = counted("read_json", resources.read_json)

    from b12labs import RangeSet, chemistry, interpret
    from b12labs import sources, thresholds, units

    steps = {
        "chemistry": lambda: chemistry("b12"),
        "sources": sources.bundled_sources_view,
        "thresholds": lambda: thresholds.threshold("older_age"),
        # before the ranges: validating the bundled ranges would build the table first
        "factors": lambda: units.factor("b12", "pg/mL", "pmol/L"),
        "ranges": RangeSet.default,
        "registry": units.registry,
        "interpret": lambda: interpret(b12="130 pg/mL", potassium="3.1 mmol/L", symptoms="cramps"),
    }
    barrier = threading.Barrier(THREADS)
    results = {name: [] for name in steps}
    errors = []

    def work():
        try:
            for name, step in steps.items():
                barrier.wait(timeout=30)  # all threads hit this loader at the same moment
                results[name].append(id(step()) if name != "interpret" else step().model_dump_json())
        except BaseException as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    distinct = {name: len(set(values)) for name, values in results.items()}
    print(json.dumps({"calls": calls, "distinct": distinct, "errors": errors}))
    """
)


@pytest.fixture(scope="module")
def loaders() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-B", "-c", _LOADERS_SCRIPT],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["errors"] == []
    return data


@pytest.mark.slow
def test_every_load_once_table_is_built_once_under_contention(loaders: dict[str, Any]) -> None:
    calls = {name: count for name, count in loaders["calls"].items() if name.startswith("b12labs.")}
    # chemistry, the source catalogue, the thresholds and the bundled ranges at least
    modules = {name.rsplit(".", 2)[1] for name in calls}
    assert modules >= {"analytes", "sources", "thresholds", "rangeset", "units"}, calls
    assert calls == dict.fromkeys(calls, 1)


@pytest.mark.slow
def test_the_pint_registry_is_built_once_under_contention(loaders: dict[str, Any]) -> None:
    assert loaders["calls"]["pint.UnitRegistry"] == 1
    assert loaders["distinct"]["registry"] == 1  # every thread got the same registry


@pytest.mark.slow
@pytest.mark.parametrize("step", ["chemistry", "sources", "thresholds", "ranges", "interpret"])
def test_every_thread_gets_the_same_table(loaders: dict[str, Any], step: str) -> None:
    assert loaders["distinct"][step] == 1


@pytest.mark.slow
def test_the_conversion_factor_table_is_built_once_under_contention(
    loaders: dict[str, Any],
) -> None:
    assert loaders["calls"]["read_json"] == 1


def _hammer(function: Callable[[], object], times: int = 200) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def work() -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(times):
                function()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_errors_under_contention_are_the_same_library_errors() -> None:
    """Refusals are as thread-safe as reports: same class, field and code every time."""
    seen: set[str] = set()

    def refuse() -> None:
        try:
            interpret(b12="1,500 pg/mL")
        except B12LabsError as error:
            seen.add(f"{type(error).__name__} {error.field} {error.code}")

    assert _hammer(refuse) == []
    assert seen == {"InvalidResultError b12.value ambiguous_grouping"}
