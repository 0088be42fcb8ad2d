"""The ``b12labs`` command: interpret, convert and ranges; exit 0 on success, 2 on bad input.

``vocabulary`` and the ``interpret --help`` listing are tested in test_cli_vocabulary.py.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from b12labs import REFERENCE_DATA_VERSION, Analyte, Report, Urgency
from b12labs.cli import main

SECRET = "QXZJSECRET"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of ``b12labs argv``."""
    try:
        status = main(argv)
    except SystemExit as stop:  # argparse exits on usage errors and --help
        status = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


# --- interpret -------------------------------------------------------------------------------


def test_interpret_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["interpret", "--b12", "130 pg/mL", "--symptom", "tingling"], capsys)
    assert (status, err) == (0, "")
    assert "PROMPT" in out
    assert "Vitamin B12 (cobalamin): 130 pg/mL" in out
    assert "Vitamin B12 deficiency: LIKELY" in out
    assert "clinician" in out
    assert "not a diagnosis" in out


def test_interpret_json_validates_as_a_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(
        [
            "interpret",
            "--b12",
            "180 pg/mL",
            "--potassium",
            "3.1 mmol/L",
            "--magnesium",
            "1.4 mEq/L",
            "--symptom",
            "pins and needles",
            "--symptom",
            "cramps",
            "--context",
            "diet=vegan",
            "--context",
            "medications=metformin,omeprazole",
            "--context",
            "age_years=70",
            "--format",
            "json",
        ],
        capsys,
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    report = Report.model_validate(data)
    assert set(report.findings) == set(Analyte)
    assert report.urgency is Urgency.prompt
    assert report.context.medications == {"metformin", "proton_pump_inhibitor"}
    assert report.context.age_years == 70
    assert report.reference_data_version == REFERENCE_DATA_VERSION
    assert report.clinician_follow_up.text


def test_interpret_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        ["interpret", "--potassium", "2.0 mmol/L", "--format", "markdown"], capsys
    )
    assert status == 0
    assert out.startswith("## b12labs report")
    assert "**Urgency: URGENT - seek medical care now**" in out
    assert "- **Potassium: 2 mmol/L - critically low [LL]**" in out


def test_interpret_html(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["interpret", "--magnesium", "1.6 mg/dL", "--format", "html"], capsys)
    assert status == 0
    assert out.count("<svg") == 1
    assert "<script" not in out


def test_interpret_hemolysed_plasma_potassium(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        [
            "interpret",
            "--potassium",
            "5.9 mmol/L",
            "--hemolyzed",
            "--specimen",
            "plasma",
            "--format",
            "json",
        ],
        capsys,
    )
    assert status == 0
    report = Report.model_validate_json(out)
    result = report.findings[Analyte.potassium].result
    assert (result.hemolyzed, result.specimen) == (True, "plasma")
    assert "repeat serum potassium" in {r.test for r in report.recommendations}


def test_interpret_nothing_still_recommends_a_clinician(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["interpret"], capsys)
    assert status == 0
    assert "ROUTINE" in out
    assert "clinician" in out


def test_interpret_with_a_laboratorys_own_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    fictional = Path(__file__).resolve().parent / "data" / "fictional"
    status, out, _ = _run(
        ["interpret", "--b12", "150 pg/mL", "--ranges", str(fictional), "--format", "json"], capsys
    )
    assert status == 0
    report = Report.model_validate_json(out)
    assert report.findings[Analyte.b12].band.value == "borderline_low"
    assert report.reference_data_version == "fictional-1"


# --- convert and ranges ---------------------------------------------------------------------


def test_convert_magnesium(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["convert", "magnesium", "2.0 mg/dL", "mmol/L"], capsys)
    assert (status, out, err) == (0, "0.822876 mmol/L\n", "")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["convert", "magnesium", "1.4 mEq/L", "mmol/L"], "0.7 mmol/L"),
        (["convert", "b12", "400 pg/mL", "pmol/L"], "295.122 pmol/L"),
        (["convert", "b12", "<150 pg/mL", "pmol/L"], "<110.671 pmol/L"),
        (["convert", "potassium", "3.1 mmol/L", "meq/L"], "3.1 meq/L"),
    ],
)
def test_convert_values(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(argv, capsys)
    assert (status, out.strip()) == (0, expected)


def test_convert_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["convert", "b12", "400 pg/mL", "pmol/L", "--format", "json"], capsys)
    assert status == 0
    data = json.loads(out)
    assert data["unit"] == "pmol/L"
    assert data["analyte"] == "b12"
    assert abs(data["value"] - 295.122365110634) < 1e-9


