"""A bad row's error depends on its number's class only, so rows of one class share it."""

from __future__ import annotations

import bisect
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("numpy")

from b12labs import Analyte, B12LabsError, chemistry
from b12labs.batch._rows import _plausible_points, number_class
from b12labs.results import coerce_result


def _error(analyte: Analyte, value: float, unit: str, comparator: str | None) -> object:
    argument: object = (
        (value, unit)
        if comparator is None
        else {
            "value": value,
            "unit": unit,
            "comparator": comparator,
        }
    )
    try:
        coerce_result(analyte, argument)
    except B12LabsError as error:
        return (error.code, error.field, error.message)
    return None


_NEAR = st.sampled_from(_plausible_points()).flatmap(
    lambda p: st.floats(p * (1 - 1e-6), p * (1 + 1e-6), allow_nan=False)
)
_NUMBERS = st.one_of(st.floats(allow_nan=False), _NEAR, st.sampled_from([0.0, -0.0]))


def _same_class(first: float) -> st.SearchStrategy[float]:
    """Another number of the class of ``first``: of its sign, between the same two
    plausible points."""
    if first == 0 or math.isinf(first):
        return st.just(first)
    points = (-math.inf, *_plausible_points(), math.inf)
    index = bisect.bisect_right(points, first)
    low, high = points[index - 1], points[index]
    if first > 0:
        low = max(low, 0.0)
    else:
        high = min(high, 0.0)
    return st.floats(low, high, exclude_min=True, exclude_max=True).filter(lambda x: x != 0)


@given(
    st.sampled_from(list(Analyte)),
    _NUMBERS.flatmap(lambda x: st.tuples(st.just(x), _same_class(x))),
    st.sampled_from([None, "<", "<=", ">", ">="]),
    st.data(),
)
def test_numbers_of_one_class_have_one_error(
    analyte: Analyte, pair: tuple[float, float], comparator: str | None, data: st.DataObject
) -> None:
    first, second = pair
    unit = data.draw(st.sampled_from(chemistry(analyte).ucum_codes))
    assert number_class(first) == number_class(second)
    a, b = _error(analyte, first, unit, comparator), _error(analyte, second, unit, comparator)
    if a is not None and b is not None:
        assert a == b
    assert (a is None) == (b is None)
