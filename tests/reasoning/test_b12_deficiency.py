"""The first picture of the source article: vitamin B12 deficiency (facts.md section 1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import (
    Analyte,
    B12Result,
    Band,
    Category,
    Context,
    Diet,
    Likelihood,
    chemistry,
    convert,
    interpret,
)
from b12labs.reasoning.b12_deficiency import TABLE
from b12labs.vocabulary import GENERAL_SYMPTOMS, NERVE_SYMPTOMS
from reasoning.scenarios import B12_DEFICIENCY, Inputs, Scenario, check
from reasoning.strategies_interpret import contexts, inputs, lab_values

CATEGORY = Category.b12_deficiency
ADULT = {"age_years": 40}


@pytest.mark.parametrize("case", B12_DEFICIENCY, ids=lambda case: case.name)
def test_scenario(case: Scenario) -> None:
    check(case)


@pytest.mark.parametrize(
    ("text", "band", "likelihood"),
    [
        ("179.9 ng/L", Band.low, Likelihood.likely),
        ("180 ng/L", Band.borderline_low, Likelihood.possible),
        ("350 pg/mL", Band.borderline_low, Likelihood.possible),
        ("350.1 pg/mL", Band.normal, Likelihood.unlikely),
        ("914 pg/mL", Band.normal, Likelihood.unlikely),
        ("914.1 pg/mL", Band.high, Likelihood.unlikely),
        ("132 pmol/L", Band.low, Likelihood.likely),  # 178.9 ng/L
        ("133 pmol/L", Band.borderline_low, Likelihood.possible),  # NICE's 133 = 180.3 ng/L
        ("258 pmol/L", Band.borderline_low, Likelihood.possible),  # NICE's 258 = 349.7 ng/L
        ("259 pmol/L", Band.normal, Likelihood.unlikely),
    ],
)
def test_nice_cut_offs_in_adults(text: str, band: Band, likelihood: Likelihood) -> None:
    """NICE NG239: <180 ng/L deficient, 180-350 indeterminate, >350 unlikely (facts 1a)."""
    report = interpret(b12=text, context=ADULT)
    assert report.findings[Analyte.b12].band is band
    assert report.assessment(CATEGORY).likelihood is likelihood


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("132.9 pmol/L", Band.low),  # 180.1 ng/L converted, but below NICE's printed 133 pmol/L
        ("133 pmol/L", Band.borderline_low),
        ("258 pmol/L", Band.borderline_low),
        ("258.1 pmol/L", Band.normal),  # 349.8 ng/L converted, but above NICE's printed 258
        ("180.1 ng/L", Band.borderline_low),  # 132.9 pmol/L converted: ng/L is compared in ng/L
        ("349.8 pg/mL", Band.borderline_low),
    ],
)
def test_a_result_is_compared_with_the_figure_nice_printed_in_its_unit(
    text: str, band: Band
) -> None:
    """NICE printed each limit in both units (180 ng/L and 133 pmol/L, 350 and 258): a
    result is compared with the figure in its own property, so a rounding of NICE's cannot
    flip its band (research notes section 8)."""
    report = interpret(b12=text, context=ADULT)
    assert report.findings[Analyte.b12].band is band


@pytest.mark.parametrize("edge", [180.0, 350.0])
@pytest.mark.parametrize("unit", ["pg/mL", "ng/L"])
def test_a_cut_off_converted_within_its_property_stays_on_its_band(edge: float, unit: str) -> None:
    """The cut-offs are inclusive in ng/L; the same value in pg/mL must not slip off them."""
    value = convert(edge, "ng/L", unit, analyte="b12")
    report = interpret(b12=(value, unit), context=ADULT)
    assert report.findings[Analyte.b12].band is Band.borderline_low


def test_deficiency_evidence_says_what_speaks_for_and_against() -> None:
    report = interpret(
        b12="500 pg/mL",
        symptoms=["tingling", "fatigue"],
        context={"diet": "vegan", "b12_oral_supplements": True},
    )
    evidence = {e.rule: e for e in report.assessment(CATEGORY).evidence}
    assert evidence["b12_deficiency.b12_not_low"].direction == "against"
    assert evidence["b12_deficiency.b12_not_low"].kind == "finding"
    assert evidence["b12_deficiency.b12_not_low"].subject == "b12"
    assert "500 pg/mL" in evidence["b12_deficiency.b12_not_low"].text
    assert evidence["b12_deficiency.oral_supplements"].direction == "against"
    assert evidence["b12_deficiency.symptom.tingling"].direction == "for"
    assert evidence["b12_deficiency.symptom.tingling"].kind == "symptom"
    assert evidence["b12_deficiency.risk.plant_based_diet"].kind == "context"
    assert report.assessment(CATEGORY).likelihood is Likelihood.unlikely


def test_likely_rationale_quotes_the_value_and_band() -> None:
    assessment = interpret(b12="130 pg/mL").assessment(CATEGORY)
    assert assessment.rationale.startswith(TABLE.headlines[Likelihood.likely])
    assert "130 pg/mL" in assessment.rationale
    assert "<180 pg/mL" in assessment.rationale  # the limit in the result's own unit
    assert {s.id for s in assessment.sources} >= {"nice-ng239", "mayo-b12"}


def test_nerve_and_general_symptoms_match_the_source_article() -> None:
    """Seed article: tingling, numbness, cognitive issues (nerves); fatigue, weakness (anaemia)."""
    assert {s.value for s in NERVE_SYMPTOMS} == {"tingling", "numbness", "cognitive_issues"}
    assert {s.value for s in GENERAL_SYMPTOMS} == {"fatigue", "weakness"}


@given(
    inputs(b12=False),
    st.sampled_from(chemistry(Analyte.b12).ucum_codes).flatmap(
        lambda unit: st.tuples(
            st.just(unit), lab_values(Analyte.b12, unit), lab_values(Analyte.b12, unit)
        )
    ),
)
def test_lowering_b12_never_lowers_the_deficiency_likelihood(
    given_inputs: Inputs, lab: tuple[str, float, float]
) -> None:
    """Invariant: for the same person, a lower exact B12 never makes deficiency less likely."""
    unit, a, b = lab
    lower, higher = sorted((a, b))
    base = given_inputs
    at_lower = Inputs((lower, unit), base.potassium, base.magnesium, base.symptoms, base.context)
    at_higher = Inputs((higher, unit), base.potassium, base.magnesium, base.symptoms, base.context)
    assert (
        at_lower.run().assessment(CATEGORY).likelihood
        >= at_higher.run().assessment(CATEGORY).likelihood
    )


@given(
    contexts(),
    st.sampled_from(chemistry(Analyte.b12).ucum_codes).flatmap(
        lambda unit: st.tuples(
            st.just(unit), st.sampled_from([">", ">="]), lab_values(Analyte.b12, unit)
        )
    ),
    st.lists(st.sampled_from(sorted(NERVE_SYMPTOMS | GENERAL_SYMPTOMS)), max_size=3),
)
def test_a_censored_b12_above_the_grey_zone_makes_deficiency_unlikely(
    context: dict[str, object], lab: tuple[str, str, float], symptoms: list[str]
) -> None:
    """Invariant: when every value a '>x' B12 may take is normal or high, deficiency is unlikely,
    except where a normal total B12 does not reassure: in pregnancy, after nitrous oxide
    with nerve symptoms, and during injections or on high-dose biotin (the total then does
    not show the stores). MMA is asked for only where total B12 cannot settle it: strong
    features (nerve symptoms and a risk factor) with a normal result, or nitrous oxide."""
    unit, comparator, value = lab
    result = B12Result.model_validate({"value": value, "unit": unit, "comparator": comparator})
    report = interpret(b12=result, symptoms=symptoms, context=context)
    finding = report.findings[Analyte.b12]
    nerve = bool(NERVE_SYMPTOMS & set(report.symptoms))
    nitrous = "nitrous_oxide" in report.context.medications
    if set(finding.possible_bands) <= {Band.normal, Band.high}:
        if "methylmalonic acid" in {r.test for r in report.recommendations}:
            assert nitrous or (nerve and _has_risk_factor(report.context))
        uninformative = report.context.b12_injections or "biotin" in report.context.medications
        if not report.context.pregnant and not (nitrous and nerve) and not uninformative:
            assert report.assessment(CATEGORY).likelihood is Likelihood.unlikely


#: NICE NG239 risk factors, written out independently of the rule table.
_ABSORPTION_MEDICINES = {
    "metformin",
    "proton_pump_inhibitor",
    "h2_receptor_antagonist",
    "colchicine",
    "topiramate",
    "nitrous_oxide",
}
_ABSORPTION_CONDITIONS = {"pernicious_anemia", "gastric_surgery", "celiac_disease"}


def _has_risk_factor(context: Context) -> bool:
    return (
        context.diet in (Diet.vegan, Diet.vegetarian)
        or bool(context.medications & _ABSORPTION_MEDICINES)
        or bool(context.conditions & _ABSORPTION_CONDITIONS)
        or (context.age_years is not None and context.age_years >= 65)
    )


@given(
    contexts(),
    st.sampled_from(chemistry(Analyte.b12).ucum_codes).flatmap(
        lambda unit: st.tuples(st.just(unit), lab_values(Analyte.b12, unit))
    ),
)
def test_a_b12_in_the_deficiency_band_follows_what_its_limits_mean(
    context: dict[str, object], lab: tuple[str, float]
) -> None:
    """Invariant: an exact B12 below a decision limit (adults, NICE) means likely; below a
    reference interval (children, pregnancy) possible, and likely with a risk factor (the
    context holds no symptoms here); the pill lowers total B12 without deficiency, so with it
    the verdict is possible whatever the limits."""
    unit, value = lab
    report = interpret(b12=(value, unit), context=context)
    finding = report.findings[Analyte.b12]
    if finding.band is not Band.low:
        return
    if "oral_contraceptive" in report.context.medications:
        expected = Likelihood.possible
    elif finding.reference_range.basis == "decision_limits" and not report.context.pregnant:
        expected = Likelihood.likely
    elif finding.reference_range.basis == "decision_limits":  # a pregnancy judged on adult limits
        expected = Likelihood.possible
    else:
        expected = Likelihood.likely if _has_risk_factor(report.context) else Likelihood.possible
    assert report.assessment(CATEGORY).likelihood is expected
