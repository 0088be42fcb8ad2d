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
from typing import Literal

from pydantic import Field, PositiveFloat, PositiveInt, model_validator

from ._models import FrozenModel, validate_file
from ._packaged import RANGES_DIR, load_once, read_toml
from ._untrusted import plain_text
from .enums import Analyte
from .errors import ReferenceDataError, UnitError, UnknownAnalyteError
from .sources import require_bundled

__all__ = [
    "Chemistry",
    "MolarMass",
    "PlausibleLimit",
    "PlausibleRange",
    "UnitSpec",
    "Valence",
    "as_analyte",
    "chemistry",
    "normalise_unit_text",
]

_FILE = f"{RANGES_DIR}/analytes.toml"

#: Both micro signs are the micro prefix, which UCUM spells "u"; only where a unit starts
#: (after a digit, a space or "/"). Shared with :mod:`b12labs.parsing`.
_MICRO_PREFIX = re.compile("(?<![A-Za-z])[\u00b5\u03bc]")
_MAX_UNIT_LENGTH = 40


def normalise_unit_text(text: str) -> str:
    """The form unit spellings are matched in: micro signs as ``u``, no spaces or tabs at
    the ends, lower case. Spaces inside a unit are kept, so ``"pg / mL"`` matches nothing.

    Example:
        >>> normalise_unit_text(" \u00b5mol/L\t")
        'umol/l'
    """
    return _MICRO_PREFIX.sub("u", text).strip(" \t").lower()


class UnitSpec(FrozenModel):
    """One accepted unit of an analyte.

    ``ucum`` is the case-sensitive code data carries (``meq/L``); ``display`` is how people
    usually write it (``mEq/L``), used only in text meant for reading.
    """

    ucum: str = Field(description="UCUM code, case-sensitive, as written back to callers")
    display: str | None = Field(default=None, description="the unit as people write it")
    spellings: tuple[str, ...] = Field(min_length=1)
    property: Literal["mass", "substance"]
    loinc: str = Field(pattern=r"^\d{1,7}-\d$")
    source: str


class MolarMass(FrozenModel):
    """Molar mass in g/mol, with the substance it is the mass of."""

    value: PositiveFloat
    unit: Literal["g/mol"]
    substance: str
    source: str


class Valence(FrozenModel):
    """Charge number of the ion: milliequivalents = millimoles x valence."""

    value: PositiveInt
    source: str


class PlausibleLimit(FrozenModel):
    """One plausibility limit: a value in an accepted unit, with its source."""

    value: PositiveFloat
    unit: str
    source: str

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


class PlausibleRange(FrozenModel):
    """The values a serum sample can hold; anything outside is refused as ``implausible``.

    Both limits are inclusive. ``note`` says where the sources end and the project's own
    margin begins.
    """

    low: PlausibleLimit
    high: PlausibleLimit
    note: str


class Chemistry(FrozenModel):
    """What b12labs knows about one analyte's units and chemistry."""

    label: str
    canonical_unit: str
    molar_mass: MolarMass | None = None
    valence: Valence | None = None
    units: tuple[UnitSpec, ...] = Field(min_length=1)
    plausible: PlausibleRange

    @model_validator(mode="after")
    def _consistent(self) -> Chemistry:
        owners: dict[str, str] = {}
        for spec in self.units:
            for spelling in (spec.ucum, *spec.spellings):
                if owners.setdefault(normalise_unit_text(spelling), spec.ucum) != spec.ucum:
                    raise ReferenceDataError(
                        "units", "duplicate_spelling", "a unit spelling is listed for two units"
                    )
        if self.canonical_unit not in owners.values():
            raise ReferenceDataError(
                "canonical_unit", "not_accepted", "canonical_unit must be an accepted unit"
            )
        if {self.plausible.low.unit, self.plausible.high.unit} - set(owners.values()):
            raise ReferenceDataError(
                "plausible", "not_accepted", "plausibility limits must use accepted UCUM codes"
            )
        return self

    @functools.cached_property
    def spelling_index(self) -> dict[str, UnitSpec]:
        """Normalised spelling -> accepted unit."""
        return {
            normalise_unit_text(spelling): spec
            for spec in self.units
            for spelling in (spec.ucum, *spec.spellings)
        }

    @functools.cached_property
    def properties(self) -> dict[str, str]:
        """Accepted UCUM code -> the property it measures (``"mass"`` or ``"substance"``)."""
        return {spec.ucum: spec.property for spec in self.units}

    def display_unit(self, ucum: str) -> str:
        """How people write an accepted unit (``mEq/L`` for ``meq/L``); the code otherwise."""
        spec = self.spelling_index.get(normalise_unit_text(ucum))
        return ucum if spec is None else spec.display or spec.ucum

    @property
    def ucum_codes(self) -> tuple[str, ...]:
        """The accepted units' UCUM codes, in data-file order."""
        return tuple(spec.ucum for spec in self.units)

    def unit_spec(self, unit: object, *, field: str = "unit") -> UnitSpec:
        """The accepted unit a spelling stands for (case-insensitive, either micro sign).

        Raises:
            UnitError: the spelling is not an accepted unit of this analyte; the message
                lists the accepted UCUM codes and never repeats the input.
        """
        # a caller's str subclass is copied to a plain str: its own methods are never called
        text = plain_text(unit)
        readable = text is not None and len(text) <= _MAX_UNIT_LENGTH
        spec = self.spelling_index.get(normalise_unit_text(text)) if text and readable else None
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


class _ChemistryFile(FrozenModel):
    schema_version: Literal[1]
    analytes: dict[Analyte, Chemistry]


@load_once
def _load() -> dict[Analyte, Chemistry]:
    parsed = validate_file(_ChemistryFile, read_toml(_FILE), _FILE)
    for analyte in Analyte:
        chem = parsed.analytes.get(analyte)
        if chem is None:
            raise ReferenceDataError(
                f"{_FILE}: analytes", "missing", f"no chemistry for {analyte.value}"
            )
        cited = [spec.source for spec in chem.units]
        cited += [part.source for part in (chem.molar_mass, chem.valence) if part is not None]
        cited += [chem.plausible.low.source, chem.plausible.high.source]
        require_bundled(cited, where=f"{_FILE}: analytes.{analyte.value}")
    return dict(parsed.analytes)


def as_analyte(value: object, *, field: str = "analyte") -> Analyte:
    """An :class:`Analyte` from itself or its string value.

    Raises:
        UnknownAnalyteError: anything else; the message lists the accepted values.
    """
    if isinstance(value, Analyte):
        return value
    text = plain_text(value)  # never a caller's str-subclass methods
    if text is not None and len(text) <= _MAX_UNIT_LENGTH:
        key = text.strip().lower()
        if key in Analyte._value2member_map_:
            return Analyte(key)
    accepted = ", ".join(member.value for member in Analyte)
    raise UnknownAnalyteError(field, "unknown_analyte", f"not an analyte (accepted: {accepted})")


def chemistry(analyte: Analyte | str) -> Chemistry:
    """The cited chemistry of one analyte (loaded and validated on first use)."""
    table = _load()
    if type(analyte) is Analyte:
        return table[analyte]
    return table[as_analyte(analyte)]
