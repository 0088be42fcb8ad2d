"""Shared interop fixtures: the FHIR and HL7 v2 files in ``tests/data/interop/``, and
builders for Observations and Quantities in the shapes the specifications give."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "interop"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"


def load(name: str) -> Any:
    """A JSON fixture, freshly parsed (tests may change it)."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def text(name: str) -> str:
    """A fixture's text, exactly as stored (HL7 segments end in carriage returns)."""
    return (DATA / name).read_bytes().decode("utf-8")


def quantity(
    value: object, code: str | None, *, unit: str | None = None, **extra: Any
) -> dict[str, Any]:
    made: dict[str, Any] = {"value": value}
    if unit is not None:
        made["unit"] = unit
    if code is not None:
        made |= {"system": UCUM, "code": code}
    return made | extra


def observation(
    loinc: str | None, value: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """An R4 Observation with one LOINC coding and a valueQuantity."""
    made: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [] if loinc is None else [{"system": LOINC, "code": loinc}]},
    }
    if value is not None:
        made["valueQuantity"] = value
    return copy.deepcopy(made | extra)
