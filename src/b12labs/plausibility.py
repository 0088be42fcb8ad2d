"""Plausibility: a number no serum sample can hold is refused before anything classifies it.

Each analyte's limits are cited chemistry in ``reference_ranges/analytes.toml`` (not range
data: a laboratory's range file cannot change them). A value outside them is a typo
(``"1.500 pg/mL"`` for 1,500) or a unit mix-up, never a critical result. A censored value is
implausible only when every value it allows is: ``">45 mmol/L"`` potassium is, ``"<50
pg/mL"`` B12 is not. Limits are inclusive and compared with the boundary tolerance, so a
unit round trip never moves a value across one.

Example:
    >>> from b12labs import Analyte
    >>> is_plausible(Analyte.potassium, 45.0, "mmol/L", None)
    False
    >>> is_plausible(Analyte.b12, 50.0, "pg/mL", "<")
    True
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .analytes import chemistry
from .enums import Analyte
from .errors import InvalidResultError
from .formatting import derived
from .units import factor

if TYPE_CHECKING:
    from .boundaries import PlausibleCuts

__all__ = ["check_plausible", "is_plausible", "plausible"]

#: Two numbers this close (relative) are the same limit (the ranges' boundary tolerance).
_REL_TOL = 1e-9


def _limits(analyte: Analyte, unit: str) -> tuple[float, float]:
    """The plausible interval in ``unit``."""
    limits = chemistry(analyte).plausible
    low = limits.low.value * factor(analyte, limits.low.unit, unit)
    high = limits.high.value * factor(analyte, limits.high.unit, unit)
    return low, high


def is_plausible(analyte: Analyte, value: float, unit: str, comparator: str | None) -> bool:
    """Whether some value the result allows lies within the analyte's plausible limits."""
    low, high = _limits(analyte, unit)

    def at_least(x: float, limit: float) -> bool:
        return x >= limit or math.isclose(x, limit, rel_tol=_REL_TOL)

    match comparator:
        case "<":  # [0, value): some of it is plausible when value is above the low limit
            return value > low and not math.isclose(value, low, rel_tol=_REL_TOL)
        case "<=":
            return at_least(value, low)
        case ">":
            return value < high and not math.isclose(value, high, rel_tol=_REL_TOL)
        case ">=":
            return at_least(high, value)
        case _:
            return at_least(value, low) and at_least(high, value)


def check_plausible(
    analyte: Analyte, value: float, unit: str, comparator: str | None, *, field: str = "value"
) -> None:
    """Refuse a result no serum sample can hold.

    Raises:
        InvalidResultError: code ``"implausible"``; the message gives the limits in the
            result's unit (never the value itself).
    """
    if is_plausible(analyte, value, unit, comparator):
        return
    chem = chemistry(analyte)
    low, high = _limits(analyte, unit)
    raise InvalidResultError(
        field,
        "implausible",
        f"outside what a serum sample can hold ({chem.label}: {derived(low)} to {derived(high)} "
        f"{chem.display_unit(unit)}); check the number and its unit",
    )


def plausible(analyte: Analyte, value: float, unit: str, comparator: str | None) -> bool:
    """:func:`is_plausible` for a UCUM code of the analyte, by its cut points: the same
    answer on every float (:mod:`b12labs.boundaries` finds them from this module's test)."""
    cuts = _CUTS.get((analyte, unit))
    if cuts is None:
        cuts = _cuts(analyte, unit)
    match comparator:
        case None:
            return cuts.exact_low <= value < cuts.exact_high
        case "<":
            return value >= cuts.less_low
        case "<=":
            return value >= cuts.exact_low
        case ">":
            return value < cuts.more_high
        case _:
            return value < cuts.exact_high


#: The cut points of each (analyte, UCUM code) met so far: data, as many as the units (the
#: look-up spares every result the import below, which costs more than the comparison).
_CUTS: dict[tuple[Analyte, str], PlausibleCuts] = {}


def _cuts(analyte: Analyte, unit: str) -> PlausibleCuts:
    from .boundaries import plausible_cuts  # boundaries builds on this module

    cuts = plausible_cuts(analyte, unit)
    if len(_CUTS) < _MAX_CUTS:
        _CUTS[analyte, unit] = cuts
    return cuts


_MAX_CUTS = 64  # more than every analyte's accepted units together
