"""``hostile_texts()``: lab text that every result class's ``.parse()`` must refuse.

Each refusal kind api.md gives (sections 2 and 7) has its own strategy in
:func:`hostile_kinds`, so that a test can draw one kind at a time. Implausible values are
derived from the plausibility limits in the data, for every analyte that accepts the unit.

Example:
    >>> limits_by_unit()["mmol/L"]  # potassium 0.5-30, magnesium 0.1-10
    (0.1, 30.0)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from .. import Analyte, chemistry
from ._common import plausible_limits, spaces
from .lab_texts import unit_spellings

__all__ = ["CONTROL_CHARACTERS", "hostile", "hostile_kinds", "hostile_texts", "limits_by_unit"]

#: Characters no lab text may hold: ASCII control characters other than the tab (which
#: may stand between the parts), and the Unicode line breaks a log would split a line at.
CONTROL_CHARACTERS: tuple[str, ...] = (
    *(chr(code) for code in range(0x20) if chr(code) != "\t"),
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
)
#: How far (relative) a drawn implausible value stays from a limit: the library counts a
#: value within 1e-9 of a limit as on it.
_OUTSIDE = 1e-6
#: The largest number drawn: longer digits are refused as too long before being read.
_LARGEST = 10**10
#: The kinds of example api.md section 7 and the issue name: a potassium of 45 mmol/L (a
#: typo for 4.5), a B12 of "1.500 pg/mL" (a point for a thousands separator), an exact 0.
_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("", "45", "mmol/L"),
    (">", "45", "mmol/L"),
    ("", "1.500", "pg/mL"),
    ("", "0", "mmol/L"),
    ("", "0", "pg/mL"),
)


def _all_units() -> list[str]:
    return sorted({unit for analyte in Analyte for unit in chemistry(analyte).ucum_codes})


@functools.cache
def limits_by_unit() -> dict[str, tuple[float, float]]:
    """For each accepted unit, the lowest low and the highest high plausibility limit of
    the analytes that accept it: a value outside both is implausible for all of them."""
    found: dict[str, tuple[float, float]] = {}
    for analyte in Analyte:
        for unit in chemistry(analyte).ucum_codes:
            low, high = plausible_limits(analyte, unit)
            seen = found.get(unit, (low, high))
            found[unit] = (min(seen[0], low), max(seen[1], high))
    return found


def _implausible_everywhere(comparator: str, number: str, unit: str) -> bool:
    """Whether every value ``comparator number`` allows is outside the limits of every
    analyte that accepts ``unit`` (kept a relative :data:`_OUTSIDE` away from them)."""
    value = float(number.replace(",", "."))
    low, high = limits_by_unit()[unit]
    below, above = value < low * (1 - _OUTSIDE), value > high * (1 + _OUTSIDE)
    if comparator in ("<", "<="):
        return below
    if comparator in (">", ">="):
        return above
    return below or above


def _decimal_text(low: Decimal, high: Decimal, places: int) -> st.SearchStrategy[str]:
    return st.decimals(min_value=low, max_value=high, places=places).map(
        lambda number: format(number, "f")
    )


def _implausible(unit: str) -> st.SearchStrategy[str]:
    """Values in ``unit`` no analyte that accepts it can hold, censored or not."""
    low, high = limits_by_unit()[unit]
    blank = spaces()
    above = st.tuples(
        st.sampled_from(["", ">", ">="]),
        st.integers(min_value=0, max_value=2).flatmap(
            lambda places: _decimal_text(
                Decimal(repr(high * (1 + _OUTSIDE))), Decimal(_LARGEST), places
            )
        ),
    )
    below = st.tuples(
        st.sampled_from(["", "<", "<="]),
        st.integers(min_value=2, max_value=4).flatmap(
            lambda places: _decimal_text(
                Decimal(1).scaleb(-places), Decimal(repr(low * (1 - _OUTSIDE))), places
            )
        ),
    )
    zero = st.tuples(st.just(""), st.sampled_from(["0", "0.0", "00", "0,00"]))
    return st.tuples(st.one_of(above, below, zero), blank, blank).map(
        lambda parts: f"{parts[1]}{parts[0][0]}{parts[0][1]}{parts[2]}{unit}"
    )


def _number_text() -> st.SearchStrategy[str]:
    return st.from_regex(r"[1-9][0-9]{0,3}([.][0-9]{1,2})?", fullmatch=True)


@st.composite
def _control(draw: st.DrawFn, well_formed: st.SearchStrategy[str]) -> str:
    """A well-formed value text with control characters put anywhere in it."""
    text = draw(well_formed)
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(st.sampled_from(CONTROL_CHARACTERS)) + text[at:]
    return text


@st.composite
def _spaced_unit(draw: st.DrawFn, number: st.SearchStrategy[str]) -> str:
    """A number and an accepted unit spelling with blanks inside the spelling."""
    spellings = sorted(
        {s for analyte in Analyte for group in unit_spellings(analyte).values() for s in group}
    )
    spelling = draw(st.sampled_from([s for s in spellings if len(s) > 1]))
    cuts = draw(
        st.lists(
            st.integers(min_value=1, max_value=len(spelling) - 1),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    blank = st.sampled_from([" ", "  ", "\t", " \t"])
    for cut in sorted(cuts, reverse=True):
        spelling = spelling[:cut] + draw(blank) + spelling[cut:]
    comparator = draw(st.sampled_from(["", "<", ">="]))
    return f"{comparator}{draw(number)} {spelling}"


@functools.cache
def hostile_kinds() -> dict[str, st.SearchStrategy[str]]:
    """Refused text by the reason api.md (sections 2 and 7) gives for refusing it."""
    units = _all_units()
    unit = st.sampled_from(units)
    number = _number_text()

    def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.tuples(*parts).map("".join)

    def fixed(*texts: str) -> st.SearchStrategy[str]:
        return st.sampled_from(texts)

    space = fixed("", " ")
    examples = [f"{c}{n} {u}" for c, n, u in _EXAMPLES if _implausible_everywhere(c, n, u)]
    implausible = st.one_of(st.sampled_from(units).flatmap(_implausible), fixed(*examples))
    well_formed = joined(fixed("", "<", ">="), number, fixed(" "), unit)
    return {
        "empty": fixed("", " ", "   ", "\t", " \t ", "<", ">="),
        "control_character": st.one_of(
            _control(well_formed), fixed("245\npg/mL", "3.5 mmol/L\r\n")
        ),
        "non_ascii_digits": joined(
            fixed("\u0663.\u0665", "\uff13.\uff15", "\u0968\u096a\u096b", "3\u00b75", "\u2155"),
            fixed(" "),
            unit,
        ),
        "non_ascii_text": joined(number, fixed(" "), fixed("mmol/\u2113", "pg/m\u029f", "\u338e")),
        "sign": joined(fixed("-", "+", "\u2212", "--", "+-"), number, space, unit),
        "exponent": joined(
            number, fixed("e", "E", "e+", "e-", "E-"), fixed("1", "2", "03"), space, unit
        ),
        "grouping": joined(
            st.integers(min_value=1, max_value=999).map(str),
            fixed(","),
            st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}"),
            space,
            unit,
        ),
        "several_marks": joined(
            number, fixed(".", ","), fixed("5", "25"), fixed(".", ","), fixed("1"), space, unit
        ),
        "bare_decimal_mark": joined(fixed(".5", ",5", "5.", "5,"), fixed(" "), unit),
        "range": joined(number, fixed("-", " - ", "\u2013", "~", " to "), number, space, unit),
        "trailing_flag": joined(
            number,
            fixed(" "),
            unit,
            fixed(
                " H", " L", " HH", " LL", " *", " !", " (H)", " high", " low", " hemolyzed", " ^"
            ),
        ),
        "text_before_unit": joined(number, fixed(" about ", " serum ", " x "), unit),
        "expression": joined(
            fixed("10**10**10", "2**8", "2^8", "3*2", "(3)", "3/2", "1+1", "9**9**9**9"),
            fixed("", " "),
            fixed("", *units),
        ),
        "not_finite": joined(
            fixed("nan", "NaN", "inf", "Infinity", "-inf", "+inf", "INF"),
            fixed("", " "),
            fixed("", *units),
        ),
        "bad_comparator": joined(
            fixed("=", "==", "=<", "=>", "<<", "<>", "\u2264", "\u2265", "!="), number, space, unit
        ),
        "unit_missing": joined(fixed("", "<", ">=", "<= "), number, fixed("", " ", "  ", "\t")),
        "unit_unknown": joined(
            number,
            fixed(" "),
            fixed(
                "furlongs",
                "mg",
                "g/L",
                "mol/L",
                "umol/L",
                "mg/L",
                "IU/L",
                "%",
                "pg",
                "mmol",
                "L/mmol",
                "mmol/kg",
            ),
        ),
        "space_in_unit": st.one_of(_spaced_unit(number), fixed("245 pg / mL", "4.1 mmol /L")),
        "too_long": st.one_of(
            joined(
                number, fixed(" "), unit, st.integers(min_value=81, max_value=400).map(" ".__mul__)
            ),
            st.integers(min_value=81, max_value=2000).map("1".__mul__),
            st.text(min_size=81, max_size=400),
        ),
        "implausible": implausible,
    }


def hostile(kinds: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """:func:`hostile_texts` limited to some refusal kinds (keys of :func:`hostile_kinds`)."""
    table = hostile_kinds()
    return st.one_of([table[kind] for kind in (kinds or table)])


def hostile_texts() -> st.SearchStrategy[str]:
    """Text that :meth:`~b12labs.LabResult.parse` of every result class must refuse with a
    :class:`~b12labs.B12LabsError`.

    Covers every refusal api.md (sections 2 and 7) describes: empty text, control
    characters anywhere (a newline, a NUL, a line separator), non-ASCII digits and letters,
    signs, exponents, digit grouping (``"1,500"``), several decimal marks, bare decimal
    marks, ranges (``"3.5-5.1"``), trailing flags (``"245 pg/mL H"``), text between number
    and unit, expressions (``"10**10**10"``), NaN and infinity, odd comparators, missing and
    unknown units, spaces inside a unit (``"245 pg / mL"``), text over the length limit,
    and values no serum sample can hold (``"45 mmol/L"``, ``"1.500 pg/mL"``, an exact 0,
    ``">45 mmol/L"``), derived from the plausibility limits in the data.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import B12LabsError, PotassiumResult
        >>> def read_potassium(text):  # a downstream app's wrapper: None for bad text
        ...     try:
        ...         return PotassiumResult.parse(text)
        ...     except B12LabsError:
        ...         return None
        >>> @settings(max_examples=25, database=None)
        ... @given(hostile_texts())
        ... def check(text):
        ...     assert read_potassium(text) is None  # refused, and nothing else raised
        >>> check()
    """
    return hostile()
