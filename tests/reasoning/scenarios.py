"""The clinical scenario table: one person's inputs and what the report must say about them.

Every scenario is written from the research notes, ``shared/clinical/facts.md`` beside the
repository (section in ``why``), or from the issues, against the *bundled* reference data
(adult NICE B12 decision limits: low <180 ng/L, borderline 180-350 ng/L, high >914 ng/L;
adult potassium: critical <2.8, low <3.5, high >5.3, critical >6.2 mmol/L; adult magnesium:
critical <=1.0 mg/dL, low <0.70 mmol/L, high >1.10 mmol/L, critical >=4.9 mg/dL).

The table is grouped by rule module (:data:`B12_DEFICIENCY`, :data:`B12_EXCESS`,
:data:`OTHER_CAUSES`, :data:`URGENCY`, :data:`RECOMMENDATIONS`, :data:`CAVEATS`); each
test module runs its group through :func:`check`, and ``test_rule_book.py`` checks that
together they exercise every rule of ``RULE_BOOK``.

:func:`fired_rules` says which rules produced a report: evidence and recommendations carry
their rule id; urgency reasons and warnings are matched against the rule texts.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping

from b12labs import (
    Analyte,
    Band,
    Category,
    Factor,
    Likelihood,
    PotassiumResult,
    RangeSet,
    Report,
    Urgency,
    interpret,
)
from b12labs.context import coerce_context
from b12labs.interpretation import lab_fact
from b12labs.ranges import selection
from b12labs.reasoning import RULE_BOOK, Facts, LabFact, Rule
from b12labs.results import coerce_result
from b12labs.symptoms import parse_symptoms

__all__ = [
    "ALL",
    "B12_DEFICIENCY",
    "B12_EXCESS",
    "CAVEATS",
    "OTHER_CAUSES",
    "RECOMMENDATIONS",
    "URGENCY",
    "Inputs",
    "Scenario",
    "check",
    "fired_rules",
    "make_facts",
    "recommended_tests",
    "rule_pattern",
]

B12 = Category.b12_deficiency
EXCESS = Category.b12_excess_injections
OTHER = Category.other_common_causes
K, MG, VB12 = Analyte.potassium, Analyte.magnesium, Analyte.b12


@dataclasses.dataclass(frozen=True)
class Inputs:
    """The keyword arguments of one ``interpret()`` call (``ranges`` aside)."""

    b12: object = None
    potassium: object = None
    magnesium: object = None
    symptoms: object = None
    context: object = None

    def run(self, ranges: RangeSet | None = None) -> Report:
        """``interpret()`` on these inputs."""
        return interpret(
            b12=self.b12,
            potassium=self.potassium,
            magnesium=self.magnesium,
            symptoms=self.symptoms,
            context=self.context,
            ranges=ranges,
        )


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One clinical picture and what its report must contain.

    Attributes:
        name: short id, used as the pytest id.
        why: the clinical fact it checks (facts.md section or issue 3).
        inputs: what is given to ``interpret()``.
        urgency: the exact urgency expected.
        likelihoods: the exact likelihood of each category named.
        fires: rule ids that must have produced the report.
        silent: rule ids that must not have.
        tests: follow-up test names that must be recommended.
        no_tests: follow-up test names that must not be.
        kinds: recommendation kinds that must be present.
        factors: the exact ``other_common_causes`` factors, when given.
        bands: the band expected for each lab named.
        warnings: substrings that must each appear in some warning.
        not_assessed: when given, exactly the categories nothing given speaks to
            (``assessed`` false); every other category must be assessed.
        says: substrings that must each appear in the plain-text report.
        never_says: substrings that must not appear in it.
        ranges: the range set to interpret with (the bundled one when ``None``).
    """

    name: str
    why: str
    inputs: Inputs
    urgency: Urgency
    likelihoods: Mapping[Category, Likelihood]
    fires: frozenset[str]
    silent: frozenset[str]
    tests: frozenset[str]
    no_tests: frozenset[str]
    kinds: frozenset[str]
    factors: frozenset[Factor] | None
    bands: Mapping[Analyte, Band]
    warnings: tuple[str, ...]
    not_assessed: frozenset[Category] | None = None
    says: tuple[str, ...] = ()
    never_says: tuple[str, ...] = ()
    ranges: RangeSet | None = None


def scenario(
    name: str,
    why: str,
    urgency: Urgency,
    *,
    b12: object = None,
    potassium: object = None,
    magnesium: object = None,
    symptoms: object = None,
    context: object = None,
    likely: Iterable[Category] = (),
    possible: Iterable[Category] = (),
    unlikely: Iterable[Category] = (),
    fires: Iterable[str] = (),
    silent: Iterable[str] = (),
    tests: Iterable[str] = (),
    no_tests: Iterable[str] = (),
    kinds: Iterable[str] = (),
    factors: Iterable[Factor] | None = None,
    bands: Mapping[Analyte, Band] | None = None,
    warnings: Iterable[str] = (),
    not_assessed: Iterable[Category] | None = None,
    says: Iterable[str] = (),
    never_says: Iterable[str] = (),
    ranges: RangeSet | None = None,
) -> Scenario:
    """A :class:`Scenario`, written compactly."""
    likelihoods: dict[Category, Likelihood] = {}
    for level, categories in (
        (Likelihood.likely, likely),
        (Likelihood.possible, possible),
        (Likelihood.unlikely, unlikely),
    ):
        for category in categories:
            assert category not in likelihoods, f"{name}: {category} given twice"
            likelihoods[category] = level
    return Scenario(
        name=name,
        why=why,
        inputs=Inputs(b12, potassium, magnesium, symptoms, context),
        urgency=urgency,
        likelihoods=likelihoods,
        fires=frozenset(fires),
        silent=frozenset(silent),
        tests=frozenset(tests),
        no_tests=frozenset(no_tests),
        kinds=frozenset(kinds),
        factors=None if factors is None else frozenset(factors),
        bands=dict(bands or {}),
        warnings=tuple(warnings),
        not_assessed=None if not_assessed is None else frozenset(not_assessed),
        says=tuple(says),
        never_says=tuple(never_says),
        ranges=ranges,
    )


# --- which rules produced a report ---------------------------------------------------------


@functools.cache
def rule_pattern(text: str) -> re.Pattern[str]:
    """A regex matching a rule text with any values in its ``{placeholders}``."""
    parts = re.split(r"\{[a-z0-9_]+\}", text)
    return re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL)


def _matched(rules: Iterable[Rule], texts: Iterable[str]) -> set[str]:
    texts = list(texts)
    return {rule.id for rule in rules if any(rule_pattern(rule.text).fullmatch(t) for t in texts)}


def fired_rules(report: Report) -> frozenset[str]:
    """Ids of the rules whose output appears in the report.

    Category rules and recommendations name their rule; urgency rules are found through the
    urgency reasons (only those of the level reached are kept) and caveats through the
    warnings.
    """
    ids = {item.rule for a in report.assessments for item in a.evidence}
    ids |= {r.rule for r in report.recommendations if r.rule is not None}
    ids |= _matched(RULE_BOOK.urgency, report.urgency_reasons)
    ids |= _matched(RULE_BOOK.caveats, report.warnings)
    return frozenset(ids)


def recommended_tests(report: Report) -> set[str]:
    """The follow-up tests a report recommends."""
    return {r.test for r in report.recommendations if r.kind == "follow_up_test" and r.test}


def check(case: Scenario) -> Report:
    """Run a scenario and assert everything it expects; returns the report."""
    report = case.inputs.run(case.ranges)
    got = {a.category: a.likelihood for a in report.assessments}
    for category, expected in case.likelihoods.items():
        assert got[category] == expected, (
            f"{case.name}: {category.value} is {got[category].value}, expected {expected.value}"
        )
    assert report.urgency == case.urgency, f"{case.name}: urgency {report.urgency.value}"
    fired = fired_rules(report)
    assert case.fires <= fired, f"{case.name}: rules not fired: {sorted(case.fires - fired)}"
    assert not case.silent & fired, f"{case.name}: rules fired: {sorted(case.silent & fired)}"
    recommended = recommended_tests(report)
    assert case.tests <= recommended, f"{case.name}: tests missing: {case.tests - recommended}"
    assert not case.no_tests & recommended, f"{case.name}: tests given: {case.no_tests}"
    kinds = {r.kind for r in report.recommendations}
    assert case.kinds <= kinds, f"{case.name}: kinds missing: {case.kinds - kinds}"
    if case.factors is not None:
        assert set(report.assessment(OTHER).factors) == case.factors, case.name
    for analyte, band in case.bands.items():
        assert report.findings[analyte].band == band, f"{case.name}: {analyte} band"
    for fragment in case.warnings:
        assert any(fragment in w for w in report.warnings), (
            f"{case.name}: no warning with {fragment!r} in {report.warnings}"
        )
    if case.not_assessed is not None:
        for category in Category:
            assessed = report.assessment(category).assessed
            assert assessed is (category not in case.not_assessed), (
                f"{case.name}: {category.value} assessed is {assessed}"
            )
    text = " ".join(str(report).split())
    for fragment in case.says:
        assert fragment in text, f"{case.name}: the report does not say {fragment!r}"
    for fragment in case.never_says:
        assert fragment not in text, f"{case.name}: the report says {fragment!r}"
    return report


def make_facts(
    *,
    b12: object = None,
    potassium: object = None,
    magnesium: object = None,
    symptoms: object = None,
    context: object = None,
    likelihoods: Mapping[Category, Likelihood] | None = None,
    factors: Iterable[Factor] | None = None,
    urgency: Urgency | None = None,
) -> Facts:
    """The :class:`Facts` ``interpret()`` would build, for testing conditions directly."""
    person = coerce_context(context)
    labs: dict[Analyte, LabFact] = {}
    for analyte, value in ((VB12, b12), (K, potassium), (MG, magnesium)):
        if value is not None:
            table = selection(None, analyte, person).table
            labs[analyte] = lab_fact(coerce_result(analyte, value), table)
    return Facts(
        labs=labs,
        symptoms=parse_symptoms(symptoms),
        context=person,
        likelihoods=dict(likelihoods or {}),
        factors=frozenset(factors or ()),
        urgency=urgency,
    )


# --- B12 deficiency (facts.md section 1, issue 3 "B12 deficiency") -------------------------

_ADULT = {"age_years": 40}


