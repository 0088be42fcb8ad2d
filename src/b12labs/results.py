"""Typed lab results: frozen pydantic models, one class per analyte.

A result keeps the number and unit *as reported* (the unit written back as its UCUM code),
the FHIR-style comparator of a censored value, the specimen, and whether the sample was
haemolysed. ``analyte`` is serialised and is the discriminator that brings a result back
from JSON as the right class; ``loinc`` follows from the analyte and the unit's property.

Example:
    >>> from b12labs import B12Result
    >>> r = B12Result.parse("<150 pg/mL")
    >>> r.comparator, r.value, r.unit, r.loinc
    ('<', 150.0, 'pg/mL', '2132-9')
    >>> str(r.to("pmol/L"))
    '<110.67 pmol/L'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal, Self, TypeAlias, TypeVar

from pydantic import Field, ValidationError, model_validator

from ._models import FrozenModel
from ._result_errors import NOT_READ, as_library_error
from ._trusted import trusted
from ._untrusted import finite_number, is_pint_quantity, read_mapping
from .analytes import chemistry
from .enums import Analyte
from .errors import InvalidResultError, UnitError
from .formatting import reported
from .parsing import Comparator, parse_number_text, parse_value_text, simple_value_text
from .plausibility import check_plausible, plausible
from .quantities import quantity_value
from .units import factor

__all__ = [
    "AnyResult",
    "B12Result",
    "LabResult",
    "MagnesiumResult",
    "PotassiumResult",
    "coerce_result",
    "result_class",
]

Specimen = Literal["serum", "plasma"]


#: The LOINC code of each analyte's UCUM codes.
_LOINC: dict[tuple[Analyte, str], str] = {
    (analyte, spec.ucum): spec.loinc for analyte in Analyte for spec in chemistry(analyte).units
}
_NO_ANALYTE = "LabResult has no analyte: use B12Result, PotassiumResult or MagnesiumResult"
#: The fields a result built from parts is given (the analyte is its class's default).
_BUILT_FIELDS = frozenset({"value", "unit", "comparator", "specimen", "hemolyzed", "loinc"})


class LabResult(FrozenModel):
    """A serum or plasma lab value: the shared base of the three result classes.

    Attributes:
        analyte: which substance; fixed per subclass and serialised.
        value: the number as reported (finite, >= 0).
        unit: the unit as its UCUM code (``"pg/mL"``, ``"pmol/L"``, ``"meq/L"``...).
        comparator: for a censored value, ``"<"``, ``"<="``, ``">="`` or ``">"``
            (as FHIR ``Quantity.comparator``); ``None`` for an exact value.
        specimen: ``"serum"`` (default) or ``"plasma"``.
        hemolyzed: whether the lab flagged haemolysis (matters for potassium).
        loinc: the LOINC code for the analyte in the unit's property (mass or moles).
    """

    analyte: Analyte
    value: Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
    unit: Annotated[str, Field(strict=True)]
    comparator: Comparator | None = None
    specimen: Specimen = "serum"
    hemolyzed: Annotated[bool, Field(strict=True)] = False
    loinc: str = ""

    _fixed_analyte: ClassVar[Analyte | None] = None

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        unit = data.get("unit")
        if "unit" in data and not isinstance(unit, str):
            # bytes would pass a lax str field as their decoded text, skipping the allow-list
            raise UnitError("unit", "unit_not_text", "the unit must be text such as 'pg/mL'")
        analyte = cls._fixed_analyte or data.get("analyte")
        if not isinstance(analyte, str) or analyte not in Analyte._value2member_map_:
            return data  # field validation reports the bad analyte
        if unit is None:
            return data  # field validation reports the missing unit
        spec = chemistry(analyte).unit_spec(unit, field="unit")
        loinc = data.get("loinc") or spec.loinc
        if loinc != spec.loinc:
            raise InvalidResultError(
                "loinc",
                "loinc_mismatch",
                "loinc does not match the analyte and the unit's property",
            )
        return {**data, "unit": spec.ucum, "loinc": loinc}

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.comparator in ("<", "<=") and self.value == 0:
            raise InvalidResultError(
                "value", "empty_interval", "a censored value below zero is empty"
            )
        if self._fixed_analyte is not None:  # a bare LabResult has no limits to check
            check_plausible(self.analyte, self.value, self.unit, self.comparator)
        return self

    @classmethod
    def parse(cls, text: str, *, specimen: Specimen = "serum", hemolyzed: bool = False) -> Self:
        """Parse untrusted text such as ``"<150 pg/mL"`` or ``"3,5 mmol/L"``.

        Raises:
            InvalidResultError: the text is not one finite, non-negative number.
            UnitError: the unit is missing or not accepted for this analyte.
        """
        return cls._parse(
            text, field=cls._require_analyte().value, specimen=specimen, hemolyzed=hemolyzed
        )

    @classmethod
    def _parse(
        cls, text: object, *, field: str, specimen: object = "serum", hemolyzed: object = False
    ) -> Self:
        analyte = cls._fixed_analyte or cls._require_analyte()  # then the common shape, or all
        parsed = simple_value_text(text, analyte) or parse_value_text(text, analyte, field=field)
        comparator, value, unit = parsed
        return cls._build(value, unit, comparator, specimen, hemolyzed, field=field)

    @classmethod
    def _from_text(cls, analyte: Analyte, text: str, field: str) -> Self:
        """:meth:`_parse` for a serum sample that is not haemolysed (what text given to
        ``interpret()`` is), with the common shape (``"180 pg/mL"``) built directly."""
        simple = simple_value_text(text, analyte)
        if simple is not None:
            comparator, value, unit = simple
            loinc = _LOINC.get((analyte, unit))
            if loinc is not None and plausible(analyte, value, unit, comparator):
                # the parser's number is finite and non-negative, never an empty interval,
                # and its unit an accepted UCUM code: every check validation makes holds
                return _serum_result(
                    cls, analyte, value=value, unit=unit, comparator=comparator, loinc=loinc
                )
        return cls._parse(text, field=field)

    @classmethod
    def _require_analyte(cls) -> Analyte:
        if cls._fixed_analyte is None:
            raise InvalidResultError("analyte", "no_analyte", _NO_ANALYTE)
        return cls._fixed_analyte

    @classmethod
    def _build(
        cls,
        value: float,
        unit: str,
        comparator: Comparator | None,
        specimen: object,
        hemolyzed: object,
        *,
        field: str,
    ) -> Self:
        analyte = cls._fixed_analyte
        if (
            analyte is not None
            and type(value) is float
            and math.isfinite(value)
            and value >= 0
            and type(unit) is str
            and comparator in (None, "<", "<=", ">", ">=")
            and type(specimen) is str
            and specimen == "serum"
            and hemolyzed is False
            and not (comparator in ("<", "<=") and value == 0)
            and (loinc := _LOINC.get((analyte, unit))) is not None  # the analyte's UCUM code
            and plausible(analyte, value, unit, comparator)
        ):
            # what the parser and the library made: the checks validation would make are
            # done above, so the model is built without them (b12labs._trusted)
            return _serum_result(
                cls, analyte, value=value, unit=unit, comparator=comparator, loinc=loinc
            )
        try:
            fields = {"value": value, "unit": unit, "comparator": comparator}
            return cls.model_validate({**fields, "specimen": specimen, "hemolyzed": hemolyzed})
        except ValidationError as exc:
            raise as_library_error(exc, field) from None

    def to(self, unit: str) -> Self:
        """The same result in another accepted unit (comparator and flags kept).

        Raises:
            UnitError: the unit is not accepted for this analyte.
        """
        multiplier = factor(self.analyte, self.unit, unit)
        target = chemistry(self.analyte).unit_spec(unit, field="unit").ucum
        value = finite_number(
            self.value * multiplier, field="value"
        )  # 1e308 mmol/L overflows in mg/dL
        return self.model_copy(
            update={"value": value, "unit": target, "loinc": _loinc(self.analyte, target)}
        )

    def canonical(self) -> Self:
        """The same result in the analyte's canonical unit (pmol/L or mmol/L)."""
        return self.to(chemistry(self.analyte).canonical_unit)

    @property
    def is_censored(self) -> bool:
        """Whether the value is a bound (``"<150"``) rather than a measurement."""
        return self.comparator is not None

    def __str__(self) -> str:
        return f"{self.comparator or ''}{reported(self.value)} {self.unit}"


