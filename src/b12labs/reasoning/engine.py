"""The evaluator: runs the rule tables over one person's facts, in three phases.

1. Category rules (raise, cap, note, implicate) give each category its likelihood:
   the highest level any matching rule raises it to (``unlikely`` if none), then no higher
   than the lowest cap of any matching rule.
2. Urgency rules may read those likelihoods; the urgency is the highest level reached.
3. Recommendation and caveat rules may read both.

The evaluator has no clinical knowledge of its own; it is pure and thread-safe.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from ..enums import Category, Factor, Likelihood, Urgency
from ..sources import Source, bundled_sources_view
from ..vocabulary import RecommendationKind
from .assessment import Assessment, Evidence, Recommendation
from .conditions import Condition
from .facts import Facts
from .rules import Cap, Escalate, Implicate, Note, Raise, Recommend, Rule, Warn

__all__ = ["CategoryTable", "Outcome", "RuleBook", "evaluate"]

#: Recommendations are listed by kind, in the order the kinds are defined.
_KIND_ORDER = tuple(RecommendationKind)


@dataclasses.dataclass(frozen=True)
class CategoryTable:
    """The rules of one category, with the headline of each possible verdict.

    Every rule of ``rules`` must need something that was given (a result, a symptom, a
    context fact), so a category with no matching rule is one nothing speaks to: it is *not
    assessed*, and ``not_assessed`` is its headline. ``not_known`` pairs a condition with
    the fact it names when that fact would assess the category or firm it up.
    """

    category: Category
    headlines: Mapping[Likelihood, str]
    rules: tuple[Rule, ...]
    not_assessed: str = "Not assessed: nothing given speaks to this category."
    not_known: tuple[tuple[Condition, str], ...] = ()


@dataclasses.dataclass(frozen=True)
class RuleBook:
    """Every rule table the engine runs."""

    categories: tuple[CategoryTable, ...]
    urgency: tuple[Rule, ...]
    recommendations: tuple[Rule, ...]
    caveats: tuple[Rule, ...]

    def __post_init__(self) -> None:
        # a rule may only read what its phase has computed, and ids name rules uniquely
        tables = [(0, t.rules) for t in self.categories]
        tables += [(1, self.urgency), (2, self.recommendations), (2, self.caveats)]
        for phase, rules in tables:
            for rule in rules:
                if rule.phase != phase or rule.when.phase > phase:
                    raise ValueError(
                        f"rule {rule.id} is in the wrong table for what it reads or does"
                    )
        ids = [rule.id for rule in self.all_rules()]
        if len(ids) != len(set(ids)):
            raise ValueError("rule ids must be unique")

    def all_rules(self) -> Iterable[Rule]:
        """Every rule, in evaluation order."""
        for table in self.categories:
            yield from table.rules
        yield from self.urgency
        yield from self.recommendations
        yield from self.caveats


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What the rules concluded for one person."""

    assessments: tuple[Assessment, ...]
    urgency: Urgency
    urgency_reasons: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    warnings: tuple[str, ...]


class _Values(dict[str, str]):
    """Template values; a missing one shows as "?" rather than failing a report."""

    def __missing__(self, key: str) -> str:
        return "?"


def _sources(ids: Iterable[str]) -> list[Source]:
    catalogue = bundled_sources_view()
    return list({i: catalogue[i] for i in ids}.values())


