"""The evidence rules of the B12-deficiency table: symptoms that fit deficiency, and what the
context says (risk factors, megaloblastic anaemia, supplements, biotin).

None of them changes the likelihood. A risk factor is weighed only beside a B12 result, a
symptom of deficiency or cramps, or pernicious or megaloblastic anaemia: alone it is no
reason to test (NICE NG239 rec. 1.2), so alone it leaves the category not assessed.
"""

from __future__ import annotations

import dataclasses

from ..enums import Analyte, Category, Diet
from ..symptoms import Symptom
from ..vocabulary import ABSORPTION_CONDITIONS, ABSORPTION_MEDICINES
from .conditions import (
    AgeAtLeast,
    DietIn,
    Has,
    HasSymptom,
    Measured,
    Takes,
    Yes,
)
from .rules import Note, Rule
from .terms import CRAMPS, DEFICIENCY_ANAEMIA, FITTING_SYMPTOMS, MEGALOBLASTIC, NITROUS_OXIDE

__all__ = ["CONTEXT_EVIDENCE", "SYMPTOM_EVIDENCE"]

CATEGORY = Category.b12_deficiency
B12 = Analyte.b12
#: Something a risk factor can be weighed with.
_SOMETHING_TO_WEIGH = Measured(B12) | FITTING_SYMPTOMS | CRAMPS | DEFICIENCY_ANAEMIA

_ABSORPTION_MEDICINE_TEXTS = {
    "metformin": "Long-term metformin lowers B12 absorption.",
    "proton_pump_inhibitor": "Long-term proton-pump inhibitors reduce the stomach acid B12 absorption needs.",
    "h2_receptor_antagonist": "Long-term H2-receptor antagonists reduce the stomach acid B12 absorption needs.",
    "colchicine": "Colchicine is among the medicines NICE lists as lowering B12.",
    "topiramate": "Topiramate is among the medicines NICE lists as lowering B12.",
}
_ABSORPTION_CONDITION_TEXTS = {
    "pernicious_anemia": "Pernicious anaemia (autoimmune gastritis) stops B12 being absorbed from food.",
    "gastric_surgery": "Stomach surgery removes the cells that B12 absorption depends on.",
    "celiac_disease": "Coeliac disease can impair B12 absorption.",
}
assert set(_ABSORPTION_MEDICINE_TEXTS) == ABSORPTION_MEDICINES
assert set(_ABSORPTION_CONDITION_TEXTS) == ABSORPTION_CONDITIONS


SYMPTOM_EVIDENCE = tuple(
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

_CONTEXT_RULES = (
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
        for name, text in _ABSORPTION_MEDICINE_TEXTS.items()
    ),
    Rule(
        "b12_deficiency.risk.nitrous_oxide",
        NITROUS_OXIDE,
        (Note(CATEGORY, "for"),),
        "Nitrous oxide inactivates B12 in the body, and a normal total B12 can miss it.",
        ("nice-ng239-risk", "nice-ng239-testing"),
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
        for name, text in _ABSORPTION_CONDITION_TEXTS.items()
    ),
    Rule(
        "b12_deficiency.megaloblastic_anaemia",
        MEGALOBLASTIC,
        (Note(CATEGORY, "for"),),
        "Megaloblastic anaemia most often comes from a shortage of B12 or folate.",
        ("cyanocobalamin-label", "seed-article"),
        ("context", "conditions"),
    ),
    Rule(
        "b12_deficiency.risk.older_age",
        AgeAtLeast("older_age"),
        (Note(CATEGORY, "for"),),
        "Deficiency becomes more common with age: about 1 in 20 people aged 65 to 74 and over 1 in 10 from 75.",
        ("nice-ng239-context",),
        ("context", "age_years"),
    ),
    Rule(
        "b12_deficiency.biotin",
        Takes({"biotin"}) & Measured(B12),
        (Note(CATEGORY, "neutral"),),
        "High-dose biotin can make some B12 assays read falsely high, so this result may look better than the "
        "body's B12 is.",
        ("iowa-b12", "york-b12-biotin"),
        ("context", "medications"),
    ),
    Rule(
        "b12_deficiency.oral_supplements",
        Yes("b12_oral_supplements"),
        (Note(CATEGORY, "against"),),
        "Oral B12 supplements make a dietary shortfall less likely, though they do not rule out an absorption problem.",
        ("seed-article",),
        ("context", "b12_oral_supplements"),
    ),
)

#: The context rules, each risk factor weighed only beside something to weigh it with.
CONTEXT_EVIDENCE: tuple[Rule, ...] = tuple(
    dataclasses.replace(rule, when=rule.when & _SOMETHING_TO_WEIGH)
    if rule.id.startswith("b12_deficiency.risk.")
    else rule
    for rule in _CONTEXT_RULES
)
