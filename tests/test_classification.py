"""Classification of exact and censored results against band tables (fictional data)."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from b12labs import (
    Analyte,
    B12Result,
    Band,
    BandRange,
    Bound,
    InvalidResultError,
    LabResult,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    RangeTable,
    ReferenceDataError,
    classify,
    flag_for,
)
from b12labs.analytes import chemistry
from b12labs.classification import FLAGS
from b12labs.ranges import BOUNDARY_REL_TOL
from b12labs.results import result_class
from b12labs.sources import Source
from b12labs.strategies import results
from b12labs.units import factor
from strategies import (
    BAND_RANK,
    RANGE_SET_NAMES,
    RangeSetName,
    analyte_units,
    between_printed_figures,
    boundaries_in,
    lab_values,
    range_set,
    same_property,
)


def _adult(ranges: RangeSet, analyte: Analyte) -> RangeTable:
    return ranges.select(analyte, age_years=40).table


# --- flags -------------------------------------------------------------------------------


def test_flags_are_hl7_v3_codes() -> None:
    assert {
        Band.critical_low: "LL",
        Band.low: "L",
        Band.borderline_low: "L",
        Band.normal: "N",
        Band.high: "H",
        Band.critical_high: "HH",
        Band.indeterminate: "IND",
    } == FLAGS
    for band in Band:
        assert flag_for(band) == FLAGS[band]


@pytest.mark.parametrize("band", ["bogus", "", None, 3, [], {}])
def test_flag_for_an_unknown_band_is_a_library_error(band: object) -> None:
    """Anything but a band (an unhashable list included) is ``unknown_band``, whose message
    lists every band."""
    with pytest.raises(InvalidResultError) as caught:
        flag_for(band)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.code) == ("band", "unknown_band")
    accepted = "critical_low, low, borderline_low, normal, high, critical_high, indeterminate"
    assert caught.value.message == f"not a band (accepted: {accepted})"


def test_flag_for_accepts_the_band_value() -> None:
    assert flag_for("critical_high") == "HH"


# --- exact values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("0.5 mmol/L", Band.critical_low),
        ("1.99 mmol/L", Band.critical_low),
        ("2 mmol/L", Band.low),
        ("2,99 mmol/L", Band.low),
        ("3 mmol/L", Band.normal),
        ("5 mmol/L", Band.normal),
        ("5.01 mmol/L", Band.high),
        ("6 mmol/L", Band.high),
        ("6.01 mmol/L", Band.critical_high),
        ("1.99 meq/L", Band.critical_low),
        ("3 mEq/L", Band.normal),
        ("6.01 MEQ/L", Band.critical_high),
    ],
)
def test_potassium_adult_bands(fictional_ranges: RangeSet, text: str, band: Band) -> None:
    assert (
        classify(PotassiumResult.parse(text), _adult(fictional_ranges, Analyte.potassium)) is band
    )


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("20 pg/mL", Band.low),
        ("99.9 pg/mL", Band.low),
        ("100 pg/mL", Band.borderline_low),
        ("199.99 pg/mL", Band.borderline_low),
        ("200 pg/mL", Band.normal),
        ("200 ng/L", Band.normal),
        ("800 pg/mL", Band.normal),
        ("800.01 pg/mL", Band.high),
        ("147.56 pmol/L", Band.borderline_low),  # 199.998 pg/mL
        ("147.57 pmol/L", Band.normal),  # 200.012 pg/mL
        ("1000 pmol/L", Band.high),
    ],
)
def test_b12_adult_bands(fictional_ranges: RangeSet, text: str, band: Band) -> None:
    assert classify(B12Result.parse(text), _adult(fictional_ranges, Analyte.b12)) is band


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("1 mg/dL", Band.critical_low),  # inclusive upper end of critical_low
        ("1.0001 mg/dL", Band.low),
        ("0.41 mmol/L", Band.critical_low),  # 0.9965 mg/dL
        ("0.42 mmol/L", Band.low),
        ("0.5 mmol/L", Band.normal),
        ("1 meq/L", Band.normal),  # 0.5 mmol/L
        ("1 mmol/L", Band.normal),
        ("2.01 meq/L", Band.high),
        ("4.99 mg/dL", Band.high),
        ("5 mg/dL", Band.critical_high),  # inclusive lower end of critical_high
        ("2.06 mmol/L", Band.critical_high),  # 5.007 mg/dL
        ("2.05 mmol/L", Band.high),  # 4.983 mg/dL
    ],
)
def test_magnesium_adult_bands_with_mixed_units(
    fictional_ranges: RangeSet, text: str, band: Band
) -> None:
    assert (
        classify(MagnesiumResult.parse(text), _adult(fictional_ranges, Analyte.magnesium)) is band
    )


@pytest.mark.parametrize(
    ("result", "unit"),
    [
        (B12Result.parse("200 pg/mL"), "pmol/L"),
        (B12Result.parse("100 pg/mL"), "pmol/L"),
        (MagnesiumResult.parse("1 mg/dL"), "mmol/L"),
        (MagnesiumResult.parse("1 mg/dL"), "meq/L"),
        (MagnesiumResult.parse("5 mg/dL"), "mmol/L"),
        (MagnesiumResult.parse("0.5 mmol/L"), "mg/dL"),
        (MagnesiumResult.parse("1 mmol/L"), "mg/dL"),
    ],
)
def test_a_value_on_a_boundary_stays_on_it_in_another_unit(
    fictional_ranges: RangeSet, result: LabResult, unit: str
) -> None:
    table = _adult(fictional_ranges, result.analyte)
    assert classify(result.to(unit), table) is classify(result, table)


# --- censored values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("<100 pg/mL", Band.low),
        ("<50 pg/mL", Band.low),
        ("<=99 pg/mL", Band.low),
        ("<=100 pg/mL", Band.indeterminate),  # 100 itself is borderline
        ("<150 pg/mL", Band.indeterminate),
        (">800 pg/mL", Band.high),
        (">2000 pg/mL", Band.high),
        (">=800 pg/mL", Band.indeterminate),  # 800 itself is normal
        (">=800.5 pg/mL", Band.high),
        (">0 pg/mL", Band.indeterminate),
        ("<25 pg/mL", Band.low),
    ],
)
def test_censored_b12(fictional_ranges: RangeSet, text: str, band: Band) -> None:
    result = B12Result.parse(text)
    assert classify(result, _adult(fictional_ranges, Analyte.b12)) is band
    assert flag_for(classify(result, _adult(fictional_ranges, Analyte.b12))) == FLAGS[band]


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("<2 mmol/L", Band.critical_low),
        ("<=2 mmol/L", Band.indeterminate),
        ("<=1.5 mmol/L", Band.critical_low),
        (">6 mmol/L", Band.critical_high),
        (">=6 mmol/L", Band.indeterminate),
        (">=6.5 mmol/L", Band.critical_high),
        ("<1 mg/dL", Band.critical_low),
        ("<=1 mg/dL", Band.critical_low),
        ("<1.01 mg/dL", Band.indeterminate),
        (">=5 mg/dL", Band.critical_high),
        (">4.99 mg/dL", Band.indeterminate),
        # within a relative 1e-9 of a boundary counts as on it; just outside does not
        ("<1.0000000005 mg/dL", Band.critical_low),
        ("<1.000000002 mg/dL", Band.indeterminate),
        (">4.9999999999 mg/dL", Band.critical_high),
        (">4.99999999 mg/dL", Band.indeterminate),
    ],
)
def test_censored_electrolytes(fictional_ranges: RangeSet, text: str, band: Band) -> None:
    analyte = Analyte.magnesium if "mg/dL" in text else Analyte.potassium
    result = result_class(analyte).parse(text)
    assert classify(result, _adult(fictional_ranges, analyte)) is band


# --- errors -----------------------------------------------------------------------------


def test_table_of_another_analyte_is_refused(fictional_ranges: RangeSet) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        classify(B12Result.parse("400 pg/mL"), _adult(fictional_ranges, Analyte.potassium))
    assert (caught.value.field, caught.value.code) == ("ranges", "wrong_analyte")
    assert caught.value.message == "the band table is for another analyte"


def test_what_is_not_a_result_or_not_a_table_is_refused(fictional_ranges: RangeSet) -> None:
    """``classify`` checks both arguments' types first, with fixed messages."""
    table = _adult(fictional_ranges, Analyte.potassium)
    with pytest.raises(InvalidResultError) as caught:
        classify("4 mmol/L", table)
    assert (caught.value.field, caught.value.code) == ("result", "unsupported_type")
    expected = "expected a result (B12Result, PotassiumResult or MagnesiumResult)"
    assert caught.value.message == expected
    with pytest.raises(ReferenceDataError) as refused:
        classify(PotassiumResult.parse("4 mmol/L"), "adult")
    assert (refused.value.field, refused.value.code) == ("ranges", "not_a_table")
    assert refused.value.message == "expected a RangeTable"


