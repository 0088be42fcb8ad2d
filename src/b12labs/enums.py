"""The public enumerations: their values are the wire format and never change.

``Likelihood`` and ``Urgency`` compare in the order their members are listed, not
alphabetically as a plain ``StrEnum`` would; equality and hashing stay those of the value.

Example:
    >>> from b12labs import Likelihood, Urgency
    >>> Likelihood.possible < Likelihood.likely
    True
    >>> max(Urgency.prompt, Urgency.routine)
    <Urgency.prompt: 'prompt'>
    >>> Likelihood.likely == "likely"
    True
"""

from __future__ import annotations

import enum
from typing import Self

from .errors import (
    B12LabsError,
    InvalidContextError,
    InvalidResultError,
    UnknownAnalyteError,
    UnknownCategoryError,
    UnknownSymptomError,
    UnknownValueError,
)

__all__ = [
    "Analyte",
    "Band",
    "Category",
    "Diet",
    "Factor",
    "Likelihood",
    "Urgency",
]


class LibraryEnum(enum.StrEnum):
    """A ``StrEnum`` whose lookup of an unknown value (``Urgency("soon")``) raises the
    library's own error, which lists the accepted values and never repeats the one given."""

    @classmethod
    def _missing_(cls, value: object) -> Self:
        raise refusal(cls)


def refusal(kind: type[enum.StrEnum]) -> B12LabsError:
    """The error for a value that is not one of ``kind``'s members."""
    fallback = (UnknownValueError, kind.__name__.lower(), "unknown_value")
    error, field, code = REFUSALS.get(kind.__name__, fallback)
    accepted = ", ".join(member.value for member in kind)
    return error(field, code, f"not one of the accepted values (accepted: {accepted})")


#: Which error an unknown value of each enumeration raises (by class name): field and code.
REFUSALS: dict[str, tuple[type[B12LabsError], str, str]] = {
    "Analyte": (UnknownAnalyteError, "analyte", "unknown_analyte"),
    "Band": (InvalidResultError, "band", "unknown_band"),
    "Category": (UnknownCategoryError, "category", "unknown_category"),
    "Diet": (InvalidContextError, "diet", "unknown_value"),
    "Symptom": (UnknownSymptomError, "symptoms", "unknown_symptom"),
}


class _OrderedStrEnum(LibraryEnum):
    """A ``StrEnum`` whose members order by position of definition."""

    @property
    def rank(self) -> int:
        """Position in definition order (0 for the first member)."""
        return _RANKS[self]

    @classmethod
    def _coerce(cls, other: object) -> Self:
        if isinstance(other, cls):
            return other
        if isinstance(other, str) and other in cls._value2member_map_:
            return cls(other)
        # comparing with anything else would silently fall back to alphabetical str order
        raise TypeError(
            f"cannot order {cls.__name__} against a value that is not one of its members"
        )

    def __lt__(self, other: object) -> bool:
        return self.rank < self._coerce(other).rank

    def __le__(self, other: object) -> bool:
        return self.rank <= self._coerce(other).rank

    def __gt__(self, other: object) -> bool:
        return self.rank > self._coerce(other).rank

    def __ge__(self, other: object) -> bool:
        return self.rank >= self._coerce(other).rank

    # defining ordering must not change equality or hashing: they stay the str value's
    __eq__ = str.__eq__
    __hash__ = str.__hash__


class Analyte(LibraryEnum):
    """The three measured substances."""

    b12 = "b12"
    potassium = "potassium"
    magnesium = "magnesium"


class Band(LibraryEnum):
    """Where a value falls against a population's reference bands.

    ``indeterminate`` is for a censored value (``"<300 pg/mL"``) whose possible values
    straddle more than one band; it never appears in a range file.
    """

    critical_low = "critical_low"
    low = "low"
    borderline_low = "borderline_low"
    normal = "normal"
    high = "high"
    critical_high = "critical_high"
    indeterminate = "indeterminate"


class Category(LibraryEnum):
    """The three pictures of the source article, in its order."""

    b12_deficiency = "b12_deficiency"
    b12_excess_injections = "b12_excess_injections"
    other_common_causes = "other_common_causes"


class Factor(LibraryEnum):
    """The specific causes named within ``Category.other_common_causes``."""

    dehydration = "dehydration"
    low_magnesium = "low_magnesium"
    low_potassium = "low_potassium"
    overexertion = "overexertion"
    medical_condition = "medical_condition"
    medication = "medication"


class Likelihood(_OrderedStrEnum):
    """How well the results fit a category; ordered ``unlikely < possible < likely``."""

    unlikely = "unlikely"
    possible = "possible"
    likely = "likely"


class Urgency(_OrderedStrEnum):
    """How soon to see a clinician; ordered ``routine < prompt < urgent``.

    ``urgent``: seek care now. ``prompt``: see a clinician within days. ``routine``: at the
    next convenient appointment.
    """

    routine = "routine"
    prompt = "prompt"
    urgent = "urgent"


class Diet(LibraryEnum):
    """Diet pattern, as far as it bears on B12 intake."""

    omnivore = "omnivore"
    vegetarian = "vegetarian"
    vegan = "vegan"


# Ranks looked up on every comparison; members hash as their string values.
_RANKS: dict[_OrderedStrEnum, int] = {
    member: position for kind in (Likelihood, Urgency) for position, member in enumerate(kind)
}
