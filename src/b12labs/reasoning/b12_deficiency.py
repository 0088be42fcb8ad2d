"""Rules for the first picture of the source article: vitamin B12 deficiency.

Verdict rules, in plain words:

- B12 below a guideline's decision limit (NICE: under 180 ng/L) -> likely. Below a
  reference interval (children's and pregnancy ranges) -> possible, because a reference
  limit is the bottom of a healthy population's range, not a deficiency cut-off; likely
  with nerve symptoms or a risk factor.
- B12 in the borderline zone (NICE 180-350 ng/L), or a censored value that cannot be
  placed -> possible; likely with nerve symptoms *and* a risk factor (guidelines act on
  strong clinical features).
- Strong features just above the decision limit (up to Mayo's 400 ng/L reflex limit) keep
  deficiency possible: BSH says not to let a "normal" result rule it out.
- A B12 above the borderline zone otherwise makes deficiency unlikely (a cap), except in
  pregnancy, where total B12 is a poor guide and only a high value reassures, and after
  nitrous oxide with nerve symptoms, which inactivates B12 without lowering the level.
- No B12 result: fitting symptoms, pernicious or megaloblastic anaemia, or cramps with a
  risk factor -> possible; a risk factor alone is no reason to test (NICE 1.2) and assesses
  nothing (the evidence rules, in ``b12_deficiency_evidence.py``, weigh risk factors only
  beside a result or a symptom).
- The pill, or pregnancy judged against limits for people who are not pregnant, lowers
  total B12 without true deficiency: a low level is capped at possible. A value below a
  pregnancy interval is not discounted a second time.

Other rules add evidence without changing the verdict. No cap here lowers the urgency or
drops a follow-up test: those rules read "at least possible", which every cap leaves.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Likelihood
from ..symptoms import Symptom
from .b12_deficiency_evidence import CONTEXT_EVIDENCE, SYMPTOM_EVIDENCE
from .conditions import (
    BandBasis,
    HasSymptom,
    Lab,
    LabBelow,
    LabMissing,
    Measured,
    Not,
    PregnancyRange,
    Straddles,
    Takes,
)
from .engine import CategoryTable
from .rules import Cap, Note, Raise, Rule
from .terms import (
    CRAMPS,
    DEFICIENCY_ANAEMIA,
    FITTING_SYMPTOMS,
    GREY_B12,
    LOW_B12,
    MEGALOBLASTIC,
    NERVE,
    NITROUS_OXIDE,
    NOT_LOW_B12,
    PREGNANT,
    RISK_FACTORS,
    STRONG_FEATURES,
    TOTAL_B12_UNINFORMATIVE,
)

__all__ = ["TABLE"]

CATEGORY = Category.b12_deficiency
B12 = Analyte.b12

_LOW_OR_GREY = Measured(B12) & Not(NOT_LOW_B12)
#: Normal, or a censored value that may be normal or high (it is not known to be high).
_NORMAL_NOT_HIGH = NOT_LOW_B12 & Not(Lab(B12, {Band.high}))
_DECISION = BandBasis(B12, "decision_limits")
_REFERENCE = BandBasis(B12, "reference_interval")
_NITROUS_WITH_NERVE_SYMPTOMS = NITROUS_OXIDE & NERVE
#: Normal, but close enough to the decision limit that strong features keep deficiency open.
_NEAR_LIMIT_WITH_STRONG_FEATURES = (
    _DECISION
    & Lab(B12, {Band.normal})
    & LabBelow(B12, "b12_mma_reflex_upper", inclusive=True)  # Mayo: 150-400 ng/L reflexes
    & STRONG_FEATURES
)
#: A B12 that rules deficiency out: high, or normal outside pregnancy (where total B12 is a
#: poor guide), unless nitrous oxide may have inactivated it, strong features sit just
#: above the decision limit, or injections or biotin make the total uninformative.
REASSURING = (
    (Lab(B12, {Band.high}) | (NOT_LOW_B12 & Not(PREGNANT)))
    & Not(_NITROUS_WITH_NERVE_SYMPTOMS)
    & Not(_NEAR_LIMIT_WITH_STRONG_FEATURES)
    & Not(TOTAL_B12_UNINFORMATIVE)
)

_VERDICTS = (
    Rule(
        "b12_deficiency.low_b12",
        LOW_B12 & _DECISION,
        (Raise(CATEGORY, Likelihood.likely),),
        "B12 of {b12} is below the decision limit under which deficiency is likely ({b12_band_text}).",
        ("nice-ng239", "mayo-b12"),
        ("finding", "b12"),
        limits="Total B12 misses some deficiencies and flags some people who are not deficient; "
        "assays differ by about 30%.",
    ),
    Rule(
        "b12_deficiency.below_reference_interval",
        LOW_B12 & _REFERENCE,
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 of {b12} is below the reference interval used ({b12_normal}). A reference limit marks the bottom "
        "of a healthy population's range, not a deficiency cut-off, so the value alone does not settle it.",
        ("nice-ng239", "bsh-2014"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.below_reference_interval_with_features",
        LOW_B12 & _REFERENCE & (NERVE | RISK_FACTORS),
        (Raise(CATEGORY, Likelihood.likely),),
        "A B12 below the reference interval together with nerve symptoms or a risk factor fits deficiency.",
        ("nice-ng239", "bsh-2014"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.borderline_b12",
        Lab(B12, {Band.borderline_low}),
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 of {b12} is in the borderline zone ({b12_band_text}), where deficiency can be neither confirmed "
        "nor ruled out.",
        ("nice-ng239",),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.unplaced_b12",
        GREY_B12 & Straddles(B12),
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 reported as {b12} could be {b12_band}, so deficiency can be neither confirmed nor ruled out.",
        ("nice-ng239",),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.borderline_with_strong_features",
        GREY_B12 & STRONG_FEATURES,
        (Raise(CATEGORY, Likelihood.likely),),
        "A B12 that is borderline or cannot be placed, together with nerve symptoms and a risk factor, fits "
        "deficiency: guidelines advise acting on strong clinical features even when the level is not clearly low.",
        ("bsh-2014", "nice-ng239"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.near_limit_with_strong_features",
        _NEAR_LIMIT_WITH_STRONG_FEATURES,
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 of {b12} is only just above the decision limit ({b12_normal_low}), and with nerve symptoms and a "
        "risk factor a 'normal' result should not rule deficiency out.",
        ("bsh-2014", "mayo-b12"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.b12_not_low",
        REASSURING & _DECISION,
        (Cap(CATEGORY, Likelihood.unlikely),),
        "B12 of {b12} is above the decision limit ({b12_normal_low}) over which deficiency is unlikely.",
        ("nice-ng239",),
        ("finding", "b12"),
        limits="A normal total B12 does not exclude deficiency when clinical features are strong (BSH 2014); "
        "a clinician may still test further.",
    ),
    Rule(
        "b12_deficiency.within_reference_interval",
        REASSURING & _REFERENCE,
        (Cap(CATEGORY, Likelihood.unlikely),),
        "B12 of {b12} is within or above the reference interval used ({b12_normal}), which makes deficiency "
        "unlikely.",
        ("nice-ng239",),
        ("finding", "b12"),
        limits="A normal total B12 does not exclude deficiency when clinical features are strong (BSH 2014).",
    ),
    Rule(
        "b12_deficiency.uninformative_b12_with_features",
        TOTAL_B12_UNINFORMATIVE & NOT_LOW_B12 & (FITTING_SYMPTOMS | RISK_FACTORS | MEGALOBLASTIC),
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 of {b12} does not show the body's stores during B12 injections or on high-dose biotin, so with "
        "symptoms or risk factors deficiency stays possible, and the clinician's review decides rather than "
        "the level.",
        ("bnssg-b12", "mayo-b12", "iowa-b12", "york-b12-biotin"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.uninformative_b12",
        TOTAL_B12_UNINFORMATIVE
        & NOT_LOW_B12
        & Not(FITTING_SYMPTOMS | RISK_FACTORS | MEGALOBLASTIC),
        (Note(CATEGORY, "neutral"),),
        "B12 of {b12} does not show the body's stores during B12 injections or on high-dose biotin, and no "
        "symptom or risk factor given points to deficiency.",
        ("bnssg-b12", "mayo-b12", "iowa-b12", "york-b12-biotin"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.untested_with_features",
        LabMissing(B12) & (FITTING_SYMPTOMS | DEFICIENCY_ANAEMIA | (RISK_FACTORS & CRAMPS)),
        (Raise(CATEGORY, Likelihood.possible),),
        "No B12 result is given, and symptoms that fit deficiency, an anaemia of it, or cramps with a risk "
        "factor are present.",
        ("nice-ng239", "seed-article"),
        ("missing_result", "b12"),
    ),
    Rule(
        "b12_deficiency.untested_cramps_only",
        LabMissing(B12)
        & HasSymptom({Symptom.muscle_cramps})
        & Not(FITTING_SYMPTOMS | RISK_FACTORS | MEGALOBLASTIC),
        (Note(CATEGORY, "neutral"),),
        "No B12 result is given: with cramps alone and no other symptom or risk factor, whether to test is "
        "the clinician's call.",
        ("seed-article", "nice-ng239-testing"),
        ("missing_result", "b12"),
    ),
    Rule(
        "b12_deficiency.pregnancy_normal_b12_with_features",
        PREGNANT & _NORMAL_NOT_HIGH & (FITTING_SYMPTOMS | RISK_FACTORS),
        (Raise(CATEGORY, Likelihood.possible),),
        "In pregnancy total B12 is a poor guide, so with symptoms or risk factors deficiency stays possible until "
        "active B12 is measured.",
        ("nice-ng239", "b12-pregnancy-fall"),
        ("context", "pregnant"),
    ),
    Rule(
        "b12_deficiency.pregnancy_normal_b12",
        PREGNANT & _NORMAL_NOT_HIGH,
        (Note(CATEGORY, "neutral"),),
        "B12 of {b12} is within the range used, but in pregnancy total B12 is a poor guide; active B12 is the "
        "test that settles it.",
        ("nice-ng239", "b12-pregnancy-fall"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.nitrous_oxide_with_nerve_symptoms",
        _NITROUS_WITH_NERVE_SYMPTOMS,
        (Raise(CATEGORY, Likelihood.possible),),
        "Nitrous oxide inactivates B12, so nerve symptoms after using it fit deficiency even when total B12 "
        "looks normal.",
        ("nice-ng239-testing", "practical-neurology-n2o-2023"),
        ("context", "medications"),
    ),
    Rule(
        "b12_deficiency.pregnancy_on_non_pregnancy_limits",
        PREGNANT & Not(PregnancyRange(B12)) & _LOW_OR_GREY,
        (Cap(CATEGORY, Likelihood.possible),),
        "This B12 was judged against limits for people who are not pregnant; total B12 falls by about a third "
        "in pregnancy without true deficiency, so a low level needs active B12 before it means deficiency.",
        ("b12-pregnancy-fall", "nice-ng239"),
        ("context", "pregnant"),
    ),
    Rule(
        "b12_deficiency.oral_contraceptive_lowers_b12",
        Takes({"oral_contraceptive"}) & _LOW_OR_GREY & Not(STRONG_FEATURES),
        (Cap(CATEGORY, Likelihood.possible),),
        "Oral contraceptives can lower the measured B12 without true deficiency; a functional test such as "
        "methylmalonic acid helps decide.",
        ("gardyn-2000", "bnssg-b12"),
        ("context", "medications"),
    ),
    Rule(
        "b12_deficiency.oral_contraceptive_with_strong_features",
        Takes({"oral_contraceptive"}) & _LOW_OR_GREY & STRONG_FEATURES,
        (Note(CATEGORY, "neutral"),),
        "Oral contraceptives can lower the measured B12 without true deficiency, but with nerve symptoms and a "
        "risk factor guidelines advise acting on the clinical features; methylmalonic acid helps confirm.",
        ("gardyn-2000", "bnssg-b12", "bsh-2014"),
        ("context", "medications"),
    ),
)

TABLE = CategoryTable(
    category=CATEGORY,
    headlines={
        Likelihood.likely: "The results are consistent with vitamin B12 deficiency.",
        Likelihood.possible: "Vitamin B12 deficiency is possible; these results alone do not settle it.",
        Likelihood.unlikely: "On these results vitamin B12 deficiency is unlikely.",
    },
    rules=(*_VERDICTS, *SYMPTOM_EVIDENCE, *CONTEXT_EVIDENCE),
    not_assessed="Not assessed: no B12 result or symptom that fits deficiency was given (a risk "
    "factor alone is no reason to test).",
    not_known=((LabMissing(B12), "a serum vitamin B12 result"),),
)