def _assess(table: CategoryTable, facts: Facts, values: _Values) -> Assessment:
    floor, ceiling = Likelihood.unlikely, Likelihood.likely
    matched: list[Rule] = []
    for rule in table.rules:
        if not rule.when.holds(facts):
            continue
        matched.append(rule)
        for effect in rule.effects:
            if isinstance(effect, Raise):
                floor = max(floor, effect.to)
            elif isinstance(effect, Cap):
                ceiling = min(ceiling, effect.at)
    likelihood = min(floor, ceiling)
    evidence: list[Evidence] = []
    factors: set[Factor] = set()
    decisive: list[str] = []
    for rule in matched:
        text = rule.text.format_map(values)
        direction = "neutral"
        for effect in rule.effects:
            if isinstance(effect, Raise | Implicate):
                direction = "for"
            elif isinstance(effect, Cap):
                direction = "against"
            elif isinstance(effect, Note):
                direction = effect.direction
            if isinstance(effect, Implicate):
                factors.add(effect.factor)
            if (isinstance(effect, Raise) and effect.to == likelihood) or (
                isinstance(effect, Cap) and effect.at == likelihood
            ):
                decisive.append(text)
        kind, subject = rule.about
        evidence.append(
            Evidence(
                kind=kind,
                subject=subject,
                direction=direction,  # type: ignore[arg-type]
                text=text,
                rule=rule.id,
                sources=rule.sources,
            )
        )
    order = {"for": 0, "against": 1, "neutral": 2}
    evidence.sort(key=lambda item: order[item.direction])
    assessed = bool(matched)
    headline = table.headlines[likelihood] if assessed else table.not_assessed
    rationale = " ".join([headline, *dict.fromkeys(decisive)])
    return Assessment(
        category=table.category,
        likelihood=likelihood,
        assessed=assessed,
        factors=[f for f in Factor if f in factors],
        evidence=evidence,
        rationale=rationale,
        not_known=list(dict.fromkeys(text for when, text in table.not_known if when.holds(facts))),
        sources=_sources(s for rule in matched for s in rule.sources),
    )


def _urgency(
    rules: Sequence[Rule], facts: Facts, values: _Values
) -> tuple[Urgency, tuple[str, ...]]:
    reached: list[tuple[Urgency, str]] = []
    for rule in rules:
        if rule.when.holds(facts):
            reached.extend(
                (e.to, rule.text.format_map(values))
                for e in rule.effects
                if isinstance(e, Escalate)
            )
    level = max((lvl for lvl, _ in reached), default=Urgency.routine)
    reasons = tuple(dict.fromkeys(text for lvl, text in reached if lvl == level))
    return level, reasons


def _recommend(rules: Sequence[Rule], facts: Facts, values: _Values) -> tuple[Recommendation, ...]:
    made: dict[tuple[str, str], Recommendation] = {}
    for rule in rules:
        if not rule.when.holds(facts):
            continue
        for effect in rule.effects:
            if isinstance(effect, Recommend):
                text = rule.text.format_map(values)
                key = (effect.kind, effect.test or text)
                made.setdefault(
                    key,
                    Recommendation(
                        kind=effect.kind,
                        text=text,
                        test=effect.test,
                        rule=rule.id,
                        sources=tuple(_sources(rule.sources)),
                    ),
                )
    return tuple(sorted(made.values(), key=lambda r: _KIND_ORDER.index(r.kind)))


def evaluate(facts: Facts, book: RuleBook) -> Outcome:
    """Run every rule table over one person's facts."""
    values = _Values(facts.template_values())
    assessments = [_assess(table, facts, values) for table in book.categories]
    position = {table.category: i for i, table in enumerate(book.categories)}
    assessments.sort(key=lambda a: (-a.likelihood.rank, position[a.category]))
    facts = dataclasses.replace(
        facts,
        likelihoods={a.category: a.likelihood for a in assessments},
        factors=frozenset(f for a in assessments for f in a.factors),
    )
    urgency, reasons = _urgency(book.urgency, facts, values)
    facts = dataclasses.replace(facts, urgency=urgency)
    recommendations = _recommend(book.recommendations, facts, values)
    warnings = tuple(
        dict.fromkeys(
            rule.text.format_map(values)
            for rule in book.caveats
            if any(isinstance(e, Warn) for e in rule.effects) and rule.when.holds(facts)
        )
    )
    return Outcome(tuple(assessments), urgency, reasons, recommendations, warnings)
