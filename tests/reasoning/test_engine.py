"""The evaluator on small hand-made rule books: how raises, caps, notes and phases combine."""

from __future__ import annotations

import dataclasses

import pytest

from b12labs import Analyte, Category, Factor, Likelihood, Urgency
from b12labs.reasoning import RULE_BOOK, CategoryTable, Facts, RuleBook, evaluate
from b12labs.reasoning.conditions import Always, Assessed, Condition, HasSymptom, Not, UrgencyIs
from b12labs.reasoning.rules import Cap, Escalate, Implicate, Note, Raise, Recommend, Rule, Warn
from b12labs.symptoms import Symptom
from b12labs.vocabulary import RecommendationKind
from reasoning.scenarios import make_facts

DEF, EXC, OTH = (
    Category.b12_deficiency,
    Category.b12_excess_injections,
    Category.other_common_causes,
)
NEVER: Condition = Not(Always())
SRC = ("seed-article",)


def _rule(rule_id: str, *effects: object, when: Condition | None = None, text: str = "") -> Rule:
    return Rule(
        rule_id,
        when if when is not None else Always(),
        tuple(effects),  # type: ignore[arg-type]  # the effects given are Effect members
        text or f"Text of {rule_id}.",
        SRC,
    )


def _table(category: Category, *rules: Rule) -> CategoryTable:
    return CategoryTable(
        category=category,
        headlines={level: f"{category.value} is {level.value}." for level in Likelihood},
        rules=rules,
    )


def _book(
    d: tuple[Rule, ...] = (),
    e: tuple[Rule, ...] = (),
    o: tuple[Rule, ...] = (),
    *,
    urgency: tuple[Rule, ...] = (),
    recommendations: tuple[Rule, ...] = (),
    caveats: tuple[Rule, ...] = (),
) -> RuleBook:
    return RuleBook(
        categories=(_table(DEF, *d), _table(EXC, *e), _table(OTH, *o)),
        urgency=urgency,
        recommendations=recommendations,
        caveats=caveats,
    )


FACTS: Facts = make_facts()


def _likelihood(book: RuleBook, category: Category, facts: Facts = FACTS) -> Likelihood:
    outcome = evaluate(facts, book)
    return next(a.likelihood for a in outcome.assessments if a.category is category)


def test_no_matching_rule_is_unlikely_with_the_headline() -> None:
    outcome = evaluate(
        FACTS, _book(d=(_rule("d.never", Raise(DEF, Likelihood.likely), when=NEVER),))
    )
    assessment = outcome.assessments[0]
    assert assessment.likelihood is Likelihood.unlikely
    assert not assessment.assessed, "nothing that was given speaks to it"
    assert assessment.rationale == "Not assessed: nothing given speaks to this category."
    assert assessment.evidence == []
    assert assessment.sources == []


def test_the_highest_raise_wins() -> None:
    book = _book(
        d=(
            _rule("d.a", Raise(DEF, Likelihood.possible)),
            _rule("d.b", Raise(DEF, Likelihood.likely)),
        )
    )
    assert _likelihood(book, DEF) is Likelihood.likely


def test_a_cap_beats_any_raise() -> None:
    book = _book(
        d=(
            _rule("d.raise", Raise(DEF, Likelihood.likely)),
            _rule("d.cap", Cap(DEF, Likelihood.possible)),
            _rule("d.cap2", Cap(DEF, Likelihood.unlikely), when=NEVER),
        )
    )
    assert _likelihood(book, DEF) is Likelihood.possible


def test_the_lowest_cap_wins() -> None:
    book = _book(
        d=(
            _rule("d.raise", Raise(DEF, Likelihood.likely)),
            _rule("d.cap1", Cap(DEF, Likelihood.possible)),
            _rule("d.cap2", Cap(DEF, Likelihood.unlikely)),
        )
    )
    assert _likelihood(book, DEF) is Likelihood.unlikely


def test_evidence_directions_and_order() -> None:
    """Raise and Implicate speak for, Cap against, Note as it says; for first, then against."""
    book = _book(
        o=(
            _rule("o.neutral", Note(OTH, "neutral")),
            _rule("o.against", Note(OTH, "against")),
            _rule("o.cap", Cap(OTH, Likelihood.likely)),
            _rule("o.for", Note(OTH, "for")),
            _rule("o.implicate", Implicate(Factor.medication)),
            _rule("o.raise", Raise(OTH, Likelihood.possible)),
        )
    )
    assessment = next(a for a in evaluate(FACTS, book).assessments if a.category is OTH)
    assert [(e.rule, e.direction) for e in assessment.evidence] == [
        ("o.for", "for"),
        ("o.implicate", "for"),
        ("o.raise", "for"),
        ("o.against", "against"),
        ("o.cap", "against"),
        ("o.neutral", "neutral"),
    ]
    assert all(e.sources == SRC for e in assessment.evidence)
    assert [s.id for s in assessment.sources] == ["seed-article"]


