"""Symptoms: names, case-insensitive synonyms, one string is one symptom, typed errors."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12labs import Symptom, UnknownSymptomError, interpret
from b12labs.symptoms import MAX_SYMPTOMS, SYNONYMS, parse_symptom, parse_symptoms
from reasoning.strategies_interpret import SYMPTOM_WORDS


def test_members_are_the_api_values_in_order() -> None:
    assert [s.value for s in Symptom] == [
        "muscle_cramps",
        "tingling",
        "numbness",
        "fatigue",
        "weakness",
        "cognitive_issues",
        "headache",
        "nausea",
        "diarrhea",
        "skin_rash",
        "palpitations",
        "thirst",
        "dizziness",
    ]


@pytest.mark.parametrize(
    ("word", "symptom"),
    [
        ("pins and needles", Symptom.tingling),
        ("Pins And Needles", Symptom.tingling),
        ("paresthesia", Symptom.tingling),
        ("PARESTHESIA", Symptom.tingling),
        ("cramps", Symptom.muscle_cramps),
        ("Cramps", Symptom.muscle_cramps),
        ("spasms", Symptom.muscle_cramps),
        ("rash", Symptom.skin_rash),
        ("RASH", Symptom.skin_rash),
        ("memory problems", Symptom.cognitive_issues),
        ("brain fog", Symptom.cognitive_issues),
        ("Brain-Fog", Symptom.cognitive_issues),
        ("brain_fog", Symptom.cognitive_issues),
        ("  brain   fog ", Symptom.cognitive_issues),
        ("muscle_cramps", Symptom.muscle_cramps),
        ("Muscle Cramps", Symptom.muscle_cramps),
        ("TINGLING", Symptom.tingling),
        ("diarrhoea", Symptom.diarrhea),
        ("skin-rash", Symptom.skin_rash),
    ],
)
def test_api_synonyms_case_insensitive(word: str, symptom: Symptom) -> None:
    """api 1: 'pins and needles', 'paresthesia' -> tingling; 'cramps', 'spasms' -> muscle_cramps;
    'rash' -> skin_rash; 'memory problems', 'brain fog' -> cognitive_issues."""
    assert parse_symptom(word) is symptom
    assert parse_symptoms(word) == {symptom}


def test_every_listed_synonym_reads_as_its_symptom() -> None:
    for symptom, words in SYNONYMS.items():
        for word in words:
            assert parse_symptom(word) is symptom, word
            assert parse_symptom(word.upper()) is symptom, word


def test_a_single_string_is_one_symptom_not_its_characters() -> None:
    assert parse_symptoms("nausea") == {Symptom.nausea}
    report = interpret(symptoms="tingling")
    assert report.symptoms == [Symptom.tingling]


@pytest.mark.parametrize(
    "value",
    [
        Symptom.fatigue,
        [Symptom.fatigue],
        ("fatigue",),
        {"tired"},
        frozenset({"Tiredness"}),
        iter(["exhaustion"]),
        (word for word in ["lethargy", "fatigue"]),
    ],
    ids=repr,
)
def test_a_member_a_name_or_any_iterable(value: object) -> None:
    assert parse_symptoms(value) == {Symptom.fatigue}


def test_none_and_empty_mean_no_symptoms() -> None:
    assert parse_symptoms(None) == frozenset()
    assert parse_symptoms([]) == frozenset()
    assert interpret(symptoms=()).symptoms == []


def test_repeats_are_one_symptom_and_the_report_lists_them_in_member_order() -> None:
    report = interpret(symptoms=["thirst", "cramps", "CRAMPS", "muscle_cramps", "tingling"])
    assert report.symptoms == [Symptom.muscle_cramps, Symptom.tingling, Symptom.thirst]


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [("tinglin", "tingling"), ("headach", "headache"), ("crampz", "muscle_cramps"), ("QXZJ", None)],
)
def test_an_unknown_symptom_suggests_the_closest_and_lists_all(
    word: str, suggestion: str | None
) -> None:
    with pytest.raises(UnknownSymptomError) as caught:
        parse_symptoms([word])
    error = caught.value
    assert error.suggestion == suggestion
    assert error.accepted == tuple(s.value for s in Symptom)
    assert error.field == "symptoms[0]"
    assert error.code == "unknown_symptom"
    for name in error.accepted:
        assert name in str(error)
    assert isinstance(error, ValueError)


@given(st.text(alphabet="QXZJ", min_size=4, max_size=20))
def test_the_message_never_echoes_the_input(secret: str) -> None:
    """Invariant: an unknown symptom's message names the field but never repeats the input."""
    with pytest.raises(UnknownSymptomError) as caught:
        interpret(symptoms=["tingling", secret])
    message = str(caught.value)
    assert message.startswith("symptoms[1]")
    assert secret not in message
    assert secret.lower() not in message


