"""The behaviour snapshot: ``interpret()`` returns exactly the recorded report for 400 calls.

A refactoring leaves every report byte-identical; an intended change is recorded again with
``python scripts/record_behaviour.py`` in the same commit (see that script).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from b12labs import B12LabsError, interpret

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import record_behaviour  # noqa: E402 - the scripts folder is not a package

RECORDED = json.loads(record_behaviour.SNAPSHOT.read_text(encoding="utf-8"))


def test_the_snapshot_covers_every_recorded_call() -> None:
    assert [entry["call"] for entry in RECORDED] == record_behaviour.cases()
    assert len(RECORDED) == record_behaviour.CASES


@pytest.mark.parametrize("entry", RECORDED, ids=lambda entry: str(RECORDED.index(entry)))
def test_the_report_is_unchanged(entry: dict[str, object]) -> None:
    call = entry["call"]
    assert isinstance(call, dict)
    if "error" in entry:
        with pytest.raises(B12LabsError) as caught:
            interpret(**call)
        error = caught.value
        assert {"type": type(error).__name__, "code": error.code, "field": error.field} == entry[
            "error"
        ]
        return
    report = interpret(**call)
    assert record_behaviour.summary(report) == entry["summary"]
    assert record_behaviour.digest(report.model_dump_json()) == entry["sha256"]
