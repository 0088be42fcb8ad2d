"""Reference ranges as cited data: read, check, and choose a population's band table.

A range file (one per analyte, TOML; format in ``docs/reference-data.md`` and
``reference_ranges/schema.json``) lists populations; each population lists its bands from 0
to infinity. Every boundary names its unit and cites a source. On load the file is checked
once: bands in order, no gap, no overlap, accepted units, known sources, exactly one default
population. Any problem is a :class:`~b12labs.ReferenceDataError` naming the file and field.

The package, in the order data flows through it:

- :mod:`.files`: reading a file from disk without trusting the path or the file;
- :mod:`.fileformat`: the file's shape, and turning it into tables;
- :mod:`.published`: the tables in the units their sources published;
- :mod:`.checks`: the one validator every table passes;
- :mod:`.canonical`: a table in canonical units, as reports carry it;
- :mod:`.rangeset`: :class:`RangeSet`, and choosing a table for a person.

Example:
    >>> from b12labs import Analyte, RangeSet
    >>> ranges = RangeSet.default()
    >>> table = ranges.select(Analyte.potassium, age_years=40).table
    >>> table.population, table.normal.text
    ('adult', '3.5-5.3 mmol/L')
"""

from __future__ import annotations

from .canonical import BandLimits, IntervalLimits, ReferenceRange
from .checks import BOUNDARY_REL_TOL, MAX_TABLES, PUBLISHED_REL_TOL
from .fileformat import RangeFileSpec
from .files import MAX_FILE_BYTES, MAX_PATH_CHARS
from .published import (
    AgeLimits,
    BandRange,
    Basis,
    Bound,
    Equivalent,
    Interval,
    RangeTable,
    When,
)
from .rangeset import RangeSelection, RangeSet, reference_data_version, reference_for, selection

__all__ = [
    "BOUNDARY_REL_TOL",
    "MAX_FILE_BYTES",
    "MAX_PATH_CHARS",
    "MAX_TABLES",
    "PUBLISHED_REL_TOL",
    "AgeLimits",
    "BandLimits",
    "BandRange",
    "Basis",
    "Bound",
    "Equivalent",
    "Interval",
    "IntervalLimits",
    "RangeFileSpec",
    "RangeSelection",
    "RangeSet",
    "RangeTable",
    "ReferenceRange",
    "When",
    "reference_data_version",
    "reference_for",
    "selection",
]
