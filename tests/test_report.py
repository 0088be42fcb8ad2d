"""The report: its invariants, JSON round trip, schema, lookups and human-readable forms.

Properties: every report holds exactly one clinician follow-up, a disclaimer and no
diagnostic phrasing; JSON round-trips unchanged with findings of the right classes; the
plain-text, Markdown and HTML forms show the urgency, every finding and the disclaimer.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from b12labs import (
    Analyte,
    B12LabsError,
    B12Result,
    Category,
    LabResult,
    Likelihood,
    MagnesiumResult,
    PotassiumResult,
    Report,
    Urgency,
    interpret,
)
from b12labs.analytes import chemistry
from b12labs.classification import FLAGS
from b12labs.formatting import reported
from b12labs.render import urgency_label
from b12labs.report import Finding
from reasoning.scenarios import ALL, Inputs
from reasoning.strategies_interpret import inputs

DIAGNOSTIC = re.compile(r"\byou have\b|\bdiagnosed\b|\bdiagnosis of\b", re.IGNORECASE)
RESULT_CLASSES: dict[Analyte, type[LabResult]] = {
    Analyte.b12: B12Result,
    Analyte.potassium: PotassiumResult,
    Analyte.magnesium: MagnesiumResult,
}


def _full() -> Report:
    return interpret(
        b12="250 pg/mL",
        potassium="3.1 mmol/L",
        magnesium="1.6 mg/dL",
        symptoms=["tingling", "cramps", "thirst"],
        context={"diet": "vegan", "medications": ["statin", "omeprazole"], "age_years": 70},
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- invariants enforced on construction and on reading -----------------------------------


def _tampered(change: Any) -> str:
    data = json.loads(_full().model_dump_json())
    change(data)
    return json.dumps(data)


def test_untampered_json_validates() -> None:
    assert Report.model_validate_json(_tampered(lambda data: None)) == _full()


def test_json_without_clinician_follow_up_is_refused() -> None:
    def drop(data: dict[str, Any]) -> None:
        data["recommendations"] = [
            r for r in data["recommendations"] if r["kind"] != "clinician_follow_up"
        ]

    with pytest.raises(ValidationError, match="clinician follow-up"):
        Report.model_validate_json(_tampered(drop))


def test_json_with_a_missing_category_is_refused() -> None:
    def drop(data: dict[str, Any]) -> None:
        data["assessments"] = data["assessments"][:2]

    with pytest.raises(ValidationError, match="one assessment per category"):
        Report.model_validate_json(_tampered(drop))


def test_json_with_a_repeated_category_is_refused() -> None:
    def repeat(data: dict[str, Any]) -> None:
        data["assessments"][2] = data["assessments"][0]

    with pytest.raises(ValidationError):
        Report.model_validate_json(_tampered(repeat))


def test_json_with_assessments_out_of_order_is_refused() -> None:
    def reverse(data: dict[str, Any]) -> None:
        data["assessments"].reverse()

    report = _full()
    assert report.assessments[0].likelihood > report.assessments[-1].likelihood
    with pytest.raises(ValidationError, match="most likely first"):
        Report.model_validate_json(_tampered(reverse))


def test_json_with_a_finding_under_the_wrong_analyte_is_refused() -> None:
    def swap(data: dict[str, Any]) -> None:
        data["findings"]["b12"], data["findings"]["potassium"] = (
            data["findings"]["potassium"],
            data["findings"]["b12"],
        )

    with pytest.raises(ValidationError):
        Report.model_validate_json(_tampered(swap))


def test_json_with_an_unknown_field_or_likelihood_is_refused() -> None:
    def extra(data: dict[str, Any]) -> None:
        data["diagnosis"] = "b12 deficiency"

    def bad_level(data: dict[str, Any]) -> None:
        data["assessments"][0]["likelihood"] = "certain"

    for change in (extra, bad_level):
        with pytest.raises(ValidationError):
            Report.model_validate_json(_tampered(change))


def test_a_report_is_frozen() -> None:
    report = _full()
    with pytest.raises(ValidationError):
        report.urgency = Urgency.routine  # type: ignore[misc]


# --- lookups -------------------------------------------------------------------------------


@pytest.mark.parametrize("category", list(Category))
def test_assessment_looks_up_by_member_or_value(category: Category) -> None:
    report = _full()
    assert report.assessment(category).category is category
    assert report.assessment(category.value) == report.assessment(category)


def test_assessment_of_an_unknown_category_is_a_library_error() -> None:
    """api 7: bad input to any public function is a B12LabsError, not a bare ValueError."""
    with pytest.raises(B12LabsError):
        _full().assessment("b12_excess")


def test_clinician_follow_up_shortcut() -> None:
    report = _full()
    assert report.clinician_follow_up.kind == "clinician_follow_up"
    assert report.clinician_follow_up in report.recommendations


def test_assessment_labels() -> None:
    labels = {a.category: a.label for a in _full().assessments}
    assert labels == {
        Category.b12_deficiency: "Vitamin B12 deficiency",
        Category.b12_excess_injections: "B12 excess from high-dose injections",
        Category.other_common_causes: "Other common causes of cramps",
    }


# --- schema ---------------------------------------------------------------------------------


def test_json_schema_describes_the_report() -> None:
    schema = Report.model_json_schema()
    assert {
        "findings",
        "assessments",
        "urgency",
        "recommendations",
        "warnings",
        "disclaimer",
    } <= set(schema["properties"])
    assert set(schema["required"]) >= {"findings", "assessments", "urgency", "disclaimer"}
    assert schema["additionalProperties"] is False
    json.dumps(schema)  # serialisable as published under docs/


def test_report_json_matches_its_schema_shape() -> None:
    schema = Report.model_json_schema()
    data = json.loads(_full().model_dump_json())
    assert set(data) <= set(schema["properties"])
    assert data["urgency"] in {u.value for u in Urgency}
    assert {a["likelihood"] for a in data["assessments"]} <= {lvl.value for lvl in Likelihood}
    assert data["context"]["medications"] == ["proton_pump_inhibitor", "statin"]


# --- properties -----------------------------------------------------------------------------


def _visible_texts(report: Report) -> list[str]:
    return [
        *report.urgency_reasons,
        *report.warnings,
        *(r.text for r in report.recommendations),
        *(a.rationale for a in report.assessments),
        *(e.text for a in report.assessments for e in a.evidence),
    ]


@given(inputs())
def test_every_report_has_one_follow_up_a_disclaimer_and_no_diagnosis(
    given_inputs: Inputs,
) -> None:
    """Invariant: exactly one clinician_follow_up, a non-empty disclaimer that says it is not a
    diagnosis, and no diagnostic phrasing ('you have', 'diagnosed', 'diagnosis of') anywhere
    the person reads it."""
    report = given_inputs.run()
    assert [str(r.kind) for r in report.recommendations].count("clinician_follow_up") == 1
    assert report.disclaimer.strip()
    assert "not a diagnosis" in report.disclaimer
    assert "clinician" in report.disclaimer
    shown = [*_visible_texts(report), str(report), report.to_markdown()]
    for text in shown:
        assert not DIAGNOSTIC.search(text.replace(report.disclaimer, "")), text


@given(inputs())
def test_json_round_trip(given_inputs: Inputs) -> None:
    """Invariant: Report.model_validate_json(r.model_dump_json()) == r, and every finding's
    result comes back as its analyte's own class."""
    report = given_inputs.run()
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.model_dump_json() == report.model_dump_json()
    for analyte, finding in again.findings.items():
        assert isinstance(finding.result, RESULT_CLASSES[analyte])
        assert finding.result == report.findings[analyte].result


