"""Hypothesis strategies for ``interpret()``: valid inputs in every accepted form, and junk.

Imported by the tests as ``from reasoning.strategies_interpret import ...``.

``inputs()``
    a valid :class:`~reasoning.scenarios.Inputs`: any subset of the three labs (text,
    ``(value, unit)`` tuple or typed result, exact or censored, values clustered on the
    bundled band boundaries), symptoms by name, synonym or member in random letter case,
    and a valid context mapping.
``exact_labs()``
    exact labs as ``{analyte: (value, unit)}``, for the unit-invariance property.
``junk()``
    anything at all: None, booleans, huge ints, NaN and infinities, complex numbers,
    decimals (including signalling NaN), fractions, bytes, hostile text, pint quantities
    of any unit, and lists, tuples and dicts of them.
``hostile_contexts()`` / ``hostile_symptoms()``
    junk shaped like the argument (dicts with near-miss keys, iterables of near-miss names).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from b12labs import (
    Analyte,
    Category,
    Diet,
    RangeSet,
    Symptom,
    chemistry,
)
from b12labs.context import Context
from b12labs.strategies import results
from b12labs.symptoms import SYNONYMS
from b12labs.units import factor
from b12labs.vocabulary import (
    CONDITIONS,
    GENERAL_SYMPTOMS,
    INJECTION_SIDE_EFFECTS,
    MEDICATIONS,
    NERVE_SYMPTOMS,
    RED_FLAGS,
)
from reasoning.scenarios import Inputs
from strategies import hostile_text

__all__ = [
    "CONTEXT_FIELDS",
    "SUPPORTING_SYMPTOMS",
    "SYMPTOM_WORDS",
    "contexts",
    "exact_labs",
    "hostile_contexts",
    "hostile_symptoms",
    "inputs",
    "junk",
    "lab_inputs",
    "lab_values",
    "symptom_inputs",
]

#: Every context field name.
CONTEXT_FIELDS: tuple[str, ...] = tuple(Context.model_fields)

#: Every accepted symptom word: the values and their synonyms.
SYMPTOM_WORDS: tuple[str, ...] = (
    *(s.value for s in Symptom),
    *(word for words in SYNONYMS.values() for word in words),
)

#: For each category, the symptoms its rules count in its favour (issue 3, seed article).
SUPPORTING_SYMPTOMS: dict[Category, frozenset[Symptom]] = {
    Category.b12_deficiency: NERVE_SYMPTOMS | GENERAL_SYMPTOMS,
    # diarrhea is a side effect of injections but also a commoner cause of a low potassium,
    # which the rules weigh first (common_cause_of_low_potassium_first): it may lower the
    # category, so it is no pure support
    Category.b12_excess_injections: (INJECTION_SIDE_EFFECTS - {Symptom.diarrhea})
    | {Symptom.muscle_cramps, Symptom.palpitations},
    Category.other_common_causes: frozenset(
        {Symptom.thirst, Symptom.dizziness, Symptom.diarrhea, Symptom.muscle_cramps}
    ),
}

#: A generous top of clinically seen values, in each analyte's canonical unit.
_TYPICAL_MAX = {Analyte.b12: 3000.0, Analyte.potassium: 12.0, Analyte.magnesium: 4.0}


def _finite(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@functools.cache
def _boundaries(analyte: Analyte, unit: str) -> tuple[float, ...]:
    """Every band boundary of the bundled tables for ``analyte``, in ``unit``, with neighbours."""
    found: set[float] = set()
    for table in RangeSet.default().tables(analyte):
        for band in table.bands:
            if band.high is not None:
                edge = band.high.value * factor(analyte, band.high.unit, unit)
                found.update(
                    (edge, math.nextafter(edge, 0.0), math.nextafter(edge, math.inf)),
                )
                found.update((edge * (1 + 1e-6), edge * (1 - 1e-6)))
    return tuple(sorted(x for x in found if x > 0))


def _plausible(analyte: Analyte, unit: str) -> tuple[float, float]:
    """The plausibility limits in ``unit``, a millionth inside (so censored values fit too)."""
    limits = chemistry(analyte).plausible
    low = limits.low.value * factor(analyte, limits.low.unit, unit)
    high = limits.high.value * factor(analyte, limits.high.unit, unit)
    return low * (1 + 1e-6), high * (1 - 1e-6)


def lab_values(analyte: Analyte, unit: str, *, positive: bool = False) -> st.SearchStrategy[float]:
    """A plausible finite value in ``unit``, often on a band boundary (``positive`` is kept
    for callers: every plausible value is positive)."""
    del positive
    low, high = _plausible(analyte, unit)
    top = min(
        _TYPICAL_MAX[analyte] * factor(analyte, chemistry(analyte).canonical_unit, unit), high
    )
    return st.one_of(
        _finite(low, top),
        _finite(low, high),
        st.sampled_from([x for x in _boundaries(analyte, unit) if low <= x <= high]),
        st.sampled_from([low, high]),
    )


@st.composite
def _lab_text(draw: st.DrawFn, analyte: Analyte) -> str:
    unit = draw(st.sampled_from(chemistry(analyte).ucum_codes))
    comparator = draw(st.sampled_from(["", "", "", "<", "<=", ">", ">="]))
    low, high = _plausible(analyte, unit)
    value = draw(_finite(low * 1.1, min(high * 0.9, 5000.0)))
    number = f"{value:.2f}"
    if draw(st.booleans()):
        number = number.replace(".", ",")
    spelled = unit if draw(st.booleans()) else unit.upper()
    return f"{comparator}{number} {spelled}"


@st.composite
def _lab_tuple(draw: st.DrawFn, analyte: Analyte) -> tuple[object, str]:
    unit = draw(st.sampled_from(chemistry(analyte).ucum_codes))
    value = draw(lab_values(analyte, unit))
    return (value if draw(st.booleans()) else f"{value:.9g}"), unit


def lab_inputs(analyte: Analyte) -> st.SearchStrategy[object]:
    """A valid lab argument for ``analyte`` in any accepted form."""
    return st.one_of(
        _lab_text(analyte),
        _lab_tuple(analyte),
        results(analyte),
    )


@st.composite
def _random_case(draw: st.DrawFn, word: str) -> str:
    style = draw(st.sampled_from(["lower", "upper", "title", "mixed"]))
    if style == "upper":
        return word.upper()
    if style == "title":
        return word.title()
    if style == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
        return "".join(c.upper() if f else c for c, f in zip(word, flips, strict=True))
    return word


def symptom_inputs() -> st.SearchStrategy[list[object]]:
    """A list of symptoms as members, names or synonyms, in random letter case."""
    one: st.SearchStrategy[object] = st.one_of(
        st.sampled_from(list(Symptom)),
        st.sampled_from(SYMPTOM_WORDS).flatmap(_random_case),
    )
    return st.lists(one, max_size=6)


def _names(vocabulary: dict[str, tuple[str, tuple[str, ...]]]) -> st.SearchStrategy[list[str]]:
    words = sorted({w for name, (_, synonyms) in vocabulary.items() for w in (name, *synonyms)})
    return st.lists(st.sampled_from(words), max_size=3)


_YES_NO: list[object] = [None, True, False, "yes", "no", "Y", "false"]


@st.composite
def contexts(draw: st.DrawFn, *, red_flags: bool = True) -> dict[str, object]:
    """A valid context mapping, with synonyms and yes/no strings."""
    optional: dict[str, st.SearchStrategy[Any]] = {
        "diet": st.sampled_from([None, *Diet, "Vegan", "plant based", "omnivorous"]),
        "b12_injections": st.sampled_from(_YES_NO),
        "b12_injections_started_recently": st.sampled_from([None, None, None, True, False]),
        "b12_oral_supplements": st.sampled_from(_YES_NO),
        "recent_heavy_exercise": st.sampled_from(_YES_NO),
        "cramps_persistent_or_severe": st.sampled_from(_YES_NO),
        "medications": _names(dict(MEDICATIONS)),
        "conditions": _names(dict(CONDITIONS)),
        "age_years": st.one_of(st.none(), _finite(0.0, 110.0), st.integers(0, 110)),
    }
    if red_flags:
        optional["red_flags"] = _names(dict(RED_FLAGS))
    context: dict[str, object] = draw(st.fixed_dictionaries({}, optional=optional))
    if context.get("b12_injections_started_recently") is True and str(
        context.get("b12_injections")
    ).lower() in {"false", "no", "n", "0"}:
        del context["b12_injections_started_recently"]  # a recent start means injections
    trimester = draw(st.sampled_from([None, None, None, 1, 2, 3]))
    if trimester is not None:
        context["pregnancy_trimester"] = trimester
        pregnant = draw(st.sampled_from([None, True, "yes"]))
    else:
        pregnant = draw(st.sampled_from([None, None, True, False]))
    if pregnant is not None:
        context["pregnant"] = pregnant
    return context


@st.composite
def inputs(
    draw: st.DrawFn, *, labs: bool = True, red_flags: bool = True, b12: bool = True
) -> Inputs:
    """Valid inputs for ``interpret()`` in every accepted form."""

    def maybe(analyte: Analyte) -> object:
        return draw(st.one_of(st.none(), lab_inputs(analyte))) if labs else None

    return Inputs(
        b12=maybe(Analyte.b12) if b12 else None,
        potassium=maybe(Analyte.potassium),
        magnesium=maybe(Analyte.magnesium),
        symptoms=draw(symptom_inputs()),
        context=draw(contexts(red_flags=red_flags)),
    )


@st.composite
def exact_labs(draw: st.DrawFn) -> dict[Analyte, tuple[float, str]]:
    """One to three exact labs as ``(value, unit)`` tuples."""
    chosen = draw(st.sets(st.sampled_from(list(Analyte)), min_size=1))
    labs: dict[Analyte, tuple[float, str]] = {}
    for analyte in sorted(chosen, key=list(Analyte).index):
        unit = draw(st.sampled_from(chemistry(analyte).ucum_codes))
        labs[analyte] = (draw(lab_values(analyte, unit)), unit)
    return labs


# --- junk -----------------------------------------------------------------------------------

_UNIT_WORDS = ["pg/mL", "ng/L", "pmol/L", "mmol/L", "meq/L", "mg/dL", "mEq/L", "kg", "", "%"]
_PINT_UNITS = ["pg/mL", "ng/mL", "pmol/L", "mmol/L", "mg/dL", "kg", "dimensionless", "g/L", "m"]


@functools.cache
def _registry() -> Any:
    import pint

    return pint.UnitRegistry()


def _quantity(magnitude: float, unit: str) -> object:
    return _registry().Quantity(magnitude, unit)


_SPECIAL: list[object] = [
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    10**400,
    -(10**400),
    "",
    " ",
    "pg/mL",
    "130 pg/mL",
    "<150 pg/mL",
    "3,5 mmol/L",
    "1,500 pg/mL",
    "yes",
    "tingling",
    "diet",
    "b12_injections",
    *Symptom,
    *Diet,
    *Analyte,
]


def _numpy_values() -> list[object]:
    return [
        np.float64("nan"),
        np.float64(130.0),
        np.int64(4),
        np.bool_(True),
        np.array(1.0),
        np.array([1.0, 2.0]),
        np.array(["tingling"]),
        np.array([]),
    ]


def junk() -> st.SearchStrategy[object]:
    """Anything a caller might pass, of any type and shape."""
    leaves: st.SearchStrategy[object] = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        hostile_text(),
        st.binary(max_size=16),
        st.sampled_from(_SPECIAL),
        st.complex_numbers(),
        st.decimals(),
        st.fractions(),
        st.builds(_quantity, st.floats(), st.sampled_from(_PINT_UNITS)),
        st.sampled_from(_numpy_values()),
    )

    def extend(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        return st.one_of(
            st.lists(children, max_size=4),
            st.tuples(children),
            st.tuples(children, children),
            st.tuples(children, st.sampled_from(_UNIT_WORDS)),
            st.dictionaries(
                st.one_of(st.sampled_from(CONTEXT_FIELDS), st.text(max_size=12)),
                children,
                max_size=4,
            ),
            st.frozensets(st.text(max_size=8), max_size=3),
        )

    return st.recursive(leaves, extend, max_leaves=8)


def hostile_contexts() -> st.SearchStrategy[object]:
    """Context-shaped junk: mappings with real, near-miss or junk keys and junk values."""
    keys = st.one_of(
        st.sampled_from(CONTEXT_FIELDS),
        st.sampled_from(CONTEXT_FIELDS).map(lambda k: k.upper()),
        st.sampled_from(CONTEXT_FIELDS).map(lambda k: k[:-1]),
        st.text(max_size=70),
        st.integers(),
        st.none(),
    )
    return st.one_of(
        st.dictionaries(keys, junk(), max_size=4),
        st.dictionaries(st.sampled_from(CONTEXT_FIELDS), junk(), max_size=4),
        junk(),
    )


def hostile_symptoms() -> st.SearchStrategy[object]:
    """Symptom-shaped junk: names with junk glued on, iterables mixing names and junk."""
    near = st.sampled_from(SYMPTOM_WORDS).flatmap(
        lambda w: st.builds(lambda a, b: a + w + b, st.text(max_size=3), st.text(max_size=3))
    )
    item = st.one_of(near, st.sampled_from(SYMPTOM_WORDS), junk())
    return st.one_of(
        item,
        st.sampled_from(_numpy_values()),
        st.builds(_quantity, st.floats(), st.sampled_from(_PINT_UNITS)),
        st.lists(item, max_size=5),
        st.tuples(item, item),
        st.frozensets(st.sampled_from(SYMPTOM_WORDS), max_size=3),
        st.text(min_size=65, max_size=200),
    )