@pytest.mark.parametrize(
    "fields",
    [
        {"value": "4"},  # text, not a number
        {"value": True},  # a boolean is not 1.0
        {"value": math.nan},
        {"value": math.inf},
        {"value": -1.0},
        {"unit": "pg/mL"},  # a B12 unit on a potassium result
        {"unit": b"mmol/L"},
        {"comparator": "="},
        {"analyte": "potassium"},  # the string, not the Analyte member
    ],
    ids=lambda fields: "-".join(f"{k}={v!r}" for k, v in fields.items()),
)
def test_a_result_built_without_validation_is_refused(
    fictional_ranges: RangeSet, fields: dict[str, object]
) -> None:
    """A result made with ``model_construct`` (which skips validation) is classified only
    if each field holds what validation guarantees; otherwise it is ``invalid``."""
    state: dict[str, object] = {"analyte": Analyte.potassium, "value": 4.0, "unit": "mmol/L"}
    table = _adult(fictional_ranges, Analyte.potassium)
    assert classify(PotassiumResult.model_construct(**state), table) is Band.normal  # type: ignore[arg-type]
    broken = PotassiumResult.model_construct(**{**state, **fields})  # type: ignore[arg-type]
    with pytest.raises(InvalidResultError) as caught:
        classify(broken, table)
    assert (caught.value.field, caught.value.code) == ("result", "invalid")
    assert caught.value.message == "the result's fields are not valid"


