"""Reading objects that come from callers, without running the caller's code unguarded.

A value handed to b12labs may be a subclass of ``str``, ``int`` or ``tuple`` with hostile
methods, a mapping or iterable whose methods raise (with any text, which must never reach a
message), something endless, or an object that only looks like a number or a Quantity.
Every input path reads caller objects through these helpers:

- :func:`plain_text` and :func:`plain` copy a ``str`` (subclass) into a built-in ``str``
  with ``str.__str__``, so none of its own methods is ever called afterwards;
- :func:`finite_number` reads a real number (NumPy scalars included, booleans refused);
- :func:`is_numpy_bool` and :func:`is_pint_quantity` tell kinds apart by type alone;
- :func:`read_items` and :func:`read_mapping` copy a bounded number of items into built-in
  containers, turning whatever the caller's object raises into the caller-supplied error;
- :func:`refusing` does the same for any other block that calls the caller's code.

The error codes follow one rule, whatever the path (see ``docs/errors.md``): a value of the
wrong kind is ``not_text`` / ``not_a_number`` / ``unsupported_type``, a unit that is not
text ``unit_not_text``, a mapping that raises while read ``bad_mapping``.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import numbers
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from .errors import B12LabsError, InvalidResultError

__all__ = [
    "finite_number",
    "is_numpy_bool",
    "is_pint_quantity",
    "plain",
    "plain_text",
    "read_items",
    "read_mapping",
    "refusing",
]

#: Builds the library error a refusal raises (so the message is fixed, never the caller's).
Refusal = Callable[[], B12LabsError]


def plain_text(value: object) -> str | None:
    """``value`` as a built-in ``str`` if it is a ``str`` (or subclass), else ``None``."""
    return str.__str__(value) if isinstance(value, str) else None


def plain(value: object) -> object:
    """``value`` with a ``str`` (or subclass) copied into a built-in ``str``; else unchanged."""
    return str.__str__(value) if isinstance(value, str) else value


def is_numpy_bool(value: object) -> bool:
    """Whether ``value`` is a NumPy boolean (``numpy.bool_``, named ``numpy.bool`` in 2.x)."""
    kind = type(value)
    return kind.__module__ == "numpy" and kind.__name__ in {"bool_", "bool"}


def is_pint_quantity(value: object) -> bool:
    """Whether ``value``'s type comes from pint (no attribute of it is read to tell)."""
    return type(value).__module__.split(".", 1)[0] == "pint"


@contextlib.contextmanager
def refusing(refusal: Refusal) -> Iterator[None]:
    """Run a block that calls the caller's code; anything but a library error it raises
    becomes ``refusal()``, without the original (its text may be anything)."""
    try:
        yield
    except B12LabsError:
        raise
    except Exception:  # noqa: BLE001 - whatever a caller's object raises is bad input to us
        raise refusal() from None


def finite_number(value: object, *, field: str) -> float:
    """A finite, non-negative real number as a ``float``; anything else is refused.

    Booleans (Python's and NumPy's) are refused even though Python treats them as integers;
    a NumPy 0-d array or scalar is judged by the Python value inside. Whatever a caller's
    object raises while it is read (``ndim``, ``item()``, ``__float__``) is a refusal too.

    Raises:
        InvalidResultError: with code ``not_a_number``, ``boolean``, ``not_finite`` or
            ``negative``.
    """

    def refusal() -> B12LabsError:
        return InvalidResultError(field, "not_a_number", "value must be a real number")

    with refusing(refusal):
        number = _real_number(value, field)
    if not math.isfinite(number):
        raise InvalidResultError(field, "not_finite", "value must be a finite number")
    if number < 0:
        raise InvalidResultError(field, "negative", "value must not be negative")
    return number


def _real_number(value: object, field: str) -> float:
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool) or is_numpy_bool(value):
        raise InvalidResultError(field, "boolean", "a boolean is not a lab value")
    if not isinstance(value, numbers.Real | Decimal):  # complex numbers are not Real
        raise InvalidResultError(field, "not_a_number", "value must be a real number")
    try:
        return float(value)  # always a plain float, even for a float subclass
    except (OverflowError, ValueError):  # a huge int or Decimal, a signalling Decimal NaN
        raise InvalidResultError(field, "not_finite", "value must be a finite number") from None


def read_items(value: object, *, limit: int, refusal: Refusal) -> list[object]:
    """At most ``limit`` + 1 items of a caller's iterable, in a built-in list (so a caller can
    see that there were more than ``limit``); an endless iterable is never exhausted."""
    with refusing(refusal):
        return list(itertools.islice(iter(value), limit + 1))  # type: ignore[call-overload]


def read_mapping(
    value: Any,
    *,
    limit: int,
    refusal: Refusal,
    bad_key: Callable[[object], B12LabsError],
) -> dict[str, object]:
    """A caller's mapping copied into a built-in ``dict`` with built-in ``str`` keys.

    Whatever the mapping raises while read (``__iter__``, ``__getitem__``, a key's hash)
    becomes ``refusal()``; a key that is not text, or more than ``limit`` keys, is
    ``bad_key(key)`` (``None`` for too many), which decides what may be said about it.
    """
    if type(value) is dict and len(value) <= limit and all(type(k) is str for k in value):
        return dict(value)  # a built-in dict of built-in texts: nothing of the caller's runs
    keys = read_items(value, limit=limit, refusal=refusal)
    if len(keys) > limit:
        raise bad_key(None)
    copied: dict[str, object] = {}
    with refusing(refusal):
        for key in keys:
            name = plain_text(key)
            if name is None:
                raise bad_key(key)
            copied[name] = value[key]
    return copied
