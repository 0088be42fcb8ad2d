"""The public hypothesis strategies (``b12labs.strategies``, api.md section 10) hold their promises.

Each strategy is checked against the library itself and its data: results are plausible
(inside the limits of ``analytes.toml``) and cluster at plausible band boundaries, texts
parse to what they claim, hostile texts are refused by every result class for the reason of
their kind (implausible values as ``implausible``, control characters as
``control_character``), contexts validate and cover children, older people and pregnancy,
valid range mappings load and invalid ones are refused for the rule they break.
``docs/testing.md``'s example runs here too.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from b12labs import (
    Analyte,
    B12LabsError,
    B12Result,
    Context,
    InvalidResultError,
    LabResult,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    ReferenceDataError,
    Report,
    Symptom,
    UnknownAnalyteError,
    chemistry,
    convert,
    interpret,
)
from b12labs import strategies as bs
from b12labs.strategies import _common, broken_rules, lab_results, lab_texts, range_files
from b12labs.strategies import hostile as hostile_module
from strategies import FICTIONAL_DIR

ROOT = Path(__file__).resolve().parent.parent
CLASSES: tuple[type[LabResult], ...] = (B12Result, PotassiumResult, MagnesiumResult)
FEW = settings(max_examples=15)


def _interpret(
    analyte: Analyte, lab: object, *, context: object = None, ranges: RangeSet | None = None
) -> Report:
    """``interpret()`` with one lab given by its analyte's keyword."""
    labs = {analyte.value: lab}
    return interpret(
        b12=labs.get("b12"),
        potassium=labs.get("potassium"),
        magnesium=labs.get("magnesium"),
        context=context,
        ranges=ranges,
    )


def _text_of(result: LabResult) -> str:
    """The result written so that it parses back exactly (``repr`` keeps every digit)."""
    return f"{result.comparator or ''}{result.value!r} {result.unit}"


def _limits_in(analyte: Analyte, unit: str) -> tuple[float, float]:
    """The data's plausibility limits (``analytes.toml``) in ``unit``, computed here."""
    limits = chemistry(analyte).plausible
    return (
        convert(limits.low.value, limits.low.unit, unit, analyte=analyte),
        convert(limits.high.value, limits.high.unit, unit, analyte=analyte),
    )


def _within_limits(result: LabResult) -> bool:
    """Whether the result's own number lies within the data's limits (inclusive, with the
    library's 1e-9 tolerance for a unit round trip)."""
    low, high = _limits_in(result.analyte, result.unit)
    value = result.value
    return (value >= low or math.isclose(value, low, rel_tol=1e-9)) and (
        value <= high or math.isclose(value, high, rel_tol=1e-9)
    )


# --- the module itself -----------------------------------------------------------------


def test_public_names() -> None:
    assert sorted(bs.__all__) == [
        "contexts",
        "hostile_texts",
        "range_mappings",
        "result_texts",
        "results",
        "symptom_sets",
    ]
    # each is the strategy function, never a submodule of the same name
    assert all(inspect.isfunction(getattr(bs, name)) for name in bs.__all__)
    from b12labs.strategies import results  # the import a user writes

    assert results is bs.results
    assert inspect.isfunction(results)


@pytest.mark.slow
@pytest.mark.parametrize("module", ["b12labs.strategies", "b12labs.strategies.lab_results"])
def test_without_hypothesis_the_import_error_names_the_extra(module: str) -> None:
    code = f"import sys; sys.modules['hypothesis'] = None; import {module}"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError:")
    assert "'strategies' extra" in last
    assert 'pip install "b12labs[strategies]"' in last


def test_arguments_are_keyword_only_and_checked() -> None:
    with pytest.raises(TypeError):
        bs.results("b12", False)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        bs.range_mappings(False)  # type: ignore[call-arg]
    with pytest.raises(UnknownAnalyteError):
        bs.results("sodium")
    with pytest.raises(UnknownAnalyteError):
        bs.result_texts("B 12")
    with pytest.raises(InvalidResultError) as bad_flag:
        bs.results(censored="yes")  # type: ignore[arg-type]
    assert (bad_flag.value.field, bad_flag.value.code) == ("censored", "invalid")
    with pytest.raises(ReferenceDataError) as bad_ranges:
        bs.results(ranges={"b12": []})  # type: ignore[arg-type]
    assert bad_ranges.value.code == "not_a_range_set"  # as interpret() says it
    with pytest.raises(ReferenceDataError) as bad_valid:
        bs.range_mappings(valid=1)  # type: ignore[arg-type]
    assert (bad_valid.value.field, bad_valid.value.code) == ("valid", "invalid")


