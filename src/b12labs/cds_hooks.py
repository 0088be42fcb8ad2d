"""CDS Hooks cards: pydantic models that enforce the specification, and a report as cards.

The models follow CDS Hooks 2.0: a :class:`Card` has a ``summary`` under 140 characters,
an ``indicator`` of ``info``, ``warning`` or ``critical`` and a required :class:`Source`
(with a ``label``); ``suggestions`` need a ``selectionBehavior``; a :class:`Link` is of
type ``absolute`` or ``smart``. Unknown fields are refused without being repeated.

:func:`cards_from_report` (``Report.to_cds_hooks()``) gives ``{"cards": [...]}``: a
summary card whose indicator follows the urgency (routine ``info``, prompt ``warning``,
urgent ``critical``), one card per finding and one per category the picture is consistent
with. Every card's detail carries the clinician follow-up and the disclaimer; follow-up
tests and safety advice are in the summary card; citations are each card's ``source`` and
``links``. No card states a diagnosis: the words are "consistent with", and no card is
more urgent than the report.

Example:
    >>> from b12labs import interpret
    >>> cards = interpret(potassium="2.4 mmol/L").to_cds_hooks()["cards"]
    >>> [card["indicator"] for card in cards]
    ['critical', 'critical', 'info']
    >>> len(cards[0]["summary"]) < 140
    True
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from ._models import FrozenModel
from .enums import Band, Likelihood, Urgency
from .render.view import band_label, build_view, urgency_label
from .report import Finding, Report
from .sources import Source as Citation

__all__ = [
    "Action",
    "Card",
    "CdsResponse",
    "Coding",
    "Link",
    "Source",
    "Suggestion",
    "cards_from_report",
]

_URL = r"^https?://\S+$"
#: CDS Hooks: "summary ... SHOULD be less than 140 characters".
MAX_SUMMARY = 139


class Coding(FrozenModel):
    """A FHIR Coding, as CDS Hooks uses it (a source's topic, an override reason)."""

    system: str | None = None
    code: str | None = None
    display: str | None = None


class Source(FrozenModel):
    """Where a card's information comes from: a label, and optionally a link and an icon."""

    label: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=_URL)
    icon: str | None = Field(default=None, pattern=_URL)
    topic: Coding | None = None


class Link(FrozenModel):
    """A link shown with a card: ``absolute`` (a web page) or ``smart`` (a SMART app)."""

    label: str = Field(min_length=1)
    url: str = Field(pattern=_URL)
    type: Literal["absolute", "smart"]
    appContext: str | None = None  # noqa: N815 - the specification's field name


class Action(FrozenModel):
    """One change a suggestion would make to the EHR's data."""

    type: Literal["create", "update", "delete"]
    description: str = Field(min_length=1)
    resource: dict[str, Any] | None = None
    resourceId: str | None = None  # noqa: N815 - the specification's field name


class Suggestion(FrozenModel):
    """A suggested set of actions a clinician may accept."""

    label: str = Field(min_length=1)
    uuid: str | None = None
    isRecommended: bool | None = None  # noqa: N815 - the specification's field name
    actions: list[Action] = []  # noqa: RUF012 - pydantic copies field defaults


class Card(FrozenModel):
    """One CDS Hooks card."""

    uuid: str | None = None
    summary: str = Field(min_length=1, max_length=MAX_SUMMARY)
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source
    suggestions: list[Suggestion] = []  # noqa: RUF012 - pydantic copies field defaults
    selectionBehavior: Literal["at-most-one", "any"] | None = None  # noqa: N815
    overrideReasons: list[Coding] = []  # noqa: RUF012, N815 - the specification's name
    links: list[Link] = []  # noqa: RUF012 - pydantic copies field defaults

    @model_validator(mode="after")
    def _selection_with_suggestions(self) -> Self:
        if self.suggestions and self.selectionBehavior is None:
            raise ValueError("a card with suggestions needs a selectionBehavior")
        return self


class CdsResponse(FrozenModel):
    """A CDS service's response: its cards (an empty list means no advice)."""

    cards: list[Card]

    def to_json(self) -> dict[str, Any]:
        """The response as JSON-ready data, without the fields that were not given."""
        dumped: dict[str, Any] = self.model_dump(mode="json", exclude_none=True)
        for card in dumped["cards"]:
            for key in ("suggestions", "overrideReasons", "links"):
                if not card[key]:
                    del card[key]
        return dumped


INDICATORS: dict[Urgency, Literal["info", "warning", "critical"]] = {
    Urgency.routine: "info",
    Urgency.prompt: "warning",
    Urgency.urgent: "critical",
}
#: A finding's own indicator from its flag, never above the report's urgency.
_FLAG_INDICATORS = {
    "LL": Urgency.urgent,
    "HH": Urgency.urgent,
    "L": Urgency.prompt,
    "H": Urgency.prompt,
}


