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

import dataclasses
import math
from collections.abc import Iterable
from typing import ClassVar, Literal

from ..enums import Analyte, Band, Category, Diet, Likelihood, Urgency
from ..ranges import BOUNDARY_REL_TOL, Basis
from ..symptoms import Symptom
from ..thresholds import threshold
from ..units import factor
from ..vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS
from .facts import Facts

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
    "PregnancyRange",
    "RedFlag",
    "Straddles",
    "Takes",
    "UrgencyIs",
    "Yes",
]

#: Phase 0 reads only the inputs; phase 1 also the assessments; phase 2 also the urgency.
Phase = Literal[0, 1, 2]


def _words(values: Iterable[str]) -> str:
    items = sorted(v.replace("_", " ") for v in values)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


class Condition:
    """Base class: a predicate over facts."""

    phase: Phase = 0

    def holds(self, facts: Facts) -> bool:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def __and__(self, other: Condition) -> Condition:
        return AllOf((self, other))

    def __or__(self, other: Condition) -> Condition:
        return AnyOf((self, other))

    def __invert__(self) -> Condition:
        return Not(self)


@dataclasses.dataclass(frozen=True)
class Always(Condition):
    """Holds for everyone."""

    def holds(self, facts: Facts) -> bool:
        return True

    def describe(self) -> str:
        return "always"


@dataclasses.dataclass(frozen=True)
class _BandCondition(Condition):
    analyte: Analyte
    bands: frozenset[Band]

    def __init__(self, analyte: Analyte, bands: Iterable[Band]) -> None:
        object.__setattr__(self, "analyte", analyte)
        object.__setattr__(self, "bands", frozenset(bands))


class Lab(_BandCondition):
    """The analyte was measured and lies in ``bands`` for certain.

    For an exact value: its band is one of ``bands``. For a censored value (``"<3.0"``):
    every band it may lie in is one of ``bands``.
    """

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and self.bands.issuperset(lab.possible)

    def describe(self) -> str:
        return f"{self.analyte.value} is {_words(b.value for b in self.bands)}"


class LabCouldBe(_BandCondition):
    """The analyte was measured and may lie in one of ``bands`` (censored values)."""

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and not self.bands.isdisjoint(lab.possible)

    def describe(self) -> str:
        return f"{self.analyte.value} is or may be {_words(b.value for b in self.bands)}"


@dataclasses.dataclass(frozen=True)
class LabAtLeast(Condition):
    """The analyte is known to be at or above a cited threshold from ``thresholds.toml``.

    A censored ``<`` or ``<=`` value is never known to be above anything; ``>`` and ``>=``
    values count when their bound is at or above the threshold.
    """

    analyte: Analyte
    threshold: str

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        if lab is None or lab.result.comparator in ("<", "<="):
            return False
        limit = threshold(self.threshold)
        value = lab.result.value * factor(self.analyte, lab.result.unit, limit.unit)
        return value >= limit.value or math.isclose(value, limit.value, rel_tol=BOUNDARY_REL_TOL)

    def describe(self) -> str:
        limit = threshold(self.threshold)
        return f"{self.analyte.value} is at least {limit.value:g} {limit.unit}"


@dataclasses.dataclass(frozen=True)
class LabBelow(Condition):
    """The analyte is known to be below a cited threshold from ``thresholds.toml``.

    A censored ``>`` or ``>=`` value is never known to be below anything; ``<`` and ``<=``
    values count when their bound is at or below the threshold.
    """

    analyte: Analyte
    threshold: str

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        if lab is None or lab.result.comparator in (">", ">="):
            return False
        limit = threshold(self.threshold)
        value = lab.result.value * factor(self.analyte, lab.result.unit, limit.unit)
        on_limit = math.isclose(value, limit.value, rel_tol=BOUNDARY_REL_TOL)
        if lab.result.comparator in ("<", "<="):
            return value < limit.value or on_limit
        return value < limit.value and not on_limit

    def describe(self) -> str:
        limit = threshold(self.threshold)
        return f"{self.analyte.value} is below {limit.value:g} {limit.unit}"


@dataclasses.dataclass(frozen=True)
class Straddles(Condition):
    """The analyte's censored result may lie in more than one band (``indeterminate``)."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and len(lab.possible) > 1

    def describe(self) -> str:
        return f"the {self.analyte.value} result could lie in more than one band"


@dataclasses.dataclass(frozen=True)
class BandBasis(Condition):
    """The analyte was classified against a table of this basis.

    ``"decision_limits"``: a guideline's cut-offs (NICE's B12 limits), so a low value means
    the condition is likely; ``"reference_interval"``: a healthy population's range, whose
    lower limit is not by itself a deficiency cut-off.
    """

    analyte: Analyte
    basis: Basis

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.table.basis == self.basis

    def describe(self) -> str:
        return f"the {self.analyte.value} bands used are {self.basis.replace('_', ' ')}"


@dataclasses.dataclass(frozen=True)
class PregnancyRange(Condition):
    """The analyte was classified against a pregnancy population's table."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.table.when.pregnant is True

    def describe(self) -> str:
        return f"the {self.analyte.value} range used is a pregnancy range"


