"""Conditions on the person: symptoms, yes/no context answers, diet, named sets, age."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import ClassVar, Literal

from ...enums import Diet
from ...symptoms import Symptom
from ...thresholds import threshold
from ...vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS
from ..facts import Facts
from .base import Condition, words

__all__ = [
    "AgeAtLeast",
    "AgeBelow",
    "DietIn",
    "Has",
    "HasSymptom",
    "No",
    "NotKnown",
    "RedFlag",
    "Takes",
    "Yes",
    "YesNoField",
]


@dataclasses.dataclass(frozen=True)
class HasSymptom(Condition):
    """At least one of ``symptoms`` is reported."""

    symptoms: frozenset[Symptom]

    def __init__(self, symptoms: Iterable[Symptom]) -> None:
        object.__setattr__(self, "symptoms", frozenset(symptoms))

    def holds(self, facts: Facts) -> bool:
        return not self.symptoms.isdisjoint(facts.symptoms)

    def describe(self) -> str:
        return f"symptoms include {words(s.value for s in self.symptoms)}"


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
        return f"diet is {words(d.value for d in self.diets)}"


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
        return f"{self.verb} {words(self.names)}"


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
