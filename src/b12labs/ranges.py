"""Reference ranges as cited data: load, validate, and select a population's band table.

A range file (one per analyte, TOML; format in ``docs/reference-data.md`` and
``reference_ranges/schema.json``) lists populations; each population lists its bands from 0
to infinity. Every boundary names its unit and cites a source. On load the file is checked:
bands in order, no gap, no overlap, accepted units, known sources, exactly one default
population. Any problem is a :class:`~b12labs.ReferenceDataError` naming the file and field.

Example:
    >>> from b12labs import Analyte, RangeSet
    >>> ranges = RangeSet.default()
    >>> table = ranges.select(Analyte.potassium, age_years=40).table
    >>> table.population, table.normal.text
    ('adult', '3.5-5.3 mmol/L')
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import ConfigDict, Field, ValidationError, field_validator

from ._models import FrozenModel, location, pydantic_message, safe_name
from ._packaged import RANGES_DIR, data_version, load_once, read_toml
from .analytes import as_analyte, chemistry
from .context import coerce_context
from .enums import Analyte, Band
from .errors import B12LabsError, ReferenceDataError
from .sources import SOURCE_ID_PATTERN, Source, bundled_sources_view
from .units import factor

__all__ = [
    "AgeLimits",
    "BandLimits",
    "BandRange",
    "Basis",
    "Bound",
    "Interval",
    "IntervalLimits",
    "RangeSelection",
    "RangeSet",
    "RangeTable",
    "ReferenceRange",
    "When",
]

#: Largest range file RangeSet.load reads; real files are a few kilobytes.
MAX_FILE_BYTES = 1_000_000
#: Longest path RangeSet.load accepts (longer ones are refused before the file system sees them).
MAX_PATH_CHARS = 4096
#: Most populations one analyte may have in a RangeSet.
_MAX_TABLES = 256
#: Two numbers this close (relative) are the same boundary: a unit round trip must not
#: move a value across a cut point it sits on.
BOUNDARY_REL_TOL = 1e-9

_DAYS_PER_UNIT = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}
_BAND_ORDER: list[Band] = [band for band in Band if band is not Band.indeterminate]


# --- the models (frozen; they also serialise into reports) -----------------------------


def _table_band(band: Band) -> Band:
    """A band a table can hold: ``indeterminate`` is a classification, never a band."""
    if band is Band.indeterminate:
        raise ValueError("indeterminate is not a band of a range table")
    return band


class AgeLimits(FrozenModel):
    """An age interval: ``min`` inclusive, ``max`` exclusive, both in ``unit``."""

    min: float | None = Field(default=None, ge=0, allow_inf_nan=False, strict=True)
    max: float | None = Field(default=None, gt=0, allow_inf_nan=False, strict=True)
    unit: Literal["days", "weeks", "months", "years"] = "years"

    def contains(self, age_years: float) -> bool:
        """Whether an age in years lies in ``[min, max)``."""
        days = age_years * _DAYS_PER_UNIT["years"]
        per = _DAYS_PER_UNIT[self.unit]
        if self.min is not None and days < self.min * per:
            return False
        return self.max is None or days < self.max * per


class When(FrozenModel):
    """Who a population's bands apply to; every given criterion must match."""

    age: AgeLimits | None = None
    pregnant: bool | None = Field(default=None, strict=True)
    trimester: Literal[1, 2, 3] | None = None

    @field_validator("trimester", mode="before")
    @classmethod
    def _whole_number(cls, value: object) -> object:
        if value is not None and type(value) is not int:  # not true, 1.0 or "1"
            raise ValueError("trimester must be 1, 2 or 3")
        return value

    def matches(
        self, *, age_years: float | None, pregnant: bool | None, trimester: int | None
    ) -> bool:
        """Whether a person matches; an unknown fact never matches a criterion on it."""
        if self.age is not None and (age_years is None or not self.age.contains(age_years)):
            return False
        if self.pregnant is not None and pregnant is not self.pregnant:
            return False
        return self.trimester is None or trimester == self.trimester


class Bound(FrozenModel):
    """One end of a band: a value in a unit, whether the band includes it, and its source."""

    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str
    inclusive: bool
    source: Source

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