@dataclasses.dataclass(frozen=True)
class Measured(Condition):
    """The analyte was measured."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        return self.analyte in facts.labs

    def describe(self) -> str:
        return f"a {self.analyte.value} result is given"


@dataclasses.dataclass(frozen=True)
class LabMissing(Condition):
    """The analyte was not measured."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        return self.analyte not in facts.labs

    def describe(self) -> str:
        return f"no {self.analyte.value} result is given"


@dataclasses.dataclass(frozen=True)
class Hemolyzed(Condition):
    """The analyte's sample was flagged as haemolysed."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.result.hemolyzed

    def describe(self) -> str:
        return f"the {self.analyte.value} sample is haemolysed"


@dataclasses.dataclass(frozen=True)
class MeasuredIn(Condition):
    """The analyte was measured in this specimen (serum or plasma)."""

    analyte: Analyte
    specimen: Literal["serum", "plasma"]

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.result.specimen == self.specimen

    def describe(self) -> str:
        return f"{self.analyte.value} was measured in {self.specimen}"


@dataclasses.dataclass(frozen=True)
class Censored(Condition):
    """The analyte's result is censored (``"<150"``)."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.result.comparator is not None

    def describe(self) -> str:
        return f"the {self.analyte.value} result is censored (<, <=, > or >=)"


@dataclasses.dataclass(frozen=True)
class HasSymptom(Condition):
    """At least one of ``symptoms`` is reported."""

    symptoms: frozenset[Symptom]

    def __init__(self, symptoms: Iterable[Symptom]) -> None:
        object.__setattr__(self, "symptoms", frozenset(symptoms))

    def holds(self, facts: Facts) -> bool:
        return not self.symptoms.isdisjoint(facts.symptoms)

    def describe(self) -> str:
        return f"symptoms include {_words(s.value for s in self.symptoms)}"


#: The yes/no fields of :class:`~b12labs.Context` a rule may ask about.
YesNoField = Literal[
    "b12_injections",
    "b12_injections_started_recently",
    "b12_oral_supplements",
    "recent_heavy_exercise",
    "pregnant",
    "cramps_persistent_or_severe",
]


@dataclasses.dataclass(frozen=True)
class _Answer(Condition):
    """A yes/no context field has a given answer; ``None`` means it was not given."""

    field: YesNoField
    answer: ClassVar[bool | None] = True
    words: ClassVar[str] = "yes"

    def holds(self, facts: Facts) -> bool:
        return getattr(facts.context, self.field) is self.answer

    def describe(self) -> str:
        return f"{self.field.replace('_', ' ')} is {self.words}"


class Yes(_Answer):
    """A yes/no context field is known to be yes."""


class No(_Answer):
    """A yes/no context field is known to be no (not merely not given)."""

    answer = False
    words = "no"


class NotKnown(_Answer):
    """A yes/no context field was not given."""

    answer = None
    words = "not known"


@dataclasses.dataclass(frozen=True)
class DietIn(Condition):
    """The diet is known to be one of ``diets``."""

    diets: frozenset[Diet]

    def __init__(self, diets: Iterable[Diet]) -> None:
        object.__setattr__(self, "diets", frozenset(diets))

    def holds(self, facts: Facts) -> bool:
        return facts.context.diet in self.diets

    def describe(self) -> str:
        return f"diet is {_words(d.value for d in self.diets)}"


@dataclasses.dataclass(frozen=True)
class _NameSetCondition(Condition):
    names: frozenset[str]

    field = "medications"
    verb = "takes"

    def __init__(self, names: Iterable[str]) -> None:
        object.__setattr__(self, "names", frozenset(names))

    def holds(self, facts: Facts) -> bool:
        present: frozenset[str] = getattr(facts.context, self.field)
        return not self.names.isdisjoint(present)

    def describe(self) -> str:
        return f"{self.verb} {_words(self.names)}"


class Takes(_NameSetCondition):
    """At least one of these medications is taken."""

    field = "medications"
    verb = "takes"

    def __init__(self, names: Iterable[str]) -> None:
        names = frozenset(names)
        assert names <= set(MEDICATIONS), "unknown medication in a rule"
        super().__init__(names)


