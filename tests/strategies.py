"""Test-internal hypothesis strategies and helpers shared by the b12labs tests.

Imported by the tests as ``import strategies`` (``conftest.py`` puts this folder on
``sys.path``). Results, valid texts, refused texts, symptom sets, contexts and range files
come from the public :mod:`b12labs.strategies` (which users test their own code with);
what is here is only what the library's own tests need besides: values in one given unit
clustered at given boundaries, any text at all, any Python object, secrets for the privacy
proofs, and the fictional range set.

Strategies:

``lab_values(analyte, unit)``
    finite, non-negative floats for one analyte and unit: zero, typical clinical values,
    wide values up to ``max_value``, and (when given) range boundaries and their nearest
    neighbours, where off-by-one-ulp bugs live.
``hostile_text()``
    anything a caller might send: arbitrary unicode, very long strings, near-miss strings
    built from a regex of almost-valid syntax, and valid texts with junk glued on.
``python_objects()``
    arbitrary Python values of the kinds a caller might pass where a lab value, a unit or
    an analyte is expected: numbers of every numeric type, text, bytes, None, and nested
    tuples, lists and dicts with result-model keys.
"""

from __future__ import annotations

import functools
import math
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from hypothesis import strategies as st

from b12labs import Analyte, Band, RangeSet, RangeTable
from b12labs.analytes import chemistry
from b12labs.parsing import Comparator
from b12labs.strategies import result_texts
from b12labs.units import factor

__all__ = [
    "BAND_RANK",
    "COMPARATORS",
    "FICTIONAL_DIR",
    "NEAR_MISS_REGEX",
    "RANGE_SET_NAMES",
    "TYPICAL_MAX",
    "RangeSetName",
    "analyte_units",
    "between_printed_figures",
    "boundaries_in",
    "hostile_text",
    "lab_values",
    "load_fictional_ranges",
    "plausible_limits",
    "python_objects",
    "range_set",
    "same_property",
    "secret_tokens",
    "unit_pairs",
    "units_of",
]

#: The fictional range set used by every logic test.
FICTIONAL_DIR = Path(__file__).resolve().parent / "data" / "fictional"

RangeSetName = Literal["fictional", "bundled"]
#: Both range sets, for properties that must hold for any valid range data.
RANGE_SET_NAMES: tuple[RangeSetName, ...] = ("fictional", "bundled")

#: Band order from lowest to highest values (``indeterminate`` has no rank).
BAND_RANK: dict[Band, int] = {
    Band.critical_low: 0,
    Band.low: 1,
    Band.borderline_low: 2,
    Band.normal: 3,
    Band.high: 4,
    Band.critical_high: 5,
}

COMPARATORS: tuple[Comparator, ...] = ("<", "<=", ">", ">=")

#: A generous upper end of clinically seen values, in each analyte's canonical unit.
TYPICAL_MAX: dict[Analyte, float] = {
    Analyte.b12: 3000.0,  # pmol/L
    Analyte.potassium: 12.0,  # mmol/L
    Analyte.magnesium: 4.0,  # mmol/L
}


@functools.cache
def load_fictional_ranges() -> RangeSet:
    """The fictional range set (loaded once per process)."""
    return RangeSet.load(FICTIONAL_DIR)


def range_set(name: RangeSetName) -> RangeSet:
    """A range set by name: ``"fictional"`` or ``"bundled"``."""
    return load_fictional_ranges() if name == "fictional" else RangeSet.default()


def units_of(analyte: Analyte) -> tuple[str, ...]:
    """The accepted UCUM codes of an analyte."""
    return chemistry(analyte).ucum_codes


def boundaries_in(unit: str, tables: Sequence[RangeTable]) -> list[float]:
    """Every band boundary of ``tables`` in ``unit``, sorted, without repeats: each figure
    its source printed (the bound's own and any ``also``), converted into ``unit``."""
    found: set[float] = set()
    for table in tables:
        for band in table.bands:
            if band.high is not None:
                figures = [(band.high.value, band.high.unit)]
                figures += [(form.value, form.unit) for form in band.high.also]
                for value, printed in figures:
                    found.add(value * factor(table.analyte, printed, unit))
    return sorted(found)


def between_printed_figures(
    tables: Sequence[RangeTable], analyte: Analyte, value: float, unit: str
) -> bool:
    """Whether ``value`` (in ``unit``) lies, with the boundary tolerance, between a limit's
    own figure and a figure its source also printed in the other property (NICE's 180 ng/L
    and 133 pmol/L). There the figure in the result's own property decides its band, by
    design, so a conversion to the other property may change the band."""
    for table in tables:
        for band in table.bands:
            for bound in (band.low, band.high):
                if bound is None:
                    continue
                for form in bound.also:
                    low, high = sorted(
                        (
                            bound.value * factor(analyte, bound.unit, unit),
                            form.value * factor(analyte, form.unit, unit),
                        )
                    )
                    if low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
                        return True
    return False


def same_property(analyte: Analyte, unit: str, other: str) -> bool:
    """Whether two accepted units measure the same property (mass or substance)."""
    properties = chemistry(analyte).properties
    return properties[unit] == properties[other]


def _neighbours(value: float) -> list[float]:
    """``value``, the floats one ulp either side, and values a millionth either side."""
    out = [value, math.nextafter(value, math.inf), value * (1 + 1e-6), value * (1 - 1e-6)]
    if value > 0:
        out.append(math.nextafter(value, 0.0))
    return [x for x in out if x >= 0]


