"""The documentation runs: generated documents are current, the Quick start is what CI runs.

Every example of the README and the docs runs in ``tests/docs/test_examples.py``.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pytest

import b12labs
from b12labs import Analyte, Band, RangeSet
from b12labs.classification import classify
from b12labs.reasoning import RULE_BOOK
from b12labs.results import B12Result

ROOT = Path(__file__).resolve().parent.parent


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_documents_are_current() -> None:
    """docs/clinical-logic.md, docs/vocabulary.md and docs/schema/*.schema.json match the code."""
    generate = _script("generate_docs")
    for path, text in generate.expected().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run scripts/generate_docs.py"
        )


def test_clinical_logic_lists_every_rule() -> None:
    text = (ROOT / "docs" / "clinical-logic.md").read_text(encoding="utf-8")
    for rule in RULE_BOOK.all_rules():
        assert f"`{rule.id}`" in text


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick, flags=re.DOTALL)
    assert len(commands) == 2
    assert "b12labs interpret" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_reference_data_example_file_loads() -> None:
    """The laboratory file shown in docs/reference-data.md is valid and behaves as described."""
    doc = (ROOT / "docs" / "reference-data.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml[^\n]*\n(.*?)```", doc, flags=re.DOTALL)
    (example,) = [block for block in blocks if "schema_version" in block]  # the whole file
    lab = RangeSet.from_toml(example, name="example.toml")
    table = lab.select(Analyte.b12).table
    assert classify(B12Result.parse("160 ng/L"), table) is Band.borderline_low
    assert classify(B12Result.parse("140 ng/L"), table) is Band.low
    merged = RangeSet.default().with_overrides(lab)
    assert merged.analytes == frozenset(Analyte)


def _modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(b12labs.__path__, "b12labs.")]
    return sorted(name for name in names if not name.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    """Docstring examples in every module are runnable and correct."""
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0