def _one_band_table(*, low_inclusive: bool) -> RangeTable:
    """A hand-built potassium table (validation skipped) whose only band is normal, from 3
    (inclusive or not) to 5 mmol/L: values below 3 and above 5 have no band."""
    source = Source(
        id="fictional-hole",
        title="A hand-built table that skips validation",
        url="https://example.org/hole",
        accessed="2026-01-01",  # type: ignore[arg-type]
    )
    normal = BandRange(
        band=Band.normal,
        low=Bound(value=3, unit="mmol/L", inclusive=low_inclusive, source=source),
        high=Bound(value=5, unit="mmol/L", inclusive=True, source=source),
    )
    return RangeTable(analyte=Analyte.potassium, population="hole", label="Hole", bands=(normal,))


def test_a_table_with_a_hole_raises_instead_of_guessing() -> None:
    table = _one_band_table(low_inclusive=True)
    assert classify(PotassiumResult.parse("4 mmol/L"), table) is Band.normal
    assert classify(PotassiumResult.parse("3 mmol/L"), table) is Band.normal
    for text in ("9 mmol/L", "1 mmol/L", "<3 mmol/L"):
        with pytest.raises(ReferenceDataError) as caught:
            classify(PotassiumResult.parse(text), table)
        assert (caught.value.field, caught.value.code) == ("ranges", "no_band"), text
        assert caught.value.message == "the band table does not cover this value"


def test_an_exclusive_bound_excludes_the_value_on_it() -> None:
    """A value exactly on an exclusive lower bound is not in that band, even when no other
    band could take it."""
    table = _one_band_table(low_inclusive=False)
    assert classify(PotassiumResult.parse("3.01 mmol/L"), table) is Band.normal
    with pytest.raises(ReferenceDataError) as caught:
        classify(PotassiumResult.parse("3 mmol/L"), table)
    assert caught.value.code == "no_band"


# --- an independent oracle for the properties -------------------------------------------


