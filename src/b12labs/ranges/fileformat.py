"""The range-file format: its shape, and turning a parsed file into band tables.

:class:`RangeFileSpec` is the file as written (``reference_ranges/schema.json`` is generated
from it). Boundaries cite sources by id and give units as spelled; :func:`tables_from_file`
resolves the ids against the bundled catalogue plus the file's own ``[sources]`` (the same
:class:`~b12labs.sources.SourceTable` the catalogue is read with), writes units back as UCUM
codes, and runs :func:`~.checks.check_tables` once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator

from .._models import FrozenModel, validate_file
from ..analytes import chemistry
from ..enums import Analyte, Band
from ..errors import B12LabsError
from ..sources import SOURCE_ID_PATTERN, Source, SourceTable, bundled_sources_view
from .checks import check_tables, fail
from .published import BandRange, Basis, Bound, Equivalent, Interval, RangeTable, When

__all__ = ["RangeFileSpec", "tables_from_file"]

#: Strict types for the file format: ``value = true`` or ``value = "0.7"`` is a mistake in
#: a range file, not something to coerce.
_StrictBool = Annotated[bool, Field(strict=True)]


class _EquivalentSpec(FrozenModel):
    value: float = Field(ge=0, allow_inf_nan=False, strict=True)
    unit: str

    @field_validator("value")
    @classmethod
    def _no_negative_zero(cls, value: float) -> float:
        return value + 0.0  # -0.0 is 0.0: a boundary has one sign


class _BoundSpec(FrozenModel):
    value: float = Field(ge=0, allow_inf_nan=False, strict=True)
    unit: str
    inclusive: _StrictBool
    source: str = Field(pattern=SOURCE_ID_PATTERN)
    also: list[_EquivalentSpec] = Field(
        default_factory=list,
        max_length=1,
        description=(
            "the same limit as the source also printed it in a unit of the other property "
            "(mass or substance concentration); results in that property are compared with it"
        ),
    )

    @field_validator("value")
    @classmethod
    def _no_negative_zero(cls, value: float) -> float:
        return value + 0.0  # -0.0 is 0.0: a boundary has one sign


class _BandSpec(FrozenModel):
    band: Literal["critical_low", "low", "borderline_low", "normal", "high", "critical_high"]
    low: _BoundSpec | None = None
    high: _BoundSpec | None = None


class _IntervalSpec(FrozenModel):
    low: _BoundSpec | None = None
    high: _BoundSpec | None = None


class _PopulationSpec(FrozenModel):
    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    label: str = Field(min_length=1)
    default: _StrictBool = False
    when: When = When()
    note: str | None = None
    basis: Basis = "reference_interval"
    reference_interval: _IntervalSpec | None = None
    bands: list[_BandSpec] = Field(min_length=1)


class RangeFileSpec(SourceTable):
    """The shape of one range file, as written (``reference_ranges/schema.json``)."""

    model_config = ConfigDict(title="b12labs range file")

    schema_version: Literal[1]
    analyte: Analyte
    version: str | None = Field(
        default=None, description="the laboratory's own version of this file"
    )
    populations: list[_PopulationSpec] = Field(min_length=1)
    sources: dict[str, Source] = Field(default_factory=dict)


def tables_from_file(data: object, file: str) -> tuple[Analyte, tuple[RangeTable, ...], str | None]:
    """A parsed range file's analyte, checked tables and version.

    Raises:
        ReferenceDataError: the file's shape, a source, a unit or a band is wrong; the field
            starts with ``file``.
    """
    spec = validate_file(RangeFileSpec, data, file)
    catalogue = _catalogue(spec, file)
    tables = tuple(
        _table(population, spec.analyte, catalogue, file, f"populations[{index}]")
        for index, population in enumerate(spec.populations)
    )
    check_tables(
        spec.analyte,
        tables,
        file=file,
        where="populations[{index}]",
        whole="populations",
    )
    return spec.analyte, tables, spec.version


def _catalogue(spec: RangeFileSpec, file: str) -> dict[str, Source]:
    catalogue = dict(bundled_sources_view())  # a copy: the file's own sources are added
    for key, own in spec.sources.items():
        if key in catalogue:
            message = "a bundled source already has this id; give the lab's source its own id"
            raise fail(file, f"sources.{key}", "duplicate_source", message)
        catalogue[key] = own
    return catalogue


def _bound(
    spec: _BoundSpec, analyte: Analyte, catalogue: Mapping[str, Source], file: str, where: str
) -> Bound:
    source = catalogue.get(spec.source)
    if source is None:
        message = "cites a source id that is not defined"
        raise fail(file, f"{where}.source", "unknown_source", message)
    also = tuple(
        Equivalent(value=form.value, unit=_unit(form.unit, analyte, file, f"{where}.also[{i}]"))
        for i, form in enumerate(spec.also)
    )
    unit = _unit(spec.unit, analyte, file, where)
    return Bound(value=spec.value, unit=unit, inclusive=spec.inclusive, source=source, also=also)


def _unit(spelling: str, analyte: Analyte, file: str, where: str) -> str:
    try:
        return chemistry(analyte).unit_spec(spelling).ucum
    except B12LabsError:
        message = "unit is not accepted for this analyte"
        raise fail(file, f"{where}.unit", "unit_not_accepted", message) from None


def _table(
    population: _PopulationSpec,
    analyte: Analyte,
    catalogue: Mapping[str, Source],
    file: str,
    where: str,
) -> RangeTable:
    def bound(spec: _BoundSpec | None, here: str) -> Bound | None:
        return None if spec is None else _bound(spec, analyte, catalogue, file, here)

    bands = tuple(
        BandRange(
            band=Band(band.band),
            low=bound(band.low, f"{where}.bands[{index}].low"),
            high=bound(band.high, f"{where}.bands[{index}].high"),
        )
        for index, band in enumerate(population.bands)
    )
    interval = population.reference_interval
    return RangeTable(
        analyte=analyte,
        population=population.id,
        label=population.label,
        default=population.default,
        when=population.when,
        note=population.note,
        basis=population.basis,
        reference_interval=None
        if interval is None
        else Interval(
            low=bound(interval.low, f"{where}.reference_interval.low"),
            high=bound(interval.high, f"{where}.reference_interval.high"),
        ),
        bands=bands,
    )
