"""CSV and Parquet files in and out, a chunk at a time, for ``b12labs batch``.

:func:`open_source` checks the input path, opens the file and reads its schema and first
batch (nothing is written yet); :meth:`Source.chunks` then yields pyarrow Tables of at most ``chunk_rows``
rows, so memory stays constant whatever the file's size. :class:`Sink` writes the output
file with one schema for every chunk and removes what it made if the run fails.

Every CSV column is read as text: a lab column of numbers stays text (the command reads
its plain numbers in the ``--units`` unit), and no cell can make the reader fail half-way
through a file (type inference on a first block would refuse a later "yes" in a column it
took for booleans). The library reads each cell as ``interpret()`` would: yes/no words in
symptom columns, ages, comma-separated medication names. An empty field is "not given".

Errors from pyarrow repeat the file's bytes ("Expected 3 columns, got 2: <the row>"), so
they are never shown: each is recognised and replaced by a fixed template.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..errors import InvalidTableError

__all__ = ["FORMATS", "Sink", "Source", "format_of", "open_source", "output_schema"]

FORMATS = ("csv", "parquet")
_EXTENSIONS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
#: Bytes the CSV reader parses at a time, and so the longest row it reads. pyarrow reads up
#: to 32 blocks ahead, so this bounds the memory a file of any size takes (32 MB of text).
BLOCK_BYTES = 1 << 20


def format_of(path: str, given: str | None, argument: str) -> str:
    """The file's format: ``given``, else from the path's extension.

    Raises:
        InvalidTableError: no format given and an extension that is not one of ours.
    """
    if given is not None:
        return given
    found = _EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        option = "--input-format" if argument == "input" else "--format"
        message = f"not a .csv, .parquet or .pq file name: give its format with {option}"
        raise InvalidTableError(argument, "unknown_format", message)
    return found


def _check_path(path: str) -> int:
    """The size of the regular file at ``path``.

    Raises:
        InvalidTableError: a path that cannot name a file, is missing, unreadable, or not
            a regular file (a folder; a FIFO, which could block for ever).
    """
    try:
        found = Path(path).stat()
    except ValueError:  # an embedded NUL: not a path the system can open
        raise InvalidTableError("input", "bad_path", "not a usable file path") from None
    except FileNotFoundError:
        raise InvalidTableError("input", "unreadable", "no such file") from None
    except OSError:
        raise InvalidTableError("input", "unreadable", "the file cannot be read") from None
    if not stat.S_ISREG(found.st_mode):
        raise InvalidTableError("input", "not_a_file", "not a regular file")
    if not os.access(path, os.R_OK):
        raise InvalidTableError("input", "unreadable", "the file cannot be read")
    return found.st_size


def read_error(error: BaseException, fmt: str) -> InvalidTableError:
    """The refusal for an error pyarrow raised while reading: its message may carry the
    file's bytes ("Expected 3 columns, got 2: <the row>"), so it is recognised, never shown."""
    text = str(error)
    if fmt == "parquet":
        if "UTF8" in text:
            message = "a text column of the Parquet file holds bytes that are not UTF-8"
            return InvalidTableError("input", "not_utf8", message)
        if "too deeply nested" in text:
            message = "the Parquet file nests its columns too deeply"
            return InvalidTableError("input", "too_deep", message)
        message = "the file cannot be read as Parquet (not Parquet, corrupt or truncated)"
        return InvalidTableError("input", "not_parquet", message)
    if re.search(r"Expected \d+ columns, got \d+", text):
        message = "a CSV row has more or fewer fields than the header"
        return InvalidTableError("input", "field_count", message)
    if "straddl" in text:
        message = f"a CSV row is longer than {BLOCK_BYTES >> 20} MB"
        return InvalidTableError("input", "too_large", message)
    if re.search(r"UTF-?8", text, flags=re.IGNORECASE):
        return InvalidTableError("input", "not_utf8", "the CSV file is not UTF-8 text")
    if "Empty CSV file" in text:
        message = "the CSV file is empty, or its header line does not end"
        return InvalidTableError("input", "not_csv", message)
    return InvalidTableError("input", "not_csv", "the file cannot be read as CSV")


#: What pyarrow raises for a file it cannot read (ArrowInvalid is a ValueError, a failed
#: read an OSError; an unknown type in a Parquet schema an ArrowNotImplementedError).
_READ_ERRORS = (pa.ArrowException, OSError, ValueError)


