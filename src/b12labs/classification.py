"""Classification: a (possibly censored) result against a band table -> band and flag.

An exact value takes the band that contains it. A censored value stands for an interval
(``"<150"`` is every value from 0 up to 150): if the whole interval lies in one band it
takes that band, otherwise it is ``indeterminate``. Values are compared in the unit each
boundary was published in: where a source printed a limit in both a mass and a substance
unit (NICE's 180 ng/L and 133 pmol/L), a result is compared with the figure in its own
property, so the source's rounding of its own conversion cannot move it across the limit.
A value within a relative 1e-9 of a boundary counts as on it, so converting a result to
another unit of the same property never moves it across a cut point.

Example:
    >>> from b12labs import Analyte, B12Result, RangeSet
    >>> table = RangeSet.default().select(Analyte.b12, age_years=50).table
    >>> classify(B12Result.parse("<150 pg/mL"), table).value
    'low'
    >>> classify(B12Result.parse("<300 pg/mL"), table).value
    'indeterminate'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

from .analytes import chemistry
from .boundaries import BandCuts, TableCuts, band_cuts
from .enums import Analyte, Band
from .errors import InvalidResultError, ReferenceDataError
from .ranges import BOUNDARY_REL_TOL, BandRange, Bound, RangeTable
from .results import LabResult
from .units import factor

__all__ = [
    "FLAGS",
    "band_of",
    "bands_of",
    "classify",
    "flag_for",
    "possible_bands",
    "reference_bands",
    "table_cuts",
]

#: HL7 v3 ObservationInterpretation code for each band (api.md section 3).
FLAGS: dict[Band, str] = {
    Band.critical_low: "LL",
    Band.low: "L",
    Band.borderline_low: "L",
    Band.normal: "N",
    Band.high: "H",
    Band.critical_high: "HH",
    Band.indeterminate: "IND",
}


def flag_for(band: Band | str) -> str:
    """The HL7 v3 interpretation code of a band (a :class:`Band` or its value).

    Raises:
        InvalidResultError: not a band.
    """
    flag = FLAGS.get(cast("Band", band)) if isinstance(band, str) else None
    if flag is None:
        accepted = ", ".join(b.value for b in Band)
        raise InvalidResultError("band", "unknown_band", f"not a band (accepted: {accepted})")
    return flag


def _sound(result: LabResult) -> bool:
    """Whether a result's fields hold what validation guarantees (a cheap check)."""
    state = result.__dict__
    value, unit = state.get("value"), state.get("unit")
    if type(value) not in (float, int) or type(unit) is not str:  # never a caller's subclass
        return False
    number = float(value)  # type: ignore[arg-type]  # a plain float or int, checked above
    return (
        type(result.analyte) is Analyte
        and math.isfinite(number)
        and number >= 0
        and unit in chemistry(result.analyte).ucum_codes
        and state.get("comparator") in (None, "<", "<=", ">", ">=")
    )


def _compare(value: float, bound: Bound, unit: str, analyte: Analyte) -> int:
    """-1, 0 or 1 as ``value`` (in ``unit``) is below, on, or above ``bound``, compared with
    the figure the bound's source printed in the unit's property."""
    limit, limit_unit = bound.published_in(analyte, unit)
    here = value * factor(analyte, unit, limit_unit)
    if math.isclose(here, limit, rel_tol=BOUNDARY_REL_TOL, abs_tol=0.0):
        return 0
    return -1 if here < limit else 1


def _find(bands: tuple[BandRange, ...], test: Callable[[BandRange], bool]) -> int:
    for index, band in enumerate(bands):
        if test(band):
            return index
    raise ReferenceDataError("ranges", "no_band", "the band table does not cover this value")


def classify(result: object, table: object) -> Band:
    """The band of ``result`` in ``table``; ``indeterminate`` for a straddling censored value.

    Raises:
        ReferenceDataError: the table is for another analyte.
    """
    return band_of(possible_bands(result, table))


def band_of(possible: tuple[Band, ...]) -> Band:
    """The one band of a result that may lie in ``possible``, or ``indeterminate``."""
    return possible[0] if len(possible) == 1 else Band.indeterminate


