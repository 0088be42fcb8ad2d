"""Hypothesis strategies for property-testing code built on b12labs.

For engineers testing their own range logic, apps and pipelines: every function returns a
hypothesis strategy drawing the library's own inputs, valid or deliberately broken.
Needs the ``strategies`` extra (``pip install "b12labs[strategies]"``, which brings
hypothesis); a guide with a complete example is ``docs/testing.md``.

========================== ===========================================================
``results()``              typed lab results (plausible values, every accepted unit)
``result_texts()``         ``(text, result)``: text ``.parse()`` accepts, and its result
``hostile_texts()``        text every result class's ``.parse()`` refuses
``symptom_sets()``         frozensets of :class:`~b12labs.Symptom`
``contexts()``             valid :class:`~b12labs.Context` objects
``range_mappings()``       TOML-shaped range files, valid or breaking one rule each
========================== ===========================================================

Only public API and the library's own data (:func:`b12labs.chemistry`, the
:class:`~b12labs.RangeSet` tables) are used, so what is drawn follows the data: a unit or a
medication added to the data is drawn without a change here.

Example:
    >>> from hypothesis import given, settings
    >>> from b12labs.strategies import results
    >>> @settings(max_examples=25, database=None)
    ... @given(results("potassium", censored=False))
    ... def check(result):
    ...     assert result.comparator is None
    ...     assert result.unit in ("mmol/L", "meq/L")
    >>> check()
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
except ImportError as exc:  # exercised by tests/test_strategies.py in a subprocess
    raise ImportError(
        "b12labs.strategies needs hypothesis, which the 'strategies' extra installs: "
        'pip install "b12labs[strategies]"'
    ) from exc

import datetime as dt
import functools
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias

from . import (
    Analyte,
    B12Result,
    Band,
    Context,
    InvalidContextError,
    InvalidResultError,
    LabResult,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    ReferenceDataError,
    Symptom,
    UnknownAnalyteError,
    chemistry,
    convert,
    interpret,
)

__all__ = [
    "contexts",
    "hostile_texts",
    "range_mappings",
    "result_texts",
    "results",
    "symptom_sets",
]

AnalyteArg: TypeAlias = Analyte | str | None
Comparator: TypeAlias = Literal["<", "<=", ">=", ">"]
_COMPARATORS: tuple[Comparator, ...] = ("<", "<=", ">", ">=")

#: Relative distance from a plausibility limit that draws keep: a limit may be exclusive,
#: and a unit round trip moves a value by about 1e-16.
_LIMIT_MARGIN = 1e-6
#: Relative half-width of the cluster drawn around a band boundary (api.md section 10
#: promises 1e-6; a little less keeps a unit round trip inside it).
_CLUSTER = 0.9e-6


def _interval(analyte: Analyte, unit: str) -> tuple[float, float]:
    """The plausible interval (api.md section 7) in ``unit``, a relative
    :data:`_LIMIT_MARGIN` inside, so censored values drawn from it are plausible too."""
    limits = chemistry(analyte).plausible
    low = convert(limits.low.value, limits.low.unit, unit, analyte=analyte)
    high = convert(limits.high.value, limits.high.unit, unit, analyte=analyte)
    return low * (1 + _LIMIT_MARGIN), high * (1 - _LIMIT_MARGIN)


def _analytes(analyte: object) -> tuple[Analyte, ...]:
    """The analytes a strategy draws: all three for ``None``, else the one named."""
    if analyte is None:
        return tuple(Analyte)
    if isinstance(analyte, Analyte):
        return (analyte,)
    if isinstance(analyte, str) and str.__str__(analyte) in Analyte._value2member_map_:
        return (Analyte(str.__str__(analyte)),)
    accepted = ", ".join(member.value for member in Analyte)
    raise UnknownAnalyteError(
        "analyte", "unknown_analyte", f"not an analyte (accepted: {accepted})"
    )


_CLASSES: dict[Analyte, type[LabResult]] = {
    Analyte.b12: B12Result,
    Analyte.potassium: PotassiumResult,
    Analyte.magnesium: MagnesiumResult,
}


def _flag(value: object, name: str, error: type[InvalidResultError | ReferenceDataError]) -> bool:
    """A strategy's boolean argument; anything else is refused like any bad input."""
    if not isinstance(value, bool):
        raise error(name, "not_a_boolean", f"{name} must be True or False")
    return value


# --- results -------------------------------------------------------------------------------


