"""Reading untrusted lab-value text: ``[comparator] number unit``, strictly.

The grammar, applied in this order so that hostile input is rejected cheaply:

1. the input must be a ``str`` of at most :data:`MAX_TEXT_LENGTH` characters;
2. both micro signs become ``u``; spaces and tabs at the ends are dropped; a control
   character (a newline ...) or anything else outside ASCII is refused;
3. an optional comparator ``<``, ``<=``, ``>``, ``>=``;
4. a number: ASCII digits with at most one decimal mark, ``.`` or ``,`` (``"3,5"`` is 3.5),
   digits on both sides of it; no sign, exponent or digit grouping, and a comma followed by
   exactly three digits (``"1,500"``) is refused as ambiguous;
5. a unit from the analyte's allow-list, matched case-insensitively (``"PG/ML"`` is
   ``pg/mL``) and without spaces inside it, and nothing after it.

The text never reaches pint, and no error message repeats it.

Example:
    >>> from b12labs import Analyte
    >>> parse_value_text("<150 pg/mL", Analyte.b12)
    ParsedValue(comparator='<', value=150.0, unit='pg/mL')
    >>> parse_value_text("3,5 MMOL/L", Analyte.potassium).value
    3.5
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ._untrusted import plain_text
from .analytes import _MICRO_PREFIX, UnitSpec, chemistry, normalise_unit_text
from .enums import Analyte
from .errors import InvalidResultError, UnitError

__all__ = ["MAX_TEXT_LENGTH", "Comparator", "ParsedValue", "parse_number_text", "parse_value_text"]

#: Longest accepted input, checked before anything else is done with it.
MAX_TEXT_LENGTH = 80

Comparator = Literal["<", "<=", ">=", ">"]

_VALUE = re.compile(
    r"(?P<cmp><=|>=|<|>)?[ \t]*(?P<num>[0-9]+(?:[.,][0-9]+)?)(?P<rest>.*)", re.DOTALL
)
_GROUPED = re.compile(r"[0-9]+,[0-9]{3}")
#: The common shape, "<150 pg/mL": read without the diagnosis the general path makes ready
#: (a test checks that both paths agree on every text of this shape).
_SIMPLE = re.compile(r"(<=|>=|<|>)?([0-9]{1,20}(?:\.[0-9]{1,20})?) ([A-Za-z/]{1,20})")
#: Control characters other than the tab the grammar allows between its parts.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NON_FINITE = re.compile(r"[+-]?(nan|inf|infinity)\b", re.IGNORECASE)


class ParsedValue(NamedTuple):
    """A parsed lab value: comparator (or ``None``), number, and UCUM unit code."""

    comparator: Comparator | None
    value: float
    unit: str


def _invalid(field: str, code: str, message: str) -> InvalidResultError:
    return InvalidResultError(f"{field}.value", code, message)


def _diagnose_number(text: str, field: str) -> InvalidResultError:
    """Why ``text`` (comparator removed) does not start with an accepted number."""
    if not text:
        return _invalid(field, "number_missing", "no number after the comparator")
    if _NON_FINITE.match(text):
        return _invalid(field, "not_finite", "value must be a finite number")
    if text[0] == "-":
        return _invalid(field, "negative", "value must not be negative")
    if text[0] == "+":
        return _invalid(field, "signed", "a sign is not accepted before the number")
    if text[0] in ".,":
        return _invalid(field, "bare_decimal_mark", "a decimal mark needs digits on both sides")
    if text[0] in "<>=":
        return _invalid(field, "bad_comparator", "comparator must be one of <, <=, >, >=")
    return _invalid(field, "not_a_number", "value is not a number")


def _diagnose_rest(rest: str, field: str) -> InvalidResultError | None:
    """Why what follows the number cannot be a unit, or ``None`` if it might be one."""
    head = rest.lstrip(" \t")
    if not head:
        return None
    if head[0] in ".,":
        if len(head) > 1 and head[1].isdigit():
            return _invalid(field, "several_decimal_marks", "a number has at most one decimal mark")
        return _invalid(field, "bare_decimal_mark", "a decimal mark needs digits on both sides")
    if head[0] in "eE" and len(head) > 1 and (head[1].isdigit() or head[1] in "+-"):
        return _invalid(field, "exponent", "exponents are not accepted")
    if head[0] in "-\u2013~" or head.lower().startswith("to "):
        return _invalid(field, "range", "a range is not a single value")
    operator = head[0] in "*^+()x" or (head[0] == "/" and head[1:2].isdigit())
    if operator:
        return _invalid(field, "expression", "arithmetic is not accepted, only a number")
    return None


def parse_number_text(text: str, *, field: str) -> float:
    """A bare number written as text (``"3,5"``), under the same rules as a full value.

    Raises:
        InvalidResultError: the text is not exactly one accepted number.
    """
    parsed = _match(text, field)
    if parsed[0] is not None:
        raise _invalid(field, "unexpected_comparator", "a comparator is not accepted here")
    if parsed[2].strip(" \t"):
        raise _diagnose_rest(parsed[2], field) or _invalid(
            field, "trailing_text", "text after the number is not accepted"
        )
    return parsed[1]


def _match(text: object, field: str) -> tuple[Comparator | None, float, str]:
    copied = plain_text(text)  # a caller's str subclass: none of its methods is called
    if copied is None:
        raise InvalidResultError(field, "not_text", "expected text such as '150 pg/mL'")
    text = copied
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidResultError(
            field, "too_long", f"text is longer than {MAX_TEXT_LENGTH} characters"
        )
    text = _MICRO_PREFIX.sub("u", text).strip(" \t")
    if _CONTROL.search(text):
        raise InvalidResultError(
            field, "control_character", "control characters (newlines, ...) are not accepted"
        )
    if not text.isascii():
        raise InvalidResultError(
            field,
            "not_ascii",
            "only ASCII digits, a decimal mark, a comparator and a unit are accepted",
        )
    if not text:
        raise InvalidResultError(field, "empty", "no value given")
    match = _VALUE.fullmatch(text)
    if match is None:
        comparator = re.match(r"(<=|>=|<|>)?[ \t]*", text)
        raise _diagnose_number(text[comparator.end() if comparator else 0 :], field)
    number = match["num"]
    if _GROUPED.fullmatch(number):
        raise _invalid(field, "ambiguous_grouping", "a comma followed by three digits is ambiguous")
    value = float(number.replace(",", "."))
    comparator_text: Comparator | None = match["cmp"]  # type: ignore[assignment]
    if comparator_text in ("<", "<=") and value == 0:
        raise _invalid(field, "empty_interval", "a value below zero cannot be reported")
    return comparator_text, value, match["rest"]


#: Each analyte's accepted spellings (:attr:`Chemistry.spelling_index`, fixed data), kept here
#: so the common shape costs one look-up.
_SPELLINGS: dict[Analyte, dict[str, UnitSpec]] = {}


def simple_value_text(
    text: object, analyte: Analyte
) -> tuple[Comparator | None, float, str] | None:
    """What :func:`parse_value_text` gives for the common shape (``"180 pg/mL"``,
    ``"<150 pmol/L"``: digits, one space, a unit's spelling), as a plain tuple; ``None``
    for any other text or object, which :func:`parse_value_text` then reads in full."""
    simple = _SIMPLE.fullmatch(text) if type(text) is str else None
    if simple is None:
        return None
    spellings = _SPELLINGS.get(analyte)
    if spellings is None:
        spellings = _SPELLINGS[analyte] = chemistry(analyte).spelling_index
    spec = spellings.get(simple[3].lower())
    value = float(simple[2])
    if spec is None or (value == 0 and simple[1] in ("<", "<=")):
        return None
    return simple[1], value, spec.ucum  # type: ignore[return-value]  # the pattern's comparators


def parse_value_text(text: object, analyte: Analyte, *, field: str | None = None) -> ParsedValue:
    """Parse untrusted text into a comparator, a number and a UCUM unit code.

    Args:
        text: the caller's text, e.g. ``"<150 pg/mL"`` or ``"1.6 mg/dl"``.
        analyte: which analyte's unit allow-list applies.
        field: the name errors report (defaults to the analyte's value, e.g. ``"b12"``).

    Raises:
        InvalidResultError: the text is not a single finite, non-negative number.
        UnitError: the unit is missing or not accepted for the analyte.
    """
    simple = simple_value_text(text, analyte)
    if simple is not None:
        return ParsedValue(*simple)
    name = field or analyte.value
    comparator, value, rest = _match(text, name)
    problem = _diagnose_rest(rest, name)
    if problem is not None:
        raise problem
    unit_text = rest.strip(" \t")
    if not unit_text:
        raise UnitError(f"{name}.unit", "unit_missing", "a unit is required")
    chem = chemistry(analyte)
    spec = chem.spelling_index.get(normalise_unit_text(unit_text))
    if spec is not None:
        return ParsedValue(comparator, value, spec.ucum)
    tokens = unit_text.split()
    for cut in range(1, len(tokens)):
        if normalise_unit_text("".join(tokens[:cut])) in chem.spelling_index:
            raise InvalidResultError(
                name, "trailing_text", "text after the unit is not accepted (flags, comments)"
            )
        if normalise_unit_text("".join(tokens[cut:])) in chem.spelling_index:
            raise InvalidResultError(
                name, "text_before_unit", "text between the number and the unit is not accepted"
            )
    raise chem.unit_error(f"{name}.unit")
