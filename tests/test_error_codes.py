"""Every error code the library can raise is documented in ``docs/errors.md``, and every code
documented there can be raised (codes are wire values: api.md section 7)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import b12labs

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "b12labs"
DOC = ROOT / "docs" / "errors.md"
_ERRORS = {
    name for name in dir(b12labs.errors) if name.endswith("Error") and not name.startswith("_")
}
#: Helpers that build an error from (..., code, message): the code's position in their args.
_HELPERS = {"fail": 2, "_invalid": 1}


def _raised_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            position = 1 if name in _ERRORS else _HELPERS.get(name or "")
            if position is None or len(node.args) <= position:
                continue
            code = node.args[position]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                codes.add(code.value)
    return codes


def _documented_codes() -> set[str]:
    rows = re.findall(r"^\| `([a-z0-9_]+)` \|", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(rows) == len(set(rows)), "a code is listed twice"
    return set(rows)


def test_every_raised_code_is_documented() -> None:
    assert _raised_codes() - _documented_codes() == set()


def test_every_documented_code_is_raised() -> None:
    assert _documented_codes() - _raised_codes() == set()


def test_codes_are_snake_case_words() -> None:
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", code) for code in _raised_codes())
