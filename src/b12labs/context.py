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

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer, ValidationError, model_validator

from ._models import FrozenModel, first_problem, location, pydantic_message
from ._trusted import trusted
from ._untrusted import read_mapping
from ._words import closest, normalise_name
from .context_fields import MAX_AGE_YEARS, MAX_NAME, MAX_NAMES, field_validator_of
from .enums import Diet
from .errors import B12LabsError, InvalidContextError

__all__ = ["MAX_AGE_YEARS", "MAX_NAMES", "Context", "coerce_context", "field_validator_of"]

_SORTED = PlainSerializer(sorted, return_type=list[str])
_TRIMESTER = BeforeValidator(field_validator_of("pregnancy_trimester"))
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

    diet: Annotated[Diet | None, BeforeValidator(field_validator_of("diet"))] = None
    b12_injections: Annotated[
        bool | None, BeforeValidator(field_validator_of("b12_injections"))
    ] = None
    b12_injections_started_recently: Annotated[
        bool | None, BeforeValidator(field_validator_of("b12_injections_started_recently"))
    ] = None
    b12_oral_supplements: Annotated[
        bool | None, BeforeValidator(field_validator_of("b12_oral_supplements"))
    ] = None
    recent_heavy_exercise: Annotated[
        bool | None, BeforeValidator(field_validator_of("recent_heavy_exercise"))
    ] = None
    medications: Annotated[NameSet, BeforeValidator(field_validator_of("medications")), _SORTED] = (
        frozenset()
    )
    conditions: Annotated[NameSet, BeforeValidator(field_validator_of("conditions")), _SORTED] = (
        frozenset()
    )
    age_years: Annotated[float | None, BeforeValidator(field_validator_of("age_years"))] = None
    pregnant: Annotated[bool | None, BeforeValidator(field_validator_of("pregnant"))] = None
    pregnancy_trimester: Annotated[
        Literal[1, 2, 3] | None, BeforeValidator(field_validator_of("pregnancy_trimester"))
    ] = None
    red_flags: Annotated[NameSet, BeforeValidator(field_validator_of("red_flags")), _SORTED] = (
        frozenset()
    )
    cramps_persistent_or_severe: Annotated[
        bool | None, BeforeValidator(field_validator_of("cramps_persistent_or_severe"))
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
            if field_validator_of("pregnant")(data.get("pregnant")) is False:
                message = "a trimester is given but pregnant is false"
                raise InvalidContextError("pregnancy_trimester", "conflict", message)
            data = {**data, "pregnant": True}
        started = field_validator_of("b12_injections_started_recently")(
            data.get("b12_injections_started_recently")
        )
        if started:
            if field_validator_of("b12_injections")(data.get("b12_injections")) is False:
                message = "injections are said to have started recently but b12_injections is false"
                raise InvalidContextError("b12_injections_started_recently", "conflict", message)
            data = {**data, "b12_injections": True}
        return data


_FIELDS = tuple(Context.model_fields)
_FIELD_SET = frozenset(_FIELDS)


def coerce_context(value: object) -> Context:
    """A :class:`Context` from ``None``, a ``Context``, or a mapping of its field names.

    Raises:
        InvalidContextError: an unknown key (the message suggests the closest and lists all),
            or a value that is not accepted for its key.
    """
    if value is None:
        return Context()
    if (
        type(value) is dict
        and len(value) <= len(_FIELDS)
        and all(type(key) is str for key in value)  # so no caller's hash runs below
        and value.keys() <= _FIELD_SET
    ):
        # the common case: a built-in dict of known names, read as _read_mapping reads one,
        # without first asking whether it is a Context or a Mapping
        data: dict[str, object] = dict(value)
        quick = _trusted_context(data)
        return quick if quick is not None else _validated(data)
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
    quick = _trusted_context(data)
    return quick if quick is not None else _validated(data)


def _validated(data: dict[str, object]) -> Context:
    """The context pydantic validates from ``data``, or the first problem as a library error."""
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
        if isinstance(key, str) and len(key) <= MAX_NAME
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


_DEFAULTS: dict[str, object] = {name: field.default for name, field in Context.model_fields.items()}
#: Value types a validator reads without running any of the caller's code.
_REREADABLE = frozenset({type(None), bool, int, float, str, Diet, list, tuple, set, frozenset})


def _trusted_context(data: dict[str, object]) -> Context | None:
    """The :class:`Context` validation would build from ``data``, without pydantic's
    machinery; None when any value needs it (the validated path then gives the exact error).

    Each value goes through its field's own validator (the same functions the model
    annotates its fields with) and the implied answers are those of ``_implied_answers``.
    """
    for raw in data.values():  # read twice if it falls back: only values that allow it
        if type(raw) not in _REREADABLE or (
            type(raw) in (list, tuple, set, frozenset) and not all(type(x) is str for x in raw)  # type: ignore[attr-defined]
        ):
            return None
    try:
        trimester = data.get("pregnancy_trimester")
        started = data.get("b12_injections_started_recently")
        given = dict(data)
        if trimester is not None:
            if field_validator_of("pregnant")(data.get("pregnant")) is False:
                return None
            given["pregnant"] = True
        if started is not None and field_validator_of("b12_injections_started_recently")(started):
            if field_validator_of("b12_injections")(data.get("b12_injections")) is False:
                return None
            given["b12_injections"] = True
        fields = dict(_DEFAULTS)
        for name, raw in given.items():
            fields[name] = field_validator_of(name)(raw)
    except B12LabsError:
        return None
    if type(fields["age_years"]) is not float and fields["age_years"] is not None:
        return None
    return trusted(Context, fields, given.keys())