def test_rationale_is_headline_then_decisive_rules() -> None:
    book = _book(
        d=(
            _rule("d.possible", Raise(DEF, Likelihood.possible), text="Possible because."),
            _rule("d.likely", Raise(DEF, Likelihood.likely), text="Likely because."),
            _rule("d.again", Raise(DEF, Likelihood.likely), text="Likely because."),
            _rule("d.note", Note(DEF, "for"), text="A note."),
        )
    )
    rationale = evaluate(FACTS, book).assessments[0].rationale
    assert rationale == "b12_deficiency is likely. Likely because."


def test_capped_rationale_names_the_cap() -> None:
    book = _book(
        d=(
            _rule("d.likely", Raise(DEF, Likelihood.likely), text="Raised."),
            _rule("d.cap", Cap(DEF, Likelihood.possible), text="Capped."),
        )
    )
    assert evaluate(FACTS, book).assessments[0].rationale == "b12_deficiency is possible. Capped."


def test_factors_come_in_factor_order_without_repeats() -> None:
    book = _book(
        o=(
            _rule("o.a", Implicate(Factor.medication), Implicate(Factor.dehydration)),
            _rule("o.b", Implicate(Factor.low_potassium), Implicate(Factor.dehydration)),
        )
    )
    assessment = next(a for a in evaluate(FACTS, book).assessments if a.category is OTH)
    assert assessment.factors == [Factor.dehydration, Factor.low_potassium, Factor.medication]
    assert assessment.likelihood is Likelihood.unlikely  # implicating alone raises nothing


def test_assessments_most_likely_first_ties_in_book_order() -> None:
    book = _book(
        d=(_rule("d", Raise(DEF, Likelihood.possible)),),
        e=(_rule("e", Raise(EXC, Likelihood.likely)),),
        o=(_rule("o", Raise(OTH, Likelihood.possible)),),
    )
    assert [a.category for a in evaluate(FACTS, book).assessments] == [EXC, DEF, OTH]
    reordered = dataclasses.replace(book, categories=tuple(reversed(book.categories)))
    assert [a.category for a in evaluate(FACTS, reordered).assessments] == [EXC, OTH, DEF]


def test_urgency_is_the_highest_level_with_its_reasons_only() -> None:
    book = _book(
        urgency=(
            _rule("u.routine", Escalate(Urgency.routine), text="Routine."),
            _rule("u.prompt", Escalate(Urgency.prompt), text="Prompt one."),
            _rule("u.prompt2", Escalate(Urgency.prompt), text="Prompt two."),
            _rule("u.prompt3", Escalate(Urgency.prompt), text="Prompt one."),
            _rule("u.urgent", Escalate(Urgency.urgent), text="Urgent.", when=NEVER),
        )
    )
    outcome = evaluate(FACTS, book)
    assert outcome.urgency is Urgency.prompt
    assert outcome.urgency_reasons == ("Prompt one.", "Prompt two.")


def test_no_urgency_rule_means_routine_without_reasons() -> None:
    outcome = evaluate(FACTS, _book())
    assert outcome.urgency is Urgency.routine
    assert outcome.urgency_reasons == ()
    assert outcome.recommendations == ()
    assert outcome.warnings == ()


def test_urgency_rules_read_the_assessments() -> None:
    book = _book(
        d=(_rule("d", Raise(DEF, Likelihood.likely)),),
        urgency=(
            _rule("u", Escalate(Urgency.urgent), when=Assessed(DEF, Likelihood.likely)),
            _rule("u.not", Escalate(Urgency.urgent), when=Assessed(EXC, Likelihood.possible)),
        ),
    )
    outcome = evaluate(FACTS, book)
    assert outcome.urgency is Urgency.urgent
    assert outcome.urgency_reasons == ("Text of u.",)