@pytest.mark.parametrize("analyte", list(Analyte))
def test_plausible_intervals_follow_the_data(analyte: Analyte) -> None:
    """What the strategies draw from is the data's limits, and the library agrees at both ends:
    an exact value on a limit is accepted, just beyond it refused as implausible; a censored
    value is kept inside only where its comparator leaves the end open."""
    cls = _common.CLASSES[analyte]
    for unit in chemistry(analyte).ucum_codes:
        low_limit, high_limit = _limits_in(analyte, unit)
        assert 0 < low_limit < high_limit
        assert _common.plausible_limits(analyte, unit) == (low_limit, high_limit)
        for comparator in (None, "<", "<=", ">", ">="):
            low, high = _common.plausible_interval(analyte, unit, comparator)
            assert low_limit <= low < high <= high_limit
            assert math.isclose(low, low_limit, rel_tol=1e-7)
            assert math.isclose(high, high_limit, rel_tol=1e-7)
            for value in (low, high):  # both ends are plausible for that comparator
                assert cls.parse(f"{comparator or ''}{value!r} {unit}").value == value
        for text in (f"{low_limit * (1 - 1e-6)!r} {unit}", f"{high_limit * (1 + 1e-6)!r} {unit}"):
            with pytest.raises(InvalidResultError) as caught:
                cls.parse(text)
            assert caught.value.code == "implausible"
        for text in (f"<{low_limit!r} {unit}", f">{high_limit!r} {unit}"):  # the open ends
            with pytest.raises(InvalidResultError) as caught:
                cls.parse(text)
            assert caught.value.code == "implausible"


# --- results -------------------------------------------------------------------------------


@given(bs.results())
def test_results_parse_back_and_survive_json(result: LabResult) -> None:
    cls = type(result)
    parsed = cls.parse(_text_of(result), specimen=result.specimen, hemolyzed=result.hemolyzed)
    assert parsed == result
    assert cls.model_validate_json(result.model_dump_json()) == result
    assert _within_limits(result)
    assert _within_limits(result.to(chemistry(result.analyte).plausible.low.unit))


@given(bs.results())
def test_results_are_accepted_by_interpret(result: LabResult) -> None:
    report = _interpret(result.analyte, result)
    assert report.findings[result.analyte].result == result


@given(bs.results(censored=False))
def test_uncensored_results_are_exact(result: LabResult) -> None:
    assert result.comparator is None


@pytest.mark.parametrize("analyte", [*Analyte, "b12", "potassium", "magnesium"])
def test_results_of_one_analyte_use_every_accepted_unit(analyte: Analyte | str) -> None:
    expected = Analyte(analyte)
    units: set[str] = set()
    comparators: set[str | None] = set()

    @settings(max_examples=150, database=None)
    @given(bs.results(analyte))
    def collect(result: LabResult) -> None:
        assert result.analyte is expected
        units.add(result.unit)
        comparators.add(result.comparator)

    collect()
    assert units == set(chemistry(expected).ucum_codes)
    assert comparators == {None, "<", "<=", ">", ">="}


def _near_a_boundary(result: LabResult, ranges: RangeSet) -> bool:
    for table in ranges.tables(result.analyte):
        for band in table.bands:
            for bound in (band.low, band.high):
                if bound is not None and bound.value > 0:
                    value = result.to(bound.unit).value
                    if abs(value - bound.value) <= 1e-6 * bound.value:
                        return True
    return False


@pytest.mark.parametrize("which", ["bundled", "fictional"])
@pytest.mark.parametrize("analyte", list(Analyte))
def test_results_cluster_at_band_boundaries(which: str, analyte: Analyte) -> None:
    """api.md section 10: with ``ranges``, at least a fifth of draws lie within 1e-6."""
    ranges = RangeSet.default() if which == "bundled" else RangeSet.load(FICTIONAL_DIR)
    drawn: list[LabResult] = []

    @settings(max_examples=200, database=None)
    @given(bs.results(analyte, ranges=ranges))
    def collect(result: LabResult) -> None:
        drawn.append(result)

    collect()
    near = sum(_near_a_boundary(result, ranges) for result in drawn)
    assert near >= len(drawn) / 5, (near, len(drawn))


