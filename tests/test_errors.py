"""The error family: hierarchy, structured attributes, message format and pickling."""

from __future__ import annotations

import pickle

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

import b12labs
import b12labs.analytes
import b12labs.context
import b12labs.ranges
import b12labs.reasoning.assessment
import b12labs.report
import b12labs.results
import b12labs.sources
from b12labs._models import location, pydantic_message, safe_name
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


# --- the two suggesting errors share one private base --------------------------------------


def test_suggesting_errors_are_siblings_with_the_same_attributes() -> None:
    assert not issubclass(UnknownSymptomError, InvalidContextError)
    assert not issubclass(InvalidContextError, UnknownSymptomError)
    for cls in (UnknownSymptomError, InvalidContextError):
        error = cls("f", "c", "m", suggestion="s", accepted=("a",))
        assert (error.suggestion, error.accepted) == ("s", ("a",))
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is cls
        assert (back.suggestion, back.accepted, str(back)) == ("s", ("a",), "f: m")


# --- field paths and messages built from pydantic errors carry no caller text --------------


@pytest.mark.parametrize(
    ("loc", "error_type", "expected"),
    [
        (("populations", 0, "bands", 2, "low"), None, "populations[0].bands[2].low"),
        (("sources", "nice-ng239", "url"), None, "sources.nice-ng239.url"),
        (("sources", "PATIENT XYZ", "url"), None, "sources.?.url"),
        (("sources", "x" * 41), None, "sources.?"),
        (("sources", "x" * 40), None, f"sources.{'x' * 40}"),
        (("populations", 0, "PATIENTXYZ"), "extra_forbidden", "populations[0].(unknown key)"),
        (("PATIENTXYZ",), "extra_forbidden", "(unknown key)"),
        ((), None, "(file)"),
    ],
)
def test_location_keeps_only_short_identifier_like_parts(
    loc: tuple[int | str, ...], error_type: str | None, expected: str
) -> None:
    assert location(loc, error_type=error_type) == expected


def test_safe_name() -> None:
    assert safe_name("potassium.toml") == "potassium.toml"
    assert safe_name("a b") == "?"
    assert safe_name("", fallback="path") == "path"
    assert safe_name(5) == "?"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    number: int = 0

    @field_validator("number")
    @classmethod
    def _check(cls, value: int) -> int:
        if value == 1:
            raise InvalidResultError("number", "one", "one is not accepted")
        if value == 2:
            raise ValueError("PATIENTXYZ")
        if value == 3:
            raise AssertionError("PATIENTXYZ")
        return value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": 1}, "one is not accepted"),  # the library error's own fixed message
        ({"number": 2}, "invalid value"),  # a foreign ValueError's text is never used
        ({"number": 3}, "invalid value"),
        ({"PATIENTXYZ": 1}, "unexpected field"),
        ({"number": "x"}, "Input should be a valid integer, unable to parse string as an integer"),
    ],
)
def test_pydantic_message_never_carries_caller_text(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Model.model_validate(data)
    first = caught.value.errors(include_input=False, include_url=False)[0]
    assert pydantic_message(first) == message


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for module in MODULES:
        for value in vars(module).values():
            is_model = isinstance(value, type) and issubclass(value, BaseModel)
            if is_model and value.__module__ == module.__name__:
                found.append(value)
    return found


MODULES = [
    b12labs.analytes,
    b12labs.context,
    b12labs.ranges,
    b12labs.report,
    b12labs.results,
    b12labs.sources,
    b12labs.reasoning.assessment,
]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_model_is_frozen_strict_about_keys_and_hides_input(model: type[BaseModel]) -> None:
    config = model.model_config
    assert config.get("hide_input_in_errors") is True
    assert config.get("frozen") is True
    assert config.get("extra") == "forbid"
