"""Reading a pint Quantity from any registry as a lab value: by dimensionality, not by name.

The caller's registry does the (prefix-only) conversion into one of the analyte's units,
so a quantity in ``ng/mL`` becomes ``pg/mL``. Equivalents are taken only when the unit is
named as one, because registries that follow UCUM define ``eq`` as a mole.
"""

from __future__ import annotations

import re
from typing import Any

from ._untrusted import finite_number
from .analytes import chemistry
from .enums import Analyte
from .errors import InvalidResultError

__all__ = ["quantity_value"]


def quantity_value(analyte: Analyte, quantity: Any, field: str) -> tuple[float, str]:
    """The value and UCUM unit of a pint Quantity of any registry, for ``analyte``.

    Raises:
        InvalidResultError: not a readable Quantity, or not a finite non-negative value.
        UnitError: no unit of the analyte has the quantity's dimensionality.
    """
    chem = chemistry(analyte)
    try:
        magnitude = quantity.magnitude
        units_text = str(quantity.units).lower()
        dimensionality = {str(k): float(v) for k, v in dict(quantity.dimensionality).items()}
    except Exception:  # noqa: BLE001 - anything a foreign object raises is bad input to us
        raise InvalidResultError(field, "bad_quantity", "not a readable pint Quantity") from None
    finite_number(magnitude, field=f"{field}.value")
    target: str | None = None
    if _EQUIVALENT_WORD.search(units_text):
        target = next((spec.ucum for spec in chem.units if "eq" in spec.ucum), None)
    else:
        kind = _DIMENSION_KINDS.get(frozenset(dimensionality.items()))
        target = next(
            (spec.ucum for spec in chem.units if spec.property == kind and "eq" not in spec.ucum),
            None,
        )
    if target is None:
        raise chem.unit_error(f"{field}.unit")
    try:
        converted = quantity.m_as(_PINT_SPELLING.get(target, target))
    except Exception:  # noqa: BLE001 - the caller's registry could not express our unit
        raise chem.unit_error(f"{field}.unit") from None
    # 15 significant digits drop the registry's float noise (0.4 ng/mL -> 400.00000000000006)
    return float(f"{finite_number(converted, field=f'{field}.value'):.15g}"), target


_EQUIVALENT_WORD = re.compile(r"equivalent|\beq\b|\bmeq\b")
_DIMENSION_KINDS = {
    frozenset({("[mass]", 1.0), ("[length]", -3.0)}): "mass",
    frozenset({("[substance]", 1.0), ("[length]", -3.0)}): "substance",
}
# how our UCUM codes are spelled for a pint registry that may not know the "eq" symbol
_PINT_SPELLING = {"meq/L": "milliequivalent / liter"}