def _b12_set_with_implausible_boundaries() -> RangeSet:
    """A laboratory's B12 file whose outer boundaries (10 and 200,000 pg/mL) lie beyond the
    plausibility limits (20 and 100,000 pg/mL): only the one at 300 pg/mL can be drawn near."""

    def bound(value: float, inclusive: bool) -> dict[str, Any]:
        return {"value": value, "unit": "pg/mL", "inclusive": inclusive, "source": "lab"}

    cuts = [10.0, 300.0, 200_000.0]
    names = ["low", "normal", "high", "critical_high"]
    bands: list[dict[str, Any]] = [{"band": name} for name in names]
    for index, cut in enumerate(cuts):
        bands[index]["high"] = bound(cut, inclusive=False)
        bands[index + 1]["low"] = bound(cut, inclusive=True)
    source = {"title": "A lab", "url": "https://example.org/lab", "accessed": dt.date(2024, 1, 1)}
    mapping = {
        "schema_version": 1,
        "analyte": "b12",
        "populations": [{"id": "adult", "label": "Adults", "default": True, "bands": bands}],
        "sources": {"lab": source},
    }
    return RangeSet.from_mapping(mapping, name="lab.toml")


def test_results_cluster_only_at_plausible_boundaries() -> None:
    ranges = _b12_set_with_implausible_boundaries()
    for comparator in (None, "<", ">"):
        assert lab_results.boundaries(ranges, Analyte.b12, "pg/mL", comparator) == [300.0]
    drawn: list[LabResult] = []

    @settings(max_examples=200, database=None)
    @given(bs.results("b12", ranges=ranges))
    def collect(result: LabResult) -> None:
        drawn.append(result)
        assert _within_limits(result)
        B12Result.parse(_text_of(result))  # plausible, so accepted

    collect()
    near = [result for result in drawn if _near_a_boundary(result, ranges)]
    assert len(near) >= len(drawn) / 5, (len(near), len(drawn))
    assert all(math.isclose(r.to("pg/mL").value, 300.0, rel_tol=1e-6) for r in near)


@pytest.mark.parametrize("analyte", list(Analyte))
def test_results_draw_the_plausible_limits_themselves(analyte: Analyte) -> None:
    """An exact value on a limit is plausible (limits are inclusive), and is drawn."""
    fast = settings(max_examples=5000, database=None)
    for end in (0, 1):

        def on_limit(result: LabResult, end: int = end) -> bool:
            return result.value == _limits_in(analyte, result.unit)[end]

        found = find(bs.results(analyte, censored=False), on_limit, settings=fast)
        assert type(found).parse(_text_of(found)) == found


def test_an_analyte_the_set_lacks_does_not_cluster_and_does_not_fail() -> None:
    only_b12 = RangeSet.load(FICTIONAL_DIR / "b12.toml")
    drawn: list[LabResult] = []

    @settings(max_examples=50, database=None)
    @given(bs.results("potassium", ranges=only_b12))
    def collect(result: LabResult) -> None:
        drawn.append(result)

    collect()
    assert {result.analyte for result in drawn} == {Analyte.potassium}


# --- result texts ----------------------------------------------------------------------

#: What the parser refuses anywhere in lab text: control characters other than the tab.
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
#: A text as the grammar allows it: blanks only at the ends and between comparator, number
#: and unit; the unit itself without blanks.
GRAMMAR = re.compile(r"[ \t]*(<=|>=|<|>)?[ \t]*[0-9]+([.,][0-9]+)?[ \t]*[^ \t]+[ \t]*")


@given(bs.result_texts())
def test_result_texts_parse_to_their_result(pair: tuple[str, LabResult]) -> None:
    text, expected = pair
    assert type(expected).parse(text) == expected
    report = _interpret(expected.analyte, text)
    assert report.findings[expected.analyte].result == expected
    assert CONTROL.search(text) is None
    assert GRAMMAR.fullmatch(text) is not None, text  # no blank inside the unit
    assert _within_limits(expected)


def test_result_texts_use_commas_comparators_case_and_spacing() -> None:
    """The promised spellings do occur."""
    seen: list[str] = []

    @settings(max_examples=300, database=None)
    @given(bs.result_texts())
    def collect(pair: tuple[str, LabResult]) -> None:
        seen.append(pair[0])

    collect()
    assert any(re.search(r"\d,\d", text) for text in seen)
    assert any(text.lstrip().startswith(("<", ">")) for text in seen)
    assert any(re.search(r"[A-Z]", text) and re.search(r"[a-z]", text) for text in seen)
    assert any(re.search(r"\d[a-zA-Z]", text) for text in seen)  # no space before the unit
    assert any(text != text.strip() for text in seen)
    assert any("\t" in text for text in seen)
    assert any(re.search(r"[<>]=?[ \t]+\d", text) for text in seen)  # blank after a comparator
    assert any(re.search(r"(^|[^0-9.,])0\d", text) for text in seen)  # a leading zero


