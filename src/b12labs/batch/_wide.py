"""``interpret_table``: a wide table, one person per row, through the whole rule book."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..analytes import chemistry
from ..enums import Analyte, Category
from ..errors import B12LabsError, InvalidTableError, UnitError
from ..interpretation import interpret
from ..ranges import RangeSet
from ..report import Report
from ..symptoms import Symptom
from ._arguments import (
    check_columns,
    check_ranges,
    mapping,
    no_clash,
    tables_for,
)
from ._bands import classify_lab, select_tables
from ._columns import LabColumns
from ._engine import evaluate_columns
from ._frames import Frame, frame_of
from ._labs import ParsedLab, parse_lab
from ._person import parse_person
from ._results import WideResults
from ._rows import LabInput, WideInputs, answers, outcome, wide_arguments

__all__ = [
    "CHUNK_ROWS",
    "CONTEXT_FIELDS",
    "WideSpec",
    "interpret_table",
    "report_for_row",
    "table_results",
    "wide_spec",
]

#: The context columns a wide table may have, named as :class:`~b12labs.Context`'s fields.
CONTEXT_FIELDS = (
    "diet",
    "b12_injections",
    "b12_injections_started_recently",
    "b12_oral_supplements",
    "recent_heavy_exercise",
    "medications",
    "conditions",
    "age_years",
    "pregnant",
    "pregnancy_trimester",
    "red_flags",
    "cramps_persistent_or_severe",
)
_CATEGORY_COLUMNS = tuple(c.value for c in Category)


def _wide_names() -> list[str]:
    names = [a.value for a in Analyte]
    names += [f"{a.value}_{flag}" for a in Analyte for flag in ("hemolyzed", "specimen")]
    return [*names, *(s.value for s in Symptom), *CONTEXT_FIELDS]


def _result_names(labs: Sequence[Analyte]) -> list[str]:
    names = [f"{a.value}_{part}" for a in labs for part in ("value", "band", "flag")]
    names += [*_CATEGORY_COLUMNS, "urgency", "error", "error_field"]
    return [*names, *(f"{c}_assessed" for c in _CATEGORY_COLUMNS)]


@dataclasses.dataclass(frozen=True)
class WideSpec:
    """Which frame column holds what, checked once before any row is read."""

    labs: Mapping[Analyte, tuple[object, str | None, object | None, object | None]]
    symptoms: Mapping[Symptom, object]
    context: Mapping[str, object]

    def read(self, frame: Frame) -> WideInputs:
        """The columns of (a slice of) the frame, read into cells."""
        labs = {
            analyte: LabInput(
                frame.cells(name),
                unit=unit,
                hemolyzed=None if hemolyzed is None else frame.cells(hemolyzed),
                specimen=None if specimen is None else frame.cells(specimen),
            )
            for analyte, (name, unit, hemolyzed, specimen) in self.labs.items()
        }
        symptoms = {s: frame.cells(name) for s, name in self.symptoms.items()}
        context = {f: frame.cells(name) for f, name in self.context.items()}
        return WideInputs(labs, symptoms, context)


def _unit_of(analyte: Analyte, units: Mapping[str, object]) -> str | None:
    """The caller's ``units`` entry for a lab, checked (the text is kept as given)."""
    unit = units.get(analyte.value)
    if unit is None:
        return None
    try:
        chemistry(analyte).unit_spec(unit, field="unit")
    except UnitError as error:
        raise UnitError(f"units.{analyte.value}", error.code, error.message) from None
    return str(unit)


def wide_spec(frame: Frame, columns: Mapping[str, object], units: Mapping[str, object]) -> WideSpec:
    """What each column of a wide table means.

    Raises:
        InvalidTableError: a ``units`` key that is not a lab, or a numeric lab column
            without its unit.
        UnitError: a ``units`` entry not accepted for its lab.
    """

    def column(name: str) -> object | None:
        target = columns.get(name, name)
        if frame.count(target) > 1:  # which of them is meant is not b12labs' to guess
            raise InvalidTableError(
                f"columns.{name}", "duplicate", "the frame has more than one such column"
            )
        return target if frame.has(target) else None

    for key in units:
        if key not in Analyte._value2member_map_:
            raise InvalidTableError("units", "unknown_key", "units are keyed by lab name")
    labs: dict[Analyte, tuple[object, str | None, object | None, object | None]] = {}
    for analyte in Analyte:
        unit = _unit_of(analyte, units)
        name = column(analyte.value)
        if name is None:
            continue
        if unit is None and frame.numeric(name):
            raise InvalidTableError(
                f"units.{analyte.value}",
                "unit_missing",
                "a numeric lab column needs its unit in units",
            )
        flags = [column(f"{analyte.value}_{flag}") for flag in ("hemolyzed", "specimen")]
        labs[analyte] = (name, unit, flags[0], flags[1])
    symptoms = {s: n for s in Symptom if (n := column(s.value)) is not None}
    context = {f: n for f in CONTEXT_FIELDS if (n := column(f)) is not None}
    return WideSpec(labs, symptoms, context)


#: Rows read and evaluated at a time: memory beyond the input and the result columns stays
#: bounded (about 25 MB) whatever the frame's length.
CHUNK_ROWS = 1 << 17


