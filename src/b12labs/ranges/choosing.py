"""Choosing a person's population, compiled: each table's ``when`` as plain numbers.

:class:`Chooser` holds one analyte's tables with their criteria read out once (age limits
in days, pregnancy, trimester), so choosing a population is a few float and identity
comparisons instead of attribute reads through the tables' models. It makes exactly the
choice :meth:`~b12labs.ranges.When.matches` tried in file order makes (a property test
checks this), and shares the warning-free :class:`RangeSelection` of each table.
"""

from __future__ import annotations

from typing import NamedTuple

from .published import RangeTable, age_in_days

__all__ = ["Chooser", "Criterion", "RangeSelection"]


class RangeSelection(NamedTuple):
    """The table chosen for a person, and what was assumed to choose it."""

    table: RangeTable
    warnings: tuple[str, ...]


class Criterion(NamedTuple):
    """A table's ``when`` as plain values, with its warning-free selection."""

    has_age: bool
    low_days: float | None
    high_days: float | None
    pregnant: bool | None
    trimester: int | None
    plain: RangeSelection

    @classmethod
    def of(cls, table: RangeTable) -> Criterion:
        """The criterion of a table, read once."""
        when, age = table.when, table.when.age
        low, high = (None, None) if age is None else age.in_days()
        return cls(
            age is not None, low, high, when.pregnant, when.trimester, RangeSelection(table, ())
        )


class Chooser:
    """One analyte's tables, ready to choose from.

    Example:
        >>> from b12labs import Analyte, RangeSet
        >>> chooser = Chooser(RangeSet.default().tables(Analyte.b12))
        >>> chooser.choose(50.0, None, None).table.population
        'adult'
        >>> chooser.choose(None, True, 2).table.population
        'pregnancy_t2'
        >>> chooser.choose(None, None, None) is None  # no age: no criterion on age matches
        True
    """

    __slots__ = ("criteria",)

    def __init__(self, tables: tuple[RangeTable, ...]) -> None:
        self.criteria = tuple(Criterion.of(table) for table in tables)

    def choose(
        self, age_years: float | None, pregnant: bool | None, trimester: int | None
    ) -> RangeSelection | None:
        """The first table whose criteria all match, as a selection without warnings (the
        caller adds any), or ``None``; an unknown fact never matches a criterion on it."""
        days = None if age_years is None else age_in_days(age_years)
        for has_age, low, high, wants_pregnant, wants_trimester, plain in self.criteria:
            if has_age and (
                days is None
                or (low is not None and days < low)
                or not (high is None or days < high)
            ):
                continue
            if wants_pregnant is not None and pregnant is not wants_pregnant:
                continue
            if wants_trimester is not None and trimester != wants_trimester:
                continue
            return plain
        return None
