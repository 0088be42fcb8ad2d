"""One row as ``interpret()`` sees it: the reference meaning of every table column.

:func:`wide_arguments` turns row ``i`` of a wide table into ``interpret()``'s arguments, and
:func:`long_row` classifies row ``i`` of a long table with the scalar API. The column path
asks these about every row it cannot vouch for (a refused cell, a conflict), so a bad row
gets exactly the error ``interpret()`` raises; :func:`b12labs.batch.report_for_row` uses
them to expand a row into its full :class:`~b12labs.Report`.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import math
import numbers
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from ..analytes import as_analyte, chemistry
from ..boundaries import plausible_cuts
from ..classification import band_of, possible_bands
from ..context import Context, coerce_context
from ..enums import Analyte, Band
from ..errors import B12LabsError, InvalidContextError, UnknownSymptomError
from ..parsing import parse_number_text
from ..ranges import RangeSet, selection
from ..results import LabResult, coerce_result
from ..symptoms import Symptom
from ._cells import Booleans, Cells, Coded, Lists, Numbers
from ._person import symptom_cell

__all__ = [
    "LabInput",
    "LongInputs",
    "WideInputs",
    "answers",
    "long_row",
    "number_class",
    "row_key",
    "wide_arguments",
]


@dataclasses.dataclass(frozen=True)
class LabInput:
    """A lab's columns: its values, the unit of its numbers, its optional flag columns."""

    cells: Cells
    unit: str | None = None
    hemolyzed: Cells | None = None
    specimen: Cells | None = None


@dataclasses.dataclass(frozen=True)
class WideInputs:
    """Every column of a wide table that b12labs reads, by what it means."""

    labs: Mapping[Analyte, LabInput]
    symptoms: Mapping[Symptom, Cells]
    context: Mapping[str, Cells]

    def all_cells(self) -> list[Cells | None]:
        found: list[Cells | None] = []
        for lab in self.labs.values():
            found += [lab.cells, lab.hemolyzed, lab.specimen]
        return [*found, *self.symptoms.values(), *self.context.values()]


@functools.cache
def _plausible_points() -> tuple[float, ...]:
    """Every plausible cut point of every analyte, unit and comparator, sorted."""
    points: set[float] = set()
    for analyte in Analyte:
        for unit in chemistry(analyte).ucum_codes:
            cuts = plausible_cuts(analyte, unit)
            points |= {cuts.exact_low, cuts.exact_high, cuts.less_low, cuts.more_high}
    return tuple(sorted(points))


def number_class(value: float) -> tuple[bool, bool, bool, int]:
    """What decides whether a number is refused, and how: infinite, negative, zero, and
    where it lies among every plausible limit. An error's code and field (and message,
    which never quotes the value) are the same for every number of one class."""
    return (
        math.isinf(value),
        value < 0,
        value == 0,
        bisect.bisect_right(_plausible_points(), value),
    )


def row_key(cells: list[Cells | None], row: int) -> tuple[tuple[object, ...], bool]:
    """A key for a row made of codes and plain numbers only (no caller object is hashed),
    and whether it is exact (no number was replaced by its class).

    Rows with the same key have the same error; rows with the same exact key have the same
    answer, whatever it is.
    """
    key: list[object] = []
    exact = True
    for column in cells:
        if column is None:
            key.append(None)
        elif isinstance(column, Coded):
            key.append(int(column.codes[row]))
        elif isinstance(column, Lists):
            start, stop = int(column.offsets[row]), int(column.offsets[row + 1])
            key.append((bool(column.null[row]), tuple(column.items.codes[start:stop].tolist())))
        elif isinstance(column, Numbers) and not column.null[row]:
            key.append(number_class(float(column.values[row])))
            exact = False
        else:
            key.append(column.cell(row))
    return tuple(key), exact


def _key_columns(cells: list[Cells | None], rows: npt.NDArray[np.intp]) -> tuple[list[Any], bool]:
    """The columns of :func:`row_key` for many rows at once (None if a list column
    makes that impractical), and whether they are exact."""
    columns: list[Any] = []
    exact = True
    for column in cells:
        if column is None:
            continue
        if isinstance(column, Coded):
            columns.append(column.codes[rows])
        elif isinstance(column, Numbers):
            values = np.where(column.null[rows], 0.0, column.values[rows])
            points = np.array(_plausible_points())
            columns += [column.null[rows], np.isinf(values), values < 0, values == 0]
            columns.append(np.searchsorted(points, values, side="right"))
            exact = False
        elif isinstance(column, Booleans):
            columns += [column.null[rows], column.values[rows]]
        else:
            return [], False
    return columns, exact


def answers(
    cells: list[Cells | None], rows: npt.NDArray[np.intp], ask: Callable[[int], Any]
) -> Iterator[tuple[npt.NDArray[np.intp], Any]]:
    """``(rows, answer)`` for every row the column path could not vouch for.

    Rows with the same key (:func:`row_key`) are asked about once: an error is shared by
    every row of its key, any other answer only by rows of the same exact key.
    """
    if not len(rows):
        return
    columns, exact = _key_columns(cells, rows)
    if not columns:  # a list column: one key per row
        memo: dict[tuple[object, ...], Any] = {}
        for row in rows.tolist():
            key, row_exact = row_key(cells, row)
            if key not in memo:
                found = ask(row)
                if row_exact or isinstance(found, B12LabsError):
                    memo[key] = found
                yield np.array([row], dtype=np.intp), found
            else:
                yield np.array([row], dtype=np.intp), memo[key]
        return
    keys = np.stack([np.asarray(c, dtype=np.int64) for c in columns], axis=1)
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(inverse, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(inverse))])
    for start, stop in itertools.pairwise(bounds.tolist()):
        group = rows[order[start:stop]]
        found = ask(int(group[0]))
        if exact or isinstance(found, B12LabsError):
            yield group, found
        else:  # a row the column path was too careful about: each is asked
            yield group[:1], found
            for row in group[1:].tolist():
                yield np.array([row], dtype=np.intp), ask(row)


