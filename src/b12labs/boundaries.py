"""Cut points: every boundary test of the library restated as one comparison in a unit.

A boundary test such as "is this value, converted to the boundary's unit, at or above
180 ng/L, counting a value within a relative 1e-9 of it as on it" is monotone in the
value: false for every value below some float and true for every value from it on. This
module finds that float exactly, by bisecting over the ordered bit patterns of the
non-negative floats with the library's own test as the oracle. The column evaluator of
:mod:`b12labs.batch` then classifies whole arrays with plain comparisons against the cut
points and agrees with the scalar path on every float, boundaries included.

Example:
    >>> from b12labs import Analyte, RangeSet
    >>> table = RangeSet.default().select(Analyte.b12, age_years=50).table
    >>> cuts = band_cuts(table, "pg/mL")
    >>> [band.band.value for band in cuts.bands]
    ['low', 'borderline_low', 'normal', 'high']
    >>> low = cuts.bands[0]  # values below 180 ng/L less the tolerance are low
    >>> low.contains_below < 180.0 < cuts.bands[1].contains_below
    True
"""

from __future__ import annotations

import dataclasses
import functools
import math
import struct
from collections.abc import Callable

from .analytes import chemistry
from .enums import Analyte, Band
from .plausibility import is_plausible
from .ranges import BOUNDARY_REL_TOL, Bound, RangeTable
from .thresholds import threshold
from .units import factor

__all__ = [
    "BandCuts",
    "PlausibleCuts",
    "TableCuts",
    "ThresholdCuts",
    "band_cuts",
    "first_true",
    "plausible_cuts",
    "threshold_cuts",
]

_INF_BITS = struct.unpack("<q", struct.pack("<d", math.inf))[0]


def _float(bits: int) -> float:
    value: float = struct.unpack("<d", struct.pack("<q", bits))[0]
    return value


def first_true(test: Callable[[float], bool]) -> float:
    """The smallest non-negative float for which a monotone ``test`` holds (``inf`` if none).

    ``test`` must be false up to some float and true from it on, over ``[0, inf]``; each
    call of this function asks it about 64 values.

    Example:
        >>> first_true(lambda x: x >= 2.5)
        2.5
        >>> first_true(lambda x: x > 2.5) == math.nextafter(2.5, math.inf)
        True
    """
    if test(0.0):
        return 0.0
    low, high = 0, _INF_BITS  # test(low) is false; test(high) is true or high is infinity
    while high - low > 1:
        middle = (low + high) // 2
        if test(_float(middle)):
            high = middle
        else:
            low = middle
    return _float(high)


def _compare(value: float, unit: str, limit: float, limit_unit: str, analyte: Analyte) -> int:
    """-1, 0 or 1 as ``value`` (in ``unit``) is below, on or above a limit (in ``limit_unit``).

    The same test as :func:`b12labs.classification.possible_bands` and the threshold
    conditions make: the value converted to the limit's unit, with the boundary tolerance.
    """
    here = value * factor(analyte, unit, limit_unit)
    if math.isclose(here, limit, rel_tol=BOUNDARY_REL_TOL, abs_tol=0.0):
        return 0
    return -1 if here < limit else 1


@dataclasses.dataclass(frozen=True, slots=True)
class _Cut:
    """Where a value in one unit stops being below a limit (``on``) and starts being above."""

    on: float
    above: float


