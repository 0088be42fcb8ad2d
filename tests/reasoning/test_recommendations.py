"""Next steps: clinician follow-up (always), follow-up tests, safety and notes (issue 3 item 4)."""

from __future__ import annotations

import pytest
from hypothesis import given

from b12labs import PotassiumResult, Urgency, interpret
from reasoning.scenarios import RECOMMENDATIONS, Inputs, Scenario, check, recommended_tests
from reasoning.strategies_interpret import inputs

KINDS = ("clinician_follow_up", "follow_up_test", "safety", "clinician_note")


@pytest.mark.parametrize("case", RECOMMENDATIONS, ids=lambda case: case.name)
def test_scenario(case: Scenario) -> None:
    check(case)


@pytest.mark.parametrize(
    ("inputs_", "urgency", "wording"),
    [
        (Inputs(), Urgency.routine, "routine appointment"),
        (Inputs(potassium="3.2 mmol/L"), Urgency.prompt, "within the next few days"),
        (Inputs(potassium="2.0 mmol/L"), Urgency.urgent, "Seek medical care now"),
    ],
)
def test_clinician_follow_up_is_worded_to_the_urgency(
    inputs_: Inputs, urgency: Urgency, wording: str
) -> None:
    report = inputs_.run()
    assert report.urgency is urgency
    follow_ups = [r for r in report.recommendations if r.kind == "clinician_follow_up"]
    assert len(follow_ups) == 1
    assert wording in follow_ups[0].text
    assert report.clinician_follow_up == follow_ups[0]
    assert report.recommendations[0] == follow_ups[0]


def test_no_self_treatment_with_high_dose_supplements() -> None:
    """Seed article: avoid self-treating with high-dose supplements."""
    report = interpret(b12="130 pg/mL")
    safety = [r.text for r in report.recommendations if r.kind == "safety"]
    assert any("high-dose" in text and "on your own" in text for text in safety)


def test_hemolysed_potassium_is_repeated_before_anything_else() -> None:
    report = interpret(potassium=PotassiumResult.parse("6.0 mmol/L", hemolyzed=True))
    tests = [r for r in report.recommendations if r.kind == "follow_up_test"]
    assert tests[0].test == "repeat serum potassium"
    assert any("haemolysed" in r.text for r in report.recommendations if r.kind == "safety")


def test_hemolysed_potassium_with_cramps_is_not_asked_for_twice() -> None:
    report = interpret(
        potassium=PotassiumResult.parse("5.5 mmol/L", hemolyzed=True), symptoms=["cramps"]
    )
    names = [r.test for r in report.recommendations if r.kind == "follow_up_test"]
    assert names.count("repeat serum potassium") == 1
    assert "serum potassium" not in names


def test_injections_and_cramps_ask_for_potassium_once() -> None:
    report = interpret(symptoms=["cramps"], context={"b12_injections": True})
    names = [r.test for r in report.recommendations if r.kind == "follow_up_test"]
    assert names.count("serum potassium") == 1


def test_quinine_is_advised_against_for_cramps() -> None:
    """Facts 4: quinine works but should be avoided (toxicity; AAN 2010)."""
    report = interpret(symptoms=["cramps"])
    assert any("Quinine" in r.text for r in report.recommendations if r.kind == "safety")


@given(inputs())
def test_recommendations_are_well_formed(given_inputs: Inputs) -> None:
    """Invariant: exactly one clinician follow-up, first; known kinds in kind order; a test name
    exactly for follow-up tests; no test asked for twice; every step cites a source."""
    report = given_inputs.run()
    kinds = [str(r.kind) for r in report.recommendations]
    assert kinds.count("clinician_follow_up") == 1
    assert kinds[0] == "clinician_follow_up"
    assert set(kinds) <= set(KINDS)
    assert kinds == sorted(kinds, key=KINDS.index)
    for step in report.recommendations:
        assert (step.test is not None) == (step.kind == "follow_up_test")
        assert step.text
        assert step.rule
        assert step.sources
    tests = [r.test for r in report.recommendations if r.kind == "follow_up_test"]
    assert len(tests) == len(recommended_tests(report))
