"""One FHIR Observation (R4, R4B or R5; a dict or JSON text) to a typed result.

What is read, and nothing else: ``resourceType``, ``status``, ``code.coding`` (the LOINC
code decides the analyte and must fit the unit's property: a mass unit on a moles code is
``loinc_mismatch``; a whole-blood code is ``whole_blood``), ``valueQuantity`` (or a
``valueString`` in the lab-text grammar), ``dataAbsentReason``, ``specimen`` (its Specimen's
``type`` and ``condition``, from ``contained`` or the Bundle), ``note`` (a haemolysis
comment), ``effective[x]`` (to order several results) and ``subject.reference``. These
elements mean the same in the three versions, so one reader serves all of them.

Example:
    >>> obs = {
    ...     "resourceType": "Observation",
    ...     "status": "final",
    ...     "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3"}]},
    ...     "valueQuantity": {
    ...         "value": 3.1,
    ...         "unit": "mmol/L",
    ...         "system": "http://unitsofmeasure.org",
    ...         "code": "mmol/L",
    ...     },
    ... }
    >>> str(result_from_observation(obs)), result_from_observation(obs).loinc
    ('3.1 mmol/L', '2823-3')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from .._json import Json, plain_json, read_json
from .._untrusted import plain_text
from ..analytes import as_analyte, chemistry
from ..codes import hemolysis_mentioned, interop_codes
from ..enums import Analyte
from ..errors import InvalidResultError
from ..parsing import parse_value_text
from ..results import LabResult, result_class
from .quantity import read_quantity

__all__ = [
    "NOT_OURS",
    "ObservationReading",
    "Resources",
    "as_json",
    "read_observation",
    "result_from_observation",
]

#: Observation statuses of R4, R4B and R5; a cancelled or entered-in-error one holds no result.
_STATUSES = frozenset(
    {
        "registered",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "cancelled",
        "entered-in-error",
        "unknown",
        "specimen-in-process",
        "cannot-be-obtained",
    }
)
_WITHDRAWN = frozenset({"cancelled", "entered-in-error"})

#: Resources found beside the Observation, by the reference that names them
#: (``"#id"`` for contained, ``"Specimen/id"`` or a Bundle entry's ``fullUrl``).
Resources = Mapping[str, dict[str, Any]]


class ObservationReading(NamedTuple):
    """What one Observation says: its analyte, its result (``None`` when data is absent or
    the Observation was withdrawn), when it was taken, whose it is, and what was noticed."""

    analyte: Analyte
    result: LabResult | None
    taken: float | None
    subject: str | None
    warnings: tuple[str, ...]
    withdrawn: bool = False


#: The codes of an Observation of something else than B12, potassium or magnesium, which a
#: Bundle reader skips.
NOT_OURS = frozenset({"unknown_loinc", "no_loinc"})


def as_json(value: object, *, field: str) -> Json:
    """Caller input (JSON text, or dicts and lists) as plain data."""
    text = plain_text(value)
    if text is not None:
        return read_json(text, field=field)
    if isinstance(value, bytes | bytearray):
        raise InvalidResultError(field, "not_text", "JSON must be given as text, not bytes")
    return plain_json(value, field=field)


def _dict(value: object, field: str, *, required: bool = False) -> dict[str, Any]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise InvalidResultError(field, "invalid", "expected a JSON object here")
    return value


def _list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidResultError(field, "invalid", "expected a JSON array here")
    return value


def _str(value: object, field: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidResultError(field, "not_text", "expected text here")
    return value


def _analyte_of(code: dict[str, Any], field: str) -> tuple[Analyte, str] | None:
    """The analyte and property its LOINC codings name, ``None`` if there is none."""
    codes = interop_codes()
    found: set[tuple[Analyte, str]] = set()
    other_loinc = False
    for index, item in enumerate(_list(code.get("coding"), f"{field}.coding")):
        where = f"{field}.coding[{index}]"
        coding = _dict(item, where)
        if _str(coding.get("system"), f"{where}.system") != codes.systems.loinc:
            continue
        value = _str(coding.get("code"), f"{where}.code")
        if value is None:
            continue
        blood = codes.whole_blood(value)
        if blood is not None:
            raise InvalidResultError(
                f"{where}.code",
                "whole_blood",
                "a whole-blood LOINC code: the ranges are for serum or plasma",
            )
        match = _ASSIGNED.get(value)
        if match is None:
            other_loinc = True
        else:
            found.add(match)
    if len(found) > 1:
        raise InvalidResultError(
            f"{field}.coding", "loinc_conflict", "the LOINC codes name different results"
        )
    if found:
        return found.pop()
    if other_loinc:
        raise InvalidResultError(
            f"{field}.coding", "unknown_loinc", "not a B12, potassium or magnesium code"
        )
    return None


_ASSIGNED: dict[str, tuple[Analyte, str]] = {}


def _assigned() -> dict[str, tuple[Analyte, str]]:
    if not _ASSIGNED:  # filled once; the same entries whichever thread does it
        for analyte in Analyte:
            for spec in chemistry(analyte).units:
                _ASSIGNED[spec.loinc] = (analyte, spec.property)
    return _ASSIGNED


_DATE_TIME = re.compile(
    r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2})"
    r"(?:T(?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)"
    r"(?P<tz>Z|[+-][0-9]{2}:[0-9]{2}))?)?)?"
)


def _instant(text: str | None) -> float | None:
    """A FHIR date, dateTime or instant as a UTC timestamp of its start; else ``None``."""
    if text is None or len(text) > 40:
        return None
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        return None
    try:
        if match["time"] is None:
            day = dt.date(int(match["y"]), int(match["m"] or 1), int(match["d"] or 1))
            return dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()
        stamp = dt.datetime.fromisoformat(f"{match['y']}-{match['m']}-{match['d']}T{match['time']}")
        zone = dt.UTC if match["tz"] == "Z" else dt.datetime.strptime(match["tz"], "%z").tzinfo
        return stamp.replace(tzinfo=zone).timestamp()
    except (ValueError, OverflowError):
        return None


def _taken(obs: dict[str, Any], field: str) -> float | None:
    for key in ("effectiveDateTime", "effectiveInstant"):
        if key in obs:
            return _instant(_str(obs[key], f"{field}.{key}"))
    if "effectivePeriod" in obs:
        period = _dict(obs["effectivePeriod"], f"{field}.effectivePeriod")
        end = _instant(_str(period.get("end"), f"{field}.effectivePeriod.end"))
        start = _instant(_str(period.get("start"), f"{field}.effectivePeriod.start"))
        return start if start is not None else end
    return None


def _specimen(obs: dict[str, Any], resources: Resources, field: str) -> tuple[str, bool]:
    """The specimen (serum or plasma) and haemolysis its Specimen resource records."""
    codes = interop_codes()
    reference = _str(
        _dict(obs.get("specimen"), f"{field}.specimen").get("reference"),
        f"{field}.specimen.reference",
    )
    contained = {
        f"#{item['id']}": item
        for item in _list(obs.get("contained"), f"{field}.contained")
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    found = contained.get(reference or "") or resources.get(reference or "")
    if found is None or found.get("resourceType") != "Specimen":
        return "serum", False
    where = f"{field}.specimen"
    kind: str = "serum"
    for coding in _list(_dict(found.get("type"), f"{where}.type").get("coding"), where):
        if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
            continue
        meaning = codes.specimen(_str(coding.get("system"), where), coding["code"])
        if meaning == "whole_blood":
            raise InvalidResultError(
                f"{where}.type", "whole_blood", "a whole-blood specimen: ranges are for serum"
            )
        kind = meaning or kind
    hemolyzed = False
    for condition in _list(found.get("condition"), f"{where}.condition"):
        for coding in _list(_dict(condition, where).get("coding"), where):
            if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                system = coding.get("system")
                hemolyzed |= codes.is_hemolysis(
                    system if isinstance(system, str) else None, coding["code"]
                )
    return kind, hemolyzed


def _noted_hemolysis(obs: dict[str, Any], field: str) -> bool:
    for index, note in enumerate(_list(obs.get("note"), f"{field}.note")):
        text = _str(_dict(note, f"{field}.note[{index}]").get("text"), f"{field}.note[{index}]")
        if text and hemolysis_mentioned(text):
            return True
    return False


def read_observation(
    data: Json,
    *,
    field: str,
    resources: Resources | None = None,
    analyte: Analyte | None = None,
) -> ObservationReading:
    """Read one Observation already copied into plain data.

    Raises:
        InvalidResultError: see :func:`result_from_observation`; a code in
            :data:`NOT_OURS` means the Observation is of something else.
        UnitError: the value's unit cannot be read or is not accepted.
    """
    if not isinstance(data, dict) or data.get("resourceType") != "Observation":
        raise InvalidResultError(field, "wrong_resource", "expected a FHIR Observation")
    obs = data
    status = _str(obs.get("status"), f"{field}.status")
    if status is not None and status not in _STATUSES:
        raise InvalidResultError(f"{field}.status", "invalid", "not an Observation status")
    _assigned()
    coded = _analyte_of(_dict(obs.get("code"), f"{field}.code", required=True), f"{field}.code")
    if coded is None and analyte is None:
        raise InvalidResultError(f"{field}.code", "no_loinc", "the Observation has no LOINC code")
    if coded is not None and analyte is not None and coded[0] is not analyte:
        raise InvalidResultError(f"{field}.code", "wrong_analyte", "a code of another analyte")
    which = coded[0] if coded is not None else analyte
    assert which is not None
    subject = _str(_dict(obs.get("subject"), f"{field}.subject").get("reference"), field)
    taken = _taken(obs, field)
    if status in _WITHDRAWN:
        return ObservationReading(which, None, taken, subject, (), withdrawn=True)
    # value[x] is one key; a JSON null is no value (FHIR forbids nulls; some senders write them)
    values = [key for key in obs if key.startswith("value") and obs[key] is not None]
    if len(values) > 1:
        raise InvalidResultError(field, "invalid", "an Observation has at most one value[x]")
    absent = obs.get("dataAbsentReason") is not None
    if values and absent:
        raise InvalidResultError(
            f"{field}.dataAbsentReason",
            "absent_with_value",
            "an Observation with a value cannot also give a dataAbsentReason",
        )
    if absent:
        return ObservationReading(which, None, taken, subject, ())
    if not values:
        raise InvalidResultError(f"{field}.value", "value_missing", "the Observation has no value")
    result, warnings = _with_value(
        obs, which, coded, key=values[0], resources=resources or {}, field=field
    )
    return ObservationReading(which, result, taken, subject, warnings)


def _with_value(
    obs: dict[str, Any],
    which: Analyte,
    coded: tuple[Analyte, str] | None,
    *,
    key: str,
    resources: Resources,
    field: str,
) -> tuple[LabResult, tuple[str, ...]]:
    cls = result_class(which)
    where = f"{field}.{key}"
    warnings: tuple[str, ...] = ()
    if key == "valueQuantity":
        reading = read_quantity(_dict(obs[key], where, required=True), which, field=where)
        value, unit, comparator, warnings = reading
    elif key == "valueString":
        comparator, value, unit = parse_value_text(obs[key], which, field=where)
    else:
        raise InvalidResultError(
            where, "unsupported_value", "only valueQuantity or valueString is read"
        )
    spec = chemistry(which).unit_spec(unit)
    if coded is not None and coded[1] != spec.property:
        raise InvalidResultError(
            f"{field}.code",
            "loinc_mismatch",
            "loinc does not match the analyte and the unit's property",
        )
    specimen, hemolyzed = _specimen(obs, resources, field)
    hemolyzed = hemolyzed or _noted_hemolysis(obs, field)
    return cls._build(value, unit, comparator, specimen, hemolyzed, field=where), warnings


def result_from_observation(
    observation: object, *, analyte: Analyte | str | None = None
) -> LabResult | None:
    """One FHIR Observation (a dict, or its JSON text) as a typed result.

    ``analyte`` names the result when the Observation has no LOINC code (and must agree with
    the code when it has one). Returns ``None`` when the Observation gives a
    ``dataAbsentReason`` and no value.

    Raises:
        InvalidResultError: with ``field`` under ``observation``: ``wrong_resource`` (not an
            Observation), ``no_loinc``, ``unknown_loinc``, ``loinc_conflict``,
            ``loinc_mismatch`` (a mass unit on a moles code), ``whole_blood``,
            ``value_missing``, ``absent_with_value``, ``unsupported_value``, ``withdrawn``
            (cancelled or entered in error), the value's own refusals (``implausible`` ...),
            and the JSON refusals (``not_json``, ``too_deep``, ``too_large`` ...).
        UnitError: the unit is missing, not UCUM, or not accepted for the analyte.
    """
    hint = None if analyte is None else as_analyte(analyte, field="analyte")
    data = as_json(observation, field="observation")
    reading = read_observation(data, field="observation", analyte=hint)
    if reading.withdrawn:
        raise InvalidResultError(
            "observation.status", "withdrawn", "a cancelled or entered-in-error Observation"
        )
    return reading.result
