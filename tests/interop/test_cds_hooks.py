"""CDS Hooks out: the card models enforce the specification; a report's cards never state a
diagnosis, always carry the clinician follow-up, and are never more urgent than the report."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from b12labs import Analyte, Report, interpret
from b12labs.cds_hooks import Card, CdsResponse, Link, Source, Suggestion

REPORTS = [
    interpret(),
    interpret(b12="130 pg/mL", symptoms=["tingling", "numbness"], context={"diet": "vegan"}),
    interpret(potassium="2.4 mmol/L", symptoms="palpitations"),
    interpret(potassium={"value": 6.8, "unit": "mmol/L", "hemolyzed": True}),
    interpret(b12="<300 pg/mL", magnesium="1.6 mg/dL", context={"b12_injections": True}),
]
_DIAGNOSIS = re.compile(r"\byou have\b|\bdiagnosed\b|\bdiagnosis is\b|\bconfirms?\b", re.I)


def test_card_models_enforce_the_specification() -> None:
    source = Source(label="b12labs")
    Card(summary="x" * 139, indicator="info", source=source)
    with pytest.raises(ValidationError):
        Card(summary="x" * 140, indicator="info", source=source)
    with pytest.raises(ValidationError):
        Card(summary="ok", indicator="urgent", source=source)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Card.model_validate({"summary": "ok", "indicator": "info"})  # no source
    with pytest.raises(ValidationError):
        Card(summary="ok", indicator="info", source=source, suggestions=[Suggestion(label="s")])
    Card(
        summary="ok",
        indicator="info",
        source=source,
        suggestions=[Suggestion(label="s")],
        selectionBehavior="at-most-one",
    )
    with pytest.raises(ValidationError):
        Link(label="l", url="https://example.org", type="relative")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Source(label="")
    with pytest.raises(ValidationError):
        Card.model_validate(
            {"summary": "ok", "indicator": "info", "source": {"label": "x"}, "x": 1}
        )


@pytest.mark.parametrize("report", REPORTS, ids=range(len(REPORTS)))
def test_every_card_is_valid_undiagnosing_and_refers_to_a_clinician(report: Report) -> None:
    response = report.to_cds_hooks()
    assert set(response) == {"cards"}
    CdsResponse.model_validate(response)
    cards = response["cards"]
    assert cards
    indicators = ["info", "warning", "critical"]
    for card in cards:
        assert len(card["summary"]) < 140
        assert card["source"]["label"]
        assert report.clinician_follow_up.text in card["detail"]
        assert report.disclaimer in card["detail"]
        assert not _DIAGNOSIS.search(card["summary"] + card["detail"])
        assert indicators.index(card["indicator"]) <= indicators.index(cards[0]["indicator"])


def test_the_summary_card_follows_the_urgency_and_lists_the_tests() -> None:
    expected = {"routine": "info", "prompt": "warning", "urgent": "critical"}
    for report in REPORTS:
        assert report.to_cds_hooks()["cards"][0]["indicator"] == expected[report.urgency.value]
    report = REPORTS[1]
    detail = report.to_cds_hooks()["cards"][0]["detail"]
    for test in (r.test for r in report.recommendations if r.kind == "follow_up_test"):
        assert test is not None
        assert test in detail


def test_citations_are_the_sources_and_cards_are_stable() -> None:
    report = REPORTS[1]
    cards = report.to_cds_hooks()["cards"]
    finding = cards[1]
    assert finding["source"]["url"] == report.findings[Analyte.b12].reference_range.source.url
    assert all(link["type"] == "absolute" for card in cards for link in card.get("links", []))
    assert report.to_cds_hooks() == report.to_cds_hooks()
    assert len({card["uuid"] for card in cards}) == len(cards)


@pytest.mark.parametrize("value", ["<3.0 mmol/L", ">5.3 mmol/L"])
def test_a_censored_result_that_may_be_critical_gets_a_critical_card(value: str) -> None:
    """A bound that may lie in a critical band is urgent in the report (facts 4), so its own
    card is as urgent as the summary, not "info"."""
    report = interpret(potassium=value, context={"age_years": 40})
    cards = report.to_cds_hooks()["cards"]
    finding = next(card for card in cards if card["summary"].startswith("Potassium:"))
    assert "[IND]" in finding["summary"]
    assert finding["indicator"] == "critical" == cards[0]["indicator"]
