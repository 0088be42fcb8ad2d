"""Privacy, proven: no network, subprocess or file writes; no logging; no echo of the input.

api.md section 1 promises a pure function (no I/O, no network, no logging of values) and
section 7 messages that never repeat the input. Three proofs:

1. An audit hook (``sys.addaudithook``, in a fresh interpreter because a hook cannot be
   removed) sees no socket, subprocess, or file-write event while ``import b12labs`` runs
   and while a corpus of calls runs: parsing, conversion, interpretation, every renderer,
   the bundled and a laboratory's ranges, and the CLI in-process.
2. With every logger enabled, no log record is created during the corpus.
3. A marker placed in every input field (lab text, unit, tuple parts, mapping keys and
   values, symptom names, every context key and value, range-file text, keys and values,
   CLI arguments) never appears in an error's message, ``str``, ``repr`` or traceback, in
   a warning, or in any output.

``b12labs batch`` has its own three: in a fresh interpreter with an empty working folder,
home and temporary folder, the one file it opens for writing (and removes after a failure
part-way) is OUT, and those folders stay empty; a marker in every cell and extra column
name of a CSV and a Parquet file never reaches standard output or error (progress bar
included) nor the ``error``/``error_field`` columns; and it creates no log record.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import subprocess
import sys
import textwrap
import tomllib
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from b12labs import (
    B12LabsError,
    B12Result,
    Context,
    LabResult,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    Report,
    convert,
    interpret,
)
from b12labs.cli import main

MARKER = "PATIENT-7F3K-SECRET"
FICTIONAL = Path(__file__).resolve().parent / "data" / "fictional"
B12_TOML = (FICTIONAL / "b12.toml").read_text(encoding="utf-8")


# --- 1. audit hook -------------------------------------------------------------------------

#: Runs in a fresh interpreter (with -B, so the import system writes no bytecode files):
#: installs the hook, imports b12labs, runs the corpus, prints what the hook saw as JSON.
#: What both audit scripts forbid, and how an event is judged.
_HOOK_PRELUDE = textwrap.dedent(
    """
    import io, json, os, sys
    from contextlib import redirect_stderr, redirect_stdout

    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    # network, processes, and anything that changes the file system (numpy, which pint
    # imports, sets an environment variable and dlopens itself: neither is listed)
    FORBIDDEN = (
        "socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
        "os.fork", "os.forkpty", "pty.", "os.kill", "os.remove", "os.rename", "os.rmdir",
        "os.mkdir", "os.truncate", "os.symlink", "os.link", "os.chmod", "os.chown",
        "os.utime", "shutil.", "tempfile.", "sqlite3.", "urllib.", "http.", "ftplib.",
        "smtplib.", "webbrowser.",
    )

    def forbidden(event, args):
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, 0))[:3]
            writes = any(c in mode for c in "wax+") if isinstance(mode, str) else False
            return writes or (mode is None and isinstance(flags, int) and bool(flags & WRITE_FLAGS))
        return event.startswith(FORBIDDEN)
    """
)
_AUDIT_SCRIPT = _HOOK_PRELUDE + textwrap.dedent(
    """
    phase = ["import"]
    seen = {"import": [], "calls": []}

    def hook(event, args):
        if phase[0] in seen and forbidden(event, args):
            seen[phase[0]].append(f"{event} {str(args)[:200]}")

    sys.addaudithook(hook)
    import b12labs

    phase[0] = "calls"
    from b12labs import B12Result, MagnesiumResult, PotassiumResult, RangeSet, convert, interpret
    from b12labs.cli import main
    from b12labs.units import registry

    fictional = sys.argv[1]
    B12Result.parse("<150 pg/mL").to("pmol/L")
    PotassiumResult.parse("3,5 mmol/L")
    MagnesiumResult.parse("1.6 mg/dl").canonical()
    convert(2.0, "mg/dL", "mmol/L", analyte="magnesium")
    for kwargs in (
        {},
        {"b12": "130 pg/mL", "symptoms": ["tingling", "cramps"], "context": {"diet": "vegan"}},
        {"potassium": (2.4, "mmol/L"), "magnesium": "0.5 mmol/L", "symptoms": "palpitations"},
        {"b12": "<300 pg/mL", "context": {"age_years": 80, "medications": ["metformin"]}},
        {"b12": "150 pg/mL", "ranges": RangeSet.load(fictional)},
    ):
        report = interpret(**kwargs)
        str(report), report.to_markdown(), report.to_html(), report.model_dump_json()
    for bad in ("1,500 pg/mL", "245 furlongs", "10**10**10"):
        try:
            B12Result.parse(bad)
        except b12labs.B12LabsError:
            pass
    RangeSet.default()
    RangeSet.from_toml(open(os.path.join(fictional, "b12.toml"), encoding="utf-8").read())
    registry()  # b12labs' own pint registry: never a cache folder, never a file
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        for argv in (
            ["interpret", "--b12", "130 pg/mL", "--symptom", "tingling", "--format", "json"],
            ["interpret", "--potassium", "3.1 mmol/L", "--format", "html"],
            ["convert", "magnesium", "2.0 mg/dL", "mmol/L"],
            ["ranges", "--ranges", fictional],
            ["interpret", "--b12", "nonsense"],
            ["--help"],
        ):
            main(argv)
    phase[0] = "done"
    print(json.dumps(seen))
    """
)


def run_audit(script: str, *args: str, timeout: float = 120, **options: Any) -> Any:
    """Run an audit script in a fresh interpreter and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-B", "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **options,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def audited() -> dict[str, list[str]]:
    seen: dict[str, list[str]] = run_audit(_AUDIT_SCRIPT, str(FICTIONAL))
    return seen


