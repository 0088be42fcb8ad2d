"""Wording shared by the renderers."""

from __future__ import annotations

from ..analytes import chemistry
from ..enums import Band, Likelihood, Urgency
from ..report import Finding

__all__ = [
    "KIND_LABELS",
    "band_label",
    "finding_line",
    "likelihood_label",
    "population_note",
    "urgency_label",
]

_BANDS = {
    Band.critical_low: "critically low",
    Band.low: "low",
    Band.borderline_low: "borderline low",
    Band.normal: "normal",
    Band.high: "high",
    Band.critical_high: "critically high",
    Band.indeterminate: "indeterminate (the bound spans more than one band)",
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


def band_label(band: Band) -> str:
    """A band in plain words."""
    return _BANDS[band]


def likelihood_label(likelihood: Likelihood) -> str:
    """A likelihood in capitals, for scanning."""
    return likelihood.value.upper()


def urgency_label(urgency: Urgency) -> str:
    """An urgency with what it means."""
    return _URGENCY[urgency]


def _number(value: float) -> str:
    return f"{value:.3g}" if value < 1000 else f"{value:.0f}"


def finding_line(finding: Finding) -> str:
    """``Vitamin B12: 130 pg/mL (95.9 pmol/L) - low [L]``."""
    label = chemistry(finding.analyte).label
    shown = str(finding.result)
    if finding.result.unit != finding.unit:
        shown += f" ({finding.result.comparator or ''}{_number(finding.value)} {finding.unit})"
    return f"{label}: {shown} - {band_label(finding.band)} [{finding.flag}]"


def population_note(finding: Finding) -> str:
    """``normal range 350-914 ng/L (Adults ...); source: ...``."""
    ref = finding.reference_range
    return f"normal {ref.text} for {ref.population_label.lower()}"
