"""``b12labs batch IN -o OUT``: a CSV or Parquet file through the table functions.

The plan is checked before anything is written: the options, the input's path, schema and
first batch, and the table function's own argument checks (run on a 0-row table of the
input's schema). Only then is OUT opened; each chunk is interpreted and written in order, so memory
stays constant. A failure after that removes OUT (see :class:`._files.Sink`).

Standard error gets a progress bar (when it is a terminal) and a one-line summary: rows,
bad rows by error code, time. Neither ever shows a cell, a column name or a path.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from .._streams import error_line
from ..analytes import as_analyte
from ..enums import Analyte
from ..errors import B12LabsError, InvalidTableError
from ..ranges import RangeSet
from ._files import Sink, Source, format_of, open_source, output_schema
from ._long import classify_table
from ._wide import interpret_table

__all__ = ["run"]

_T = TypeVar("_T")

#: Long-table columns read when the file has a column of that name.
_OPTIONAL_LONG = ("comparator", "age_years", "pregnant", "pregnancy_trimester")
#: The columns of a long table ``--column`` may name (``classify_table``'s arguments).
_LONG_COLUMNS = ("analyte", "value", "unit", *_OPTIONAL_LONG)
#: Longest ``NAME=VALUE`` option read (a column name or a unit is far shorter).
_MAX_PAIR = 4096
#: A lab cell that is a number alone (with a comparator perhaps): ``--units`` gives its unit.
_PLAIN_NUMBER = r"^\s*(<=?|>=?)?\s*[0-9]+([.,][0-9]+)?\s*$"


def _pairs(values: Sequence[str] | None, option: str, shape: str) -> dict[str, str]:
    """``NAME=VALUE`` options into a mapping; a name given twice is refused."""
    found: dict[str, str] = {}
    for index, pair in enumerate(values or ()):
        field = f"{option}[{index}]"
        if len(pair) > _MAX_PAIR:
            message = f"a --{option} entry is at most {_MAX_PAIR} characters"
            raise InvalidTableError(field, "too_long", message)
        name, sep, value = pair.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise InvalidTableError(field, "not_key_value", f"expected {shape}")
        if name in found:
            raise InvalidTableError(field, "duplicate", "this name is given twice")
        found[name] = value
    return found


def _wrong_layout(option: str, layout: str) -> InvalidTableError:
    message = f"--{option.replace('_', '-')} is for {layout} tables only"
    return InvalidTableError(option, "wrong_layout", message)


@dataclasses.dataclass
class _Plan:
    """What one run does to every chunk: a table function and its keyword arguments."""

    long: bool
    kwargs: dict[str, Any]
    #: wide tables: lab columns of text whose plain numbers get the --units unit
    texts_with_unit: dict[int, str]

    def apply(self, table: Any) -> Any:
        """The table function over one chunk: its rows with their result columns."""
        view, changed = _library_view(table, self.texts_with_unit)
        function = classify_table if self.long else interpret_table
        result = function(view, **self.kwargs)
        for index in changed:  # the input's own cells go out as they came
            result = result.set_column(index, table.field(index), table.column(index))
        return result


#: Integers past 2**53 have no float64; the library reads numbers as float64.
_EXACT = 2**53


def _library_view(table: Any, texts_with_unit: dict[int, str]) -> tuple[Any, list[int]]:
    """The chunk as the table function reads it, and the columns that differ from it.

    Plain numbers in text lab columns get their ``--units`` unit. 64-bit integers are
    clipped to +-2**53 (a 2**63 - 1 in a Parquet column makes the library's float64 cast
    raise): no lab value, age, trimester or yes/no answer is valid out there, and each is
    refused for the same reason at 2**53 as at 2**63.
    """
    changed = []
    for index, field in enumerate(table.schema):
        column = table.column(index)
        if index in texts_with_unit:
            column = _with_unit(column, texts_with_unit[index])
        elif pa.types.is_int64(field.type) or pa.types.is_uint64(field.type):
            # skip_nulls=False: a null stays null (not given) instead of becoming the limit
            column = pc.min_element_wise(column, pa.scalar(_EXACT, field.type), skip_nulls=False)
            if pa.types.is_int64(field.type):
                low = pa.scalar(-_EXACT, field.type)
                column = pc.max_element_wise(column, low, skip_nulls=False)
        else:
            continue
        table = table.set_column(index, field.name, column)
        changed.append(index)
    return table, changed


def _with_unit(column: Any, unit: str) -> Any:
    """Text cells that are a plain number, with `` unit`` appended (others as they are)."""
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    plain = pc.fill_null(pc.match_substring_regex(column, _PLAIN_NUMBER), False)
    return pc.if_else(plain, pc.binary_join_element_wise(column, unit, " "), column)


def _is_text_type(kind: Any) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _plan(args: argparse.Namespace, schema: Any) -> _Plan:
    """The table function's arguments from the options and the input's schema.

    Raises:
        B12LabsError: an option that is malformed, or not for this layout.
    """
    columns = _pairs(args.column, "column", "NAME=COLUMN")
    units = _pairs(args.units, "units", "LAB=UNIT")
    ranges = None if args.ranges is None else RangeSet.load(args.ranges)
    if not args.long:
        if args.analyte is not None:
            raise _wrong_layout("analyte", "long")
        if args.no_unit_column:
            raise _wrong_layout("no_unit_column", "long")
        texts: dict[int, str] = {}
        names = schema.names
        for lab in Analyte:
            name, unit = columns.get(lab.value, lab.value), units.get(lab.value)
            if unit is None or names.count(name) != 1:
                continue
            if _is_text_type(schema.field(name).type):
                texts[names.index(name)] = unit
        wide = {"columns": columns or None, "units": units or None, "ranges": ranges}
        return _Plan(False, wide, texts)
    if units:
        raise _wrong_layout("units", "wide")
    for key in columns:
        if key not in _LONG_COLUMNS:
            raise InvalidTableError("column", "unknown_key", "not a column a long table has")
    kwargs: dict[str, Any] = {"analyte": "analyte", "value": "value", "unit": "unit"}
    kwargs |= {name: name for name in _OPTIONAL_LONG if name in schema.names}
    kwargs |= columns
    if args.no_unit_column:
        _not_both("no_unit_column", "unit", columns)
        kwargs["unit"] = None
    if args.analyte is not None:
        _not_both("analyte", "analyte", columns)
        kwargs["analyte"] = as_analyte(args.analyte)
    return _Plan(True, kwargs | {"ranges": ranges}, {})


def _not_both(option: str, key: str, columns: dict[str, str]) -> None:
    if key in columns:
        message = f"--{option.replace('_', '-')} and --column {key}= do not go together"
        raise InvalidTableError(option, "conflict", message)


class _Progress:
    """A tqdm bar on standard error that never fails the run: if standard error cannot be
    written, the bar goes quiet."""

    def __init__(self, source: Source, enabled: bool) -> None:
        self.source = source
        self.bar: Any = None
        if not enabled:
            return
        in_bytes = source.fmt == "csv"
        try:
            self.bar = _Bar(
                total=source.total,
                unit="B" if in_bytes else " rows",
                unit_scale=in_bytes,
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
            )
        except (OSError, ValueError):
            self.bar = None

    def advance(self, rows: int) -> None:
        if self.bar is None:
            return
        try:
            if self.source.fmt == "csv":  # bytes read of the file's size, and rows done
                self.bar.set_postfix_str(f"{rows} rows", refresh=False)
                self.bar.update(self.source.position() - self.bar.n)
            else:
                self.bar.update(rows - self.bar.n)
        except (OSError, ValueError):
            self.bar.disable = True
            self.bar = None

    def close(self) -> None:
        if self.bar is not None:
            try:
                self.bar.close()
            except (OSError, ValueError):
                self.bar.disable = True
            self.bar = None


class _Bar(tqdm):  # type: ignore[misc]
    monitor_interval = 0  # no monitor thread left behind after the command


def _wants_progress(args: argparse.Namespace) -> bool:
    """A bar only for a person watching: standard error is a terminal."""
    if args.no_progress or sys.stderr is None:
        return False
    try:
        return bool(sys.stderr.isatty())
    except (OSError, ValueError, AttributeError):
        return False


def _summary(rows: int, bad: Counter[str], seconds: float) -> str:
    codes = ", ".join(f"{code} {count}" for code, count in sorted(bad.items()))
    total = sum(bad.values())
    detail = f" ({codes})" if codes else ""
    return f"b12labs batch: {rows} rows, {total} bad{detail}, {seconds:.1f} s"


def _count_errors(result: Any, bad: Counter[str]) -> None:
    errors = result.column("error")
    if errors.null_count == len(errors):
        return
    for item in pc.value_counts(errors.drop_null()).to_pylist():
        bad[str(item["values"])] += int(item["counts"])


def _same_file(first: str, second: str) -> bool:
    try:
        return Path(first).samefile(second)
    except (OSError, ValueError):
        return False


def _hold_standard_descriptors() -> None:
    """Keep descriptors 0, 1 and 2 taken (by the null device, read-only) when they were
    closed, so OUT is never opened as one of them: a message a C library writes to
    descriptor 2 must not land in the output file."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            taken = os.open(os.devnull, os.O_RDONLY)
            if taken != descriptor:  # a lower one was free after all: nothing to hold
                os.close(taken)


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit status: 0 when the file was read (bad rows
    included), 1 when OUT cannot be written (reported here: the CLI's handling of a failed
    standard output would also point the process's standard output at the null device).

    Raises:
        B12LabsError: an option or the input that cannot be used (exit status 2).
    """
    started = time.perf_counter()
    _hold_standard_descriptors()
    in_fmt = format_of(args.input, args.input_format, "input")
    out_fmt = format_of(args.output, args.format, "output")
    if _same_file(args.input, args.output):
        raise InvalidTableError("output", "same_file", "the output would replace the input")
    source = open_source(args.input, in_fmt, args.chunk_rows)
    try:
        names = source.schema.names
        if len(set(names)) != len(names):
            raise InvalidTableError("input", "duplicate", "two columns of the file share a name")
        plan = _plan(args, source.schema)
        empty = plan.apply(source.schema.empty_table())  # the library's argument checks
        schema, converts = output_schema(empty.schema, out_fmt)
        sink = _output(lambda: Sink(args.output, out_fmt, schema, converts))
        rows, bad = _stream(source, plan, sink, args)
    except _UnwritableError:
        error_line("b12labs: error: the output could not be written")
        return 1
    finally:
        source.close()
    error_line(_summary(rows, bad, time.perf_counter() - started))
    return 0


class _UnwritableError(Exception):
    """OUT could not be created or written."""


def _output(call: Callable[[], _T]) -> _T:
    """``call()``, with a failure to write OUT as :class:`_UnwritableError`."""
    try:
        return call()
    except OSError:  # no such folder, no permission, a full disk, a folder named OUT
        raise _UnwritableError from None
    except ValueError as error:
        if isinstance(error, B12LabsError):
            raise
        raise _UnwritableError from None  # a path with a NUL in it


def _stream(
    source: Source, plan: _Plan, sink: Sink, args: argparse.Namespace
) -> tuple[int, Counter[str]]:
    """Every chunk through the plan into the sink; the rows written and bad rows by code."""
    progress = _Progress(source, _wants_progress(args))
    rows, bad = 0, Counter[str]()
    try:
        for chunk in source.chunks(args.chunk_rows):
            result = plan.apply(chunk)
            _output(functools.partial(sink.write, result))
            rows += result.num_rows
            _count_errors(result, bad)
            progress.advance(rows)
        _output(sink.close)
    except BaseException:
        sink.discard()
        raise
    finally:
        progress.close()
    return rows, bad
