"""The clinical vocabulary every part of b12labs shares, in one place.

- the names a caller may give for medicines, conditions and warning signs, each with its
  plain label and everyday synonyms (:data:`MEDICATIONS`, :data:`CONDITIONS`,
  :data:`RED_FLAGS`);
- groups of those names by what they do (:data:`POTASSIUM_LOWERING_DIURETICS` ...) and groups
  of symptoms by what they point to (:data:`NERVE_SYMPTOMS` ...), which the rule tables read;
- groups of bands (:data:`LOW_BANDS` ...);
- the kinds of recommendation and evidence a report holds (:class:`RecommendationKind`);
- :func:`closest` (re-exported from ``_words``), the one "did you mean" every error that
  names an unknown word uses.

Adding a medicine means adding it here (and, when a rule should know it, to a group); see
``CONTRIBUTING.md``.

Example:
    >>> closest("tingle", ["tingling", "numbness"])
    'tingling'
    >>> RecommendationKind.follow_up_test == "follow_up_test"
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ._words import closest
from .enums import Band, LibraryEnum
from .symptoms import Symptom

__all__ = [
    "ABNORMAL_BANDS",
    "ABSORPTION_CONDITIONS",
    "ABSORPTION_MEDICINES",
    "COMPLAINT_SYMPTOMS",
    "CONDITIONS",
    "CRAMP_CONDITIONS",
    "CRAMP_MEDICINES",
    "CRITICAL_BANDS",
    "DIURETICS",
    "GENERAL_SYMPTOMS",
    "HIGH_BANDS",
    "INJECTION_SIDE_EFFECTS",
    "LOW_BANDS",
    "MEDICATIONS",
    "NERVE_SYMPTOMS",
    "NOT_LOW_BANDS",
    "POTASSIUM_LOWERING_DIURETICS",
    "POTASSIUM_RAISING_MEDICINES",
    "RED_FLAGS",
    "Direction",
    "EvidenceKind",
    "RecommendationKind",
    "closest",
]


class RecommendationKind(LibraryEnum):
    """What a recommendation is; the values are the wire format (api.md section 3)."""

    clinician_follow_up = "clinician_follow_up"
    follow_up_test = "follow_up_test"
    safety = "safety"
    clinician_note = "clinician_note"


#: What an evidence item is about: a lab result, a symptom, a context fact, or a test that
#: was not done.
EvidenceKind = Literal["finding", "symptom", "context", "missing_result"]
#: Whether an evidence item speaks for or against its category, or only adds a note.
Direction = Literal["for", "against", "neutral"]


# --- bands -------------------------------------------------------------------------------

LOW_BANDS = frozenset({Band.critical_low, Band.low})
HIGH_BANDS = frozenset({Band.high, Band.critical_high})
CRITICAL_BANDS = frozenset({Band.critical_low, Band.critical_high})
#: Outside the normal band on either side (borderline is not abnormal).
ABNORMAL_BANDS = LOW_BANDS | HIGH_BANDS
NOT_LOW_BANDS = frozenset({Band.normal}) | HIGH_BANDS

# --- symptoms ------------------------------------------------------------------------------

#: Symptoms of B12's role in nerve function (source article; NICE NG239).
NERVE_SYMPTOMS = frozenset({Symptom.tingling, Symptom.numbness, Symptom.cognitive_issues})
#: Symptoms of the anaemia and low energy B12 deficiency can cause (source article).
GENERAL_SYMPTOMS = frozenset({Symptom.fatigue, Symptom.weakness})
#: Symptoms listed as side effects of B12 injections (source article; drug monographs).
#: Palpitations are listed too, but point first to the potassium risk (their own rule).
INJECTION_SIDE_EFFECTS = frozenset(
    {Symptom.headache, Symptom.nausea, Symptom.diarrhea, Symptom.skin_rash}
)
#: Complaints the common causes could explain; context facts count only with one of them.
COMPLAINT_SYMPTOMS = frozenset(
    {
        Symptom.muscle_cramps,
        Symptom.thirst,
        Symptom.dizziness,
        Symptom.diarrhea,
        Symptom.fatigue,
        Symptom.weakness,
    }
)

# --- names a caller may give ---------------------------------------------------------------

#: Accepted medication names -> (plain label, synonyms).
MEDICATIONS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "diuretic": ("a diuretic", ("diuretics", "water pill", "water pills")),
    "thiazide_diuretic": (
        "a thiazide diuretic",
        ("thiazide", "hydrochlorothiazide", "bendroflumethiazide", "indapamide", "chlorthalidone"),
    ),
    "loop_diuretic": (
        "a loop diuretic",
        ("furosemide", "frusemide", "bumetanide", "torasemide", "torsemide"),
    ),
    "potassium_sparing_diuretic": (
        "a potassium-sparing diuretic",
        ("spironolactone", "amiloride", "eplerenone", "triamterene"),
    ),
    "ace_inhibitor": (
        "an ACE inhibitor",
        (
            "ace inhibitors",
            "acei",
            "ramipril",
            "lisinopril",
            "enalapril",
            "perindopril",
            "captopril",
        ),
    ),
    "trimethoprim": ("trimethoprim", ("co-trimoxazole", "cotrimoxazole")),
    "metformin": ("metformin", ()),
    "proton_pump_inhibitor": (
        "a proton-pump inhibitor",
        ("ppi", "omeprazole", "esomeprazole", "lansoprazole", "pantoprazole", "rabeprazole"),
    ),
    "h2_receptor_antagonist": (
        "an H2-receptor antagonist",
        ("h2 blocker", "famotidine", "ranitidine", "cimetidine"),
    ),
    "colchicine": ("colchicine", ()),
    "topiramate": ("topiramate", ()),
    "statin": (
        "a statin",
        ("statins", "atorvastatin", "simvastatin", "rosuvastatin", "pravastatin"),
    ),
    "inhaled_beta_agonist": (
        "an inhaled beta-agonist",
        ("laba", "salmeterol", "formoterol", "salbutamol", "albuterol"),
    ),
    "angiotensin_receptor_blocker": (
        "an angiotensin-receptor blocker",
        ("arb", "losartan", "valsartan", "candesartan", "irbesartan"),
    ),
    "beta_blocker": ("a beta-blocker", ("beta blockers",)),
    "oral_contraceptive": (
        "an oral contraceptive",
        ("the pill", "contraceptive pill", "combined pill"),
    ),
    "stimulant": ("a stimulant", ("stimulants",)),
    "biotin": ("high-dose biotin", ("vitamin b7",)),
    "folic_acid": ("folic acid", ("folate", "folic acid supplements")),
    "nitrous_oxide": ("nitrous oxide", ("laughing gas", "n2o")),
}

#: Accepted condition names -> (plain label, synonyms).
CONDITIONS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "peripheral_artery_disease": (
        "peripheral artery disease",
        ("pad", "peripheral arterial disease", "claudication"),
    ),
    "pernicious_anemia": (
        "pernicious anaemia (autoimmune gastritis)",
        ("pernicious anaemia", "autoimmune gastritis"),
    ),
    "kidney_disease": (
        "kidney disease",
        ("chronic kidney disease", "ckd", "renal disease", "renal failure"),
    ),
    "liver_disease": ("liver disease", ("cirrhosis", "chronic liver disease")),
    "hypothyroidism": ("an underactive thyroid", ("underactive thyroid",)),
    "hemodialysis": ("haemodialysis", ("dialysis", "haemodialysis")),
    "gastric_surgery": ("stomach surgery", ("gastrectomy", "bariatric surgery", "gastric bypass")),
    "celiac_disease": ("coeliac disease", ("coeliac disease", "coeliac", "celiac")),
    "megaloblastic_anemia": ("megaloblastic anaemia", ("megaloblastic anaemia",)),
}

#: Warning signs that call for care now (Merck Manual, muscle cramps).
RED_FLAGS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "cramps_in_chest_arms_or_belly": (
        "cramps in the chest, arms or belly",
        ("chest cramps", "belly cramps", "abdominal cramps"),
    ),
    "twitching": ("muscle twitching", ("muscle twitching", "fasciculations")),
    "heavy_fluid_loss": (
        "heavy fluid loss (vomiting, diarrhoea or sweating)",
        ("vomiting", "severe vomiting", "severe diarrhea", "severe diarrhoea"),
    ),
}

# --- medicine and condition groups, by what they do ------------------------------------------

#: Medicines that lower B12 absorption or action (NICE NG239 risk factors).
ABSORPTION_MEDICINES = frozenset(
    {"metformin", "proton_pump_inhibitor", "h2_receptor_antagonist", "colchicine", "topiramate"}
)
#: Conditions that stop B12 being absorbed (NICE NG239 risk factors).
ABSORPTION_CONDITIONS = frozenset({"pernicious_anemia", "gastric_surgery", "celiac_disease"})
#: Loop and thiazide diuretics (and a diuretic of unknown kind, which is most often one of
#: them) lower potassium and magnesium (MSD Manual; BNF).
POTASSIUM_LOWERING_DIURETICS = frozenset({"diuretic", "thiazide_diuretic", "loop_diuretic"})
#: Every diuretic: all remove water and salt.
DIURETICS = POTASSIUM_LOWERING_DIURETICS | {"potassium_sparing_diuretic"}
#: Medicines that raise potassium, each with how (MSD Manual; BNF monographs).
POTASSIUM_RAISING_MEDICINES: Mapping[str, str] = {
    "potassium_sparing_diuretic": "Potassium-sparing diuretics make the kidneys keep potassium",
    "ace_inhibitor": "ACE inhibitors lower aldosterone, so the kidneys pass less potassium",
    "angiotensin_receptor_blocker": "Angiotensin-receptor blockers lower aldosterone, so the kidneys pass less "
    "potassium",
    "trimethoprim": "Trimethoprim blocks the kidney's sodium channel as amiloride does, so the kidneys keep "
    "potassium",
}
#: Medicines linked to cramps other than diuretics (MSD; BMJ Best Practice; Garrison 2012).
CRAMP_MEDICINES = frozenset(
    {
        "statin",
        "inhaled_beta_agonist",
        "angiotensin_receptor_blocker",
        "beta_blocker",
        "oral_contraceptive",
        "stimulant",
    }
)
#: Conditions that cause cramps (MSD; BMJ Best Practice; HealthLinkBC).
CRAMP_CONDITIONS = frozenset(
    {
        "peripheral_artery_disease",
        "kidney_disease",
        "hemodialysis",
        "liver_disease",
        "hypothyroidism",
    }
)
