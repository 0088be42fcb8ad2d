"""Unit conversion: cited factors, validation of scalars, numpy arrays, the lazy registry."""

from __future__ import annotations

import math
import subprocess
import sys
import threading
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import b12labs
from b12labs import Analyte, InvalidResultError, UnitError, UnknownAnalyteError, convert
from b12labs import units as units_module
from b12labs._untrusted import finite_number as check_number
from b12labs.analytes import Chemistry, chemistry
from b12labs.units import derive_factor, factor, registry
from strategies import lab_values, python_objects, unit_pairs

# --- examples (facts.md) -----------------------------------------------------------------


def test_b12_400_pg_per_ml_is_295_1_pmol_per_l() -> None:
    assert round(convert(400, "pg/mL", "pmol/L", analyte="b12"), 1) == 295.1
    assert convert(400, "pg/mL", "pmol/L", analyte=Analyte.b12) == pytest.approx(295.1224, abs=1e-4)


def test_b12_pg_per_ml_equals_ng_per_l() -> None:
    assert convert(245.0, "pg/mL", "ng/L", analyte="b12") == 245.0
    assert factor("b12", "ng/L", "pg/mL") == 1.0


def test_magnesium_examples() -> None:
    assert round(convert(2.0, "mg/dL", "mmol/L", analyte="magnesium"), 3) == 0.823
    assert convert(2.0, "meq/L", "mmol/L", analyte="magnesium") == 1.0
    assert convert(1.0, "mmol/L", "mEq/L", analyte="magnesium") == 2.0


def test_potassium_meq_equals_mmol() -> None:
    assert convert(4, "mEq/L", "mmol/L", analyte="potassium") == 4.0
    assert convert(4.0, "mmol/L", "meq/L", analyte="potassium") == 4.0


def test_units_may_be_any_accepted_spelling() -> None:
    assert convert(2.0, "MG/DL", "MMOL/L", analyte="MAGNESIUM") == convert(
        2.0, "mg/dL", "mmol/L", analyte=Analyte.magnesium
    )


@pytest.mark.parametrize("analyte", list(Analyte))
def test_identity_factor_is_exactly_one(analyte: Analyte) -> None:
    for unit in chemistry(analyte).ucum_codes:
        assert factor(analyte, unit, unit) == 1.0
        assert convert(3.7, unit, unit, analyte=analyte) == 3.7


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_unit", "to_unit", "analyte", "field"),
    [
        ("pg/mL", "meq/L", "b12", "to_unit"),  # B12 has no valence and no meq/L unit
        ("meq/L", "pmol/L", "b12", "from_unit"),
        ("mg/dL", "mmol/L", "potassium", "from_unit"),
        ("mmol/L", "furlong", "magnesium", "to_unit"),
        ("\u00b5mol/L", "mmol/L", "magnesium", "from_unit"),
    ],
)
def test_unaccepted_units_are_unit_errors(
    from_unit: str, to_unit: str, analyte: str, field: str
) -> None:
    with pytest.raises(UnitError) as caught:
        convert(1.0, from_unit, to_unit, analyte=analyte)
    assert caught.value.field == field


@pytest.mark.parametrize("analyte", ["iron", "", "B 12"])
def test_unknown_analyte(analyte: str) -> None:
    with pytest.raises(UnknownAnalyteError):
        convert(1.0, "mmol/L", "mmol/L", analyte=analyte)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (True, "boolean"),
        (False, "boolean"),
        (np.bool_(True), "boolean"),
        (float("nan"), "not_finite"),
        (float("inf"), "not_finite"),
        (-1.0, "negative"),
        (-1e-300, "negative"),
        ("400", "not_a_number"),
        (None, "not_a_number"),
        (complex(1, 0), "not_a_number"),
        ([1.0], "not_a_number"),
        (10**400, "not_finite"),
        (Decimal("NaN"), "not_finite"),
        (Decimal("sNaN"), "not_finite"),
        (Decimal("-1"), "negative"),
        (np.float64("nan"), "not_finite"),
        (np.array(-2.0), "negative"),
    ],
)
def test_scalar_values_are_validated(value: object, code: str) -> None:
    with pytest.raises(InvalidResultError) as caught:
        convert(value, "mg/dL", "mmol/L", analyte="magnesium")  # type: ignore[call-overload]
    assert caught.value.code == code
    assert caught.value.field == "value"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2.5"), 2.5),
        (Fraction(1, 2), 0.5),
        (np.float32(1.5), 1.5),
        (np.int64(3), 3.0),
        (np.array(2.0), 2.0),
        (7, 7.0),
        (0, 0.0),
    ],
)
def test_check_number_accepts_real_numbers(value: object, expected: float) -> None:
    number = check_number(value, field="x")
    assert number == expected
    assert type(number) is float


