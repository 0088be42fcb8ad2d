"""Privacy, proven for the interop paths: FHIR in and out, HL7 v2 in, CDS Hooks out.

The same three proofs as test_privacy.py, reusing its audit script and observers: no
socket, process or file write while the interop corpus runs (an audit hook in a fresh
interpreter); no log record; and a marker placed in every field of an Observation, a
Bundle, a Quantity mapping and an HL7 message never comes back in an error, a warning or
any output (a marker in a free-text field that is not read, such as a note or a display,
may be accepted, but is never repeated).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from b12labs import Report, interpret
from b12labs.fhir import (
    interpret_observations,
    observation_definitions,
    observations_from_report,
    result_from_observation,
)
from b12labs.hl7 import observations_from_message, result_from_obx, results_from_message
from test_privacy import _AUDIT_SCRIPT, FICTIONAL, MARKER, _observe, run_audit

DATA = Path(__file__).resolve().parent / "data" / "interop"
OBSERVATION = json.loads((DATA / "observation-potassium-r5.json").read_text(encoding="utf-8"))
BUNDLE = json.loads((DATA / "bundle-one-person.json").read_text(encoding="utf-8"))
MESSAGE = (DATA / "oru-r01.hl7").read_bytes().decode("utf-8")

_INTEROP_CALLS = f"""
from b12labs import fhir, hl7
bundle = open({str(DATA / "bundle-one-person.json")!r}, encoding="utf-8").read()
message = open({str(DATA / "oru-r01.hl7")!r}, encoding="utf-8", newline="").read()
report = fhir.interpret_observations(bundle, symptoms=["cramps"])
out = fhir.observations_from_report(report)
fhir.result_from_observation(out[0])
fhir.observation_definitions(); fhir.observation_definitions(version="R5")
report.to_cds_hooks()
hl7.results_from_message(message)
interpret(potassium={{"value": 3.1, "system": "http://unitsofmeasure.org", "code": "mmol/L"}})
for bad in ("NaN", "[" * 5000, "{{}}"):
    try:
        fhir.result_from_observation(bad)
    except b12labs.B12LabsError:
        pass
phase[0] = "done"
"""


def test_the_interop_corpus_opens_no_socket_process_or_file_for_writing() -> None:
    script = _AUDIT_SCRIPT.replace('phase[0] = "done"', _INTEROP_CALLS, 1)
    assert script != _AUDIT_SCRIPT
    seen = run_audit(script, str(FICTIONAL))
    assert seen["calls"] == []


# --- the marker in every field ----------------------------------------------------------------


def _paths(node: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _changed(data: Any, path: tuple[Any, ...], rename: bool) -> Any:
    made = copy.deepcopy(data)
    node = made
    for part in path[:-1]:
        node = node[part]
    if rename:
        node[MARKER] = node.pop(path[-1])
    else:
        node[path[-1]] = MARKER
    return made


def _fhir_variants(data: Any) -> Iterator[tuple[str, Any]]:
    for path in list(_paths(data))[1:]:
        where = ".".join(map(str, path))
        yield f"value {where}", _changed(data, path, rename=False)
        if isinstance(path[-1], str):
            yield f"key {where}", _changed(data, path, rename=True)


def _hl7_variants(message: str) -> Iterator[tuple[str, str]]:
    segments = message.split("\r")
    for s_index, segment in enumerate(segments):
        fields = segment.split("|")
        for f_index in range(1 if fields[0] != "MSH" else 2, len(fields)):
            changed = list(fields)
            changed[f_index] = MARKER if f_index % 2 else f"{fields[f_index]}{MARKER}"
            copied = list(segments)
            copied[s_index] = "|".join(changed)
            yield f"[{s_index}] {fields[0]}-{f_index}", "\r".join(copied)


def _bind(function: Callable[..., object], *args: Any, **kwargs: Any) -> Callable[[], object]:
    return lambda: function(*args, **kwargs)


def _calls() -> Iterator[tuple[str, Callable[[], object]]]:
    for what, variant in _fhir_variants(OBSERVATION):
        yield f"observation {what}", _bind(result_from_observation, variant)
        text = json.dumps(variant)
        yield f"observation text {what}", _bind(result_from_observation, text)
    for what, variant in _fhir_variants(BUNDLE):
        yield f"bundle {what}", _bind(interpret_observations, variant)
    quantity = {
        "value": 3.1,
        "comparator": "<",
        "unit": "mmol/L",
        "system": "http://unitsofmeasure.org",
        "code": "mmol/L",
    }
    for what, variant in _fhir_variants(quantity):
        yield f"quantity {what}", _bind(interpret, potassium=variant)
    for what, variant in _hl7_variants(MESSAGE):
        yield f"message {what}", _bind(results_from_message, variant)
        yield f"message observations {what}", _bind(observations_from_message, variant)
    obx = "OBX|1|SN|2132-9^Cobalamin^LN||<^150|pg/mL|180-914|L|||F"
    for what, variant in _hl7_variants(obx):
        yield f"obx {what}", _bind(result_from_obx, variant)


CALLS = list(_calls())


def test_the_interop_marker_corpus_is_large() -> None:
    assert len(CALLS) >= 300
    assert len({what for what, _ in CALLS}) == len(CALLS)


def _outputs(value: object) -> list[str]:
    """Every text a result lets out, including what b12labs writes from it."""
    texts = [repr(value), str(value)]
    items = value if isinstance(value, list) else [value]
    for item in items:
        if hasattr(item, "model_dump_json"):
            texts.append(item.model_dump_json())
        if isinstance(item, Report):
            texts.append(json.dumps(item.to_cds_hooks()))
            texts.append(json.dumps(observations_from_report(item)))
    return texts


@pytest.mark.parametrize(("what", "call"), CALLS, ids=[what for what, _ in CALLS])
def test_the_marker_never_comes_back_from_interop(what: str, call: Callable[[], object]) -> None:
    outputs: list[object] = []
    texts, _ = _observe(lambda: outputs.append(call()))
    for value in outputs:
        texts += _outputs(value)
    assert [text for text in texts if MARKER in text or MARKER.lower() in text.lower()] == []


def test_fhir_and_cds_output_of_a_marked_context_carry_no_marker() -> None:
    report = interpret(b12="130 pg/mL", context={"age_years": 70})
    texts = [json.dumps(observations_from_report(report)), json.dumps(report.to_cds_hooks())]
    texts.append(json.dumps(observation_definitions()))
    assert all(MARKER not in text for text in texts)