def _values(analyte: Analyte, unit: str) -> st.SearchStrategy[float]:
    """Plausible values in ``unit``: any float, log-spread values and values as labs
    report them (a few decimal places)."""
    low, high = _interval(analyte, unit)
    anywhere = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    spread = st.floats(min_value=0.0, max_value=1.0).map(
        lambda share: min(high, max(low, low * (high / low) ** share))
    )
    reported = st.integers(min_value=0, max_value=3).flatmap(
        lambda places: st.decimals(
            min_value=Decimal(repr(low)), max_value=Decimal(repr(high)), places=places
        ).map(float)
    )
    return st.one_of(reported, spread, anywhere)


def _boundaries(ranges: RangeSet, analyte: Analyte, unit: str) -> list[float]:
    """Every band boundary of every population of ``analyte`` in ``ranges``, in ``unit``,
    that lies far enough inside the plausible interval to be clustered around."""
    if analyte not in ranges:
        return []
    low, high = _interval(analyte, unit)
    found: set[float] = set()
    for table in ranges.tables(analyte):
        for band in table.bands:
            for bound in (band.low, band.high):
                if bound is None:
                    continue
                here = convert(bound.value, bound.unit, unit, analyte=analyte)
                if low < here * (1 - 2 * _CLUSTER) and here * (1 + 2 * _CLUSTER) < high:
                    found.add(here)
    return sorted(found)


def _near(boundary: float) -> st.SearchStrategy[float]:
    """The boundary, its neighbouring floats, and values within :data:`_CLUSTER` of it."""
    return st.one_of(
        st.sampled_from(
            [boundary, math.nextafter(boundary, math.inf), math.nextafter(boundary, 0.0)]
        ),
        st.floats(min_value=boundary * (1 - _CLUSTER), max_value=boundary * (1 + _CLUSTER)),
    )


def results(
    analyte: AnalyteArg = None, *, censored: bool = True, ranges: RangeSet | None = None
) -> st.SearchStrategy[LabResult]:
    """Typed results of one analyte (an :class:`~b12labs.Analyte` or its value), or of all three.

    Every accepted unit is drawn; values are always plausible (api.md section 7), so
    ``.parse()`` and ``interpret()`` accept every draw. ``censored=True`` mixes exact and
    censored (``<``, ``<=``, ``>``, ``>=``) results, ``censored=False`` draws exact ones
    only. With a :class:`~b12labs.RangeSet`, about half the draws lie within a relative
    1e-6 of a band boundary of some population of that set (the boundary itself and its
    nearest floats included), where off-by-one-ulp bugs live; an analyte the set lacks
    simply does not cluster. Specimen (serum or plasma) varies; potassium may be haemolysed.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import RangeSet, interpret
        >>> @settings(max_examples=20, database=None)
        ... @given(results("b12", ranges=RangeSet.default()))
        ... def check(b12):
        ...     assert interpret(b12=b12).findings["b12"].result == b12
        >>> check()
    """
    chosen = _analytes(analyte)
    with_comparators = _flag(censored, "censored", InvalidResultError)
    if ranges is not None and not isinstance(ranges, RangeSet):
        raise ReferenceDataError("ranges", "not_a_rangeset", "ranges must be a RangeSet or None")
    comparators: list[Comparator | None] = [None, *_COMPARATORS] if with_comparators else [None]

    def of(analyte: Analyte, unit: str) -> st.SearchStrategy[LabResult]:
        values = _values(analyte, unit)
        near = _boundaries(ranges, analyte, unit) if ranges is not None else []
        if near:  # three times: hypothesis favours later branches; about half then cluster
            clustered = st.sampled_from(near).flatmap(_near)
            values = st.one_of(clustered, clustered, clustered, values)
        hemolyzed = st.booleans() if analyte is Analyte.potassium else st.just(False)
        return st.builds(
            lambda value, comparator, specimen, haemolysed: _CLASSES[analyte].model_validate(
                {
                    "value": value,
                    "unit": unit,
                    "comparator": comparator,
                    "specimen": specimen,
                    "hemolyzed": haemolysed,
                }
            ),
            values,
            st.sampled_from(comparators),
            st.sampled_from(["serum", "plasma"]),
            hemolyzed,
        )

    return st.one_of(
        [of(member, unit) for member in chosen for unit in chemistry(member).ucum_codes]
    )


# --- text --------------------------------------------------------------------------------


def _any_case(draw: st.DrawFn, text: str) -> str:
    upper = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(text, upper, strict=True))


