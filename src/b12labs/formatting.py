"""How numbers are written for people: one rule for every report, message and renderer.

- :func:`reported` writes a number as a laboratory reported it: up to five significant
  figures, no trailing zeros (``130``, ``3.5``, ``0.82288``).
- :func:`derived` writes a number b12labs computed (a conversion, a limit in another unit):
  three significant figures, whole numbers from 1000 (``95.9``, ``133``, ``1328``), so a
  converted value never claims more precision than the result it came from.

Neither ever writes an exponent, at any magnitude: ``1.33e+03`` beside ``1328`` reads as two
different numbers, and a reader should never have to decode one.

Example:
    >>> reported(0.822876), derived(0.822876), derived(1328.12)
    ('0.82288', '0.823', '1328')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

__all__ = ["derived", "limit", "limits_beside", "reported", "span"]


def _fixed(value: float, figures: int) -> str:
    """``value`` to ``figures`` significant figures in plain positional notation."""
    return f"{Decimal(f'{value:.{figures}g}'):f}"


def reported(value: float) -> str:
    """Up to five significant figures (every digit of a whole number), no exponent, no
    trailing zeros."""
    if value == 0:
        return "0"
    size = abs(value)
    if not 1e-4 <= size < 1e9:
        return _fixed(value, 5)
    return _plain(value, 5)  # five or more digits before the point: the whole number


def derived(value: float) -> str:
    """Three significant figures, whole numbers from 1000, no exponent."""
    if abs(value) >= 1000:
        return f"{value:.0f}"
    if value == 0:
        return "0"
    if abs(value) < 1e-4:
        return _fixed(value, 3)
    return _plain(value, 3)


def limit(
    value: float, result: float | None = None, *, above: bool = False, upper: bool = True
) -> str:
    """A limit as :func:`derived` writes it, with more figures (up to six) where three would
    put ``result`` on the wrong side of it.

    ``above`` says whether the result belongs above the limit, ``upper`` whether the limit
    itself belongs to the band above it (so a result written exactly as the limit reads as
    above). A limit shown in a unit it was not published in is a conversion: RCPA's
    0.70 mmol/L is 1.7013 mg/dL, so beside a result of 1.7 mg/dL (which is below it) it is
    written 1.701, never 1.7. Where no figure up to six puts the result on its side, the limit
    is written as :func:`derived` writes it.

    Example:
        >>> limit(1.70130583), limit(1.70130583, 1.7), limit(180.27, 180, above=True)
        ('1.7', '1.701', '180')
        >>> limit(672.88, 673, above=True, upper=False)  # 673 is above a limit it includes
        '672.9'
    """
    plain = derived(value)
    if result is None:
        return plain
    for figures in range(3, 7):
        text = plain if figures == 3 else _plain(value, figures)
        shown = float(text)
        if (result > shown or (result == shown and upper)) is above:
            return text
    return plain


def limits_beside(
    result: float, cuts: Sequence[tuple[float, bool]], position: int
) -> Callable[[float], str]:
    """How every limit beside an exact result is written (:func:`limit`): ``cuts`` are the
    limits between bands in order, each with whether the band below includes it, and
    ``position`` is the index of the result's band, which says on which side of each cut the
    result belongs. A figure that is not a cut is placed by comparing it with the result.

    Example:
        >>> write = limits_beside(1.7, [(1.0, True), (1.70130583, False)], position=1)
        >>> write(1.0), write(1.70130583)
        ('1', '1.701')
    """
    sides = {cut: (position > j, not included) for j, (cut, included) in enumerate(cuts)}

    def write(x: float) -> str:
        above, upper = sides.get(x, (result >= x, True))
        return limit(x, result, above=above, upper=upper)

    return write


def _plain(value: float, figures: int) -> str:
    """``value`` to ``figures`` significant figures, no exponent, no trailing zeros."""
    digits = max(0, figures - 1 - math.floor(math.log10(abs(value)))) if value else 0
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def span(
    low: float | None,
    high: float | None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    *,
    number: Callable[[float], str] = derived,
    words: bool = False,
) -> str:
    """Limits as people write them: ``180-350``, ``<2.8``, ``>=4.9``; with ``words``, as a
    screen reader says them: ``180 to 350``, ``below 2.8``, ``4.9 or above``.

    Example:
        >>> span(2.8, None, low_inclusive=False), span(None, 2.8, False, False, words=True)
        ('>2.8', 'below 2.8')
        >>> span(4.9, None, words=True)
        '4.9 or above'
    """
    if low is None and high is None:
        return "any value"
    if low is None:
        assert high is not None
        if words:
            return f"{number(high)} or below" if high_inclusive else f"below {number(high)}"
        return f"{'<=' if high_inclusive else '<'}{number(high)}"
    if high is None:
        if words:
            return f"{number(low)} or above" if low_inclusive else f"above {number(low)}"
        return f"{'>=' if low_inclusive else '>'}{number(low)}"
    return f"{number(low)}{' to ' if words else '-'}{number(high)}"
