"""Range tables as published: populations, bands and boundaries in the units of their source.

A :class:`RangeTable` is one population's bands for one analyte, from 0 to infinity; each
:class:`Bound` keeps the value, the unit and the source it was published with, so a result
is compared in the unit a limit was written in. The canonical-unit view of a table, which
reports carry, is in :mod:`.canonical`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .._models import FrozenModel
from ..analytes import chemistry
from ..enums import Analyte, Band
from ..formatting import span
from ..sources import Source
from ..units import factor

__all__ = [
    "DAYS_PER_YEAR",
    "AgeLimits",
    "BandRange",
    "Basis",
    "Bound",
    "Equivalent",
    "Interval",
    "RangeTable",
    "When",
    "age_in_days",
    "table_band",
    "value_in",
]

_DAYS_PER_UNIT = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}
#: Days in a year of age, as :meth:`AgeLimits.contains` converts an age.
DAYS_PER_YEAR = _DAYS_PER_UNIT["years"]


def age_in_days(age_years: float) -> float:
    """An age in years as days, rounded to a millionth of a day: an age given as a fraction
    of a year (``7 / 365.25``) comes back to its whole days, so a week-old baby is 7 days
    old, not 6.9999999. The column evaluator rounds the same way (``np.rint``)."""
    days = age_years * DAYS_PER_YEAR
    return round(days * 1e6) / 1e6 if abs(days) < 1e9 else days


def table_band(band: Band) -> Band:
    """A band a table can hold: ``indeterminate`` is a classification, never a band."""
    if band is Band.indeterminate:
        raise ValueError("indeterminate is not a band of a range table")
    return band


class AgeLimits(FrozenModel):
    """An age interval: ``min`` inclusive, ``max`` exclusive, both in ``unit``."""

    min: float | None = Field(default=None, ge=0, allow_inf_nan=False, strict=True)
    max: float | None = Field(default=None, gt=0, allow_inf_nan=False, strict=True)
    unit: Literal["days", "weeks", "months", "years"] = "years"

    def contains(self, age_years: float) -> bool:
        """Whether an age in years lies in ``[min, max)``."""
        days = age_in_days(age_years)
        low, high = self.in_days()
        if low is not None and days < low:
            return False
        return high is None or days < high

    def in_days(self) -> tuple[float | None, float | None]:
        """``min`` and ``max`` in days, the unit :meth:`contains` compares in."""
        per = _DAYS_PER_UNIT[self.unit]
        return (
            None if self.min is None else self.min * per,
            None if self.max is None else self.max * per,
        )


class When(FrozenModel):
    """Who a population's bands apply to; every given criterion must match."""

    age: AgeLimits | None = None
    pregnant: bool | None = Field(default=None, strict=True)
    trimester: Literal[1, 2, 3] | None = None

    @field_validator("trimester", mode="before")
    @classmethod
    def _whole_number(cls, value: object) -> object:
        if value is not None and type(value) is not int:  # not true, 1.0 or "1"
            raise ValueError("trimester must be 1, 2 or 3")
        return value

    def matches(
        self, *, age_years: float | None, pregnant: bool | None, trimester: int | None
    ) -> bool:
        """Whether a person matches; an unknown fact never matches a criterion on it."""
        if self.age is not None and (age_years is None or not self.age.contains(age_years)):
            return False
        if self.pregnant is not None and pregnant is not self.pregnant:
            return False
        return self.trimester is None or trimester == self.trimester


class Equivalent(FrozenModel):
    """The same limit as its source also printed it, in a unit of the other property
    (NICE's 180 ng/L is also printed as 133 pmol/L)."""

    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


