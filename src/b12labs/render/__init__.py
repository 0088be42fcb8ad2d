"""Renderers: a :class:`~b12labs.Report` as plain text, Markdown or HTML.

They only read the report; nothing here changes a conclusion. Imported lazily by the
report's methods so that ``import b12labs`` does not pay for them.
"""

from __future__ import annotations

from .common import band_label, finding_line, likelihood_label, urgency_label

__all__ = ["band_label", "finding_line", "likelihood_label", "urgency_label"]