def possible_bands(result: object, table: object) -> tuple[Band, ...]:
    """Every band the result may lie in, lowest first: one for an exact value.

    A censored value (``"<3.0 mmol/L"``) may lie in several; reasoning uses this to stay
    safe, e.g. a potassium that could be critically low is treated as urgent.

    Raises:
        InvalidResultError: ``result`` is not a lab result.
        ReferenceDataError: ``table`` is not a RangeTable, or it is for another analyte.
    """
    if not isinstance(result, LabResult):
        message = "expected a result (B12Result, PotassiumResult or MagnesiumResult)"
        raise InvalidResultError("result", "unsupported_type", message)
    if not isinstance(table, RangeTable):
        raise ReferenceDataError("ranges", "not_a_table", "expected a RangeTable")
    if not _sound(result):  # built with model_construct, which skips validation
        raise InvalidResultError("result", "invalid", "the result's fields are not valid")
    if result.analyte is not table.analyte:
        raise ReferenceDataError("ranges", "wrong_analyte", "the band table is for another analyte")
    return bands_of(result, table)


def bands_of(result: LabResult, table: RangeTable) -> tuple[Band, ...]:
    """:func:`possible_bands` for a result and a table already checked (the library's own
    path): the table's cut points in the result's unit (made once per table and unit), and
    a few float comparisons.

    Raises:
        ReferenceDataError: no band holds the value (a table with a gap).
    """
    made = table_cuts(table, result.unit)
    value = result.value
    if result.comparator is None:  # the common case: one band, its tuple made once
        for low, high, band in made.exact:
            if low <= value < high:
                return band
        raise ReferenceDataError("ranges", "no_band", "the band table does not cover this value")
    cuts = made.bands
    match result.comparator:
        case "<":
            first, last = 0, _first(cuts, value, "below_from", "below_until")
        case "<=":
            first, last = 0, _first(cuts, value, "contains_from", "contains_below")
        case ">":
            first, last = _first(cuts, value, "above_from", "above_until"), len(cuts) - 1
        case _:  # ">="
            first, last = _first(cuts, value, "contains_from", "contains_below"), len(cuts) - 1
    return tuple(band.band for band in cuts[first : last + 1])


def _first(cuts: tuple[BandCuts, ...], value: float, low: str, high: str) -> int:
    for index, band in enumerate(cuts):
        if getattr(band, low) <= value < getattr(band, high):
            return index
    raise ReferenceDataError("ranges", "no_band", "the band table does not cover this value")


#: Cut points by (table identity, unit); the table is kept with them, so an identity is
#: never reused for another table while its entry lives. Bounded: cleared when full.
_CUTS: dict[tuple[int, str], tuple[RangeTable, TableCuts]] = {}
_CUTS_MAX = 4096


def table_cuts(table: RangeTable, unit: str) -> TableCuts:
    """:func:`b12labs.boundaries.band_cuts`, remembered by the table's identity (hashing a
    table walks all of it)."""
    found = _CUTS.get((id(table), unit))
    if found is not None and found[0] is table:
        return found[1]
    if len(_CUTS) >= _CUTS_MAX:
        _CUTS.clear()
    cuts = band_cuts(table, unit)
    _CUTS[(id(table), unit)] = (table, cuts)
    return cuts


def reference_bands(result: LabResult, table: RangeTable) -> tuple[Band, ...]:
    """The classification rules written out band by band, converting the value to each
    boundary's unit: the reference the cut points are tested against."""
    bands, value, unit, analyte = table.bands, result.value, result.unit, result.analyte

    def at(x: float, bound: Bound) -> int:
        return _compare(x, bound, unit, analyte)

    def contains(x: float) -> Callable[[BandRange], bool]:
        def test(b: BandRange) -> bool:
            above_low = b.low is None or at(x, b.low) > 0 or (at(x, b.low) == 0 and b.low.inclusive)
            below_high = (
                b.high is None or at(x, b.high) < 0 or (at(x, b.high) == 0 and b.high.inclusive)
            )
            return above_low and below_high

        return test

    def just_below(x: float) -> Callable[[BandRange], bool]:
        # the band holding values a little below x
        return lambda b: (
            (b.low is None or at(x, b.low) > 0) and (b.high is None or at(x, b.high) <= 0)
        )

    def just_above(x: float) -> Callable[[BandRange], bool]:
        # the band holding values a little above x
        return lambda b: (
            (b.low is None or at(x, b.low) >= 0) and (b.high is None or at(x, b.high) < 0)
        )

    match result.comparator:
        case None:
            first = last = _find(bands, contains(value))
        case "<":
            first, last = 0, _find(bands, just_below(value))
        case "<=":
            first, last = 0, _find(bands, contains(value))
        case ">":
            first, last = _find(bands, just_above(value)), len(bands) - 1
        case ">=":
            first, last = _find(bands, contains(value)), len(bands) - 1
    return tuple(b.band for b in bands[first : last + 1])
