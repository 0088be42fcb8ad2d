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
from collections.abc import Callable
from importlib import resources
from typing import Any, TypeVar

from .errors import ReferenceDataError

__all__ = [
    "RANGES_DIR",
    "data_version",
    "load_once",
    "read_json",
    "read_text",
    "read_toml",
]

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
