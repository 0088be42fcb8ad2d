"""One voice per report: no text asks for faster action than the report's urgency, and a
category nothing speaks to is "not assessed", never "unlikely" (issue 6, api.md section 3)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from b12labs import Category, Likelihood, Report, Symptom, Urgency, interpret
from b12labs.reasoning import RULE_BOOK
from b12labs.reasoning.rules import Escalate
from reasoning.scenarios import ALL, Inputs
from reasoning.strategies_interpret import inputs

#: Words that ask for action sooner than a level allows, by the lowest level they belong to.
_URGENT_WORDS = re.compile(
    r"\bnow\b|\bimmediately\b|\bemergency\b|\bwithout delay\b|\bsame day\b|\btoday\b|\burgent",
    re.IGNORECASE,
)
_PROMPT_WORDS = re.compile(
    r"\bwithin (?:the next few )?days\b|\bsoon\b|\bpromptly\b", re.IGNORECASE
)


def _texts(report: Report) -> list[str]:
    """Every sentence a report shows a person, except the urgency label itself."""
    texts = [*report.urgency_reasons, *report.warnings]
    texts += [r.text for r in report.recommendations]
    for assessment in report.assessments:
        texts.append(assessment.rationale)
        texts += [e.text for e in assessment.evidence]
    return texts


def _outrunning(report: Report) -> list[str]:
    allowed = {
        Urgency.urgent: (),
        Urgency.prompt: (_URGENT_WORDS,),
        Urgency.routine: (_URGENT_WORDS, _PROMPT_WORDS),
    }[report.urgency]
    return [text for text in _texts(report) if any(words.search(text) for words in allowed)]


def test_the_lexicon_catches_what_it_should() -> None:
    assert _URGENT_WORDS.search("report palpitations without delay")
    assert _URGENT_WORDS.search("repeat it the same day")
    assert _PROMPT_WORDS.search("see a clinician within the next few days")
    assert not _URGENT_WORDS.search("whether any are taken is not known")
    assert not _PROMPT_WORDS.search("go sooner if cramps become persistent")


def test_no_scenario_text_outruns_its_urgency() -> None:
    for case in ALL:
        report = case.inputs.run(case.ranges)
        assert _outrunning(report) == [], case.name


@given(inputs())
def test_texts_never_outrun_the_urgency(given_inputs: Inputs) -> None:
    """Invariant: a routine report never says "within days" or "now"; a prompt one never says
    "now", "immediately", "the same day" or "without delay"."""
    assert _outrunning(given_inputs.run()) == []


def test_every_urgency_rule_speaks_at_its_own_level() -> None:
    """The urgency reasons of a level use that level's words, never a higher level's."""
    for rule in RULE_BOOK.urgency:
        (level,) = {e.to for e in rule.effects if isinstance(e, Escalate)}
        if level is Urgency.prompt:
            assert not _URGENT_WORDS.search(rule.text), rule.id
        if level is Urgency.routine:
            assert not _URGENT_WORDS.search(rule.text), rule.id
            assert not _PROMPT_WORDS.search(rule.text), rule.id


# --- not assessed --------------------------------------------------------------------------

_DEFICIENCY_SYMPTOMS = {
    Symptom.tingling,
    Symptom.numbness,
    Symptom.cognitive_issues,
    Symptom.fatigue,
    Symptom.weakness,
    Symptom.muscle_cramps,
}


def _deficiency_spoken_to(report: Report) -> bool:
    """What speaks to B12 deficiency: a B12 result, a symptom of it, pernicious or
    megaloblastic anaemia, or B12 supplements; a risk factor only beside one of the first three (NICE NG239 1.2: a
    risk factor alone is no reason to test). Written out independently of the rule table."""
    person = report.context
    weighed = (
        "b12" in report.findings
        or bool(_DEFICIENCY_SYMPTOMS & set(report.symptoms))
        or bool({"megaloblastic_anemia", "pernicious_anemia"} & person.conditions)
    )
    return weighed or person.b12_oral_supplements is True


def _excess_spoken_to(report: Report) -> bool:
    """What speaks to B12 excess from injections: whether injections are given, or oral B12."""
    return report.context.b12_injections is not None or report.context.b12_oral_supplements is True


@given(inputs())
def test_a_category_nothing_speaks_to_is_not_assessed(given_inputs: Inputs) -> None:
    """Invariant: ``assessed`` is false exactly when nothing given speaks to the category; it
    then has no evidence, ranks as unlikely, and every renderer says "not assessed" (never
    "unlikely") with what would assess it."""
    report = given_inputs.run()
    deficiency = report.assessment(Category.b12_deficiency)
    excess = report.assessment(Category.b12_excess_injections)
    assert deficiency.assessed is _deficiency_spoken_to(report)
    assert excess.assessed is _excess_spoken_to(report)
    other = report.assessment(Category.other_common_causes)
    if {"potassium", "magnesium"} & set(report.findings):
        assert other.assessed, "a potassium or magnesium result always speaks to the common causes"
    if not ({"potassium", "magnesium"} & set(report.findings) or report.symptoms):
        assert other.assessed is ("heavy_fluid_loss" in report.context.red_flags)
    text = " ".join(str(report).split())
    markdown = report.to_markdown()
    for assessment in report.assessments:
        assert assessment.assessed is bool(assessment.evidence)
        if assessment.assessed:
            continue
        assert assessment.likelihood is Likelihood.unlikely
        assert f"{assessment.label}: NOT ASSESSED" in text
        assert f"{assessment.label}: UNLIKELY" not in text
        assert f"#### {assessment.label}: NOT ASSESSED" in markdown
        for missing in assessment.not_known:
            assert missing in text


@given(inputs(), st.sampled_from(list(Symptom)))
def test_giving_more_never_unassesses_a_category(given_inputs: Inputs, symptom: Symptom) -> None:
    """Invariant: adding a symptom never turns an assessed category into one not assessed."""
    before = given_inputs.run()
    current = given_inputs.symptoms if isinstance(given_inputs.symptoms, list) else []
    after = Inputs(
        given_inputs.b12,
        given_inputs.potassium,
        given_inputs.magnesium,
        [*current, symptom],
        given_inputs.context,
    ).run()
    for category in Category:
        if before.assessment(category).assessed:
            assert after.assessment(category).assessed, category


def test_nothing_given_assesses_nothing() -> None:
    report = interpret()
    assert [a.assessed for a in report.assessments] == [False, False, False]
    assert report.urgency is Urgency.routine
    assert report.clinician_follow_up.text
