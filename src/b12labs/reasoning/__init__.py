"""Clinical reasoning: rule tables per category, urgency, recommendations and caveats.

:data:`RULE_BOOK` holds every rule; :func:`~.engine.evaluate` runs it over one person's
:class:`~.facts.Facts`. ``scripts/generate_docs.py`` renders the same book into
``docs/clinical-logic.md``, so what a clinician reviews is exactly what runs.
"""

from __future__ import annotations

from . import b12_deficiency, b12_excess, caveats, other_causes, recommendations, safety, urgency
from .assessment import CATEGORY_LABELS, Assessment, Evidence, Recommendation
from .engine import CategoryTable, Outcome, RuleBook, evaluate
from .facts import Facts, LabFact
from .rules import Rule

__all__ = [
    "CATEGORY_LABELS",
    "RULE_BOOK",
    "Assessment",
    "CategoryTable",
    "Evidence",
    "Facts",
    "LabFact",
    "Outcome",
    "Recommendation",
    "Rule",
    "RuleBook",
    "evaluate",
]

#: Every rule b12labs runs, in evaluation order.
RULE_BOOK = RuleBook(
    categories=(b12_deficiency.TABLE, b12_excess.TABLE, other_causes.TABLE),
    urgency=urgency.RULES,
    recommendations=(*recommendations.RULES, *safety.RULES),
    caveats=caveats.RULES,
)
