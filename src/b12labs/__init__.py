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

import importlib
from typing import TYPE_CHECKING

from ._version import __version__
from .enums import Analyte, Band, Category, Diet, Factor, Likelihood, Urgency
from .errors import (
    B12LabsError,
    InvalidContextError,
    InvalidResultError,
    InvalidTableError,
    ReferenceDataError,
    UnitError,
    UnknownAnalyteError,
    UnknownCategoryError,
    UnknownSymptomError,
    UnknownValueError,
)

if TYPE_CHECKING:
    from .analytes import Chemistry, UnitSpec, chemistry
    from .classification import classify, flag_for
    from .context import Context
    from .interpretation import interpret
    from .ranges import BandRange, Bound, RangeSet, RangeTable, ReferenceRange
    from .report import Assessment, Evidence, Finding, Recommendation, Report
    from .results import B12Result, LabResult, MagnesiumResult, PotassiumResult
    from .sources import Source
    from .symptoms import Symptom
    from .units import convert
    from .vocabulary import RecommendationKind

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
    "InvalidTableError",
    "LabResult",
    "Likelihood",
    "MagnesiumResult",
    "PotassiumResult",
    "RangeSet",
    "RangeTable",
    "Recommendation",
    "RecommendationKind",
    "ReferenceDataError",
    "ReferenceRange",
    "Report",
    "Source",
    "Symptom",
    "UnitError",
    "UnitSpec",
    "UnknownAnalyteError",
    "UnknownCategoryError",
    "UnknownSymptomError",
    "UnknownValueError",
    "Urgency",
    "__version__",
    "chemistry",
    "classify",
    "convert",
    "flag_for",
    "interpret",
]

# Where each lazily imported name lives. Importing pydantic and building the models costs
# about 0.1 s, so `import b12labs` loads only the enums and errors; the rest loads on first
# use of a name, once (the import system holds its own lock). No module may share a name
# with what it exports: importing it would set the package attribute to the module.
_LAZY = {
    "Chemistry": "analytes",
    "UnitSpec": "analytes",
    "chemistry": "analytes",
    "classify": "classification",
    "flag_for": "classification",
    "Context": "context",
    "interpret": "interpretation",
    "BandRange": "ranges",
    "Bound": "ranges",
    "RangeSet": "ranges",
    "RangeTable": "ranges",
    "ReferenceRange": "ranges",
    "Assessment": "report",
    "Evidence": "report",
    "Finding": "report",
    "Recommendation": "report",
    "Report": "report",
    "B12Result": "results",
    "LabResult": "results",
    "MagnesiumResult": "results",
    "PotassiumResult": "results",
    "Source": "sources",
    "Symptom": "symptoms",
    "convert": "units",
    "RecommendationKind": "vocabulary",
}


def __getattr__(name: str) -> object:
    if name == "REFERENCE_DATA_VERSION":
        from ._packaged import data_version

        return data_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'b12labs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