@functools.cache
def adult_b12_ranges_only() -> RangeSet:
    """The bundled adult B12 table alone: a laboratory file without pregnancy ranges."""
    adult = next(t for t in RangeSet.default().tables(VB12) if t.population == "adult")
    return RangeSet({VB12: [adult]}, version="adult-b12-only")


MMA = "methylmalonic acid"
SERUM_B12 = "serum vitamin B12"
HOLO_TC = "holotranscobalamin (active B12)"
IF_AB = "intrinsic factor antibodies"

B12_DEFICIENCY: tuple[Scenario, ...] = (
    scenario(
        "low_b12_is_likely",
        "facts 1a: NICE total B12 <180 ng/L -> deficiency likely",
        Urgency.routine,
        b12="130 pg/mL",
        likely=[B12],
        unlikely=[EXCESS, OTHER],
        fires=[
            "b12_deficiency.low_b12",
            "urgency.routine",
            "recommendation.routine_follow_up",
            "recommendation.test.intrinsic_factor_antibodies",
        ],
        tests=[IF_AB],
        no_tests=[MMA, SERUM_B12],
        kinds=["safety"],
        bands={VB12: Band.low},
        warnings=["age not given", "Adults"],
    ),
    scenario(
        "borderline_b12_is_possible_with_mma",
        "facts 1a/1b: NICE 180-350 ng/L indeterminate -> methylmalonic acid",
        Urgency.routine,
        b12="250 pg/mL",
        context=_ADULT,
        possible=[B12],
        fires=["b12_deficiency.borderline_b12", "recommendation.test.methylmalonic_acid"],
        silent=["b12_deficiency.borderline_with_strong_features"],
        tests=[MMA],
        no_tests=[SERUM_B12, IF_AB],
        bands={VB12: Band.borderline_low},
    ),
    scenario(
        "borderline_with_tingling_and_vegan_is_likely",
        "facts 1a (BSH: act on strong clinical features) + seed: vegans more prone",
        Urgency.prompt,
        b12="250 pg/mL",
        symptoms=["tingling"],
        context={"diet": "vegan"},
        likely=[B12],
        fires=[
            "b12_deficiency.borderline_with_strong_features",
            "b12_deficiency.symptom.tingling",
            "b12_deficiency.risk.plant_based_diet",
            "urgency.nerve_symptoms_with_possible_deficiency",
            "recommendation.see_clinician_within_days",
        ],
        tests=[MMA, IF_AB],
    ),
    scenario(
        "normal_b12_with_tingling_is_unlikely",
        "facts 1a: NICE >350 ng/L -> deficiency unlikely",
        Urgency.routine,
        b12="500 pg/mL",
        symptoms=["tingling"],
        unlikely=[B12],
        fires=["b12_deficiency.b12_not_low", "b12_deficiency.symptom.tingling"],
        no_tests=[MMA, SERUM_B12, IF_AB],
        bands={VB12: Band.normal},
    ),
    scenario(
        "no_b12_with_fatigue_alone_is_left_to_clinical_judgement",
        "facts 9 (NICE 1.2): a symptom without a risk factor is the clinician's judgement, not a test",
        Urgency.routine,
        symptoms=["fatigue"],
        possible=[B12],
        fires=[
            "b12_deficiency.untested_with_features",
            "b12_deficiency.symptom.fatigue",
            "recommendation.note.symptoms_alone_untested",
        ],
        silent=["recommendation.test.serum_b12"],
        no_tests=[SERUM_B12],
        kinds=["clinician_note"],
    ),
    scenario(
        "no_b12_vegetarian_without_symptoms_is_no_reason_to_test",
        "facts 9 (NICE 1.2): a risk factor alone is no reason to test",
        Urgency.routine,
        context={"diet": "vegetarian"},
        silent=[
            "b12_deficiency.untested_with_features",
            "b12_deficiency.risk.plant_based_diet",
            "recommendation.note.symptoms_alone_untested",
            "recommendation.safety.no_folic_acid_alone",
        ],
        no_tests=[SERUM_B12],
        not_assessed=[B12, EXCESS, OTHER],
    ),
    scenario(
        "no_b12_with_fatigue_and_a_plant_based_diet_asks_for_serum_b12",
        "facts 9 (NICE 1.2): a symptom and a risk factor together -> offer a B12 test",
        Urgency.routine,
        symptoms=["tiredness"],
        context={"diet": "vegan"},
        possible=[B12],
        fires=["recommendation.test.serum_b12"],
        tests=[SERUM_B12],
        kinds=["safety"],
        says=["Folic acid on its own does not treat"],
        never_says=["Do not take folic acid"],
    ),
    scenario(
        "b12_below_the_pregnancy_interval_is_possible_with_active_b12",
        "facts 7/9: below the pregnancy reference interval (envelope 99-656 pg/mL), not discounted again; "
        "a reference limit alone is not a cut-off; NICE: active B12; MMA helps decide",
        Urgency.routine,
        b12="90 pg/mL",
        context={"pregnant": True},
        possible=[B12],
        fires=[
            "b12_deficiency.below_reference_interval",
            "recommendation.test.active_b12_in_pregnancy",
            "recommendation.test.mma_in_pregnancy",
            "caveat.b12_in_pregnancy",
        ],
        silent=[
            "b12_deficiency.pregnancy_on_non_pregnancy_limits",
            "b12_deficiency.low_b12",
            "recommendation.test.mma_when_total_b12_is_lowered",
        ],
        never_says=["the pill"],
        tests=[HOLO_TC, MMA],
        bands={VB12: Band.low},
        warnings=["trimester not known", "envelope of the trimester intervals", "unreliable"],
    ),
    scenario(
        "b12_below_the_pregnancy_interval_with_tingling_is_likely_and_prompt",
        "facts 9: not discounted a second time for pregnancy; nerve symptoms are never made less urgent",
        Urgency.prompt,
        b12="80 pg/mL",
        symptoms=["tingling"],
        context={"pregnancy_trimester": 3},
        likely=[B12],
        fires=[
            "b12_deficiency.below_reference_interval_with_features",
            "urgency.nerve_symptoms_with_possible_deficiency",
            "recommendation.test.active_b12_in_pregnancy",
        ],
        silent=["b12_deficiency.pregnancy_on_non_pregnancy_limits"],
        tests=[HOLO_TC, MMA],
        bands={VB12: Band.low},
        warnings=["pregnancy range 'Pregnancy, third trimester'"],
    ),
    scenario(
        "normal_pregnancy_b12_with_nerve_symptoms_stays_possible",
        "facts 7/9: pregnancy intervals describe pregnant women, not deficiency; NICE: use active B12; "
        "nerve symptoms with possible deficiency are seen within days",
        Urgency.prompt,
        b12="120 pg/mL",
        symptoms=["tingling", "numbness"],
        context={"pregnancy_trimester": 1},
        possible=[B12],
        fires=[
            "b12_deficiency.pregnancy_normal_b12_with_features",
            "recommendation.test.active_b12_in_pregnancy",
            "urgency.nerve_symptoms_with_possible_deficiency",
        ],
        silent=["b12_deficiency.b12_not_low", "b12_deficiency.within_reference_interval"],
        tests=[HOLO_TC],
        bands={VB12: Band.normal},
    ),
    scenario(
        "high_b12_in_pregnancy_reassures",
        "facts 7: above the pregnancy interval, deficiency is unlikely",
        Urgency.routine,
        b12="700 pg/mL",
        symptoms=["tingling"],
        context={"pregnancy_trimester": 1},
        unlikely=[B12],
        fires=[
            "b12_deficiency.within_reference_interval",
            "recommendation.test.active_b12_in_pregnancy",
        ],
        tests=[HOLO_TC],
        bands={VB12: Band.high},
    ),
    scenario(
        "nitrous_oxide_with_numbness_despite_normal_b12",
        "facts 9 (NICE 1.3, Practical Neurology): nitrous oxide inactivates B12; total B12 may look normal; "
        "homocysteine or MMA first; cord damage can become permanent, so prompt",
        Urgency.prompt,
        b12="500 pg/mL",
        symptoms=["numbness"],
        context={"medications": ["nitrous oxide"]},
        possible=[B12],
        fires=[
            "b12_deficiency.nitrous_oxide_with_nerve_symptoms",
            "recommendation.test.homocysteine_after_nitrous_oxide",
            "recommendation.test.mma_after_nitrous_oxide",
            "urgency.nerve_symptoms_with_possible_deficiency",
        ],
        silent=["b12_deficiency.b12_not_low"],
        tests=["total homocysteine", MMA],
    ),
    scenario(
        "nitrous_oxide_with_tingling_and_no_b12_asks_for_homocysteine_or_mma_first",
        "facts 9 (NICE 1.3): with suspected nitrous-oxide deficiency homocysteine or MMA is the initial test",
        Urgency.prompt,
        symptoms=["pins and needles"],
        context={"medications": ["laughing gas"], "age_years": 22},
        possible=[B12],
        fires=["recommendation.test.homocysteine_after_nitrous_oxide"],
        silent=["recommendation.test.serum_b12"],
        tests=["total homocysteine", MMA],
        no_tests=[SERUM_B12],
    ),
    scenario(
        "oral_contraceptive_caps_low_b12_and_keeps_mma",
        "facts 7/9: the pill lowers B12 without true deficiency; MMA can help decide",
        Urgency.routine,
        b12="130 pg/mL",
        context={"medications": ["the pill"], "age_years": 30},
        symptoms=["muscle_cramps"],
        possible=[B12, OTHER],
        fires=[
            "b12_deficiency.low_b12",
            "b12_deficiency.oral_contraceptive_lowers_b12",
            "other_common_causes.medicine.oral_contraceptive",
            "recommendation.test.mma_when_total_b12_is_lowered",
        ],
        tests=[MMA, IF_AB],
        factors=[Factor.medication],
    ),
    scenario(
        "low_b12_on_the_pill_with_numbness_is_prompt",
        "issue 6.1: a cap on the likelihood never lowers the urgency of nerve symptoms",
        Urgency.prompt,
        b12="150 pg/mL",
        symptoms=["numbness"],
        context={"medications": ["combined pill"], "age_years": 24},
        possible=[B12],
        fires=[
            "b12_deficiency.oral_contraceptive_lowers_b12",
            "urgency.nerve_symptoms_with_possible_deficiency",
        ],
        tests=[MMA, IF_AB],
    ),
    scenario(
        "low_b12_on_the_pill_with_strong_features_is_likely",
        "facts 9 (BSH 2014 [S5][S6]): strong clinical features (nerve symptoms and a risk factor) are "
        "acted on; the pill's lowering of total B12 does not cap them",
        Urgency.prompt,
        b12="150 pg/mL",
        symptoms=["tingling"],
        context={"medications": ["the pill"], "diet": "vegan", "age_years": 28},
        likely=[B12],
        fires=[
            "b12_deficiency.oral_contraceptive_with_strong_features",
            "urgency.nerve_symptoms_with_possible_deficiency",
        ],
        silent=["b12_deficiency.oral_contraceptive_lowers_b12"],
        tests=[MMA],
    ),
    scenario(
        "nerve_and_general_symptoms_without_b12",
        "seed article: tingling, numbness, fatigue, weakness, cognitive issues; facts 4 red flag; "
        "facts 9: symptoms without a risk factor leave the B12 test to the clinician",
        Urgency.urgent,
        symptoms=["numbness", "memory problems", "weakness", "cramps"],
        possible=[B12, OTHER],
        fires=[
            "b12_deficiency.symptom.numbness",
            "b12_deficiency.symptom.cognitive_issues",
            "b12_deficiency.symptom.weakness",
            "b12_deficiency.symptom.muscle_cramps",
            "urgency.cramps_with_weakness_or_numbness",
            "recommendation.seek_care_now",
            "recommendation.note.symptoms_alone_untested",
        ],
        no_tests=[SERUM_B12],
    ),
    scenario(
        "absorption_medicines_are_risk_factors",
        "facts/NICE NG239 risk factors: metformin, acid suppressants, colchicine, topiramate",
        Urgency.routine,
        symptoms=["muscle_cramps"],
        context={
            "medications": ["metformin", "omeprazole", "famotidine", "colchicine", "topiramate"]
        },
        possible=[B12],
        fires=[
            "b12_deficiency.risk.metformin",
            "b12_deficiency.risk.proton_pump_inhibitor",
            "b12_deficiency.risk.h2_receptor_antagonist",
            "b12_deficiency.risk.colchicine",
            "b12_deficiency.risk.topiramate",
            "b12_deficiency.untested_with_features",
        ],
        no_tests=[SERUM_B12],
    ),
    scenario(
        "nitrous_oxide_asks_for_homocysteine",
        "facts 1b: homocysteine preferred when nitrous-oxide use is suspected",
        Urgency.routine,
        b12="260 pg/mL",
        context={"medications": ["laughing gas"], "age_years": 25},
        possible=[B12],
        fires=[
            "b12_deficiency.risk.nitrous_oxide",
            "recommendation.test.homocysteine_after_nitrous_oxide",
        ],
        tests=["total homocysteine", MMA],
    ),
    scenario(
        "absorption_conditions_with_numbness",
        "NICE risk factors; pernicious anaemia already known -> no intrinsic-factor test",
        Urgency.prompt,
        b12="250 pg/mL",
        symptoms=["numb"],
        context={"conditions": ["pernicious anaemia", "gastrectomy", "coeliac"]},
        likely=[B12],
        fires=[
            "b12_deficiency.risk.pernicious_anemia",
            "b12_deficiency.risk.gastric_surgery",
            "b12_deficiency.risk.celiac_disease",
            "b12_deficiency.borderline_with_strong_features",
        ],
        silent=["recommendation.test.intrinsic_factor_antibodies"],
        no_tests=[IF_AB],
    ),
    scenario(
        "older_age_with_brain_fog_and_borderline_b12",
        "facts 7: deficiency ~20% at >=85; NICE older age risk (threshold 65)",
        Urgency.prompt,
        b12="300 pg/mL",
        symptoms=["brain fog"],
        context={"age_years": 70},
        likely=[B12],
        fires=["b12_deficiency.risk.older_age", "b12_deficiency.symptom.cognitive_issues"],
    ),
    scenario(
        "oral_supplements_speak_against",
        "seed article: oral B12 is excreted; supplements make dietary shortfall less likely",
        Urgency.routine,
        context={"b12_oral_supplements": "yes"},
        unlikely=[B12, EXCESS, OTHER],
        fires=["b12_deficiency.oral_supplements", "b12_excess.oral_b12_only"],
        no_tests=[SERUM_B12],
    ),
    scenario(
        "child_below_one_laboratorys_interval_is_possible_not_likely",
        "facts 7/9: children 1-12 y have a higher interval (324 pg/mL lower limit); a reference limit "
        "is not a deficiency cut-off",
        Urgency.routine,
        b12="300 pg/mL",
        context={"age_years": 8},
        possible=[B12],
        fires=[
            "b12_deficiency.below_reference_interval",
            "recommendation.test.mma_below_reference_interval",
        ],
        silent=["b12_deficiency.low_b12", "b12_deficiency.below_reference_interval_with_features"],
        tests=[MMA],
        no_tests=[IF_AB],
        bands={VB12: Band.low},
        says=["Reference interval: >=324 pg/mL"],
    ),
    scenario(
        "child_below_the_interval_with_a_vegan_diet_is_likely",
        "facts 9: a reference limit is not by itself likely deficiency; with a risk factor it fits",
        Urgency.routine,
        b12="250 pg/mL",
        context={"age_years": 8, "diet": "vegan"},
        likely=[B12],
        fires=["b12_deficiency.below_reference_interval_with_features"],
        tests=[MMA, IF_AB],
    ),
    scenario(
        "same_value_in_an_adult_is_borderline",
        "facts 1a: the same 300 pg/mL is indeterminate against the adult NICE bands",
        Urgency.routine,
        b12="300 pg/mL",
        context={"age_years": 40},
        possible=[B12],
        bands={VB12: Band.borderline_low},
    ),
    scenario(
        "censored_low_b12",
        "facts 1d: '<150' is censored; all of it lies in the deficiency band",
        Urgency.routine,
        b12="<150 pg/mL",
        likely=[B12],
        fires=["b12_deficiency.low_b12", "caveat.censored_b12"],
        bands={VB12: Band.low},
    ),
    scenario(
        "censored_b12_straddling_deficiency_and_indeterminate",
        "api 4: '<300 pg/mL' straddles bands -> indeterminate -> possible, MMA",
        Urgency.routine,
        b12="<300 pg/mL",
        possible=[B12],
        fires=["b12_deficiency.unplaced_b12", "caveat.censored_b12"],
        tests=[MMA],
        bands={VB12: Band.indeterminate},
        says=["indeterminate: could be low or borderline low [IND]"],
    ),
    scenario(
        "censored_b12_above_the_indeterminate_zone_is_unlikely",
        "facts 1a: every value >500 pg/mL is above 350 ng/L, where deficiency is unlikely",
        Urgency.routine,
        b12=">500 pg/mL",
        unlikely=[B12],
        no_tests=[MMA],
        fires=["caveat.censored_b12"],
    ),
    scenario(
        "censored_high_b12_with_tingling_and_vegan_stays_unlikely_but_keeps_mma",
        "facts 1a: a B12 known to be >500 pg/mL is above the borderline zone; facts 9 (BSH): strong "
        "features with a 'normal' result keep a functional test; [S80]: nerve symptoms with suspected "
        "deficiency are reviewed within days whatever the total B12",
        Urgency.prompt,
        b12=">500 pg/mL",
        symptoms=["tingling"],
        context={"diet": "vegan"},
        unlikely=[B12],
        fires=[
            "recommendation.test.mma_strong_features_with_normal_b12",
            "urgency.nerve_symptoms_with_possible_deficiency",
        ],
        silent=[
            "b12_deficiency.borderline_with_strong_features",
            "b12_deficiency.near_limit_with_strong_features",
        ],
        tests=[MMA],
        no_tests=[IF_AB],
    ),
    scenario(
        "strong_features_just_above_the_decision_limit_stay_possible",
        "facts 9 (BSH 2014; Mayo reflex 150-400 ng/L): no verdict jumps from likely to silence at 350 ng/L",
        Urgency.prompt,
        b12="360 ng/L",
        symptoms=["tingling"],
        context={"diet": "vegan", "age_years": 35},
        possible=[B12],
        fires=[
            "b12_deficiency.near_limit_with_strong_features",
            "recommendation.test.mma_strong_features_with_normal_b12",
            "urgency.nerve_symptoms_with_possible_deficiency",
        ],
        silent=["b12_deficiency.b12_not_low"],
        tests=[MMA],
        bands={VB12: Band.normal},
        says=["Decision limits: low <180 ng/L; borderline low 180-350 ng/L; normal >350 ng/L"],
        never_says=["350-914"],
    ),
    scenario(
        "the_same_b12_without_strong_features_is_unlikely",
        "facts 1a: above NICE's 350 ng/L deficiency is unlikely",
        Urgency.routine,
        b12="360 ng/L",
        symptoms=["tingling"],
        context={"diet": "omnivore", "age_years": 35},
        unlikely=[B12],
        fires=["b12_deficiency.b12_not_low"],
        silent=["b12_deficiency.near_limit_with_strong_features"],
        no_tests=[MMA],
    ),
    scenario(
        "established_on_injections_gets_no_total_b12_test",
        "facts 9 (BNSSG): do not re-test total B12 in people established on replacement; never suggest "
        "stopping prescribed injections",
        Urgency.routine,
        symptoms=["fatigue"],
        context={"b12_injections": True, "conditions": ["pernicious anaemia"]},
        possible=[B12],
        fires=["recommendation.safety.keep_prescribed_injections"],
        silent=["recommendation.test.serum_b12"],
        no_tests=[SERUM_B12],
        never_says=["stop the injections", "stop injections", "reduce the dose"],
    ),
    scenario(
        "a_b12_measured_during_injections_is_not_informative",
        "facts 9 (BNSSG, Mayo): total B12 on replacement is uninformative; not within two weeks",
        Urgency.routine,
        b12="1500 pg/mL",
        context={"b12_injections": True},
        fires=["recommendation.note.b12_on_injections", "caveat.b12_after_injection"],
        kinds=["clinician_note"],
    ),
    scenario(
        "pregnancy_judged_on_adult_limits_is_discounted_once",
        "facts 7/9: a laboratory file without pregnancy ranges: the adult decision limit is used, so the "
        "physiological fall is allowed for once (capped at possible), with active B12 and MMA",
        Urgency.routine,
        b12="150 pg/mL",
        context={"pregnant": True},
        possible=[B12],
        fires=[
            "b12_deficiency.low_b12",
            "b12_deficiency.pregnancy_on_non_pregnancy_limits",
            "recommendation.test.active_b12_in_pregnancy",
            "recommendation.test.mma_when_total_b12_is_lowered",
            "recommendation.safety.no_folic_acid_alone",
        ],
        tests=[HOLO_TC, MMA, IF_AB],
        warnings=["no pregnancy range for this stage"],
        ranges=adult_b12_ranges_only(),
    ),
    scenario(
        "normal_b12_in_pregnancy_without_symptoms_still_asks_for_active_b12",
        "facts 7/9: total B12 is unreliable in pregnancy; active B12 whenever B12 is in the picture",
        Urgency.routine,
        b12="300 pg/mL",
        context={"pregnancy_trimester": 2},
        unlikely=[B12],
        fires=[
            "b12_deficiency.pregnancy_normal_b12",
            "recommendation.test.active_b12_in_pregnancy",
        ],
        silent=["b12_deficiency.within_reference_interval"],
        tests=[HOLO_TC],
        warnings=["unreliable guide"],
    ),
    scenario(
        "a_censored_b12_that_may_be_normal_or_high_in_pregnancy_is_no_reassurance",
        "facts 7: in pregnancy total B12 is a poor guide; only a B12 known to be high reassures",
        Urgency.routine,
        b12=">88 pmol/L",
        context={"pregnancy_trimester": 1},
        unlikely=[B12],
        fires=[
            "b12_deficiency.pregnancy_normal_b12",
            "recommendation.test.active_b12_in_pregnancy",
        ],
        silent=["b12_deficiency.within_reference_interval"],
        tests=[HOLO_TC],
    ),
    scenario(
        "megaloblastic_anaemia_without_a_b12_result_is_possible",
        "facts 2: megaloblastic anaemia comes from B12 (or folate) shortage",
        Urgency.routine,
        context={"conditions": ["megaloblastic anaemia"]},
        possible=[B12],
        fires=["b12_deficiency.megaloblastic_anaemia", "recommendation.safety.no_folic_acid_alone"],
    ),
    scenario(
        "biotin_makes_a_normal_b12_less_reassuring",
        "facts 9: high-dose biotin can falsely raise some B12 immunoassays",
        Urgency.routine,
        b12="600 pg/mL",
        context={"medications": ["biotin"]},
        unlikely=[B12],
        fires=["b12_deficiency.biotin", "caveat.biotin"],
        warnings=["biotin"],
    ),
)

