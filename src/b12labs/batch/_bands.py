"""Population tables and bands for whole lab columns.

:func:`select_tables` picks each row's population table as :meth:`RangeSet.select_for`
does; :func:`classify_lab` bands each vouched-for value against it: exact values through
the weighted cut-point kernel (:mod:`._kernels`), one pass per table and unit present,
censored values (few in practice) through the band-by-band search that mirrors
:func:`b12labs.classification.possible_bands`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..analytes import chemistry
from ..boundaries import TableCuts, band_cuts
from ..enums import Analyte, Band
from ..ranges import RangeTable
from ..ranges.published import _DAYS_PER_UNIT
from ._columns import BAND_BIT, LabColumns
from ._kernels import band_codes
from ._labs import ParsedLab

__all__ = ["classify_lab", "select_tables"]

Bools = npt.NDArray[np.bool_]
_CODES = list(Band)
_INDETERMINATE = _CODES.index(Band.indeterminate)
#: The possible-bands mask of an exact value's band code (index ``code + 1``; -1: none).
_BIT_OF_CODE = np.array([0, *(BAND_BIT[b] for b in Band)], dtype=np.uint8)


def select_tables(
    tables: Sequence[RangeTable],
    age: npt.NDArray[np.float64],
    pregnant: npt.NDArray[np.int8],
    trimester: npt.NDArray[np.int8],
) -> npt.NDArray[np.int16]:
    """The index of the table each person's result is read against: the first population
    (in file order) that matches, else the default (as :meth:`RangeSet.select_for`).

    ``pregnant`` is 1, 0 or -1 (not known); ``trimester`` 1 to 3, or 0 when not known.
    """
    default = next(i for i, t in enumerate(tables) if t.default)
    known_age = ~np.isnan(age)
    if not known_age.any() and not (pregnant >= 0).any() and not trimester.any():
        # nothing is known of anyone: only a population without criteria can match
        free = next((i for i, t in enumerate(tables) if t.when == type(t.when)()), default)
        return np.full(len(age), free, dtype=np.int16)
    chosen = np.full(len(age), -1, dtype=np.int16)
    days = age * _DAYS_PER_UNIT["years"]
    # rounded to a millionth of a day, as ranges.published.age_in_days does
    days = np.where(np.abs(days) < 1e9, np.rint(days * 1e6) / 1e6, days)
    for index, table in enumerate(tables):
        when = table.when
        matches = chosen < 0
        if when.age is not None:
            per = _DAYS_PER_UNIT[when.age.unit]
            matches &= known_age
            if when.age.min is not None:
                matches &= ~(days < when.age.min * per)
            if when.age.max is not None:
                matches &= days < when.age.max * per
        if when.pregnant is not None:
            matches &= pregnant == (1 if when.pregnant else 0)
        if when.trimester is not None:
            matches &= trimester == when.trimester
        chosen[matches] = index
    chosen[chosen < 0] = default
    return chosen


def _first(
    x: npt.NDArray[np.float64], low: Sequence[float], high: Sequence[float]
) -> npt.NDArray[np.int8]:
    """The index of the first band with ``low[j] <= x < high[j]``, or -1."""
    found = np.full(len(x), -1, dtype=np.int8)
    for j in range(len(low) - 1, -1, -1):
        found[(x >= low[j]) & (x < high[j])] = j
    return found


def _span(
    cuts: TableCuts, x: npt.NDArray[np.float64], comparator: npt.NDArray[np.int8]
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    """The first and last band index a result may lie in (as ``possible_bands``)."""
    bands = cuts.bands
    contains = _first(x, [b.contains_from for b in bands], [b.contains_below for b in bands])
    first, last = contains.copy(), contains.copy()
    top = np.int8(len(bands) - 1)
    less, more = comparator == 1, comparator == 3
    if less.any():
        below = _first(x[less], [b.below_from for b in bands], [b.below_until for b in bands])
        first[less], last[less] = 0, below
    if more.any():
        above = _first(x[more], [b.above_from for b in bands], [b.above_until for b in bands])
        first[more], last[more] = above, top
    first[comparator == 2] = 0
    last[comparator == 4] = top
    return first, last


def _censored(
    cuts: TableCuts, x: npt.NDArray[np.float64], comparator: npt.NDArray[np.int8]
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int8], Bools]:
    """Possible-bands masks, band codes and the rows no band holds, for censored values."""
    first, last = _span(cuts, x, comparator)
    missing = (first < 0) | (last < 0)
    first, last = np.maximum(first, 0), np.maximum(last, 0)
    members = [_CODES.index(b.band) for b in cuts.bands]
    masks = np.zeros((len(members), len(members)), dtype=np.uint8)
    for i in range(len(members)):
        for j in range(i, len(members)):
            masks[i, j] = sum(BAND_BIT[cuts.bands[k].band] for k in range(i, j + 1))
    codes = np.where(first == last, np.array(members, dtype=np.int8)[first], _INDETERMINATE)
    return masks[first, last], codes.astype(np.int8), missing


def classify_lab(
    analyte: Analyte,
    parsed: ParsedLab,
    tables: Sequence[RangeTable],
    table: npt.NDArray[np.int16],
) -> tuple[LabColumns, npt.NDArray[np.int8], Bools]:
    """Band every vouched-for result against its row's table.

    Returns the lab's columns for the rule book, the band code per row (``list(Band)``
    order, -1 where there is none) and the rows no band holds (suspect: ``interpret()``
    raises for them).
    """
    size = len(parsed.given)
    ok = parsed.ok
    units = chemistry(analyte).ucum_codes
    group = table.astype(np.int32) * len(units) + parsed.unit
    present_groups = np.flatnonzero(np.bincount(group, weights=ok, minlength=1) > 0)
    exact = ok & (parsed.comparator == 0)
    band = np.full(size, -1, dtype=np.int8)
    for key in present_groups.tolist():
        t, u = divmod(key, len(units))
        # plausibility was checked when the values were read: no limits here
        codes = band_codes(parsed.value, band_cuts(tables[t], units[u]), -np.inf, np.inf)
        chosen = exact if len(present_groups) == 1 else exact & (group == key)
        band = np.where(chosen, codes, band)
    uncovered = exact & (band < 0)
    possible = _BIT_OF_CODE[band.astype(np.intp) + 1]
    censored = np.flatnonzero(ok & ~exact)
    if len(censored):
        for key in np.unique(group[censored]).tolist():
            rows = censored[group[censored] == key]
            t, u = divmod(key, len(units))
            cuts = band_cuts(tables[t], units[u])
            masks, codes, missing = _censored(cuts, parsed.value[rows], parsed.comparator[rows])
            possible[rows], band[rows] = masks, codes
            uncovered[rows[missing]] = True
    present = ok & ~uncovered
    columns = LabColumns(
        present=present,
        possible=np.where(present, possible, np.uint8(0)),
        value=parsed.value,
        unit=parsed.unit,
        comparator=parsed.comparator,
        table=table,
        hemolyzed=parsed.hemolyzed,
        specimen=parsed.specimen,
        decision_limits=np.array([t.basis == "decision_limits" for t in tables]),
        pregnancy_range=np.array([t.when.pregnant is True for t in tables]),
    )
    return columns, np.where(present, band, np.int8(-1)), uncovered