def test_result_texts_write_the_micro_sign_both_ways() -> None:
    """Both micro signs stand for the prefix ``u`` where a unit spelling has one; no bundled
    unit has a micro prefix, so the rule is checked on the helper directly."""

    @st.composite
    def spelled(draw: st.DrawFn) -> str:
        return lab_texts.micro_signs(draw, "umol/L")

    seen: set[str] = set()

    @settings(max_examples=100, database=None)
    @given(spelled())
    def collect(text: str) -> None:
        seen.add(text)

    collect()
    assert seen == {"umol/L", "\u00b5mol/L", "\u03bcmol/L"}


# --- hostile texts -----------------------------------------------------------------------


def _refused_by_every_class(text: str) -> list[B12LabsError]:
    errors = []
    for cls in CLASSES:
        with pytest.raises(B12LabsError) as caught:
            cls.parse(text)
        assert isinstance(caught.value, ValueError)
        errors.append(caught.value)
    return errors


KINDS = sorted(hostile_module.hostile_kinds())

#: Each refusal kind and the codes its refusals carry (docs/errors.md); a unit of another
#: analyte is refused first as ``unit_not_accepted`` where the fault comes after the unit.
KIND_CODES: dict[str, set[str]] = {
    "empty": {"empty", "number_missing"},
    "control_character": {"control_character", "not_ascii"},
    "non_ascii_digits": {"not_ascii"},
    "non_ascii_text": {"not_ascii"},
    "sign": {"negative", "signed", "not_ascii"},
    "exponent": {"exponent"},
    "grouping": {"ambiguous_grouping"},
    "several_marks": {"several_decimal_marks"},
    "bare_decimal_mark": {"bare_decimal_mark"},
    "range": {"range", "not_ascii"},
    "trailing_flag": {"trailing_text", "unit_not_accepted"},
    "text_before_unit": {"text_before_unit", "expression", "unit_not_accepted"},
    "expression": {"expression", "not_a_number"},
    "not_finite": {"not_finite", "negative", "signed", "not_a_number"},
    "bad_comparator": {"bad_comparator", "not_a_number", "not_ascii"},
    "unit_missing": {"unit_missing"},
    "unit_unknown": {"unit_not_accepted"},
    "space_in_unit": {"unit_not_accepted", "trailing_text"},
    "too_long": {"too_long"},
    "implausible": {"implausible", "unit_not_accepted"},
}


def test_hostile_kinds_cover_api_md() -> None:
    assert set(KINDS) == set(KIND_CODES)
    assert set(KINDS) >= {
        "empty",
        "control_character",
        "non_ascii_digits",
        "sign",
        "exponent",
        "grouping",
        "range",
        "trailing_flag",
        "expression",
        "not_finite",
        "unit_missing",
        "unit_unknown",
        "space_in_unit",
        "too_long",
        "implausible",
    }


@pytest.mark.parametrize("kind", KINDS)
def test_each_hostile_kind_is_refused_by_every_result_class_for_its_reason(kind: str) -> None:
    @settings(max_examples=40, database=None)
    @given(hostile_module.hostile([kind]))
    def check(text: str) -> None:
        errors = _refused_by_every_class(text)
        assert {error.code for error in errors} <= KIND_CODES[kind], text
        if kind == "implausible":  # the class whose unit it is judges the number
            judged = [error for error in errors if error.code == "implausible"]
            assert judged, text
            assert all(error.field.endswith(".value") for error in judged)
        if kind == "control_character":
            assert CONTROL.search(text), text

    check()


@given(bs.hostile_texts())
def test_hostile_texts_are_refused_by_every_result_class(text: str) -> None:
    for cls, error in zip(CLASSES, _refused_by_every_class(text), strict=True):
        # the field names the result class's own analyte: "b12.value", "potassium.unit"
        assert error.field.split(".")[0] == cls.model_fields["analyte"].default.value