class Has(_NameSetCondition):
    """At least one of these conditions is known."""

    field = "conditions"
    verb = "has"

    def __init__(self, names: Iterable[str]) -> None:
        names = frozenset(names)
        assert names <= set(CONDITIONS), "unknown condition in a rule"
        super().__init__(names)


class RedFlag(_NameSetCondition):
    """At least one of these warning signs is reported."""

    field = "red_flags"
    verb = "reports"

    def __init__(self, names: Iterable[str]) -> None:
        names = frozenset(names)
        assert names <= set(RED_FLAGS), "unknown red flag in a rule"
        super().__init__(names)


@dataclasses.dataclass(frozen=True)
class AgeAtLeast(Condition):
    """Age is known and at or above a cited age threshold (in years)."""

    threshold: str

    def holds(self, facts: Facts) -> bool:
        age = facts.context.age_years
        return age is not None and age >= threshold(self.threshold).value

    def describe(self) -> str:
        limit = threshold(self.threshold)
        return f"age is {limit.value:g} {limit.unit} or more"


@dataclasses.dataclass(frozen=True)
class AgeBelow(Condition):
    """Age is known and below a cited age threshold (in years)."""

    threshold: str

    def holds(self, facts: Facts) -> bool:
        age = facts.context.age_years
        return age is not None and age < threshold(self.threshold).value

    def describe(self) -> str:
        limit = threshold(self.threshold)
        return f"age is under {limit.value:g} {limit.unit}"


@dataclasses.dataclass(frozen=True)
class _Composite(Condition):
    parts: tuple[Condition, ...]

    @property
    def phase(self) -> Phase:  # type: ignore[override]
        # a composite needs whatever its latest part needs
        return max((p.phase for p in self.parts), default=0)


class AllOf(_Composite):
    """Every part holds."""

    def holds(self, facts: Facts) -> bool:
        return all(p.holds(facts) for p in self.parts)

    def describe(self) -> str:
        return " and ".join(_bracket(p, AnyOf) for p in self.parts)

    def __and__(self, other: Condition) -> Condition:
        return AllOf((*self.parts, other))


class AnyOf(_Composite):
    """At least one part holds."""

    def holds(self, facts: Facts) -> bool:
        return any(p.holds(facts) for p in self.parts)

    def describe(self) -> str:
        return " or ".join(_bracket(p, AllOf) for p in self.parts)

    def __or__(self, other: Condition) -> Condition:
        return AnyOf((*self.parts, other))


@dataclasses.dataclass(frozen=True)
class AtLeast(_Composite):
    """At least ``count`` of the parts hold."""

    count: int = 1

    def __init__(self, count: int, parts: tuple[Condition, ...]) -> None:
        object.__setattr__(self, "parts", tuple(parts))
        object.__setattr__(self, "count", count)

    def holds(self, facts: Facts) -> bool:
        return sum(p.holds(facts) for p in self.parts) >= self.count

    def describe(self) -> str:
        return f"at least {self.count} of: " + "; ".join(p.describe() for p in self.parts)


@dataclasses.dataclass(frozen=True)
class Not(Condition):
    """The part does not hold."""

    part: Condition

    @property
    def phase(self) -> Phase:  # type: ignore[override]
        return self.part.phase

    def holds(self, facts: Facts) -> bool:
        return not self.part.holds(facts)

    def describe(self) -> str:
        return f"not ({self.part.describe()})"


@dataclasses.dataclass(frozen=True)
class Assessed(Condition):
    """A category's likelihood is at least ``at_least`` (needs the assessments)."""

    category: Category
    at_least: Likelihood
    phase: Phase = dataclasses.field(default=1, init=False)

    def holds(self, facts: Facts) -> bool:
        return facts.likelihoods.get(self.category, Likelihood.unlikely) >= self.at_least

    def describe(self) -> str:
        return f"{self.category.value.replace('_', ' ')} is at least {self.at_least.value}"


@dataclasses.dataclass(frozen=True)
class FactorNamed(Condition):
    """Some specific common cause was named (needs the assessments)."""

    phase: Phase = dataclasses.field(default=1, init=False)

    def holds(self, facts: Facts) -> bool:
        return bool(facts.factors)

    def describe(self) -> str:
        return "a specific common cause was named"


@dataclasses.dataclass(frozen=True)
class UrgencyIs(Condition):
    """The urgency is exactly ``level`` (needs the urgency)."""

    level: Urgency
    phase: Phase = dataclasses.field(default=2, init=False)

    def holds(self, facts: Facts) -> bool:
        return facts.urgency is self.level

    def describe(self) -> str:
        return f"urgency is {self.level.value}"


def _bracket(condition: Condition, kind: type[Condition]) -> str:
    text = condition.describe()
    return f"({text})" if isinstance(condition, kind) else text