def _is_number(cell: object) -> bool:
    return type(cell) is not bool and isinstance(cell, numbers.Real) and not isinstance(cell, str)


def _lab_argument(analyte: Analyte, lab: LabInput, row: int) -> LabResult | None:
    cell = lab.cells.cell(row)
    if cell is None:
        return None
    argument: object = (cell, lab.unit) if lab.unit is not None and _is_number(cell) else cell
    result = coerce_result(analyte, argument)
    flags: dict[str, object] = {}
    for name, column in (("hemolyzed", lab.hemolyzed), ("specimen", lab.specimen)):
        value = None if column is None else column.cell(row)
        if value is not None:
            flags[name] = value
    if not flags:
        return result
    fields = {"value": result.value, "unit": result.unit, "comparator": result.comparator}
    return coerce_result(analyte, {**fields, **flags})


def wide_arguments(inputs: WideInputs, row: int) -> dict[str, Any]:
    """Row ``row`` of a wide table as keyword arguments of ``interpret()``.

    Labs are read first, in the order ``interpret()`` reads them, then the symptom columns,
    so the first error raised is the one ``interpret()`` would raise; context cells are
    passed as given (``interpret()`` reads them). A null cell is left out: not given.

    Raises:
        B12LabsError: a lab value, or a symptom cell that is not true or false.
    """
    arguments: dict[str, Any] = {}
    for analyte in Analyte:
        lab = inputs.labs.get(analyte)
        if lab is not None:
            result = _lab_argument(analyte, lab, row)
            if result is not None:
                arguments[analyte.value] = result
    symptoms: list[Symptom] = []
    for symptom in Symptom:
        cells = inputs.symptoms.get(symptom)
        if cells is None:
            continue
        reported = symptom_cell(cells.cell(row))
        if reported is None:
            raise UnknownSymptomError(
                f"symptoms.{symptom.value}",
                "not_yes_no",
                "a symptom column holds true or false (or yes / no, 1 / 0)",
            )
        if reported:
            symptoms.append(symptom)
    arguments["symptoms"] = symptoms
    arguments["context"] = context_cells(inputs.context, row)
    return arguments


def context_cells(columns: Mapping[str, Cells], row: int) -> dict[str, object]:
    """A row's context cells as a mapping for ``interpret()``; null cells left out.

    A trimester that is a whole number in a float column counts as that integer: pandas
    stores an integer column with gaps as floats.
    """
    context: dict[str, object] = {}
    for name, cells in columns.items():
        cell = cells.cell(row)
        if name == "pregnancy_trimester" and type(cell) is float and cell.is_integer():
            cell = int(cell)
        if cell is not None:
            context[name] = cell
    return context


@dataclasses.dataclass(frozen=True)
class LongInputs:
    """The columns of a long table, one result per row."""

    analyte: Cells | None
    fixed_analyte: Analyte | None
    value: Cells
    unit: Cells | None
    comparator: Cells | None
    person: Mapping[str, Cells]

    def all_cells(self) -> list[Cells | None]:
        return [self.analyte, self.value, self.unit, self.comparator, *self.person.values()]


@dataclasses.dataclass(frozen=True)
class LongRow:
    """A long table's row, classified: its result in canonical units and its band."""

    result: LabResult
    band: Band


def long_row(inputs: LongInputs, row: int, ranges: RangeSet | None) -> LongRow | None:
    """Row ``row`` of a long table through the scalar API; None when it has no value.

    Raises:
        B12LabsError: the analyte, then the value, then the person's cells, as the
            scalar API would raise them.
    """
    value = inputs.value.cell(row)
    if value is None:
        return None
    analyte = inputs.fixed_analyte
    if analyte is None:
        assert inputs.analyte is not None
        analyte = as_analyte(inputs.analyte.cell(row))
    if inputs.unit is not None:
        unit = inputs.unit.cell(row)
        comparator = None if inputs.comparator is None else inputs.comparator.cell(row)
        argument: object = (value, unit)
        if comparator is not None:  # a censored number: the model's own fields
            number = (
                parse_number_text(value, field=f"{analyte.value}.value")
                if isinstance(value, str)
                else value
            )
            argument = {"value": number, "unit": unit, "comparator": comparator}
    else:
        argument = value
    result = coerce_result(analyte, argument)
    person = _person(inputs.person, row)
    table = selection(ranges, analyte, person).table
    return LongRow(result, band_of(possible_bands(result, table)))


def _person(columns: Mapping[str, Cells], row: int) -> Context:
    try:
        return coerce_context(context_cells(columns, row))
    except InvalidContextError as error:
        raise error.within("context") from None


def outcome(function: Any, *args: Any) -> Any:
    """``function(*args)``, or the library error it raised."""
    try:
        return function(*args)
    except B12LabsError as error:
        return error
