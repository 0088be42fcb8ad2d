"""FHIR in: Observations (R4, R4B, R5; dicts or JSON text), Bundles and Quantity mappings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from b12labs import (
    Analyte,
    B12LabsError,
    B12Result,
    InvalidResultError,
    MagnesiumResult,
    PotassiumResult,
    UnitError,
    interpret,
)
from b12labs.fhir import interpret_observations, result_from_observation

from .fixtures import load, observation, quantity


def test_an_r4_example_observation_reads_as_its_result() -> None:
    result = result_from_observation(load("observation-b12-r4.json"))
    assert result == B12Result(value=148.0, unit="pmol/L", loinc="14685-2")


def test_json_text_reads_like_the_dict() -> None:
    data = load("observation-b12-r4.json")
    assert result_from_observation(json.dumps(data)) == result_from_observation(data)


def test_an_r5_observation_reads_its_contained_specimen_and_haemolysis() -> None:
    result = result_from_observation(load("observation-potassium-r5.json"))
    assert isinstance(result, PotassiumResult)
    assert (result.value, result.specimen, result.hemolyzed) == (6.4, "plasma", True)


def test_data_absent_is_none_and_a_value_beside_it_is_an_error() -> None:
    absent = load("observation-magnesium-absent.json")
    assert result_from_observation(absent) is None
    absent["valueQuantity"] = quantity(0.8, "mmol/L")
    with pytest.raises(InvalidResultError) as caught:
        result_from_observation(absent)
    assert (caught.value.code, caught.value.field) == (
        "absent_with_value",
        "observation.dataAbsentReason",
    )


@pytest.mark.parametrize(
    ("loinc", "value", "expected"),
    [
        ("2132-9", quantity(150, "pg/mL", comparator="<"), "<150 pg/mL"),
        ("14685-2", quantity(110.7, "pmol/L"), "110.7 pmol/L"),
        ("2823-3", quantity(3.1, "mmol/L"), "3.1 mmol/L"),
        ("2823-3", quantity(3.1, "meq/L", unit="mEq/L"), "3.1 meq/L"),
        ("2601-3", quantity(1.2, "meq/L"), "1.2 meq/L"),
        ("19123-9", quantity(1.6, "mg/dL", comparator=">="), ">=1.6 mg/dL"),
        ("19123-9", quantity(1.6, None, unit="mg/dl"), "1.6 mg/dL"),
    ],
)
def test_quantities_of_each_analyte(loinc: str, value: dict[str, Any], expected: str) -> None:
    assert str(result_from_observation(observation(loinc, value))) == expected


@pytest.mark.parametrize(
    ("loinc", "value", "code", "field"),
    [
        # a mass unit on a moles code, and the other way round
        ("14685-2", quantity(245, "pg/mL"), "loinc_mismatch", "observation.code"),
        ("2132-9", quantity(180, "pmol/L"), "loinc_mismatch", "observation.code"),
        ("2601-3", quantity(1.6, "mg/dL"), "loinc_mismatch", "observation.code"),
        ("19123-9", quantity(0.8, "mmol/L"), "loinc_mismatch", "observation.code"),
        # whole blood (public code often uses 16695-9 for a serum B12)
        ("16695-9", quantity(250, "pmol/L"), "whole_blood", "observation.code.coding[0].code"),
        ("6298-4", quantity(4.0, "mmol/L"), "whole_blood", "observation.code.coding[0].code"),
        ("2951-2", quantity(139, "mmol/L"), "unknown_loinc", "observation.code.coding"),
        (None, quantity(139, "mmol/L"), "no_loinc", "observation.code"),
        (
            "2823-3",
            quantity(3.1, "mmol/L", comparator="ad"),
            "bad_comparator",
            "observation.valueQuantity.comparator",
        ),
        ("2823-3", quantity(True, "mmol/L"), "boolean", "observation.valueQuantity.value"),
        ("2823-3", quantity("3.1", "mmol/L"), "not_a_number", "observation.valueQuantity.value"),
        ("2823-3", quantity(45, "mmol/L"), "implausible", "observation.valueQuantity.value"),
        ("2823-3", {"unit": "mmol/L"}, "value_missing", "observation.valueQuantity.value"),
        ("2823-3", None, "value_missing", "observation.value"),
    ],
)
def test_wrong_loinc_and_unit_pairs_and_bad_values(
    loinc: str | None, value: dict[str, Any] | None, code: str, field: str
) -> None:
    with pytest.raises(InvalidResultError) as caught:
        result_from_observation(observation(loinc, value))
    assert (caught.value.code, caught.value.field) == (code, field)


def test_the_unit_is_read_by_its_ucum_code_when_the_text_disagrees() -> None:
    obs = observation("2823-3", quantity(3.1, "mmol/L", unit="mg/dL"))
    assert str(result_from_observation(obs)) == "3.1 mmol/L"
    report = interpret_observations([obs])
    assert any("read by the code" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("value", "code", "field"),
    [
        (quantity(3.1, "mg/dL"), "unit_not_accepted", "observation.valueQuantity.code"),
        ({"value": 3.1}, "unit_missing", "observation.valueQuantity.unit"),
        (
            {"value": 3.1, "system": "http://snomed.info/sct", "code": "258813002"},
            "not_ucum",
            "observation.valueQuantity.system",
        ),
        (
            {"value": 3.1, "system": "http://unitsofmeasure.org", "code": 5},
            "unit_not_text",
            "observation.valueQuantity.code",
        ),
    ],
)
def test_unit_refusals(value: dict[str, Any], code: str, field: str) -> None:
    with pytest.raises(UnitError) as caught:
        result_from_observation(observation("2823-3", value))
    assert (caught.value.code, caught.value.field) == (code, field)


def test_a_value_string_is_read_by_the_lab_text_grammar() -> None:
    obs = observation("2132-9", None, valueString="<150 pg/mL")
    assert str(result_from_observation(obs)) == "<150 pg/mL"
    obs = observation("2132-9", None, valueCodeableConcept={"text": "low"})
    with pytest.raises(InvalidResultError, match="valueQuantity or valueString"):
        result_from_observation(obs)


def test_the_analyte_argument_names_an_uncoded_observation_and_must_agree() -> None:
    obs = observation(None, quantity(3.1, "mmol/L"))
    assert isinstance(result_from_observation(obs, analyte="potassium"), PotassiumResult)
    assert isinstance(result_from_observation(obs, analyte=Analyte.magnesium), MagnesiumResult)
    with pytest.raises(InvalidResultError) as caught:
        result_from_observation(observation("2823-3", quantity(0.8, "mmol/L")), analyte="magnesium")
    assert caught.value.code == "wrong_analyte"


def test_withdrawn_observations_are_refused_alone() -> None:
    obs = observation("2823-3", quantity(3.1, "mmol/L"), status="entered-in-error")
    with pytest.raises(InvalidResultError) as caught:
        result_from_observation(obs)
    assert caught.value.code == "withdrawn"


def test_a_bundle_of_one_person_is_a_report() -> None:
    report = interpret_observations(load("bundle-one-person.json"), context={"age_years": 69})
    k = report.findings[Analyte.potassium]
    assert (k.result.value, k.result.unit, k.result.specimen) == (4.1, "meq/L", "serum")
    assert report.findings[Analyte.b12].band.value == "low"
    assert Analyte.magnesium not in report.findings  # entered in error; sodium is skipped
    assert any("most recent" in w for w in report.warnings)
    assert any("entered-in-error" in w for w in report.warnings)
    assert report.clinician_follow_up.text


def test_a_list_and_its_json_text_give_the_same_report() -> None:
    items = [e["resource"] for e in load("bundle-one-person.json")["entry"]]
    assert interpret_observations(items) == interpret_observations(json.dumps(items))


def test_several_results_need_times_and_one_person() -> None:
    a = observation("2823-3", quantity(3.1, "mmol/L"))
    b = observation("2823-3", quantity(4.1, "mmol/L"))
    with pytest.raises(InvalidResultError) as caught:
        interpret_observations([a, b])
    assert caught.value.code == "several_results"
    a["effectiveDateTime"], b["effectiveDateTime"] = "2024-01-01", "2024-01-02T10:00:00Z"
    assert interpret_observations([a, b]).findings[Analyte.potassium].result.value == 4.1
    a["subject"], b["subject"] = {"reference": "Patient/1"}, {"reference": "Patient/2"}
    with pytest.raises(InvalidResultError) as caught:
        interpret_observations([a, b])
    assert caught.value.code == "several_people"


def test_a_bundle_error_names_the_entry() -> None:
    bundle = load("bundle-one-person.json")
    bundle["entry"][2]["resource"]["valueQuantity"]["value"] = -1
    with pytest.raises(InvalidResultError) as caught:
        interpret_observations(bundle)
    assert caught.value.field == "observations.entry[2].resource.valueQuantity.value"


def test_an_absent_value_in_a_bundle_is_no_finding_and_a_warning() -> None:
    report = interpret_observations([load("observation-magnesium-absent.json")])
    assert report.findings == {}
    assert any("absent" in w for w in report.warnings)


def test_other_resources_are_refused_alone() -> None:
    with pytest.raises(InvalidResultError) as caught:
        result_from_observation({"resourceType": "Patient"})
    assert caught.value.code == "wrong_resource"
    with pytest.raises(InvalidResultError):
        interpret_observations({"resourceType": "Patient"})


# --- a FHIR Quantity as a lab argument of interpret() ----------------------------------------


def test_a_fhir_quantity_is_a_lab_argument() -> None:
    report = interpret(
        b12=quantity(150, "pg/mL", comparator="<", unit="pg/mL"),
        magnesium=quantity(1.2, "meq/L", unit="mEq/L"),
    )
    assert str(report.findings[Analyte.b12].result) == "<150 pg/mL"
    assert report.findings[Analyte.magnesium].value == 0.6


@pytest.mark.parametrize(
    ("lab", "field"),
    [
        (quantity(150, "pg/mL", hemolyzed=True), "b12.hemolyzed"),
        (quantity(150, "pg/mL", resourceType="Observation"), "b12.resourceType"),
        ({"valueQuantity": quantity(150, "pg/mL")}, "b12.valueQuantity"),
        (quantity(150, "pg/mL", colour="red"), "b12"),
    ],
)
def test_an_unexpected_key_is_named_only_by_its_fixed_name(lab: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidResultError) as caught:
        interpret(b12=lab)
    assert (caught.value.code, caught.value.field) == ("unexpected_field", field)
    assert "colour" not in str(caught.value)


def test_result_mappings_keep_working() -> None:
    report = interpret(potassium={"value": 6.1, "unit": "mmol/L", "hemolyzed": True})
    assert report.findings[Analyte.potassium].result.hemolyzed


def test_every_refusal_is_a_library_error() -> None:
    with pytest.raises(B12LabsError):
        result_from_observation("[")
