"""What the rules look at: one person's classified labs, symptoms and context.

:class:`Facts` is built once per interpretation and never changes; the later phases of the
engine get a copy with the assessments (and then the urgency) filled in.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from types import MappingProxyType

from ..context import Context
from ..enums import Analyte, Band, Category, Likelihood, Urgency
from ..ranges import RangeTable
from ..results import LabResult
from ..symptoms import Symptom
from ..thresholds import all_thresholds

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
    older_age: bool
    likelihoods: Mapping[Category, Likelihood] = dataclasses.field(default_factory=lambda: _EMPTY)
    urgency: Urgency | None = None

    def band(self, analyte: Analyte) -> Band | None:
        """The band of an analyte's result, or ``None`` when it was not measured."""
        lab = self.labs.get(analyte)
        return None if lab is None else lab.band

    def template_values(self) -> dict[str, str]:
        """Values rule texts may quote: ``{b12}``, ``{b12_band}``, ``{b12_normal}`` ..."""
        values: dict[str, str] = {}
        for analyte, lab in self.labs.items():
            texts = [band.text for band in lab.table.bands if band.band in lab.possible]
            values[analyte.value] = str(lab.result)
            values[f"{analyte.value}_band"] = " or ".join(
                b.value.replace("_", " ") for b in lab.possible
            )
            values[f"{analyte.value}_band_text"] = " or ".join(texts)
            values[f"{analyte.value}_normal"] = lab.table.normal.text
        if self.context.age_years is not None:
            values["age"] = f"{self.context.age_years:g}"
        values.update(_threshold_values())
        return values


@functools.cache
def _threshold_values() -> dict[str, str]:
    """Every cited threshold as text, for rule texts: ``{potassium_needs_ecg}`` -> ``6 mmol/L``."""
    return {name: f"{limit.value:g} {limit.unit}" for name, limit in all_thresholds().items()}
