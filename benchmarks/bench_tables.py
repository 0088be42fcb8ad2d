"""The table benchmarks of issue 9: ``python benchmarks/run.py tables``.

Each figure is printed with its anchor, measured in the same run on the same inputs:

- ``classify_values``: 10M float64 in one unit, against one numpy comparison over them;
- ``classify_table``: 1M rows with mixed unit spellings, against the pandas idiom (map the
  unit to a factor, multiply, ``pd.cut`` per analyte);
- ``interpret_table``: 1M people (three labs, three symptom columns, context columns),
  against a loop converting each lab value with pint (timed on a sample, per row), and
  the extra memory per row beyond the input and the result columns (in a fresh process);
- ``b12labs.convert`` over 10M values, against a bare numpy multiply.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
from timing import rounds, timed, verdict

MILLION = 1_000_000
UNITS = {"b12": "pg/mL", "potassium": "mmol/L", "magnesium": "mmol/L"}


def _long_table(seed: int, rows: int) -> Any:
    import pandas as pd

    rng = np.random.default_rng(seed)
    analyte = rng.choice(["potassium", "magnesium", "b12"], rows)
    spellings = np.array(["mmol/L", "mEq/L", "meq/l", "MMOL/L"])
    unit = np.where(
        analyte == "b12",
        rng.choice(["pg/mL", "ng/L", "pmol/L"], rows),
        spellings[rng.integers(0, 4, rows)],
    )
    value = rng.uniform(0.6, 6.0, rows)
    value[analyte == "b12"] *= 120
    value[analyte == "magnesium"] /= 4
    return pd.DataFrame(
        {
            "analyte": pd.Series(analyte, dtype="str"),
            "value": value,
            "unit": pd.Series(unit, dtype="str"),
        }
    )


_FACTORS = {  # the idiom's own table: what a notebook writes by hand
    "mmol/L": 1.0,
    "mEq/L": 1.0,
    "meq/l": 1.0,
    "MMOL/L": 1.0,
    "pg/mL": 0.7378,
    "ng/L": 0.7378,
    "pmol/L": 1.0,
}
_CUTS = {
    "potassium": (
        [0, 2.8, 3.5, 5.4, 6.2, np.inf],
        ["critical_low", "low", "normal", "high", "critical_high"],
    ),
    "magnesium": ([0, 0.4, 0.7, 1.0, np.inf], ["critical_low", "low", "normal", "high"]),
    "b12": ([0, 132.8, 258.3, 674.4, np.inf], ["low", "borderline_low", "normal", "high"]),
}


def _pandas_idiom(frame: Any) -> Any:
    import pandas as pd

    value = frame["value"] * frame["unit"].map(_FACTORS)
    band = pd.Series(None, index=frame.index, dtype="object")
    for analyte, (bins, labels) in _CUTS.items():
        rows = frame["analyte"] == analyte
        band[rows] = pd.cut(value[rows], bins, labels=labels, right=False).astype("object")
    return band


def _wide_table(seed: int, rows: int) -> Any:
    import pandas as pd

    rng = np.random.default_rng(seed)
    diets = pd.Categorical.from_codes(rng.integers(0, 3, rows), ["omnivore", "vegetarian", "vegan"])
    medicines = pd.Categorical.from_codes(
        rng.integers(0, 4, rows), ["metformin", "PPI, statin", "diuretic", "none"]
    )
    medicines = medicines.remove_categories(["none"])
    return pd.DataFrame(
        {
            "b12": rng.uniform(100, 900, rows),
            "potassium": rng.uniform(2.5, 6.0, rows),
            "magnesium": rng.uniform(0.4, 1.2, rows),
            "tingling": rng.random(rows) < 0.1,
            "muscle_cramps": rng.random(rows) < 0.2,
            "fatigue": rng.random(rows) < 0.2,
            "age_years": rng.uniform(0, 100, rows).round(1),
            "diet": diets,
            "b12_injections": rng.random(rows) < 0.05,
            "medications": medicines,
        }
    )


def _pint_seconds_per_row(frame: Any, sample: int = 1000) -> float:
    """A loop converting each row's three labs to canonical units with pint, per row."""
    from b12labs import chemistry
    from b12labs.units import registry

    ureg = registry()
    mass = ureg.Quantity(chemistry("b12").molar_mass.value, "g/mol")  # type: ignore[union-attr]
    rows = frame.head(sample)

    def loop() -> None:
        for b12, potassium, magnesium in zip(
            rows["b12"], rows["potassium"], rows["magnesium"], strict=True
        ):
            ureg.Quantity(b12, "pg/mL").to("pmol/L", "chemistry", mw=mass)
            ureg.Quantity(potassium, "mmol/L").to("mmol/L")
            ureg.Quantity(magnesium, "mmol/L").to("mmol/L")

    loop()  # warm pint's caches
    return timed(loop)[0] / sample


