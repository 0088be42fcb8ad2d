"""Typed lab results: construction, parsing, coercion of every accepted input, JSON."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import b12labs
from b12labs import (
    Analyte,
    B12LabsError,
    B12Result,
    InvalidResultError,
    LabResult,
    MagnesiumResult,
    PotassiumResult,
    UnitError,
)
from b12labs.analytes import chemistry
from b12labs.results import AnyResult, coerce_result, result_class
from b12labs.strategies import results
from b12labs.units import registry
from strategies import python_objects

ANY_RESULT: TypeAdapter[LabResult] = TypeAdapter(AnyResult)


@pytest.fixture(scope="module")
def user_registry() -> Any:
    """A caller's own, full pint registry (not b12labs')."""
    return pint.UnitRegistry()


# --- parsing and the model ---------------------------------------------------------------


def test_parse_censored_b12() -> None:
    result = B12Result.parse("<150 pg/mL")
    assert result.comparator == "<"
    assert result.value == 150.0
    assert result.unit == "pg/mL"
    assert result.analyte is Analyte.b12
    assert result.loinc == "2132-9"
    assert result.specimen == "serum"
    assert result.hemolyzed is False
    assert result.is_censored
    assert str(result) == "<150 pg/mL"


def test_parse_with_specimen_and_hemolysis() -> None:
    result = PotassiumResult.parse("5.9 mmol/L", specimen="plasma", hemolyzed=True)
    assert result.specimen == "plasma"
    assert result.hemolyzed is True
    assert not result.is_censored


def test_parse_with_a_bad_specimen_is_a_library_error() -> None:
    with pytest.raises(InvalidResultError) as caught:
        PotassiumResult.parse("4 mmol/L", specimen="blood")  # type: ignore[arg-type]
    assert caught.value.field == "potassium.specimen"


def test_to_keeps_comparator_and_flags() -> None:
    result = B12Result.parse("<150 pg/mL", specimen="plasma", hemolyzed=True)
    moles = result.to("pmol/L")
    assert moles.comparator == "<"
    assert moles.unit == "pmol/L"
    assert moles.value == pytest.approx(110.67, abs=0.005)
    assert moles.specimen == "plasma"
    assert moles.hemolyzed is True
    assert type(moles) is B12Result
    assert str(moles) == "<110.67 pmol/L"


def test_to_400_pg_per_ml() -> None:
    assert round(B12Result.parse("400 pg/mL").to("pmol/L").value, 1) == 295.1


def test_to_accepts_any_spelling_and_writes_ucum() -> None:
    assert MagnesiumResult.parse("2 mg/dL").to("MEQ/L").unit == "meq/L"


def test_to_an_unaccepted_unit_is_a_unit_error() -> None:
    with pytest.raises(UnitError):
        B12Result.parse("400 pg/mL").to("mmol/L")


def test_canonical() -> None:
    assert B12Result.parse("400 ng/L").canonical().unit == "pmol/L"
    mg = MagnesiumResult.parse("2.0 mg/dL").canonical()
    assert mg.unit == "mmol/L"
    assert round(mg.value, 3) == 0.823
    assert PotassiumResult.parse("4 mEq/L").canonical().value == 4.0


@pytest.mark.parametrize(
    ("result", "unit", "loinc"),
    [
        (B12Result.parse("400 pg/mL"), "pg/mL", "2132-9"),
        (B12Result.parse("400 pg/mL"), "ng/L", "2132-9"),
        (B12Result.parse("400 pg/mL"), "pmol/L", "14685-2"),
        (B12Result.parse("295 pmol/L"), "pg/mL", "2132-9"),
        (MagnesiumResult.parse("2 mg/dL"), "mmol/L", "2601-3"),
        (MagnesiumResult.parse("2 mg/dL"), "meq/L", "2601-3"),
        (MagnesiumResult.parse("0.8 mmol/L"), "mg/dL", "19123-9"),
        (PotassiumResult.parse("4 mmol/L"), "meq/L", "2823-3"),
        (PotassiumResult.parse("4 meq/L"), "mmol/L", "2823-3"),
    ],
)
def test_loinc_follows_the_unit_property(result: LabResult, unit: str, loinc: str) -> None:
    assert result.to(unit).loinc == loinc
    value = result.to(unit).value
    direct = result_class(result.analyte).model_validate({"value": value, "unit": unit})
    assert direct.loinc == loinc


def test_to_never_produces_a_non_finite_value() -> None:
    """1e308 mmol/L has no finite value in mg/dL; such a result is refused as implausible,
    and one that skipped validation still cannot overflow in ``to()``."""
    with pytest.raises(ValidationError):
        MagnesiumResult(value=1e308, unit="mmol/L")
    huge = MagnesiumResult.model_construct(value=1e308, unit="mmol/L")
    with pytest.raises(B12LabsError):
        huge.to("mg/dL")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"value": -1, "unit": "mmol/L"},
        {"value": True, "unit": "mmol/L"},
        {"value": math.nan, "unit": "mmol/L"},
        {"value": math.inf, "unit": "mmol/L"},
        {"value": "4", "unit": "mmol/L"},
        {"value": 4.0, "unit": "pg/mL"},
        {"value": 4.0, "unit": "furlong"},
        {"value": 4.0, "unit": "mmol/L", "comparator": "=="},
        {"value": 0.0, "unit": "mmol/L", "comparator": "<"},
        {"value": 4.0, "unit": "mmol/L", "specimen": "blood"},
        {"value": 4.0, "unit": "mmol/L", "hemolyzed": 1},
        {"value": 4.0, "unit": "mmol/L", "loinc": "2132-9"},
        {"value": 4.0, "unit": "mmol/L", "analyte": "b12"},
        {"value": 4.0, "unit": "mmol/L", "colour": "red"},
        {"value": 4.0},
    ],
)
def test_direct_construction_follows_pydantic(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        PotassiumResult.model_validate(kwargs)


def test_direct_construction_error_names_the_field_and_hides_the_input() -> None:
    with pytest.raises(ValidationError) as caught:
        PotassiumResult(value=-1, unit="mmol/L")
    errors = caught.value.errors()
    assert errors[0]["loc"] == ("value",)
    assert "-1" not in str(caught.value)
    with pytest.raises(ValidationError):
        PotassiumResult(value=True, unit="mmol/L")
    with pytest.raises(ValidationError):
        PotassiumResult(value=math.nan, unit="mmol/L")


def test_direct_construction_normalises_the_unit() -> None:
    result = PotassiumResult(value=3, unit="MEQ/L")
    assert result.unit == "meq/L"
    assert result.value == 3.0
    assert result.loinc == "2823-3"


def test_results_are_frozen_and_hashable() -> None:
    result = B12Result.parse("400 pg/mL")
    with pytest.raises(ValidationError):
        result.value = 1.0  # type: ignore[misc]
    assert hash(result) == hash(B12Result.parse("400 PG/ML"))
    assert result == B12Result.parse("400 PG/ML")


def test_result_class() -> None:
    assert result_class(Analyte.b12) is B12Result
    assert result_class(Analyte.potassium) is PotassiumResult
    assert result_class(Analyte.magnesium) is MagnesiumResult


@pytest.mark.parametrize(
    ("value", "text"),
    [(4.0, "4"), (2.95122365, "2.9512"), (0.82287595, "0.82288"), (1.23456, "1.2346")],
)
def test_str_rounds_to_five_significant_figures(value: float, text: str) -> None:
    assert str(MagnesiumResult(value=value, unit="mmol/L")) == f"{text} mmol/L"
    assert str(B12Result(value=12345.6, unit="pg/mL")) == "12346 pg/mL"


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "result",
    [
        B12Result.parse("<150 pg/mL"),
        B12Result.parse(">2000 pmol/L", specimen="plasma"),
        PotassiumResult.parse("6.1 meq/L", hemolyzed=True),
        MagnesiumResult.parse("1.6 mg/dL"),
    ],
)
def test_json_round_trip_returns_the_right_class(result: LabResult) -> None:
    text = ANY_RESULT.dump_json(result)
    back = ANY_RESULT.validate_json(text)
    assert type(back) is type(result)
    assert back == result
    assert f'"analyte":"{result.analyte.value}"'.encode() in text


@given(results())
def test_json_round_trip_property(result: LabResult) -> None:
    """Invariant: any result survives JSON via the AnyResult discriminated union, as the
    same class with equal fields."""
    back = ANY_RESULT.validate_json(result.model_dump_json())
    assert type(back) is type(result)
    assert back == result


@given(results().filter(lambda r: r.comparator is not None))
def test_to_keeps_comparator_property(result: LabResult) -> None:
    """Invariant: ``.to(unit)`` keeps the class, comparator, specimen and haemolysis flag of
    a result, writes the UCUM code, and takes the LOINC code of the new unit's property."""
    for unit in chemistry(result.analyte).ucum_codes:
        moved = result.to(unit)
        assert type(moved) is type(result)
        assert moved.comparator == result.comparator
        assert (moved.specimen, moved.hemolyzed) == (result.specimen, result.hemolyzed)
        assert moved.unit == unit
        assert moved.loinc == chemistry(result.analyte).unit_spec(unit).loinc


