"""What each context field accepts: one validator per field, used by the model and by tables.

:class:`~b12labs.Context` annotates its fields with these functions, and
:mod:`b12labs.batch` runs the same functions once per distinct cell of a context column, so
a column accepts exactly what ``interpret(context=...)`` accepts. Each refuses with an
:class:`~b12labs.InvalidContextError` that names the field and never repeats the value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._untrusted import is_numpy_bool, plain, read_items
from ._words import closest, normalise_name
from .enums import Diet
from .errors import B12LabsError, InvalidContextError
from .parsing import parse_number_text
from .vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS

__all__ = ["MAX_AGE_YEARS", "MAX_NAME", "MAX_NAMES", "YES_NO_FIELDS", "field_validator_of"]

#: Oldest age accepted; anything above is taken as a data-entry error, not a person.
MAX_AGE_YEARS = 130.0
#: Most names a medication, condition or red-flag list may hold.
MAX_NAMES = 64
_MAX_ITEMS = MAX_NAMES
#: Longest name (a medication, condition, red flag or diet) read.
MAX_NAME = 64


def _name_index(vocabulary: Mapping[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    return {
        normalise_name(word): name
        for name, (_, synonyms) in vocabulary.items()
        for word in (name, *synonyms)
    }


_INDEXES = {
    "medications": _name_index(MEDICATIONS),
    "conditions": _name_index(CONDITIONS),
    "red_flags": _name_index(RED_FLAGS),
}
_VOCABULARIES = {"medications": MEDICATIONS, "conditions": CONDITIONS, "red_flags": RED_FLAGS}


def _name_set(field: str) -> Any:
    """A validator turning a name, a comma-separated string or an iterable into a name set."""

    def validate(value: object) -> frozenset[str]:
        if value is None:
            return frozenset()
        value = plain(value)
        items: Iterable[object]
        if isinstance(value, str):
            if len(value) > _MAX_ITEMS * (MAX_NAME + 1):  # checked before it is split
                raise InvalidContextError(field, "too_long", "the list of names is too long")
            items = [part for part in value.split(",") if part.strip()]
        elif isinstance(value, Iterable) and not isinstance(value, bytes | bytearray | Mapping):
            items = value
        else:
            raise InvalidContextError(field, "not_a_set", "expected a name or a list of names")
        index = _INDEXES[field]
        accepted = tuple(_VOCABULARIES[field])
        found: set[str] = set()
        # a 0-d array, a scalar Quantity, or a caller's iterable that raises while iterating
        listed = read_items(
            items,
            limit=_MAX_ITEMS,
            refusal=lambda: InvalidContextError(
                field, "not_a_set", "expected a name or a list of names"
            ),
        )
        if len(listed) > _MAX_ITEMS:
            raise InvalidContextError(field, "too_many", f"at most {_MAX_ITEMS} names are accepted")
        for position, raw in enumerate(listed):
            item = plain(raw)
            where = f"{field}[{position}]"
            if not isinstance(item, str):
                raise InvalidContextError(where, "not_text", "expected a name", accepted=accepted)
            if len(item) > MAX_NAME:
                raise InvalidContextError(
                    where, "too_long", "the name is too long", accepted=accepted
                )
            key = normalise_name(item)
            name = index.get(key)
            if name is None:
                close = closest(key, index)
                suggestion = index[close] if close else None
                hint = f"; did you mean '{suggestion}'?" if suggestion else ""
                message = f"not an accepted name{hint} (accepted: {', '.join(accepted)})"
                raise InvalidContextError(
                    where, "unknown_value", message, suggestion=suggestion, accepted=accepted
                )
            found.add(name)
        return frozenset(found)

    return validate


def _yes_no(field: str) -> Any:
    words = {
        "true": True,
        "yes": True,
        "y": True,
        "1": True,
        "false": False,
        "no": False,
        "n": False,
        "0": False,
    }

    def validate(value: object) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        if is_numpy_bool(value):  # from data frames
            return bool(value)
        value = plain(value)
        if isinstance(value, str) and len(value) <= 8 and value.strip().lower() in words:
            return words[value.strip().lower()]
        raise InvalidContextError(field, "not_yes_no", "expected true or false (or yes / no)")

    return validate


_DIETS = {d.value: d for d in Diet}
_DIET_NAMES = tuple(_DIETS)


def _diet(value: object) -> Diet | None:
    if value is None or isinstance(value, Diet):
        return value
    if type(value) is str and value in _DIETS:  # the common case: a name as written
        return _DIETS[value]
    value = plain(value)
    accepted = _DIET_NAMES
    if isinstance(value, str) and len(value) <= MAX_NAME:
        key = normalise_name(value)
        synonyms = {"omnivorous": "omnivore", "mixed": "omnivore", "plant based": "vegan"}
        key = synonyms.get(key, key)
        if key in accepted:
            return Diet(key)
        suggestion = closest(key, accepted)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        message = f"not an accepted diet{hint} (accepted: {', '.join(accepted)})"
        raise InvalidContextError(
            "diet", "unknown_value", message, suggestion=suggestion, accepted=accepted
        )
    if isinstance(value, str):
        raise InvalidContextError(
            "diet", "too_long", "the diet name is too long", accepted=accepted
        )
    raise InvalidContextError("diet", "not_text", "expected a diet name", accepted=accepted)


def _not_an_age() -> InvalidContextError:
    return InvalidContextError("age_years", "not_a_number", "age must be a number of years")


def _age(value: object) -> float | None:
    if value is None:
        return None
    if type(value) is float or (type(value) is int and -_BIG_INT < value < _BIG_INT):
        number = float(value)  # the common case: a built-in number (exact, no overflow)
    else:
        number = _age_number(value)
    if not 0 <= number <= MAX_AGE_YEARS:  # also false for NaN and infinity
        raise InvalidContextError(
            "age_years", "out_of_range", f"age must be between 0 and {MAX_AGE_YEARS:g} years"
        )
    return number


#: Built-in ints this small convert to a float without overflowing.
_BIG_INT = 2**1000


def _age_number(value: object) -> float:
    """An age given as text, a NumPy number or another Real, as a float (not yet checked)."""
    value = plain(value)
    if isinstance(value, str):
        try:
            number = parse_number_text(value, field="age_years")
        except B12LabsError:
            raise _not_an_age() from None
    elif isinstance(value, bool) or is_numpy_bool(value) or not isinstance(value, numbers.Real):
        raise _not_an_age()  # booleans (Python's and NumPy's), complex numbers, arrays, ...
    else:
        try:
            number = float(value)
        except (OverflowError, ValueError):  # an int too large for a float
            number = math.inf
        except Exception:  # noqa: BLE001 - a caller's Real whose __float__ raises is bad input
            raise _not_an_age() from None
    return number


def _trimester(value: object) -> int | None:
    if value is None:
        return None
    value = plain(value)
    if isinstance(value, str) and value.strip() in {"1", "2", "3"}:
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        number = int.__int__(value)  # the built-in value: a subclass's own methods never run
        if number in (1, 2, 3):
            return number
    raise InvalidContextError(
        "pregnancy_trimester", "not_a_trimester", "trimester must be 1, 2 or 3"
    )


YES_NO_FIELDS = (
    "b12_injections",
    "b12_injections_started_recently",
    "b12_oral_supplements",
    "recent_heavy_exercise",
    "pregnant",
    "cramps_persistent_or_severe",
)
_VALIDATORS: dict[str, Callable[[object], Any]] = {
    "diet": _diet,
    **{name: _yes_no(name) for name in YES_NO_FIELDS},
    **{name: _name_set(name) for name in ("medications", "conditions", "red_flags")},
    "age_years": _age,
    "pregnancy_trimester": _trimester,
}


def field_validator_of(field: str) -> Callable[[object], Any]:
    """What :class:`Context` makes of one field's value, alone (no implied answers).

    :mod:`b12labs.batch` runs it once per distinct cell of a context column.

    Raises:
        KeyError: not a context field.

    Example:
        >>> sorted(field_validator_of("medications")("PPI, metformin"))
        ['metformin', 'proton_pump_inhibitor']
    """
    return _VALIDATORS[field]
