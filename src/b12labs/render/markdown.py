"""The report as GitHub-flavoured Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .view import build_view

if TYPE_CHECKING:
    from ..report import Report
    from ..sources import Source

__all__ = ["render_markdown"]


_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def _safe(text: str) -> str:
    """Text that a Markdown renderer cannot read as an HTML tag (lab files are not ours)."""
    return _TAG.sub("&lt;", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cite(sources: Iterable[Source]) -> str:
    return ", ".join(f"[{s.id}]({s.url})" if s.url else s.id for s in sources)


def render_markdown(report: Report) -> str:
    """A Markdown summary of a report: urgency, results, assessments, next steps."""
    view = build_view(report)
    out = ["## b12labs report", "", f"**Urgency: {view.urgency_label}**", ""]
    out += [f"- {reason}" for reason in view.urgency_reasons]
    out += ["", "### Results", ""]
    if not view.findings:
        out.append("No lab results were given.")
    for finding in view.findings:
        out.append(f"- **{_one_line(finding.headline)}**")
        out += [f"  - {_one_line(detail)}" for detail in finding.details]
        out.append(f"  - Sources: {_cite(finding.sources)}")
    for label, text in view.facts:
        out += ["", f"{label}: {_one_line(text)}"]
    out += ["", "### What the picture is consistent with", ""]
    for assessment in view.assessments:
        out += [f"#### {assessment.label}: {assessment.status}", "", assessment.rationale]
        blocks: list[list[str]] = []
        if assessment.factors:
            blocks.append([f"Specific causes: {assessment.factors}"])
        if assessment.evidence:
            blocks.append([f"- *{item.word}*: {item.text}" for item in assessment.evidence])
        if assessment.not_known:
            lead = "Would assess it" if not assessment.assessed else "Not known"
            blocks.append([f"{lead}: {assessment.not_known}"])
        if assessment.sources:
            blocks.append([f"Sources: {_cite(assessment.sources)}"])
        for block in blocks:
            out += ["", *block]
        out.append("")
    out += ["### Next steps", ""]
    out += [f"- **{step.label}**: {step.text}" for step in view.steps]
    if view.warnings:
        out += ["", "### Notes and assumptions", ""]
        out += [f"- {w}" for w in view.warnings]
    out += ["", f"> {view.disclaimer}", "", f"*Reference data {view.version}*", ""]
    return _safe("\n".join(out))
