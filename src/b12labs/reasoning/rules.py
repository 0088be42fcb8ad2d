"""The rule record: a named, cited condition with its effects, in one row.

Every clinical rule of b12labs is a :class:`Rule`: an id, a condition, one or more effects
(raise or cap a category's likelihood, name a factor, add evidence, escalate the urgency,
recommend, warn), the sentence shown to people (in this project's own words, may quote
``{b12}``-style values) and the ids of its sources in ``reference_ranges/sources.toml``.
The tables live in the sibling modules, one per category plus urgency, recommendations and
caveats; :mod:`.engine` evaluates them.
"""

from __future__ import annotations

import dataclasses

from ..enums import Category, Factor, Likelihood, Urgency
from ..vocabulary import Direction, EvidenceKind, RecommendationKind
from .conditions import Condition

__all__ = [
    "Cap",
    "Effect",
    "Escalate",
    "Implicate",
    "Note",
    "Raise",
    "Recommend",
    "Rule",
    "Warn",
]


@dataclasses.dataclass(frozen=True)
class Raise:
    """The category is at least ``to``; the rule is evidence for it."""

    category: Category
    to: Likelihood


@dataclasses.dataclass(frozen=True)
class Cap:
    """The category is at most ``at``; the rule is evidence against it."""

    category: Category
    at: Likelihood


@dataclasses.dataclass(frozen=True)
class Note:
    """Evidence for or against a category that does not by itself change its likelihood."""

    category: Category
    direction: Direction


@dataclasses.dataclass(frozen=True)
class Implicate:
    """Name a specific cause within ``other_common_causes`` (evidence for it)."""

    factor: Factor


@dataclasses.dataclass(frozen=True)
class Escalate:
    """The urgency is at least ``to``."""

    to: Urgency


@dataclasses.dataclass(frozen=True)
class Recommend:
    """Recommend something; ``test`` names the test for ``follow_up_test``."""

    kind: RecommendationKind
    test: str | None = None


@dataclasses.dataclass(frozen=True)
class Warn:
    """Add the rule's text to the report's warnings (an assumption or caveat)."""


Effect = Raise | Cap | Note | Implicate | Escalate | Recommend | Warn


@dataclasses.dataclass(frozen=True)
class Rule:
    """One row of a rule table.

    Attributes:
        id: stable dotted name, e.g. ``"b12_deficiency.low_b12"``.
        when: the condition.
        effects: what happens when it holds.
        text: the sentence shown to people; may quote ``{b12}``, ``{potassium_band}`` ...
        sources: source ids from ``reference_ranges/sources.toml``.
        about: what the evidence item is (``"finding"``, ``"symptom"``, ``"context"``,
            ``"missing_result"``) and its subject (``"b12"``, ``"tingling"``, ``"diet"``).
        limits: what the rule does not know (shown in ``docs/clinical-logic.md``).
    """

    id: str
    when: Condition
    effects: tuple[Effect, ...]
    text: str
    sources: tuple[str, ...]
    about: tuple[EvidenceKind, str] = ("finding", "")
    limits: str = ""

    @property
    def phase(self) -> int:
        """When the engine evaluates it: 0 categories, 1 urgency, 2 recommendations."""
        kinds = {type(effect) for effect in self.effects}
        if kinds & {Raise, Cap, Note, Implicate}:
            return 0
        return 1 if Escalate in kinds else 2