class BandRange(FrozenModel):
    """One band of a population: values between ``low`` and ``high``.

    ``low`` is ``None`` for the first band (it starts at 0, inclusive) and ``high`` is
    ``None`` for the last (it runs to infinity).
    """

    band: Band
    low: Bound | None = None
    high: Bound | None = None

    @field_validator("band")
    @classmethod
    def _not_indeterminate(cls, band: Band) -> Band:
        return _table_band(band)

    @property
    def text(self) -> str:
        """The band as a person would write it: ``"3.5-5.3 mmol/L"``, ``"<180 ng/L"``."""
        low, high = self.low, self.high
        if low is None and high is None:
            return "any value"
        if low is None:
            assert high is not None
            return f"{'<=' if high.inclusive else '<'}{high}"
        if high is None:
            return f"{'>=' if low.inclusive else '>'}{low}"
        if low.unit == high.unit:
            return f"{low.value:g}-{high.value:g} {high.unit}"
        return f"{low} to {high}"


#: What a population's normal band rests on (see :class:`RangeTable`).
Basis = Literal["reference_interval", "decision_limits"]


class Interval(FrozenModel):
    """An interval as published, for printing beside a table's bands (not a band itself)."""

    low: Bound | None = None
    high: Bound | None = None

    @property
    def text(self) -> str:
        """``"180-914 ng/L"``, ``">=3.5 mmol/L"``."""
        return BandRange(band=Band.normal, low=self.low, high=self.high).text

    @property
    def sources(self) -> tuple[Source, ...]:
        """The distinct sources of its limits."""
        cited = [bound.source for bound in (self.low, self.high) if bound is not None]
        return tuple({s.id: s for s in cited}.values())


class RangeTable(FrozenModel):
    """One population's bands for one analyte, in order from 0 to infinity.

    ``basis`` says what the normal band rests on: ``"reference_interval"`` (the central
    range of a healthy population, as laboratories print it: a value below it is unusual,
    not by itself a deficiency) or ``"decision_limits"`` (a guideline's cut-offs, such as
    NICE NG239's for B12). Beside decision limits, ``reference_interval`` holds the interval
    a laboratory would print.
    """

    analyte: Analyte
    population: str
    label: str
    default: bool = False
    when: When = When()
    note: str | None = None
    basis: Basis = "reference_interval"
    reference_interval: Interval | None = None
    bands: tuple[BandRange, ...]

    @property
    def normal(self) -> BandRange:
        """The ``normal`` band (every table has one)."""
        return next(b for b in self.bands if b.band is Band.normal)

    def band(self, band: Band) -> BandRange | None:
        """The band with this name, or ``None`` when the population has no such band."""
        return next((b for b in self.bands if b.band is band), None)

    @functools.cached_property
    def reference_range(self) -> ReferenceRange:
        """The normal band as a :class:`ReferenceRange` (computed once per table)."""
        return _reference_range(self)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every distinct source the table cites, in boundary order."""
        seen: dict[str, Source] = {}
        for band in self.bands:
            for bound in (band.low, band.high):
                if bound is not None:
                    seen.setdefault(bound.source.id, bound.source)
        return tuple(seen.values())


class BandLimits(FrozenModel):
    """A band's limits in the analyte's canonical unit (``None``: 0 or infinity)."""

    band: Band
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    text: str

    @field_validator("band")
    @classmethod
    def _not_indeterminate(cls, band: Band) -> Band:
        return _table_band(band)


class IntervalLimits(FrozenModel):
    """A printed reference interval in the analyte's canonical unit, with its citations."""

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    text: str
    sources: tuple[Source, ...]


class ReferenceRange(FrozenModel):
    """The normal band a finding's flag is relative to, with its citation.

    ``low`` and ``high`` are in the analyte's canonical unit (``unit``); ``text`` is the band
    as published. ``bands`` lists every band of the population in the canonical unit; the
    full table with a source per boundary is ``RangeSet.tables(analyte)``. ``basis`` says
    whether the bands are a reference interval or a guideline's decision limits, and
    ``reference_interval`` is the interval a laboratory would print (the normal band itself
    when the bands are a reference interval).
    """

    analyte: Analyte
    population: str
    population_label: str
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str
    text: str
    source: Source
    sources: tuple[Source, ...]
    bands: tuple[BandLimits, ...]
    basis: Basis = "reference_interval"
    reference_interval: IntervalLimits | None = None

    @classmethod
    def of(cls, table: RangeTable) -> ReferenceRange:
        """The reference range of a table's normal band (cached on the table)."""
        return table.reference_range


