"""Speed and memory benchmarks for b12labs: run ``python benchmarks/run.py``.

``python benchmarks/run.py [core] [tables] [--quick]`` runs the named sections (both by
default; ``tables`` needs the ``batch`` extra and pandas). Prints figures, each beside its
anchor where a target is a ratio; asserts nothing (timings on a shared machine are noisy,
so targets are checked here, not in the test suite). The core section measures:

- ``import b12labs`` in a fresh interpreter (median of several), and whether it imports pint;
- a one-shot interpretation in a fresh interpreter (the CLI's cost), and whether pint loads;
- parsing one value, converting a scalar, converting a numpy array of a million values;
- ``interpret()`` with three labs and three symptoms (median and p95 per call);
- the report's JSON round trip and text rendering;
- peak memory of 1,000 interpretations (tracemalloc).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import b12labs
from b12labs.interpretation import reference_interpret
from b12labs.ranges import RangeTable

LABS = {"b12": "180 pg/mL", "potassium": "3.1 mmol/L", "magnesium": "1.4 mEq/L"}
SYMPTOMS = ["tingling", "muscle_cramps", "fatigue"]
CONTEXT = {"diet": "vegan", "age_years": 70}


def per_call(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 95th percentile of one call, in microseconds."""
    for _ in range(min(repeat, 50)):  # warm caches
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def fresh(code: str, runs: int = 7) -> tuple[float, str]:
    """Median wall time (ms) of running ``code`` in a new interpreter, and its last output."""
    times, out = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append((time.perf_counter() - start) * 1e3)
        out = done.stdout.strip()
    return statistics.median(times), out


def main() -> None:
    version = sys.version.split()[0]
    print(
        f"b12labs {b12labs.__version__}, reference data {b12labs.REFERENCE_DATA_VERSION}, Python {version}"
    )
    baseline, _ = fresh("pass")
    imported, pint_loaded = fresh("import sys, b12labs; print('pint' in sys.modules)")
    print(
        f"import b12labs (fresh interpreter): {imported - baseline:.0f} ms above a bare interpreter "
        f"({imported:.0f} ms total); pint imported: {pint_loaded}"
    )
    inner, _ = fresh(
        "import time; t=time.perf_counter(); import b12labs; print(time.perf_counter()-t)"
    )
    one_shot, pint_after = fresh(
        "import sys, b12labs; b12labs.interpret(b12='130 pg/mL', symptoms=['tingling']); "
        "print('pint' in sys.modules)"
    )
    cost = one_shot - baseline
    print(
        f"one-shot interpretation (fresh interpreter): {cost:.0f} ms above bare; pint imported: {pint_after}"
    )
    command, _ = fresh(
        "import sys; from b12labs.cli import main; "
        "sys.argv = ['b12labs', 'interpret', '--b12', '130 pg/mL', '--symptom', 'tingling']; "
        "import io, contextlib; out = io.StringIO(); "
        "contextlib.redirect_stdout(out).__enter__(); main(sys.argv[1:])"
    )
    print(f"b12labs interpret ... one-shot (whole process): {command:.0f} ms (target <= 350 ms)")

    parse = per_call(lambda: b12labs.B12Result.parse("<150 pg/mL"), 20000)
    print(f"B12Result.parse: median {parse[0]:.1f} us, p95 {parse[1]:.1f} us")
    hostile = per_call(lambda: _refused("10**10**10" * 5), 20000)
    print(f"hostile text refused: median {hostile[0]:.1f} us, p95 {hostile[1]:.1f} us")
    scalar = per_call(lambda: b12labs.convert(2.0, "mg/dL", "mmol/L", analyte="magnesium"), 20000)
    print(f"convert (scalar): median {scalar[0]:.1f} us")
    try:
        import numpy as np

        values = np.linspace(0.5, 3.0, 1_000_000)
        start = time.perf_counter()
        b12labs.convert(values, "mg/dL", "mmol/L", analyte="magnesium")
        print(f"convert (numpy, 1e6 values): {(time.perf_counter() - start) * 1e3:.1f} ms")
    except ImportError:
        print("convert (numpy): numpy not installed, skipped")

    def run() -> b12labs.Report:
        return b12labs.interpret(
            b12=LABS["b12"],
            potassium=LABS["potassium"],
            magnesium=LABS["magnesium"],
            symptoms=SYMPTOMS,
            context=CONTEXT,
        )

    fresh_calls(b12labs.interpret, 200, seed=1)  # meets every table, unit and template key
    memo_before = _memo_sizes()
    median, p95 = fresh_calls(b12labs.interpret, 3000)
    memo_after = _memo_sizes()
    reference, _ = fresh_calls(reference_interpret, 600)
    pint_each = _pint_per_call()
    floor, parts = _floor_per_call()
    print(
        f"interpret (3 labs, 3 symptoms, context; fresh values each call): median {median:.1f} us, "
        f"p95 {p95:.1f} us; {reference / median:.1f}x the reference path ({reference:.0f} us); "
        f"{pint_each / median:.1f}x pint per value ({pint_each:.0f} us for the three values; "
        "target: median <= 20 us and >= 20x)"
    )
    print(
        f"  the floor of such a report in this interpreter: {floor:.1f} us ({parts}); "
        f"interpret() is {median / floor:.1f}x it, and 20 us is {20 / floor:.2f}x it"
    )
    print(
        "  memo tables (keyed by table, unit and key, never by a value): "
        + "; ".join(
            f"{name} {memo_after[name][0]} entries of about {memo_after[name][1]} B, "
            f"{memo_after[name][0] - memo_before[name][0]} added in the 3,000 timed calls"
            for name in memo_after
        )
    )
    report = run()
    text = report.model_dump_json()
    dump = per_call(report.model_dump_json, 2000)
    load = per_call(lambda: b12labs.Report.model_validate_json(text), 2000)
    render = per_call(lambda: str(report), 2000)
    print(
        f"report JSON: {len(text)} bytes; dump {dump[0]:.0f} us, load {load[0]:.0f} us; str() {render[0]:.0f} us"
    )

    tracemalloc.start()
    reports = [run() for _ in range(1000)]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"memory: peak {peak / 1e6:.1f} MB while holding 1,000 reports ({peak / 1000 / 1e3:.1f} kB each)"
    )
    print(
        json.dumps(
            {
                "interpret_median_us": round(median),
                "import_ms": round(imported - baseline),
                "reports_kept": len(reports),
            }
        )
    )
    del inner


