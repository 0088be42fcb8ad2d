"""The second picture: B12 excess from high-dose injections (facts.md sections 0.2, 1c, 2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import Analyte, Band, Category, Factor, Likelihood, Symptom, interpret
from b12labs.reasoning.b12_excess import TABLE
from b12labs.vocabulary import INJECTION_SIDE_EFFECTS as SIDE_EFFECTS
from reasoning.scenarios import B12_EXCESS, Inputs, Scenario, check
from reasoning.strategies_interpret import inputs

CATEGORY = Category.b12_excess_injections


@pytest.mark.parametrize("case", B12_EXCESS, ids=lambda case: case.name)
def test_scenario(case: Scenario) -> None:
    check(case)


def test_side_effects_are_the_source_articles() -> None:
    """Seed article: headache, nausea, diarrhea, skin rash, or palpitations; palpitations have
    their own rule, because during injections they point first to the potassium risk."""
    assert {
        Symptom.headache,
        Symptom.nausea,
        Symptom.diarrhea,
        Symptom.skin_rash,
        Symptom.palpitations,
    } == SIDE_EFFECTS | {Symptom.palpitations}
    report = interpret(symptoms=["palpitations"], context={"b12_injections": True})
    first = report.assessment(CATEGORY).evidence[0]
    assert first.rule == "b12_excess.palpitations_during_injections"
    assert "potassium" in first.text


@pytest.mark.parametrize("injections", [False, "no"])
def test_without_injections_side_effects_are_not_evidence(injections: object) -> None:
    report = interpret(
        b12="1500 pg/mL",
        symptoms=sorted(SIDE_EFFECTS | {Symptom.palpitations}),
        context={"b12_injections": injections},
    )
    assessment = report.assessment(CATEGORY)
    assert assessment.likelihood is Likelihood.unlikely
    assert assessment.assessed
    assert [e.rule for e in assessment.evidence] == ["b12_excess.no_injections"]
    assert assessment.evidence[0].direction == "against"
    assert assessment.rationale.startswith(TABLE.headlines[Likelihood.unlikely])


def test_injections_not_known_is_not_assessed_and_says_what_would_assess_it() -> None:
    """api 3: nothing given speaks to the category; "not known", never "not reported"."""
    report = interpret(b12="1500 pg/mL", symptoms=sorted(SIDE_EFFECTS))
    assessment = report.assessment(CATEGORY)
    assert not assessment.assessed
    assert assessment.evidence == []
    assert assessment.not_known == ["whether B12 injections are given"]
    text = str(report)
    assert "B12 excess from high-dose injections: NOT ASSESSED" in text
    assert "not reported" not in text
    assert "no injections are" not in text


def test_injections_and_high_b12_without_side_effects_is_not_raised() -> None:
    report = interpret(b12="1500 pg/mL", context={"b12_injections": True})
    assert report.assessment(CATEGORY).likelihood is Likelihood.unlikely
    assert report.findings[Analyte.b12].band is Band.high


def test_low_potassium_on_injections_is_possible_and_says_what_would_settle_it() -> None:
    """Facts 0.2/9: the sourced link is rare (the first days of treating severe megaloblastic
    anaemia), so a low potassium on injections is possible, not likely, and the report says
    that when the injections started would settle it."""
    report = interpret(potassium="3.0 mmol/L", context={"b12_injections": True})
    assessment = report.assessment(CATEGORY)
    assert assessment.likelihood is Likelihood.possible
    assert "48 hours" in assessment.rationale
    assert "3 mmol/L" in assessment.rationale
    assert any("When the injections started" in e.text for e in assessment.evidence)
    assert assessment.not_known == ["when the B12 injections started"]
    assert "cyanocobalamin-label" in {s.id for s in assessment.sources}
    assert report.assessments[0].category is Category.other_common_causes


def test_low_potassium_as_injections_start_for_anaemia_is_likely() -> None:
    report = interpret(
        potassium="3.0 mmol/L",
        context={"b12_injections_started_recently": True, "conditions": ["pernicious anaemia"]},
    )
    assessment = report.assessment(CATEGORY)
    assert assessment.likelihood is Likelihood.likely
    assert "started only days ago" in assessment.rationale
    assert report.context.b12_injections is True, "a recent start implies injections"


def test_a_common_cause_of_low_potassium_comes_first() -> None:
    """Issue 6.4: with a potassium-lowering diuretic, the diuretic is the first explanation."""
    report = interpret(
        potassium="3.0 mmol/L",
        context={
            "b12_injections_started_recently": True,
            "conditions": ["megaloblastic anaemia"],
            "medications": ["furosemide"],
        },
    )
    assert report.assessment(CATEGORY).likelihood is Likelihood.possible
    assert report.assessments[0].category is Category.other_common_causes
    assert Factor.medication in report.assessment(Category.other_common_causes).factors


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
    context.pop("b12_injections_started_recently", None)
    base = given_inputs
    report = Inputs(base.b12, base.potassium, base.magnesium, base.symptoms, context).run()
    assert report.assessment(CATEGORY).likelihood is Likelihood.unlikely


_COMMON_CAUSE_MEDICINES = {"diuretic", "thiazide_diuretic", "loop_diuretic"}


@given(inputs(), st.floats(min_value=2.8, max_value=3.49), st.booleans())
def test_injections_with_an_exact_low_potassium_are_possible_and_likely_only_as_they_start(
    given_inputs: Inputs, potassium: float, recent: bool
) -> None:
    """Invariant: injections + low (not critical) potassium -> unlikely when the injections are
    known not to have started recently, else at least possible; likely only in the sourced
    setting (a recent start, treating a deficiency anaemia) and never when a commoner cause
    of low potassium is present, which then ranks first."""
    context = dict(given_inputs.context) if isinstance(given_inputs.context, dict) else {}
    context.update(b12_injections=True, age_years=40, b12_injections_started_recently=recent)
    context.pop("pregnant", None)
    context.pop("pregnancy_trimester", None)
    base = given_inputs
    report = Inputs(base.b12, (potassium, "mmol/L"), base.magnesium, base.symptoms, context).run()
    assert report.findings[Analyte.potassium].band is Band.low
    likelihood = report.assessment(CATEGORY).likelihood
    if not recent:  # the label's warning is for the first days of treatment
        assert likelihood is Likelihood.unlikely
        return
    assert likelihood >= Likelihood.possible
    person = report.context
    common = (
        bool(person.medications & _COMMON_CAUSE_MEDICINES)
        or Symptom.diarrhea in report.symptoms
        or "heavy_fluid_loss" in person.red_flags
        or (
            Analyte.magnesium in report.findings
            and set(report.findings[Analyte.magnesium].possible_bands)
            <= {Band.low, Band.critical_low}
        )
    )
    # the label's setting: an anaemia of deficiency given (a low B12 alone is not one)
    anaemia = bool(person.conditions & {"megaloblastic_anemia", "pernicious_anemia"})
    assert (likelihood is Likelihood.likely) is (recent and anaemia and not common)
    if common:
        ranks = [a.category for a in report.assessments]
        assert ranks.index(Category.other_common_causes) < ranks.index(CATEGORY)
