"""The report as an HTML fragment for notebooks: each value on its bands as inline SVG.

Self-contained: one ``<style>`` block whose every rule starts with the report's root class
(nothing leaks into the notebook around it), no fonts, scripts or requests. Text takes the
colour of whatever it sits in (``inherit``, ``currentColor``), so a light page, a dark page
and a notebook front end that themes by its own variables (JupyterLab ``--jp-*``, VS Code
``--vscode-*``) all keep their own contrast; the few colours of our own (band segments,
badge borders) are mid-luminance tones that keep 3:1 on white and on near-black alike,
because ``prefers-color-scheme`` says nothing about the background a notebook draws.
Every piece of text is escaped, and evidence is told apart by words and a drawn shape,
never by colour or an emoji (which many fonts lack).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from ..enums import Band, Likelihood, Urgency
from .view import AssessmentView, FindingView, build_view

if TYPE_CHECKING:
    from ..report import Report
    from ..sources import Source

__all__ = ["CSS", "PALETTE", "ROOT_CLASS", "band_svg", "render_html"]

ROOT_CLASS = "b12labs-report"

#: Tones whose relative luminance lies between 0.17 and 0.26: each keeps at least 3:1
#: against white and against the dark backgrounds of browsers, JupyterLab and VS Code.
PALETTE = {
    "critical": "#d9362b",
    "abnormal": "#d4611d",
    "borderline": "#a88400",
    "normal": "#2e9d4a",
    "neutral": "#858585",
}
_BAND_TONES = {
    Band.critical_low: "critical",
    Band.low: "abnormal",
    Band.borderline_low: "borderline",
    Band.normal: "normal",
    Band.high: "abnormal",
    Band.critical_high: "critical",
}
_URGENCY_TONES = {Urgency.urgent: "critical", Urgency.prompt: "abnormal", Urgency.routine: "normal"}
_LIKELIHOOD_TONES = {
    Likelihood.likely: "critical",
    Likelihood.possible: "abnormal",
    Likelihood.unlikely: "neutral",
}
#: Evidence directions with a mark of their own, drawn by CSS (a circle with a plus, a
#: minus or a dot) beside the word, so neither colour nor a font's glyph carries the meaning.
_MARKS = ("for", "against", "neutral")

CSS = (
    ".R{color:inherit;background:transparent;font-family:var(--jp-content-font-family,"
    'var(--vscode-font-family,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",'
    '"DejaVu Sans","Liberation Sans",Arial,sans-serif));line-height:1.45;max-width:46em;'
    "overflow-wrap:anywhere;box-sizing:border-box}"
    ".R *{box-sizing:inherit}"
    ".R h3,.R h4{color:inherit;margin:1em 0 .4em;line-height:1.25;font-weight:700}"
    ".R h3{font-size:1.25em}.R h4{font-size:1.08em}"
    ".R p,.R ul{margin:.3em 0 .6em}.R ul{padding-left:1.4em}"
    ".R .b12labs-small{font-size:.9em}"
    # Stronger than a notebook's own ``.jp-RenderedHTMLCommon a:link``: a link is the text's
    # colour, told apart by its underline, so it has the text's contrast on every theme.
    ".R a.b12labs-link:link,.R a.b12labs-link:visited{color:inherit;text-decoration:underline;"
    "text-decoration-thickness:1px;text-underline-offset:.15em}"
    ".R a.b12labs-link:hover,.R a.b12labs-link:focus-visible{text-decoration-thickness:2px}"
    ".R .b12labs-badge{display:inline-block;color:inherit;border:2px solid var(--b12labs-tone);"
    "border-radius:.3em;padding:0 .4em;font-size:.85em;font-weight:700;line-height:1.5}"
    ".R .b12labs-badge.b12labs-not-assessed{border-style:dashed}"
    ".R .b12labs-finding{margin:.4em 0 .9em;padding-left:.6em;"
    "border-left:3px solid var(--b12labs-tone)}"
    ".R .b12labs-headline{margin:.2em 0;font-weight:700}"
    ".R .b12labs-bar{display:block;width:100%;max-width:26em;height:auto;margin:.2em 0}"
    ".R .b12labs-evidence{list-style:none;padding-left:1.4em}"
    ".R .b12labs-evidence li{text-indent:-1.4em}"
    ".R .b12labs-mark{display:inline-block;position:relative;width:1em;height:1em;"
    "margin-right:.4em;vertical-align:-.15em;border:.1em solid currentColor;border-radius:50%;"
    "text-indent:0}"
    ".R .b12labs-mark::before,.R .b12labs-mark-for::after{content:'';position:absolute;"
    "left:50%;top:50%;transform:translate(-50%,-50%);background:currentColor}"
    ".R .b12labs-mark::before{width:.5em;height:.1em}"
    ".R .b12labs-mark-for::after{width:.1em;height:.5em}"
    ".R .b12labs-mark-neutral::before{width:.25em;height:.25em;border-radius:50%}"
    ".R summary{cursor:pointer}"
    + "".join(f".R .b12labs-tone-{name}{{--b12labs-tone:{hex}}}" for name, hex in PALETTE.items())
).replace(".R", f".{ROOT_CLASS}")

# The bar's geometry in SVG user units (the SVG scales down on a narrow page).
_WIDTH, _HEIGHT = 320, 50
_BAR_TOP, _BAR_HEIGHT = 20, 14
_GAP = 1.0  # between segments, so neighbouring bands stay apart without relying on hue
_CHAR = 5.6  # the width of one digit at the labels' size, to keep limit labels apart


def _tone(name: str) -> str:
    return f"b12labs-tone-{name}"


def _place(x: float, text: str) -> tuple[str, float, float, float]:
    """Where a label centred on ``x`` goes without leaving the bar: its anchor, the x it is
    drawn at, and where it starts and ends (estimated from its length)."""
    half = len(text) * _CHAR / 2
    if x - half < 0:
        return "start", 0.0, 0.0, 2 * half
    if x + half > _WIDTH:
        return "end", float(_WIDTH), _WIDTH - 2 * half, float(_WIDTH)
    return "middle", x, x - half, x + half


def band_svg(finding: FindingView) -> str:
    """An inline SVG: the population's bands as coloured segments, the value as a marker.

    Drawn in the result's own unit, with each limit labelled under the bar in the same
    number format as the text, and a text alternative (``role="img"``, ``aria-label`` and
    ``<title>``) stating the value with its unit, its band and the limits.
    """
    cuts = finding.cuts
    top = max([*(c * 1.3 for c, _ in cuts), finding.value * 1.15, 1e-9])

    def x(value: float) -> float:
        return round(min(max(value / top, 0.0), 1.0) * _WIDTH, 1)

    parts = []
    words = dict(finding.band_words)
    for band, low, high in finding.bands:
        start, end = x(low or 0.0), x(top if high is None else high)
        # a gap after every band but the last, unless the band is too narrow to keep one
        gap = _GAP if high is not None and end - start > 2 * _GAP else 0.0
        width = max(end - start - gap, 0.5)
        fill = PALETTE[_BAND_TONES.get(band, "neutral")]
        parts.append(
            f'<rect class="b12labs-segment" x="{start}" y="{_BAR_TOP}" width="{round(width, 1)}" '
            f'height="{_BAR_HEIGHT}" fill="{fill}"><title>{escape(words[band])}</title></rect>'
        )
    marker = x(finding.value)
    middle = _BAR_TOP + _BAR_HEIGHT / 2
    if finding.comparator in ("<", "<=", ">", ">="):
        # a censored value: a thick line along the side of the bar it may lie on
        ends = (0, marker) if finding.comparator in ("<", "<=") else (marker, _WIDTH)
        parts.append(
            f'<line class="b12labs-bound" x1="{ends[0]}" x2="{ends[1]}" y1="{middle}" '
            f'y2="{middle}" stroke="currentColor" stroke-width="3"/>'
        )
    parts.append(
        f'<path class="b12labs-pointer" d="M{marker - 5} 12h10l-5 7z" fill="currentColor"/>'
        f'<line class="b12labs-marker" x1="{marker}" x2="{marker}" y1="12" '
        f'y2="{_BAR_TOP + _BAR_HEIGHT + 4}" stroke="currentColor" stroke-width="2"/>'
    )
    anchor, at, _, _ = _place(marker, finding.shown)
    parts.append(
        f'<text class="b12labs-value" x="{at}" y="9" font-size="10" font-weight="700" '
        f'text-anchor="{anchor}" fill="currentColor">{escape(finding.shown)}</text>'
    )
    right_of_last = -1.0
    for value, label in cuts:
        anchor, at, left, right = _place(x(value), label)
        if left < right_of_last + 3:
            continue  # too close to the previous limit to read; the text alternative has it
        right_of_last = right
        tick = _BAR_TOP + _BAR_HEIGHT
        parts.append(
            f'<line class="b12labs-tick" x1="{x(value)}" x2="{x(value)}" y1="{tick + 1}" '
            f'y2="{tick + 4}" stroke="currentColor" stroke-width="1"/>'
        )
        parts.append(
            f'<text class="b12labs-limit" x="{at}" y="{_HEIGHT - 3}" font-size="9" '
            f'text-anchor="{anchor}" fill="currentColor">{escape(label)}</text>'
        )
    alt = escape(finding.bar_text)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="b12labs-bar" width="{_WIDTH}" '
        f'height="{_HEIGHT}" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{alt}">'
        f"<title>{alt}</title>{''.join(parts)}</svg>"
    )


def _badge(text: str, tone: str, *extra: str) -> str:
    classes = " ".join(("b12labs-badge", _tone(tone), *extra))
    return f'<span class="{classes}">{escape(text)}</span>'


def _cite(sources: Iterable[Source]) -> str:
    return ", ".join(
        f'<a class="b12labs-link" href="{escape(s.url)}">{escape(s.id)}</a>'
        if s.url
        else escape(s.id)
        for s in sources
    )


def _mark(direction: str) -> str:
    known = direction if direction in _MARKS else "neutral"
    return f'<span class="b12labs-mark b12labs-mark-{known}" aria-hidden="true"></span>'


def _finding(finding: FindingView) -> str:
    details = "<br>".join(escape(d) for d in finding.details)
    tone = _BAND_TONES.get(finding.band_value, "neutral")
    return (
        f'<div class="b12labs-finding {_tone(tone)}">'
        f'<p class="b12labs-headline">{escape(finding.headline)}</p>{band_svg(finding)}'
        f'<p class="b12labs-small">{details}<br>'
        f'<span class="b12labs-sources">Sources: {_cite(finding.sources)}</span></p></div>'
    )


def _assessment(assessment: AssessmentView) -> list[str]:
    if assessment.assessed:
        badge = _badge(assessment.status, _LIKELIHOOD_TONES.get(assessment.likelihood, "neutral"))
    else:
        badge = _badge(assessment.status, "neutral", "b12labs-not-assessed")
    out = [f"<p><b>{escape(assessment.label)}</b> {badge}<br>{escape(assessment.rationale)}</p>"]
    if assessment.factors:
        out.append(f"<p>Specific causes: {escape(assessment.factors)}</p>")
    items = "".join(
        f'<li class="b12labs-evidence-{escape(e.direction)}">{_mark(e.direction)}'
        f"<b>{escape(e.word)}:</b> {escape(e.text)}</li>"
        for e in assessment.evidence
    )
    if items:
        out.append(
            f'<details><summary>Evidence</summary><ul class="b12labs-evidence">{items}</ul>'
            "</details>"
        )
    if assessment.not_known:
        lead = "Would assess it" if not assessment.assessed else "Not known"
        out.append(f'<p class="b12labs-small">{lead}: {escape(assessment.not_known)}</p>')
    if assessment.sources:
        out.append(
            f'<p class="b12labs-small b12labs-sources">Sources: {_cite(assessment.sources)}</p>'
        )
    return out


def render_html(report: Report) -> str:
    """A self-contained HTML fragment of the report."""
    view = build_view(report)
    out = [f'<div class="{ROOT_CLASS}" lang="en">', f"<style>{CSS}</style>"]
    urgency = _badge(view.urgency_label, _URGENCY_TONES.get(view.urgency, "neutral"))
    out.append(f"<h3>b12labs report</h3><p>Urgency: {urgency}</p>")
    out.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in view.urgency_reasons) + "</ul>")
    out.append("<h4>Results</h4>")
    if not view.findings:
        out.append("<p>No lab results were given.</p>")
    out += [_finding(finding) for finding in view.findings]
    out += [f"<p><b>{escape(label)}:</b> {escape(text)}</p>" for label, text in view.facts]
    out.append("<h4>What the picture is consistent with</h4>")
    for assessment in view.assessments:
        out += _assessment(assessment)
    out.append("<h4>Next steps</h4><ul>")
    out += [f"<li><b>{escape(step.label)}:</b> {escape(step.text)}</li>" for step in view.steps]
    out.append("</ul>")
    if view.warnings:
        out.append(
            "<h4>Notes and assumptions</h4><ul>"
            + "".join(f"<li>{escape(w)}</li>" for w in view.warnings)
            + "</ul>"
        )
    out.append(
        f'<p class="b12labs-small">{escape(view.disclaimer)} '
        f"Reference data {escape(view.version)}.</p>"
    )
    out.append("</div>")
    return "\n".join(out)
