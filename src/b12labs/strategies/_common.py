"""What the strategies share: argument checks, the result classes, and plausible intervals.

Everything here reads the library's public API and data (:func:`b12labs.chemistry`,
:func:`b12labs.convert`, :meth:`b12labs.RangeSet.default`), so a limit, a unit or a source
added to the data is followed without a change here.

Example:
    >>> from b12labs import Analyte
    >>> plausible_limits(Analyte.potassium, "mmol/L")
    (0.5, 30.0)
    >>> low, high = plausible_interval(Analyte.potassium, "mmol/L", "<")
    >>> low > 0.5 and high == 30.0
    True
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from hypothesis import strategies as st

from .. import (
    Analyte,
    B12Result,
    Band,
    InvalidResultError,
    LabResult,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    ReferenceDataError,
    UnknownAnalyteError,
    chemistry,
    convert,
)

__all__ = [
    "BAND_NAMES",
    "CLASSES",
    "COMPARATORS",
    "LIMIT_MARGIN",
    "AnalyteArg",
    "Comparator",
    "analytes",
    "bundled_source_ids",
    "checked_flag",
    "plausible_interval",
    "plausible_limits",
    "spaces",
]

AnalyteArg: TypeAlias = Analyte | str | None
Comparator: TypeAlias = Literal["<", "<=", ">=", ">"]
COMPARATORS: tuple[Comparator, ...] = ("<", "<=", ">", ">=")

CLASSES: dict[Analyte, type[LabResult]] = {
    Analyte.b12: B12Result,
    Analyte.potassium: PotassiumResult,
    Analyte.magnesium: MagnesiumResult,
}

#: The band names a range file may use, in table order (``indeterminate`` is no table band).
BAND_NAMES: tuple[str, ...] = tuple(band.value for band in Band if band is not Band.indeterminate)

#: Relative distance kept from a plausibility limit where the limit is an open end: ``"<20"``
#: allows nothing plausible when 20 is the low limit, and the library counts a value within
#: a relative 1e-9 of a limit as on it. A unit conversion moves a value by about 1e-16.
LIMIT_MARGIN = 1e-8


def analytes(analyte: object) -> tuple[Analyte, ...]:
    """The analytes a strategy draws: all three for ``None``, else the one named.

    Raises:
        UnknownAnalyteError: ``analyte`` is neither an :class:`~b12labs.Analyte` nor its value.
    """
    if analyte is None:
        return tuple(Analyte)
    if isinstance(analyte, Analyte):
        return (analyte,)
    if isinstance(analyte, str) and str.__str__(analyte) in Analyte._value2member_map_:
        return (Analyte(str.__str__(analyte)),)
    accepted = ", ".join(member.value for member in Analyte)
    raise UnknownAnalyteError(
        "analyte", "unknown_analyte", f"not an analyte (accepted: {accepted})"
    )


def checked_flag(
    value: object, name: str, error: type[InvalidResultError | ReferenceDataError]
) -> bool:
    """A strategy's boolean argument; anything else is refused like any bad input (code
    ``"invalid"``, as docs/errors.md lists it for both error classes)."""
    if not isinstance(value, bool):
        raise error(name, "invalid", f"{name} must be True or False")
    return value


def plausible_limits(analyte: Analyte, unit: str) -> tuple[float, float]:
    """The analyte's plausibility limits (api.md section 7, inclusive) in ``unit``."""
    limits = chemistry(analyte).plausible
    low = convert(limits.low.value, limits.low.unit, unit, analyte=analyte)
    high = convert(limits.high.value, limits.high.unit, unit, analyte=analyte)
    return low, high


def plausible_interval(
    analyte: Analyte, unit: str, comparator: Comparator | None
) -> tuple[float, float]:
    """The values a result with ``comparator`` may carry and still be plausible, in ``unit``.

    The limits are inclusive, so an exact value (``None``), ``"<="`` and ``">="`` may sit
    on them. ``"<x"`` allows only values below ``x`` and ``">x"`` only values above it, so
    there the open end is kept a relative :data:`LIMIT_MARGIN` inside.
    """
    low, high = plausible_limits(analyte, unit)
    if comparator == "<":
        low *= 1 + LIMIT_MARGIN
    elif comparator == ">":
        high *= 1 - LIMIT_MARGIN
    return low, high


def bundled_source_ids(analyte: Analyte) -> list[str]:
    """The ids of the sources the bundled ranges of ``analyte`` cite."""
    return sorted({s.id for table in RangeSet.default().tables(analyte) for s in table.sources})


def spaces(*, tabs: bool = True) -> st.SearchStrategy[str]:
    """The blanks lab text may hold at its ends and between its parts: none, spaces, tabs."""
    return st.sampled_from(["", " ", "  ", "\t", " \t"] if tabs else ["", " ", "  "])
