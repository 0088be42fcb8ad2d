"""Rule conditions: each predicate over the facts, how they combine, and how they read."""

from __future__ import annotations

import pytest

from b12labs import Analyte, Band, Category, Diet, Factor, Likelihood, PotassiumResult, Urgency
from b12labs.reasoning.conditions import (
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
    LabBelow,
    LabCouldBe,
    LabMissing,
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
from b12labs.symptoms import Symptom
from b12labs.thresholds import threshold
from reasoning.scenarios import make_facts

K, B12, MG = Analyte.potassium, Analyte.b12, Analyte.magnesium
LOW_K = Lab(K, {Band.low, Band.critical_low})
PALPITATIONS = HasSymptom({Symptom.palpitations})


def test_always_holds() -> None:
    assert Always().holds(make_facts())
    assert Always().describe() == "always"


@pytest.mark.parametrize(
    ("potassium", "expected"),
    [("3.1 mmol/L", True), ("2.0 mmol/L", True), ("4.0 mmol/L", False), (None, False)],
)
def test_lab_is_the_exact_band(potassium: str | None, expected: bool) -> None:
    assert LOW_K.holds(make_facts(potassium=potassium)) is expected


def test_lab_could_be_reads_every_possible_band_of_a_censored_value() -> None:
    facts = make_facts(potassium="<3.0 mmol/L")  # critical_low or low
    assert facts.labs[K].band is Band.indeterminate
    assert facts.labs[K].possible == (Band.critical_low, Band.low)
    assert not Lab(K, {Band.critical_low}).holds(facts)
    assert LabCouldBe(K, {Band.critical_low}).holds(facts)
    assert not LabCouldBe(K, {Band.normal}).holds(facts)
    assert not LabCouldBe(MG, {Band.low}).holds(facts)


def test_lab_missing() -> None:
    facts = make_facts(b12="300 pg/mL")
    assert LabMissing(K).holds(facts)
    assert not LabMissing(B12).holds(facts)
    assert LabMissing(B12).describe() == "no b12 result is given"


def test_hemolyzed_specimen_and_censored() -> None:
    facts = make_facts(
        potassium=PotassiumResult.parse("4.0 mmol/L", hemolyzed=True, specimen="plasma"),
        b12=">2000 pg/mL",
    )
    assert Hemolyzed(K).holds(facts)
    assert not Hemolyzed(MG).holds(facts)
    assert MeasuredIn(K, "plasma").holds(facts)
    assert not MeasuredIn(K, "serum").holds(facts)
    assert not MeasuredIn(B12, "plasma").holds(facts)
    assert Censored(B12).holds(facts)
    assert not Censored(K).holds(facts)
    assert not Censored(MG).holds(facts)


def test_has_symptom_is_any_of() -> None:
    condition = HasSymptom({Symptom.tingling, Symptom.numbness})
    assert condition.holds(make_facts(symptoms=["numb"]))
    assert not condition.holds(make_facts(symptoms=["fatigue"]))
    assert not condition.holds(make_facts())


@pytest.mark.parametrize(
    ("value", "yes", "no", "not_known"),
    [(True, True, False, False), (False, False, True, False), (None, False, False, True)],
)
def test_yes_no_and_not_known_are_three_answers(
    value: bool | None, yes: bool, no: bool, not_known: bool
) -> None:
    """``None`` means not known, which is neither a yes nor a no."""
    facts = make_facts(context={"b12_injections": value})
    assert Yes("b12_injections").holds(facts) is yes
    assert No("b12_injections").holds(facts) is no
    assert NotKnown("b12_injections").holds(facts) is not_known
    assert No("b12_injections").describe() == "b12 injections is no"
    assert NotKnown("pregnant").describe() == "pregnant is not known"


def test_diet_in() -> None:
    plant = DietIn({Diet.vegan, Diet.vegetarian})
    assert plant.holds(make_facts(context={"diet": "vegetarian"}))
    assert not plant.holds(make_facts(context={"diet": "omnivore"}))
    assert not plant.holds(make_facts())
    assert plant.describe() == "diet is vegan or vegetarian"


def test_takes_has_and_red_flag_read_their_sets() -> None:
    facts = make_facts(
        context={
            "medications": ["metformin"],
            "conditions": ["ckd"],
            "red_flags": ["twitching"],
        }
    )
    assert Takes({"metformin", "statin"}).holds(facts)
    assert not Takes({"statin"}).holds(facts)
    assert Has({"kidney_disease"}).holds(facts)
    assert not Has({"peripheral_artery_disease"}).holds(facts)
    assert RedFlag({"twitching"}).holds(facts)
    assert not RedFlag({"heavy_fluid_loss"}).holds(facts)
    assert Takes({"metformin"}).describe() == "takes metformin"
    assert Has({"kidney_disease"}).describe() == "has kidney disease"


@pytest.mark.parametrize(
    "build",
    [
        lambda: Takes({"not_a_medicine"}),
        lambda: Has({"not_a_condition"}),
        lambda: RedFlag({"not_a_flag"}),
    ],
)
def test_rules_cannot_name_unknown_vocabulary(build: object) -> None:
    with pytest.raises(AssertionError):
        build()  # type: ignore[operator]


def test_age_conditions_use_the_cited_thresholds() -> None:
    limit = threshold("older_age").value
    older = AgeAtLeast("older_age")
    assert older.holds(make_facts(context={"age_years": limit}))
    assert not older.holds(make_facts(context={"age_years": limit - 0.1}))
    assert not older.holds(make_facts())
    assert older.describe() == "age is 65 years or more"
    infant = AgeBelow("potassium_ecg_min_age")
    assert infant.holds(make_facts(context={"age_years": 0.5}))
    assert not infant.holds(make_facts(context={"age_years": 1}))
    assert not infant.holds(make_facts()), "an unknown age is not below anything"
    assert infant.describe() == "age is under 1 years"


@pytest.mark.parametrize(
    ("b12", "below"),
    [
        ("399 ng/L", True),
        ("400 ng/L", False),  # at the threshold is not below it
        ("295.12 pmol/L", True),  # 400 ng/L is 295.12 pmol/L: just below, in another unit
        ("<380 ng/L", True),
        ("<=400 ng/L", True),
        ("<450 ng/L", False),
        (">100 ng/L", False),  # a lower bound is never known to be below anything
        (None, False),
    ],
)
def test_lab_below_a_cited_threshold(b12: str | None, below: bool) -> None:
    condition = LabBelow(B12, "b12_mma_reflex_upper")
    assert condition.holds(make_facts(b12=b12)) is below
    assert condition.describe() == "b12 is below 400 ng/L"


def test_straddles_is_a_censored_value_across_bands() -> None:
    assert Straddles(K).holds(make_facts(potassium="<3.0 mmol/L"))
    assert not Straddles(K).holds(make_facts(potassium="<2.0 mmol/L"))
    assert not Straddles(K).holds(make_facts(potassium="3.1 mmol/L"))
    assert not Straddles(K).holds(make_facts())


def test_band_basis_and_pregnancy_range_read_the_table_used() -> None:
    adult = make_facts(b12="300 pg/mL", context={"age_years": 40})
    child = make_facts(b12="300 pg/mL", context={"age_years": 6})
    pregnant = make_facts(b12="300 pg/mL", context={"pregnant": True})
    assert BandBasis(B12, "decision_limits").holds(adult)
    assert BandBasis(B12, "reference_interval").holds(child)
    assert not BandBasis(B12, "decision_limits").holds(make_facts())
    assert PregnancyRange(B12).holds(pregnant)
    assert not PregnancyRange(B12).holds(adult)
    assert not PregnancyRange(K).holds(pregnant), "no potassium result, so no range was used"


def test_factor_named_reads_the_assessed_factors() -> None:
    assert FactorNamed().phase == 1
    assert not FactorNamed().holds(make_facts())
    assert FactorNamed().holds(make_facts(factors={Factor.dehydration}))


def test_operators_build_all_any_and_not() -> None:
    both = LOW_K & PALPITATIONS
    either = LOW_K | PALPITATIONS
    neither = ~LOW_K
    assert isinstance(both, AllOf)
    assert isinstance(either, AnyOf)
    assert isinstance(neither, Not)
    facts = make_facts(potassium="3.1 mmol/L")
    assert not both.holds(facts)
    assert either.holds(facts)
    assert not neither.holds(facts)
    assert both.describe() == "potassium is critical low or low and symptoms include palpitations"


def test_chained_operators_flatten() -> None:
    chained = LOW_K & PALPITATIONS & Always()
    assert isinstance(chained, AllOf)
    assert len(chained.parts) == 3
    alternatives = LOW_K | PALPITATIONS | Always()
    assert isinstance(alternatives, AnyOf)
    assert len(alternatives.parts) == 3


def test_mixed_operators_bracket_in_descriptions() -> None:
    condition = (LOW_K | PALPITATIONS) & LabMissing(MG)
    assert condition.describe() == (
        "(potassium is critical low or low or symptoms include palpitations) "
        "and no magnesium result is given"
    )
    assert Not(LOW_K).describe() == "not (potassium is critical low or low)"


def test_at_least_counts_parts() -> None:
    parts: tuple[Condition, ...] = (
        HasSymptom({Symptom.thirst}),
        HasSymptom({Symptom.dizziness}),
        Yes("recent_heavy_exercise"),
    )
    two = AtLeast(2, parts)
    assert not two.holds(make_facts(symptoms=["thirst"]))
    assert two.holds(make_facts(symptoms=["thirst", "dizzy"]))
    assert two.holds(make_facts(symptoms=["thirst"], context={"recent_heavy_exercise": True}))
    assert two.describe().startswith("at least 2 of: ")


def test_assessed_reads_likelihoods_and_defaults_to_unlikely() -> None:
    condition = Assessed(Category.b12_deficiency, Likelihood.possible)
    assert condition.phase == 1
    assert not condition.holds(make_facts())
    facts = make_facts(likelihoods={Category.b12_deficiency: Likelihood.likely})
    assert condition.holds(facts)
    facts = make_facts(likelihoods={Category.b12_deficiency: Likelihood.unlikely})
    assert not condition.holds(facts)
    assert condition.describe() == "b12 deficiency is at least possible"


def test_urgency_is_exact() -> None:
    condition = UrgencyIs(Urgency.prompt)
    assert condition.phase == 2
    assert condition.holds(make_facts(urgency=Urgency.prompt))
    assert not condition.holds(make_facts(urgency=Urgency.urgent))
    assert not condition.holds(make_facts())


def test_combined_phase_is_the_latest_part() -> None:
    assert (LOW_K & Always()).phase == 0
    assert (LOW_K & Assessed(Category.b12_deficiency, Likelihood.likely)).phase == 1
    assert (LOW_K | UrgencyIs(Urgency.routine)).phase == 2
    assert Not(UrgencyIs(Urgency.routine)).phase == 2
    assert AtLeast(1, (LOW_K, Assessed(Category.b12_deficiency, Likelihood.likely))).phase == 1


def test_conditions_are_hashable_values() -> None:
    assert Lab(K, [Band.low]) == Lab(K, {Band.low})
    assert hash(HasSymptom([Symptom.thirst])) == hash(HasSymptom({Symptom.thirst}))
    assert Takes(["statin"]) == Takes({"statin"})
