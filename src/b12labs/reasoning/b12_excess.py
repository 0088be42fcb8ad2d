"""Rules for the second picture: B12 excess from high-dose injections.

The sourced link is narrow and rare. Starting B12 injections for a severe deficiency
anaemia can drive potassium into newly made blood cells and cause low potassium, mostly in
the first 48 hours (the injection's label asks for potassium to be watched then). That high
B12 in a person who is not deficient lowers potassium is not established, and oral B12 is
not known to cause cramps at all (the body passes what it does not need; no upper intake
limit is set). So:

- no injections -> unlikely (a cap); whether injections are given not known -> not assessed;
- injections and low potassium -> possible, and likely only in the sourced setting (the
  injections started in the last few days for pernicious or megaloblastic anaemia); a common
  cause of low potassium (a potassium-lowering diuretic, fluid loss, low magnesium) comes
  first; a haemolysed potassium never speaks against the link (haemolysis only raises it);
- palpitations during injections point first to the potassium risk -> possible;
- injections and a high B12 with listed injection side effects -> possible;
- injections and cramps with no potassium result -> possible, and a potassium check is
  advised; so are injections just started to treat a deficiency with no potassium result
  (the label's setting), which also makes the urgency urgent when pernicious or
  megaloblastic anaemia is given, and prompt for a low B12 alone (whether there is a severe
  anaemia is then not known, and the texts say so rather than assume it).

Nothing here suggests stopping prescribed injections.
"""

from __future__ import annotations

from ..enums import Analyte, Band, Category, Likelihood
from ..symptoms import Symptom
from ..vocabulary import INJECTION_SIDE_EFFECTS
from .conditions import HasSymptom, Lab, LabMissing, No, Not, NotKnown, Yes
from .engine import CategoryTable
from .rules import Cap, Note, Raise, Rule
from .terms import (
    COMMON_LOW_POTASSIUM_CAUSE,
    DEFICIENCY_ANAEMIA,
    INJECTIONS,
    INJECTIONS_STARTING,
    INJECTIONS_STARTING_FOR_ANAEMIA,
    K_SHOWN_NOT_LOW,
    LOW_K,
)

__all__ = ["TABLE"]

CATEGORY = Category.b12_excess_injections
K = Analyte.potassium
#: The setting the injection label describes: treatment of a deficiency just begun (the label's
#: warning is strongest for a severe anaemia).
_SOURCED_SETTING = INJECTIONS_STARTING_FOR_ANAEMIA

