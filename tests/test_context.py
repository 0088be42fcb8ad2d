"""The person's context: every field, synonyms, yes/no words, errors and JSON (api.md section 5)."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from b12labs import Context, Diet, InvalidContextError, Report, interpret
from b12labs.context import coerce_context
from b12labs.vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS
from reasoning.strategies_interpret import CONTEXT_FIELDS, contexts


def test_every_field_is_optional_and_none_means_not_known() -> None:
    empty = coerce_context(None)
    assert empty == Context()
    assert coerce_context({}) == Context()
    assert empty.diet is None
    assert empty.b12_injections is None
    assert empty.b12_oral_supplements is None
    assert empty.recent_heavy_exercise is None
    assert empty.medications == frozenset()
    assert empty.conditions == frozenset()
    assert empty.age_years is None
    assert empty.pregnant is None


def test_the_api_fields_exist() -> None:
    """api 5 names these fields; more may be added, none renamed."""
    assert {
        "diet",
        "b12_injections",
        "b12_oral_supplements",
        "recent_heavy_exercise",
        "medications",
        "conditions",
        "age_years",
        "pregnant",
    } <= set(CONTEXT_FIELDS)


def test_every_field_is_read() -> None:
    context = coerce_context(
        {
            "diet": "vegan",
            "b12_injections": True,
            "b12_oral_supplements": False,
            "recent_heavy_exercise": "yes",
            "medications": ["metformin", "diuretic"],
            "conditions": ["peripheral_artery_disease", "kidney_disease"],
            "age_years": 72.5,
            "pregnant": False,
            "red_flags": ["twitching"],
            "cramps_persistent_or_severe": "no",
        }
    )
    assert context.diet is Diet.vegan
    assert context.b12_injections is True
    assert context.b12_oral_supplements is False
    assert context.recent_heavy_exercise is True
    assert context.medications == {"metformin", "diuretic"}
    assert context.conditions == {"peripheral_artery_disease", "kidney_disease"}
    assert context.age_years == 72.5
    assert context.pregnant is False
    assert context.pregnancy_trimester is None
    assert context.red_flags == {"twitching"}
    assert context.cramps_persistent_or_severe is False


def test_a_context_instance_is_checked_again_and_kept_equal() -> None:
    context = Context(diet=Diet.vegetarian, age_years=30)
    assert coerce_context(context) == context
    assert interpret(context=context).context == context


def test_a_context_built_without_validation_is_refused() -> None:
    """api 7: interpret() revalidates a Context built with model_construct."""
    with pytest.raises(InvalidContextError) as caught:
        interpret(context=Context.model_construct(diet="carnivore"))  # type: ignore[arg-type]
    assert caught.value.field == "context.diet"
    assert "carnivore" not in str(caught.value)


@pytest.mark.parametrize(
    ("field", "word", "name"),
    [
        ("medications", "omeprazole", "proton_pump_inhibitor"),
        ("medications", "PPI", "proton_pump_inhibitor"),
        ("medications", "Furosemide", "loop_diuretic"),
        ("medications", "water pills", "diuretic"),
        ("medications", "hydrochlorothiazide", "thiazide_diuretic"),
        ("medications", "spironolactone", "potassium_sparing_diuretic"),
        ("medications", "atorvastatin", "statin"),
        ("medications", "metformin", "metformin"),
        ("medications", "the pill", "oral_contraceptive"),
        ("medications", "laughing gas", "nitrous_oxide"),
        ("medications", "proton-pump inhibitor", "proton_pump_inhibitor"),
        ("conditions", "PAD", "peripheral_artery_disease"),
        ("conditions", "claudication", "peripheral_artery_disease"),
        ("conditions", "pernicious anaemia", "pernicious_anemia"),
        ("conditions", "CKD", "kidney_disease"),
        ("conditions", "Renal failure", "kidney_disease"),
        ("conditions", "cirrhosis", "liver_disease"),
        ("red_flags", "vomiting", "heavy_fluid_loss"),
        ("red_flags", "fasciculations", "twitching"),
        ("red_flags", "abdominal cramps", "cramps_in_chest_arms_or_belly"),
    ],
)
def test_synonyms(field: str, word: str, name: str) -> None:
    context = coerce_context({field: [word]})
    assert getattr(context, field) == {name}


def test_api_minimum_vocabulary() -> None:
    """api 5: at least these medications and conditions are accepted."""
    assert {"diuretic", "metformin", "proton_pump_inhibitor", "statin"} <= set(MEDICATIONS)
    assert {"peripheral_artery_disease", "pernicious_anemia", "kidney_disease"} <= set(CONDITIONS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("metformin, statin", {"metformin", "statin"}),
        ("metformin", {"metformin"}),
        (("statin", "statins", "Atorvastatin"), {"statin"}),
        (frozenset({"statin"}), {"statin"}),
        ([], set()),
        (None, set()),
        ("", set()),
    ],
)
def test_name_sets_accept_a_name_a_comma_list_or_an_iterable(
    value: object, expected: set[str]
) -> None:
    assert coerce_context({"medications": value}).medications == expected


@pytest.mark.parametrize(
    ("diet", "expected"),
    [
        ("vegan", Diet.vegan),
        ("Vegetarian", Diet.vegetarian),
        ("OMNIVORE", Diet.omnivore),
        ("plant based", Diet.vegan),
        ("plant-based", Diet.vegan),
        (Diet.vegan, Diet.vegan),
        (None, None),
    ],
)
def test_diet(diet: object, expected: Diet | None) -> None:
    assert coerce_context({"diet": diet}).diet == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("yes", True),
        ("YES", True),
        (" Yes ", True),
        ("y", True),
        ("true", True),
        ("1", True),
        ("no", False),
        ("No", False),
        ("n", False),
        ("false", False),
        ("0", False),
        (True, True),
        (False, False),
        (None, None),
    ],
)
def test_yes_no_words(word: object, expected: bool | None) -> None:
    assert coerce_context({"b12_injections": word}).b12_injections is expected


@pytest.mark.parametrize("word", ["maybe", "yess", "", "2", 2, 1.0, [], {}])
def test_other_yes_no_values_are_refused(word: object) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({"pregnant": word})
    assert caught.value.field == "pregnant"


@pytest.mark.parametrize("age", [0, 0.5, 8, 64.9, "70", "70.5", "70,5", 130])
def test_ages_in_range(age: object) -> None:
    number = coerce_context({"age_years": age}).age_years
    assert number is not None
    assert 0 <= number <= 130


@pytest.mark.parametrize(
    "age", [-1, -0.001, 130.5, 200, math.nan, math.inf, -math.inf, "old", "", True, [70], "1e2"]
)
def test_ages_out_of_range_or_not_numbers_are_refused(age: object) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({"age_years": age})
    assert caught.value.field == "age_years"


@pytest.mark.parametrize("trimester", [1, 2, 3, "2"])
def test_a_trimester_implies_pregnant(trimester: object) -> None:
    context = coerce_context({"pregnancy_trimester": trimester})
    assert context.pregnant is True
    assert context.pregnancy_trimester == int(str(trimester))
    assert coerce_context({"pregnancy_trimester": trimester, "pregnant": "yes"}).pregnant is True


@pytest.mark.parametrize("pregnant", [False, "no", "0"])
def test_a_trimester_with_pregnant_false_is_a_conflict(pregnant: object) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({"pregnancy_trimester": 2, "pregnant": pregnant})
    assert caught.value.code == "conflict"


@pytest.mark.parametrize("trimester", [0, 4, "first", 2.5, True])
def test_bad_trimesters_are_refused(trimester: object) -> None:
    with pytest.raises(InvalidContextError):
        coerce_context({"pregnancy_trimester": trimester})


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("diett", "diet"),
        ("Diet", "diet"),
        ("age year", "age_years"),
        ("b12 injections", "b12_injections"),
        ("pregnnt", "pregnant"),
        ("medication", "medications"),
    ],
)
def test_an_unknown_key_suggests_the_closest_and_lists_all(key: str, suggestion: str) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({key: "x"})
    error = caught.value
    assert error.suggestion == suggestion
    assert set(error.accepted) == set(CONTEXT_FIELDS)
    assert f"did you mean '{suggestion}'" in str(error)
    assert "accepted: diet" in str(error)


def test_an_unknown_key_is_not_echoed() -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({"QXZJQXZJ": 1})
    assert "QXZJQXZJ" not in str(caught.value)
    assert "qxzjqxzj" not in str(caught.value).lower()
    assert caught.value.suggestion is None


@pytest.mark.parametrize(
    ("field", "value", "suggestion"),
    [
        ("medications", "statn", "statin"),
        ("medications", "omeprazol", "proton_pump_inhibitor"),
        ("medications", "QXZJ-drug", None),
        ("conditions", "kidney diseas", "kidney_disease"),
        ("red_flags", "twiching", "twitching"),
        ("diet", "vegann", "vegan"),
        ("diet", "carnivore", "omnivore"),
        ("diet", "QXZJ", None),
    ],
)
def test_an_unknown_value_is_refused_with_what_is_accepted(
    field: str, value: str, suggestion: str | None
) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({field: value})
    error = caught.value
    assert error.field.startswith(field)
    assert error.suggestion == suggestion
    accepted = {"medications": MEDICATIONS, "conditions": CONDITIONS, "red_flags": RED_FLAGS}
    expected = set(accepted[field]) if field in accepted else {d.value for d in Diet}
    assert set(error.accepted) == expected
    assert value not in str(error)


@pytest.mark.parametrize("value", [5, 1.5, b"statin", {"statin": True}, [5], ["x" * 100]])
def test_name_sets_refuse_non_names(value: object) -> None:
    with pytest.raises(InvalidContextError):
        coerce_context({"medications": value})


@pytest.mark.parametrize("field", ["medications", "conditions", "red_flags"])
@pytest.mark.parametrize(
    "value",
    [np.array(1.0), pint.UnitRegistry().Quantity(0.0, "pg/mL")],
    ids=["numpy-0d-array", "pint-scalar-quantity"],
)
def test_objects_that_look_iterable_but_are_not_are_refused(field: str, value: object) -> None:
    """api 7: a 0-d array or a scalar Quantity passes ``isinstance(x, Iterable)`` but raises
    TypeError when iterated; interpret() must raise InvalidContextError instead."""
    with pytest.raises(InvalidContextError):
        interpret(context={field: value})


def test_an_endless_name_iterable_is_refused() -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({"conditions": itertools.repeat("ckd")})
    assert caught.value.code == "too_many"


@pytest.mark.parametrize("value", [5, "diet=vegan", ["diet", "vegan"], b"{}"])
def test_a_context_must_be_a_mapping(value: object) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context(value)
    assert caught.value.field == "context"


def test_errors_are_value_errors_with_a_field_and_a_code() -> None:
    with pytest.raises(ValueError, match="diet") as caught:
        interpret(context={"diet": "keto"})
    assert isinstance(caught.value, InvalidContextError)
    assert caught.value.code == "unknown_value"


def test_direct_construction_follows_pydantic() -> None:
    """api 7: constructing a model directly raises pydantic's ValidationError."""
    with pytest.raises(ValidationError):
        Context(diet="keto")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Context.model_validate({"unknown": 1})