def _micro_signs(draw: st.DrawFn, text: str) -> str:
    """A micro prefix ``u`` written as either micro sign (U+00B5, U+03BC), or left as is."""
    out = []
    for index, char in enumerate(text):
        prefix = char in "uU" and (index == 0 or not text[index - 1].isalpha())
        out.append(draw(st.sampled_from([char, "\u00b5", "\u03bc"])) if prefix else char)
    return "".join(out)


@st.composite
def _result_text(draw: st.DrawFn, analytes: tuple[Analyte, ...]) -> tuple[str, LabResult]:
    analyte = draw(st.sampled_from(analytes))
    spec = draw(st.sampled_from(chemistry(analyte).units))
    spelling = draw(st.sampled_from((spec.ucum, *spec.spellings)))
    spelling = _micro_signs(draw, _any_case(draw, spelling))
    low, high = _interval(analyte, spec.ucum)
    places = draw(st.integers(min_value=0, max_value=4))
    number = draw(
        st.decimals(min_value=Decimal(repr(low)), max_value=Decimal(repr(high)), places=places)
    )
    digits = format(number, "f")
    value = float(digits)
    whole, _, fraction = digits.partition(".")
    whole = "0" * draw(st.integers(min_value=0, max_value=2)) + whole  # leading zeros
    # a comma before exactly three digits ("1,500") is refused as ambiguous: never drawn
    mark = draw(st.sampled_from([".", ","])) if fraction and len(fraction) != 3 else "."
    comparator: Comparator | None = draw(st.sampled_from([None, *_COMPARATORS]))
    space = st.sampled_from(["", " ", "  "])
    text = "".join(
        [
            draw(space),
            comparator or "",
            draw(space) if comparator else "",
            f"{whole}{mark}{fraction}" if fraction else whole,
            draw(space),
            spelling,
            draw(space),
        ]
    )
    result = _CLASSES[analyte].model_validate(
        {"value": value, "unit": spec.ucum, "comparator": comparator}
    )
    return text, result


def result_texts(analyte: AnalyteArg = None) -> st.SearchStrategy[tuple[str, LabResult]]:
    """``(text, result)`` pairs: a text ``.parse()`` accepts, and the result it must give.

    Texts use every accepted unit spelling in any letter case (a micro prefix as either
    micro sign), ``.`` or ``,`` as the decimal mark (never a comma before exactly three
    digits, which is ambiguous), leading zeros, comparators, and spaces where the grammar
    allows them. Values are plausible, as for :func:`results`.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import MagnesiumResult
        >>> @settings(max_examples=25, database=None)
        ... @given(result_texts("magnesium"))
        ... def check(pair):
        ...     text, expected = pair
        ...     assert MagnesiumResult.parse(text) == expected
        >>> check()
    """
    return _result_text(_analytes(analyte))


#: Each unit's values that no serum sample can hold, for every analyte that accepts the
#: unit: far beyond any plausibility limit (a potassium of 45 mmol/L is api.md's example).
_IMPLAUSIBLE_FROM: dict[str, float] = {
    "mmol/L": 45.0,  # potassium and magnesium
    "meq/L": 90.0,  # potassium 90 mmol/L, magnesium 45 mmol/L
    "mg/dL": 2000.0,  # magnesium, about 820 mmol/L
    "pg/mL": 1e8,
    "ng/L": 1e8,
    "pmol/L": 1e8,
}


def _all_units() -> list[str]:
    return sorted({unit for analyte in Analyte for unit in chemistry(analyte).ucum_codes})


def _number_text() -> st.SearchStrategy[str]:
    return st.from_regex(r"[1-9][0-9]{0,3}([.][0-9]{1,2})?", fullmatch=True)


