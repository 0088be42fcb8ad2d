"""The engine of :func:`b12labs.reasoning.evaluate`, restated for columns.

Each category's likelihood is the highest level a matching rule raises it to, no higher
than the lowest cap of a matching rule; it is assessed when any rule matched; the urgency
is the highest level an urgency rule reaches. It reads the same
:data:`~b12labs.reasoning.RULE_BOOK` as ``interpret()``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from ..enums import Analyte, Category, Factor, Likelihood, Urgency
from ..reasoning import RULE_BOOK, RuleBook
from ..reasoning.rules import Cap, Escalate, Implicate, Raise
from . import _forms  # noqa: F401 - registers the column form of every condition
from ._columns import Block, Bools, LabColumns, PersonColumns, Verdicts, holds

__all__ = ["BLOCK_ROWS", "evaluate_columns"]


_FACTOR_BIT = {factor: np.uint8(1 << i) for i, factor in enumerate(Factor)}
_UNLIKELY, _LIKELY = Likelihood.unlikely.rank, Likelihood.likely.rank


def _block_verdicts(block: Block, book: RuleBook) -> Verdicts:
    likelihoods: dict[Category, npt.NDArray[np.int8]] = {}
    assessed: dict[Category, Bools] = {}
    factors = np.zeros(block.size, dtype=np.uint8)
    for table in book.categories:
        floor = np.full(block.size, _UNLIKELY, dtype=np.int8)
        ceiling = np.full(block.size, _LIKELY, dtype=np.int8)
        matched = block.none()
        for rule in table.rules:
            matched_here = holds(rule.when, block)
            matched |= matched_here
            for effect in rule.effects:
                if isinstance(effect, Raise):
                    np.maximum(floor, np.where(matched_here, effect.to.rank, _UNLIKELY), out=floor)
                elif isinstance(effect, Cap):
                    np.minimum(
                        ceiling, np.where(matched_here, effect.at.rank, _LIKELY), out=ceiling
                    )
                elif isinstance(effect, Implicate):
                    factors |= np.where(matched_here, _FACTOR_BIT[effect.factor], np.uint8(0))
        likelihoods[table.category] = np.minimum(floor, ceiling)
        assessed[table.category] = matched
    verdicts = Verdicts(likelihoods, assessed, factors)
    block.verdicts = verdicts
    urgency = np.zeros(block.size, dtype=np.int8)  # routine
    levels = list(Urgency)
    for rule in book.urgency:
        matched_here = holds(rule.when, block)
        for effect in rule.effects:
            if isinstance(effect, Escalate):
                level = np.int8(levels.index(effect.to))
                np.maximum(urgency, np.where(matched_here, level, np.int8(0)), out=urgency)
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
        verdicts = _block_verdicts(block, book)
        for category, values in verdicts.likelihood.items():
            out.likelihood[category][rows] = values
            out.assessed[category][rows] = verdicts.assessed[category]
        out.factors[rows] = verdicts.factors
        assert out.urgency is not None
        assert verdicts.urgency is not None
        out.urgency[rows] = verdicts.urgency
    return out
