"""Result columns while they are filled: codes and values for the whole frame, chunk by chunk.

The column path fills every row it vouched for at once (:meth:`WideResults.fill_good`); a
row answered by ``interpret()`` itself is filled from its report or its error
(:meth:`WideResults.fill_row`). :meth:`WideResults.outputs` then names the columns in the
order api.md gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from ..analytes import chemistry
from ..enums import Analyte, Band, Category, Likelihood, Urgency
from ..errors import B12LabsError
from ..report import Report
from ..units import factor
from ._arguments import BANDS, FLAG_LABELS, FLAG_OF_BAND, LIKELIHOODS, URGENCIES
from ._columns import LabColumns, Verdicts
from ._frames import Output
from ._labs import ParsedLab

__all__ = ["Errors", "WideResults"]

Bools = npt.NDArray[np.bool_]
_BANDS, _LIKELIHOODS, _URGENCIES = list(Band), list(Likelihood), list(Urgency)


class Errors:
    """Error codes and fields of bad rows, as codes into the distinct texts seen."""

    def __init__(self, size: int) -> None:
        self.code = np.full(size, -1, dtype=np.int32)
        self.field = np.full(size, -1, dtype=np.int32)
        self.codes: dict[str, int] = {}
        self.fields: dict[str, int] = {}

    def add_rows(self, rows: npt.NDArray[np.intp], error: B12LabsError) -> None:
        """These rows have this error."""
        self.code[rows] = self.codes.setdefault(error.code, len(self.codes))
        self.field[rows] = self.fields.setdefault(error.field, len(self.fields))

    def outputs(self) -> list[Output]:
        return [
            Output("error", "text", self.code, tuple(self.codes)),
            Output("error_field", "text", self.field, tuple(self.fields)),
        ]

    def counts(self) -> dict[str, int]:
        """Bad rows by error code (for a summary)."""
        found = np.bincount(self.code[self.code >= 0], minlength=len(self.codes))
        return {code: int(found[i]) for code, i in self.codes.items()}


class WideResults:
    """The result columns of a wide table, for every row of the frame."""

    def __init__(self, size: int, labs: Sequence[Analyte]) -> None:
        self.labs = labs
        self.value = {a: np.full(size, np.nan) for a in labs}
        self.band = {a: np.full(size, -1, dtype=np.int8) for a in labs}
        self.likelihood = {c: np.full(size, -1, dtype=np.int8) for c in Category}
        self.assessed = {c: np.zeros(size, dtype=np.bool_) for c in Category}
        self.urgency = np.full(size, -1, dtype=np.int8)
        self.errors = Errors(size)
        self.null = np.ones(size, dtype=np.bool_)
        self._factors = {
            a: np.array(
                [factor(a, u, chemistry(a).canonical_unit) for u in chemistry(a).ucum_codes]
            )
            for a in labs
        }

    def fill_good(
        self,
        rows: slice,
        *,
        good: Bools,
        parsed: Mapping[Analyte, ParsedLab],
        labs: Mapping[Analyte, LabColumns],
        bands: Mapping[Analyte, npt.NDArray[np.int8]],
        verdicts: Verdicts,
    ) -> None:
        """Every row of a chunk (``rows`` of the frame) that the column path vouched for."""
        for analyte in self.labs:
            lab = parsed[analyte]
            present = good & labs[analyte].present
            canonical = lab.value * self._factors[analyte][lab.unit]
            self.value[analyte][rows] = np.where(present, canonical, np.nan)
            self.band[analyte][rows] = np.where(present, bands[analyte], np.int8(-1))
        for category in Category:
            self.likelihood[category][rows] = np.where(
                good, verdicts.likelihood[category], np.int8(-1)
            )
            self.assessed[category][rows] = verdicts.assessed[category] & good
        assert verdicts.urgency is not None
        self.urgency[rows] = np.where(good, verdicts.urgency, np.int8(-1))
        self.null[rows] = ~good

    def fill_rows(self, row: npt.NDArray[np.intp], answer: Report | B12LabsError) -> None:
        """Rows with one answer of ``interpret()``: the same report or the same error."""
        if isinstance(answer, B12LabsError):
            self.errors.add_rows(row, answer)
            return
        for analyte in self.labs:
            finding = answer.findings.get(analyte)
            if finding is not None:
                self.value[analyte][row] = finding.value
                self.band[analyte][row] = _BANDS.index(finding.band)
        for assessment in answer.assessments:
            category = assessment.category
            self.likelihood[category][row] = _LIKELIHOODS.index(assessment.likelihood)
            self.assessed[category][row] = assessment.assessed
        self.urgency[row] = _URGENCIES.index(answer.urgency)
        self.null[row] = False

    def outputs(self) -> list[Output]:
        out: list[Output] = []
        for analyte in self.labs:
            band, value, name = self.band[analyte], self.value[analyte], analyte.value
            out.append(Output(f"{name}_value", "float", value, (), np.isnan(value)))
            out.append(Output(f"{name}_band", "category", band, BANDS))
            out.append(Output(f"{name}_flag", "category", FLAG_OF_BAND[band], FLAG_LABELS))
        for category in Category:
            out.append(Output(category.value, "category", self.likelihood[category], LIKELIHOODS))
        out.append(Output("urgency", "category", self.urgency, URGENCIES))
        out.extend(self.errors.outputs())
        for category in Category:
            assessed = self.assessed[category]
            out.append(Output(f"{category.value}_assessed", "bool", assessed, (), self.null))
        return out