def test_ranges_text_lists_bands_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["ranges"], capsys)
    assert status == 0
    assert REFERENCE_DATA_VERSION in out
    for label in ("Vitamin B12", "Potassium", "Magnesium"):
        assert label in out
    assert "Sources" in out
    for source in ("nice-ng239", "kost-1990", "rcpa-magnesium"):
        assert source in out
    sources = out.split("Sources", 1)[1]
    assert "https://" in sources


def test_ranges_json_for_one_analyte(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["ranges", "--analyte", "potassium", "--format", "json"], capsys)
    assert status == 0
    data = json.loads(out)
    assert data["reference_data_version"] == REFERENCE_DATA_VERSION
    assert list(data["analytes"]) == ["potassium"]
    adult = next(t for t in data["analytes"]["potassium"] if t["population"] == "adult")
    assert [b["band"] for b in adult["bands"]] == [
        "critical_low",
        "low",
        "normal",
        "high",
        "critical_high",
    ]


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["interpret", "--b12", f"130 {SECRET}"],
        ["interpret", "--b12", f"{SECRET} pg/mL"],
        ["interpret", "--potassium", f"3.1 mmol/L {SECRET}"],
        ["interpret", "--magnesium", "-1 mg/dL"],
        ["interpret", "--symptom", SECRET],
        ["interpret", "--context", f"{SECRET}=1"],
        ["interpret", "--context", f"diet={SECRET}"],
        ["interpret", "--context", f"medications={SECRET}"],
        ["interpret", "--context", f"age_years={SECRET}"],
        ["interpret", "--context", SECRET],
        ["interpret", "--context", "diett=vegan"],
        ["convert", SECRET, "2.0 mg/dL", "mmol/L"],
        ["convert", "magnesium", f"2.0 {SECRET}", "mmol/L"],
        ["convert", "magnesium", "2.0 mg/dL", SECRET],
        ["convert", "b12", "400 pg/mL", "meq/L"],
        ["ranges", "--analyte", SECRET],
    ],
)
def test_bad_input_is_one_line_on_stderr_with_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("b12labs: error:")
    assert SECRET not in err
    assert SECRET.lower() not in err.lower()


def test_an_unknown_context_key_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = _run(["interpret", "--context", "diett=vegan"], capsys)
    assert "did you mean 'diet'" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["interpret", "--format", SECRET],
        ["interpret", "--specimen", SECRET],
        ["interpret", f"--{SECRET}"],
        [SECRET],
        [],
    ],
    ids=["bad-format", "bad-specimen", "unknown-option", "unknown-command", "no-command"],
)
def test_usage_errors_exit_2_with_a_one_line_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 3 and the CLI's own contract: bad input (a bad option value, an unknown option or
    command, no command) exits 2 with a one-line error that never repeats the input."""
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert "error:" in err
    assert SECRET not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["--version"], capsys)
    assert status == 0
    assert out.startswith("b12labs ")


@pytest.mark.slow
def test_python_dash_m_b12labs_interprets_the_readme_example() -> None:
    """The README's main-job command, run as a module by the environment's own python."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "b12labs",
            "interpret",
            "--b12",
            "130 pg/mL",
            "--symptom",
            "tingling",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "clinician" in done.stdout
    assert "Vitamin B12 deficiency: LIKELY" in done.stdout
    assert done.stderr == ""


@pytest.mark.slow
def test_python_dash_m_b12labs_bad_input_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "b12labs", "interpret", "--b12", f"130 {SECRET}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("b12labs: error:")
    assert SECRET not in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["interpret", "--b1", "150 pg/mL"],
        ["interpret", "--pot", "3.1 mmol/L"],
        ["interpret", "--form", "json"],
        ["convert", "b12", "150 pg/mL", "pmol/L", "--form", "json"],
        ["ranges", "--ana", "b12"],
        ["--vers", "ranges"],
    ],
)
def test_abbreviated_options_are_refused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """An abbreviation must not silently stand for an option (``--b1`` for ``--b12``)."""
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert "unrecognized arguments" in err