@pytest.mark.slow
def test_import_opens_no_socket_process_or_file_for_writing(audited: dict[str, list[str]]) -> None:
    assert audited["import"] == []


@pytest.mark.slow
def test_the_call_corpus_opens_no_socket_process_or_file_for_writing(
    audited: dict[str, list[str]],
) -> None:
    assert audited["calls"] == []


@pytest.mark.slow
def test_the_audit_hook_would_see_a_write() -> None:
    """The hook is not blind: the same script reports a file opened for writing."""
    script = _AUDIT_SCRIPT.replace(
        'phase[0] = "done"', 'open(os.devnull, "w").close()\nphase[0] = "done"'
    )
    seen = run_audit(script, str(FICTIONAL))
    assert len(seen["calls"]) == 1
    assert seen["calls"][0].startswith("open ")


# --- the corpus of calls, with the marker in every field ------------------------------------


def _lab_inputs() -> Iterator[tuple[str, str, object]]:
    """``(analyte, description, lab)`` with the marker in each part of a lab input."""
    for analyte, unit in (("b12", "pg/mL"), ("potassium", "mmol/L"), ("magnesium", "mg/dL")):
        for text in (
            f"245 {MARKER}",
            f"{MARKER} {unit}",
            f"<{MARKER}",
            f"245 {unit} {MARKER}",
            f"245{MARKER}{unit}",
            f"{MARKER}",
            f"245 {unit}\n{MARKER}",
        ):
            yield analyte, f"text {text!r}", text
        yield analyte, "tuple value", (MARKER, unit)
        yield analyte, "tuple unit", (245, MARKER)
        yield analyte, "tuple number text", (f"2{MARKER}", unit)
        yield analyte, "tuple of one", (MARKER,)
        yield analyte, "tuple of three", (245, unit, MARKER)
        yield analyte, "mapping key", {"value": 245, "unit": unit, MARKER: 1}
        for field in ("value", "unit", "comparator", "specimen", "hemolyzed", "loinc", "analyte"):
            yield analyte, f"mapping {field}", {"value": 245, "unit": unit, field: MARKER}


def _context_inputs() -> Iterator[tuple[str, object]]:
    yield "key", {MARKER: True}
    yield "key with a value", {MARKER: MARKER}
    yield "close key", {f"diet{MARKER}": "vegan"}
    for field in Context.model_fields:
        yield f"{field} text", {field: MARKER}
        yield f"{field} list", {field: [MARKER]}
        yield f"{field} list with a valid name", {field: ["metformin", MARKER]}
        yield f"{field} comma text", {field: f"statin,{MARKER}"}
        yield f"{field} number text", {field: f"4{MARKER}"}


