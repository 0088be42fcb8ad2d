"""Rule conditions: small, declarative predicates over :class:`~.facts.Facts`.

Each condition is a frozen dataclass that can say whether it holds for one person
(``holds``) and describe itself in plain words (``describe``, used to generate
``docs/clinical-logic.md``). Because conditions are data rather than free-form code, the
same rule table can later be evaluated column-wise over a whole table of people.
Combine them with ``&``, ``|`` and ``~``.

Example:
    >>> from b12labs import Analyte, Band
    >>> from b12labs.symptoms import Symptom
    >>> rule = Lab(Analyte.potassium, {Band.low}) & HasSymptom({Symptom.palpitations})
    >>> rule.describe()
    'potassium is low and symptoms include palpitations'
"""

from __future__ import annotations

from .base import AllOf, Always, AnyOf, AtLeast, Condition, Not, Phase
from .labs import (
    BandBasis,
    Censored,
    Hemolyzed,
    Lab,
    LabAtLeast,
    LabBelow,
    LabCouldBe,
    LabMissing,
    Measured,
    MeasuredIn,
    PregnancyRange,
    Straddles,
)
from .person import AgeAtLeast, AgeBelow, DietIn, Has, HasSymptom, No, NotKnown, RedFlag, Takes, Yes
from .phases import Assessed, FactorNamed, UrgencyIs

__all__ = [
    "AgeAtLeast",
    "AgeBelow",
    "AllOf",
    "Always",
    "AnyOf",
    "Assessed",
    "AtLeast",
    "BandBasis",
    "Censored",
    "Condition",
    "DietIn",
    "FactorNamed",
    "Has",
    "HasSymptom",
    "Hemolyzed",
    "Lab",
    "LabAtLeast",
    "LabBelow",
    "LabCouldBe",
    "LabMissing",
    "Measured",
    "MeasuredIn",
    "No",
    "Not",
    "NotKnown",
    "Phase",
    "PregnancyRange",
    "RedFlag",
    "Straddles",
    "Takes",
    "UrgencyIs",
    "Yes",
]
