"""The one validator every band table passes, whether read from a file or built in code.

One analyte's tables must: hold between one and :data:`MAX_TABLES` populations with unique
ids and exactly one default; give every boundary in an accepted UCUM unit of the analyte;
run from 0 to infinity in band order (``critical_low`` up), adjacent bands meeting at one
value in one unit (with the same ``also`` figures) and included by exactly one of them,
every band non-empty in every accepted unit; give each ``also`` figure in the other
property, agreeing with the bound's own to within rounding; keep age limits in order; and
give a printed reference interval that ends above where it starts.
Loading a file runs it once, naming the file; ``RangeSet(...)`` runs it on tables built in
code, naming them ``ranges: <analyte>[<index>]``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..analytes import chemistry
from ..enums import Analyte, Band
from ..errors import ReferenceDataError
from ..units import factor
from .published import BandRange, Bound, Interval, RangeTable, value_in

__all__ = ["BOUNDARY_REL_TOL", "MAX_TABLES", "PUBLISHED_REL_TOL", "check_tables", "fail"]

#: Two numbers this close (relative) are the same boundary: a unit round trip must not
#: move a value across a cut point it sits on.
BOUNDARY_REL_TOL = 1e-9
#: How far a figure a source also printed in another unit (``also``) may lie from its own
#: figure converted: rounding to two significant figures moves a number by under 5%, while
#: a slip of a digit (183 for 133, 13.3 for 133) moves it far more and is refused.
PUBLISHED_REL_TOL = 0.05
#: Most populations one analyte may have.
MAX_TABLES = 256

_BAND_ORDER: list[Band] = [band for band in Band if band is not Band.indeterminate]


def fail(file: str, where: str, code: str, message: str) -> ReferenceDataError:
    """The error for a problem at ``where`` in ``file`` (``"b12.toml: populations[0]"``)."""
    return ReferenceDataError(f"{file}: {where}", code, message)


def check_tables(
    analyte: Analyte,
    tables: Sequence[RangeTable],
    *,
    file: str,
    where: str,
    whole: str,
) -> None:
    """Check one analyte's tables.

    Args:
        analyte: whose tables these are.
        tables: the populations, in file order.
        file: the name errors start with (a file name, or ``"ranges"``).
        where: the location of the table at an index, as a template
            (``"populations[{index}]"``).
        whole: the location of the set as a whole (``"populations"``).

    Raises:
        ReferenceDataError: the first problem found, naming the file and the field.
    """
    if not tables or len(tables) > MAX_TABLES:
        message = f"expected 1 to {MAX_TABLES} populations for the analyte"
        raise fail(file, whole, "not_tables", message)
    ids: set[str] = set()
    for index, table in enumerate(tables):
        here = where.format(index=index)
        if table.analyte is not analyte:
            raise fail(file, here, "wrong_analyte", "the table is for another analyte")
        if table.population in ids:
            raise fail(file, f"{here}.id", "duplicate", "population ids must be unique")
        ids.add(table.population)
        _check_table(table, file, here)
    if sum(table.default for table in tables) != 1:
        raise fail(file, whole, "default", "exactly one population must have default = true")


def _check_table(table: RangeTable, file: str, where: str) -> None:
    accepted = chemistry(table.analyte).ucum_codes
    sides: list[tuple[str, Bound | None]] = []
    for index, band in enumerate(table.bands):
        sides += [(f"bands[{index}].low", band.low), (f"bands[{index}].high", band.high)]
    interval = table.reference_interval
    if interval is not None:
        sides += [
            ("reference_interval.low", interval.low),
            ("reference_interval.high", interval.high),
        ]
    for side, bound in sides:
        if bound is not None and bound.unit not in accepted:
            message = "unit is not accepted for this analyte"
            raise fail(file, f"{where}.{side}.unit", "unit_not_accepted", message)
        if bound is not None and bound.also:
            _check_also(bound, table.analyte, file, f"{where}.{side}.also")
    try:
        _check_bands(list(table.bands), table.analyte, file, where)
    except ReferenceDataError:
        raise
    except ValueError:  # e.g. a band _check_order cannot rank (built with model_construct)
        message = "the bands must run from 0 to infinity in order"
        raise fail(file, f"{where}.bands", "invalid", message) from None
    if interval is not None:
        if table.basis != "decision_limits":
            message = "a separate reference_interval is given only beside decision_limits"
            raise fail(file, f"{where}.reference_interval", "invalid", message)
        _check_interval(interval, table.analyte, file, f"{where}.reference_interval")
    age = table.when.age
    if age is not None and age.min is not None and age.max is not None and age.min >= age.max:
        raise fail(file, f"{where}.when.age", "empty_age", "age min must be below age max")


def _check_order(bands: list[BandRange], file: str, where: str) -> None:
    names = [b.band for b in bands]
    ranks = [_BAND_ORDER.index(name) for name in names]
    if ranks != sorted(set(ranks)):
        message = "bands must appear once each, from critical_low up"
        raise fail(file, f"{where}.bands", "band_order", message)
    if Band.normal not in names or len(names) < 2:
        message = (
            "a population needs a normal band and at least one other, so every band has a "
            "cited boundary"
        )
        raise fail(file, f"{where}.bands", "no_normal_band", message)
    first, last = bands[0], bands[-1]
    if first.low is not None and (first.low.value != 0 or not first.low.inclusive):
        message = "the first band must start at 0, inclusive (or leave out `low`)"
        raise fail(file, f"{where}.bands[0].low", "gap", message)
    if last.high is not None:
        here = f"{where}.bands[{len(bands) - 1}].high"
        raise fail(file, here, "gap", "the last band must run to infinity (leave out `high`)")


def _check_meeting(before: Bound | None, after: Bound | None, file: str, here: str) -> None:
    """Two adjacent bands must meet at one value, in one unit, included by exactly one."""
    if before is None or after is None:
        side = "low" if after is None else "high"
        which = "first" if side == "low" else "last"
        raise fail(file, here, "overlap", f"only the {which} band may leave out `{side}`")
    if before.unit != after.unit:
        message = "adjacent bands must give their shared boundary in one unit"
        raise fail(file, f"{here}.low", "unit_mismatch", message)
    if before.value != after.value:
        code = "gap" if after.value > before.value else "overlap"
        message = f"this band does not start where the previous one ends ({code})"
        raise fail(file, f"{here}.low", code, message)
    if before.inclusive == after.inclusive:
        code = "overlap" if before.inclusive else "gap"
        message = f"exactly one of two adjacent bands must include their boundary ({code})"
        raise fail(file, f"{here}.low", code, message)
    if before.also != after.also:
        message = "adjacent bands must give their shared boundary the same `also` figures"
        raise fail(file, f"{here}.low.also", "also_mismatch", message)


def _check_also(bound: Bound, analyte: Analyte, file: str, where: str) -> None:
    """Each figure a source also printed is in an accepted unit of the other property (one
    per property) and agrees with the bound's own figure to within published rounding."""
    properties = chemistry(analyte).properties
    seen = {properties[bound.unit]}
    for index, form in enumerate(bound.also):
        here = f"{where}[{index}]"
        measures = properties.get(form.unit)
        if measures is None:
            raise fail(
                file, f"{here}.unit", "unit_not_accepted", "unit is not accepted for this analyte"
            )
        if measures in seen:
            message = (
                "`also` gives a figure in the other property (mass or substance) than the "
                "bound's own unit and any other `also` figure"
            )
            raise fail(file, f"{here}.unit", "unit_mismatch", message)
        seen.add(measures)
        converted = bound.value * factor(analyte, bound.unit, form.unit)
        if abs(form.value - converted) > PUBLISHED_REL_TOL * converted:
            message = (
                "`also` must be the same limit as printed in another unit: it differs from "
                f"the bound's own figure, converted, by more than {PUBLISHED_REL_TOL:.0%}"
            )
            raise fail(file, f"{here}.value", "also_disagrees", message)


