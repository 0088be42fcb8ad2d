"""The ``b12labs`` command: ``interpret``, ``convert``, ``ranges``, ``vocabulary`` and ``batch``.

Exit status 0 on success; 2 on bad input, with a one-line error on standard error that
names the field and never repeats the input (usage errors included); 1 when the output
cannot be written (a closed or full standard output, a broken pipe), without a traceback.

Examples::

    b12labs interpret --b12 "130 pg/mL" --symptom tingling
    b12labs interpret --potassium "3.1 mmol/L" --symptom cramps --context diet=vegan --format json
    b12labs convert magnesium "2.0 mg/dL" mmol/L
    b12labs ranges --analyte potassium
    b12labs vocabulary --json
    b12labs batch labs.csv -o results.parquet --units b12=pg/mL
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from ._cli_batch import add_batch_command
from ._cli_vocabulary import add_vocabulary_command, interpret_epilog
from ._streams import OutputError, discard_pending_output, error_line, write_output
from ._version import __version__
from .analytes import as_analyte, chemistry
from .enums import Analyte
from .errors import B12LabsError, InvalidContextError
from .interpretation import interpret
from .ranges import RangeSet, RangeTable
from .results import result_class

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["main"]

_SET_FIELDS = {"medications", "conditions", "red_flags"}
#: Longest ``--context KEY=VALUE`` read. The library takes at most 64 names of 64
#: characters each; a longer text is refused here, before it is split into a list.
_MAX_CONTEXT_PAIR = 4096


def _context(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` pairs into a context mapping; set fields may repeat or use commas."""
    context: dict[str, Any] = {}
    for index, pair in enumerate(pairs):
        if len(pair) > _MAX_CONTEXT_PAIR:
            message = f"a --context value is at most {_MAX_CONTEXT_PAIR} characters"
            raise InvalidContextError(f"context[{index}]", "too_long", message)
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidContextError(f"context[{index}]", "not_key_value", "expected key=value")
        if key in _SET_FIELDS:
            context.setdefault(key, []).extend(part for part in value.split(",") if part.strip())
        else:
            context[key] = value.strip()
    return context


def _ranges(path: str | None) -> RangeSet | None:
    return None if path is None else RangeSet.load(path)


def _labs(args: argparse.Namespace) -> dict[str, object]:
    labs: dict[str, object] = {}
    for analyte in Analyte:
        text = getattr(args, analyte.value)
        if text is None:
            continue
        hemolyzed = bool(args.hemolyzed) and analyte is Analyte.potassium
        labs[analyte.value] = result_class(analyte)._parse(
            text, field=analyte.value, specimen=args.specimen, hemolyzed=hemolyzed
        )
    return labs


def _cmd_interpret(args: argparse.Namespace) -> str:
    report = interpret(
        **_labs(args),
        symptoms=args.symptom or None,
        context=_context(args.context or []),
        ranges=_ranges(args.ranges),
    )
    if args.format == "json":
        return report.model_dump_json(indent=2)
    if args.format == "markdown":
        return report.to_markdown()
    if args.format == "html":
        return report.to_html()
    return str(report).rstrip("\n")


def _cmd_convert(args: argparse.Namespace) -> str:
    analyte = as_analyte(args.analyte)
    result = result_class(analyte)._parse(args.value, field=analyte.value)
    converted = result.to(args.to_unit)
    if args.format == "json":
        return converted.model_dump_json()
    return f"{converted.comparator or ''}{converted.value:.6g} {converted.unit}"


def _table_lines(table: RangeTable) -> list[str]:
    default = " (default)" if table.default else ""
    lines = [f"  {table.population}: {table.label}{default}"]
    lines += [f"    {band.band.value:<15} {band.text:<26} {_cited(band)}" for band in table.bands]
    if table.note:
        lines.append(f"    note: {table.note}")
    return lines


def _cited(band: Any) -> str:
    ids = [bound.source.id for bound in (band.low, band.high) if bound is not None]
    return ", ".join(dict.fromkeys(ids))


def _cmd_ranges(args: argparse.Namespace) -> str:
    ranges = _ranges(args.ranges) or RangeSet.default()
    analytes = [as_analyte(args.analyte)] if args.analyte else [a for a in Analyte if a in ranges]
    if args.format == "json":
        payload = {
            "reference_data_version": ranges.version,
            "analytes": {
                a.value: [t.model_dump(mode="json") for t in ranges.tables(a)] for a in analytes
            },
        }
        return json.dumps(payload, indent=2)
    lines = [f"Reference ranges (data version {ranges.version})"]
    cited: dict[str, str] = {}
    for analyte in analytes:
        lines += [
            "",
            f"{chemistry(analyte).label} (canonical unit {chemistry(analyte).canonical_unit})",
        ]
        for table in ranges.tables(analyte):
            lines += _table_lines(table)
            cited.update({s.id: str(s) for s in table.sources})
    lines += ["", "Sources"] + [f"  {key}: {text}" for key, text in sorted(cited.items())]
    return "\n".join(lines)


def _action_name(action: argparse.Action) -> str | None:
    """The name argparse gives an argument in its messages (``--format``, ``command``)."""
    if action.option_strings:
        return "/".join(action.option_strings)
    for name in (action.metavar, action.dest):
        if isinstance(name, str) and name != argparse.SUPPRESS:
            return name
    return None


