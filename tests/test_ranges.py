"""Range files: validation on load, population selection, overrides (fictional data)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from b12labs import (
    Analyte,
    B12LabsError,
    Band,
    Context,
    InvalidContextError,
    RangeSet,
    ReferenceDataError,
    UnknownAnalyteError,
)
from b12labs import strategies as bs
from b12labs.ranges import (
    MAX_FILE_BYTES,
    MAX_PATH_CHARS,
    AgeLimits,
    BandRange,
    RangeTable,
    ReferenceRange,
    When,
)
from b12labs.sources import bundled_sources, bundled_sources_view
from strategies import FICTIONAL_DIR, python_objects

# --- a tiny TOML writer (tomllib reads only) -----------------------------------------------


def _inline(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string of printable text is a TOML basic string
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    raise TypeError(type(value).__name__)


def dump_toml(data: dict[str, Any]) -> str:
    """TOML text for a range-file mapping (every table inline, one key per line)."""
    return "".join(f"{key} = {_inline(value)}\n" for key, value in data.items())


def _bound(value: float, inclusive: bool, unit: str = "mmol/L") -> dict[str, Any]:
    return {"value": value, "unit": unit, "inclusive": inclusive, "source": "fictional-test"}


def _bands() -> list[dict[str, Any]]:
    return [
        {"band": "critical_low", "high": _bound(2, False)},
        {"band": "low", "low": _bound(2, True), "high": _bound(3, False)},
        {"band": "normal", "low": _bound(3, True), "high": _bound(5, True)},
        {"band": "high", "low": _bound(5, False), "high": _bound(6, True)},
        {"band": "critical_high", "low": _bound(6, False)},
    ]


def base_file() -> dict[str, Any]:
    """A valid potassium range file with two populations and its own source."""
    return {
        "schema_version": 1,
        "analyte": "potassium",
        "version": "test-1",
        "populations": [
            {
                "id": "adult",
                "label": "Adults",
                "default": True,
                "when": {"age": {"min": 18, "unit": "years"}},
                "bands": _bands(),
            },
            {
                "id": "child",
                "label": "Children",
                "when": {"age": {"min": 1, "max": 18}},
                "bands": _bands(),
            },
        ],
        "sources": {
            "fictional-test": {
                "title": "Fictional test source",
                "url": "https://example.org/fictional",
                "accessed": dt.date(2026, 1, 1),
            }
        },
    }


def test_base_file_is_valid_through_every_route(tmp_path: Path) -> None:
    data = base_file()
    path = tmp_path / "potassium.toml"
    path.write_text(dump_toml(data), encoding="utf-8")
    loaded = RangeSet.load(path)
    assert RangeSet.from_mapping(data) == loaded
    assert RangeSet.from_toml(dump_toml(data)) == loaded
    assert loaded.analytes == frozenset({Analyte.potassium})
    assert loaded.version == "test-1"
    assert [t.population for t in loaded.tables("potassium")] == ["adult", "child"]


# --- invalid files: each raises ReferenceDataError naming the file and the field ---------

Mutation = Callable[[dict[str, Any]], None]


def _bands_of(data: dict[str, Any], population: int = 0) -> list[dict[str, Any]]:
    bands: list[dict[str, Any]] = data["populations"][population]["bands"]
    return bands


def _set(path: str, value: object) -> Mutation:
    """A mutation setting ``populations[0].bands[i].<side>.<key>`` and similar paths."""

    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _swap_high_bands(data: dict[str, Any]) -> None:
    bands = _bands_of(data)
    bands[3], bands[4] = bands[4], bands[3]


def _drop_normal(data: dict[str, Any]) -> None:
    bands = _bands_of(data)
    del bands[2]
    bands[2]["low"] = _bound(3, True)


def _second_default(data: dict[str, Any]) -> None:
    data["populations"][1]["default"] = True


def _no_default(data: dict[str, Any]) -> None:
    data["populations"][0]["default"] = False


def _duplicate_id(data: dict[str, Any]) -> None:
    data["populations"][1]["id"] = "adult"


def _drop_own_source(data: dict[str, Any]) -> None:
    del data["sources"]


INVALID: list[tuple[str, Mutation, str, str]] = [
    # (case id, mutation, expected code, expected field after "<file>: ")
    ("gap", _set("populations.0.bands.2.low.value", 3.1), "gap", "populations[0].bands[2].low"),
    (
        "overlap",
        _set("populations.0.bands.2.low.value", 2.9),
        "overlap",
        "populations[0].bands[2].low",
    ),
    (
        "both_inclusive",
        _set("populations.0.bands.1.high.inclusive", True),
        "overlap",
        "populations[0].bands[2].low",
    ),
    (
        "neither_inclusive",
        _set("populations.0.bands.2.low.inclusive", False),
        "gap",
        "populations[0].bands[2].low",
    ),
    (
        "unit_mismatch",
        _set("populations.0.bands.2.low.unit", "meq/L"),
        "unit_mismatch",
        "populations[0].bands[2].low",
    ),
    ("out_of_order", _swap_high_bands, "band_order", "populations[0].bands"),
    (
        "duplicated_band",
        _set("populations.0.bands.3.band", "normal"),
        "band_order",
        "populations[0].bands",
    ),
    ("missing_normal", _drop_normal, "no_normal_band", "populations[0].bands"),
    (
        "first_low_nonzero",
        _set("populations.0.bands.0.low", _bound(1, True)),
        "gap",
        "populations[0].bands[0].low",
    ),
    (
        "last_has_high",
        _set("populations.0.bands.4.high", _bound(9, True)),
        "gap",
        "populations[0].bands[4].high",
    ),
    (
        "unknown_unit",
        _set("populations.0.bands.1.high.unit", "furlong"),
        "unit_not_accepted",
        "populations[0].bands[1].high.unit",
    ),
    (
        "other_analytes_unit",
        _set("populations.1.bands.2.high.unit", "mg/dL"),
        "unit_not_accepted",
        "populations[1].bands[2].high.unit",
    ),
    (
        "unknown_source",
        _set("populations.0.bands.2.low.source", "no-such-source"),
        "unknown_source",
        "populations[0].bands[2].low.source",
    ),
    (
        "own_source_missing",
        _drop_own_source,
        "unknown_source",
        "populations[0].bands[0].high.source",
    ),
    ("no_default", _no_default, "default", "populations"),
    ("two_defaults", _second_default, "default", "populations"),
    ("duplicate_population_id", _duplicate_id, "duplicate", "populations[1].id"),
    (
        "empty_band",
        _set("populations.0.bands.2.high", _bound(3, True)),
        "empty_band",
        "populations[0].bands[2].high",
    ),
    (
        "band_low_above_high",
        _set("populations.0.bands.3.high", _bound(4, True)),
        "empty_band",
        "populations[0].bands[3].high",
    ),
    (
        "empty_age_interval",
        _set("populations.1.when.age", {"min": 10, "max": 2}),
        "empty_age",
        "populations[1].when.age",
    ),
    (
        "unknown_key",
        _set("populations.0.colour", "red"),
        "unexpected_field",
        "populations[0].(unknown key)",
    ),
    ("schema_version", _set("schema_version", 2), "invalid", "schema_version"),
    ("unknown_analyte", _set("analyte", "iron"), "invalid", "analyte"),
    ("no_populations", _set("populations", []), "invalid", "populations"),
    (
        "unknown_band_name",
        _set("populations.0.bands.0.band", "very_low"),
        "invalid",
        "populations[0].bands[0].band",
    ),
    (
        "negative_boundary",
        _set("populations.0.bands.0.high.value", -2),
        "invalid",
        "populations[0].bands[0].high.value",
    ),
    ("bad_source_url", _set("sources.fictional-test.url", "ftp://x"), "invalid", "sources"),
    (
        "bad_population_id",
        _set("populations.0.id", "Adult Population"),
        "invalid",
        "populations[0].id",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "code", "field"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_invalid_file_is_refused_on_every_route(
    tmp_path: Path, mutate: Mutation, code: str, field: str
) -> None:
    data = copy.deepcopy(base_file())
    mutate(data)
    path = tmp_path / "potassium.toml"
    path.write_text(dump_toml(data), encoding="utf-8")
    routes: list[tuple[str, Callable[[], RangeSet]]] = [
        ("lab.toml", lambda: RangeSet.from_mapping(data, name="lab.toml")),
        ("lab.toml", lambda: RangeSet.from_toml(dump_toml(data), name="lab.toml")),
        ("potassium.toml", lambda: RangeSet.load(path)),
        ("potassium.toml", lambda: RangeSet.load(tmp_path)),
    ]
    for name, route in routes:
        with pytest.raises(ReferenceDataError) as caught:
            route()
        error = caught.value
        assert error.field.startswith(f"{name}: "), error.field
        assert error.code == code
        assert error.field.startswith(f"{name}: {field}"), error.field


def _paths(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path to a value inside nested mappings and lists: ("populations", 0, "id")."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


BASE_PATHS = _paths(base_file())


def _replace(data: dict[str, Any], path: tuple[str | int, ...], value: object) -> None:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@given(st.sampled_from(BASE_PATHS), python_objects())
def test_corrupted_file_loads_or_raises_reference_data_error(
    path: tuple[str | int, ...], value: object
) -> None:
    """Invariant: a valid range file with any one value replaced by an arbitrary Python
    value either still loads or raises a ReferenceDataError whose field starts with the
    file name; never a pydantic ValidationError, TypeError or KeyError."""
    data = copy.deepcopy(base_file())
    _replace(data, path, value)
    outcome: RangeSet | ReferenceDataError
    try:
        outcome = RangeSet.from_mapping(data, name="lab.toml")
    except ReferenceDataError as error:
        outcome = error
    if isinstance(outcome, ReferenceDataError):
        assert outcome.field.startswith("lab.toml: ")
    else:
        assert outcome.analytes == frozenset({Analyte.potassium})


def test_bad_toml_syntax(tmp_path: Path) -> None:
    path = tmp_path / "b12.toml"
    text = "schema_version = = 1\n"
    path.write_text(text, encoding="utf-8")
    routes: list[tuple[str, Callable[[], RangeSet]]] = [
        ("b12.toml", lambda: RangeSet.load(path)),
        ("lab.toml", lambda: RangeSet.from_toml(text, name="lab.toml")),
    ]
    for name, route in routes:
        with pytest.raises(ReferenceDataError) as caught:
            route()
        assert caught.value.code == "toml_syntax"
        assert caught.value.field.startswith(f"{name}: ")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "potassium.toml"
    path.write_bytes(dump_toml(base_file()).encode() + b"\n# caf\xe9 \xff\xfe\n")
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(path)
    assert caught.value.code == "not_utf8"
    assert caught.value.field.startswith("potassium.toml: ")


def test_file_over_one_megabyte(tmp_path: Path) -> None:
    text = dump_toml(base_file()) + ("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    assert len(text) > MAX_FILE_BYTES
    path = tmp_path / "potassium.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(path)
    assert caught.value.code == "too_large"
    assert caught.value.field.startswith("potassium.toml: ")
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_toml(text, name="big.toml")
    assert caught.value.code == "too_large"
    assert caught.value.field.startswith("big.toml: ")


@pytest.mark.parametrize(
    "text",
    ["x = " + "[" * 50_000 + "]" * 50_000, "x = " + "{ a = " * 5000 + "1" + " }" * 5000],
    ids=["arrays", "tables"],
)
def test_deeply_nested_toml(tmp_path: Path, text: str) -> None:
    path = tmp_path / "magnesium.toml"
    path.write_text(text, encoding="utf-8")
    routes: list[tuple[str, Callable[[], RangeSet]]] = [
        ("magnesium.toml", lambda: RangeSet.load(path)),
        ("deep.toml", lambda: RangeSet.from_toml(text, name="deep.toml")),
    ]
    for name, route in routes:
        with pytest.raises(ReferenceDataError) as caught:
            route()
        assert caught.value.field.startswith(f"{name}: ")
        assert caught.value.code == "too_deep"


def test_from_toml_refuses_non_text() -> None:
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_toml(b"schema_version = 1", name="bytes.toml")  # type: ignore[arg-type]
    assert caught.value.field.startswith("bytes.toml: ")


def test_from_mapping_refuses_non_mapping() -> None:
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_mapping([1, 2], name="list.toml")  # type: ignore[arg-type]
    assert caught.value.field.startswith("list.toml: ")


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(tmp_path / "nowhere.toml")
    assert caught.value.field == "path: (file)"  # never the path itself
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(empty)
    assert caught.value.code == "no_files"


def test_two_files_for_one_analyte(tmp_path: Path) -> None:
    (tmp_path / "potassium.toml").write_text(dump_toml(base_file()), encoding="utf-8")
    (tmp_path / "b12.toml").write_text(dump_toml(base_file()), encoding="utf-8")  # says K
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(tmp_path)
    # a file named for one analyte that holds another's ranges is refused before it could
    # cover the same analyte twice
    assert caught.value.code == "wrong_analyte"
    assert caught.value.field == "b12.toml: analyte"


def test_folder_load_ignores_non_analyte_files(tmp_path: Path) -> None:
    (tmp_path / "potassium.toml").write_text(dump_toml(base_file()), encoding="utf-8")
    (tmp_path / "sources.toml").write_text("this is not a range file = [", encoding="utf-8")
    assert RangeSet.load(tmp_path).analytes == frozenset({Analyte.potassium})


# --- the fictional set ------------------------------------------------------------------


def test_fictional_set_loads(fictional_ranges: RangeSet) -> None:
    assert fictional_ranges.analytes == frozenset(Analyte)
    assert fictional_ranges.version == "fictional-1"
    populations = {a: [t.population for t in fictional_ranges.tables(a)] for a in Analyte}
    assert populations == {
        Analyte.b12: ["pregnancy", "child", "adult"],
        Analyte.potassium: ["pregnancy_t3", "adult", "infant"],
        Analyte.magnesium: ["adult", "child"],
    }


def test_from_toml_equals_load(fictional_ranges: RangeSet) -> None:
    text = (FICTIONAL_DIR / "potassium.toml").read_text(encoding="utf-8")
    single = RangeSet.from_toml(text, name="potassium.toml")
    assert single == RangeSet.load(FICTIONAL_DIR / "potassium.toml")
    assert single.tables("potassium") == fictional_ranges.tables("potassium")


@pytest.mark.parametrize(
    ("analyte", "kwargs", "population", "warning_parts"),
    [
        (Analyte.b12, {"age_years": 10}, "child", []),
        (Analyte.b12, {"age_years": 1}, "child", []),
        (Analyte.b12, {"age_years": 18}, "adult", []),
        (Analyte.b12, {"age_years": 17.99}, "child", []),
        (Analyte.b12, {"age_years": 40}, "adult", []),
        (Analyte.b12, {"pregnant": True}, "pregnancy", ["trimester not known"]),
        (Analyte.b12, {"pregnant": True, "age_years": 10}, "pregnancy", ["trimester not known"]),
        (Analyte.b12, {"pregnant": False, "age_years": 30}, "adult", []),
        (Analyte.b12, {}, "adult", ["age not given", "Fictional adults"]),
        (Analyte.b12, {"age_years": 0.5}, "adult", ["no range for this age"]),
        (Analyte.potassium, {"age_years": 0.5}, "infant", []),
        (Analyte.potassium, {"age_years": 0}, "infant", []),
        (Analyte.potassium, {"age_years": 1.0}, "adult", ["no range for this age"]),
        (
            Analyte.potassium,
            {"pregnant": True, "trimester": 3},
            "pregnancy_t3",
            ["pregnancy range"],
        ),
        (
            Analyte.potassium,
            {"pregnant": True, "trimester": 1, "age_years": 30},
            "adult",
            ["no pregnancy range"],
        ),
        (Analyte.magnesium, {"age_years": 2}, "child", []),
        (Analyte.magnesium, {"age_years": 0.001}, "adult", ["no range for this age"]),
        (Analyte.magnesium, {"pregnant": True, "age_years": 30}, "adult", ["no pregnancy range"]),
    ],
)
def test_population_selection(
    fictional_ranges: RangeSet,
    analyte: Analyte,
    kwargs: dict[str, Any],
    population: str,
    warning_parts: list[str],
) -> None:
    selection = fictional_ranges.select(analyte, **kwargs)
    assert selection.table.population == population
    assert selection.table.analyte is analyte
    text = " ".join(selection.warnings)
    for part in warning_parts:
        assert part in text
    if not warning_parts:
        assert selection.warnings == ()


def test_pregnant_without_age_warns_twice(fictional_ranges: RangeSet) -> None:
    selection = fictional_ranges.select("magnesium", pregnant=True)
    assert selection.table.population == "adult"
    assert len(selection.warnings) == 2
    assert all(w.startswith("Magnesium: ") for w in selection.warnings)


def test_tables_for_a_missing_analyte(fictional_ranges: RangeSet) -> None:
    only_k = RangeSet.load(FICTIONAL_DIR / "potassium.toml")
    assert Analyte.potassium in only_k
    assert Analyte.b12 not in only_k
    with pytest.raises(ReferenceDataError) as caught:
        only_k.tables(Analyte.b12)
    assert caught.value.code == "analyte_missing"
    with pytest.raises(ReferenceDataError):
        only_k.select("b12", age_years=40)
    with pytest.raises(UnknownAnalyteError):
        fictional_ranges.tables("iron")


BAD_CALLS: list[tuple[str, Callable[[RangeSet], object]]] = [
    ("tables_of_a_list", lambda r: r.tables([])),  # type: ignore[arg-type]
    ("tables_of_none", lambda r: r.tables(None)),  # type: ignore[arg-type]
    ("select_a_list", lambda r: r.select([])),  # type: ignore[arg-type]
    ("select_unknown", lambda r: r.select("iron")),
    ("age_as_text", lambda r: r.select("b12", age_years="forty")),  # type: ignore[arg-type]
    ("age_as_list", lambda r: r.select("b12", age_years=[40])),  # type: ignore[arg-type]
    ("load_a_number", lambda r: RangeSet.load(123)),  # type: ignore[arg-type]
    ("load_none", lambda r: RangeSet.load(None)),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("call", [c[1] for c in BAD_CALLS], ids=[c[0] for c in BAD_CALLS])
def test_bad_arguments_raise_library_errors(
    fictional_ranges: RangeSet, call: Callable[[RangeSet], object]
) -> None:
    """api.md section 7: bad input to any public function is a B12LabsError, never a bare
    TypeError or KeyError."""
    with pytest.raises(B12LabsError):
        call(fictional_ranges)


def test_with_overrides(fictional_ranges: RangeSet, bundled_ranges: RangeSet) -> None:
    lab_k = RangeSet.load(FICTIONAL_DIR / "potassium.toml")
    merged = bundled_ranges.with_overrides(lab_k)
    assert merged.analytes == frozenset(Analyte)
    assert merged.tables("potassium") == fictional_ranges.tables("potassium")
    assert merged.tables("b12") == bundled_ranges.tables("b12")
    assert merged.version == f"fictional-1 over {bundled_ranges.version}"
    # the originals are unchanged
    assert bundled_ranges.tables("potassium") != lab_k.tables("potassium")
    assert merged != bundled_ranges


def test_range_set_equality_hash_and_repr(fictional_ranges: RangeSet) -> None:
    again = RangeSet.load(FICTIONAL_DIR)
    assert again == fictional_ranges
    assert hash(again) == hash(fictional_ranges)
    assert again != "not a range set"
    assert (
        repr(again) == "RangeSet(analytes=['b12', 'magnesium', 'potassium'], version='fictional-1')"
    )


def test_band_texts(fictional_ranges: RangeSet) -> None:
    k = fictional_ranges.select("potassium", age_years=40).table
    assert [b.text for b in k.bands] == [
        "<2 mmol/L",
        "2-3 mmol/L",
        "3-5 mmol/L",
        "5-6 mmol/L",
        ">6 mmol/L",
    ]
    mg = fictional_ranges.select("magnesium", age_years=40).table
    assert [b.text for b in mg.bands] == [
        "<=1 mg/dL",
        "1 mg/dL to 0.5 mmol/L",
        "0.5-1 mmol/L",
        "1 mmol/L to 5 mg/dL",
        ">=5 mg/dL",
    ]


def test_table_helpers(fictional_ranges: RangeSet) -> None:
    b12 = fictional_ranges.select("b12", age_years=40).table
    assert b12.normal.band is Band.normal
    assert b12.band(Band.borderline_low) is not None
    assert b12.band(Band.critical_low) is None
    assert [s.id for s in b12.sources] == ["fictional-adult"]
    assert b12.default
    assert b12.label == "Fictional adults"


def test_reference_range_in_canonical_unit(fictional_ranges: RangeSet) -> None:
    child_mg = fictional_ranges.select("magnesium", age_years=5).table
    ref = ReferenceRange.of(child_mg)
    assert ref.unit == "mmol/L"
    assert ref.low == pytest.approx(0.5, rel=1e-12)
    assert ref.high == pytest.approx(1.0, rel=1e-12)
    assert (ref.low_inclusive, ref.high_inclusive) == (True, True)
    assert ref.text == "1-2 meq/L"
    assert ref.source.id == "fictional-magnesium"
    assert ref.population == "child"
    assert [limit.band for limit in ref.bands] == [b.band for b in child_mg.bands]
    critical_low = ref.bands[0]
    assert critical_low.low is None
    assert critical_low.high == pytest.approx(1 * 10 / 24.305, rel=1e-12)  # 1 mg/dL
    assert critical_low.high_inclusive
    assert ref.bands[-1].high is None
    assert ReferenceRange.of(child_mg) == ref
    adult_b12 = ReferenceRange.of(fictional_ranges.select("b12", age_years=40).table)
    assert adult_b12.unit == "pmol/L"
    assert adult_b12.low == pytest.approx(200 * 1000 / 1355.37, rel=1e-12)
    assert adult_b12.high == pytest.approx(800 * 1000 / 1355.37, rel=1e-12)


def test_reference_range_of_an_open_normal_band(bundled_ranges: RangeSet) -> None:
    # a normal band with no upper end (real data: B12 in children under 12)
    table = next(t for t in bundled_ranges.tables("b12") if t.normal.high is None)
    ref = ReferenceRange.of(table)
    assert ref.high is None
    assert ref.low is not None


@pytest.mark.parametrize(
    ("limits", "age", "inside"),
    [
        (AgeLimits(min=1, max=18), 1.0, True),
        (AgeLimits(min=1, max=18), 18.0, False),
        (AgeLimits(min=1, max=18), 0.99, False),
        (AgeLimits(min=0, max=8, unit="days"), 7 / 365.25, True),
        (AgeLimits(min=0, max=8, unit="days"), 8 / 365.25, False),
        (AgeLimits(min=0, max=12, unit="months"), 0.999, True),
        (AgeLimits(min=1, unit="weeks"), 6 / 365.25, False),
        (AgeLimits(max=5), 0.0, True),
        (AgeLimits(), 120.0, True),
    ],
)
def test_age_limits(limits: AgeLimits, age: float, inside: bool) -> None:
    assert limits.contains(age) is inside


def test_unknown_facts_never_match_a_criterion() -> None:
    when = When(age=AgeLimits(min=18), pregnant=True, trimester=2)
    assert when.matches(age_years=30, pregnant=True, trimester=2)
    assert not when.matches(age_years=None, pregnant=True, trimester=2)
    assert not when.matches(age_years=30, pregnant=None, trimester=2)
    assert not when.matches(age_years=30, pregnant=True, trimester=None)
    assert When().matches(age_years=None, pregnant=None, trimester=None)


# --- hardening: strict file values, own sources, field names without caller text ---------


@pytest.mark.parametrize(
    ("case", "mutate", "code", "field"),
    [
        (
            "first_low_exclusive_zero",
            _set("populations.0.bands.0.low", _bound(0, False)),
            "gap",
            "populations[0].bands[0].low",
        ),
        (
            "value_true",
            _set("populations.0.bands.0.high.value", True),
            "invalid",
            "populations[0].bands[0].high.value",
        ),
        (
            "value_text",
            _set("populations.0.bands.0.high.value", "0.7"),
            "invalid",
            "populations[0].bands[0].high.value",
        ),
        (
            "inclusive_text",
            _set("populations.0.bands.0.high.inclusive", "false"),
            "invalid",
            "populations[0].bands[0].high.inclusive",
        ),
        (
            "inclusive_number",
            _set("populations.0.bands.0.high.inclusive", 0),
            "invalid",
            "populations[0].bands[0].high.inclusive",
        ),
        ("default_text", _set("populations.1.default", "yes"), "invalid", "populations[1].default"),
        (
            "age_text",
            _set("populations.1.when.age", {"min": "1", "max": 18}),
            "invalid",
            "populations[1].when.age.min",
        ),
        (
            "pregnant_text",
            _set("populations.1.when", {"pregnant": "yes"}),
            "invalid",
            "populations[1].when.pregnant",
        ),
        (
            "trimester_true",
            _set("populations.1.when", {"pregnant": True, "trimester": True}),
            "invalid",
            "populations[1].when.trimester",
        ),
    ],
)
def test_strict_values_and_a_closed_start(
    tmp_path: Path, case: str, mutate: Mutation, code: str, field: str
) -> None:
    data = copy.deepcopy(base_file())
    mutate(data)
    routes: list[Callable[[], RangeSet]] = [
        lambda: RangeSet.from_mapping(data, name="lab.toml"),
        lambda: RangeSet.from_toml(dump_toml(data), name="lab.toml"),
    ]
    for route in routes:
        with pytest.raises(ReferenceDataError) as caught:
            route()
        assert caught.value.code == code, case
        assert caught.value.field.startswith(f"lab.toml: {field}"), caught.value.field


def test_a_first_band_may_start_at_an_inclusive_zero() -> None:
    data = copy.deepcopy(base_file())
    _set("populations.0.bands.0.low", _bound(0, True))(data)
    _set("populations.0.bands.1.low.value", 2.0)(data)  # floats and ints are both numbers
    assert RangeSet.from_mapping(data).analytes == frozenset({Analyte.potassium})


def test_a_lab_file_may_not_redefine_a_bundled_source() -> None:
    bundled_id = next(iter(bundled_sources()))
    data = copy.deepcopy(base_file())
    data["sources"][bundled_id] = dict(data["sources"]["fictional-test"])
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_mapping(data, name="lab.toml")
    assert caught.value.code == "duplicate_source"
    assert caught.value.field == f"lab.toml: sources.{bundled_id}"


SECRET = "PATIENTXYZ"


def _with_own_source_table(key: str) -> str:
    """The base file with its source under ``key``, written as a ``[sources."key"]`` table."""
    data = copy.deepcopy(base_file())
    del data["sources"]
    return dump_toml(data) + (
        f'[sources."{key}"]\n'
        'title = "Fictional test source"\n'
        'url = "https://example.org/fictional"\n'
        "accessed = 2026-01-01\n"
    )


def _with_unknown_key(data: dict[str, Any]) -> str:
    data["populations"][0][SECRET] = 1
    return dump_toml(data)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # not a source id: never shown, however short
        (_with_own_source_table(SECRET), "<text>: sources.?"),
        (_with_own_source_table(f"{SECRET} John Smith " * 5), "<text>: sources.?"),
        # an unknown key at the top level, and inside a table
        (dump_toml(base_file()) + f"{SECRET} = 1\n", "<text>: (unknown key)"),
        (_with_unknown_key(copy.deepcopy(base_file())), "<text>: populations[0].(unknown key)"),
    ],
    ids=["short_source_id", "long_source_id", "top_level_key", "nested_key"],
)
def test_field_names_never_carry_an_unknown_key(text: str, field: str) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_toml(text)
    assert caught.value.field == field
    assert SECRET not in str(caught.value)


def test_a_long_or_odd_key_in_a_location_is_replaced() -> None:
    data = copy.deepcopy(base_file())
    odd = "Mr John Smith, born 1970-01-01"
    data["sources"][odd] = data["sources"].pop("fictional-test") | {"url": "ftp://x"}
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.from_mapping(data, name="lab.toml")
    assert "John" not in str(caught.value)
    assert caught.value.field.startswith("lab.toml: sources.?")


# --- hardening: load reads only regular files and never shows the path -------------------


def _load_in_thread(path: object) -> BaseException | RangeSet | None:
    """RangeSet.load(path) with a time limit: a hang fails the test instead of the run."""
    outcome: list[BaseException | RangeSet] = []

    def run() -> None:
        try:
            outcome.append(RangeSet.load(path))  # type: ignore[arg-type]
        except BaseException as error:  # noqa: BLE001 - reported to the test
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "RangeSet.load hung"
    return outcome[0] if outcome else None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "potassium.toml"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        outcome = _load_in_thread(target)
        assert isinstance(outcome, ReferenceDataError), outcome
        assert outcome.code == "not_a_file"
        assert outcome.field.startswith("potassium.toml: ")


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_refused() -> None:
    outcome = _load_in_thread("/dev/null")
    assert isinstance(outcome, ReferenceDataError), outcome
    assert outcome.code == "not_a_file"


def test_a_folder_named_like_a_range_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "b12.toml").mkdir()
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(tmp_path)
    assert caught.value.code == "not_a_file"


class _RaisingPath:
    def __fspath__(self) -> str:
        raise RuntimeError(SECRET)


class _BytesPath:
    def __fspath__(self) -> bytes:
        return SECRET.encode()


@pytest.mark.parametrize(
    "path",
    [
        f"/tmp/{SECRET}\x00.toml",
        "/tmp/" + SECRET * 1000,
        "x" * (MAX_PATH_CHARS + 1),
        f"/nonexistent-{SECRET}/b12.toml",
        f"/tmp/{SECRET} John Smith 1970.toml",
        _RaisingPath(),
        _BytesPath(),
    ],
    ids=["nul", "too_long_for_the_os", "too_long", "missing", "odd_name", "raising", "bytes"],
)
def test_bad_paths_are_library_errors_that_never_show_the_path(path: object) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(path)  # type: ignore[arg-type]
    assert caught.value.field == "path: (file)"
    assert SECRET not in str(caught.value)


def test_a_file_with_an_odd_name_is_named_path(tmp_path: Path) -> None:
    path = tmp_path / f"{SECRET} John Smith.toml"
    path.write_text("not toml = [", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet.load(path)
    assert caught.value.field == "path: (file)"
    assert caught.value.code == "toml_syntax"


# --- hardening: the constructor checks what it is given ----------------------------------


def _table_with(table: RangeTable, **changes: object) -> RangeTable:
    return RangeTable.model_validate({**table.model_dump(), **changes})


def test_the_constructor_accepts_what_load_builds(fictional_ranges: RangeSet) -> None:
    tables = {a: fictional_ranges.tables(a) for a in Analyte}
    assert RangeSet(tables, version="fictional-1") == fictional_ranges
    assert RangeSet({a: list(t) for a, t in tables.items()}, version="x").analytes == set(Analyte)


def _bad_constructions(ranges: RangeSet) -> list[tuple[str, Callable[[], RangeSet]]]:
    k = list(ranges.tables(Analyte.potassium))
    b12 = list(ranges.tables(Analyte.b12))
    adult = next(t for t in k if t.default)
    other = next(t for t in k if not t.default)
    gap_bands = list(adult.bands)
    gap_bands[1] = gap_bands[1].model_copy(
        update={"low": gap_bands[1].low.model_copy(update={"value": 2.5})}  # type: ignore[union-attr]
    )
    bad_unit = list(adult.bands)
    bad_unit[0] = bad_unit[0].model_copy(
        update={"high": bad_unit[0].high.model_copy(update={"unit": "furlong"})}  # type: ignore[union-attr]
    )
    return [
        ("none", lambda: RangeSet(None, version="x")),  # type: ignore[arg-type]
        ("list", lambda: RangeSet([k], version="x")),  # type: ignore[arg-type]
        ("string_key", lambda: RangeSet({"potassium": k}, version="x")),  # type: ignore[dict-item]
        ("empty", lambda: RangeSet({Analyte.potassium: []}, version="x")),
        ("text_value", lambda: RangeSet({Analyte.potassium: "adult"}, version="x")),  # type: ignore[dict-item]
        ("not_tables", lambda: RangeSet({Analyte.potassium: [1, 2]}, version="x")),  # type: ignore[list-item]
        ("wrong_analyte", lambda: RangeSet({Analyte.potassium: b12}, version="x")),
        ("no_default", lambda: RangeSet({Analyte.potassium: [other]}, version="x")),
        ("two_defaults", lambda: RangeSet({Analyte.potassium: [adult, adult]}, version="x")),
        (
            "two_defaults_distinct_ids",
            lambda: RangeSet(
                {Analyte.potassium: [adult, _table_with(adult, population="other")]}, version="x"
            ),
        ),
        (
            "gap",
            lambda: RangeSet(
                {Analyte.potassium: [_table_with(adult, bands=tuple(gap_bands))]}, version="x"
            ),
        ),
        (
            "unit",
            lambda: RangeSet(
                {Analyte.potassium: [_table_with(adult, bands=tuple(bad_unit))]}, version="x"
            ),
        ),
        ("version", lambda: RangeSet({Analyte.potassium: k}, version=None)),  # type: ignore[arg-type]
        ("overrides", lambda: ranges.with_overrides("lab.toml")),  # type: ignore[arg-type]
    ]


def test_the_constructor_refuses_what_load_would_refuse(fictional_ranges: RangeSet) -> None:
    for case, build in _bad_constructions(fictional_ranges):
        try:
            build()
        except ReferenceDataError:
            continue
        pytest.fail(f"not refused: {case}")


def test_select_validates_and_select_for_reads_a_context(fictional_ranges: RangeSet) -> None:
    public = fictional_ranges.select("B12", age_years="40", pregnant="no")  # type: ignore[arg-type]
    person = Context(age_years=40.0, pregnant=False)
    assert public == fictional_ranges.select_for(Analyte.b12, person)
    with pytest.raises(InvalidContextError):
        fictional_ranges.select(Analyte.b12, age_years=math.nan)


def test_indeterminate_is_not_a_band_of_a_table(fictional_ranges: RangeSet) -> None:
    ref = ReferenceRange.of(fictional_ranges.select(Analyte.b12, age_years=40).table)
    data = ref.model_dump(mode="json")
    data["bands"][0]["band"] = "indeterminate"
    with pytest.raises(ValidationError):
        ReferenceRange.model_validate(data)
    band = fictional_ranges.select(Analyte.b12, age_years=40).table.bands[0]
    with pytest.raises(ValidationError):
        BandRange.model_validate({**band.model_dump(), "band": "indeterminate"})


def test_membership_reads_a_str_subclass_as_plain_text(fictional_ranges: RangeSet) -> None:
    class Unhashable(str):
        __slots__ = ()

        def __hash__(self) -> int:
            raise RuntimeError(SECRET)

    assert Unhashable("b12") in fictional_ranges
    assert Unhashable("iron") not in fictional_ranges
    assert 5 not in fictional_ranges


def test_loading_own_sources_leaves_the_bundled_catalogue_alone() -> None:
    before = dict(bundled_sources_view())
    RangeSet.from_mapping(base_file())
    assert dict(bundled_sources_view()) == before
    assert "fictional-test" not in bundled_sources_view()


def test_constructor_errors_name_the_analyte_and_table(fictional_ranges: RangeSet) -> None:
    tables = list(fictional_ranges.tables(Analyte.potassium))
    with pytest.raises(ReferenceDataError) as caught:
        RangeSet({Analyte.potassium: [*tables, fictional_ranges.tables("b12")[0]]}, version="x")
    assert caught.value.field == f"ranges: potassium[{len(tables)}]"
    assert caught.value.code == "wrong_analyte"


# --- the compiled population choice ----------------------------------------------------


def _choice_by_when(tables: tuple[RangeTable, ...], person: Context) -> RangeTable | None:
    """The first table whose ``when`` matches, read through the models (the reference)."""
    return next(
        (
            table
            for table in tables
            if table.when.matches(
                age_years=person.age_years,
                pregnant=person.pregnant,
                trimester=person.pregnancy_trimester,
            )
        ),
        None,
    )


_AGES = st.one_of(
    st.none(),
    st.floats(min_value=0, max_value=130, allow_nan=False),
    st.sampled_from([0.0, 1 / 365.25, 7 / 365.25, 1.0, 12.0, 16.0, 17.99, 18.0, 940 / 52.18]),
)


@given(
    mapping=bs.range_mappings(),
    age=_AGES,
    pregnant=st.sampled_from([None, True, False]),
    trimester=st.sampled_from([None, 1, 2, 3]),
)
def test_the_compiled_choice_is_the_choice_when_makes(
    mapping: dict[str, Any],
    age: float | None,
    pregnant: bool | None,
    trimester: Literal[1, 2, 3] | None,
) -> None:
    """Property: for any valid set and any person, select_for picks the first table whose
    ``when`` matches (else the default), as reading the models in file order does."""
    if pregnant is False:
        trimester = None  # a trimester says pregnant: a context refuses both
    person = Context(age_years=age, pregnant=pregnant, pregnancy_trimester=trimester)
    for ranges in (RangeSet.from_mapping(mapping), RangeSet.default()):
        for analyte in ranges.analytes:
            tables = ranges.tables(analyte)
            expected = _choice_by_when(tables, person) or next(t for t in tables if t.default)
            chosen = ranges.select_for(analyte, person)
            assert chosen.table is expected
            assert bool(chosen.warnings) == (
                _choice_by_when(tables, person) is None or bool(person.pregnant)
            )


def test_an_age_given_as_a_fraction_of_a_year_counts_whole_days() -> None:
    """7 / 365.25 years is a week-old baby, past the first-week newborn range (not 6.9999 days)."""
    ranges = RangeSet.default()
    week = ranges.select(Analyte.magnesium, age_years=7 / 365.25).table
    day_six = ranges.select(Analyte.magnesium, age_years=6 / 365.25).table
    assert (week.population, day_six.population) == ("child", "neonate")
