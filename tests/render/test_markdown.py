"""``Report.to_markdown()``: headings, a results table, assessments, next steps, disclaimer."""

from __future__ import annotations

import json
import re

from hypothesis import given

from b12labs import RangeSet, Report, interpret
from reasoning.scenarios import Inputs
from reasoning.strategies_interpret import inputs
from strategies import FICTIONAL_DIR

HEADER = "| Test | Result | Canonical | Band | Flag | Normal range | Source |"
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _example() -> Report:
    return interpret(
        b12="250 pg/mL",
        potassium="3.1 mmol/L",
        symptoms=["tingling", "cramps"],
        context={"diet": "vegan", "medications": ["statin"]},
    )


def test_structure() -> None:
    markdown = _example().to_markdown()
    lines = markdown.splitlines()
    assert lines[0] == "## b12labs report"
    assert "**Urgency: PROMPT - see a clinician within days**" in lines
    for heading in ("### Results", "### What the picture is consistent with", "### Next steps"):
        assert heading in lines
    assert "#### Vitamin B12 deficiency: LIKELY" in lines
    assert "#### B12 excess from high-dose injections: UNLIKELY" in lines
    assert "Symptoms considered: muscle cramps, tingling" in lines


def test_results_table() -> None:
    lines = _example().to_markdown().splitlines()
    start = lines.index(HEADER)
    assert lines[start + 1] == "|---|---|---|---|---|---|---|"
    rows = lines[start + 2 : start + 4]
    assert rows[0].startswith(
        "| Vitamin B12 (cobalamin) | 250 pg/mL | 184.5 pmol/L | borderline low | L |"
    )
    assert "[nice-ng239](https://www.nice.org.uk/" in rows[0]
    assert rows[1].startswith("| Potassium | 3.1 mmol/L | 3.1 mmol/L | low | L | 3.5-5.3 mmol/L")


def test_assessment_details_steps_and_disclaimer() -> None:
    report = _example()
    markdown = report.to_markdown()
    assert "Specific causes: low potassium, medication" in markdown
    assert "- *for*: Tingling fits the nerve damage B12 deficiency can cause." in markdown
    assert "- *against*: Cramps from too much B12" not in markdown  # in the rationale already
    assert "Sources: [" in markdown
    assert "- **See a clinician**: See a clinician within the next few days" in markdown
    assert "- **Test (methylmalonic acid)**: Ask about a methylmalonic acid" in markdown
    assert f"> {report.disclaimer}" in markdown
    assert f"*Reference data {report.reference_data_version}*" in markdown


def test_no_labs() -> None:
    markdown = interpret().to_markdown()
    assert "No lab results were given." in markdown
    assert HEADER not in markdown
    assert "### Notes and assumptions" not in markdown


def test_cells_escape_pipes() -> None:
    """A laboratory's own population label with a '|' must not break the table."""
    text = (FICTIONAL_DIR / "b12.toml").read_text(encoding="utf-8")
    text = text.replace('label = "Fictional adults"', f"label = {json.dumps('Adults | lab A')}")
    report = interpret(b12="150 pg/mL", ranges=RangeSet.from_toml(text, name="b12.toml"))
    row = next(line for line in report.to_markdown().splitlines() if line.startswith("| Vitamin"))
    assert "Adults \\| lab A" in row
    assert len(UNESCAPED_PIPE.findall(row)) == 8


@given(inputs())
def test_one_well_formed_row_per_finding(given_inputs: Inputs) -> None:
    """Invariant: the results table has one row per finding, each with exactly seven cells, and
    every recommendation and warning appears in full."""
    report = given_inputs.run()
    markdown = report.to_markdown()
    lines = markdown.splitlines()
    if report.findings:
        start = lines.index(HEADER)
        rows = lines[start + 2 : start + 2 + len(report.findings)]
        assert all(len(UNESCAPED_PIPE.findall(row)) == 8 for row in rows)
        assert start + 2 + len(report.findings) == len(lines) or not lines[
            start + 2 + len(report.findings)
        ].startswith("|")
    for part in (*report.warnings, *(r.text for r in report.recommendations)):
        assert part in markdown