@given(hostile_module.hostile(["implausible"]))
def test_implausible_texts_lie_outside_the_data_limits(text: str) -> None:
    """Derived from analytes.toml: outside the limits of every analyte that takes the unit."""
    match = re.fullmatch(r"[ \t]*(<=|>=|<|>)?([0-9.,]+)[ \t]*(\S+)", text)
    assert match is not None, text
    comparator, number, unit = match[1], float(match[2].replace(",", ".")), match[3]
    takers = [a for a in Analyte if unit in chemistry(a).ucum_codes]
    assert takers
    for analyte in takers:
        low, high = _limits_in(analyte, unit)
        below, above = number < low, number > high
        if comparator in ("<", "<="):
            assert below, text
        elif comparator:
            assert above, text
        else:
            assert below or above, text


@pytest.mark.parametrize(
    "pattern",
    [
        r"^45 mmol/L$",
        r"^>45 mmol/L$",
        r"^1\.500 pg/mL$",
        r"^0 ",
        r"\d,\d{3} ",
        r"\d-\d",
        r" H$",
        r"^10\*\*10\*\*10",
        r"(?i)^nan",
        r"\n",
        r"\x00",
        r"^245 pg / mL$",
        r"\d [a-z]+[ \t]+/",
        r"^\S+$",
        r"^$",
    ],
)
def test_api_md_examples_are_drawn(pattern: str) -> None:
    """The kinds of example api.md and issue 8 name are among the draws."""
    find(
        bs.hostile_texts(),
        lambda drawn: re.search(pattern, drawn) is not None,
        settings=settings(max_examples=5000, database=None),
    )


# --- symptoms and contexts ---------------------------------------------------------------


@given(bs.symptom_sets())
def test_symptom_sets_are_frozensets_interpret_accepts(symptoms: frozenset[Symptom]) -> None:
    assert isinstance(symptoms, frozenset)
    assert all(isinstance(symptom, Symptom) for symptom in symptoms)
    assert set(interpret(symptoms=symptoms).symptoms) == symptoms


@given(bs.contexts())
def test_contexts_validate_and_survive_json(context: Context) -> None:
    assert Context.model_validate(context.model_dump()) == context
    assert Context.model_validate_json(context.model_dump_json()) == context
    assert interpret(context=context).context == context


@pytest.mark.parametrize(
    ("who", "condition"),
    [
        ("a child", lambda c: c.age_years is not None and c.age_years < 18),
        ("an infant", lambda c: c.age_years is not None and c.age_years < 1),
        ("an older person", lambda c: c.age_years is not None and c.age_years >= 65),
        ("pregnancy", lambda c: c.pregnant is True),
        ("a trimester", lambda c: c.pregnancy_trimester is not None),
        ("an unknown age", lambda c: c.age_years is None),
        ("medications", lambda c: len(c.medications) >= 2),
        ("conditions", lambda c: len(c.conditions) >= 1),
        ("a diet", lambda c: c.diet is not None),
        ("injections just started", lambda c: c.b12_injections_started_recently is True),
        ("no injections", lambda c: c.b12_injections is False),
        ("red flags", lambda c: len(c.red_flags) >= 1),
    ],
)
def test_contexts_include(who: str, condition: Callable[[Context], bool]) -> None:
    find(bs.contexts(), condition, settings=settings(max_examples=2000, database=None))


# --- range mappings --------------------------------------------------------------------


def _toml_string(text: str) -> str:
    escaped = "".join(
        f"\\{char}"
        if char in '"\\'
        else f"\\u{ord(char):04x}"
        if ord(char) < 0x20 or ord(char) == 0x7F
        else char
        for char in text
    )
    return f'"{escaped}"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | dt.date):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, float):
        return (
            ("nan" if math.isnan(value) else "inf" if value > 0 else "-inf")
            if not math.isfinite(value)
            else repr(value)
        )
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def to_toml(mapping: dict[str, Any]) -> str:
    """A range mapping as TOML text (inline tables: small, and valid TOML 1.0)."""
    return "\n".join(f"{_toml_key(key)} = {_toml_value(value)}" for key, value in mapping.items())


@given(bs.range_mappings())
def test_valid_range_mappings_load(mapping: dict[str, Any]) -> None:
    ranges = RangeSet.from_mapping(mapping)
    analyte = Analyte(mapping["analyte"])
    assert ranges.analytes == {analyte}
    tables = ranges.tables(analyte)
    assert [t.population for t in tables] == [p["id"] for p in mapping["populations"]]
    assert sum(t.default for t in tables) == 1
    assert RangeSet.from_toml(to_toml(mapping), name="<mapping>") == ranges


@given(bs.range_mappings(), bs.results(), bs.contexts())
def test_valid_range_mappings_interpret_every_result(
    mapping: dict[str, Any], result: LabResult, context: Context
) -> None:
    ranges = RangeSet.from_mapping(mapping)
    report = _interpret(result.analyte, result, context=context, ranges=ranges)
    assert report.findings[result.analyte].result == result


