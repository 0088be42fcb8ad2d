"""Hypothesis strategies for property-testing code built on b12labs.

For engineers testing their own range logic, apps and pipelines: every function returns a
hypothesis strategy drawing the library's own inputs, valid or deliberately broken.
Needs the ``strategies`` extra (``pip install "b12labs[strategies]"``, which brings
hypothesis); a guide with a complete example is ``docs/testing.md``.

========================== ===========================================================
``results()``              typed lab results (plausible values, every accepted unit)
``result_texts()``         ``(text, result)``: text ``.parse()`` accepts, and its result
``hostile_texts()``        text every result class's ``.parse()`` refuses
``symptom_sets()``         frozensets of :class:`~b12labs.Symptom`
``contexts()``             valid :class:`~b12labs.Context` objects
``range_mappings()``       TOML-shaped range files, valid or breaking one rule each
========================== ===========================================================

Only public API and the library's own data (:func:`b12labs.chemistry`, the
:class:`~b12labs.RangeSet` tables) are used, so what is drawn follows the data: a unit, a
plausibility limit or a medication added to the data is drawn without a change here.

The six names above are the public API (api.md section 10). The modules behind them, one
idea each, are ``lab_results``, ``lab_texts``, ``hostile``, ``people``, ``range_files`` and
``broken_rules``, with ``_common`` for what they share; their other names serve this
package's own tests and may change.

Example:
    >>> from hypothesis import given, settings
    >>> from b12labs.strategies import results
    >>> @settings(max_examples=25, database=None)
    ... @given(results("potassium", censored=False))
    ... def check(result):
    ...     assert result.comparator is None
    ...     assert result.unit in ("mmol/L", "meq/L")
    >>> check()
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 - imported first, so that its absence is explained
except ImportError as exc:  # exercised by tests/test_strategies.py in a subprocess
    raise ImportError(
        "b12labs.strategies needs hypothesis, which the 'strategies' extra installs: "
        'pip install "b12labs[strategies]"'
    ) from exc

from .hostile import hostile_texts
from .lab_results import results
from .lab_texts import result_texts
from .people import contexts, symptom_sets
from .range_files import range_mappings

__all__ = [
    "contexts",
    "hostile_texts",
    "range_mappings",
    "result_texts",
    "results",
    "symptom_sets",
]