# --- B12 excess from injections (facts.md section 0.2 and 2, issue 3) ----------------------

_INJ: dict[str, object] = {"b12_injections": True}

B12_EXCESS: tuple[Scenario, ...] = (
    scenario(
        "injections_with_low_potassium_is_possible_and_other_causes_come_first",
        "facts 0.2/9: the sourced link (first 48 h of treating severe megaloblastic anaemia) is rare, so "
        "a low potassium on injections is possible, not likely; what would settle it is said",
        Urgency.prompt,
        potassium="3.2 mmol/L",
        context=_INJ,
        possible=[EXCESS],
        likely=[OTHER],
        fires=[
            "b12_excess.injections_with_low_potassium",
            "b12_excess.when_injections_started_not_known",
            "recommendation.safety.potassium_when_injections_start",
            "recommendation.safety.keep_prescribed_injections",
            "other_common_causes.low_potassium",
        ],
        silent=["b12_excess.low_potassium_as_injections_start"],
        kinds=["safety"],
        factors=[Factor.low_potassium],
        says=["When the injections started, and what they treat, would settle it"],
        never_says=["stop the injections", "stop injections"],
    ),
    scenario(
        "low_potassium_as_injections_start_for_megaloblastic_anaemia_is_likely",
        "facts 0.2 (label): hypokalaemia as severe megaloblastic anaemia is treated, first 48 hours; "
        "facts 4 red flags: check K in the first 48 h (urgent care)",
        Urgency.urgent,
        potassium="3.1 mmol/L",
        context={"b12_injections_started_recently": True, "conditions": ["megaloblastic anaemia"]},
        likely=[EXCESS, OTHER],
        fires=[
            "b12_excess.low_potassium_as_injections_start",
            "recommendation.test.magnesium_with_low_potassium",
            "urgency.injections_starting_for_severe_anaemia",
        ],
        not_assessed=[],
    ),
    scenario(
        "low_potassium_on_injections_with_a_thiazide_puts_the_diuretic_first",
        "facts 9 (MSD/BNF): thiazides lower potassium; a common cause comes before the rare link "
        "(the label's first-48-hours setting still makes it urgent)",
        Urgency.urgent,
        potassium="3.0 mmol/L",
        symptoms=["cramps"],
        context={
            "b12_injections_started_recently": True,
            "conditions": ["pernicious anaemia"],
            "medications": ["hydrochlorothiazide"],
        },
        possible=[EXCESS],
        likely=[OTHER],
        fires=[
            "b12_excess.common_cause_of_low_potassium_first",
            "other_common_causes.low_potassium_on_diuretic",
            "other_common_causes.diuretic",
        ],
        factors=[Factor.low_potassium, Factor.medication, Factor.dehydration],
    ),
    scenario(
        "injections_just_started_for_severe_anaemia_without_potassium_is_urgent",
        "facts 4 red flags [S30]: starting B12 injections in severe anaemia, check K in the first "
        "48 h; with no potassium result the link stays possible",
        Urgency.urgent,
        context={"b12_injections_started_recently": True, "conditions": ["megaloblastic_anemia"]},
        possible=[B12, EXCESS],
        fires=[
            "urgency.injections_starting_for_severe_anaemia",
            "b12_excess.injections_starting_without_potassium",
        ],
        tests=["serum potassium"],
        says=["48 hours"],
    ),
    scenario(
        "injections_just_started_with_a_normal_potassium_is_not_urgent_for_it",
        "facts 4 red flags [S30]: a potassium shown not low takes the urgency off the 48-hour watch",
        Urgency.routine,
        potassium="4.1 mmol/L",
        context={"b12_injections_started_recently": True, "conditions": ["pernicious_anemia"]},
        unlikely=[EXCESS],
        silent=[
            "urgency.injections_starting_for_severe_anaemia",
            "b12_excess.injections_starting_without_potassium",
        ],
    ),
    scenario(
        "a_high_b12_during_injections_does_not_rule_deficiency_out",
        "facts 9 [S70][S1]: total B12 on replacement is uninformative; a high total does not make "
        "deficiency unlikely when there are symptoms",
        Urgency.prompt,
        b12=">2000 pg/mL",
        symptoms=["tingling"],
        context={"b12_injections": True, "conditions": ["pernicious anaemia"]},
        possible=[B12],
        fires=["b12_deficiency.uninformative_b12_with_features"],
        silent=["b12_deficiency.b12_not_low"],
    ),
    scenario(
        "a_high_b12_during_injections_without_features_is_still_assessed",
        "facts 9 [S70][S1]: the total is uninformative on replacement; with nothing else the "
        "category is assessed on it, not skipped",
        Urgency.routine,
        b12="1500 pg/mL",
        context={"b12_injections": True},
        unlikely=[B12],
        fires=["b12_deficiency.uninformative_b12"],
        silent=["b12_deficiency.b12_not_low", "b12_deficiency.uninformative_b12_with_features"],
    ),
    scenario(
        "a_normal_b12_on_biotin_does_not_rule_deficiency_out",
        "facts 9 [S13][S82]: biotin can falsely raise B12 immunoassays",
        Urgency.prompt,
        b12="400 pg/mL",
        symptoms=["tingling"],
        context={"medications": ["biotin"], "diet": "vegan"},
        possible=[B12],
        fires=["b12_deficiency.uninformative_b12_with_features", "b12_deficiency.biotin"],
        silent=["b12_deficiency.b12_not_low"],
    ),
    scenario(
        "a_b12_of_400_with_strong_features_is_in_the_reflex_zone",
        "facts 1a [S1]: Mayo cascade 150-400 ng/L -> MMA; >400 stop (400 itself reflexes)",
        Urgency.prompt,
        b12="400 ng/L",
        symptoms=["tingling"],
        context={"diet": "vegan"},
        possible=[B12],
        fires=["b12_deficiency.near_limit_with_strong_features"],
        tests=[MMA],
    ),
    scenario(
        "a_potassium_above_ten_asks_whether_it_is_an_artefact",
        "facts 9 [S83]: above 10 mmol/L is rare and usually fatal untreated; pseudohyperkalaemia "
        "is considered first when a value is incongruent",
        Urgency.urgent,
        potassium="12 mmol/L",
        fires=["recommendation.note.extreme_potassium_consider_artefact"],
        bands={K: Band.critical_high},
    ),
    scenario(
        "a_haemolysed_potassium_above_ten_gets_the_repeat_advice_once",
        "facts 9 [S83]: the haemolysis advice already asks for a repeat",
        Urgency.urgent,
        potassium={"value": 11, "unit": "mmol/L", "hemolyzed": True},
        silent=["recommendation.note.extreme_potassium_consider_artefact"],
        fires=["recommendation.safety.hemolyzed_potassium_possibly_critical"],
    ),
    scenario(
        "injections_high_b12_and_headache_is_possible",
        "issue 3: injections + high B12 + listed side effect -> possible; check potassium",
        Urgency.routine,
        b12="1200 pg/mL",
        symptoms=["headache"],
        context=_INJ,
        possible=[EXCESS],
        unlikely=[B12],
        fires=[
            "b12_excess.injections_high_b12_side_effects",
            "b12_excess.side_effect.headache",
            "recommendation.test.potassium_during_injections",
            "caveat.b12_after_injection",
        ],
        silent=["recommendation.note.high_b12_without_supplements"],
        tests=["serum potassium"],
        bands={VB12: Band.high},
        warnings=["two weeks"],
    ),
    *(
        scenario(
            f"injections_high_b12_and_{word.replace(' ', '_')}_is_possible",
            "seed article + facts 8: injection side effects (headache, nausea, diarrhoea, rash, palpitations); "
            "palpitations during injections with no potassium result need a potassium check within days",
            Urgency.prompt if symptom == "palpitations" else Urgency.routine,
            b12="1500 pg/mL",
            symptoms=[word],
            context=_INJ,
            possible=[EXCESS],
            fires=[
                "b12_excess.injections_high_b12_side_effects",
                f"b12_excess.side_effect.{symptom}",
                *(
                    ["urgency.palpitations_during_injections_without_potassium"]
                    if symptom == "palpitations"
                    else []
                ),
            ],
        )
        for word, symptom in (
            ("nausea", "nausea"),
            ("diarrhoea", "diarrhea"),
            ("rash", "skin_rash"),
        )
    ),
    scenario(
        "injections_high_b12_and_palpitations_point_to_potassium_first",
        "issue 6.4: palpitations during injections point to the potassium risk first; with no "
        "potassium result they need a check within days",
        Urgency.prompt,
        b12="1500 pg/mL",
        symptoms=["palpitations"],
        context=_INJ,
        possible=[EXCESS],
        fires=[
            "b12_excess.palpitations_during_injections",
            "urgency.palpitations_during_injections_without_potassium",
            "recommendation.test.potassium_during_injections",
        ],
        silent=["b12_excess.injections_high_b12_side_effects"],
        tests=["serum potassium"],
    ),
    scenario(
        "low_potassium_on_long_established_injections_is_an_unlikely_link",
        "facts 0.2 (label): the potassium warning is for the first days of treatment; injections that did "
        "not start recently are an unlikely cause of a low potassium",
        Urgency.prompt,
        potassium="3.2 mmol/L",
        context={"b12_injections": True, "b12_injections_started_recently": False},
        unlikely=[EXCESS],
        likely=[OTHER],
        fires=["b12_excess.injections_not_started_recently"],
        silent=["b12_excess.when_injections_started_not_known"],
        never_says=["would settle it"],
    ),
    scenario(
        "palpitations_on_injections_with_a_normal_potassium_do_not_point_to_it",
        "facts 0.2/8: the sourced injection risk is a fall in potassium; a normal one speaks against it",
        Urgency.routine,
        potassium="4.2 mmol/L",
        symptoms=["palpitations"],
        context=_INJ,
        unlikely=[EXCESS],
        fires=["b12_excess.palpitations_with_potassium_not_low"],
        silent=["b12_excess.palpitations_during_injections"],
        never_says=["a potassium level settles it"],
    ),
    scenario(
        "injections_alone_are_assessed_and_unlikely",
        "facts 0.2: injections given, and nothing points to a problem from them",
        Urgency.routine,
        context=_INJ,
        unlikely=[EXCESS],
        fires=[
            "b12_excess.injections_given",
            "recommendation.safety.keep_prescribed_injections",
        ],
        not_assessed=[B12, OTHER],
    ),
    scenario(
        "injections_palpitations_without_potassium_is_prompt",
        "facts 2: B12 therapy can lower potassium in the first 48 hours; palpitations need a potassium check",
        Urgency.prompt,
        symptoms=["palpitations"],
        context=_INJ,
        fires=[
            "urgency.palpitations_during_injections_without_potassium",
            "recommendation.test.potassium_during_injections",
        ],
        tests=["serum potassium"],
    ),
    scenario(
        "injections_with_cramps_and_no_potassium_is_possible",
        "facts 4: starting injections -> check potassium; cramps call for a level",
        Urgency.routine,
        symptoms=["cramps"],
        context=_INJ,
        possible=[EXCESS, OTHER],
        fires=[
            "b12_excess.injections_cramps_without_potassium",
            "recommendation.test.potassium_during_injections",
        ],
        tests=["serum potassium", "serum magnesium"],
    ),
    scenario(
        "injections_with_normal_potassium_is_unlikely",
        "facts 0.2: the sourced mechanism is low potassium; a normal one speaks against",
        Urgency.routine,
        potassium="4.2 mmol/L",
        symptoms=["cramps"],
        context=_INJ,
        unlikely=[EXCESS],
        possible=[OTHER],
        fires=[
            "b12_excess.injections_potassium_not_low",
            "other_common_causes.potassium_not_low",
        ],
        silent=["b12_excess.injections_cramps_without_potassium"],
    ),
    scenario(
        "no_injections_is_unlikely_even_with_low_potassium_and_side_effects",
        "seed article: excess only with high-dose injections",
        Urgency.prompt,
        b12="1200 pg/mL",
        potassium="3.2 mmol/L",
        symptoms=["headache", "nausea"],
        context={"b12_injections": "no", "b12_oral_supplements": "no"},
        unlikely=[EXCESS],
        likely=[OTHER],
        fires=["b12_excess.no_injections", "recommendation.note.high_b12_without_supplements"],
        silent=["b12_excess.side_effect.headache", "b12_excess.side_effect.nausea"],
        kinds=["clinician_note"],
    ),
    scenario(
        "high_b12_without_supplements_is_a_clinician_note",
        "facts 1c: high B12 without supplements: liver, kidney, blood disorders",
        Urgency.routine,
        b12="1200 pg/mL",
        context={"b12_injections": False, "b12_oral_supplements": False},
        unlikely=[B12, EXCESS, OTHER],
        fires=["recommendation.note.high_b12_without_supplements"],
        silent=["recommendation.note.high_b12_supplements_not_known"],
        kinds=["clinician_note"],
        bands={VB12: Band.high},
        not_assessed=[OTHER],
    ),
    scenario(
        "high_b12_with_supplements_not_known_says_not_known",
        "issue 6.8: a fact that was not given is 'not known', never 'not reported' or 'without'",
        Urgency.routine,
        b12="1200 pg/mL",
        unlikely=[B12],
        fires=["recommendation.note.high_b12_supplements_not_known"],
        silent=["recommendation.note.high_b12_without_supplements"],
        not_assessed=[EXCESS, OTHER],
        says=[
            "whether any are taken is not known",
            "Not known: age, diet, pregnancy, B12 injections",
        ],
        never_says=["not reported", "without supplements"],
    ),
    scenario(
        "high_b12_with_oral_supplements_is_not_a_note",
        "facts 1c: supplements explain a high B12",
        Urgency.routine,
        b12="1200 pg/mL",
        context={"b12_oral_supplements": True},
        unlikely=[B12, EXCESS],
        fires=["b12_excess.oral_b12_only"],
        silent=["recommendation.note.high_b12_without_supplements"],
    ),
    scenario(
        "injections_with_censored_low_potassium_is_possible",
        "facts 0.2: '<3.0 mmol/L' is below the potassium reference interval whatever its value",
        Urgency.urgent,
        potassium="<3.0 mmol/L",
        context=_INJ,
        possible=[EXCESS],
        fires=[
            "b12_excess.injections_with_low_potassium",
            "recommendation.safety.potassium_when_injections_start",
        ],
    ),
)

