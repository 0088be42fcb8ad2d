"""What a table result looks like in each frame type, and the arguments refused before any row."""

from __future__ import annotations

import math
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from b12labs import (  # noqa: E402
    Analyte,
    B12LabsError,
    Band,
    InvalidTableError,
    Likelihood,
    RangeSet,
    ReferenceDataError,
    UnitError,
    Urgency,
    batch,
    interpret,
)

WIDE: dict[str, list[Any]] = {
    "b12": ["130 pg/mL", "<150 pg/mL", None, "not a value", "600 pg/mL"],
    "potassium": ["3.1 mmol/L", None, "4.2 mmol/L", "4.2 mmol/L", "7.0 mmol/L"],
    "tingling": [True, False, None, True, False],
}
RESULTS = [
    "b12_value",
    "b12_band",
    "b12_flag",
    "potassium_value",
    "potassium_band",
    "potassium_flag",
    "b12_deficiency",
    "b12_excess_injections",
    "other_common_causes",
    "urgency",
    "error",
    "error_field",
    "b12_deficiency_assessed",
    "b12_excess_injections_assessed",
    "other_common_causes_assessed",
]


def _frames(data: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "pandas": pd.DataFrame(
            data, index=pd.Index([10, 20, 30, 40, 50][: len(next(iter(data.values())))])
        ),
        "polars": pl.DataFrame(data),
        "arrow": pa.table(data),
    }


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_result_columns_follow_the_input_in_order(backend: str) -> None:
    source = _frames(WIDE)[backend]
    out = batch.interpret_table(source)
    assert type(out) is type(source)
    assert list(out.columns if backend != "arrow" else out.column_names) == [*WIDE, *RESULTS]


def test_pandas_keeps_the_index_and_the_input_columns() -> None:
    source = _frames(WIDE)["pandas"]
    before = source.copy()
    out = batch.interpret_table(source)
    assert list(out.index) == [10, 20, 30, 40, 50]
    pd.testing.assert_frame_equal(out[list(WIDE)], before)
    pd.testing.assert_frame_equal(source, before)  # the caller's frame is not changed


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_categorical_columns_hold_every_value_in_enum_order(backend: str) -> None:
    out = batch.interpret_table(_frames(WIDE)[backend])
    expected = {
        "b12_band": [b.value for b in Band],
        "b12_flag": ["LL", "L", "N", "H", "HH", "IND"],
        "b12_deficiency": [x.value for x in Likelihood],
        "urgency": [x.value for x in Urgency],
    }
    for name, categories in expected.items():
        if backend == "pandas":
            assert isinstance(out[name].dtype, pd.CategoricalDtype)
            assert list(out[name].cat.categories) == categories
        elif backend == "polars":
            assert out[name].dtype == pl.Enum(categories)
        else:
            column = out.column(name)
            assert pa.types.is_dictionary(column.type)
            assert column.chunk(0).dictionary.to_pylist() == categories
    value = out["b12_value"] if backend != "arrow" else out.column("b12_value")
    dtype = value.dtype if backend != "arrow" else value.type
    assert str(dtype) in ("float64", "Float64", "double")


def test_values_are_canonical_and_bad_rows_keep_their_place() -> None:
    out = batch.interpret_table(_frames(WIDE)["pandas"])
    assert out["b12_value"].iloc[0] == pytest.approx(130 / 1.35537, rel=1e-4)
    row = out.iloc[3]  # "not a value": every result null, the error of interpret()
    assert row["error"] == "not_a_number"
    assert row["error_field"] == "b12.value"
    assert all(pd.isna(row[name]) for name in RESULTS if not name.startswith("error"))
    assert out["urgency"].iloc[4] == "urgent"  # potassium 7.0 mmol/L
    assert out["b12_band"].iloc[1] == "low"  # "<150 pg/mL"


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_a_zero_row_frame_gets_every_column(backend: str) -> None:
    empty = {"b12": pa.array([], pa.string())} if backend == "arrow" else {"b12": []}
    source = (
        pa.table(empty)
        if backend == "arrow"
        else (
            pd.DataFrame({"b12": pd.Series([], dtype=object)})
            if backend == "pandas"
            else pl.DataFrame({"b12": pl.Series([], dtype=pl.String)})
        )
    )
    out = batch.interpret_table(source)
    names = list(out.columns) if backend != "arrow" else out.column_names
    assert names == ["b12", *(n for n in RESULTS if not n.startswith("potassium"))]
    assert len(out) == 0 if backend != "arrow" else out.num_rows == 0


