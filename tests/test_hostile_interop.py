"""Hostile input on the interop paths (FHIR JSON, FHIR Quantity mappings, HL7 v2) ends in a
typed library error, quickly, without echo: the same table and judge as test_hostile.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from b12labs import InvalidResultError, UnitError, interpret
from b12labs.fhir import interpret_observations, result_from_observation
from b12labs.hl7 import result_from_obx, results_from_message
from test_hostile import (
    SECRET,
    Case,
    RaisingMapping,
    RaisingStr,
    _params,
    deep,
    untyped,
)
from test_hostile import test_hostile_input_is_a_typed_library_error as judge

UCUM = "http://unitsofmeasure.org"
MSH = "MSH|^~\\&|LAB|HOSP|||20240301||ORU^R01|1|P|2.5.1\r"


def obs(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3"}]},
        "valueQuantity": {"value": 3.1, "unit": "mmol/L", "system": UCUM, "code": "mmol/L"},
    }
    return base | changes


def q(**changes: Any) -> dict[str, Any]:
    return {"value": 3.1, "system": UCUM, "code": "mmol/L"} | changes


def deep_json(depth: int) -> str:
    return '{"resourceType": "Observation", "note": ' + "[" * depth + "]" * depth + "}"


def deep_list(depth: int) -> object:
    node: object = SECRET
    for _ in range(depth):
        node = [node]
    return node


CASES = [
    # FHIR JSON text
    Case(
        "fhir-deep-json-text",
        lambda t: result_from_observation(deep_json(100_000)),
        InvalidResultError,
        "too_deep",
    ),
    Case(
        "fhir-deep-json-under-the-recursion-limit",
        lambda t: result_from_observation(deep_json(500)),
        InvalidResultError,
        "too_deep",
    ),
    Case(
        "fhir-nan-literal",
        lambda t: result_from_observation(json.dumps(obs()).replace("3.1", "NaN")),
        InvalidResultError,
        "not_json",
    ),
    Case(
        "fhir-infinity-literal",
        lambda t: result_from_observation(json.dumps(obs()).replace("3.1", "-Infinity")),
        InvalidResultError,
        "not_json",
    ),
    Case(
        "fhir-huge-exponent",
        lambda t: result_from_observation(json.dumps(obs()).replace("3.1", "1e400")),
        InvalidResultError,
        "not_finite",
    ),
    Case(
        "fhir-huge-integer-literal",
        lambda t: result_from_observation(json.dumps(obs()).replace("3.1", "9" * 5000)),
        InvalidResultError,
        "too_long",
    ),
    Case(
        "fhir-megabyte-text",
        lambda t: result_from_observation(" " * 4_000_001),
        InvalidResultError,
        "too_large",
    ),
    Case(
        "fhir-megabyte-string",
        lambda t: result_from_observation(obs(note=[{"text": "x" * 1_000_001}])),
        InvalidResultError,
        "too_long",
    ),
    Case(
        "fhir-megabyte-unit-code",
        lambda t: result_from_observation(obs(valueQuantity=q(code=SECRET * 50_000))),
        UnitError,
        "unit_not_accepted",
    ),
    Case(
        "fhir-duplicate-key",
        lambda t: result_from_observation(
            '{"resourceType": "Observation", "status": "final", "status": "x"}'
        ),
        InvalidResultError,
        "duplicate_key",
    ),
    Case(
        "fhir-not-json",
        lambda t: result_from_observation(f"{{{SECRET}"),
        InvalidResultError,
        "not_json",
    ),
    Case(
        "fhir-binary-junk",
        lambda t: result_from_observation("\x00\xff\x1b[31m" + SECRET),
        InvalidResultError,
        "not_json",
    ),
    Case(
        "fhir-bytes",
        lambda t: result_from_observation(untyped(json.dumps(obs()).encode())),
        InvalidResultError,
        "not_text",
    ),
    # wrong types at every key
    Case(
        "fhir-unknown-resource-type",
        lambda t: result_from_observation(obs(resourceType=SECRET)),
        InvalidResultError,
        "wrong_resource",
    ),
    Case(
        "fhir-resource-type-not-text",
        lambda t: result_from_observation(obs(resourceType=["Observation"])),
        InvalidResultError,
        "wrong_resource",
    ),
    Case(
        "fhir-not-an-object",
        lambda t: result_from_observation("[1, 2]"),
        InvalidResultError,
        "wrong_resource",
    ),
    Case(
        "fhir-status-marker",
        lambda t: result_from_observation(obs(status=SECRET)),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-status-number",
        lambda t: result_from_observation(obs(status=5)),
        InvalidResultError,
        "not_text",
    ),
    Case(
        "fhir-code-a-list",
        lambda t: result_from_observation(obs(code=[SECRET])),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-coding-an-object",
        lambda t: result_from_observation(obs(code={"coding": {"code": SECRET}})),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-coding-item-text",
        lambda t: result_from_observation(obs(code={"coding": [SECRET]})),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-loinc-code-number",
        lambda t: result_from_observation(
            obs(code={"coding": [{"system": "http://loinc.org", "code": 2823}]})
        ),
        InvalidResultError,
        "not_text",
    ),
    Case(
        "fhir-loinc-marker",
        lambda t: result_from_observation(
            obs(code={"coding": [{"system": "http://loinc.org", "code": SECRET}]})
        ),
        InvalidResultError,
        "unknown_loinc",
    ),
    Case(
        "fhir-value-quantity-text",
        lambda t: result_from_observation(obs(valueQuantity=SECRET)),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-value-text",
        lambda t: result_from_observation(obs(valueQuantity=q(value=SECRET))),
        InvalidResultError,
        "not_a_number",
    ),
    Case(
        "fhir-value-object",
        lambda t: result_from_observation(obs(valueQuantity=q(value={"v": 1}))),
        InvalidResultError,
        "not_a_number",
    ),
    Case(
        "fhir-value-negative",
        lambda t: result_from_observation(obs(valueQuantity=q(value=-3.1))),
        InvalidResultError,
        "negative",
    ),
    Case(
        "fhir-comparator-marker",
        lambda t: result_from_observation(obs(valueQuantity=q(comparator=SECRET))),
        InvalidResultError,
        "bad_comparator",
    ),
    Case(
        "fhir-comparator-list",
        lambda t: result_from_observation(obs(valueQuantity=q(comparator=["<"]))),
        InvalidResultError,
        "bad_comparator",
    ),
    Case(
        "fhir-system-number",
        lambda t: result_from_observation(obs(valueQuantity=q(system=1))),
        UnitError,
        "unit_not_text",
    ),
    Case(
        "fhir-specimen-text",
        lambda t: result_from_observation(obs(specimen=SECRET)),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-note-not-a-list",
        lambda t: result_from_observation(obs(note=SECRET)),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-two-values",
        lambda t: result_from_observation(obs(valueString=SECRET)),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-value-string-marker",
        lambda t: result_from_observation(obs(valueQuantity=None, valueString=f"3.1 {SECRET}")),
        UnitError,
    ),
    Case(
        "fhir-effective-marker",
        lambda t: interpret_observations([obs(effectiveDateTime=SECRET), obs()]),
        InvalidResultError,
        "several_results",
    ),
    # Python objects given as FHIR
    Case(
        "fhir-dict-deep",
        lambda t: result_from_observation(obs(note=deep(10_000))),
        InvalidResultError,
        "too_deep",
    ),
    Case(
        "fhir-list-deep",
        lambda t: result_from_observation(obs(note=deep_list(10_000))),
        InvalidResultError,
        "too_deep",
    ),
    Case(
        "fhir-raising-mapping",
        lambda t: result_from_observation(RaisingMapping("resourceType")),
        InvalidResultError,
        "bad_mapping",
    ),
    Case(
        "fhir-key-not-text",
        lambda t: result_from_observation({1: SECRET}),
        InvalidResultError,
        "unexpected_field",
    ),
    Case(
        "fhir-str-subclass-text",
        lambda t: result_from_observation(RaisingStr(SECRET)),
        InvalidResultError,
        "not_json",
    ),
    Case(
        "fhir-object-value",
        lambda t: result_from_observation(obs(valueQuantity=q(value=object()))),
        InvalidResultError,
        "unsupported_type",
    ),
    Case(
        "fhir-too-many-items",
        lambda t: result_from_observation(obs(note=[{}] * 10_001)),
        InvalidResultError,
        "too_many",
    ),
    Case(
        "fhir-bundle-entry-not-a-list",
        lambda t: interpret_observations({"resourceType": "Bundle", "entry": SECRET}),
        InvalidResultError,
        "invalid",
    ),
    Case(
        "fhir-bundle-of-secrets",
        lambda t: interpret_observations({"resourceType": SECRET}),
        InvalidResultError,
        "wrong_resource",
    ),
    Case(
        "fhir-observations-number",
        lambda t: interpret_observations(untyped(5)),
        InvalidResultError,
        "wrong_resource",
    ),
    # FHIR Quantity mappings as a lab argument
    Case(
        "quantity-mapping-marker-code",
        lambda t: interpret(potassium=q(code=SECRET)),
        UnitError,
        "unit_not_accepted",
    ),
    Case(
        "quantity-mapping-marker-key",
        lambda t: interpret(potassium=q(**{SECRET: 1})),
        InvalidResultError,
        "unexpected_field",
        "potassium",
    ),
    Case(
        "quantity-mapping-nan",
        lambda t: interpret(potassium=q(value=float("nan"))),
        InvalidResultError,
        "not_finite",
    ),
    Case(
        "quantity-mapping-huge-int",
        lambda t: interpret(potassium=q(value=10**400)),
        InvalidResultError,
        "not_finite",
    ),
    Case(
        "quantity-mapping-bool",
        lambda t: interpret(potassium=q(value=True)),
        InvalidResultError,
        "boolean",
    ),
    Case(
        "quantity-mapping-no-unit",
        lambda t: interpret(potassium={"value": 3.1, "system": UCUM}),
        UnitError,
        "unit_missing",
    ),
    Case(
        "quantity-mapping-ad",
        lambda t: interpret(potassium=q(comparator="ad")),
        InvalidResultError,
        "bad_comparator",
    ),
    Case(
        "quantity-mapping-raising",
        lambda t: interpret(potassium=RaisingMapping("value", "code")),
        InvalidResultError,
        "bad_mapping",
    ),
    Case(
        "quantity-mapping-str-subclass-code",
        lambda t: interpret(potassium=q(code=RaisingStr(SECRET))),
        UnitError,
    ),
    # HL7 v2
    Case(
        "hl7-wrong-delimiters",
        lambda t: results_from_message("MSH|^^\\&|LAB\r" + SECRET),
        InvalidResultError,
        "bad_delimiters",
    ),
    Case(
        "hl7-letter-delimiters",
        lambda t: results_from_message("MSHa^~\\&aLAB"),
        InvalidResultError,
        "bad_delimiters",
    ),
    Case(
        "hl7-short-msh",
        lambda t: results_from_message("MSH|"),
        InvalidResultError,
        "bad_delimiters",
    ),
    Case(
        "hl7-missing-msh",
        lambda t: results_from_message(f"OBX|1|NM|2823-3^K^LN||{SECRET}|mmol/L"),
        InvalidResultError,
        "missing_segment",
    ),
    Case(
        "hl7-segment-without-id",
        lambda t: results_from_message(MSH + SECRET),
        InvalidResultError,
        "not_hl7",
    ),
    Case(
        "hl7-binary-junk",
        lambda t: results_from_message(MSH + "OBX|\x00\x01\xff" + SECRET),
        InvalidResultError,
        "control_character",
    ),
    Case(
        "hl7-escape-not-closed",
        lambda t: result_from_obx(f"OBX|1|NM|2823-3^K^LN||3\\F{SECRET}|mmol/L"),
        InvalidResultError,
        "bad_escape",
    ),
    Case(
        "hl7-escape-hex",
        lambda t: result_from_obx("OBX|1|NM|2823-3^K^LN||\\X33\\|mmol/L"),
        InvalidResultError,
        "bad_escape",
    ),
    Case(
        "hl7-escape-in-unit",
        lambda t: result_from_obx("OBX|1|NM|2823-3^K^LN||3.1|mmol\\E\\L"),
        UnitError,
        "unit_not_accepted",
    ),
    Case(
        "hl7-marker-unit",
        lambda t: result_from_obx(f"OBX|1|NM|2823-3^K^LN||3.1|{SECRET}"),
        UnitError,
        "unit_not_accepted",
    ),
    Case(
        "hl7-marker-value",
        lambda t: result_from_obx(f"OBX|1|NM|2823-3^K^LN||{SECRET}|mmol/L"),
        InvalidResultError,
        "not_a_number",
    ),
    Case(
        "hl7-marker-sn",
        lambda t: result_from_obx(f"OBX|1|SN|2823-3^K^LN||{SECRET}^3.1|mmol/L"),
        InvalidResultError,
        "bad_comparator",
    ),
    Case(
        "hl7-sn-range",
        lambda t: result_from_obx("OBX|1|SN|2823-3^K^LN||^3.5^-^5.1|mmol/L"),
        InvalidResultError,
        "range",
    ),
    Case(
        "hl7-huge-message",
        lambda t: results_from_message(MSH + "NTE|1||" + "x" * 4_000_001),
        InvalidResultError,
        "too_large",
    ),
    Case(
        "hl7-many-segments",
        lambda t: results_from_message(MSH + "NTE|1\r" * 10_001),
        InvalidResultError,
        "too_many",
    ),
    Case(
        "hl7-not-text",
        lambda t: results_from_message(untyped(MSH.encode())),
        InvalidResultError,
        "not_text",
    ),
    Case(
        "hl7-str-subclass",
        lambda t: result_from_obx(RaisingStr(f"OBX|1|NM|2823-3^K^LN||{SECRET}|mmol/L")),
        InvalidResultError,
    ),
    Case(
        "hl7-bad-delimiters-argument",
        lambda t: result_from_obx("OBX|1", delimiters=SECRET),
        InvalidResultError,
        "bad_delimiters",
    ),
    Case(
        "hl7-huge-number",
        lambda t: result_from_obx("OBX|1|NM|2823-3^K^LN||" + "9" * 90 + "|mmol/L"),
        InvalidResultError,
        "too_long",
    ),
]


def test_the_interop_table_is_large_and_covers_every_new_path() -> None:
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.id.split("-", 1)[0] for case in CASES} == {"fhir", "quantity", "hl7"}


@pytest.mark.parametrize("case", _params(CASES))
def test_hostile_interop_input_is_a_typed_library_error(case: Case, tmp_path: Path) -> None:
    judge(case, tmp_path)  # test_hostile.py's judge: typed, a ValueError, no echo, in time
