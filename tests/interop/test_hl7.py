"""HL7 v2 in: OBX segments (NM, SN, ST), ORU messages with NTE, SPM and OBR specimens,
and the reader checked against python-hl7 on well-formed messages."""

from __future__ import annotations

from typing import Any

import hl7 as python_hl7
import pytest

from b12labs import Analyte, InvalidResultError, UnitError, interpret
from b12labs.hl7 import observations_from_message, result_from_obx, results_from_message
from b12labs.hl7.segments import parse_message

from .fixtures import text

MSH = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240301091500||ORU^R01|1|P|2.5.1\r"


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("OBX|1|NM|2823-3^Potassium^LN||3.1|mmol/L|3.5-5.3|L|||F", "3.1 mmol/L"),
        ("OBX|1|NM|2823-3^Potassium^LN||3,1|mmol/L", "3.1 mmol/L"),
        ("OBX|1|NM|2601-3^Magnesium^LN||1.2|mEq/L^milliequivalent per liter^UCUM", "1.2 meq/L"),
        ("OBX|1|SN|2132-9^Cobalamin^LN||<^150|pg/mL|180-914|L|||F", "<150 pg/mL"),
        ("OBX|1|SN|2132-9^Cobalamin^LN||>=^2000|ng/L", ">=2000 ng/L"),
        ("OBX|1|SN|14685-2^Cobalamin^LN||=^148|pmol/L", "148 pmol/L"),
        ("OBX|1|SN|14685-2^Cobalamin^LN||^148|pmol/L", "148 pmol/L"),
        ("OBX|1|ST|19123-9^Magnesium^LN||<0.5|mg/dL", "<0.5 mg/dL"),
        ("OBX|1|NM|MG^Magnesium^L^19123-9^Magnesium^LN||1.9|mg/dL", "1.9 mg/dL"),
        ("OBX|1|NM|2823-3^Potassium^LN||4.0|^mmol/L", "4 mmol/L"),
    ],
)
def test_obx_segments(segment: str, expected: str) -> None:
    assert str(result_from_obx(segment)) == expected


@pytest.mark.parametrize(
    ("segment", "code", "field"),
    [
        ("OBX|1|SN|2823-3^K^LN||^3.5^-^5.1|mmol/L", "range", "segment.OBX-5"),
        ("OBX|1|SN|2823-3^K^LN||^1^:^2|mmol/L", "unsupported_value", "segment.OBX-5"),
        ("OBX|1|SN|2823-3^K^LN||<>^3.5|mmol/L", "bad_comparator", "segment.OBX-5"),
        ("OBX|1|NM|2823-3^K^LN||<3.5|mmol/L", "unexpected_comparator", "segment.OBX-5"),
        ("OBX|1|NM|2823-3^K^LN||3.5 H|mmol/L", "trailing_text", "segment.OBX-5"),
        ("OBX|1|CE|2823-3^K^LN||LOW|mmol/L", "unsupported_value", "segment.OBX-2"),
        ("OBX|1|NM|2823-3^K^LN|||mmol/L", "value_missing", "segment.OBX-5"),
        ("OBX|1|NM|6298-4^K blood^LN||4.0|mmol/L", "whole_blood", "segment.OBX-3"),
        ("OBX|1|NM|16695-9^B12^LN||300|pmol/L", "whole_blood", "segment.OBX-3"),
        ("OBX|1|NM|2132-9^B12^LN||300|pmol/L", "loinc_mismatch", "segment.OBX-3"),
        ("OBX|1|NM|2951-2^Sodium^LN||139|mmol/L", "unknown_loinc", "segment"),
        ("OBX|1|NM|K^Potassium^L||4.0|mmol/L", "no_loinc", "segment"),
        ("OBX|1|NM|2823-3^K^LN||4.0|mmol/L|||||W", "withdrawn", "segment"),
        ("OBX|1|NM|2823-3^K^LN||45|mmol/L", "implausible", "segment.OBX-5"),
        ("OBX|1|NM|2823-3^K^LN||4\\X0D\\0|mmol/L", "bad_escape", "segment.OBX-5"),
        ("OBX|1|NM|2823-3^K^LN||4\\F|mmol/L", "bad_escape", "segment.OBX-5"),
        ("NTE|1||hello", "not_obx", "segment"),
    ],
)
def test_obx_refusals(segment: str, code: str, field: str) -> None:
    with pytest.raises(InvalidResultError) as caught:
        result_from_obx(segment)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_unit_refusals() -> None:
    with pytest.raises(UnitError) as caught:
        result_from_obx("OBX|1|NM|2823-3^K^LN||4.0|mg/dL")
    assert (caught.value.code, caught.value.field) == ("unit_not_accepted", "segment.OBX-6")
    with pytest.raises(UnitError) as caught:
        result_from_obx("OBX|1|NM|2823-3^K^LN||4.0|")
    assert caught.value.code == "unit_missing"


