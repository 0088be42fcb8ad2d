"""One input column, read once into arrays: numbers, coded values, booleans or name lists.

Whatever the frame type, a column becomes one of four shapes, so everything after reading
works on numpy arrays:

- :class:`Numbers`: a numeric column as ``float64`` with its nulls (NaN counts as null);
- :class:`Coded`: any other column as a code per row (-1 for null) into its distinct
  values, so each distinct text is parsed once however many rows repeat it;
- :class:`Booleans`: a boolean column with its nulls;
- :class:`Lists`: a list column (medications, conditions) as row offsets into coded items.

A cell of a Python object column is looked at by its exact type only: a caller's own class
is never hashed or compared (its methods could raise or lie), it just gets a code of its own.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Booleans", "Cells", "Coded", "Lists", "Numbers", "code_objects", "is_null"]


@dataclasses.dataclass(frozen=True)
class Numbers:
    """A numeric column: ``values`` as float64, ``null`` where a value is missing or NaN.

    ``integral`` says the column held integers, so a cell reads back as an ``int`` (a
    trimester of ``2`` is accepted where ``2.0`` is not).
    """

    values: npt.NDArray[np.float64]
    null: npt.NDArray[np.bool_]
    integral: bool = False

    def cell(self, row: int) -> object:
        if self.null[row]:
            return None
        value = float(self.values[row])
        return int(value) if self.integral else value

    def take(self, rows: npt.NDArray[np.intp]) -> Numbers:
        """The cells of these rows."""
        return Numbers(self.values[rows], self.null[rows], self.integral)


@dataclasses.dataclass(frozen=True)
class Coded:
    """A column as codes into its distinct values (``-1``: null)."""

    codes: npt.NDArray[np.int32]
    uniques: Sequence[object]

    def cell(self, row: int) -> object:
        code = int(self.codes[row])
        return None if code < 0 else self.uniques[code]

    def take(self, rows: npt.NDArray[np.intp]) -> Coded:
        return Coded(self.codes[rows], self.uniques)


@dataclasses.dataclass(frozen=True)
class Booleans:
    """A boolean column with its nulls."""

    values: npt.NDArray[np.bool_]
    null: npt.NDArray[np.bool_]

    def cell(self, row: int) -> object:
        return None if self.null[row] else bool(self.values[row])

    def take(self, rows: npt.NDArray[np.intp]) -> Booleans:
        return Booleans(self.values[rows], self.null[rows])


@dataclasses.dataclass(frozen=True)
class Lists:
    """A list column: row ``i`` holds ``items`` ``offsets[i]:offsets[i + 1]`` (null lists
    are empty and marked in ``null``)."""

    offsets: npt.NDArray[np.int64]
    items: Coded
    null: npt.NDArray[np.bool_]

    def cell(self, row: int) -> object:
        if self.null[row]:
            return None
        start, stop = int(self.offsets[row]), int(self.offsets[row + 1])
        # a null item (code -1) stays None, which the context then refuses by its place
        return [self.items.cell(int(i)) for i in range(start, stop)]

    def take(self, rows: npt.NDArray[np.intp]) -> Lists:
        starts, stops = self.offsets[rows], self.offsets[rows + 1]
        offsets = np.concatenate([[0], np.cumsum(stops - starts)]).astype(np.int64)
        items = np.concatenate(
            [np.arange(a, b) for a, b in zip(starts.tolist(), stops.tolist(), strict=True)]
            or [np.zeros(0, dtype=np.int64)]
        ).astype(np.intp)
        return Lists(offsets, self.items.take(items), self.null[rows])


Cells = Numbers | Coded | Booleans | Lists

#: Cell types coded by value: their hashing and equality are the interpreter's or numpy's own.
_PLAIN = frozenset({str, int, float, bool, np.float64, np.float32, np.int64, np.int32, np.bool_})


def is_null(cell: object) -> bool:
    """Whether an object cell means "not given": None, NaN, or pandas' NA and NaT.

    Decided by identity and exact type, so a caller's object is never asked.
    """
    if cell is None:
        return True
    kind = type(cell)
    if kind is float or kind is np.float64 or kind is np.float32:
        return math.isnan(cell)  # type: ignore[arg-type]
    return kind.__name__ in ("NAType", "NaTType") and kind.__module__.startswith("pandas")


def code_objects(cells: Iterable[Any], size: int) -> Coded:
    """Codes for a column of Python objects (pandas ``object``, polars ``Object``).

    Texts, numbers and booleans of the built-in types are coded by value; every other
    object gets a code of its own without being hashed.
    """
    codes = np.empty(size, dtype=np.int32)
    uniques: list[object] = []
    seen: dict[tuple[type, object, bool], int] = {}
    for row, cell in enumerate(cells):
        if is_null(cell):
            codes[row] = -1
            continue
        kind = type(cell)
        if kind in _PLAIN:
            # -0.0 equals 0.0 but is kept apart, as interpret() would keep its sign
            key = (kind, cell, kind is float and cell == 0 and math.copysign(1.0, cell) < 0)
            code = seen.get(key)
            if code is None:
                code = seen[key] = len(uniques)
                uniques.append(cell)
        else:
            code = len(uniques)
            uniques.append(cell)
        codes[row] = code
    return Coded(codes, uniques)
