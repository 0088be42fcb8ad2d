"""FHIR out: Observations and ObservationDefinitions validate with fhir.resources, and the
round trip FHIR in -> interpret -> FHIR out -> FHIR in gives the same findings."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fhir.resources.observationdefinition import ObservationDefinition as ObservationDefinitionR5
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.observationdefinition import ObservationDefinition
from hypothesis import given, settings
from hypothesis import strategies as st

from b12labs import Analyte, RangeSet, Report, interpret
from b12labs.fhir import (
    interpret_observations,
    observation_definitions,
    observations_from_report,
    result_from_observation,
)
from b12labs.strategies import results

from .fixtures import load

V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"

REPORTS = {
    "low-b12-low-k": lambda: interpret(
        b12="130 pg/mL", potassium="3.1 mmol/L", symptoms=["tingling"], context={"age_years": 40}
    ),
    "censored-indeterminate": lambda: interpret(b12="<300 pg/mL"),
    "critical-hemolysed-plasma": lambda: interpret(
        potassium={"value": 6.8, "unit": "mmol/L", "hemolyzed": True, "specimen": "plasma"}
    ),
    "magnesium-meq-child": lambda: interpret(magnesium="1.2 mEq/L", context={"age_years": 8}),
    "pregnancy": lambda: interpret(
        b12="100 pg/mL", context={"pregnant": True, "pregnancy_trimester": 3}
    ),
}


def _findings(report: Report) -> dict[Analyte, tuple[Any, ...]]:
    return {a: (f.result, f.band, f.flag, f.value, f.unit) for a, f in report.findings.items()}


@pytest.mark.parametrize("name", list(REPORTS))
def test_each_observation_validates_as_r4(name: str) -> None:
    for made in observations_from_report(REPORTS[name]()):
        Observation.model_validate(made)
        assert json.loads(json.dumps(made)) == made  # plain JSON


@pytest.mark.parametrize("name", list(REPORTS))
def test_the_round_trip_gives_the_same_findings(name: str) -> None:
    report = REPORTS[name]()
    again = interpret_observations(
        observations_from_report(report), symptoms=report.symptoms, context=report.context
    )
    assert _findings(again) == _findings(report)
    assert again.urgency is report.urgency


@settings(max_examples=60)
@given(result=results(), age=st.none() | st.integers(0, 100))
def test_the_round_trip_holds_for_any_result(result: Any, age: int | None) -> None:
    report = interpret(**{result.analyte.value: result}, context={"age_years": age})
    out = observations_from_report(report)
    assert [result_from_observation(json.dumps(o)) for o in out] == [result]
    again = interpret_observations(out, context={"age_years": age})
    assert _findings(again) == _findings(report)


def test_interpretation_uses_the_v3_system_and_the_findings_flag() -> None:
    report = REPORTS["critical-hemolysed-plasma"]()
    (made,) = observations_from_report(report)
    coding = made["interpretation"][0]["coding"][0]
    assert (coding["system"], coding["code"], coding["display"]) == (V3, "HH", "Critical high")
    assert made["contained"][0]["condition"][0]["coding"][0]["code"] == "HEM"


def test_reference_range_is_in_the_results_unit_with_the_population() -> None:
    (made,) = observations_from_report(interpret(b12="130 pg/mL", context={"age_years": 40}))
    decision, printed = made["referenceRange"]
    assert decision["type"]["coding"][0]["code"] == "recommended"
    assert (decision["low"]["value"], decision["high"]["value"]) == (350.0, 914.0)
    assert decision["low"]["code"] == "pg/mL"
    assert decision["age"]["low"] == {
        "value": 16.0,
        "unit": "years",
        "system": "http://unitsofmeasure.org",
        "code": "a",
    }
    assert decision["appliesTo"][0]["text"].startswith("Adults")
    assert (printed["low"]["value"], printed["type"]["coding"][0]["code"]) == (180.0, "normal")


def test_notes_cite_the_source_and_recommend_a_clinician_never_a_diagnosis() -> None:
    report = REPORTS["low-b12-low-k"]()
    for made in observations_from_report(report):
        notes = " ".join(n["text"] for n in made["note"])
        assert "nice.org.uk" in notes or "Source:" in notes
        assert report.clinician_follow_up.text in notes
        assert "not a diagnosis" in notes
        assert "diagnosed" not in notes.lower()


def test_a_laboratorys_ranges_give_the_age_when_passed(fictional_ranges: RangeSet) -> None:
    report = interpret(b12="150 pg/mL", ranges=fictional_ranges, context={"age_years": 40})
    (without,) = observations_from_report(report)
    assert "age" not in without["referenceRange"][0]
    (with_ranges,) = observations_from_report(report, ranges=fictional_ranges)
    Observation.model_validate(with_ranges)


def test_the_fixtures_round_trip_too() -> None:
    report = interpret_observations(load("bundle-one-person.json"))
    again = interpret_observations(observations_from_report(report))
    assert _findings(again) == _findings(report)


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_observation_definitions_validate(version: str) -> None:
    model = ObservationDefinition if version == "R4" else ObservationDefinitionR5
    made = observation_definitions(version=version)  # type: ignore[arg-type]
    assert [d["id"] for d in made] == ["b12labs-b12", "b12labs-potassium", "b12labs-magnesium"]
    for definition in made:
        model.model_validate(definition)
    key, category = (
        ("qualifiedInterval", "category")
        if version == "R4"
        else ("qualifiedValue", "rangeCategory")
    )
    categories = {entry[category] for d in made for entry in d[key]}
    assert categories == {"reference", "critical", "absolute"}


def test_every_population_has_its_normal_range_in_the_definitions() -> None:
    ranges = RangeSet.default()
    for definition, analyte in zip(observation_definitions(), Analyte, strict=True):
        named = {
            e["appliesTo"][0]["text"]
            for e in definition["qualifiedInterval"]
            if e["category"] == "reference"
        }
        assert named == {t.label for t in ranges.tables(analyte)}
        for entry in definition["qualifiedInterval"]:
            assert "Sources:" in entry["condition"] or entry["category"] == "absolute"


def test_definitions_refuse_what_is_not_a_range_set() -> None:
    from b12labs import ReferenceDataError

    with pytest.raises(ReferenceDataError):
        observation_definitions({"b12": []})  # type: ignore[arg-type]
    with pytest.raises(ReferenceDataError):
        observation_definitions(version="R3")  # type: ignore[arg-type]