def _reference_range(table: RangeTable) -> ReferenceRange:
    canonical = chemistry(table.analyte).canonical_unit
    limits = tuple(
        BandLimits(
            band=band.band,
            low=None if band.low is None else _canonical(band.low, table.analyte),
            high=None if band.high is None else _canonical(band.high, table.analyte),
            low_inclusive=band.low.inclusive if band.low else True,
            high_inclusive=band.high.inclusive if band.high else True,
            text=band.text,
        )
        for band in table.bands
    )
    normal = next(limit for limit in limits if limit.band is Band.normal)
    cited = [bound.source for bound in (table.normal.low, table.normal.high) if bound is not None]
    distinct = tuple({s.id: s for s in cited}.values())
    printed = (
        Interval(low=table.normal.low, high=table.normal.high)
        if table.basis == "reference_interval"
        else table.reference_interval
    )
    interval = None
    if printed is not None:
        interval = IntervalLimits(
            low=None if printed.low is None else _canonical(printed.low, table.analyte),
            high=None if printed.high is None else _canonical(printed.high, table.analyte),
            low_inclusive=printed.low.inclusive if printed.low else True,
            high_inclusive=printed.high.inclusive if printed.high else True,
            text=printed.text,
            sources=printed.sources,
        )
    return ReferenceRange(
        analyte=table.analyte,
        population=table.population,
        population_label=table.label,
        low=normal.low,
        high=normal.high,
        low_inclusive=normal.low_inclusive,
        high_inclusive=normal.high_inclusive,
        unit=canonical,
        text=normal.text,
        source=distinct[0],
        sources=distinct,
        bands=limits,
        basis=table.basis,
        reference_interval=interval,
    )


class RangeSelection(NamedTuple):
    """The table chosen for a person, and what was assumed to choose it."""

    table: RangeTable
    warnings: tuple[str, ...]


# --- the file format (ids instead of resolved sources) --------------------------------


#: Strict types for the file format: ``value = true`` or ``value = "0.7"`` is a mistake in
#: a range file, not something to coerce.
_StrictBool = Annotated[bool, Field(strict=True)]


class _BoundSpec(FrozenModel):
    value: float = Field(ge=0, allow_inf_nan=False, strict=True)
    unit: str
    inclusive: _StrictBool
    source: str = Field(pattern=SOURCE_ID_PATTERN)


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


class _SourceSpec(FrozenModel):
    title: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    accessed: dt.date
    checked: Literal["original", "secondary", "research-notes"] = "original"
    ref: str | None = None
    note: str | None = None


class RangeFileSpec(FrozenModel):
    """The shape of one range file, as written (``reference_ranges/schema.json``)."""

    model_config = ConfigDict(title="b12labs range file")

    schema_version: Literal[1]
    analyte: Analyte
    version: str | None = Field(
        default=None, description="the laboratory's own version of this file"
    )
    populations: list[_PopulationSpec] = Field(min_length=1)
    sources: dict[str, _SourceSpec] = Field(default_factory=dict)


# --- validation beyond the shape -----------------------------------------------------------


def _fail(file: str, where: str, code: str, message: str) -> ReferenceDataError:
    return ReferenceDataError(f"{file}: {where}", code, message)


def _resolve_sources(spec: RangeFileSpec, file: str) -> dict[str, Source]:
    catalogue = dict(bundled_sources_view())  # a copy: the file's own sources are added
    for key, own in spec.sources.items():
        if not re.fullmatch(SOURCE_ID_PATTERN, key):
            # not an id, so not shown: it may be anything a person typed
            message = "source id must be lower-case letters, digits and -"
            raise _fail(file, "sources.?", "invalid", message)
        if key in catalogue:
            message = "a bundled source already has this id; give the lab's source its own id"
            raise _fail(file, f"sources.{key}", "duplicate_source", message)
        try:
            catalogue[key] = Source(id=key, **own.model_dump())
        except ValidationError:
            raise _fail(file, f"sources.{key}", "invalid", "not a valid source") from None
    return catalogue