def test_numbers_need_their_unit_and_take_it_from_units() -> None:
    frame = pd.DataFrame({"b12": [130.0, math.nan, 600.0]})
    with pytest.raises(InvalidTableError) as caught:
        batch.interpret_table(frame)
    assert (caught.value.field, caught.value.code) == ("units.b12", "unit_missing")
    out = batch.interpret_table(frame, units={"b12": "pg/mL"})
    assert list(out["b12_band"].astype(object)) == ["low", None, "normal"] or list(
        out["b12_band"].astype(object).where(out["b12_band"].notna(), None)
    ) == ["low", None, "normal"]


def test_columns_map_names_and_units_stay_keyed_by_lab() -> None:
    frame = pd.DataFrame({"vitb12": [130.0], "tingles": [True], "years": [70]})
    out = batch.interpret_table(
        frame,
        columns={"b12": "vitb12", "tingling": "tingles", "age_years": "years"},
        units={"b12": "pg/mL"},
    )
    report = interpret(b12=(130.0, "pg/mL"), symptoms=["tingling"], context={"age_years": 70})
    assert out["b12_band"].iloc[0] == report.findings[Analyte.b12].band.value
    assert out["urgency"].iloc[0] == report.urgency.value
    assert "b12_value" in out.columns  # result columns use the lab name


@pytest.mark.parametrize(
    ("call", "error", "field", "code"),
    [
        (lambda: batch.interpret_table([1, 2]), InvalidTableError, "frame", "unsupported_frame"),
        (
            lambda: batch.interpret_table(pd.DataFrame({"b12": ["1"]}), columns={"b12": "nope"}),
            InvalidTableError,
            "columns.b12",
            "missing_column",
        ),
        (
            lambda: batch.interpret_table(pd.DataFrame({"b12": ["1"]}), columns={"iron": "b12"}),
            InvalidTableError,
            "columns",
            "unknown_key",
        ),
        (
            lambda: batch.interpret_table(pd.DataFrame({"b12": [1.0]}), units={"b12": "mmol/L"}),
            UnitError,
            "units.b12",
            "unit_not_accepted",
        ),
        (
            lambda: batch.interpret_table(pd.DataFrame({"b12": [1.0]}), units={"iron": "g/L"}),
            InvalidTableError,
            "units",
            "unknown_key",
        ),
        (
            lambda: batch.interpret_table(pd.DataFrame({"b12": ["1"]}), ranges="bundled"),  # type: ignore[arg-type]
            ReferenceDataError,
            "ranges",
            "not_a_range_set",
        ),
        (
            lambda: batch.interpret_table(pd.DataFrame({"b12": ["1"], "urgency": [1]})),
            InvalidTableError,
            "urgency",
            "column_exists",
        ),
        (
            lambda: batch.interpret_table(pd.DataFrame({"b12": ["1"]}), columns=["b12"]),  # type: ignore[arg-type]
            InvalidTableError,
            "columns",
            "not_a_mapping",
        ),
    ],
)
def test_arguments_are_refused_before_any_row(
    call: Any, error: type, field: str, code: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, B12LabsError)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_flag_columns_reach_the_rules() -> None:
    frame = pd.DataFrame(
        {
            "potassium": ["6.5 mmol/L", "6.5 mmol/L", "6.5 mmol/L"],
            "potassium_hemolyzed": pd.array([True, False, None], dtype="boolean"),
            "potassium_specimen": ["serum", "plasma", "blood"],
        }
    )
    out = batch.interpret_table(frame)
    first = interpret(potassium={"value": 6.5, "unit": "mmol/L", "hemolyzed": True})
    second = interpret(potassium={"value": 6.5, "unit": "mmol/L", "specimen": "plasma"})
    assert out["urgency"].iloc[0] == first.urgency.value
    assert out["urgency"].iloc[1] == second.urgency.value
    assert out["error_field"].iloc[2] == "potassium.specimen"


def test_report_for_row_expands_a_row() -> None:
    frame = _frames(WIDE)["polars"]
    report = batch.report_for_row(frame, 0)
    assert report == interpret(b12="130 pg/mL", potassium="3.1 mmol/L", symptoms=["tingling"])
    with pytest.raises(B12LabsError) as caught:
        batch.report_for_row(frame, 3)
    assert caught.value.code == "not_a_number"
    with pytest.raises(InvalidTableError):
        batch.report_for_row(frame, 5)
    with pytest.raises(InvalidTableError):
        batch.report_for_row(frame, True)


def test_every_result_class_is_reachable_from_each_api() -> None:
    # the three public functions and report_for_row are importable from b12labs.batch
    assert set(batch.__all__) == {
        "classify_table",
        "classify_values",
        "interpret_table",
        "report_for_row",
    }
    assert RangeSet.default().analytes