def _cut(unit: str, limit: float, limit_unit: str, analyte: Analyte) -> _Cut:
    return _Cut(
        on=first_true(lambda x: _compare(x, unit, limit, limit_unit, analyte) >= 0),
        above=first_true(lambda x: _compare(x, unit, limit, limit_unit, analyte) > 0),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class BandCuts:
    """One band of a table, as cut points in one unit: a value ``x`` is in the band when
    ``contains_from <= x < contains_below``.

    ``below_from``/``below_until`` say when the band holds values a little below ``x`` (for
    a ``<`` result), ``above_from``/``above_until`` when it holds values a little above it
    (for ``>``); each pair is half-open like the first.
    """

    band: Band
    contains_from: float
    contains_below: float
    below_from: float
    below_until: float
    above_from: float
    above_until: float


@dataclasses.dataclass(frozen=True, slots=True)
class TableCuts:
    """Every band of a table in one unit, lowest first; ``exact`` pairs each band's
    ``contains_from``/``contains_below`` with its one-band tuple (an exact value's answer)."""

    unit: str
    bands: tuple[BandCuts, ...]
    exact: tuple[tuple[float, float, tuple[Band]], ...] = dataclasses.field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        pairs = tuple((b.contains_from, b.contains_below, (b.band,)) for b in self.bands)
        object.__setattr__(self, "exact", pairs)  # derived once; the class is frozen

    def contains(self, value: float) -> int:
        """The index of the first band holding ``value``, or -1."""
        return next(
            (i for i, b in enumerate(self.bands) if b.contains_from <= value < b.contains_below),
            -1,
        )


def _bound_cut(bound: Bound, unit: str, analyte: Analyte) -> _Cut:
    # compared with the figure the source printed in the value's property (Bound.published_in)
    return _cut(unit, *bound.published_in(analyte, unit), analyte)


def _band(band: Band, low: Bound | None, high: Bound | None, unit: str, a: Analyte) -> BandCuts:
    # a missing bound is no limit: every value is above 0.0 (-0.0 too) and below infinity
    floor = _bound_cut(low, unit, a) if low else _Cut(-math.inf, -math.inf)
    ceiling = _bound_cut(high, unit, a) if high else _Cut(math.inf, math.inf)
    return BandCuts(
        band=band,
        contains_from=floor.on if low is not None and low.inclusive else floor.above,
        contains_below=ceiling.above if high is not None and high.inclusive else ceiling.on,
        below_from=floor.above,
        below_until=ceiling.above,
        above_from=floor.on,
        above_until=ceiling.on,
    )


@functools.lru_cache(maxsize=1024)
def _band_cuts(table: RangeTable, unit: str) -> TableCuts:
    analyte = table.analyte
    return TableCuts(unit, tuple(_band(b.band, b.low, b.high, unit, analyte) for b in table.bands))


def band_cuts(table: RangeTable, unit: str) -> TableCuts:
    """A table's bands as cut points for values in ``unit`` (a UCUM code of its analyte).

    Made once per table and unit (a bounded cache: about 1 kB and 700 test calls each).

    Raises:
        UnitError: the unit is not accepted for the table's analyte.
    """
    return _band_cuts(table, chemistry(table.analyte).unit_spec(unit, field="unit").ucum)


@dataclasses.dataclass(frozen=True, slots=True)
class ThresholdCuts:
    """A cited threshold in one unit: ``x >= on`` is "at least it" (the tolerance
    included); ``x < on`` is "below it"; ``x < above`` is "below it or on it"."""

    on: float
    above: float


@functools.cache
def threshold_cuts(name: str, analyte: Analyte, unit: str) -> ThresholdCuts:
    """The threshold ``name`` of ``thresholds.toml`` as cut points for ``analyte`` in ``unit``."""
    limit = threshold(name)
    cut = _cut(unit, limit.value, limit.unit, analyte)
    return ThresholdCuts(on=cut.on, above=cut.above)


@dataclasses.dataclass(frozen=True, slots=True)
class PlausibleCuts:
    """The plausible limits of an analyte in one unit, per comparator.

    A value ``x`` is plausible when ``low <= x < high`` (exact or ``<=``/``>=`` use the
    pair that applies): exact ``[exact_low, exact_high)``, ``<`` from ``less_low``, ``<=``
    from ``exact_low``, ``>`` below ``more_high``, ``>=`` below ``exact_high``.
    """

    exact_low: float
    exact_high: float
    less_low: float
    more_high: float


@functools.cache
def plausible_cuts(analyte: Analyte, unit: str) -> PlausibleCuts:
    """Cut points equivalent to :func:`b12labs.plausibility.is_plausible` in ``unit``."""

    def plausible(comparator: str) -> Callable[[float], bool]:
        return lambda x: is_plausible(analyte, x, unit, comparator)

    def implausible(comparator: str) -> Callable[[float], bool]:
        return lambda x: not is_plausible(analyte, x, unit, comparator)

    return PlausibleCuts(
        exact_low=first_true(plausible("<=")),
        exact_high=first_true(implausible(">=")),
        less_low=first_true(plausible("<")),
        more_high=first_true(implausible(">")),
    )