def test_other_delimiters() -> None:
    segment = "OBX#1#SN#2132-9!B12!LN##<!150#pg/mL"
    assert str(result_from_obx(segment, delimiters="#!*$%")) == "<150 pg/mL"
    message = "MSH#!*$%#LAB\rOBX#1#NM#2823-3!K!LN##3$F$1#mmol/L"
    with pytest.raises(InvalidResultError):
        results_from_message(message)  # an escaped field separator is no number


def test_the_fixture_message() -> None:
    read = observations_from_message(text("oru-r01.hl7"))
    assert [r.result.analyte for r in read] == [Analyte.potassium, Analyte.magnesium, Analyte.b12]
    potassium, magnesium, b12 = read
    assert potassium.result.hemolyzed
    assert not magnesium.result.hemolyzed
    assert (potassium.lab_flags, potassium.lab_range, potassium.status) == (("H",), "3.5-5.3", "F")
    assert str(b12.result) == "<150 pg/mL"
    assert {r.result.specimen for r in read} == {"serum"}
    labs: dict[str, Any] = {r.result.analyte.value: r.result for r in read}
    report = interpret(**labs)
    assert any("haemolys" in w.lower() or "hemoly" in w.lower() for w in report.warnings) or any(
        "haemolysed" in r.text for r in report.recommendations
    )


def test_group_notes_and_specimen_apply_to_the_group() -> None:
    message = (
        MSH
        + "OBR|1|||24323-8^Panel^LN|||||||||||PLAS\r"
        + "NTE|1||Sample slightly haemolysed\r"
        + "OBX|1|NM|2823-3^K^LN||5.9|mmol/L\r"
        + "OBR|2|||2132-9^B12^LN\r"
        + "OBX|1|NM|2132-9^B12^LN||400|pg/mL\r"
        + "NTE|1||not hemolyzed\r"
        + "SPM|1|||SER"
        + "|" * 20
        + "HEM\r"  # SPM-4 serum, SPM-24 haemolysed
    )
    k, b12 = results_from_message(message)
    assert (k.specimen, k.hemolyzed) == ("plasma", True)
    assert (b12.specimen, b12.hemolyzed) == ("serum", True)  # SPM-24 HEM, whatever the note


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("OBX|1|NM|2823-3^K^LN||4.0|mmol/L", "missing_segment"),
        ("MSH|^~\\&&|LAB\rOBX|1|NM|2823-3^K^LN||4.0|mmol/L", "bad_delimiters"),
        ("MSH|^^\\&|LAB\r", "bad_delimiters"),
        ("MSH|abcd|LAB\r", "bad_delimiters"),
        (MSH + "obx|1|NM|2823-3^K^LN||4.0|mmol/L", "not_hl7"),
        (MSH + "OBX 1 NM", "not_hl7"),
        (MSH + MSH, "not_hl7"),
        (MSH + "OBX|1|NM|2823-3^K^LN||4.0|mmol/L\x00", "control_character"),
        (MSH + "OBR|1|||x|||||||||||BLD\rOBX|1|NM|2823-3^K^LN||4.0|mmol/L", "whole_blood"),
        ("\r\n\r", "empty"),
    ],
)
def test_message_refusals(message: str, code: str) -> None:
    with pytest.raises(InvalidResultError) as caught:
        results_from_message(message)
    assert caught.value.code == code


