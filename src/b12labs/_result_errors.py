"""A result's validation errors as b12labs errors: one field, one code, never the input.

:func:`as_library_error` turns pydantic's first problem into the library's error, and a
refused ``value`` is judged again by the same readers a ``(value, unit)`` tuple goes through,
so one fault has one code whatever the input path.
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ._models import first_problem, location, pydantic_message
from ._untrusted import finite_number
from .errors import B12LabsError, InvalidResultError, UnitError
from .parsing import parse_number_text

__all__ = ["NOT_READ", "as_library_error"]

#: No value was read for an error to judge again.
NOT_READ = object()


def as_library_error(exc: ValidationError, field: str, value: object = NOT_READ) -> B12LabsError:
    """The first problem of a pydantic error as a b12labs error, without the input.

    A library error raised by a validator keeps its class, code and fixed message; an
    unknown key is reported on the result itself, never by name; any other message comes
    from pydantic's templates or is a fixed "invalid value".
    """
    first, original = first_problem(exc)
    if original is not None and original.code == "unexpected_field":
        return InvalidResultError(field, "unexpected_field", "unexpected field")
    if original is not None:
        where = f"{field}.{original.field}" if original.field else field
        if isinstance(original, UnitError):
            return UnitError(where, original.code, original.message)
        return InvalidResultError(where, original.code, original.message)
    kind, loc = first["type"], tuple(first["loc"])
    if kind == "extra_forbidden":
        return InvalidResultError(field, "unexpected_field", "unexpected field")
    if loc[:1] == ("unit",):
        if kind == "missing":
            return UnitError(f"{field}.unit", "unit_missing", "a unit is required")
        return UnitError(f"{field}.unit", "unit_not_text", "the unit must be text such as 'pg/mL'")
    if loc == ("value",):
        return _value_error(first, kind, value, f"{field}.value")
    where = location(loc, error_type=kind) if loc else "value"
    return InvalidResultError(f"{field}.{where}", "invalid", pydantic_message(first))


def _value_error(first: ErrorDetails, kind: str, value: object, where: str) -> B12LabsError:
    """A refused ``value`` with the code a ``(value, unit)`` tuple gets for it, so a fault
    has one code whatever the input path: the value is judged again by the same readers."""
    if kind == "missing":
        return InvalidResultError(where, "value_missing", "a value is required")
    if value is not NOT_READ:
        try:
            if isinstance(value, str):
                parse_number_text(value, field=where.removesuffix(".value"))  # adds ".value"
            else:
                finite_number(value, field=where)
        except B12LabsError as error:
            return error
    return InvalidResultError(where, "invalid", pydantic_message(first))
