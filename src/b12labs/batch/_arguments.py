"""What the table functions share: argument checks and the labels of result columns.

Every check here runs before any row is read, and each failure is a typed error naming the
argument, never a caller's column name or cell.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import numpy as np

from .._untrusted import read_mapping
from ..classification import FLAGS
from ..context import Context
from ..enums import Analyte, Band, Likelihood, Urgency
from ..errors import InvalidTableError, ReferenceDataError
from ..ranges import RangeSet, RangeTable
from ..ranges.rangeset import _serving
from ._cells import Cells
from ._frames import Frame, arrow_cells, pandas_cells, polars_cells

__all__ = [
    "BANDS",
    "FLAG_LABELS",
    "FLAG_OF_BAND",
    "LIKELIHOODS",
    "URGENCIES",
    "check_columns",
    "check_ranges",
    "column_cells",
    "mapping",
    "no_clash",
    "select_table",
    "tables_for",
]

BANDS = tuple(b.value for b in Band)
FLAG_LABELS = tuple(dict.fromkeys(FLAGS.values()))
#: The flag code of each band code (and -1 for -1).
FLAG_OF_BAND = np.array([FLAG_LABELS.index(FLAGS[b]) for b in Band] + [-1], dtype=np.int8)
LIKELIHOODS = tuple(x.value for x in Likelihood)
URGENCIES = tuple(x.value for x in Urgency)


def check_ranges(ranges: object) -> RangeSet | None:
    """The caller's RangeSet, or None for the bundled one.

    Raises:
        ReferenceDataError: not a RangeSet.
    """
    if ranges is not None and not isinstance(ranges, RangeSet):
        raise ReferenceDataError(
            "ranges", "not_a_range_set", "ranges must be a RangeSet (or None for the bundled)"
        )
    return ranges


def tables_for(ranges: RangeSet | None, analyte: Analyte) -> tuple[RangeTable, ...]:
    """The tables ``interpret()`` chooses from for an analyte (the bundled ones where the
    caller's set lacks it)."""
    return _serving(ranges, analyte).tables(analyte)


def column_cells(values: object) -> Cells | None:
    """Cells of a pandas or polars Series or a pyarrow Array; None for anything else."""
    pandas, polars, pyarrow = (sys.modules.get(m) for m in ("pandas", "polars", "pyarrow"))
    if pandas is not None and isinstance(values, pandas.Series):
        return pandas_cells(values, len(values))
    if polars is not None and isinstance(values, polars.Series):
        return polars_cells(values, len(values))
    if pyarrow is not None and isinstance(values, pyarrow.Array | pyarrow.ChunkedArray):
        return arrow_cells(values, len(values))
    return None


def select_table(ranges: RangeSet | None, analyte: Analyte, person: Context) -> RangeTable:
    """The one table for a whole column of one population."""
    return _serving(ranges, analyte).select_for(analyte, person).table


def check_columns(frame: Frame, columns: Mapping[str, object], known: Sequence[str]) -> None:
    """Every ``columns`` key is a name b12labs reads and names a column of the frame.

    Raises:
        InvalidTableError: an unknown key, or a column the frame lacks.
    """
    for key, name in columns.items():
        if key not in known:
            raise InvalidTableError("columns", "unknown_key", "not a name b12labs reads")
        if frame.count(name) > 1:
            raise InvalidTableError(
                f"columns.{key}", "duplicate", "the frame has more than one such column"
            )
        if not frame.has(name):
            raise InvalidTableError(
                f"columns.{key}", "missing_column", "the frame has no such column"
            )


def mapping(value: object, field: str) -> dict[str, object]:
    """A caller's ``columns`` or ``units`` mapping as a plain dict with text keys.

    Raises:
        InvalidTableError: not a mapping, a key that is not text, or one that cannot be read.
    """
    if value is None:
        return {}

    def refusal() -> InvalidTableError:
        return InvalidTableError(field, "not_a_mapping", "expected a mapping of names")

    if not isinstance(value, Mapping):
        raise refusal()
    return read_mapping(value, limit=256, refusal=refusal, bad_key=lambda key: refusal())


def no_clash(frame: Frame, names: Sequence[str]) -> None:
    """The frame has none of the result columns b12labs would add.

    Raises:
        InvalidTableError: it has one (named in ``field``; the names are b12labs' own).
    """
    for name in names:
        if frame.has(name):
            raise InvalidTableError(
                name, "column_exists", "the frame already has this result column"
            )
