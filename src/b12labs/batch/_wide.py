"""``interpret_table``: a wide table, one person per row, through the whole rule book."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..analytes import chemistry
from ..enums import Analyte, Band, Category, Likelihood, Urgency
from ..errors import B12LabsError, InvalidTableError, UnitError
from ..interpretation import interpret
from ..ranges import RangeSet
from ..report import Report
from ..symptoms import Symptom
from ..units import factor
from ._arguments import (
    BANDS,
    FLAG_LABELS,
    FLAG_OF_BAND,
    LIKELIHOODS,
    URGENCIES,
    check_columns,
    check_ranges,
    mapping,
    no_clash,
    tables_for,
)
from ._cells import Numbers
from ._columns import LabColumns
from ._engine import evaluate_columns
from ._frames import Frame, Output, frame_of
from ._labs import ParsedLab, classify_lab, parse_lab, select_tables
from ._person import parse_person
from ._rows import LabInput, WideInputs, outcome, row_key, wide_arguments

__all__ = ["CONTEXT_FIELDS", "Errors", "interpret_table", "report_for_row"]

#: The context columns a wide table may have, named as :class:`~b12labs.Context`'s fields.
CONTEXT_FIELDS = (
    "diet",
    "b12_injections",
    "b12_injections_started_recently",
    "b12_oral_supplements",
    "recent_heavy_exercise",
    "medications",
    "conditions",
    "age_years",
    "pregnant",
    "pregnancy_trimester",
    "red_flags",
    "cramps_persistent_or_severe",
)
_CATEGORY_COLUMNS = tuple(c.value for c in Category)


def _wide_names() -> list[str]:
    names = [a.value for a in Analyte]
    names += [f"{a.value}_{flag}" for a in Analyte for flag in ("hemolyzed", "specimen")]
    return [*names, *(s.value for s in Symptom), *CONTEXT_FIELDS]


def _result_names(labs: Sequence[Analyte]) -> list[str]:
    names = [f"{a.value}_{part}" for a in labs for part in ("value", "band", "flag")]
    names += [*_CATEGORY_COLUMNS, "urgency", "error", "error_field"]
    return [*names, *(f"{c}_assessed" for c in _CATEGORY_COLUMNS)]


def _wide_inputs(
    frame: Frame, columns: Mapping[str, object], units: Mapping[str, object]
) -> WideInputs:
    def column(name: str) -> object | None:
        target = columns.get(name, name)
        return target if frame.has(target) else None

    labs: dict[Analyte, LabInput] = {}
    for key in units:
        if key not in Analyte._value2member_map_:
            raise InvalidTableError("units", "unknown_key", "units are keyed by lab name")
    for analyte in Analyte:
        name = column(analyte.value)
        unit_text = units.get(analyte.value)
        ucum = None
        if unit_text is not None:
            try:
                ucum = chemistry(analyte).unit_spec(unit_text, field="unit").ucum
            except UnitError as error:
                raise UnitError(f"units.{analyte.value}", error.code, error.message) from None
        if name is None:
            continue
        cells = frame.cells(name)
        if isinstance(cells, Numbers) and ucum is None:
            raise InvalidTableError(
                f"units.{analyte.value}",
                "unit_missing",
                "a numeric lab column needs its unit in units",
            )
        flags = {f: column(f"{analyte.value}_{f}") for f in ("hemolyzed", "specimen")}
        labs[analyte] = LabInput(
            cells,
            unit=None if ucum is None else str(unit_text),
            hemolyzed=None if flags["hemolyzed"] is None else frame.cells(flags["hemolyzed"]),
            specimen=None if flags["specimen"] is None else frame.cells(flags["specimen"]),
        )
    symptoms = {s: frame.cells(n) for s in Symptom if (n := column(s.value)) is not None}
    context = {f: frame.cells(n) for f in CONTEXT_FIELDS if (n := column(f)) is not None}
    return WideInputs(labs, symptoms, context)


class Errors:
    """Error codes and fields of bad rows, as codes into the distinct texts seen."""

    def __init__(self, size: int) -> None:
        self.code = np.full(size, -1, dtype=np.int32)
        self.field = np.full(size, -1, dtype=np.int32)
        self.codes: dict[str, int] = {}
        self.fields: dict[str, int] = {}

    def add(self, row: int, error: B12LabsError) -> None:
        self.code[row] = self.codes.setdefault(error.code, len(self.codes))
        self.field[row] = self.fields.setdefault(error.field, len(self.fields))

    def outputs(self) -> list[Output]:
        return [
            Output("error", "text", self.code, tuple(self.codes)),
            Output("error_field", "text", self.field, tuple(self.fields)),
        ]


def interpret_table(
    frame: Any,
    *,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    ranges: RangeSet | None = None,
) -> Any:
    """Interpret a wide table, one person per row; the same rows come back with results.

    Args:
        frame: a pandas or polars DataFrame, or a pyarrow Table.
        columns: b12labs' names for the frame's columns (``{"b12": "vitb12_pg_ml"}``).
        units: the unit of each numeric lab column, by lab name (``{"b12": "pg/mL"}``).
        ranges: a RangeSet to use instead of the bundled ranges.

    Returns:
        A frame of the same type: every input column, then per lab present
        ``<lab>_value`` (canonical unit), ``<lab>_band``, ``<lab>_flag``, then the three
        categories' likelihoods, ``urgency``, ``error``, ``error_field`` and the three
        ``<category>_assessed`` columns. Row by row they equal what ``interpret()`` gives.

    Raises:
        B12LabsError: an argument b12labs cannot use (checked before any row).

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"b12": ["130 pg/mL", "600 pg/mL"], "tingling": [True, False]})
        >>> out = interpret_table(table)
        >>> out[["b12_band", "b12_deficiency", "urgency"]].astype(str).values.tolist()
        [['low', 'likely', 'prompt'], ['normal', 'unlikely', 'routine']]
    """
    ranges = check_ranges(ranges)
    table = frame_of(frame)
    names = mapping(columns, "columns")
    check_columns(table, names, _wide_names())
    inputs = _wide_inputs(table, names, mapping(units, "units"))
    labs = list(inputs.labs)
    no_clash(table, _result_names(labs))
    size = table.height
    person = parse_person(size, inputs.symptoms, inputs.context)
    columns_of: dict[Analyte, LabColumns] = {}
    bands: dict[Analyte, npt.NDArray[np.int8]] = {}
    parsed: dict[Analyte, ParsedLab] = {}
    suspect = person.suspect.copy()
    for analyte, lab in inputs.labs.items():
        parsed[analyte] = parse_lab(
            analyte,
            lab.cells,
            unit=None if lab.unit is None else chemistry(analyte).unit_spec(lab.unit).ucum,
            hemolyzed=lab.hemolyzed,
            specimen=lab.specimen,
        )
        tables = tables_for(ranges, analyte)
        chosen = select_tables(
            tables, person.columns.age, person.columns.answers["pregnant"], person.trimester
        )
        columns_of[analyte], bands[analyte], uncovered = classify_lab(
            analyte, parsed[analyte], tables, chosen
        )
        suspect |= parsed[analyte].suspect | uncovered
    verdicts = evaluate_columns(size, columns_of, person.columns)
    good = ~suspect
    results = _WideResults(size, labs)
    results.fill_good(good, parsed, columns_of, bands, verdicts)
    memo: dict[tuple[object, ...], Report | B12LabsError] = {}
    cells = inputs.all_cells()
    for row in np.flatnonzero(suspect).tolist():
        key = row_key(cells, row)
        answer = memo.get(key)
        if answer is None:
            answer = outcome(lambda r=row: interpret(**wide_arguments(inputs, r), ranges=ranges))
            memo[key] = answer
        results.fill_row(row, answer)
    return table.with_columns(results.outputs())


class _WideResults:
    """The result columns of a wide table while they are filled."""

    def __init__(self, size: int, labs: Sequence[Analyte]) -> None:
        self.labs = labs
        self.value = {a: np.full(size, np.nan) for a in labs}
        self.value_null = {a: np.ones(size, dtype=np.bool_) for a in labs}
        self.band = {a: np.full(size, -1, dtype=np.int8) for a in labs}
        self.likelihood = {c: np.full(size, -1, dtype=np.int8) for c in Category}
        self.assessed = {c: np.zeros(size, dtype=np.bool_) for c in Category}
        self.urgency = np.full(size, -1, dtype=np.int8)
        self.errors = Errors(size)
        self.null = np.ones(size, dtype=np.bool_)

    def fill_good(self, good, parsed, columns_of, bands, verdicts) -> None:  # type: ignore[no-untyped-def]
        for analyte in self.labs:
            lab = parsed[analyte]
            units = chemistry(analyte).ucum_codes
            canonical = chemistry(analyte).canonical_unit
            factors = np.array([factor(analyte, u, canonical) for u in units])
            present = good & columns_of[analyte].present
            self.value[analyte] = np.where(present, lab.value * factors[lab.unit], np.nan)
            self.value_null[analyte] = ~present
            self.band[analyte] = np.where(present, bands[analyte], np.int8(-1))
        for category in Category:
            self.likelihood[category] = np.where(good, verdicts.likelihood[category], np.int8(-1))
            self.assessed[category] = verdicts.assessed[category] & good
        self.urgency = np.where(good, verdicts.urgency, np.int8(-1))
        self.null = ~good

    def fill_row(self, row: int, answer: Report | B12LabsError) -> None:
        if isinstance(answer, B12LabsError):
            self.errors.add(row, answer)
            return
        for analyte in self.labs:
            finding = answer.findings.get(analyte)
            if finding is not None:
                self.value[analyte][row] = finding.value
                self.value_null[analyte][row] = False
                self.band[analyte][row] = list(Band).index(finding.band)
        for assessment in answer.assessments:
            self.likelihood[assessment.category][row] = list(Likelihood).index(
                assessment.likelihood
            )
            self.assessed[assessment.category][row] = assessment.assessed
        self.urgency[row] = list(Urgency).index(answer.urgency)
        self.null[row] = False

    def outputs(self) -> list[Output]:
        out: list[Output] = []
        for analyte in self.labs:
            band = self.band[analyte]
            out.append(
                Output(
                    f"{analyte.value}_value",
                    "float",
                    self.value[analyte],
                    (),
                    self.value_null[analyte],
                )
            )
            out.append(Output(f"{analyte.value}_band", "category", band, BANDS))
            out.append(Output(f"{analyte.value}_flag", "category", FLAG_OF_BAND[band], FLAG_LABELS))
        for category in Category:
            out.append(Output(category.value, "category", self.likelihood[category], LIKELIHOODS))
        out.append(Output("urgency", "category", self.urgency, URGENCIES))
        out.extend(self.errors.outputs())
        for category in Category:
            out.append(
                Output(f"{category.value}_assessed", "bool", self.assessed[category], (), self.null)
            )
        return out


def report_for_row(
    frame: Any,
    row: int,
    *,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    ranges: RangeSet | None = None,
) -> Report:
    """The full :class:`~b12labs.Report` of one row of a wide table (0-based position).

    The same reading of the row as :func:`interpret_table` (which it agrees with), for
    expanding any row of a batch into its evidence, recommendations and sources.

    Raises:
        InvalidTableError: ``row`` is not a position in the frame.
        B12LabsError: an argument b12labs cannot use, or the error ``interpret()`` raises
            for the row.

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"potassium": ["3.1 mmol/L", "4.2 mmol/L"]})
        >>> report_for_row(table, 0).findings["potassium"].band.value
        'low'
    """
    ranges = check_ranges(ranges)
    whole = frame_of(frame)
    if type(row) is not int or not 0 <= row < whole.height:
        raise InvalidTableError("row", "out_of_range", "row must be a position in the frame")
    one = Frame(whole.kind, whole.slice(row))
    column_names = mapping(columns, "columns")
    check_columns(one, column_names, _wide_names())
    inputs = _wide_inputs(one, column_names, mapping(units, "units"))
    return interpret(**wide_arguments(inputs, 0), ranges=ranges)