def _check_bands(bands: list[BandRange], analyte: Analyte, file: str, where: str) -> None:
    """Bands in order, covering [0, infinity) with no gap or overlap, each non-empty in
    every accepted unit (``also`` figures may differ from a conversion by rounding)."""
    _check_order(bands, file, where)
    units = chemistry(analyte).ucum_codes
    previous_cuts = dict.fromkeys(units, -math.inf)
    for index, band in enumerate(bands):
        here = f"{where}.bands[{index}]"
        if index:
            _check_meeting(bands[index - 1].high, band.low, file, here)
        if band.high is None:
            continue
        for unit in units:
            cut = value_in(band.high, analyte, unit)
            if not cut > previous_cuts[unit] * (1 + BOUNDARY_REL_TOL):
                raise fail(
                    file, f"{here}.high", "empty_band", "a band must end above where it starts"
                )
            previous_cuts[unit] = cut


def _check_interval(interval: Interval, analyte: Analyte, file: str, where: str) -> None:
    if interval.low is None and interval.high is None:
        raise fail(file, where, "invalid", "a reference interval needs a low or a high limit")
    low, high = interval.low, interval.high
    if low is not None and high is not None and not _above(high, low, analyte):
        message = "a reference interval must end above where it starts"
        raise fail(file, f"{where}.high", "empty_band", message)


def _above(high: Bound, low: Bound, analyte: Analyte) -> bool:
    units = chemistry(analyte).ucum_codes
    return all(value_in(high, analyte, unit) > value_in(low, analyte, unit) for unit in units)
