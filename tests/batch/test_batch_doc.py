"""The examples of docs/batch.md run (those that need Spark or files on disk are only shown)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

DOC = Path(__file__).resolve().parents[2] / "docs" / "batch.md"


def _blocks() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    # "```python" blocks run; "```python dask" and "```python spark" need a cluster or files
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_the_examples_run_and_the_spark_function_maps_batches() -> None:
    namespace: dict[str, object] = {}
    blocks = _blocks()
    assert len(blocks) >= 5
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    table = pa.table({"potassium": [3.1, 4.2, None], "b12": ["130 pg/mL", None, "bad"]})
    mapped = list(namespace["interpret_batches"](table.to_batches(max_chunksize=2)))  # type: ignore[operator]
    assert sum(b.num_rows for b in mapped) == 3
    assert all(not pa.types.is_dictionary(f.type) for b in mapped for f in b.schema)
    out = namespace["out"]
    assert isinstance(out, pd.DataFrame)
    assert len(out) == 1_000_000
