"""Clinical vocabulary the rule tables share: medicine groups by what they do.

Names are the accepted medication names of :data:`b12labs.context.MEDICATIONS`. A group says
what its medicines do to the analytes, so a rule never explains a drug backwards (a
potassium-sparing diuretic does not explain a low potassium).
"""

from __future__ import annotations

__all__ = [
    "DIURETICS",
    "POTASSIUM_LOWERING_DIURETICS",
    "POTASSIUM_RAISING_MEDICINES",
]

#: Loop and thiazide diuretics (and a diuretic of unknown kind, which is most often one of
#: them) lower potassium and magnesium (MSD Manual; BNF).
POTASSIUM_LOWERING_DIURETICS = frozenset({"diuretic", "thiazide_diuretic", "loop_diuretic"})
#: Every diuretic: all remove water and salt.
DIURETICS = POTASSIUM_LOWERING_DIURETICS | {"potassium_sparing_diuretic"}
#: Medicines that raise potassium, each with how (MSD Manual; BNF monographs).
POTASSIUM_RAISING_MEDICINES = {
    "potassium_sparing_diuretic": "Potassium-sparing diuretics make the kidneys keep potassium",
    "ace_inhibitor": "ACE inhibitors lower aldosterone, so the kidneys pass less potassium",
    "angiotensin_receptor_blocker": "Angiotensin-receptor blockers lower aldosterone, so the kidneys pass less "
    "potassium",
    "trimethoprim": "Trimethoprim blocks the kidney's sodium channel as amiloride does, so the kidneys keep "
    "potassium",
}