def _loinc(analyte: Analyte, ucum: str) -> str:
    return chemistry(analyte).unit_spec(ucum).loinc


class B12Result(LabResult):
    """Serum or plasma vitamin B12 (total cobalamin): ``pg/mL``, ``ng/L`` or ``pmol/L``."""

    analyte: Literal[Analyte.b12] = Analyte.b12
    _fixed_analyte: ClassVar[Analyte | None] = Analyte.b12


class PotassiumResult(LabResult):
    """Serum or plasma potassium: ``mmol/L`` or ``meq/L``."""

    analyte: Literal[Analyte.potassium] = Analyte.potassium
    _fixed_analyte: ClassVar[Analyte | None] = Analyte.potassium


class MagnesiumResult(LabResult):
    """Serum or plasma magnesium: ``mmol/L``, ``meq/L`` or ``mg/dL``."""

    analyte: Literal[Analyte.magnesium] = Analyte.magnesium
    _fixed_analyte: ClassVar[Analyte | None] = Analyte.magnesium


#: Any of the three result classes, told apart by ``analyte`` when read from JSON.
AnyResult: TypeAlias = Annotated[
    B12Result | PotassiumResult | MagnesiumResult, Field(discriminator="analyte")
]

_NAMES = {analyte: analyte.value for analyte in Analyte}
_CLASSES: dict[Analyte, type[LabResult]] = {
    Analyte.b12: B12Result,
    Analyte.potassium: PotassiumResult,
    Analyte.magnesium: MagnesiumResult,
}


