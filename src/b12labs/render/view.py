"""One view of a report, built once, that every renderer (text, Markdown, HTML) draws.

All wording decisions live here: labels, the number format, which evidence is shown, what
"not assessed" and "not known" say, and how limits are written. The renderers only lay the
pieces out, so the three formats cannot drift apart. Lines keep to one unit family: a
result is shown in its own unit, its canonical value on a line of its own, and every limit
in the result's unit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..analytes import chemistry
from ..enums import Band, Likelihood, Urgency
from ..formatting import derived, limits_beside, reported, span
from ..units import factor
from .known import context_lines

if TYPE_CHECKING:
    from ..ranges import BandLimits, IntervalLimits
    from ..reasoning.assessment import Assessment
    from ..report import Finding, Report
    from ..sources import Source

__all__ = [
    "KIND_LABELS",
    "AssessmentView",
    "EvidenceView",
    "FindingView",
    "ReportView",
    "StepView",
    "band_label",
    "build_view",
    "likelihood_label",
    "urgency_label",
]

_BANDS = {
    Band.critical_low: "critically low",
    Band.low: "low",
    Band.borderline_low: "borderline low",
    Band.normal: "normal",
    Band.high: "high",
    Band.critical_high: "critically high",
    Band.indeterminate: "indeterminate",
}
_URGENCY = {
    Urgency.urgent: "URGENT - seek medical care now",
    Urgency.prompt: "PROMPT - see a clinician within days",
    Urgency.routine: "ROUTINE - discuss at a routine appointment",
}
KIND_LABELS = {
    "clinician_follow_up": "See a clinician",
    "follow_up_test": "Test",
    "safety": "Safety",
    "clinician_note": "For your clinician",
}
#: How each evidence direction is told apart in words (never by colour or sign alone).
DIRECTION_WORDS = {"for": "For", "against": "Against", "neutral": "Note"}
NOT_ASSESSED = "NOT ASSESSED"


def band_label(band: Band | str) -> str:
    """A band in plain words; a value the wording does not know is shown as it is."""
    known = band if isinstance(band, Band) else Band._value2member_map_.get(str(band))
    return _BANDS[known] if isinstance(known, Band) else str(band)


def likelihood_label(likelihood: Likelihood) -> str:
    """A likelihood in capitals, for scanning."""
    return likelihood.value.upper()


def urgency_label(urgency: Urgency) -> str:
    """An urgency with what it means."""
    return _URGENCY.get(urgency, str(urgency))


def _words(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


@dataclasses.dataclass(frozen=True)
class FindingView:
    """One finding as people read it.

    Attributes:
        label: the analyte (``"Potassium"``).
        shown: the result in its own unit (``"3.1 mmol/L"``, ``"<150 pg/mL"``).
        band: the band in words; an indeterminate band names the bands it could be in.
        flag: the HL7 interpretation code.
        canonical: the result in the canonical unit, when that differs (``"95.9 pmol/L"``).
        interval: the reference interval a laboratory would print, in the result's unit.
        decision: a guideline's decision limits below normal, when the bands are those.
        critical: the critical limits, when the population has critical bands.
        population: whom the ranges are for.
        sources: the citations of the interval and limits.
        value: the result's number in its own unit (for drawing).
        unit: the result's unit as people write it.
        comparator: the result's comparator, if censored.
        bands: the population's bands as ``(band, low, high)`` in the result's unit.
        band_value: the finding's band.
        inclusive: for each band, whether it includes its lower and its upper limit.
    """

    label: str
    shown: str
    band: str
    flag: str
    canonical: str | None
    interval: str | None
    decision: str | None
    critical: str | None
    population: str
    sources: tuple[Source, ...]
    value: float
    unit: str
    comparator: str | None
    bands: tuple[tuple[Band, float | None, float | None], ...]
    band_value: Band
    inclusive: tuple[tuple[bool, bool], ...] = ()

    @property
    def headline(self) -> str:
        """``Vitamin B12 (cobalamin): 130 pg/mL - low [L]``."""
        return f"{self.label}: {self.shown} - {self.band} [{self.flag}]"

    @property
    def figure(self) -> Callable[[float], str]:
        """How a limit in the result's unit is written (:func:`_figures`)."""
        return _figures(self.value, self.comparator, self.bands, self.inclusive, self.band_value)

    def _words(self, index: int, unit: str = "") -> str:
        _, low, high = self.bands[index]
        low_inclusive, high_inclusive = self.inclusive[index] if self.inclusive else (True, True)
        text = span(low, high, low_inclusive, high_inclusive, number=self.figure, words=True)
        if not unit:
            return text
        for ending in (" or below", " or above"):  # "1 mg/dL or below", not "1 or below mg/dL"
            if text.endswith(ending):
                return f"{text.removesuffix(ending)} {unit}{ending}"
        return f"{text} {unit}"

    @property
    def band_words(self) -> tuple[tuple[Band, str], ...]:
        """Each band with its limits as a screen reader says them (``normal: 3.5 to 5.3
        mmol/L``, ``critically low: 1 or below``), in the one number format every renderer
        uses."""
        return tuple(
            (band, f"{band_label(band)}: {self._words(i, self.unit)}")
            for i, (band, _, _) in enumerate(self.bands)
        )

    @property
    def cuts(self) -> tuple[tuple[float, str], ...]:
        """The limits between bands as ``(value, label)``, the label as the text writes it."""
        figure = self.figure
        return tuple((high, figure(high)) for _, _, high in self.bands if high is not None)

    @property
    def bar_text(self) -> str:
        """The band bar's text alternative: the value with its unit, the band and the limits."""
        limits = "; ".join(
            f"{band_label(band)} {self._words(i)}" for i, (band, _, _) in enumerate(self.bands)
        )
        return f"{self.label} {self.shown}, {self.band}. Bands in {self.unit}: {limits}"

    @property
    def details(self) -> tuple[str, ...]:
        """The lines under the headline: converted value, interval, limits, population."""
        lines = []
        if self.canonical:
            lines.append(f"Converted: {self.canonical}")
        if self.interval:
            lines.append(f"Reference interval: {self.interval}")
        if self.decision:
            lines.append(f"Decision limits: {self.decision}")
        if self.critical:
            lines.append(f"Critical limits: {self.critical}")
        lines.append(f"Ranges for: {self.population}")
        return tuple(lines)


