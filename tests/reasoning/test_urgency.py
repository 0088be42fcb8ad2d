"""How soon to see a clinician (facts.md section 4 red flags; issue 3 "Urgency")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import Analyte, Band, Category, Likelihood, Symptom, Urgency, convert, interpret
from b12labs.reasoning import RULE_BOOK
from b12labs.reasoning.rules import Escalate
from b12labs.vocabulary import NERVE_SYMPTOMS
from reasoning.scenarios import URGENCY, Inputs, Scenario, check, fired_rules, rule_pattern
from reasoning.strategies_interpret import inputs

ADULT = {"age_years": 40}


@pytest.mark.parametrize("case", URGENCY, ids=lambda case: case.name)
def test_scenario(case: Scenario) -> None:
    check(case)


@pytest.mark.parametrize(
    ("text", "band", "urgency"),
    [
        ("2.79 mmol/L", Band.critical_low, Urgency.urgent),
        ("2.8 mmol/L", Band.low, Urgency.prompt),
        ("3.49 meq/L", Band.low, Urgency.prompt),
        ("3.5 mmol/L", Band.normal, Urgency.routine),
        ("5.3 mmol/L", Band.normal, Urgency.routine),
        ("5.31 mmol/L", Band.high, Urgency.prompt),
        ("5.99 mmol/L", Band.high, Urgency.prompt),
        ("6.0 mmol/L", Band.high, Urgency.urgent),  # same-day ECG threshold (UKKA)
        ("6.2 mmol/L", Band.high, Urgency.urgent),
        ("6.21 mEq/L", Band.critical_high, Urgency.urgent),
    ],
)
def test_potassium_limits(text: str, band: Band, urgency: Urgency) -> None:
    """Adult potassium 3.5-5.3 (Davis); critical <2.8 and >6.2 (Kost 1990 survey means)."""
    report = interpret(potassium=text, context=ADULT)
    assert report.findings[Analyte.potassium].band is band
    assert report.urgency is urgency


@pytest.mark.parametrize(
    ("value", "unit", "band", "urgency"),
    [
        (1.0, "mg/dL", Band.critical_low, Urgency.urgent),
        (
            convert(1.0, "mg/dL", "mmol/L", analyte="magnesium"),
            "mmol/L",
            Band.critical_low,
            Urgency.urgent,
        ),
        (
            convert(1.0, "mg/dL", "meq/L", analyte="magnesium"),
            "meq/L",
            Band.critical_low,
            Urgency.urgent,
        ),
        (1.01, "mg/dL", Band.low, Urgency.prompt),
        (0.7, "mmol/L", Band.normal, Urgency.routine),
        (1.1, "mmol/L", Band.normal, Urgency.routine),
        (4.89, "mg/dL", Band.high, Urgency.prompt),
        (4.9, "mg/dL", Band.critical_high, Urgency.urgent),
    ],
)
def test_magnesium_limits(value: float, unit: str, band: Band, urgency: Urgency) -> None:
    """Mg at or below the critical low (1.0 mg/dL, in any unit) is urgent (facts 4)."""
    report = interpret(magnesium=(value, unit), context=ADULT)
    assert report.findings[Analyte.magnesium].band is band
    assert report.urgency is urgency


def test_red_flags_need_cramps_for_weakness_and_numbness() -> None:
    """The Merck warning sign is cramps *with* weakness or numbness, not either alone."""
    without_cramps = interpret(symptoms=["weakness", "numbness"])
    assert without_cramps.urgency is not Urgency.urgent
    # numbness with an untested, possible B12 deficiency is still seen within days
    assert without_cramps.urgency is Urgency.prompt
    assert interpret(symptoms=["cramps", "numbness"]).urgency is Urgency.urgent


def test_palpitations_with_normal_potassium_are_not_urgent() -> None:
    assert interpret(potassium="4.2 mmol/L", symptoms=["palpitations"]).urgency is Urgency.routine


def test_urgent_reasons_list_every_reason_at_that_level() -> None:
    report = interpret(
        potassium="2.0 mmol/L", symptoms=["palpitations"], context={"red_flags": ["twitching"]}
    )
    assert report.urgency is Urgency.urgent
    assert len(report.urgency_reasons) == 3
    assert any("critical limit" in reason for reason in report.urgency_reasons)
    assert any("Palpitations" in reason for reason in report.urgency_reasons)
    assert any("twitching" in reason for reason in report.urgency_reasons)


_LEVELS = {
    rule.id: next(e.to for e in rule.effects if isinstance(e, Escalate))
    for rule in RULE_BOOK.urgency
}


@given(inputs())
def test_urgency_reasons_are_rule_texts_of_the_level_reached(given_inputs: Inputs) -> None:
    """Invariant: there is at least one reason, and each is the text of an urgency rule whose
    level is the urgency reached."""
    report = given_inputs.run()
    assert report.urgency_reasons
    for reason in report.urgency_reasons:
        levels = {
            _LEVELS[rule.id]
            for rule in RULE_BOOK.urgency
            if rule_pattern(rule.text).fullmatch(reason)
        }
        assert report.urgency in levels, reason


@given(inputs())
def test_critical_potassium_or_magnesium_is_always_urgent(given_inputs: Inputs) -> None:
    """Invariant: a result in (or possibly in) a critical band always means urgent."""
    report = given_inputs.run()
    critical = {Band.critical_low, Band.critical_high}
    for analyte in (Analyte.potassium, Analyte.magnesium):
        finding = report.findings.get(analyte)
        if finding is not None and critical & set(finding.possible_bands):
            assert report.urgency is Urgency.urgent


_NERVE_URGENCY = "urgency.nerve_symptoms_with_possible_deficiency"
_MODIFIERS: list[dict[str, object]] = [
    {"pregnant": True},
    {"pregnancy_trimester": 3},
    {"medications": ["oral_contraceptive"]},
    {"medications": ["nitrous_oxide"]},
    {"medications": ["biotin"]},
]


@given(
    inputs(),
    st.sampled_from(sorted(NERVE_SYMPTOMS)),
    st.sampled_from(_MODIFIERS),
)
def test_nerve_symptoms_are_never_made_less_urgent_by_a_modifier(
    given_inputs: Inputs, symptom: Symptom, modifier: dict[str, object]
) -> None:
    """Invariant (issue 6.1/6.2): nerve symptoms with a deficiency that is at least possible are
    at least prompt, and pregnancy, the pill, nitrous oxide or biotin (each of which makes total
    B12 untrustworthy) never take that urgency away."""
    context = dict(given_inputs.context) if isinstance(given_inputs.context, dict) else {}
    for key in ("pregnant", "pregnancy_trimester"):
        context.pop(key, None)  # the modifier decides pregnancy
    symptoms = [
        *(given_inputs.symptoms if isinstance(given_inputs.symptoms, list) else []),
        symptom,
    ]
    base = Inputs(given_inputs.b12, None, None, symptoms, context)
    before = base.run()
    changed = dict(context)
    for key, value in modifier.items():
        if key == "medications":
            changed["medications"] = [*_names(context.get("medications")), *_names(value)]
        else:
            changed[key] = value
    after = Inputs(given_inputs.b12, None, None, symptoms, changed).run()
    for report in (before, after):
        if report.assessment(Category.b12_deficiency).likelihood >= Likelihood.possible:
            assert report.urgency >= Urgency.prompt
    if before.urgency >= Urgency.prompt and _NERVE_URGENCY in fired_rules(before):
        assert after.urgency >= Urgency.prompt
        assert _NERVE_URGENCY in fired_rules(after)


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list | tuple | set | frozenset) else []
