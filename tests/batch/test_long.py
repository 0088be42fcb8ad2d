"""``classify_table`` and ``classify_values`` agree with the scalar API value by value."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pandas")
pytest.importorskip("polars")
np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from b12labs import (  # noqa: E402
    Analyte,
    B12LabsError,
    Band,
    LabResult,
    RangeSet,
    batch,
    chemistry,
    classify,
)
from b12labs.analytes import as_analyte  # noqa: E402
from b12labs.context import coerce_context  # noqa: E402
from b12labs.results import coerce_result  # noqa: E402
from b12labs.strategies import results  # noqa: E402
from batch.tables import BACKENDS, frame, long_rows, rows_of  # noqa: E402
from strategies import range_set  # noqa: E402

LONG = ["canonical_value", "canonical_unit", "band", "flag", "error", "error_field"]


def _scalar(
    columns: dict[str, list[Any]], keywords: dict[str, Any], row: int, ranges: RangeSet
) -> dict[str, Any]:
    """The scalar API's reading of one long row."""
    value = columns["value"][row]
    if value is None:
        return dict.fromkeys(LONG)
    try:
        analyte = as_analyte(columns["analyte"][row])
        if keywords["unit"] is None:
            result: LabResult = coerce_result(analyte, value)
        else:
            unit = columns["unit"][row]
            comparator = columns["comparator"][row] if "comparator" in columns else None
            if comparator is None:
                result = coerce_result(analyte, (value, unit))
            else:
                result = coerce_result(
                    analyte, {"value": value, "unit": unit, "comparator": comparator}
                )
        age = columns["age"][row] if "age" in columns else None
        person = coerce_context({} if age is None else {"age_years": age})
    except B12LabsError as error:
        field = error.field if error.field != "age_years" else "context.age_years"
        return dict.fromkeys(LONG[:4]) | {"error": error.code, "error_field": field}
    chosen = (ranges if analyte in ranges else RangeSet.default()).select_for(analyte, person).table
    band = classify(result, chosen)
    canonical = result.canonical()
    from b12labs import flag_for

    return {
        "canonical_value": canonical.value,
        "canonical_unit": canonical.unit,
        "band": band.value,
        "flag": flag_for(band),
        "error": None,
        "error_field": None,
    }


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(long_rows(), st.sampled_from(BACKENDS), st.sampled_from(["bundled", "fictional"]))
def test_every_long_row_agrees_with_the_scalar_api(
    table: tuple[Any, ...], backend: str, name: str
) -> None:
    columns, kinds, keywords, rows = table
    ranges = range_set(name)  # type: ignore[arg-type]
    out = batch.classify_table(frame(backend, columns, kinds=kinds), ranges=ranges, **keywords)
    got = rows_of(out, LONG)
    assert len(got) == len(rows)
    for row, have in enumerate(got):
        want = _scalar(columns, keywords, row, ranges)
        assert have == want, (row, {k: v[row] for k, v in columns.items()})


@pytest.mark.parametrize("analyte", list(Analyte))
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_classify_values_agrees_at_every_boundary(analyte: Analyte, data: st.DataObject) -> None:
    ranges = range_set(data.draw(st.sampled_from(["bundled", "fictional"])))
    unit = data.draw(st.sampled_from(chemistry(analyte).ucum_codes))
    age = data.draw(st.one_of(st.none(), st.floats(0, 130)))
    drawn = data.draw(st.lists(results(analyte, censored=False, ranges=ranges), max_size=40))
    values = [r.to(unit).value for r in drawn] + [math.nan, -1.0, math.inf, 1e300]
    codes = batch.classify_values(
        np.array(values), unit, analyte=analyte, ranges=ranges, age_years=age
    )
    person = coerce_context({"age_years": age})
    table = (ranges if analyte in ranges else RangeSet.default()).select_for(analyte, person).table
    for value, code in zip(values, codes.tolist(), strict=True):
        try:
            want = list(Band).index(classify(coerce_result(analyte, (value, unit)), table))
        except B12LabsError:
            want = -1
        assert code == want, (value, unit)


@pytest.mark.parametrize(
    "container",
    [
        lambda v: v,
        tuple,
        np.array,
        lambda v: pa.array(v, pa.float64()),
        lambda v: pa.chunked_array([pa.array(v[:2], pa.float64()), pa.array(v[2:], pa.float64())]),
    ],
)
def test_classify_values_takes_any_column(container: Any) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    values = [3.1, 4.2, None, 9.0]
    expected = [
        list(Band).index(Band.low),
        list(Band).index(Band.normal),
        -1,
        list(Band).index(Band.critical_high),
    ]
    assert (
        batch.classify_values(container(values), "mmol/L", analyte="potassium").tolist() == expected
    )
    assert (
        batch.classify_values(pd.Series(values), "mmol/L", analyte="potassium").tolist() == expected
    )
    assert (
        batch.classify_values(pl.Series(values), "mmol/L", analyte="potassium").tolist() == expected
    )


def test_classify_values_refuses_cells_that_are_not_numbers() -> None:
    codes = batch.classify_values(["4.2 mmol/L", True, "x", 4.2], "mmol/L", analyte="potassium")
    assert codes.tolist() == [-1, -1, -1, list(Band).index(Band.normal)]
