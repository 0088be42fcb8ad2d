"""``str(report)``: the plain-text summary, and the wording shared by every renderer."""

from __future__ import annotations

import pytest
from hypothesis import given

from b12labs import Analyte, Band, Likelihood, Report, Urgency, interpret
from b12labs.render import band_label, finding_line, likelihood_label, urgency_label
from b12labs.render.text import render_text
from reasoning.scenarios import Inputs
from reasoning.strategies_interpret import inputs

WIDTH = 88


def _example() -> Report:
    return interpret(
        b12="250 pg/mL",
        potassium="3.1 mmol/L",
        magnesium="1.6 mg/dL",
        symptoms=["tingling", "cramps", "thirst"],
        context={"diet": "vegan", "age_years": 70, "medications": ["statin"]},
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_str_is_the_text_renderer() -> None:
    report = _example()
    assert str(report) == render_text(report)
    assert str(report).endswith("\n")


def test_sections_in_order() -> None:
    text = str(_example())
    headings = [
        "b12labs report (reference data",
        "Urgency: PROMPT - see a clinician within days",
        "Results",
        "Symptoms considered: muscle cramps, tingling, thirst",
        "What the picture is consistent with",
        "Next steps",
        "This report is not a diagnosis",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)


def test_findings_show_value_canonical_value_band_flag_and_range() -> None:
    text = str(_example())
    assert "- Vitamin B12 (cobalamin): 250 pg/mL (184 pmol/L) - borderline low [L]" in text
    assert "- Potassium: 3.1 mmol/L - low [L]" in text
    assert "- Magnesium: 1.6 mg/dL (0.658 mmol/L) - low [L]" in text
    assert "normal 350-914 ng/L for adults and young people aged 16 and over" in text
    assert "normal 3.5-5.3 mmol/L for adults aged 18 and over" in text


def test_assessments_are_numbered_with_their_likelihood_and_factors() -> None:
    text = str(_example())
    assert "  1. Vitamin B12 deficiency: LIKELY" in text
    assert "  2. Other common causes of cramps: LIKELY" in text
    assert "  3. B12 excess from high-dose injections: UNLIKELY" in text
    assert "Specific causes: dehydration, low magnesium, low potassium, medication" in text


def test_evidence_is_signed_and_not_repeated_from_the_rationale() -> None:
    report = interpret(b12="500 pg/mL", symptoms=["tingling"])
    text = _flat(str(report))
    assert "+ Tingling fits the nerve damage" in text
    not_low = "B12 of 500 pg/mL is not low for the range used"
    assert text.count(not_low) == 1  # in the rationale, so not repeated as evidence


def test_next_steps_and_notes() -> None:
    text = _flat(str(_example()))
    assert "* [See a clinician] See a clinician within the next few days" in text
    assert "* [Test: methylmalonic acid]" in text
    assert "* [Safety]" in text
    assert "* [For your clinician] Potassium and magnesium are both low" in text


def test_no_labs_says_so() -> None:
    text = str(interpret())
    assert "No lab results were given." in text
    assert "Urgency: ROUTINE - discuss at a routine appointment" in text
    assert "Symptoms considered" not in text
    assert "Notes and assumptions" not in text


def test_warnings_are_listed() -> None:
    text = _flat(str(interpret(potassium="<3.0 mmol/L")))
    assert "Notes and assumptions" in text
    assert "- The potassium result <3 mmol/L is a bound, not a measurement" in text
    assert "URGENT - seek medical care now" in text


def test_finding_line_of_a_censored_value_keeps_its_comparator() -> None:
    finding = interpret(b12="<300 pg/mL").findings[Analyte.b12]
    assert finding_line(finding) == (
        "Vitamin B12 (cobalamin): <300 pg/mL (<221 pmol/L) - "
        "indeterminate (the bound spans more than one band) [IND]"
    )


def test_labels_cover_every_member() -> None:
    assert {band_label(b) for b in Band} >= {"critically low", "low", "borderline low", "normal"}
    assert len({band_label(b) for b in Band}) == len(Band)
    assert [likelihood_label(lvl) for lvl in Likelihood] == ["UNLIKELY", "POSSIBLE", "LIKELY"]
    assert [urgency_label(u).split(" ")[0] for u in Urgency] == ["ROUTINE", "PROMPT", "URGENT"]


@pytest.mark.parametrize("urgency", list(Urgency))
def test_urgency_labels_say_how_soon(urgency: Urgency) -> None:
    words = {Urgency.routine: "routine", Urgency.prompt: "within days", Urgency.urgent: "now"}
    assert words[urgency] in urgency_label(urgency)


@given(inputs())
def test_text_lines_fit_the_width(given_inputs: Inputs) -> None:
    """Invariant: every line of the plain-text report is at most 88 characters wide, and the
    flattened text holds every urgency reason, recommendation and warning in full."""
    report = given_inputs.run()
    text = str(report)
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    flat = _flat(text)
    for part in (
        *report.urgency_reasons,
        *report.warnings,
        *(r.text for r in report.recommendations),
    ):
        assert _flat(part) in flat