def _build_bound(
    spec: _BoundSpec, analyte: Analyte, catalogue: Mapping[str, Source], file: str, where: str
) -> Bound:
    source = catalogue.get(spec.source)
    if source is None:
        raise _fail(
            file, f"{where}.source", "unknown_source", "cites a source id that is not defined"
        )
    try:
        unit = chemistry(analyte).unit_spec(spec.unit).ucum
    except B12LabsError:
        raise _fail(
            file, f"{where}.unit", "unit_not_accepted", "unit is not accepted for this analyte"
        ) from None
    return Bound(value=spec.value, unit=unit, inclusive=spec.inclusive, source=source)


def _canonical(bound: Bound, analyte: Analyte) -> float:
    """A boundary's value in the analyte's canonical unit."""
    return bound.value * factor(analyte, bound.unit, chemistry(analyte).canonical_unit)


def _check_order(bands: list[BandRange], file: str, where: str) -> None:
    names = [b.band for b in bands]
    ranks = [_BAND_ORDER.index(name) for name in names]
    if ranks != sorted(set(ranks)):
        raise _fail(
            file,
            f"{where}.bands",
            "band_order",
            "bands must appear once each, from critical_low up",
        )
    if Band.normal not in names or len(names) < 2:
        message = "a population needs a normal band and at least one other, so every band has a cited boundary"
        raise _fail(file, f"{where}.bands", "no_normal_band", message)
    first, last = bands[0], bands[-1]
    if first.low is not None and (first.low.value != 0 or not first.low.inclusive):
        message = "the first band must start at 0, inclusive (or leave out `low`)"
        raise _fail(file, f"{where}.bands[0].low", "gap", message)
    if last.high is not None:
        here = f"{where}.bands[{len(bands) - 1}].high"
        raise _fail(file, here, "gap", "the last band must run to infinity (leave out `high`)")


def _check_meeting(before: Bound | None, after: Bound | None, file: str, here: str) -> None:
    """Two adjacent bands must meet at one value, in one unit, included by exactly one."""
    if before is None or after is None:
        side = "low" if after is None else "high"
        raise _fail(
            file,
            here,
            "overlap",
            f"only the {'first' if side == 'low' else 'last'} band may leave out `{side}`",
        )
    if before.unit != after.unit:
        message = "adjacent bands must give their shared boundary in one unit"
        raise _fail(file, f"{here}.low", "unit_mismatch", message)
    if before.value != after.value:
        code = "gap" if after.value > before.value else "overlap"
        message = f"this band does not start where the previous one ends ({code})"
        raise _fail(file, f"{here}.low", code, message)
    if before.inclusive == after.inclusive:
        code = "overlap" if before.inclusive else "gap"
        message = f"exactly one of two adjacent bands must include their boundary ({code})"
        raise _fail(file, f"{here}.low", code, message)


def _check_bands(bands: list[BandRange], analyte: Analyte, file: str, where: str) -> None:
    """Bands in order, covering [0, infinity) with no gap or overlap, each non-empty."""
    _check_order(bands, file, where)
    previous_cut = -math.inf
    for index, band in enumerate(bands):
        here = f"{where}.bands[{index}]"
        if index:
            _check_meeting(bands[index - 1].high, band.low, file, here)
        if band.high is None:
            continue
        cut = _canonical(band.high, analyte)
        if not cut > previous_cut * (1 + BOUNDARY_REL_TOL):
            raise _fail(file, f"{here}.high", "empty_band", "a band must end above where it starts")
        previous_cut = cut


