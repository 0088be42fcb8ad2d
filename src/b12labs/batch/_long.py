"""``classify_values`` (one column, one unit, one population) and ``classify_table`` (a long
table: one result per row, units and people varying from row to row)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt

from ..analytes import as_analyte, chemistry
from ..boundaries import band_cuts, plausible_cuts
from ..context import coerce_context
from ..enums import Analyte, Band
from ..errors import B12LabsError, InvalidTableError
from ..ranges import RangeSet
from ..units import factor
from ._arguments import (
    BANDS,
    FLAG_LABELS,
    FLAG_OF_BAND,
    check_ranges,
    column_cells,
    no_clash,
    select_table,
    tables_for,
)
from ._bands import classify_lab, select_tables
from ._cells import Cells, Coded, Numbers, code_objects
from ._frames import Frame, Output, frame_of
from ._kernels import band_codes
from ._labs import parse_lab
from ._person import parse_person
from ._results import Errors
from ._rows import LongInputs, answers, long_row, outcome

__all__ = ["classify_table", "classify_values"]


def _floats(values: object) -> npt.NDArray[np.float64] | None:
    """A numpy float64 array or a float64 Series/Array as an array (no copy); else None."""
    if type(values) is np.ndarray and values.dtype == np.float64 and values.ndim == 1:
        return values
    found = column_cells(values) if not isinstance(values, list | tuple | np.ndarray) else None
    return found.values if isinstance(found, Numbers) else None


def _values_cells(values: object) -> Cells:
    """A column of values in any of the accepted containers, read into cells."""
    found = column_cells(values)
    if found is not None:
        return found
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise InvalidTableError("values", "not_a_column", "expected one column of values")
        if values.dtype.kind in "fiu":
            numbers = values.astype(np.float64, copy=False)
            return Numbers(numbers, np.isnan(numbers), values.dtype.kind in "iu")
        return code_objects(values.tolist(), len(values))
    if isinstance(values, list | tuple):
        cells = list(values)
        return code_objects(cells, len(cells))
    raise InvalidTableError(
        "values", "not_a_column", "expected a numpy array, a sequence, a Series or an Array"
    )


def classify_values(
    values: object,
    unit: str,
    *,
    analyte: Analyte | str,
    ranges: RangeSet | None = None,
    age_years: float | None = None,
    pregnant: bool | None = None,
    pregnancy_trimester: int | None = None,
) -> npt.NDArray[np.int8]:
    """Band codes of one column of values in one unit, for one population.

    Code ``i`` is ``list(Band)[i]``; ``-1`` where a value is missing (NaN, None) or would be
    refused (negative, not finite, implausible, not a number).

    Raises:
        UnknownAnalyteError, UnitError, InvalidContextError, ReferenceDataError: an argument
            that is not accepted (checked before any value).
        InvalidTableError: ``values`` is not a column.

    Example:
        >>> import numpy as np
        >>> from b12labs import Band
        >>> codes = classify_values(np.array([3.1, 4.2, np.nan]), "mmol/L", analyte="potassium")
        >>> [list(Band)[c].value if c >= 0 else None for c in codes]
        ['low', 'normal', None]
    """
    which = as_analyte(analyte)
    ucum = chemistry(which).unit_spec(unit, field="unit").ucum
    person = coerce_context(
        {"age_years": age_years, "pregnant": pregnant, "pregnancy_trimester": pregnancy_trimester}
    )
    table = select_table(check_ranges(ranges), which, person)
    cuts = band_cuts(table, ucum)
    plausible = plausible_cuts(which, ucum)
    floats = _floats(values)
    if floats is not None:  # the common case, read without a copy where the column allows
        return band_codes(floats, cuts, plausible.exact_low, plausible.exact_high)
    cells = _values_cells(values)
    if isinstance(cells, Numbers):
        return band_codes(cells.values, cuts, plausible.exact_low, plausible.exact_high)
    if not isinstance(cells, Coded):  # booleans or lists are no values
        return np.full(len(cells.null), -1, dtype=np.int8)
    parsed = parse_lab(which, cells, unit=ucum)
    # only numbers count here: a text cell is not a value in this unit
    plain = [_is_plain_number(u) for u in cells.uniques]
    numeric = np.array([*plain, False], dtype=np.bool_)[cells.codes]
    ok = parsed.ok & numeric
    codes = np.full(len(cells.codes), -1, dtype=np.int8)
    codes[ok] = band_codes(parsed.value[ok], cuts, plausible.exact_low, plausible.exact_high)
    return codes


def _is_plain_number(cell: object) -> bool:
    return type(cell) in (int, float, np.float64, np.float32, np.int64, np.int32)


#: Rows read at a time: a long table keeps few arrays per row, so its chunks can be large
#: (measured fastest from 64 Ki to 1 Mi rows: its arrays still fit the cache).
LONG_CHUNK_ROWS = 1 << 17
#: The result columns of a long table, in order.
LONG_RESULTS = ("canonical_value", "canonical_unit", "band", "flag", "error", "error_field")
_CANONICAL_UNITS = tuple(dict.fromkeys(chemistry(a).canonical_unit for a in Analyte))


def _checked(frame: Frame, name: object, argument: str, *, required: bool = False) -> object:
    """A column name the frame has (None where an optional column is not named)."""
    if name is None and not required:
        return None
    if frame.count(name) > 1:
        raise InvalidTableError(argument, "duplicate", "the frame has more than one such column")
    if not frame.has(name):
        raise InvalidTableError(argument, "missing_column", "the frame has no such column")
    return name


def _analyte_codes(cells: Cells | None, fixed: Analyte | None, size: int) -> npt.NDArray[np.int8]:
    """Each row's analyte as its index in ``Analyte`` (-1: not one)."""
    members = list(Analyte)
    if fixed is not None:
        return np.full(size, members.index(fixed), dtype=np.int8)
    if not isinstance(cells, Coded):
        return np.full(size, -1, dtype=np.int8)
    found = []
    for unique in cells.uniques:
        try:
            found.append(members.index(as_analyte(unique)))
        except B12LabsError:
            found.append(-1)
    return np.array([*found, -1], dtype=np.int8)[cells.codes]


