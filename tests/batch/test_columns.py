"""The column evaluator covers the whole rule book: every condition class has a column form."""

from __future__ import annotations

import pytest

pytest.importorskip("numpy")

from b12labs.batch._columns import has_column_form
from b12labs.reasoning import (
    RULE_BOOK,
    conditions,
)
from b12labs.reasoning.conditions import Condition


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    sub: type
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _used(condition: Condition) -> set[type]:
    found = {type(condition)}
    for part in getattr(condition, "parts", ()):
        found |= _used(part)
    if hasattr(condition, "part"):
        found |= _used(condition.part)
    return found


def _name(cls: type) -> str:
    return cls.__name__


PUBLIC = sorted((c for c in _subclasses(Condition) if not _name(c).startswith("_")), key=_name)


@pytest.mark.parametrize("cls", PUBLIC, ids=_name)
def test_every_condition_class_has_a_column_form(cls: type[Condition]) -> None:
    # a new condition class fails here until its column form is written
    assert has_column_form(cls), f"{cls.__name__} has no column form in b12labs.batch._columns"


def test_every_condition_the_rule_book_uses_is_public_and_covered() -> None:
    used: set[type] = set()
    for rule in RULE_BOOK.all_rules():
        used |= _used(rule.when)
    for table in RULE_BOOK.categories:
        for when, _ in table.not_known:
            used |= _used(when)
    assert used, "the rule book uses conditions"
    for cls in used:
        assert cls.__name__ in conditions.__all__, cls
        assert has_column_form(cls), cls