@dataclasses.dataclass(frozen=True)
class EvidenceView:
    """One evidence item: its direction in words and its text."""

    direction: str
    word: str
    text: str


@dataclasses.dataclass(frozen=True)
class AssessmentView:
    """One category as people read it."""

    label: str
    status: str
    assessed: bool
    likelihood: Likelihood
    rationale: str
    factors: str | None
    evidence: tuple[EvidenceView, ...]
    not_known: str | None
    sources: tuple[Source, ...]


@dataclasses.dataclass(frozen=True)
class StepView:
    """One recommendation: its label (kind and test) and text."""

    kind: str
    label: str
    text: str


@dataclasses.dataclass(frozen=True)
class ReportView:
    """Everything a renderer shows, in the order it shows it."""

    version: str
    urgency: Urgency
    urgency_label: str
    urgency_reasons: tuple[str, ...]
    findings: tuple[FindingView, ...]
    symptoms: str | None
    context: str | None
    not_known_context: str | None
    assessments: tuple[AssessmentView, ...]
    steps: tuple[StepView, ...]
    warnings: tuple[str, ...]
    disclaimer: str

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """``(label, text)`` for the symptoms, the known context and what is not known."""
        labelled = (
            ("Symptoms considered", self.symptoms),
            ("Context", self.context),
            ("Not known", self.not_known_context),
        )
        return tuple((label, text) for label, text in labelled if text)


def _figures(
    value: float,
    comparator: str | None,
    bands: tuple[tuple[Band, float | None, float | None], ...],
    inclusive: tuple[tuple[bool, bool], ...],
    own: Band,
) -> Callable[[float], str]:
    """How limits beside a result are written (:func:`~b12labs.formatting.limits_beside`):
    more figures where three would put an exact result on the wrong side of one. Which side
    a result belongs on comes from its band, not from the converted figure."""
    order = [band for band, _, _ in bands]
    if comparator is not None or own not in order:
        return derived
    cuts = [
        (high, inclusive[j][1] if inclusive else True)
        for j, (_, _, high) in enumerate(bands)
        if high is not None
    ]
    return limits_beside(value, cuts, order.index(own))


