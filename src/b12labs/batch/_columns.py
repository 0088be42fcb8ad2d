"""The column evaluator: the one rule book of :mod:`b12labs.reasoning`, run over whole columns.

Every condition class has a *column form* here: the same predicate as its ``holds()``, over
arrays with one entry per person. The engine below it is :func:`b12labs.reasoning.evaluate`
restated for columns: each category's likelihood is the highest level a matching rule raises
it to, no higher than the lowest cap; the urgency is the highest level reached. It reads the
same :data:`~b12labs.reasoning.RULE_BOOK` as ``interpret()``; no clinical knowledge lives
here, and ``tests/batch/test_columns.py`` fails when a condition class has no column form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from ..analytes import chemistry
from ..boundaries import threshold_cuts
from ..enums import Analyte, Band, Category, Diet, Factor, Likelihood, Urgency
from ..reasoning import RULE_BOOK, RuleBook
from ..reasoning.conditions import (
    AgeAtLeast,
    AgeBelow,
    AllOf,
    Always,
    AnyOf,
    Assessed,
    AtLeast,
    BandBasis,
    Censored,
    Condition,
    DietIn,
    FactorNamed,
    Has,
    HasSymptom,
    Hemolyzed,
    Lab,
    LabAtLeast,
    LabBelow,
    LabCouldBe,
    LabMissing,
    Measured,
    MeasuredIn,
    No,
    Not,
    NotKnown,
    PregnancyRange,
    RedFlag,
    Straddles,
    Takes,
    UrgencyIs,
    Yes,
)
from ..reasoning.rules import Cap, Escalate, Implicate, Raise
from ..symptoms import Symptom
from ..thresholds import threshold
from ..vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS

__all__ = [
    "BAND_BIT",
    "COMPARATORS",
    "NAME_BITS",
    "SPECIMENS",
    "SYMPTOM_BIT",
    "LabColumns",
    "PersonColumns",
    "Verdicts",
    "column_form",
    "evaluate_columns",
    "has_column_form",
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
class _Block:
    """One block of rows while it is evaluated, with a memo of the conditions seen."""

    size: int
    labs: Mapping[Analyte, LabColumns]
    person: PersonColumns
    verdicts: Verdicts | None = None
    memo: dict[Condition, Bools] = dataclasses.field(default_factory=dict)

    def lab(self, analyte: Analyte) -> LabColumns | None:
        return self.labs.get(analyte)

    def none(self) -> Bools:
        return np.zeros(self.size, dtype=np.bool_)


_Form = Callable[[Any, _Block], Bools]
_FORMS: dict[type[Condition], _Form] = {}


def column_form(*classes: type[Condition]) -> Callable[[_Form], None]:
    """Register the column form of condition classes (exact classes, not their subclasses)."""

    def register(function: _Form) -> None:
        for cls in classes:
            _FORMS[cls] = function

    return register


def _bools(value: object) -> Bools:
    """numpy's stubs type many comparisons as Any; every column form returns booleans."""
    return cast("Bools", value)


def has_column_form(cls: type[Condition]) -> bool:
    """Whether the condition class has a column form of its own."""
    return cls in _FORMS


def _holds(condition: Condition, block: _Block) -> Bools:
    found = block.memo.get(condition)
    if found is None:
        found = _FORMS[type(condition)](condition, block)
        block.memo[condition] = found
    return found


# --- combinations ---------------------------------------------------------------------------


@column_form(Always)
def _always(condition: Always, block: _Block) -> Bools:
    return np.ones(block.size, dtype=np.bool_)


@column_form(AllOf)
def _all_of(condition: AllOf, block: _Block) -> Bools:
    parts = iter(condition.parts)
    result = _holds(next(parts), block).copy()
    for part in parts:
        result &= _holds(part, block)
    return result


