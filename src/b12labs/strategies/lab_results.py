"""``results()``: typed lab results with plausible values, clustered at band boundaries.

Example:
    >>> from b12labs import Analyte, RangeSet
    >>> boundaries(RangeSet.default(), Analyte.potassium, "mmol/L", None)
    [2.8, 3.2, 3.3, 3.4, 3.5, 3.6, 5.0, 5.1, 5.3, 5.5, 5.6, 6.0, 6.1, 6.2, 7.0]
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import partial

from hypothesis import strategies as st

from .. import Analyte, InvalidResultError, LabResult, RangeSet, ReferenceDataError, chemistry
from .. import convert as convert_value
from ._common import (
    CLASSES,
    COMPARATORS,
    AnalyteArg,
    Comparator,
    analytes,
    checked_flag,
    plausible_interval,
)

__all__ = ["CLUSTER", "boundaries", "results"]

#: Relative half-width of the cluster drawn around a band boundary: api.md section 10
#: promises 1e-6, and a little less keeps a unit round trip inside it.
CLUSTER = 0.9e-6


def _values(low: float, high: float) -> st.SearchStrategy[float]:
    """Values in ``[low, high]``: as labs report them (a few decimal places), spread evenly
    on a log scale, any float, and the ends themselves with their inner neighbours."""
    reported = st.integers(min_value=0, max_value=3).flatmap(
        lambda places: st.decimals(
            min_value=Decimal(repr(low)), max_value=Decimal(repr(high)), places=places
        ).map(float)
    )
    spread = st.floats(min_value=0.0, max_value=1.0).map(
        lambda share: min(high, max(low, low * (high / low) ** share))
    )
    anywhere = st.floats(min_value=low, max_value=high)
    ends = st.sampled_from([low, math.nextafter(low, math.inf), math.nextafter(high, 0.0), high])
    return st.one_of(reported, spread, anywhere, ends)


def boundaries(
    ranges: RangeSet, analyte: Analyte, unit: str, comparator: Comparator | None
) -> list[float]:
    """The band boundaries of every population of ``analyte`` in ``ranges``, in ``unit``,
    that a plausible result with ``comparator`` can lie near.

    A boundary outside the plausible limits (a laboratory's file may have one) cannot be
    drawn near, so it is left out; one within the cluster's width of a limit is kept, and
    its cluster is cut at the limit.
    """
    if analyte not in ranges:
        return []
    low, high = plausible_interval(analyte, unit, comparator)
    found: set[float] = set()
    for table in ranges.tables(analyte):
        for band in table.bands:
            for bound in (band.low, band.high):
                if bound is None or bound.value <= 0:
                    continue
                # the figure a result in this unit is compared with (Bound.published_in)
                limit, limit_unit = bound.published_in(analyte, unit)
                here = convert_value(limit, limit_unit, unit, analyte=analyte)
                if low <= here * (1 + CLUSTER) and here * (1 - CLUSTER) <= high:
                    found.add(here)
    return sorted(found)


def _near(boundary: float, low: float, high: float) -> st.SearchStrategy[float]:
    """The boundary, its neighbouring floats, and values within :data:`CLUSTER` of it, all
    inside ``[low, high]``."""
    start, end = max(low, boundary * (1 - CLUSTER)), min(high, boundary * (1 + CLUSTER))
    exact = [
        value
        for value in (boundary, math.nextafter(boundary, math.inf), math.nextafter(boundary, 0.0))
        if start <= value <= end
    ]
    around = st.floats(min_value=start, max_value=end)
    return st.one_of(st.sampled_from(exact), around) if exact else around


def _itself(strategy: st.SearchStrategy[float]) -> st.SearchStrategy[float]:
    return strategy


def _result(
    analyte: Analyte, unit: str, comparators: list[Comparator | None], ranges: RangeSet | None
) -> st.SearchStrategy[LabResult]:
    """Results of one analyte in one unit."""
    by_comparator: dict[Comparator | None, st.SearchStrategy[float]] = {}
    for comparator in comparators:
        low, high = plausible_interval(analyte, unit, comparator)
        values = _values(low, high)
        near = boundaries(ranges, analyte, unit, comparator) if ranges is not None else []
        if near:
            clustered = st.sampled_from(near).flatmap(partial(_near, low=low, high=high))
            # half and half, chosen by sampled_from: one_of would flatten `values` into its
            # four branches and so cluster only one draw in five
            values = st.sampled_from([clustered, values]).flatmap(_itself)
        by_comparator[comparator] = values
    cls = CLASSES[analyte]
    hemolyzed = st.booleans() if analyte is Analyte.potassium else st.just(False)

    def build(pair: tuple[Comparator | None, float], specimen: str, haemolysed: bool) -> LabResult:
        comparator, value = pair
        return cls.model_validate(
            {
                "value": value,
                "unit": unit,
                "comparator": comparator,
                "specimen": specimen,
                "hemolyzed": haemolysed,
            }
        )

    pairs = st.sampled_from(comparators).flatmap(
        lambda comparator: st.tuples(st.just(comparator), by_comparator[comparator])
    )
    return st.builds(build, pairs, st.sampled_from(["serum", "plasma"]), hemolyzed)


def results(
    analyte: AnalyteArg = None, *, censored: bool = True, ranges: RangeSet | None = None
) -> st.SearchStrategy[LabResult]:
    """Typed results of one analyte (an :class:`~b12labs.Analyte` or its value), or of all three.

    Every accepted unit is drawn, and only plausible values (api.md section 7), so
    ``.parse()`` and ``interpret()`` accept every draw; the plausible limits themselves and
    their nearest floats are among the draws. ``censored=True`` mixes exact and censored
    (``<``, ``<=``, ``>``, ``>=``) results, ``censored=False`` draws exact ones only. With a
    :class:`~b12labs.RangeSet`, about half the draws (api.md promises at least a fifth) lie
    within a relative 1e-6 of a band boundary of some population of that set (the boundary itself and its nearest
    floats included), where off-by-one-ulp bugs live. Only plausible boundaries are
    clustered at: a laboratory's boundary outside the limits cannot be drawn, and an analyte
    the set lacks simply does not cluster. Specimen (serum or plasma) varies; potassium may
    be haemolysed.

    Raises:
        UnknownAnalyteError: ``analyte`` is not an analyte.
        InvalidResultError: ``censored`` is not a boolean.
        ReferenceDataError: ``ranges`` is not a :class:`~b12labs.RangeSet`.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import RangeSet, interpret
        >>> @settings(max_examples=20, database=None)
        ... @given(results("b12", ranges=RangeSet.default()))
        ... def check(b12):
        ...     assert interpret(b12=b12).findings["b12"].result == b12
        >>> check()
    """
    chosen = analytes(analyte)
    with_comparators = checked_flag(censored, "censored", InvalidResultError)
    if ranges is not None and not isinstance(ranges, RangeSet):
        raise ReferenceDataError("ranges", "not_a_range_set", "ranges must be a RangeSet or None")
    comparators: list[Comparator | None] = [None, *COMPARATORS] if with_comparators else [None]
    return st.one_of(
        [
            _result(member, unit, comparators, ranges)
            for member in chosen
            for unit in chemistry(member).ucum_codes
        ]
    )