@functools.cache
def _hostile_kinds() -> dict[str, st.SearchStrategy[str]]:
    """Refused text by the reason api.md (sections 2 and 7) gives for refusing it."""
    units = _all_units()
    unit = st.sampled_from(units)
    number = _number_text()

    def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.tuples(*parts).map("".join)

    def fixed(*texts: str) -> st.SearchStrategy[str]:
        return st.sampled_from(texts)

    space = fixed("", " ")
    implausible = unit.flatmap(
        lambda u: joined(
            fixed("", ">", ">="),
            st.integers(min_value=math.ceil(_IMPLAUSIBLE_FROM.get(u, 1e9)), max_value=10**10).map(
                str
            ),
            fixed(" "),
            st.just(u),
        )
    )
    return {
        "empty": fixed("", " ", "   ", "<", ">="),
        "non_ascii_digits": joined(
            fixed("\u0663.\u0665", "\uff13.\uff15", "\u0968\u096a\u096b", "3\u00b75", "\u2155"),
            fixed(" "),
            unit,
        ),
        "non_ascii_text": joined(number, fixed(" "), fixed("mmol/\u2113", "pg/m\u029f", "\u338e")),
        "sign": joined(fixed("-", "+", "\u2212", "--", "+-"), number, space, unit),
        "exponent": joined(
            number, fixed("e", "E", "e+", "e-", "E-"), fixed("1", "2", "03"), space, unit
        ),
        "grouping": joined(
            st.integers(min_value=1, max_value=999).map(str),
            fixed(","),
            st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}"),
            space,
            unit,
        ),
        "several_marks": joined(
            number, fixed(".", ","), fixed("5", "25"), fixed(".", ","), fixed("1"), space, unit
        ),
        "bare_decimal_mark": joined(fixed(".5", ",5", "5.", "5,"), fixed(" "), unit),
        "range": joined(number, fixed("-", " - ", "\u2013", "~", " to "), number, space, unit),
        "trailing_flag": joined(
            number,
            fixed(" "),
            unit,
            fixed(
                " H", " L", " HH", " LL", " *", " !", " (H)", " high", " low", " hemolyzed", " ^"
            ),
        ),
        "text_before_unit": joined(number, fixed(" about ", " serum ", " x "), unit),
        "expression": joined(
            fixed("10**10**10", "2**8", "2^8", "3*2", "(3)", "3/2", "1+1", "9**9**9**9"),
            fixed("", " "),
            fixed("", *units),
        ),
        "not_finite": joined(
            fixed("nan", "NaN", "inf", "Infinity", "-inf", "+inf", "INF"),
            fixed("", " "),
            fixed("", *units),
        ),
        "bad_comparator": joined(
            fixed("=", "==", "=<", "=>", "<<", "<>", "\u2264", "\u2265", "!="), number, space, unit
        ),
        "unit_missing": joined(fixed("", "<", ">=", "<= "), number, fixed("", " ", "  ")),
        "unit_unknown": joined(
            number,
            fixed(" "),
            fixed(
                "furlongs",
                "mg",
                "g/L",
                "mol/L",
                "umol/L",
                "mg/L",
                "IU/L",
                "%",
                "pg",
                "mmol",
                "L/mmol",
                "mmol/kg",
            ),
        ),
        "too_long": st.one_of(
            joined(
                number, fixed(" "), unit, st.integers(min_value=81, max_value=400).map(" ".__mul__)
            ),
            st.integers(min_value=81, max_value=2000).map("1".__mul__),
            st.text(min_size=81, max_size=400),
        ),
        "implausible": st.one_of(
            implausible, joined(fixed("0", "0.0", "00", "0,00"), fixed(" "), unit)
        ),
    }