@column_form(AnyOf)
def _any_of(condition: AnyOf, block: _Block) -> Bools:
    parts = iter(condition.parts)
    result = _holds(next(parts), block).copy()
    for part in parts:
        result |= _holds(part, block)
    return result


@column_form(AtLeast)
def _at_least(condition: AtLeast, block: _Block) -> Bools:
    count = np.zeros(block.size, dtype=np.int16)
    for part in condition.parts:
        count += _holds(part, block)
    return _bools(count >= condition.count)


@column_form(Not)
def _not(condition: Not, block: _Block) -> Bools:
    return ~_holds(condition.part, block)


# --- labs -----------------------------------------------------------------------------------


def _mask(bands: frozenset[Band]) -> np.uint8:
    return np.uint8(sum(BAND_BIT[b] for b in bands))


@column_form(Lab)
def _lab(condition: Lab, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    outside = np.bitwise_not(_mask(condition.bands))
    return _bools(lab.present & ((lab.possible & outside) == 0))


@column_form(LabCouldBe)
def _lab_could_be(condition: LabCouldBe, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    return _bools(lab.present & ((lab.possible & _mask(condition.bands)) != 0))


def _threshold_cuts(analyte: Analyte, name: str) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """A threshold's cut points in every unit of the analyte, indexed by unit code."""
    units = chemistry(analyte).ucum_codes
    cuts = [threshold_cuts(name, analyte, unit) for unit in units]
    return np.array([c.on for c in cuts]), np.array([c.above for c in cuts])


@column_form(LabAtLeast)
def _lab_at_least(condition: LabAtLeast, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    on, _ = _threshold_cuts(condition.analyte, condition.threshold)
    bounded_above = (lab.comparator == 1) | (lab.comparator == 2)  # "<" and "<="
    return _bools(lab.present & ~bounded_above & (lab.value >= on[lab.unit]))


@column_form(LabBelow)
def _lab_below(condition: LabBelow, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    on, above = _threshold_cuts(condition.analyte, condition.threshold)
    bounded_above = (lab.comparator == 1) | (lab.comparator == 2)
    bounded_below = (lab.comparator == 3) | (lab.comparator == 4)
    below = np.where(bounded_above, lab.value < above[lab.unit], lab.value < on[lab.unit])
    return _bools(lab.present & ~bounded_below & below)


@column_form(Straddles)
def _straddles(condition: Straddles, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    single = (lab.possible & (lab.possible - np.uint8(1))) == 0  # one bit set
    return _bools(lab.present & ~single)


@column_form(BandBasis)
def _band_basis(condition: BandBasis, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    decision = lab.decision_limits[lab.table]
    return _bools(lab.present & (decision if condition.basis == "decision_limits" else ~decision))


@column_form(PregnancyRange)
def _pregnancy_range(condition: PregnancyRange, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present & lab.pregnancy_range[lab.table]


@column_form(Measured)
def _measured(condition: Measured, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present


@column_form(LabMissing)
def _lab_missing(condition: LabMissing, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    return ~block.none() if lab is None else ~lab.present


@column_form(Hemolyzed)
def _hemolyzed(condition: Hemolyzed, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present & lab.hemolyzed


@column_form(MeasuredIn)
def _measured_in(condition: MeasuredIn, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    return _bools(lab.present & (lab.specimen == SPECIMENS.index(condition.specimen)))


@column_form(Censored)
def _censored(condition: Censored, block: _Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present & (lab.comparator != 0)


# --- the person -----------------------------------------------------------------------------


@column_form(HasSymptom)
def _has_symptom(condition: HasSymptom, block: _Block) -> Bools:
    bits = np.uint32(sum(SYMPTOM_BIT[s] for s in condition.symptoms))
    return _bools((block.person.symptoms & bits) != 0)


@column_form(Yes, No, NotKnown)
def _answer(condition: Yes, block: _Block) -> Bools:
    code = {True: YES, False: NO, None: NOT_KNOWN}[condition.answer]
    return _bools(block.person.answers[condition.field] == code)


@column_form(DietIn)
def _diet_in(condition: DietIn, block: _Block) -> Bools:
    diets = list(Diet)
    wanted = np.array([d in condition.diets for d in diets] + [False])  # -1: not known
    return _bools(wanted[block.person.diet])


@column_form(Takes, Has, RedFlag)
def _named(condition: Takes, block: _Block) -> Bools:
    bits = NAME_BITS[condition.field]
    wanted = np.uint64(sum(bits[name] for name in condition.names))
    return _bools((block.person.names[condition.field] & wanted) != 0)


@column_form(AgeAtLeast)
def _age_at_least(condition: AgeAtLeast, block: _Block) -> Bools:
    # NaN (not known) compares false, as "age is not None and ..." does
    return _bools(block.person.age >= threshold(condition.threshold).value)


@column_form(AgeBelow)
def _age_below(condition: AgeBelow, block: _Block) -> Bools:
    return _bools(block.person.age < threshold(condition.threshold).value)


# --- what earlier phases concluded ------------------------------------------------------------


def _verdicts(block: _Block) -> Verdicts:
    if block.verdicts is None:  # the book's own check keeps phase-1 conditions out of phase 0
        raise RuntimeError("a condition read the assessments before they were made")
    return block.verdicts


@column_form(Assessed)
def _assessed(condition: Assessed, block: _Block) -> Bools:
    return _bools(_verdicts(block).likelihood[condition.category] >= condition.at_least.rank)


@column_form(FactorNamed)
def _factor_named(condition: FactorNamed, block: _Block) -> Bools:
    return _bools(_verdicts(block).factors != 0)


@column_form(UrgencyIs)
def _urgency_is(condition: UrgencyIs, block: _Block) -> Bools:
    urgency = _verdicts(block).urgency
    if urgency is None:
        raise RuntimeError("a condition read the urgency before it was decided")
    return _bools(urgency == list(Urgency).index(condition.level))


# --- the engine -----------------------------------------------------------------------------

_FACTOR_BIT = {factor: np.uint8(1 << i) for i, factor in enumerate(Factor)}
_UNLIKELY, _LIKELY = Likelihood.unlikely.rank, Likelihood.likely.rank


def _block_verdicts(block: _Block, book: RuleBook) -> Verdicts:
    likelihoods: dict[Category, npt.NDArray[np.int8]] = {}
    assessed: dict[Category, Bools] = {}
    factors = np.zeros(block.size, dtype=np.uint8)
    for table in book.categories:
        floor = np.full(block.size, _UNLIKELY, dtype=np.int8)
        ceiling = np.full(block.size, _LIKELY, dtype=np.int8)
        matched = block.none()
        for rule in table.rules:
            holds = _holds(rule.when, block)
            matched |= holds
            for effect in rule.effects:
                if isinstance(effect, Raise):
                    np.maximum(floor, np.where(holds, effect.to.rank, _UNLIKELY), out=floor)
                elif isinstance(effect, Cap):
                    np.minimum(ceiling, np.where(holds, effect.at.rank, _LIKELY), out=ceiling)
                elif isinstance(effect, Implicate):
                    factors |= np.where(holds, _FACTOR_BIT[effect.factor], np.uint8(0))
        likelihoods[table.category] = np.minimum(floor, ceiling)
        assessed[table.category] = matched
    verdicts = Verdicts(likelihoods, assessed, factors)
    block.verdicts = verdicts
    urgency = np.zeros(block.size, dtype=np.int8)  # routine
    levels = list(Urgency)
    for rule in book.urgency:
        holds = _holds(rule.when, block)
        for effect in rule.effects:
            if isinstance(effect, Escalate):
                level = np.int8(levels.index(effect.to))
                np.maximum(urgency, np.where(holds, level, np.int8(0)), out=urgency)
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
        block = _Block(
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
