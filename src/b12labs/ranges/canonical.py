"""Range tables in canonical units: what a report carries about the ranges a finding used.

:class:`ReferenceRange` is the normal band a finding's flag is relative to, with every band
of the population (:class:`BandLimits`) and the reference interval a laboratory would print
(:class:`IntervalLimits`), all in the analyte's canonical unit (``pmol/L`` or ``mmol/L``).
It is computed once per table.
"""

from __future__ import annotations

import functools

from pydantic import field_validator

from .._models import FrozenModel
from ..analytes import chemistry
from ..enums import Analyte, Band
from ..errors import ReferenceDataError
from ..sources import Source
from .published import Basis, Bound, Interval, RangeTable, table_band, value_in

__all__ = ["BandLimits", "IntervalLimits", "ReferenceRange", "canonical_value", "reference_range"]


class BandLimits(FrozenModel):
    """A band's limits in the analyte's canonical unit (``None``: 0 or infinity)."""

    band: Band
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    text: str

    @field_validator("band")
    @classmethod
    def _not_indeterminate(cls, band: Band) -> Band:
        return table_band(band)


class IntervalLimits(FrozenModel):
    """A printed reference interval in the analyte's canonical unit, with its citations."""

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    text: str
    sources: tuple[Source, ...]


class ReferenceRange(FrozenModel):
    """The normal band a finding's flag is relative to, with its citation.

    ``low`` and ``high`` are in the analyte's canonical unit (``unit``); ``text`` is the band
    as published. ``bands`` lists every band of the population in the canonical unit; the
    full table with a source per boundary is ``RangeSet.tables(analyte)``. ``basis`` says
    whether the bands are a reference interval or a guideline's decision limits, and
    ``reference_interval`` is the interval a laboratory would print (the normal band itself
    when the bands are a reference interval).
    """

    analyte: Analyte
    population: str
    population_label: str
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str
    text: str
    source: Source
    sources: tuple[Source, ...]
    bands: tuple[BandLimits, ...]
    basis: Basis = "reference_interval"
    reference_interval: IntervalLimits | None = None

    @classmethod
    def of(cls, table: RangeTable) -> ReferenceRange:
        """The reference range of a table's normal band (a RangeSet also keeps one per table).

        Raises:
            ReferenceDataError: ``table`` is not a RangeTable.
        """
        if not isinstance(table, RangeTable):
            raise ReferenceDataError("ranges", "not_a_table", "expected a RangeTable")
        return _cached(table)


def reference_range(table: RangeTable) -> ReferenceRange:
    """The canonical view of a table: its normal band, every band and the printed interval."""
    canonical = chemistry(table.analyte).canonical_unit
    limits = tuple(
        BandLimits(
            band=band.band,
            low=None if band.low is None else canonical_value(band.low, table.analyte),
            high=None if band.high is None else canonical_value(band.high, table.analyte),
            low_inclusive=band.low.inclusive if band.low else True,
            high_inclusive=band.high.inclusive if band.high else True,
            text=band.text,
        )
        for band in table.bands
    )
    normal = next(limit for limit in limits if limit.band is Band.normal)
    cited = [bound.source for bound in (table.normal.low, table.normal.high) if bound is not None]
    distinct = tuple({s.id: s for s in cited}.values())
    printed = (
        Interval(low=table.normal.low, high=table.normal.high)
        if table.basis == "reference_interval"
        else table.reference_interval
    )
    interval = None
    if printed is not None:
        interval = IntervalLimits(
            low=None if printed.low is None else canonical_value(printed.low, table.analyte),
            high=None if printed.high is None else canonical_value(printed.high, table.analyte),
            low_inclusive=printed.low.inclusive if printed.low else True,
            high_inclusive=printed.high.inclusive if printed.high else True,
            text=printed.text,
            sources=printed.sources,
        )
    return ReferenceRange(
        analyte=table.analyte,
        population=table.population,
        population_label=table.label,
        low=normal.low,
        high=normal.high,
        low_inclusive=normal.low_inclusive,
        high_inclusive=normal.high_inclusive,
        unit=canonical,
        text=normal.text,
        source=distinct[0],
        sources=distinct,
        bands=limits,
        basis=table.basis,
        reference_interval=interval,
    )


def canonical_value(bound: Bound, analyte: Analyte) -> float:
    """A boundary's value in the analyte's canonical unit, from the figure its source
    printed in that unit's property (NICE's 133 pmol/L, not 180 ng/L converted)."""
    return value_in(bound, analyte, chemistry(analyte).canonical_unit)


@functools.lru_cache(maxsize=256)
def _cached(table: RangeTable) -> ReferenceRange:
    # tables are frozen and hashable; a laboratory's few tables fit many times over
    return reference_range(table)