def _range_texts() -> Iterator[tuple[str, str]]:
    """Range-file text with the marker in a key or a value that makes the file invalid
    (labels, notes and titles of a *valid* file are shown in reports by design)."""
    replacements = {
        "analyte": ('analyte = "b12"', f'analyte = "{MARKER}"'),
        "schema_version": ("schema_version = 1", f'schema_version = "{MARKER}"'),
        "population id": ('id = "pregnancy"', f'id = "{MARKER}"'),
        "band": ('band = "low"', f'band = "{MARKER}"'),
        "unit": ('unit = "pg/mL"', f'unit = "{MARKER}"'),
        "value": ("value = 50,", f'value = "{MARKER}",'),
        "inclusive": ("inclusive = false", f'inclusive = "{MARKER}"'),
        "cited source": ('source = "fictional-pregnancy"', f'source = "{MARKER}"'),
        "source id": ("[sources.fictional-adult]", f'[sources."{MARKER}"]'),
        "source url": (
            'url = "https://example.org/b12labs/fictional/b12-pregnancy"',
            f'url = "{MARKER}"',
        ),
        "unknown key": ("schema_version = 1", f"schema_version = 1\n{MARKER} = 1"),
        "unknown quoted key": ("schema_version = 1", f'schema_version = 1\n"{MARKER}" = 1'),
        "when": ("when = { pregnant = true }", f'when = {{ pregnant = "{MARKER}" }}'),
        "age unit": ('unit = "years" }', f'unit = "{MARKER}" }}'),
        "syntax": ("schema_version = 1", f"schema_version = 1\n{MARKER}"),
        "syntax in a string": ('analyte = "b12"', f'analyte = "b12\n{MARKER}"'),
    }
    for what, (old, new) in replacements.items():
        assert old in B12_TOML, what
        yield what, B12_TOML.replace(old, new, 1)


