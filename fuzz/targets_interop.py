"""Fuzz targets for the interop entry points: FHIR JSON and HL7 v2 messages.

Registered by ``harness.py`` (``TARGETS.update(targets(harness))``), so they run under the
same invariants, recorder and watchdog as every other target: only a ``B12LabsError`` may
escape, the marker never comes back (in an error, a result, the FHIR written from a report
or its CDS Hooks cards), and no call is slow.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

from b12labs import Report
from b12labs.fhir import interpret_observations, observations_from_report, result_from_observation
from b12labs.hl7 import observations_from_message, result_from_obx


def targets(harness: ModuleType) -> dict[str, Callable[[bytes], None]]:
    """The interop targets, bound to the harness's ``check``, mutations and marker."""
    check: Callable[..., object] = harness.check
    marker: str = harness.MARKER

    def outputs(value: object, sample: object) -> None:
        """Record an echo of the marker in what a successful call returns or writes."""
        texts = [repr(value)]
        if isinstance(value, Report):
            texts += [
                json.dumps(observations_from_report(value)),
                json.dumps(value.to_cds_hooks()),
            ]
        if any(marker in text for text in texts):
            harness.RECORDER.add("echo:output", "interop", sample)

    def fhir_json(data: bytes) -> None:
        """``result_from_observation`` and ``interpret_observations``: the bytes as JSON
        text, or (first byte odd) a seed's parsed JSON with some nodes replaced by hostile
        values (deep nesting, raising mappings, NaN, huge ints, the marker)."""
        head = data[:1][0] if data else 0
        text = data[1:].decode("utf-8", "replace")
        given: Any = text
        if head & 1:
            fdp = harness.atheris.FuzzedDataProvider(data[1:])
            try:
                parsed = json.loads(text)
            except (ValueError, RecursionError):
                parsed = harness._value(fdp)
            import random

            rng = random.Random(data)
            given = harness._mutate(parsed, rng, fdp, [fdp.ConsumeIntInRange(0, 4)])
        elif head & 2:
            given = text.replace('"final"', f'"{marker}"', 1).replace("mmol/L", marker, 1)
        for call in (result_from_observation, interpret_observations):
            outputs(check(lambda call=call: call(given), given), given)

    def hl7(data: bytes) -> None:
        """``observations_from_message`` and ``result_from_obx``: the bytes as a message
        (first byte: the marker spliced in, line ends changed, one segment alone)."""
        head = data[:1][0] if data else 0
        text = data[1:].decode("utf-8", "replace")
        if head & 1:
            at = (head >> 1) % (len(text) + 1)
            text = text[:at] + marker + text[at:]
        if head & 2:
            text = text.replace("\r", "\n")
        outputs(check(lambda: observations_from_message(text), text), text)
        segments = [s for s in text.replace("\n", "\r").split("\r") if s.startswith("OBX")]
        segment = segments[0] if segments and head & 4 else text
        outputs(check(lambda: result_from_obx(segment), segment), segment)

    return {"fhir_json": fhir_json, "hl7": hl7}
