"""The error family: hierarchy, structured attributes, message format and pickling."""

from __future__ import annotations

import pickle

import pytest

import b12labs
from b12labs.errors import (
    B12LabsError,
    InvalidContextError,
    InvalidResultError,
    ReferenceDataError,
    UnitError,
    UnknownAnalyteError,
    UnknownSymptomError,
)

SUBCLASSES: list[type[B12LabsError]] = [
    InvalidResultError,
    UnitError,
    UnknownAnalyteError,
    UnknownSymptomError,
    InvalidContextError,
    ReferenceDataError,
]


def test_base_is_a_value_error() -> None:
    assert issubclass(B12LabsError, ValueError)


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_every_error_is_a_b12labs_error_and_a_value_error(cls: type[B12LabsError]) -> None:
    assert issubclass(cls, B12LabsError)
    assert issubclass(cls, ValueError)
    assert cls is not B12LabsError


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_top_level_names_are_the_same_classes(cls: type[B12LabsError]) -> None:
    assert getattr(b12labs, cls.__name__) is cls


def test_attributes_and_message_format() -> None:
    error = UnitError("b12.unit", "unit_not_accepted", "unit is not accepted")
    assert error.field == "b12.unit"
    assert error.code == "unit_not_accepted"
    assert error.message == "unit is not accepted"
    assert str(error) == "b12.unit: unit is not accepted"
    assert error.args == ("b12.unit: unit is not accepted",)


def test_caught_by_value_error_clause() -> None:
    with pytest.raises(ValueError, match=r"^potassium\.value: negative$"):
        raise InvalidResultError("potassium.value", "negative", "negative")


def test_symptom_error_carries_suggestion_and_accepted() -> None:
    error = UnknownSymptomError(
        "symptoms[0]",
        "unknown_symptom",
        "not a symptom",
        suggestion="tingling",
        accepted=("tingling", "numbness"),
    )
    assert error.suggestion == "tingling"
    assert error.accepted == ("tingling", "numbness")
    assert error.field == "symptoms[0]"


def test_context_error_defaults() -> None:
    error = InvalidContextError("context.diet", "unknown_value", "not accepted")
    assert error.suggestion is None
    assert error.accepted == ()


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_pickle_round_trip_keeps_class_and_attributes(cls: type[B12LabsError]) -> None:
    error = cls("where.field", "some_code", "what went wrong")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert (back.field, back.code, back.message) == ("where.field", "some_code", "what went wrong")
    assert str(back) == str(error)


def test_pickle_round_trip_keeps_keyword_attributes() -> None:
    error = UnknownSymptomError(
        "symptoms", "unknown_symptom", "not a symptom", suggestion="fatigue", accepted=("a", "b")
    )
    back = pickle.loads(pickle.dumps(error))
    assert isinstance(back, UnknownSymptomError)
    assert back.suggestion == "fatigue"
    assert back.accepted == ("a", "b")