def test_convert_of_a_finite_value_never_returns_infinity() -> None:
    """1e308 mmol/L of magnesium is beyond float range in mg/dL: refuse, never return inf."""
    with pytest.raises(InvalidResultError) as caught:
        convert(1e308, "mmol/L", "mg/dL", analyte="magnesium")
    assert (caught.value.field, caught.value.code) == ("value", "not_finite")
    assert caught.value.message == "value must be a finite number"


@given(python_objects(), python_objects(), python_objects(), python_objects())
def test_convert_refuses_arbitrary_input_with_library_errors(
    value: object, from_unit: object, to_unit: object, analyte: object
) -> None:
    """Invariant: ``convert`` given arbitrary Python values for any argument either
    returns a finite float or raises a B12LabsError, never TypeError, KeyError or other."""
    try:
        out = convert(value, from_unit, to_unit, analyte=analyte)  # type: ignore[call-overload]
    except b12labs.B12LabsError:
        return
    assert isinstance(out, float)
    assert math.isfinite(out)


# --- numpy -------------------------------------------------------------------------------


def test_array_conversion_keeps_nan() -> None:
    out = convert(np.array([2.0, np.nan, 0.0]), "mg/dL", "mmol/L", analyte="magnesium")
    assert out.shape == (3,)
    assert out[0] == pytest.approx(0.8229, abs=1e-4)
    assert math.isnan(out[1])
    assert out[2] == 0.0


def test_integer_arrays_convert() -> None:
    out = convert(np.array([1, 2], dtype=np.int64), "meq/L", "mmol/L", analyte="magnesium")
    assert out.tolist() == [0.5, 1.0]


@pytest.mark.parametrize(
    "array",
    [
        np.array(["1.0"]),
        np.array([True, False]),
        np.array([1.0, None], dtype=object),
        np.array([1 + 1j]),
    ],
    ids=["str", "bool", "object", "complex"],
)
def test_non_numeric_arrays_are_refused(array: Any) -> None:
    """An array of anything but real numbers is refused as ``not_a_number``, by the dtype
    check itself (the error is raised directly, not translated from an internal failure)."""
    with pytest.raises(InvalidResultError) as caught:
        convert(array, "mg/dL", "mmol/L", analyte="magnesium")
    assert (caught.value.field, caught.value.code) == ("value", "not_a_number")
    assert caught.value.message == "array values must be real numbers"
    assert caught.value.__context__ is None


@given(
    unit_pairs(),
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=2, max_side=8),
        elements=st.one_of(
            st.floats(min_value=0, max_value=1e6, allow_subnormal=False), st.just(math.nan)
        ),
    ),
)
def test_array_convert_equals_scalar_convert(
    pair: tuple[Analyte, str, str], array: np.ndarray[Any, np.dtype[np.float64]]
) -> None:
    """Invariant: converting a numpy array gives, element by element, exactly what
    converting each element as a float gives; NaN stays NaN and the shape is kept."""
    analyte, source, target = pair
    out = convert(array, source, target, analyte=analyte)
    assert out.shape == array.shape
    for x, y in zip(array.ravel().tolist(), out.ravel().tolist(), strict=True):
        if math.isnan(x):
            assert math.isnan(y)
        else:
            assert y == convert(x, source, target, analyte=analyte)


# --- round trip ----------------------------------------------------------------------------


@st.composite
def _pair_and_value(draw: st.DrawFn) -> tuple[Analyte, str, str, float]:
    analyte, source, target = draw(unit_pairs())
    return analyte, source, target, draw(lab_values(analyte, source, max_value=1e12))


@given(_pair_and_value())
def test_conversion_round_trip(case: tuple[Analyte, str, str, float]) -> None:
    """Invariant: for every pair of accepted units of every analyte, converting a value
    a -> b -> a returns it within a relative error of 1e-9."""
    analyte, source, target, value = case
    there = convert(value, source, target, analyte=analyte)
    back = convert(there, target, source, analyte=analyte)
    assert abs(back - value) <= 1e-9 * value


def test_every_pair_of_every_analyte_has_inverse_factors() -> None:
    for analyte in Analyte:
        codes = chemistry(analyte).ucum_codes
        for a in codes:
            for b in codes:
                assert factor(analyte, a, b) * factor(analyte, b, a) == pytest.approx(1, rel=1e-12)


