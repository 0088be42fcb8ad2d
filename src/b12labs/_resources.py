"""Reading the data files shipped inside the package, once, under a lock.

The packaged copy lives in ``b12labs/_data/`` and is generated from the top-level
``reference_ranges/`` by ``scripts/sync_reference_data.py``; a test keeps the two identical.
Nothing here runs at import time: each file is read on first use and cached, so
``import b12labs`` stays fast and a one-shot call pays only for the files it needs.
"""

from __future__ import annotations

import functools
import json
import threading
import tomllib
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ReferenceDataError

__all__ = ["data_version", "location", "read_json", "read_text", "read_toml", "validate_file"]

M = TypeVar("M", bound=BaseModel)

_LOCK = threading.Lock()
RANGES_DIR = "reference_ranges"


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


def location(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a dotted path: ``populations[0].bands[2].low``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


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
        raise ReferenceDataError(
            f"{file}: {location(tuple(first['loc']))}", "invalid", str(first["msg"])
        ) from None
