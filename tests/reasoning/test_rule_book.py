"""The rule book as a whole: every rule exercised by a scenario, cited, well formed, documented."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from b12labs import Category, Likelihood, Report
from b12labs.reasoning import RULE_BOOK, Rule
from b12labs.reasoning.rules import Cap, Escalate, Implicate, Note, Raise, Recommend, Warn
from b12labs.sources import bundled_sources
from b12labs.thresholds import all_thresholds
from reasoning.scenarios import ALL, Scenario, fired_rules

ALL_RULES: tuple[Rule, ...] = tuple(RULE_BOOK.all_rules())
RULE_IDS = frozenset(rule.id for rule in ALL_RULES)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "clinical-logic.md"
TEMPLATE_KEYS = frozenset(
    {
        *(f"{a}{suffix}" for a in ("b12", "potassium", "magnesium") for suffix in ("", "_band")),
        *(f"{a}_band_text" for a in ("b12", "potassium", "magnesium")),
        *(f"{a}_normal" for a in ("b12", "potassium", "magnesium")),
        *(f"{a}_normal_low" for a in ("b12", "potassium", "magnesium")),
        "age",
        *all_thresholds(),
    }
)
DIAGNOSTIC = re.compile(r"\byou have\b|\bdiagnosed\b|\bdiagnosis of\b", re.IGNORECASE)


def _reports() -> list[tuple[Scenario, Report]]:
    return [(case, case.inputs.run(case.ranges)) for case in ALL]


def test_every_rule_is_exercised_by_a_scenario() -> None:
    """Every rule of RULE_BOOK produces output (evidence, reason, step, warning) in some scenario."""
    exercised: set[str] = set()
    for _, report in _reports():
        exercised |= fired_rules(report)
    assert RULE_IDS - exercised == set()


def test_every_rule_is_asserted_by_name_in_a_scenario() -> None:
    """Every rule id is listed in some scenario's ``fires``, so its effect is checked explicitly."""
    named = set().union(*(case.fires for case in ALL))
    assert RULE_IDS - named == set()


def test_scenario_table_is_well_formed() -> None:
    """Scenario names are unique and every rule id a scenario names exists in RULE_BOOK."""
    names = [case.name for case in ALL]
    assert len(names) == len(set(names))
    for case in ALL:
        assert case.fires | case.silent <= RULE_IDS, case.name
        assert not case.fires & case.silent, case.name
        assert case.why, case.name


def test_rule_ids_are_unique() -> None:
    assert len(RULE_IDS) == len(ALL_RULES)
    assert all(re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", rule.id) for rule in ALL_RULES)


@pytest.mark.parametrize(
    ("rules", "prefix"),
    [
        (RULE_BOOK.categories[0].rules, "b12_deficiency."),
        (RULE_BOOK.categories[1].rules, "b12_excess."),
        (RULE_BOOK.categories[2].rules, "other_common_causes."),
        (RULE_BOOK.urgency, "urgency."),
        (RULE_BOOK.recommendations, "recommendation."),
        (RULE_BOOK.caveats, "caveat."),
    ],
)
def test_rule_ids_name_their_table(rules: tuple[Rule, ...], prefix: str) -> None:
    assert rules
    assert all(rule.id.startswith(prefix) for rule in rules)


def test_category_tables_follow_category_order() -> None:
    """Ties in the assessments keep Category order because the tables are in that order."""
    assert [table.category for table in RULE_BOOK.categories] == list(Category)


def test_category_tables_have_a_headline_per_likelihood() -> None:
    for table in RULE_BOOK.categories:
        assert set(table.headlines) == set(Likelihood)
        assert all(text.strip() for text in table.headlines.values())


def test_category_rules_only_affect_their_own_category() -> None:
    for table in RULE_BOOK.categories:
        for rule in table.rules:
            for effect in rule.effects:
                assert isinstance(effect, Raise | Cap | Note | Implicate), rule.id
                if isinstance(effect, Raise | Cap | Note):
                    assert effect.category is table.category, rule.id
                else:
                    assert table.category is Category.other_common_causes, rule.id


def test_each_table_holds_only_its_kind_of_effect() -> None:
    assert all(all(isinstance(e, Escalate) for e in rule.effects) for rule in RULE_BOOK.urgency)
    assert all(
        all(isinstance(e, Recommend) for e in rule.effects) for rule in RULE_BOOK.recommendations
    )
    assert all(all(isinstance(e, Warn) for e in rule.effects) for rule in RULE_BOOK.caveats)


def test_rule_phases() -> None:
    """Category rules run first, urgency second, steps and caveats last; none reads ahead."""
    for table in RULE_BOOK.categories:
        assert {rule.phase for rule in table.rules} == {0}
    assert {rule.phase for rule in RULE_BOOK.urgency} == {1}
    assert {rule.phase for rule in (*RULE_BOOK.recommendations, *RULE_BOOK.caveats)} == {2}
    for rule in ALL_RULES:
        assert rule.when.phase <= rule.phase, rule.id


def test_follow_up_tests_name_their_test() -> None:
    for rule in RULE_BOOK.recommendations:
        for effect in rule.effects:
            assert isinstance(effect, Recommend)
            assert effect.kind in {
                "clinician_follow_up",
                "follow_up_test",
                "safety",
                "clinician_note",
            }
            assert (effect.test is not None) == (effect.kind == "follow_up_test"), rule.id


def test_every_rule_cites_bundled_sources() -> None:
    catalogue = bundled_sources()
    for rule in ALL_RULES:
        assert rule.sources, rule.id
        assert set(rule.sources) <= set(catalogue), rule.id


def test_rule_texts_only_quote_known_values() -> None:
    for rule in ALL_RULES:
        fields = {name for _, name, _, _ in string.Formatter().parse(rule.text) if name}
        assert fields <= TEMPLATE_KEYS, rule.id
        assert rule.text.strip().endswith("."), rule.id


def test_rule_texts_never_state_a_diagnosis() -> None:
    texts = [rule.text for rule in ALL_RULES]
    texts += [h for table in RULE_BOOK.categories for h in table.headlines.values()]
    assert [t for t in texts if DIAGNOSTIC.search(t)] == []


def test_rule_about_kinds_are_evidence_kinds() -> None:
    kinds = {"finding", "symptom", "context", "missing_result"}
    assert all(rule.about[0] in kinds and rule.about[1] for rule in ALL_RULES)


def test_scenario_texts_have_every_placeholder_filled() -> None:
    """No rendered text of any scenario keeps a ``{placeholder}`` or shows a missing '?' value."""
    for case, report in _reports():
        texts = [
            *report.urgency_reasons,
            *report.warnings,
            *(r.text for r in report.recommendations),
            *(e.text for a in report.assessments for e in a.evidence),
            *(a.rationale for a in report.assessments),
        ]
        for text in texts:
            assert "{" not in text, (case.name, text)
            assert "}" not in text, (case.name, text)
            assert "?" not in text, (case.name, text)


def test_clinical_logic_document_lists_every_rule() -> None:
    """docs/clinical-logic.md (for the reviewing clinician) names every rule that runs."""
    text = DOCS.read_text(encoding="utf-8")
    assert sorted(rule.id for rule in ALL_RULES if rule.id not in text) == []


def test_rule_limits_are_text() -> None:
    documented = [rule for rule in ALL_RULES if rule.limits]
    assert documented, "at least the unsourced rules say what they do not know"
    assert all(rule.limits.strip().endswith(".") for rule in documented)
    palpitations = next(
        r for r in ALL_RULES if r.id == "urgency.abnormal_potassium_with_palpitations"
    )
    assert "No single source" in palpitations.limits