def _hostile(kinds: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """:func:`hostile_texts` limited to some refusal kinds (for tests of this module)."""
    table = _hostile_kinds()
    return st.one_of([table[kind] for kind in (kinds or table)])


def hostile_texts() -> st.SearchStrategy[str]:
    """Text that :meth:`~b12labs.LabResult.parse` of every result class must refuse with a
    :class:`~b12labs.B12LabsError`.

    Covers every refusal api.md (sections 2 and 7) describes: empty text, non-ASCII digits
    and letters, signs, exponents, digit grouping (``"1,500"``), several decimal marks,
    bare decimal marks, ranges (``"3.5-5.1"``), trailing flags (``"245 pg/mL H"``), text
    between number and unit, expressions (``"10**10**10"``), NaN and infinity, odd
    comparators, missing and unknown units, text over the length limit, and values no
    sample can hold (``"45 mmol/L"``, an exact 0).

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import B12LabsError, PotassiumResult
        >>> def read_potassium(text):  # a downstream app's wrapper: None for bad text
        ...     try:
        ...         return PotassiumResult.parse(text)
        ...     except B12LabsError:
        ...         return None
        >>> @settings(max_examples=25, database=None)
        ... @given(hostile_texts())
        ... def check(text):
        ...     read_potassium(text)  # never raises anything else
        >>> check()
    """
    return _hostile()


# --- symptoms and context ------------------------------------------------------------------


def symptom_sets() -> st.SearchStrategy[frozenset[Symptom]]:
    """Frozensets of :class:`~b12labs.Symptom`, from empty to every symptom.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import interpret
        >>> @settings(max_examples=10, database=None)
        ... @given(symptom_sets())
        ... def check(symptoms):
        ...     assert set(interpret(symptoms=symptoms).symptoms) == symptoms
        >>> check()
    """
    return st.frozensets(st.sampled_from(list(Symptom)))


#: The names api.md section 5 guarantees, used if the library stops listing its own.
_GUARANTEED_NAMES: dict[str, tuple[str, ...]] = {
    "medications": ("diuretic", "metformin", "proton_pump_inhibitor", "statin"),
    "conditions": ("peripheral_artery_disease", "pernicious_anemia", "kidney_disease"),
}


@functools.cache
def _accepted_names(field: str) -> tuple[str, ...]:
    """The canonical names a set-valued context field accepts.

    Read from the library's public answer to an unknown name (an
    :class:`~b12labs.InvalidContextError` lists what is accepted), so that names added to
    the library are drawn without a change here.
    """
    try:
        interpret(context={field: ["?"]})
    except InvalidContextError as error:
        if error.accepted:
            return tuple(error.accepted)
    return _GUARANTEED_NAMES.get(field, ())


def _ages(group: str) -> st.SearchStrategy[float | None]:
    def years(low: float, high: float, *, below: bool = False) -> st.SearchStrategy[float]:
        return st.floats(min_value=low, max_value=high, exclude_max=below, allow_subnormal=False)

    return {
        "unknown": st.none(),
        "child": years(0.0, 18.0, below=True),  # infants (days old) to 17.99 years
        "adult": years(18.0, 65.0, below=True),
        "older": years(65.0, 110.0),
        "pregnant": st.one_of(st.none(), years(14.0, 50.0)),
    }[group]


@st.composite
def _context(draw: st.DrawFn) -> Context:
    fields = Context.model_fields
    data: dict[str, Any] = {}
    pregnant = draw(st.sampled_from([None, False, True]))
    group = (
        "pregnant" if pregnant else draw(st.sampled_from(["unknown", "child", "adult", "older"]))
    )
    data["age_years"] = draw(_ages(group))
    data["pregnant"] = pregnant
    if pregnant and "pregnancy_trimester" in fields:
        data["pregnancy_trimester"] = draw(st.sampled_from([None, 1, 2, 3]))
    data["diet"] = draw(st.sampled_from([None, "omnivore", "vegetarian", "vegan"]))
    for name, info in fields.items():
        if name in data:
            continue
        if info.annotation == (bool | None):
            data[name] = draw(st.sampled_from([None, False, True]))
        elif info.annotation == frozenset[str]:
            names = _accepted_names(name)
            data[name] = (
                draw(st.frozensets(st.sampled_from(names), max_size=4)) if names else frozenset()
            )
    return Context.model_validate({key: value for key, value in data.items() if key in fields})


def contexts() -> st.SearchStrategy[Context]:
    """Valid :class:`~b12labs.Context` objects: every field known or not (``None``).

    Ages include children (under 18, infants too), adults and older people (65 and over);
    pregnancy comes with or without a trimester (and then an age of 14-50 or none).
    Medications, conditions and the other set-valued fields use the names the library
    accepts.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import interpret
        >>> @settings(max_examples=20, database=None)
        ... @given(contexts())
        ... def check(context):
        ...     assert interpret(context=context).context == context
        >>> check()
    """
    return _context()


# --- range files ---------------------------------------------------------------------------

_BANDS: tuple[str, ...] = tuple(band.value for band in Band if band is not Band.indeterminate)
_ACCESSED = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
_LABEL = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs", "Pd", "Po")), min_size=1, max_size=30
).filter(str.strip)


def _round(value: float, digits: int = 6) -> float:
    """``value`` to ``digits`` significant digits, as a person writes a boundary."""
    return float(f"{value:.{digits}g}")


def _scalar(draw: st.DrawFn, value: float) -> float | int:
    """A whole number as TOML writes it (``2``, read as an int) or as a float (``2.0``)."""
    return int(value) if value.is_integer() and draw(st.booleans()) else value