def _finding(finding: Finding) -> FindingView:
    chem = chemistry(finding.analyte)
    result = finding.result
    shown_unit = chem.display_unit(result.unit)
    comparator = result.comparator or ""
    ref = finding.reference_range
    to_shown = factor(finding.analyte, ref.unit, result.unit)

    def scaled(x: float | None) -> float | None:
        return None if x is None else x * to_shown

    bands = tuple((b.band, scaled(b.low), scaled(b.high)) for b in ref.bands)
    inclusive = tuple((b.low_inclusive, b.high_inclusive) for b in ref.bands)
    figure = _figures(result.value, result.comparator, bands, inclusive, finding.band)

    def in_unit(limits: BandLimits | IntervalLimits) -> str:
        text = span(
            scaled(limits.low),
            scaled(limits.high),
            limits.low_inclusive,
            limits.high_inclusive,
            number=figure,
        )
        return f"{text} {shown_unit}"

    if finding.band is Band.indeterminate:
        possible = [band_label(b) for b in finding.possible_bands]
        band = f"indeterminate: could be {_words(possible)}"
    else:
        band = band_label(finding.band)
    canonical = None
    if result.unit != finding.unit:
        canonical = f"{comparator}{derived(finding.value)} {chem.display_unit(finding.unit)}"
    interval = None
    cited: dict[str, Source] = {}
    if ref.reference_interval is not None:
        interval = in_unit(ref.reference_interval)
        cited.update({s.id: s for s in ref.reference_interval.sources})
    decision = None
    if ref.basis == "decision_limits":
        # the bands up to normal, the normal one only by its lower limit (a decision limit is
        # not a reference interval: NICE's 350 ng/L is never shown as "normal 350-914")
        shown = [b for b in ref.bands if b.band in (Band.low, Band.borderline_low)]
        parts = [f"{band_label(b.band)} {in_unit(b)}" for b in shown]
        normal = next((b for b in ref.bands if b.band is Band.normal), None)
        if normal is not None and normal.low is not None:
            above = span(scaled(normal.low), None, normal.low_inclusive, number=figure)
            parts.append(f"normal {above} {shown_unit}")
        decision = "; ".join(parts) or None
        cited.update({s.id: s for s in ref.sources})
    critical_bands = [b for b in ref.bands if b.band in (Band.critical_low, Band.critical_high)]
    critical = "; ".join(in_unit(b) for b in critical_bands) or None
    return FindingView(
        label=chem.label,
        shown=f"{comparator}{reported(result.value)} {shown_unit}",
        band=band,
        flag=finding.flag,
        canonical=canonical,
        interval=interval,
        decision=decision,
        critical=critical,
        population=ref.population_label,
        sources=tuple(cited.values()) or ref.sources,
        value=result.value,
        unit=shown_unit,
        comparator=result.comparator,
        bands=bands,
        inclusive=inclusive,
        band_value=finding.band,
    )


def _assessment(assessment: Assessment) -> AssessmentView:
    shown = [
        EvidenceView(e.direction, DIRECTION_WORDS.get(e.direction, "Note"), e.text)
        for e in assessment.evidence
        if e.text not in assessment.rationale  # already said in the rationale
    ]
    factors = ", ".join(f.value.replace("_", " ") for f in assessment.factors) or None
    missing = "; ".join(assessment.not_known) or None
    status = likelihood_label(assessment.likelihood) if assessment.assessed else NOT_ASSESSED
    return AssessmentView(
        label=assessment.label,
        status=status,
        assessed=assessment.assessed,
        likelihood=assessment.likelihood,
        rationale=assessment.rationale,
        factors=factors,
        evidence=tuple(shown),
        not_known=missing,
        sources=tuple(assessment.sources),
    )


def _step(kind: str, test: str | None, text: str) -> StepView:
    label = KIND_LABELS.get(kind, kind) + (f": {test}" if test else "")
    return StepView(kind=kind, label=label, text=text)


def build_view(report: Report) -> ReportView:
    """The view every renderer draws."""
    known, unknown = context_lines(report)
    symptoms = ", ".join(s.label for s in report.symptoms) or None
    return ReportView(
        version=report.reference_data_version,
        urgency=report.urgency,
        urgency_label=urgency_label(report.urgency),
        urgency_reasons=tuple(report.urgency_reasons),
        findings=tuple(_finding(f) for f in report.findings.values()),
        symptoms=symptoms,
        context=known,
        not_known_context=unknown,
        assessments=tuple(_assessment(a) for a in report.assessments),
        steps=tuple(_step(r.kind, r.test, r.text) for r in report.recommendations),
        warnings=tuple(report.warnings),
        disclaimer=report.disclaimer,
    )
