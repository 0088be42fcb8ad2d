"""Frames in and out: pandas, polars and pyarrow behind one small interface.

:func:`frame_of` wraps a caller's frame; :meth:`Frame.cells` reads one column into the
shapes of :mod:`._cells`; :meth:`Frame.with_columns` returns a frame of the caller's type
with the result columns appended (input columns untouched, the pandas index kept).
Categorical results are built from their codes (pandas ``Categorical.from_codes``, an Arrow
dictionary, a polars ``Enum``), never through a Python string per row. Only the library the
frame comes from is imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from ..errors import InvalidTableError
from ._cells import Booleans, Cells, Coded, Lists, Numbers, code_objects

__all__ = ["Frame", "Output", "arrow_cells", "frame_of", "pandas_cells", "polars_cells"]

Kind = Literal["pandas", "polars", "arrow"]


@dataclasses.dataclass(frozen=True)
class Output:
    """One result column: ``category`` and ``text`` hold codes (-1 null) into ``labels``;
    ``float`` and ``bool`` hold values with a ``null`` mask."""

    name: str
    kind: Literal["category", "text", "float", "bool"]
    data: npt.NDArray[Any]
    labels: Sequence[str] = ()
    null: npt.NDArray[np.bool_] | None = None


def _module(name: str) -> Any:
    return sys.modules.get(name)


def frame_of(frame: object) -> Frame:
    """The frame behind one interface.

    Raises:
        InvalidTableError: not a pandas DataFrame, a polars DataFrame or a pyarrow Table.
    """
    pandas, polars, pyarrow = _module("pandas"), _module("polars"), _module("pyarrow")
    if pandas is not None and isinstance(frame, pandas.DataFrame):
        return Frame("pandas", frame)
    if polars is not None and isinstance(frame, polars.DataFrame):
        return Frame("polars", frame)
    if pyarrow is not None and isinstance(frame, pyarrow.Table):
        return Frame("arrow", frame)
    raise InvalidTableError(
        "frame", "unsupported_frame", "expected a pandas or polars DataFrame or a pyarrow Table"
    )


def arrow_cells(array: Any, size: int) -> Cells:
    """Cells of a pyarrow (chunked) array."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    kind = array.type
    if pa.types.is_null(kind):
        return Coded(np.full(size, -1, dtype=np.int32), ())
    if pa.types.is_boolean(kind):
        null = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)
        values = np.asarray(array.fill_null(False).to_numpy(zero_copy_only=False), dtype=np.bool_)
        return Booleans(values, null)
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        # an integer beyond 2**53 becomes the nearest float, as float(int) makes it
        cast = pc.cast(array, pa.float64(), safe=False).fill_null(np.nan)
        cast = cast.to_numpy(zero_copy_only=False)
        numbers = np.asarray(cast, dtype=np.float64)
        return Numbers(numbers, np.isnan(numbers), pa.types.is_integer(kind))
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        try:
            array.validate(full=True)
        except pa.ArrowInvalid:  # bytes that are not UTF-8 (a hand-made table, a bad file)
            return _undecodable(array, size)
        array = pc.dictionary_encode(array)
        kind = array.type
    if pa.types.is_dictionary(kind) and (
        pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type)
    ):
        # unsigned indices (polars' categoricals, uint8 dictionaries) cannot hold the -1
        # that marks a null until they are signed
        indices = pc.cast(array.indices, pa.int64()).fill_null(-1)
        codes = np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int32)
        return Coded(codes, array.dictionary.to_pylist())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        items = arrow_cells(array.flatten(), len(array.flatten()))
        if not isinstance(items, Coded):  # a list of numbers or lists: one code per item
            items = code_objects(array.flatten().to_pylist(), len(array.flatten()))
        # offsets of a sliced array start where its slice does
        offsets = np.asarray(array.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
        offsets = offsets - offsets[0]
        null = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)
        return Lists(offsets, items, null)
    return code_objects(array.to_pylist(), size)


def _undecodable(array: Any, size: int) -> Coded:
    """A text column holding bytes that are not UTF-8: each cell decoded with replacement
    characters, which the parser then refuses as any non-ASCII text (a bad row)."""
    import pyarrow as pa

    cells = array.cast(pa.binary()).to_pylist()
    return code_objects([None if c is None else c.decode("utf-8", "replace") for c in cells], size)


def pandas_cells(series: Any, size: int) -> Cells:
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.asarray(series.cat.codes.to_numpy(), dtype=np.int32)
        categories = series.cat.categories
        uniques = categories.tolist()
        if all(type(u) is str for u in uniques):
            return Coded(codes, uniques)
        return code_objects(series.astype(object).to_numpy(), size)
    if dtype == np.bool_:
        values = series.to_numpy()
        return Booleans(values, np.zeros(size, dtype=np.bool_))
    if pd.api.types.is_bool_dtype(dtype):  # the nullable "boolean"
        null = np.asarray(series.isna().to_numpy(), dtype=np.bool_)
        return Booleans(series.to_numpy(dtype=np.bool_, na_value=False), null)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return Numbers(values, np.isnan(values), pd.api.types.is_integer_dtype(dtype))
    if isinstance(dtype, pd.StringDtype) or (
        isinstance(dtype, pd.ArrowDtype) and dtype.kind in "OU"
    ):
        import pyarrow as pa

        return arrow_cells(pa.array(series), size)
    cells = series.to_numpy(dtype=object)
    return _texts(cells, size) or code_objects(cells, size)


