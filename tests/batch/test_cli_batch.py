"""``b12labs batch IN -o OUT``: CSV and Parquet through the table functions, in chunks.

The oracle is the library called on the whole file in memory: the command's output must
equal ``interpret_table`` (or ``classify_table``) of the file read at once, whatever the
chunk size, in both formats and both directions.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pytest.importorskip("tqdm")

import pyarrow.csv as pa_csv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from b12labs import Analyte, RangeSet, batch  # noqa: E402
from b12labs.cli import main  # noqa: E402

FICTIONAL = Path(__file__).resolve().parent.parent / "data" / "fictional"
SUMMARY = re.compile(r"b12labs batch: (\d+) rows, (\d+) bad(?: \(([^)]*)\))?, [0-9.]+ s\n")

WIDE_CSV = """\
id,b12,potassium,magnesium,tingling,muscle_cramps,diet,age_years,medications
p1,130 pg/mL,3.1 mmol/L,1.6 mg/dL,true,false,vegan,45,metformin
p2,600 pg/mL,,,no,yes,,70,"statin,metformin"
p3,not a value,4.2 mmol/L,,,,omnivore,,
p4,<150 pg/mL,45 mmol/L,0.5 mmol/L,1,0,,30,
p5,,,,,,,,
p6,250,3.4 mmol/L,,,,,,
p7,180 pg/mL,,2.0 mg/dL,maybe,true,vegetarian,8,
"""

LONG_CSV = """\
patient,analyte,value,unit,age_years
a,b12,130,pg/mL,45
a,potassium,3.1,mmol/L,45
b,magnesium,0.5,mmol/L,
b,sodium,140,mmol/L,
c,b12,,pg/mL,
c,potassium,45,mmol/L,30
d,b12,abc,pg/mL,
"""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _write(tmp: Path, name: str, content: str | bytes) -> Path:
    path = tmp / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def _as_text(path: Path) -> Any:
    """The whole CSV file in memory, read as the command documents: every column as text,
    an empty field as null."""
    names = pa_csv.read_csv(path).schema.names
    options = pa_csv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=True,
        null_values=[""],
    )
    return pa_csv.read_csv(path, convert_options=options)


def _plain(table: Any) -> Any:
    """``table`` with dictionary columns decoded, to compare values and not encodings."""
    for index, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            column = table.column(index).cast(field.type.value_type)
            table = table.set_column(index, field.name, column)
    return table


def _read(path: Path, like: Any) -> Any:
    """The command's output file, typed as ``like`` (the expected table)."""
    if path.suffix == ".csv":
        expected = _plain(like)
        types = {f.name: f.type for f in expected.schema}
        options = pa_csv.ConvertOptions(
            column_types=types, strings_can_be_null=True, null_values=[""]
        )
        return pa_csv.read_csv(path, convert_options=options)
    return _plain(pq.read_table(path))


def _assert_same(out: Path, expected: Any) -> None:
    got = _read(out, expected)
    want = _plain(expected)
    assert got.column_names == want.column_names
    assert got.num_rows == want.num_rows
    for name in want.column_names:
        assert got.column(name).to_pylist() == want.column(name).to_pylist(), name


def _summary(err: str) -> tuple[int, int, dict[str, int]]:
    found = SUMMARY.fullmatch(err)
    assert found is not None, err
    codes = {}
    for part in (found[3] or "").split(", "):
        if part:
            code, count = part.split(" ")
            codes[code] = int(count)
    return int(found[1]), int(found[2]), codes


@pytest.fixture
def wide_csv(tmp_path: Path) -> Path:
    return _write(tmp_path, "people.csv", WIDE_CSV)


# --- wide and long, both formats, both directions -----------------------------------------