def _build_interval(
    population: _PopulationSpec,
    analyte: Analyte,
    catalogue: Mapping[str, Source],
    file: str,
    where: str,
) -> Interval | None:
    """The printed reference interval beside decision limits, checked like a band."""
    spec = population.reference_interval
    if spec is None:
        return None
    here = f"{where}.reference_interval"
    if population.basis != "decision_limits":
        message = "a separate reference_interval is given only beside decision_limits"
        raise _fail(file, here, "invalid", message)
    interval = Interval(
        low=None
        if spec.low is None
        else _build_bound(spec.low, analyte, catalogue, file, f"{here}.low"),
        high=None
        if spec.high is None
        else _build_bound(spec.high, analyte, catalogue, file, f"{here}.high"),
    )
    _check_interval(interval, analyte, file, here)
    return interval


def _check_interval(interval: Interval, analyte: Analyte, file: str, where: str) -> None:
    if interval.low is None and interval.high is None:
        raise _fail(file, where, "invalid", "a reference interval needs a low or a high limit")
    low, high = interval.low, interval.high
    if (
        low is not None
        and high is not None
        and _canonical(high, analyte) <= _canonical(low, analyte)
    ):
        message = "a reference interval must end above where it starts"
        raise _fail(file, f"{where}.high", "empty_band", message)


def _tables_from_spec(spec: RangeFileSpec, file: str) -> tuple[RangeTable, ...]:
    catalogue = _resolve_sources(spec, file)
    tables: list[RangeTable] = []
    ids: set[str] = set()
    for p_index, population in enumerate(spec.populations):
        where = f"populations[{p_index}]"
        if population.id in ids:
            raise _fail(
                file, f"{where}.id", "duplicate", "population ids must be unique within a file"
            )
        ids.add(population.id)
        bands = [
            BandRange(
                band=Band(band.band),
                low=None
                if band.low is None
                else _build_bound(
                    band.low, spec.analyte, catalogue, file, f"{where}.bands[{b}].low"
                ),
                high=None
                if band.high is None
                else _build_bound(
                    band.high, spec.analyte, catalogue, file, f"{where}.bands[{b}].high"
                ),
            )
            for b, band in enumerate(population.bands)
        ]
        _check_bands(bands, spec.analyte, file, where)
        interval = _build_interval(population, spec.analyte, catalogue, file, where)
        age = population.when.age
        if age is not None and age.min is not None and age.max is not None and age.min >= age.max:
            raise _fail(file, f"{where}.when.age", "empty_age", "age min must be below age max")
        tables.append(
            RangeTable(
                analyte=spec.analyte,
                population=population.id,
                label=population.label,
                default=population.default,
                when=population.when,
                note=population.note,
                basis=population.basis,
                reference_interval=interval,
                bands=tuple(bands),
            )
        )
    defaults = [t.population for t in tables if t.default]
    if len(defaults) != 1:
        raise _fail(
            file, "populations", "default", "exactly one population must have default = true"
        )
    return tuple(tables)


def _parse_file(data: object, file: str) -> tuple[Analyte, tuple[RangeTable, ...], str | None]:
    try:
        spec = RangeFileSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = location(tuple(first["loc"]), error_type=first["type"])
        raise _fail(file, where, "invalid", pydantic_message(first)) from None
    return spec.analyte, _tables_from_spec(spec, file), spec.version


def _as_path(path: object) -> Path:
    """The caller's path argument as a ``Path``; never echoed in an error."""
    if not isinstance(path, str | os.PathLike):
        raise _fail("path", "(file)", "not_a_path", "expected a file or folder path")
    try:
        text = os.fspath(path)
    except Exception:  # noqa: BLE001 - a caller's __fspath__ that raises is bad input to us
        raise _fail("path", "(file)", "not_a_path", "expected a file or folder path") from None
    if not isinstance(text, str) or "\x00" in text or len(text) > MAX_PATH_CHARS:
        message = f"a path is text of at most {MAX_PATH_CHARS} characters without NUL"
        raise _fail("path", "(file)", "bad_path", message)
    return Path(str.__str__(text))


def _range_files(root: Path) -> list[tuple[str, Path]]:
    """The range files a path names: itself, or the ``<analyte>.toml`` files in a folder.

    Returns ``(name shown in errors, path)`` pairs; only the file system's answers are used,
    so a FIFO or a device is never opened here.
    """
    try:
        mode = root.stat().st_mode
        if not stat.S_ISDIR(mode):
            return [(safe_name(root.name, fallback="path"), root)]
        names = sorted(
            entry.name
            for entry in root.iterdir()
            if entry.name.endswith(".toml") and entry.name[:-5] in Analyte._value2member_map_
        )
    except (OSError, ValueError):
        raise _fail("path", "(file)", "unreadable", "the path cannot be read") from None
    return [(name, root / name) for name in names]


