"""What the rules look at: one person's classified labs, symptoms and context.

:class:`Facts` is built once per interpretation and never changes; the later phases of the
engine get a copy with the assessments (and then the urgency) filled in.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from types import MappingProxyType

from ..analytes import chemistry
from ..context import Context
from ..enums import Analyte, Band, Category, Factor, Likelihood, Urgency
from ..formatting import derived, reported, span
from ..ranges import BandRange, RangeTable
from ..results import LabResult
from ..symptoms import Symptom
from ..thresholds import all_thresholds
from ..units import factor

__all__ = ["Facts", "LabFact"]


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
            values["age"] = f"{self.context.age_years:g}"
        for name in _threshold_values():
            found = self.template_value(name)
            assert found is not None
            values[name] = found
        return values

    def template_value(self, key: str) -> str | None:
        """One value of :meth:`template_values` (None where it has none), computed alone."""
        if key == "age":
            age = self.context.age_years
            return None if age is None else f"{age:g}"
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
    chem = chemistry(analyte)
    unit = lab.result.unit
    shown = chem.display_unit(unit)

    def limits(band: BandRange) -> str:
        low, high = band.low, band.high
        return span(
            None if low is None else low.value * factor(analyte, low.unit, unit),
            None if high is None else high.value * factor(analyte, high.unit, unit),
            low.inclusive if low else True,
            high.inclusive if high else True,
        )

    if part == "":
        return f"{lab.result.comparator or ''}{reported(lab.result.value)} {shown}"
    if part == "band":
        return " or ".join(b.value.replace("_", " ") for b in lab.possible)
    if part == "band_text":
        texts = [limits(band) for band in lab.table.bands if band.band in lab.possible]
        return " or ".join(f"{t} {shown}" for t in texts)
    if part == "normal":
        return f"{limits(lab.table.normal)} {shown}"
    low = lab.table.normal.low
    if low is None:
        return None
    return f"{derived(low.value * factor(analyte, low.unit, unit))} {shown}"


@functools.cache
def _threshold_values() -> dict[str, str]:
    """Every cited threshold as text, for rule texts: ``{potassium_needs_ecg}`` -> ``6 mmol/L``."""
    return {name: f"{limit.value:g} {limit.unit}" for name, limit in all_thresholds().items()}