@pytest.mark.parametrize("out_name", ["out.csv", "out.parquet", "out.pq"])
def test_a_wide_csv_gives_what_interpret_table_gives_in_memory(
    wide_csv: Path, tmp_path: Path, out_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / out_name
    status, stdout, err = _run(["batch", str(wide_csv), "-o", str(out)], capsys)
    assert (status, stdout) == (0, "")
    expected = batch.interpret_table(_as_text(wide_csv))
    _assert_same(out, expected)
    ids = _read(out, expected).column("id").to_pylist()
    assert ids == [f"p{i}" for i in range(1, 8)]
    rows, bad, codes = _summary(err)
    errors = expected.column("error").to_pylist()
    assert rows == 7
    assert bad == sum(e is not None for e in errors) == 4
    assert codes == {"implausible": 1, "not_a_number": 1, "not_yes_no": 1, "unit_missing": 1}


def test_bad_rows_keep_their_place_with_error_and_field(
    wide_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.parquet"
    assert _run(["batch", str(wide_csv), "-o", str(out)], capsys)[0] == 0
    table = _plain(pq.read_table(out))
    rows = table.to_pylist()
    assert [r["error"] for r in rows] == [
        None,
        None,
        "not_a_number",
        "implausible",
        None,
        "unit_missing",
        "not_yes_no",
    ]
    assert rows[2]["error_field"] == "b12.value"
    assert rows[3]["error_field"] == "potassium.value"
    assert rows[6]["error_field"] == "symptoms.tingling"
    assert (rows[2]["b12_band"], rows[2]["urgency"]) == (None, None)
    assert (rows[0]["b12_band"], rows[0]["b12_deficiency"]) == ("low", "likely")
    assert rows[4]["urgency"] is not None  # nothing given is a row too, not an error


def test_parquet_in_keeps_its_types_and_lists_go_to_csv_as_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = pa.table(
        {
            "b12": pa.array([130.0, None, 600.0, 1e300]),
            "tingling": pa.array([True, False, None, True]),
            "medications": pa.array([["metformin"], None, ["statin", "metformin"], ["ppi"]]),
            "age_years": pa.array([45, 70, None, 30], pa.int64()),
        }
    )
    source = tmp_path / "people.parquet"
    pq.write_table(table, source)
    expected = batch.interpret_table(table, units={"b12": "pg/mL"})
    assert expected.column("error").to_pylist()[3] == "implausible"
    for name in ("out.parquet", "out.csv"):
        argv = ["batch", str(source), "-o", str(tmp_path / name), "--units", "b12=pg/mL"]
        assert _run(argv, capsys)[0] == 0
    _assert_same(tmp_path / "out.parquet", expected)
    written = pq.read_table(tmp_path / "out.parquet").schema
    assert written.field("tingling").type == pa.bool_()
    assert written.field("age_years").type == pa.int64()
    assert pa.types.is_dictionary(written.field("b12_band").type)
    names = pa.array(["metformin", None, "statin,metformin", "ppi"])
    _assert_same(tmp_path / "out.csv", expected.set_column(2, "medications", names))
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith('600,,"statin,metformin",,')


def test_integers_past_float_precision_are_refused_rows_and_kept_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = 2**63 - 1
    table = pa.table(
        {
            "b12": pa.array([big, None, 130, -(2**63)], pa.int64()),
            "pregnant": [True] * 4,
            "pregnancy_trimester": pa.array([2, 2, 2, big], pa.int64()),
        }
    )
    source = tmp_path / "ints.parquet"
    pq.write_table(table, source)
    out = tmp_path / "out.parquet"
    assert _run(["batch", str(source), "-o", str(out), "--units", "b12=pg/mL"], capsys)[0] == 0
    got = _plain(pq.read_table(out))
    assert got.column("b12").to_pylist() == [big, None, 130, -(2**63)]
    assert got.column("pregnancy_trimester").to_pylist() == [2, 2, 2, big]
    assert got.column("error").to_pylist() == ["implausible", None, None, "negative"]
    small = pa.table({"b12": [None, 130.0], "pregnant": [True] * 2, "pregnancy_trimester": [2, 2]})
    expected = _plain(batch.interpret_table(small, units={"b12": "pg/mL"}))
    assert got.slice(1, 2).column("b12_value").equals(expected.column("b12_value"))
    assert got.slice(1, 2).column("b12_band").equals(expected.column("b12_band"))


def test_a_struct_column_cannot_go_to_csv_but_goes_to_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"b12": ["130 pg/mL"], "extra": [{"x": 1}]}), source)
    status, out, err = _run(["batch", str(source), "-o", str(tmp_path / "o.csv")], capsys)
    assert (status, out) == (2, "")
    assert err == (
        "b12labs: error: output: column 2 holds structures CSV cannot (a struct, a map, "
        "nested lists); write Parquet instead\n"
    )
    assert not (tmp_path / "o.csv").exists()
    assert _run(["batch", str(source), "-o", str(tmp_path / "o.parquet")], capsys)[0] == 0
    assert pq.read_table(tmp_path / "o.parquet").column("extra").to_pylist() == [{"x": 1}]


