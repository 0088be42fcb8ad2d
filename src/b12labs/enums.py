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

__all__ = [
    "Analyte",
    "Band",
    "Category",
    "Diet",
    "Factor",
    "Likelihood",
    "Urgency",
]


class _OrderedStrEnum(enum.StrEnum):
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


class Analyte(enum.StrEnum):
    """The three measured substances."""

    b12 = "b12"
    potassium = "potassium"
    magnesium = "magnesium"


class Band(enum.StrEnum):
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


class Category(enum.StrEnum):
    """The three pictures of the source article, in its order."""

    b12_deficiency = "b12_deficiency"
    b12_excess_injections = "b12_excess_injections"
    other_common_causes = "other_common_causes"


class Factor(enum.StrEnum):
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


class Diet(enum.StrEnum):
    """Diet pattern, as far as it bears on B12 intake."""

    omnivore = "omnivore"
    vegetarian = "vegetarian"
    vegan = "vegan"


# Ranks looked up on every comparison; members hash as their string values.
_RANKS: dict[_OrderedStrEnum, int] = {
    member: position for kind in (Likelihood, Urgency) for position, member in enumerate(kind)
}
