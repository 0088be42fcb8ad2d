"""Caveats: assumptions and measurement pitfalls that go into the report's warnings.

Population assumptions (adult range used because age is unknown, and so on) come from
range selection; these rules add what the results themselves call for: haemolysis, plasma
instead of serum, censored values, and substances that distort a B12 result.
"""

from __future__ import annotations

from ..enums import Analyte
from .conditions import Censored, Flag, Hemolyzed, LabMissing, Not, Specimen, Takes
from .rules import Rule, Warn

__all__ = ["RULES"]

RULES: tuple[Rule, ...] = (
    Rule(
        "caveat.hemolyzed_potassium",
        Hemolyzed(Analyte.potassium),
        (Warn(),),
        "The potassium sample was haemolysed: its result may be falsely high.",
        ("pseudohyperkalaemia",),
        ("finding", "potassium"),
    ),
    Rule(
        "caveat.plasma_potassium",
        Specimen(Analyte.potassium, "plasma"),
        (Warn(),),
        "Potassium was measured in plasma; the bands are for serum, which reads about 0.1 to 0.4 mmol/L higher.",
        ("davis-potassium", "pseudohyperkalaemia"),
        ("finding", "potassium"),
    ),
    *(
        Rule(
            f"caveat.censored_{analyte.value}",
            Censored(analyte),
            (Warn(),),
            f"The {analyte.value.replace('b12', 'B12')} result {{{analyte.value}}} is a bound, not a measurement; "
            "it was read as any value on that side of the bound.",
            ("seed-article",),
            ("finding", analyte.value),
        )
        for analyte in Analyte
    ),
    Rule(
        "caveat.biotin",
        Takes({"biotin"}) & Not(LabMissing(Analyte.b12)),
        (Warn(),),
        "High-dose biotin can make some B12 assays read falsely high.",
        ("iowa-b12",),
        ("context", "medications"),
    ),
    Rule(
        "caveat.b12_after_injection",
        Flag("b12_injections") & Not(LabMissing(Analyte.b12)),
        (Warn(),),
        "A B12 level measured within about two weeks of an injection reflects the injection, not the body's stores.",
        ("mayo-b12",),
        ("context", "b12_injections"),
    ),
)