# --- other common causes (facts.md sections 3 and 4, issue 3) ------------------------------

OTHER_CAUSES: tuple[Scenario, ...] = (
    scenario(
        "low_magnesium_is_likely",
        "facts 3: hypomagnesaemia causes spasms (adult low <0.70 mmol/L = 1.70 mg/dL)",
        Urgency.prompt,
        magnesium="1.4 mg/dL",
        likely=[OTHER],
        fires=["other_common_causes.low_magnesium", "urgency.abnormal_magnesium"],
        factors=[Factor.low_magnesium],
        bands={MG: Band.low},
    ),
    scenario(
        "thirst_and_heavy_exercise_is_likely",
        "seed + facts 4: dehydration and overexertion; two supporting facts -> likely",
        Urgency.routine,
        symptoms=["thirsty"],
        context={"recent_heavy_exercise": True},
        likely=[OTHER],
        fires=[
            "other_common_causes.thirst",
            "other_common_causes.recent_heavy_exercise",
            "other_common_causes.two_supporting_facts",
            "other_common_causes.one_supporting_fact",
        ],
        factors=[Factor.dehydration, Factor.overexertion],
    ),
    scenario(
        "cramps_alone_say_why_b12_deficiency_is_unlikely_without_a_result",
        "seed: B12 cramps come with severe or prolonged deficiency; NICE 1.2: a symptom alone is "
        "clinical judgement (furosemide with cramps asks for the salts within days)",
        Urgency.prompt,
        symptoms=["muscle_cramps"],
        context={"medications": ["furosemide"]},
        potassium="5.8 mmol/L",
        unlikely=[B12],
        fires=["b12_deficiency.untested_cramps_only"],
        says=["whether to test is the clinician's"],
    ),
    scenario(
        "cramps_alone_are_possible",
        "facts 4: cramps most often have a common, passing cause",
        Urgency.routine,
        symptoms=["muscle cramps"],
        possible=[OTHER],
        unlikely=[B12, EXCESS],
        fires=[
            "other_common_causes.cramps",
            "recommendation.test.potassium_for_cramps",
            "recommendation.test.magnesium_for_cramps",
            "recommendation.safety.no_quinine",
            "recommendation.safety.no_high_dose_self_treatment",
        ],
        silent=["other_common_causes.one_supporting_fact"],
        tests=["serum potassium", "serum magnesium"],
        factors=[],
    ),
    scenario(
        "dizziness_alone_is_possible_dehydration",
        "seed article: thirst, dizziness (dehydration)",
        Urgency.routine,
        symptoms=["lightheaded"],
        possible=[OTHER],
        fires=["other_common_causes.dizziness", "other_common_causes.one_supporting_fact"],
        silent=["other_common_causes.two_supporting_facts"],
        factors=[Factor.dehydration],
    ),
    scenario(
        "diarrhoea_is_possible_dehydration",
        "facts 4: heavy fluid loss (diarrhoea) drains water and salts",
        Urgency.routine,
        symptoms=["loose stools"],
        possible=[OTHER],
        unlikely=[EXCESS],
        fires=["other_common_causes.diarrhea"],
        factors=[Factor.dehydration],
    ),
    scenario(
        "heavy_fluid_loss_is_urgent_dehydration",
        "facts 4 red flags: cramps after heavy fluid loss",
        Urgency.urgent,
        context={"red_flags": ["vomiting"]},
        possible=[OTHER],
        fires=["other_common_causes.heavy_fluid_loss", "urgency.heavy_fluid_loss"],
        factors=[Factor.dehydration],
    ),
    scenario(
        "diuretic_and_statin_are_likely_medication",
        "facts 4: diuretics, statins among cramp-linked medicines (MSD, Garrison 2012); cramps with a "
        "diuretic's fluid loss need salts checked within days",
        Urgency.prompt,
        context={"medications": ["furosemide", "atorvastatin"]},
        symptoms=["muscle_cramps"],
        likely=[OTHER],
        fires=[
            "other_common_causes.diuretic",
            "other_common_causes.medicine.statin",
            "urgency.cramps_with_fluid_loss",
        ],
        factors=[Factor.medication, Factor.dehydration],
    ),
    scenario(
        "a_water_pill_with_cramps_is_medication_and_dehydration",
        "facts 4/9: diuretics drain water and salts; the common kinds lower potassium and magnesium",
        Urgency.prompt,
        symptoms=["cramps"],
        context={"medications": ["water pill"]},
        possible=[OTHER],
        fires=["other_common_causes.diuretic_of_unknown_kind", "urgency.cramps_with_fluid_loss"],
        factors=[Factor.medication, Factor.dehydration],
    ),
    scenario(
        "potassium_sparing_diuretic_with_cramps_never_explains_a_low_potassium",
        "facts 9 (MSD/BNF): potassium-sparing diuretics raise potassium; a drug is never explained backwards",
        Urgency.prompt,
        potassium="3.2 mmol/L",
        symptoms=["cramps"],
        context={"medications": ["spironolactone"]},
        likely=[OTHER],
        fires=[
            "other_common_causes.potassium_sparing_diuretic",
            "other_common_causes.low_potassium",
        ],
        silent=["other_common_causes.low_potassium_on_diuretic"],
        factors=[Factor.low_potassium, Factor.medication, Factor.dehydration],
        never_says=["Potassium-sparing diuretics lower potassium", "fits the low potassium"],
    ),
    scenario(
        "low_magnesium_on_a_loop_diuretic_names_the_diuretic",
        "facts 9: loop and thiazide diuretics lower magnesium",
        Urgency.prompt,
        magnesium="0.6 mmol/L",
        context={"medications": ["furosemide"]},
        likely=[OTHER],
        fires=["other_common_causes.low_magnesium_on_diuretic"],
        factors=[Factor.low_magnesium, Factor.medication],
    ),
    *(
        scenario(
            f"high_potassium_on_{name}_names_it",
            "facts 9 (MSD/BNF): potassium-sparing diuretics, ACE inhibitors, ARBs and trimethoprim raise "
            "potassium; a high potassium on one names it, with the mechanism",
            Urgency.prompt,
            potassium="5.8 mmol/L",
            context={"medications": [drug], "age_years": 60},
            possible=[OTHER],
            fires=[
                f"other_common_causes.high_potassium_on.{name}",
                "recommendation.note.high_potassium_on_potassium_raising_medicine",
                "urgency.abnormal_potassium",
            ],
            factors=[Factor.medication],
            kinds=["clinician_note"],
            says=["Keep taking prescribed medicines until the prescriber advises a change"],
        )
        for name, drug in (
            ("potassium_sparing_diuretic", "amiloride"),
            ("ace_inhibitor", "ramipril"),
            ("angiotensin_receptor_blocker", "losartan"),
            ("trimethoprim", "trimethoprim"),
        )
    ),
    scenario(
        "context_without_a_complaint_names_no_cause",
        "design: medicines, conditions and exercise explain a complaint; alone they are not a cause",
        Urgency.routine,
        context={
            "medications": ["statin", "furosemide"],
            "conditions": ["PAD"],
            "recent_heavy_exercise": True,
        },
        unlikely=[OTHER],
        factors=[],
        silent=[
            "other_common_causes.diuretic",
            "other_common_causes.medicine.statin",
            "other_common_causes.condition.peripheral_artery_disease",
            "other_common_causes.recent_heavy_exercise",
        ],
    ),
    scenario(
        "other_cramp_medicines",
        "facts 4: LABA, ARBs, beta-blockers, stimulants",
        Urgency.routine,
        context={"medications": ["salmeterol", "losartan", "beta blockers", "stimulants"]},
        symptoms=["muscle_cramps"],
        likely=[OTHER],
        fires=[
            "other_common_causes.medicine.inhaled_beta_agonist",
            "other_common_causes.medicine.angiotensin_receptor_blocker",
            "other_common_causes.medicine.beta_blocker",
            "other_common_causes.medicine.stimulant",
        ],
        factors=[Factor.medication],
    ),
    scenario(
        "peripheral_artery_and_kidney_disease",
        "seed + facts 4: peripheral artery disease (claudication), kidney disease",
        Urgency.routine,
        context={"conditions": ["PAD", "CKD"]},
        symptoms=["muscle_cramps"],
        likely=[OTHER],
        fires=[
            "other_common_causes.condition.peripheral_artery_disease",
            "other_common_causes.condition.kidney_disease",
        ],
        factors=[Factor.medical_condition],
    ),
    scenario(
        "dialysis_cirrhosis_and_hypothyroidism",
        "facts 4: cirrhosis (22-88%), haemodialysis (15-87%), hypothyroidism",
        Urgency.routine,
        context={"conditions": ["dialysis", "cirrhosis", "underactive thyroid"]},
        symptoms=["muscle_cramps"],
        likely=[OTHER],
        fires=[
            "other_common_causes.condition.hemodialysis",
            "other_common_causes.condition.liver_disease",
            "other_common_causes.condition.hypothyroidism",
        ],
        factors=[Factor.medical_condition],
    ),
    scenario(
        "pregnancy_with_cramps",
        "facts 4: cramps are common in pregnancy",
        Urgency.routine,
        symptoms=["leg cramps"],
        context={"pregnant": True},
        possible=[OTHER],
        fires=["other_common_causes.pregnancy", "other_common_causes.one_supporting_fact"],
        factors=[Factor.medical_condition],
    ),
    scenario(
        "normal_electrolytes_speak_against",
        "facts 2/3: normal potassium and magnesium are not the cause",
        Urgency.routine,
        potassium="4.1 mmol/L",
        magnesium="0.85 mmol/L",
        symptoms=["cramps"],
        possible=[OTHER],
        fires=["other_common_causes.potassium_not_low", "other_common_causes.magnesium_not_low"],
        silent=[
            "recommendation.test.potassium_for_cramps",
            "recommendation.test.magnesium_for_cramps",
        ],
        factors=[],
        bands={K: Band.normal, MG: Band.normal},
    ),
    scenario(
        "low_potassium_and_low_magnesium",
        "facts 3: low Mg (1.2 mEq/L = 0.60 mmol/L) makes hypokalaemia refractory; replace both",
        Urgency.prompt,
        potassium="3.2 mmol/L",
        magnesium="1.2 mEq/L",
        likely=[OTHER],
        fires=[
            "other_common_causes.low_potassium",
            "other_common_causes.low_magnesium",
            "recommendation.note.low_potassium_and_magnesium",
        ],
        silent=["recommendation.test.magnesium_with_low_potassium"],
        factors=[Factor.low_potassium, Factor.low_magnesium],
        kinds=["clinician_note"],
    ),
    scenario(
        "censored_low_potassium_is_a_low_potassium",
        "facts 2: '<3.0 mmol/L' is below the 3.5 lower limit whatever its exact value",
        Urgency.urgent,
        potassium="<3.0 mmol/L",
        likely=[OTHER],
        factors=[Factor.low_potassium],
        bands={K: Band.indeterminate},
    ),
    scenario(
        "censored_electrolytes_that_may_or_may_not_be_low_are_assessed",
        "facts 1d/2/3: '<4.0 mmol/L' potassium and '<0.8 mmol/L' magnesium may be low or normal; "
        "an exact value would settle it",
        Urgency.urgent,
        potassium="<4.0 mmol/L",
        magnesium="<0.8 mmol/L",
        unlikely=[OTHER],
        fires=[
            "other_common_causes.potassium_may_be_low",
            "other_common_causes.magnesium_may_be_low",
            "urgency.possibly_critical_potassium",
        ],
        factors=[],
        not_assessed=[B12, EXCESS],
        says=["indeterminate: could be critically low, low or normal"],
    ),
    scenario(
        "censored_low_magnesium_is_a_low_magnesium",
        "facts 3: '<1.5 mg/dL' is below the 1.70 mg/dL lower limit whatever its exact value",
        Urgency.urgent,
        magnesium="<1.5 mg/dL",
        likely=[OTHER],
        factors=[Factor.low_magnesium],
    ),
)