def _finding_level(finding: Finding) -> Urgency:
    """How urgent a finding's card is: by its flag, and for a censored value that may lie in
    several bands (``IND``) by the worst of them, as the urgency rules read it."""
    if finding.flag != "IND":
        return _FLAG_INDICATORS.get(finding.flag, Urgency.routine)
    possible = set(finding.possible_bands)
    if possible & {Band.critical_low, Band.critical_high}:
        return Urgency.urgent
    if possible & {Band.low, Band.high}:
        return Urgency.prompt
    return Urgency.routine


def _short(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "\u2026"


def _lower(label: str) -> str:
    """A label inside a sentence: ``Vitamin B12 deficiency`` as ``vitamin B12 deficiency``."""
    return label[:1].lower() + label[1:]


def _source(cited: Citation | None, fallback: str) -> Source:
    if cited is None:
        return Source(label=fallback)
    return Source(label=_short(cited.title, 100), url=cited.url)


def _links(cited: list[Citation]) -> list[Link]:
    unique = {c.id: c for c in cited if c.url}.values()
    return [
        Link(label=_short(c.title, 80), url=str(c.url), type="absolute") for c in list(unique)[:5]
    ]


def _closing(report: Report) -> list[str]:
    return [f"**See a clinician:** {report.clinician_follow_up.text}", "", f"_{report.disclaimer}_"]


def _summary_card(report: Report) -> Card:
    view = build_view(report)
    top = next(
        (a for a in report.assessments if a.assessed and a.likelihood >= Likelihood.possible), None
    )
    said = "" if top is None else f"; consistent with {_lower(top.label)} ({top.likelihood.value})"
    lines = [f"**Urgency:** {view.urgency_label}.", *(f"- {r}" for r in report.urgency_reasons), ""]
    steps = [r for r in report.recommendations if r.kind != "clinician_follow_up"]
    if steps:
        lines.append("**Next steps:**")
        lines += [f"- {s.test}: {s.text}" if s.test else f"- {s.text}" for s in steps]
        lines.append("")
    if report.warnings:
        lines += ["**Warnings:**", *(f"- {w}" for w in report.warnings), ""]
    cited = [s for a in report.assessments if a.assessed for s in a.sources]
    return Card(
        summary=_short(
            f"{urgency_label(report.urgency).split(' - ', 1)[1].capitalize()}{said}", MAX_SUMMARY
        ),
        detail="\n".join([*lines, *_closing(report)]),
        indicator=INDICATORS[report.urgency],
        source=_source(cited[0] if cited else None, f"b12labs {report.library_version}"),
        links=_links(cited),
    )


def _finding_cards(report: Report) -> list[Card]:
    cards = []
    for finding, shown in zip(report.findings.values(), build_view(report).findings, strict=True):
        level = min(_finding_level(finding), report.urgency)
        reference = finding.reference_range
        lines = [*(f"- {line}" for line in shown.details), ""]
        cards.append(
            Card(
                summary=_short(
                    f"{shown.label}: {shown.shown} - {band_label(finding.band)} [{finding.flag}]",
                    MAX_SUMMARY,
                ),
                detail="\n".join([*lines, *_closing(report)]),
                indicator=INDICATORS[level],
                source=_source(reference.source, "b12labs reference data"),
                links=_links(list(reference.sources)),
            )
        )
    return cards


def _assessment_cards(report: Report) -> list[Card]:
    cards = []
    for assessment in report.assessments:
        if not assessment.assessed or assessment.likelihood < Likelihood.possible:
            continue
        lines = [assessment.rationale, ""]
        lines += [f"- {e.direction}: {e.text}" for e in assessment.evidence]
        cards.append(
            Card(
                summary=_short(
                    f"Consistent with {_lower(assessment.label)} ({assessment.likelihood.value}); "
                    "not a diagnosis",
                    MAX_SUMMARY,
                ),
                detail="\n".join([*lines, "", *_closing(report)]),
                indicator="info",
                source=_source(
                    assessment.sources[0] if assessment.sources else None, "b12labs rule book"
                ),
                links=_links(assessment.sources),
            )
        )
    return cards


def cards_from_report(report: Report) -> dict[str, Any]:
    """A report as a CDS Hooks response: ``{"cards": [...]}`` (JSON-ready).

    Each card's ``uuid`` is derived from the report's content, so the same report always
    gives the same cards.
    """
    cards = [_summary_card(report), *_finding_cards(report), *_assessment_cards(report)]
    digest = hashlib.sha256(report.model_dump_json().encode()).hexdigest()
    named = [
        card.model_copy(
            update={"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"b12labs:{digest}:{i}"))}
        )
        for i, card in enumerate(cards)
    ]
    return CdsResponse(cards=named).to_json()
