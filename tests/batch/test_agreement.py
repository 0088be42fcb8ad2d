"""Row by row, every result column of ``interpret_table`` is what ``interpret()`` gives.

Generated tables mix good, censored, hostile and missing lab texts, numbers in every unit
(NaN, infinity, -0.0 and implausible ones included), symptom columns with nulls, and
context columns with refused values and conflicts, in each frame type.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pandas")
pytest.importorskip("polars")
pytest.importorskip("pyarrow")

from b12labs import batch
from batch.tables import BACKENDS, CATEGORIES, expected, frame, rows_of, wide_rows
from strategies import range_set


def _same(got: object, want: object) -> bool:
    if isinstance(want, float) and isinstance(got, float):
        return got == want or (math.isnan(got) and math.isnan(want))
    return got == want


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(wide_rows(), st.sampled_from(BACKENDS), st.sampled_from(["bundled", "fictional"]))
def test_every_row_agrees_with_interpret(
    table: tuple[Any, ...], backend: str, ranges_name: str
) -> None:
    columns, kinds, units, arguments = table
    ranges = range_set(ranges_name)  # type: ignore[arg-type]
    labs = [lab for lab in ("b12", "potassium", "magnesium") if lab in columns]
    names = [f"{lab}_{p}" for lab in labs for p in ("value", "band", "flag")]
    names += [*CATEGORIES, "urgency", "error", "error_field"]
    names += [f"{c}_assessed" for c in CATEGORIES]
    result = batch.interpret_table(frame(backend, columns, kinds=kinds), units=units, ranges=ranges)
    got = rows_of(result, names)
    assert len(got) == len(arguments)
    for row, (have, args) in enumerate(zip(got, arguments, strict=True)):
        want = expected({**args, "ranges": ranges}, labs)
        for name in names:
            assert _same(have[name], want[name]), (row, name, have[name], want[name], args)
