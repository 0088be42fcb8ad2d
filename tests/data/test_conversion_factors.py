"""The generated factor table, re-derived with pint and by hand from the cited chemistry."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from b12labs import Analyte
from b12labs.analytes import Chemistry
from b12labs.errors import UnitError
from b12labs.units import derive_factor, factor

ROOT = Path(__file__).resolve().parents[2]
ANALYTES_TOML = ROOT / "reference_ranges" / "analytes.toml"
FACTORS_JSON = ROOT / "src" / "b12labs" / "_data" / "conversion_factors.json"

#: Each accepted unit as (kind, amount per litre in g, mol or eq): written out by hand.
HAND_UNITS: dict[str, tuple[str, float]] = {
    "pg/mL": ("mass", 1e-12 / 1e-3),
    "ng/L": ("mass", 1e-9),
    "mg/dL": ("mass", 1e-3 / 1e-1),
    "pmol/L": ("substance", 1e-12),
    "mmol/L": ("substance", 1e-3),
    "meq/L": ("equivalents", 1e-3),
}


def _chemistry_file() -> dict[str, Chemistry]:
    raw = tomllib.loads(ANALYTES_TOML.read_text(encoding="utf-8"))
    return {name: Chemistry.model_validate(entry) for name, entry in raw["analytes"].items()}


def _table() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(FACTORS_JSON.read_text(encoding="utf-8"))
    return document


def _pairs(entry: dict[str, Any]) -> dict[tuple[str, str], float]:
    return {(p["from"], p["to"]): float(p["factor"]) for p in entry["factors"]}


def _hand_factor(chem: Chemistry, source: str, target: str) -> float:
    """mol/L from the source unit via molar mass or valence, then into the target unit."""

    def to_moles_per_litre(unit: str) -> float:
        kind, amount = HAND_UNITS[unit]
        if kind == "mass":
            assert chem.molar_mass is not None
            return amount / chem.molar_mass.value
        if kind == "equivalents":
            assert chem.valence is not None
            return amount / chem.valence.value
        return amount

    return to_moles_per_litre(source) / to_moles_per_litre(target)


def test_table_covers_every_ordered_pair_once() -> None:
    chems = _chemistry_file()
    table = _table()["analytes"]
    assert set(table) == {a.value for a in Analyte} == set(chems)
    for name, chem in chems.items():
        listed = [(p["from"], p["to"]) for p in table[name]["factors"]]
        expected = {(a, b) for a in chem.ucum_codes for b in chem.ucum_codes if a != b}
        assert len(listed) == len(set(listed))
        assert set(listed) == expected
        assert table[name]["refused"] == []


def test_table_metadata_matches_the_chemistry() -> None:
    for name, chem in _chemistry_file().items():
        entry = _table()["analytes"][name]
        assert entry["canonical_unit"] == chem.canonical_unit
        assert entry["molar_mass_g_per_mol"] == (chem.molar_mass.value if chem.molar_mass else None)
        assert entry["valence"] == (chem.valence.value if chem.valence else None)


@pytest.mark.parametrize("analyte", [a.value for a in Analyte])
def test_table_equals_a_fresh_pint_derivation(analyte: str) -> None:
    chem = _chemistry_file()[analyte]
    for (source, target), stored in _pairs(_table()["analytes"][analyte]).items():
        assert derive_factor(chem, source, target) == stored, (source, target)


@pytest.mark.parametrize("analyte", [a.value for a in Analyte])
def test_table_equals_a_hand_computation(analyte: str) -> None:
    chem = _chemistry_file()[analyte]
    for (source, target), stored in _pairs(_table()["analytes"][analyte]).items():
        expected = _hand_factor(chem, source, target)
        assert abs(stored - expected) <= 1e-12 * expected, (source, target, stored, expected)


@pytest.mark.parametrize("analyte", list(Analyte))
def test_library_factor_reads_the_table(analyte: Analyte) -> None:
    for (source, target), stored in _pairs(_table()["analytes"][analyte.value]).items():
        assert factor(analyte, source, target) == stored


def test_known_factors_by_hand() -> None:
    mg = _chemistry_file()["magnesium"]
    assert _hand_factor(mg, "mmol/L", "meq/L") == 2.0
    assert _hand_factor(mg, "mmol/L", "mg/dL") == pytest.approx(2.4305, rel=1e-15)
    b12 = _chemistry_file()["b12"]
    assert _hand_factor(b12, "pg/mL", "pmol/L") == pytest.approx(1000 / 1355.37, rel=1e-15)
    k = _chemistry_file()["potassium"]
    assert _hand_factor(k, "meq/L", "mmol/L") == 1.0


def test_b12_has_no_valence_so_equivalents_would_be_refused() -> None:
    b12 = _chemistry_file()["b12"]
    assert b12.valence is None
    with pytest.raises(UnitError) as caught:
        derive_factor(b12, "pmol/L", "meq/L")
    assert caught.value.code == "needs_valence"