def test_a_long_csv_gives_what_classify_table_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "labs.csv", LONG_CSV)
    out = tmp_path / "out.parquet"
    status, _, err = _run(["batch", str(source), "-o", str(out), "--long"], capsys)
    assert status == 0
    # the file's age_years column is read without being named
    expected = batch.classify_table(_as_text(source), age_years="age_years")
    _assert_same(out, expected)
    rows = _plain(pq.read_table(out)).to_pylist()
    assert [r["band"] for r in rows][:3] == ["low", "low", "low"]
    assert (rows[3]["error"], rows[4]["error"], rows[4]["band"]) == ("unknown_analyte", None, None)
    assert _summary(err)[2] == {"implausible": 1, "not_a_number": 1, "unknown_analyte": 1}


def test_long_columns_are_named_with_column_and_whole_texts_need_no_unit_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "b12.csv", "result_value,note\n<150 pg/mL,x\n600 pg/mL,y\n130,z\n")
    out = tmp_path / "out.csv"
    argv = ["batch", str(source), "-o", str(out), "--long", "--analyte", "b12"]
    status, _, _ = _run([*argv, "--column", "value=result_value", "--no-unit-column"], capsys)
    assert status == 0
    expected = batch.classify_table(
        _as_text(source), analyte=Analyte.b12, value="result_value", unit=None
    )
    _assert_same(out, expected)
    assert _plain(expected).column("error").to_pylist() == [None, None, "unit_missing"]


# --- --units and --column -------------------------------------------------------------------


def test_units_give_plain_numbers_their_unit_and_texts_keep_their_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(
        tmp_path, "in.csv", 'vitb12,id\n180,a\n 250.5 ,b\n<150,c\n200 pmol/L,d\n"1,500",e\n,f\n'
    )
    out = tmp_path / "out.csv"
    argv = ["batch", str(source), "-o", str(out), "--units", "b12=pg/mL"]
    assert _run([*argv, "--column", "b12=vitb12"], capsys)[0] == 0
    texts = ["180 pg/mL", "250.5 pg/mL", "<150 pg/mL", "200 pmol/L", "1,500 pg/mL", None]
    given = pa.table({"vitb12": texts, "id": list("abcdef")})
    expected = batch.interpret_table(given, columns={"b12": "vitb12"})
    original = _as_text(source).column("vitb12")
    _assert_same(out, expected.set_column(0, "vitb12", original))  # cells kept as written
    numbers = batch.interpret_table(
        pa.table({"b12": [180.0, 250.5]}), units={"b12": "pg/mL"}
    ).column("b12_value")
    got = _read(out, expected).column("b12_value").to_pylist()
    assert got[:2] == numbers.to_pylist()
    assert _read(out, expected).column("error").to_pylist()[4] == "ambiguous_grouping"


def test_without_units_a_plain_number_is_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "in.csv", "b12\n180\n")
    status, _, err = _run(["batch", str(source), "-o", str(tmp_path / "o.csv")], capsys)
    assert status == 0
    assert _summary(err) == (1, 1, {"unit_missing": 1})


# --- chunks --------------------------------------------------------------------------------


def _many_rows(tmp: Path, count: int) -> Path:
    lines = WIDE_CSV.splitlines()
    body = lines[1:]
    rows = [f"r{i}," + body[i % len(body)].split(",", 1)[1] for i in range(count)]
    return _write(tmp, "many.csv", "\n".join([lines[0], *rows]) + "\n")


