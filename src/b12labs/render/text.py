"""The report as plain text (what ``str(report)`` returns)."""

from __future__ import annotations

import textwrap

from ..report import Report
from .common import KIND_LABELS, finding_line, likelihood_label, population_note, urgency_label

__all__ = ["render_text"]

_WIDTH = 88


def _wrap(text: str, indent: str = "  ", bullet: str = "") -> list[str]:
    first = indent + bullet
    rest = indent + " " * len(bullet)
    return textwrap.wrap(text, _WIDTH, initial_indent=first, subsequent_indent=rest) or [
        first.rstrip()
    ]


def render_text(report: Report) -> str:
    """A readable plain-text summary of a report."""
    lines = [f"b12labs report (reference data {report.reference_data_version})", ""]
    lines.append(f"Urgency: {urgency_label(report.urgency)}")
    for reason in report.urgency_reasons:
        lines += _wrap(reason, bullet="- ")
    lines.append("")
    lines.append("Results")
    if not report.findings:
        lines.append("  No lab results were given.")
    for finding in report.findings.values():
        lines += _wrap(finding_line(finding), bullet="- ")
        lines += _wrap(population_note(finding), indent="    ")
    if report.symptoms:
        lines.append("")
        lines += _wrap(
            "Symptoms considered: " + ", ".join(s.label for s in report.symptoms), indent=""
        )
    lines += ["", "What the picture is consistent with"]
    for number, assessment in enumerate(report.assessments, start=1):
        lines.append(f"  {number}. {assessment.label}: {likelihood_label(assessment.likelihood)}")
        lines += _wrap(assessment.rationale, indent="     ")
        if assessment.factors:
            factors = ", ".join(f.value.replace("_", " ") for f in assessment.factors)
            lines += _wrap(f"Specific causes: {factors}", indent="     ")
        for item in assessment.evidence:
            if item.text in assessment.rationale:
                continue  # already said in the rationale
            sign = {"for": "+", "against": "-", "neutral": "~"}[item.direction]
            lines += _wrap(item.text, indent="     ", bullet=f"{sign} ")
    lines += ["", "Next steps"]
    for rec in report.recommendations:
        label = KIND_LABELS.get(rec.kind, rec.kind)
        if rec.test:
            label = f"{label}: {rec.test}"
        lines += _wrap(f"[{label}] {rec.text}", bullet="* ")
    if report.warnings:
        lines += ["", "Notes and assumptions"]
        for warning in report.warnings:
            lines += _wrap(warning, bullet="- ")
    lines += ["", *textwrap.wrap(report.disclaimer, _WIDTH)]
    return "\n".join(lines) + "\n"
