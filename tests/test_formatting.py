"""``b12labs.formatting``: one way to write numbers for people, never with an exponent."""

from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from b12labs.formatting import derived, limit, reported, span

PLAIN = re.compile(r"-?\d+(\.\d*[1-9])?")
#: Every magnitude a result, a converted value, a limit or an age can take, and more.
MAGNITUDES = st.floats(min_value=1e-12, max_value=1e15, allow_nan=False, allow_infinity=False)


def _figures(text: str) -> int:
    digits = text.replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "." not in text else len(digits)


@given(MAGNITUDES)
def test_reported_keeps_five_figures_in_plain_notation(value: float) -> None:
    """Invariant: plain digits, no trailing zeros, within rounding of five figures."""
    text = reported(value)
    assert PLAIN.fullmatch(text), text
    assert math.isclose(float(text), value, rel_tol=5e-5)


@given(MAGNITUDES)
def test_derived_keeps_three_figures_and_whole_numbers_from_1000(value: float) -> None:
    """Invariant: plain digits, three figures (all of a whole number from 1000)."""
    text = derived(value)
    assert PLAIN.fullmatch(text), text
    if value >= 999.5:
        assert "." not in text
        assert abs(float(text) - value) <= 0.5
    else:
        assert math.isclose(float(text), value, rel_tol=5e-3)
        assert _figures(text) <= 3


def test_examples() -> None:
    assert (reported(0.822876), derived(0.822876), derived(1328.12)) == ("0.82288", "0.823", "1328")
    assert (reported(1e-6), derived(1.23456e-7)) == ("0.000001", "0.000000123")
    assert (reported(1.2345678e10), derived(1.2345678e10)) == ("12346000000", "12345678000")
    assert (reported(0), derived(0)) == ("0", "0")


def test_span_writes_limits_in_the_same_format() -> None:
    assert span(180, 350) == "180-350"
    assert span(None, 2.8, high_inclusive=False) == "<2.8"
    assert span(4.9, None) == ">=4.9"
    assert span(1327.6, None, words=True) == "1328 or above"
    assert span(1327.6, None, low_inclusive=False, words=True) == "above 1328"
    assert span(None, 1.0, words=True) == "1 or below"
    assert span(None, None) == "any value"


@given(
    st.floats(min_value=1e-3, max_value=1e5, allow_nan=False),
    st.floats(min_value=-0.01, max_value=0.01, allow_nan=False),
)
def test_a_limit_never_puts_a_result_on_the_wrong_side_of_it(value: float, offset: float) -> None:
    """Invariant: written beside a result, a limit keeps the result on the side it belongs
    to (unless the two are too close for six figures), stays within three-figure rounding
    of the limit, and is the three-figure text whenever that already does."""
    result = value * (1 + offset)
    above = result >= value
    text = limit(value, result, above=above)
    assert PLAIN.fullmatch(text), text
    assert math.isclose(float(text), value, rel_tol=5e-3)
    plain = derived(value)
    if (result >= float(plain)) if above else (result < float(plain)):
        assert text == plain
    elif abs(result - value) > abs(value) * 1e-5:
        assert (result >= float(text)) if above else (result < float(text)), text


def test_a_converted_limit_beside_a_result_on_it() -> None:
    # RCPA's 0.70 mmol/L is 1.7013 mg/dL: 1.7 mg/dL is below it
    assert limit(0.70 / 0.411437975725159, 1.7) == "1.701"
    # a result exactly on a limit of the band below keeps the three-figure text
    assert limit(350.0, 350.0) == "350"
    assert limit(180.27, 180, above=True) == "180"
