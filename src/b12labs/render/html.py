"""The report as an HTML fragment for notebooks: each value on its bands as inline SVG.

No plotting library and no scripts: the bars are a few SVG rectangles, and every piece of
text is escaped.
"""

from __future__ import annotations

from html import escape

from ..analytes import chemistry
from ..enums import Band, Likelihood, Urgency
from ..report import Finding, Report
from .common import KIND_LABELS, band_label, finding_line, likelihood_label, urgency_label

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
#: version): rendering never fails on a value it does not know.
_NEUTRAL = "#7f8c8d"
_WIDTH, _HEIGHT, _BAR_TOP, _BAR_HEIGHT = 320, 34, 8, 12


def band_svg(finding: Finding) -> str:
    """An inline SVG: the population's bands as coloured segments, the value as a marker."""
    limits = finding.reference_range.bands
    unit = finding.unit
    cuts = [limit.high for limit in limits if limit.high is not None]
    top = max([*(c * 1.3 for c in cuts), finding.value * 1.15, 1e-9])

    def x(value: float) -> float:
        return round(min(max(value / top, 0.0), 1.0) * _WIDTH, 1)

    parts = []
    for limit in limits:
        start, end = limit.low or 0.0, top if limit.high is None else limit.high
        title = escape(f"{_band_name(limit.band)}: {limit.text}")
        parts.append(
            f'<rect x="{x(start)}" y="{_BAR_TOP}" width="{max(x(end) - x(start), 0.5)}" '
            f'height="{_BAR_HEIGHT}" fill="{_COLOURS.get(limit.band, _NEUTRAL)}" fill-opacity="0.55">'
            f"<title>{title}</title></rect>"
        )
    marker = x(finding.value)
    comparator = finding.result.comparator
    if comparator in ("<", "<="):
        parts.append(f'<line x1="0" x2="{marker}" y1="14" y2="14" stroke="#222" stroke-width="3"/>')
    elif comparator in (">", ">="):
        parts.append(
            f'<line x1="{marker}" x2="{_WIDTH}" y1="14" y2="14" stroke="#222" stroke-width="3"/>'
        )
    parts.append(
        f'<line x1="{marker}" x2="{marker}" y1="3" y2="25" stroke="#222" stroke-width="2"/>'
    )
    label = escape(f"{comparator or ''}{finding.value:.3g} {unit}")
    anchor = "end" if marker > _WIDTH * 0.75 else "start"
    parts.append(
        f'<text x="{marker}" y="33" font-size="9" text-anchor="{anchor}" fill="#222">{label}</text>'
    )
    name = escape(chemistry(finding.analyte).label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" role="img" '
        f'aria-label="{name} on its reference bands">{"".join(parts)}</svg>'
    )


def _band_name(band: Band) -> str:
    """The band in plain words; a value the wording does not know is shown as it is."""
    try:
        return band_label(band)
    except (KeyError, TypeError):  # a report built with model_construct() is not validated
        return str(band)


def _badge(text: str, colour: str) -> str:
    return (
        f'<span style="background:{colour};color:#fff;border-radius:3px;padding:1px 6px;'
        f'font-size:0.85em">{escape(text)}</span>'
    )


def render_html(report: Report) -> str:
    """A self-contained HTML fragment of the report."""
    out = ['<div class="b12labs-report" style="font-family:sans-serif;max-width:46em">']
    urgency = _badge(urgency_label(report.urgency), _URGENCY_COLOURS.get(report.urgency, _NEUTRAL))
    out.append(f"<h3>b12labs report {urgency}</h3>")
    out.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in report.urgency_reasons) + "</ul>")
    out.append("<h4>Results</h4>")
    if not report.findings:
        out.append("<p>No lab results were given.</p>")
    for finding in report.findings.values():
        ref = finding.reference_range
        source = f'<a href="{escape(ref.source.url)}">{escape(ref.source.id)}</a>'
        out.append(
            f"<div><b>{escape(finding_line(finding))}</b><br>{band_svg(finding)}<br>"
            f"<small>normal {escape(ref.text)} ({escape(ref.population_label)}); source {source}</small></div>"
        )
    out.append("<h4>What the picture is consistent with</h4>")
    for assessment in report.assessments:
        badge = _badge(
            likelihood_label(assessment.likelihood),
            _LIKELIHOOD_COLOURS.get(assessment.likelihood, _NEUTRAL),
        )
        out.append(
            f"<p><b>{escape(assessment.label)}</b> {badge}<br>{escape(assessment.rationale)}</p>"
        )
        items = "".join(
            f"<li>{'&#x2795;' if e.direction == 'for' else '&#x2796;' if e.direction == 'against' else '&#x2022;'} "
            f"{escape(e.text)}</li>"
            for e in assessment.evidence
        )
        if items:
            out.append(
                f'<details><summary>Evidence</summary><ul style="list-style:none">{items}</ul></details>'
            )
    out.append("<h4>Next steps</h4><ul>")
    for rec in report.recommendations:
        label = KIND_LABELS.get(rec.kind, rec.kind) + (f": {rec.test}" if rec.test else "")
        out.append(f"<li><b>{escape(label)}</b> {escape(rec.text)}</li>")
    out.append("</ul>")
    if report.warnings:
        out.append(
            "<h4>Notes and assumptions</h4><ul>"
            + "".join(f"<li>{escape(w)}</li>" for w in report.warnings)
            + "</ul>"
        )
    out.append(
        f"<p><small>{escape(report.disclaimer)} Reference data {escape(report.reference_data_version)}.</small></p>"
    )
    out.append("</div>")
    return "\n".join(out)
