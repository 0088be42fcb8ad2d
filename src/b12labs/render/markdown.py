"""The report as GitHub-flavoured Markdown."""

from __future__ import annotations

import re

from ..analytes import chemistry
from ..report import Report
from .common import KIND_LABELS, band_label, likelihood_label, urgency_label

__all__ = ["render_markdown"]


_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def _safe(text: str) -> str:
    """Text that a Markdown renderer cannot read as an HTML tag (lab files are not ours)."""
    return _TAG.sub("&lt;", text)


def render_markdown(report: Report) -> str:
    """A Markdown summary of a report: urgency, results table, assessments, next steps."""
    out = ["## b12labs report", "", f"**Urgency: {urgency_label(report.urgency)}**", ""]
    out += [f"- {reason}" for reason in report.urgency_reasons]
    out += ["", "### Results", ""]
    if report.findings:
        out += [
            "| Test | Result | Canonical | Band | Flag | Normal range | Source |",
            "|---|---|---|---|---|---|---|",
        ]
        for finding in report.findings.values():
            ref = finding.reference_range
            out.append(
                "| "
                + " | ".join(
                    cell.replace("|", "\\|").replace("\n", " ")
                    for cell in (
                        chemistry(finding.analyte).label,
                        str(finding.result),
                        f"{finding.result.comparator or ''}{finding.value:.4g} {finding.unit}",
                        band_label(finding.band),
                        finding.flag,
                        f"{ref.text} ({ref.population_label})",
                        f"[{ref.source.id}]({ref.source.url})",
                    )
                )
                + " |"
            )
    else:
        out.append("No lab results were given.")
    if report.symptoms:
        out += ["", "Symptoms considered: " + ", ".join(s.label for s in report.symptoms)]
    out += ["", "### What the picture is consistent with", ""]
    for assessment in report.assessments:
        out.append(f"#### {assessment.label}: {likelihood_label(assessment.likelihood)}")
        out += ["", assessment.rationale, ""]
        if assessment.factors:
            out += [
                "Specific causes: "
                + ", ".join(f.value.replace("_", " ") for f in assessment.factors),
                "",
            ]
        for item in assessment.evidence:
            if item.text in assessment.rationale:
                continue  # already said in the rationale
            mark = {"for": "for", "against": "against", "neutral": "note"}[item.direction]
            out.append(f"- *{mark}*: {item.text}")
        if assessment.sources:
            cites = ", ".join(f"[{s.id}]({s.url})" for s in assessment.sources)
            out += ["", f"Sources: {cites}"]
        out.append("")
    out += ["### Next steps", ""]
    for rec in report.recommendations:
        label = KIND_LABELS.get(rec.kind, rec.kind) + (f" ({rec.test})" if rec.test else "")
        out.append(f"- **{label}**: {rec.text}")
    if report.warnings:
        out += ["", "### Notes and assumptions", ""]
        out += [f"- {w}" for w in report.warnings]
    out += [
        "",
        f"> {report.disclaimer}",
        "",
        f"*Reference data {report.reference_data_version}*",
        "",
    ]
    return _safe("\n".join(out))
