"""What reasoning produces: assessments with their evidence, and recommendations.

These are frozen pydantic models so that a :class:`~b12labs.Report` serialises to JSON and
back without loss.
"""

from __future__ import annotations

from typing import Self

from pydantic import model_validator

from .._models import FrozenModel
from ..enums import Category, Factor, Likelihood
from ..sources import Source
from ..vocabulary import Direction, EvidenceKind, RecommendationKind

__all__ = ["Assessment", "Evidence", "Recommendation"]


class Evidence(FrozenModel):
    """One fact that speaks for or against a category, and why.

    Attributes:
        kind: ``"finding"`` (a lab result), ``"symptom"``, ``"context"`` or
            ``"missing_result"`` (a test that was not done).
        subject: which one: ``"b12"``, ``"tingling"``, ``"diet"`` ...
        direction: ``"for"``, ``"against"`` or ``"neutral"``.
        text: the explanation, in plain words.
        rule: the id of the rule that produced it (see ``docs/clinical-logic.md``).
        sources: ids of its sources (full citations are in ``Assessment.sources``).
    """

    kind: EvidenceKind
    subject: str
    direction: Direction
    text: str
    rule: str
    sources: tuple[str, ...] = ()


class Assessment(FrozenModel):
    """How well the picture fits one category of causes, and why.

    Attributes:
        category: the category.
        likelihood: ``unlikely``, ``possible`` or ``likely``.
        assessed: ``False`` when nothing that was given (no result, symptom or context
            fact) speaks to the category; its likelihood is then ``unlikely`` for ordering
            only, and renderers say "not assessed" and what would assess it.
        factors: the specific causes named (only for ``other_common_causes``).
        evidence: what spoke for and against, in rule order (for first).
        rationale: a short explanation in plain words; never a diagnosis.
        not_known: facts that were not given and would assess the category or firm it up
            (``"whether B12 injections are given"``).
        sources: the citations behind the evidence.
    """

    category: Category
    likelihood: Likelihood
    assessed: bool
    factors: list[Factor] = []  # noqa: RUF012 - pydantic copies field defaults
    evidence: list[Evidence] = []  # noqa: RUF012 - pydantic copies field defaults
    rationale: str
    not_known: list[str] = []  # noqa: RUF012 - pydantic copies field defaults
    sources: list[Source] = []  # noqa: RUF012 - pydantic copies field defaults

    @model_validator(mode="after")
    def _unassessed_is_unlikely(self) -> Self:
        if not self.assessed and (self.likelihood is not Likelihood.unlikely or self.evidence):
            raise ValueError("a category nothing speaks to is unlikely and has no evidence")
        return self

    @property
    def label(self) -> str:
        """The category in plain words."""
        return CATEGORY_LABELS[self.category]


CATEGORY_LABELS: dict[Category, str] = {
    Category.b12_deficiency: "Vitamin B12 deficiency",
    Category.b12_excess_injections: "B12 excess from high-dose injections",
    Category.other_common_causes: "Other common causes of cramps",
}


class Recommendation(FrozenModel):
    """A next step.

    Attributes:
        kind: a :class:`~b12labs.vocabulary.RecommendationKind` (a ``StrEnum``, so it equals
            its string): ``clinician_follow_up`` (always present), ``follow_up_test``,
            ``safety`` or ``clinician_note`` (something for the clinician to consider).
        text: the advice in plain words.
        test: for follow-up tests, the test's name (``"methylmalonic acid"``).
        rule: the id of the rule that produced it.
        sources: its citations (a tuple: a recommendation that quotes no value is made once
            per rule book and shared by every report that holds it, so nothing in it may
            change).
    """

    kind: RecommendationKind
    text: str
    test: str | None = None
    rule: str | None = None
    sources: tuple[Source, ...] = ()
