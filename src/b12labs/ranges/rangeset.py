"""``RangeSet``: the band tables of one or more analytes, and choosing one for a person.

A set is the bundled defaults (:meth:`RangeSet.default`), a laboratory's own files
(:meth:`RangeSet.load`, :meth:`RangeSet.from_toml`, :meth:`RangeSet.from_mapping`), or
tables built in code (``RangeSet({...}, version=...)``); each is checked once by
:func:`~.checks.check_tables`. :meth:`RangeSet.select_for` picks a person's population and
says what it assumed; :func:`selection` also falls back on the bundled ranges for an analyte
a laboratory's set lacks, which is the policy ``interpret()`` uses.

Example:
    >>> from b12labs import Analyte, RangeSet
    >>> ranges = RangeSet.default()
    >>> table = ranges.select(Analyte.potassium, age_years=40).table
    >>> table.population, table.normal.text
    ('adult', '3.5-5.3 mmol/L')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from .._packaged import RANGES_DIR, data_version, load_once, read_toml
from .._untrusted import plain_text, read_items
from ..analytes import as_analyte, chemistry
from ..context import Context, coerce_context
from ..enums import Analyte
from ..errors import ReferenceDataError
from .canonical import ReferenceRange, reference_range
from .checks import MAX_TABLES, check_tables, fail
from .choosing import Chooser, RangeSelection
from .fileformat import tables_from_file
from .files import as_path, loads, plain_data, range_files, read_toml_file
from .published import RangeTable

__all__ = ["RangeSelection", "RangeSet", "reference_data_version", "reference_for", "selection"]


class RangeSet:
    """Band tables for one or more analytes: the bundled defaults or a laboratory's own.

    Immutable; safe to share between threads.

    Example:
        >>> from b12labs import RangeSet
        >>> sorted(RangeSet.default().analytes)
        [<Analyte.b12: 'b12'>, <Analyte.magnesium: 'magnesium'>, <Analyte.potassium: 'potassium'>]
    """

    __slots__ = ("_choosers", "_references", "_tables", "version")

    def __init__(self, tables: Mapping[Analyte, Iterable[RangeTable]], *, version: str) -> None:
        """A set from each analyte's tables (one ``default``), as :meth:`load` builds it.

        Raises:
            ReferenceDataError: ``tables`` is not a mapping of :class:`Analyte` to a
                non-empty sequence of that analyte's :class:`RangeTable` with exactly one
                default and bands from 0 to infinity without gap or overlap; or
                ``version`` is not text.
        """
        if not isinstance(version, str):
            raise ReferenceDataError("ranges.version", "not_text", "version must be text")
        self._set(_checked_tables(tables), str(plain_text(version)))

    @classmethod
    def _trusted(cls, tables: dict[Analyte, tuple[RangeTable, ...]], version: str) -> RangeSet:
        """A set of tables already checked (read from files, or merged from other sets)."""
        made = cls.__new__(cls)
        made._set(tables, version)
        return made

    def _set(self, tables: dict[Analyte, tuple[RangeTable, ...]], version: str) -> None:
        self._tables = tables
        self.version = version
        # each table's canonical view, made once: every finding from the table carries it
        self._references = {
            id(table): reference_range(table) for found in tables.values() for table in found
        }
        self._choosers = {analyte: Chooser(found) for analyte, found in tables.items()}

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
        files = range_files(as_path(path))
        if not files:
            raise fail("path", "(file)", "no_files", "no range files found")
        return cls._from_parsed([(name, read_toml_file(file, name)) for name, file in files])

    @classmethod
    def from_toml(cls, text: str, *, name: str = "<text>") -> RangeSet:
        """A set from the text of one range file (``name`` appears in errors)."""
        if not isinstance(text, str):
            raise fail(name, "(file)", "not_text", "expected the text of a TOML file")
        return cls._from_parsed([(name, loads(text, name))])

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, name: str = "<mapping>") -> RangeSet:
        """A set from one range file already parsed into a mapping."""
        return cls._from_parsed([(name, data)])

    @classmethod
    def _from_parsed(cls, files: list[tuple[str, object]]) -> RangeSet:
        tables: dict[Analyte, tuple[RangeTable, ...]] = {}
        versions: list[str] = []
        for name, data in files:
            analyte, parsed, version = tables_from_file(plain_data(data, name), name)
            stem = name.removesuffix(".toml")
            if stem in Analyte._value2member_map_ and stem != analyte.value:
                message = "the file is named for another analyte than the one it holds"
                raise fail(name, "analyte", "wrong_analyte", message)
            if analyte in tables:
                raise fail(name, "analyte", "duplicate", "another file already covers this analyte")
            tables[analyte] = parsed
            versions.append(version or "unversioned")
        return cls._trusted(tables, "+".join(sorted(set(versions))))

    def with_overrides(self, other: RangeSet) -> RangeSet:
        """This set with ``other``'s tables replacing its own, analyte by analyte."""
        if not isinstance(other, RangeSet):
            raise ReferenceDataError("ranges", "not_a_range_set", "expected a RangeSet")
        merged = {**self._tables, **other._tables}
        return RangeSet._trusted(merged, f"{other.version} over {self.version}")

    @property
    def analytes(self) -> frozenset[Analyte]:
        """The analytes this set has tables for."""
        return frozenset(self._tables)

    def __contains__(self, analyte: object) -> bool:
        # a caller's str subclass is copied, so its own __hash__ and __eq__ are never called
        text = plain_text(analyte)
        return text is not None and text in self._tables

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
        return self.select_for(which, person)

    def select_for(self, analyte: Analyte, person: Context) -> RangeSelection:
        """:meth:`select` for a person already described by a validated :class:`Context`.

        Raises:
            ReferenceDataError: the set has no tables for the analyte.
        """
        age_years, pregnant = person.age_years, person.pregnant
        trimester = person.pregnancy_trimester
        chooser = self._choosers.get(analyte)
        found = None if chooser is None else chooser.choose(age_years, pregnant, trimester)
        if found is not None and not pregnant:
            return found  # the common case: a match, nothing assumed
        tables = self.tables(analyte)
        chosen = None if found is None else found.table
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

    def reference_range(self, table: RangeTable) -> ReferenceRange:
        """The canonical view of one of this set's tables (made once per table)."""
        found = self._references.get(id(table))
        return found if found is not None else reference_range(table)