@given(bs.range_mappings())
def test_valid_range_mappings_are_plain_toml_data(mapping: dict[str, Any]) -> None:
    def plain(node: object) -> bool:
        if isinstance(node, dict):
            return all(type(k) is str and plain(v) for k, v in node.items())
        if isinstance(node, list):
            return all(plain(item) for item in node)
        return type(node) in (str, int, float, bool, dt.date)

    assert type(mapping) is dict
    assert plain(mapping)


def test_range_mappings_cover_every_analyte_and_several_populations() -> None:
    drawn: list[dict[str, Any]] = []

    @settings(max_examples=100, database=None)
    @given(bs.range_mappings())
    def collect(mapping: dict[str, Any]) -> None:
        drawn.append(mapping)

    collect()
    assert {m["analyte"] for m in drawn} == {a.value for a in Analyte}
    assert max(len(m["populations"]) for m in drawn) >= 3
    criteria = {key for m in drawn for p in m["populations"] for key in p.get("when", {})}
    assert criteria == {"age", "pregnant", "trimester"}


#: Each broken rule and the codes its refusal may carry ("invalid" is the shape check).
RULE_CODES: dict[str, set[str]] = {
    "schema_version": {"invalid"},
    "analyte": {"invalid"},
    "no_populations": {"invalid"},
    "no_default": {"default"},
    "two_defaults": {"default"},
    "duplicate_population_id": {"duplicate"},
    "population_id": {"invalid"},
    "empty_label": {"invalid"},
    "no_bands": {"invalid"},
    "trimester": {"invalid"},
    "empty_age": {"empty_age"},
    "gap": {"gap"},
    "overlap": {"overlap"},
    "both_inclusive": {"overlap"},
    "neither_inclusive": {"gap"},
    "unit_mismatch": {"unit_mismatch"},
    "unit_not_accepted": {"unit_not_accepted"},
    "unknown_source": {"unknown_source"},
    "bad_source_id": {"invalid"},
    "negative": {"invalid"},
    "not_finite": {"invalid"},
    "value_as_text": {"invalid"},
    "inclusive_as_text": {"invalid"},
    "band_order": {"band_order"},
    "no_normal_band": {"no_normal_band"},
    "duplicate_band": {"band_order"},
    "not_a_table_band": {"invalid"},
    "first_band_start": {"gap"},
    "last_band_end": {"gap"},
    "middle_band_open": {"overlap"},
    "source_url": {"invalid"},
    "source_title": {"invalid"},
    "source_accessed": {"invalid"},
    "bundled_source_id": {"duplicate_source"},
    "unknown_key": {"unexpected_field"},
}


def test_every_rule_has_expected_codes() -> None:
    assert set(RULE_CODES) == set(broken_rules.BREAKERS)


@pytest.mark.parametrize("rule", sorted(RULE_CODES))
def test_each_broken_rule_is_refused_for_that_rule(rule: str) -> None:
    @FEW
    @given(range_files.invalid_mapping([rule]))
    def check(pair: tuple[str, dict[str, Any]]) -> None:
        with pytest.raises(ReferenceDataError) as caught:
            RangeSet.from_mapping(pair[1], name="lab.toml")
        assert caught.value.code in RULE_CODES[rule]
        assert caught.value.field.startswith("lab.toml: ")

    check()


@given(bs.range_mappings(valid=False))
def test_invalid_range_mappings_are_refused(mapping: dict[str, Any]) -> None:
    with pytest.raises(ReferenceDataError):
        RangeSet.from_mapping(mapping)


# --- docs/testing.md ---------------------------------------------------------------------


def test_the_testing_guide_example_runs() -> None:
    """Every ``python`` block of docs/testing.md, run in order; then its ``test_`` functions."""
    guide = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", guide, flags=re.DOTALL)
    assert len(blocks) >= 2
    namespace: dict[str, Any] = {"__name__": "testing_guide"}
    exec(compile("\n".join(blocks), "docs/testing.md", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) >= 3
    for test in tests:
        test()


def test_strategy_values_are_distinct_objects() -> None:
    """Each draw is a fresh object: a test may mutate its mapping without affecting others."""
    seen: list[dict[str, Any]] = []

    @settings(max_examples=5, database=None)
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        seen.append(data.draw(bs.range_mappings()))

    collect()
    assert len({id(m) for m in seen}) == len(seen)
