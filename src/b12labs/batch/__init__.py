"""Whole tables at once: ``classify_values``, ``classify_table``, ``interpret_table``.

Needs the ``batch`` extra (numpy and pyarrow; pandas or polars for their frames):
``pip install "b12labs[batch]"``. ``import b12labs`` alone never imports any of them.

The three functions read the same rule book and range data as ``interpret()`` and give,
row by row, what it gives (``docs/batch.md``). Every function is a pure map over rows, so
it runs unchanged inside Dask's ``map_partitions`` or Spark's ``mapInArrow``.

Example:
    >>> import pandas as pd
    >>> from b12labs import batch
    >>> people = pd.DataFrame({"potassium": ["3.1 mmol/L", "not a value", None]})
    >>> out = batch.interpret_table(people)
    >>> out["potassium_band"].tolist(), out["error"].tolist()
    (['low', nan, nan], [nan, 'not_a_number', nan])
"""

from __future__ import annotations

try:
    import numpy  # noqa: F401
    import pyarrow  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised in a bare environment
    raise ImportError(
        "b12labs.batch needs the 'batch' extra: pip install \"b12labs[batch]\""
    ) from error

from ._long import classify_table, classify_values
from ._wide import interpret_table, report_for_row

__all__ = ["classify_table", "classify_values", "interpret_table", "report_for_row"]
