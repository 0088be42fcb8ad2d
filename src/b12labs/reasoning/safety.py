"""Safety advice and notes for the clinician (recommendations of kind ``safety`` and
``clinician_note``).

Safety: no self-treatment with high-dose supplements; no folic acid alone for a possible B12
deficiency (while keeping any folic acid advised, as in pregnancy); keep to prescribed B12
injections; act on no haemolysed high or normal potassium, and never wait on a haemolysed
low one (haemolysis only raises potassium); potassium watched when injections start; no
quinine for cramps; magnesium does not help ordinary night cramps in older adults (only
where no cause was found). No text here asks for faster action than the urgency it can
appear with. Notes for the clinician: B12 measured during injections; symptoms alone
without a B12 test; a high B12; low potassium with low magnesium; a potassium so high that
an artefact comes first; a high potassium on a potassium-raising medicine (not on a
haemolysed sample, which is repeated first)."""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Likelihood
from ..vocabulary import (
    HIGH_BANDS,
    LOW_BANDS,
    POTASSIUM_RAISING_MEDICINES,
    RecommendationKind,
)
from .conditions import (
    AgeAtLeast,
    AnyOf,
    Assessed,
    FactorNamed,
    Hemolyzed,
    Lab,
    LabAtLeast,
    LabCouldBe,
    LabMissing,
    Measured,
    No,
    Not,
    Takes,
    Yes,
)
from .rules import Recommend, Rule
from .terms import (
    CRAMPS,
    FITTING_SYMPTOMS,
    INJECTIONS,
    NERVE,
    NITROUS_OXIDE,
    PREGNANT,
    RISK_FACTORS,
)

__all__ = ["RULES"]

B12, K, MG = Analyte.b12, Analyte.potassium, Analyte.magnesium
SAFETY, NOTE = RecommendationKind.safety, RecommendationKind.clinician_note
ANY_POSSIBLE = AnyOf(tuple(Assessed(c, Likelihood.possible) for c in Category))
DEFICIENCY_POSSIBLE = Assessed(Category.b12_deficiency, Likelihood.possible)
#: Nothing is likely and no specific common cause was named.
NO_CAUSE_FOUND = Not(AnyOf(tuple(Assessed(c, Likelihood.likely) for c in Category))) & Not(
    FactorNamed()
)

#: Cramps that may be the ordinary night cramps of older age: potassium and magnesium
#: measured and neither possibly low, no nerve symptom, and deficiency not possible (the
#: Cochrane finding is for idiopathic cramps only).
ORDINARY_CRAMPS = (
    Measured(K)
    & Measured(MG)
    & Not(LabCouldBe(K, LOW_BANDS))
    & Not(LabCouldBe(MG, LOW_BANDS))
    & Not(NERVE)
    & Not(DEFICIENCY_POSSIBLE)
)

_SAFETY = (
    Rule(
        "recommendation.safety.no_high_dose_self_treatment",
        ANY_POSSIBLE | CRAMPS,
        (Recommend(SAFETY),),
        "Do not start high-dose B12, potassium or magnesium supplements on your own: the cause needs "
        "confirming first, and too much potassium or magnesium can be dangerous.",
        ("seed-article",),
        ("context", "safety"),
    ),
    Rule(
        "recommendation.safety.no_folic_acid_alone",
        DEFICIENCY_POSSIBLE,
        (Recommend(SAFETY),),
        "Folic acid on its own does not treat a possible B12 deficiency: it can correct the anaemia while the "
        "nerve damage of B12 deficiency goes on. Keep taking any folic acid you were advised to take (in "
        "pregnancy, for example); how to treat the B12 is for the clinician to decide.",
        ("cyanocobalamin-label", "nice-ng239"),
        ("context", "safety"),
    ),
    Rule(
        "recommendation.safety.keep_prescribed_injections",
        INJECTIONS,
        (Recommend(SAFETY),),
        "Keep to the B12 injections as prescribed; any change to them is for the clinician who prescribed them "
        "to decide, with these results in hand.",
        ("nice-ng239",),
        ("context", "b12_injections"),
    ),
    Rule(
        "recommendation.safety.hemolyzed_low_potassium",
        Hemolyzed(K) & LabCouldBe(K, LOW_BANDS),
        (Recommend(SAFETY),),
        "Haemolysis can only raise a potassium result, so a low haemolysed result means the true level is as "
        "low or lower: it is not a reason to wait, and a fresh sample confirms it.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "recommendation.safety.hemolyzed_potassium_possibly_critical",
        Hemolyzed(K) & LabCouldBe(K, {Band.critical_high}) & Not(LabCouldBe(K, LOW_BANDS)),
        (Recommend(SAFETY),),
        "Do not start or change treatment on a haemolysed potassium result alone: because it is or may be in "
        "a critical range, it needs repeating the same day.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "recommendation.safety.hemolyzed_potassium",
        Hemolyzed(K) & Not(LabCouldBe(K, LOW_BANDS | {Band.critical_high})),
        (Recommend(SAFETY),),
        "Do not start or change treatment on a haemolysed potassium result alone: repeat it first.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "recommendation.safety.potassium_when_injections_start",
        INJECTIONS,
        (Recommend(SAFETY),),
        "When B12 injections start for a severe deficiency anaemia, potassium is checked closely over the first "
        "48 hours; tell a clinician about palpitations or new weakness.",
        ("cyanocobalamin-label",),
        ("context", "b12_injections"),
    ),
    Rule(
        "recommendation.safety.no_quinine",
        CRAMPS,
        (Recommend(SAFETY),),
        "Quinine is not recommended for cramps because of its serious side effects.",
        ("aan-cramps-2010",),
        ("symptom", "muscle_cramps"),
    ),
    Rule(
        "recommendation.safety.magnesium_for_ordinary_cramps",
        CRAMPS & AgeAtLeast("older_age") & NO_CAUSE_FOUND & ORDINARY_CRAMPS,
        (Recommend(SAFETY),),
        "No cause of these cramps was found here; for ordinary night cramps in older adults, magnesium "
        "supplements have not been shown to help.",
        ("cochrane-magnesium-cramps",),
        ("symptom", "muscle_cramps"),
    ),
)

