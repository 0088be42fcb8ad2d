"""The real, bundled reference data: valid, gap-free, cited, and true to facts.md.

These are the only tests that know the bundled numbers; logic tests use the fictional set.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from b12labs import (
    Analyte,
    B12Result,
    Band,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    classify,
    convert,
)
from b12labs.analytes import chemistry
from b12labs.sources import bundled_sources

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "reference_ranges"
RANGE_FILES = [DATA / f"{a.value}.toml" for a in Analyte]
BAND_ORDER = ["critical_low", "low", "borderline_low", "normal", "high", "critical_high"]


def _toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


SOURCE_IDS = set(_toml(DATA / "sources.toml")["sources"])


# --- every file validates ------------------------------------------------------------------


def test_top_level_folder_loads_and_matches_the_bundled_set() -> None:
    loaded = RangeSet.load(DATA)
    bundled = RangeSet.default()
    assert loaded.analytes == frozenset(Analyte) == bundled.analytes
    for analyte in Analyte:
        assert loaded.tables(analyte) == bundled.tables(analyte)


@pytest.mark.parametrize("path", RANGE_FILES, ids=lambda p: p.name)
def test_each_range_file_loads_on_its_own(path: Path) -> None:
    ranges = RangeSet.load(path)
    assert ranges.analytes == frozenset({Analyte(path.stem)})
    defaults = [t for t in ranges.tables(path.stem) if t.default]
    assert [t.population for t in defaults] == ["adult"]


def test_chemistry_sources_and_thresholds_validate() -> None:
    for analyte in Analyte:
        assert chemistry(analyte).units
    assert set(bundled_sources()) == SOURCE_IDS
    thresholds = _toml(DATA / "thresholds.toml")["thresholds"]
    assert thresholds
    for entry in thresholds.values():
        assert entry["source"] in SOURCE_IDS


def test_version_and_changelog() -> None:
    version = (DATA / "VERSION").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", version)
    assert f"## {version}" in (DATA / "CHANGELOG.md").read_text(encoding="utf-8")


# --- coverage of [0, inf) with no gap, in the raw files -----------------------------------


@pytest.mark.parametrize("path", RANGE_FILES, ids=lambda p: p.name)
def test_every_band_table_covers_zero_to_infinity(path: Path) -> None:
    data = _toml(path)
    analyte = data["analyte"]
    canonical = chemistry(analyte).canonical_unit
    ids = [p["id"] for p in data["populations"]]
    assert len(ids) == len(set(ids))
    for population in data["populations"]:
        bands = population["bands"]
        names = [b["band"] for b in bands]
        assert names == sorted(names, key=BAND_ORDER.index), population["id"]
        assert len(names) == len(set(names))
        assert "normal" in names
        assert "low" not in bands[0], population["id"]
        assert "high" not in bands[-1], population["id"]
        previous = 0.0
        for before, after in itertools.pairwise(bands):
            end, start = before["high"], after["low"]
            assert (end["value"], end["unit"]) == (start["value"], start["unit"])
            assert end["inclusive"] != start["inclusive"], (population["id"], after["band"])
            cut = convert(end["value"], end["unit"], canonical, analyte=analyte)
            assert cut > previous, (population["id"], after["band"])
            previous = cut


@pytest.mark.parametrize("path", RANGE_FILES, ids=lambda p: p.name)
def test_every_boundary_cites_a_catalogued_source(path: Path) -> None:
    data = _toml(path)
    assert "sources" not in data  # bundled files cite the shared catalogue only
    for population in data["populations"]:
        for band in population["bands"]:
            for side in ("low", "high"):
                if side in band:
                    assert band[side]["source"] in SOURCE_IDS, (population["id"], band["band"])


def test_chemistry_cites_catalogued_sources() -> None:
    for name, entry in _toml(DATA / "analytes.toml")["analytes"].items():
        cited = [u["source"] for u in entry["units"]]
        cited += [entry[k]["source"] for k in ("molar_mass", "valence") if k in entry]
        for source_id in cited:
            assert source_id in SOURCE_IDS, name


def test_sources_are_complete_citations() -> None:
    for cited in bundled_sources().values():
        assert cited.title
        # a source without a stable address of its own says so in its note
        assert cited.url is None or cited.url.startswith(("http://", "https://"))
        assert cited.url is not None or cited.note
        assert cited.accessed.year >= 2024


def test_populations_the_sources_support() -> None:
    # facts.md section 7: children and pregnancy where the sources give intervals
    ranges = RangeSet.default()
    populations = {a: {t.population for t in ranges.tables(a)} for a in Analyte}
    assert {"adult", "pregnancy", "child", "infant"} <= populations[Analyte.b12]
    assert {"adult", "pregnancy", "child", "neonate"} <= populations[Analyte.potassium]
    assert {"adult", "pregnancy_t3", "child", "neonate"} <= populations[Analyte.magnesium]


# --- facts.md examples ----------------------------------------------------------------


def test_b12_conversions_from_facts() -> None:
    assert round(convert(400, "pg/mL", "pmol/L", analyte="b12"), 1) == 295.1
    # "pmol/L = pg/mL x 0.7378" and "pg/mL = pmol/L x 1.3554"
    assert round(convert(1, "pg/mL", "pmol/L", analyte="b12"), 4) == 0.7378
    assert round(convert(1, "pmol/L", "pg/mL", analyte="b12"), 4) == 1.3554
    # NICE's 180 -> 133 and 350 -> 258 fit
    assert round(convert(180, "ng/L", "pmol/L", analyte="b12")) == 133
    assert round(convert(350, "ng/L", "pmol/L", analyte="b12")) == 258
    assert round(B12Result.parse("400 pg/mL").to("pmol/L").value, 1) == 295.1


def test_magnesium_conversions_from_facts() -> None:
    assert round(convert(2.0, "mg/dL", "mmol/L", analyte="magnesium"), 3) == 0.823
    assert convert(2, "meq/L", "mmol/L", analyte="magnesium") == 1.0
    assert round(convert(1, "mg/dL", "mmol/L", analyte="magnesium"), 4) == 0.4114
    # facts.md 0.5: 1.7 mg/dL is 0.70 mmol/L, not 0.85
    assert round(convert(1.7, "mg/dL", "mmol/L", analyte="magnesium"), 2) == 0.70


def test_potassium_conversions_from_facts() -> None:
    assert convert(4, "meq/L", "mmol/L", analyte="potassium") == 4.0
    assert PotassiumResult.parse("4 mEq/L").canonical().value == 4.0


# --- the chosen defaults (change these with the data and its changelog) -------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("179 ng/L", Band.low),
        ("180 ng/L", Band.borderline_low),
        ("350 ng/L", Band.borderline_low),
        ("351 ng/L", Band.normal),
        ("914 pg/mL", Band.normal),
        ("915 pg/mL", Band.high),
        ("133 pmol/L", Band.borderline_low),  # on NICE's printed 133 pmol/L
        ("132.9 pmol/L", Band.low),  # 180.1 ng/L converted: NICE's pmol/L figure decides
        ("258 pmol/L", Band.borderline_low),
        ("258.1 pmol/L", Band.normal),  # 349.8 ng/L converted
        ("674 pmol/L", Band.normal),  # Mayo printed 914 ng/L only: 674.35 pmol/L converted
        ("675 pmol/L", Band.high),
        ("<133 pmol/L", Band.low),
        ("<150 pg/mL", Band.low),
        ("<300 pg/mL", Band.indeterminate),
        (">2000 pg/mL", Band.high),
    ],
)
def test_b12_adult_defaults(text: str, band: Band) -> None:
    table = RangeSet.default().select("b12", age_years=50).table
    assert classify(B12Result.parse(text), table) is band


def test_nice_printed_each_adult_b12_limit_in_both_units() -> None:
    """NICE NG239 gives 180 ng/L (133 pmol/L) and 350 ng/L (258 pmol/L) [S7][S8][S9]; each
    shared boundary carries both, and the pmol/L figure is a rounding of the conversion."""
    table = RangeSet.default().select("b12", age_years=50).table
    limits = [(b.low, b.high) for b in table.bands]
    printed = {
        (bound.value, bound.unit, tuple((f.value, f.unit) for f in bound.also))
        for pair in limits
        for bound in pair
        if bound is not None and bound.source.id == "nice-ng239"
    }
    assert printed == {
        (180.0, "ng/L", ((133.0, "pmol/L"),)),
        (350.0, "ng/L", ((258.0, "pmol/L"),)),
    }
    for value, _, ((figure, _),) in printed:
        assert round(convert(value, "ng/L", "pmol/L", analyte="b12")) == figure


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("2.7 mmol/L", Band.critical_low),
        ("2.8 mmol/L", Band.low),
        ("3.4 mmol/L", Band.low),
        ("3.5 mmol/L", Band.normal),
        ("5.3 mmol/L", Band.normal),
        ("5.4 mmol/L", Band.high),
        ("6.2 mmol/L", Band.high),
        ("6.3 mEq/L", Band.critical_high),
    ],
)
def test_potassium_adult_defaults(text: str, band: Band) -> None:
    table = RangeSet.default().select("potassium", age_years=50).table
    assert classify(PotassiumResult.parse(text), table) is band


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("1.0 mg/dL", Band.critical_low),
        ("1.1 mg/dL", Band.low),
        ("0.69 mmol/L", Band.low),
        ("0.70 mmol/L", Band.normal),
        ("1.7 mg/dL", Band.low),  # 0.6995 mmol/L: compared in mmol/L as published
        ("1.1 mmol/L", Band.normal),
        ("2.2 mEq/L", Band.normal),
        ("4.8 mg/dL", Band.high),
        ("4.9 mg/dL", Band.critical_high),
    ],
)
def test_magnesium_adult_defaults(text: str, band: Band) -> None:
    table = RangeSet.default().select("magnesium", age_years=50).table
    assert classify(MagnesiumResult.parse(text), table) is band


def test_reference_data_version_is_the_bundled_sets() -> None:
    version = (DATA / "VERSION").read_text(encoding="utf-8").strip()
    assert RangeSet.default().version == version