def test_json_with_an_unknown_analyte_is_refused() -> None:
    with pytest.raises(ValidationError):
        ANY_RESULT.validate_json('{"analyte": "iron", "value": 1, "unit": "mmol/L"}')


# --- coerce_result: every accepted input -----------------------------------------------------


def test_coerce_text() -> None:
    assert coerce_result(Analyte.potassium, "3,5 mmol/L") == PotassiumResult(
        value=3.5, unit="mmol/L"
    )


def _read_as_validated(analyte: Analyte, text: str) -> LabResult | tuple[type, str, str]:
    try:
        return result_class(analyte).model_validate(
            result_class(analyte).parse(text).model_dump(exclude_unset=True)
        )
    except B12LabsError as error:
        return type(error), error.field, error.code


@given(
    st.sampled_from(list(Analyte)),
    st.one_of(
        st.builds(
            lambda c, n, u: f"{c}{n} {u}",
            st.sampled_from(["", "<", "<=", ">", ">="]),
            st.one_of(
                st.integers(0, 10**6).map(str),
                st.decimals(0, 10**4, places=3, allow_nan=False).map(str),
            ),
            st.sampled_from(
                sorted({u for a in Analyte for u in chemistry(a).spelling_index} | {"mg/L"})
            ),
        ),
        st.text(max_size=12),
    ),
)
def test_text_read_for_interpret_is_what_validation_builds(analyte: Analyte, text: str) -> None:
    """Invariant: the common shape, built without validation, equals the validated result
    (fields set included), and any other text fails as parsing fails."""
    try:
        made: LabResult | tuple[type, str, str] = coerce_result(analyte, text)
    except B12LabsError as error:
        made = type(error), error.field, error.code
    expected = _read_as_validated(analyte, text)
    assert made == expected
    if isinstance(made, LabResult):
        assert isinstance(expected, LabResult)
        assert made.model_fields_set == expected.model_fields_set


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (("3,5", "mmol/L"), 3.5),
        (("3.5", "MMOL/L"), 3.5),
        ((3.5, "mmol/L"), 3.5),
        ((4, "mEq/L"), 4.0),
        ([4, "mmol/L"], 4.0),
        ((np.float64(3.25), "mmol/L"), 3.25),
        ((np.int32(3), "mmol/L"), 3.0),
    ],
)
def test_coerce_tuple(obj: object, expected: float) -> None:
    result = coerce_result(Analyte.potassium, obj)
    assert isinstance(result, PotassiumResult)
    assert result.value == expected
    assert result.comparator is None


