"""Each analyte's chemistry, as cited data: canonical unit, molar mass, valence, units.

The numbers live in ``reference_ranges/analytes.toml``; this module validates them once,
on first use, and answers questions about them. It never imports pint.

Example:
    >>> from b12labs import Analyte
    >>> from b12labs.analytes import chemistry
    >>> chem = chemistry(Analyte.magnesium)
    >>> chem.molar_mass.value, chem.valence.value, chem.canonical_unit
    (24.305, 2, 'mmol/L')
    >>> chem.unit_spec("MG/DL").loinc
    '19123-9'
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, model_validator

from ._resources import RANGES_DIR, read_toml, validate_file
from .enums import Analyte
from .errors import ReferenceDataError, UnitError, UnknownAnalyteError
from .sources import bundled_sources

__all__ = [
    "Chemistry",
    "MolarMass",
    "UnitSpec",
    "Valence",
    "as_analyte",
    "chemistry",
    "normalise_unit_text",
]

_LOCK = threading.Lock()
_FILE = f"{RANGES_DIR}/analytes.toml"

# Both micro signs are the micro prefix, which UCUM spells "u"; only where a unit starts.
_MICRO_PREFIX = re.compile("(?<![A-Za-z])[\u00b5\u03bc]")
_MAX_UNIT_LENGTH = 40


def normalise_unit_text(text: str) -> str:
    """The form unit spellings are matched in: micro signs as ``u``, no spaces, lower case.

    Example:
        >>> normalise_unit_text(" \u00b5mol / L ")
        'umol/l'
    """
    return "".join(_MICRO_PREFIX.sub("u", text).split()).lower()


class UnitSpec(BaseModel):
    """One accepted unit of an analyte."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ucum: str = Field(description="UCUM code, case-sensitive, as written back to callers")
    spellings: tuple[str, ...] = Field(min_length=1)
    property: Literal["mass", "substance"]
    loinc: str = Field(pattern=r"^\d{1,7}-\d$")
    source: str


class MolarMass(BaseModel):
    """Molar mass in g/mol, with the substance it is the mass of."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: PositiveFloat
    unit: Literal["g/mol"]
    substance: str
    source: str


class Valence(BaseModel):
    """Charge number of the ion: milliequivalents = millimoles x valence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: PositiveInt
    source: str


class Chemistry(BaseModel):
    """What b12labs knows about one analyte's units and chemistry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    canonical_unit: str
    molar_mass: MolarMass | None = None
    valence: Valence | None = None
    units: tuple[UnitSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Chemistry:
        owners: dict[str, str] = {}
        for spec in self.units:
            for spelling in (spec.ucum, *spec.spellings):
                if owners.setdefault(normalise_unit_text(spelling), spec.ucum) != spec.ucum:
                    raise ValueError("a unit spelling is listed for two different units")
        if self.canonical_unit not in owners.values():
            raise ValueError("canonical_unit must be one of the accepted units")
        return self

    @functools.cached_property
    def spelling_index(self) -> dict[str, UnitSpec]:
        """Normalised spelling -> accepted unit."""
        return {
            normalise_unit_text(spelling): spec
            for spec in self.units
            for spelling in (spec.ucum, *spec.spellings)
        }

    @property
    def ucum_codes(self) -> tuple[str, ...]:
        """The accepted units' UCUM codes, in data-file order."""
        return tuple(spec.ucum for spec in self.units)

    def unit_spec(self, unit: str, *, field: str = "unit") -> UnitSpec:
        """The accepted unit a spelling stands for (case-insensitive, either micro sign).

        Raises:
            UnitError: the spelling is not an accepted unit of this analyte; the message
                lists the accepted UCUM codes and never repeats the input.
        """
        readable = isinstance(unit, str) and len(unit) <= _MAX_UNIT_LENGTH
        spec = self.spelling_index.get(normalise_unit_text(unit)) if readable else None
        if spec is None:
            raise self.unit_error(field)
        return spec

    def unit_error(self, field: str) -> UnitError:
        """The error for a unit that is not accepted; lists the accepted UCUM codes."""
        accepted = ", ".join(self.ucum_codes)
        return UnitError(
            field,
            "unit_not_accepted",
            f"unit is not accepted for {self.label} (accepted: {accepted})",
        )


class _ChemistryFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1]
    analytes: dict[Analyte, Chemistry]


@functools.cache
def _load() -> dict[Analyte, Chemistry]:
    parsed = validate_file(_ChemistryFile, read_toml(_FILE), _FILE)
    known = bundled_sources()
    for analyte in Analyte:
        chem = parsed.analytes.get(analyte)
        if chem is None:
            raise ReferenceDataError(
                f"{_FILE}: analytes", "missing", f"no chemistry for {analyte.value}"
            )
        cited = [spec.source for spec in chem.units]
        cited += [part.source for part in (chem.molar_mass, chem.valence) if part is not None]
        if any(source_id not in known for source_id in cited):
            raise ReferenceDataError(
                f"{_FILE}: analytes.{analyte.value}",
                "unknown_source",
                "cites a source id not in sources.toml",
            )
    return dict(parsed.analytes)


def as_analyte(value: object, *, field: str = "analyte") -> Analyte:
    """An :class:`Analyte` from itself or its string value.

    Raises:
        UnknownAnalyteError: anything else; the message lists the accepted values.
    """
    if isinstance(value, Analyte):
        return value
    if isinstance(value, str) and value.strip().lower() in Analyte._value2member_map_:
        return Analyte(value.strip().lower())
    accepted = ", ".join(member.value for member in Analyte)
    raise UnknownAnalyteError(field, "unknown_analyte", f"not an analyte (accepted: {accepted})")


def chemistry(analyte: Analyte | str) -> Chemistry:
    """The cited chemistry of one analyte (loaded and validated on first use)."""
    with _LOCK:
        table = _load()
    found = table.get(cast("Analyte", analyte)) if isinstance(analyte, str) else None
    return found if found is not None else table[as_analyte(analyte)]