# --- urgency (facts.md section 4 red flags, issue 3 "Urgency") ------------------------------

URGENCY: tuple[Scenario, ...] = (
    scenario(
        "critical_low_potassium_is_urgent",
        "facts 2/4: K <2.5 arrhythmia, paralysis; critical <2.8 (Kost)",
        Urgency.urgent,
        potassium="2.0 mmol/L",
        likely=[OTHER],
        fires=["urgency.critical_potassium", "recommendation.seek_care_now"],
        bands={K: Band.critical_low},
    ),
    scenario(
        "critical_high_potassium_is_urgent",
        "facts 4: K >=6.5 is an emergency",
        Urgency.urgent,
        potassium="7.0 mmol/L",
        fires=["urgency.critical_potassium"],
        bands={K: Band.critical_high},
    ),
    scenario(
        "critical_magnesium_at_the_limit_is_urgent",
        "facts 4: Mg at or below the critical low (~1.0 mg/dL)",
        Urgency.urgent,
        magnesium="1.0 mg/dL",
        likely=[OTHER],
        fires=["urgency.critical_magnesium"],
        factors=[Factor.low_magnesium],
        bands={MG: Band.critical_low},
    ),
    scenario(
        "critical_magnesium_in_mmol_is_urgent",
        "facts 3: 0.30 mmol/L is below the 0.41 mmol/L critical low",
        Urgency.urgent,
        magnesium="0.30 mmol/L",
        fires=["urgency.critical_magnesium"],
        bands={MG: Band.critical_low},
    ),
    scenario(
        "critical_high_magnesium_is_urgent",
        "facts 3: critical high ~4.9 mg/dL",
        Urgency.urgent,
        magnesium="5.0 mg/dL",
        fires=["urgency.critical_magnesium"],
        bands={MG: Band.critical_high},
    ),
    scenario(
        "potassium_at_the_ecg_threshold_is_urgent",
        "facts 4: UK Kidney Association, ECG if K >= 6.0 mmol/L",
        Urgency.urgent,
        potassium="6.0 mmol/L",
        fires=["urgency.potassium_needs_ecg", "recommendation.seek_care_now"],
        silent=["urgency.critical_potassium"],
        bands={K: Band.high},
    ),
    scenario(
        "infant_potassium_at_6_is_normal_for_age",
        "facts 7: 7 months-1 year 3.5-6.1 mmol/L; the adult ECG threshold needs a value above the normal range",
        Urgency.routine,
        potassium="6.0 mmol/L",
        context={"age_years": 0.75},
        silent=["urgency.potassium_needs_ecg"],
        bands={K: Band.normal},
    ),
    scenario(
        "cramps_with_diarrhoea_are_prompt",
        "facts 4: cramps after fluid loss (diarrhoea); heavy loss is a red flag given separately",
        Urgency.prompt,
        symptoms=["cramps", "diarrhoea"],
        possible=[OTHER],
        fires=["urgency.cramps_with_fluid_loss", "other_common_causes.diarrhea"],
        silent=["urgency.heavy_fluid_loss"],
    ),
    scenario(
        "low_potassium_with_palpitations_is_urgent",
        "facts 4: palpitations with abnormal K (arrhythmia risk)",
        Urgency.urgent,
        potassium="3.2 mmol/L",
        symptoms=["palpitations"],
        fires=["urgency.abnormal_potassium_with_palpitations", "recommendation.seek_care_now"],
    ),
    scenario(
        "high_potassium_with_racing_heart_is_urgent",
        "facts 4: palpitations with abnormal K",
        Urgency.urgent,
        potassium="5.8 mmol/L",
        symptoms=["racing heart"],
        fires=["urgency.abnormal_potassium_with_palpitations"],
        bands={K: Band.high},
    ),
    scenario(
        "cramps_with_weakness_are_urgent",
        "facts 4 red flags: cramps with weakness or numbness",
        Urgency.urgent,
        symptoms=["cramps", "weakness"],
        fires=["urgency.cramps_with_weakness_or_numbness"],
    ),
    scenario(
        "cramps_with_numbness_are_urgent",
        "facts 4 red flags: cramps with weakness or numbness",
        Urgency.urgent,
        symptoms=["spasms", "numbness"],
        fires=["urgency.cramps_with_weakness_or_numbness"],
    ),
    scenario(
        "chest_cramps_are_urgent",
        "facts 4 red flags: cramps in chest, arms or belly",
        Urgency.urgent,
        context={"red_flags": ["chest cramps"]},
        fires=["urgency.cramps_in_chest_arms_or_belly"],
    ),
    scenario(
        "twitching_is_urgent",
        "facts 4 red flags: twitching",
        Urgency.urgent,
        context={"red_flags": "fasciculations"},
        fires=["urgency.twitching", "recommendation.seek_care_now"],
    ),
    scenario(
        "likely_deficiency_with_numbness_is_prompt",
        "facts 4: B12 deficiency left >3 months can cause permanent spinal-cord lesions",
        Urgency.prompt,
        b12="120 pg/mL",
        symptoms=["numbness"],
        likely=[B12],
        fires=["urgency.nerve_symptoms_with_possible_deficiency"],
    ),
    scenario(
        "borderline_b12_with_tingling_is_prompt",
        "facts 9: nerve symptoms with suspected deficiency need timely review whatever the total B12",
        Urgency.prompt,
        b12="250 ng/L",
        symptoms=["tingling"],
        context={"age_years": 40, "diet": "omnivore"},
        possible=[B12],
        fires=["urgency.nerve_symptoms_with_possible_deficiency"],
        tests=[MMA],
    ),
    scenario(
        "likely_deficiency_with_fatigue_only_is_routine",
        "issue 3: prompt is for deficiency with *neurological* symptoms",
        Urgency.routine,
        b12="120 pg/mL",
        symptoms=["tired"],
        likely=[B12],
        silent=["urgency.nerve_symptoms_with_possible_deficiency"],
    ),
    scenario(
        "low_potassium_is_prompt",
        "issue 3: non-critical abnormal potassium -> prompt",
        Urgency.prompt,
        potassium="3.2 mmol/L",
        fires=["urgency.abnormal_potassium", "recommendation.see_clinician_within_days"],
        bands={K: Band.low},
    ),
    scenario(
        "high_magnesium_is_prompt",
        "issue 3: non-critical abnormal magnesium -> prompt (3.0 mg/dL = 1.23 mmol/L)",
        Urgency.prompt,
        magnesium="3.0 mg/dL",
        fires=["urgency.abnormal_magnesium"],
        bands={MG: Band.high},
    ),
    scenario(
        "hemolyzed_potassium_is_repeated",
        "facts 2: haemolysed high K -> repeat sample, not a diagnosis",
        Urgency.prompt,
        potassium=PotassiumResult.parse("5.8 mmol/L", hemolyzed=True),
        fires=[
            "urgency.hemolyzed_potassium",
            "recommendation.test.repeat_hemolyzed_potassium",
            "recommendation.safety.hemolyzed_potassium",
            "caveat.hemolyzed_potassium",
        ],
        tests=["repeat serum potassium"],
        kinds=["safety"],
        warnings=["haemolysed"],
    ),
    scenario(
        "a_haemolysed_low_potassium_is_not_set_aside",
        "facts 2 [S41][S42]: haemolysis only raises potassium, so a low haemolysed result is as low "
        "or lower in truth; the 'repeat before acting' advice is for high or normal results",
        Urgency.prompt,
        potassium=PotassiumResult.parse("3.1 mmol/L", hemolyzed=True),
        fires=[
            "recommendation.safety.hemolyzed_low_potassium",
            "recommendation.test.repeat_hemolyzed_potassium",
            "urgency.abnormal_potassium",
        ],
        silent=["recommendation.safety.hemolyzed_potassium", "urgency.hemolyzed_potassium"],
        never_says=["Do not start or change treatment", "before anyone acts on it"],
    ),
    scenario(
        "a_haemolysed_normal_potassium_does_not_lift_the_48_hour_watch",
        "facts 2 [S41][S42]: haemolysis only raises potassium, so a haemolysed normal result does not "
        "show it is not low; facts 4 red flags [S30]: injections just begun for pernicious anaemia",
        Urgency.urgent,
        potassium=PotassiumResult.parse("3.7 mmol/L", hemolyzed=True),
        symptoms=["muscle_cramps"],
        context={
            "b12_injections": True,
            "b12_injections_started_recently": True,
            "conditions": ["pernicious_anemia"],
        },
        fires=[
            "urgency.injections_starting_for_severe_anaemia",
            "other_common_causes.haemolysed_potassium_not_low",
        ],
        silent=["b12_excess.injections_potassium_not_low", "other_common_causes.potassium_not_low"],
    ),
    scenario(
        "low_potassium_as_injections_start_for_a_low_b12_alone_stays_possible",
        "facts 0.2 [S30][S31]: the label's warning is for severe megaloblastic anaemia; with only a "
        "low B12 given, the link is possible, not likely",
        Urgency.prompt,
        b12="130 pg/mL",
        potassium="3.2 mmol/L",
        context={"b12_injections": True, "b12_injections_started_recently": True},
        possible=[EXCESS],
        fires=[
            "b12_excess.injections_with_low_potassium",
            "urgency.injections_starting_for_low_b12",
        ],
        silent=["b12_excess.low_potassium_as_injections_start"],
        never_says=["to treat a B12 deficiency", "needs checking within that time"],
    ),
    scenario(
        "a_haemolysed_critically_low_potassium_is_urgent_and_not_set_aside",
        "facts 2 [S41][S42]: a critically low potassium stays critical on a haemolysed sample",
        Urgency.urgent,
        potassium=PotassiumResult.parse("2.6 mmol/L", hemolyzed=True),
        symptoms=["weakness", "cramps"],
        fires=["recommendation.safety.hemolyzed_low_potassium", "urgency.critical_potassium"],
        silent=["recommendation.safety.hemolyzed_potassium_possibly_critical"],
        never_says=["Do not start or change treatment"],
    ),
    scenario(
        "a_haemolysed_high_potassium_on_an_ace_inhibitor_waits_for_the_repeat",
        "facts 2: haemolysed high K -> repeat sample, not a diagnosis; the medicine link waits for it",
        Urgency.prompt,
        potassium=PotassiumResult.parse("5.7 mmol/L", hemolyzed=True),
        context={"medications": ["ace_inhibitor"]},
        fires=["recommendation.safety.hemolyzed_potassium", "urgency.hemolyzed_potassium"],
        silent=[
            "other_common_causes.high_potassium_on.ace_inhibitor",
            "recommendation.note.high_potassium_on_potassium_raising_medicine",
        ],
    ),
    scenario(
        "weakness_with_a_low_b12_is_prompt",
        "seed article: impaired nerve signalling causes tingling, weakness and cramps; facts 9 "
        "[S30][S79]: nerve features with suspected deficiency need timely review",
        Urgency.prompt,
        b12="100 pg/mL",
        symptoms=["weakness", "dizziness", "fatigue"],
        context={"age_years": 75},
        likely=[B12],
        fires=["urgency.weakness_with_possible_deficiency"],
    ),
    scenario(
        "weakness_alone_without_a_b12_result_or_risk_factor_stays_routine",
        "facts 9 (NICE 1.2): a symptom alone is the clinician's judgement; weakness is not specific",
        Urgency.routine,
        symptoms=["weakness"],
        context={"age_years": 40, "diet": "omnivore"},
        silent=["urgency.weakness_with_possible_deficiency"],
    ),
    scenario(
        "weakness_with_a_normal_b12_and_no_risk_factor_stays_routine",
        "weakness alone does not point to deficiency when B12 is normal and nothing else does",
        Urgency.routine,
        b12="600 pg/mL",
        symptoms=["weakness"],
        context={"age_years": 40, "diet": "omnivore"},
        unlikely=[B12],
        silent=["urgency.weakness_with_possible_deficiency"],
    ),
    scenario(
        "injections_just_started_for_a_low_b12_do_not_assume_an_anaemia",
        "facts 0.2/2 [S30][S31]: the label's warning is for severe megaloblastic anaemia treated "
        "intensely; with only a low B12 the report says 'if' and asks for potassium within 48 hours",
        Urgency.prompt,
        b12="120 pg/mL",
        context={"age_years": 45, "b12_injections": True, "b12_injections_started_recently": True},
        likely=[B12],
        possible=[EXCESS],
        fires=[
            "urgency.injections_starting_for_low_b12",
            "b12_excess.injections_starting_without_potassium",
        ],
        silent=["urgency.injections_starting_for_severe_anaemia"],
        tests=["serum potassium"],
        says=["if they are treating a severe anaemia", "48 hours"],
        never_says=[
            "began in the last few days to treat a severe deficiency anaemia",
            "started only days ago for a severe deficiency anaemia",
        ],
    ),
    scenario(
        "folic_acid_in_pregnancy_is_kept",
        "facts 9 [S30][S8]: folic acid alone masks a B12 deficiency, and a report never suggests "
        "stopping a treatment; folic acid is advised in pregnancy",
        Urgency.routine,
        b12="250 pg/mL",
        symptoms=["fatigue"],
        context={"pregnancy_trimester": 1, "medications": ["folic_acid"]},
        fires=["recommendation.safety.no_folic_acid_alone"],
        says=["Keep taking any folic acid you were advised to take"],
        never_says=["Do not take folic acid"],
    ),
    scenario(
        "twitching_without_cramps_does_not_say_cramps_were_given",
        "facts 4 [S61]: twitching is a warning sign; the text does not assume cramps",
        Urgency.urgent,
        context={"red_flags": ["twitching"]},
        fires=["urgency.twitching"],
        never_says=["twitching with cramps", "with or without cramps"],
    ),
    scenario(
        "heavy_fluid_loss_without_cramps_does_not_say_cramps_were_given",
        "facts 4 [S61]: heavy fluid loss is a warning sign; the text does not assume cramps",
        Urgency.urgent,
        context={"red_flags": ["vomiting"]},
        fires=["urgency.heavy_fluid_loss"],
        never_says=["Cramps after heavy fluid loss"],
    ),
    scenario(
        "a_magnesium_of_1_7_mg_dl_reads_below_the_converted_limit",
        "facts 3 [S47]: RCPA's 0.70 mmol/L is 1.7013 mg/dL; facts 8: a limit is compared in the "
        "unit it was published in, and written so that result and limit never contradict each other",
        Urgency.prompt,
        magnesium="1.7 mg/dL",
        symptoms=["cramps"],
        context={"age_years": 50},
        bands={MG: Band.low},
        fires=["urgency.abnormal_magnesium"],
        says=["(1.701-2.67 mg/dL)", "Reference interval: 1.701-2.67 mg/dL", "(1-1.701 mg/dL)"],
        never_says=["(1.7-2.67 mg/dL)", "(1-1.7 mg/dL)", "Reference interval: 1.7-"],
    ),
    scenario(
        "a_magnesium_of_1_8_mg_dl_keeps_three_figures",
        "the extra figures are only for a result the three-figure limit would misplace",
        Urgency.routine,
        magnesium="1.8 mg/dL",
        context={"age_years": 50},
        bands={MG: Band.normal},
        says=["Reference interval: 1.7-2.67 mg/dL"],
    ),
    scenario(
        "palpitations_alone_ask_for_a_potassium_level",
        "facts 4: palpitations with an abnormal potassium are a warning sign, so a potassium is checked",
        Urgency.routine,
        symptoms=["palpitations"],
        fires=["recommendation.test.potassium_for_palpitations"],
        tests=["serum potassium"],
        not_assessed=[B12, EXCESS, OTHER],
    ),
    scenario(
        "hemolyzed_critical_potassium_is_repeated_the_same_day",
        "facts 2: a haemolysed result is repeated; a possibly critical one the same day",
        Urgency.urgent,
        potassium=PotassiumResult.parse("6.8 mmol/L", hemolyzed=True),
        fires=[
            "urgency.critical_potassium",
            "recommendation.safety.hemolyzed_potassium_possibly_critical",
        ],
        silent=["recommendation.safety.hemolyzed_potassium"],
        tests=["repeat serum potassium"],
    ),
    scenario(
        "infant_potassium_above_its_range_is_not_judged_by_the_adult_ecg_threshold",
        "facts 9 ([S40]): the adult same-day-ECG threshold is not applied to newborns and infants",
        Urgency.prompt,
        potassium="6.1 mmol/L",
        context={"age_years": 0.1},
        fires=["urgency.abnormal_potassium"],
        silent=["urgency.potassium_needs_ecg"],
        bands={K: Band.high},
    ),
    scenario(
        "persistent_cramps_are_prompt",
        "seed article: persistent or severe cramps warrant a visit",
        Urgency.prompt,
        symptoms=["cramps"],
        context={"cramps_persistent_or_severe": "yes"},
        fires=["urgency.persistent_or_severe_cramps"],
    ),
    scenario(
        "nothing_given_is_routine_and_not_assessed",
        "api 1/3: no labs and no symptoms -> every category not assessed, routine, clinician advice",
        Urgency.routine,
        unlikely=[B12, EXCESS, OTHER],
        fires=["urgency.routine", "recommendation.routine_follow_up"],
        silent=["b12_excess.no_injections"],
        kinds=["clinician_follow_up"],
        factors=[],
        not_assessed=[B12, EXCESS, OTHER],
        says=[
            "Vitamin B12 deficiency: NOT ASSESSED",
            "Would assess it: a serum vitamin B12 result",
        ],
        never_says=["UNLIKELY", "not reported"],
    ),
    scenario(
        "censored_potassium_that_may_be_critical_is_urgent",
        "issue 3: '<3.0 mmol/L' may lie below the 2.8 critical limit",
        Urgency.urgent,
        potassium="<3.0 mmol/L",
        fires=["urgency.possibly_critical_potassium", "caveat.censored_potassium"],
        bands={K: Band.indeterminate},
    ),
    scenario(
        "censored_high_potassium_that_may_be_critical_is_urgent",
        "facts 4: '>5.0' may exceed the 6.2 critical limit",
        Urgency.urgent,
        potassium=">5.0 mmol/L",
        fires=["urgency.possibly_critical_potassium"],
    ),
    scenario(
        "censored_magnesium_that_may_be_critical_is_urgent",
        "facts 4: '<1.5 mg/dL' may lie at or below the 1.0 mg/dL critical limit",
        Urgency.urgent,
        magnesium="<1.5 mg/dL",
        fires=["urgency.possibly_critical_magnesium", "caveat.censored_magnesium"],
    ),
)

