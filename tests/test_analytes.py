"""Analyte chemistry: canonical units, molar masses, valences, unit spellings, LOINC codes."""

from __future__ import annotations

import threading

import pytest
from pydantic import ValidationError

from b12labs import Analyte, UnitError, UnknownAnalyteError
from b12labs import analytes as analytes_module
from b12labs import parsing as parsing_module
from b12labs.analytes import (
    Chemistry,
    MolarMass,
    PlausibleLimit,
    PlausibleRange,
    UnitSpec,
    Valence,
    as_analyte,
    chemistry,
    normalise_unit_text,
)


def test_canonical_units() -> None:
    assert chemistry(Analyte.b12).canonical_unit == "pmol/L"
    assert chemistry(Analyte.potassium).canonical_unit == "mmol/L"
    assert chemistry(Analyte.magnesium).canonical_unit == "mmol/L"


def test_molar_masses_and_valences_are_the_cited_ones() -> None:
    b12, k, mg = (chemistry(a) for a in Analyte)
    assert b12.molar_mass is not None
    assert b12.molar_mass.value == 1355.37
    assert b12.molar_mass.unit == "g/mol"
    assert b12.valence is None  # cobalamin is never reported in equivalents
    assert k.molar_mass is not None
    assert k.molar_mass.value == 39.098
    assert k.valence is not None
    assert k.valence.value == 1
    assert mg.molar_mass is not None
    assert mg.molar_mass.value == 24.305
    assert mg.valence is not None
    assert mg.valence.value == 2


def test_accepted_ucum_codes() -> None:
    assert set(chemistry("b12").ucum_codes) == {"pg/mL", "ng/L", "pmol/L"}
    assert set(chemistry("potassium").ucum_codes) == {"mmol/L", "meq/L"}
    assert set(chemistry("magnesium").ucum_codes) == {"mmol/L", "meq/L", "mg/dL"}


@pytest.mark.parametrize(
    ("analyte", "unit", "loinc", "prop"),
    [
        (Analyte.b12, "pg/mL", "2132-9", "mass"),
        (Analyte.b12, "ng/L", "2132-9", "mass"),
        (Analyte.b12, "pmol/L", "14685-2", "substance"),
        (Analyte.potassium, "mmol/L", "2823-3", "substance"),
        (Analyte.potassium, "meq/L", "2823-3", "substance"),
        (Analyte.magnesium, "mg/dL", "19123-9", "mass"),
        (Analyte.magnesium, "mmol/L", "2601-3", "substance"),
        (Analyte.magnesium, "meq/L", "2601-3", "substance"),
    ],
)
def test_loinc_and_property_per_unit(analyte: Analyte, unit: str, loinc: str, prop: str) -> None:
    spec = chemistry(analyte).unit_spec(unit)
    assert spec.ucum == unit
    assert spec.loinc == loinc
    assert spec.property == prop


def test_16695_9_is_never_used() -> None:
    # facts.md section 0.4: 16695-9 is cobalamin in *blood*, not the serum moles code
    loincs = {spec.loinc for a in Analyte for spec in chemistry(a).units}
    assert "16695-9" not in loincs


@pytest.mark.parametrize(
    ("analyte", "spelling", "ucum"),
    [
        (Analyte.b12, "PG/ML", "pg/mL"),
        (Analyte.b12, "pg/ml", "pg/mL"),
        (Analyte.b12, "Ng/l", "ng/L"),
        (Analyte.b12, "pmol/litre", "pmol/L"),
        (Analyte.b12, " pmol/L\t", "pmol/L"),
        (Analyte.potassium, "mEq/L", "meq/L"),
        (Analyte.potassium, "MEQ/L", "meq/L"),
        (Analyte.potassium, "mmol/liter", "mmol/L"),
        (Analyte.magnesium, "mg/dl", "mg/dL"),
        (Analyte.magnesium, "MG/DECILITRE", "mg/dL"),
        (Analyte.magnesium, "mequiv/L", "meq/L"),
    ],
)
def test_unit_spellings_map_to_ucum(analyte: Analyte, spelling: str, ucum: str) -> None:
    assert chemistry(analyte).unit_spec(spelling).ucum == ucum


@pytest.mark.parametrize(
    ("analyte", "spelling"),
    [
        (Analyte.b12, "mmol/L"),
        (Analyte.b12, "meq/L"),
        (Analyte.potassium, "mg/dL"),
        (Analyte.potassium, "pg/mL"),
        (Analyte.magnesium, "pmol/L"),
        (Analyte.b12, "\u00b5g/L"),
        (Analyte.b12, "\u03bcg/L"),
        (Analyte.potassium, "\u00b5mol/L"),
        (Analyte.b12, ""),
        (Analyte.b12, "pg/mL" + " " * 60),
        (Analyte.b12, "x" * 1000),
    ],
)
def test_unaccepted_units_raise_unit_error_naming_the_field(
    analyte: Analyte, spelling: str
) -> None:
    with pytest.raises(UnitError) as caught:
        chemistry(analyte).unit_spec(spelling, field="b12.unit")
    assert caught.value.field == "b12.unit"
    assert caught.value.code == "unit_not_accepted"