@pytest.mark.parametrize(
    ("obj", "cls", "field"),
    [
        ((True, "mmol/L"), InvalidResultError, "potassium.value"),
        ((math.nan, "mmol/L"), InvalidResultError, "potassium.value"),
        ((-1, "mmol/L"), InvalidResultError, "potassium.value"),
        (("-1", "mmol/L"), InvalidResultError, "potassium.value"),
        (("<3,5", "mmol/L"), InvalidResultError, "potassium.value"),
        (("3 mmol/L", "mmol/L"), InvalidResultError, "potassium.value"),
        (("1,500", "mmol/L"), InvalidResultError, "potassium.value"),
        ((None, "mmol/L"), InvalidResultError, "potassium.value"),
        ((3, None), UnitError, "potassium.unit"),
        ((3, "furlong"), UnitError, "potassium.unit"),
        ((3, "pg/mL"), UnitError, "potassium.unit"),
        ((3,), InvalidResultError, "potassium"),
        ((3, "mmol/L", "x"), InvalidResultError, "potassium"),
    ],
)
def test_coerce_tuple_refusals(obj: object, cls: type[B12LabsError], field: str) -> None:
    with pytest.raises(cls) as caught:
        coerce_result(Analyte.potassium, obj)
    assert type(caught.value) is cls
    assert caught.value.field == field


