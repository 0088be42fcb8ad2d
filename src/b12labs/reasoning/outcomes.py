"""Turning the compiled book's matches into the assessments, urgency, next steps and warnings.

The same outcome :func:`.engine.evaluate` builds (``tests/reasoning/test_compiled.py``
checks that they are equal), made faster: what a rule contributes that does not depend on
the person (its direction, effects, sources, and its evidence when its sentence quotes no
value) is worked out once per rule book; sentences are formatted only for rules that
matched, with template values computed only when a sentence asks for them; and the models
are built with :func:`~b12labs._trusted.trusted` from values the library made itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from .._trusted import trusted
from ..enums import Factor, Likelihood, Urgency
from ..sources import Source, bundled_sources_view
from ..vocabulary import RecommendationKind
from .assessment import Assessment, Evidence, Recommendation
from .compiled import CompiledBook, Matches
from .engine import CategoryTable, Outcome
from .facts import _RESOLVERS, Facts, template_resolver
from .rules import Cap, Escalate, Implicate, Note, Raise, Recommend, Rule

__all__ = ["Parts", "outcome_of", "outcome_parts"]

_LIKELIHOODS = list(Likelihood)
_URGENCIES = list(Urgency)
_FACTORS = list(Factor)
_KIND_ORDER = {kind: i for i, kind in enumerate(RecommendationKind)}
_RANKS = [likelihood.rank for likelihood in _LIKELIHOODS]
_EVIDENCE_FIELDS = frozenset({"kind", "subject", "direction", "text", "rule", "sources"})
_ASSESSMENT_FIELDS = frozenset(Assessment.model_fields)
_RECOMMENDATION_FIELDS = frozenset(Recommendation.model_fields)
_ORDER = {"for": 0, "against": 1, "neutral": 2}


@dataclasses.dataclass(frozen=True, slots=True)
class _Rule:
    """What one rule contributes, worked out once."""

    rule: Rule
    id: str
    text: str
    about: tuple[str, str]  # its evidence's kind and subject
    source_ids: tuple[str, ...]
    quotes: bool  # its sentence quotes template values
    direction: str
    order: int  # where its evidence goes: for, against, neutral
    decisive: int  # bit i: its sentence is decisive for the likelihood of rank i
    evidence: Evidence | None  # the evidence itself when it quotes nothing
    sources: tuple[Source, ...]
    by_identity: dict[int, Source]  # its sources by identity, for a first-seen union
    # kind, test, order, and the recommendation itself when its sentence quotes nothing
    recommends: tuple[tuple[RecommendationKind, str | None, int, Recommendation | None], ...]
    factors: int  # the bits of the factors it names
    levels: int  # bit i: it escalates to the urgency of index i


def _direction(rule: Rule) -> str:
    direction = "neutral"
    for effect in rule.effects:
        if isinstance(effect, Raise | Implicate):
            direction = "for"
        elif isinstance(effect, Cap):
            direction = "against"
        elif isinstance(effect, Note):
            direction = effect.direction
    return direction


def _evidence(rule: Rule, direction: str, text: str) -> Evidence:
    kind, subject = rule.about
    fields = {
        "kind": kind,
        "subject": subject,
        "direction": direction,
        "text": text,
        "rule": rule.id,
        "sources": rule.sources,
    }
    return trusted(Evidence, fields, _EVIDENCE_FIELDS)


def _recommendation(
    rule: Rule, effect: Recommend, text: str, sources: tuple[Source, ...]
) -> Recommendation:
    fields = {
        "kind": effect.kind,
        "text": text,
        "test": effect.test,
        "rule": rule.id,
        "sources": sources,
    }
    return trusted(Recommendation, fields, _RECOMMENDATION_FIELDS)


def _unique_sources(ids: Sequence[str]) -> tuple[Source, ...]:
    catalogue = bundled_sources_view()
    return tuple({i: catalogue[i] for i in ids}.values())


def _bits(positions: Iterable[int]) -> int:
    return sum({1 << p for p in positions})


_MADE: dict[int, tuple[CompiledBook, tuple[_Rule, ...]]] = {}


def _rules(compiled: CompiledBook) -> tuple[_Rule, ...]:
    """What each rule of the book contributes, worked out once per compiled book."""
    found = _MADE.get(id(compiled))
    if found is not None and found[0] is compiled:
        return found[1]
    made = []
    for rule in compiled.book.all_rules():
        direction = _direction(rule)
        quotes = "{" in rule.text
        sources = _unique_sources(rule.sources)
        raised = [_LIKELIHOODS.index(e.to) for e in rule.effects if isinstance(e, Raise)]
        capped = [_LIKELIHOODS.index(e.at) for e in rule.effects if isinstance(e, Cap)]
        made.append(
            _Rule(
                rule=rule,
                id=rule.id,
                text=rule.text,
                about=rule.about,
                source_ids=rule.sources,
                quotes=quotes,
                direction=direction,
                order=_ORDER[direction],
                decisive=_bits([*raised, *capped]),
                evidence=None if quotes else _evidence(rule, direction, rule.text),
                sources=sources,
                by_identity={id(source): source for source in sources},
                recommends=tuple(
                    (
                        e.kind,
                        e.test,
                        _KIND_ORDER[e.kind],
                        None if quotes else _recommendation(rule, e, rule.text, sources),
                    )
                    for e in rule.effects
                    if isinstance(e, Recommend)
                ),
                factors=_bits(
                    _FACTORS.index(e.factor) for e in rule.effects if isinstance(e, Implicate)
                ),
                levels=_bits(
                    _URGENCIES.index(e.to) for e in rule.effects if isinstance(e, Escalate)
                ),
            )
        )
    _MADE[id(compiled)] = (compiled, tuple(made))
    return tuple(made)


class _Values(dict[str, str]):
    """Template values, each computed when a sentence first quotes it ("?" if unknown)."""

    __slots__ = ("_facts",)

    def __init__(self, facts: Facts) -> None:
        super().__init__()
        self._facts = facts

    def __missing__(self, key: str) -> str:
        resolve = _RESOLVERS.get(key) or template_resolver(key)  # the first time, made
        value = resolve(self._facts)
        text = self[key] = "?" if value is None else value
        return text


def _text(info: _Rule, values: _Values) -> str:
    return info.text.format_map(values) if info.quotes else info.text


def _assess(
    table: CategoryTable,
    *,
    matched: list[int],
    rank: int,
    not_known: list[int],
    rules: tuple[_Rule, ...],
    values: _Values,
) -> Assessment:
    likelihood = _LIKELIHOODS[rank]
    bit = 1 << rank
    # the evidence in (for, against, neutral) order, rule order within each: a stable
    # sort by direction, without sorting
    placed: tuple[list[Evidence], list[Evidence], list[Evidence]] = ([], [], [])
    decisive: dict[str, None] = {}
    sources: dict[int, Source] = {}
    factors = 0
    for index in matched:
        info = rules[index]
        evidence = info.evidence
        if evidence is None:  # its sentence quotes values: made for this person
            text = info.text.format_map(values)
            kind, subject = info.about
            quoted = {
                "kind": kind,
                "subject": subject,
                "direction": info.direction,
                "text": text,
                "rule": info.id,
                "sources": info.source_ids,
            }
            evidence = trusted(Evidence, quoted, _EVIDENCE_FIELDS)
        else:
            text = info.text
        placed[info.order].append(evidence)
        if info.decisive & bit:
            decisive[text] = None
        sources.update(info.by_identity)  # first seen first, each once
        factors |= info.factors
    assessed = bool(matched)
    headline = table.headlines[likelihood] if assessed else table.not_assessed
    fields = {
        "category": table.category,
        "likelihood": likelihood,
        "assessed": assessed,
        "factors": [f for i, f in enumerate(_FACTORS) if factors >> i & 1] if factors else [],
        "evidence": [*placed[0], *placed[1], *placed[2]],
        "rationale": " ".join([headline, *decisive]),
        "not_known": (
            list(dict.fromkeys(table.not_known[k][1] for k in not_known)) if not_known else []
        ),
        "sources": list(sources.values()),
    }
    return trusted(Assessment, fields, _ASSESSMENT_FIELDS)


def _recommendations(
    matched: list[int], rules: tuple[_Rule, ...], values: _Values
) -> list[Recommendation]:
    """The matched rules' recommendations, each (kind, test or text) once, by kind."""
    made: set[tuple[str, str]] = set()
    # by kind in RecommendationKind's order, rule order within a kind: a stable sort by
    # kind, without sorting
    placed: list[list[Recommendation]] = [[] for _ in _KIND_ORDER]
    for index in matched:
        info = rules[index]
        text = info.text.format_map(values) if info.quotes else info.text
        for kind, test, order, shared in info.recommends:
            key = (kind, test or text)
            if key not in made:
                made.add(key)
                if shared is not None:
                    placed[order].append(shared)
                    continue
                fields = {  # its sentence quotes values: made for this person
                    "kind": kind,
                    "text": text,
                    "test": test,
                    "rule": info.id,
                    "sources": info.sources,
                }
                placed[order].append(trusted(Recommendation, fields, _RECOMMENDATION_FIELDS))
    return [recommendation for group in placed for recommendation in group]


