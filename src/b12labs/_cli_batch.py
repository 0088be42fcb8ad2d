"""The ``b12labs batch`` subcommand's arguments and its entry; the work is done in
:mod:`b12labs.batch._command`.

Kept out of :mod:`b12labs.batch` so that ``import b12labs.cli`` imports no numpy, pyarrow
or tqdm: they load only when ``batch`` runs (the one-shot ``interpret``'s start-up time
matters), and their absence is a one-line error naming the extra, not a traceback.
"""

from __future__ import annotations

import argparse
from typing import Any

from ._streams import error_line

__all__ = ["add_batch_command"]

MISSING_EXTRA = (
    'b12labs: error: the batch command needs the batch extra: pip install "b12labs[batch]"'
)
DEFAULT_CHUNK_ROWS = 65_536
#: Most rows interpreted at a time (about a gigabyte of a wide table's columns).
MAX_CHUNK_ROWS = 1 << 24

DESCRIPTION = """\
Interpret every row of a CSV or Parquet file and write it, with its result columns, to OUT.
Formats come from the extensions (.csv, .parquet, .pq); input and output may differ."""

EPILOG = """\
wide tables (the default), one person per row, columns named as interpret()'s arguments:
  b12, potassium, magnesium   texts such as "180 pg/mL" or "<150 pg/mL"; a plain number
                              ("180") is read in the unit --units gives (b12=pg/mL)
  one column per symptom      true/false (or yes/no, 1/0); empty means not reported
  context columns             diet, age_years, pregnant, pregnancy_trimester, medications
                              and conditions (comma-separated names), ...
  <lab>_hemolyzed, <lab>_specimen
  --column b12=vitb12 reads b12 from the file's column "vitb12".
long tables (--long), one result per row, as lab extracts come:
  analyte, value, unit        value is a number or number text in the row's unit; with
                              --no-unit-column a whole text ("<150 pg/mL"); with
                              --analyte LAB every row is that lab and no analyte column
  comparator, age_years, pregnant, pregnancy_trimester
                              read when the file has a column of that name
  --column value=result_value names the file's own column for any of these.

A CSV file is read as UTF-8 text, every column as text (rows of at most 1 MB; blank lines
are skipped); an empty field means "not given". OUT gets every input row in order, its
columns as they came, then the result columns; a row that cannot be interpreted keeps its
place, with the error's code and field in error and error_field. Standard error shows a
progress bar when it is a terminal, then a one-line summary (rows, bad rows by error
code, time); no cell value, column name or path is ever printed.

exit status: 0 when the whole file was read (bad rows included); 2 when it cannot be read
or an option is wrong; 1 when OUT cannot be written. OUT is opened only once the options,
the file's header and its first block are checked; if the command fails after that, OUT is
deleted (emptied, if it existed before). No other file is written.

example:
  b12labs batch labs.csv -o results.parquet --units b12=pg/mL --column b12=vitb12"""


def _chunk_rows(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_CHUNK_ROWS:
        raise ValueError("out of range")  # argparse: "argument --chunk-rows: invalid value"
    return value


def add_batch_command(commands: Any) -> None:
    """Add ``batch`` to the ``b12labs`` command's subparsers."""
    run = commands.add_parser(
        "batch",
        help="interpret a CSV or Parquet file, row by row",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    run.add_argument("input", metavar="IN", help="the table to read (.csv, .parquet, .pq)")
    run.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the file to write; replaced"
    )
    run.add_argument("--long", action="store_true", help="a long table: one result per row")
    run.add_argument(
        "--format", choices=["csv", "parquet"], help="OUT's format (default: its extension)"
    )
    run.add_argument(
        "--input-format", choices=["csv", "parquet"], help="IN's format (default: its extension)"
    )
    run.add_argument(
        "--units",
        action="append",
        metavar="LAB=UNIT",
        help="wide tables: the unit of a lab column's plain numbers, e.g. b12=pg/mL; repeatable",
    )
    run.add_argument(
        "--column",
        action="append",
        metavar="NAME=COLUMN",
        help="the file's column for a name b12labs reads, e.g. b12=vitb12; repeatable",
    )
    run.add_argument("--analyte", metavar="LAB", help="long tables: every row is of this lab")
    run.add_argument(
        "--no-unit-column",
        action="store_true",
        help='long tables: values are whole texts such as "<150 pg/mL"',
    )
    run.add_argument(
        "--chunk-rows",
        type=_chunk_rows,
        default=DEFAULT_CHUNK_ROWS,
        metavar="N",
        help=f"rows interpreted at a time (default {DEFAULT_CHUNK_ROWS}); memory stays constant",
    )
    run.add_argument("--ranges", metavar="PATH", help="a laboratory's range file or folder")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.set_defaults(handler=_cmd_batch)


def _cmd_batch(args: argparse.Namespace) -> int:
    try:
        from .batch._command import run
    except ImportError:  # numpy, pyarrow or tqdm is missing
        error_line(MISSING_EXTRA)
        return 2
    try:
        return run(args)
    except KeyboardInterrupt:  # OUT is already removed; no traceback for a Ctrl-C
        error_line("b12labs: error: interrupted")
        return 130