def test_coerce_quantity_from_the_callers_own_registry(user_registry: Any) -> None:
    b12 = coerce_result(Analyte.b12, user_registry.Quantity(0.4, "ng/mL"))
    assert isinstance(b12, B12Result)
    assert b12.unit == "pg/mL"
    assert b12.value == pytest.approx(400.0, rel=1e-12)
    b12_moles = coerce_result(Analyte.b12, user_registry.Quantity(1, "nmol/L"))
    assert b12_moles.unit == "pmol/L"
    assert b12_moles.value == pytest.approx(1000.0, rel=1e-12)
    mg = coerce_result(Analyte.magnesium, user_registry.Quantity(2, "mg/dL"))
    assert isinstance(mg, MagnesiumResult)
    assert (mg.value, mg.unit) == (2.0, "mg/dL")
    k = coerce_result(Analyte.potassium, user_registry.Quantity(4, "mmol/L"))
    assert isinstance(k, PotassiumResult)
    assert (k.value, k.unit) == (4.0, "mmol/L")


def test_coerce_quantity_in_milliequivalents() -> None:
    # a registry that follows UCUM (eq = mol) still gives equivalents, read by name
    ucum_like: Any = pint.UnitRegistry(None)
    ucum_like.define("mole = [substance] = mol")
    ucum_like.define("meter = [length] = m")
    ucum_like.define("liter = 1e-3 * meter ** 3 = L")
    ucum_like.define("milli- = 1e-3 = m-")
    ucum_like.define("equivalent = mole = eq")
    mg = coerce_result(Analyte.magnesium, ucum_like.Quantity(2, "meq/L"))
    assert (mg.value, mg.unit) == (2.0, "meq/L")
    ours = coerce_result(Analyte.magnesium, registry().Quantity(1.4, "meq/L"))
    assert (ours.value, ours.unit) == (1.4, "meq/L")


@pytest.mark.parametrize(
    ("magnitude", "unit", "cls"),
    [
        (4.0, "mg/dL", UnitError),  # potassium has no mass unit
        (4.0, "meter", UnitError),
        (4.0, "mmol", UnitError),
        (-4.0, "mmol/L", InvalidResultError),
        (math.nan, "mmol/L", InvalidResultError),
        (math.inf, "mmol/L", InvalidResultError),
    ],
)
def test_coerce_quantity_refusals(
    user_registry: Any, magnitude: float, unit: str, cls: type[B12LabsError]
) -> None:
    with pytest.raises(cls) as caught:
        coerce_result(Analyte.potassium, user_registry.Quantity(magnitude, unit))
    assert caught.value.field.startswith("potassium")


def test_coerce_quantity_with_an_array_magnitude_is_refused(user_registry: Any) -> None:
    with pytest.raises(InvalidResultError):
        coerce_result(Analyte.potassium, user_registry.Quantity(np.array([1.0, 2.0]), "mmol/L"))


def test_coerce_result_objects() -> None:
    result = B12Result.parse("400 pg/mL")
    assert coerce_result(Analyte.b12, result) == result  # checked again, equal
    with pytest.raises(InvalidResultError) as caught:
        coerce_result(Analyte.potassium, result)
    assert caught.value.code == "wrong_analyte"


