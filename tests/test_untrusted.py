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


@pytest.mark.parametrize(
    ("value", "code"),
    [(True, "boolean"), ("4", "not_a_number"), (float("nan"), "not_finite"), (-1, "negative")],
)
def test_finite_number_refuses_what_is_not_a_finite_non_negative_number(
    value: object, code: str
) -> None:
    with pytest.raises(InvalidResultError) as caught:
        finite_number(value, field="k.value")
    assert caught.value.code == code


def test_finite_number_reads_numpy_scalars_and_refuses_numpy_booleans() -> None:
    np = pytest.importorskip("numpy")
    assert finite_number(np.float32(2.5), field="v") == 2.5
    assert is_numpy_bool(np.bool_(True))
    with pytest.raises(InvalidResultError):
        finite_number(np.bool_(True), field="v")


def test_pint_quantities_are_told_by_type_alone() -> None:
    class Fake:
        @property
        def dimensionality(self) -> object:
            raise _HostileError(SECRET)

    assert not is_pint_quantity(Fake())
    assert not is_pint_quantity(4.0)


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
