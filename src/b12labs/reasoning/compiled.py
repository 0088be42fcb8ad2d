"""The rule book compiled once into one generated Python function: ``interpret()``'s fast path.

:func:`compile_book` writes the source of a function that unpacks one person's facts into
locals, evaluates every rule's condition as a short-circuit expression (a condition used by
several rules is computed once, on first use), keeps each category's floor and cap, the
urgency and the matched rules, and returns them. It reads the same
:data:`~b12labs.reasoning.RULE_BOOK`; :func:`.engine.evaluate` stays the reference, and
``tests/reasoning/test_compiled.py`` checks that both reach the same outcome on generated
people and scenarios. The source is built from the rule book's own data (band masks,
names, cut points), never from caller input.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from ..enums import Category, Urgency
from ..symptoms import Symptom
from .code_forms import ANALYTES, BAND_BIT, COMPARATOR_CODE, expression
from .conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    Condition,
    Has,
    LabAtLeast,
    LabBelow,
    Not,
    RedFlag,
    Takes,
)
from .engine import RuleBook
from .facts import Facts
from .rules import Cap, Escalate, Implicate, Raise, Recommend, Rule, Warn

__all__ = ["CompiledBook", "Matches", "compile_book", "compiled_arguments"]

_SYMPTOMS = list(Symptom)
#: The bit of each symptom in the ``SYM`` mask (its position in :class:`Symptom`).
_SYMPTOM_BIT = {symptom: 1 << i for i, symptom in enumerate(_SYMPTOMS)}
_YES_NO = (
    "b12_injections",
    "b12_injections_started_recently",
    "b12_oral_supplements",
    "recent_heavy_exercise",
    "pregnant",
    "cramps_persistent_or_severe",
)


class Matches(NamedTuple):
    """What the compiled book concluded for one person (a named tuple: made once per
    report, and a tuple is quicker to make than a frozen dataclass).

    ``categories``: per category table (in the book's order) the indexes of its matched
    rules; ``ranks``: its likelihood rank; ``factors``: the factor bits named;
    ``not_known``: per table the indexes of its ``not_known`` entries that hold;
    ``urgency``: the index of the urgency in :class:`Urgency`, and ``urgency_rules`` the
    matched urgency rules; ``recommendations`` and ``caveats``: the matched rules.
    """

    categories: tuple[list[int], ...]
    ranks: tuple[int, ...]
    factors: int
    not_known: tuple[list[int], ...]
    urgency: int
    urgency_rules: list[int]
    recommendations: list[int]
    caveats: list[int]


_Run = Callable[[tuple[Any, ...], int, Any], Matches]


@dataclasses.dataclass(frozen=True)
class CompiledBook:
    """A rule book and its generated evaluator (``run(labs, symptoms, context)``)."""

    book: RuleBook
    run: _Run
    source: str


def _parts(condition: Condition) -> tuple[Condition, ...]:
    if isinstance(condition, AllOf | AnyOf | AtLeast):
        return condition.parts
    if isinstance(condition, Not):
        return (condition.part,)
    return ()


def _walk(condition: Condition) -> Iterator[Condition]:
    yield condition
    for part in _parts(condition):
        yield from _walk(part)


#: Conditions whose value is worth keeping when several rules ask: the combinations and
#: the leaves that call or look up something.
_WORTH_SHARING = (AllOf, AnyOf, AtLeast, Not, Takes, Has, RedFlag, LabAtLeast, LabBelow)


class _Writer:
    """Emits expressions, sharing a node used more than once through a lazy local."""

    def __init__(self, roots: list[Condition]) -> None:
        self.uses: Counter[int] = Counter(id(node) for root in roots for node in _walk(root))
        self.shared: dict[int, str] = {}
        self.consts: dict[str, Any] = {}
        self._const_names: dict[int, str] = {}

    def const(self, value: Any) -> str:
        name = f"K{len(self.consts)}"
        self.consts[name] = value
        return name

    def emit(self, condition: Condition) -> str:
        code = expression(condition, self.emit, self.const)
        if self.uses[id(condition)] < 2 or not isinstance(condition, _WORTH_SHARING):
            return code  # a bit test or a comparison costs less than the check
        name = self.shared.setdefault(id(condition), f"_s{len(self.shared)}")
        # computed on first use: "(_s3 if _s3 is not None else (_s3 := expr))"
        return f"({name} if {name} is not None else ({name} := {code}))"


def _effects(rule: Rule) -> tuple[int, int, int, int]:
    floor = cap = factor = level = 0
    from ..enums import Factor, Likelihood

    for effect in rule.effects:
        if isinstance(effect, Raise):
            floor = max(floor, effect.to.rank)
        elif isinstance(effect, Cap):
            cap = max(cap, Likelihood.likely.rank - effect.at.rank)
        elif isinstance(effect, Implicate):
            factor |= 1 << list(Factor).index(effect.factor)
        elif isinstance(effect, Escalate):
            level = max(level, list(Urgency).index(effect.to))
    return floor, cap, factor, level


def _prologue() -> list[str]:
    """The function's head: the facts unpacked into locals."""
    lines = ["def run(labs, SYM, ctx):"]
    for slot, _ in enumerate(ANALYTES):
        lines.append(f"    lab = labs[{slot}]")
        lines.append("    if lab is None:")
        lines.append(
            f"        M{slot} = False; P{slot} = 0; C{slot} = 0; V{slot} = 0.0; U{slot} = ''; "
            f"D{slot} = G{slot} = H{slot} = False; S{slot} = ''"
        )
        lines.append("    else:")
        lines.append(
            f"        M{slot} = True; P{slot}, C{slot}, V{slot}, U{slot}, D{slot}, G{slot}, "
            f"H{slot}, S{slot} = lab"
        )
    lines += [f"    X_{name} = ctx.{name}" for name in _YES_NO]
    lines.append("    DIET = ctx.diet; MEDS = ctx.medications; CONDS = ctx.conditions")
    lines.append("    FLAGS = ctx.red_flags; AGE = ctx.age_years")
    return lines


def _categories(book: RuleBook, writer: _Writer, index: dict[int, int]) -> list[str]:
    """Each category table: its matched rules, floor, cap, factors and not-known entries."""
    body: list[str] = []
    for t, table in enumerate(book.categories):
        body.append(f"    m{t} = []; f{t} = 0; d{t} = 0")
        for rule in table.rules:
            floor, cap, factor, _ = _effects(rule)
            body.append(f"    if {writer.emit(rule.when)}:")
            body.append(f"        m{t}.append({index[id(rule)]})")
            if floor:
                body.append(f"        if f{t} < {floor}: f{t} = {floor}")
            if cap:
                body.append(f"        if d{t} < {cap}: d{t} = {cap}")
            if factor:
                body.append(f"        FAC |= {factor}")
        body.append(f"    r{t} = f{t} if f{t} < 2 - d{t} else 2 - d{t}")
        body.append(f"    n{t} = []")
        for k, (when, _) in enumerate(table.not_known):
            body.append(f"    if {writer.emit(when)}: n{t}.append({k})")
    for category in Category:
        position = next(i for i, t in enumerate(book.categories) if t.category is category)
        body.append(f"    LK{list(Category).index(category)} = r{position}")
    return body


def _later_phases(book: RuleBook, writer: _Writer, index: dict[int, int]) -> list[str]:
    """The urgency (phase 1), then the recommendations and caveats (phase 2)."""
    body = ["    NF = FAC != 0", "    URG = 0; ur = []"]
    for rule in book.urgency:
        if any(isinstance(e, Escalate) for e in rule.effects):
            level = _effects(rule)[3]
            body.append(f"    if {writer.emit(rule.when)}:")
            body.append(f"        ur.append({index[id(rule)]})")
            body.append(f"        if URG < {level}: URG = {level}")
    body.append("    rec = []")
    for rule in book.recommendations:
        if any(isinstance(e, Recommend) for e in rule.effects):
            body.append(f"    if {writer.emit(rule.when)}: rec.append({index[id(rule)]})")
    body.append("    cav = []")
    for rule in book.caveats:
        if any(isinstance(e, Warn) for e in rule.effects):
            body.append(f"    if {writer.emit(rule.when)}: cav.append({index[id(rule)]})")
    return body


def compile_book(book: RuleBook) -> CompiledBook:
    """Generate, compile and return the evaluator of ``book``."""
    roots = [rule.when for rule in book.all_rules()]
    roots += [when for table in book.categories for when, _ in table.not_known]
    writer = _Writer(roots)
    index = {id(rule): i for i, rule in enumerate(book.all_rules())}
    body = [*_categories(book, writer, index), *_later_phases(book, writer, index)]
    tables = range(len(book.categories))
    categories = ", ".join(f"m{t}" for t in tables)
    ranks = ", ".join(f"r{t}" for t in tables)
    not_known = ", ".join(f"n{t}" for t in tables)
    body.append(
        f"    return Matches(({categories},), ({ranks},), FAC, ({not_known},), URG, ur, rec, cav)"
    )
    shared = [f"    {' = '.join(writer.shared.values())} = None"] if writer.shared else []
    source = "\n".join([*_prologue(), *shared, "    FAC = 0", *body]) + "\n"
    namespace: dict[str, Any] = {"Matches": Matches, **writer.consts}
    # the source is the rule book's own data (masks, names, cut points), never input
    exec(compile(source, "<b12labs rule book>", "exec"), namespace)  # noqa: S102
    return CompiledBook(book, namespace["run"], source)


def compiled_arguments(facts: Facts) -> tuple[tuple[Any, ...], int, Any]:
    """One person's facts as the compiled function's arguments: ``(labs, symptoms, context)``."""
    labs: list[tuple[Any, ...] | None] = []
    get = facts.labs.get
    for analyte in ANALYTES:
        lab = get(analyte)
        if lab is None:
            labs.append(None)
            continue
        result, table = lab.result, lab.table
        mask = 0
        for band in lab.possible:  # one band, or a few when censored
            mask += BAND_BIT[band]
        labs.append(
            (
                mask,
                COMPARATOR_CODE[result.comparator],
                result.value,
                result.unit,
                table.basis == "decision_limits",
                table.when.pregnant is True,
                result.hemolyzed,
                result.specimen,
            )
        )
    symptoms = 0
    for symptom in facts.symptoms:
        symptoms += _SYMPTOM_BIT[symptom]
    return tuple(labs), symptoms, facts.context
