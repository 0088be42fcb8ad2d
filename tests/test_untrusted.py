"""Reading caller objects: hostile subclasses, raising and endless containers (``_untrusted``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from b12labs import Analyte, InvalidResultError, PotassiumResult, interpret
from b12labs._untrusted import (
    finite_number,
    is_numpy_bool,
    is_pint_quantity,
    plain,
    plain_text,
    read_items,
    read_mapping,
    refusing,
)
from b12labs.errors import B12LabsError

SECRET = "PATIENT-7F3K"


class _HostileError(Exception):
    pass


class _LoudStr(str):
    __slots__ = ()

    def __hash__(self) -> int:
        raise _HostileError(SECRET)

    def strip(self, chars: str | None = None) -> str:
        raise _HostileError(SECRET)


def _refused() -> B12LabsError:
    return InvalidResultError("x", "bad_mapping", "not readable")


def test_plain_text_copies_a_str_subclass_without_calling_it() -> None:
    copied = plain_text(_LoudStr("mmol/L"))
    assert type(copied) is str
    assert copied == "mmol/L"
    assert plain_text(4.0) is None
    assert plain(4.0) == 4.0
    assert type(plain(_LoudStr("x"))) is str


def test_refusing_turns_a_foreign_exception_into_the_library_error() -> None:
    with pytest.raises(InvalidResultError) as caught, refusing(_refused):
        raise _HostileError(SECRET)
    assert SECRET not in str(caught.value)
    assert caught.value.__cause__ is None
    with pytest.raises(InvalidResultError, match="own"), refusing(_refused):
        raise InvalidResultError("y", "own", "own")  # a library error passes through


def test_read_items_is_bounded_and_refuses_what_raises() -> None:
    assert read_items(range(10), limit=3, refusal=_refused) == [0, 1, 2, 3]
    assert read_items(range(2), limit=3, refusal=_refused) == [0, 1]
    assert read_items(itertools.count(), limit=3, refusal=_refused) == [0, 1, 2, 3]

    def broken() -> Iterator[int]:
        yield 1
        raise _HostileError(SECRET)

    with pytest.raises(InvalidResultError):
        read_items(broken(), limit=5, refusal=_refused)
    with pytest.raises(InvalidResultError):
        read_items(42, limit=5, refusal=_refused)  # not iterable at all


class _RaisingMapping(Mapping[Any, Any]):
    def __getitem__(self, key: object) -> object:
        raise _HostileError(SECRET)

    def __iter__(self) -> Iterator[Any]:
        yield "value"

    def __len__(self) -> int:
        return 1


def test_read_mapping_copies_plain_keys_and_refuses_what_raises() -> None:
    def bad_key(key: object) -> B12LabsError:
        return InvalidResultError("x", "unexpected_field", "unexpected field")

    class LoudKeys(Mapping[Any, Any]):
        def __getitem__(self, key: object) -> object:
            return 1

        def __iter__(self) -> Iterator[Any]:
            yield _LoudStr("value")

        def __len__(self) -> int:
            return 1

    copied = read_mapping(LoudKeys(), limit=4, refusal=_refused, bad_key=bad_key)
    assert copied == {"value": 1}
    assert all(type(k) is str for k in copied)
    with pytest.raises(InvalidResultError) as caught:
        read_mapping(_RaisingMapping(), limit=4, refusal=_refused, bad_key=bad_key)
    assert caught.value.code == "bad_mapping"
    with pytest.raises(InvalidResultError) as caught:
        read_mapping({1: 2}, limit=4, refusal=_refused, bad_key=bad_key)
    assert caught.value.code == "unexpected_field"
    with pytest.raises(InvalidResultError):
        read_mapping(dict.fromkeys("abcde", 0), limit=4, refusal=_refused, bad_key=bad_key)


def test_read_mapping_takes_exactly_limit_keys() -> None:
    """``limit`` keys are accepted; one more is ``bad_key(None)``."""

    def bad_key(key: object) -> B12LabsError:
        return InvalidResultError("x", "too_many", "too many fields")

    four = dict.fromkeys("abcd", 0)
    assert read_mapping(four, limit=4, refusal=_refused, bad_key=bad_key) == four
    with pytest.raises(InvalidResultError, match="too many"):
        read_mapping({**four, "e": 0}, limit=4, refusal=_refused, bad_key=bad_key)


def test_read_mapping_shows_bad_key_the_key_that_is_not_text() -> None:
    """``bad_key`` is given the offending key itself (it decides what may be said about it),
    and ``None`` only for too many keys."""
    seen: list[object] = []

    def bad_key(key: object) -> B12LabsError:
        seen.append(key)
        return InvalidResultError("x", "unexpected_field", "unexpected field")

    with pytest.raises(InvalidResultError):
        read_mapping({"a": 1, 7: 2}, limit=4, refusal=_refused, bad_key=bad_key)
    with pytest.raises(InvalidResultError):
        read_mapping(dict.fromkeys("abcde", 0), limit=4, refusal=_refused, bad_key=bad_key)
    assert seen == [7, None]


def test_read_mapping_refuses_a_mapping_whose_iteration_raises() -> None:
    def bad_key(key: object) -> B12LabsError:
        return InvalidResultError("x", "unexpected_field", "unexpected field")

    class RaisingIter(_RaisingMapping):
        def __iter__(self) -> Iterator[Any]:
            raise _HostileError(SECRET)

    with pytest.raises(InvalidResultError) as caught:
        read_mapping(RaisingIter(), limit=4, refusal=_refused, bad_key=bad_key)
    assert caught.value.code == "bad_mapping"
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (True, "boolean", "a boolean is not a lab value"),
        ("4", "not_a_number", "value must be a real number"),
        (None, "not_a_number", "value must be a real number"),
        (float("nan"), "not_finite", "value must be a finite number"),
        (float("inf"), "not_finite", "value must be a finite number"),
        (10**400, "not_finite", "value must be a finite number"),  # too large for a float
        (-1, "negative", "value must not be negative"),
    ],
)
def test_finite_number_refuses_what_is_not_a_finite_non_negative_number(
    value: object, code: str, message: str
) -> None:
    """Each refusal carries the caller's field, its code and the code's fixed message."""
    with pytest.raises(InvalidResultError) as caught:
        finite_number(value, field="k.value")
    assert (caught.value.field, caught.value.code) == ("k.value", code)
    assert caught.value.message == message
    assert str(caught.value) == f"k.value: {message}"


@pytest.mark.parametrize("value", ["4", None, complex(1, 0), [4.0]])
def test_a_wrong_kind_is_diagnosed_directly_not_translated_from_a_crash(value: object) -> None:
    """A value of the wrong kind is refused by the kind check itself: the error carries no
    internal exception (an internal crash turned into ``not_a_number`` would hide a bug)."""
    with pytest.raises(InvalidResultError) as caught:
        finite_number(value, field="v")
    assert caught.value.code == "not_a_number"
    assert caught.value.__context__ is None


class _RaisingFloat(float):
    def __float__(self) -> float:
        raise _HostileError(SECRET)


def test_finite_number_refuses_an_object_that_raises_with_a_fixed_error() -> None:
    """Whatever a caller's number raises while it is read becomes ``not_a_number`` in the
    caller's field, with the fixed message and without the original exception's text."""
    with pytest.raises(InvalidResultError) as caught:
        finite_number(_RaisingFloat(2.0), field="k.value")
    assert (caught.value.field, caught.value.code) == ("k.value", "not_a_number")
    assert caught.value.message == "value must be a real number"
    assert caught.value.__cause__ is None
    assert SECRET not in str(caught.value)


def test_finite_number_refuses_a_one_element_array() -> None:
    """Only a 0-d array or NumPy scalar is read through ``item()``: a 1-d array, even of one
    element, is not a number."""
    np = pytest.importorskip("numpy")
    assert finite_number(np.array(2.5), field="v") == 2.5
    with pytest.raises(InvalidResultError) as caught:
        finite_number(np.array([2.5]), field="v")
    assert caught.value.code == "not_a_number"


def test_finite_number_reads_numpy_scalars_and_refuses_numpy_booleans() -> None:
    np = pytest.importorskip("numpy")
    assert finite_number(np.float32(2.5), field="v") == 2.5
    assert is_numpy_bool(np.bool_(True))
    with pytest.raises(InvalidResultError):
        finite_number(np.bool_(True), field="v")


def _type_named(name: str, module: str) -> object:
    """An instance of a new type called ``name`` that claims to come from ``module``."""
    return type(name, (), {"__module__": module})()


def test_is_numpy_bool_tells_only_numpy_booleans_by_type() -> None:
    """NumPy's boolean is ``numpy.bool_`` in 1.x and ``numpy.bool`` in 2.x: both are told
    by type alone; no other NumPy type, and no type of that name elsewhere, is one."""
    np = pytest.importorskip("numpy")
    assert is_numpy_bool(np.bool_(False))
    assert is_numpy_bool(_type_named("bool_", "numpy"))
    assert is_numpy_bool(_type_named("bool", "numpy"))
    for other in (np.float64(1.0), np.int64(1), True, 1.0, _type_named("bool", "mylib")):
        assert not is_numpy_bool(other), other


def test_a_numpy_boolean_is_refused_by_its_type_alone() -> None:
    """A value whose type is NumPy's boolean is a ``boolean`` refusal even when it offers
    no ``item()`` to read it through."""
    with pytest.raises(InvalidResultError) as caught:
        finite_number(_type_named("bool", "numpy"), field="v")
    assert caught.value.code == "boolean"


def test_pint_quantities_are_told_by_type_alone() -> None:
    class Fake:
        @property
        def dimensionality(self) -> object:
            raise _HostileError(SECRET)

    assert not is_pint_quantity(Fake())
    assert not is_pint_quantity(4.0)


def test_any_type_from_pint_or_its_submodules_is_told() -> None:
    """Every pint type counts, whichever submodule defines it, and whichever registry made
    it; a package whose name merely starts with "pint" does not."""
    import pint.util

    from b12labs.units import registry

    assert type(pint.util.UnitsContainer()).__module__ == "pint.util"
    assert is_pint_quantity(pint.util.UnitsContainer())
    assert is_pint_quantity(registry().Quantity(1.0, "mmol/L"))
    assert is_pint_quantity(_type_named("Quantity", "pint.facets.plain.quantity"))
    assert not is_pint_quantity(_type_named("Quantity", "pintail"))


class _HostileTuple(tuple):  # type: ignore[type-arg]
    def __len__(self) -> int:
        raise _HostileError(SECRET)

    def __iter__(self) -> Iterator[object]:
        raise _HostileError(SECRET)

    def __getitem__(self, index: object) -> object:  # type: ignore[override]
        raise _HostileError(SECRET)


def test_a_tuple_subclass_is_read_with_the_built_in_methods() -> None:
    report = interpret(potassium=_HostileTuple((4.0, "mmol/L")))
    assert report.findings[Analyte.potassium].result == PotassiumResult(value=4.0, unit="mmol/L")


def test_a_non_text_unit_is_unit_not_text_on_every_path() -> None:
    for given in ((4.0, 5), {"value": 4.0, "unit": 5}):
        with pytest.raises(B12LabsError) as caught:
            interpret(potassium=given)
        assert caught.value.code == "unit_not_text", given
        assert caught.value.field == "potassium.unit"
