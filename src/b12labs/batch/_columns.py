"""What the column evaluator reads: the labs and the person as arrays, one entry per row.

The rule book's conditions read :class:`LabColumns` and :class:`PersonColumns` through
their *column forms* (:mod:`._forms`), registered here with :func:`column_form`; the engine
(:mod:`._engine`) runs the book over them block by block.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from ..enums import Analyte, Band, Category
from ..reasoning.conditions import Condition
from ..symptoms import Symptom
from ..vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS

__all__ = [
    "BAND_BIT",
    "COMPARATORS",
    "NAME_BITS",
    "SPECIMENS",
    "SYMPTOM_BIT",
    "Block",
    "Bools",
    "LabColumns",
    "PersonColumns",
    "Verdicts",
    "bools",
    "column_form",
    "has_column_form",
    "holds",
]

Bools = npt.NDArray[np.bool_]

#: Comparator codes of the columns: 0 exact, then ``<``, ``<=``, ``>``, ``>=``.
COMPARATORS: tuple[str | None, ...] = (None, "<", "<=", ">", ">=")
SPECIMENS: tuple[str, ...] = ("serum", "plasma")
#: The bit of each band in a ``possible`` mask, and of each symptom in a symptom mask.
BAND_BIT: Mapping[Band, int] = {band: 1 << i for i, band in enumerate(Band)}
SYMPTOM_BIT: Mapping[Symptom, int] = {symptom: 1 << i for i, symptom in enumerate(Symptom)}
#: The bit of each medication, condition and red-flag name in its field's mask.
NAME_BITS: Mapping[str, Mapping[str, int]] = {
    field: {name: 1 << i for i, name in enumerate(vocabulary)}
    for field, vocabulary in (
        ("medications", MEDICATIONS),
        ("conditions", CONDITIONS),
        ("red_flags", RED_FLAGS),
    )
}
#: Yes/no fields as columns: 1 yes, 0 no, -1 not known.
YES, NO, NOT_KNOWN = 1, 0, -1


@dataclasses.dataclass(frozen=True)
class LabColumns:
    """One lab for every person: what its conditions read.

    ``present`` is false where no result was given (every other array is then ignored).
    ``possible`` has the bit of every band the result may lie in; ``value`` is the number as
    reported, in the unit of ``unit`` (an index into the analyte's UCUM codes); ``table``
    indexes ``tables_basis`` and ``tables_pregnancy``, one entry per table of the set.
    """

    present: Bools
    possible: npt.NDArray[np.uint8]
    value: npt.NDArray[np.float64]
    unit: npt.NDArray[np.int8]
    comparator: npt.NDArray[np.int8]
    table: npt.NDArray[np.int16]
    hemolyzed: Bools
    specimen: npt.NDArray[np.int8]
    decision_limits: Bools
    pregnancy_range: Bools

    def take(self, rows: slice) -> LabColumns:
        """The same columns for a block of rows (views, no copies)."""
        return dataclasses.replace(
            self,
            present=self.present[rows],
            possible=self.possible[rows],
            value=self.value[rows],
            unit=self.unit[rows],
            comparator=self.comparator[rows],
            table=self.table[rows],
            hemolyzed=self.hemolyzed[rows],
            specimen=self.specimen[rows],
        )


@dataclasses.dataclass(frozen=True)
class PersonColumns:
    """Everything but the labs, for every person: symptoms and context as codes.

    ``answers`` holds each yes/no context field as 1, 0 or -1 (not known); ``diet`` the
    index of the diet in :class:`~b12labs.Diet` or -1; ``names`` a bit mask per name field
    (:data:`NAME_BITS`); ``age`` the age in years or NaN.
    """

    symptoms: npt.NDArray[np.uint32]
    answers: Mapping[str, npt.NDArray[np.int8]]
    diet: npt.NDArray[np.int8]
    names: Mapping[str, npt.NDArray[np.uint64]]
    age: npt.NDArray[np.float64]

    def take(self, rows: slice) -> PersonColumns:
        return PersonColumns(
            self.symptoms[rows],
            {k: v[rows] for k, v in self.answers.items()},
            self.diet[rows],
            {k: v[rows] for k, v in self.names.items()},
            self.age[rows],
        )


@dataclasses.dataclass
class Verdicts:
    """What the engine concludes per person: ranks of the likelihoods and of the urgency."""

    likelihood: dict[Category, npt.NDArray[np.int8]]
    assessed: dict[Category, Bools]
    factors: npt.NDArray[np.uint8]
    urgency: npt.NDArray[np.int8] | None = None


@dataclasses.dataclass
class Block:
    """One block of rows while it is evaluated, with a memo of the conditions seen."""

    size: int
    labs: Mapping[Analyte, LabColumns]
    person: PersonColumns
    verdicts: Verdicts | None = None
    memo: dict[int, Bools] = dataclasses.field(default_factory=dict)

    def lab(self, analyte: Analyte) -> LabColumns | None:
        return self.labs.get(analyte)

    def none(self) -> Bools:
        return np.zeros(self.size, dtype=np.bool_)


_Form = Callable[[Any, Block], Bools]
_FORMS: dict[type[Condition], _Form] = {}


def column_form(*classes: type[Condition]) -> Callable[[_Form], None]:
    """Register the column form of condition classes (exact classes, not their subclasses)."""

    def register(function: _Form) -> None:
        for cls in classes:
            _FORMS[cls] = function

    return register


def bools(value: object) -> Bools:
    """numpy's stubs type many comparisons as Any; every column form returns booleans."""
    return cast("Bools", value)


def has_column_form(cls: type[Condition]) -> bool:
    """Whether the condition class has a column form of its own."""
    return cls in _FORMS


def holds(condition: Condition, block: Block) -> Bools:
    # keyed by identity: the rule book's conditions live as long as the book, and hashing
    # a frozen dataclass walks its whole tree on every call
    found = block.memo.get(id(condition))
    if found is None:
        found = _FORMS[type(condition)](condition, block)
        block.memo[id(condition)] = found
    return found
