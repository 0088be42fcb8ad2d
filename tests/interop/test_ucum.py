"""UCUM out: every unit b12labs emits as data is a valid case-sensitive UCUM code (checked
with ucumvert's full UCUM grammar), with the display FHIR writes beside it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from ucumvert import get_ucum_parser

from b12labs import Analyte, chemistry, interpret
from b12labs.fhir import observation_definitions, observations_from_report

#: What b12labs writes: every accepted unit of the analytes, and the age units of ranges.
EXPECTED = {"pg/mL", "ng/L", "pmol/L", "mmol/L", "meq/L", "mg/dL", "a", "mo", "wk", "d"}
UCUM = "http://unitsofmeasure.org"


def _quantities(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("system") == UCUM:
            yield node
        for value in node.values():
            yield from _quantities(value)
    elif isinstance(node, list):
        for item in node:
            yield from _quantities(item)


def _report_units(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "unit" and isinstance(value, str):
                yield value
            yield from _report_units(value)
    elif isinstance(node, list):
        for item in node:
            yield from _report_units(item)


def _emitted() -> tuple[set[str], list[dict[str, Any]]]:
    reports = [
        interpret(b12=text, potassium=k, magnesium=mg, context={"age_years": age})
        for text, k, mg, age in (
            ("130 pg/mL", "3.1 mmol/L", "1.6 mg/dL", 40),
            ("200 ng/L", "3.1 mEq/L", "1.2 mEq/L", 0.1),
            ("<110 pmol/L", ">6.5 meq/L", "0.5 mmol/L", 8),
        )
    ]
    quantities = [q for r in reports for q in _quantities(observations_from_report(r))]
    versions: tuple[Literal["R4", "R5"], ...] = ("R4", "R5")
    for version in versions:
        quantities += list(_quantities(observation_definitions(version=version)))
    codes = {q["code"] for q in quantities}
    codes |= {u for r in reports for u in _report_units(json.loads(r.model_dump_json()))}
    return codes, quantities


def test_every_emitted_unit_is_valid_case_sensitive_ucum() -> None:
    codes, _ = _emitted()
    assert codes == EXPECTED
    parser = get_ucum_parser()
    for code in codes:
        parser.parse(code)  # raises on anything that is not UCUM


def test_the_grammar_check_is_case_sensitive() -> None:
    from lark.exceptions import LarkError

    with pytest.raises(LarkError):
        get_ucum_parser().parse("mEq/L")


def test_each_quantity_has_a_display_beside_its_code() -> None:
    _, quantities = _emitted()
    # a Quantity's display is its "unit"; a Coding's (ObservationDefinition units) "display"
    displays = {(q["code"], q.get("unit", q.get("display"))) for q in quantities}
    assert ("meq/L", "mEq/L") in displays
    assert ("a", "years") in displays
    assert all(display for _, display in displays)


def test_chemistry_units_are_the_expected_codes() -> None:
    assert {c for a in Analyte for c in chemistry(a).ucum_codes} == EXPECTED - {
        "a",
        "mo",
        "wk",
        "d",
    }
