"""``range_mappings()``: laboratories' range files as ``tomllib`` returns them, valid or not.

A valid mapping has one to four populations of one analyte, bands from 0 to infinity
without gap or overlap, boundaries inside the plausibility limits in any accepted unit
(some also printed in a unit of the other property, ``also``), and citations of the file's
own sources or bundled ones. An invalid one is a valid one with one
rule (:data:`~b12labs.strategies.broken_rules.BREAKERS`) broken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from .. import Analyte, ReferenceDataError, chemistry
from .. import convert as convert_value
from ._common import BAND_NAMES, bundled_source_ids, checked_flag, plausible_limits
from .broken_rules import BREAKERS

__all__ = ["invalid_mapping", "range_mappings", "valid_mapping"]

_ACCESSED = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
_LABEL = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs", "Pd", "Po")), min_size=1, max_size=30
).filter(str.strip)


def _round(value: float, digits: int = 6) -> float:
    """``value`` to ``digits`` significant digits, as a person writes a boundary."""
    return float(f"{value:.{digits}g}")


def _scalar(draw: st.DrawFn, value: float) -> float | int:
    """A whole number as TOML writes it (``2``, read as an int) or as a float (``2.0``)."""
    return int(value) if value.is_integer() and draw(st.booleans()) else value


@st.composite
def _bands(draw: st.DrawFn, analyte: Analyte, cite: Sequence[str]) -> list[dict[str, Any]]:
    """One population's bands, from 0 to infinity, each boundary cited and in some unit."""
    chem = chemistry(analyte)
    others = [name for name in BAND_NAMES if name != "normal"]
    chosen = draw(st.lists(st.sampled_from(others), min_size=1, max_size=len(others), unique=True))
    names = [name for name in BAND_NAMES if name == "normal" or name in chosen]
    low, high = plausible_limits(analyte, chem.canonical_unit)
    # cut points on a log scale with distinct steps: at least 0.2% apart, so rounding a
    # boundary to six digits never reorders two of them
    steps = draw(
        st.lists(
            st.integers(min_value=1, max_value=999),
            min_size=len(names) - 1,
            max_size=len(names) - 1,
            unique=True,
        )
    )
    cuts = [low * (high / low) ** (step / 1000) for step in sorted(steps)]
    bands: list[dict[str, Any]] = [{"band": name} for name in names]
    if draw(st.booleans()):  # the first band may say where it starts: 0, inclusive
        unit = draw(st.sampled_from(chem.ucum_codes))
        bands[0]["low"] = {
            "value": draw(st.sampled_from([0, 0.0])),
            "unit": unit,
            "inclusive": True,
            "source": draw(st.sampled_from(cite)),
        }
    for index, cut in enumerate(cuts):
        unit = draw(st.sampled_from(chem.ucum_codes))
        value = _scalar(
            draw, _round(convert_value(cut, chem.canonical_unit, unit, analyte=analyte))
        )
        below_includes = draw(st.booleans())
        bands[index]["high"] = {
            "value": value,
            "unit": unit,
            "inclusive": below_includes,
            "source": draw(st.sampled_from(cite)),
        }
        bands[index + 1]["low"] = {
            "value": value,
            "unit": unit,
            "inclusive": not below_includes,
            "source": draw(st.sampled_from(cite)),
        }
        also = draw(_also(analyte, cut, unit))
        if also:
            bands[index]["high"]["also"] = also
            bands[index + 1]["low"]["also"] = [dict(form) for form in also]
    return bands