class Bound(FrozenModel):
    """One end of a band: a value in a unit, whether the band includes it, and its source.

    ``also`` holds the figure the source printed in a unit of the other property (mass
    against substance concentration), if it printed one. A result is compared with the
    figure printed in its own property, so a source's rounding of its own conversion cannot
    move a result across the limit (research notes section 8): with NICE's
    ``180 ng/L`` / ``133 pmol/L``, a result of 132.9 pmol/L is below the limit although it
    converts to 180.1 ng/L.
    """

    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str
    inclusive: bool
    source: Source
    also: tuple[Equivalent, ...] = ()

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"

    def published_in(self, analyte: Analyte, unit: str) -> tuple[float, str]:
        """The figure to compare a value in ``unit`` (an accepted UCUM code) with: the one
        printed in ``unit``, else the one printed in a unit of the same property, else the
        bound's own value and unit. Within one property units convert exactly (a power of
        ten, or a whole valence), so only the property decides.

        Example:
            >>> from b12labs import Analyte, RangeSet
            >>> table = RangeSet.default().select(Analyte.b12, age_years=50).table
            >>> limit = table.band(Band.low).high
            >>> limit.published_in(Analyte.b12, "pmol/L"), limit.published_in(Analyte.b12, "pg/mL")
            ((133.0, 'pmol/L'), (180.0, 'ng/L'))
        """
        if not self.also or unit == self.unit:
            return self.value, self.unit
        figures = [(self.value, self.unit), *((form.value, form.unit) for form in self.also)]
        properties = chemistry(analyte).properties
        wanted = properties.get(unit)
        return next(
            (f for f in figures if f[1] == unit),
            next((f for f in figures if properties.get(f[1]) == wanted), figures[0]),
        )


class BandRange(FrozenModel):
    """One band of a population: values between ``low`` and ``high``.

    ``low`` is ``None`` for the first band (it starts at 0, inclusive) and ``high`` is
    ``None`` for the last (it runs to infinity).
    """

    band: Band
    low: Bound | None = None
    high: Bound | None = None

    @field_validator("band")
    @classmethod
    def _not_indeterminate(cls, band: Band) -> Band:
        return table_band(band)

    @property
    def text(self) -> str:
        """The band as a person would write it: ``"3.5-5.3 mmol/L"``, ``"<180 ng/L"``."""
        low, high = self.low, self.high
        if low is not None and high is not None and low.unit != high.unit:
            return f"{low} to {high}"
        text = span(
            None if low is None else low.value,
            None if high is None else high.value,
            low.inclusive if low else True,
            high.inclusive if high else True,
            number=lambda value: f"{value:g}",
        )
        given = high if high is not None else low
        return text if given is None else f"{text} {given.unit}"


def value_in(bound: Bound, analyte: Analyte, unit: str) -> float:
    """A bound's figure in ``unit``: the one printed in that unit's property, converted.

    Example:
        >>> from b12labs import Analyte, RangeSet
        >>> table = RangeSet.default().select(Analyte.b12, age_years=50).table
        >>> value_in(table.band(Band.low).high, Analyte.b12, "pmol/L")
        133.0
    """
    value, published = bound.published_in(analyte, unit)
    return value if published == unit else value * factor(analyte, published, unit)


#: What a population's normal band rests on (see :class:`RangeTable`).
Basis = Literal["reference_interval", "decision_limits"]


class Interval(FrozenModel):
    """An interval as published, for printing beside a table's bands (not a band itself)."""

    low: Bound | None = None
    high: Bound | None = None

    @property
    def text(self) -> str:
        """``"180-914 ng/L"``, ``">=3.5 mmol/L"``."""
        return BandRange(band=Band.normal, low=self.low, high=self.high).text

    @property
    def sources(self) -> tuple[Source, ...]:
        """The distinct sources of its limits."""
        cited = [bound.source for bound in (self.low, self.high) if bound is not None]
        return tuple({s.id: s for s in cited}.values())


class RangeTable(FrozenModel):
    """One population's bands for one analyte, in order from 0 to infinity.

    ``basis`` says what the normal band rests on: ``"reference_interval"`` (the central
    range of a healthy population, as laboratories print it: a value below it is unusual,
    not by itself a deficiency) or ``"decision_limits"`` (a guideline's cut-offs, such as
    NICE NG239's for B12). Beside decision limits, ``reference_interval`` holds the interval
    a laboratory would print.
    """

    analyte: Analyte
    population: str
    label: str
    default: bool = False
    when: When = When()
    note: str | None = None
    basis: Basis = "reference_interval"
    reference_interval: Interval | None = None
    bands: tuple[BandRange, ...]

    @property
    def normal(self) -> BandRange:
        """The ``normal`` band (every table has one)."""
        return next(b for b in self.bands if b.band is Band.normal)

    def band(self, band: Band) -> BandRange | None:
        """The band with this name, or ``None`` when the population has no such band."""
        return next((b for b in self.bands if b.band is band), None)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every distinct source the table cites, in boundary order."""
        seen: dict[str, Source] = {}
        for band in self.bands:
            for bound in (band.low, band.high):
                if bound is not None:
                    seen.setdefault(bound.source.id, bound.source)
        return tuple(seen.values())
