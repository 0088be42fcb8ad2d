"""The column form of every condition class: the same predicate as its ``holds()``, over
whole columns.

Each form reads :class:`~._columns.LabColumns` and :class:`~._columns.PersonColumns` the
way ``holds()`` reads one person's facts, so the column evaluator needs no clinical
knowledge of its own; ``tests/batch/test_columns.py`` fails when a condition class has none.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..analytes import chemistry
from ..boundaries import threshold_cuts
from ..enums import Analyte, Band, Diet, Urgency
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
from ..thresholds import threshold
from ._columns import (
    BAND_BIT,
    NAME_BITS,
    NO,
    NOT_KNOWN,
    SPECIMENS,
    SYMPTOM_BIT,
    YES,
    Block,
    Bools,
    Verdicts,
    bools,
    column_form,
    holds,
)

__all__: list[str] = []  # importing the module registers the forms


# --- combinations ---------------------------------------------------------------------------


@column_form(Always)
def _always(condition: Always, block: Block) -> Bools:
    return np.ones(block.size, dtype=np.bool_)


@column_form(AllOf)
def _all_of(condition: AllOf, block: Block) -> Bools:
    parts = iter(condition.parts)
    result = holds(next(parts), block).copy()
    for part in parts:
        result &= holds(part, block)
    return result


@column_form(AnyOf)
def _any_of(condition: AnyOf, block: Block) -> Bools:
    parts = iter(condition.parts)
    result = holds(next(parts), block).copy()
    for part in parts:
        result |= holds(part, block)
    return result


@column_form(AtLeast)
def _at_least(condition: AtLeast, block: Block) -> Bools:
    count = np.zeros(block.size, dtype=np.int16)
    for part in condition.parts:
        count += holds(part, block)
    return bools(count >= condition.count)


@column_form(Not)
def _not(condition: Not, block: Block) -> Bools:
    return ~holds(condition.part, block)


# --- labs -----------------------------------------------------------------------------------


def _mask(bands: frozenset[Band]) -> np.uint8:
    return np.uint8(sum(BAND_BIT[b] for b in bands))


@column_form(Lab)
def _lab(condition: Lab, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    outside = np.bitwise_not(_mask(condition.bands))
    return bools(lab.present & ((lab.possible & outside) == 0))


@column_form(LabCouldBe)
def _lab_could_be(condition: LabCouldBe, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    return bools(lab.present & ((lab.possible & _mask(condition.bands)) != 0))


def _threshold_cuts(analyte: Analyte, name: str) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """A threshold's cut points in every unit of the analyte, indexed by unit code."""
    units = chemistry(analyte).ucum_codes
    cuts = [threshold_cuts(name, analyte, unit) for unit in units]
    return np.array([c.on for c in cuts]), np.array([c.above for c in cuts])


@column_form(LabAtLeast)
def _lab_at_least(condition: LabAtLeast, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    on, _ = _threshold_cuts(condition.analyte, condition.threshold)
    bounded_above = (lab.comparator == 1) | (lab.comparator == 2)  # "<" and "<="
    return bools(lab.present & ~bounded_above & (lab.value >= on[lab.unit]))


@column_form(LabBelow)
def _lab_below(condition: LabBelow, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    on, above = _threshold_cuts(condition.analyte, condition.threshold)
    bounded_above = (lab.comparator == 1) | (lab.comparator == 2)
    bounded_below = (lab.comparator == 3) | (lab.comparator == 4)
    if condition.inclusive:  # on the threshold counts, whatever the comparator
        return bools(lab.present & ~bounded_below & (lab.value < above[lab.unit]))
    below = np.where(bounded_above, lab.value < above[lab.unit], lab.value < on[lab.unit])
    return bools(lab.present & ~bounded_below & below)


@column_form(Straddles)
def _straddles(condition: Straddles, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    single = (lab.possible & (lab.possible - np.uint8(1))) == 0  # one bit set
    return bools(lab.present & ~single)


@column_form(BandBasis)
def _band_basis(condition: BandBasis, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    decision = lab.decision_limits[lab.table]
    return bools(lab.present & (decision if condition.basis == "decision_limits" else ~decision))


@column_form(PregnancyRange)
def _pregnancy_range(condition: PregnancyRange, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present & lab.pregnancy_range[lab.table]


@column_form(Measured)
def _measured(condition: Measured, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present


@column_form(LabMissing)
def _lab_missing(condition: LabMissing, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    return ~block.none() if lab is None else ~lab.present


@column_form(Hemolyzed)
def _hemolyzed(condition: Hemolyzed, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present & lab.hemolyzed


@column_form(MeasuredIn)
def _measured_in(condition: MeasuredIn, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    if lab is None:
        return block.none()
    return bools(lab.present & (lab.specimen == SPECIMENS.index(condition.specimen)))


@column_form(Censored)
def _censored(condition: Censored, block: Block) -> Bools:
    lab = block.lab(condition.analyte)
    return block.none() if lab is None else lab.present & (lab.comparator != 0)


# --- the person -----------------------------------------------------------------------------


@column_form(HasSymptom)
def _has_symptom(condition: HasSymptom, block: Block) -> Bools:
    bits = np.uint32(sum(SYMPTOM_BIT[s] for s in condition.symptoms))
    return bools((block.person.symptoms & bits) != 0)


@column_form(Yes, No, NotKnown)
def _answer(condition: Yes, block: Block) -> Bools:
    code = {True: YES, False: NO, None: NOT_KNOWN}[condition.answer]
    return bools(block.person.answers[condition.field] == code)


@column_form(DietIn)
def _diet_in(condition: DietIn, block: Block) -> Bools:
    diets = list(Diet)
    wanted = np.array([d in condition.diets for d in diets] + [False])  # -1: not known
    return bools(wanted[block.person.diet])


@column_form(Takes, Has, RedFlag)
def _named(condition: Takes, block: Block) -> Bools:
    bits = NAME_BITS[condition.field]
    wanted = np.uint64(sum(bits[name] for name in condition.names))
    return bools((block.person.names[condition.field] & wanted) != 0)


@column_form(AgeAtLeast)
def _age_at_least(condition: AgeAtLeast, block: Block) -> Bools:
    # NaN (not known) compares false, as "age is not None and ..." does
    return bools(block.person.age >= threshold(condition.threshold).value)


@column_form(AgeBelow)
def _age_below(condition: AgeBelow, block: Block) -> Bools:
    return bools(block.person.age < threshold(condition.threshold).value)


# --- what earlier phases concluded ------------------------------------------------------------


def _verdicts(block: Block) -> Verdicts:
    if block.verdicts is None:  # the book's own check keeps phase-1 conditions out of phase 0
        raise RuntimeError("a condition read the assessments before they were made")
    return block.verdicts


@column_form(Assessed)
def _assessed(condition: Assessed, block: Block) -> Bools:
    return bools(_verdicts(block).likelihood[condition.category] >= condition.at_least.rank)


@column_form(FactorNamed)
def _factor_named(condition: FactorNamed, block: Block) -> Bools:
    return bools(_verdicts(block).factors != 0)


@column_form(UrgencyIs)
def _urgency_is(condition: UrgencyIs, block: Block) -> Bools:
    urgency = _verdicts(block).urgency
    if urgency is None:
        raise RuntimeError("a condition read the urgency before it was decided")
    return bools(urgency == list(Urgency).index(condition.level))
