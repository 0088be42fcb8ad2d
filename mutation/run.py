# ruff: noqa: T201, S603 - a command-line script: it prints its report and runs mutmut
"""Run mutmut on the parsing, conversion, plausibility, untrusted-input and classification
modules, and print the mutation score per module.

Usage (from the repository root, in a venv with ``b12labs[dev]`` and ``mutmut>=3.8``)::

    python mutation/run.py --fresh        # mutate, test, print the score and the survivors
    python mutation/run.py                # the same, keeping earlier results mutmut trusts
    python mutation/run.py --score        # only print the score of the last run
    python mutation/run.py --diffs        # the score and the diff of every survivor
    python mutation/run.py --fresh --examples-only   # without the hypothesis properties
    python mutation/run.py -- show NAME   # any mutmut command, run in the scratch copy

The project is copied into ``mutation/.work/`` (ignored by git) with ``mutation/setup.cfg``
as its ``setup.cfg``, so mutmut's ``mutants/`` folder never appears in the worktree and
``pyproject.toml`` needs no ``[tool.mutmut]`` section. ``--examples-only`` works in
``mutation/.work-examples/`` and deselects every ``@given`` test (``-m "not hypothesis"``),
to show which kills need a property's random examples.
"""

from __future__ import annotations

import argparse
import configparser
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
#: mutmut's configuration, written into the scratch copy as ``setup.cfg``.
CONFIG = HERE / "setup.cfg"
MODULES = ("parsing", "units", "plausibility", "_untrusted", "classification")

#: Run in a fresh interpreter: collect the tests, then select every one of them again by
#: node id in the same process, as mutmut does for each mutant.
_ID_CHECK = """
import sys, pytest
class Ids:
    ids = []
    def pytest_collection_modifyitems(self, items):
        Ids.ids = [item.nodeid for item in items]
files = sys.argv[1:]
pytest.main(["-p", "no:cacheprovider", "--collect-only", "-qqq", *files], plugins=[Ids()])
sys.exit(pytest.main(["-p", "no:cacheprovider", "--collect-only", "-qqq", *Ids.ids]))
"""


def _test_files() -> list[str]:
    config = configparser.ConfigParser()
    config.read(CONFIG)
    return config["mutmut"]["pytest_add_cli_args_test_selection"].split()


def _status(code: int | None) -> str:
    """mutmut's name for a mutant's exit code ("killed", "survived", "timeout", ...)."""
    from mutmut.stats import status_by_exit_code

    return str(status_by_exit_code[code])


def _sync(*, examples_only: bool) -> None:
    """Copy what the tests need into the scratch folder; mutmut's own state is kept."""
    WORK.mkdir(exist_ok=True)
    for name in ("src", "tests"):
        target = WORK / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis")
        )
    shutil.copy2(ROOT / "pyproject.toml", WORK / "pyproject.toml")
    config = CONFIG.read_text()
    if examples_only:
        config = config.replace("\n    -q\n", "\n    -q\n    -m\n    not hypothesis\n")
        assert "not hypothesis" in config
    (WORK / "setup.cfg").write_text(config)


def _check_test_ids() -> bool:
    """Whether every test can be selected again by its node id within one process.

    mutmut runs the tests covering a mutant by node id, in-process, after an earlier pytest
    session. An id holding an escape (``\\\\x0b``, from a parameter with a control
    character) is then "not found", pytest exits 4, and mutmut 3.8 records the mutant as
    killed: a false kill. Parametrized tests need plain-ASCII ids (``ids=...``).
    """
    done = subprocess.run(
        [sys.executable, "-c", _ID_CHECK, *_test_files()],
        cwd=WORK,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        print("Some test ids cannot be selected by node id: mutmut would count false kills.")
    return done.returncode == 0


def _mutmut(*args: str) -> int:
    executable = Path(sys.executable).with_name("mutmut")
    return subprocess.call([str(executable), *args], cwd=WORK)


def _codes(module: str) -> dict[str, int | None]:
    """Each mutant of ``module`` with mutmut's exit code for it (``None``: not run)."""
    meta = WORK / "mutants" / "src" / "b12labs" / f"{module}.py.meta"
    if not meta.exists():
        return {}
    codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
    return codes


def score() -> dict[str, Counter[str]]:
    """Mutant statuses per module, read from mutmut's meta files."""
    return {m: Counter(_status(code) for code in _codes(m).values()) for m in MODULES}


def survivors() -> list[str]:
    """Every mutant not killed (survived, timed out, not run, ...), module by module."""
    return [
        name
        for module in MODULES
        for name, code in _codes(module).items()
        if _status(code) != "killed"
    ]


def _print_row(name: str, counts: Counter[str]) -> None:
    total = sum(counts.values())
    killed = counts["killed"]
    other = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "killed")
    percent = f"{100 * killed / total:.1f}%" if total else "-"
    print(f"{name:<16}{killed:>8}{total:>8}{percent:>9}  {other}")


def _print_score(*, diffs: bool = False) -> None:
    total: Counter[str] = Counter()
    print(f"{'module':<16}{'killed':>8}{'total':>8}{'score':>9}  other")
    for module, counts in score().items():
        total += counts
        _print_row(module, counts)
    _print_row("all", total)
    names = survivors()
    if names:
        print("\nnot killed:")
    for name in names:
        print(f"    {name}")
        if diffs:
            _mutmut("show", name)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    parser.add_argument("--score", action="store_true", help="only print the last score")
    parser.add_argument("--diffs", action="store_true", help="show each survivor's diff")
    parser.add_argument(
        "--examples-only", action="store_true", help="deselect the hypothesis properties"
    )
    parser.add_argument("mutmut_args", nargs="*", help="a mutmut command (default: run)")
    options = parser.parse_args()
    if options.examples_only:
        global WORK  # noqa: PLW0603 - the one switch of the scratch folder
        WORK = HERE / ".work-examples"
    if options.score or (options.diffs and not options.fresh):
        _print_score(diffs=options.diffs)
        return 0
    if options.fresh and WORK.exists():
        shutil.rmtree(WORK)
    _sync(examples_only=options.examples_only)
    if not _check_test_ids():
        return 2
    code = _mutmut(*(options.mutmut_args or ["run"]))
    if not options.mutmut_args or options.mutmut_args[0] == "run":
        _print_score(diffs=options.diffs)
    return code


if __name__ == "__main__":
    sys.exit(main())
