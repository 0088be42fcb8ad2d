"""The report as an HTML fragment for notebooks: each value on its bands as inline SVG.

No plotting library and no scripts: the bars are a few SVG rectangles, every piece of text
is escaped, and evidence is told apart by words, not by colour or symbol alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from ..enums import Band, Likelihood, Urgency
from ..formatting import span
from .view import FindingView, band_label, build_view

if TYPE_CHECKING:
    from ..report import Report
    from ..sources import Source

__all__ = ["band_svg", "render_html"]

_COLOURS = {
    Band.critical_low: "#c0392b",
    Band.low: "#e67e22",
    Band.borderline_low: "#f5c242",
    Band.normal: "#4caf50",
    Band.high: "#e67e22",
    Band.critical_high: "#c0392b",
}
_URGENCY_COLOURS = {
    Urgency.urgent: "#c0392b",
    Urgency.prompt: "#e67e22",
    Urgency.routine: "#4caf50",
}
_LIKELIHOOD_COLOURS = {
    Likelihood.likely: "#c0392b",
    Likelihood.possible: "#e67e22",
    Likelihood.unlikely: "#7f8c8d",
}
#: For anything without a colour of its own (an indeterminate band, a value from a newer
#: version, a category not assessed): rendering never fails on a value it does not know.
_NEUTRAL = "#7f8c8d"
_WIDTH, _HEIGHT, _BAR_TOP, _BAR_HEIGHT = 320, 34, 8, 12


def band_svg(finding: FindingView) -> str:
    """An inline SVG: the population's bands as coloured segments, the value as a marker.

    Drawn in the result's own unit, with a text alternative stating the value, its band
    and the limits.
    """
    cuts = [high for _, _, high in finding.bands if high is not None]
    top = max([*(c * 1.3 for c in cuts), finding.value * 1.15, 1e-9])

    def x(value: float) -> float:
        return round(min(max(value / top, 0.0), 1.0) * _WIDTH, 1)

    parts = []
    for band, low, high in finding.bands:
        start, end = low or 0.0, top if high is None else high
        title = escape(f"{band_label(band)}: {span(low, high, words=True)} {finding.unit}")
        parts.append(
            f'<rect x="{x(start)}" y="{_BAR_TOP}" width="{max(x(end) - x(start), 0.5)}" '
            f'height="{_BAR_HEIGHT}" fill="{_COLOURS.get(band, _NEUTRAL)}" fill-opacity="0.55">'
            f"<title>{title}</title></rect>"
        )
    marker = x(finding.value)
    comparator = finding.comparator
    if comparator in ("<", "<="):
        parts.append(
            f'<line x1="0" x2="{marker}" y1="14" y2="14" stroke="currentColor" stroke-width="3"/>'
        )
    elif comparator in (">", ">="):
        parts.append(
            f'<line x1="{marker}" x2="{_WIDTH}" y1="14" y2="14" stroke="currentColor" '
            'stroke-width="3"/>'
        )
    parts.append(
        f'<line x1="{marker}" x2="{marker}" y1="3" y2="25" stroke="currentColor" stroke-width="2"/>'
    )
    label = escape(finding.shown)
    anchor = "end" if marker > _WIDTH * 0.75 else "start"
    parts.append(
        f'<text x="{marker}" y="33" font-size="9" text-anchor="{anchor}" fill="currentColor">'
        f"{label}</text>"
    )
    limits = "; ".join(
        f"{band_label(band)} {span(low, high, words=True)}" for band, low, high in finding.bands
    )
    alt = escape(
        f"{finding.label} {finding.shown}, {finding.band}. Bands in {finding.unit}: {limits}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" role="img" '
        f'aria-label="{alt}"><title>{alt}</title>{"".join(parts)}</svg>'
    )


def _badge(text: str, colour: str) -> str:
    return (
        f'<span style="background:{colour};color:#fff;border-radius:3px;padding:1px 6px;'
        f'font-size:0.85em">{escape(text)}</span>'
    )


def _cite(sources: Iterable[Source]) -> str:
    return ", ".join(
        f'<a href="{escape(s.url)}">{escape(s.id)}</a>' if s.url else escape(s.id) for s in sources
    )


def render_html(report: Report) -> str:
    """A self-contained HTML fragment of the report."""
    view = build_view(report)
    out = ['<div class="b12labs-report" style="font-family:sans-serif;max-width:46em">']
    urgency = _badge(view.urgency_label, _URGENCY_COLOURS.get(view.urgency, _NEUTRAL))
    out.append(f"<h3>b12labs report {urgency}</h3>")
    out.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in view.urgency_reasons) + "</ul>")
    out.append("<h4>Results</h4>")
    if not view.findings:
        out.append("<p>No lab results were given.</p>")
    for finding in view.findings:
        details = "<br>".join(escape(d) for d in finding.details)
        out.append(
            f"<div><b>{escape(finding.headline)}</b><br>{band_svg(finding)}<br>"
            f"<small>{details}<br>Sources: {_cite(finding.sources)}</small></div>"
        )
    if view.facts:
        out.append("".join(f"<p><b>{label}:</b> {escape(text)}</p>" for label, text in view.facts))
    out.append("<h4>What the picture is consistent with</h4>")
    for assessment in view.assessments:
        colour = (
            _LIKELIHOOD_COLOURS.get(assessment.likelihood, _NEUTRAL)
            if assessment.assessed
            else _NEUTRAL
        )
        badge = _badge(assessment.status, colour)
        out.append(
            f"<p><b>{escape(assessment.label)}</b> {badge}<br>{escape(assessment.rationale)}</p>"
        )
        if assessment.factors:
            out.append(f"<p>Specific causes: {escape(assessment.factors)}</p>")
        items = "".join(
            f"<li><b>{escape(e.word)}:</b> {escape(e.text)}</li>" for e in assessment.evidence
        )
        if items:
            out.append(f"<details><summary>Evidence</summary><ul>{items}</ul></details>")
        if assessment.not_known:
            lead = "Would assess it" if not assessment.assessed else "Not known"
            out.append(f"<p><small>{lead}: {escape(assessment.not_known)}</small></p>")
    out.append("<h4>Next steps</h4><ul>")
    for step in view.steps:
        out.append(f"<li><b>{escape(step.label)}</b> {escape(step.text)}</li>")
    out.append("</ul>")
    if view.warnings:
        out.append(
            "<h4>Notes and assumptions</h4><ul>"
            + "".join(f"<li>{escape(w)}</li>" for w in view.warnings)
            + "</ul>"
        )
    out.append(
        f"<p><small>{escape(view.disclaimer)} Reference data {escape(view.version)}.</small></p>"
    )
    out.append("</div>")
    return "\n".join(out)
