"""Conditions on what earlier phases of the engine concluded: likelihoods, factors, urgency."""

from __future__ import annotations

import dataclasses

from ...enums import Category, Likelihood, Urgency
from ..facts import Facts
from .base import Condition, Phase

__all__ = ["Assessed", "FactorNamed", "UrgencyIs"]


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
