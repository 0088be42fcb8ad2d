"""The table functions run unchanged per partition under Dask, with the same results."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")

from typing import Any  # noqa: E402

from b12labs import batch  # noqa: E402

PEOPLE = pd.DataFrame(
    {
        "b12": ["130 pg/mL", "<150 pg/mL", None, "not a value", "600 pg/mL", "250 pg/mL"] * 50,
        "potassium": [3.1, None, 4.2, 4.4, 7.0, 2.4] * 50,
        "tingling": pd.array([True, False, None, True, False, True] * 50, dtype="boolean"),
        "age_years": [70.0, 30.0, None, 5.0, 45.0, 90.0] * 50,
        "medications": ["metformin", None, "PPI, statin", "", "diuretic", None] * 50,
    }
)
LONG = pd.DataFrame(
    {
        "analyte": ["b12", "potassium", "magnesium", "iron", "potassium"] * 60,
        "value": [130.0, 3.1, 0.6, 1.0, None] * 60,
        "unit": ["pg/mL", "mmol/L", "mmol/L", "g/L", "mmol/L"] * 60,
        "age": [70.0, 2.0, 40.0, 40.0, 40.0] * 60,
    }
)


def _partitioned(frame: Any, call: object) -> Any:
    parts = dd.from_pandas(frame, npartitions=7)
    meta = call(frame.iloc[:0])  # type: ignore[operator]
    with dask.config.set(scheduler="synchronous"):
        return parts.map_partitions(call, meta=meta).compute()


def _same_results(got: Any, want: Any, inputs: list[str]) -> None:
    # Dask turns text columns into its own string dtype: the inputs are compared by value,
    # the results (which b12labs builds) exactly
    results = [c for c in want.columns if c not in inputs]
    pd.testing.assert_frame_equal(got[results], want[results])
    for name in inputs:
        same = got[name].isna().to_numpy() == want[name].isna().to_numpy()
        assert same.all(), name
        present = ~want[name].isna().to_numpy()
        assert (got[name].to_numpy()[present] == want[name].to_numpy()[present]).all(), name


def test_interpret_table_under_dask_equals_one_process() -> None:
    def call(part: Any) -> Any:
        return batch.interpret_table(part, units={"potassium": "mmol/L"})

    _same_results(_partitioned(PEOPLE, call), call(PEOPLE), list(PEOPLE))


def test_classify_table_under_dask_equals_one_process() -> None:
    def call(part: Any) -> Any:
        return batch.classify_table(part, age_years="age")

    _same_results(_partitioned(LONG, call), call(LONG), list(LONG))


def test_the_local_threaded_scheduler_gives_the_same() -> None:
    def call(part: Any) -> Any:
        return batch.interpret_table(part, units={"potassium": "mmol/L"})

    parts = dd.from_pandas(PEOPLE, npartitions=5)
    with dask.config.set(scheduler="threads"):
        got = parts.map_partitions(call, meta=call(PEOPLE.iloc[:0])).compute()
    _same_results(got, call(PEOPLE), list(PEOPLE))