_VERDICTS = (
    Rule(
        "b12_excess.no_injections",
        No("b12_injections"),
        (Cap(CATEGORY, Likelihood.unlikely),),
        "Cramps from too much B12 have only been linked to high-dose injections, and no injections are given.",
        ("seed-article", "iom-1998"),
        ("context", "b12_injections"),
    ),
    Rule(
        "b12_excess.injections_with_low_potassium",
        INJECTIONS & LOW_K,
        (Raise(CATEGORY, Likelihood.possible),),
        "Potassium of {potassium} is low during B12 injections. The sourced link is rare: when injections start "
        "treating a severe deficiency anaemia, new blood cells take up potassium, most of all in the first "
        "48 hours.",
        ("cyanocobalamin-label", "cheo-cyanocobalamin", "harrison-hypokalaemia"),
        ("finding", "potassium"),
        limits="That high B12 lowers potassium in someone who is not deficient is not established; "
        "the sourced mechanism is the start of treatment of severe deficiency anaemia.",
    ),
    Rule(
        "b12_excess.when_injections_started_not_known",
        INJECTIONS & LOW_K & NotKnown("b12_injections_started_recently"),
        (Note(CATEGORY, "neutral"),),
        "When the injections started, and what they treat, would settle it.",
        ("cyanocobalamin-label",),
        ("context", "b12_injections_started_recently"),
    ),
    Rule(
        "b12_excess.injections_not_started_recently",
        INJECTIONS & LOW_K & No("b12_injections_started_recently"),
        (Cap(CATEGORY, Likelihood.unlikely),),
        "The injections did not start in the last few days, when the label's warning about potassium applies, "
        "so they are an unlikely cause of this low potassium.",
        ("cyanocobalamin-label",),
        ("context", "b12_injections_started_recently"),
    ),
    Rule(
        "b12_excess.low_potassium_as_injections_start",
        INJECTIONS_STARTING & DEFICIENCY_ANAEMIA & LOW_K,
        (Raise(CATEGORY, Likelihood.likely),),
        "The injections started only days ago for pernicious or megaloblastic anaemia, the setting in which "
        "the injection's label warns that potassium can fall.",
        ("cyanocobalamin-label", "cheo-cyanocobalamin"),
        ("context", "b12_injections_started_recently"),
    ),
    Rule(
        "b12_excess.common_cause_of_low_potassium_first",
        INJECTIONS & LOW_K & COMMON_LOW_POTASSIUM_CAUSE,
        (Cap(CATEGORY, Likelihood.possible),),
        "A commoner cause of low potassium is present (a potassium-lowering diuretic, fluid loss or low "
        "magnesium), so it comes before the injections as the explanation.",
        ("msd-potassium-drugs", "msd-cramp-causes", "huang-kuo-2007"),
        ("finding", "potassium"),
    ),
    Rule(
        "b12_excess.palpitations_during_injections",
        INJECTIONS & HasSymptom({Symptom.palpitations}) & Not(K_SHOWN_NOT_LOW),
        (Raise(CATEGORY, Likelihood.possible),),
        "Palpitations during B12 injections point first to a fall in potassium, which starting injections can "
        "cause; a potassium level settles it. They are also listed among injection side effects.",
        ("cyanocobalamin-label", "mayo-potassium", "cheo-cyanocobalamin"),
        ("symptom", "palpitations"),
    ),
    Rule(
        "b12_excess.palpitations_with_potassium_not_low",
        INJECTIONS & HasSymptom({Symptom.palpitations}) & K_SHOWN_NOT_LOW,
        (Note(CATEGORY, "against"),),
        "Potassium of {potassium} is not low, so palpitations during injections do not point to the potassium "
        "drop; they are listed among injection side effects, and their cause needs a clinician's view.",
        ("cyanocobalamin-label", "drugs-cyanocobalamin"),
        ("symptom", "palpitations"),
    ),
    Rule(
        "b12_excess.injections_high_b12_side_effects",
        INJECTIONS & Lab(Analyte.b12, {Band.high}) & HasSymptom(INJECTION_SIDE_EFFECTS),
        (Raise(CATEGORY, Likelihood.possible),),
        "B12 of {b12} is high during injections, together with symptoms listed as injection side effects.",
        ("cheo-cyanocobalamin", "drugs-cyanocobalamin", "seed-article"),
        ("finding", "b12"),
        limits="The side-effect list comes from drug monographs and a consumer drug list; nausea is weakly sourced.",
    ),
    Rule(
        "b12_excess.injections_cramps_without_potassium",
        INJECTIONS & HasSymptom({Symptom.muscle_cramps}) & LabMissing(K),
        (Raise(CATEGORY, Likelihood.possible),),
        "Cramps during B12 injections call for a potassium level, and none is given.",
        ("cyanocobalamin-label", "seed-article"),
        ("missing_result", "potassium"),
    ),
    Rule(
        "b12_excess.injections_starting_without_potassium",
        _SOURCED_SETTING & LabMissing(K),
        (Raise(CATEGORY, Likelihood.possible),),
        "The injections started only days ago and a low B12 or an anaemia of B12 deficiency is given: the "
        "setting in which the injection's label warns that potassium can fall, and no potassium result is "
        "given.",
        ("cyanocobalamin-label",),
        ("missing_result", "potassium"),
    ),
    Rule(
        "b12_excess.injections_potassium_not_low",
        INJECTIONS & K_SHOWN_NOT_LOW,
        (Note(CATEGORY, "against"),),
        "Potassium of {potassium} is not low, which speaks against the injection-related cause.",
        ("cyanocobalamin-label",),
        ("finding", "potassium"),
    ),
    Rule(
        "b12_excess.injections_given",
        INJECTIONS,
        (Note(CATEGORY, "neutral"),),
        "B12 injections are given; the sourced risk from them is a fall in potassium as they start to treat a "
        "severe deficiency anaemia.",
        ("cyanocobalamin-label", "seed-article"),
        ("context", "b12_injections"),
    ),
    Rule(
        "b12_excess.oral_b12_only",
        Yes("b12_oral_supplements") & Not(INJECTIONS),
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
    if symptom in INJECTION_SIDE_EFFECTS
)

TABLE = CategoryTable(
    category=CATEGORY,
    headlines={
        Likelihood.likely: "The results are consistent with a potassium drop linked to starting B12 injections.",
        Likelihood.possible: "A link to B12 injections is possible and worth checking.",
        Likelihood.unlikely: "B12 excess from injections is unlikely here.",
    },
    rules=(*_VERDICTS, *_SIDE_EFFECT_EVIDENCE),
    not_assessed="Not assessed: nothing given bears on a link to B12 injections.",
    not_known=(
        (NotKnown("b12_injections"), "whether B12 injections are given"),
        (INJECTIONS & LabMissing(K), "a serum potassium result"),
        (
            INJECTIONS & LOW_K & NotKnown("b12_injections_started_recently"),
            "when the B12 injections started",
        ),
    ),
)
