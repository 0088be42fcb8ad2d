"""Reading the data files shipped inside the package, once, under a lock.

The packaged copy lives in ``b12labs/_data/`` and is generated from the top-level
``reference_ranges/`` by ``scripts/sync_reference_data.py``; a test keeps the two identical.
Nothing here runs at import time: each file is read on first use and cached, so
``import b12labs`` stays fast and a one-shot call pays only for the files it needs.

It also holds what every module shares for validation: :class:`FrozenModel`, the base of
the library's models, and the helpers that turn a pydantic error into a location and a
message that never carry the caller's text.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from .errors import B12LabsError, ReferenceDataError

__all__ = [
    "FrozenModel",
    "data_version",
    "location",
    "original_error",
    "pydantic_message",
    "read_json",
    "read_text",
    "read_toml",
    "safe_name",
    "validate_file",
]


class FrozenModel(BaseModel):
    """The base of every b12labs model: frozen, no unknown fields, and a
    ``ValidationError`` whose text never repeats the input (it may be a patient's data)."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


M = TypeVar("M", bound=BaseModel)

_LOCK = threading.Lock()
RANGES_DIR = "reference_ranges"

T = TypeVar("T")


def load_once(load: Callable[[], T]) -> Callable[[], T]:
    """``load`` run once, under a lock, on first call; later calls return its result lock-free.

    For the process-wide data the library reads (chemistry, sources, thresholds, the bundled
    ranges): validated once, shared by every thread, never changed. A failed load is not
    cached, so it raises again on the next call.
    """
    lock = threading.Lock()
    box: list[T] = []

    @functools.wraps(load)
    def get() -> T:
        if not box:  # double-checked: only the first callers take the lock
            with lock:
                if not box:
                    box.append(load())
        return box[0]

    return get


def read_text(name: str) -> str:
    """Text of a packaged data file, e.g. ``"reference_ranges/b12.toml"``."""
    path = resources.files(__package__ or "b12labs").joinpath("_data", *name.split("/"))
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceDataError(name, "unreadable", "packaged data file cannot be read") from exc


@functools.cache
def _cached_toml(name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text(name))
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(name, "toml_syntax", "packaged file is not valid TOML") from exc


def read_toml(name: str) -> dict[str, Any]:
    """Parsed TOML of a packaged data file; parsed once per process."""
    with _LOCK:
        return _cached_toml(name)


@functools.cache
def _cached_json(name: str) -> Any:
    return json.loads(read_text(name))


def read_json(name: str) -> Any:
    """Parsed JSON of a packaged data file; parsed once per process."""
    with _LOCK:
        return _cached_json(name)


@functools.cache
def data_version() -> str:
    """The bundled reference data's version (``reference_ranges/VERSION``)."""
    return read_text(f"{RANGES_DIR}/VERSION").strip()


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


def validate_file(model: type[M], raw: object, file: str) -> M:
    """Validate parsed data against ``model``; a failure names the file and the field.

    Raises:
        ReferenceDataError: ``field`` is ``"<file>: <path>"``; the message gives pydantic's
            reason without the offending value.
    """
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = location(tuple(first["loc"]), error_type=first["type"])
        raise ReferenceDataError(f"{file}: {where}", "invalid", pydantic_message(first)) from None
