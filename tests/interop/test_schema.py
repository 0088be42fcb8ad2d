"""The published JSON schemas: one per model under docs/schema/, each with $schema and $id,
and current (tests/test_docs.py fails on a stale one; this checks the set and the ids)."""

from __future__ import annotations

import json
from pathlib import Path

from b12labs import Report, interpret

SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "docs" / "schema"
NAMES = {
    "report.schema.json",
    "b12-result.schema.json",
    "potassium-result.schema.json",
    "magnesium-result.schema.json",
    "cds-hooks-response.schema.json",
}


def test_each_schema_names_its_dialect_and_its_address() -> None:
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == NAMES
    for name in NAMES:
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith(f"/docs/schema/{name}")


def test_the_report_schema_is_the_models() -> None:
    schema = json.loads((SCHEMA_DIR / "report.schema.json").read_text(encoding="utf-8"))
    generated = Report.model_json_schema()
    assert {k: v for k, v in schema.items() if not k.startswith("$s") and k != "$id"} == generated
    report = interpret(b12="130 pg/mL")
    assert set(json.loads(report.model_dump_json())) <= set(schema["properties"])
