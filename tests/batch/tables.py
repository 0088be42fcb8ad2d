"""Test helpers for the table tests: generated rows, frames of each type, and the oracle.

The oracle reads a row the way the docs say a user would call ``interpret()`` for it, with
no code from :mod:`b12labs.batch`, so the agreement tests compare two independent readings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from b12labs import (
    Analyte,
    B12LabsError,
    Category,
    Context,
    RangeSet,
    Symptom,
    chemistry,
    interpret,
)
from b12labs.strategies import contexts, hostile_texts, result_texts, results

BACKENDS = ("pandas", "polars", "arrow")
LABS = tuple(a.value for a in Analyte)
CATEGORIES = tuple(c.value for c in Category)


def frame(backend: str, data: Mapping[str, Sequence[Any]], *, kinds: Mapping[str, str]) -> Any:
    """A frame of ``backend`` from columns of Python values; ``kinds`` gives each column's
    logical type (``text``, ``float``, ``int``, ``bool``, ``list``, ``object``)."""
    if backend == "pandas":
        import pandas as pd

        dtypes = {"float": "float64", "int": "Int64", "bool": "boolean", "text": object}
        columns = {}
        for name, values in data.items():
            kind = kinds[name]
            if kind == "float":
                columns[name] = pd.Series(
                    [math.nan if v is None else v for v in values], dtype="float64"
                )
            elif kind in dtypes:
                columns[name] = pd.Series(list(values), dtype=dtypes[kind])
            else:
                columns[name] = pd.Series(list(values), dtype=object)
        size = len(next(iter(data.values()), []))
        index = pd.Index([7 * i + 3 for i in range(size)])  # not 0..n-1: results must follow it
        return pd.DataFrame({k: v.set_axis(index) for k, v in columns.items()}, index=index)
    if backend == "polars":
        import polars as pl

        types = {"float": pl.Float64, "int": pl.Int64, "bool": pl.Boolean, "text": pl.String}
        series = []
        for name, values in data.items():
            kind = kinds[name]
            if kind == "list":
                series.append(pl.Series(name, list(values), dtype=pl.List(pl.String)))
            elif kind == "object":
                series.append(pl.Series(name, list(values), dtype=pl.Object))
            else:
                series.append(pl.Series(name, list(values), dtype=types[kind]))
        return pl.DataFrame(series)
    import pyarrow as pa

    types = {
        "float": pa.float64(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "text": pa.string(),
        "list": pa.list_(pa.string()),
    }
    return pa.table({name: pa.array(list(v), type=types[kinds[name]]) for name, v in data.items()})


def expected(arguments: Mapping[str, Any], labs: Sequence[str]) -> dict[str, Any]:
    """What ``interpret()`` says for one row, as the table's result columns."""
    try:
        report = interpret(**arguments)
    except B12LabsError as error:
        out: dict[str, Any] = {
            f"{lab}_{p}": None for lab in labs for p in ("value", "band", "flag")
        }
        out |= dict.fromkeys(CATEGORIES) | {f"{c}_assessed": None for c in CATEGORIES}
        return out | {"urgency": None, "error": error.code, "error_field": error.field}
    out = {}
    for lab in labs:
        finding = report.findings.get(Analyte(lab))
        out[f"{lab}_value"] = None if finding is None else finding.value
        out[f"{lab}_band"] = None if finding is None else finding.band.value
        out[f"{lab}_flag"] = None if finding is None else finding.flag
    for assessment in report.assessments:
        out[assessment.category.value] = assessment.likelihood.value
        out[f"{assessment.category.value}_assessed"] = assessment.assessed
    return out | {"urgency": report.urgency.value, "error": None, "error_field": None}


def rows_of(result: Any, names: Sequence[str]) -> list[dict[str, Any]]:
    """The result columns of any frame type as plain Python rows (None for null)."""
    if hasattr(result, "to_pylist"):  # pyarrow
        table = result.select(list(names)).to_pylist()
        return [{k: _plain(v) for k, v in row.items()} for row in table]
    if hasattr(result, "to_dicts"):  # polars
        return [
            {k: _plain(v) for k, v in row.items()} for row in result.select(list(names)).to_dicts()
        ]
    records = result[list(names)].astype(object).to_dict("records")
    return [{k: _plain(v) for k, v in row.items()} for row in records]


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


# --- generated wide tables --------------------------------------------------------------

#: Broken or borderline cells a table may hold, besides what the strategies draw.
ODD_TEXTS = ("", " ", "NaN", "nan", "180", "pg/mL", "<0 pg/mL", "1e3 pg/mL", "-4 mmol/L")
BAD_CONTEXT: dict[str, list[Any]] = {
    "diet": ["carnivore", "VEGAN", "plant based", ""],
    "age_years": [-1.0, 200.0, 130.0, 0.0, 65.0, 64.999999],
    "medications": [["statin", "not a drug"], ["PPI"], []],
    "pregnant": ["maybe", "yes"],
    "pregnancy_trimester": [4, 0, 2],
    "b12_injections": ["yes", "no", "sometimes"],
    "b12_injections_started_recently": ["yes", "1"],
    "red_flags": [["heavy_fluid_loss", "unknown flag"]],
    "conditions": [["kidney disease"], ["no such condition"]],
}


@st.composite
def _lab_cell(draw: st.DrawFn, lab: str, mode: str, unit: str) -> Any:
    """Mostly good cells (so whole rows get through the rule book), some missing, some bad."""
    kind = draw(st.integers(0, 19))
    if kind < 2:
        return None
    if mode == "text":
        if kind < 17:
            return draw(result_texts(lab))[0]
        return draw(st.one_of(hostile_texts(), st.sampled_from(ODD_TEXTS)))
    if kind < 17:
        return draw(results(lab, censored=False)).to(unit).value
    return draw(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.sampled_from([0.0, -0.0, 1e-300, 1e300]),
        )
    )


