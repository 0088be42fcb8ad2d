"""``Report.to_markdown()``: headings, a results table, assessments, next steps, disclaimer."""

from __future__ import annotations

import json
import re

from hypothesis import given

from b12labs import RangeSet, Report, interpret
from reasoning.scenarios import Inputs
from reasoning.strategies_interpret import inputs
from strategies import FICTIONAL_DIR

RESULT = re.compile(
    r"^- \*\*(?P<label>[^*]+): (?P<shown>.+) - (?P<band>.+) \[(?P<flag>[A-Z]+)\]\*\*$"
)


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
    assert "#### B12 excess from high-dose injections: NOT ASSESSED" in lines
    assert "Symptoms considered: muscle cramps, tingling" in lines


def test_results_list_each_finding_with_its_limits() -> None:
    lines = _example().to_markdown().splitlines()
    start = lines.index("- **Vitamin B12 (cobalamin): 250 pg/mL - borderline low [L]**")
    assert lines[start + 1 : start + 5] == [
        "  - Converted: 184 pmol/L",
        "  - Reference interval: 180-914 pg/mL",
        "  - Decision limits: low <180 pg/mL; borderline low 180-350 pg/mL; normal >350 pg/mL",
        "  - Ranges for: Adults and young people aged 16 and over",
    ]
    assert "[nice-ng239](https://www.nice.org.uk/" in lines[start + 5]
    assert "- **Potassium: 3.1 mmol/L - low [L]**" in lines
    assert "  - Reference interval: 3.5-5.3 mmol/L" in lines


def test_assessment_details_steps_and_disclaimer() -> None:
    report = _example()
    markdown = report.to_markdown()
    assert "Specific causes: low potassium, medication" in markdown
    assert "- *For*: Tingling fits the nerve damage B12 deficiency can cause." in markdown
    assert "Sources: [" in markdown
    assert "- **See a clinician**: See a clinician within the next few days" in markdown
    assert "- **Test: methylmalonic acid**: Ask about a methylmalonic acid" in markdown
    assert f"> {report.disclaimer}" in markdown
    assert f"*Reference data {report.reference_data_version}*" in markdown


def test_no_labs() -> None:
    markdown = interpret().to_markdown()
    assert "No lab results were given." in markdown
    assert "### Notes and assumptions" not in markdown
    assert "Would assess it: a serum vitamin B12 result" in markdown


def test_a_source_without_an_address_is_cited_by_its_id() -> None:
    markdown = interpret(symptoms=["cramps"]).to_markdown()
    assert "seed-article" in markdown
    assert "(None)" not in markdown


def test_markup_in_range_files_is_not_read_as_html() -> None:
    """A laboratory's own population label cannot inject a tag into the Markdown."""
    text = (FICTIONAL_DIR / "b12.toml").read_text(encoding="utf-8")
    text = text.replace(
        'label = "Fictional adults"', f"label = {json.dumps('<b>Adults</b> | lab A')}"
    )
    report = interpret(b12="150 pg/mL", ranges=RangeSet.from_toml(text, name="b12.toml"))
    markdown = report.to_markdown()
    assert "<b>" not in markdown
    assert "&lt;b>Adults&lt;/b> | lab A" in markdown


@given(inputs())
def test_one_result_line_per_finding(given_inputs: Inputs) -> None:
    """Invariant: the results list has one well-formed line per finding, in report order, and
    every recommendation and warning appears in full."""
    report = given_inputs.run()
    markdown = report.to_markdown()
    matched = [m for m in map(RESULT.match, markdown.splitlines()) if m]
    assert [m["flag"] for m in matched] == [f.flag for f in report.findings.values()]
    for part in (*report.warnings, *(r.text for r in report.recommendations)):
        assert part in markdown