def _clear_unit_caches() -> None:
    """Forget every memoised factor, so a patched table is really consulted."""
    for value in vars(units_module).values():
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()


def test_missing_table_entry_is_refused_not_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear_unit_caches()
    monkeypatch.setattr(units_module, "_table", lambda: {a: {} for a in Analyte})
    try:
        with pytest.raises(UnitError) as caught:
            factor("magnesium", "mmol/L", "meq/L")
        assert (caught.value.field, caught.value.code) == ("to_unit", "conversion_refused")
        assert caught.value.message == "converting these units of Magnesium needs a valence"
        with pytest.raises(UnitError) as caught:
            factor("magnesium", "mg/dL", "mmol/L")
        assert (caught.value.field, caught.value.code) == ("to_unit", "conversion_refused")
        assert caught.value.message == "converting these units of Magnesium needs a molar mass"
    finally:
        monkeypatch.undo()
        _clear_unit_caches()
    assert factor("magnesium", "mmol/L", "meq/L") == 2.0


# --- pint and the registry ------------------------------------------------------------------


def test_registry_is_one_object() -> None:
    assert registry() is registry()


def test_registry_is_built_once_under_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(units_module, "_registry", None)
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        seen.append(registry())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8
    assert all(r is seen[0] for r in seen)


def test_registry_is_built_from_the_bundled_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry built afresh (the singleton is built once per process, usually long
    before this test) is made from ``_data/units.txt``: it has the ``ionic`` and
    ``chemistry`` contexts, none of pint's default units, and no silent offset conversion."""
    monkeypatch.setattr(units_module, "_registry", None)
    ureg = registry()
    assert registry() is ureg
    assert ureg.Quantity(1.0, "mmol/L").to("meq/L", "ionic", valence=2).magnitude == 2.0
    molar_mass = ureg.Quantity(24.305, "g/mol")
    to_mass = ureg.Quantity(1.0, "mmol/L").to("mg/dL", "chemistry", mw=molar_mass)
    assert to_mass.magnitude == pytest.approx(2.4305, rel=1e-12)
    assert "mmol" in ureg
    assert "furlong" not in ureg  # pint's default definitions were not loaded
    assert ureg.autoconvert_offset_to_baseunit is False


def test_registry_knows_equivalents_are_not_moles() -> None:
    ureg = registry()
    quantity = ureg.Quantity(1.0, "mmol/L")
    assert quantity.to("meq/L", "ionic", valence=2).magnitude == pytest.approx(2.0)
    assert not quantity.is_compatible_with("meq/L")


def _without(chem: Chemistry, *, molar_mass: bool = True, valence: bool = True) -> Chemistry:
    return Chemistry(
        label="Fictional ion",
        canonical_unit=chem.canonical_unit,
        units=chem.units,
        molar_mass=chem.molar_mass if molar_mass else None,
        valence=chem.valence if valence else None,
        plausible=chem.plausible,
    )


def test_derive_factor_refuses_without_valence() -> None:
    chem = _without(chemistry("magnesium"), valence=False)
    with pytest.raises(UnitError) as caught:
        derive_factor(chem, "mmol/L", "meq/L")
    assert (caught.value.field, caught.value.code) == ("unit", "needs_valence")
    assert caught.value.message == "converting this unit of Fictional ion needs a valence"
    # the molar mass alone still joins mass and substance
    assert derive_factor(chem, "mmol/L", "mg/dL") == pytest.approx(2.4305, rel=1e-12)


def test_derive_factor_refuses_without_molar_mass() -> None:
    chem = _without(chemistry("magnesium"), molar_mass=False)
    with pytest.raises(UnitError) as caught:
        derive_factor(chem, "mg/dL", "mmol/L")
    assert (caught.value.field, caught.value.code) == ("unit", "needs_molar_mass")
    assert caught.value.message == "converting this unit of Fictional ion needs a molar mass"
    assert derive_factor(chem, "meq/L", "mmol/L") == 0.5


def test_derive_factor_within_one_kind_needs_no_chemistry() -> None:
    """Invariant: mass to mass (pg/mL -> ng/L) needs no molar mass and equivalents to
    equivalents no valence; only a change of kind asks for the chemistry that joins them."""
    bare_b12 = _without(chemistry("b12"), molar_mass=False, valence=False)
    assert derive_factor(bare_b12, "pg/mL", "ng/L") == 1.0
    assert derive_factor(bare_b12, "pmol/L", "pmol/L") == 1.0
    bare_magnesium = _without(chemistry("magnesium"), molar_mass=False, valence=False)
    assert derive_factor(bare_magnesium, "meq/L", "meq/L") == 1.0
    assert derive_factor(bare_magnesium, "mg/dL", "mg/dL") == 1.0


