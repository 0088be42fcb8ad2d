"""Privacy of the table functions: no I/O, no logging, no echo of any cell.

The same three proofs as ``tests/test_privacy.py``, for frames: an audit hook in a fresh
interpreter sees no socket, subprocess or file-write event while ``b12labs.batch`` is
imported and run over every frame type; no log record is made; a marker placed in every
cell, column name and argument never appears in a result column, an error's message,
``str`` or ``repr``, or a warning.
"""

from __future__ import annotations

import logging
import textwrap
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from b12labs import B12LabsError, batch  # noqa: E402
from test_privacy import run_audit  # noqa: E402

MARKER = "PATIENT-7F3K-SECRET"

_AUDIT = textwrap.dedent(
    """
    import json, os, sys
    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    FORBIDDEN = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                 "os.fork", "os.remove", "os.rename", "os.mkdir", "os.truncate", "shutil.",
                 "tempfile.", "sqlite3.", "urllib.", "http.")
    import pandas as pd, polars as pl, pyarrow as pa, numpy as np
    phase = ["import"]
    seen = {"import": [], "calls": []}

    def hook(event, args):
        if phase[0] not in seen:
            return
        bad = event.startswith(FORBIDDEN)
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, 0))[:3]
            writes = any(c in mode for c in "wax+") if isinstance(mode, str) else False
            bad = writes or (mode is None and isinstance(flags, int) and bool(flags & WRITE_FLAGS))
        if bad:
            seen[phase[0]].append(f"{event} {str(args)[:200]}")

    sys.addaudithook(hook)
    from b12labs import batch
    phase[0] = "calls"
    wide = {"b12": ["130 pg/mL", "bad", None], "potassium": [3.1, 7.0, None],
            "tingling": [True, False, None], "medications": ["PPI", None, "statin"]}
    long = {"analyte": ["b12", "potassium", "iron"], "value": [130.0, 3.1, 1.0],
            "unit": ["pg/mL", "mmol/L", "g/L"]}
    for make in (pd.DataFrame, pl.DataFrame, pa.table):
        out = batch.interpret_table(make(wide), units={"potassium": "mmol/L"})
        batch.classify_table(make(long))
        batch.report_for_row(make(wide), 0, units={"potassium": "mmol/L"})
    batch.classify_values(np.linspace(1, 8, 1000), "mmol/L", analyte="potassium")
    phase[0] = "done"
    print(json.dumps(seen))
    """
)


@pytest.mark.slow
def test_tables_open_no_socket_process_or_file_for_writing() -> None:
    seen = run_audit(_AUDIT)
    assert seen == {"import": [], "calls": []}


def _marked_frames() -> Iterator[tuple[str, Callable[[], Any]]]:
    """Wide and long calls with the marker in every cell and argument."""
    cells = {
        "b12": [f"130 {MARKER}", MARKER, f"<{MARKER}"],
        "potassium": [f"{MARKER} mmol/L", "3.1 mmol/L", None],
        "tingling": [MARKER, True, None],
        "diet": [MARKER, "vegan", None],
        "medications": [f"statin, {MARKER}", MARKER, None],
        "age_years": [MARKER, f"4{MARKER}", None],
        "pregnant": [MARKER, None, None],
        "pregnancy_trimester": [MARKER, None, None],
        "b12_specimen": [MARKER, None, None],
        "b12_hemolyzed": [MARKER, None, None],
        "red_flags": [[MARKER], None, None],
    }
    frame = {k: pd.Series(v, dtype=object) for k, v in cells.items()}
    yield "wide cells", lambda: batch.interpret_table(pd.DataFrame(frame))
    yield "wide report_for_row", lambda: batch.report_for_row(pd.DataFrame(frame), 0)
    yield "columns key", lambda: batch.interpret_table(pd.DataFrame(frame), columns={MARKER: "b12"})
    yield (
        "columns value",
        lambda: batch.interpret_table(pd.DataFrame(frame), columns={"b12": MARKER}),
    )
    yield (
        "units key",
        lambda: batch.interpret_table(pd.DataFrame({"b12": [1.0]}), units={MARKER: "pg/mL"}),
    )
    yield (
        "units value",
        lambda: batch.interpret_table(pd.DataFrame({"b12": [1.0]}), units={"b12": MARKER}),
    )
    yield (
        "a result column's name",
        lambda: batch.interpret_table(pd.DataFrame({"b12": ["1"], "error": [MARKER]})),
    )
    long = {
        "analyte": [MARKER, "b12", "potassium"],
        "value": [MARKER, f"1{MARKER}", "4.2"],
        "unit": ["pg/mL", MARKER, "mmol/L"],
        "comparator": [None, None, MARKER],
        "age": [MARKER, None, None],
    }
    table = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in long.items()})
    yield (
        "long cells",
        lambda: batch.classify_table(table, comparator="comparator", age_years="age"),
    )
    yield "long column name", lambda: batch.classify_table(table, value=MARKER)
    yield "classify_values unit", lambda: batch.classify_values([1.0], MARKER, analyte="b12")
    yield "classify_values analyte", lambda: batch.classify_values([1.0], "pg/mL", analyte=MARKER)
    yield (
        "classify_values cells",
        lambda: batch.classify_values([MARKER, f"{MARKER} pg/mL"], "pg/mL", analyte="b12"),
    )
    polars = pl.DataFrame({"b12": [MARKER, None], "medications": [[MARKER], None]})
    yield "polars cells", lambda: batch.interpret_table(polars)
    arrow = pa.table({"b12": [MARKER, None], "medications": [[MARKER], None]})
    yield "arrow cells", lambda: batch.interpret_table(arrow)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize(
    ("name", "call"), list(_marked_frames()), ids=[n for n, _ in _marked_frames()]
)
def test_the_marker_never_comes_back(name: str, call: Callable[[], Any]) -> None:
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out = call()
            except B12LabsError as error:
                said = f"{error} {error!r} {error.field} {error.code} {error.message}"
                assert MARKER not in said
                return
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    b12labs_records = [r for r in handler.records if r.name.startswith("b12labs")]
    assert b12labs_records == []
    assert all(MARKER not in str(w.message) for w in caught)
    if hasattr(out, "to_pandas") and not hasattr(out, "to_dicts"):
        out = out.to_pandas()
    if hasattr(out, "to_dicts"):
        out = out.to_pandas()
    if isinstance(out, pd.DataFrame):
        added = out.iloc[:, [i for i, c in enumerate(out.columns) if c in _RESULTS]]
        assert MARKER not in added.astype(str).to_string()
    elif hasattr(out, "model_dump_json"):  # a report
        assert MARKER not in out.model_dump_json()
    else:  # band codes
        assert out.tolist() == [-1, -1]


_RESULTS = {
    "b12_value",
    "b12_band",
    "b12_flag",
    "potassium_value",
    "potassium_band",
    "potassium_flag",
    "b12_deficiency",
    "b12_excess_injections",
    "other_common_causes",
    "urgency",
    "error",
    "error_field",
    "canonical_value",
    "canonical_unit",
    "band",
    "flag",
}