def test_an_endless_generator_is_refused_quickly() -> None:
    def endless() -> Iterator[str]:
        while True:
            yield "tingling"

    start = time.perf_counter()
    with pytest.raises(UnknownSymptomError) as caught:
        interpret(symptoms=endless())
    assert caught.value.code == "too_many"
    assert time.perf_counter() - start < 1.0
    with pytest.raises(UnknownSymptomError):
        parse_symptoms(itertools.repeat("cramps"))


def test_at_most_64_symptoms() -> None:
    names = [s.value for s in Symptom]
    assert MAX_SYMPTOMS == 64
    assert parse_symptoms((names * 5)[:64]) == set(Symptom)
    with pytest.raises(UnknownSymptomError):
        parse_symptoms((names * 5)[:65])


def test_long_strings_are_refused_without_matching() -> None:
    with pytest.raises(UnknownSymptomError) as caught:
        parse_symptoms("tingling" + " " * 100)
    assert caught.value.code == "too_long"
    with pytest.raises(UnknownSymptomError):
        parse_symptoms(["a" * 10_000])


@pytest.mark.parametrize(
    "value", [5, 1.5, b"tingling", bytearray(b"tingling"), {"tingling": True}, object()]
)
def test_non_symptom_types_are_refused(value: object) -> None:
    with pytest.raises(UnknownSymptomError) as caught:
        interpret(symptoms=value)
    assert caught.value.field == "symptoms"


@pytest.mark.parametrize(
    "value",
    [np.array(1.0), np.float64(1.0), pint.UnitRegistry().Quantity(1.0, "pg/mL")],
    ids=["numpy-0d-array", "numpy-scalar", "pint-scalar-quantity"],
)
def test_objects_that_look_iterable_but_are_not_are_refused(value: object) -> None:
    """api 7: a 0-d array or a scalar Quantity claims to be iterable but raises TypeError when
    iterated; that must surface as UnknownSymptomError, not a bare TypeError."""
    with pytest.raises(UnknownSymptomError):
        interpret(symptoms=value)


@pytest.mark.parametrize("item", [None, 5, b"nausea", ["nausea"], Symptom])
def test_non_text_items_are_refused(item: object) -> None:
    with pytest.raises(UnknownSymptomError) as caught:
        parse_symptoms(["nausea", item])
    assert caught.value.field == "symptoms[1]"
    assert caught.value.code == "not_text"


def test_labels_are_plain_words() -> None:
    assert Symptom.muscle_cramps.label == "muscle cramps"
    assert Symptom.cognitive_issues.label == "memory or thinking problems"
    assert Symptom.skin_rash.label == "skin rash"
    assert all(s.label and "_" not in s.label for s in Symptom)


@given(st.lists(st.sampled_from(SYMPTOM_WORDS), max_size=8), st.randoms())
def test_case_and_order_do_not_matter(words: list[str], rng: random.Random) -> None:
    """Invariant: any letter case and any order of known words gives the same symptom set."""
    shuffled = list(words)
    rng.shuffle(shuffled)
    assert parse_symptoms([w.upper() for w in shuffled]) == parse_symptoms(words)
    assert parse_symptoms([w.title() for w in words]) == parse_symptoms(words)


# --- hardening: iterables that raise --------------------------------------------------------

SECRET = "PATIENTXYZ"


class _HostileError(Exception):
    """What a caller's iterable raises; its text must never reach a library message."""


def _names_then(error: BaseException) -> Iterator[str]:
    yield "tingling"
    raise error


@pytest.mark.parametrize(
    "error", [ValueError(SECRET), KeyError(SECRET), RuntimeError(SECRET), _HostileError(SECRET)]
)
def test_an_iterable_that_raises_while_iterating_is_refused_without_its_text(
    error: Exception,
) -> None:
    with pytest.raises(UnknownSymptomError) as caught:
        parse_symptoms(_names_then(error))
    assert caught.value.field == "symptoms"
    assert caught.value.code == "not_symptoms"
    assert SECRET not in str(caught.value)


def test_an_iterable_whose_iter_raises_is_refused() -> None:
    class Raising:
        def __iter__(self) -> Iterator[str]:
            raise _HostileError(SECRET)

    with pytest.raises(UnknownSymptomError) as caught:
        parse_symptoms(Raising())
    assert SECRET not in str(caught.value)


def test_a_str_subclass_is_read_as_plain_text() -> None:
    class Sneaky(str):
        __slots__ = ()

        def __len__(self) -> int:
            raise _HostileError(SECRET)

        def __hash__(self) -> int:
            raise _HostileError(SECRET)

    assert parse_symptoms([Sneaky("pins and needles")]) == frozenset({Symptom.tingling})