def _finite(min_value: float, max_value: float) -> st.SearchStrategy[float]:
    return st.floats(
        min_value=min_value,
        max_value=max_value,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
    )


@st.composite
def analyte_units(draw: st.DrawFn, analyte: Analyte | None = None) -> tuple[Analyte, str]:
    """An analyte (random unless given) and one of its accepted UCUM codes."""
    chosen = analyte if analyte is not None else draw(st.sampled_from(list(Analyte)))
    return chosen, draw(st.sampled_from(units_of(chosen)))


@st.composite
def unit_pairs(draw: st.DrawFn) -> tuple[Analyte, str, str]:
    """An analyte and two different accepted units of it."""
    analyte = draw(st.sampled_from(list(Analyte)))
    units = units_of(analyte)
    source = draw(st.sampled_from(units))
    target = draw(st.sampled_from([u for u in units if u != source]))
    return analyte, source, target


def plausible_limits(analyte: Analyte, unit: str) -> tuple[float, float]:
    """The analyte's plausibility limits (inclusive) in ``unit``: values outside are refused."""
    limits = chemistry(analyte).plausible
    return (
        limits.low.value * factor(analyte, limits.low.unit, unit),
        limits.high.value * factor(analyte, limits.high.unit, unit),
    )


@st.composite
def lab_values(
    draw: st.DrawFn,
    analyte: Analyte,
    unit: str,
    *,
    max_value: float = 1e6,
    boundaries: Sequence[float] = (),
    positive: bool = False,
) -> float:
    """A plausible finite value for ``analyte`` in ``unit`` (see ``plausible_limits``).

    Mixes the plausibility limits themselves, typical clinical values, wide values up to
    ``max_value`` (or the upper plausibility limit) and, when given, ``boundaries`` with
    their nearest neighbours. Values are kept a millionth inside the limits, so a censored
    result built from them is plausible as well (``positive`` is kept for callers).
    """
    del positive  # every plausible value is positive
    canonical = chemistry(analyte).canonical_unit
    lowest, highest = plausible_limits(analyte, unit)
    low, high = lowest * (1 + 1e-6), min(highest * (1 - 1e-6), max_value)
    typical = min(TYPICAL_MAX[analyte] * factor(analyte, canonical, unit), high)
    options: list[st.SearchStrategy[float]] = [
        _finite(low, typical),
        _finite(low, high),
        st.sampled_from([low, high]),
    ]
    near = sorted({x for b in boundaries for x in _neighbours(b) if low <= x <= high})
    if near:
        options.append(st.sampled_from(near))
    return draw(st.one_of(options))


#: Almost-valid lab values: stray signs, exponents, grouping, flags, ranges, odd units.
NEAR_MISS_REGEX = (
    r"[ <>=!~+\-]{0,3}[0-9]{0,4}[.,]{0,2}[0-9]{0,4}(e[+-]?[0-9]{1,3})?"
    r"[ ]{0,2}(\*\*|\^|-|/|to )?[0-9.,]{0,4}[ ]{0,2}"
    r"(pg|ng|pmol|mmol|meq|mEq|mg|mcg|ug|\u00b5g|\u03bcg|g|mol|eq|furlong)?"
    r"(/|per )?(ml|mL|L|l|dL|dl|litre|liter|kg)?[ ]{0,2}(H|L|HH|LL|\*|!|hemolyzed)?"
)


def hostile_text() -> st.SearchStrategy[str]:
    """Any text a caller might send, valid or not.

    Arbitrary unicode (including surrogate-free astral characters and control characters),
    strings up to 10,000 characters (built by repetition so hypothesis stays fast),
    near-miss strings from :data:`NEAR_MISS_REGEX`, and valid texts with junk around them.
    """
    long_text = st.builds(
        lambda chunk, times: (chunk * times)[:10_000],
        st.text(min_size=1, max_size=16),
        st.integers(min_value=1, max_value=10_000),
    )
    glued = st.builds(
        lambda before, pair, after: before + pair[0] + after,
        st.text(max_size=3),
        result_texts(),
        st.text(max_size=3),
    )
    return st.one_of(
        st.text(),
        st.text(alphabet=st.characters(codec="ascii"), max_size=40),
        long_text,
        st.from_regex(NEAR_MISS_REGEX, fullmatch=True),
        glued,
    )


def python_objects() -> st.SearchStrategy[object]:
    """Arbitrary values a caller might pass instead of a lab value, unit or analyte."""
    scalars: st.SearchStrategy[object] = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**300, max_value=10**400),
        st.floats(),
        st.decimals(),
        st.fractions(),
        st.complex_numbers(),
        st.text(max_size=12),
        st.binary(max_size=6),
        st.sampled_from(list(Analyte)),
        st.sampled_from(["b12", "pg/mL", "mmol/L", "meq/L", "mg/dL", "3,5", "<150 pg/mL"]),
    )
    keys = st.sampled_from(
        ["value", "unit", "comparator", "analyte", "specimen", "hemolyzed", "loinc", "other"]
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.tuples(inner, inner),
            st.dictionaries(keys, inner, max_size=4),
        ),
        max_leaves=6,
    )


def secret_tokens() -> st.SearchStrategy[str]:
    """Four or more ASCII letters: stands in for a patient identifier typed into a field."""
    return st.text(alphabet=string.ascii_letters, min_size=4, max_size=16)
