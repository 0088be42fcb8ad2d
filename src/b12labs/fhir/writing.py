"""A report's findings as FHIR R4 Observations.

Each finding becomes an Observation that reads back to the same result
(:func:`~b12labs.fhir.result_from_observation`): the LOINC code of the result's unit, the
value as reported in a UCUM ``valueQuantity`` (with its comparator), a contained Specimen
for the specimen type and haemolysis, the flag as an HL7 v3 ``interpretation``, the
``referenceRange`` the flag is relative to (low and high as UCUM quantities in the result's
unit, the population in ``appliesTo`` and ``age``) and notes that cite the range's source,
recommend clinician follow-up and say that this is not a diagnosis.

Example:
    >>> from b12labs import interpret
    >>> obs = observations_from_report(interpret(potassium="3.1 mmol/L"))[0]
    >>> obs["interpretation"][0]["coding"][0]["code"], obs["referenceRange"][0]["low"]["value"]
    ('L', 3.5)
"""

from __future__ import annotations

from typing import Any

from ..analytes import chemistry
from ..codes import interop_codes
from ..enums import Analyte, Band
from ..ranges import RangeSet, RangeTable, ReferenceRange
from ..ranges.published import value_in
from ..report import Finding, Report
from ..units import factor

__all__ = ["age_range", "observations_from_report", "quantity", "tidy"]

#: FHIR's observation-category code for a laboratory result (a code of the spec itself).
LABORATORY = {"code": "laboratory", "display": "Laboratory"}
#: The id of the Specimen each Observation contains (local to the resource).
SPECIMEN_ID = "specimen"
_SPECIMEN_CODES = {"serum": "SER", "plasma": "PLAS"}


def tidy(value: float) -> float:
    """A converted number without the float noise of the conversion (12 significant digits)."""
    return float(f"{value:.12g}")


def quantity(
    value: float, unit: str, analyte: Analyte, comparator: str | None = None
) -> dict[str, Any]:
    """A FHIR Quantity in a UCUM code, with the display FHIR writes beside it."""
    made: dict[str, Any] = {"value": value}
    if comparator is not None:
        made["comparator"] = comparator
    made |= {
        "unit": chemistry(analyte).display_unit(unit),
        "system": interop_codes().systems.ucum,
        "code": unit,
    }
    return made


def age_range(table: RangeTable) -> dict[str, Any] | None:
    """A table's age criterion as a FHIR Range of Age quantities, or ``None``."""
    age = table.when.age
    if age is None:
        return None
    codes = interop_codes()
    unit = codes.age_unit(age.unit)

    def limit(value: float) -> dict[str, Any]:
        return {
            "value": value,
            "unit": unit.display,
            "system": codes.systems.ucum,
            "code": unit.code,
        }

    made: dict[str, Any] = {}
    if age.min is not None:
        made["low"] = limit(age.min)
    if age.max is not None:
        made["high"] = limit(age.max)
    return made or None


def _table(report: Report, reference: ReferenceRange, ranges: RangeSet | None) -> RangeTable | None:
    """The table a finding was classified against, when it can be known for sure."""
    if ranges is None:
        if report.reference_data_version != RangeSet.default().version:
            return None
        ranges = RangeSet.default()
    if reference.analyte not in ranges:
        return None
    return next(
        (t for t in ranges.tables(reference.analyte) if t.population == reference.population), None
    )


def _range(
    reference: ReferenceRange,
    low: float | None,
    high: float | None,
    *,
    meaning: str,
    text: str,
    unit: str,
    age: dict[str, Any] | None,
) -> dict[str, Any]:
    codes = interop_codes().reference_range_meaning
    analyte = reference.analyte
    entry: dict[str, Any] = {}
    if low is not None:
        entry["low"] = quantity(tidy(low), unit, analyte)
    if high is not None:
        entry["high"] = quantity(tidy(high), unit, analyte)
    display = codes.normal if meaning == "normal" else codes.recommended
    entry["type"] = {"coding": [{"system": codes.system, "code": meaning, "display": display}]}
    entry["appliesTo"] = [{"text": reference.population_label}]
    if age is not None:
        entry["age"] = age
    entry["text"] = text
    return entry


def _limits(
    reference: ReferenceRange,
    table: RangeTable | None,
    unit: str,
    printed: bool,
) -> tuple[float | None, float | None]:
    """The normal band's limits (or the printed interval's) in ``unit``: from the figures
    the table's sources printed in that unit's property where the table is known (NICE's
    258 pmol/L, not 350 ng/L converted), else the report's canonical figures converted."""
    if table is not None:
        interval = table.reference_interval if printed else None
        low, high = (
            (interval.low, interval.high) if interval else (table.normal.low, table.normal.high)
        )
        analyte = table.analyte
        return (
            None if low is None else value_in(low, analyte, unit),
            None if high is None else value_in(high, analyte, unit),
        )
    limits = reference.reference_interval if printed else None
    lower, upper = (limits.low, limits.high) if limits else (reference.low, reference.high)
    scale = factor(reference.analyte, reference.unit, unit)
    return None if lower is None else lower * scale, None if upper is None else upper * scale


