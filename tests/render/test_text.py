"""``str(report)``: the plain-text summary, and the wording shared by every renderer."""

from __future__ import annotations

import pytest
from hypothesis import given

from b12labs import Band, Likelihood, Report, Urgency, interpret
from b12labs.render import band_label, build_view, likelihood_label, urgency_label
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


def test_findings_show_value_band_flag_and_limits_one_unit_family_per_line() -> None:
    text = str(_example())
    assert "- Vitamin B12 (cobalamin): 250 pg/mL - borderline low [L]" in text
    assert "    Converted: 184 pmol/L" in text
    assert "    Reference interval: 180-914 pg/mL" in text
    assert (
        "    Decision limits: low <180 pg/mL; borderline low 180-350 pg/mL; normal >350 pg/mL"
        in text
    )
    assert "- Potassium: 3.1 mmol/L - low [L]" in text
    assert "    Critical limits: <2.8 mmol/L; >6.2 mmol/L" in text
    assert "- Magnesium: 1.6 mg/dL - low [L]" in text
    assert "    Reference interval: 1.7-2.67 mg/dL" in text
    assert "    Ranges for: Adults aged 18 and over" in text
    assert "350-914" not in text, "a decision limit is never printed as a normal range"
    for line in text.splitlines():
        families = {u for u in ("pg/mL", "pmol/L", "mg/dL", "mmol/L") if u in line}
        assert len(families) <= 1, line


def test_units_are_shown_in_their_usual_case() -> None:
    text = str(interpret(potassium="3.1 meq/L", magnesium="1.4 meq/L"))
    assert "- Potassium: 3.1 mEq/L - low [L]" in text
    assert "meq/L" not in text


def test_assessments_are_numbered_with_their_likelihood_and_factors() -> None:
    text = str(_example())
    assert "  1. Vitamin B12 deficiency: LIKELY" in text
    assert "  2. Other common causes of cramps: LIKELY" in text
    assert "  3. B12 excess from high-dose injections: NOT ASSESSED" in text
    assert "Specific causes: dehydration, low magnesium, low potassium, medication" in text
    assert "Would assess it: whether B12 injections are given" in text


def test_evidence_is_told_apart_in_words_and_not_repeated_from_the_rationale() -> None:
    report = interpret(b12="500 pg/mL", symptoms=["tingling"])
    text = _flat(str(report))
    assert "- For: Tingling fits the nerve damage" in text
    not_low = "B12 of 500 pg/mL is above the decision limit (350 pg/mL)"
    assert text.count(not_low) == 1  # in the rationale, so not repeated as evidence


def test_context_says_what_is_known_and_what_is_not() -> None:
    text = _flat(str(_example()))
    assert "Context: age 70 years; diet vegan; medicines: statin" in text
    assert (
        "Not known: B12 injections, oral B12 supplements, recent heavy exercise, cramps "
        "persistent or severe" in text
    )
    assert "not reported" not in text


@pytest.mark.parametrize(
    ("context", "listed", "not_listed"),
    [
        ({}, ["age", "pregnancy"], ["recent heavy exercise"]),
        ({"age_years": 30}, ["pregnancy"], ["age,"]),
        ({"age_years": 70}, [], ["pregnancy"]),
        ({"age_years": 30, "pregnant": False}, [], ["pregnancy"]),
        ({"b12_injections": True}, ["injections started in the last few days"], []),
        ({"b12_injections": False}, [], ["injections started"]),
    ],
)
def test_not_known_lists_the_facts_that_bear_on_the_report(
    context: dict[str, object], listed: list[str], not_listed: list[str]
) -> None:
    """docs/vocabulary.md: a key not given means "not known", which the report says."""
    unknown = build_view(interpret(b12="150 pg/mL", context=context)).not_known_context or ""
    assert f"Not known: {unknown}" in _flat(str(interpret(b12="150 pg/mL", context=context)))
    for words in listed:
        assert words in unknown
    for words in not_listed:
        assert words not in unknown


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
    assert "UNLIKELY" not in text
    assert text.count("NOT ASSESSED") == 3


def test_warnings_are_listed() -> None:
    text = _flat(str(interpret(potassium="<3.0 mmol/L")))
    assert "Notes and assumptions" in text
    assert "- The potassium result <3 mmol/L is a bound, not a measurement" in text
    assert "URGENT - seek medical care now" in text


def test_an_indeterminate_finding_names_the_bands_it_could_be_in() -> None:
    finding = build_view(interpret(b12="<300 pg/mL")).findings[0]
    assert finding.headline == (
        "Vitamin B12 (cobalamin): <300 pg/mL - indeterminate: could be low or borderline low [IND]"
    )
    assert "Converted: <221 pmol/L" in finding.details


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


@pytest.mark.parametrize(
    ("age", "words"),
    [
        (3 / 365.25, "age 3 days"),
        (1 / 365.25, "age 1 day"),
        (6 * 7 / 365.25, "age 6 weeks"),
        (0.5, "age 6 months"),
        (1, "age 1 year"),
        (70, "age 70 years"),
    ],
)
def test_an_age_is_written_as_people_say_it(age: float, words: str) -> None:
    """A 3-day-old is "3 days", never "0.0082136 years"."""
    assert words in _flat(str(interpret(b12="300 pg/mL", context={"age_years": age})))