def classify_table(
    frame: Any,
    *,
    analyte: str | Analyte = "analyte",
    value: str = "value",
    unit: str | None = "unit",
    comparator: str | None = None,
    age_years: str | None = None,
    pregnant: str | None = None,
    pregnancy_trimester: str | None = None,
    ranges: RangeSet | None = None,
) -> Any:
    """Classify a long table, one result per row, as lab extracts come.

    The keyword arguments name the frame's columns. ``analyte`` may instead be an
    :class:`~b12labs.Analyte` when every row is of one lab. ``unit=None`` means ``value``
    holds whole texts (``"<150 pg/mL"``); otherwise numbers (or number texts) in the row's
    unit, censored by an optional ``comparator`` column. Without ``age_years`` the adult
    ranges apply.

    Returns:
        A frame of the same type with ``canonical_value`` (float64), ``canonical_unit``,
        ``band``, ``flag``, ``error`` and ``error_field`` appended. A row whose value is
        null has no result and no error.

    Raises:
        B12LabsError: an argument b12labs cannot use (checked before any row).

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame(
        ...     {
        ...         "analyte": ["potassium", "b12"],
        ...         "value": [3.1, 130.0],
        ...         "unit": ["mmol/L", "pg/mL"],
        ...     }
        ... )
        >>> out = classify_table(table)
        >>> out["canonical_value"].round(2).tolist(), out["band"].tolist()
        ([3.1, 95.91], ['low', 'low'])
    """
    ranges = check_ranges(ranges)
    table = frame_of(frame)
    fixed = analyte if isinstance(analyte, Analyte) else None
    analytes = None if fixed else _checked(table, analyte, "analyte", required=True)
    named = {
        "value": _checked(table, value, "value", required=True),
        "unit": _checked(table, unit, "unit"),
        "comparator": _checked(table, comparator, "comparator"),
    }
    people = {
        field: name
        for field, name in (
            ("age_years", age_years),
            ("pregnant", pregnant),
            ("pregnancy_trimester", pregnancy_trimester),
        )
        if _checked(table, name, field) is not None
    }

    def inputs_of(part: Frame) -> LongInputs:
        def cells(name: object) -> Cells | None:
            return None if name is None else part.cells(name)

        found = cells(named["value"])
        assert found is not None
        return LongInputs(
            analyte=cells(analytes),
            fixed_analyte=fixed,
            value=found,
            unit=cells(named["unit"]),
            comparator=cells(named["comparator"]),
            person={field: part.cells(name) for field, name in people.items()},
        )

    no_clash(table, LONG_RESULTS)
    return table.with_columns(_classify_rows(inputs_of, table, ranges))