def test_an_mllp_frame_and_line_feeds_are_accepted() -> None:
    body = MSH + "OBX|1|NM|2823-3^K^LN||4.0|mmol/L"
    assert results_from_message("\x0b" + body + "\x1c\r") == results_from_message(body)
    assert results_from_message(body.replace("\r", "\n")) == results_from_message(body)


def test_other_tests_and_withdrawn_results_are_left_out() -> None:
    message = (
        MSH
        + "OBX|1|NM|2951-2^Sodium^LN||139|mmol/L\r"
        + "OBX|2|NM|2823-3^K^LN||4.0|mmol/L|||||D\r"
        + "OBX|3|NM|2823-3^K^LN||3.9|mmol/L|||||C\r"
    )
    assert [str(r) for r in results_from_message(message)] == ["3.9 mmol/L"]


@pytest.mark.parametrize(
    "message",
    [
        text("oru-r01.hl7"),
        MSH + "OBX|1|NM|2823-3^K\\S\\x^LN||4.0|mmol/L~x\rNTE|1||a\\T\\b",
        "MSH|^~\\&|A|B|C|D|20240101||ORU^R01|9|P|2.3\rPID|||1\rOBX|1|ST|x||y",
    ],
)
def test_fields_and_components_agree_with_python_hl7(message: str) -> None:
    ours = parse_message(message)
    theirs = python_hl7.parse(message)
    assert [s.id for s in ours.segments] == [str(s[0]) for s in theirs]
    for mine, other in zip(ours.segments, theirs, strict=True):
        for number in range(1, len(other)):
            assert ours.field(mine, number) == str(other[number]), (mine.id, number)
            if mine.id == "OBX":
                first = _first_component(other[number])
                assert ours.component(mine, number, 1).split("~")[0] == first


def _first_component(field: object) -> str:
    text = str(field).split("~")[0].split("^")[0].split("&")[0]
    return text.replace("\\S\\", "^").replace("\\T\\", "&").replace("\\F\\", "|")


@pytest.mark.parametrize(
    "note",
    [
        "Hemolysis not detected",
        "Haemolysis: none",
        "HEMOLYSIS ABSENT",
        "Hemolysis: negative",
        "Hemolysis index: 0",
        "Hemolyzed: no",
        "hemolysis ruled out",
        "No haemolysis seen",
    ],
)
def test_a_note_that_denies_haemolysis_leaves_the_result_real(note: str) -> None:
    """facts 2: only a haemolysed sample is repeated before acting; a note saying there is
    none, before or after the word, must not hold back a real critical potassium."""
    message = MSH + "OBX|1|NM|2823-3^K^LN||6.8|mmol/L\r" + f"NTE|1|L|{note}\r"
    (potassium,) = results_from_message(message)
    assert not potassium.hemolyzed
    report = interpret(potassium=potassium)
    assert not any("haemolysed" in r.text for r in report.recommendations)


@pytest.mark.parametrize(
    "note",
    [
        "Specimen hemolyzed, interpret with caution",
        "Moderate hemolysis, no clots",
        "Moderate hemolysis, negative for clots",
        "Hemolysis index: 50",
        "Hemolysis: slight",
        "Hemolysis not excluded",
    ],
)
def test_a_note_that_reports_haemolysis_marks_the_result(note: str) -> None:
    message = MSH + "OBX|1|NM|2823-3^K^LN||6.8|mmol/L\r" + f"NTE|1|L|{note}\r"
    (potassium,) = results_from_message(message)
    assert potassium.hemolyzed