# --- usage errors never echo, whatever argparse would have said (issue 8) -------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["interpret", f"--x\n{SECRET}"],
        ["interpret", f"--{SECRET}\n"],
        ["interpret", f"-{SECRET}"],
        [f"--{SECRET}"],
        [f"interpret\n{SECRET}"],
        ["interpret", "--format", f"a\n{SECRET}"],
        ["interpret", "--format", f"{SECRET}\n(choose from 'x')"],
        ["interpret", "--specimen", f"serum\n{SECRET}"],
        ["ranges", "--format", f"{SECRET}'"],
        ["interpret", f"--hemolyzed={SECRET}"],
        [f"--version={SECRET}"],
        ["interpret", "--b12"],
        ["interpret", "--symptom"],
        ["ranges", "--analyte"],
        ["convert", "b12"],
        ["convert", "b12", "400 pg/mL", "pmol/L", f"extra\n{SECRET}"],
        ["convert", "b12", "400 pg/mL", "pmol/L", "--format", f"{SECRET}"],
        ["ranges", f"--ranges={SECRET}", f"--{SECRET}"],
    ],
)
def test_usage_errors_are_one_fixed_line_without_the_callers_text(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("b12labs: error: ")
    assert err.endswith(" (see b12labs --help)\n")
    assert SECRET not in err
    assert SECRET.lower() not in err.lower()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["interpret", "--format", "yaml"], "argument --format: invalid choice (choose from"),
        (["interpret", "--b12"], "argument --b12: expected one argument"),
        (["interpret", "--hemolyzed=yes"], "argument --hemolyzed: takes no value"),
        (["convert", "b12"], "the following arguments are required: value, to_unit"),
        (["interpret", "--b13", "1"], "unrecognized arguments"),
        (
            ["nope"],
            "argument command: invalid choice (choose from 'interpret', 'convert', 'ranges', 'vocabulary', 'batch')",
        ),
    ],
)
def test_usage_errors_still_say_what_is_wrong(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(argv, capsys)
    assert status == 2
    assert message in err


def test_main_returns_the_status_instead_of_exiting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "interpret" in capsys.readouterr().out
    assert main([]) == 2
    assert main(["--version"]) == 0


def test_arguments_that_are_not_text_are_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interpret", "--b12", 130]) == 2  # type: ignore[list-item]
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "b12labs: error: arguments must be text (see b12labs --help)\n"


# --- output that cannot be written: exit 1, no traceback (api.md section 7) -----------------


class _Failing(io.StringIO):
    """A standard output whose write or flush fails like a closed pipe or a full disk."""

    def __init__(self, error: OSError, *, on: str) -> None:
        super().__init__()
        self.error, self.on = error, on

    def write(self, text: str) -> int:
        if self.on == "write":
            raise self.error
        return super().write(text)

    def flush(self) -> None:
        if self.on == "flush":
            raise self.error


@pytest.mark.parametrize("on", ["write", "flush"])
@pytest.mark.parametrize(
    "error", [BrokenPipeError(32, "Broken pipe"), OSError(28, "No space left on device")]
)
@pytest.mark.parametrize("argv", [["interpret", "--b12", "130 pg/mL"], ["--help"], ["--version"]])
def test_an_unwritable_stdout_exits_1(
    argv: list[str],
    error: OSError,
    on: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "stdout", _Failing(error, on=on))
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == "b12labs: error: the output could not be written\n"


def test_no_stdout_at_all_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["ranges"]) == 1
    assert "could not be written" in capsys.readouterr().err


def test_no_stderr_keeps_errors_off_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["interpret", "--b12", f"130 {SECRET}"]) == 2
    assert main(["interpret", f"--{SECRET}"]) == 2
    assert capsys.readouterr().out == ""


def _command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "b12labs", *argv]


def _with_closed(descriptor: int, command: list[str]) -> list[str]:
    """``command`` started with file descriptor 1 or 2 closed (``>&-``, ``2>&-``), by a
    shell: no ``preexec_fn``, which is unsafe once the test process has threads."""
    return ["/bin/sh", "-c", f'exec "$@" {descriptor}>&-', "sh", *command]


@pytest.mark.slow
def test_a_closed_stdout_exits_1_without_a_traceback() -> None:
    done = subprocess.run(
        _with_closed(1, _command("interpret", "--b12", "130 pg/mL")),
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == "b12labs: error: the output could not be written\n"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "argv", [("ranges",), ("--help",), ("convert", "b12", "400 pg/mL", "pmol/L")]
)
def test_a_full_stdout_exits_1_without_a_traceback(argv: tuple[str, ...]) -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            _command(*argv), stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, check=False
        )
    assert done.returncode == 1
    assert done.stderr == "b12labs: error: the output could not be written\n"


@pytest.mark.slow
def test_a_reader_that_went_away_exits_1_without_a_traceback() -> None:
    """``b12labs ranges | head -c0``: the pipe's reader is gone before anything is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            _command("ranges"),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr == "b12labs: error: the output could not be written\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("argv", "status"),
    [(("interpret", "--b12", f"130 {SECRET}"), 2), ((f"--{SECRET}\n",), 2), (("ranges",), 0)],
)
def test_a_closed_stderr_never_sends_errors_to_stdout(argv: tuple[str, ...], status: int) -> None:
    done = subprocess.run(
        _with_closed(2, _command(*argv)),
        stdout=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == status
    if status == 2:
        assert done.stdout == ""
    else:
        assert done.stdout.startswith("Reference ranges")


def test_a_huge_context_value_is_refused_before_it_is_split(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = _run(["interpret", "--context", "medications=" + "ab," * 100_000], capsys)
    assert (status, out) == (2, "")
    assert err == ("b12labs: error: context[0]: a --context value is at most 4096 characters\n")