def _also(analyte: Analyte, cut: float, unit: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Nothing, or the figure a source might also print for a cut in a unit of the other
    property: the conversion to four significant digits (a rounding of at most 0.05%, well
    under the 0.4% the cuts lie apart, so no band empties in either property)."""
    chem = chemistry(analyte)
    mine = chem.unit_spec(unit).property
    others = [spec.ucum for spec in chem.units if spec.property != mine]
    if not others:
        return st.just([])
    printed = st.sampled_from(others).map(
        lambda other: [
            {
                "value": _round(convert_value(cut, chem.canonical_unit, other, analyte=analyte), 4),
                "unit": other,
            }
        ]
    )
    return st.one_of(st.just([]), printed)


@st.composite
def _when(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["none", "age", "from_age", "pregnant", "trimester"]))
    if kind == "age":
        unit = draw(st.sampled_from(["days", "weeks", "months", "years"]))
        low = draw(st.integers(min_value=0, max_value=60))
        return {
            "age": {
                "min": low,
                "max": low + draw(st.integers(min_value=1, max_value=60)),
                "unit": unit,
            }
        }
    if kind == "from_age":
        return {"age": {"min": draw(st.integers(min_value=0, max_value=100))}}
    if kind == "pregnant":
        return {"pregnant": True}
    if kind == "trimester":
        return {"pregnant": True, "trimester": draw(st.sampled_from([1, 2, 3]))}
    return {}


@st.composite
def valid_mapping(draw: st.DrawFn) -> dict[str, Any]:
    """A range file of one analyte that ``RangeSet.from_mapping`` accepts."""
    analyte = draw(st.sampled_from(list(Analyte)))
    own = [
        f"strategies-lab-{index}" for index in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    sources: dict[str, Any] = {}
    for source_id in own:
        source: dict[str, Any] = {
            "title": draw(_LABEL),
            "url": f"https://example.org/{draw(st.from_regex(r'[a-z0-9/-]{1,20}', fullmatch=True))}",
            "accessed": draw(_ACCESSED),
        }
        if draw(st.booleans()):
            source["checked"] = draw(st.sampled_from(["original", "secondary", "research-notes"]))
        sources[source_id] = source
    cite = own + (bundled_source_ids(analyte) if draw(st.booleans()) else [])
    count = draw(st.integers(min_value=1, max_value=4))
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    default = draw(st.integers(min_value=0, max_value=count - 1))
    populations = []
    for index, population_id in enumerate(ids):
        population: dict[str, Any] = {"id": population_id, "label": draw(_LABEL)}
        if index == default:
            population["default"] = True
        elif draw(st.booleans()):
            population["default"] = False
        when = draw(_when())
        if when:
            population["when"] = when
        if draw(st.booleans()):
            population["note"] = draw(_LABEL)
        population["bands"] = draw(_bands(analyte, cite))
        populations.append(population)
    mapping: dict[str, Any] = {"schema_version": 1, "analyte": analyte.value}
    if draw(st.booleans()):
        mapping["version"] = draw(st.from_regex(r"[a-z0-9.-]{1,12}", fullmatch=True))
    mapping["populations"] = populations
    mapping["sources"] = sources
    return mapping


@st.composite
def invalid_mapping(
    draw: st.DrawFn, rules: Sequence[str] | None = None
) -> tuple[str, dict[str, Any]]:
    """``(rule, mapping)``: a valid mapping with one rule broken (a key of
    :data:`~b12labs.strategies.broken_rules.BREAKERS`; any of them unless ``rules`` says)."""
    rule = draw(st.sampled_from(list(rules or BREAKERS)))
    mapping = draw(valid_mapping())
    BREAKERS[rule](draw, mapping)
    return rule, mapping


def range_mappings(*, valid: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """Range files as ``tomllib`` returns them: plain dicts, lists and TOML scalars.

    With ``valid=True`` (the default), mappings that :meth:`RangeSet.from_mapping
    <b12labs.RangeSet.from_mapping>` accepts, for all three analytes: one to four
    populations (exactly one default; age, pregnancy and trimester criteria), bands from 0
    to infinity without gap or overlap, each boundary inside the analyte's plausibility
    limits, in some accepted unit, and citing a source of the file's own or a bundled one.
    With ``valid=False``, such a mapping with exactly one rule broken (a gap, an overlap,
    two defaults, an unknown unit, an uncited or undefined source, a negative or NaN
    boundary, bands out of order, an unknown key, ...), which ``from_mapping`` refuses with
    a :class:`~b12labs.ReferenceDataError`.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import RangeSet
        >>> @settings(max_examples=10, database=None)
        ... @given(range_mappings())
        ... def check(mapping):
        ...     assert mapping["analyte"] in RangeSet.from_mapping(mapping).analytes
        >>> check()
    """
    if checked_flag(valid, "valid", ReferenceDataError):
        return valid_mapping()
    return invalid_mapping().map(lambda pair: pair[1])
