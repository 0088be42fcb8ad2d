"""How soon to see a clinician: urgent, prompt or routine.

- ``urgent`` (seek care now): potassium or magnesium in, or possibly in, a critical band;
  abnormal potassium with palpitations; and the warning signs that come with cramps
  (weakness or numbness, cramps in the chest, arms or belly, twitching, heavy fluid loss).
  Also potassium at or above the cited ECG threshold (6.0 mmol/L) when it is above the
  person's normal range, from one year of age (neonatal and infant limits are wider); and
  B12 injections begun in the last few days for pernicious or megaloblastic anaemia, unless
  a potassium result shows it is not low (the label's first-48-hours warning).
- ``prompt`` (within days): nerve symptoms with a B12 deficiency that is at least possible,
  whatever the total-B12 value and whatever modifier (pregnancy, nitrous oxide, the pill)
  makes the value untrustworthy: the risk, permanent nerve damage, does not wait for
  certainty; weakness with a deficiency that is at least possible; potassium or magnesium
  outside the normal band; a haemolysed potassium that is not low and needs repeating (a
  low one is acted on: haemolysis only raises potassium); persistent or severe cramps;
  cramps with fluid loss from diarrhoea or a diuretic; palpitations during B12 injections
  with no potassium result; B12 injections begun in the last few days for a low B12 with no
  anaemia given, unless a potassium result shows it is not low.
- ``routine`` otherwise.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Likelihood, Urgency
from ..symptoms import Symptom
from ..vocabulary import ABNORMAL_BANDS, CRITICAL_BANDS, DIURETICS, LOW_BANDS
from .conditions import (
    AgeBelow,
    Always,
    Assessed,
    HasSymptom,
    Hemolyzed,
    Lab,
    LabAtLeast,
    LabCouldBe,
    LabMissing,
    Measured,
    Not,
    RedFlag,
    Takes,
    Yes,
)
from .rules import Escalate, Rule
from .terms import (
    CRAMPS,
    DEFICIENCY_ANAEMIA,
    INJECTIONS,
    INJECTIONS_STARTING,
    K_SHOWN_NOT_LOW,
    LOW_B12,
    NERVE,
    RISK_FACTORS,
)

__all__ = ["RULES"]

K, MG = Analyte.potassium, Analyte.magnesium

RULES: tuple[Rule, ...] = (
    *(
        rule
        for analyte, sources in (
            (K, ("kost-1990", "ukka-2023", "statpearls-hypokalemia", "rcem-potassium")),
            (MG, ("mlo-critical-limits", "us-lab-magnesium")),
        )
        for rule in (
            Rule(
                f"urgency.critical_{analyte.value}",
                Lab(analyte, CRITICAL_BANDS),
                (Escalate(Urgency.urgent),),
                f"{analyte.value.capitalize()} of {{{analyte.value}}} is beyond a critical limit "
                f"({{{analyte.value}_band_text}}); such levels can upset the heart and muscles.",
                sources,
                ("finding", analyte.value),
            ),
            Rule(
                f"urgency.possibly_critical_{analyte.value}",
                LabCouldBe(analyte, CRITICAL_BANDS) & Not(Lab(analyte, CRITICAL_BANDS)),
                (Escalate(Urgency.urgent),),
                f"{analyte.value.capitalize()} is reported as {{{analyte.value}}}, a bound that may lie beyond a "
                "critical limit; until measured exactly it is treated as critical.",
                sources,
                ("finding", analyte.value),
            ),
        )
    ),
    Rule(
        "urgency.abnormal_potassium_with_palpitations",
        Lab(K, ABNORMAL_BANDS) & HasSymptom({Symptom.palpitations}),
        (Escalate(Urgency.urgent),),
        "Palpitations with an abnormal potassium can signal a heart-rhythm problem.",
        ("mayo-potassium", "rcem-potassium"),
        ("symptom", "palpitations"),
        limits="No single source states this rule; it follows from the arrhythmia risk of abnormal potassium.",
    ),
    Rule(
        "urgency.potassium_needs_ecg",
        LabAtLeast(K, "potassium_needs_ecg")
        & Lab(K, {Band.high, Band.critical_high})
        & Not(AgeBelow("potassium_ecg_min_age")),
        (Escalate(Urgency.urgent),),
        "Potassium of {potassium} is at or above {potassium_needs_ecg}, where guidelines ask for an ECG "
        "the same day.",
        ("ukka-2023",),
        ("finding", "potassium"),
        limits="The threshold comes from adult guidance; it applies only when the value is also above the "
        "normal range of the person's population, and not to newborns and infants, whose limits are wider.",
    ),
    Rule(
        "urgency.cramps_with_weakness_or_numbness",
        CRAMPS & HasSymptom({Symptom.weakness, Symptom.numbness}),
        (Escalate(Urgency.urgent),),
        "Cramps together with weakness or numbness are a warning sign that needs medical assessment now.",
        ("merck-cramps-warning-signs",),
        ("symptom", "muscle_cramps"),
    ),
    Rule(
        "urgency.cramps_in_chest_arms_or_belly",
        RedFlag({"cramps_in_chest_arms_or_belly"}),
        (Escalate(Urgency.urgent),),
        "Cramp-like pain in the chest, arms or belly is a warning sign that needs medical assessment now.",
        ("merck-cramps-warning-signs",),
        ("context", "red_flags"),
    ),
    Rule(
        "urgency.twitching",
        RedFlag({"twitching"}),
        (Escalate(Urgency.urgent),),
        "Muscle twitching, given as a warning sign, needs medical assessment now.",
        ("merck-cramps-warning-signs",),
        ("context", "red_flags"),
    ),
    Rule(
        "urgency.heavy_fluid_loss",
        RedFlag({"heavy_fluid_loss"}),
        (Escalate(Urgency.urgent),),
        "Heavy fluid loss (vomiting, diarrhoea or sweating), given as a warning sign, needs medical "
        "assessment now.",
        ("merck-cramps-warning-signs",),
        ("context", "red_flags"),
    ),
    Rule(
        "urgency.injections_starting_for_severe_anaemia",
        INJECTIONS_STARTING & DEFICIENCY_ANAEMIA & Not(K_SHOWN_NOT_LOW),
        (Escalate(Urgency.urgent),),
        "B12 injections began in the last few days to treat pernicious or megaloblastic anaemia, when "
        "potassium can fall fast (the injection's label warns of low potassium and sudden death); it needs "
        "checking now and closely over the first 48 hours.",
        ("cyanocobalamin-label",),
        ("context", "b12_injections_started_recently"),
        limits="Applies until a potassium result shows it is not low (a haemolysed one cannot: haemolysis "
        "only raises potassium); the label asks for potassium to be watched over the whole of the first "
        "48 hours.",
    ),
    Rule(
        "urgency.injections_starting_for_low_b12",
        INJECTIONS_STARTING & LOW_B12 & Not(DEFICIENCY_ANAEMIA) & Not(K_SHOWN_NOT_LOW),
        (Escalate(Urgency.prompt),),
        "B12 injections began in the last few days and B12 is low: if they are treating a severe anaemia, "
        "potassium can fall fast over the first 48 hours (the injection's label warns of it), so ask the "
        "prescriber how potassium is being checked.",
        ("cyanocobalamin-label",),
        ("context", "b12_injections_started_recently"),
        limits="Whether there is an anaemia, and how severe, is known only when it is given as a condition "
        "(pernicious or megaloblastic anaemia), which makes the urgency urgent.",
    ),
    Rule(
        "urgency.palpitations_during_injections_without_potassium",
        INJECTIONS & HasSymptom({Symptom.palpitations}) & LabMissing(K),
        (Escalate(Urgency.prompt),),
        "Palpitations during B12 injections need a potassium check within days: starting injections can lower "
        "potassium.",
        ("cyanocobalamin-label", "mayo-potassium"),
        ("symptom", "palpitations"),
    ),
    Rule(
        "urgency.cramps_with_fluid_loss",
        CRAMPS
        & (HasSymptom({Symptom.diarrhea}) | Takes(DIURETICS))
        # unless the salts were just checked and are normal
        & Not(Lab(K, {Band.normal}) & Not(Hemolyzed(K)) & Lab(MG, {Band.normal})),
        (Escalate(Urgency.prompt),),
        "Cramps with fluid loss from diarrhoea or a diuretic need the salts in the blood checked within days.",
        ("merck-cramps-warning-signs", "msd-cramp-causes"),
        ("symptom", "muscle_cramps"),
        limits="Whether the fluid loss was heavy is known only when it is given as the heavy_fluid_loss red "
        "flag, which makes the urgency urgent.",
    ),
    Rule(
        "urgency.weakness_with_possible_deficiency",
        HasSymptom({Symptom.weakness})
        & Assessed(Category.b12_deficiency, Likelihood.possible)
        & (Measured(Analyte.b12) | RISK_FACTORS),
        (Escalate(Urgency.prompt),),
        "Weakness where B12 deficiency is possible or likely should be seen within days: it can come from the "
        "nerve damage of deficiency, which can become permanent untreated.",
        ("seed-article", "cyanocobalamin-label"),
        ("symptom", "weakness"),
    ),
    Rule(
        "urgency.nerve_symptoms_with_possible_deficiency",
        NERVE & (Assessed(Category.b12_deficiency, Likelihood.possible) | RISK_FACTORS),
        (Escalate(Urgency.prompt),),
        "Nerve symptoms where B12 deficiency is possible or suspected should be seen within days, however "
        "uncertain or normal the B12 result: untreated, the nerve and spinal-cord damage can become permanent.",
        ("cyanocobalamin-label", "nhs-lothian-b12", "practical-neurology-n2o-2023"),
        ("symptom", "nerve"),
    ),
    Rule(
        "urgency.abnormal_potassium",
        Lab(K, {Band.low, Band.high}),
        (Escalate(Urgency.prompt),),
        "Potassium of {potassium} is outside the normal range ({potassium_normal}).",
        ("davis-potassium", "statpearls-hypokalemia", "ukka-2023"),
        ("finding", "potassium"),
    ),
    Rule(
        "urgency.abnormal_magnesium",
        Lab(MG, {Band.low, Band.high}),
        (Escalate(Urgency.prompt),),
        "Magnesium of {magnesium} is outside the normal range ({magnesium_normal}).",
        ("rcpa-magnesium",),
        ("finding", "magnesium"),
    ),
    Rule(
        "urgency.hemolyzed_potassium",
        Hemolyzed(K) & Not(LabCouldBe(K, LOW_BANDS)),
        (Escalate(Urgency.prompt),),
        "The potassium sample was haemolysed, which can raise the result falsely, so it needs repeating soon "
        "before anyone acts on it.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "urgency.persistent_or_severe_cramps",
        Yes("cramps_persistent_or_severe"),
        (Escalate(Urgency.prompt),),
        "Persistent or severe cramps deserve a visit to a clinician.",
        ("seed-article",),
        ("context", "cramps_persistent_or_severe"),
    ),
    Rule(
        "urgency.routine",
        Always(),
        (Escalate(Urgency.routine),),
        "Nothing here calls for faster care.",
        ("seed-article",),
        ("context", "none"),
    ),
)
