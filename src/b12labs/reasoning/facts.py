"""What the rules look at: one person's classified labs, symptoms and context.

:class:`Facts` is built once per interpretation and never changes; the later phases of the
engine get a copy with the assessments (and then the urgency) filled in.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType

from ..analytes import chemistry
from ..context import Context
from ..enums import Analyte, Band, Category, Factor, Likelihood, Urgency
from ..formatting import derived, limits_beside, reported, span
from ..ranges import BandRange, RangeTable
from ..ranges.published import value_in
from ..results import LabResult
from ..symptoms import Symptom
from ..thresholds import all_thresholds
from ..units import factor

__all__ = ["Facts", "LabFact", "template_resolver"]


@dataclasses.dataclass(frozen=True, slots=True)
class LabFact:
    """One classified result: its band, every band it may lie in, and its table."""

    result: LabResult
    band: Band
    possible: tuple[Band, ...]
    table: RangeTable


_EMPTY: Mapping[Category, Likelihood] = MappingProxyType({})


@dataclasses.dataclass(frozen=True, slots=True)
class Facts:
    """Everything a rule condition may read."""

    labs: Mapping[Analyte, LabFact]
    symptoms: frozenset[Symptom]
    context: Context
    likelihoods: Mapping[Category, Likelihood] = dataclasses.field(default_factory=lambda: _EMPTY)
    factors: frozenset[Factor] = frozenset()
    urgency: Urgency | None = None

    def band(self, analyte: Analyte) -> Band | None:
        """The band of an analyte's result, or ``None`` when it was not measured."""
        lab = self.labs.get(analyte)
        return None if lab is None else lab.band

    def template_values(self) -> dict[str, str]:
        """Values rule texts may quote: ``{b12}``, ``{b12_band}``, ``{b12_normal}`` ...

        A result is quoted in its own unit and every limit in that unit too, so a sentence
        keeps to one unit family.
        """
        values: dict[str, str] = {}
        for analyte in self.labs:
            for suffix in _LAB_SUFFIXES:
                key = f"{analyte.value}{suffix}"
                found = self.template_value(key)
                if found is not None:
                    values[key] = found
        if self.context.age_years is not None:
            values["age"] = reported(self.context.age_years)
        for name in _threshold_values():
            found = self.template_value(name)
            assert found is not None
            values[name] = found
        return values

    def template_value(self, key: str) -> str | None:
        """One value of :meth:`template_values` (None where it has none), computed alone."""
        if key == "age":
            age = self.context.age_years
            return None if age is None else reported(age)
        analyte, _, part = key.partition("_")
        which = _ANALYTE_NAMES.get(analyte)
        lab = None if which is None else self.labs.get(which)
        if key in _threshold_values():
            about = next((a for a in self.labs if key.startswith(f"{a.value}_")), None)
            limit = all_thresholds()[key]
            if about is None or limit.unit not in chemistry(about).ucum_codes:
                return _threshold_values()[key]
            unit = self.labs[about].result.unit
            value = limit.value * factor(about, limit.unit, unit)
            return f"{derived(value)} {chemistry(about).display_unit(unit)}"
        if lab is None or which is None or (f"_{part}" not in _LAB_SUFFIXES and part):
            return None
        return _lab_value(which, lab, part)


_LAB_SUFFIXES = ("", "_band", "_band_text", "_normal", "_normal_low")
_ANALYTE_NAMES = {a.value: a for a in Analyte}


def _lab_value(analyte: Analyte, lab: LabFact, part: str) -> str | None:
    """``{b12}``, ``{b12_band}``, ``{b12_band_text}``, ``{b12_normal}`` or ``{b12_normal_low}``."""
    unit = lab.result.unit
    if part == "":
        shown = chemistry(analyte).display_unit(unit)
        return f"{lab.result.comparator or ''}{reported(lab.result.value)} {shown}"
    if part == "band":
        return " or ".join(b.value.replace("_", " ") for b in lab.possible)
    return _lab_limits(lab, part)


def _lab_limits(lab: LabFact, part: str) -> str | None:
    """``{b12_band_text}``, ``{b12_normal}`` or ``{b12_normal_low}``: the table's limits in
    the result's unit. They depend on the table and the unit only, so they are worked out
    once for each; only an exact result close enough to a limit that three figures would put
    it on the wrong side gets them written with more (:func:`~b12labs.formatting.limit`)."""
    result, table = lab.result, lab.table
    unit = result.unit
    possible = lab.possible if part == "band_text" else ()
    if result.comparator is None and _beside_a_rounded_limit(table, unit, result.value):
        return _table_text(table, unit, possible, part, beside=(result.value, lab.band))
    return _table_value(table, unit, possible, part)


#: Texts of :func:`_table_text` by (table identity, unit, bands, part); the table is kept
#: with them, so an identity is never reused while its entry lives. Bounded.
_TABLE_TEXTS: dict[tuple[int, str, tuple[Band, ...], str], tuple[RangeTable, str | None]] = {}


def _table_value(table: RangeTable, unit: str, possible: tuple[Band, ...], part: str) -> str | None:
    key = (id(table), unit, possible, part)
    found = _TABLE_TEXTS.get(key)
    if found is not None and found[0] is table:
        return found[1]
    if len(_TABLE_TEXTS) >= 4096:
        _TABLE_TEXTS.clear()
    text = _table_text(table, unit, possible, part)
    _TABLE_TEXTS[key] = (table, text)
    return text


#: Where three figures misplace a result, by (table identity, unit): for each limit in the
#: unit, the span between it and its three-figure text. Bounded, kept with the table.
_WINDOWS: dict[tuple[int, str], tuple[RangeTable, tuple[tuple[float, float], ...]]] = {}


