"""Lab columns: cells -> typed values -> population table -> bands, for whole columns.

Each distinct text is parsed once by the library's own parser (so every spelling it accepts
is accepted here, and nothing else); numeric columns are checked against cut points that
equal the scalar checks on every float (:mod:`b12labs.boundaries`). A row this module cannot
vouch for is marked ``suspect``; :mod:`._rows` then asks ``interpret()`` itself about it.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter, ValidationError

from .._untrusted import finite_number
from ..analytes import chemistry
from ..boundaries import plausible_cuts
from ..enums import Analyte, Band
from ..errors import B12LabsError
from ..parsing import parse_number_text
from ..results import LabResult, Specimen, coerce_result
from ._cells import Booleans, Cells, Coded, Numbers
from ._columns import COMPARATORS, SPECIMENS

__all__ = ["ParsedLab", "parse_lab"]

Bools = npt.NDArray[np.bool_]
_NUMBER_TYPES = (int, float, np.integer, np.floating)
_INDETERMINATE = list(Band).index(Band.indeterminate)
_SPECIMEN = TypeAdapter(Specimen)


@dataclasses.dataclass
class ParsedLab:
    """One lab column read into typed values, row by row.

    ``given``: the row has a value; ``suspect``: given, but not vouched for here (a bad
    value, a bad flag, a value no band holds); ``value`` is in the unit ``unit`` (an index
    into the analyte's UCUM codes).
    """

    given: Bools
    suspect: Bools
    value: npt.NDArray[np.float64]
    unit: npt.NDArray[np.int8]
    comparator: npt.NDArray[np.int8]
    hemolyzed: Bools
    specimen: npt.NDArray[np.int8]

    @property
    def ok(self) -> Bools:
        return self.given & ~self.suspect


def _unit_index(analyte: Analyte, unit: str) -> int:
    return chemistry(analyte).ucum_codes.index(unit)


def _from_result(result: LabResult) -> tuple[float, int, int]:
    return (
        result.value,
        _unit_index(result.analyte, result.unit),
        COMPARATORS.index(result.comparator),
    )


def _parse_unique(
    analyte: Analyte, cell: object, unit: str | None
) -> tuple[float, int, int] | None:
    """A distinct cell as ``interpret()`` reads it: (value, unit, comparator) or None."""
    argument: object = cell
    if unit is not None and type(cell) is not bool and isinstance(cell, _NUMBER_TYPES):
        argument = (cell, unit)
    try:
        return _from_result(coerce_result(analyte, argument))
    except B12LabsError:
        return None


def _parse_cached(
    analyte: Analyte, cell: object, unit: str | None, cache: dict[str, Any] | None
) -> tuple[float, int, int] | None:
    """:func:`_parse_unique`, remembered for plain texts (whose hashing is Python's own)."""
    if cache is None or type(cell) is not str:
        return _parse_unique(analyte, cell, unit)
    if cell not in cache:
        cache[cell] = _parse_unique(analyte, cell, unit)
    found: tuple[float, int, int] | None = cache[cell]
    return found


def _check_numbers(
    analyte: Analyte, values: npt.NDArray[np.float64], unit: npt.NDArray[np.int8], given: Bools
) -> Bools:
    """Which numbers (exact values in ``unit``) a result would refuse: not finite, negative
    or implausible. The plausible limits lie inside ``[0, inf)``, so NaN, infinities and
    negative values all fall outside them."""
    units = chemistry(analyte).ucum_codes
    low = np.array([plausible_cuts(analyte, u).exact_low for u in units])
    high = np.array([plausible_cuts(analyte, u).exact_high for u in units])
    present = np.flatnonzero(np.bincount(unit, minlength=len(units)))
    with np.errstate(invalid="ignore"):
        if len(present) == 1:  # one unit: compare with two numbers, no lookups
            only = int(present[0])
            inside = (values >= low[only]) & (values < high[only])
        else:
            inside = (values >= low[unit]) & (values < high[unit])
    return np.asarray(given & ~inside, dtype=np.bool_)


def _check_censored(
    analyte: Analyte,
    values: npt.NDArray[np.float64],
    unit: npt.NDArray[np.int8],
    comparator: npt.NDArray[np.int8],
    given: Bools,
) -> Bools:
    """:func:`_check_numbers` for values with a comparator column: a censored value is
    implausible only when all it allows is, and ``<0`` is empty."""
    bad = ~np.isfinite(values) | (values < 0)
    units = chemistry(analyte).ucum_codes
    cuts = [plausible_cuts(analyte, u) for u in units]
    low = {
        0: np.array([c.exact_low for c in cuts]),
        1: np.array([c.less_low for c in cuts]),
        2: np.array([c.exact_low for c in cuts]),
        3: np.full(len(units), -math.inf),
        4: np.full(len(units), -math.inf),
    }
    high = {
        0: np.array([c.exact_high for c in cuts]),
        1: np.full(len(units), math.inf),
        2: np.full(len(units), math.inf),
        3: np.array([c.more_high for c in cuts]),
        4: np.array([c.exact_high for c in cuts]),
    }
    with np.errstate(invalid="ignore"):
        for code in range(len(COMPARATORS)):
            rows = comparator == code
            inside = (values >= low[code][unit]) & (values < high[code][unit])
            bad |= rows & ~inside
        bad |= ((comparator == 1) | (comparator == 2)) & (values == 0)
    return bad & given


def _flags(
    size: int, given: Bools, hemolyzed: Cells | None, specimen: Cells | None
) -> tuple[Bools, npt.NDArray[np.int8], Bools]:
    """The haemolysis flag and specimen per row, and where either cell is not accepted."""
    flag = np.zeros(size, dtype=np.bool_)
    kind = np.zeros(size, dtype=np.int8)  # serum
    bad = np.zeros(size, dtype=np.bool_)
    if isinstance(hemolyzed, Booleans):
        flag = hemolyzed.values & ~hemolyzed.null
    elif isinstance(hemolyzed, Coded):  # the model takes only true and false
        meaning = np.array([u if type(u) is bool else False for u in hemolyzed.uniques] + [False])
        refused = np.array([type(u) is not bool for u in hemolyzed.uniques] + [False])
        flag, bad = meaning[hemolyzed.codes], refused[hemolyzed.codes]
    elif hemolyzed is not None:
        bad = ~_null(hemolyzed)
    if isinstance(specimen, Coded):
        codes = []
        for unique in specimen.uniques:
            try:
                codes.append(SPECIMENS.index(_SPECIMEN.validate_python(unique)))
            except (ValidationError, ValueError):
                codes.append(-1)
        lookup = np.array([*codes, 0], dtype=np.int8)
        kind = lookup[specimen.codes]
        bad |= kind < 0
    elif specimen is not None:
        bad |= ~_null(specimen)
    return flag, kind, bad & given


def _null(cells: Cells) -> Bools:
    if isinstance(cells, Coded):
        return cells.codes < 0
    return cells.null


def parse_lab(
    analyte: Analyte,
    cells: Cells,
    *,
    unit: str | None = None,
    units: Cells | None = None,
    comparators: Cells | None = None,
    hemolyzed: Cells | None = None,
    specimen: Cells | None = None,
    cache: dict[str, Any] | None = None,
) -> ParsedLab:
    """One lab column as typed values.

    Args:
        cells: the values: texts, or numbers in ``unit`` (a UCUM code) or per-row ``units``.
        comparators: per-row comparators for numeric values (long tables).
        hemolyzed, specimen: the optional per-lab flag columns.
        cache: texts already parsed (by earlier chunks of the same column and unit).
    """
    size = len(_null(cells))
    given = ~_null(cells)
    value = np.zeros(size, dtype=np.float64)
    unit_code = np.zeros(size, dtype=np.int8)
    comparator = np.zeros(size, dtype=np.int8)
    suspect = np.zeros(size, dtype=np.bool_)
    numbers: npt.NDArray[np.float64] | None = None
    if isinstance(cells, Numbers) and (unit is not None or units is not None):
        numbers = cells.values
    elif isinstance(cells, Coded) and units is not None:
        # (value, unit) pairs: a number, or a number written as text, as interpret() reads it
        numbers, refused = _unique_numbers(cells)
        suspect |= refused & given
    if numbers is not None:
        value = np.where(given, numbers, 0.0)
        if units is not None:
            unit_code, unit_bad = _unit_codes(analyte, units)
            suspect |= unit_bad
        else:
            assert unit is not None
            unit_code = np.full(size, _unit_index(analyte, unit), dtype=np.int8)
        if comparators is not None:
            comparator, comparator_bad = _comparator_codes(comparators)
            suspect |= comparator_bad
            suspect |= _check_censored(analyte, value, unit_code, comparator, given & ~suspect)
        else:
            suspect |= _check_numbers(analyte, value, unit_code, given & ~suspect)
    elif isinstance(cells, Coded) and comparators is None:
        parsed = [_parse_cached(analyte, cell, unit, cache) for cell in cells.uniques]
        good = np.array([p is not None for p in parsed] + [False])
        values = np.array([p[0] if p else 0.0 for p in parsed] + [0.0])
        units_of = np.array([p[1] if p else 0 for p in parsed] + [0], dtype=np.int8)
        comparators_of = np.array([p[2] if p else 0 for p in parsed] + [0], dtype=np.int8)
        value, unit_code = values[cells.codes], units_of[cells.codes]
        comparator = comparators_of[cells.codes]
        suspect = ~good[cells.codes]
    else:  # booleans, lists, texts with a comparator column: interpret() answers each row
        suspect = given.copy()
    flag, kind, flags_bad = _flags(size, given, hemolyzed, specimen)
    return ParsedLab(given, (suspect | flags_bad) & given, value, unit_code, comparator, flag, kind)


def _unique_numbers(cells: Coded) -> tuple[npt.NDArray[np.float64], Bools]:
    """Each distinct cell as the number of a ``(value, unit)`` pair, and where it is refused."""
    numbers: list[float] = []
    for cell in cells.uniques:
        try:
            if isinstance(cell, str):
                numbers.append(parse_number_text(cell, field="value"))
            else:
                numbers.append(finite_number(cell, field="value"))
        except B12LabsError:
            numbers.append(math.nan)
    lookup = np.array([*numbers, 0.0])[cells.codes]
    return lookup, np.isnan(lookup)


def _unit_codes(analyte: Analyte, units: Cells) -> tuple[npt.NDArray[np.int8], Bools]:
    """Per-row unit cells as indexes into the analyte's UCUM codes, and where one is refused."""
    chem = chemistry(analyte)
    if not isinstance(units, Coded):
        return np.zeros(len(_null(units)), dtype=np.int8), np.ones(len(_null(units)), np.bool_)
    lookup = []
    for cell in units.uniques:
        try:
            lookup.append(_unit_index(analyte, chem.unit_spec(cell, field="unit").ucum))
        except B12LabsError:
            lookup.append(-1)
    codes = np.array([*lookup, -1], dtype=np.int8)[units.codes]
    return np.maximum(codes, 0).astype(np.int8), codes < 0


def _comparator_codes(cells: Cells) -> tuple[npt.NDArray[np.int8], Bools]:
    """Per-row comparator cells (null: exact) as codes, and where one is not accepted."""
    if not isinstance(cells, Coded):
        null = _null(cells)
        return np.zeros(len(null), dtype=np.int8), ~null
    lookup = [
        COMPARATORS.index(c) if type(c) is str and c in COMPARATORS else -1 for c in cells.uniques
    ]
    codes = np.array([*lookup, 0], dtype=np.int8)[cells.codes]
    return np.maximum(codes, 0).astype(np.int8), codes < 0