# --- recommendations (issue 3 "Recommendations") -------------------------------------------

RECOMMENDATIONS: tuple[Scenario, ...] = (
    scenario(
        "low_potassium_asks_for_magnesium",
        "facts 3: >50% of significant hypokalaemia has Mg deficiency",
        Urgency.prompt,
        potassium="3.3 mmol/L",
        fires=["recommendation.test.magnesium_with_low_potassium"],
        tests=["serum magnesium"],
    ),
    scenario(
        "older_adult_with_cramps_is_told_magnesium_does_not_help",
        "facts 3: Mg does not help idiopathic cramps in older adults (Cochrane 2020)",
        Urgency.routine,
        b12="500 pg/mL",
        potassium="4.2 mmol/L",
        magnesium="0.85 mmol/L",
        symptoms=["night cramps"],
        context={"age_years": 72},
        unlikely=[B12],
        fires=[
            "recommendation.safety.magnesium_for_ordinary_cramps",
            "recommendation.safety.no_quinine",
            "b12_deficiency.risk.older_age",
        ],
        no_tests=[SERUM_B12],  # cramps are not among the symptoms NICE's testing advice counts
    ),
    scenario(
        "older_adult_with_cramps_and_unmeasured_salts_is_not_told_magnesium_does_not_help",
        "facts 3 [S53]: the Cochrane finding covers idiopathic cramps only; without potassium and "
        "magnesium results a cause has not been looked for",
        Urgency.routine,
        symptoms=["night cramps"],
        context={"age_years": 72},
        possible=[B12, OTHER],
        silent=["recommendation.safety.magnesium_for_ordinary_cramps"],
        fires=["b12_deficiency.risk.older_age", "b12_deficiency.untested_with_features"],
    ),
    scenario(
        "cramps_on_a_diuretic_with_normal_salts_are_not_prompt_for_them",
        "facts 4 [S61]: the salts were just checked and are normal",
        Urgency.routine,
        potassium="4.0 mmol/L",
        magnesium="0.8 mmol/L",
        symptoms=["muscle_cramps"],
        context={"age_years": 80, "medications": ["thiazide"]},
        silent=["urgency.cramps_with_fluid_loss"],
    ),
    scenario(
        "older_adult_with_cramps_and_low_magnesium_is_not",
        "facts 3: the Cochrane finding is about idiopathic cramps, not hypomagnesaemia",
        Urgency.prompt,
        magnesium="1.4 mg/dL",
        symptoms=["cramps"],
        context={"age_years": 72},
        silent=["recommendation.safety.magnesium_for_ordinary_cramps"],
    ),
    scenario(
        "pregnant_without_b12_is_asked_for_active_b12",
        "facts 7: NICE uses active B12 in pregnancy",
        Urgency.routine,
        symptoms=["fatigue"],
        context={"pregnancy_trimester": 2},
        possible=[B12],
        fires=["recommendation.test.active_b12_in_pregnancy"],
        silent=["recommendation.test.serum_b12"],
        tests=[HOLO_TC],
        no_tests=[SERUM_B12],
    ),
)