#: argparse's "expected ..." messages, which carry no caller text.
_EXPECTED = frozenset(
    {"expected one argument", "expected at least one argument", "expected at most one argument"}
)


class _Parser(argparse.ArgumentParser):
    """argparse, but every usage error is one fixed line that never repeats what was typed.

    argparse builds its messages from the caller's arguments (an unknown option, a bad
    choice, a value given to a flag), and a newline in one of them would even split the
    line. So a message is never cleaned up: it is recognised and replaced by a template
    that names only this parser's own arguments and choices.
    """

    def error(self, message: str) -> NoReturn:
        error_line(f"b12labs: error: {self._usage_problem(message)} (see b12labs --help)")
        raise SystemExit(2)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # --help and --version: a failed write is exit status 1, never silently lost, and
        # never redirected to standard error as argparse does when stdout is None
        if message:
            write_output(file if file is not None else sys.stdout, message)

    def _usage_problem(self, message: str) -> str:
        actions = {name: action for action in self._actions if (name := _action_name(action))}
        argument = re.fullmatch(r"argument (\S+): (.*)", message, flags=re.DOTALL)
        if argument is not None and argument[1] in actions:
            name, problem = argument[1], argument[2]
            choices = actions[name].choices
            if problem.startswith("invalid choice") and choices is not None:
                listed = ", ".join(repr(str(choice)) for choice in choices)
                return f"argument {name}: invalid choice (choose from {listed})"
            if problem in _EXPECTED:
                return f"argument {name}: {problem}"
            if problem.startswith("ignored explicit argument"):
                return f"argument {name}: takes no value"
            return f"argument {name}: invalid value"
        if message.startswith("unrecognized arguments"):
            return "unrecognized arguments"
        required = "the following arguments are required: "
        if message.startswith(required):
            names = message[len(required) :].split(", ")
            if all(name in actions for name in names):
                return message
            return "missing required arguments"
        return "invalid arguments"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="b12labs",
        allow_abbrev=False,  # "--b1" must not silently mean "--b12"
        description="Interpret serum vitamin B12, potassium and magnesium results. Not a diagnosis: "
        "always discuss results with a clinician.",
    )
    parser.add_argument("--version", action="version", version=f"b12labs {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser(
        "interpret",
        help="interpret labs, symptoms and context",
        description="Interpret B12, potassium and magnesium results with symptoms and context. "
        "The report says how soon to see a clinician; it is not a diagnosis.",
        epilog=interpret_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    run.add_argument(
        "--b12", metavar="TEXT", help='serum vitamin B12, e.g. "180 pg/mL" or "<150 pg/mL"'
    )
    run.add_argument("--potassium", metavar="TEXT", help='serum potassium, e.g. "3.1 mmol/L"')
    run.add_argument("--magnesium", metavar="TEXT", help='serum magnesium, e.g. "1.6 mg/dL"')
    run.add_argument(
        "--specimen",
        choices=["serum", "plasma"],
        default="serum",
        help="specimen of every lab given",
    )
    run.add_argument("--hemolyzed", action="store_true", help="the potassium sample was haemolysed")
    run.add_argument(
        "--symptom", action="append", metavar="NAME", help="a symptom; repeat for more"
    )
    run.add_argument(
        "--context",
        action="append",
        metavar="KEY=VALUE",
        help="e.g. diet=vegan, b12_injections=yes; repeatable",
    )
    run.add_argument("--ranges", metavar="PATH", help="a laboratory's range file or folder")
    run.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text")
    run.set_defaults(handler=_cmd_interpret)

    conv = commands.add_parser(
        "convert", help="convert a value between units of one analyte", allow_abbrev=False
    )
    conv.add_argument("analyte", help="b12, potassium or magnesium")
    conv.add_argument("value", help='the value with its unit, e.g. "2.0 mg/dL"')
    conv.add_argument("to_unit", help="the unit to convert to, e.g. mmol/L")
    conv.add_argument("--format", choices=["text", "json"], default="text")
    conv.set_defaults(handler=_cmd_convert)

    show = commands.add_parser(
        "ranges", help="show the reference ranges and their sources", allow_abbrev=False
    )
    show.add_argument("--analyte", help="only this analyte")
    show.add_argument(
        "--ranges", metavar="PATH", help="a laboratory's range file or folder instead"
    )
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(handler=_cmd_ranges)
    add_vocabulary_command(commands)
    add_batch_command(commands)  # its own module: the batch extra loads only when it runs
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1 or 2), never raises ``SystemExit``.

    0: success. 2: bad input, or a usage error (one line on standard error, no echo).
    1: the output could not be written.
    """
    try:
        return _run(argv)
    except OutputError:
        discard_pending_output()
        error_line("b12labs: error: the output could not be written")
        return 1


def _run(argv: Sequence[str] | None) -> int:
    if argv is not None:
        given = list(argv)
        if not all(isinstance(arg, str) for arg in given):
            error_line("b12labs: error: arguments must be text (see b12labs --help)")
            return 2
        argv = [str.__str__(arg) for arg in given]  # a caller's str subclass: plain copies
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors exit inside argparse
        return stop.code if isinstance(stop.code, int) else 2 if stop.code else 0
    try:
        output = args.handler(args)
    except B12LabsError as error:
        error_line(f"b12labs: error: {error}")
        return 2
    if isinstance(output, int):  # batch: it wrote its file and its summary itself
        return output
    write_output(sys.stdout, output + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
