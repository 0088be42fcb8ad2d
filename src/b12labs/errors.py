"""The errors b12labs raises on purpose.

Every error is a :class:`B12LabsError` and a :class:`ValueError`, so callers can catch the
whole family with one clause::

    B12LabsError (ValueError)
    ├── InvalidResultError      a lab value that is empty, not a number, negative, NaN, ...
    ├── UnitError               a unit that is missing, unknown, or of the wrong kind
    ├── UnknownAnalyteError     an analyte name that is not b12, potassium or magnesium
    ├── UnknownCategoryError    a category name that is not one of the three
    ├── UnknownValueError       a value that is not one of an enumeration's (Urgency("soon"))
    ├── UnknownSymptomError     a symptom name that is not accepted (suggests the closest)
    ├── InvalidContextError     an unknown context key or value
    ├── ReferenceDataError      a reference-range file that is malformed, has a gap, ...
    └── InvalidTableError       a table argument b12labs.batch cannot use (frame type, columns)

Messages come from fixed templates: they name the field and the problem and never repeat
the caller's input, because a patient identifier typed into a unit field must not reach a
log. The structured parts are attributes: ``field`` (a dotted path such as ``"b12.unit"``)
and ``code`` (a stable machine-readable reason such as ``"not_a_number"``).

Example:
    >>> import b12labs
    >>> try:
    ...     b12labs.B12Result.parse("245 furlongs")
    ... except b12labs.B12LabsError as error:
    ...     print(error.field, error.code)
    b12.unit unit_not_accepted
"""

from __future__ import annotations

from typing import Self, TypeVar

__all__ = [
    "B12LabsError",
    "InvalidContextError",
    "InvalidResultError",
    "InvalidTableError",
    "ReferenceDataError",
    "UnitError",
    "UnknownAnalyteError",
    "UnknownCategoryError",
    "UnknownSymptomError",
    "UnknownValueError",
]


E = TypeVar("E", bound="B12LabsError")


class B12LabsError(ValueError):
    """Base class of every error b12labs raises on purpose.

    Attributes:
        field: where the problem is, as a dotted path (``"potassium.value"``).
        code: a stable, machine-readable reason (``"negative"``).
    """

    def __init__(self, field: str, code: str, message: str) -> None:
        self.field = field
        self.code = code
        self.message = message
        super().__init__(f"{field}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        # keeps errors (and their extra attributes) picklable across processes
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))

    def within(self, prefix: str) -> Self:
        """The same error with its field under ``prefix``: ``diet`` becomes ``context.diet``.

        A field that already starts at ``prefix`` is kept as it is.
        """
        inside = self.field == prefix or self.field.startswith((f"{prefix}.", f"{prefix}["))
        field = self.field if inside else f"{prefix}.{self.field}"
        error = _rebuild(type(self), (f"{field}: {self.message}",), dict(self.__dict__))
        error.field = field
        return error


def _rebuild(cls: type[E], args: tuple[object, ...], state: dict[str, object]) -> E:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class InvalidResultError(B12LabsError):
    """A lab value that cannot be read as a finite, non-negative number with a unit."""


class UnitError(B12LabsError):
    """A unit that is missing, not accepted for the analyte, or needs chemistry we lack."""


class UnknownAnalyteError(B12LabsError):
    """An analyte that is not one of :class:`b12labs.Analyte`."""


class UnknownCategoryError(B12LabsError):
    """A category that is not one of :class:`b12labs.Category`."""


class UnknownValueError(B12LabsError):
    """A value that is not one of an enumeration's members (``Urgency("soon")``)."""


class _SuggestingError(B12LabsError):
    """An error about a name that is not accepted: carries the closest accepted name and
    the accepted names, so a caller can offer a choice without parsing the message."""

    def __init__(
        self,
        field: str,
        code: str,
        message: str,
        *,
        suggestion: str | None = None,
        accepted: tuple[str, ...] = (),
    ) -> None:
        super().__init__(field, code, message)
        self.suggestion = suggestion
        self.accepted = accepted


class UnknownSymptomError(_SuggestingError):
    """A symptom that is not one of :class:`b12labs.Symptom` or its synonyms.

    Attributes:
        suggestion: the closest accepted name, or ``None``.
        accepted: every accepted canonical name.
    """


class InvalidContextError(_SuggestingError):
    """An unknown context key, or a value that is not accepted for a known key.

    Attributes:
        suggestion: the closest accepted name, or ``None``.
        accepted: the accepted keys or values.
    """


class ReferenceDataError(B12LabsError):
    """A reference-data file (ranges, chemistry, sources) that is malformed or incomplete.

    ``field`` starts with the file name, e.g. ``"b12.toml: populations[0].bands[2].low"``.
    """


class InvalidTableError(B12LabsError):
    """A table, or an argument naming its columns, that :mod:`b12labs.batch` cannot use.

    Raised before any row is read: an unsupported frame type, a named column the frame
    lacks, a result column the frame already has, a numeric lab column without a unit.
    ``field`` names the argument (``"columns.b12"``, ``"units.potassium"``), never a
    caller's column name.
    """
