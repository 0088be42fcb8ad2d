"""A limit printed in two units (``also``): read, checked, and compared in the result's
property (research notes section 8). Logic cases use a small fictional B12 file; the
bundled NICE figures are checked in tests/data."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import Analyte, B12Result, Band, RangeSet, ReferenceDataError, classify, interpret
from b12labs.batch import classify_values
from b12labs.fhir import observation_definitions, observations_from_report
from b12labs.ranges import PUBLISHED_REL_TOL, Bound, Equivalent, ReferenceRange
from b12labs.sources import Source

Mutation = Callable[[dict[str, Any]], None]


def _bound(value: float, inclusive: bool, also: float | None = None) -> dict[str, Any]:
    made: dict[str, Any] = {
        "value": value,
        "unit": "ng/L",
        "inclusive": inclusive,
        "source": "fictional-printed",
    }
    if also is not None:
        made["also"] = [{"value": also, "unit": "pmol/L"}]
    return made


def printed_file() -> dict[str, Any]:
    """A fictional B12 file: low < 200 ng/L (printed also as 150 pmol/L), normal to 800 ng/L,
    high above; a reference interval 200-800 ng/L. 200 ng/L converts to 147.6 pmol/L, so a
    pmol/L result between 147.6 and 150 is low by the printed figure, not by conversion."""
    return {
        "schema_version": 1,
        "analyte": "b12",
        "populations": [
            {
                "id": "adult",
                "label": "Fictional adults",
                "default": True,
                "basis": "decision_limits",
                "reference_interval": {"low": _bound(200, True, 150), "high": _bound(800, True)},
                "bands": [
                    {"band": "low", "high": _bound(200, False, 150)},
                    {"band": "normal", "low": _bound(200, True, 150), "high": _bound(800, True)},
                    {"band": "high", "low": _bound(800, False)},
                ],
            }
        ],
        "sources": {
            "fictional-printed": {
                "title": "Fictional source printing limits in two units",
                "url": "https://example.org/printed",
                "accessed": dt.date(2026, 1, 1),
            }
        },
    }


@pytest.fixture(scope="module")
def printed() -> RangeSet:
    return RangeSet.from_mapping(printed_file(), name="printed.toml")


def _b12(text: str, ranges: RangeSet) -> Band:
    return interpret(b12=text, ranges=ranges).findings[Analyte.b12].band


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("149.9 pmol/L", Band.low),  # 203.2 ng/L converted: the printed 150 pmol/L decides
        ("150 pmol/L", Band.normal),
        ("147.5 pmol/L", Band.low),
        ("200 ng/L", Band.normal),
        ("200 pg/mL", Band.normal),  # pg/mL is a mass unit: compared with 200 ng/L
        ("199.9 pg/mL", Band.low),
        ("203 ng/L", Band.normal),  # 149.8 pmol/L converted: the ng/L figure decides
        ("<150 pmol/L", Band.low),
        ("<=150 pmol/L", Band.indeterminate),
        (">=150 pmol/L", Band.indeterminate),  # normal or, above 800 ng/L, high
        ("<203 ng/L", Band.indeterminate),
    ],
)
def test_a_result_is_compared_with_the_figure_printed_in_its_property(
    text: str, band: Band, printed: RangeSet
) -> None:
    assert _b12(text, printed) is band


def test_published_in_picks_the_figure_of_the_units_property(printed: RangeSet) -> None:
    table = printed.select(Analyte.b12).table
    low, high = table.band(Band.low), table.band(Band.high)
    assert low is not None
    assert high is not None
    limit = low.high
    assert limit is not None
    assert limit.published_in(Analyte.b12, "pmol/L") == (150.0, "pmol/L")
    assert limit.published_in(Analyte.b12, "ng/L") == (200.0, "ng/L")
    assert limit.published_in(Analyte.b12, "pg/mL") == (200.0, "ng/L")
    upper = high.low
    assert upper is not None
    assert upper.published_in(Analyte.b12, "pmol/L") == (800.0, "ng/L")


def test_the_canonical_view_and_the_texts_use_the_printed_figures(printed: RangeSet) -> None:
    table = printed.select(Analyte.b12).table
    reference = ReferenceRange.of(table)
    assert reference.low == 150.0  # printed, not 147.6 converted
    assert reference.reference_interval is not None
    assert reference.reference_interval.low == 150.0
    assert reference.bands[0].high == 150.0
    report = interpret(b12="149 pmol/L", ranges=printed)
    assert "<150 pmol/L" in str(report)
    assert "<200 pg/mL" in str(interpret(b12="190 pg/mL", ranges=printed))


def test_fhir_ranges_give_the_figure_printed_in_the_results_unit(printed: RangeSet) -> None:
    report = interpret(b12="149 pmol/L", ranges=printed)
    (made,) = observations_from_report(report, ranges=printed)
    decision, interval = made["referenceRange"]
    assert decision["low"]["value"] == 150.0
    assert interval["low"]["value"] == 150.0
    (mass,) = observations_from_report(interpret(b12="190 ng/L", ranges=printed), ranges=printed)
    assert mass["referenceRange"][0]["low"]["value"] == 200.0
    definitions = [str(d) for d in observation_definitions(printed) if "B12" in str(d)]
    assert definitions
    assert all("'value': 150.0" in d for d in definitions)


def test_tables_classify_as_interpret_does(printed: RangeSet) -> None:
    values = [147.0, 147.6, 149.9, 150.0, 150.1, 590.0, 591.0]
    for unit in ("pmol/L", "ng/L", "pg/mL"):
        codes = classify_values(np.array(values), unit, analyte="b12", ranges=printed)
        expected = [_b12(f"{v} {unit}", printed) for v in values]
        assert [list(Band)[code] for code in codes] == expected, unit


@given(value=st.floats(min_value=20, max_value=2000, allow_nan=False))
def test_every_value_agrees_with_a_table_of_its_propertys_figures(value: float) -> None:
    """The figure printed in a property is exactly what a result there is compared with: a
    copy of the table holding only pmol/L figures gives every pmol/L value the same band."""
    ranges = RangeSet.from_mapping(printed_file())
    mine = printed_file()
    for band in mine["populations"][0]["bands"]:
        for side in ("low", "high"):
            bound = band.get(side)
            if bound is not None and "also" in bound:
                band[side] = {**bound, "value": 150, "unit": "pmol/L"}
                del band[side]["also"]
    del mine["populations"][0]["reference_interval"]
    mine["populations"][0]["basis"] = "reference_interval"
    plain = RangeSet.from_mapping(mine)
    result = B12Result(value=value, unit="pmol/L")
    assert classify(result, ranges.select(Analyte.b12).table) is classify(
        result, plain.select(Analyte.b12).table
    )


def _set_also(path: tuple[int | str, ...], also: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data["populations"][0]
        for part in path:
            target = target[part]
        target["also"] = also

    return mutate


def _empty_in_pmol(data: dict[str, Any]) -> None:
    # 200 ng/L printed as 150 pmol/L, then a limit at 202 ng/L (149.1 pmol/L): in pmol/L the
    # normal band would end below where it starts
    bands = data["populations"][0]["bands"]
    bands[1]["high"] = _bound(202, True)
    bands[2]["low"] = _bound(202, False)


INVALID: list[tuple[str, Mutation, str, str]] = [
    (
        "same_property",
        _set_also(("bands", 0, "high"), [{"value": 200, "unit": "pg/mL"}]),
        "unit_mismatch",
        "populations[0].bands[0].high.also[0].unit",
    ),
    (
        "not_accepted",
        _set_also(("bands", 0, "high"), [{"value": 150, "unit": "nmol/L"}]),
        "unit_not_accepted",
        "populations[0].bands[0].high.also[0].unit",
    ),
    (
        "disagrees",
        _set_also(("bands", 0, "high"), [{"value": 183, "unit": "pmol/L"}]),
        "also_disagrees",
        "populations[0].bands[0].high.also[0].value",
    ),
    (
        "disagrees_in_interval",
        _set_also(("reference_interval", "high"), [{"value": 500, "unit": "pmol/L"}]),
        "also_disagrees",
        "populations[0].reference_interval.high.also[0].value",
    ),
    (
        "mismatch",
        _set_also(("bands", 1, "low"), [{"value": 149, "unit": "pmol/L"}]),
        "also_mismatch",
        "populations[0].bands[1].low.also",
    ),
    (
        "dropped_on_one_side",
        _set_also(("bands", 1, "low"), []),
        "also_mismatch",
        "populations[0].bands[1].low.also",
    ),
    (
        "two_figures",
        _set_also(
            ("bands", 0, "high"),
            [{"value": 150, "unit": "pmol/L"}, {"value": 150, "unit": "pmol/L"}],
        ),
        "invalid",
        "populations[0].bands[0].high.also",
    ),
    (
        "negative",
        _set_also(("bands", 0, "high"), [{"value": -150, "unit": "pmol/L"}]),
        "invalid",
        "populations[0].bands[0].high.also",
    ),
    (
        "not_a_number",
        _set_also(("bands", 0, "high"), [{"value": "150", "unit": "pmol/L"}]),
        "invalid",
        "populations[0].bands[0].high.also",
    ),
    ("empty_in_pmol", _empty_in_pmol, "empty_band", "populations[0].bands[1].high"),
]


@pytest.mark.parametrize(
    ("mutate", "code", "field"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_a_bad_also_is_refused_naming_the_field(mutate: Mutation, code: str, field: str) -> None:
    data = copy.deepcopy(printed_file())
    mutate(data)
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_mapping(data, name="lab.toml")
    assert caught.value.code == code
    assert caught.value.field.startswith(f"lab.toml: {field}"), caught.value.field


def test_the_constructor_checks_also_as_loading_does(printed: RangeSet) -> None:
    table = printed.select(Analyte.b12).table
    source = Source(
        id="fictional-x",
        title="Fictional",
        url="https://example.org/x",
        accessed=dt.date(2026, 1, 1),
    )
    wrong = Bound(
        value=200,
        unit="ng/L",
        inclusive=False,
        source=source,
        also=(Equivalent(value=183, unit="pmol/L"),),
    )
    band = table.bands[0].model_copy(update={"high": wrong})
    broken = table.model_copy(update={"bands": (band, *table.bands[1:])})
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet({Analyte.b12: [broken]}, version="lab-1")
    assert caught.value.code in {"also_disagrees", "also_mismatch"}


@pytest.mark.parametrize(("off", "accepted"), [(0.049, True), (-0.049, True), (0.051, False)])
def test_a_printed_figure_may_differ_from_a_conversion_by_rounding_only(
    off: float, accepted: bool
) -> None:
    """Within PUBLISHED_REL_TOL (5%: two significant figures) of the converted figure a
    printed one is a rounding; beyond it, a slip that is refused."""
    figure = 200 * 0.7378 * (1 + off)  # 200 ng/L is 147.56 pmol/L
    data = printed_file()
    for band, side in ((0, "high"), (1, "low")):
        data["populations"][0]["bands"][band][side]["also"] = [{"value": figure, "unit": "pmol/L"}]
    data["populations"][0]["reference_interval"]["low"]["also"] = [
        {"value": figure, "unit": "pmol/L"}
    ]
    if accepted:
        assert RangeSet.from_mapping(data).select(Analyte.b12).table
    else:
        with pytest.raises(ReferenceDataError) as caught:
            RangeSet.from_mapping(data)
        assert caught.value.code == "also_disagrees"
    assert PUBLISHED_REL_TOL == 0.05


@pytest.mark.parametrize(
    "also",
    [
        [{"value": 150, "unit": "PATIENT-7F3K-SECRET"}],
        [{"value": "PATIENT-7F3K-SECRET", "unit": "pmol/L"}],
        [{"value": 150, "unit": "pmol/L", "PATIENT-7F3K-SECRET": 1}],
        "PATIENT-7F3K-SECRET",
        [[150, "pmol/L"]],
    ],
)
def test_a_hostile_also_is_refused_without_echoing_it(also: object) -> None:
    data = printed_file()
    data["populations"][0]["bands"][0]["high"]["also"] = also
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_mapping(data, name="lab.toml")
    error = caught.value
    assert "PATIENT-7F3K-SECRET" not in f"{error} {error!r} {error.args} {error.field}"
    assert error.field.startswith("lab.toml: populations[0].bands[0].high.also")
