"""The report as plain text (what ``str(report)`` returns)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .view import ReportView, build_view

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["render_text"]

_WIDTH = 88


def _wrap(text: str, indent: str = "  ", bullet: str = "") -> list[str]:
    first = indent + bullet
    rest = indent + " " * len(bullet)
    # words are never split at a hyphen: "spinal-cord" stays one word when flattened
    wrapped = textwrap.wrap(
        text, _WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )
    return wrapped or [first.rstrip()]


def _results(view: ReportView) -> list[str]:
    lines = ["Results"]
    if not view.findings:
        lines.append("  No lab results were given.")
    for finding in view.findings:
        lines += _wrap(finding.headline, bullet="- ")
        for detail in finding.details:
            lines += _wrap(detail, indent="    ")
    if view.facts:
        lines.append("")
    for label, text in view.facts:
        lines += _wrap(f"{label}: {text}", indent="")
    return lines


def _assessments(view: ReportView) -> list[str]:
    lines = ["What the picture is consistent with"]
    for number, assessment in enumerate(view.assessments, start=1):
        lines.append(f"  {number}. {assessment.label}: {assessment.status}")
        lines += _wrap(assessment.rationale, indent="     ")
        if assessment.factors:
            lines += _wrap(f"Specific causes: {assessment.factors}", indent="     ")
        for item in assessment.evidence:
            lines += _wrap(f"{item.word}: {item.text}", indent="     ", bullet="- ")
        if assessment.not_known:
            lead = "Would assess it" if not assessment.assessed else "Not known"
            lines += _wrap(f"{lead}: {assessment.not_known}", indent="     ")
    return lines


def render_text(report: Report) -> str:
    """A readable plain-text summary of a report."""
    view = build_view(report)
    lines = [f"b12labs report (reference data {view.version})", ""]
    lines.append(f"Urgency: {view.urgency_label}")
    for reason in view.urgency_reasons:
        lines += _wrap(reason, bullet="- ")
    lines += ["", *_results(view), "", *_assessments(view), "", "Next steps"]
    for step in view.steps:
        lines += _wrap(f"[{step.label}] {step.text}", bullet="* ")
    if view.warnings:
        lines += ["", "Notes and assumptions"]
        for warning in view.warnings:
            lines += _wrap(warning, bullet="- ")
    lines += ["", *textwrap.wrap(view.disclaimer, _WIDTH, break_on_hyphens=False)]
    return "\n".join(lines) + "\n"
