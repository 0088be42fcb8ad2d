"""Next steps: clinician follow-up (always), tests that guidance supports, safety.

Every report holds exactly one ``clinician_follow_up``, worded to the urgency. No other
text here asks for faster action than the urgency it can appear with.

Follow-up tests, as guidance supports them:

- a serum B12 for an untested person only with a fitting symptom *and* a risk factor
  (NICE NG239 1.2); a symptom alone is left to the clinician's judgement, a risk factor
  alone is no reason; never for people established on B12 injections (the result reflects
  the injections), nor first with suspected nitrous-oxide deficiency;
- homocysteine or methylmalonic acid (MMA) first after nitrous oxide;
- MMA, the functional test, wherever total B12 cannot settle it: a borderline result, a low
  result on the pill or in pregnancy, a result below a reference interval, and strong
  features with a "normal" result (BSH 2014);
- active B12 (holotranscobalamin) in pregnancy whenever B12 or nerve symptoms are in the
  picture; intrinsic-factor antibodies for the cause once deficiency is likely or a low
  level is only held back by the pill or pregnancy;
- potassium during B12 injections or for cramps; magnesium with low potassium or for
  cramps; a repeat potassium after haemolysis.

Safety advice and notes for the clinician are in :mod:`.safety`.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Likelihood, Urgency
from ..symptoms import Symptom
from ..vocabulary import (
    LOW_BANDS,
    RecommendationKind,
)
from .conditions import (
    AnyOf,
    Assessed,
    BandBasis,
    FactorNamed,
    Has,
    HasSymptom,
    Hemolyzed,
    Lab,
    LabMissing,
    Measured,
    Not,
    UrgencyIs,
)
from .rules import Recommend, Rule
from .terms import (
    CRAMPS,
    FITTING_SYMPTOMS,
    GREY_B12,
    INJECTIONS,
    LOW_B12,
    LOWERED_WITHOUT_DEFICIENCY,
    NERVE,
    NITROUS_OXIDE,
    NOT_LOW_B12,
    PREGNANT,
    RISK_FACTORS,
    STRONG_FEATURES,
)

__all__ = ["RULES"]

B12, K, MG = Analyte.b12, Analyte.potassium, Analyte.magnesium
FOLLOW_UP, TEST, SAFETY, NOTE = RecommendationKind
ANY_POSSIBLE = AnyOf(tuple(Assessed(c, Likelihood.possible) for c in Category))
DEFICIENCY_POSSIBLE = Assessed(Category.b12_deficiency, Likelihood.possible)
MMA = "methylmalonic acid"
#: Deficiency suspected after nitrous oxide (NICE 1.2-1.3): a fitting symptom, or a total B12
#: that is not reassuring; nitrous oxide alone is no reason to test.
SUSPECTED_AFTER_NITROUS_OXIDE = NITROUS_OXIDE & (
    FITTING_SYMPTOMS | (Measured(B12) & Not(NOT_LOW_B12))
)
#: Nothing is likely and no specific common cause was named.
NO_CAUSE_FOUND = Not(AnyOf(tuple(Assessed(c, Likelihood.likely) for c in Category))) & Not(
    FactorNamed()
)

_FOLLOW_UP = (
    Rule(
        "recommendation.seek_care_now",
        UrgencyIs(Urgency.urgent),
        (Recommend(FOLLOW_UP),),
        "Seek medical care now (urgent care or an emergency department), and take these results with you.",
        ("merck-cramps-warning-signs", "kost-1990"),
        ("context", "urgency"),
    ),
    Rule(
        "recommendation.see_clinician_within_days",
        UrgencyIs(Urgency.prompt),
        (Recommend(FOLLOW_UP),),
        "See a clinician within the next few days to review these results and symptoms.",
        ("seed-article",),
        ("context", "urgency"),
    ),
    Rule(
        "recommendation.routine_follow_up",
        UrgencyIs(Urgency.routine),
        (Recommend(FOLLOW_UP),),
        "Discuss these results with a clinician at a routine appointment; go sooner if symptoms become "
        "persistent or severe or new ones appear.",
        ("seed-article",),
        ("context", "urgency"),
    ),
)

_B12_TESTS = (
    Rule(
        "recommendation.test.homocysteine_after_nitrous_oxide",
        SUSPECTED_AFTER_NITROUS_OXIDE,
        (Recommend(TEST, "total homocysteine"),),
        "Ask about a homocysteine test first: after nitrous oxide use it shows B12 being inactivated when total "
        "B12 may look normal.",
        ("nice-ng239-testing", "harrington-2017"),
        ("context", "medications"),
    ),
    Rule(
        "recommendation.test.mma_after_nitrous_oxide",
        SUSPECTED_AFTER_NITROUS_OXIDE,
        (Recommend(TEST, MMA),),
        "Methylmalonic acid (MMA) is the other first test after nitrous oxide: like homocysteine, it shows B12 "
        "not working when total B12 may look normal.",
        ("nice-ng239-testing", "practical-neurology-n2o-2023"),
        ("context", "medications"),
    ),
    Rule(
        "recommendation.test.active_b12_in_pregnancy",
        PREGNANT & (Measured(B12) | NERVE | DEFICIENCY_POSSIBLE),
        (Recommend(TEST, "holotranscobalamin (active B12)"),),
        "Ask about an active-B12 (holotranscobalamin) test: in pregnancy total B12 falls and is unreliable, and "
        "NICE advises active B12 instead.",
        ("nice-ng239", "b12-pregnancy-fall"),
        ("context", "pregnant"),
    ),
    Rule(
        "recommendation.test.mma_when_total_b12_is_lowered",
        LOW_B12 & LOWERED_WITHOUT_DEFICIENCY,
        (Recommend(TEST, MMA),),
        "Ask about a methylmalonic acid (MMA) test: the pill, and pregnancy judged on limits for people who "
        "are not pregnant, lower total B12 without true deficiency, and MMA shows whether the body is really "
        "short of B12.",
        ("bnssg-b12", "gardyn-2000", "mayo-mma"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.test.mma_in_pregnancy",
        LOW_B12 & PREGNANT & Not(LOWERED_WITHOUT_DEFICIENCY),
        (Recommend(TEST, MMA),),
        "Ask about a methylmalonic acid (MMA) test: in pregnancy it helps show whether a low total B12 means "
        "the body is really short of B12.",
        ("bnssg-b12", "mayo-mma"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.test.mma_strong_features_with_normal_b12",
        STRONG_FEATURES & NOT_LOW_B12 & Not(Lab(B12, {Band.high})) & Not(PREGNANT),
        (Recommend(TEST, MMA),),
        "Ask about a methylmalonic acid (MMA) or active-B12 test: with nerve symptoms and a risk factor, a "
        "'normal' total B12 should not rule deficiency out.",
        ("bsh-2014", "mayo-b12", "mayo-mma"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.test.methylmalonic_acid",
        GREY_B12 & Not(PREGNANT),
        (Recommend(TEST, MMA),),
        "Ask about a methylmalonic acid (MMA) test, which helps settle a B12 result that is borderline or cannot "
        "be placed. Kidney disease raises MMA on its own, so it is read together with kidney function.",
        ("nice-ng239", "mayo-mma", "harrington-2017"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.test.mma_below_reference_interval",
        LOW_B12 & BandBasis(B12, "reference_interval") & Not(PREGNANT),
        (Recommend(TEST, MMA),),
        "Ask about a methylmalonic acid (MMA) test: it shows whether a B12 below this reference interval means "
        "the body is really short of B12.",
        ("mayo-mma", "bsh-2014"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.test.serum_b12",
        LabMissing(B12)
        & FITTING_SYMPTOMS
        & RISK_FACTORS
        & Not(INJECTIONS)
        & Not(PREGNANT)
        & Not(NITROUS_OXIDE),
        (Recommend(TEST, "serum vitamin B12"),),
        "Ask about a blood test for vitamin B12: NICE advises testing when a fitting symptom and a risk factor "
        "come together.",
        ("nice-ng239-testing", "nice-ng239"),
        ("missing_result", "b12"),
    ),
    Rule(
        "recommendation.test.intrinsic_factor_antibodies",
        (
            Assessed(Category.b12_deficiency, Likelihood.likely)
            | (LOW_B12 & LOWERED_WITHOUT_DEFICIENCY)
        )
        & Not(Has({"pernicious_anemia"})),
        (Recommend(TEST, "intrinsic factor antibodies"),),
        "If deficiency is confirmed, intrinsic-factor antibodies look for pernicious anaemia as its cause.",
        ("mayo-b12",),
        ("finding", "b12"),
    ),
)

_OTHER_TESTS = (
    Rule(
        "recommendation.test.repeat_hemolyzed_potassium",
        Hemolyzed(K),
        (Recommend(TEST, "repeat serum potassium"),),
        "Repeat the potassium on a fresh sample that is not haemolysed: burst red cells release potassium "
        "and raise the result falsely.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "recommendation.test.potassium_during_injections",
        INJECTIONS & LabMissing(K),
        (Recommend(TEST, "serum potassium"),),
        "Ask for a potassium level: B12 injections for severe deficiency anaemia can lower potassium.",
        ("cyanocobalamin-label",),
        ("missing_result", "potassium"),
    ),
    Rule(
        "recommendation.test.potassium_for_palpitations",
        HasSymptom({Symptom.palpitations}) & LabMissing(K) & Not(INJECTIONS),
        (Recommend(TEST, "serum potassium"),),
        "Ask for a potassium level: palpitations can come with an abnormal potassium, which needs checking.",
        ("mayo-potassium", "rcem-potassium"),
        ("missing_result", "potassium"),
    ),
    Rule(
        "recommendation.test.magnesium_with_low_potassium",
        Lab(K, LOW_BANDS) & LabMissing(MG),
        (Recommend(TEST, "serum magnesium"),),
        "Ask for a magnesium level: low magnesium often comes with low potassium and keeps it from correcting.",
        ("huang-kuo-2007",),
        ("missing_result", "magnesium"),
    ),
    Rule(
        "recommendation.test.potassium_for_cramps",
        CRAMPS & LabMissing(K),
        (Recommend(TEST, "serum potassium"),),
        "Ask for a potassium level: low potassium is a common, treatable cause of cramps.",
        ("msd-cramp-causes", "seed-article"),
        ("missing_result", "potassium"),
    ),
    Rule(
        "recommendation.test.magnesium_for_cramps",
        CRAMPS & LabMissing(MG),
        (Recommend(TEST, "serum magnesium"),),
        "Ask for a magnesium level: low magnesium is a common, treatable cause of cramps.",
        ("msd-cramp-causes", "seed-article"),
        ("missing_result", "magnesium"),
    ),
)

RULES: tuple[Rule, ...] = (*_FOLLOW_UP, *_B12_TESTS, *_OTHER_TESTS)