@pytest.mark.parametrize("analyte", list(Analyte))
def test_derived_factors_equal_the_table(analyte: Analyte) -> None:
    chem = chemistry(analyte)
    for a in chem.ucum_codes:
        for b in chem.ucum_codes:
            if a != b:
                assert derive_factor(chem, a, b) == factor(analyte, a, b)


# --- hardening: quantities, array dtypes and overflow, hostile objects --------------------

SECRET = "PATIENTXYZ"


def test_a_quantity_is_refused_scalar_or_array() -> None:
    ureg = registry()
    for quantity in (ureg.Quantity(3.0, "mmol/L"), ureg.Quantity(np.array([3.0]), "mmol/L")):
        with pytest.raises(InvalidResultError) as caught:
            convert(quantity, "mmol/L", "meq/L", analyte="potassium")
        assert (caught.value.field, caught.value.code) == ("value", "quantity")
        assert caught.value.message == "a Quantity carries its own unit: pass its magnitude"


def test_arrays_convert_as_float64() -> None:
    for dtype in (np.int8, np.uint16, np.int64, np.float32, np.float64):
        out = convert(np.array([1, 2], dtype=dtype), "meq/L", "mmol/L", analyte="magnesium")
        assert out.dtype == np.float64
        assert out.tolist() == [0.5, 1.0]


def test_a_finite_array_value_that_overflows_is_refused() -> None:
    big = np.array([1.0, np.finfo(np.float64).max])
    with pytest.raises(InvalidResultError) as caught:
        convert(big, "mmol/L", "mg/dL", analyte="magnesium")
    assert (caught.value.field, caught.value.code) == ("value", "not_finite")
    assert caught.value.message == "a value becomes too large to represent in the target unit"


def test_non_finite_array_inputs_stay_as_they_are() -> None:
    out = convert(np.array([np.nan, np.inf, 1.0]), "mmol/L", "mg/dL", analyte="magnesium")
    assert math.isnan(out[0])
    assert out[1] == math.inf
    assert math.isfinite(out[2])


@pytest.mark.skipif(
    bool(np.finfo(np.longdouble).max <= np.finfo(np.float64).max), reason="no extended precision"
)
def test_a_long_double_too_large_for_float64_is_refused() -> None:
    array = np.array([np.finfo(np.longdouble).max], dtype=np.longdouble)
    with pytest.raises(InvalidResultError) as caught:
        convert(array, "mmol/L", "meq/L", analyte="potassium")
    assert caught.value.code == "not_finite"


@pytest.mark.parametrize(
    "array",
    [
        np.array([np.datetime64("2024-01-01")]),
        np.array([np.timedelta64(1, "D")]),
        np.array([b"1.0"]),
        np.array([np.True_]),
    ],
)
def test_other_array_dtypes_are_refused(array: Any) -> None:
    with pytest.raises(InvalidResultError):
        convert(array, "mg/dL", "mmol/L", analyte="magnesium")