def _position(x: float, unit: str, bound: Bound, analyte: Analyte) -> int:
    """-1, 0, 1: ``x`` (in ``unit``) below, on, above ``bound``, in the unit of the figure
    the bound's source printed in ``unit``'s property (the bound's own when it printed one
    figure), with values within a relative 1e-9 counting as on it (the documented rule)."""
    figures = [(bound.value, bound.unit), *((f.value, f.unit) for f in bound.also)]
    mine = [f for f in figures if same_property(analyte, unit, f[1])] or figures
    limit, limit_unit = next((f for f in mine if f[1] == unit), mine[0])
    here = x * factor(analyte, unit, limit_unit)
    if math.isclose(here, limit, rel_tol=BOUNDARY_REL_TOL, abs_tol=0.0):
        return 0
    return -1 if here < limit else 1


def _in_band(x: float, unit: str, band: BandRange, analyte: Analyte) -> bool:
    if band.low is not None:
        side = _position(x, unit, band.low, analyte)
        if side < 0 or (side == 0 and not band.low.inclusive):
            return False
    if band.high is not None:
        side = _position(x, unit, band.high, analyte)
        if side > 0 or (side == 0 and not band.high.inclusive):
            return False
    return True


def _exact(result: LabResult, value: float) -> LabResult:
    # a sample point of the oracle may lie outside the plausible limits (0, a far value):
    # classification is checked for every point, so the point skips that validation
    cls = result_class(result.analyte)
    return cls.model_construct(analyte=result.analyte, value=value, unit=result.unit)


def _band_of_point(table: RangeTable, result: LabResult, value: float) -> Band:
    return classify(_exact(result, value), table)


def _censored_oracle(table: RangeTable, result: LabResult) -> Band:
    """The band every point of a censored result's interval shares, else indeterminate,
    judged by classifying sample points: 0 or a far value, every boundary inside the
    interval, the midpoints between them, and the end point ``v``. ``v`` is sampled even
    for ``<`` and ``>`` when it is not on a boundary: it is then inside a band, which its
    excluded neighbourhood shares. A ``v`` within the relative tolerance of a boundary
    counts as that boundary (the documented rule), so that boundary is not "inside"."""
    v, unit, comparator = result.value, result.unit, result.comparator
    every_cut = boundaries_in(unit, [table])
    cuts = [b for b in every_cut if not math.isclose(b, v, rel_tol=BOUNDARY_REL_TOL, abs_tol=0.0)]
    on_a_cut = len(cuts) < len(every_cut)
    if comparator in ("<", "<="):
        inside = [0.0, *[b for b in cuts if b < v]]
        edges = [*inside, v]
    else:
        top = max([*cuts, v]) * 2 + 1
        inside = [*[b for b in cuts if b > v], top]
        edges = [v, *inside]
    samples = inside + [(p + q) / 2 for p, q in itertools.pairwise(edges)]
    if comparator in ("<=", ">=") or not on_a_cut:
        samples.append(v)
    bands = {_band_of_point(table, result, x) for x in samples}
    return bands.pop() if len(bands) == 1 else Band.indeterminate


# --- properties ----------------------------------------------------------------------------


def _at_the_tolerance_edge(result: LabResult, table: RangeTable) -> bool:
    """Whether the value sits where the boundary tolerance itself ends (about 1e-9 relative
    from a boundary). There float noise of a unit conversion (1e-16) can decide between "on
    the boundary" and "past it"; everywhere else, including exactly on a boundary, a
    conversion cannot move a value across one. No laboratory reports 10 significant digits."""
    for band in table.bands:
        for bound in (band.low, band.high):
            if bound is None:
                continue
            for value, printed in [
                (bound.value, bound.unit),
                *((f.value, f.unit) for f in bound.also),
            ]:
                if value == 0:
                    continue
                here = result.value * factor(result.analyte, result.unit, printed)
                distance = abs(here - value) / value
                if BOUNDARY_REL_TOL / 10 <= distance <= BOUNDARY_REL_TOL * 10:
                    return True
    return False


@pytest.mark.parametrize("set_name", RANGE_SET_NAMES)
@given(data=st.data())
def test_band_is_unit_invariant(set_name: RangeSetName, data: st.DataObject) -> None:
    """Invariant: a result (exact or censored) and the same result converted to every
    other accepted unit classify to the same band, in every population of the set, except
    in the thin shell where the 1e-9 boundary tolerance ends (see _at_the_tolerance_edge)
    and, for a unit of the other property, between the two figures a source printed for
    one limit (there the figure in the result's own property decides)."""
    ranges = range_set(set_name)
    result = data.draw(results(ranges=ranges))
    assume(
        not any(_at_the_tolerance_edge(result, table) for table in ranges.tables(result.analyte))
    )
    analyte, unit = result.analyte, result.unit
    for table in ranges.tables(analyte):
        band = classify(result, table)
        window = between_printed_figures([table], analyte, result.value, unit)
        for other in chemistry(analyte).ucum_codes:
            if window and not same_property(analyte, unit, other):
                continue
            assert classify(result.to(other), table) is band, (table.population, other)


