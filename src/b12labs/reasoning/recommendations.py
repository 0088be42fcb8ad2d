"""Next steps: clinician follow-up (always), tests that would settle the question, safety.

Every report holds exactly one ``clinician_follow_up``, worded to the urgency. Follow-up
tests: methylmalonic acid for an indeterminate B12; active B12 in pregnancy; homocysteine
after nitrous oxide; a serum B12 when none was measured; intrinsic-factor antibodies to
look for the cause of a likely deficiency; potassium during B12 injections or for cramps;
magnesium with low potassium or for cramps; a repeat potassium after haemolysis. Safety:
no self-treatment with high-dose supplements; act on no haemolysed potassium; potassium
watched when injections start; no quinine for cramps; magnesium does not help ordinary
night cramps in older adults. Notes for the clinician: a high B12 without supplements;
low potassium with low magnesium.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Likelihood, Urgency
from ..symptoms import Symptom
from .b12_deficiency import GENERAL_SYMPTOMS, GREY, NERVE_SYMPTOMS
from .conditions import (
    AnyOf,
    Assessed,
    Flag,
    Has,
    HasSymptom,
    Hemolyzed,
    Lab,
    LabMissing,
    Not,
    OlderAge,
    Takes,
    UrgencyIs,
)
from .rules import Recommend, Rule

__all__ = ["RULES"]

B12, K, MG = Analyte.b12, Analyte.potassium, Analyte.magnesium
CRAMPS = HasSymptom({Symptom.muscle_cramps})
LOW = {Band.low, Band.critical_low}
ANY_POSSIBLE = AnyOf(tuple(Assessed(c, Likelihood.possible) for c in Category))

_FOLLOW_UP = (
    Rule(
        "recommendation.seek_care_now",
        UrgencyIs(Urgency.urgent),
        (Recommend("clinician_follow_up"),),
        "Seek medical care now (urgent care or an emergency department), and take these results with you.",
        ("merck-cramps-warning-signs", "kost-1990"),
        ("context", "urgency"),
    ),
    Rule(
        "recommendation.see_clinician_within_days",
        UrgencyIs(Urgency.prompt),
        (Recommend("clinician_follow_up"),),
        "See a clinician within the next few days to review these results and symptoms.",
        ("seed-article",),
        ("context", "urgency"),
    ),
    Rule(
        "recommendation.routine_follow_up",
        UrgencyIs(Urgency.routine),
        (Recommend("clinician_follow_up"),),
        "Discuss these results with a clinician at a routine appointment; go sooner if cramps become "
        "persistent or severe or new symptoms appear.",
        ("seed-article",),
        ("context", "urgency"),
    ),
)

_TESTS = (
    Rule(
        "recommendation.test.repeat_hemolyzed_potassium",
        Hemolyzed(K),
        (Recommend("follow_up_test", "repeat serum potassium"),),
        "Repeat the potassium on a fresh sample that is not haemolysed: burst red cells release potassium "
        "and raise the result falsely.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "recommendation.test.active_b12_in_pregnancy",
        Flag("pregnant") & Assessed(Category.b12_deficiency, Likelihood.possible),
        (Recommend("follow_up_test", "holotranscobalamin (active B12)"),),
        "Ask about an active-B12 (holotranscobalamin) test: in pregnancy it is more reliable than total B12.",
        ("nice-ng239",),
        ("context", "pregnant"),
    ),
    Rule(
        "recommendation.test.homocysteine_after_nitrous_oxide",
        Takes({"nitrous_oxide"})
        & (
            Assessed(Category.b12_deficiency, Likelihood.possible)
            | HasSymptom(NERVE_SYMPTOMS | GENERAL_SYMPTOMS)
        ),
        (Recommend("follow_up_test", "total homocysteine"),),
        "Ask about a homocysteine test: after nitrous oxide use it shows B12 being inactivated when total B12 "
        "may look normal.",
        ("nice-ng239-risk", "harrington-2017"),
        ("context", "medications"),
    ),
    Rule(
        "recommendation.test.methylmalonic_acid",
        GREY & Not(Flag("pregnant")),
        (Recommend("follow_up_test", "methylmalonic acid"),),
        "Ask about a methylmalonic acid (MMA) test, which helps settle an indeterminate B12 result. Kidney "
        "disease raises MMA on its own, so it is read together with kidney function.",
        ("nice-ng239", "mayo-mma", "harrington-2017"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.test.serum_b12",
        LabMissing(B12)
        & Assessed(Category.b12_deficiency, Likelihood.possible)
        & Not(Flag("pregnant")),
        (Recommend("follow_up_test", "serum vitamin B12"),),
        "Ask about a blood test for vitamin B12.",
        ("nice-ng239", "seed-article"),
        ("missing_result", "b12"),
    ),
    Rule(
        "recommendation.test.intrinsic_factor_antibodies",
        Assessed(Category.b12_deficiency, Likelihood.likely) & Not(Has({"pernicious_anemia"})),
        (Recommend("follow_up_test", "intrinsic factor antibodies"),),
        "If deficiency is confirmed, intrinsic-factor antibodies look for pernicious anaemia as its cause.",
        ("mayo-b12",),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.test.potassium_during_injections",
        Flag("b12_injections") & LabMissing(K),
        (Recommend("follow_up_test", "serum potassium"),),
        "Ask for a potassium level: B12 injections for severe deficiency anaemia can lower potassium.",
        ("cyanocobalamin-label",),
        ("missing_result", "potassium"),
    ),
    Rule(
        "recommendation.test.magnesium_with_low_potassium",
        Lab(K, LOW) & LabMissing(MG),
        (Recommend("follow_up_test", "serum magnesium"),),
        "Ask for a magnesium level: low magnesium often comes with low potassium and keeps it from correcting.",
        ("huang-kuo-2007",),
        ("missing_result", "magnesium"),
    ),
    Rule(
        "recommendation.test.potassium_for_cramps",
        CRAMPS & LabMissing(K),
        (Recommend("follow_up_test", "serum potassium"),),
        "Ask for a potassium level: low potassium is a common, treatable cause of cramps.",
        ("msd-cramp-causes", "seed-article"),
        ("missing_result", "potassium"),
    ),
    Rule(
        "recommendation.test.magnesium_for_cramps",
        CRAMPS & LabMissing(MG),
        (Recommend("follow_up_test", "serum magnesium"),),
        "Ask for a magnesium level: low magnesium is a common, treatable cause of cramps.",
        ("msd-cramp-causes", "seed-article"),
        ("missing_result", "magnesium"),
    ),
)

_SAFETY = (
    Rule(
        "recommendation.safety.no_high_dose_self_treatment",
        ANY_POSSIBLE | CRAMPS,
        (Recommend("safety"),),
        "Do not start high-dose B12, potassium or magnesium supplements on your own: the cause needs "
        "confirming first, and too much potassium or magnesium can be dangerous.",
        ("seed-article",),
        ("context", "safety"),
    ),
    Rule(
        "recommendation.safety.hemolyzed_potassium",
        Hemolyzed(K),
        (Recommend("safety"),),
        "Do not start or change treatment on a haemolysed potassium result alone: repeat it first, the same "
        "day if it is in a critical range.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "recommendation.safety.potassium_when_injections_start",
        Flag("b12_injections"),
        (Recommend("safety"),),
        "When B12 injections start for severe deficiency anaemia, potassium should be checked closely over the "
        "first 48 hours; report palpitations or new weakness to a clinician without delay.",
        ("cyanocobalamin-label",),
        ("context", "b12_injections"),
    ),
    Rule(
        "recommendation.safety.no_quinine",
        CRAMPS,
        (Recommend("safety"),),
        "Quinine is not recommended for cramps because of its serious side effects.",
        ("aan-cramps-2010",),
        ("symptom", "muscle_cramps"),
    ),
    Rule(
        "recommendation.safety.magnesium_for_ordinary_cramps",
        CRAMPS & OlderAge() & Not(Lab(MG, LOW)),
        (Recommend("safety"),),
        "Magnesium supplements have not been shown to help ordinary night cramps in older adults.",
        ("cochrane-magnesium-cramps",),
        ("symptom", "muscle_cramps"),
    ),
)

_NOTES = (
    Rule(
        "recommendation.note.high_b12_without_supplements",
        Lab(B12, {Band.high}) & Not(Flag("b12_injections")) & Not(Flag("b12_oral_supplements")),
        (Recommend("clinician_note"),),
        "A high B12 without supplements does not explain cramps, but it is worth a clinician's attention: it "
        "can accompany liver or kidney disease and some blood disorders.",
        ("medlineplus-b12", "auckland-b12", "andres-2013"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.note.low_potassium_and_magnesium",
        Lab(K, LOW) & Lab(MG, LOW),
        (Recommend("clinician_note"),),
        "Potassium and magnesium are both low: low magnesium keeps potassium from correcting, so both usually "
        "need replacing together.",
        ("huang-kuo-2007",),
        ("finding", "magnesium"),
    ),
)

RULES: tuple[Rule, ...] = (*_FOLLOW_UP, *_TESTS, *_SAFETY, *_NOTES)