@st.composite
def _bands(draw: st.DrawFn, analyte: Analyte, cite: Sequence[str]) -> list[dict[str, Any]]:
    """One population's bands, from 0 to infinity, each boundary cited and in some unit."""
    chem = chemistry(analyte)
    others = [name for name in _BANDS if name != "normal"]
    chosen = draw(st.lists(st.sampled_from(others), min_size=1, max_size=len(others), unique=True))
    names = [name for name in _BANDS if name == "normal" or name in chosen]
    low, high = _interval(analyte, chem.canonical_unit)
    # cut points on a log scale with distinct steps: at least 0.2% apart, so rounding a
    # boundary to six digits never reorders two of them
    steps = draw(
        st.lists(
            st.integers(min_value=1, max_value=999),
            min_size=len(names) - 1,
            max_size=len(names) - 1,
            unique=True,
        )
    )
    cuts = [low * (high / low) ** (step / 1000) for step in sorted(steps)]
    bands: list[dict[str, Any]] = [{"band": name} for name in names]
    if draw(st.booleans()):  # the first band may say where it starts: 0, inclusive
        unit = draw(st.sampled_from(chem.ucum_codes))
        bands[0]["low"] = {
            "value": draw(st.sampled_from([0, 0.0])),
            "unit": unit,
            "inclusive": True,
            "source": draw(st.sampled_from(cite)),
        }
    for index, cut in enumerate(cuts):
        unit = draw(st.sampled_from(chem.ucum_codes))
        value = _scalar(draw, _round(convert(cut, chem.canonical_unit, unit, analyte=analyte)))
        below_includes = draw(st.booleans())
        bands[index]["high"] = {
            "value": value,
            "unit": unit,
            "inclusive": below_includes,
            "source": draw(st.sampled_from(cite)),
        }
        bands[index + 1]["low"] = {
            "value": value,
            "unit": unit,
            "inclusive": not below_includes,
            "source": draw(st.sampled_from(cite)),
        }
    return bands


@st.composite
def _when(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["none", "age", "from_age", "pregnant", "trimester"]))
    if kind == "age":
        unit = draw(st.sampled_from(["days", "weeks", "months", "years"]))
        low = draw(st.integers(min_value=0, max_value=60))
        return {
            "age": {
                "min": low,
                "max": low + draw(st.integers(min_value=1, max_value=60)),
                "unit": unit,
            }
        }
    if kind == "from_age":
        return {"age": {"min": draw(st.integers(min_value=0, max_value=100))}}
    if kind == "pregnant":
        return {"pregnant": True}
    if kind == "trimester":
        return {"pregnant": True, "trimester": draw(st.sampled_from([1, 2, 3]))}
    return {}


def _bundled_source_ids(analyte: Analyte) -> list[str]:
    return sorted({s.id for table in RangeSet.default().tables(analyte) for s in table.sources})