@dataclasses.dataclass
class Source:
    """An opened input: its schema, what progress is counted in, and its chunks."""

    fmt: str
    schema: Any
    batches: Iterator[Any]
    #: the progress bar's total (rows for Parquet, bytes for CSV) and its current count
    total: int | None
    position: Callable[[], int]
    close: Callable[[], None]
    #: the first batch, read by :func:`open_source` so that a file whose data (not just
    #: its header or footer) is broken is refused before OUT is opened
    first: Any = None

    def chunks(self, rows: int) -> Iterator[Any]:
        """The file as Tables of at most ``rows`` rows, in order.

        Raises:
            InvalidTableError: the file turns out to be unreadable part-way through.
        """
        pending: list[Any] = []
        count = 0
        while (batch := self._next()) is not None:
            while batch.num_rows:
                take = min(rows - count, batch.num_rows)
                pending.append(batch.slice(0, take))
                count += take
                batch = batch.slice(take)
                if count == rows:
                    yield pa.Table.from_batches(pending, self.schema)
                    pending, count = [], 0
        if pending:
            yield pa.Table.from_batches(pending, self.schema)

    def prime(self) -> None:
        """Read the first batch now (see :attr:`first`)."""
        self.first = self._next()

    def _next(self) -> Any:
        if self.first is not None:
            first, self.first = self.first, None
            return first
        try:
            return next(self.batches)
        except StopIteration:
            return None
        except _READ_ERRORS as error:
            raise read_error(error, self.fmt) from None


def open_source(path: str, fmt: str, chunk_rows: int) -> Source:
    """Open ``path`` as ``fmt`` and read its schema; nothing is written.

    Raises:
        InvalidTableError: the path or the file cannot be read as ``fmt``.
    """
    size = _check_path(path)
    try:
        source = _open_csv(path, size) if fmt == "csv" else _open_parquet(path, chunk_rows)
    except _READ_ERRORS as error:
        raise read_error(error, fmt) from None
    try:
        source.prime()
    except BaseException:
        source.close()
        raise
    return source


def _csv_reader(stream: Any, types: dict[str, Any] | None) -> Any:
    convert = pa_csv.ConvertOptions(
        column_types=types or {},
        strings_can_be_null=True,
        null_values=[""],  # only an empty field: "NA" or "NaN" stay text for the library
        quoted_strings_can_be_null=True,
    )
    return pa_csv.open_csv(
        stream,
        read_options=pa_csv.ReadOptions(block_size=BLOCK_BYTES, use_threads=False),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=convert,
    )


def _open_csv(path: str, size: int) -> Source:
    # the header's names come from a first open (its guessed types are thrown away); the
    # second reads every column as text
    with pa.OSFile(path, "rb") as probe:
        names = _csv_reader(probe, None).schema.names
    stream = pa.OSFile(path, "rb")
    try:
        reader = _csv_reader(stream, dict.fromkeys(names, pa.string()))
    except BaseException:
        stream.close()
        raise

    def close() -> None:  # the reader first: it may still be reading ahead from the file
        reader.close()
        stream.close()

    return Source("csv", reader.schema, iter(reader), size, stream.tell, close)


def _open_parquet(path: str, chunk_rows: int) -> Source:
    file = pq.ParquetFile(path)
    schema = file.schema_arrow
    batches = file.iter_batches(batch_size=chunk_rows, use_threads=False)
    done = [0]

    def counted() -> Iterator[Any]:
        for batch in batches:
            # Parquet's reader does not check what it decodes: text that is not UTF-8
            # would raise UnicodeDecodeError deep in the table functions
            batch.validate(full=True)
            done[0] += batch.num_rows
            yield batch

    total = file.metadata.num_rows
    return Source("parquet", schema, counted(), total, lambda: done[0], file.close)


