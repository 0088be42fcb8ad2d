"""Rules for the first picture of the source article: vitamin B12 deficiency.

Verdict rules, in plain words:

- B12 in the deficiency band -> likely; in the indeterminate (borderline) zone, or a
  censored value that may lie on either side of it -> possible, and likely when nerve
  symptoms and a risk factor come with it (guidelines treat strong clinical features even
  when the level is not clearly low).
- B12 above the indeterminate zone (for a censored value: certainly above it) -> unlikely
  (a cap no symptom can lift), except in pregnancy, where only a high B12 reassures, and
  after nitrous oxide with nerve symptoms, which inactivates B12 without lowering the level.
- No B12 result: symptoms that fit or a risk factor -> possible, and a B12 test is advised.
- In pregnancy, or on an oral contraceptive, a low total B12 is capped at possible: both
  lower the measured level without true deficiency; in pregnancy a normal B12 with symptoms
  or risk factors is possible (active B12 decides).
- Nitrous oxide with nerve symptoms -> possible, whatever the total B12.

The other rules add evidence without changing the verdict: each fitting symptom and each
risk factor speaks for deficiency, oral supplements against a dietary shortfall.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Diet, Likelihood
from ..symptoms import Symptom
from .conditions import (
    AnyOf,
    DietIn,
    Flag,
    Has,
    HasSymptom,
    Lab,
    LabMissing,
    Measured,
    Not,
    OlderAge,
    Takes,
)
from .engine import CategoryTable
from .rules import Cap, Note, Raise, Rule

__all__ = ["NERVE_SYMPTOMS", "RISK_FACTORS", "TABLE"]

CATEGORY = Category.b12_deficiency
B12 = Analyte.b12

#: Symptoms of B12's role in nerve function (source article; NICE NG239).
NERVE_SYMPTOMS = frozenset({Symptom.tingling, Symptom.numbness, Symptom.cognitive_issues})
#: Symptoms of the anaemia and low energy B12 deficiency can cause (source article).
GENERAL_SYMPTOMS = frozenset({Symptom.fatigue, Symptom.weakness})

_ABSORPTION_MEDICINES = {
    "metformin": "Long-term metformin lowers B12 absorption.",
    "proton_pump_inhibitor": "Long-term proton-pump inhibitors reduce the stomach acid B12 absorption needs.",
    "h2_receptor_antagonist": "Long-term H2-receptor antagonists reduce the stomach acid B12 absorption needs.",
    "colchicine": "Colchicine is among the medicines NICE lists as lowering B12.",
    "topiramate": "Topiramate is among the medicines NICE lists as lowering B12.",
}
_ABSORPTION_CONDITIONS = {
    "pernicious_anemia": "Pernicious anaemia (autoimmune gastritis) stops B12 being absorbed from food.",
    "gastric_surgery": "Stomach surgery removes the cells that B12 absorption depends on.",
    "celiac_disease": "Coeliac disease can impair B12 absorption.",
}

#: Anything that makes B12 deficiency more likely (NICE NG239 risk factors).
RISK_FACTORS = AnyOf(
    (
        DietIn({Diet.vegan, Diet.vegetarian}),
        Takes({*_ABSORPTION_MEDICINES, "nitrous_oxide"}),
        Has(_ABSORPTION_CONDITIONS),
        OlderAge(),
    )
)

LOW = Lab(B12, {Band.critical_low, Band.low})
NOT_LOW = Lab(B12, {Band.normal, Band.high})
#: Measured, but neither certainly low nor certainly above the indeterminate zone.
GREY = Measured(B12) & Not(LOW) & Not(NOT_LOW)
_LOW_OR_GREY = Measured(B12) & Not(NOT_LOW)
PREGNANT = Flag("pregnant")
NITROUS_WITH_NERVE_SYMPTOMS = Takes({"nitrous_oxide"}) & HasSymptom(NERVE_SYMPTOMS)
#: A B12 that rules deficiency out: high, or normal outside pregnancy (where total B12 is a
#: poor guide), unless nitrous oxide may have inactivated it.
REASSURING = (Lab(B12, {Band.high}) | (NOT_LOW & Not(PREGNANT))) & Not(NITROUS_WITH_NERVE_SYMPTOMS)

_VERDICTS = (
    Rule(
        "b12_deficiency.low_b12",
        LOW,
        (Raise(CATEGORY, Likelihood.likely),),
        "B12 of {b12} is in the low band ({b12_band_text}) of the range used.",
        ("nice-ng239", "mayo-b12"),
        ("finding", "b12"),
        limits="Total B12 misses some deficiencies and flags some people who are not deficient; "
        "assays differ by about 30%.",
    ),
    Rule(
        "b12_deficiency.indeterminate_b12",
        GREY,
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 of {b12} is in the indeterminate zone, where deficiency can be neither confirmed nor ruled out.",
        ("nice-ng239",),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.indeterminate_with_strong_features",
        GREY & HasSymptom(NERVE_SYMPTOMS) & RISK_FACTORS,
        (Raise(CATEGORY, Likelihood.likely),),
        "An indeterminate B12 together with nerve symptoms and a risk factor fits deficiency: "
        "guidelines advise acting on strong clinical features even when the level is not clearly low.",
        ("bsh-2014", "nice-ng239"),
        ("finding", "b12"),
    ),
    Rule(
        "b12_deficiency.b12_not_low",
        REASSURING,
        (Cap(CATEGORY, Likelihood.unlikely),),
        "B12 of {b12} is not low for the range used (normal {b12_normal}), which makes deficiency unlikely.",
        ("nice-ng239",),
        ("finding", "b12"),
        limits="A normal total B12 does not exclude deficiency when clinical features are strong (BSH 2014); "
        "a clinician may still test further.",
    ),
    Rule(
        "b12_deficiency.untested_with_features",
        LabMissing(B12) & (HasSymptom(NERVE_SYMPTOMS | GENERAL_SYMPTOMS) | RISK_FACTORS),
        (Raise(CATEGORY, Likelihood.possible),),
        "No B12 result is given, and symptoms or risk factors that fit deficiency are present.",
        ("nice-ng239", "seed-article"),
        ("missing_result", "b12"),
    ),
    Rule(
        "b12_deficiency.pregnancy_normal_b12_with_features",
        PREGNANT
        & Lab(B12, {Band.normal})
        & (HasSymptom(NERVE_SYMPTOMS | GENERAL_SYMPTOMS) | RISK_FACTORS),
        (Raise(CATEGORY, Likelihood.possible),),
        "In pregnancy total B12 runs lower and is a poor guide, so with symptoms or risk factors deficiency "
        "stays possible until active B12 is measured.",
        ("nice-ng239", "b12-pregnancy-fall"),
        ("context", "pregnant"),
    ),
    Rule(
        "b12_deficiency.nitrous_oxide_with_nerve_symptoms",
        NITROUS_WITH_NERVE_SYMPTOMS,
        (Raise(CATEGORY, Likelihood.possible),),
        "Nitrous oxide inactivates B12, so nerve symptoms after using it fit deficiency even when total B12 "
        "looks normal.",
        ("nice-ng239-risk",),
        ("context", "medications"),
    ),
    Rule(
        "b12_deficiency.pregnancy_lowers_total_b12",
        PREGNANT & _LOW_OR_GREY,
        (Cap(CATEGORY, Likelihood.possible),),
        "Total B12 falls by about a third during pregnancy without true deficiency, so a low level in pregnancy "
        "needs the active-B12 test before it means deficiency.",
        ("b12-pregnancy-fall", "nice-ng239"),
        ("context", "pregnant"),
    ),
    Rule(
        "b12_deficiency.oral_contraceptive_lowers_b12",
        Takes({"oral_contraceptive"}) & _LOW_OR_GREY,
        (Cap(CATEGORY, Likelihood.possible),),
        "Oral contraceptives can lower the measured B12 without true deficiency.",
        ("gardyn-2000",),
        ("context", "medications"),
    ),
)

_SYMPTOM_EVIDENCE = tuple(
    Rule(
        f"b12_deficiency.symptom.{symptom.value}",
        HasSymptom({symptom}),
        (Note(CATEGORY, "for"),),
        text,
        ("seed-article", "nice-ng239"),
        ("symptom", symptom.value),
    )
    for symptom, text in (
        (Symptom.tingling, "Tingling fits the nerve damage B12 deficiency can cause."),
        (Symptom.numbness, "Numbness fits the nerve damage B12 deficiency can cause."),
        (
            Symptom.cognitive_issues,
            "Memory or thinking problems are a recognised feature of B12 deficiency.",
        ),
        (Symptom.fatigue, "Tiredness can come from the anaemia B12 deficiency causes."),
        (
            Symptom.weakness,
            "Weakness can come from the anaemia and nerve effects of B12 deficiency.",
        ),
        (
            Symptom.muscle_cramps,
            "Cramps can occur with severe or long-standing B12 deficiency, though other causes are more common.",
        ),
    )
)

_RISK_EVIDENCE = (
    Rule(
        "b12_deficiency.risk.plant_based_diet",
        DietIn({Diet.vegan, Diet.vegetarian}),
        (Note(CATEGORY, "for"),),
        "B12 comes mainly from animal foods, so a vegan or vegetarian diet without fortified foods or "
        "supplements raises the risk.",
        ("seed-article", "nice-ng239-risk"),
        ("context", "diet"),
    ),
    *(
        Rule(
            f"b12_deficiency.risk.{name}",
            Takes({name}),
            (Note(CATEGORY, "for"),),
            text,
            ("nice-ng239-risk",),
            ("context", "medications"),
        )
        for name, text in _ABSORPTION_MEDICINES.items()
    ),
    Rule(
        "b12_deficiency.risk.nitrous_oxide",
        Takes({"nitrous_oxide"}),
        (Note(CATEGORY, "for"),),
        "Nitrous oxide inactivates B12 in the body, and a normal total B12 can miss it.",
        ("nice-ng239-risk",),
        ("context", "medications"),
    ),
    *(
        Rule(
            f"b12_deficiency.risk.{name}",
            Has({name}),
            (Note(CATEGORY, "for"),),
            text,
            ("nice-ng239-risk",),
            ("context", "conditions"),
        )
        for name, text in _ABSORPTION_CONDITIONS.items()
    ),
    Rule(
        "b12_deficiency.risk.older_age",
        OlderAge(),
        (Note(CATEGORY, "for"),),
        "Deficiency becomes more common with age: about 1 in 20 people aged 65 to 74 and over 1 in 10 from 75.",
        ("nice-ng239-context",),
        ("context", "age_years"),
    ),
    Rule(
        "b12_deficiency.oral_supplements",
        Flag("b12_oral_supplements"),
        (Note(CATEGORY, "against"),),
        "Oral B12 supplements make a dietary shortfall less likely, though they do not rule out an absorption problem.",
        ("seed-article",),
        ("context", "b12_oral_supplements"),
    ),
)

TABLE = CategoryTable(
    category=CATEGORY,
    headlines={
        Likelihood.likely: "The results are consistent with vitamin B12 deficiency.",
        Likelihood.possible: "Vitamin B12 deficiency is possible; these results alone do not settle it.",
        Likelihood.unlikely: "Nothing here points to vitamin B12 deficiency.",
    },
    rules=(*_VERDICTS, *_SYMPTOM_EVIDENCE, *_RISK_EVIDENCE),
)