def fresh_calls(
    function: Callable[..., object], count: int, *, seed: int = 7
) -> tuple[float, float]:
    """Median and 95th percentile (us) of ``function`` on a new set of values each call, so
    no cache can answer one call from an earlier one."""
    import random

    rng = random.Random(seed)
    calls = [
        {
            "b12": f"{rng.uniform(100, 900):.1f} pg/mL",
            "potassium": f"{rng.uniform(2.5, 6):.2f} mmol/L",
            "magnesium": f"{rng.uniform(1.0, 3.0):.2f} mEq/L",
            "symptoms": SYMPTOMS,
            "context": {"diet": "vegan", "age_years": rng.randint(18, 90)},
        }
        for _ in range(count + 50)
    ]
    for call in calls[:50]:  # warm the caches of the data itself
        function(**call)
    samples = []
    for call in calls[50:]:
        start = time.perf_counter()
        function(**call)
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _floor_per_call() -> tuple[float, str]:
    """Microseconds of the least any pure-Python ``interpret()`` must do for one report like
    the timed ones, and what they are: build the models that differ from one person to the
    next (found by identity: what two reports on different values do not share), each with
    the trusted constructor from ready fields; read the three texts with one regular
    expression each; run the compiled rule book once on ready arguments. Choosing
    populations, classifying, choosing evidence, writing sentences and everything else
    ``interpret()`` does come on top of this."""
    from pydantic import BaseModel

    from b12labs._trusted import trusted
    from b12labs.interpretation import compiled_book
    from b12labs.parsing import _SIMPLE
    from b12labs.reasoning.compiled import compiled_arguments
    from b12labs.reasoning.facts import Facts, LabFact
    from b12labs.report import Report

    def call(b12: str, potassium: str) -> Report:
        magnesium = LABS["magnesium"]
        return b12labs.interpret(
            b12=b12, potassium=potassium, magnesium=magnesium, symptoms=SYMPTOMS, context=CONTEXT
        )

    def models(report: BaseModel) -> list[BaseModel]:
        found: list[BaseModel] = []

        def walk(item: object) -> None:
            if isinstance(item, BaseModel):
                found.append(item)
                walk(list(item.__dict__.values()))
            elif isinstance(item, list | tuple):
                for part in item:
                    walk(part)
            elif isinstance(item, dict):
                walk(list(item.values()))

        walk(report)
        return found

    report, other = call(LABS["b12"], LABS["potassium"]), call("181 pg/mL", "3.2 mmol/L")
    shared = {id(item) for item in models(other)}
    own = [m for m in models(report) if id(m) not in shared]
    recipes = [(type(m), m.__dict__, frozenset(m.model_fields_set)) for m in own]
    texts = list(LABS.values())
    book = compiled_book()
    labs = {
        f.analyte: LabFact(f.result, f.band, tuple(f.possible_bands), _table(f.analyte, report))
        for f in report.findings.values()
    }
    facts = Facts(labs=labs, symptoms=frozenset(report.symptoms), context=report.context)
    arguments = compiled_arguments(facts)

    def build() -> None:
        for cls, fields, given in recipes:
            trusted(cls, dict(fields), given)

    def parse() -> None:
        for text in texts:
            found = _SIMPLE.fullmatch(text)
            assert found is not None
            float(found[2])

    def run_book() -> None:
        book.run(*arguments)

    made, read, ran = (per_call(f, 20000)[0] for f in (build, parse, run_book))
    parts = f"{len(own)} models {made:.1f}, three texts read {read:.1f}, the book run {ran:.1f}"
    return made + read + ran, parts