def _beside_a_rounded_limit(table: RangeTable, unit: str, value: float) -> bool:
    """Whether ``value`` lies between one of the table's limits in ``unit`` and the limit's
    three-figure text (1.7 mg/dL and RCPA's 0.70 mmol/L, which is 1.7013 mg/dL)."""
    found = _WINDOWS.get((id(table), unit))
    if found is None or found[0] is not table:
        if len(_WINDOWS) >= 4096:
            _WINDOWS.clear()
        windows = []
        for band in table.bands[:-1]:
            assert band.high is not None  # every band but the last has an upper limit
            exact = value_in(band.high, table.analyte, unit)
            shown = float(derived(exact))
            if shown != exact:
                windows.append((min(exact, shown), max(exact, shown)))
        found = _WINDOWS[id(table), unit] = (table, tuple(windows))
    near = found[1]  # most tables have none in most units
    return bool(near) and any(low <= value <= high for low, high in near)


def _table_text(
    table: RangeTable,
    unit: str,
    possible: tuple[Band, ...],
    part: str,
    *,
    beside: tuple[float, Band] | None = None,
) -> str | None:
    """A table's limits as text in ``unit``: the bands ``possible`` may lie in, the normal
    band, or its lower limit; ``beside`` an exact result and its band, each limit is written
    so that the result reads on its own side of it."""
    analyte = table.analyte
    shown = chemistry(analyte).display_unit(unit)
    number: Callable[[float], str] = derived
    if beside is not None:
        value, own = beside
        # every band but the last ends at a limit between it and the next
        cuts = [
            (value_in(band.high, analyte, unit), band.high.inclusive)
            for band in table.bands
            if band.high is not None
        ]
        number = limits_beside(value, cuts, [band.band for band in table.bands].index(own))

    def limits(band: BandRange) -> str:
        low, high = band.low, band.high
        return span(
            None if low is None else value_in(low, analyte, unit),
            None if high is None else value_in(high, analyte, unit),
            low.inclusive if low else True,
            high.inclusive if high else True,
            number=number,
        )

    if part == "band_text":
        texts = [limits(band) for band in table.bands if band.band in possible]
        return " or ".join(f"{t} {shown}" for t in texts)
    if part == "normal":
        return f"{limits(table.normal)} {shown}"
    low = table.normal.low
    if low is None:
        return None
    return f"{number(value_in(low, analyte, unit))} {shown}"


#: How one template key is read from a person's facts (``None`` where it has none).
Resolver = Callable[[Facts], "str | None"]

#: The resolver of each template key a rule text quotes, made on first use (the keys are
#: the rule book's own words, so this stays as small as the book).
_RESOLVERS: dict[str, Resolver] = {}


def template_resolver(key: str) -> Resolver:
    """:meth:`Facts.template_value` for one key, with the key taken apart once rather than
    on every call: ``template_resolver(key)(facts) == facts.template_value(key)``.

    The common keys (``{b12}``, ``{b12_band}``, a table's limits) read the lab directly;
    ``{age}`` and the cited thresholds, rarer, go through :meth:`Facts.template_value`.
    """
    found = _RESOLVERS.get(key)
    if found is None:
        found = _RESOLVERS[key] = _resolver(key)
    return found


def _resolver(key: str) -> Resolver:
    analyte, _, part = key.partition("_")
    which = _ANALYTE_NAMES.get(analyte)
    if key == "age" or key in _threshold_values() or which is None:
        return lambda facts: facts.template_value(key)
    if f"_{part}" not in _LAB_SUFFIXES and part:
        return lambda facts: None
    if part == "":
        return functools.partial(_quoted_result, which)
    if part == "band":
        return functools.partial(_quoted_bands, which)
    return functools.partial(_quoted_limits, which, part)


def _quoted_result(analyte: Analyte, facts: Facts) -> str | None:
    """``{b12}``: the result as reported, in its own unit (as :func:`_lab_value` writes it)."""
    lab = facts.labs.get(analyte)
    if lab is None:
        return None
    result = lab.result
    return f"{result.comparator or ''}{reported(result.value)} {_shown(analyte, result.unit)}"


def _quoted_bands(analyte: Analyte, facts: Facts) -> str | None:
    """``{b12_band}``: every band the result may lie in."""
    lab = facts.labs.get(analyte)
    return None if lab is None else " or ".join(_BAND_WORDS[b] for b in lab.possible)


def _quoted_limits(analyte: Analyte, part: str, facts: Facts) -> str | None:
    """``{b12_band_text}``, ``{b12_normal}``, ``{b12_normal_low}``: limits of the table."""
    lab = facts.labs.get(analyte)
    return None if lab is None else _lab_limits(lab, part)


_BAND_WORDS = {band: band.value.replace("_", " ") for band in Band}


def _shown(analyte: Analyte, unit: str) -> str:
    """How a result's unit is shown: a look-up for every accepted UCUM code."""
    found = _shown_units().get((analyte, unit))
    return chemistry(analyte).display_unit(unit) if found is None else found


@functools.cache
def _shown_units() -> dict[tuple[Analyte, str], str]:
    return {
        (analyte, spec.ucum): chemistry(analyte).display_unit(spec.ucum)
        for analyte in Analyte
        for spec in chemistry(analyte).units
    }


@functools.cache
def _threshold_values() -> dict[str, str]:
    """Every cited threshold as text, for rule texts: ``{potassium_needs_ecg}`` -> ``6 mmol/L``."""
    return {name: f"{limit.value:g} {limit.unit}" for name, limit in all_thresholds().items()}
