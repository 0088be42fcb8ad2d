"""Hostile frame cells and column types: every one ends in a bad row or a typed error.

A cell never raises: whatever a frame holds (a caller's object whose methods raise, a
``str`` subclass that lies about equality, huge integers, dates, nested lists, binary),
the row keeps its place with the ``error`` and ``error_field`` ``interpret()`` gives, or
is simply not given. A column type b12labs cannot read at all is a bad row per cell. Each
case runs well inside a generous bound that only catches hangs.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import math
import time
from collections.abc import Callable
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from b12labs import B12LabsError, B12Result, batch, interpret  # noqa: E402

BOUND_SECONDS = 20.0


class Raising:
    """Every method a library might call raises."""

    def __str__(self) -> str:
        raise RuntimeError("str")

    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __float__(self) -> float:
        raise RuntimeError("float")

    def __index__(self) -> int:
        raise RuntimeError("index")

    def __hash__(self) -> int:
        raise RuntimeError("hash")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __len__(self) -> int:
        raise RuntimeError("len")

    def __iter__(self) -> Any:
        raise RuntimeError("iter")


class LyingText(str):
    """A text whose own methods raise or lie."""

    def __hash__(self) -> int:
        raise RuntimeError("hash")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def strip(self, chars: str | None = None) -> str:
        return "130 pg/mL"

    def __len__(self) -> int:
        return 1


class BigInt(int):
    def __float__(self) -> float:
        raise OverflowError("float")


HOSTILE_CELLS: list[tuple[str, object]] = [
    ("raising object", Raising()),
    ("lying str subclass", LyingText("not a value")),
    ("lying str subclass of a good text", LyingText("130 pg/mL")),
    ("int subclass", BigInt(5)),
    ("huge int", 10**400),
    ("negative huge int", -(10**400)),
    ("decimal NaN", decimal.Decimal("NaN")),
    ("decimal", decimal.Decimal("130.5")),
    ("fraction", fractions.Fraction(1, 3)),
    ("complex", complex(1, 2)),
    ("bytes", b"130 pg/mL"),
    ("bytearray", bytearray(b"130")),
    ("nested list", [[1, 2], [3]]),
    ("pair list", [130, "pg/mL"]),
    ("dict", {"value": 130, "unit": "pg/mL"}),
    ("set", {1, 2}),
    ("0-d array", np.array(130.0)),
    ("2-d array", np.ones((2, 2))),
    ("datetime", dt.datetime(2026, 1, 1)),
    ("timedelta", dt.timedelta(days=1)),
    ("numpy datetime", np.datetime64("2026-01-01")),
    ("pandas timestamp", pd.Timestamp("2026-01-01")),
    ("huge text", "1" * 10_000_000),
    ("control characters", "130\x00 pg/mL"),
    ("unicode digits", "١٣٠ pg/mL"),
    ("model_construct result", B12Result.model_construct(value=float("nan"), unit="pg/mL")),
    ("infinity", math.inf),
    ("bool", True),
    ("numpy bool", np.bool_(True)),
    ("empty text", ""),
    ("type object", int),
    ("function", len),
]

COLUMNS = ["b12", "tingling", "age_years", "diet", "medications", "pregnant", "pregnancy_trimester"]
COLUMNS += ["b12_hemolyzed", "b12_specimen"]


def _bounded(call: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = call()
    assert time.perf_counter() - start < BOUND_SECONDS
    return result


def _typed_or_rows(call: Callable[[], Any]) -> Any:
    """The call's frame, or None when it refused the column as an argument (a typed
    ``B12LabsError`` that is a ``ValueError``, before any row)."""
    try:
        return _bounded(call)
    except B12LabsError as error:
        if not isinstance(error, ValueError):  # pragma: no cover - the hierarchy says it is
            raise
        return None


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("name", "cell"), HOSTILE_CELLS, ids=[n for n, _ in HOSTILE_CELLS])
def test_a_hostile_cell_makes_a_bad_row_and_nothing_else(
    column: str, name: str, cell: object
) -> None:
    good = "130 pg/mL" if column != "b12" else None
    data = {"b12": ["180 pg/mL", good, "600 pg/mL"], column: [None, cell, None]}
    if column == "b12":
        data = {"b12": ["180 pg/mL", cell, "600 pg/mL"]}
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
    out = _bounded(lambda: batch.interpret_table(frame))
    assert len(out) == 3
    # the neighbours are untouched and right
    for row, text in ((0, "180 pg/mL"), (2, "600 pg/mL")):
        assert out["urgency"].iloc[row] == interpret(b12=text).urgency.value
    error = out["error"].iloc[1]
    assert error is None or isinstance(error, str) or pd.isna(error)
    if isinstance(error, str):
        assert out["error_field"].iloc[1].split(".")[0].split("[")[0] in (
            "b12",
            "symptoms",
            "context",
            "ranges",
        )
    else:
        assert out["urgency"].notna().iloc[1]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("datetime column", lambda: pd.Series(pd.date_range("2026-01-01", periods=3))),
        ("timedelta column", lambda: pd.Series(pd.to_timedelta([1, 2, 3], unit="D"))),
        ("period column", lambda: pd.Series(pd.period_range("2026-01", periods=3, freq="M"))),
        ("interval column", lambda: pd.Series(pd.interval_range(0, 3))),
        ("complex column", lambda: pd.Series([1 + 1j, 2, 3])),
        ("sparse column", lambda: pd.Series(pd.arrays.SparseArray([0.0, 130.0, 0.0]))),
        ("categorical of numbers", lambda: pd.Series(pd.Categorical([130.0, 200.0, 130.0]))),
        ("uint64 extremes", lambda: pd.Series(np.array([0, 2**64 - 1, 5], dtype=np.uint64))),
        ("float16", lambda: pd.Series(np.array([130, 200, np.nan], dtype=np.float16))),
        ("nullable Int8", lambda: pd.Series([1, None, 3], dtype="Int8")),
        (
            "arrow struct",
            lambda: pd.Series(pd.arrays.ArrowExtensionArray(pa.array([{"a": 1}] * 3))),
        ),
        ("all null", lambda: pd.Series([None, None, None], dtype=object)),
    ],
)
@pytest.mark.parametrize("column", ["b12", "tingling", "age_years", "medications", "diet"])
def test_an_odd_pandas_column_type_is_read_cell_by_cell(
    name: str, make: Callable[[], Any], column: str
) -> None:
    units = {"b12": "pg/mL"} if column == "b12" else None
    frame = pd.DataFrame({column: make()})
    out = _typed_or_rows(lambda: batch.interpret_table(frame, units=units))
    assert out is None or len(out) == 3


@pytest.mark.parametrize(
    ("name", "series"),
    [
        ("object", lambda: pl.Series("x", [Raising(), "130 pg/mL", None], dtype=pl.Object)),
        ("struct", lambda: pl.Series("x", [{"a": 1}, {"a": 2}, None])),
        ("date", lambda: pl.Series("x", [dt.date(2026, 1, 1)] * 3)),
        ("duration", lambda: pl.Series("x", [dt.timedelta(days=1)] * 3)),
        ("binary", lambda: pl.Series("x", [b"130 pg/mL"] * 3)),
        ("nested list", lambda: pl.Series("x", [[["a"]], None, [["b"]]])),
        ("decimal", lambda: pl.Series("x", [decimal.Decimal("1.5")] * 3)),
        ("list of numbers", lambda: pl.Series("x", [[1, 2], [3], None])),
    ],
)
@pytest.mark.parametrize("column", ["b12", "tingling", "medications", "diet"])
def test_an_odd_polars_column_type_is_read_cell_by_cell(
    name: str, series: Callable[[], Any], column: str
) -> None:
    frame = pl.DataFrame([series().alias(column)])
    out = _typed_or_rows(lambda: batch.interpret_table(frame))
    assert out is None or out.height == 3


@pytest.mark.parametrize(
    ("name", "array"),
    [
        (
            "map",
            lambda: pa.array([[("a", 1)], None, [("b", 2)]], type=pa.map_(pa.string(), pa.int64())),
        ),
        ("decimal", lambda: pa.array([decimal.Decimal("1.5")] * 3)),
        ("timestamp", lambda: pa.array([dt.datetime(2026, 1, 1)] * 3)),
        ("binary", lambda: pa.array([b"x", b"y", None])),
        ("dictionary of ints", lambda: pa.array([1, 2, 1]).dictionary_encode()),
        ("fixed size list", lambda: pa.array([[1, 2]] * 3, type=pa.list_(pa.int64(), 2))),
        (
            "large list of strings",
            lambda: pa.array([["statin"], None, []], type=pa.large_list(pa.string())),
        ),
        ("null", lambda: pa.nulls(3)),
        ("string view", lambda: pa.array(["130 pg/mL", None, "x"], type=pa.string_view())),
    ],
)
@pytest.mark.parametrize("column", ["b12", "tingling", "medications", "age_years"])
def test_an_odd_arrow_column_type_is_read_cell_by_cell(
    name: str, array: Callable[[], Any], column: str
) -> None:
    table = pa.table({column: array()})
    out = _typed_or_rows(lambda: batch.interpret_table(table))
    assert out is None or out.num_rows == 3


@pytest.mark.parametrize(
    ("name", "cell"), HOSTILE_CELLS[:20], ids=[n for n, _ in HOSTILE_CELLS[:20]]
)
@pytest.mark.parametrize("column", ["analyte", "value", "unit", "comparator", "age"])
def test_a_hostile_cell_in_a_long_table_makes_a_bad_row(
    column: str, name: str, cell: object
) -> None:
    data: dict[str, list[object]] = {
        "analyte": ["potassium"] * 3,
        "value": [4.2] * 3,
        "unit": ["mmol/L"] * 3,
        "comparator": [None] * 3,
        "age": [40.0] * 3,
    }
    data[column][1] = cell
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
    out = _bounded(lambda: batch.classify_table(frame, comparator="comparator", age_years="age"))
    assert out["band"].iloc[0] == "normal"
    assert out["band"].iloc[2] == "normal"
    assert len(out) == 3


class RaisingKeys(dict[object, object]):
    """A mapping whose reading raises."""

    def __iter__(self) -> Any:
        raise RuntimeError("iter")

    def keys(self) -> Any:
        raise RuntimeError("keys")


@pytest.mark.parametrize(
    "arguments",
    [
        lambda: {"columns": Raising()},
        lambda: {"columns": RaisingKeys(b12="b12")},
        lambda: {"columns": {"b12": Raising()}},
        lambda: {"units": {"b12": Raising()}},
        lambda: {"units": Raising()},
        lambda: {"units": RaisingKeys(b12="pg/mL")},
        lambda: {"ranges": Raising()},
    ],
)
def test_hostile_arguments_are_typed_errors(arguments: Callable[[], dict[str, Any]]) -> None:
    frame = pd.DataFrame({"b12": [130.0]})
    assert (
        batch.interpret_table(frame, units={"b12": LyingText("pg/mL")})["b12_band"].iloc[0] == "low"
    )
    with pytest.raises(B12LabsError) as caught:
        _bounded(lambda: batch.interpret_table(frame, **arguments()))
    assert isinstance(caught.value, ValueError)


def test_a_hostile_values_container_is_a_typed_error() -> None:
    for values in (Raising(), {"a": 1}, np.ones((2, 2)), "130"):
        with pytest.raises(B12LabsError):
            batch.classify_values(values, "mmol/L", analyte="potassium")
    codes = batch.classify_values([Raising(), 4.2, LyingText("4.2")], "mmol/L", analyte="potassium")
    assert codes.tolist()[0] == -1
    assert codes.tolist()[2] == -1
