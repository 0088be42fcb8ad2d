"""The third picture: the other, common causes of cramps (facts.md sections 2, 3 and 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import Analyte, Band, Category, Factor, Likelihood, interpret
from b12labs.reasoning.other_causes import TABLE
from b12labs.vocabulary import CRAMP_MEDICINES, DIURETICS
from reasoning.scenarios import OTHER_CAUSES, Inputs, Scenario, check
from reasoning.strategies_interpret import exact_labs, inputs

CATEGORY = Category.other_common_causes
LOW = {Band.low, Band.critical_low}


@pytest.mark.parametrize("case", OTHER_CAUSES, ids=lambda case: case.name)
def test_scenario(case: Scenario) -> None:
    check(case)


@pytest.mark.parametrize("name", sorted(DIURETICS))
def test_every_diuretic_is_medication_and_dehydration(name: str) -> None:
    """Facts 4: diuretics (thiazide, loop, potassium-sparing) drain water and salts."""
    assessment = interpret(symptoms=["muscle_cramps"], context={"medications": [name]}).assessment(
        CATEGORY
    )
    assert assessment.factors == [Factor.dehydration, Factor.medication]
    assert assessment.likelihood is Likelihood.possible
    # without a complaint to explain, a medicine names no cause
    alone = interpret(context={"medications": [name]}).assessment(CATEGORY)
    assert alone.factors == []
    assert alone.likelihood is Likelihood.unlikely


@pytest.mark.parametrize("name", sorted(CRAMP_MEDICINES))
def test_every_cramp_medicine_is_a_medication_factor(name: str) -> None:
    assessment = interpret(symptoms=["cramps"], context={"medications": [name]}).assessment(
        CATEGORY
    )
    assert Factor.medication in assessment.factors
    assert assessment.likelihood is Likelihood.possible
    with_thirst = interpret(
        symptoms=["cramps", "thirst"], context={"medications": [name]}
    ).assessment(CATEGORY)
    assert with_thirst.likelihood is Likelihood.likely  # two supporting facts


def test_two_facts_make_it_likely_and_name_both() -> None:
    assessment = interpret(symptoms=["thirst", "dizziness"]).assessment(CATEGORY)
    assert assessment.likelihood is Likelihood.likely
    assert assessment.factors == [Factor.dehydration]
    assert assessment.rationale.startswith(TABLE.headlines[Likelihood.likely])
    assert "Two or more" in assessment.rationale


def test_low_potassium_rationale_quotes_value_and_band() -> None:
    assessment = interpret(potassium="3.1 mmol/L").assessment(CATEGORY)
    assert "3.1 mmol/L" in assessment.rationale
    assert "2.8-3.5 mmol/L" in assessment.rationale
    evidence = assessment.evidence[0]
    assert (evidence.rule, evidence.kind, evidence.subject, evidence.direction) == (
        "other_common_causes.low_potassium",
        "finding",
        "potassium",
        "for",
    )


def test_normal_electrolytes_speak_against_without_capping() -> None:
    """Dehydration and exercise do not show in a blood test, so normal labs only speak against."""
    assessment = interpret(
        potassium="4.0 mmol/L",
        magnesium="0.9 mmol/L",
        symptoms=["thirst"],
        context={"recent_heavy_exercise": True},
    ).assessment(CATEGORY)
    assert assessment.likelihood is Likelihood.likely
    against = [e.rule for e in assessment.evidence if e.direction == "against"]
    assert against == [
        "other_common_causes.potassium_not_low",
        "other_common_causes.magnesium_not_low",
    ]


def test_high_potassium_is_not_a_low_potassium_factor() -> None:
    assessment = interpret(potassium="5.8 mmol/L").assessment(CATEGORY)
    assert assessment.factors == []
    assert assessment.likelihood is Likelihood.unlikely


@given(exact_labs())
def test_labs_alone_are_likely_exactly_when_potassium_or_magnesium_is_low(
    labs: dict[Analyte, tuple[float, str]],
) -> None:
    """Invariant: with labs only, other causes are likely iff K or Mg is (critically) low, and
    the factors are exactly those low electrolytes."""
    report = interpret(
        b12=labs.get(Analyte.b12),
        potassium=labs.get(Analyte.potassium),
        magnesium=labs.get(Analyte.magnesium),
    )
    low = {
        analyte
        for analyte in (Analyte.potassium, Analyte.magnesium)
        if analyte in report.findings and report.findings[analyte].band in LOW
    }
    assessment = report.assessment(CATEGORY)
    assert (assessment.likelihood is Likelihood.likely) == bool(low)
    if not low:
        assert assessment.likelihood is Likelihood.unlikely
    expected = {Factor.low_potassium: Analyte.potassium, Factor.low_magnesium: Analyte.magnesium}
    assert set(assessment.factors) == {f for f, a in expected.items() if a in low}


@given(inputs(), st.sampled_from(["potassium", "magnesium"]))
def test_an_exact_low_electrolyte_is_always_likely_with_its_factor(
    given_inputs: Inputs, which: str
) -> None:
    """Invariant: a low (not critical) potassium or magnesium makes other causes likely and
    names it, whatever else is given."""
    context = dict(given_inputs.context) if isinstance(given_inputs.context, dict) else {}
    context["age_years"] = 40
    context.pop("pregnant", None)
    context.pop("pregnancy_trimester", None)
    base = given_inputs
    potassium, magnesium = base.potassium, base.magnesium
    if which == "potassium":
        potassium, factor = ("3.2", "mmol/L"), Factor.low_potassium
    else:
        magnesium, factor = ("1.4", "mg/dL"), Factor.low_magnesium
    report = Inputs(base.b12, potassium, magnesium, base.symptoms, context).run()
    assessment = report.assessment(CATEGORY)
    assert assessment.likelihood is Likelihood.likely
    assert factor in assessment.factors
