"""Cut points equal the scalar boundary tests on every float, boundaries and neighbours included."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import Analyte, RangeSet, RangeTable, chemistry
from b12labs.boundaries import band_cuts, first_true, plausible_cuts, threshold_cuts
from b12labs.classification import possible_bands
from b12labs.plausibility import is_plausible
from b12labs.ranges import BOUNDARY_REL_TOL
from b12labs.results import result_class
from b12labs.thresholds import all_thresholds
from b12labs.units import factor
from strategies import range_set


def _around(value: float) -> list[float]:
    """A value, its float neighbours, and the edges of the boundary tolerance."""
    near = [value, math.nextafter(value, math.inf), math.nextafter(value, 0.0)]
    for scale in (1 - BOUNDARY_REL_TOL, 1 + BOUNDARY_REL_TOL):
        edge = value * scale
        near += [edge, math.nextafter(edge, math.inf), math.nextafter(edge, 0.0)]
    return [x for x in near if x >= 0]


def _tables_and_units() -> list[tuple[str, RangeTable, str]]:
    found: list[tuple[str, RangeTable, str]] = []
    for name in ("bundled", "fictional"):
        ranges = range_set(name)
        for analyte in ranges.analytes:
            for table in ranges.tables(analyte):
                for unit in chemistry(analyte).ucum_codes:
                    found.append((name, table, unit))
    return found


@pytest.mark.parametrize(("name", "table", "unit"), _tables_and_units())
def test_band_cuts_classify_like_possible_bands(name: str, table: RangeTable, unit: str) -> None:
    cuts = band_cuts(table, unit)
    analyte = table.analyte
    cls = result_class(analyte)
    probes = [0.0]
    for band in table.bands:
        for bound in (band.low, band.high):
            if bound is None:
                continue
            for value, printed in [
                (bound.value, bound.unit),
                *((f.value, f.unit) for f in bound.also),
            ]:
                probes += _around(value * factor(analyte, printed, unit))
    bands = [b.band for b in table.bands]
    for x in probes:
        result = cls.model_construct(analyte=analyte, value=x, unit=unit, comparator=None)
        assert (bands[cuts.contains(x)],) == possible_bands(result, table), (name, x, unit)


@pytest.mark.parametrize("analyte", list(Analyte))
def test_plausible_cuts_equal_is_plausible(analyte: Analyte) -> None:
    limits = chemistry(analyte).plausible
    for unit in chemistry(analyte).ucum_codes:
        cuts = plausible_cuts(analyte, unit)
        low = limits.low.value * factor(analyte, limits.low.unit, unit)
        high = limits.high.value * factor(analyte, limits.high.unit, unit)
        for x in [0.0, *_around(low), *_around(high), (low + high) / 2]:
            assert (cuts.exact_low <= x < cuts.exact_high) == is_plausible(analyte, x, unit, None)
            assert (x >= cuts.exact_low) == is_plausible(analyte, x, unit, "<=")
            assert (x >= cuts.less_low) == is_plausible(analyte, x, unit, "<")
            assert (x < cuts.more_high) == is_plausible(analyte, x, unit, ">")
            assert (x < cuts.exact_high) == is_plausible(analyte, x, unit, ">=")


def _lab_thresholds() -> list[tuple[str, Analyte, str]]:
    found = []
    for name, limit in all_thresholds().items():
        for analyte in Analyte:
            if name.startswith(f"{analyte.value}_") and limit.unit in chemistry(analyte).ucum_codes:
                found += [(name, analyte, unit) for unit in chemistry(analyte).ucum_codes]
    return found


@pytest.mark.parametrize(("name", "analyte", "unit"), _lab_thresholds())
def test_threshold_cuts_equal_the_tolerant_comparison(
    name: str, analyte: Analyte, unit: str
) -> None:
    limit = all_thresholds()[name]
    cuts = threshold_cuts(name, analyte, unit)
    here = limit.value * factor(analyte, limit.unit, unit)
    for x in [0.0, *_around(here)]:
        value = x * factor(analyte, unit, limit.unit)
        on = math.isclose(value, limit.value, rel_tol=BOUNDARY_REL_TOL)
        assert (x >= cuts.on) == (value >= limit.value or on)
        assert (x < cuts.above) == (value < limit.value or on)


@given(st.floats(0, 1e12), st.floats(0, 1e12))
def test_first_true_finds_the_first_float(threshold: float, probe: float) -> None:
    found = first_true(lambda x: x >= threshold)
    assert found == threshold
    assert (probe >= found) == (probe >= threshold)
    assert first_true(lambda x: False) == math.inf


def test_band_cuts_are_cached_per_table_and_unit() -> None:
    table = RangeSet.default().select(Analyte.b12, age_years=40).table
    assert band_cuts(table, "pg/mL") is band_cuts(table, "pg/ml")