def _classify_rows(read: Any, table: Frame, ranges: RangeSet | None) -> list[Output]:
    """Every row of a long table, chunk by chunk, as the result columns."""
    size = table.height
    out = _LongResults(
        np.full(size, np.nan), np.full(size, -1, np.int8), np.full(size, -1, np.int8), Errors(size)
    )
    for start in range(0, size, LONG_CHUNK_ROWS):
        stop = min(start + LONG_CHUNK_ROWS, size)
        part = table if (start, stop) == (0, size) else table.rows(start, stop)
        _classify_chunk(read(part), slice(start, stop), ranges, out)
    canonical, band, unit_code, errors = out.canonical, out.band, out.unit_code, out.errors
    return [
        Output("canonical_value", "float", canonical, (), np.isnan(canonical)),
        Output("canonical_unit", "category", unit_code, _CANONICAL_UNITS),
        Output("band", "category", band, BANDS),
        Output("flag", "category", FLAG_OF_BAND[band], FLAG_LABELS),
        *errors.outputs(),
    ]


@dataclasses.dataclass(frozen=True)
class _LongResults:
    canonical: npt.NDArray[np.float64]
    band: npt.NDArray[np.int8]
    unit_code: npt.NDArray[np.int8]
    errors: Errors


def _classify_chunk(
    inputs: LongInputs, rows: slice, ranges: RangeSet | None, out: _LongResults
) -> None:
    """One chunk: each analyte's rows banded together; the rest asked of the scalar API."""
    size = rows.stop - rows.start
    canonical, band, unit_code = out.canonical[rows], out.band[rows], out.unit_code[rows]
    errors = out.errors
    given = ~_null(inputs.value)
    which = _analyte_codes(inputs.analyte, inputs.fixed_analyte, size)
    person = parse_person(size, {}, inputs.person)
    suspect = given & ((which < 0) | person.suspect)
    members = list(Analyte)
    counts = np.bincount(np.where(given, which, -1) + 1, minlength=len(Analyte) + 1)
    for index in np.flatnonzero(counts[1:]).tolist():
        lab = members[index]
        mine = np.flatnonzero(given & (which == index))
        parsed = parse_lab(
            lab,
            inputs.value.take(mine),
            units=None if inputs.unit is None else inputs.unit.take(mine),
            comparators=None if inputs.comparator is None else inputs.comparator.take(mine),
        )
        tables = tables_for(ranges, lab)
        columns = person.columns
        chosen = select_tables(
            tables, columns.age[mine], columns.answers["pregnant"][mine], person.trimester[mine]
        )
        classified, codes, uncovered = classify_lab(lab, parsed, tables, chosen)
        suspect[mine] |= parsed.suspect | uncovered
        ok = classified.present
        chem = chemistry(lab)
        factors = np.array([factor(lab, u, chem.canonical_unit) for u in chem.ucum_codes])
        canonical[mine] = np.where(ok, parsed.value * factors[parsed.unit], np.nan)
        band[mine] = np.where(ok, codes, np.int8(-1))
        unit_code[mine] = np.where(ok, np.int8(_CANONICAL_UNITS.index(chem.canonical_unit)), -1)
    bad = np.flatnonzero(suspect)
    canonical[bad], band[bad], unit_code[bad] = np.nan, -1, -1
    cells = inputs.all_cells()
    for group, answer in answers(cells, bad, lambda r: outcome(long_row, inputs, r, ranges)):
        if isinstance(answer, B12LabsError):
            errors.add_rows(rows.start + group, answer)
        elif answer is not None:
            result = answer.result.canonical()
            canonical[group] = result.value
            band[group] = list(Band).index(answer.band)
            unit_code[group] = _CANONICAL_UNITS.index(result.unit)


def _null(cells: Cells) -> npt.NDArray[np.bool_]:
    return cells.codes < 0 if isinstance(cells, Coded) else cells.null