def _checked_tables(tables: object) -> dict[Analyte, tuple[RangeTable, ...]]:
    """Each analyte's tables built in code, checked as a range file's are."""
    message = "expected a mapping of Analyte to range tables"
    if not isinstance(tables, Mapping):
        raise ReferenceDataError("ranges", "not_a_mapping", message)
    items = read_items(
        tables.items(),
        limit=len(Analyte),
        refusal=lambda: ReferenceDataError(
            "ranges", "bad_mapping", "the mapping could not be read"
        ),
    )
    checked: dict[Analyte, tuple[RangeTable, ...]] = {}
    for item in items:
        if not isinstance(item, tuple) or tuple.__len__(item) != 2:
            raise ReferenceDataError("ranges", "not_a_mapping", message)
        analyte, given = tuple.__getitem__(item, 0), tuple.__getitem__(item, 1)
        if type(analyte) is not Analyte:
            raise ReferenceDataError("ranges", "not_an_analyte", "keys must be Analyte members")
        found = _tables_of(analyte, given)
        check_tables(
            analyte,
            found,
            file="ranges",
            where=f"{analyte.value}[{{index}}]",
            whole=analyte.value,
        )
        checked[analyte] = found
    return checked


def _tables_of(analyte: Analyte, given: object) -> tuple[RangeTable, ...]:
    """A caller's sequence of one analyte's tables, read safely."""
    where = analyte.value
    message = "expected a non-empty sequence of this analyte's RangeTables"
    if isinstance(given, str | bytes | bytearray | Mapping) or not isinstance(given, Iterable):
        raise fail("ranges", where, "not_tables", message)
    found = read_items(
        given, limit=MAX_TABLES, refusal=lambda: fail("ranges", where, "not_tables", message)
    )
    tables: list[RangeTable] = []
    for index, table in enumerate(found):
        if not isinstance(table, RangeTable):
            raise fail("ranges", f"{where}[{index}]", "not_a_table", "expected a RangeTable")
        tables.append(table)
    return tuple(tables)


def _serving(ranges: RangeSet | None, analyte: Analyte) -> RangeSet:
    """The set whose tables ``interpret()`` uses for an analyte: the caller's, or the bundled
    one when the caller gave none or gave one without the analyte."""
    return ranges if ranges is not None and analyte in ranges else RangeSet.default()


def selection(ranges: RangeSet | None, analyte: Analyte, person: Context) -> RangeSelection:
    """The table ``interpret()`` uses for a person, from the set :func:`_serving` names; a
    fallback on the bundled set for an analyte ``ranges`` lacks is said in the warnings."""
    chosen = _serving(ranges, analyte).select_for(analyte, person)
    if ranges is None or analyte in ranges:
        return chosen
    label = chemistry(analyte).label
    fallback = f"{label}: the given RangeSet has no ranges for it; the bundled ranges were used."
    return RangeSelection(chosen.table, (fallback, *chosen.warnings))


def reference_for(ranges: RangeSet | None, table: RangeTable) -> ReferenceRange:
    """The canonical view of a table :func:`selection` chose (made once per table)."""
    return _serving(ranges, table.analyte).reference_range(table)


def reference_data_version(ranges: RangeSet | None, analytes: Iterable[Analyte]) -> str:
    """The version a report names: the set's, and the bundled one's where it filled in."""
    if ranges is None:
        return RangeSet.default().version
    if any(analyte not in ranges for analyte in analytes):
        return f"{ranges.version} (+ bundled {RangeSet.default().version})"
    return ranges.version


@load_once
def _bundled() -> RangeSet:
    tables = {}
    for analyte in Analyte:
        name = f"{analyte.value}.toml"
        found, parsed, _ = tables_from_file(read_toml(f"{RANGES_DIR}/{name}"), name)
        tables[found] = parsed
    return RangeSet._trusted(tables, data_version())