def _range_mappings() -> Iterator[tuple[str, object]]:
    """A parsed range file with the marker as each key, and in place of each value."""
    base = tomllib.loads(B12_TOML)

    def paths(node: object, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        yield path
        if isinstance(node, dict):
            for key, value in node.items():
                yield from paths(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from paths(value, (*path, index))

    def copy_with(path: tuple[Any, ...], change: Callable[[Any, Any], None]) -> object:
        data = tomllib.loads(B12_TOML)
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        change(node, path[-1])
        return data

    def set_value(node: Any, key: Any) -> None:
        node[key] = MARKER

    def rename_key(node: Any, key: Any) -> None:
        node[MARKER] = node.pop(key)

    for path in list(paths(base, ()))[1:]:
        where = ".".join(map(str, path))
        if path[-1] in ("label", "note", "title", "version", "ref"):
            continue  # free text of a valid file, shown in reports by design
        yield f"value {where}", copy_with(path, set_value)
        if isinstance(path[-1], str):
            yield f"key {where}", copy_with(path, rename_key)


def _cli_argvs() -> Iterator[list[str]]:
    yield ["interpret", "--b12", f"245 {MARKER}"]
    yield ["interpret", "--potassium", MARKER]
    yield ["interpret", "--magnesium", f"{MARKER} mg/dL"]
    yield ["interpret", "--symptom", MARKER]
    yield ["interpret", "--symptom", "cramps", "--symptom", f"x{MARKER}"]
    yield ["interpret", "--context", f"{MARKER}=yes"]
    yield ["interpret", "--context", MARKER]
    for field in Context.model_fields:
        yield ["interpret", "--context", f"{field}={MARKER}"]
    yield ["interpret", "--specimen", MARKER]
    yield ["interpret", "--format", MARKER]
    yield ["interpret", "--ranges", f"/nonexistent/{MARKER}"]
    yield ["interpret", f"--{MARKER}"]
    yield ["interpret", f"--b12={MARKER}"]
    yield [MARKER]
    yield ["convert", MARKER, "245 pg/mL", "pmol/L"]
    yield ["convert", "b12", f"245 {MARKER}", "pmol/L"]
    yield ["convert", "b12", "245 pg/mL", MARKER]
    yield ["convert", "b12", "245 pg/mL", "pmol/L", MARKER]
    yield ["ranges", "--analyte", MARKER]
    yield ["ranges", "--ranges", MARKER]


def _bind(function: Callable[..., object], *args: Any, **kwargs: Any) -> Callable[[], object]:
    """``function`` with its (deliberately ill-typed) arguments bound."""
    return lambda: function(*args, **kwargs)


def _calls() -> Iterator[tuple[str, Callable[[], object]]]:
    """Every call of the marker corpus: ``(description, call)``."""
    classes: dict[str, type[LabResult]] = {
        "b12": B12Result,
        "potassium": PotassiumResult,
        "magnesium": MagnesiumResult,
    }
    for analyte, what, lab in _lab_inputs():
        yield f"interpret {analyte} {what}", _bind(interpret, **{analyte: lab})
        if isinstance(lab, str):
            yield f"parse {analyte} {what}", _bind(classes[analyte].parse, lab)
    yield "parse specimen", lambda: B12Result.parse("245 pg/mL", specimen=MARKER)  # type: ignore[arg-type]
    yield "parse hemolyzed", lambda: B12Result.parse("245 pg/mL", hemolyzed=MARKER)  # type: ignore[arg-type]
    yield "to unit", lambda: B12Result.parse("245 pg/mL").to(MARKER)
    yield "convert from", lambda: convert(245, MARKER, "pmol/L", analyte="b12")
    yield "convert to", lambda: convert(245, "pg/mL", MARKER, analyte="b12")
    yield "convert analyte", lambda: convert(245, "pg/mL", "pmol/L", analyte=MARKER)
    yield "convert value", lambda: convert(MARKER, "pg/mL", "pmol/L", analyte="b12")  # type: ignore[call-overload]
    yield "symptom", lambda: interpret(symptoms=MARKER)
    yield "symptom list", lambda: interpret(symptoms=["tingling", MARKER])
    yield "symptom close", lambda: interpret(symptoms=[f"tingling{MARKER}"])
    for what, context in _context_inputs():
        yield f"context {what}", _bind(interpret, context=context)
    for what, text in _range_texts():
        yield f"range text {what}", _bind(RangeSet.from_toml, text, name="lab.toml")
    for what, mapping in _range_mappings():
        yield f"range mapping {what}", _bind(RangeSet.from_mapping, mapping)
    yield "range select", lambda: RangeSet.default().select("b12", age_years=MARKER)  # type: ignore[arg-type]
    yield "range tables", lambda: RangeSet.default().tables(MARKER)
    yield "range path", lambda: RangeSet.load(f"/nonexistent/{MARKER}.toml")


def _renderings(value: object) -> list[str]:
    texts = [repr(value), str(value)]
    if isinstance(value, Report):
        texts += [value.to_markdown(), value.to_html(), value.model_dump_json()]
    elif hasattr(value, "model_dump_json"):
        texts.append(value.model_dump_json())
    return texts


def _error_texts(error: B12LabsError) -> list[str]:
    parts = [str(error), repr(error), error.field, error.code, error.message]
    parts += [str(arg) for arg in error.args]
    parts += [str(getattr(error, "suggestion", "")), str(getattr(error, "accepted", ""))]
    parts.append("".join(traceback.format_exception(error)))  # what a log would print
    return parts


def _observe(call: Callable[[], object]) -> tuple[list[str], bool]:
    """Every text a call lets out (error, warnings, output) and whether it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            texts, raised = _renderings(call()), False
        except B12LabsError as error:
            texts, raised = _error_texts(error), True
    texts += [f"{w.category.__name__}: {w.message}" for w in caught]
    return texts, raised


CALLS = list(_calls())


def test_the_marker_corpus_is_large() -> None:
    assert len(CALLS) >= 300
    assert len({what for what, _ in CALLS}) == len(CALLS)


@pytest.mark.parametrize(("what", "call"), CALLS, ids=[what for what, _ in CALLS])
def test_the_marker_never_comes_back(what: str, call: Callable[[], object]) -> None:
    texts, raised = _observe(call)
    leaks = [text for text in texts if MARKER in text or MARKER.lower() in text.lower()]
    assert leaks == []
    assert raised, "a marker in this field should have been refused"


@pytest.mark.parametrize("argv", list(_cli_argvs()), ids=lambda argv: " ".join(argv)[:60])
def test_the_marker_never_comes_back_from_the_cli(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    assert status == 2
    assert MARKER not in out.getvalue() + err.getvalue()
    assert out.getvalue() == ""


# --- 2. logging ------------------------------------------------------------------------------


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _every_log_record(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[logging.LogRecord]]:
    """Every logger enabled at every level; yields the records created meanwhile."""
    created: list[logging.LogRecord] = []
    factory = logging.getLogRecordFactory()

    def record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        made = factory(*args, **kwargs)
        created.append(made)
        return made

    monkeypatch.setattr(logging.Logger, "isEnabledFor", lambda self, level: True)
    logging.setLogRecordFactory(record)
    try:
        yield created
    finally:
        logging.setLogRecordFactory(factory)


def test_no_log_record_is_created(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every logger is enabled at every level and every record is caught at creation:
    nothing the corpus does (reports, refusals with the marker, range files) logs."""
    handler = _Everything()
    logging.root.addHandler(handler)
    try:
        with _every_log_record(monkeypatch) as created:
            for _, call in CALLS:
                _observe(call)
            for argv in _cli_argvs():
                with (
                    contextlib.redirect_stdout(io.StringIO()),
                    contextlib.redirect_stderr(io.StringIO()),
                ):
                    main(argv)
            with contextlib.redirect_stdout(io.StringIO()):
                main(["interpret", "--b12", "130 pg/mL", "--symptom", "tingling"])
            interpret(b12="130 pg/mL", potassium="2.4 mmol/L", symptoms="palpitations").to_html()
    finally:
        logging.root.removeHandler(handler)
    assert [f"{r.name}: {r.getMessage()}" for r in created] == []
    assert handler.records == []


def test_an_unvalidated_context_never_carries_the_marker_into_a_report() -> None:
    context = Context.model_construct(medications=frozenset({MARKER}))
    texts, _ = _observe(lambda: interpret(b12="200 pg/mL", context=context))
    assert [text for text in texts if MARKER in text] == []


# --- b12labs batch: the one file it writes is OUT; no marker from any cell comes back ---------

#: Runs ``b12labs batch`` in a fresh interpreter under an audit hook: argv[1] is a JSON list
#: of command lines, argv[2] the JSON list of the output paths they may write.
_BATCH_AUDIT_SCRIPT = _HOOK_PRELUDE + textwrap.dedent(
    """
    commands, outputs = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
    seen = {"elsewhere": [], "out": []}
    running = [False]

    def hook(event, args):
        if running[0] and forbidden(event, args):
            named = args and isinstance(args[0], (str, bytes, os.PathLike))
            where = "out" if named and os.fsdecode(args[0]) in outputs else "elsewhere"
            seen[where].append(f"{event} {str(args)[:200]}")

    sys.addaudithook(hook)
    from b12labs.cli import main

    statuses = []
    running[0] = True
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        for argv in commands:
            statuses.append(main(argv))
    running[0] = False
    print(json.dumps({"seen": seen, "statuses": statuses}))
    """
)


def _marker_files(tmp: Path) -> tuple[Path, Path]:
    """A CSV and a Parquet file with the marker in every cell and every extra name (both
    layouts' columns: a wide table's and a long one's)."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    columns = ["b12", "potassium", "magnesium", "tingling", "fatigue", *Context.model_fields]
    columns += ["b12_hemolyzed", "potassium_specimen", f"note {MARKER}"]
    columns += ["analyte", "value", "unit", "comparator"]  # the long layout's too
    cells = [f"245 {MARKER}", f"{MARKER} mmol/L", MARKER, f"yes{MARKER}", MARKER]
    rows = [[cells[(i + j) % len(cells)] for j in range(len(columns))] for i in range(10)]
    csv_path = tmp / "marked.csv"
    lines = [",".join(f'"{c}"' for c in columns), *(",".join(r) for r in rows)]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet_path = tmp / "marked.parquet"
    table = {name: [r[j] for r in rows] for j, name in enumerate(columns)}
    pq.write_table(pa.table(table), parquet_path)
    return csv_path, parquet_path


def _batch_commands(tmp: Path) -> tuple[list[list[str]], list[str]]:
    """Command lines of the batch corpus (good, refused, failing part-way) and its outputs."""
    csv_path, parquet_path = _marker_files(tmp)
    rows = "130 pg/mL,true\n" * 80_000  # past the reader's first 1 MB block, then a bad row
    late = tmp / "late.csv"
    late.write_text(f"b12,tingling\n{rows}{MARKER}\n", encoding="utf-8")
    outputs = [str(tmp / name) for name in ("o1.csv", "o2.parquet", "o3.parquet", "o4.csv")]
    commands = [
        ["batch", str(csv_path), "-o", outputs[0]],
        ["batch", str(csv_path), "-o", outputs[1], "--chunk-rows", "3"],
        ["batch", str(parquet_path), "-o", outputs[2], "--long", "--no-unit-column"],
        ["batch", str(late), "-o", outputs[3]],  # fails part-way: OUT is removed
        ["batch", str(csv_path), "-o", str(tmp / "never.csv"), "--units", f"b12={MARKER}"],
        ["batch", str(csv_path), "-o", str(tmp / "never.csv"), "--column", f"b12={MARKER}"],
        ["batch", str(tmp / f"{MARKER}.csv"), "-o", str(tmp / "never.csv")],
    ]
    return commands, outputs


@pytest.mark.slow
def test_batch_writes_no_file_but_its_output_and_opens_no_socket_or_process(
    tmp_path: Path,
) -> None:
    pytest.importorskip("tqdm")
    commands, outputs = _batch_commands(tmp_path)
    quiet = {name: tmp_path / name for name in ("cwd", "home", "tmp")}
    for folder in quiet.values():
        folder.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    report = run_audit(
        _BATCH_AUDIT_SCRIPT,
        json.dumps(commands),
        json.dumps(outputs),
        timeout=300,
        cwd=quiet["cwd"],
        env={
            **{k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "LANG")},
            "HOME": str(quiet["home"]),
            "TMPDIR": str(quiet["tmp"]),
        },
    )
    assert report["statuses"] == [0, 0, 0, 2, 2, 2, 2]
    assert report["seen"]["elsewhere"] == []
    # OUT opened for writing by each run that got so far, and removed by the one that failed
    events = report["seen"]["out"]
    assert sum(e.startswith("open ") for e in events) == 4
    assert [e.split(" ", 1)[0] for e in events if not e.startswith("open ")] == ["os.remove"]
    after = sorted(p.name for p in tmp_path.iterdir())
    assert after == sorted([*before, "o1.csv", "o2.parquet", "o3.parquet"])
    assert [list(folder.iterdir()) for folder in quiet.values()] == [[], [], []]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:  # draws the progress bar, which must not carry a cell either
        return True


def test_the_marker_never_comes_back_from_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pytest.importorskip("tqdm")
    commands, outputs = _batch_commands(tmp_path)
    statuses = []
    for argv in commands:
        out, err = io.StringIO(), _Terminal()
        monkeypatch.setattr(sys, "stderr", err)
        with contextlib.redirect_stdout(out):
            statuses.append(main(argv))
        assert out.getvalue() == ""
        assert err.getvalue()
        assert MARKER not in err.getvalue()
    assert statuses == [0, 0, 0, 2, 2, 2, 2]
    results = [pq.read_table(path) for path in outputs[1:3]]
    for table in results:
        codes = table.column("error").to_pylist() + table.column("error_field").to_pylist()
        assert all(code is not None for code in codes)  # every row was refused ...
        assert [code for code in codes if MARKER in code] == []  # ... without the marker
    assert (tmp_path / "o1.csv").read_text(encoding="utf-8").count(MARKER) > 100  # OUT has it


def test_batch_creates_no_log_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")
    commands, _ = _batch_commands(tmp_path)
    with _every_log_record(monkeypatch) as created:
        for argv in commands:
            with contextlib.redirect_stdout(io.StringIO()):
                monkeypatch.setattr(sys, "stderr", io.StringIO())
                main(argv)
    assert [f"{r.name}: {r.getMessage()}" for r in created] == []