def _table(analyte: b12labs.Analyte, report: b12labs.Report) -> RangeTable:
    from b12labs.ranges import selection

    return selection(None, analyte, report.context).table


def _memo_sizes() -> dict[str, tuple[int, int]]:
    """Entries and bytes per entry (the key and what the entry holds, not the table it is
    kept with) of the bounded look-up tables ``interpret()`` fills as it meets each table,
    unit and template key."""
    from b12labs import classification, plausibility
    from b12labs.reasoning import facts

    tables: dict[str, dict[Any, Any]] = {
        "cut points": classification._CUTS,
        "limits as text": facts._TABLE_TEXTS,
        "plausible limits": plausibility._CUTS,
        "template resolvers": facts._RESOLVERS,
    }
    return {name: (len(table), _bytes_per_entry(table)) for name, table in tables.items()}


def _bytes_per_entry(table: dict[Any, Any]) -> int:
    def size(item: object, seen: set[int]) -> int:
        if id(item) in seen or isinstance(item, RangeTable | type) or callable(item):
            return 0 if not callable(item) or id(item) in seen else sys.getsizeof(item)
        seen.add(id(item))
        total = sys.getsizeof(item)
        if isinstance(item, tuple | list):
            total += sum(size(part, seen) for part in item)
        elif hasattr(item, "__slots__") or hasattr(item, "__dict__"):
            names = getattr(item, "__slots__", ()) or vars(item)
            total += sum(size(getattr(item, name, None), seen) for name in names)
        return total

    if not table:
        return 0
    seen: set[int] = set()
    slot = sys.getsizeof(table) // max(len(table), 1)
    return slot + sum(size(k, seen) + size(v, seen) for k, v in table.items()) // len(table)


def _pint_per_call() -> float:
    """Microseconds to convert one call's three values with pint, one Quantity each."""
    from b12labs.units import registry

    ureg = registry()
    mass = ureg.Quantity(1355.37, "g/mol")

    def convert_three() -> None:
        ureg.Quantity(180.0, "pg/mL").to("pmol/L", "chemistry", mw=mass)
        ureg.Quantity(3.1, "mmol/L").to("mmol/L")
        ureg.Quantity(1.4, "mmol/L").to("mmol/L")

    return per_call(convert_three, 300)[0]


def _refused(text: str) -> None:
    try:
        b12labs.B12Result.parse(text)
    except b12labs.B12LabsError:
        return
    raise AssertionError("hostile text was accepted")


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    chosen = [a for a in sys.argv[1:] if not a.startswith("-")] or ["core", "tables"]
    if "core" in chosen:
        main()
    if "tables" in chosen:
        import bench_tables

        bench_tables.main(quick="--quick" in sys.argv)
