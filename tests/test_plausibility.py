"""Implausible values: refused with code ``implausible`` on every input path, never classified
(api.md section 7; facts.md section 9)."""

from __future__ import annotations

import math
from typing import Any

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import (
    Analyte,
    B12Result,
    InvalidResultError,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    chemistry,
    convert,
    interpret,
)
from b12labs.cli import main
from b12labs.plausibility import is_plausible
from b12labs.results import coerce_result, result_class
from b12labs.units import factor
from strategies import plausible_limits

_FOREIGN: Any = pint.UnitRegistry()


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        (PotassiumResult, "45 mmol/L"),  # a typo for 4.5
        (PotassiumResult, ">45 mmol/L"),  # every value it allows is implausible
        (PotassiumResult, "0 mmol/L"),  # an exact 0 is implausible
        (PotassiumResult, "0.3 mmol/L"),
        (B12Result, "1.500 pg/mL"),  # 1,500 typed with a thousands dot
        (B12Result, "5 pmol/L"),
        (B12Result, "<20 pg/mL"),  # every value it allows is below every assay's limit
        (B12Result, "250000 pg/mL"),
        (MagnesiumResult, "25 mmol/L"),
        (MagnesiumResult, "0.05 mmol/L"),
        (MagnesiumResult, "30 mg/dL"),
    ],
)
def test_implausible_texts_are_refused(cls: type[B12Result], text: str) -> None:
    with pytest.raises(InvalidResultError) as caught:
        cls.parse(text)
    assert caught.value.code == "implausible"
    assert caught.value.field == f"{cls._require_analyte().value}.value"
    assert "check the number and its unit" in str(caught.value)


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        (B12Result, "<50 pg/mL"),  # an assay's censored result: some of it is plausible
        (B12Result, "5000 pg/mL"),  # seen on treatment
        (B12Result, ">2000 pg/mL"),
        (PotassiumResult, "20 mmol/L"),  # an EDTA-contaminated sample: flagged, not refused
        (PotassiumResult, "<1.0 mmol/L"),
        (MagnesiumResult, "8 mg/dL"),  # magnesium sulfate therapy
        (MagnesiumResult, "0.2 mmol/L"),
    ],
)
def test_extreme_real_measurements_are_kept(cls: type[B12Result], text: str) -> None:
    cls.parse(text)


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "comparator", "plausible"),
    [
        # "<=v" / "<v" allow [0, v]: plausible when some of it reaches the low limit
        (Analyte.potassium, 45.0, "mmol/L", "<=", True),
        (Analyte.potassium, 45.0, "mmol/L", "<", True),
        (Analyte.b12, 20.0, "pg/mL", "<=", True),  # the low limit itself is plausible
        (Analyte.b12, 20.0, "pg/mL", "<", False),  # [0, 20) lies wholly below it
        (Analyte.b12, 10.0, "pg/mL", "<", False),
        (Analyte.b12, 10.0, "pg/mL", "<=", False),
        # ">=v" / ">v" allow [v, inf): plausible when some of it reaches the high limit
        (Analyte.potassium, 0.1, "mmol/L", ">=", True),
        (Analyte.potassium, 0.1, "mmol/L", ">", True),
        (Analyte.potassium, 30.0, "mmol/L", ">=", True),  # the high limit itself
        (Analyte.potassium, 30.0, "mmol/L", ">", False),
        (Analyte.potassium, 45.0, "mmol/L", ">=", False),
        # an exact value: both limits, inclusive
        (Analyte.potassium, 0.5, "mmol/L", None, True),
        (Analyte.potassium, 30.0, "mmol/L", None, True),
        (Analyte.potassium, 0.1, "mmol/L", None, False),
        (Analyte.potassium, 45.0, "mmol/L", None, False),
        # the limits are converted to the result's unit: 20 pg/mL is 14.76 pmol/L, and
        # 0.1-10 mmol/L of magnesium is 0.243-24.3 mg/dL
        (Analyte.b12, 15.0, "pmol/L", None, True),
        (Analyte.b12, 14.5, "pmol/L", None, False),
        (Analyte.magnesium, 0.25, "mg/dL", None, True),
        (Analyte.magnesium, 0.24, "mg/dL", None, False),
        (Analyte.magnesium, 24.0, "mg/dL", None, True),
        (Analyte.magnesium, 24.5, "mg/dL", None, False),
    ],
)
def test_a_censored_value_is_implausible_only_when_every_value_it_allows_is(
    analyte: Analyte, value: float, unit: str, comparator: str | None, plausible: bool
) -> None:
    """Invariant: ``is_plausible`` is true exactly when the interval the result stands for
    meets the inclusive plausible limits."""
    assert is_plausible(analyte, value, unit, comparator) is plausible


