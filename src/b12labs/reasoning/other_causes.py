"""Rules for the third picture: the other, more common causes of cramps.

Specific causes (``Factor``): low magnesium and low potassium (from the labs), dehydration,
overexertion, medication and a medical condition (from symptoms and context). Verdict:

- a low potassium or magnesium, or two or more supporting facts -> likely;
- one supporting fact, or cramps on their own -> possible (cramps most often have a common,
  passing cause);
- otherwise unlikely.

Context facts (exercise, medicines, conditions, pregnancy) count only when there is a
complaint they could explain (cramps, thirst, dizziness, diarrhoea, fatigue, weakness).
Medicines act in a direction: loop and thiazide diuretics lower potassium and magnesium;
potassium-sparing diuretics, ACE inhibitors, angiotensin-receptor blockers and trimethoprim
raise potassium, so a high potassium on one of them names it as a possible cause, and none
of them is ever offered as the reason for a low potassium.
Normal electrolytes speak against an electrolyte cause without capping the category, since
dehydration and exercise do not show in a blood test.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Factor, Likelihood
from ..symptoms import Symptom
from ..vocabulary import (
    CRAMP_CONDITIONS,
    CRAMP_MEDICINES,
    NOT_LOW_BANDS,
    POTASSIUM_LOWERING_DIURETICS,
    POTASSIUM_RAISING_MEDICINES,
    EvidenceKind,
)
from .conditions import (
    AtLeast,
    Condition,
    Has,
    HasSymptom,
    Hemolyzed,
    Lab,
    LabCouldBe,
    LabMissing,
    Not,
    RedFlag,
    Takes,
    Yes,
)
from .engine import CategoryTable
from .rules import Effect, Implicate, Note, Raise, Rule
from .terms import COMPLAINT, HIGH_K, K_SHOWN_NOT_LOW, LOW_K, LOW_MG

__all__ = ["SUPPORTING_FACTS", "TABLE"]

CATEGORY = Category.other_common_causes
K, MG = Analyte.potassium, Analyte.magnesium

_CRAMP_MEDICINE_TEXTS = {
    "statin": "Statins can cause muscle symptoms, cramps among them.",
    "inhaled_beta_agonist": "Inhaled long-acting beta-agonists are among the medicines most often followed by "
    "cramps.",
    "angiotensin_receptor_blocker": "Angiotensin-receptor blockers are among the medicines linked to cramps.",
    "beta_blocker": "Some beta-blockers are linked to cramps.",
    "oral_contraceptive": "Oral contraceptives are among the medicines linked to cramps.",
    "stimulant": "Stimulants are among the medicines linked to cramps.",
}
assert set(_CRAMP_MEDICINE_TEXTS) == CRAMP_MEDICINES
_MEDICINE_SOURCES = ("msd-cramp-causes", "bmj-best-practice-cramps", "garrison-2012")
_CRAMP_CONDITION_TEXTS = {
    "peripheral_artery_disease": (
        "Peripheral artery disease causes cramp-like pain in the calf, thigh or buttock on walking that eases "
        "with rest.",
        ("healthlinkbc-claudication", "seed-article"),
    ),
    "kidney_disease": (
        "Kidney disease is a recognised cause of cramps.",
        ("msd-cramp-causes", "seed-article"),
    ),
    "hemodialysis": (
        "Cramps are common during and after haemodialysis.",
        ("bmj-best-practice-cramps", "msd-cramp-causes"),
    ),
    "liver_disease": ("Cramps are common with cirrhosis.", ("bmj-best-practice-cramps",)),
    "hypothyroidism": ("An underactive thyroid can cause cramps.", ("msd-cramp-causes",)),
}
assert set(_CRAMP_CONDITION_TEXTS) == CRAMP_CONDITIONS


def _support(
    rule_id: str,
    when: Condition,
    factors: tuple[Factor, ...],
    text: str,
    *,
    sources: tuple[str, ...],
    about: tuple[EvidenceKind, str],
) -> Rule:
    """A supporting fact: names its factors and counts toward the verdict."""
    effects: tuple[Effect, ...] = tuple(Implicate(f) for f in factors)
    return Rule(f"other_common_causes.{rule_id}", when, effects, text, sources, about)


_SUPPORT_RULES: tuple[Rule, ...] = (
    _support(
        "thirst",
        HasSymptom({Symptom.thirst}),
        (Factor.dehydration,),
        "Thirst points to dehydration.",
        sources=("seed-article", "msd-cramp-causes"),
        about=("symptom", "thirst"),
    ),
    _support(
        "dizziness",
        HasSymptom({Symptom.dizziness}),
        (Factor.dehydration,),
        "Dizziness can come with dehydration.",
        sources=("seed-article",),
        about=("symptom", "dizziness"),
    ),
    _support(
        "diarrhea",
        HasSymptom({Symptom.diarrhea}),
        (Factor.dehydration,),
        "Diarrhoea loses water and salts.",
        sources=("merck-cramps-warning-signs", "msd-cramp-causes"),
        about=("symptom", "diarrhea"),
    ),
    _support(
        "heavy_fluid_loss",
        RedFlag({"heavy_fluid_loss"}),
        (Factor.dehydration,),
        "Heavy fluid loss drains water and salts.",
        sources=("merck-cramps-warning-signs",),
        about=("context", "red_flags"),
    ),
    _support(
        "recent_heavy_exercise",
        Yes("recent_heavy_exercise") & COMPLAINT,
        (Factor.overexertion,),
        "Recent heavy exercise fits cramps from muscle fatigue, the better-supported explanation of exercise "
        "cramps; fluid and salt loss counts only where thirst or fluid loss is given.",
        sources=("schwellnus-2009", "msd-cramp-causes", "seed-article"),
        about=("context", "recent_heavy_exercise"),
    ),
    _support(
        "diuretic",
        Takes({"thiazide_diuretic", "loop_diuretic"}) & COMPLAINT,
        (Factor.medication, Factor.dehydration),
        "Loop and thiazide diuretics remove water and salts, potassium and magnesium among them, and are linked "
        "to cramps.",
        sources=("msd-cramp-causes", "garrison-2012", "msd-potassium-drugs"),
        about=("context", "medications"),
    ),
    _support(
        "potassium_sparing_diuretic",
        Takes({"potassium_sparing_diuretic"}) & COMPLAINT,
        (Factor.medication, Factor.dehydration),
        "Potassium-sparing diuretics remove water and salt while keeping potassium, and are among the "
        "medicines most often followed by cramps.",
        sources=("garrison-2012", "msd-potassium-drugs"),
        about=("context", "medications"),
    ),
    _support(
        "diuretic_of_unknown_kind",
        Takes({"diuretic"}) & COMPLAINT,
        (Factor.medication, Factor.dehydration),
        "Diuretics remove water and salts, and the common kinds (loop and thiazide) lower potassium and "
        "magnesium too; they are linked to cramps.",
        sources=("msd-cramp-causes", "garrison-2012", "msd-potassium-drugs"),
        about=("context", "medications"),
    ),
    *(
        _support(
            f"medicine.{name}",
            Takes({name}) & COMPLAINT,
            (Factor.medication,),
            text,
            sources=_MEDICINE_SOURCES,
            about=("context", "medications"),
        )
        for name, text in _CRAMP_MEDICINE_TEXTS.items()
    ),
    *(
        _support(
            f"condition.{name}",
            Has({name}) & COMPLAINT,
            (Factor.medical_condition,),
            text,
            sources=sources,
            about=("context", "conditions"),
        )
        for name, (text, sources) in _CRAMP_CONDITION_TEXTS.items()
    ),
    _support(
        "pregnancy",
        Yes("pregnant") & COMPLAINT,
        (Factor.medical_condition,),
        "Cramps are common in pregnancy.",
        sources=("bmj-best-practice-cramps",),
        about=("context", "pregnant"),
    ),
)

#: Every fact (other than a lab) that supports a common cause; two or more make it likely.
SUPPORTING_FACTS: tuple[Condition, ...] = tuple(rule.when for rule in _SUPPORT_RULES)


_VERDICTS = (
    Rule(
        "other_common_causes.low_potassium",
        LOW_K,
        (Implicate(Factor.low_potassium), Raise(CATEGORY, Likelihood.likely)),
        "Potassium of {potassium} is low ({potassium_band_text}); low potassium causes cramps and weakness.",
        ("statpearls-hypokalemia", "msd-cramp-causes", "seed-article"),
        ("finding", "potassium"),
    ),
    Rule(
        "other_common_causes.low_magnesium",
        LOW_MG,
        (Implicate(Factor.low_magnesium), Raise(CATEGORY, Likelihood.likely)),
        "Magnesium of {magnesium} is low ({magnesium_band_text}); low magnesium causes spasms, tremor and weakness.",
        ("merck-hypomagnesemia", "msd-cramp-causes", "seed-article"),
        ("finding", "magnesium"),
    ),
    Rule(
        "other_common_causes.low_potassium_on_diuretic",
        LOW_K & Takes(POTASSIUM_LOWERING_DIURETICS),
        (Implicate(Factor.medication),),
        "Loop and thiazide diuretics lower potassium, which fits the low potassium.",
        ("msd-potassium-drugs",),
        ("context", "medications"),
    ),
    Rule(
        "other_common_causes.low_magnesium_on_diuretic",
        LOW_MG & Takes(POTASSIUM_LOWERING_DIURETICS),
        (Implicate(Factor.medication),),
        "Loop and thiazide diuretics lower magnesium, which fits the low magnesium.",
        ("msd-potassium-drugs",),
        ("context", "medications"),
    ),
    *(
        Rule(
            f"other_common_causes.high_potassium_on.{name}",
            HIGH_K & Takes({name}) & Not(Hemolyzed(K)),  # a haemolysed result is repeated first
            (Implicate(Factor.medication), Raise(CATEGORY, Likelihood.possible)),
            f"{how}, which may explain the high potassium ({{potassium}}).",
            ("msd-potassium-drugs",),
            ("context", "medications"),
        )
        for name, how in POTASSIUM_RAISING_MEDICINES.items()
    ),
    Rule(
        "other_common_causes.two_supporting_facts",
        AtLeast(2, SUPPORTING_FACTS),
        (Raise(CATEGORY, Likelihood.likely),),
        "Two or more common triggers of cramps are present.",
        ("msd-cramp-causes", "seed-article"),
        ("context", "several"),
    ),
    Rule(
        "other_common_causes.one_supporting_fact",
        AtLeast(1, SUPPORTING_FACTS),
        (Raise(CATEGORY, Likelihood.possible),),
        "A common trigger of cramps is present.",
        ("msd-cramp-causes", "seed-article"),
        ("context", "one"),
    ),
    Rule(
        "other_common_causes.cramps",
        HasSymptom({Symptom.muscle_cramps}),
        (Raise(CATEGORY, Likelihood.possible),),
        "Muscle cramps most often have a common, passing cause such as exercise, dehydration or a salt imbalance.",
        ("seed-article", "schwellnus-2009"),
        ("symptom", "muscle_cramps"),
    ),
    Rule(
        "other_common_causes.haemolysed_potassium_not_low",
        Lab(K, NOT_LOW_BANDS) & Hemolyzed(K),
        (Note(CATEGORY, "neutral"),),
        "Potassium of {potassium} was measured on a haemolysed sample, which can raise it falsely, so it "
        "cannot show whether potassium is low.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "other_common_causes.potassium_not_low",
        K_SHOWN_NOT_LOW,
        (Note(CATEGORY, "against"),),
        "Potassium of {potassium} is not low, which speaks against low potassium as the cause.",
        ("statpearls-hypokalemia",),
        ("finding", "potassium"),
    ),
    *(
        Rule(
            f"other_common_causes.{analyte.value}_may_be_low",
            LabCouldBe(analyte, {Band.low, Band.critical_low}) & Not(low),
            (Note(CATEGORY, "neutral"),),
            f"{analyte.value.capitalize()} reported as {{{analyte.value}}} may or may not be low; an exact "
            "value would show whether it plays a part.",
            sources,
            ("finding", analyte.value),
        )
        for analyte, low, sources in (
            (K, LOW_K, ("statpearls-hypokalemia",)),
            (MG, LOW_MG, ("rcpa-magnesium",)),
        )
    ),
    Rule(
        "other_common_causes.magnesium_not_low",
        Lab(MG, NOT_LOW_BANDS),
        (Note(CATEGORY, "against"),),
        "Magnesium of {magnesium} is not low, which speaks against low magnesium as the cause.",
        ("rcpa-magnesium",),
        ("finding", "magnesium"),
    ),
)

TABLE = CategoryTable(
    category=CATEGORY,
    headlines={
        Likelihood.likely: "The picture is consistent with one of the common causes of cramps.",
        Likelihood.possible: "A common cause of cramps is possible.",
        Likelihood.unlikely: "Nothing here points to a common cause of cramps.",
    },
    rules=(*_VERDICTS[:2], *_SUPPORT_RULES, *_VERDICTS[2:]),
    not_assessed="Not assessed: no potassium or magnesium result, complaint or context fact that bears on "
    "the common causes was given.",
    not_known=(
        (LabMissing(K), "a serum potassium result"),
        (LabMissing(MG), "a serum magnesium result"),
    ),
)
