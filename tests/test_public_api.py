"""The public surface: ``__all__``, the version, and what ``import b12labs`` costs."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import subprocess
import sys
import textwrap
import types

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
    "InvalidTableError",
    "LabResult",
    "Likelihood",
    "MagnesiumResult",
    "PotassiumResult",
    "REFERENCE_DATA_VERSION",
    "RangeSet",
    "RangeTable",
    "Recommendation",
    "RecommendationKind",
    "ReferenceDataError",
    "ReferenceRange",
    "Report",
    "Source",
    "Symptom",
    "UnitError",
    "UnitSpec",
    "UnknownAnalyteError",
    "UnknownCategoryError",
    "UnknownSymptomError",
    "UnknownValueError",
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
    value = getattr(module, name)
    assert value is not None
    assert not isinstance(value, types.ModuleType)
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


def _run(script: str) -> str:
    """Standard output of a fresh interpreter running ``script`` (dedented)."""
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return run.stdout


def _modules_after(code: str) -> list[str]:
    """Top-level pint and numpy modules loaded by a fresh interpreter after ``code``."""
    script = f"""
        import json, sys
        {code}
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pint", "numpy"))
        print(json.dumps(heavy))
    """
    loaded: list[str] = json.loads(_run(script))
    return loaded


@pytest.mark.slow
def test_public_names_are_never_shadowed_by_submodules() -> None:
    """``b12labs.classify`` is the function even after ``b12labs.classify`` the module has
    been imported (by the caller, or by another public name that lives in it); likewise for
    every public name, whatever the import order."""
    script = """
        import importlib, json, pkgutil, types
        import b12labs
        _ = b12labs.flag_for  # loads the classify module through another name first
        for info in pkgutil.walk_packages(b12labs.__path__, "b12labs."):
            if not info.name.endswith(".__main__"):
                importlib.import_module(info.name)
        from b12labs import *  # noqa
        shadowed = sorted(
            name for name in b12labs.__all__
            if isinstance(getattr(b12labs, name), types.ModuleType)
            or isinstance(globals()[name], types.ModuleType)
        )
        print(json.dumps(shadowed))
    """
    assert json.loads(_run(script)) == []


@pytest.mark.slow
def test_from_import_after_a_sibling_name_gives_the_function() -> None:
    script = """
        from b12labs import flag_for, classify
        print(type(classify).__name__, getattr(classify, "__module__", "-"))
    """
    assert _run(script).split() == ["function", "b12labs.classification"]


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
