"""The range tables as FHIR ObservationDefinition resources, one per analyte.

R4 (the default, api.md section 8) writes ``qualifiedInterval`` entries and the unit as
``quantitativeDetails.unit``; R5 renames them ``qualifiedValue`` (with ``rangeCategory``)
and ``permittedUnit``, and adds the required ``status``. Each
population gives its normal band (``category`` ``reference``; for a guideline's decision
limits the ``context`` is ``recommended`` and the printed reference interval follows as
``normal``) and its critical bands (``critical``); the analyte's plausibility limits are the
``absolute`` range. Values are in the analyte's canonical unit; ``appliesTo`` and ``age``
name the population and ``condition`` the band and its sources.

Example:
    >>> k = observation_definitions()[1]
    >>> k["code"]["coding"][0]["code"]
    '2823-3'
    >>> adults = [{"text": "Adults aged 18 and over"}]
    >>> normal = next(i for i in k["qualifiedInterval"] if i.get("appliesTo") == adults)
    >>> normal["category"], normal["range"]["low"]["value"], normal["age"]["low"]["code"]
    ('reference', 3.5, 'a')
"""

from __future__ import annotations

from typing import Any, Literal

from ..analytes import chemistry
from ..codes import interop_codes
from ..enums import Analyte, Band
from ..errors import ReferenceDataError
from ..ranges import RangeSet, RangeTable
from ..ranges.canonical import reference_range
from ..units import factor
from .writing import LABORATORY, age_range, tidy

__all__ = ["observation_definitions"]

_CRITICAL = (Band.critical_low, Band.critical_high)


def _limit(value: float | None, analyte: Analyte) -> dict[str, Any] | None:
    if value is None:
        return None
    chem = chemistry(analyte)
    unit = chem.canonical_unit
    return {
        "value": tidy(value),
        "unit": chem.display_unit(unit),
        "system": interop_codes().systems.ucum,
        "code": unit,
    }


def _interval(
    table: RangeTable,
    category: str,
    *,
    low: float | None,
    high: float | None,
    meaning: str | None,
    condition: str,
    version: str,
) -> dict[str, Any]:
    codes = interop_codes()
    limits = {
        k: v
        for k, v in (("low", _limit(low, table.analyte)), ("high", _limit(high, table.analyte)))
        if v
    }
    made: dict[str, Any] = {"rangeCategory" if version == "R5" else "category": category}
    made["range"] = limits
    if meaning is not None:
        rr = codes.reference_range_meaning
        display = rr.normal if meaning == "normal" else rr.recommended
        made["context"] = {"coding": [{"system": rr.system, "code": meaning, "display": display}]}
    made["appliesTo"] = [{"text": table.label}]
    age = age_range(table)
    if age is not None:
        made["age"] = age
    made["condition"] = condition
    return made


def _cited(sources: tuple[Any, ...]) -> str:
    return "; ".join(f"{s.title}" + (f" <{s.url}>" if s.url else "") for s in sources)


def _intervals(table: RangeTable, version: str) -> list[dict[str, Any]]:
    canonical = reference_range(table)
    normal = next(b for b in canonical.bands if b.band is Band.normal)
    decision = table.basis == "decision_limits"
    made = [
        _interval(
            table,
            "reference",
            low=normal.low,
            high=normal.high,
            meaning="recommended" if decision else "normal",
            condition=f"{table.label}: normal band {normal.text}"
            + (" (decision limits)" if decision else "")
            + f". Sources: {_cited(canonical.sources)}.",
            version=version,
        )
    ]
    printed = canonical.reference_interval
    if decision and printed is not None:
        made.append(
            _interval(
                table,
                "reference",
                low=printed.low,
                high=printed.high,
                meaning="normal",
                condition=f"{table.label}: reference interval {printed.text}. "
                f"Sources: {_cited(printed.sources)}.",
                version=version,
            )
        )
    for limits, band in zip(canonical.bands, table.bands, strict=True):
        if limits.band in _CRITICAL:
            sources = tuple({b.source.id: b.source for b in (band.low, band.high) if b}.values())
            made.append(
                _interval(
                    table,
                    "critical",
                    low=limits.low,
                    high=limits.high,
                    meaning=None,
                    condition=f"{table.label}: {limits.band.value.replace('_', ' ')} "
                    f"{limits.text}. Sources: {_cited(sources)}.",
                    version=version,
                )
            )
    return made


def _definition(analyte: Analyte, tables: tuple[RangeTable, ...], version: str) -> dict[str, Any]:
    codes = interop_codes()
    chem = chemistry(analyte)
    unit = chem.canonical_unit
    loinc = chem.unit_spec(unit).loinc
    key = "qualifiedValue" if version == "R5" else "qualifiedInterval"
    intervals = [entry for table in tables for entry in _intervals(table, version)]
    plausible = chem.plausible
    low = plausible.low.value * factor(analyte, plausible.low.unit, unit)
    high = plausible.high.value * factor(analyte, plausible.high.unit, unit)
    intervals.append(
        {
            "rangeCategory" if version == "R5" else "category": "absolute",
            "range": {"low": _limit(low, analyte), "high": _limit(high, analyte)},
            "condition": f"Values no serum sample can hold are refused as implausible: {plausible.note}",
        }
    )
    made: dict[str, Any] = {
        "resourceType": "ObservationDefinition",
        "id": f"b12labs-{analyte.value}",
    }
    if version == "R5":
        made["status"] = "active"
    made |= {
        "category": [{"coding": [{"system": codes.systems.observation_category, **LABORATORY}]}],
        "code": {
            "coding": [
                {
                    "system": codes.systems.loinc,
                    "code": loinc,
                    "display": codes.loinc_display(loinc),
                }
            ],
            "text": chem.label,
        },
        "permittedDataType": ["Quantity"],
    }
    coding = {"system": codes.systems.ucum, "code": unit, "display": chem.display_unit(unit)}
    if version == "R5":
        made["permittedUnit"] = [coding]
    else:
        made["quantitativeDetails"] = {"unit": {"coding": [coding]}}
    made[key] = intervals
    return made


def observation_definitions(
    ranges: RangeSet | None = None, *, version: Literal["R4", "R5"] = "R4"
) -> list[dict[str, Any]]:
    """The tables of a :class:`~b12labs.RangeSet` (the bundled one by default) as FHIR
    ObservationDefinition resources, in analyte order.

    Raises:
        ReferenceDataError: ``ranges`` is not a RangeSet, or ``version`` is not R4 or R5.
    """
    chosen = RangeSet.default() if ranges is None else ranges
    if not isinstance(chosen, RangeSet):
        raise ReferenceDataError("ranges", "not_a_range_set", "ranges must be a RangeSet")
    if version not in ("R4", "R5"):
        raise ReferenceDataError("version", "invalid", "version must be R4 or R5")
    return [_definition(a, chosen.tables(a), version) for a in Analyte if a in chosen]