#: What :func:`outcome_parts` gives: the assessments (most likely first), the urgency and
#: its reasons, the recommendations and the warnings, as the report holds them.
Parts = tuple[list[Assessment], Urgency, list[str], list[Recommendation], list[str]]


def outcome_parts(compiled: CompiledBook, matches: Matches, facts: Facts) -> Parts:
    """The outcome of the book for one person, from the compiled book's matches, in the
    lists a report holds (:func:`outcome_of` gives the same as an :class:`.Outcome`)."""
    rules = _rules(compiled)
    values = _Values(facts)
    tables = compiled.book.categories
    ranks = matches.ranks
    # most likely first, ties in the book's order (each table is one category)
    order = sorted(range(len(tables)), key=lambda t: (-_RANKS[ranks[t]], t))
    assessments = [
        _assess(
            tables[t],
            matched=matches.categories[t],
            rank=ranks[t],
            not_known=matches.not_known[t],
            rules=rules,
            values=values,
        )
        for t in order
    ]
    bit = 1 << matches.urgency
    reasons: dict[str, None] = {}
    for index in matches.urgency_rules:
        info = rules[index]
        if info.levels & bit:
            reasons[_text(info, values)] = None
    recommendations = _recommendations(matches.recommendations, rules, values)
    warnings = [*dict.fromkeys(_text(rules[i], values) for i in matches.caveats)]
    return assessments, _URGENCIES[matches.urgency], [*reasons], recommendations, warnings


def outcome_of(compiled: CompiledBook, matches: Matches, facts: Facts) -> Outcome:
    """The outcome of the book for one person, from the compiled book's matches."""
    assessments, urgency, reasons, recommendations, warnings = outcome_parts(
        compiled, matches, facts
    )
    return Outcome(
        tuple(assessments), urgency, tuple(reasons), tuple(recommendations), tuple(warnings)
    )
