"""Unit conversion: a cited-chemistry factor table on the hot path, pint behind it.

Every factor is derived with pint from the molar mass and valence in
``reference_ranges/analytes.toml`` (``scripts/sync_reference_data.py`` writes the table to
``_data/conversion_factors.json``; a test re-derives every entry). At run time a conversion
is one dictionary lookup and one multiplication, so ``import b12labs`` and a one-shot
interpretation never pay the ~0.2 s it costs to import pint and build a registry.

The registry itself (:func:`registry`) is built lazily, once, under a lock, from the small
definitions file ``_data/units.txt``; it is there for deriving factors and for callers who
want pint quantities back.

Example:
    >>> from b12labs import convert
    >>> round(convert(400, "pg/mL", "pmol/L", analyte="b12"), 2)
    295.12
    >>> convert(2.0, "meq/L", "mmol/L", analyte="magnesium")
    1.0
    >>> round(convert(2.0, "mg/dL", "mmol/L", analyte="magnesium"), 3)
    0.823
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._packaged import load_once, read_json
from ._untrusted import finite_number, is_pint_quantity, plain
from .analytes import Chemistry, as_analyte, chemistry
from .enums import Analyte
from .errors import B12LabsError, InvalidResultError, UnitError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "FACTORS_FILE",
    "convert",
    "derive_factor",
    "factor",
    "registry",
]

FACTORS_FILE = "conversion_factors.json"
#: Significant digits kept of each derived factor.
FACTOR_DIGITS = 15
_REGISTRY_LOCK = threading.Lock()
_registry: Any = None

T = TypeVar("T")


def registry() -> Any:
    """The one pint ``UnitRegistry`` of b12labs, built on first call (thread-safe).

    It knows only the units the analytes need, plus the ``chemistry`` (molar mass) and
    ``ionic`` (valence) contexts. Quantities from it must not be mixed with quantities from
    another registry; :func:`b12labs.results.coerce_result` accepts quantities from any
    registry by reading their dimensionality instead.
    """
    global _registry  # noqa: PLW0603 - a process-wide lazy singleton is the point
    with _REGISTRY_LOCK:
        if _registry is None:
            from importlib import resources

            import pint

            definitions = resources.files(__package__ or "b12labs").joinpath("_data", "units.txt")
            with resources.as_file(definitions) as path:
                _registry = pint.UnitRegistry(str(path), autoconvert_offset_to_baseunit=False)
        return _registry


def _kind(ucum: str) -> str:
    """``"equivalents"``, ``"substance"`` or ``"mass"`` concentration, from the UCUM code."""
    numerator = ucum.split("/", 1)[0]
    if numerator.endswith("eq"):
        return "equivalents"
    return "substance" if numerator.endswith("mol") else "mass"


def derive_factor(chem: Chemistry, from_unit: str, to_unit: str) -> float:
    """Derive, with pint, the factor turning ``from_unit`` values into ``to_unit`` values.

    Both units are UCUM codes accepted for the analyte. The molar mass joins mass and
    substance concentration; the valence joins substance and equivalents.

    Raises:
        UnitError: the conversion needs a molar mass or a valence the chemistry lacks.
    """
    kinds = {_kind(from_unit), _kind(to_unit)}
    contexts: list[str] = []
    params: dict[str, Any] = {}
    ureg = registry()
    if "mass" in kinds and len(kinds) > 1:
        if chem.molar_mass is None:
            raise UnitError(
                "unit",
                "needs_molar_mass",
                f"converting this unit of {chem.label} needs a molar mass",
            )
        contexts.append("chemistry")
        params["mw"] = ureg.Quantity(chem.molar_mass.value, chem.molar_mass.unit)
    if "equivalents" in kinds and len(kinds) > 1:
        if chem.valence is None:
            raise UnitError(
                "unit", "needs_valence", f"converting this unit of {chem.label} needs a valence"
            )
        contexts.append("ionic")
        params["valence"] = chem.valence.value
    quantity = ureg.Quantity(1.0, from_unit).to(to_unit, *contexts, **params)
    # 15 significant digits drop pint's float noise (0.9999999999999999 for pg/mL -> ng/L)
    # while keeping 9 more digits than any molar mass we cite.
    return float(f"{float(quantity.magnitude):.{FACTOR_DIGITS}g}")


@load_once
def _table() -> dict[tuple[Analyte, str, str], float]:
    """Every factor by (analyte, UCUM code, UCUM code), the identities included."""
    raw = read_json(FACTORS_FILE)
    table: dict[tuple[Analyte, str, str], float] = {}
    for name, entry in raw["analytes"].items():
        analyte = Analyte(name)
        for code in chemistry(analyte).ucum_codes:
            table[analyte, code, code] = 1.0
        for pair in entry["factors"]:
            table[analyte, pair["from"], pair["to"]] = float(pair["factor"])
    return table


def factor(analyte: Analyte | str, from_unit: str, to_unit: str) -> float:
    """The factor turning ``from_unit`` values of ``analyte`` into ``to_unit`` values.

    Units may be any accepted spelling. Values come from the generated table: an
    :class:`Analyte` with two UCUM codes (what the library passes) is one dictionary lookup;
    anything else is resolved through the accepted spellings first, so no caller's string is
    ever kept.

    Raises:
        UnitError: a unit is not accepted for the analyte, or the conversion needs a molar
            mass or valence the data lacks.
    """
    if type(analyte) is Analyte and type(from_unit) is str and type(to_unit) is str:
        found = _table().get((analyte, from_unit, to_unit))
        if found is not None:
            return found
    return _factor(plain(analyte), plain(from_unit), plain(to_unit))


def _factor(analyte: Any, from_unit: Any, to_unit: Any) -> float:
    # the arguments are untrusted: chemistry() and unit_spec() refuse anything else
    chem = chemistry(analyte)
    source = chem.unit_spec(from_unit, field="from_unit").ucum
    target = chem.unit_spec(to_unit, field="to_unit").ucum
    found = _table().get((as_analyte(analyte), source, target))
    if found is None:
        needs = "a valence" if "equivalents" in {_kind(source), _kind(target)} else "a molar mass"
        raise UnitError(
            "to_unit", "conversion_refused", f"converting these units of {chem.label} needs {needs}"
        )
    return found


def _is_array(value: object) -> bool:
    """Whether ``value`` is array-like with at least one dimension (a 0-d array is a scalar)."""
    try:
        return hasattr(value, "__array__") and int(getattr(value, "ndim", 0)) > 0
    except Exception:  # noqa: BLE001 - a caller's object whose ndim raises is not an array
        return False


@overload
def convert(value: float, from_unit: str, to_unit: str, *, analyte: Analyte | str) -> float: ...
@overload
def convert(
    value: npt.NDArray[np.floating[Any]], from_unit: str, to_unit: str, *, analyte: Analyte | str
) -> npt.NDArray[np.float64]: ...
def convert(value: Any, from_unit: str, to_unit: str, *, analyte: Analyte | str) -> Any:
    """Convert a value, or a numpy array of values, between two units of one analyte.

    A scalar is validated like a parsed value (finite, non-negative, not a boolean). An
    array (anything with ``__array__`` and at least one dimension: a numpy array, a pandas
    Series) is converted element-wise as ``float64`` without validation, so ``NaN`` stays
    ``NaN``: row-level checks belong to whoever owns the rows. A pint Quantity is refused:
    it carries its own unit, so pass its magnitude.

    Args:
        value: a real number or a numpy array of them.
        from_unit: any accepted spelling of the value's unit (``"mg/dl"``, ``"mEq/L"``).
        to_unit: any accepted spelling of the target unit.
        analyte: an :class:`~b12labs.Analyte` or its string value.

    Raises:
        UnitError: a unit is not accepted for the analyte.
        InvalidResultError: a scalar that is not a finite non-negative number; an array
            whose values are not real numbers, or with a finite value that would become
            infinite in the target unit; a pint Quantity.
        UnknownAnalyteError: ``analyte`` is not an analyte.

    Example:
        >>> convert(4, "mEq/L", "mmol/L", analyte="potassium")
        4.0
    """
    multiplier = factor(analyte, from_unit, to_unit)
    if is_pint_quantity(value):
        raise InvalidResultError(
            "value", "quantity", "a Quantity carries its own unit: pass its magnitude"
        )
    if _is_array(value):
        return _convert_array(value, multiplier)
    # a huge finite value can overflow to infinity in a smaller unit: refuse, never return inf
    return finite_number(finite_number(value, field="value") * multiplier, field="value")


def _convert_array(value: object, multiplier: float) -> npt.NDArray[np.float64]:
    """Element-wise conversion as float64; a finite value must not overflow to infinity."""
    import numpy as np  # only callers who pass arrays pay for numpy

    try:
        original = np.asarray(value)
        if original.dtype.kind not in "fiu":  # bool, complex, object, text, dates: refused
            raise InvalidResultError("value", "not_a_number", "array values must be real numbers")
        with np.errstate(over="ignore", invalid="ignore"):
            array = np.asarray(original, dtype=np.float64)  # a float128 may overflow here
            converted: npt.NDArray[np.float64] = array * multiplier
            # no factor above 1 means no overflow; else only a new infinity needs a look
            overflow = multiplier > 1 and bool(
                np.isinf(np.fmax.reduce(converted, axis=None, initial=0.0))
            )
            if overflow or array is not original:  # infinities from the float64 cast too
                finite = np.isfinite(original)
                overflow = bool(np.any(finite & ~np.isfinite(converted)))
    except B12LabsError:
        raise
    except Exception:  # noqa: BLE001 - an array-like that cannot be read is bad input to us
        raise InvalidResultError(
            "value", "not_a_number", "array values must be real numbers"
        ) from None
    if overflow:
        raise InvalidResultError(
            "value", "not_finite", "a value becomes too large to represent in the target unit"
        )
    return converted