def _is_text(kind: Any) -> bool:
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _csv_field(kind: Any) -> tuple[Any, Callable[[Any], Any]] | None:
    """The type a column of ``kind`` is written to CSV as, and how; None if it cannot be.

    Dictionaries (categorical results) are written as their values; a list of names (a
    Parquet ``medications`` column) as comma-separated names, as a CSV input holds them.
    """
    if pa.types.is_dictionary(kind):
        inner = _csv_field(kind.value_type)
        if inner is None:
            return None
        target, convert = inner
        return target, lambda array: convert(array.cast(kind.value_type))
    if pa.types.is_string_view(kind):
        return pa.string(), lambda array: array.cast(pa.string())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        item = kind.value_type
        if pa.types.is_dictionary(item):
            item = item.value_type
        if not _is_text(item):
            return None
        return pa.string(), _joined
    if pa.types.is_nested(kind) or pa.types.is_binary_view(kind):
        return None  # a struct, a map, a union: CSV has no form for them
    try:
        pa.array([], kind).cast(pa.string())
    except pa.ArrowException:
        return None
    return kind, lambda array: array


def _joined(array: Any) -> Any:
    """A list-of-texts column as comma-separated texts (a null item as an empty name)."""
    if isinstance(array, pa.ChunkedArray):
        return pa.chunked_array([_joined(c) for c in array.chunks], pa.string())
    items = pc.fill_null(array.values.cast(pa.string()), "")
    build = pa.LargeListArray if pa.types.is_large_list(array.type) else pa.ListArray
    lists = build.from_arrays(array.offsets, items, mask=array.is_null())
    return pc.binary_join(lists, ",")


def output_schema(schema: Any, fmt: str) -> tuple[Any, list[Callable[[Any], Any]]]:
    """The schema written for tables of ``schema``, and each column's conversion.

    Raises:
        InvalidTableError: a column CSV cannot hold (named by its position, never by its
            name, which is the caller's text).
    """
    if fmt == "parquet":
        return schema, [lambda array: array for _ in schema]
    fields, converts = [], []
    known: dict[Any, tuple[Any, Callable[[Any], Any]] | None] = {}  # a type is looked at once
    for index, field in enumerate(schema):
        if field.type not in known:
            known[field.type] = _csv_field(field.type)
        found = known[field.type]
        if found is None:
            message = (
                f"column {index + 1} holds structures CSV cannot (a struct, a map, nested "
                "lists); write Parquet instead"
            )
            raise InvalidTableError("output", "unsupported_type", message)
        fields.append(pa.field(field.name, found[0]))
        converts.append(found[1])
    return pa.schema(fields), converts


class Sink:
    """The output file: every chunk written with one schema; removed again on failure.

    Written through Python's ``open`` (so an audit hook sees the one file the command
    writes). A file this run created is deleted on failure; one that existed before is
    emptied (its old content is gone already); a device or a FIFO is left alone.
    """

    def __init__(self, path: str, fmt: str, schema: Any, converts: list[Any]) -> None:
        self.path = Path(path)
        self.schema = schema
        self.converts = converts
        existed = os.path.lexists(path)
        self.file: BinaryIO = self.path.open("wb")  # closed by close() or discard()
        self.created = not existed
        try:
            if fmt == "csv":
                self.writer: Any = pa_csv.CSVWriter(self.file, schema)
            else:
                self.writer = pq.ParquetWriter(self.file, schema)
        except BaseException:
            self.discard()
            raise
        self.fmt = fmt

    def write(self, table: Any) -> None:
        """Write one chunk, converted to the output schema.

        Raises:
            InvalidTableError: a binary column whose bytes are not text, for CSV.
            OSError: the file cannot be written (a full disk).
        """
        columns = []
        for index, (field, convert) in enumerate(zip(self.schema, self.converts, strict=True)):
            array = convert(table.column(index))
            columns.append(array if array.type == field.type else array.cast(field.type))
        table = pa.Table.from_arrays(columns, schema=self.schema)
        if self.fmt == "parquet" and table.num_rows == 0:
            return  # an empty row group says nothing; the footer carries the schema
        try:
            self.writer.write_table(table)
        except pa.ArrowInvalid:  # CSV of bytes that are not UTF-8 (a Parquet binary column)
            message = "a column holds bytes that are not UTF-8 text; write Parquet instead"
            raise InvalidTableError("output", "not_utf8", message) from None

    def close(self) -> None:
        self.writer.close()
        self.file.close()

    def discard(self) -> None:
        """Close without raising, and remove (or empty) what this run wrote."""
        writer = getattr(self, "writer", None)
        with contextlib.suppress(Exception):
            if writer is not None:
                writer.close()
        with contextlib.suppress(Exception):
            self.file.close()
        with contextlib.suppress(OSError):
            if self.created:
                self.path.unlink()
            elif stat.S_ISREG(self.path.stat().st_mode):
                os.truncate(self.path, 0)
