"""Wording shared by the renderers (re-exported from :mod:`.view`, where it lives)."""

from __future__ import annotations

from .view import KIND_LABELS, band_label, likelihood_label, urgency_label

__all__ = ["KIND_LABELS", "band_label", "likelihood_label", "urgency_label"]
