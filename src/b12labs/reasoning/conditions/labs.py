"""Conditions on the lab results: bands, thresholds, the table a result was read against."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from typing import Literal

from ...enums import Analyte, Band
from ...ranges import BOUNDARY_REL_TOL, Basis
from ...thresholds import threshold
from ...units import factor
from ..facts import Facts
from .base import Condition, words

__all__ = [
    "BandBasis",
    "Censored",
    "Hemolyzed",
    "Lab",
    "LabAtLeast",
    "LabBelow",
    "LabCouldBe",
    "LabMissing",
    "Measured",
    "MeasuredIn",
    "PregnancyRange",
    "Straddles",
]


@dataclasses.dataclass(frozen=True)
class _BandCondition(Condition):
    analyte: Analyte
    bands: frozenset[Band]

    def __init__(self, analyte: Analyte, bands: Iterable[Band]) -> None:
        object.__setattr__(self, "analyte", analyte)
        object.__setattr__(self, "bands", frozenset(bands))


class Lab(_BandCondition):
    """The analyte was measured and lies in ``bands`` for certain.

    For an exact value: its band is one of ``bands``. For a censored value (``"<3.0"``):
    every band it may lie in is one of ``bands``.
    """

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and self.bands.issuperset(lab.possible)

    def describe(self) -> str:
        return f"{self.analyte.value} is {words(b.value for b in self.bands)}"


class LabCouldBe(_BandCondition):
    """The analyte was measured and may lie in one of ``bands`` (censored values)."""

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and not self.bands.isdisjoint(lab.possible)

    def describe(self) -> str:
        return f"{self.analyte.value} is or may be {words(b.value for b in self.bands)}"


@dataclasses.dataclass(frozen=True)
class LabAtLeast(Condition):
    """The analyte is known to be at or above a cited threshold from ``thresholds.toml``.

    A censored ``<`` or ``<=`` value is never known to be above anything; ``>`` and ``>=``
    values count when their bound is at or above the threshold.
    """

    analyte: Analyte
    threshold: str

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        if lab is None or lab.result.comparator in ("<", "<="):
            return False
        limit = threshold(self.threshold)
        value = lab.result.value * factor(self.analyte, lab.result.unit, limit.unit)
        return value >= limit.value or math.isclose(value, limit.value, rel_tol=BOUNDARY_REL_TOL)

    def describe(self) -> str:
        limit = threshold(self.threshold)
        return f"{self.analyte.value} is at least {limit.value:g} {limit.unit}"


@dataclasses.dataclass(frozen=True)
class LabBelow(Condition):
    """The analyte is known to be below a cited threshold from ``thresholds.toml`` (at or
    below it when ``inclusive``, for a threshold its source gives as "up to and including").

    A censored ``>`` or ``>=`` value is never known to be below anything; ``<`` and ``<=``
    values count when their bound is at or below the threshold.
    """

    analyte: Analyte
    threshold: str
    inclusive: bool = False

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        if lab is None or lab.result.comparator in (">", ">="):
            return False
        limit = threshold(self.threshold)
        value = lab.result.value * factor(self.analyte, lab.result.unit, limit.unit)
        on_limit = math.isclose(value, limit.value, rel_tol=BOUNDARY_REL_TOL)
        if self.inclusive or lab.result.comparator in ("<", "<="):
            return value < limit.value or on_limit
        return value < limit.value and not on_limit

    def describe(self) -> str:
        limit = threshold(self.threshold)
        relation = "at or below" if self.inclusive else "below"
        return f"{self.analyte.value} is {relation} {limit.value:g} {limit.unit}"


@dataclasses.dataclass(frozen=True)
class Straddles(Condition):
    """The analyte's censored result may lie in more than one band (``indeterminate``)."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and len(lab.possible) > 1

    def describe(self) -> str:
        return f"the {self.analyte.value} result could lie in more than one band"


@dataclasses.dataclass(frozen=True)
class BandBasis(Condition):
    """The analyte was classified against a table of this basis.

    ``"decision_limits"``: a guideline's cut-offs (NICE's B12 limits), so a low value means
    the condition is likely; ``"reference_interval"``: a healthy population's range, whose
    lower limit is not by itself a deficiency cut-off.
    """

    analyte: Analyte
    basis: Basis

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.table.basis == self.basis

    def describe(self) -> str:
        return f"the {self.analyte.value} bands used are {self.basis.replace('_', ' ')}"


@dataclasses.dataclass(frozen=True)
class PregnancyRange(Condition):
    """The analyte was classified against a pregnancy population's table."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.table.when.pregnant is True

    def describe(self) -> str:
        return f"the {self.analyte.value} range used is a pregnancy range"


@dataclasses.dataclass(frozen=True)
class Measured(Condition):
    """The analyte was measured."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        return self.analyte in facts.labs

    def describe(self) -> str:
        return f"a {self.analyte.value} result is given"


@dataclasses.dataclass(frozen=True)
class LabMissing(Condition):
    """The analyte was not measured."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        return self.analyte not in facts.labs

    def describe(self) -> str:
        return f"no {self.analyte.value} result is given"


@dataclasses.dataclass(frozen=True)
class Hemolyzed(Condition):
    """The analyte's sample was flagged as haemolysed."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.result.hemolyzed

    def describe(self) -> str:
        return f"the {self.analyte.value} sample is haemolysed"


@dataclasses.dataclass(frozen=True)
class MeasuredIn(Condition):
    """The analyte was measured in this specimen (serum or plasma)."""

    analyte: Analyte
    specimen: Literal["serum", "plasma"]

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.result.specimen == self.specimen

    def describe(self) -> str:
        return f"{self.analyte.value} was measured in {self.specimen}"


@dataclasses.dataclass(frozen=True)
class Censored(Condition):
    """The analyte's result is censored (``"<150"``)."""

    analyte: Analyte

    def holds(self, facts: Facts) -> bool:
        lab = facts.labs.get(self.analyte)
        return lab is not None and lab.result.comparator is not None

    def describe(self) -> str:
        return f"the {self.analyte.value} result is censored (<, <=, > or >=)"
