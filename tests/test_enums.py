"""The public enumerations: wire values in order, and the ordered Likelihood and Urgency."""

from __future__ import annotations

import enum

import pytest

from b12labs import Analyte, Band, Category, Diet, Factor, Likelihood, Urgency

# api.md section 4: the values are the wire format, in this order.
EXPECTED: list[tuple[type[enum.StrEnum], list[str]]] = [
    (Analyte, ["b12", "potassium", "magnesium"]),
    (
        Band,
        [
            "critical_low",
            "low",
            "borderline_low",
            "normal",
            "high",
            "critical_high",
            "indeterminate",
        ],
    ),
    (Category, ["b12_deficiency", "b12_excess_injections", "other_common_causes"]),
    (
        Factor,
        [
            "dehydration",
            "low_magnesium",
            "low_potassium",
            "overexertion",
            "medical_condition",
            "medication",
        ],
    ),
    (Likelihood, ["unlikely", "possible", "likely"]),
    (Urgency, ["routine", "prompt", "urgent"]),
    (Diet, ["omnivore", "vegetarian", "vegan"]),
]


@pytest.mark.parametrize(("cls", "values"), EXPECTED, ids=lambda x: getattr(x, "__name__", ""))
def test_values_in_order(cls: type[enum.StrEnum], values: list[str]) -> None:
    assert [member.value for member in cls] == values
    assert [member.name for member in cls] == values
    assert issubclass(cls, enum.StrEnum)


@pytest.mark.parametrize("cls", [Likelihood, Urgency])
def test_ordered_enums_compare_in_definition_order(cls: type[Likelihood | Urgency]) -> None:
    members = list(cls)
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            assert (a < b) is (i < j)
            assert (a <= b) is (i <= j)
            assert (a > b) is (i > j)
            assert (a >= b) is (i >= j)
            assert (a == b) is (i == j)
        assert a.rank == i


def test_sorting_max_and_min_follow_definition_order_not_alphabet() -> None:
    # alphabetically "likely" < "possible" < "unlikely": the opposite of the clinical order
    assert sorted([Likelihood.likely, Likelihood.unlikely, Likelihood.possible]) == [
        Likelihood.unlikely,
        Likelihood.possible,
        Likelihood.likely,
    ]
    assert max(Likelihood.possible, Likelihood.likely) is Likelihood.likely
    assert max(Urgency.prompt, Urgency.routine) is Urgency.prompt
    assert min(Urgency.urgent, Urgency.prompt) is Urgency.prompt
    assert sorted(Urgency, reverse=True) == [Urgency.urgent, Urgency.prompt, Urgency.routine]


def test_equality_and_hash_stay_those_of_the_string() -> None:
    assert Likelihood.likely == "likely"
    assert Urgency.urgent == "urgent"
    assert hash(Likelihood.possible) == hash("possible")
    assert {"routine": 1}[Urgency.routine] == 1
    assert Likelihood.likely != "unlikely"


def test_ordered_enum_compares_with_its_own_string_values() -> None:
    assert Likelihood.possible < "likely"
    assert Urgency.urgent > "prompt"


@pytest.mark.parametrize("other", ["zzz", "", 1, None, Urgency.urgent])
def test_ordering_against_a_foreign_value_is_a_type_error(other: object) -> None:
    with pytest.raises(TypeError):
        _ = Likelihood.likely < other


def test_str_is_the_value() -> None:
    assert str(Band.borderline_low) == "borderline_low"
    assert f"{Analyte.magnesium}" == "magnesium"