def test_recommendations_read_the_urgency_dedupe_and_sort_by_kind() -> None:
    book = _book(
        urgency=(_rule("u", Escalate(Urgency.prompt)),),
        recommendations=(
            _rule("r.note", Recommend(RecommendationKind.clinician_note)),
            _rule("r.safety", Recommend(RecommendationKind.safety), text="Be safe."),
            _rule("r.safety.same", Recommend(RecommendationKind.safety), text="Be safe."),
            _rule(
                "r.test1",
                Recommend(RecommendationKind.follow_up_test, "serum magnesium"),
                text="First.",
            ),
            _rule(
                "r.test2",
                Recommend(RecommendationKind.follow_up_test, "serum magnesium"),
                text="Second.",
            ),
            _rule(
                "r.urgent",
                Recommend(RecommendationKind.clinician_follow_up),
                when=UrgencyIs(Urgency.urgent),
            ),
            _rule(
                "r.prompt",
                Recommend(RecommendationKind.clinician_follow_up),
                when=UrgencyIs(Urgency.prompt),
            ),
        ),
    )
    steps = evaluate(FACTS, book).recommendations
    assert [(r.kind, r.rule) for r in steps] == [
        ("clinician_follow_up", "r.prompt"),
        ("follow_up_test", "r.test1"),
        ("safety", "r.safety"),
        ("clinician_note", "r.note"),
    ]
    assert steps[1].test == "serum magnesium"
    assert steps[1].text == "First."
    assert [s.id for s in steps[0].sources] == ["seed-article"]


def test_warnings_come_from_holding_warn_rules_without_repeats() -> None:
    book = _book(
        caveats=(
            _rule("c.a", Warn(), text="Careful."),
            _rule("c.b", Warn(), text="Careful."),
            _rule("c.c", Warn(), text="Never shown.", when=NEVER),
            _rule("c.d", Warn(), text="Also."),
        )
    )
    assert evaluate(FACTS, book).warnings == ("Careful.", "Also.")


def test_texts_quote_values_and_show_missing_ones_as_question_marks() -> None:
    facts = make_facts(potassium="3.1 mmol/L", context={"age_years": 70})
    book = _book(
        caveats=(
            _rule("c.k", Warn(), text="K {potassium} is {potassium_band} ({potassium_normal})."),
            _rule("c.age", Warn(), text="Age {age}."),
            _rule("c.b12", Warn(), text="B12 {b12}."),
        )
    )
    assert evaluate(facts, book).warnings == (
        "K 3.1 mmol/L is low (3.5-5.3 mmol/L).",
        "Age 70.",
        "B12 ?.",
    )


def test_a_censored_value_quotes_every_band_it_may_lie_in() -> None:
    facts = make_facts(potassium="<3.0 mmol/L")
    book = _book(caveats=(_rule("c", Warn(), text="{potassium_band}: {potassium_band_text}."),))
    assert evaluate(facts, book).warnings == (
        "critical low or low: <2.8 mmol/L or 2.8-3.5 mmol/L.",
    )


def test_evaluate_is_pure_and_deterministic() -> None:
    facts = make_facts(b12="250 pg/mL", symptoms=["tingling", "cramps"], context={"diet": "vegan"})
    first, second = evaluate(facts, RULE_BOOK), evaluate(facts, RULE_BOOK)
    assert first == second
    assert facts.likelihoods == {}
    assert facts.urgency is None


def test_rule_phase_follows_its_effects() -> None:
    assert _rule("a", Raise(DEF, Likelihood.likely)).phase == 0
    assert _rule("b", Note(DEF, "for")).phase == 0
    assert _rule("c", Implicate(Factor.medication)).phase == 0
    assert _rule("d", Escalate(Urgency.urgent)).phase == 1
    assert _rule("e", Recommend(RecommendationKind.safety)).phase == 2
    assert _rule("f", Warn()).phase == 2


def test_all_rules_lists_tables_in_evaluation_order() -> None:
    book = _book(
        d=(_rule("d", Note(DEF, "for")),),
        e=(_rule("e", Note(EXC, "for")),),
        o=(_rule("o", Note(OTH, "for")),),
        urgency=(_rule("u", Escalate(Urgency.routine)),),
        recommendations=(_rule("r", Recommend(RecommendationKind.safety)),),
        caveats=(_rule("c", Warn()),),
    )
    assert [r.id for r in book.all_rules()] == ["d", "e", "o", "u", "r", "c"]


@pytest.mark.parametrize("symptom", [Symptom.tingling, Symptom.thirst])
def test_conditions_see_the_facts(symptom: Symptom) -> None:
    book = _book(
        d=(_rule("d", Raise(DEF, Likelihood.likely), when=HasSymptom({Symptom.tingling})),),
    )
    facts = make_facts(symptoms=[symptom])
    expected = Likelihood.likely if symptom is Symptom.tingling else Likelihood.unlikely
    assert _likelihood(book, DEF, facts) is expected


def test_facts_band_is_none_for_a_missing_lab() -> None:
    facts = make_facts(b12="130 pg/mL")
    assert facts.band(Analyte.potassium) is None
    assert facts.band(Analyte.b12) is not None
