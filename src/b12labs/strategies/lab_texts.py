"""``result_texts()``: lab text in every spelling ``.parse()`` accepts, with its result.

The grammar followed (api.md section 2 and :mod:`b12labs.parsing`): an optional comparator,
a number of ASCII digits with at most one decimal mark, and a unit. Spaces and tabs may
stand at the ends and between comparator, number and unit, never inside the unit; no
control character appears anywhere.

Example:
    >>> from b12labs import Analyte
    >>> "pg/millilitre" in unit_spellings(Analyte.b12)["pg/mL"]
    True
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from hypothesis import strategies as st

from .. import Analyte, LabResult, chemistry
from ._common import (
    CLASSES,
    COMPARATORS,
    AnalyteArg,
    Comparator,
    analytes,
    plausible_interval,
    spaces,
)

__all__ = ["micro_signs", "result_texts", "unit_spellings"]

#: What the parser reads as the micro prefix, where a unit (or a part of it) starts.
_MICRO_SIGNS = ("\u00b5", "\u03bc")
#: A spelling drawn as written: printable ASCII without blanks (the parser refuses a space
#: inside a unit, and a control character anywhere).
_DRAWABLE = re.compile(r"[!-~]+")


@functools.cache
def unit_spellings(analyte: Analyte) -> dict[str, tuple[str, ...]]:
    """Each accepted unit's UCUM code and the spellings of it the data lists that the
    parser reads as written (printable ASCII, no space inside)."""
    found: dict[str, tuple[str, ...]] = {}
    for spec in chemistry(analyte).units:
        written = [s for s in (spec.ucum, *spec.spellings) if _DRAWABLE.fullmatch(s)]
        if written:
            found[spec.ucum] = tuple(dict.fromkeys(written))
    return found


def _any_case(draw: st.DrawFn, text: str) -> str:
    upper = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(text, upper, strict=True))


def micro_signs(draw: st.DrawFn, text: str) -> str:
    """A micro prefix ``u`` written as either micro sign (U+00B5, U+03BC), or left as is."""
    out = []
    for index, char in enumerate(text):
        prefix = char in "uU" and (index == 0 or not text[index - 1].isalpha())
        out.append(draw(st.sampled_from([char, *_MICRO_SIGNS])) if prefix else char)
    return "".join(out)


@st.composite
def _result_text(draw: st.DrawFn, chosen: tuple[Analyte, ...]) -> tuple[str, LabResult]:
    analyte = draw(st.sampled_from(chosen))
    spellings = unit_spellings(analyte)
    ucum = draw(st.sampled_from(sorted(spellings)))
    spelling = micro_signs(draw, _any_case(draw, draw(st.sampled_from(spellings[ucum]))))
    comparator: Comparator | None = draw(st.sampled_from([None, *COMPARATORS]))
    low, high = plausible_interval(analyte, ucum, comparator)
    places = draw(st.integers(min_value=0, max_value=4))
    number = draw(
        st.decimals(min_value=Decimal(repr(low)), max_value=Decimal(repr(high)), places=places)
    )
    digits = format(number, "f")
    value = float(digits)
    whole, _, fraction = digits.partition(".")
    whole = "0" * draw(st.integers(min_value=0, max_value=2)) + whole  # leading zeros
    # a comma before exactly three digits ("1,500") is refused as ambiguous: never drawn
    mark = draw(st.sampled_from([".", ","])) if fraction and len(fraction) != 3 else "."
    blank = spaces()
    text = "".join(
        [
            draw(blank),
            comparator or "",
            draw(blank) if comparator else "",
            f"{whole}{mark}{fraction}" if fraction else whole,
            draw(blank),
            spelling,
            draw(blank),
        ]
    )
    result = CLASSES[analyte].model_validate(
        {"value": value, "unit": ucum, "comparator": comparator}
    )
    return text, result


def result_texts(analyte: AnalyteArg = None) -> st.SearchStrategy[tuple[str, LabResult]]:
    """``(text, result)`` pairs: a text ``.parse()`` accepts, and the result it must give.

    Texts use every accepted unit spelling in any letter case (a micro prefix as either
    micro sign), ``.`` or ``,`` as the decimal mark (never a comma before exactly three
    digits, which is ambiguous), leading zeros, comparators, and spaces or tabs where the
    grammar allows them: at the ends and between comparator, number and unit, never inside
    the unit. No text holds a control character. Values are plausible, as for
    :func:`~b12labs.strategies.results`.

    Raises:
        UnknownAnalyteError: ``analyte`` is not an analyte.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import MagnesiumResult
        >>> @settings(max_examples=25, database=None)
        ... @given(result_texts("magnesium"))
        ... def check(pair):
        ...     text, expected = pair
        ...     assert MagnesiumResult.parse(text) == expected
        >>> check()
    """
    return _result_text(analytes(analyte))