def result_class(analyte: Analyte) -> type[LabResult]:
    """The result class of an analyte."""
    return _CLASSES[analyte]


R = TypeVar("R", bound=LabResult)


def _serum_result(
    cls: type[R],
    analyte: Analyte,
    *,
    value: float,
    unit: str,
    comparator: Comparator | None,
    loinc: str,
) -> R:
    """A result of a serum sample, not haemolysed, from parts every check has passed."""
    fields = {
        "analyte": analyte,
        "value": value,
        "unit": unit,
        "comparator": comparator,
        "specimen": "serum",
        "hemolyzed": False,
        "loinc": loinc,
    }
    return trusted(cls, fields, _BUILT_FIELDS)


def coerce_result(analyte: Analyte, obj: object, *, field: str | None = None) -> LabResult:
    """Turn any accepted lab input into the analyte's typed result.

    Accepted: the analyte's result model; text (``"180 pg/mL"``); a ``(value, unit)``
    tuple whose value is a number or number text; a pint Quantity from any registry; a
    mapping of the model's fields (as read from JSON), or a FHIR Quantity mapping
    (``value``, ``comparator``, ``unit``, ``system``, ``code``; see :mod:`b12labs.fhir`).

    Raises:
        InvalidResultError: a value that is not a finite non-negative number, another
            analyte's result, or an unsupported type.
        UnitError: a missing or unaccepted unit.
    """
    name = field or _NAMES[analyte]  # a look-up: reading Enum.value is a Python property
    cls = _CLASSES[analyte]
    if isinstance(obj, str):  # the common case first (no result model is also text)
        return cls._from_text(analyte, obj, name)
    if isinstance(obj, LabResult):
        if isinstance(obj, cls):
            return _revalidated(cls, obj, name)
        raise InvalidResultError(
            name, "wrong_analyte", f"expected a {cls.__name__}, got another analyte's result"
        )
    if isinstance(obj, tuple | list):
        raw_value, unit = _pair(obj, name)
        value = (
            parse_number_text(raw_value, field=name)  # reports "<name>.value" itself
            if isinstance(raw_value, str)
            else finite_number(raw_value, field=f"{name}.value")
        )
        if not isinstance(unit, str):
            raise UnitError(
                f"{name}.unit", "unit_not_text", "the unit must be text such as 'pg/mL'"
            )
        ucum = chemistry(analyte).unit_spec(unit, field=f"{name}.unit").ucum
        return cls._build(value, ucum, None, "serum", False, field=name)
    if is_pint_quantity(obj):
        value, unit = quantity_value(analyte, obj, name)
        return cls._build(value, unit, None, "serum", False, field=name)
    if isinstance(obj, Mapping):
        data = _read_result_mapping(obj, name)
        if not data.keys() <= cls.model_fields.keys():
            # a FHIR Quantity, or keys named without caller text (loaded on first use)
            from .fhir.quantity import result_from_mapping

            return result_from_mapping(analyte, data, name)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise as_library_error(exc, name, data.get("value", NOT_READ)) from None
    raise InvalidResultError(
        name, "unsupported_type", "expected text, a (value, unit) tuple, a Quantity or a result"
    )


def _revalidated(cls: type[LabResult], obj: LabResult, field: str) -> LabResult:
    """A caller's result checked again, as if it were being built: one made with
    ``model_construct`` (which skips validation) is refused like any other bad input."""
    try:
        state = {name: obj.__dict__[name] for name in cls.model_fields if name in obj.__dict__}
        return cls.model_validate(state)
    except ValidationError as exc:
        raise as_library_error(exc, field, state.get("value", NOT_READ)) from None
    except Exception:  # noqa: BLE001 - a result whose state cannot be read is bad input to us
        raise InvalidResultError(field, "bad_result", "not a readable result") from None


#: More keys than a result has fields: the mapping cannot be a result (and an endless
#: mapping must not hang the library).
_MAX_MAPPING_KEYS = 16


def _read_result_mapping(obj: Mapping[Any, Any], field: str) -> dict[str, object]:
    """A caller's mapping as a plain ``dict``; validation then only sees built-in containers."""
    return read_mapping(
        obj,
        limit=_MAX_MAPPING_KEYS,
        refusal=lambda: InvalidResultError(field, "bad_mapping", "not a readable mapping"),
        bad_key=lambda _: InvalidResultError(field, "unexpected_field", "unexpected field"),
    )


def _pair(obj: tuple[object, ...] | list[object], field: str) -> tuple[object, object]:
    """The two items of a ``(value, unit)`` tuple or list, read with the built-in methods so a
    subclass's own ``__len__`` or ``__getitem__`` is never called."""
    items = (
        tuple.__getitem__(obj, slice(0, 3))
        if isinstance(obj, tuple)
        else list.__getitem__(obj, slice(0, 3))
    )
    if len(items) != 2:
        raise InvalidResultError(field, "bad_tuple", "a tuple must be (value, unit)")
    return items[0], items[1]
