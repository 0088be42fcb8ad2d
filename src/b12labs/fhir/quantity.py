"""A FHIR ``Quantity`` (``value``, ``unit``, ``system``, ``code``, ``comparator``) as a result.

The same reader serves ``Observation.valueQuantity`` and a Quantity mapping handed to
``interpret()`` as a lab argument. The unit is read by its UCUM ``code`` when the quantity
has one (api.md section 8: a ``unit`` text that disagrees with the code is read by the
code); a quantity without a code is read by its ``unit`` text, through the same per-analyte
allow-list as lab text. A code from another system than UCUM is not read as a unit.

Example:
    >>> from b12labs import Analyte
    >>> q = {
    ...     "value": 150,
    ...     "comparator": "<",
    ...     "unit": "pg/mL",
    ...     "system": "http://unitsofmeasure.org",
    ...     "code": "pg/mL",
    ... }
    >>> str(result_from_quantity(q, Analyte.b12, field="b12"))
    '<150 pg/mL'
"""

from __future__ import annotations

from typing import NamedTuple, cast

from .._untrusted import finite_number, plain_text
from ..analytes import chemistry, normalise_unit_text
from ..codes import interop_codes
from ..enums import Analyte
from ..errors import InvalidResultError, UnitError
from ..parsing import Comparator
from ..results import LabResult, result_class

__all__ = [
    "QUANTITY_KEYS",
    "QuantityReading",
    "read_quantity",
    "result_from_mapping",
    "result_from_quantity",
]

#: The keys of a FHIR Quantity (``id`` and ``extension`` are every element's).
QUANTITY_KEYS = ("value", "comparator", "unit", "system", "code", "id", "extension")
#: Keys a lab mapping may have: a result's fields, a Quantity's, and the Observation keys
#: people pass by mistake. Only these are ever named in an error; any other key is shown
#: as "(unknown key)".
_NAMED_KEYS = frozenset(
    {
        *QUANTITY_KEYS,
        "analyte",
        "specimen",
        "hemolyzed",
        "loinc",
        "resourceType",
        "valueQuantity",
        "valueString",
        "dataAbsentReason",
        "status",
    }
)
_COMPARATORS = ("<", "<=", ">=", ">")


class QuantityReading(NamedTuple):
    """A quantity read: the number, its UCUM unit, its comparator, and what was noticed."""

    value: float
    unit: str
    comparator: Comparator | None
    warnings: tuple[str, ...]


def _text(quantity: dict[str, object], key: str, field: str) -> str | None:
    value = quantity.get(key)
    if value is None:
        return None
    text = plain_text(value)
    if text is None:
        if key == "comparator":
            raise InvalidResultError(f"{field}.comparator", "bad_comparator", "not a comparator")
        raise UnitError(f"{field}.{key}", "unit_not_text", f"the quantity's {key} must be text")
    return text


def read_quantity(quantity: dict[str, object], analyte: Analyte, *, field: str) -> QuantityReading:
    """Read a FHIR Quantity that has already been copied into plain data.

    Raises:
        InvalidResultError: no ``value``, a value that is not a finite non-negative number,
            or a comparator other than ``<``, ``<=``, ``>=``, ``>`` (``ad`` is no result).
        UnitError: no unit, a code from another system than UCUM without a readable unit
            text, or a unit not accepted for the analyte.
    """
    if "value" not in quantity or quantity["value"] is None:
        raise InvalidResultError(f"{field}.value", "value_missing", "the quantity has no value")
    value = finite_number(quantity["value"], field=f"{field}.value")
    comparator = _text(quantity, "comparator", field)
    if comparator is not None and comparator not in _COMPARATORS:
        raise InvalidResultError(
            f"{field}.comparator", "bad_comparator", "comparator must be one of <, <=, >=, >"
        )
    system, code = _text(quantity, "system", field), _text(quantity, "code", field)
    unit = _text(quantity, "unit", field)
    chem = chemistry(analyte)
    warnings: list[str] = []
    ucum = system is None or system == interop_codes().systems.ucum
    if code is not None and ucum:
        spec = chem.unit_spec(code, field=f"{field}.code")
        if unit is not None and chem.spelling_index.get(normalise_unit_text(unit)) is not spec:
            warnings.append(
                f"{chem.label}: the quantity's unit text and its UCUM code disagree; "
                "it was read by the code."
            )
    elif unit is not None:
        spec = chem.unit_spec(unit, field=f"{field}.unit")
    elif code is not None:
        raise UnitError(f"{field}.system", "not_ucum", "only UCUM unit codes are read")
    else:
        raise UnitError(f"{field}.unit", "unit_missing", "the quantity has no unit")
    return QuantityReading(value, spec.ucum, cast("Comparator | None", comparator), tuple(warnings))


def result_from_quantity(quantity: dict[str, object], analyte: Analyte, *, field: str) -> LabResult:
    """A typed result from a FHIR Quantity in plain data (serum, not haemolysed)."""
    reading = read_quantity(quantity, analyte, field=field)
    cls = result_class(analyte)
    return cls._build(reading.value, reading.unit, reading.comparator, "serum", False, field=field)


def result_from_mapping(analyte: Analyte, data: dict[str, object], field: str) -> LabResult:
    """A lab argument given as a mapping with keys beyond a result's fields.

    A FHIR Quantity is read as one; any other mapping is refused, naming the first key that
    does not fit when it is one of the fixed names b12labs knows (never a caller's own key).

    Raises:
        InvalidResultError: ``unexpected_field`` (``field`` is ``<lab>.<key>`` for a known
            key name, else ``<lab>``), or the Quantity's own refusals.
        UnitError: the Quantity's unit cannot be read.
    """
    extra = [key for key in data if key not in QUANTITY_KEYS]
    if not extra:
        return result_from_quantity(data, analyte, field=field)
    known = next((key for key in extra if key in _NAMED_KEYS), None)
    if known is None:
        raise InvalidResultError(field, "unexpected_field", "unexpected field")
    name = next(k for k in _NAMED_KEYS if k == known)  # our own string, never the caller's
    hint = (
        ": pass an Observation to b12labs.fhir.result_from_observation"
        if name in ("resourceType", "valueQuantity", "valueString", "dataAbsentReason", "status")
        else ": a FHIR Quantity has value, comparator, unit, system and code"
    )
    raise InvalidResultError(
        f"{field}.{name}", "unexpected_field", f"unexpected field {name}{hint}"
    )
