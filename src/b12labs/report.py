"""The report: findings, assessments, urgency, next steps, warnings and a disclaimer.

A :class:`Report` is a frozen pydantic model: ``model_dump_json()`` gives JSON for other
apps and ``Report.model_validate_json`` reads it back unchanged. It checks its own
invariants on construction and on reading: one assessment per category, most likely first,
and a clinician follow-up among the recommendations. ``str(report)`` is a plain-text
summary, :meth:`Report.to_markdown` a Markdown one, and notebooks show ``_repr_html_``.
"""

from __future__ import annotations

import math
from typing import Any, Self

from pydantic import model_validator

from ._models import FrozenModel
from .classification import FLAGS
from .context import Context
from .enums import Analyte, Band, Category, Urgency
from .errors import UnknownCategoryError
from .ranges import ReferenceRange
from .reasoning.assessment import Assessment, Evidence, Recommendation
from .results import AnyResult
from .symptoms import Symptom

__all__ = ["DISCLAIMER", "Assessment", "Evidence", "Finding", "Recommendation", "Report"]

DISCLAIMER = (
    "This report is not a diagnosis and b12labs is not a medical device. It says what the results are "
    "consistent with, using published reference ranges that differ between laboratories, and it cannot "
    "examine you. Always discuss your results and symptoms with a qualified clinician."
)


class Finding(FrozenModel):
    """One lab result, classified.

    Attributes:
        analyte: which substance.
        result: the parsed result, as given.
        value: the result's number in the canonical unit (for a censored result, its bound).
        unit: the canonical unit (``pmol/L`` or ``mmol/L``).
        band: the band it falls in (``indeterminate`` when a censored value straddles).
        flag: the HL7 v3 ObservationInterpretation code of the band (``LL``, ``L``, ``N``,
            ``H``, ``HH``, ``IND``).
        reference_range: the normal band the flag is relative to, with its source and the
            population's full band table.
        possible_bands: every band the result may lie in (one, unless censored).
    """

    analyte: Analyte
    result: AnyResult
    value: float
    unit: str
    band: Band
    flag: str
    reference_range: ReferenceRange
    possible_bands: list[Band]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not (math.isfinite(self.value) and self.value >= 0):
            raise ValueError("a finding's value must be a finite, non-negative number")
        if self.flag != FLAGS[self.band]:
            raise ValueError("a finding's flag must be its band's HL7 interpretation code")
        return self


class Report(FrozenModel):
    """Everything b12labs concluded for one person.

    Attributes:
        findings: one per lab given, by analyte.
        assessments: one per category, most likely first (ties in category order).
        urgency: how soon to see a clinician.
        urgency_reasons: why that urgency.
        recommendations: next steps; always one of kind ``clinician_follow_up``.
        warnings: assumptions made and measurement caveats.
        disclaimer: not a diagnosis, not a medical device.
        reference_data_version: version of the range data used.
        symptoms: the symptoms considered.
        context: the context considered.
        library_version: the b12labs version that wrote the report.
    """

    findings: dict[Analyte, Finding]
    assessments: list[Assessment]
    urgency: Urgency
    urgency_reasons: list[str]
    recommendations: list[Recommendation]
    warnings: list[str]
    disclaimer: str
    reference_data_version: str
    symptoms: list[Symptom] = []  # noqa: RUF012 - pydantic copies field defaults
    context: Context = Context()
    library_version: str = ""

    @model_validator(mode="after")
    def _invariants(self) -> Self:
        if sorted(a.category for a in self.assessments) != sorted(Category):
            raise ValueError("a report holds exactly one assessment per category")
        ranks = [a.likelihood.rank for a in self.assessments]
        if ranks != sorted(ranks, reverse=True):
            raise ValueError("assessments must come most likely first")
        if not any(r.kind == "clinician_follow_up" for r in self.recommendations):
            raise ValueError("a report always recommends clinician follow-up")
        if any(key != finding.analyte for key, finding in self.findings.items()):
            raise ValueError("findings are keyed by their analyte")
        return self

    def assessment(self, category: Category | str) -> Assessment:
        """The assessment of one category (a :class:`Category` or its value).

        Raises:
            UnknownCategoryError: not a category.
        """
        for assessment in self.assessments:
            if isinstance(category, str) and assessment.category == category:
                return assessment
        accepted = ", ".join(c.value for c in Category)
        raise UnknownCategoryError(
            "category", "unknown_category", f"not a category (accepted: {accepted})"
        )

    @property
    def clinician_follow_up(self) -> Recommendation:
        """The clinician follow-up recommendation (every report has one)."""
        return next(r for r in self.recommendations if r.kind == "clinician_follow_up")

    def __str__(self) -> str:
        from .render.text import render_text

        return render_text(self)

    def to_markdown(self) -> str:
        """The report as Markdown."""
        from .render.markdown import render_markdown

        return render_markdown(self)

    def _repr_html_(self) -> str:
        from .render.html import render_html

        return render_html(self)

    def to_html(self) -> str:
        """The report as a self-contained HTML fragment (inline SVG, no scripts)."""
        return self._repr_html_()

    def to_cds_hooks(self) -> dict[str, Any]:
        """The report as a CDS Hooks response, ``{"cards": [...]}`` (see
        :mod:`b12labs.cds_hooks`): never a diagnosis, always the clinician follow-up."""
        from .cds_hooks import cards_from_report

        return cards_from_report(self)