def _texts(cells: Any, size: int) -> Coded | None:
    """An object column holding only texts (and nulls), coded by Arrow in C; None otherwise.

    pandas' type inference looks at each cell's type only; Arrow copies a text's characters
    without calling any of its methods, so a caller's ``str`` subclass is read as plain text
    (as :func:`b12labs.interpret` reads it).
    """
    import pandas as pd
    import pyarrow as pa

    if pd.api.types.infer_dtype(cells, skipna=True) != "string":
        return None
    try:
        array = pa.array(cells, type=pa.string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    found = arrow_cells(array, size)
    return found if isinstance(found, Coded) else None


def polars_cells(series: Any, size: int) -> Cells:
    import polars as pl

    dtype = series.dtype
    if dtype == pl.Boolean:
        null = series.is_null().to_numpy()
        return Booleans(series.fill_null(False).to_numpy(), null)
    if dtype.is_numeric():
        values = np.asarray(series.cast(pl.Float64).to_numpy(), dtype=np.float64)
        return Numbers(values, np.isnan(values), dtype.is_integer())
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum | pl.List):
        return arrow_cells(series.to_arrow(), size)
    return code_objects(series.to_list(), size)


@dataclasses.dataclass(frozen=True)
class Frame:
    """A caller's frame and what b12labs needs of it."""

    kind: Kind
    native: Any

    @property
    def height(self) -> int:
        if self.kind == "pandas":
            return len(self.native)
        if self.kind == "polars":
            return int(self.native.height)
        return int(self.native.num_rows)

    def rows(self, start: int, stop: int) -> Frame:
        """Rows ``start:stop`` of the frame, without copying them."""
        if self.kind == "pandas":
            return Frame(self.kind, self.native.iloc[start:stop])
        return Frame(self.kind, self.native.slice(start, stop - start))

    def numeric(self, name: object) -> bool:
        """Whether a column's type is a number type (booleans are not)."""
        if self.kind == "pandas":
            import pandas as pd

            dtype = self.native[name].dtype
            return bool(pd.api.types.is_numeric_dtype(dtype)) and not bool(
                pd.api.types.is_bool_dtype(dtype)
            )
        if self.kind == "polars":
            return bool(self.native.schema[name].is_numeric())
        import pyarrow as pa

        kind = self.native.schema.field(name).type
        return bool(pa.types.is_integer(kind) or pa.types.is_floating(kind))

    @functools.cached_property
    def _counts(self) -> Counter[Any]:
        """How many columns have each name (made once: a wide frame may have many)."""
        names = self.native.column_names if self.kind == "arrow" else list(self.native.columns)
        counts: Counter[Any] = Counter()
        for name in names:
            with contextlib.suppress(Exception):  # a pandas label whose hash raises
                counts[name] += 1
        return counts

    def count(self, name: object) -> int:
        """How many columns have this name."""
        if self.kind != "pandas" and type(name) is not str:
            return 0
        try:
            return int(self._counts.get(name, 0))
        except Exception:  # noqa: BLE001 - an unhashable or odd name is not a column
            return 0

    def has(self, name: object) -> bool:
        """Whether the frame has exactly one column of this name."""
        if self.kind != "pandas" and type(name) is not str:
            return False
        try:
            return bool(self._counts.get(name, 0) == 1)
        except Exception:  # noqa: BLE001 - an unhashable or odd name is not a column
            return False

    def names(self) -> list[object]:
        if self.kind == "arrow":
            return list(self.native.column_names)
        return list(self.native.columns)

    def cells(self, name: object) -> Cells:
        """One column, read into arrays."""
        size = self.height
        if self.kind == "pandas":
            return pandas_cells(self.native[name], size)
        if self.kind == "polars":
            return polars_cells(self.native.get_column(name), size)
        return arrow_cells(self.native.column(name), size)

    def with_columns(self, outputs: Sequence[Output]) -> Any:
        """A new frame of the caller's type: its columns, then ``outputs`` in order."""
        if self.kind == "pandas":
            return self._pandas(outputs)
        arrays = [(out.name, _arrow_array(out)) for out in outputs]
        if self.kind == "arrow":
            table = self.native
            for name, array in arrays:
                table = table.append_column(name, array)
            return table
        import polars as pl

        columns = []
        for out, (name, array) in zip(outputs, arrays, strict=True):
            series = pl.from_arrow(array)
            assert isinstance(series, pl.Series)
            if out.kind == "category":
                series = series.cast(pl.Enum(list(out.labels)))
            columns.append(series.alias(name))
        return self.native.with_columns(columns)

    def _pandas(self, outputs: Sequence[Output]) -> Any:
        import pandas as pd

        index = self.native.index
        new: dict[str, Any] = {}
        for out in outputs:
            if out.kind == "category":
                values: Any = pd.Categorical.from_codes(out.data, categories=list(out.labels))
            elif out.kind == "float":
                values = out.data if out.null is None else np.where(out.null, np.nan, out.data)
            elif out.kind == "bool":
                null = np.zeros(len(out.data), np.bool_) if out.null is None else out.null
                values = pd.arrays.BooleanArray(out.data, null)
            else:  # text: built by Arrow, then given the frame's index
                values = _arrow_array(out).to_pandas().array
            new[out.name] = pd.Series(values, index=index, name=out.name, copy=False)
        result = self.native.copy(deep=False)
        for name, series in new.items():
            result[name] = series
        return result


def _arrow_array(out: Output) -> Any:
    import pyarrow as pa

    if out.kind in ("category", "text"):
        indices = pa.array(out.data, mask=out.data < 0)
        dictionary = pa.DictionaryArray.from_arrays(
            indices, pa.array(list(out.labels), pa.string())
        )
        return dictionary if out.kind == "category" else dictionary.cast(pa.string())
    return pa.array(out.data, mask=out.null)