def _memory_in_fresh_process(rows: int) -> dict[str, float]:
    """Extra bytes per row of ``interpret_table``, measured in a new interpreter."""
    code = f"""
import json, sys, tracemalloc
sys.path.insert(0, {str(Path(__file__).parent)!r})
import pyarrow as pa
from bench_tables import _wide_table, UNITS
from b12labs import batch
frame = _wide_table(7, {rows})
batch.interpret_table(frame.head(1000), units=UNITS)
before = pa.default_memory_pool().max_memory()
tracemalloc.start()
out = batch.interpret_table(frame, units=UNITS)
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
arrow = max(0, pa.default_memory_pool().max_memory() - before)
added = out[[c for c in out.columns if c not in frame.columns]]
output = int(added.memory_usage(deep=True, index=False).sum())
print(json.dumps({{"peak": peak, "arrow": arrow, "output": output}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main(quick: bool = False) -> dict[str, float]:
    from b12labs import batch, convert

    count = 3 if quick else 5
    size = MILLION // 10 if quick else MILLION
    figures: dict[str, float] = {}

    values = 10 * size

    def floats(seed: int) -> Any:
        return np.random.default_rng(seed).uniform(1.0, 8.0, values)

    seconds, anchor = rounds(
        floats,
        lambda x: batch.classify_values(x, "mmol/L", analyte="potassium"),
        lambda x: x >= 3.5,
        count=count,
    )
    rate, ratio = values / seconds / 1e6, anchor / seconds
    figures |= {"classify_values_M_per_s": rate, "classify_values_vs_compare": ratio}
    print(
        f"classify_values, {values:,} float64: {rate:,.0f} M values/s ({verdict(rate, 300)} >= 300); "
        f"{ratio:.2f}x one numpy comparison ({verdict(ratio, 0.25)} >= 0.25)"
    )

    seconds, anchor = rounds(
        lambda seed: _long_table(seed, size), batch.classify_table, _pandas_idiom, count=count
    )
    rate, ratio = size / seconds / 1e6, anchor / seconds
    figures |= {"classify_table_M_rows_per_s": rate, "classify_table_vs_pandas_idiom": ratio}
    print(
        f"classify_table, {size:,} rows, mixed unit spellings: {rate:.1f} M rows/s "
        f"({verdict(rate, 20)} >= 20); {ratio:.1f}x the pandas idiom ({verdict(ratio, 1)} > 1)"
    )

    seconds, _ = rounds(
        lambda seed: _wide_table(seed, size),
        lambda frame: batch.interpret_table(frame, units=UNITS),
        lambda frame: None,
        count=count,
    )
    pint_row = _pint_seconds_per_row(_wide_table(99, 2000))
    rate, ratio = size / seconds / 1e6, pint_row * size / seconds
    memory = _memory_in_fresh_process(size)
    extra = (memory["peak"] + memory["arrow"] - memory["output"]) / size
    figures |= {
        "interpret_table_M_rows_per_s": rate,
        "interpret_table_vs_pint_loop": ratio,
        "interpret_table_extra_bytes_per_row": extra,
    }
    print(
        f"interpret_table, {size:,} people: {rate:.2f} M rows/s ({verdict(rate, 2)} >= 2); "
        f"{ratio:,.0f}x a pint loop ({verdict(ratio, 500)} >= 500); extra memory "
        f"{extra:.0f} B/row ({verdict(extra, 64, at_least=False)} <= 64; output "
        f"{memory['output'] / size:.0f} B/row)"
    )

    seconds, anchor = rounds(
        floats,
        lambda x: convert(x, "mg/dL", "mmol/L", analyte="magnesium"),
        lambda x: x * 0.411,
        count=count,
    )
    ratio = anchor / seconds
    figures["convert_vs_multiply"] = ratio
    print(
        f"convert, {values:,} values: {ratio:.2f}x a bare numpy multiply ({verdict(ratio, 0.5)} >= 0.5)"
    )
    return figures


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
