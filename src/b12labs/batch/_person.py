"""Symptom and context columns -> the codes the rule book's column forms read.

Each distinct cell goes through the very validator :class:`~b12labs.Context` uses for its
field, so a column accepts exactly what ``interpret(context=...)`` accepts; numeric age
columns are checked as whole arrays. A row with any refused cell, or with answers that
contradict each other, is ``suspect``: :mod:`._rows` asks ``interpret()`` which error it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from ..context import MAX_AGE_YEARS, MAX_NAMES, field_validator_of
from ..enums import Diet
from ..errors import B12LabsError
from ..symptoms import Symptom
from ._cells import Booleans, Cells, Coded, Lists, Numbers
from ._columns import NAME_BITS, NO, NOT_KNOWN, SYMPTOM_BIT, YES, PersonColumns

__all__ = ["ANSWER_FIELDS", "NAME_FIELDS", "ParsedPerson", "parse_person", "symptom_cell"]

Bools = npt.NDArray[np.bool_]
ANSWER_FIELDS = (
    "b12_injections",
    "b12_injections_started_recently",
    "b12_oral_supplements",
    "recent_heavy_exercise",
    "pregnant",
    "cramps_persistent_or_severe",
)
NAME_FIELDS = ("medications", "conditions", "red_flags")
_DIETS = list(Diet)
_YES_NO_WORDS = {"true": True, "yes": True, "y": True, "1": True}
_YES_NO_WORDS |= {"false": False, "no": False, "n": False, "0": False}


@dataclasses.dataclass
class ParsedPerson:
    """Symptoms and context per row, the trimester for range selection, and suspect rows."""

    columns: PersonColumns
    trimester: npt.NDArray[np.int8]
    suspect: Bools


def symptom_cell(cell: object) -> bool | None:
    """A symptom column's cell as reported (True) or not (False); None if not accepted.

    Booleans, 0 and 1, and the yes/no words a context answer accepts.
    """
    if cell is None or type(cell) is bool:
        return bool(cell)
    if type(cell) is np.bool_:
        return bool(cell)
    if type(cell) in (int, float, np.int64, np.float64) and cell in (0, 1):
        return bool(cell)
    if type(cell) is str and len(cell) <= 8:
        return _YES_NO_WORDS.get(cell.strip().lower())
    return None


def _per_unique(cells: Coded, read: Callable[[object], Any]) -> tuple[list[Any], Bools]:
    """``read`` over each distinct cell: its values, and which raised a library error."""
    values: list[Any] = []
    refused: list[bool] = []
    for cell in cells.uniques:
        try:
            values.append(read(cell))
            refused.append(False)
        except B12LabsError:
            values.append(None)
            refused.append(True)
    return values, np.array([*refused, False])


def _symptoms(size: int, given: Mapping[Symptom, Cells]) -> tuple[npt.NDArray[np.uint32], Bools]:
    mask = np.zeros(size, dtype=np.uint32)
    bad = np.zeros(size, dtype=np.bool_)
    for symptom, cells in given.items():
        bit = np.uint32(SYMPTOM_BIT[symptom])
        if isinstance(cells, Booleans):
            reported = cells.values & ~cells.null
        elif isinstance(cells, Numbers):
            reported = cells.values == 1
            bad |= ~cells.null & ~np.isin(cells.values, (0.0, 1.0))
        elif isinstance(cells, Coded):
            read = [symptom_cell(u) for u in cells.uniques]
            reported = np.array([r is True for r in read] + [False])[cells.codes]
            bad |= np.array([r is None for r in read] + [False])[cells.codes]
        else:
            reported = np.zeros(size, dtype=np.bool_)
            bad |= ~cells.null
        mask |= np.where(reported, bit, np.uint32(0))
    return mask, bad


def _answer(field: str, cells: Cells, size: int) -> tuple[npt.NDArray[np.int8], Bools]:
    """A yes/no field as 1, 0 or -1 (not known), and where a cell is refused."""
    if isinstance(cells, Booleans):
        return np.where(cells.null, NOT_KNOWN, cells.values.astype(np.int8)).astype(np.int8), (
            np.zeros(size, dtype=np.bool_)
        )
    if isinstance(cells, Coded):
        values, refused = _per_unique(cells, field_validator_of(field))
        codes = [NOT_KNOWN if v is None else (YES if v else NO) for v in values]
        return np.array([*codes, NOT_KNOWN], dtype=np.int8)[cells.codes], refused[cells.codes]
    null = cells.null
    return np.full(size, NOT_KNOWN, dtype=np.int8), ~null  # numbers and lists are refused


def _diet(cells: Cells, size: int) -> tuple[npt.NDArray[np.int8], Bools]:
    if isinstance(cells, Coded):
        values, refused = _per_unique(cells, field_validator_of("diet"))
        codes = [-1 if v is None else _DIETS.index(v) for v in values]
        return np.array([*codes, -1], dtype=np.int8)[cells.codes], refused[cells.codes]
    return np.full(size, -1, dtype=np.int8), ~cells.null


def _names(field: str, cells: Cells, size: int) -> tuple[npt.NDArray[np.uint64], Bools]:
    """A name-set field as a bit mask per row, and where a cell is refused."""
    bits = NAME_BITS[field]
    read = field_validator_of(field)

    def mask_of(names: frozenset[str]) -> int:
        return sum(bits[name] for name in names)

    if isinstance(cells, Coded):  # comma-separated texts, or lists in an object column
        values, refused = _per_unique(cells, read)
        masks = [0 if v is None else mask_of(v) for v in values]
        return np.array([*masks, 0], dtype=np.uint64)[cells.codes], refused[cells.codes]
    if isinstance(cells, Lists):
        items = cells.items
        # each distinct item as a one-name list; a row is refused if any item is, or if
        # it has more items than a context accepts
        values, refused = _per_unique(items, lambda item: read([item]))
        item_masks = np.array([0 if v is None else mask_of(v) for v in values] + [0], np.uint64)
        lengths = np.diff(cells.offsets)
        row_of_item = np.repeat(np.arange(size), lengths)
        mask = np.zeros(size, dtype=np.uint64)
        np.bitwise_or.at(mask, row_of_item, item_masks[items.codes])
        bad = np.zeros(size, dtype=np.bool_)
        np.logical_or.at(bad, row_of_item, refused[items.codes] | (items.codes < 0))
        bad |= lengths > MAX_NAMES
        return mask, bad & ~cells.null
    return np.zeros(size, dtype=np.uint64), ~cells.null


def _age(cells: Cells, size: int) -> tuple[npt.NDArray[np.float64], Bools]:
    if isinstance(cells, Numbers):
        age = np.where(cells.null, np.nan, cells.values)
        with np.errstate(invalid="ignore"):
            bad = ~cells.null & ~((age >= 0) & (age <= MAX_AGE_YEARS))
        return np.where(bad, np.nan, age), bad
    if isinstance(cells, Coded):
        values, refused = _per_unique(cells, field_validator_of("age_years"))
        ages = np.array([np.nan if v is None else v for v in values] + [np.nan])
        return ages[cells.codes], refused[cells.codes]
    return np.full(size, np.nan), ~cells.null


def _trimester(cells: Cells, size: int) -> tuple[npt.NDArray[np.int8], Bools]:
    read = field_validator_of("pregnancy_trimester")
    if isinstance(cells, Numbers):
        # whole numbers count, also in a float column (pandas stores integers with gaps so)
        values = np.where(cells.null, 0, cells.values)
        bad = ~cells.null & ~np.isin(values, (1.0, 2.0, 3.0))
        return np.where(bad, 0, values).astype(np.int8), bad
    if isinstance(cells, Coded):
        found, refused = _per_unique(cells, read)
        codes = [0 if v is None else v for v in found]
        return np.array([*codes, 0], dtype=np.int8)[cells.codes], refused[cells.codes]
    return np.zeros(size, dtype=np.int8), ~cells.null


def parse_person(
    size: int, symptoms: Mapping[Symptom, Cells], context: Mapping[str, Cells]
) -> ParsedPerson:
    """Every symptom and context column as the codes of :class:`PersonColumns`."""
    mask, suspect = _symptoms(size, symptoms)
    answers: dict[str, npt.NDArray[np.int8]] = {}
    for field in ANSWER_FIELDS:
        if field in context:
            answers[field], bad = _answer(field, context[field], size)
            suspect |= bad
        else:
            answers[field] = np.full(size, NOT_KNOWN, dtype=np.int8)
    diet = np.full(size, -1, dtype=np.int8)
    if "diet" in context:
        diet, bad = _diet(context["diet"], size)
        suspect |= bad
    names: dict[str, npt.NDArray[np.uint64]] = {}
    for field in NAME_FIELDS:
        if field in context:
            names[field], bad = _names(field, context[field], size)
            suspect |= bad
        else:
            names[field] = np.zeros(size, dtype=np.uint64)
    age = np.full(size, np.nan)
    if "age_years" in context:
        age, bad = _age(context["age_years"], size)
        suspect |= bad
    trimester = np.zeros(size, dtype=np.int8)
    if "pregnancy_trimester" in context:
        trimester, bad = _trimester(context["pregnancy_trimester"], size)
        suspect |= bad
    # what a Context implies and refuses: a trimester means pregnant, a recent start of
    # injections means injections; either against an explicit "no" is a conflict
    pregnant, injections = answers["pregnant"], answers["b12_injections"]
    started = answers["b12_injections_started_recently"]
    suspect |= ((trimester > 0) & (pregnant == NO)) | ((started == YES) & (injections == NO))
    answers["pregnant"] = np.where(trimester > 0, np.int8(YES), pregnant).astype(np.int8)
    answers["b12_injections"] = np.where(started == YES, np.int8(YES), injections).astype(np.int8)
    columns = PersonColumns(mask, answers, diet, names, age)
    return ParsedPerson(columns, trimester, suspect)
