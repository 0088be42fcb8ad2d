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
from collections.abc import Sequence

from .._trusted import trusted
from ..enums import Factor, Likelihood, Urgency
from ..sources import Source, bundled_sources_view
from ..vocabulary import RecommendationKind
from .assessment import Assessment, Evidence, Recommendation
from .compiled import CompiledBook, Matches
from .engine import CategoryTable, Outcome
from .facts import Facts
from .rules import Cap, Escalate, Implicate, Note, Raise, Recommend, Rule

__all__ = ["outcome_of"]

_LIKELIHOODS = list(Likelihood)
_URGENCIES = list(Urgency)
_FACTORS = list(Factor)
_KIND_ORDER = {kind: i for i, kind in enumerate(RecommendationKind)}
_EVIDENCE_FIELDS = frozenset({"kind", "subject", "direction", "text", "rule", "sources"})
_ORDER = {"for": 0, "against": 1, "neutral": 2}


@dataclasses.dataclass(frozen=True)
class _Rule:
    """What one rule contributes, worked out once."""

    rule: Rule
    direction: str
    raises: tuple[Likelihood, ...]
    caps: tuple[Likelihood, ...]
    quotes: bool  # its sentence quotes template values
    evidence: Evidence | None  # the evidence itself when it quotes nothing
    sources: tuple[Source, ...]
    recommends: tuple[Recommend, ...]
    factors: int  # the bits of the factors it names
    levels: tuple[Urgency, ...]  # the urgencies it escalates to


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


def _unique_sources(ids: Sequence[str]) -> tuple[Source, ...]:
    catalogue = bundled_sources_view()
    return tuple({i: catalogue[i] for i in ids}.values())


def _union(sources: Sequence[tuple[Source, ...]]) -> list[Source]:
    """The sources of several rules, each once, in first-seen order (as by id)."""
    seen: dict[int, Source] = {}
    for group in sources:
        for source in group:
            seen.setdefault(id(source), source)
    return list(seen.values())


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
        made.append(
            _Rule(
                rule=rule,
                direction=direction,
                raises=tuple(e.to for e in rule.effects if isinstance(e, Raise)),
                caps=tuple(e.at for e in rule.effects if isinstance(e, Cap)),
                quotes=quotes,
                evidence=None if quotes else _evidence(rule, direction, rule.text),
                sources=_unique_sources(rule.sources),
                recommends=tuple(e for e in rule.effects if isinstance(e, Recommend)),
                factors=sum(
                    1 << _FACTORS.index(e.factor) for e in rule.effects if isinstance(e, Implicate)
                ),
                levels=tuple(e.to for e in rule.effects if isinstance(e, Escalate)),
            )
        )
    _MADE[id(compiled)] = (compiled, tuple(made))
    return tuple(made)


class _Values(dict[str, str]):
    """Template values, each computed when a sentence first quotes it ("?" if unknown)."""

    def __init__(self, facts: Facts) -> None:
        super().__init__()
        self._facts = facts

    def __missing__(self, key: str) -> str:
        value = self._facts.template_value(key)
        self[key] = "?" if value is None else value
        return self[key]


def _text(info: _Rule, values: _Values) -> str:
    return info.rule.text.format_map(values) if info.quotes else info.rule.text


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
    evidence: list[Evidence] = []
    decisive: list[str] = []
    groups: list[tuple[Source, ...]] = []
    factors = 0
    for index in matched:
        info = rules[index]
        text = _text(info, values)
        if likelihood in info.raises or likelihood in info.caps:
            decisive.append(text)
        evidence.append(info.evidence or _evidence(info.rule, info.direction, text))
        groups.append(info.sources)
        factors |= info.factors
    evidence.sort(key=lambda item: _ORDER[item.direction])
    assessed = bool(matched)
    headline = table.headlines[likelihood] if assessed else table.not_assessed
    named = [f for i, f in enumerate(_FACTORS) if factors >> i & 1]
    fields = {
        "category": table.category,
        "likelihood": likelihood,
        "assessed": assessed,
        "factors": named,
        "evidence": evidence,
        "rationale": " ".join([headline, *dict.fromkeys(decisive)]),
        "not_known": list(dict.fromkeys(table.not_known[k][1] for k in not_known)),
        "sources": _union(groups),
    }
    return trusted(Assessment, fields, fields.keys())


def outcome_of(compiled: CompiledBook, matches: Matches, facts: Facts) -> Outcome:
    """The outcome of the book for one person, from the compiled book's matches."""
    rules = _rules(compiled)
    values = _Values(facts)
    book = compiled.book
    assessments = [
        _assess(
            table,
            matched=matches.categories[t],
            rank=matches.ranks[t],
            not_known=matches.not_known[t],
            rules=rules,
            values=values,
        )
        for t, table in enumerate(book.categories)
    ]
    position = {table.category: i for i, table in enumerate(book.categories)}
    assessments.sort(key=lambda a: (-a.likelihood.rank, position[a.category]))
    urgency = _URGENCIES[matches.urgency]
    reasons: dict[str, None] = {}
    for index in matches.urgency_rules:
        info = rules[index]
        if urgency in info.levels:
            reasons[_text(info, values)] = None
    made: dict[tuple[str, str], Recommendation] = {}
    for index in matches.recommendations:
        info = rules[index]
        for effect in info.recommends:
            text = _text(info, values)
            key = (effect.kind, effect.test or text)
            if key not in made:
                fields = {
                    "kind": effect.kind,
                    "text": text,
                    "test": effect.test,
                    "rule": info.rule.id,
                    "sources": list(info.sources),
                }
                made[key] = trusted(Recommendation, fields, fields.keys())
    recommendations = tuple(sorted(made.values(), key=lambda r: _KIND_ORDER[r.kind]))
    warnings = tuple(dict.fromkeys(_text(rules[i], values) for i in matches.caveats))
    return Outcome(tuple(assessments), urgency, tuple(reasons), recommendations, warnings)