@pytest.mark.parametrize(
    ("value", "code"),
    [(45.0, "implausible"), (True, "boolean"), (-1.0, "negative"), (math.inf, "not_finite")],
)
def test_a_result_built_without_validation_is_checked_again(value: float, code: str) -> None:
    """api 7: interpret() revalidates result models; model_construct skips validation."""
    bad = PotassiumResult.model_construct(unit="mmol/L", value=value)
    with pytest.raises(InvalidResultError) as caught:
        b12labs.interpret(potassium=bad)
    assert caught.value.code == code
    assert caught.value.field == "potassium.value"


@pytest.mark.parametrize(
    "value",
    [-1, -0.5, True, False, math.nan, math.inf, 10**400, None, "abc", "-1", [1.0], 1j],
    ids=repr,
)
def test_a_bad_value_has_one_code_whatever_the_input_path(value: object) -> None:
    """docs/errors.md: the same fault has the same code as a tuple, a mapping or a model."""
    codes = set()
    forms: list[object] = [
        (value, "mmol/L"),
        {"value": value, "unit": "mmol/L"},
        PotassiumResult.model_construct(value=value, unit="mmol/L"),  # type: ignore[arg-type]
    ]
    for form in forms:
        with pytest.raises(InvalidResultError) as caught:
            b12labs.interpret(potassium=form)
        assert caught.value.field == "potassium.value"
        codes.add(caught.value.code)
    assert len(codes) == 1, codes
    assert codes != {"invalid"}


def test_a_mapping_without_a_value_says_so() -> None:
    with pytest.raises(InvalidResultError) as caught:
        coerce_result(Analyte.potassium, {"unit": "mmol/L"})
    assert (caught.value.field, caught.value.code) == ("potassium.value", "value_missing")


def test_coerce_mapping() -> None:
    result = coerce_result(Analyte.b12, {"value": 400, "unit": "PG/ML", "comparator": ">"})
    assert result == B12Result(value=400.0, unit="pg/mL", comparator=">")
    with pytest.raises(InvalidResultError):
        coerce_result(Analyte.b12, {"value": 400, "unit": "pg/mL", "analyte": "potassium"})
    with pytest.raises(UnitError) as caught:
        coerce_result(Analyte.b12, {"value": 400, "unit": "furlong"})
    assert caught.value.field == "b12.unit"


@pytest.mark.parametrize("obj", [True, None, 5, 5.0, b"400 pg/mL", object(), {1, 2}])
def test_coerce_unsupported_types(obj: object) -> None:
    with pytest.raises(InvalidResultError) as caught:
        coerce_result(Analyte.b12, obj)
    assert caught.value.field == "b12"


@given(st.sampled_from(list(Analyte)), python_objects())
def test_coerce_arbitrary_objects(analyte: Analyte, obj: object) -> None:
    """Invariant: ``coerce_result`` given any Python value returns that analyte's typed
    result or raises a B12LabsError naming a field of that analyte, never anything else."""
    outcome: LabResult | B12LabsError
    try:
        outcome = coerce_result(analyte, obj)
    except B12LabsError as error:
        outcome = error
    if isinstance(outcome, B12LabsError):
        assert outcome.field.startswith(analyte.value)
    else:
        assert type(outcome) is result_class(analyte)
        assert math.isfinite(outcome.value)
        assert outcome.value >= 0


def test_coerce_uses_the_given_field_name() -> None:
    with pytest.raises(UnitError) as caught:
        coerce_result(Analyte.b12, "5 furlongs", field="labs.b12")
    assert caught.value.field == "labs.b12.unit"


# --- hardening: hostile input never reaches a message, never escapes as a bare error ------

SECRET = "PATIENTXYZ"


def test_an_unknown_key_is_reported_on_the_result_never_by_name() -> None:
    with pytest.raises(InvalidResultError) as caught:
        b12labs.interpret(b12={"value": 1, "unit": "pg/mL", SECRET: 1})
    assert caught.value.field == "b12"
    assert caught.value.code == "unexpected_field"
    assert caught.value.message == "unexpected field"
    assert SECRET not in str(caught.value)


