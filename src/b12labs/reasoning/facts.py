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
        for analyte, lab in self.labs.items():
            chem = chemistry(analyte)
            unit = lab.result.unit
            shown = chem.display_unit(unit)

            def limits(band: BandRange, analyte: Analyte = analyte, unit: str = unit) -> str:
                low, high = band.low, band.high
                return span(
                    None if low is None else low.value * factor(analyte, low.unit, unit),
                    None if high is None else high.value * factor(analyte, high.unit, unit),
                    low.inclusive if low else True,
                    high.inclusive if high else True,
                )

            texts = [limits(band) for band in lab.table.bands if band.band in lab.possible]
            values[analyte.value] = (
                f"{lab.result.comparator or ''}{reported(lab.result.value)} {shown}"
            )
            values[f"{analyte.value}_band"] = " or ".join(
                b.value.replace("_", " ") for b in lab.possible
            )
            values[f"{analyte.value}_band_text"] = " or ".join(f"{t} {shown}" for t in texts)
            values[f"{analyte.value}_normal"] = f"{limits(lab.table.normal)} {shown}"
            low = lab.table.normal.low
            if low is not None:
                value = low.value * factor(analyte, low.unit, unit)
                values[f"{analyte.value}_normal_low"] = f"{derived(value)} {shown}"
        if self.context.age_years is not None:
            values["age"] = f"{self.context.age_years:g}"
        values.update(_threshold_values())
        # a threshold about a measured analyte is quoted in that result's unit
        for name, limit in all_thresholds().items():
            about = next((a for a in self.labs if name.startswith(f"{a.value}_")), None)
            if about is not None and limit.unit in chemistry(about).ucum_codes:
                unit = self.labs[about].result.unit
                value = limit.value * factor(about, limit.unit, unit)
                values[name] = f"{derived(value)} {chemistry(about).display_unit(unit)}"
        return values


@functools.cache
def _threshold_values() -> dict[str, str]:
    """Every cited threshold as text, for rule texts: ``{potassium_needs_ecg}`` -> ``6 mmol/L``."""
    return {name: f"{limit.value:g} {limit.unit}" for name, limit in all_thresholds().items()}