def test_sets_serialise_sorted() -> None:
    context = coerce_context(
        {"medications": ["statin", "metformin", "diuretic"], "conditions": ["pad", "ckd"]}
    )
    data = json.loads(context.model_dump_json())
    assert data["medications"] == ["diuretic", "metformin", "statin"]
    assert data["conditions"] == ["kidney_disease", "peripheral_artery_disease"]
    assert data["red_flags"] == []
    report = interpret(context=context)
    assert json.loads(report.model_dump_json())["context"]["medications"] == [
        "diuretic",
        "metformin",
        "statin",
    ]


def test_a_context_is_frozen() -> None:
    context = Context(diet=Diet.vegan)
    with pytest.raises(ValidationError):
        context.diet = Diet.omnivore  # type: ignore[misc]


@given(contexts())
def test_context_json_round_trip(raw: dict[str, object]) -> None:
    """Invariant: a context read from JSON equals the original, and its JSON is stable."""
    context = coerce_context(raw)
    again = Context.model_validate_json(context.model_dump_json())
    assert again == context
    assert again.model_dump_json() == context.model_dump_json()
    report = interpret(context=raw)
    assert Report.model_validate_json(report.model_dump_json()).context == context


@given(st.dictionaries(st.sampled_from(CONTEXT_FIELDS), st.none()))
def test_none_values_mean_not_known(raw: dict[str, None]) -> None:
    """Invariant: any field given as None is the same as not giving it."""
    assert coerce_context(raw) == Context()


