"""The fast ``interpret()`` gives exactly what the reference path gives, for every rule.

``reference_interpret`` is ``interpret()`` as first written: every model validated, the rule
book run condition by condition by :func:`b12labs.reasoning.evaluate`, classification band
by band in each boundary's unit. The fast path (the compiled rule book, cut points, trusted
construction) must agree with it: equal reports, identical JSON, identical errors, over more
than 20,000 calls that between them match every rule of the book.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from b12labs import B12LabsError, RangeSet, Report
from b12labs.interpretation import compiled_book, interpret, reference_interpret
from b12labs.reasoning import RULE_BOOK
from b12labs.reasoning.assessment import Evidence, Recommendation
from reasoning.scenarios import Inputs
from reasoning.strategies_interpret import inputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from record_behaviour import _LABS, _SYMPTOMS, _context, cases

_INJECTIONS_NOT_RECENT = {"b12_injections": True, "b12_injections_started_recently": False}
#: Calls for the rules the random corpus rarely reaches: haemolysed, plasma and extreme potassium,
#: the rarer medicines, a recent start of injections said not to be, pregnancy judged on
#: limits for people who are not pregnant.
TARGETED: list[dict[str, Any]] = [
    {
        "potassium": {"value": 6.4, "unit": "mmol/L", "hemolyzed": True},
        "symptoms": ["palpitations"],
    },
    {"potassium": {"value": 6.9, "unit": "mmol/L", "hemolyzed": True}},
    {"potassium": {"value": 4.1, "unit": "mmol/L", "hemolyzed": True}},
    {"potassium": {"value": 3.1, "unit": "mmol/L", "hemolyzed": True}},
    {"potassium": {"value": 2.6, "unit": "mmol/L", "hemolyzed": True}, "symptoms": ["weakness"]},
    {"magnesium": "1.7 mg/dL", "symptoms": ["muscle_cramps"]},
    {"potassium": {"value": 5.8, "unit": "mmol/L", "specimen": "plasma"}},
    {"potassium": "12 mmol/L", "symptoms": ["muscle_cramps"]},
    {"potassium": "<11 mmol/L"},
    {"b12": "150 pg/mL", "symptoms": ["tingling"], "context": {"medications": ["ranitidine"]}},
    {"b12": "150 pg/mL", "symptoms": ["numbness"], "context": {"medications": ["famotidine"]}},
    {"b12": "200 pg/mL", "symptoms": ["tingling"], "context": {"medications": ["topiramate"]}},
    {"symptoms": ["muscle_cramps"], "context": {"medications": ["beta blocker"]}},
    {"symptoms": ["muscle_cramps"], "context": {"medications": ["atenolol"]}},
    {"symptoms": ["muscle_cramps"], "context": {"medications": ["stimulant"]}},
    {
        "potassium": "3.1 mmol/L",
        "context": {"b12_injections": True, "b12_injections_started_recently": False},
    },
    {
        "potassium": "3.2 mmol/L",
        "symptoms": ["palpitations"],
        "context": {"b12_injections": True, "b12_injections_started_recently": False},
    },
]


def _adult_ranges_only() -> RangeSet:
    """A set whose B12 tables have no pregnancy population (a laboratory's own file)."""
    bundled = RangeSet.default()
    from b12labs.enums import Analyte

    tables = {a: bundled.tables(a) for a in bundled.analytes}
    tables[Analyte.b12] = tuple(t for t in tables[Analyte.b12] if t.when.pregnant is not True)
    return RangeSet(tables, version="adult-only")


def _generated(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for _ in range(count):
        call: dict[str, Any] = {}
        for analyte, values in _LABS.items():
            if rng.random() < 0.6:
                call[analyte] = rng.choice(values)
        if rng.random() < 0.8:
            call["symptoms"] = rng.sample(_SYMPTOMS, rng.randint(1, 5))
        if rng.random() < 0.9:
            call["context"] = _context(rng)
        yield call


def _outcome(function: Any, call: dict[str, Any]) -> Report | tuple[str, str, str, str]:
    try:
        report: Report = function(**call)
    except B12LabsError as error:
        return (type(error).__name__, error.code, error.field, str(error))
    return report


def _agree(call: dict[str, Any]) -> None:
    fast, reference = _outcome(interpret, call), _outcome(reference_interpret, call)
    if isinstance(reference, Report):
        assert isinstance(fast, Report), call
        assert fast == reference, call
        assert fast.model_dump_json() == reference.model_dump_json(), call
    else:
        assert fast == reference, call


@pytest.fixture(scope="module")
def matched_rules() -> Iterator[set[int]]:
    """Every rule index the compiled book matched while this module ran."""
    book = compiled_book()
    seen: set[int] = set()
    run = book.run

    def spy(*arguments: Any) -> Any:
        matches = run(*arguments)
        for found in (*matches.categories, matches.urgency_rules):
            seen.update(found)
        seen.update(matches.recommendations)
        seen.update(matches.caveats)
        return matches

    object.__setattr__(book, "run", spy)
    try:
        yield seen
    finally:
        object.__setattr__(book, "run", run)


@pytest.mark.slow
def test_twenty_thousand_calls_agree_and_match_every_rule(matched_rules: set[int]) -> None:
    calls = [*cases(), *_generated(20_000, seed=20261201), *TARGETED]
    for call in calls:
        _agree(call)
    adult_only = _adult_ranges_only()
    for trimester in (None, 1, 2, 3):
        context: dict[str, Any] = {"pregnant": True}
        if trimester:
            context["pregnancy_trimester"] = trimester
        _agree(
            {"b12": "150 pg/mL", "symptoms": ["tingling"], "context": context, "ranges": adult_only}
        )
    never = [rule.id for i, rule in enumerate(RULE_BOOK.all_rules()) if i not in matched_rules]
    assert never == [], f"no call matched: {never}"
    assert len(calls) > 20_000


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(st.lists(inputs(), min_size=10, max_size=10))
def test_generated_inputs_of_every_form_agree(batch: list[Inputs]) -> None:
    """Texts, tuples, mappings, typed results and contexts in every accepted form."""
    for given_inputs in batch:
        _agree(dataclasses.asdict(given_inputs))


def test_a_fast_report_passes_validation_unchanged() -> None:
    """The invariants the Report model checks hold by construction on the fast path."""
    for call in [*cases()[:200], *TARGETED]:
        report = _outcome(interpret, call)
        if isinstance(report, Report):
            assert Report.model_validate(report.model_dump()) == report
            assert Report.model_validate_json(report.model_dump_json()) == report


def test_what_reports_share_cannot_change() -> None:
    """Evidence and recommendations that quote no value are made once per rule book and
    shared between reports, so every field they hold is immutable."""
    first = interpret(b12="130 pg/mL", symptoms=["tingling"], context={"diet": "vegan"})
    second = interpret(b12="150 pg/mL", symptoms=["tingling"], context={"diet": "vegan"})

    def parts(report: Report) -> list[Evidence | Recommendation]:
        return [*report.recommendations, *(e for a in report.assessments for e in a.evidence)]

    held = parts(second)
    shared = [item for item in parts(first) if any(item is other for other in held)]
    assert {type(item).__name__ for item in shared} == {"Evidence", "Recommendation"}
    for item in shared:
        assert isinstance(item.sources, tuple)
        with pytest.raises(ValidationError):
            item.text = "changed"  # type: ignore[misc]  # frozen: the point of the test
    quoting = [r for r in first.recommendations if "130" in r.text]
    assert all(not any(r is s for s in second.recommendations) for r in quoting)
