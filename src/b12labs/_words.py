"""Matching a caller's words against accepted names: one normal form, one "did you mean".

Example:
    >>> normalise_name("Pins-and_Needles ")
    'pins and needles'
    >>> closest("tingle", ["tingling", "numbness"])
    'tingling'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["closest", "normalise_name"]

_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise_name(text: str) -> str:
    """Lower case, with ``_``, ``-`` and runs of spaces as one space."""
    return _SEPARATORS.sub(" ", text).strip().lower()


def closest(word: str, names: Iterable[str]) -> str | None:
    """The accepted name most like ``word`` (for "did you mean"), or ``None``."""
    found = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
    return found[0] if found else None