@pytest.mark.parametrize("out_name", ["out.csv", "out.parquet"])
def test_chunks_change_nothing_in_the_output(
    tmp_path: Path, out_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _many_rows(tmp_path, 500)
    one, many = tmp_path / f"one-{out_name}", tmp_path / f"many-{out_name}"
    assert _run(["batch", str(source), "-o", str(one)], capsys)[0] == 0
    assert _run(["batch", str(source), "-o", str(many), "--chunk-rows", "7"], capsys)[0] == 0
    expected = batch.interpret_table(_as_text(source))
    _assert_same(one, expected)
    _assert_same(many, expected)
    if out_name.endswith(".csv"):
        assert one.read_bytes() == many.read_bytes()
    else:
        assert pq.ParquetFile(many).metadata.num_row_groups == 72  # 500 rows, 7 at a time
        assert pq.read_table(many).schema == pq.read_table(one).schema
    assert _read(many, expected).column("id").to_pylist() == [f"r{i}" for i in range(500)]


def test_a_chunk_of_nulls_has_the_schema_of_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # rows 1-2: the lab column all null and no error; rows 3-4: text and errors
    source = _write(tmp_path, "in.csv", "b12,fatigue\n,\n,true\nx,\n130 pg/mL,maybe\n")
    for name in ("o.csv", "o.parquet"):
        out = tmp_path / name
        assert _run(["batch", str(source), "-o", str(out), "--chunk-rows", "2"], capsys)[0] == 0
        expected = batch.interpret_table(_as_text(source))
        _assert_same(out, expected)
    assert pq.ParquetFile(tmp_path / "o.parquet").metadata.num_row_groups == 2


def test_a_file_of_a_header_only_gives_the_result_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "in.csv", "b12,tingling\n")
    for name in ("o.csv", "o.parquet"):
        status, _, err = _run(["batch", str(source), "-o", str(tmp_path / name)], capsys)
        assert (status, _summary(err)) == (0, (0, 0, {}))
    header = (tmp_path / "o.csv").read_text(encoding="utf-8")
    assert header.startswith('"b12","tingling","b12_value","b12_band"')
    assert pq.read_table(tmp_path / "o.parquet").num_rows == 0


