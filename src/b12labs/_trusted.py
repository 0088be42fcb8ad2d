"""Trusted construction: a model built from fields the library has already checked.

Validation is for what comes from outside. The objects ``interpret()`` assembles (findings,
assessments, evidence, the report) hold values the library made itself from validated
inputs, so validating them again costs several microseconds each and proves nothing new.
:func:`trusted` builds such an object the way pydantic stores one (its ``__dict__``, the
set of fields given, no extras, no private state) in well under a microsecond. This module
is the only code that knows those internals; ``tests/test_trusted.py`` checks, class by
class, that it builds exactly what validation builds.

Only the library's own code may call it, and only with values of the declared types:
nothing here checks them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["trusted"]

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
# the setters of the four slots every pydantic model has (BaseModel.__slots__), called
# directly: a little quicker than object.__setattr__ looking each one up by name
_SLOTS = BaseModel.__dict__
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def trusted(cls: type[M], fields: dict[str, Any], given: Iterable[str]) -> M:
    """An instance of ``cls`` holding ``fields`` (every field, defaults included), as if
    validated from a mapping with the keys ``given``.

    Example:
        >>> from b12labs.sources import Source
        >>> from b12labs.vocabulary import RecommendationKind
        >>> from b12labs.reasoning.assessment import Recommendation
        >>> fields = {
        ...     "kind": RecommendationKind.safety,
        ...     "text": "t",
        ...     "test": None,
        ...     "rule": None,
        ...     "sources": (),
        ... }
        >>> made = trusted(Recommendation, fields, {"kind", "text"})
        >>> made == Recommendation.model_validate({"kind": "safety", "text": "t"})
        True
    """
    made: M = _new(cls)
    _set_dict(made, fields)
    _set_fields_set(made, set(given))
    _set_extra(made, None)
    _set_private(made, None)
    return made