def test_unit_error_lists_accepted_units() -> None:
    error = chemistry("magnesium").unit_error("magnesium.unit")
    assert isinstance(error, UnitError)
    for ucum in ("mmol/L", "meq/L", "mg/dL"):
        assert ucum in error.message


def test_non_text_unit_is_a_unit_error() -> None:
    with pytest.raises(UnitError):
        chemistry("b12").unit_spec(5)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("\u00b5mol/L", "umol/l"),
        ("\u03bcmol/L", "umol/l"),
        (" PG/mL ", "pg/ml"),
        ("mg/dL\t", "mg/dl"),
    ],
)
def test_normalise_unit_text(text: str, normal: str) -> None:
    assert normalise_unit_text(text) == normal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Analyte.b12, Analyte.b12),
        ("b12", Analyte.b12),
        ("Potassium", Analyte.potassium),
        (" MAGNESIUM ", Analyte.magnesium),
    ],
)
def test_as_analyte(value: object, expected: Analyte) -> None:
    assert as_analyte(value) is expected


@pytest.mark.parametrize("value", ["iron", "", None, 12, b"b12", ["b12"]])
def test_as_analyte_refuses_anything_else(value: object) -> None:
    with pytest.raises(UnknownAnalyteError) as caught:
        as_analyte(value, field="analyte")
    assert caught.value.field == "analyte"
    assert "b12, potassium, magnesium" in caught.value.message


def test_chemistry_of_unknown_analyte_raises() -> None:
    with pytest.raises(UnknownAnalyteError):
        chemistry("sodium")


def _spec(ucum: str, *spellings: str) -> UnitSpec:
    return UnitSpec(
        ucum=ucum, spellings=spellings or (ucum,), property="substance", loinc="1-1", source="x"
    )


_PLAUSIBLE = PlausibleRange(
    low=PlausibleLimit(value=0.1, unit="mmol/L", source="x"),
    high=PlausibleLimit(value=9, unit="mmol/L", source="x"),
    note="fictional",
)


def test_chemistry_refuses_a_spelling_listed_for_two_units() -> None:
    with pytest.raises(ValidationError):
        Chemistry(
            label="X",
            canonical_unit="mmol/L",
            units=(_spec("mmol/L", "mmol/L", "MEQ/L"), _spec("meq/L")),
            plausible=_PLAUSIBLE,
        )


def test_chemistry_refuses_a_canonical_unit_it_does_not_accept() -> None:
    with pytest.raises(ValidationError):
        Chemistry(
            label="X", canonical_unit="pmol/L", units=(_spec("mmol/L"),), plausible=_PLAUSIBLE
        )


def test_chemistry_refuses_plausibility_limits_in_a_unit_it_does_not_accept() -> None:
    limits = _PLAUSIBLE.model_copy(
        update={"high": PlausibleLimit(value=9, unit="mg/dL", source="x")}
    )
    with pytest.raises(ValidationError):
        Chemistry(label="X", canonical_unit="mmol/L", units=(_spec("mmol/L"),), plausible=limits)


def test_chemistry_model_parts_validate() -> None:
    with pytest.raises(ValidationError):
        MolarMass(value=-1.0, unit="g/mol", substance="x", source="s")
    with pytest.raises(ValidationError):
        Valence(value=0, source="s")
    with pytest.raises(ValidationError):
        UnitSpec(ucum="x", spellings=("x",), property="substance", loinc="not-a-loinc", source="s")


def test_spelling_index_covers_every_spelling() -> None:
    for analyte in Analyte:
        chem = chemistry(analyte)
        for spec in chem.units:
            for spelling in (spec.ucum, *spec.spellings):
                assert chem.spelling_index[normalise_unit_text(spelling)] is spec


# --- hardening: lock-free reads once loaded; str subclasses read as plain text -------------


class _HostileError(Exception):
    """What a caller's object raises; its text must never reach a library message."""


class _UnhashableText(str):
    __slots__ = ()

    def __hash__(self) -> int:
        raise _HostileError("PATIENTXYZ")

    def __len__(self) -> int:
        raise _HostileError("PATIENTXYZ")

    def strip(self, chars: str | None = None) -> str:
        raise _HostileError("PATIENTXYZ")


def test_chemistry_loads_once_under_concurrency() -> None:
    results: list[object] = []
    workers = [
        threading.Thread(target=lambda: results.append(chemistry(Analyte.b12))) for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(results) == 8
    assert all(result is results[0] for result in results)


def test_str_subclasses_are_read_as_plain_text() -> None:
    assert as_analyte(_UnhashableText("b12")) is Analyte.b12
    assert chemistry(_UnhashableText("b12")) is chemistry(Analyte.b12)
    assert chemistry(Analyte.b12).unit_spec(_UnhashableText("PG/ML")).ucum == "pg/mL"
    with pytest.raises(UnitError):
        chemistry(Analyte.b12).unit_spec(_UnhashableText("furlong"))


def test_the_micro_prefix_pattern_is_defined_once() -> None:
    assert vars(parsing_module)["_MICRO_PREFIX"] is analytes_module._MICRO_PREFIX
