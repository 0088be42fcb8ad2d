"""A person's context: diet, B12 treatment, exercise, medicines, conditions, age, pregnancy.

Every field is optional and ``None`` means "not known", which is different from ``False``.
Names are matched case-insensitively with common synonyms (``"PPI"`` and ``"omeprazole"``
are ``proton_pump_inhibitor``); an unknown key or value is an
:class:`~b12labs.InvalidContextError` that lists what is accepted and suggests the closest.
Sets serialise sorted, so a report's JSON is stable.

Example:
    >>> from b12labs.context import coerce_context
    >>> ctx = coerce_context({"diet": "Vegan", "medications": ["omeprazole", "metformin"]})
    >>> ctx.diet, sorted(ctx.medications)
    (<Diet.vegan: 'vegan'>, ['metformin', 'proton_pump_inhibitor'])
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer, ValidationError, model_validator

from ._models import FrozenModel, first_problem, location, pydantic_message
from ._untrusted import is_numpy_bool, plain, read_items, read_mapping
from ._words import closest, normalise_name
from .enums import Diet
from .errors import B12LabsError, InvalidContextError
from .parsing import parse_number_text
from .vocabulary import CONDITIONS, MEDICATIONS, RED_FLAGS

__all__ = ["MAX_AGE_YEARS", "MAX_NAMES", "Context", "coerce_context", "field_validator_of"]

#: Oldest age accepted; anything above is taken as a data-entry error, not a person.
MAX_AGE_YEARS = 130.0
#: Most names a medication, condition or red-flag list may hold.
MAX_NAMES = 64
_MAX_ITEMS = MAX_NAMES
_MAX_NAME = 64


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
            if len(value) > _MAX_ITEMS * (_MAX_NAME + 1):  # checked before it is split
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
            if len(item) > _MAX_NAME:
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


def _diet(value: object) -> Diet | None:
    if value is None or isinstance(value, Diet):
        return value
    value = plain(value)
    accepted = tuple(d.value for d in Diet)
    if isinstance(value, str) and len(value) <= _MAX_NAME:
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
    if not 0 <= number <= MAX_AGE_YEARS:  # also false for NaN and infinity
        raise InvalidContextError(
            "age_years", "out_of_range", f"age must be between 0 and {MAX_AGE_YEARS:g} years"
        )
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


_SORTED = PlainSerializer(sorted, return_type=list[str])
NameSet = frozenset[str]


class Context(FrozenModel):
    """What is known about the person besides labs and symptoms.

    Attributes:
        diet: ``omnivore``, ``vegetarian`` or ``vegan``.
        b12_injections: whether they receive B12 injections.
        b12_injections_started_recently: whether the injections started in the last few
            days (the label asks for potassium to be watched for the first 48 hours);
            implies ``b12_injections``.
        b12_oral_supplements: whether they take oral B12.
        recent_heavy_exercise: heavy exercise or heavy sweating in the last days.
        medications: names from :data:`MEDICATIONS` (synonyms and brand-free drug names accepted).
        conditions: names from :data:`CONDITIONS`.
        age_years: age in years (0 to 130).
        pregnant: whether pregnant.
        pregnancy_trimester: 1, 2 or 3; implies ``pregnant``.
        red_flags: warning signs from :data:`RED_FLAGS`.
        cramps_persistent_or_severe: whether cramps are persistent or severe.
    """

    diet: Annotated[Diet | None, BeforeValidator(_diet)] = None
    b12_injections: Annotated[bool | None, BeforeValidator(_yes_no("b12_injections"))] = None
    b12_injections_started_recently: Annotated[
        bool | None, BeforeValidator(_yes_no("b12_injections_started_recently"))
    ] = None
    b12_oral_supplements: Annotated[
        bool | None, BeforeValidator(_yes_no("b12_oral_supplements"))
    ] = None
    recent_heavy_exercise: Annotated[
        bool | None, BeforeValidator(_yes_no("recent_heavy_exercise"))
    ] = None
    medications: Annotated[NameSet, BeforeValidator(_name_set("medications")), _SORTED] = (
        frozenset()
    )
    conditions: Annotated[NameSet, BeforeValidator(_name_set("conditions")), _SORTED] = frozenset()
    age_years: Annotated[float | None, BeforeValidator(_age)] = None
    pregnant: Annotated[bool | None, BeforeValidator(_yes_no("pregnant"))] = None
    pregnancy_trimester: Annotated[Literal[1, 2, 3] | None, BeforeValidator(_trimester)] = None
    red_flags: Annotated[NameSet, BeforeValidator(_name_set("red_flags")), _SORTED] = frozenset()
    cramps_persistent_or_severe: Annotated[
        bool | None, BeforeValidator(_yes_no("cramps_persistent_or_severe"))
    ] = None

    @model_validator(mode="before")
    @classmethod
    def _implied_answers(cls, data: Any) -> Any:
        # a trimester means pregnant; a recent start of injections means injections
        if not isinstance(data, Mapping):
            return data
        if not isinstance(data, dict):  # a caller's own mapping, whose methods may raise
            data = _read_mapping(data)
        if data.get("pregnancy_trimester") is not None:
            if _yes_no("pregnant")(data.get("pregnant")) is False:
                message = "a trimester is given but pregnant is false"
                raise InvalidContextError("pregnancy_trimester", "conflict", message)
            data = {**data, "pregnant": True}
        started = _yes_no("b12_injections_started_recently")(
            data.get("b12_injections_started_recently")
        )
        if started:
            if _yes_no("b12_injections")(data.get("b12_injections")) is False:
                message = "injections are said to have started recently but b12_injections is false"
                raise InvalidContextError("b12_injections_started_recently", "conflict", message)
            data = {**data, "b12_injections": True}
        return data


_FIELDS = tuple(Context.model_fields)
_YES_NO_FIELDS = (
    "b12_injections",
    "b12_injections_started_recently",
    "b12_oral_supplements",
    "recent_heavy_exercise",
    "pregnant",
    "cramps_persistent_or_severe",
)
_VALIDATORS: dict[str, Callable[[object], Any]] = {
    "diet": _diet,
    **{name: _yes_no(name) for name in _YES_NO_FIELDS},
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


def coerce_context(value: object) -> Context:
    """A :class:`Context` from ``None``, a ``Context``, or a mapping of its field names.

    Raises:
        InvalidContextError: an unknown key (the message suggests the closest and lists all),
            or a value that is not accepted for its key.
    """
    if value is None:
        return Context()
    if isinstance(value, Context):
        # checked again: one built with model_construct skipped validation
        try:
            value = {name: value.__dict__[name] for name in _FIELDS if name in value.__dict__}
        except Exception:  # noqa: BLE001 - a context whose state cannot be read is bad input
            raise InvalidContextError(
                "context", "bad_mapping", "the context could not be read"
            ) from None
    if not isinstance(value, Mapping):
        raise InvalidContextError(
            "context", "not_a_mapping", "expected a Context or a mapping of its fields"
        )
    data = _read_mapping(value)
    try:
        return Context.model_validate(data)
    except ValidationError as exc:
        first, original = first_problem(exc)
        if isinstance(original, InvalidContextError):
            raise original from None
        where = location(tuple(first["loc"]), error_type=first["type"], empty="context")
        raise InvalidContextError(where, "invalid", pydantic_message(first)) from None


def _read_mapping(value: Mapping[Any, Any]) -> dict[str, object]:
    """The caller's mapping as a plain ``dict`` of known field names.

    Whatever the mapping raises while it is read becomes an
    :class:`~b12labs.InvalidContextError`; an unknown key is reported without repeating it.
    """
    data = read_mapping(
        value,
        limit=len(_FIELDS),
        refusal=lambda: InvalidContextError(
            "context", "bad_mapping", "the context mapping could not be read"
        ),
        bad_key=_unknown_key,
    )
    for name in data:
        if name not in _FIELDS:
            raise _unknown_key(name)
    return data


def _unknown_key(key: object) -> InvalidContextError:
    normal = (
        normalise_name(key).replace(" ", "_")
        if isinstance(key, str) and len(key) <= _MAX_NAME
        else ""
    )
    suggestion = closest(normal, _FIELDS) if normal else None
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return InvalidContextError(
        "context",
        "unknown_key",
        f"not a context field{hint} (accepted: {', '.join(_FIELDS)})",
        suggestion=suggestion,
        accepted=_FIELDS,
    )