def test_numpy_is_imported_only_for_arrays() -> None:
    code = (
        "import sys, b12labs\n"
        "b12labs.convert(2.0, 'mg/dL', 'mmol/L', analyte='magnesium')\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


class _HostileError(Exception):
    """What a caller's object raises; its text must never reach a library message."""


class _RaisingNdim:
    @property
    def ndim(self) -> int:
        raise _HostileError(SECRET)


class _RaisingItem:
    ndim = 0

    def item(self) -> float:
        raise _HostileError(SECRET)


class _RaisingFloat(float):
    def __float__(self) -> float:
        raise _HostileError(SECRET)


class _RaisingArrayLike:
    ndim = 1

    def __array__(self, *args: object, **kwargs: object) -> Any:
        raise _HostileError(SECRET)


class _ArrayWithoutNdim:
    """Offers ``__array__`` but says nothing about its dimensions."""

    def __array__(self, *args: object, **kwargs: object) -> Any:
        return np.array([2.0])


class _ArrayWithRaisingNdim(_ArrayWithoutNdim):
    @property
    def ndim(self) -> int:
        raise _HostileError(SECRET)


@pytest.mark.parametrize("value", [_ArrayWithoutNdim(), _ArrayWithRaisingNdim()])
def test_an_array_like_without_a_readable_ndim_is_a_scalar(value: object) -> None:
    """Only something with ``__array__`` *and* a readable ``ndim`` of at least 1 is converted
    element-wise; without one it is judged as a scalar, which it is not, so it is refused
    (never silently read through ``__array__``)."""
    with pytest.raises(InvalidResultError) as caught:
        convert(value, "mmol/L", "meq/L", analyte="potassium")  # type: ignore[call-overload]
    assert (caught.value.field, caught.value.code) == ("value", "not_a_number")
    assert caught.value.message == "value must be a real number"


@pytest.mark.parametrize(
    "value", [_RaisingNdim(), _RaisingItem(), _RaisingFloat(2.0), _RaisingArrayLike()]
)
def test_objects_that_raise_while_read_are_refused(value: object) -> None:
    with pytest.raises(InvalidResultError) as caught:
        convert(value, "mmol/L", "meq/L", analyte="potassium")  # type: ignore[call-overload]
    assert SECRET not in str(caught.value)
    assert (caught.value.field, caught.value.code) == ("value", "not_a_number")
    array_like = isinstance(value, _RaisingArrayLike)
    expected = "array values must be real numbers" if array_like else "value must be a real number"
    assert caught.value.message == expected
    if not isinstance(value, _RaisingArrayLike):
        with pytest.raises(InvalidResultError):
            check_number(value, field="value")


class _UnhashableText(str):
    __slots__ = ()

    def __hash__(self) -> int:
        raise _HostileError(SECRET)

    def __eq__(self, other: object) -> bool:
        raise _HostileError(SECRET)


def test_factor_answers_an_analyte_and_two_ucum_codes_from_the_table_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The library's hot path (an Analyte and two UCUM codes) is one dictionary lookup: the
    spelling resolver behind it is never consulted; any other spelling goes through it."""
    expected = {
        (analyte, a, b): factor(analyte, a, b)
        for analyte in Analyte
        for a in chemistry(analyte).ucum_codes
        for b in chemistry(analyte).ucum_codes
    }

    def resolver(*args: object) -> float:
        raise AssertionError("the resolver was consulted")

    monkeypatch.setattr(units_module, "_factor", resolver)
    for (analyte, a, b), value in expected.items():
        assert factor(analyte, a, b) == value
    with pytest.raises(AssertionError, match="resolver"):
        factor(Analyte.magnesium, "MG/DL", "mmol/L")


def test_factor_resolves_spellings_for_an_analyte_member() -> None:
    """An Analyte with spellings that are not UCUM codes gets the same factor as the codes."""
    assert factor(Analyte.magnesium, "MG/DL", "MMOL/L") == factor(
        Analyte.magnesium, "mg/dL", "mmol/L"
    )
    assert factor(Analyte.potassium, "mEq/L", "mmol/litre") == 1.0


@pytest.mark.parametrize("hostile", ["analyte", "from_unit", "to_unit"])
def test_factor_never_hashes_a_caller_string_subclass(hostile: str) -> None:
    """A ``str`` subclass whose ``__hash__`` raises, in any one argument next to plain ones,
    is copied before any lookup, so its own methods never run."""
    arguments: dict[str, str] = {"analyte": "magnesium", "from_unit": "mg/dL", "to_unit": "mmol/L"}
    plain_factor = factor(Analyte.magnesium, "mg/dL", "mmol/L")
    arguments[hostile] = _UnhashableText(arguments[hostile])
    analyte = Analyte.magnesium if hostile != "analyte" else arguments["analyte"]
    assert factor(analyte, arguments["from_unit"], arguments["to_unit"]) == plain_factor


def test_a_str_subclass_that_cannot_be_hashed_still_converts() -> None:
    unit = _UnhashableText("mg/dL")
    analyte = _UnhashableText("magnesium")
    assert convert(2.0, unit, "mmol/L", analyte=analyte) == convert(
        2.0, "mg/dL", "mmol/L", analyte="magnesium"
    )
    assert factor(analyte, unit, _UnhashableText("mmol/L")) == factor(
        "magnesium", "mg/dL", "mmol/L"
    )


def test_array_overflow_is_found_beside_nan_and_infinity() -> None:
    # the quick check reads the largest converted value ignoring NaN; an infinity given in
    # the input stays allowed, a new one is refused
    values = np.array([1.0, np.nan, np.inf, 1e308])
    with pytest.raises(InvalidResultError) as caught:
        convert(values, "mmol/L", "mg/dL", analyte="magnesium")
    assert caught.value.code == "not_finite"
    kept = convert(values[:3], "mmol/L", "mg/dL", analyte="magnesium")
    assert np.isnan(kept[1])
    assert np.isinf(kept[2])
