"""One person's Observations (a list, or a Bundle; dicts or JSON text) straight to a report.

Every resource is read; Observations of anything other than B12, potassium and magnesium
(another LOINC code, or none) and resources of other types are passed over, so a whole
laboratory Bundle can be handed in. A Specimen the Bundle holds is found by its
``fullUrl`` or ``Specimen/<id>``. Of several Observations of one analyte the most recent by
``effective[x]`` is used, with a warning (api.md section 8); without times to order them
the Observations are ``several_results``. Observations of more than one ``subject`` are
``several_people``.

Example:
    >>> k = {
    ...     "resourceType": "Observation",
    ...     "status": "final",
    ...     "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3"}]},
    ...     "valueQuantity": {
    ...         "value": 2.9,
    ...         "system": "http://unitsofmeasure.org",
    ...         "code": "mmol/L",
    ...     },
    ... }
    >>> report = interpret_observations(
    ...     {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": k}]}
    ... )
    >>> report.findings["potassium"].band.value, report.urgency.value
    ('low', 'prompt')
"""

from __future__ import annotations

from typing import Any

from .._json import Json
from ..analytes import chemistry
from ..enums import Analyte
from ..errors import B12LabsError, InvalidResultError
from ..interpretation import interpret
from ..ranges import RangeSet
from ..report import Report
from ..results import LabResult
from .observation import NOT_OURS, ObservationReading, as_json, read_observation

__all__ = ["interpret_observations", "readings"]


def _resources(data: Json, field: str) -> list[tuple[str, Any, str | None]]:
    """``(field, resource, fullUrl)`` for each resource of a Bundle, a list or one resource."""
    if isinstance(data, list):
        return [(f"{field}[{index}]", item, None) for index, item in enumerate(data)]
    if not isinstance(data, dict):
        raise InvalidResultError(field, "wrong_resource", "expected a Bundle or Observations")
    if data.get("resourceType") == "Observation":
        return [(field, data, None)]
    if data.get("resourceType") != "Bundle":
        raise InvalidResultError(field, "wrong_resource", "expected a Bundle or Observations")
    entries = data.get("entry") or []
    if not isinstance(entries, list):
        raise InvalidResultError(f"{field}.entry", "invalid", "expected a JSON array here")
    found = []
    for index, entry in enumerate(entries):
        where = f"{field}.entry[{index}]"
        if not isinstance(entry, dict):
            raise InvalidResultError(where, "invalid", "expected a JSON object here")
        url = entry.get("fullUrl")
        found.append(
            (f"{where}.resource", entry.get("resource"), url if isinstance(url, str) else None)
        )
    return found


def readings(observations: object, *, field: str = "observations") -> list[ObservationReading]:
    """Every B12, potassium and magnesium Observation of a list or Bundle, read.

    Raises:
        InvalidResultError, UnitError: as :func:`~b12labs.fhir.result_from_observation`,
            with ``field`` under ``observations``.
    """
    data = as_json(observations, field=field)
    items = _resources(data, field)
    specimens: dict[str, dict[str, Any]] = {}
    for _, resource, url in items:
        if isinstance(resource, dict) and resource.get("resourceType") == "Specimen":
            if url:
                specimens[url] = resource
            if isinstance(resource.get("id"), str):
                specimens[f"Specimen/{resource['id']}"] = resource
    read: list[ObservationReading] = []
    for where, resource, _ in items:
        if isinstance(resource, dict) and resource.get("resourceType") != "Observation":
            continue  # a Patient, a Specimen, a DiagnosticReport ...
        try:
            read.append(read_observation(resource, field=where, resources=specimens))
        except B12LabsError as error:
            if error.code not in NOT_OURS:
                raise
    return read


def _chosen(
    found: list[ObservationReading], analyte: Analyte
) -> tuple[LabResult | None, list[str]]:
    """The result used for one analyte, and the warnings that say how it was chosen."""
    label = chemistry(analyte).label
    warnings: list[str] = []
    withdrawn = [r for r in found if r.withdrawn]
    if withdrawn:
        warnings.append(f"{label}: a cancelled or entered-in-error Observation was left out.")
    usable = [r for r in found if not r.withdrawn]
    if not usable:
        return None, warnings
    if len(usable) > 1:
        times = [r.taken for r in usable]
        latest = max((t for t in times if t is not None), default=None)
        if latest is None or None in times or times.count(latest) > 1:
            raise InvalidResultError(
                f"observations.{analyte.value}",
                "several_results",
                "several results of one analyte without effective times to order them",
            )
        chosen = next(r for r in usable if r.taken == latest)
        warnings.append(
            f"{label}: {len(usable)} Observations were given; the most recent was used."
        )
    else:
        chosen = usable[0]
    warnings.extend(chosen.warnings)
    if chosen.result is None:
        warnings.append(f"{label}: the Observation gives a reason its value is absent.")
    return chosen.result, warnings


def interpret_observations(
    observations: object,
    *,
    symptoms: object = (),
    context: object = None,
    ranges: RangeSet | None = None,
) -> Report:
    """Interpret one person's Observations (a list, a Bundle, or their JSON text).

    ``symptoms``, ``context`` and ``ranges`` are those of :func:`~b12labs.interpret`.

    Raises:
        InvalidResultError: an Observation :func:`~b12labs.fhir.result_from_observation`
            refuses (other than one of another analyte), ``several_results``,
            ``several_people``, or a JSON refusal.
        UnitError, UnknownSymptomError, InvalidContextError, ReferenceDataError: as for
            :func:`~b12labs.interpret`.
    """
    found = readings(observations)
    subjects = {r.subject for r in found if r.subject is not None}
    if len(subjects) > 1:
        raise InvalidResultError(
            "observations", "several_people", "the Observations are of more than one subject"
        )
    labs: dict[str, LabResult] = {}
    warnings: list[str] = []
    for analyte in Analyte:
        mine = [r for r in found if r.analyte is analyte]
        if mine:
            result, said = _chosen(mine, analyte)
            warnings.extend(said)
            if result is not None:
                labs[analyte.value] = result
    report = interpret(
        b12=labs.get("b12"),
        potassium=labs.get("potassium"),
        magnesium=labs.get("magnesium"),
        symptoms=symptoms,
        context=context,
        ranges=ranges,
    )
    if not warnings:
        return report
    merged = [*dict.fromkeys([*report.warnings, *warnings])]
    return report.model_copy(update={"warnings": merged})