@given(inputs())
def test_every_readable_form_shows_urgency_findings_and_disclaimer(given_inputs: Inputs) -> None:
    """Invariant: str(report), to_markdown() and _repr_html_() each show the urgency, every
    finding (its analyte and value as given) and the disclaimer; the HTML has one <svg> per
    finding and no script."""
    report = given_inputs.run()
    text, markdown, html = str(report), report.to_markdown(), report._repr_html_()
    label = urgency_label(report.urgency)
    for form in (text, markdown):
        assert label in form
        assert _flat(report.disclaimer) in _flat(form)
        for finding in report.findings.values():
            chem = chemistry(finding.analyte)
            assert chem.label in form
            shown = f"{finding.result.comparator or ''}{reported(finding.result.value)}"
            assert f"{shown} {chem.display_unit(finding.result.unit)}" in form
    assert label in html
    assert report.disclaimer in html
    assert html.count("<svg") == len(report.findings)
    assert "<script" not in html.lower()
    for finding in report.findings.values():
        assert chemistry(finding.analyte).label in html


def test_every_scenario_report_round_trips() -> None:
    for case in ALL:
        report = case.inputs.run()
        assert Report.model_validate_json(report.model_dump_json()) == report, case.name


# --- a finding's flag follows its band; its value is a finite number --------------------


def _finding_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_full().model_dump_json())["findings"]["b12"]
    return data


@pytest.mark.parametrize("flag", ["HH", "N", "IND", "", "low"])
def test_a_finding_whose_flag_is_not_its_bands_is_refused(flag: str) -> None:
    data = _finding_data()
    assert data["flag"] != flag
    with pytest.raises(ValidationError):
        Finding.model_validate({**data, "flag": flag})


@pytest.mark.parametrize("value", [math.nan, math.inf, -1.0])
def test_a_finding_whose_value_is_not_finite_and_non_negative_is_refused(value: float) -> None:
    with pytest.raises(ValidationError):
        Finding.model_validate({**_finding_data(), "value": value})


def test_every_band_has_its_flag_in_a_valid_finding() -> None:
    data = _finding_data()
    for band, flag in FLAGS.items():
        assert Finding.model_validate({**data, "band": band.value, "flag": flag}).flag == flag


def test_validation_errors_of_report_models_never_show_the_input() -> None:
    secret = "PATIENTXYZ"
    data = json.loads(_full().model_dump_json())
    data["assessments"][0]["evidence"] = [{"kind": secret}]
    data["recommendations"][0]["kind"] = 12345
    data["warnings"] = [{"x": secret}]
    with pytest.raises(ValidationError) as caught:
        Report.model_validate(data)
    assert secret not in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        Finding.model_validate({**_finding_data(), "flag": secret})
    assert secret not in str(caught.value)
