"""The *code form* of every condition class: its ``holds()`` as a Python expression.

:mod:`.compiled` joins these expressions into one generated function per rule book, so a
whole interpretation evaluates its conditions with local-variable loads, bit tests and
short-circuit ``and``/``or`` instead of a method call per node. An expression reads the
locals the generated function defines (``M0``, ``P0``, ... for the first analyte, ``SYM``,
``MEDS``, ``AGE``, ``LK0`` ...; see :data:`LOCALS`) and the constants it registers through
``const`` (bound as globals of the generated code). ``tests/reasoning/test_compiled.py``
fails when a condition class has no code form, and checks every form against ``holds()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..analytes import chemistry
from ..boundaries import threshold_cuts
from ..enums import Analyte, Band, Category, Urgency
from ..thresholds import threshold
from .conditions import (
    AgeAtLeast,
    AgeBelow,
    AllOf,
    Always,
    AnyOf,
    Assessed,
    AtLeast,
    BandBasis,
    Censored,
    Condition,
    DietIn,
    FactorNamed,
    Has,
    HasSymptom,
    Hemolyzed,
    Lab,
    LabAtLeast,
    LabBelow,
    LabCouldBe,
    LabMissing,
    Measured,
    MeasuredIn,
    No,
    Not,
    NotKnown,
    PregnancyRange,
    RedFlag,
    Straddles,
    Takes,
    UrgencyIs,
    Yes,
)

__all__ = [
    "ANALYTES",
    "BAND_BIT",
    "COMPARATOR_CODE",
    "LOCALS",
    "Emit",
    "code_form",
    "has_code_form",
]

#: The analytes in the order of their slots: ``M0`` is "b12 was measured".
ANALYTES: tuple[Analyte, ...] = tuple(Analyte)
#: The bit of each band in a ``P<slot>`` possible-bands mask.
BAND_BIT: dict[Band, int] = {band: 1 << i for i, band in enumerate(Band)}
#: ``C<slot>``: 0 exact, then ``<``, ``<=``, ``>``, ``>=``.
COMPARATOR_CODE: dict[str | None, int] = {None: 0, "<": 1, "<=": 2, ">": 3, ">=": 4}
#: What the generated function's locals hold, per analyte slot ``i`` and for the person.
LOCALS = {
    "M{i}": "the analyte was measured",
    "P{i}": "its possible-bands mask (BAND_BIT), 0 if not measured",
    "C{i}": "its comparator code (COMPARATOR_CODE)",
    "V{i}": "its value as reported",
    "U{i}": "its UCUM unit",
    "D{i}": "its table's basis is decision limits",
    "G{i}": "its table is a pregnancy population's",
    "H{i}": "its sample is haemolysed",
    "S{i}": "its specimen",
    "SYM": "the symptom bit mask (1 << index in Symptom)",
    "X_<field>": "a yes/no context field: True, False or None",
    "DIET": "the diet or None",
    "MEDS, CONDS, FLAGS": "the medication, condition and red-flag name sets",
    "AGE": "the age in years or None",
    "LK<k>": "the likelihood rank of the k-th category table (phase 1)",
    "NF": "a specific common cause was named (phase 1)",
    "URG": "the urgency's index in Urgency (phase 2)",
}

#: ``emit(condition) -> expression`` for a part; ``const(value) -> name`` for a constant.
Emit = Callable[[Condition], str]
Const = Callable[[Any], str]
_Form = Callable[[Any, Emit, Const], str]
_FORMS: dict[type[Condition], _Form] = {}
_SYMPTOM_BIT: dict[Any, int] = {}


def code_form(*classes: type[Condition]) -> Callable[[_Form], _Form]:
    """Register the code form of condition classes (exact classes, not subclasses)."""

    def register(function: _Form) -> _Form:
        for cls in classes:
            _FORMS[cls] = function
        return function

    return register


def has_code_form(cls: type[Condition]) -> bool:
    return cls in _FORMS


def expression(condition: Condition, emit: Emit, const: Const) -> str:
    """The code form of one condition (its parts through ``emit``)."""
    return _FORMS[type(condition)](condition, emit, const)


def _slot(analyte: Analyte) -> int:
    return ANALYTES.index(analyte)


def _mask(bands: frozenset[Band]) -> int:
    return sum(BAND_BIT[b] for b in bands)


@code_form(Always)
def _always(condition: Always, emit: Emit, const: Const) -> str:
    return "True"


@code_form(AllOf)
def _all_of(condition: AllOf, emit: Emit, const: Const) -> str:
    return "(" + " and ".join(emit(p) for p in condition.parts) + ")"


@code_form(AnyOf)
def _any_of(condition: AnyOf, emit: Emit, const: Const) -> str:
    return "(" + " or ".join(emit(p) for p in condition.parts) + ")"


@code_form(AtLeast)
def _at_least(condition: AtLeast, emit: Emit, const: Const) -> str:
    # each part counts 1 when it holds (a conditional, cheaper than calling bool())
    total = " + ".join(f"(1 if {emit(p)} else 0)" for p in condition.parts)
    return f"(({total}) >= {condition.count})"


@code_form(Not)
def _not(condition: Not, emit: Emit, const: Const) -> str:
    return f"(not {emit(condition.part)})"


@code_form(Lab)
def _lab(condition: Lab, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    outside = sum(BAND_BIT.values()) & ~_mask(condition.bands)
    return f"(M{i} and not (P{i} & {outside}))"


@code_form(LabCouldBe)
def _lab_could_be(condition: LabCouldBe, emit: Emit, const: Const) -> str:
    return f"((P{_slot(condition.analyte)} & {_mask(condition.bands)}) != 0)"


def _cuts(analyte: Analyte, name: str, const: Const) -> tuple[str, str]:
    units = chemistry(analyte).ucum_codes
    cuts = {unit: threshold_cuts(name, analyte, unit) for unit in units}
    on = const({unit: cut.on for unit, cut in cuts.items()})
    above = const({unit: cut.above for unit, cut in cuts.items()})
    return on, above


@code_form(LabAtLeast)
def _lab_at_least(condition: LabAtLeast, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    on, _ = _cuts(condition.analyte, condition.threshold, const)
    return f"(M{i} and C{i} not in (1, 2) and V{i} >= {on}[U{i}])"


@code_form(LabBelow)
def _lab_below(condition: LabBelow, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    on, above = _cuts(condition.analyte, condition.threshold, const)
    if condition.inclusive:  # on the threshold counts, whatever the comparator
        return f"(M{i} and C{i} not in (3, 4) and V{i} < {above}[U{i}])"
    below = f"(V{i} < {above}[U{i}] if C{i} in (1, 2) else V{i} < {on}[U{i}])"
    return f"(M{i} and C{i} not in (3, 4) and {below})"


@code_form(Straddles)
def _straddles(condition: Straddles, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    return f"(M{i} and (P{i} & (P{i} - 1)) != 0)"


@code_form(BandBasis)
def _band_basis(condition: BandBasis, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    return f"(M{i} and D{i})" if condition.basis == "decision_limits" else f"(M{i} and not D{i})"


@code_form(PregnancyRange)
def _pregnancy_range(condition: PregnancyRange, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    return f"(M{i} and G{i})"


@code_form(Measured)
def _measured(condition: Measured, emit: Emit, const: Const) -> str:
    return f"M{_slot(condition.analyte)}"


@code_form(LabMissing)
def _lab_missing(condition: LabMissing, emit: Emit, const: Const) -> str:
    return f"(not M{_slot(condition.analyte)})"


@code_form(Hemolyzed)
def _hemolyzed(condition: Hemolyzed, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    return f"(M{i} and H{i})"


@code_form(MeasuredIn)
def _measured_in(condition: MeasuredIn, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    return f"(M{i} and S{i} == {condition.specimen!r})"


@code_form(Censored)
def _censored(condition: Censored, emit: Emit, const: Const) -> str:
    i = _slot(condition.analyte)
    return f"(M{i} and C{i} != 0)"


@code_form(HasSymptom)
def _has_symptom(condition: HasSymptom, emit: Emit, const: Const) -> str:
    from ..symptoms import Symptom

    bits = sum(1 << list(Symptom).index(s) for s in condition.symptoms)
    return f"((SYM & {bits}) != 0)"


@code_form(Yes, No, NotKnown)
def _answer(condition: Yes, emit: Emit, const: Const) -> str:
    return f"(X_{condition.field} is {condition.answer!r})"


@code_form(DietIn)
def _diet_in(condition: DietIn, emit: Emit, const: Const) -> str:
    return f"(DIET in {const(frozenset(condition.diets))})"


@code_form(Takes, Has, RedFlag)
def _named(condition: Takes, emit: Emit, const: Const) -> str:
    names = {"medications": "MEDS", "conditions": "CONDS", "red_flags": "FLAGS"}
    return f"(not {const(frozenset(condition.names))}.isdisjoint({names[condition.field]}))"


@code_form(AgeAtLeast)
def _age_at_least(condition: AgeAtLeast, emit: Emit, const: Const) -> str:
    limit = const(threshold(condition.threshold).value)
    return f"(AGE is not None and AGE >= {limit})"


@code_form(AgeBelow)
def _age_below(condition: AgeBelow, emit: Emit, const: Const) -> str:
    limit = const(threshold(condition.threshold).value)
    return f"(AGE is not None and AGE < {limit})"


@code_form(Assessed)
def _assessed(condition: Assessed, emit: Emit, const: Const) -> str:
    return f"(LK{list(Category).index(condition.category)} >= {condition.at_least.rank})"


@code_form(FactorNamed)
def _factor_named(condition: FactorNamed, emit: Emit, const: Const) -> str:
    return "NF"


@code_form(UrgencyIs)
def _urgency_is(condition: UrgencyIs, emit: Emit, const: Const) -> str:
    return f"(URG == {list(Urgency).index(condition.level)})"
