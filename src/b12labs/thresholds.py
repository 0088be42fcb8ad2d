"""Clinical thresholds the reasoning uses besides the range bands, as cited data.

They live in ``reference_ranges/thresholds.toml``; each has a value, a unit, what it means
and a source id.

Example:
    >>> from b12labs.thresholds import threshold
    >>> t = threshold("older_age")
    >>> t.value, t.unit, t.source
    (65.0, 'years', 'nice-ng239-context')
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._models import FrozenModel, validate_file
from ._packaged import RANGES_DIR, load_once, read_toml
from .errors import ReferenceDataError
from .sources import require_bundled

__all__ = ["Threshold", "all_thresholds", "threshold"]

_FILE = f"{RANGES_DIR}/thresholds.toml"


class Threshold(FrozenModel):
    """One cited threshold."""

    value: float = Field(allow_inf_nan=False)
    unit: str
    meaning: str
    source: str


class _ThresholdsFile(FrozenModel):
    schema_version: Literal[1]
    thresholds: dict[str, Threshold]


@load_once
def _load() -> dict[str, Threshold]:
    parsed = validate_file(_ThresholdsFile, read_toml(_FILE), _FILE)
    for name, item in parsed.thresholds.items():
        require_bundled([item.source], where=f"{_FILE}: thresholds.{name}.source")
    return dict(parsed.thresholds)


def threshold(name: str) -> Threshold:
    """The bundled threshold with this name.

    Raises:
        ReferenceDataError: no such threshold.
    """
    found = _load().get(name)
    if found is None:
        raise ReferenceDataError(_FILE, "unknown_threshold", "no threshold with this name")
    return found


def all_thresholds() -> dict[str, Threshold]:
    """Every bundled threshold by name (a fresh dict; the thresholds are frozen)."""
    return dict(_load())