# --- caveats (issue 3 "warnings", facts.md sections 1c, 1d, 2, 7) ---------------------------

CAVEATS: tuple[Scenario, ...] = (
    scenario(
        "plasma_potassium_is_warned",
        "facts 2: serum reads ~0.1-0.4 mmol/L above plasma",
        Urgency.routine,
        potassium=PotassiumResult.parse("4.0 mmol/L", specimen="plasma"),
        fires=["caveat.plasma_potassium"],
        warnings=["plasma"],
    ),
    scenario(
        "biotin_with_a_b12_result_is_warned",
        "facts 1c: high-dose biotin makes some assays read B12 falsely high",
        Urgency.routine,
        b12="600 pg/mL",
        context={"medications": ["biotin"]},
        fires=["caveat.biotin"],
        warnings=["biotin"],
    ),
    scenario(
        "biotin_without_a_b12_result_is_not",
        "facts 1c: the biotin caveat is about the B12 assay",
        Urgency.routine,
        context={"medications": ["vitamin b7"]},
        silent=["caveat.biotin"],
    ),
    scenario(
        "censored_values_are_warned",
        "facts 1d: '<x' and '>x' are censored, read as any value on that side",
        Urgency.urgent,
        b12=">2000 pg/mL",
        potassium="<2.0 mmol/L",
        magnesium=">=0.9 mmol/L",
        fires=["caveat.censored_b12", "caveat.censored_potassium", "caveat.censored_magnesium"],
        bands={VB12: Band.high, K: Band.critical_low},
    ),
    scenario(
        "pregnancy_without_a_magnesium_range_for_the_stage_is_warned",
        "facts 7: only a third-trimester magnesium interval exists",
        Urgency.routine,
        magnesium="0.8 mmol/L",
        context={"pregnancy_trimester": 1},
        warnings=["no pregnancy range for this stage"],
    ),
)

#: Every scenario, for the coverage test.
ALL: tuple[Scenario, ...] = (
    *B12_DEFICIENCY,
    *B12_EXCESS,
    *OTHER_CAUSES,
    *URGENCY,
    *RECOMMENDATIONS,
    *CAVEATS,
)
