"""Trusted construction builds exactly what validation builds, class by class."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from b12labs import Context, interpret
from b12labs._trusted import trusted
from b12labs.context import _trusted_context
from b12labs.interpretation import reference_interpret
from b12labs.reasoning.assessment import Assessment, Evidence, Recommendation
from b12labs.report import Finding, Report
from b12labs.results import result_class
from b12labs.strategies import contexts, result_texts
from b12labs.vocabulary import RecommendationKind


def _same(made: Any, validated: Any) -> None:
    assert type(made) is type(validated)
    assert made == validated
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert made.__pydantic_extra__ == validated.__pydantic_extra__
    assert made.__pydantic_private__ == validated.__pydantic_private__
    try:
        hashes = hash(made), hash(validated)
    except TypeError:  # a model holding lists or dicts is not hashable either way
        return
    assert hashes[0] == hashes[1]


@given(result_texts())
def test_a_parsed_result_is_what_validation_builds(case: tuple[str, Any]) -> None:
    text, expected = case
    parsed = result_class(expected.analyte).parse(text)  # the trusted fast path
    fields = {"value": parsed.value, "unit": parsed.unit, "comparator": parsed.comparator}
    fields |= {"specimen": "serum", "hemolyzed": False}
    _same(parsed, result_class(expected.analyte).model_validate(fields))


@given(contexts())
def test_a_context_read_fast_is_what_validation_builds(context: Context) -> None:
    data = {k: v for k, v in context.model_dump(mode="json").items() if v not in (None, [])}
    made = _trusted_context(dict(data))
    assert made is not None
    _same(made, Context.model_validate(dict(data)))


CALLS: list[dict[str, Any]] = [
    {"b12": "130 pg/mL", "symptoms": ["tingling", "fatigue"], "context": {"diet": "vegan"}},
    {"potassium": "2.4 mmol/L", "magnesium": "0.5 mmol/L", "symptoms": ["palpitations"]},
    {"b12": "<300 pg/mL", "context": {"pregnant": True, "pregnancy_trimester": 2}},
]


@pytest.mark.parametrize("call", CALLS)
def test_every_model_of_a_fast_report_is_what_validation_builds(call: dict[str, Any]) -> None:
    fast, reference = interpret(**call), reference_interpret(**call)
    _same(fast, reference)
    for analyte, finding in fast.findings.items():
        _same(finding, reference.findings[analyte])
        _same(finding, Finding.model_validate(finding.model_dump()))
    for made, validated in zip(fast.assessments, reference.assessments, strict=True):
        _same(made, validated)
        _same(made, Assessment.model_validate(made.model_dump()))
        for item, expected in zip(made.evidence, validated.evidence, strict=True):
            _same(item, expected)
            _same(item, Evidence.model_validate(item.model_dump()))
    for step, expected_step in zip(fast.recommendations, reference.recommendations, strict=True):
        _same(step, expected_step)
        _same(step, Recommendation.model_validate(step.model_dump()))
    _same(fast, Report.model_validate(fast.model_dump()))


def test_trusted_keeps_the_fields_it_is_given() -> None:
    fields: dict[str, object] = {"kind": RecommendationKind.safety, "text": "t"}
    fields |= {"test": None, "rule": None, "sources": ()}
    made = trusted(Recommendation, dict(fields), {"kind", "text"})
    assert made.__pydantic_fields_set__ == {"kind", "text"}
    assert made.model_dump(exclude_unset=True) == {"kind": "safety", "text": "t"}
