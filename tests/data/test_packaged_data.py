"""The packaged copy of the data: identical to ``reference_ranges/``, and inside the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

import b12labs
from b12labs.ranges import RangeFileSpec

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "reference_ranges"
PACKAGE_DATA = ROOT / "src" / "b12labs" / "_data"
COPY = PACKAGE_DATA / "reference_ranges"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_sync_script_check_passes() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sync_reference_data.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_packaged_copy_is_byte_identical() -> None:
    source, copy = _files(DATA), _files(COPY)
    assert set(copy) == set(source)
    for name, content in source.items():
        assert copy[name] == content, name


def test_library_reads_the_packaged_copy() -> None:
    packaged = resources.files("b12labs").joinpath("_data", "reference_ranges")
    for name, content in _files(DATA).items():
        assert packaged.joinpath(name).read_bytes() == content, name


def test_schema_json_is_the_range_file_model() -> None:
    committed = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    assert committed == RangeFileSpec.model_json_schema()


def test_reference_data_version_equals_the_version_file() -> None:
    assert (DATA / "VERSION").read_text(encoding="utf-8").strip() == b12labs.REFERENCE_DATA_VERSION


def _build_wheel(outdir: Path) -> Path:
    """Build the wheel in an isolated environment, or without isolation if that fails."""
    base = [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), str(ROOT)]
    failures: list[str] = []
    for extra in ([], ["--no-isolation"]):
        run = subprocess.run(
            base + extra, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
        )
        wheels = sorted(outdir.glob("b12labs-*.whl"))
        if run.returncode == 0 and wheels:
            return wheels[-1]
        failures.append(run.stdout[-2000:] + run.stderr[-2000:])
    pytest.fail("could not build the wheel:\n" + "\n---\n".join(failures))


@pytest.mark.slow
def test_wheel_contains_the_data(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for required in (
            "b12labs/py.typed",
            "b12labs/_data/conversion_factors.json",
            "b12labs/_data/units.txt",
        ):
            assert required in names
            assert archive.read(required) == (ROOT / "src" / required).read_bytes()
        for name, content in _files(DATA).items():
            inside = f"b12labs/_data/reference_ranges/{name}"
            assert inside in names
            assert archive.read(inside) == content, name
        for analyte in ("b12", "potassium", "magnesium"):
            assert f"b12labs/_data/reference_ranges/{analyte}.toml" in names
