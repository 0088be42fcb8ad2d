"""Renderers: a :class:`~b12labs.Report` as plain text, Markdown or HTML.

Each draws the same :class:`~.view.ReportView`, built once from the report, so the formats
say the same things in the same words. They only read the report; nothing here changes a
conclusion. Imported lazily by the report's methods so that ``import b12labs`` does not pay
for them.
"""

from __future__ import annotations

from .view import ReportView, band_label, build_view, likelihood_label, urgency_label

__all__ = ["ReportView", "band_label", "build_view", "likelihood_label", "urgency_label"]