@pytest.mark.parametrize("set_name", RANGE_SET_NAMES)
@given(data=st.data())
def test_a_printed_figure_decides_in_its_own_property(
    set_name: RangeSetName, data: st.DataObject
) -> None:
    """Invariant: a result is classified as if each limit were the figure its source printed
    in the result's property: against a copy of the table whose bounds hold only those
    figures (converted within the property), every result takes the same band."""
    ranges = range_set(set_name)
    result = data.draw(results(ranges=ranges))
    analyte = result.analyte
    for table in ranges.tables(analyte):
        assert classify(result, table) is classify(result, _in_own_property(table, result.unit))


def _in_own_property(table: RangeTable, unit: str) -> RangeTable:
    """The table with every bound replaced by the figure printed in ``unit``'s property."""

    def figure(bound: Bound | None) -> Bound | None:
        if bound is None:
            return None
        value, printed = bound.published_in(table.analyte, unit)
        return bound.model_copy(update={"value": value, "unit": printed, "also": ()})

    bands = tuple(
        band.model_copy(update={"low": figure(band.low), "high": figure(band.high)})
        for band in table.bands
    )
    return table.model_copy(update={"bands": bands})


@pytest.mark.parametrize("set_name", RANGE_SET_NAMES)
@given(data=st.data())
def test_bands_are_monotone(set_name: RangeSetName, data: st.DataObject) -> None:
    """Invariant: for point values x < y in one unit, the band of x never ranks above the
    band of y (critical_low < low < borderline_low < normal < high < critical_high)."""
    ranges = range_set(set_name)
    analyte, unit = data.draw(analyte_units())
    cuts = boundaries_in(unit, ranges.tables(analyte))
    x = data.draw(lab_values(analyte, unit, boundaries=cuts))
    y = data.draw(lab_values(analyte, unit, boundaries=cuts))
    low, high = sorted((x, y))
    cls = result_class(analyte)
    for table in ranges.tables(analyte):
        a = classify(cls.model_validate({"value": low, "unit": unit}), table)
        b = classify(cls.model_validate({"value": high, "unit": unit}), table)
        assert BAND_RANK[a] <= BAND_RANK[b], (table.population, low, high)


@pytest.mark.parametrize("set_name", RANGE_SET_NAMES)
@given(data=st.data())
def test_every_value_gets_exactly_one_band(set_name: RangeSetName, data: st.DataObject) -> None:
    """Invariant (full coverage): every value in [0, 1e6], in any accepted unit, lies in
    exactly one band of every population, and classify returns that band."""
    ranges = range_set(set_name)
    result = data.draw(results(censored=False, ranges=ranges))
    for table in ranges.tables(result.analyte):
        holding = [
            b.band for b in table.bands if _in_band(result.value, result.unit, b, result.analyte)
        ]
        assert len(holding) == 1, (table.population, result.value, result.unit, holding)
        assert classify(result, table) is holding[0]


@pytest.mark.parametrize("set_name", RANGE_SET_NAMES)
@given(data=st.data())
def test_censored_value_takes_a_band_only_when_wholly_inside_it(
    set_name: RangeSetName, data: st.DataObject
) -> None:
    """Invariant: '<v' gets band B iff every point of [0, v) gets B ('<=v': [0, v]);
    '>v' gets B iff every point of (v, inf) gets B ('>=v': [v, inf)); otherwise it is
    indeterminate. Checked against the bands of sample points: the ends, every boundary
    inside the interval, and the midpoints between them."""
    ranges = range_set(set_name)
    result = data.draw(results(ranges=ranges).filter(lambda r: r.comparator is not None))
    for table in ranges.tables(result.analyte):
        assert classify(result, table) is _censored_oracle(table, result), table.population