CONTEXT_FIELDS = tuple(Context.model_fields)
_NAME_FIELDS = ("medications", "conditions", "red_flags")


@st.composite
def _context_column(
    draw: st.DrawFn, field: str, people: list[dict[str, Any]], broken: bool
) -> tuple[list[Any], str]:
    """One context column from drawn people, with an occasional refused value."""
    cells = []
    for person in people:
        value = person[field]
        if broken and draw(st.integers(0, 9)) == 0:
            value = draw(st.sampled_from(BAD_CONTEXT[field]))
        cells.append(None if value == [] else value)
    if field in _NAME_FIELDS:
        return cells, "list"
    if field == "age_years":
        return cells, "float"
    if field == "pregnancy_trimester":
        return cells, "int"
    if field == "diet":
        return cells, "text"
    if all(type(c) is bool or c is None for c in cells):
        return cells, "bool"
    return [None if c is None else str(c) for c in cells], "text"


@st.composite
def wide_rows(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], dict[str, str], dict[str, str], list[dict[str, Any]]]:
    """``(columns, kinds, units, arguments)``: a wide table's columns, their logical types,
    the ``units`` argument, and each row's ``interpret()`` arguments."""
    size = draw(st.integers(0, 12))
    columns: dict[str, list[Any]] = {"id": list(range(size))}
    kinds: dict[str, str] = {"id": "int"}
    units: dict[str, str] = {}
    arguments: list[dict[str, Any]] = [{"context": {}} for _ in range(size)]
    for lab in LABS:
        mode = draw(st.sampled_from(["absent", "text", "number"]))
        if mode == "absent":
            continue
        unit = draw(st.sampled_from(chemistry(lab).ucum_codes))
        cells = [draw(_lab_cell(lab, mode, unit)) for _ in range(size)]
        if mode == "number":
            cells = [None if c is not None and math.isnan(c) else c for c in cells]
            units[lab] = unit
        columns[lab], kinds[lab] = cells, "text" if mode == "text" else "float"
        for row, cell in zip(arguments, cells, strict=True):
            if cell is not None:
                row[lab] = cell if mode == "text" else (cell, unit)
    shown = draw(st.sets(st.sampled_from(list(Symptom)), max_size=4))
    for symptom in sorted(shown):
        cells = [draw(st.sampled_from([True, False, None])) for _ in range(size)]
        columns[symptom.value], kinds[symptom.value] = cells, "bool"
    for row_index, row in enumerate(arguments):
        row["symptoms"] = [s for s in sorted(shown) if columns[s.value][row_index]]
    broken = draw(st.sets(st.sampled_from(sorted(BAD_CONTEXT)), max_size=3))
    people = [draw(contexts()).model_dump(mode="json") for _ in range(size)]
    for field in CONTEXT_FIELDS:
        if field not in broken and not draw(st.booleans()):
            continue
        cells, kind = draw(_context_column(field, people, field in broken))
        columns[field], kinds[field] = cells, kind
        for row, cell in zip(arguments, cells, strict=True):
            if cell is not None:
                row["context"][field] = cell
    return columns, kinds, units, arguments


# --- generated long tables --------------------------------------------------------------


@st.composite
def long_rows(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any], list[Any]]:
    """``(columns, kinds, keywords, rows)`` of a long table: each row's expected reading is
    ``(analyte, value argument, person)`` or None when its value is null."""
    size = draw(st.integers(0, 15))
    whole_texts = draw(st.booleans())
    censored = not whole_texts and draw(st.booleans())
    columns: dict[str, list[Any]] = {"analyte": [], "value": []}
    kinds = {"analyte": "text", "value": "text" if whole_texts else "float"}
    if not whole_texts:
        columns["unit"], kinds["unit"] = [], "text"
    if censored:
        columns["comparator"], kinds["comparator"] = [], "text"
    with_age = draw(st.booleans())
    if with_age:
        columns["age"], kinds["age"] = [], "float"
    rows: list[Any] = []

    def mostly(good: Any, bad: st.SearchStrategy[Any]) -> Any:
        return good if draw(st.integers(0, 9)) else draw(bad)

    for _ in range(size):
        lab = mostly(draw(st.sampled_from(LABS)), st.sampled_from(["iron", "B12", "Potassium"]))
        name = lab.lower() if lab.lower() in LABS else "b12"
        result = draw(results(name, censored=censored, ranges=RangeSet.default()))
        age = mostly(draw(st.one_of(st.none(), st.floats(0, 130))), st.sampled_from([-1.0, 200.0]))
        if whole_texts:
            value: Any = mostly(str(result), st.one_of(hostile_texts(), st.none()))
        else:
            value = mostly(result.value, st.sampled_from([-1.0, math.inf, None]))
            columns["unit"].append(mostly(result.unit, st.sampled_from(["furlongs", "PG/ML"])))
        if censored:
            columns["comparator"].append(mostly(result.comparator, st.sampled_from(["≤", None])))
        columns["analyte"].append(lab)
        columns["value"].append(value)
        if with_age:
            columns["age"].append(age)
        rows.append(None if value is None else lab)
    keywords: dict[str, Any] = {"unit": None if whole_texts else "unit"}
    if censored:
        keywords["comparator"] = "comparator"
    if with_age:
        keywords["age_years"] = "age"
    return columns, kinds, keywords, rows
