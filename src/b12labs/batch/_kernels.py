"""The tight loops: a whole column of exact values against one table, block by block.

A table whose bands meet (each band's upper cut point is the next band's lower one, as
:mod:`b12labs.ranges` requires of a valid set) classifies a value by counting the cut
points at or below it; the count indexes a small lookup of band codes. Values are taken
in blocks that stay in the processor's cache, so each comparison after the first read
costs little; NaN and implausible values fall outside the plausible cut points and get -1.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..boundaries import TableCuts
from ..enums import Band

__all__ = ["BLOCK", "band_codes"]

#: Values per block: 64 Ki float64 values (512 KiB) stay in a core's L2 cache.
BLOCK = 1 << 16
_CODES = {band: i for i, band in enumerate(Band)}


def _meets(cuts: TableCuts) -> bool:
    bands = cuts.bands
    return all(bands[i].contains_below == bands[i + 1].contains_from for i in range(len(bands) - 1))


def band_codes(
    values: npt.NDArray[np.float64], cuts: TableCuts, low: float, high: float
) -> npt.NDArray[np.int8]:
    """``list(Band)`` codes of exact values in the cuts' unit; -1 outside ``[low, high)``
    (the plausible cut points), for NaN, and where no band holds the value."""
    bands = cuts.bands
    size = len(values)
    out = np.empty(size, dtype=np.int8)
    if not _meets(cuts):  # a table whose bands do not meet: band by band
        found = np.full(size, -1, dtype=np.int8)
        for j in range(len(bands) - 1, -1, -1):
            inside = (values >= bands[j].contains_from) & (values < bands[j].contains_below)
            found[inside] = _CODES[bands[j].band]
        ok = (values >= low) & (values < high)
        out[:] = np.where(ok, found, np.int8(-1))
        return out
    inner = [b.contains_from for b in bands[1:]]
    first, last = bands[0].contains_from, bands[-1].contains_below
    # the count of cut points at or below a value -> its band code; values outside the
    # plausible limits or the table are sent to the last entry, -1
    lookup = np.array([_CODES[b.band] for b in bands] + [-1], dtype=np.int8)
    floor, ceiling = max(low, first), min(high, last)
    count = np.empty(BLOCK, dtype=np.int8)
    step = np.empty(BLOCK, dtype=np.bool_)
    inside = np.empty(BLOCK, dtype=np.bool_)
    outside = np.int8(len(bands))
    for start in range(0, size, BLOCK):
        x = values[start : start + BLOCK]
        n = len(x)
        c, s, ok = count[:n], step[:n], inside[:n]
        c[:] = 0
        for cut in inner:
            np.greater_equal(x, cut, out=s)
            np.add(c, s, out=c, casting="unsafe")
        np.greater_equal(x, floor, out=ok)
        np.less(x, ceiling, out=s)
        np.logical_and(ok, s, out=ok)
        np.copyto(c, outside, where=~ok)
        np.take(lookup, c, out=out[start : start + n])
    return out
