"""The compiled rule book: every condition class has a code form, and the generated
evaluator reaches the reference evaluator's outcome (see also test_interpretation_fast.py)."""

from __future__ import annotations

import string

import pytest

from b12labs.reasoning import RULE_BOOK, evaluate
from b12labs.reasoning.code_forms import has_code_form
from b12labs.reasoning.compiled import compile_book, compiled_arguments
from b12labs.reasoning.conditions import Condition
from b12labs.reasoning.facts import Facts, template_resolver
from b12labs.reasoning.outcomes import outcome_of
from reasoning.scenarios import make_facts


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    sub: type
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _name(cls: type) -> str:
    return cls.__name__


PUBLIC = sorted((c for c in _subclasses(Condition) if not _name(c).startswith("_")), key=_name)


@pytest.mark.parametrize("cls", PUBLIC, ids=_name)
def test_every_condition_class_has_a_code_form(cls: type[Condition]) -> None:
    # a new condition class fails here until its code form is written in code_forms.py
    assert has_code_form(cls), f"{cls.__name__} has no code form"


def test_the_book_compiles_once_into_one_function() -> None:
    compiled = compile_book(RULE_BOOK)
    assert compiled.source.startswith("def run(labs, SYM, ctx):")
    assert compiled.source.count("\ndef ") == 0  # one function, no helpers
    # every rule of the book is there, by its index
    for index, _ in enumerate(RULE_BOOK.all_rules()):
        assert f"({index})" in compiled.source or f"append({index})" in compiled.source


@pytest.mark.parametrize(
    "facts",
    [
        make_facts(),
        make_facts(b12="130 pg/mL", symptoms=["tingling"], context={"diet": "vegan"}),
        make_facts(potassium="2.4 mmol/L", symptoms=["palpitations"]),
        make_facts(potassium="<3.0 mmol/L", magnesium="0.5 mmol/L", symptoms=["muscle_cramps"]),
        make_facts(b12="1500 pg/mL", potassium="3.1 mmol/L", context={"b12_injections": True}),
        make_facts(b12="<300 pg/mL", context={"pregnant": True, "pregnancy_trimester": 3}),
        make_facts(potassium={"value": 6.4, "unit": "mmol/L", "hemolyzed": True}),
    ],
    ids=["nothing", "low b12", "low potassium", "censored", "injections", "pregnancy", "hemolyzed"],
)
def test_compiled_outcome_equals_the_reference(facts: object) -> None:
    compiled = compile_book(RULE_BOOK)
    matches = compiled.run(*compiled_arguments(facts))  # type: ignore[arg-type]
    assert outcome_of(compiled, matches, facts) == evaluate(facts, RULE_BOOK)  # type: ignore[arg-type]


def _quoted_keys() -> list[str]:
    """Every key a rule text quotes, the keys of every lab, and ones no text knows."""
    keys = {name for rule in RULE_BOOK.all_rules() for _, name, _, _ in _FORMATTER.parse(rule.text)}
    labs = {f"{a}{s}" for a in ("b12", "potassium", "magnesium") for s in _SUFFIXES}
    return sorted(k for k in keys | labs | {"age", "b12_nonsense", "unknown"} if k)


_FORMATTER = string.Formatter()
_SUFFIXES = ("", "_band", "_band_text", "_normal", "_normal_low")


@pytest.mark.parametrize(
    "facts",
    [
        make_facts(),
        make_facts(b12="<150 pg/mL", potassium="5.1 meq/L", magnesium="1.9 mg/dL"),
        make_facts(b12="300 pmol/L", potassium="<3.0 mmol/L", context={"age_years": 70}),
        make_facts(b12=">=2000 ng/L", magnesium="0.5 mmol/L", context={"pregnant": True}),
    ],
    ids=["nothing", "mixed units", "censored", "pregnancy"],
)
def test_template_resolvers_give_the_template_values(facts: Facts) -> None:
    # the outcome's resolvers (made once per key) agree with Facts.template_value
    for key in _quoted_keys():
        assert template_resolver(key)(facts) == facts.template_value(key), key
