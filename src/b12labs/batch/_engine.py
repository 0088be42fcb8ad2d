"""The engine of :func:`b12labs.reasoning.evaluate`, restated for columns.

Each category's likelihood is the highest level a matching rule raises it to, no higher
than the lowest cap of a matching rule; it is assessed when any rule matched; the urgency
is the highest level an urgency rule reaches. It reads the same
:data:`~b12labs.reasoning.RULE_BOOK` as ``interpret()``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from ..enums import Analyte, Category, Factor, Likelihood, Urgency
from ..reasoning import RULE_BOOK, RuleBook
from ..reasoning.conditions import Condition
from ..reasoning.rules import Cap, Escalate, Implicate, Raise, Rule
from . import _forms  # noqa: F401 - registers the column form of every condition
from ._columns import Block, Bools, LabColumns, PersonColumns, Verdicts, holds

__all__ = ["BLOCK_ROWS", "evaluate_columns"]


_FACTOR_BIT = {factor: 1 << i for i, factor in enumerate(Factor)}
_LIKELY = Likelihood.likely.rank
_LEVELS = list(Urgency)


@dataclasses.dataclass(frozen=True)
class _Step:
    """One rule as the engine applies it: its condition and what a match adds.

    ``floor`` is the likelihood rank a match raises to, ``cap`` how many ranks below
    ``likely`` it caps at (0: no cap), ``factor`` the bit of the factor it names, ``level``
    the urgency index it escalates to.
    """

    when: Condition
    floor: int = 0
    cap: int = 0
    factor: int = 0
    level: int = 0


@dataclasses.dataclass(frozen=True)
class _Plan:
    categories: tuple[tuple[Category, tuple[_Step, ...]], ...]
    urgency: tuple[_Step, ...]


def _step(rule: Rule) -> _Step:
    floor = cap = factor = level = 0
    for effect in rule.effects:
        if isinstance(effect, Raise):
            floor = max(floor, effect.to.rank)
        elif isinstance(effect, Cap):
            cap = max(cap, _LIKELY - effect.at.rank)
        elif isinstance(effect, Implicate):
            factor |= _FACTOR_BIT[effect.factor]
        elif isinstance(effect, Escalate):
            level = max(level, _LEVELS.index(effect.to))
    return _Step(rule.when, floor, cap, factor, level)


_PLANS: dict[int, tuple[RuleBook, _Plan]] = {}


def _plan(book: RuleBook) -> _Plan:
    """The book's rules as steps, made once per book."""
    found = _PLANS.get(id(book))
    if found is not None and found[0] is book:
        return found[1]
    plan = _Plan(
        tuple((t.category, tuple(_step(r) for r in t.rules)) for t in book.categories),
        tuple(_step(r) for r in book.urgency if any(isinstance(e, Escalate) for e in r.effects)),
    )
    _PLANS[id(book)] = (book, plan)
    return plan


def _raise(target: npt.NDArray[np.int8], matched: Bools, by: int) -> None:
    """``target = max(target, matched * by)`` in place, without a temporary for ``by == 1``."""
    if by == 1:
        np.maximum(target, matched.view(np.int8), out=target)
    elif by:
        np.maximum(target, matched.view(np.int8) * np.int8(by), out=target)


def _block_verdicts(block: Block, plan: _Plan) -> Verdicts:
    likelihoods: dict[Category, npt.NDArray[np.int8]] = {}
    assessed: dict[Category, Bools] = {}
    factors = np.zeros(block.size, dtype=np.uint8)
    for category, steps in plan.categories:
        floor = np.zeros(block.size, dtype=np.int8)  # unlikely
        depth = np.zeros(block.size, dtype=np.int8)  # ranks capped below likely
        matched = block.none()
        for step in steps:
            here = holds(step.when, block)
            matched |= here
            _raise(floor, here, step.floor)
            _raise(depth, here, step.cap)
            if step.factor:
                factors |= here.view(np.uint8) * np.uint8(step.factor)
        likelihoods[category] = np.minimum(floor, np.int8(_LIKELY) - depth)
        assessed[category] = matched
    verdicts = Verdicts(likelihoods, assessed, factors)
    block.verdicts = verdicts
    urgency = np.zeros(block.size, dtype=np.int8)  # routine
    for step in plan.urgency:
        _raise(urgency, holds(step.when, block), step.level)
    verdicts.urgency = urgency
    return verdicts


#: Rows evaluated at a time: the memo of one block stays in cache and its memory is bounded.
BLOCK_ROWS = 1 << 15


def evaluate_columns(
    size: int,
    labs: Mapping[Analyte, LabColumns],
    person: PersonColumns,
    *,
    book: RuleBook = RULE_BOOK,
) -> Verdicts:
    """The likelihood of every category, whether it was assessed, and the urgency, per row.

    Rows are evaluated in blocks of :data:`BLOCK_ROWS`, so memory beyond the inputs and
    outputs stays constant whatever the table's length.
    """
    plan = _plan(book)
    out = Verdicts(
        {t.category: np.empty(size, dtype=np.int8) for t in book.categories},
        {t.category: np.empty(size, dtype=np.bool_) for t in book.categories},
        np.empty(size, dtype=np.uint8),
        np.empty(size, dtype=np.int8),
    )
    for start in range(0, size, BLOCK_ROWS):
        rows = slice(start, min(start + BLOCK_ROWS, size))
        block = Block(
            rows.stop - rows.start,
            {a: lab.take(rows) for a, lab in labs.items()},
            person.take(rows),
        )
        verdicts = _block_verdicts(block, plan)
        for category, values in verdicts.likelihood.items():
            out.likelihood[category][rows] = values
            out.assessed[category][rows] = verdicts.assessed[category]
        out.factors[rows] = verdicts.factors
        assert out.urgency is not None
        assert verdicts.urgency is not None
        out.urgency[rows] = verdicts.urgency
    return out
