"""Rules for the second picture: B12 excess from high-dose injections.

The sourced link is narrow. Starting B12 injections for severe deficiency anaemia can
drive potassium into newly made blood cells and cause low potassium, mostly in the first
48 hours (the injection's label asks for potassium to be watched then). That high B12 in a
person who is not deficient lowers potassium is not established, and oral B12 is not known
to cause cramps at all (the body passes what it does not need; no upper intake limit is
set). So:

- no injections -> unlikely (a cap);
- injections and low potassium -> likely;
- injections and a high B12 with listed injection side effects -> possible;
- injections and cramps with no potassium result -> possible, and a potassium check is
  advised.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Likelihood
from ..symptoms import Symptom
from .conditions import Flag, HasSymptom, Lab, LabMissing, Not
from .engine import CategoryTable
from .rules import Cap, Note, Raise, Rule

__all__ = ["SIDE_EFFECTS", "TABLE"]

CATEGORY = Category.b12_excess_injections
INJECTIONS = Flag("b12_injections")

#: Symptoms listed as side effects of B12 injections (source article; drug monographs).
SIDE_EFFECTS = frozenset(
    {Symptom.headache, Symptom.nausea, Symptom.diarrhea, Symptom.skin_rash, Symptom.palpitations}
)

_VERDICTS = (
    Rule(
        "b12_excess.no_injections",
        Not(INJECTIONS),
        (Cap(CATEGORY, Likelihood.unlikely),),
        "Cramps from too much B12 have only been linked to high-dose injections, and no injections are reported.",
        ("seed-article", "iom-1998"),
        ("context", "b12_injections"),
    ),
    Rule(
        "b12_excess.injections_with_low_potassium",
        INJECTIONS & Lab(Analyte.potassium, {Band.low, Band.critical_low}),
        (Raise(CATEGORY, Likelihood.likely),),
        "Potassium of {potassium} is low during B12 injections: when injections correct a severe deficiency "
        "anaemia, new blood cells take up potassium, most of all in the first 48 hours.",
        ("cyanocobalamin-label", "cheo-cyanocobalamin", "harrison-hypokalaemia"),
        ("finding", "potassium"),
        limits="That high B12 lowers potassium in someone who is not deficient is not established; "
        "the sourced mechanism is the start of treatment of severe deficiency anaemia.",
    ),
    Rule(
        "b12_excess.injections_high_b12_side_effects",
        INJECTIONS & Lab(Analyte.b12, {Band.high}) & HasSymptom(SIDE_EFFECTS),
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 of {b12} is high during injections, together with symptoms listed as injection side effects.",
        ("cheo-cyanocobalamin", "drugs-cyanocobalamin", "seed-article"),
        ("finding", "b12"),
        limits="The side-effect list comes from drug monographs and a consumer drug list; nausea is weakly sourced.",
    ),
    Rule(
        "b12_excess.injections_cramps_without_potassium",
        INJECTIONS & HasSymptom({Symptom.muscle_cramps}) & LabMissing(Analyte.potassium),
        (Raise(CATEGORY, Likelihood.possible),),
        "Cramps during B12 injections call for a potassium level, and none is given.",
        ("cyanocobalamin-label", "seed-article"),
        ("missing_result", "potassium"),
    ),
    Rule(
        "b12_excess.injections_potassium_not_low",
        INJECTIONS & Lab(Analyte.potassium, {Band.normal, Band.high, Band.critical_high}),
        (Note(CATEGORY, "against"),),
        "Potassium of {potassium} is not low, which speaks against the injection-related cause.",
        ("cyanocobalamin-label",),
        ("finding", "potassium"),
    ),
    Rule(
        "b12_excess.oral_b12_only",
        Flag("b12_oral_supplements") & Not(INJECTIONS),
        (Note(CATEGORY, "against"),),
        "Oral B12 is not known to cause cramps: the body passes what it does not need.",
        ("seed-article", "iom-1998"),
        ("context", "b12_oral_supplements"),
    ),
)

_SIDE_EFFECT_EVIDENCE = tuple(
    Rule(
        f"b12_excess.side_effect.{symptom.value}",
        INJECTIONS & HasSymptom({symptom}),
        (Note(CATEGORY, "for"),),
        f"{symptom.label.capitalize()} is listed among the side effects of B12 injections.",
        ("cheo-cyanocobalamin", "drugs-cyanocobalamin"),
        ("symptom", symptom.value),
    )
    for symptom in Symptom
    if symptom in SIDE_EFFECTS
)

TABLE = CategoryTable(
    category=CATEGORY,
    headlines={
        Likelihood.likely: "The results are consistent with a potassium drop linked to B12 injections.",
        Likelihood.possible: "A link to B12 injections is possible and worth checking.",
        Likelihood.unlikely: "B12 excess from injections is unlikely here.",
    },
    rules=(*_VERDICTS, *_SIDE_EFFECT_EVIDENCE),
)