# --- hardening: numpy values, hostile objects ----------------------------------------------

SECRET = "PATIENTXYZ"


@pytest.mark.parametrize(("value", "expected"), [(np.True_, True), (np.False_, False)])
def test_numpy_booleans_are_yes_no(value: object, expected: bool) -> None:
    context = coerce_context({"pregnant": value, "b12_injections": value})
    assert context.pregnant is expected
    assert context.b12_injections is expected


@pytest.mark.parametrize(
    "age", [np.float64(40), np.float32(40), np.int64(40), np.uint8(40), Fraction(81, 2)]
)
def test_real_numbers_of_any_kind_are_ages(age: object) -> None:
    number = coerce_context({"age_years": age}).age_years
    assert type(number) is float
    assert number == float(age)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "age",
    [
        np.True_,
        np.False_,
        False,
        complex(40, 0),
        np.complex128(40),
        np.array(40.0),
        np.array([40.0]),
        np.float64("nan"),
        Decimal(40),
        10**400,
    ],
)
def test_booleans_complex_numbers_and_arrays_are_not_ages(age: object) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({"age_years": age})
    assert caught.value.field == "age_years"


class _HostileError(Exception):
    """What a caller's object raises; its text must never reach a library message."""


class _RaisingAge(float):
    def __float__(self) -> float:
        raise _HostileError(SECRET)


