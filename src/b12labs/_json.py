"""Reading JSON-shaped input from callers without trusting it: text or Python objects.

FHIR resources arrive as JSON text or as the dicts and lists ``json.loads`` makes (or any
mapping and sequence a caller builds). Both are turned into plain built-in data (``dict``
with ``str`` keys, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``) within fixed
limits, before anything looks inside:

- text: at most :data:`MAX_TEXT_CHARS` characters, strict JSON (``NaN`` and ``Infinity``
  are not JSON and are refused), no key twice in one object, number literals of at most
  :data:`MAX_NUMBER_CHARS` characters, nesting at most :data:`MAX_DEPTH` deep (checked on
  the brackets before the parser runs, so it never recurses deeply);
- objects: the same depth, at most :data:`MAX_NODES` values in all and :data:`MAX_ITEMS`
  per container, strings of at most :data:`MAX_STRING_CHARS`, read iteratively with the
  bounded readers of :mod:`._untrusted` (a caller's mapping that raises is refused).

Every refusal is an :class:`~b12labs.InvalidResultError` with a fixed message naming the
field; nothing of the input is repeated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._untrusted import is_numpy_bool, plain_text, read_items, read_mapping
from .errors import InvalidResultError

__all__ = [
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_NODES",
    "MAX_STRING_CHARS",
    "MAX_TEXT_CHARS",
    "Json",
    "plain_json",
    "read_json",
]

#: A Bundle of one person's laboratory results is well below this.
MAX_TEXT_CHARS = 4_000_000
MAX_STRING_CHARS = 1_000_000
MAX_NUMBER_CHARS = 64
#: FHIR resources nest about a dozen levels (a Bundle's contained Specimen's coding).
MAX_DEPTH = 48
MAX_NODES = 200_000
MAX_ITEMS = 10_000

#: What JSON-shaped data is, once read: built-in types only.
Json = dict[str, Any] | list[Any] | str | int | float | bool | None


def _invalid(field: str, code: str, message: str) -> InvalidResultError:
    return InvalidResultError(field, code, message)


def read_json(text: str, *, field: str) -> Json:
    """Parse untrusted JSON text into plain data.

    Raises:
        InvalidResultError: ``too_large``, ``too_deep``, ``not_json`` (not strict JSON,
            ``NaN`` and ``Infinity`` included), ``duplicate_key`` or ``too_long`` (a number
            literal).
    """
    if len(text) > MAX_TEXT_CHARS:
        raise _invalid(field, "too_large", f"JSON text may not exceed {MAX_TEXT_CHARS} characters")
    text = text.removeprefix("\ufeff")

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        made = dict(pairs)
        if len(made) != len(pairs):
            raise _invalid(field, "duplicate_key", "a JSON object has the same key twice")
        return made

    def constant(_: str) -> float:
        raise _invalid(field, "not_json", "NaN and Infinity are not JSON numbers")

    def number(kind: type[int] | type[float]) -> Any:
        def parse(literal: str) -> int | float:
            if len(literal) > MAX_NUMBER_CHARS:
                raise _invalid(field, "too_long", "a JSON number literal is too long")
            return kind(literal)

        return parse

    try:
        parsed = json.loads(
            text,
            object_pairs_hook=unique,
            parse_constant=constant,
            parse_int=number(int),
            parse_float=number(float),
        )
    except InvalidResultError:
        raise
    except RecursionError:  # the C parser refuses nesting deeper than the recursion limit
        raise _invalid(field, "too_deep", f"JSON may nest at most {MAX_DEPTH} deep") from None
    except ValueError:  # JSONDecodeError is a ValueError
        raise _invalid(field, "not_json", "not valid JSON text") from None
    return plain_json(parsed, field=field)


def plain_json(value: object, *, field: str) -> Json:
    """A caller's JSON-shaped object copied into built-in data within the limits.

    Raises:
        InvalidResultError: ``too_deep``, ``too_many``, ``too_long``, ``bad_mapping`` (a
            mapping or sequence that raised while read), ``unexpected_field`` (a key that
            is not text) or ``unsupported_type`` (a value JSON cannot hold).
    """
    nodes = [0]
    root: list[Json] = [None]
    # (the caller's object, its depth, the container the copy goes in, the key or index)
    stack: list[tuple[object, int, Any, Any]] = [(value, 0, root, 0)]
    while stack:
        node, depth, parent, slot = stack.pop()
        nodes[0] += 1
        if nodes[0] > MAX_NODES:
            raise _invalid(field, "too_many", f"at most {MAX_NODES} JSON values are read")
        if depth > MAX_DEPTH:
            raise _invalid(field, "too_deep", f"JSON may nest at most {MAX_DEPTH} deep")
        parent[slot] = _copy(node, depth, stack, field)
    return root[0]


def _bad_key(key: object, field: str) -> InvalidResultError:
    if key is None:  # what read_mapping passes for too many keys
        return _invalid(field, "too_many", f"a JSON object may hold at most {MAX_ITEMS} keys")
    return _invalid(field, "unexpected_field", "a JSON key must be text")


def _copy(node: object, depth: int, stack: list[tuple[object, int, Any, Any]], field: str) -> Json:
    def refusal() -> InvalidResultError:
        return _invalid(field, "bad_mapping", "a mapping or list could not be read")

    if node is None or type(node) is bool or type(node) is int or type(node) is float:
        return node  # exactly one of the JSON scalars, not a subclass
    text = plain_text(node)
    if text is not None:
        if len(text) > MAX_STRING_CHARS:
            raise _invalid(field, "too_long", f"JSON strings may not exceed {MAX_STRING_CHARS}")
        return text
    if isinstance(node, bool) or is_numpy_bool(node):
        return bool(node)  # a NumPy boolean (bool itself cannot be subclassed)
    if isinstance(node, int | float):
        # a subclass of int or float: its value through the built-in methods only
        return int.__int__(node) if isinstance(node, int) else float.__float__(node)
    if isinstance(node, Mapping):
        items = read_mapping(
            node,
            limit=MAX_ITEMS,
            refusal=refusal,
            bad_key=lambda key: _bad_key(key, field),
        )
        copied: dict[str, Json] = dict.fromkeys(items)
        stack.extend((item, depth + 1, copied, key) for key, item in items.items())
        return copied
    if isinstance(node, list | tuple):
        elements = read_items(node, limit=MAX_ITEMS, refusal=refusal)
        if len(elements) > MAX_ITEMS:
            raise _invalid(field, "too_many", f"a JSON list may hold at most {MAX_ITEMS} items")
        listed: list[Json] = [None] * len(elements)
        stack.extend((item, depth + 1, listed, index) for index, item in enumerate(elements))
        return listed
    raise _invalid(field, "unsupported_type", "not a value JSON can hold")
