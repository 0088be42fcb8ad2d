"""The rules of a range file, each with a way to break it in a valid mapping.

:data:`BREAKERS` maps a rule's name to a function that breaks exactly that rule in a valid
mapping (as :func:`~b12labs.strategies.range_files.valid_mapping` draws it), in place;
``RangeSet.from_mapping`` must then refuse the mapping with a
:class:`~b12labs.ReferenceDataError`.

Example:
    >>> "gap" in BREAKERS and "unknown_key" in BREAKERS
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

from hypothesis import strategies as st

from .. import Analyte, chemistry
from .. import convert as convert_value
from ._common import BAND_NAMES, bundled_source_ids

__all__ = ["BREAKERS", "Breaker"]

#: Breaks one rule of a valid mapping, in place, drawing how.
Breaker: TypeAlias = Callable[[st.DrawFn, dict[str, Any]], None]


def _a_cut(draw: st.DrawFn, mapping: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two bounds (below, above) of one boundary of some population."""
    bands = draw(st.sampled_from(mapping["populations"]))["bands"]
    index = draw(st.integers(min_value=1, max_value=len(bands) - 1))
    return bands[index - 1]["high"], bands[index]["low"]


def _both(key: str, value: Callable[[Any], object]) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        for bound in _a_cut(draw, mapping):
            bound[key] = value(bound[key])

    return apply


def _set(
    path: Callable[[st.DrawFn, dict[str, Any]], dict[str, Any]], key: str, values: Sequence[object]
) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        path(draw, mapping)[key] = draw(st.sampled_from(values))

    return apply


def _top(draw: st.DrawFn, mapping: dict[str, Any]) -> dict[str, Any]:
    return mapping


def _population(draw: st.DrawFn, mapping: dict[str, Any]) -> dict[str, Any]:
    populations: list[dict[str, Any]] = mapping["populations"]
    return draw(st.sampled_from(populations))


def _own_source(draw: st.DrawFn, mapping: dict[str, Any]) -> dict[str, Any]:
    sources: dict[str, dict[str, Any]] = mapping["sources"]
    return sources[draw(st.sampled_from(sorted(sources)))]


