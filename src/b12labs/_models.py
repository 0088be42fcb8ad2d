"""What every b12labs model shares: the frozen base, and pydantic errors without caller text.

:class:`FrozenModel` is the base of the library's models. The helpers turn a pydantic
``ValidationError`` into a location and a message that never carry the caller's input (it
may be a patient's data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import ErrorDetails

from .errors import B12LabsError, ReferenceDataError

__all__ = [
    "FrozenModel",
    "first_problem",
    "location",
    "original_error",
    "pydantic_message",
    "safe_name",
    "validate_file",
]


class FrozenModel(BaseModel):
    """The base of every b12labs model: frozen, no unknown fields, and a
    ``ValidationError`` whose text never repeats the input (it may be a patient's data).

    An unknown key is refused before pydantic sees it, so the error names no key: pydantic's
    own ``extra_forbidden`` error would print the key, which may be anything a caller typed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_keys(cls, data: object) -> object:
        if isinstance(data, dict) and not data.keys() <= cls.model_fields.keys():
            raise B12LabsError(UNKNOWN_KEY, "unexpected_field", "unexpected field")
        return data


#: How an unknown key is shown in an error's field: never by its text.
UNKNOWN_KEY = "(unknown key)"


M = TypeVar("M", bound=BaseModel)


#: A location part or file name shown as written: short, and only these characters.
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")
#: pydantic error types whose message carries text that is not ours: the caller's own
#: exception (``value_error``, ``assertion_error``, ``get_attribute_error``) or the input
#: itself (``union_tag_invalid`` names the tag that was given).
_FOREIGN_MESSAGES = frozenset(
    {"value_error", "assertion_error", "get_attribute_error", "union_tag_invalid"}
)


def safe_name(part: object, *, fallback: str = "?") -> str:
    """``part`` if it is a short identifier-like string (``[A-Za-z0-9_.-]``, at most 40
    characters), else ``fallback``: text that may be shown in an error's field."""
    if type(part) is str and _SAFE_NAME.fullmatch(part):
        return part
    return fallback


def location(
    loc: tuple[int | str, ...], *, error_type: str | None = None, empty: str = "(file)"
) -> str:
    """A pydantic error location as a dotted path: ``populations[0].bands[2].low``.

    Only short identifier-like keys are shown as written; any other key (it may be the
    caller's text) is ``?``, and the key of an ``extra_forbidden`` error is
    ``(unknown key)``. An empty location (the whole document) is ``empty``.
    """
    out = ""
    unknown = len(loc) - 1 if error_type == "extra_forbidden" else -1
    for index, part in enumerate(loc):
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
            continue
        name = "(unknown key)" if index == unknown else safe_name(part)
        out += f".{name}" if out else name
    return out or empty


def original_error(error: ErrorDetails) -> B12LabsError | None:
    """The library error a validator raised, which pydantic keeps in ``ctx["error"]``."""
    context = error.get("ctx")
    found = context.get("error") if isinstance(context, Mapping) else None
    return found if isinstance(found, B12LabsError) else None


def pydantic_message(error: ErrorDetails) -> str:
    """A message for one pydantic error that carries no caller text.

    A validator's own :class:`~b12labs.B12LabsError` gives its fixed ``message``; any other
    exception a validator raised gives ``"invalid value"`` (its text may be anything); an
    unknown key gives ``"unexpected field"``; pydantic's own templates are kept.
    """
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unexpected field"
    if kind in _FOREIGN_MESSAGES:
        original = original_error(error)
        return original.message if original is not None else "invalid value"
    return str(error["msg"])


def first_problem(exc: ValidationError) -> tuple[ErrorDetails, B12LabsError | None]:
    """A validation error's first problem, without the input, and the library error a
    validator raised for it (``None`` when pydantic itself refused the value)."""
    first = exc.errors(include_input=False, include_url=False)[0]
    return first, original_error(first)


def validate_file(model: type[M], raw: object, file: str) -> M:
    """Validate parsed data against ``model``; a failure names the file and the field.

    Raises:
        ReferenceDataError: ``field`` is ``"<file>: <path>"``; the message gives pydantic's
            reason without the offending value, or the fixed message and code of a library
            error a validator raised.
    """
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first, original = first_problem(exc)
        if original is not None:
            inside = location(tuple(first["loc"]), empty="")
            field = f"{inside}.{original.field}" if inside else original.field
            raise ReferenceDataError(f"{file}: {field}", original.code, original.message) from None
        where = location(tuple(first["loc"]), error_type=first["type"])
        raise ReferenceDataError(f"{file}: {where}", "invalid", pydantic_message(first)) from None