def test_an_age_whose_float_raises_is_refused() -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({"age_years": _RaisingAge(40)})
    assert caught.value.code == "not_a_number"


def _names_then(error: Exception) -> Iterator[str]:
    yield "statin"
    raise error


@pytest.mark.parametrize("error", [ValueError(SECRET), KeyError(SECRET), RuntimeError(SECRET)])
@pytest.mark.parametrize("field", ["medications", "conditions", "red_flags"])
def test_a_set_field_iterable_that_raises_is_refused_without_its_text(
    field: str, error: Exception
) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context({field: _names_then(error)})
    assert caught.value.field == field
    assert caught.value.code == "not_a_set"
    assert SECRET not in str(caught.value)


class _RaisingMapping(Mapping[str, object]):
    def __init__(self, where: str) -> None:
        self.where = where

    def __getitem__(self, key: str) -> object:
        if self.where == "getitem":
            raise _HostileError(SECRET)
        return "vegan"

    def __iter__(self) -> Iterator[str]:
        if self.where == "iter":
            raise _HostileError(SECRET)
        yield "diet"
        if self.where == "next":
            raise _HostileError(SECRET)

    def __len__(self) -> int:
        return 1


@pytest.mark.parametrize("where", ["getitem", "iter", "next"])
def test_a_context_mapping_that_raises_is_refused_without_its_text(where: str) -> None:
    with pytest.raises(InvalidContextError) as caught:
        coerce_context(_RaisingMapping(where))
    assert caught.value.field == "context"
    assert SECRET not in str(caught.value)
    with pytest.raises(InvalidContextError):
        interpret(context=_RaisingMapping(where))


class _UnhashableText(str):
    __slots__ = ()

    def __hash__(self) -> int:
        raise _HostileError(SECRET)

    def __eq__(self, other: object) -> bool:
        raise _HostileError(SECRET)

    def strip(self, chars: str | None = None) -> str:
        raise _HostileError(SECRET)


class _Pairs(Mapping[str, object]):
    """A mapping over a list of pairs: it never hashes or compares keys with their own methods."""

    def __init__(self, pairs: list[tuple[str, object]]) -> None:
        self.pairs = pairs

    def __getitem__(self, key: str) -> object:
        return next(value for name, value in self.pairs if str.__eq__(name, key))

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def test_str_subclasses_are_read_as_plain_text() -> None:
    context = coerce_context(
        _Pairs(
            [
                (_UnhashableText("diet"), _UnhashableText("vegan")),
                ("pregnant", _UnhashableText("yes")),
                ("medications", [_UnhashableText("statin")]),
                ("age_years", _UnhashableText("40")),
            ]
        )
    )
    assert context.diet is Diet.vegan
    assert context.pregnant is True
    assert context.medications == frozenset({"statin"})
    assert context.age_years == 40.0