def _ranges(finding: Finding, table: RangeTable | None) -> list[dict[str, Any]]:
    reference, unit = finding.reference_range, finding.result.unit
    age = None if table is None else age_range(table)
    normal_low, normal_high = _limits(reference, table, unit, printed=False)
    # FHIR's low and high are inclusive; a band that excludes an end says so in its text
    open_ends = [
        end
        for end, limit, inclusive in (
            ("lower", reference.low, reference.low_inclusive),
            ("upper", reference.high, reference.high_inclusive),
        )
        if limit is not None and not inclusive
    ]
    edges = f" (the band excludes its {' and '.join(open_ends)} limit)" if open_ends else ""
    if reference.basis == "reference_interval":
        text = f"Reference interval for {reference.population_label}: {reference.text}{edges}."
        return [
            _range(
                reference,
                normal_low,
                normal_high,
                meaning="normal",
                text=text,
                unit=unit,
                age=age,
            )
        ]
    text = (
        f"Decision limits for {reference.population_label}: the normal band is {reference.text}"
        f"{edges}; the flag is relative to it."
    )
    made = [
        _range(
            reference,
            normal_low,
            normal_high,
            meaning="recommended",
            text=text,
            unit=unit,
            age=age,
        )
    ]
    printed = reference.reference_interval
    if printed is not None:
        text = f"Reference interval a laboratory would print: {printed.text}."
        printed_low, printed_high = _limits(reference, table, unit, printed=True)
        made.append(
            _range(
                reference,
                printed_low,
                printed_high,
                meaning="normal",
                text=text,
                unit=unit,
                age=age,
            )
        )
    return made


def _notes(finding: Finding, report: Report) -> list[dict[str, str]]:
    reference = finding.reference_range
    cited = "; ".join(
        f"{source.title}" + (f" <{source.url}>" if source.url else "")
        for source in reference.sources
    )
    band = finding.band.value.replace("_", " ")
    return [
        {
            "text": (
                f"b12labs {report.library_version} classified this result as {band} "
                f"(flag {finding.flag}) against the range for {reference.population_label} "
                f"(reference data {report.reference_data_version}). Source: {cited}."
            )
        },
        {"text": report.clinician_follow_up.text},
        {"text": report.disclaimer},
    ]


def _observation(finding: Finding, report: Report, table: RangeTable | None) -> dict[str, Any]:
    codes = interop_codes()
    result = finding.result
    chem = chemistry(finding.analyte)
    specimen: dict[str, Any] = {
        "resourceType": "Specimen",
        "id": SPECIMEN_ID,
        "type": {
            "coding": [
                {
                    "system": next(
                        s.system for s in codes.specimen_types if s.specimen == result.specimen
                    ),
                    "code": _SPECIMEN_CODES[result.specimen],
                }
            ],
            "text": result.specimen,
        },
    }
    if result.hemolyzed:
        hem = codes.hemolysis_conditions[0]
        specimen["condition"] = [
            {"coding": [{"system": hem.system, "code": hem.code, "display": hem.display}]}
        ]
    interpretation = codes.interpretation
    band = finding.band
    return {
        "resourceType": "Observation",
        "contained": [specimen],
        "status": "final",
        "category": [{"coding": [{"system": codes.systems.observation_category, **LABORATORY}]}],
        "code": {
            "coding": [
                {
                    "system": codes.systems.loinc,
                    "code": result.loinc,
                    "display": codes.loinc_display(result.loinc),
                }
            ],
            "text": chem.label,
        },
        "valueQuantity": quantity(result.value, result.unit, finding.analyte, result.comparator),
        "interpretation": [
            {
                "coding": [
                    {
                        "system": interpretation.system,
                        "code": finding.flag,
                        "display": interpretation.displays[finding.flag],
                    }
                ],
                "text": "indeterminate: the censored value spans several bands"
                if band is Band.indeterminate
                else band.value.replace("_", " "),
            }
        ],
        "specimen": {"reference": f"#{SPECIMEN_ID}"},
        "referenceRange": _ranges(finding, table),
        "note": _notes(finding, report),
    }


def observations_from_report(
    report: Report, *, ranges: RangeSet | None = None
) -> list[dict[str, Any]]:
    """Each finding of a report as a FHIR R4 Observation (a JSON-ready dict).

    ``ranges`` is the :class:`~b12labs.RangeSet` the report was made with, when it was not
    the bundled one: it gives each reference range its ``age``. Without it, the age is
    written only for a report made with the bundled ranges.
    """
    return [
        _observation(finding, report, _table(report, finding.reference_range, ranges))
        for analyte, finding in sorted(
            report.findings.items(), key=lambda item: list(Analyte).index(item[0])
        )
        if analyte is finding.analyte
    ]