def test_a_unit_error_from_a_mapping_has_one_prefix() -> None:
    with pytest.raises(UnitError) as caught:
        coerce_result(Analyte.b12, {"value": 1, "unit": f"{SECRET} furlong"})
    error = caught.value
    assert error.field == "b12.unit"
    assert error.message.startswith("unit is not accepted for")  # not "unit: unit is ..."
    assert str(error) == f"b12.unit: {error.message}"
    assert SECRET not in str(error)


def test_a_loinc_mismatch_from_a_mapping_is_a_library_error_with_a_fixed_message() -> None:
    with pytest.raises(InvalidResultError) as caught:
        coerce_result(Analyte.b12, {"value": 1, "unit": "pg/mL", "loinc": "1-1"})
    assert (caught.value.field, caught.value.code) == ("b12.loinc", "loinc_mismatch")


@pytest.mark.parametrize("unit", [b"PATIENT-X mmol", bytearray(b"mmol/L"), b"mmol/L", 5, None])
def test_a_unit_that_is_not_text_is_refused(unit: object) -> None:
    with pytest.raises(ValidationError) as direct:
        PotassiumResult(value=3, unit=unit)  # type: ignore[arg-type]
    assert "PATIENT" not in str(direct.value)
    with pytest.raises(UnitError) as caught:
        b12labs.interpret(potassium={"value": 3, "unit": unit})
    assert caught.value.field == "potassium.unit"
    assert "PATIENT" not in str(caught.value)


def test_the_base_class_cannot_parse() -> None:
    with pytest.raises(InvalidResultError) as caught:
        LabResult.parse("150 pg/mL")
    assert caught.value.code == "no_analyte"


class _HostileError(Exception):
    """What a caller's own object raises; its text must never reach a library message."""


class _RaisingMapping(Mapping[Any, Any]):
    def __init__(self, where: str) -> None:
        self.where = where

    def __getitem__(self, key: object) -> object:
        if self.where == "getitem":
            raise _HostileError(SECRET)
        return {"value": 300, "unit": "pg/mL"}[key]  # type: ignore[index]

    def __iter__(self) -> Iterator[Any]:
        if self.where == "iter":
            raise _HostileError(SECRET)
        if self.where == "next":
            yield "value"
            raise _HostileError(SECRET)
        if self.where == "key_hash":
            yield _BadHashKey("value")
            return
        yield from ("value", "unit")

    def __len__(self) -> int:
        return 2

    def get(self, key: object, default: object = None) -> object:
        if self.where == "get":
            raise _HostileError(SECRET)
        return super().get(key, default)


class _BadHashKey(str):
    __slots__ = ()

    def __hash__(self) -> int:
        raise _HostileError(SECRET)

    def __eq__(self, other: object) -> bool:
        raise _HostileError(SECRET)


@pytest.mark.parametrize("where", ["getitem", "iter", "next", "get", "key_hash"])
def test_a_mapping_that_raises_while_read_is_a_library_error(where: str) -> None:
    if where == "get":  # the mapping is copied through iteration and indexing only
        assert coerce_result(Analyte.b12, _RaisingMapping(where)) == B12Result(
            value=300, unit="pg/mL"
        )
        return
    with pytest.raises(InvalidResultError) as caught:
        coerce_result(Analyte.b12, _RaisingMapping(where))
    assert caught.value.field == "b12"
    assert caught.value.code == "bad_mapping"
    assert SECRET not in str(caught.value)


def test_an_endless_mapping_is_refused() -> None:
    class Endless(Mapping[str, object]):
        def __getitem__(self, key: str) -> object:
            return 1

        def __iter__(self) -> Iterator[str]:
            return (str(n) for n in itertools.count())

        def __len__(self) -> int:
            return 10**9

    with pytest.raises(InvalidResultError) as caught:
        coerce_result(Analyte.b12, Endless())
    assert caught.value.field == "b12"
