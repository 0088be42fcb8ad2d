"""The named conditions several rule tables share: the rule book's own terms.

A rule table imports its terms from here (and vocabulary from :mod:`b12labs.vocabulary`),
never from another table, so each table reads on its own and a term means the same thing
everywhere it is used.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Diet
from ..symptoms import Symptom
from ..vocabulary import (
    ABSORPTION_CONDITIONS,
    ABSORPTION_MEDICINES,
    COMPLAINT_SYMPTOMS,
    GENERAL_SYMPTOMS,
    HIGH_BANDS,
    LOW_BANDS,
    NERVE_SYMPTOMS,
    NOT_LOW_BANDS,
    POTASSIUM_LOWERING_DIURETICS,
)
from .conditions import (
    AgeAtLeast,
    AnyOf,
    DietIn,
    Has,
    HasSymptom,
    Hemolyzed,
    Lab,
    Measured,
    Not,
    PregnancyRange,
    RedFlag,
    Takes,
    Yes,
)

__all__ = [
    "COMMON_LOW_POTASSIUM_CAUSE",
    "COMPLAINT",
    "CRAMPS",
    "DEFICIENCY_ANAEMIA",
    "FITTING_SYMPTOMS",
    "GREY_B12",
    "HIGH_K",
    "INJECTIONS",
    "INJECTIONS_STARTING",
    "INJECTIONS_STARTING_FOR_ANAEMIA",
    "K_SHOWN_NOT_LOW",
    "LOWERED_WITHOUT_DEFICIENCY",
    "LOW_B12",
    "LOW_K",
    "LOW_MG",
    "MEGALOBLASTIC",
    "NERVE",
    "NITROUS_OXIDE",
    "NOT_LOW_B12",
    "PREGNANT",
    "RISK_FACTORS",
    "STRONG_FEATURES",
    "TOTAL_B12_UNINFORMATIVE",
]

B12, K, MG = Analyte.b12, Analyte.potassium, Analyte.magnesium

# --- symptoms ------------------------------------------------------------------------------

NERVE = HasSymptom(NERVE_SYMPTOMS)
#: The symptoms NICE's testing advice counts: nerve symptoms and those of the anaemia.
FITTING_SYMPTOMS = HasSymptom(NERVE_SYMPTOMS | GENERAL_SYMPTOMS)
CRAMPS = HasSymptom({Symptom.muscle_cramps})
#: Something the common causes could explain. Context (exercise, medicines, conditions,
#: pregnancy) only counts toward them when there is such a complaint: a statin alone,
#: without cramps or other symptoms, is not a cause of anything.
COMPLAINT = HasSymptom(COMPLAINT_SYMPTOMS)

# --- context -------------------------------------------------------------------------------

PREGNANT = Yes("pregnant")
INJECTIONS = Yes("b12_injections")
NITROUS_OXIDE = Takes({"nitrous_oxide"})
#: B12 injections begun in the last few days.
INJECTIONS_STARTING = INJECTIONS & Yes("b12_injections_started_recently")
#: An anaemia of B12 deficiency, as the person's conditions give it.
DEFICIENCY_ANAEMIA = Has({"megaloblastic_anemia", "pernicious_anemia"})
#: A megaloblastic anaemia: most often from a shortage of B12 or folate.
MEGALOBLASTIC = Has({"megaloblastic_anemia"})
#: The setting the injection label warns about: injections begun in the last few days to
#: treat a deficiency (an anaemia of it, or a low B12), when potassium can fall in the first
#: 48 hours, above all where the anaemia is severe.
INJECTIONS_STARTING_FOR_ANAEMIA = INJECTIONS_STARTING & (DEFICIENCY_ANAEMIA | Lab(B12, LOW_BANDS))
#: What makes a total B12 uninformative about the body's stores: injections (it reflects
#: them; replacement is not monitored by it) and high-dose biotin (falsely high assays).
TOTAL_B12_UNINFORMATIVE = INJECTIONS | Takes({"biotin"})
#: Anything that makes B12 deficiency more likely (NICE NG239 risk factors).
RISK_FACTORS = AnyOf(
    (
        DietIn({Diet.vegan, Diet.vegetarian}),
        Takes({*ABSORPTION_MEDICINES, "nitrous_oxide"}),
        Has(ABSORPTION_CONDITIONS),
        AgeAtLeast("older_age"),
    )
)
#: Nerve symptoms with a risk factor: the "strong clinical features" of BSH 2014.
STRONG_FEATURES = NERVE & RISK_FACTORS

# --- results -------------------------------------------------------------------------------

LOW_B12 = Lab(B12, LOW_BANDS)
NOT_LOW_B12 = Lab(B12, NOT_LOW_BANDS - {Band.critical_high})
#: Measured, but neither certainly low nor certainly above the borderline zone.
GREY_B12 = Measured(B12) & Not(LOW_B12) & Not(NOT_LOW_B12)
#: What lowers total B12 without true deficiency: the pill, and pregnancy when the result was
#: judged against limits for people who are not pregnant (a pregnancy range allows for it).
LOWERED_WITHOUT_DEFICIENCY = Takes({"oral_contraceptive"}) | (PREGNANT & Not(PregnancyRange(B12)))
LOW_K = Lab(K, LOW_BANDS)
#: A potassium result that shows the level is not low: haemolysis can only raise a result, so
#: a haemolysed one does not show it.
K_SHOWN_NOT_LOW = Lab(K, NOT_LOW_BANDS) & Not(Hemolyzed(K))
HIGH_K = Lab(K, HIGH_BANDS)
LOW_MG = Lab(MG, LOW_BANDS)
#: Commoner reasons for a low potassium than B12 injections.
COMMON_LOW_POTASSIUM_CAUSE = (
    Takes(POTASSIUM_LOWERING_DIURETICS)
    | HasSymptom({Symptom.diarrhea})
    | RedFlag({"heavy_fluid_loss"})
    | LOW_MG
)