def interpret_table(
    frame: Any,
    *,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    ranges: RangeSet | None = None,
) -> Any:
    """Interpret a wide table, one person per row; the same rows come back with results.

    Args:
        frame: a pandas or polars DataFrame, or a pyarrow Table.
        columns: b12labs' names for the frame's columns (``{"b12": "vitb12_pg_ml"}``).
        units: the unit of each numeric lab column, by lab name (``{"b12": "pg/mL"}``).
        ranges: a RangeSet to use instead of the bundled ranges.

    Returns:
        A frame of the same type: every input column, then per lab present
        ``<lab>_value`` (canonical unit), ``<lab>_band``, ``<lab>_flag``, then the three
        categories' likelihoods, ``urgency``, ``error``, ``error_field`` and the three
        ``<category>_assessed`` columns. Row by row they equal what ``interpret()`` gives.

    Raises:
        B12LabsError: an argument b12labs cannot use (checked before any row).

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"b12": ["130 pg/mL", "600 pg/mL"], "tingling": [True, False]})
        >>> out = interpret_table(table)
        >>> out[["b12_band", "b12_deficiency", "urgency"]].astype(str).values.tolist()
        [['low', 'likely', 'prompt'], ['normal', 'unlikely', 'routine']]
    """
    return table_results(frame, columns=columns, units=units, ranges=ranges)[0]


def table_results(
    frame: Any,
    *,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    ranges: RangeSet | None = None,
) -> tuple[Any, WideResults]:
    """:func:`interpret_table`, and its results as arrays (for the command's summary)."""
    ranges = check_ranges(ranges)
    table = frame_of(frame)
    names = mapping(columns, "columns")
    check_columns(table, names, _wide_names())
    spec = wide_spec(table, names, mapping(units, "units"))
    no_clash(table, _result_names(list(spec.labs)))
    size = table.height
    results = WideResults(size, list(spec.labs))
    caches: dict[Analyte, dict[str, Any]] = {a: {} for a in spec.labs}
    for start in range(0, size, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, size)
        part = table if (start, stop) == (0, size) else table.rows(start, stop)
        _interpret_chunk(spec.read(part), slice(start, stop), ranges, results, caches)
    return table.with_columns(results.outputs()), results


def _interpret_chunk(
    inputs: WideInputs,
    rows: slice,
    ranges: RangeSet | None,
    results: WideResults,
    caches: Mapping[Analyte, dict[str, Any]],
) -> None:
    size = rows.stop - rows.start
    person = parse_person(size, inputs.symptoms, inputs.context)
    labs: dict[Analyte, LabColumns] = {}
    bands: dict[Analyte, npt.NDArray[np.int8]] = {}
    parsed: dict[Analyte, ParsedLab] = {}
    suspect = person.suspect.copy()
    for analyte, lab in inputs.labs.items():
        parsed[analyte] = parse_lab(
            analyte,
            lab.cells,
            unit=None if lab.unit is None else chemistry(analyte).unit_spec(lab.unit).ucum,
            hemolyzed=lab.hemolyzed,
            specimen=lab.specimen,
            cache=caches[analyte],
        )
        tables = tables_for(ranges, analyte)
        chosen = select_tables(
            tables, person.columns.age, person.columns.answers["pregnant"], person.trimester
        )
        labs[analyte], bands[analyte], uncovered = classify_lab(
            analyte, parsed[analyte], tables, chosen
        )
        suspect |= parsed[analyte].suspect | uncovered
    verdicts = evaluate_columns(size, labs, person.columns)
    results.fill_good(rows, good=~suspect, parsed=parsed, labs=labs, bands=bands, verdicts=verdicts)

    # rows the columns cannot vouch for: interpret() itself answers, once per distinct row
    def ask(row: int) -> Report | B12LabsError:
        result: Report | B12LabsError = outcome(
            lambda: interpret(**wide_arguments(inputs, row), ranges=ranges)
        )
        return result

    for group, answer in answers(inputs.all_cells(), np.flatnonzero(suspect), ask):
        results.fill_rows(rows.start + group, answer)


def report_for_row(
    frame: Any,
    row: int,
    *,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    ranges: RangeSet | None = None,
) -> Report:
    """The full :class:`~b12labs.Report` of one row of a wide table (0-based position).

    The same reading of the row as :func:`interpret_table` (which it agrees with), for
    expanding any row of a batch into its evidence, recommendations and sources.

    Raises:
        InvalidTableError: ``row`` is not a position in the frame.
        B12LabsError: an argument b12labs cannot use, or the error ``interpret()`` raises
            for the row.

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"potassium": ["3.1 mmol/L", "4.2 mmol/L"]})
        >>> report_for_row(table, 0).findings["potassium"].band.value
        'low'
    """
    ranges = check_ranges(ranges)
    whole = frame_of(frame)
    if type(row) is not int or not 0 <= row < whole.height:
        raise InvalidTableError("row", "out_of_range", "row must be a position in the frame")
    one = whole.rows(row, row + 1)
    column_names = mapping(columns, "columns")
    check_columns(one, column_names, _wide_names())
    inputs = wide_spec(one, column_names, mapping(units, "units")).read(one)
    return interpret(**wide_arguments(inputs, 0), ranges=ranges)