@st.composite
def _valid_mapping(draw: st.DrawFn) -> dict[str, Any]:
    analyte = draw(st.sampled_from(list(Analyte)))
    own = [
        f"strategies-lab-{index}" for index in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    sources: dict[str, Any] = {}
    for source_id in own:
        source: dict[str, Any] = {
            "title": draw(_LABEL),
            "url": f"https://example.org/{draw(st.from_regex(r'[a-z0-9/-]{1,20}', fullmatch=True))}",
            "accessed": draw(_ACCESSED),
        }
        if draw(st.booleans()):
            source["checked"] = draw(st.sampled_from(["original", "secondary", "research-notes"]))
        sources[source_id] = source
    cite = own + (_bundled_source_ids(analyte) if draw(st.booleans()) else [])
    count = draw(st.integers(min_value=1, max_value=4))
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    default = draw(st.integers(min_value=0, max_value=count - 1))
    populations = []
    for index, population_id in enumerate(ids):
        population: dict[str, Any] = {"id": population_id, "label": draw(_LABEL)}
        if index == default:
            population["default"] = True
        elif draw(st.booleans()):
            population["default"] = False
        when = draw(_when())
        if when:
            population["when"] = when
        if draw(st.booleans()):
            population["note"] = draw(_LABEL)
        population["bands"] = draw(_bands(analyte, cite))
        populations.append(population)
    mapping: dict[str, Any] = {"schema_version": 1, "analyte": analyte.value}
    if draw(st.booleans()):
        mapping["version"] = draw(st.from_regex(r"[a-z0-9.-]{1,12}", fullmatch=True))
    mapping["populations"] = populations
    mapping["sources"] = sources
    return mapping


Breaker: TypeAlias = Callable[[st.DrawFn, dict[str, Any]], None]


def _a_cut(draw: st.DrawFn, mapping: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two bounds (below, above) of one boundary of some population."""
    bands = draw(st.sampled_from(mapping["populations"]))["bands"]
    index = draw(st.integers(min_value=1, max_value=len(bands) - 1))
    return bands[index - 1]["high"], bands[index]["low"]


def _both(key: str, value: Callable[[Any], object]) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        for bound in _a_cut(draw, mapping):
            bound[key] = value(bound[key])

    return apply


def _set(
    path: Callable[[st.DrawFn, dict[str, Any]], dict[str, Any]], key: str, values: Sequence[object]
) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        path(draw, mapping)[key] = draw(st.sampled_from(values))

    return apply


def _top(draw: st.DrawFn, mapping: dict[str, Any]) -> dict[str, Any]:
    return mapping


def _population(draw: st.DrawFn, mapping: dict[str, Any]) -> dict[str, Any]:
    populations: list[dict[str, Any]] = mapping["populations"]
    return draw(st.sampled_from(populations))


def _own_source(draw: st.DrawFn, mapping: dict[str, Any]) -> dict[str, Any]:
    sources: dict[str, dict[str, Any]] = mapping["sources"]
    return sources[draw(st.sampled_from(sorted(sources)))]


def _no_default(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    for population in mapping["populations"]:
        population.pop("default", None)


def _extra_population(default: bool, same_id: bool) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        populations = mapping["populations"]
        copy = {**populations[0], "default": default}
        if not same_id:
            taken = {population["id"] for population in populations}
            copy["id"] = next(f"extra_{n}" for n in range(10) if f"extra_{n}" not in taken)
        populations.append(copy)

    return apply


def _gap_or_overlap(factor: float) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        _, above = _a_cut(draw, mapping)
        above["value"] = above["value"] * factor

    return apply


def _inclusive(value: bool) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        for bound in _a_cut(draw, mapping):
            bound["inclusive"] = value

    return apply


def _unit_mismatch(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    analyte = Analyte(mapping["analyte"])
    _, above = _a_cut(draw, mapping)
    other = next(unit for unit in chemistry(analyte).ucum_codes if unit != above["unit"])
    # the same value physically, written in another unit than the band below uses
    above["value"] = convert(above["value"], above["unit"], other, analyte=analyte)
    above["unit"] = other


def _swap_names(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    bands = _population(draw, mapping)["bands"]
    index = draw(st.integers(min_value=1, max_value=len(bands) - 1))
    bands[index - 1]["band"], bands[index]["band"] = bands[index]["band"], bands[index - 1]["band"]


def _no_normal(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    """Rename the normal band to a name that keeps the order, else leave only it."""
    population = _population(draw, mapping)
    bands = population["bands"]
    names = [band["band"] for band in bands]
    at = names.index("normal")
    before = _BANDS.index(names[at - 1]) if at else -1
    after = _BANDS.index(names[at + 1]) if at + 1 < len(names) else len(_BANDS)
    fits = [name for name in _BANDS[before + 1 : after] if name != "normal"]
    if fits:
        bands[at]["band"] = draw(st.sampled_from(fits))
    else:  # a population of one band: "normal and at least one other" is the rule broken
        population["bands"] = [{"band": "normal"}]


def _first_low(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    bands = _population(draw, mapping)["bands"]
    bound = bands[1]["low"]
    bands[0]["low"] = {**bound, "value": bound["value"] / 2, "inclusive": True}


def _last_high(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    bands = _population(draw, mapping)["bands"]
    bound = bands[-1]["low"]
    bands[-1]["high"] = {**bound, "value": bound["value"] * 2, "inclusive": True}


def _middle_low(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    _, above = _a_cut(draw, mapping)
    above.clear()  # replaced below: a band after the first that leaves out `low`
    for population in mapping["populations"]:
        population["bands"] = [
            {key: value for key, value in band.items() if value != {}}
            for band in population["bands"]
        ]


def _empty_age(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    low = draw(st.integers(min_value=1, max_value=80))
    high = draw(st.integers(min_value=1, max_value=low))
    _population(draw, mapping)["when"] = {"age": {"min": low, "max": high}}


def _bundled_id(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    sources = mapping["sources"]
    taken = draw(st.sampled_from(_bundled_source_ids(Analyte(mapping["analyte"]))))
    sources[taken] = next(iter(sources.values()))


def _source_key(key: str) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        del _own_source(draw, mapping)[key]

    return apply


def _band_name(names: Sequence[str]) -> Breaker:
    def apply(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
        bands = [b for b in _population(draw, mapping)["bands"] if b["band"] not in names]
        draw(st.sampled_from(bands))["band"] = draw(st.sampled_from(names))

    return apply


def _unknown_key(draw: st.DrawFn, mapping: dict[str, Any]) -> None:
    target = draw(st.sampled_from(["file", "population", "band"]))
    where = mapping if target == "file" else _population(draw, mapping)
    if target == "band":
        where = draw(st.sampled_from(where["bands"]))
    where[draw(st.sampled_from(["colour", "Version", "notes", "low_value"]))] = "x"


#: One rule each; the value draws how to break it in a valid mapping.
_BREAKERS: dict[str, Breaker] = {
    "schema_version": _set(_top, "schema_version", [0, 2, "1", None]),
    "analyte": _set(_top, "analyte", ["sodium", "", "vitamin b12", 3]),
    "no_populations": _set(_top, "populations", [[]]),
    "no_default": _no_default,
    "two_defaults": _extra_population(default=True, same_id=False),
    "duplicate_population_id": _extra_population(default=False, same_id=True),
    "population_id": _set(_population, "id", ["Adult", "two words", "", "x" * 41, "\u00e9"]),
    "empty_label": _set(_population, "label", [""]),
    "no_bands": _set(_population, "bands", [[]]),
    "trimester": _set(
        lambda draw, m: _population(draw, m).setdefault("when", {}), "trimester", [0, 4, "2", 1.5]
    ),
    "empty_age": _empty_age,
    "gap": _gap_or_overlap(1.01),
    "overlap": _gap_or_overlap(0.99),
    "both_inclusive": _inclusive(True),
    "neither_inclusive": _inclusive(False),
    "unit_mismatch": _unit_mismatch,
    "unit_not_accepted": _both("unit", lambda unit: "furlong/L"),
    "unknown_source": _both("source", lambda source: "no-such-source"),
    "bad_source_id": _both("source", lambda source: "Not An Id"),
    "negative": _both("value", lambda value: -value),
    "not_finite": _both("value", lambda value: math.nan if value > 1 else math.inf),
    "value_as_text": _both("value", str),
    "inclusive_as_text": _both("inclusive", lambda inclusive: "true" if inclusive else "false"),
    "band_order": _swap_names,
    "no_normal_band": _no_normal,
    "duplicate_band": _band_name(["normal"]),
    "not_a_table_band": _band_name(["indeterminate", "Normal", "very_low"]),
    "first_band_start": _first_low,
    "last_band_end": _last_high,
    "middle_band_open": _middle_low,
    "source_url": _set(_own_source, "url", ["ftp://example.org/x", "example.org", "https://"]),
    "source_title": _source_key("title"),
    "source_accessed": _set(_own_source, "accessed", ["yesterday", "2024-13-01", "2024/01/01"]),
    "bundled_source_id": _bundled_id,
    "unknown_key": _unknown_key,
}


@st.composite
def _invalid_mapping(
    draw: st.DrawFn, rules: Sequence[str] | None = None
) -> tuple[str, dict[str, Any]]:
    """``(rule, mapping)``: a valid mapping with one rule (a key of :data:`_BREAKERS`) broken."""
    rule = draw(st.sampled_from(list(rules or _BREAKERS)))
    mapping = draw(_valid_mapping())
    _BREAKERS[rule](draw, mapping)
    return rule, mapping


def range_mappings(*, valid: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """Range files as ``tomllib`` returns them: plain dicts, lists and TOML scalars.

    With ``valid=True`` (the default), mappings that :meth:`RangeSet.from_mapping
    <b12labs.RangeSet.from_mapping>` accepts, for all three analytes: one to four
    populations (exactly one default; age, pregnancy and trimester criteria), bands from 0
    to infinity without gap or overlap, each boundary in some accepted unit and citing a
    source of the file's own or a bundled one. With ``valid=False``, such a mapping with
    exactly one rule broken (a gap, an overlap, two defaults, an unknown unit, an uncited
    or undefined source, a negative or NaN boundary, bands out of order, an unknown key, ...),
    which ``from_mapping`` refuses with a :class:`~b12labs.ReferenceDataError`.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import RangeSet
        >>> @settings(max_examples=10, database=None)
        ... @given(range_mappings())
        ... def check(mapping):
        ...     assert mapping["analyte"] in RangeSet.from_mapping(mapping).analytes
        >>> check()
    """
    if _flag(valid, "valid", ReferenceDataError):
        return _valid_mapping()
    return _invalid_mapping().map(lambda pair: pair[1])