def _no_default(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    for population in mapping["populations"]:
        population.pop("default", None)


def _extra_population(default: bool, same_id: bool) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        populations = mapping["populations"]
        copy = {**populations[0], "default": default}
        if not same_id:
            taken = {population["id"] for population in populations}
            copy["id"] = next(f"extra_{n}" for n in range(10) if f"extra_{n}" not in taken)
        populations.append(copy)

    return apply


def _gap_or_overlap(factor: float) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        _, above = _a_cut(draw, mapping)
        above["value"] = above["value"] * factor

    return apply


def _inclusive(value: bool) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        for bound in _a_cut(draw, mapping):
            bound["inclusive"] = value

    return apply


def _unit_mismatch(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    analyte = Analyte(mapping["analyte"])
    _, above = _a_cut(draw, mapping)
    other = next(unit for unit in chemistry(analyte).ucum_codes if unit != above["unit"])
    # the same value physically, written in another unit than the band below uses
    above["value"] = convert_value(above["value"], above["unit"], other, analyte=analyte)
    above["unit"] = other


def _swap_names(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    bands = _population(draw, mapping)["bands"]
    index = draw(st.integers(min_value=1, max_value=len(bands) - 1))
    bands[index - 1]["band"], bands[index]["band"] = bands[index]["band"], bands[index - 1]["band"]


def _no_normal(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    """Rename the normal band to a name that keeps the order, else leave only it."""
    population = _population(draw, mapping)
    bands = population["bands"]
    names = [band["band"] for band in bands]
    at = names.index("normal")
    before = BAND_NAMES.index(names[at - 1]) if at else -1
    after = BAND_NAMES.index(names[at + 1]) if at + 1 < len(names) else len(BAND_NAMES)
    fits = [name for name in BAND_NAMES[before + 1 : after] if name != "normal"]
    if fits:
        bands[at]["band"] = draw(st.sampled_from(fits))
    else:  # a population of one band: "normal and at least one other" is the rule broken
        population["bands"] = [{"band": "normal"}]


def _first_low(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    bands = _population(draw, mapping)["bands"]
    bound = {key: value for key, value in bands[1]["low"].items() if key != "also"}
    bands[0]["low"] = {**bound, "value": bound["value"] / 2, "inclusive": True}


def _last_high(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    bands = _population(draw, mapping)["bands"]
    bound = {key: value for key, value in bands[-1]["low"].items() if key != "also"}
    bands[-1]["high"] = {**bound, "value": bound["value"] * 2, "inclusive": True}


def _middle_low(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    _, above = _a_cut(draw, mapping)
    above.clear()  # replaced below: a band after the first that leaves out `low`
    for population in mapping["populations"]:
        population["bands"] = [
            {key: value for key, value in band.items() if value != {}}
            for band in population["bands"]
        ]


def _empty_age(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    low = draw(st.integers(min_value=1, max_value=80))
    high = draw(st.integers(min_value=1, max_value=low))
    _population(draw, mapping)["when"] = {"age": {"min": low, "max": high}}


def _bundled_id(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    sources = mapping["sources"]
    taken = draw(st.sampled_from(bundled_source_ids(Analyte(mapping["analyte"]))))
    sources[taken] = next(iter(sources.values()))


def _source_key(key: str) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        del _own_source(draw, mapping)[key]

    return apply


def _band_name(names: Sequence[str]) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        bands = [b for b in _population(draw, mapping)["bands"] if b["band"] not in names]
        draw(st.sampled_from(bands))["band"] = draw(st.sampled_from(names))

    return apply


def _unknown_key(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    target = draw(st.sampled_from(["file", "population", "band"]))
    where = mapping if target == "file" else _population(draw, mapping)
    if target == "band":
        where = draw(st.sampled_from(where["bands"]))
    where[draw(st.sampled_from(["colour", "Version", "notes", "low_value"]))] = "x"


#: One rule each; the value draws how to break it in a valid mapping.
BREAKERS: dict[str, Breaker] = {
    "schema_version": _set(_top, "schema_version", [0, 2, "1", None]),
    "analyte": _set(_top, "analyte", ["sodium", "", "vitamin b12", 3]),
    "no_populations": _set(_top, "populations", [[]]),
    "no_default": _no_default,
    "two_defaults": _extra_population(default=True, same_id=False),
    "duplicate_population_id": _extra_population(default=False, same_id=True),
    "population_id": _set(_population, "id", ["Adult", "two words", "", "x" * 41, "\u00e9"]),
    "empty_label": _set(_population, "label", [""]),
    "no_bands": _set(_population, "bands", [[]]),
    "trimester": _set(
        lambda draw, m: _population(draw, m).setdefault("when", {}), "trimester", [0, 4, "2", 1.5]
    ),
    "empty_age": _empty_age,
    "gap": _gap_or_overlap(1.01),
    "overlap": _gap_or_overlap(0.99),
    "both_inclusive": _inclusive(True),
    "neither_inclusive": _inclusive(False),
    "unit_mismatch": _unit_mismatch,
    "unit_not_accepted": _both("unit", lambda unit: "furlong/L"),
    "unknown_source": _both("source", lambda source: "no-such-source"),
    "bad_source_id": _both("source", lambda source: "Not An Id"),
    "negative": _both("value", lambda value: -value),
    "not_finite": _both("value", lambda value: math.nan if value > 1 else math.inf),
    "value_as_text": _both("value", str),
    "inclusive_as_text": _both("inclusive", lambda inclusive: "true" if inclusive else "false"),
    "band_order": _swap_names,
    "no_normal_band": _no_normal,
    "duplicate_band": _band_name(["normal"]),
    "not_a_table_band": _band_name(["indeterminate", "Normal", "very_low"]),
    "first_band_start": _first_low,
    "last_band_end": _last_high,
    "middle_band_open": _middle_low,
    "source_url": _set(_own_source, "url", ["ftp://example.org/x", "example.org", "https://"]),
    "source_title": _source_key("title"),
    "source_accessed": _set(_own_source, "accessed", ["yesterday", "2024-13-01", "2024/01/01"]),
    "bundled_source_id": _bundled_id,
    "unknown_key": _unknown_key,
}
