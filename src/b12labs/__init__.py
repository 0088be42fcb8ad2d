"""b12labs: interpret serum vitamin B12, potassium and magnesium results.

Parse untrusted lab text into typed results, convert units from cited molar masses and
valences, classify values against cited, laboratory-overridable reference ranges and, with
symptoms and context, say which causes of muscle cramps the picture is consistent with, how
soon to see a clinician, and which test would settle it. Every report recommends clinician
follow-up; none states a diagnosis.

Example:
    >>> import b12labs
    >>> b12labs.B12Result.parse("400 pg/mL").to("pmol/L").value  # doctest: +ELLIPSIS
    295.12...
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__
from .analytes import Chemistry, UnitSpec, chemistry
from .classify import classify, flag_for
from .context import Context
from .enums import Analyte, Band, Category, Diet, Factor, Likelihood, Urgency
from .errors import (
    B12LabsError,
    InvalidContextError,
    InvalidResultError,
    ReferenceDataError,
    UnitError,
    UnknownAnalyteError,
    UnknownSymptomError,
)
from .interpret import interpret
from .ranges import BandRange, Bound, RangeSet, RangeTable, ReferenceRange
from .report import Assessment, Evidence, Finding, Recommendation, Report
from .results import B12Result, LabResult, MagnesiumResult, PotassiumResult
from .sources import Source
from .symptoms import Symptom
from .units import convert

if TYPE_CHECKING:
    REFERENCE_DATA_VERSION: str

__all__ = [
    "REFERENCE_DATA_VERSION",
    "Analyte",
    "Assessment",
    "B12LabsError",
    "B12Result",
    "Band",
    "BandRange",
    "Bound",
    "Category",
    "Chemistry",
    "Context",
    "Diet",
    "Evidence",
    "Factor",
    "Finding",
    "InvalidContextError",
    "InvalidResultError",
    "LabResult",
    "Likelihood",
    "MagnesiumResult",
    "PotassiumResult",
    "RangeSet",
    "RangeTable",
    "Recommendation",
    "ReferenceDataError",
    "ReferenceRange",
    "Report",
    "Source",
    "Symptom",
    "UnitError",
    "UnitSpec",
    "UnknownAnalyteError",
    "UnknownSymptomError",
    "Urgency",
    "__version__",
    "chemistry",
    "classify",
    "convert",
    "flag_for",
    "interpret",
]


def __getattr__(name: str) -> object:
    # read on first access so that importing b12labs opens no data file
    if name == "REFERENCE_DATA_VERSION":
        from ._resources import data_version

        return data_version()
    raise AttributeError(f"module 'b12labs' has no attribute {name!r}")