_NOTES = (
    Rule(
        "recommendation.note.b12_on_injections",
        INJECTIONS & Measured(B12),
        (Recommend(NOTE),),
        "Total B12 is hard to read during B12 injections (it reflects the injections, above all within two weeks "
        "of one) and is not used to monitor established replacement.",
        ("bnssg-b12", "mayo-b12"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.note.symptoms_alone_untested",
        LabMissing(B12)
        & FITTING_SYMPTOMS
        & Not(RISK_FACTORS)
        & Not(INJECTIONS)
        & Not(PREGNANT)
        & Not(NITROUS_OXIDE),
        (Recommend(NOTE),),
        "Whether to test B12 for these symptoms without a known risk factor is the clinician's judgement: NICE "
        "advises testing when a symptom and a risk factor come together.",
        ("nice-ng239-testing",),
        ("missing_result", "b12"),
    ),
    Rule(
        "recommendation.note.high_b12_without_supplements",
        Lab(B12, {Band.high}) & No("b12_injections") & No("b12_oral_supplements"),
        (Recommend(NOTE),),
        "A high B12 without supplements or injections is worth a clinician's attention: it can accompany liver "
        "or kidney disease and some blood disorders.",
        ("medlineplus-b12", "auckland-b12", "andres-2013"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.note.high_b12_supplements_not_known",
        Lab(B12, {Band.high})
        & Not(INJECTIONS)
        & Not(Yes("b12_oral_supplements"))
        & Not(No("b12_injections") & No("b12_oral_supplements")),
        (Recommend(NOTE),),
        "A high B12 most often comes from injections or supplements, and whether any are taken is not known; "
        "without them, it is worth a clinician's attention.",
        ("medlineplus-b12", "auckland-b12", "andres-2013"),
        ("finding", "b12"),
    ),
    Rule(
        "recommendation.note.low_potassium_and_magnesium",
        Lab(K, LOW_BANDS) & Lab(MG, LOW_BANDS),
        (Recommend(NOTE),),
        "Potassium and magnesium are both low: low magnesium keeps potassium from correcting, so both usually "
        "need replacing together.",
        ("huang-kuo-2007",),
        ("finding", "magnesium"),
    ),
    Rule(
        "recommendation.note.extreme_potassium_consider_artefact",
        LabAtLeast(K, "potassium_consider_pseudohyperkalaemia") & Not(Hemolyzed(K)),
        (Recommend(NOTE),),
        "A potassium of {potassium} is rare and usually fatal untreated: where it does not fit how the person "
        "is, a falsely high result (a haemolysed, delayed or contaminated sample) is considered first and the "
        "sample repeated at once, while the result is treated as critical.",
        ("tran-2005", "pseudohyperkalaemia"),
        ("finding", "potassium"),
    ),
    Rule(
        "recommendation.note.high_potassium_on_potassium_raising_medicine",
        Lab(K, HIGH_BANDS) & Takes(POTASSIUM_RAISING_MEDICINES) & Not(Hemolyzed(K)),
        (Recommend(NOTE),),
        "Potassium is high while a potassium-raising medicine is taken: the prescriber may review it. Keep "
        "taking prescribed medicines until the prescriber advises a change.",
        ("msd-potassium-drugs",),
        ("finding", "potassium"),
    ),
)

RULES: tuple[Rule, ...] = (*_SAFETY, *_NOTES)