def test_ranges_are_a_laboratorys_own(
    wide_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.parquet"
    argv = ["batch", str(wide_csv), "-o", str(out), "--ranges", str(FICTIONAL)]
    assert _run(argv, capsys)[0] == 0
    expected = batch.interpret_table(_as_text(wide_csv), ranges=RangeSet.load(FICTIONAL))
    _assert_same(out, expected)


# --- progress and summary ------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("flags", "terminal"), [([], True), (["--no-progress"], True), ([], False)]
)
def test_the_progress_bar_is_drawn_only_on_a_terminal_and_never_shows_cells(
    wide_csv: Path,
    tmp_path: Path,
    flags: list[str],
    terminal: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bar = terminal and not flags
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    assert main(["batch", str(wide_csv), "-o", str(tmp_path / "o.csv"), *flags]) == 0
    text = stream.getvalue()
    summary = text.rsplit("\r", 1)[-1].lstrip()
    assert _summary(summary)[0] == 7
    assert ("\r" in text) is bar
    if bar:
        assert "7 rows" in text  # CSV: bytes of the file, with the rows done beside them
    for cell in ("p1", "vegan", "130 pg/mL", "metformin", "people.csv"):
        assert cell not in text


# --- refusals: exit 2, one line, OUT untouched ----------------------------------------------


def _refusals(tmp: Path) -> Iterator[tuple[str, list[str], str]]:
    good = _write(tmp, "good.csv", "b12\n130 pg/mL\n")
    yield "missing", [str(tmp / "nope.csv")], "input: no such file"
    yield "folder", [str(tmp), "--input-format", "csv"], "input: not a regular file"
    yield "extension", [str(_write(tmp, "x.txt", "b12\n"))], "input: not a .csv, .parquet"
    parquet_named = _write(tmp, "csv.parquet", "b12\n130 pg/mL\n")
    yield "csv-as-parquet", [str(parquet_named)], "input: the file cannot be read as Parquet"
    yield (
        "empty",
        [str(_write(tmp, "empty.csv", b""))],
        "input: the CSV file is empty, or its header",
    )
    utf = _write(tmp, "latin1.csv", "b12,name\n130 pg/mL,J\xfcrgen\n".encode("latin-1"))
    yield "not-utf8", [str(utf)], "input: the CSV file is not UTF-8 text"
    fields = _write(tmp, "fields.csv", "b12,x\n130 pg/mL\n")
    yield "field-count", [str(fields)], "input: a CSV row has more or fewer fields"
    dupes = _write(tmp, "dupes.csv", "b12,b12\n1,2\n")
    yield "duplicate-columns", [str(dupes)], "input: two columns of the file share a name"
    yield "same-file", [str(good), "-o", str(good)], "output: the output would replace"
    yield "units-no-equals", [str(good), "--units", "b12"], "units[0]: expected LAB=UNIT"
    yield "units-bad-unit", [str(good), "--units", "b12=furlongs"], "units.b12: unit is not"
    yield "units-unknown-lab", [str(good), "--units", "sodium=mmol/L"], "units: units are"
    yield "units-twice", [str(good), "--units", "b12=pg/mL", "--units", "b12=ng/L"], "twice"
    yield "column-missing", [str(good), "--column", "b12=vitb12"], "columns.b12: the frame"
    yield "long-missing", [str(good), "--long"], "analyte: the frame has no such column"
    yield "long-key", [str(good), "--long", "--column", "b12=x"], "column: not a column"
    yield "units-long", [str(good), "--long", "--units", "b12=pg/mL"], "--units is for wide"
    yield "analyte-wide", [str(good), "--analyte", "b12"], "--analyte is for long tables"
    both = [str(good), "--long", "--no-unit-column", "--column", "unit=x"]
    yield "unit-twice", both, "--no-unit-column and --column unit= do not go together"
    yield "chunk-rows", [str(good), "--chunk-rows", "0"], "argument --chunk-rows: invalid"
    numbers = tmp / "numbers.parquet"
    pq.write_table(pa.table({"b12": [130.0]}), numbers)
    yield "numbers-no-units", [str(numbers)], "units.b12: a numeric lab column needs"
    yield "clash", [str(_write(tmp, "clash.csv", "b12,error\n1,2\n"))], "error: the frame"
    yield "ranges", [str(good), "--ranges", str(tmp / "none")], "path: (file): the path cannot"


def test_refusals_exit_2_with_one_line_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = []
    for what, argv, message in _refusals(tmp_path):
        out = tmp_path / f"{what}.out.csv"
        full = argv if "-o" in argv else [*argv, "-o", str(out)]
        before = sorted(p.name for p in tmp_path.iterdir())
        status, stdout, err = _run(["batch", *full], capsys)
        assert (status, stdout) == (2, ""), what
        assert err.startswith("b12labs: error: "), (what, err)
        assert err.count("\n") == 1, (what, err)
        assert message in err, (what, err)
        assert sorted(p.name for p in tmp_path.iterdir()) == before, what
        seen.append(what)
    assert len(seen) == 23


@pytest.mark.parametrize("existed", [False, True])
def test_a_file_unreadable_part_way_removes_the_output(
    tmp_path: Path, existed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    row = "130 pg/mL,true\n"
    rows = row * (2 * (1 << 20) // len(row))  # past the first 1 MB block
    source = _write(tmp_path, "in.csv", f"b12,tingling\n{rows}130 pg/mL\n")
    out = tmp_path / "out.parquet"
    if existed:
        out.write_bytes(b"old results")
    status, stdout, err = _run(["batch", str(source), "-o", str(out)], capsys)
    assert (status, stdout) == (2, "")
    assert err == "b12labs: error: input: a CSV row has more or fewer fields than the header\n"
    assert out.exists() is existed
    if existed:
        assert out.read_bytes() == b""  # emptied: no partial result that looks whole


def test_an_output_that_cannot_be_written_exits_1(
    wide_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for out in (tmp_path / "no" / "o.csv", tmp_path):
        status, stdout, err = _run(
            ["batch", str(wide_csv), "-o", str(out), "--format", "csv"], capsys
        )
        assert (status, stdout) == (1, "")
        assert err == "b12labs: error: the output could not be written\n"
    assert not (tmp_path / "no").exists()


def test_an_interrupt_removes_the_output_and_exits_130(
    wide_csv: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from b12labs.batch import _command

    calls: list[int] = []

    def interrupted(table: Any, **kwargs: Any) -> Any:
        calls.append(table.num_rows)
        if len(calls) > 2:  # the 0-row check, one chunk, then Ctrl-C
            raise KeyboardInterrupt
        return batch.interpret_table(table, **kwargs)

    monkeypatch.setattr(_command, "interpret_table", interrupted)
    out = tmp_path / "o.csv"
    argv = ["batch", str(wide_csv), "-o", str(out), "--chunk-rows", "3"]
    assert _run(argv, capsys) == (130, "", "b12labs: error: interrupted\n")
    assert calls == [0, 3, 3]
    assert not out.exists()


def test_an_unwritable_output_leaves_the_callers_stdout_alone(
    wide_csv: Path, tmp_path: Path
) -> None:
    """A failed OUT is not a failed standard output: a program calling ``main`` in-process
    can still print afterwards."""
    code = (
        "import sys\n"
        "from b12labs.cli import main\n"
        f"status = main(['batch', {str(wide_csv)!r}, '-o', {str(tmp_path / 'no' / 'o.csv')!r}])\n"
        "print('still here', status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "still here 1\n"
    assert done.stderr == "b12labs: error: the output could not be written\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_exits_1(wide_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["batch", str(wide_csv), "-o", "/dev/full", "--format", "parquet"]
    assert _run(argv, capsys) == (1, "", "b12labs: error: the output could not be written\n")


# --- standard streams and the extra -----------------------------------------------------------


class _Broken(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stderr", [None, _Broken()], ids=["none", "broken"])
def test_an_unusable_stderr_still_writes_the_output(
    wide_csv: Path, tmp_path: Path, stderr: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stderr", stderr)
    out = tmp_path / "o.csv"
    assert main(["batch", str(wide_csv), "-o", str(out)]) == 0
    _assert_same(out, batch.interpret_table(_as_text(wide_csv)))


@pytest.mark.parametrize("closed", ["1>&-", "2>&-", "1>&- 2>&-"])
def test_closed_standard_streams_exit_0_without_a_traceback(
    wide_csv: Path, tmp_path: Path, closed: str
) -> None:
    out = tmp_path / "o.csv"
    command = [sys.executable, "-m", "b12labs", "batch", str(wide_csv), "-o", str(out)]
    done = subprocess.run(
        ["/bin/sh", "-c", f'exec "$@" {closed}', "sh", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if "2" in closed else subprocess.PIPE,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == b""
    if done.stderr is not None:
        assert b"Traceback" not in done.stderr
    _assert_same(out, batch.interpret_table(_as_text(wide_csv)))


def test_without_the_batch_extra_the_command_names_it(
    wide_csv: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in [m for m in sys.modules if m == "b12labs.batch" or m.startswith("b12labs.batch.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    out = tmp_path / "o.csv"
    status, stdout, err = _run(["batch", str(wide_csv), "-o", str(out)], capsys)
    assert (status, stdout) == (2, "")
    assert err == (
        'b12labs: error: the batch command needs the batch extra: pip install "b12labs[batch]"\n'
    )
    assert not out.exists()


def test_the_cli_imports_no_batch_library_until_batch_runs() -> None:
    code = (
        "import sys, b12labs.cli\n"
        "from b12labs.cli import main\n"
        "main(['interpret', '--b12', '130 pg/mL'])\n"
        "print(sorted(m for m in ('numpy', 'pyarrow', 'tqdm', 'pandas') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_parquet_of_dictionary_columns_and_null_list_items_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow as pa

    b12 = pa.DictionaryArray.from_arrays(
        pa.array([0, None, 1], pa.uint32()), pa.array(["180 pg/mL", "600 pg/mL"])
    )
    medications = pa.array([[None], ["metformin"], None], pa.list_(pa.string()))
    source = tmp_path / "categories.parquet"
    pq.write_table(pa.table({"b12": b12, "medications": medications}), source)
    code, _, err = _run(["batch", str(source), "-o", str(tmp_path / "out.parquet")], capsys)
    assert code == 0
    assert _summary(err) == (3, 1, {"not_text": 1})
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.column("error_field").to_pylist() == ["context.medications[0]", None, None]
    assert out.column("b12_band").cast(pa.string()).to_pylist() == [None, None, "normal"]
