"""Warnings: assumptions made and measurement caveats (issue 3; facts.md sections 1c, 1d, 2, 7)."""

from __future__ import annotations

import pytest
from hypothesis import given

from b12labs import Analyte, RangeSet, interpret
from reasoning.scenarios import CAVEATS, Inputs, Scenario, check
from reasoning.strategies_interpret import inputs
from strategies import FICTIONAL_DIR, load_fictional_ranges


@pytest.mark.parametrize("case", CAVEATS, ids=lambda case: case.name)
def test_scenario(case: Scenario) -> None:
    check(case)


@pytest.mark.parametrize(
    "given",
    [Inputs(b12="300 pg/mL"), Inputs(potassium="4 mmol/L"), Inputs(magnesium="0.8 mmol/L")],
)
def test_unknown_age_warns_that_the_adult_range_was_used(given: Inputs) -> None:
    report = given.run()
    assert len(report.warnings) == 1
    assert "age not given" in report.warnings[0]
    assert "Adults" in report.warnings[0]


def test_known_age_needs_no_population_warning() -> None:
    report = interpret(
        b12="300 pg/mL", potassium="4.0 mmol/L", magnesium="0.8 mmol/L", context={"age_years": 40}
    )
    assert report.warnings == []


def test_child_age_selects_the_child_ranges() -> None:
    report = interpret(
        b12="300 pg/mL", potassium="4.0 mmol/L", magnesium="0.8 mmol/L", context={"age_years": 8}
    )
    assert report.warnings == []
    assert report.findings[Analyte.b12].reference_range.population == "child"
    assert "324" in report.findings[Analyte.b12].reference_range.text
    for finding in report.findings.values():
        assert "Adult" not in finding.reference_range.population_label


def test_no_labs_no_population_warnings() -> None:
    assert interpret(symptoms=["cramps"], context={"diet": "vegan"}).warnings == []


def test_a_rangeset_without_an_analyte_falls_back_with_a_warning() -> None:
    b12_only = RangeSet.load(FICTIONAL_DIR / "b12.toml")
    report = interpret(
        b12="150 pg/mL", potassium="4.0 mmol/L", ranges=b12_only, context={"age_years": 40}
    )
    assert any("no ranges for it" in w and "bundled" in w for w in report.warnings)
    assert report.reference_data_version.startswith("fictional-1 (+ bundled ")
    assert report.findings[Analyte.b12].reference_range.population == "adult"
    assert report.findings[Analyte.b12].reference_range.text == "200-800 pg/mL"


def test_a_full_rangeset_is_used_without_fallback() -> None:
    ranges = load_fictional_ranges()
    report = interpret(
        b12="150 pg/mL", potassium="4.0 mmol/L", magnesium="0.8 mmol/L", ranges=ranges
    )
    assert report.reference_data_version == ranges.version
    assert not any("bundled" in w for w in report.warnings)


@given(inputs())
def test_warnings_are_distinct_and_never_empty_strings(given_inputs: Inputs) -> None:
    """Invariant: warnings hold no repeats and no empty text."""
    report = given_inputs.run()
    assert len(report.warnings) == len(set(report.warnings))
    assert all(w.strip() for w in report.warnings)
