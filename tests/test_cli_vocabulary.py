"""``b12labs vocabulary`` and ``b12labs interpret --help``: the accepted names, from the code.

Each listed name is fed back through the library to show it is accepted, and each name the
library accepts is shown to be listed, so the listing can drift from neither side.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import b12labs
from b12labs import Context, Symptom
from b12labs._cli_vocabulary import YES_NO_WORDS, vocabulary
from b12labs.cli import main
from b12labs.context import field_validator_of
from b12labs.symptoms import SYNONYMS, parse_symptom
from b12labs.vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status, out, err = _run(["vocabulary", "--json"], capsys)
    assert (status, err) == (0, "")
    listing = json.loads(out)
    assert isinstance(listing, dict)
    return listing


def test_json_lists_every_symptom_with_its_synonyms(capsys: pytest.CaptureFixture[str]) -> None:
    listing = _json(capsys)
    assert [s["name"] for s in listing["symptoms"]] == [s.value for s in Symptom]
    for entry in listing["symptoms"]:
        symptom = Symptom(entry["name"])
        assert entry["synonyms"] == list(SYNONYMS.get(symptom, ()))
        assert entry["label"] == symptom.label
        for word in entry["synonyms"]:
            assert parse_symptom(word) is symptom  # every synonym listed is accepted


def test_json_lists_every_context_key_with_values_it_accepts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listing = _json(capsys)
    keys = {entry["key"]: entry for entry in listing["context"]}
    assert list(keys) == list(Context.model_fields)
    assert keys["diet"]["values"] == ["omnivore", "vegetarian", "vegan"]
    assert keys["pregnancy_trimester"]["values"] == ["1", "2", "3"]
    for name, entry in keys.items():
        assert entry["description"], name
        validate = field_validator_of(name)
        for value in entry["values"]:
            assert validate(value) is not None, (name, value)
        if entry["values"] == list(YES_NO_WORDS):
            assert [validate(word) for word in YES_NO_WORDS] == [True, False] * 4
    assert field_validator_of("age_years")("70") == 70.0
    assert "0 to 130" in keys["age_years"]["accepts"]


@pytest.mark.parametrize(
    ("part", "table"),
    [("medications", MEDICATIONS), ("conditions", CONDITIONS), ("red_flags", RED_FLAGS)],
)
def test_json_lists_every_name_with_its_synonyms(
    part: str, table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = _json(capsys)
    assert [e["name"] for e in listing[part]] == list(table)
    for entry in listing[part]:
        words = [entry["name"], *entry["synonyms"]]
        context = b12labs.Context.model_validate({part: words})
        assert getattr(context, part) == frozenset({entry["name"]})  # each word is that name


def test_groups_say_what_the_rules_read() -> None:
    medicines = {e["name"]: e["groups"] for e in vocabulary()["medications"]}
    assert "lowers B12 absorption or action" in medicines["metformin"]
    assert "raises potassium" in medicines["ace_inhibitor"]
    conditions = {e["name"]: e["groups"] for e in vocabulary()["conditions"]}
    assert conditions["pernicious_anemia"] == ["stops B12 being absorbed"]


def test_plain_text_lists_every_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["vocabulary"], capsys)
    assert (status, err) == (0, "")
    assert out.startswith("Accepted vocabulary of b12labs interpret\n")
    for symptom in Symptom:
        assert f"\n  {symptom.value}: " in out
    for name in [*Context.model_fields, *MEDICATIONS, *CONDITIONS, *RED_FLAGS]:
        assert f"\n  {name}: " in out, name
    assert "pins and needles" in out
    assert "omeprazole" in out
    assert "clinician" in out
    assert max(len(line) for line in out.splitlines()) <= 90  # a terminal's width


def test_interpret_help_lists_the_vocabulary_and_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(["interpret", "--help"], capsys)
    assert status == 0
    assert "b12labs vocabulary" in out
    for symptom in Symptom:
        assert symptom.value in out
    for key in Context.model_fields:
        assert f"{key}=" in out, key
    assert "examples:" in out
    assert 'b12labs interpret --b12 "130 pg/mL"' in out


def test_vocabulary_is_listed_in_the_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["--help"], capsys)
    assert status == 0
    assert "vocabulary" in out


def test_vocabulary_refuses_an_unknown_option_without_echo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = _run(["vocabulary", "--QXZJSECRET"], capsys)
    assert (status, out) == (2, "")
    assert "QXZJSECRET" not in err
    assert err.count("\n") == 1
