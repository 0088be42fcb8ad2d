"""The second picture: B12 excess from high-dose injections (facts.md sections 0.2, 1c, 2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import Analyte, Band, Category, Likelihood, Symptom, interpret
from b12labs.reasoning.b12_excess import SIDE_EFFECTS, TABLE
from reasoning.scenarios import B12_EXCESS, Inputs, Scenario, check
from reasoning.strategies_interpret import inputs

CATEGORY = Category.b12_excess_injections


@pytest.mark.parametrize("case", B12_EXCESS, ids=lambda case: case.name)
def test_scenario(case: Scenario) -> None:
    check(case)


def test_side_effects_are_the_source_articles() -> None:
    """Seed article: headache, nausea, diarrhea, skin rash, or palpitations."""
    assert {
        Symptom.headache,
        Symptom.nausea,
        Symptom.diarrhea,
        Symptom.skin_rash,
        Symptom.palpitations,
    } == SIDE_EFFECTS


@pytest.mark.parametrize("injections", [False, None, "no"])
def test_without_injections_side_effects_are_not_evidence(injections: object) -> None:
    report = interpret(
        b12="1500 pg/mL",
        symptoms=sorted(SIDE_EFFECTS),
        context={"b12_injections": injections},
    )
    assessment = report.assessment(CATEGORY)
    assert assessment.likelihood is Likelihood.unlikely
    assert [e.rule for e in assessment.evidence] == ["b12_excess.no_injections"]
    assert assessment.evidence[0].direction == "against"
    assert assessment.rationale.startswith(TABLE.headlines[Likelihood.unlikely])


def test_injections_and_high_b12_without_side_effects_is_not_raised() -> None:
    report = interpret(b12="1500 pg/mL", context={"b12_injections": True})
    assert report.assessment(CATEGORY).likelihood is Likelihood.unlikely
    assert report.findings[Analyte.b12].band is Band.high


def test_likely_rationale_names_the_48_hours_of_the_label() -> None:
    assessment = interpret(potassium="3.0 mmol/L", context={"b12_injections": True}).assessment(
        CATEGORY
    )
    assert assessment.likelihood is Likelihood.likely
    assert "48 hours" in assessment.rationale
    assert "3 mmol/L" in assessment.rationale
    assert "cyanocobalamin-label" in {s.id for s in assessment.sources}


def test_potassium_safety_step_whenever_injections_are_reported() -> None:
    """Facts 4: starting B12 injections in severe anaemia: check K in the first 48 h."""
    report = interpret(context={"b12_injections": True})
    safety = [r for r in report.recommendations if r.kind == "safety"]
    assert any("48 hours" in r.text and "potassium" in r.text for r in safety)
    assert "serum potassium" in {r.test for r in report.recommendations}


@given(inputs())
def test_without_injections_excess_is_always_unlikely(given_inputs: Inputs) -> None:
    """Invariant: B12 excess is only linked to injections; without them it is unlikely."""
    context = dict(given_inputs.context) if isinstance(given_inputs.context, dict) else {}
    context["b12_injections"] = False
    base = given_inputs
    report = Inputs(base.b12, base.potassium, base.magnesium, base.symptoms, context).run()
    assert report.assessment(CATEGORY).likelihood is Likelihood.unlikely


@given(inputs(), st.floats(min_value=2.8, max_value=3.49))
def test_injections_with_an_exact_low_potassium_are_always_likely(
    given_inputs: Inputs, potassium: float
) -> None:
    """Invariant: injections + low (not critical) potassium -> likely, whatever else is given."""
    context = dict(given_inputs.context) if isinstance(given_inputs.context, dict) else {}
    context.update(b12_injections=True, age_years=40)
    context.pop("pregnant", None)
    context.pop("pregnancy_trimester", None)
    base = given_inputs
    report = Inputs(base.b12, (potassium, "mmol/L"), base.magnesium, base.symptoms, context).run()
    assert report.findings[Analyte.potassium].band is Band.low
    assert report.assessment(CATEGORY).likelihood is Likelihood.likely
