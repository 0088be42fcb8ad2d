"""A griffe extension for the API reference: a docstring's ``Example:`` is an examples section.

b12labs' docstrings head their doctests ``Example:`` (Google style allows both spellings),
but griffe reads only ``Examples:`` as code: under ``Example:`` a doctest is rendered as
Markdown, where its ``[...]`` output reads as a broken cross-reference. The docstrings
stay as they are (their doctests run in ``tests/test_docs.py``); this renames the heading
for the site only. mkdocs.yml loads it by path.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import griffe

_HEADING = re.compile(r"^(\s*)Example:[ \t]*$", flags=re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Rename each docstring's ``Example:`` heading to ``Examples:`` before it is parsed."""

    def on_instance(
        self,
        *,
        node: ast.AST | griffe.ObjectNode,
        obj: griffe.Object,
        agent: griffe.Visitor | griffe.Inspector,
        **kwargs: Any,
    ) -> None:
        """Run on every object griffe creates; only its docstring's text changes."""
        if obj.docstring is not None:
            obj.docstring.value = _HEADING.sub(r"\1Examples:", obj.docstring.value)
