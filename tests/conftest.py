"""Shared test configuration: hypothesis profiles and the fictional range set.

Hypothesis profiles (choose with the ``HYPOTHESIS_PROFILE`` environment variable):

``dev`` (default)
    200 examples per property, no per-example deadline.
``ci``
    400 examples, no deadline, random seeds, and a reproduction blob printed on failure.
``quick``
    50 examples, for a fast local loop.

Logic tests (classification, selection, censoring) use the *fictional* range set in
``tests/data/fictional/`` so that updating the real reference data only ever touches the
data tests in ``tests/data/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Test modules import the shared helpers as ``import strategies`` (pytest runs with
# --import-mode=importlib, which does not put the test folder on sys.path).
_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

from b12labs import RangeSet  # noqa: E402
from strategies import load_fictional_ranges  # noqa: E402 - needs the path set above

settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=400, deadline=None, derandomize=False, print_blob=True)
settings.register_profile("quick", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def fictional_ranges() -> RangeSet:
    """The fictional range set of ``tests/data/fictional/`` (b12, potassium, magnesium)."""
    return load_fictional_ranges()


@pytest.fixture(scope="session")
def bundled_ranges() -> RangeSet:
    """The bundled reference data (``RangeSet.default()``)."""
    return RangeSet.default()
