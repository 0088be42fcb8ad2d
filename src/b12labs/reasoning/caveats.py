"""Caveats: assumptions and measurement pitfalls that go into the report's warnings.

Population assumptions (adult range used because age is unknown, a pregnancy range used, and
so on) come from range selection; these rules add what the results themselves call for:
haemolysis, plasma instead of serum, censored values, and what distorts a B12 result
(pregnancy, injections, high-dose biotin).
"""

from __future__ import annotations

from ..enums import Analyte
from .conditions import Censored, Hemolyzed, Measured, MeasuredIn, Takes, Yes
from .rules import Rule, Warn

__all__ = ["RULES"]

B12 = Analyte.b12

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
        MeasuredIn(Analyte.potassium, "plasma"),
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
        "caveat.b12_in_pregnancy",
        Yes("pregnant") & Measured(B12),
        (Warn(),),
        "Total B12 falls during pregnancy and is an unreliable guide to deficiency; NICE advises the active-B12 "
        "test instead.",
        ("nice-ng239", "b12-pregnancy-fall"),
        ("context", "pregnant"),
    ),
    Rule(
        "caveat.biotin",
        Takes({"biotin"}) & Measured(B12),
        (Warn(),),
        "High-dose biotin supplements can make some B12 immunoassays read falsely high.",
        ("iowa-b12", "york-b12-biotin"),
        ("context", "medications"),
    ),
    Rule(
        "caveat.b12_after_injection",
        Yes("b12_injections") & Measured(B12),
        (Warn(),),
        "A B12 level measured during injections reflects the injections (above all within about two weeks of "
        "one), not the body's stores.",
        ("mayo-b12", "bnssg-b12"),
        ("context", "b12_injections"),
    ),
)