def test_a_haemolysed_extreme_potassium_is_explained_not_refused() -> None:
    report = interpret(potassium=PotassiumResult.parse("18 mmol/L", hemolyzed=True))
    assert report.findings[Analyte.potassium].band == "critical_high"
    assert any("haemolysed" in w for w in report.warnings)


def test_the_limits_are_cited_chemistry() -> None:
    for analyte in Analyte:
        limits = chemistry(analyte).plausible
        assert limits.low.source
        assert limits.high.source
        assert limits.note
        low = limits.low.value * factor(
            analyte, limits.low.unit, "mmol/L" if analyte != "b12" else "pmol/L"
        )
        high = limits.high.value * factor(
            analyte, limits.high.unit, "mmol/L" if analyte != "b12" else "pmol/L"
        )
        assert 0 < low < high


@pytest.mark.parametrize("analyte", list(Analyte))
def test_every_bundled_boundary_lies_within_the_plausible_limits(analyte: Analyte) -> None:
    """A band no measurement can reach would be a data error; every cut point is plausible."""
    for table in RangeSet.default().tables(analyte):
        for band in table.bands:
            for bound in (band.low, band.high):
                if bound is not None:
                    assert is_plausible(analyte, bound.value, bound.unit, None), (
                        table.population,
                        bound,
                    )


def _implausible(analyte: Analyte, unit: str) -> st.SearchStrategy[float]:
    low, high = plausible_limits(analyte, unit)
    return st.one_of(
        st.floats(min_value=0.0, max_value=low * (1 - 1e-6), allow_nan=False),
        st.floats(min_value=high * (1 + 1e-6), max_value=high * 1e3, allow_nan=False),
    )


_CASES = st.sampled_from([(a, u) for a in Analyte for u in chemistry(a).ucum_codes]).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), _implausible(*pair))
)


@given(_CASES, st.sampled_from(["text", "tuple", "number_text", "mapping", "quantity", "model"]))
def test_implausible_values_are_refused_on_every_input_path(
    case: tuple[Analyte, str, float], path: str
) -> None:
    """Invariant: a value outside the plausible limits is refused as ``implausible``, with the
    field ``<analyte>.value``, whether it comes as text, a tuple, a mapping, a foreign pint
    Quantity or a result model, by ``.parse()``, ``coerce_result`` and ``interpret()`` alike."""
    analyte, unit, value = case
    number = f"{value:.17f}".rstrip("0").rstrip(".")
    if path == "quantity":
        # pint's default registry has no equivalents, so its quantity is in mmol/L
        unit = "mmol/L" if unit == "meq/L" else unit
        value = value / 2 if analyte is Analyte.magnesium and case[1] == "meq/L" else value
    given: object = {
        "text": f"{number} {unit}",
        "tuple": (value, unit),
        "number_text": (number, unit),
        "mapping": {"value": value, "unit": unit},
        "quantity": _FOREIGN.Quantity(value, unit) if path == "quantity" else None,
    }.get(path)
    if path == "model":
        with pytest.raises(ValueError, match="serum sample"):
            result_class(analyte).model_validate({"value": value, "unit": unit})
        return
    assert given is not None
    for attempt in (
        lambda: coerce_result(analyte, given),
        lambda: interpret(**{analyte.value: given}),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidResultError) as caught:
            attempt()
        assert caught.value.code == "implausible", (path, caught.value.code)
        assert caught.value.field == f"{analyte.value}.value"


def test_convert_does_not_judge_plausibility() -> None:
    """api 7: ``convert()`` is arithmetic; only results are judged."""
    assert math.isclose(convert(45.0, "mmol/L", "meq/L", analyte="potassium"), 45.0)


def test_the_cli_refuses_an_implausible_value_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["interpret", "--potassium", "45 mmol/L"]) == 2
    err = capsys.readouterr().err
    assert "potassium.value" in err
    assert "45" not in err
