"""The public surface: ``__all__``, the version, and what ``import b12labs`` costs."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import subprocess
import sys
import textwrap

import pytest

import b12labs

# Sorted by code point. Adding a public name means adding it here, on purpose.
EXPECTED_ALL = [
    "Analyte",
    "Assessment",
    "B12LabsError",
    "B12Result",
    "Band",
    "BandRange",
    "Bound",
    "Category",
    "Chemistry",
    "Context",
    "Diet",
    "Evidence",
    "Factor",
    "Finding",
    "InvalidContextError",
    "InvalidResultError",
    "LabResult",
    "Likelihood",
    "MagnesiumResult",
    "PotassiumResult",
    "REFERENCE_DATA_VERSION",
    "RangeSet",
    "RangeTable",
    "Recommendation",
    "ReferenceDataError",
    "ReferenceRange",
    "Report",
    "Source",
    "Symptom",
    "UnitError",
    "UnitSpec",
    "UnknownAnalyteError",
    "UnknownSymptomError",
    "Urgency",
    "__version__",
    "chemistry",
    "classify",
    "convert",
    "flag_for",
    "interpret",
]

# api.md names that the core issue (#2) covers.
API_MD_CORE_NAMES = [
    "Analyte",
    "Band",
    "Category",
    "Factor",
    "Likelihood",
    "Urgency",
    "Diet",
    "LabResult",
    "B12Result",
    "PotassiumResult",
    "MagnesiumResult",
    "RangeSet",
    "REFERENCE_DATA_VERSION",
    "B12LabsError",
    "UnitError",
    "InvalidResultError",
    "UnknownSymptomError",
    "InvalidContextError",
    "ReferenceDataError",
    "convert",
]


def test_all_is_pinned() -> None:
    assert sorted(b12labs.__all__) == EXPECTED_ALL
    assert len(set(b12labs.__all__)) == len(b12labs.__all__)


@pytest.mark.parametrize("name", EXPECTED_ALL)
def test_every_public_name_imports(name: str) -> None:
    module = importlib.import_module("b12labs")
    assert getattr(module, name) is not None
    namespace: dict[str, object] = {}
    exec(f"from b12labs import {name}", namespace)
    assert name in namespace


@pytest.mark.parametrize("name", API_MD_CORE_NAMES)
def test_api_md_core_names_are_public(name: str) -> None:
    assert name in b12labs.__all__
    assert hasattr(b12labs, name)


def test_version_matches_the_installed_metadata() -> None:
    assert b12labs.__version__ == importlib.metadata.version("b12labs")


def test_reference_data_version_is_text() -> None:
    version = b12labs.REFERENCE_DATA_VERSION
    assert isinstance(version, str)
    assert version
    assert version == b12labs.RangeSet.default().version


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = b12labs.no_such_name


def _modules_after(code: str) -> list[str]:
    """Top-level pint and numpy modules loaded by a fresh interpreter after ``code``."""
    script = textwrap.dedent(
        f"""
        import json, sys
        {code}
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pint", "numpy"))
        print(json.dumps(heavy))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(run.stdout)
    return loaded


@pytest.mark.slow
def test_import_does_not_load_pint_or_numpy() -> None:
    assert _modules_after("import b12labs") == []


@pytest.mark.slow
def test_one_shot_parse_convert_classify_does_not_load_pint_or_numpy() -> None:
    code = (
        "import b12labs; "
        "r = b12labs.B12Result.parse('400 pg/mL').to('pmol/L'); "
        "t = b12labs.RangeSet.default().select('b12', age_years=40).table; "
        "b12labs.classify(r, t); b12labs.convert(2.0, 'mg/dL', 'mmol/L', analyte='magnesium'); "
        "b12labs.REFERENCE_DATA_VERSION"
    )
    assert _modules_after(code) == []