#: Open for reading without blocking (a FIFO without a writer), never as a terminal.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _read_toml_file(path: Path, name: str) -> object:
    """Parse one range file; anything but a regular file of at most MAX_FILE_BYTES is refused.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor,
    so a FIFO, a device or a file swapped for one after a check cannot hang the call.
    """
    too_large = f"a range file may not exceed {MAX_FILE_BYTES} bytes"
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError):
        raise _fail(name, "(file)", "unreadable", "the file cannot be read") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(name, "(file)", "not_a_file", "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise _fail(name, "(file)", "too_large", too_large)
        chunks: list[bytes] = []
        remaining = MAX_FILE_BYTES + 1  # the file may grow after fstat
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except B12LabsError:
        raise
    except (OSError, ValueError):
        raise _fail(name, "(file)", "unreadable", "the file cannot be read") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise _fail(name, "(file)", "too_large", too_large)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(name, "(file)", "not_utf8", "the file is not UTF-8 text") from None
    return _loads(text, name)


def _loads(text: str, name: str) -> object:
    if len(text) > MAX_FILE_BYTES:
        raise _fail(
            name, "(file)", "too_large", f"a range file may not exceed {MAX_FILE_BYTES} bytes"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise _fail(name, "(file)", "toml_syntax", "the file is not valid TOML") from None
    except RecursionError:
        raise _fail(name, "(file)", "too_deep", "the file nests too deeply") from None


# --- the public set --------------------------------------------------------------------------


class RangeSet:
    """Band tables for one or more analytes: the bundled defaults or a laboratory's own.

    Immutable; safe to share between threads.

    Example:
        >>> from b12labs import RangeSet
        >>> sorted(RangeSet.default().analytes)
        [<Analyte.b12: 'b12'>, <Analyte.magnesium: 'magnesium'>, <Analyte.potassium: 'potassium'>]
    """

    __slots__ = ("_tables", "version")

    def __init__(self, tables: Mapping[Analyte, Iterable[RangeTable]], *, version: str) -> None:
        """A set from each analyte's tables (one ``default``), as :meth:`load` builds it.

        Raises:
            ReferenceDataError: ``tables`` is not a mapping of :class:`Analyte` to a
                non-empty sequence of that analyte's :class:`RangeTable` with exactly one
                default and bands from 0 to infinity without gap or overlap; or
                ``version`` is not text.
        """
        self._tables: dict[Analyte, tuple[RangeTable, ...]] = _checked_tables(tables)
        if not isinstance(version, str):
            raise ReferenceDataError("ranges.version", "not_text", "version must be text")
        self.version = str.__str__(version)

    def __repr__(self) -> str:
        return (
            f"RangeSet(analytes={sorted(a.value for a in self._tables)}, version={self.version!r})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RangeSet) and (self._tables, self.version) == (
            other._tables,
            other.version,
        )

    def __hash__(self) -> int:
        return hash((frozenset(self._tables), self.version))

    @classmethod
    def default(cls) -> RangeSet:
        """The bundled reference data (validated once per process)."""
        return _bundled()

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> RangeSet:
        """Read a laboratory's own range file, or every ``*.toml`` range file in a folder.

        Analytes the files do not cover are absent from the set; combine with
        :meth:`with_overrides` to fall back on the bundled data for them.

        Raises:
            ReferenceDataError: a file is unreadable, malformed, has a gap or an overlap,
                uses an unaccepted unit, or cites an undefined source; or two files cover
                the same analyte.
        """
        files = _range_files(_as_path(path))
        if not files:
            raise _fail("path", "(file)", "no_files", "no range files found")
        return cls._from_parsed([(name, _read_toml_file(file, name)) for name, file in files])

    @classmethod
    def from_toml(cls, text: str, *, name: str = "<text>") -> RangeSet:
        """A set from the text of one range file (``name`` appears in errors)."""
        if not isinstance(text, str):
            raise _fail(name, "(file)", "not_text", "expected the text of a TOML file")
        return cls._from_parsed([(name, _loads(text, name))])

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, name: str = "<mapping>") -> RangeSet:
        """A set from one range file already parsed into a mapping."""
        return cls._from_parsed([(name, data)])

    @classmethod
    def _from_parsed(cls, files: list[tuple[str, object]]) -> RangeSet:
        tables: dict[Analyte, tuple[RangeTable, ...]] = {}
        versions: list[str] = []
        for name, data in files:
            analyte, parsed, version = _parse_file(data, name)
            if analyte in tables:
                raise _fail(
                    name, "analyte", "duplicate", "another file already covers this analyte"
                )
            tables[analyte] = parsed
            versions.append(version or "unversioned")
        return cls(tables, version="+".join(sorted(set(versions))))

    def with_overrides(self, other: RangeSet) -> RangeSet:
        """This set with ``other``'s tables replacing its own, analyte by analyte."""
        if not isinstance(other, RangeSet):
            raise ReferenceDataError("ranges", "not_a_range_set", "expected a RangeSet")
        merged = {**self._tables, **other._tables}
        return RangeSet(merged, version=f"{other.version} over {self.version}")

    @property
    def analytes(self) -> frozenset[Analyte]:
        """The analytes this set has tables for."""
        return frozenset(self._tables)

    def __contains__(self, analyte: object) -> bool:
        # a caller's str subclass is copied, so its own __hash__ and __eq__ are never called
        return isinstance(analyte, str) and str.__str__(analyte) in self._tables

    def tables(self, analyte: Analyte | str) -> tuple[RangeTable, ...]:
        """Every population's table for an analyte, in file order.

        Raises:
            ReferenceDataError: the set has no tables for the analyte.
        """
        found = self._tables.get(as_analyte(analyte))
        if found is None:
            raise ReferenceDataError(
                "ranges", "analyte_missing", "this RangeSet has no ranges for the analyte"
            )
        return found

    def select(
        self,
        analyte: Analyte | str,
        *,
        age_years: float | None = None,
        pregnant: bool | None = None,
        trimester: int | None = None,
    ) -> RangeSelection:
        """The first population (in file order) that matches the person, else the default.

        Falling back on the default population, or using a non-pregnancy table for a
        pregnant person, is said in the returned warnings.

        Raises:
            ReferenceDataError: the set has no tables for the analyte.
            UnknownAnalyteError: ``analyte`` is not an analyte.
            InvalidContextError: an age, pregnancy or trimester that is not accepted.
        """
        which = as_analyte(analyte)
        self.tables(which)
        # the same checks as a Context's: a NaN or text age must not match a population
        person = coerce_context(
            {"age_years": age_years, "pregnant": pregnant, "pregnancy_trimester": trimester}
        )
        return self._select(
            which,
            age_years=person.age_years,
            pregnant=person.pregnant,
            trimester=person.pregnancy_trimester,
        )

    def _select(
        self,
        analyte: Analyte,
        *,
        age_years: float | None,
        pregnant: bool | None,
        trimester: int | None,
    ) -> RangeSelection:
        """:meth:`select` for arguments already validated (taken from a :class:`Context`)."""
        tables = self.tables(analyte)
        chosen = next(
            (
                t
                for t in tables
                if t.when.matches(age_years=age_years, pregnant=pregnant, trimester=trimester)
            ),
            None,
        )
        warnings: list[str] = []
        label = chemistry(analyte).label
        if chosen is None:
            chosen = next(t for t in tables if t.default)
            reason = "age not given" if age_years is None else "no range for this age"
            warnings.append(f"{label}: {reason}; the range for '{chosen.label}' was used.")
        if pregnant and chosen.when.pregnant is not True:
            used = f"the range for '{chosen.label}' was used"
            warnings.append(f"{label}: no pregnancy range for this stage; {used}.")
        elif pregnant and chosen.when.trimester is None and trimester is None:
            used = f"the range for '{chosen.label}' was used"
            warnings.append(f"{label}: pregnancy, trimester not known; {used}.")
        elif pregnant:
            warnings.append(f"{label}: the pregnancy range '{chosen.label}' was used.")
        return RangeSelection(chosen, tuple(warnings))


def _checked_tables(tables: object) -> dict[Analyte, tuple[RangeTable, ...]]:
    """Each analyte's tables, checked as a range file's are (see :class:`RangeSet`)."""
    if not isinstance(tables, Mapping):
        message = "expected a mapping of Analyte to range tables"
        raise ReferenceDataError("ranges", "not_a_mapping", message)
    try:
        items = list(itertools.islice(tables.items(), len(Analyte) + 1))
    except Exception:  # noqa: BLE001 - a caller's mapping that raises is bad input to us
        message = "expected a mapping of Analyte to range tables"
        raise ReferenceDataError("ranges", "not_a_mapping", message) from None
    checked: dict[Analyte, tuple[RangeTable, ...]] = {}
    for analyte, given in items:
        if type(analyte) is not Analyte:
            raise ReferenceDataError("ranges", "not_an_analyte", "keys must be Analyte members")
        checked[analyte] = _checked_population_tables(analyte, given)
    return checked


def _checked_population_tables(analyte: Analyte, given: object) -> tuple[RangeTable, ...]:
    """One analyte's tables; errors name them as ``"ranges: <analyte>[<index>]..."``."""
    where = analyte.value
    message = "expected a non-empty sequence of this analyte's RangeTables"
    if isinstance(given, str | bytes | bytearray | Mapping) or not isinstance(given, Iterable):
        raise _fail("ranges", where, "not_tables", message)
    try:
        found = tuple(itertools.islice(given, _MAX_TABLES + 1))
    except Exception:  # noqa: BLE001 - a caller's iterable that raises is bad input to us
        raise _fail("ranges", where, "not_tables", message) from None
    if not found or len(found) > _MAX_TABLES:
        raise _fail("ranges", where, "not_tables", message)
    ids: set[str] = set()
    for index, table in enumerate(found):
        here = f"{where}[{index}]"
        if not isinstance(table, RangeTable):
            raise _fail("ranges", here, "not_a_table", "expected a RangeTable")
        if table.analyte is not analyte:
            raise _fail("ranges", here, "wrong_analyte", "the table is for another analyte")
        if table.population in ids:
            raise _fail("ranges", here, "duplicate", "population ids must be unique")
        ids.add(table.population)
        _check_table(table, here)
    if sum(table.default for table in found) != 1:
        message = "exactly one population must have default = true"
        raise _fail("ranges", where, "default", message)
    return found


def _check_table(table: RangeTable, where: str) -> None:
    """A table built in code meets the checks a range file's tables meet on load."""
    accepted = chemistry(table.analyte).ucum_codes
    for index, band in enumerate(table.bands):
        for side, bound in (("low", band.low), ("high", band.high)):
            if bound is not None and bound.unit not in accepted:
                here = f"{where}.bands[{index}].{side}.unit"
                message = "unit must be an accepted UCUM code of the analyte"
                raise _fail("ranges", here, "unit_not_accepted", message)
    if table.reference_interval is not None:
        interval = table.reference_interval
        for side, bound in (("low", interval.low), ("high", interval.high)):
            if bound is not None and bound.unit not in accepted:
                here = f"{where}.reference_interval.{side}.unit"
                message = "unit must be an accepted UCUM code of the analyte"
                raise _fail("ranges", here, "unit_not_accepted", message)
        _check_interval(interval, table.analyte, "ranges", f"{where}.reference_interval")
    try:
        _check_bands(list(table.bands), table.analyte, "ranges", where)
    except ReferenceDataError:
        raise
    except ValueError:  # e.g. a band _check_order cannot rank (built with model_construct)
        message = "the bands must run from 0 to infinity in order"
        raise _fail("ranges", f"{where}.bands", "invalid", message) from None


@load_once
def _bundled() -> RangeSet:
    files = [(f"{a.value}.toml", read_toml(f"{RANGES_DIR}/{a.value}.toml")) for a in Analyte]
    tables = {}
    for name, data in files:
        analyte, parsed, _ = _parse_file(data, name)
        tables[analyte] = parsed
    return RangeSet(tables, version=data_version())