def test_a_column_named_twice_is_refused_not_guessed() -> None:
    table = pa.table([pa.array(["130 pg/mL"]), pa.array(["600 pg/mL"])], names=["b12", "b12"])
    with pytest.raises(InvalidTableError) as caught:
        batch.interpret_table(table)
    assert (caught.value.field, caught.value.code) == ("columns.b12", "duplicate")
    frame = pd.DataFrame([[1.0, 2.0]], columns=["v", "v"])
    with pytest.raises(InvalidTableError) as caught:
        batch.interpret_table(frame, columns={"b12": "v"}, units={"b12": "pg/mL"})
    assert caught.value.code == "duplicate"
    long = pa.table(
        [pa.array(["b12"]), pa.array([1.0]), pa.array([2.0])], names=["analyte", "value", "value"]
    )
    with pytest.raises(InvalidTableError) as caught:
        batch.classify_table(long, unit=None)
    assert (caught.value.field, caught.value.code) == ("value", "duplicate")


def test_huge_integers_and_bytes_that_are_not_utf8_make_bad_rows() -> None:
    table = pa.table({"b12": pa.array([2**63 - 1, 200], pa.int64())})
    out = batch.interpret_table(table, units={"b12": "pg/mL"})
    assert out.column("error").to_pylist() == ["implausible", None]
    offsets = pa.py_buffer(b"\x00\x00\x00\x00\x02\x00\x00\x00")
    text = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(b"\xff\xfe")])
    out = batch.interpret_table(pa.table({"b12": text}))
    assert out.column("error").to_pylist() == ["not_ascii"]


def test_dictionary_columns_with_unsigned_indices_are_read() -> None:
    # polars' categoricals and enums reach Arrow with unsigned indices
    texts = ["180 pg/mL", None, "600 pg/mL"]
    expected = ["borderline_low", None, "normal"]
    polars_out = batch.interpret_table(
        pl.DataFrame({"b12": pl.Series(texts, dtype=pl.Categorical)})
    )
    assert polars_out["b12_band"].cast(pl.Utf8).to_list() == expected
    for index_type in (pa.uint8(), pa.uint16(), pa.uint32(), pa.int8()):
        indices = pa.array([0, None, 1], type=index_type)
        column = pa.DictionaryArray.from_arrays(indices, pa.array(["180 pg/mL", "600 pg/mL"]))
        out = batch.interpret_table(pa.table({"b12": column}))
        assert out.column("b12_band").cast(pa.string()).to_pylist() == expected
    long = pl.DataFrame(
        {
            "analyte": pl.Series(["b12", "potassium"], dtype=pl.Enum(["b12", "potassium"])),
            "value": [180.0, 3.1],
            "unit": pl.Series(["pg/mL", "mmol/L"], dtype=pl.Categorical),
        }
    )
    classified = batch.classify_table(long)
    assert classified["band"].cast(pl.Utf8).to_list() == ["borderline_low", "low"]
    # a table's own categorical output goes back in as input
    again = batch.interpret_table(pl.DataFrame({"b12": polars_out["b12_band"]}))
    assert again["error"].to_list() == ["not_a_number", None, "not_a_number"]


def _interpret_error(medications: list[str | None]) -> tuple[str | None, str | None]:
    """The code and field ``interpret()`` refuses these medications with (None: accepted)."""
    try:
        interpret(b12="250 pg/mL", context={"medications": medications})
    except B12LabsError as error:
        return error.code, error.field
    return None, None


@pytest.mark.parametrize("backend", ["polars", "arrow"])
def test_a_null_item_in_a_list_cell_is_refused_as_interpret_refuses_it(backend: str) -> None:
    meds: list[list[str | None]] = [[None], ["metformin", None], ["metformin"], []]
    if backend == "polars":
        frame: Any = pl.DataFrame(
            {"b12": ["250 pg/mL"] * 4, "medications": pl.Series(meds, dtype=pl.List(pl.Utf8))}
        )
        rows = batch.interpret_table(frame).select("error", "error_field").rows()
    else:
        column = pa.array(meds, pa.list_(pa.string()))
        out = batch.interpret_table(pa.table({"b12": ["250 pg/mL"] * 4, "medications": column}))
        pairs = zip(
            out.column("error").to_pylist(), out.column("error_field").to_pylist(), strict=True
        )
        rows = list(pairs)
    assert rows == [_interpret_error(given) for given in meds]
    assert rows[0] == ("not_text", "context.medications[0]")
    assert rows[1] == ("not_text", "context.medications[1]")
    assert rows[2] == rows[3] == (None, None)
