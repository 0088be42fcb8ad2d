"""``interpret()``: the orchestration from inputs to a :class:`~b12labs.Report`, nothing else.

text / tuple / Quantity / result -> typed result -> population's band table -> band and
flag -> facts -> rule book -> report.
"""

from __future__ import annotations

import functools
from types import MappingProxyType

from ._packaged import load_once
from ._trusted import trusted
from ._version import __version__
from .analytes import chemistry
from .classification import FLAGS, band_of, bands_of, flag_for, possible_bands, reference_bands
from .context import Context, coerce_context
from .enums import Analyte, Band
from .errors import InvalidContextError, ReferenceDataError
from .ranges import (
    RangeSet,
    RangeTable,
    ReferenceRange,
    reference_data_version,
    reference_for,
    selection,
)
from .reasoning import RULE_BOOK, Facts, LabFact, evaluate
from .reasoning.compiled import CompiledBook, compile_book, compiled_arguments
from .reasoning.outcomes import outcome_parts
from .report import DISCLAIMER, Finding, Report
from .results import LabResult, coerce_result
from .symptoms import Symptom, parse_symptoms
from .units import factor

__all__ = ["compiled_book", "interpret", "reference_interpret"]


def interpret(
    *,
    b12: object = None,
    potassium: object = None,
    magnesium: object = None,
    symptoms: object = None,
    context: object = None,
    ranges: RangeSet | None = None,
) -> Report:
    """Interpret lab results with symptoms and context; always recommends clinician follow-up.

    Args:
        b12: serum vitamin B12: text (``"180 pg/mL"``, ``"<150 pg/mL"``), a ``(value, unit)``
            tuple, a pint Quantity from any registry, or a :class:`~b12labs.B12Result`.
        potassium: serum potassium, in the same forms.
        magnesium: serum magnesium, in the same forms.
        symptoms: a :class:`~b12labs.Symptom`, a name or synonym, or an iterable of them.
        context: a :class:`~b12labs.Context` or a mapping with its field names.
        ranges: a :class:`~b12labs.RangeSet` to use instead of the bundled one; analytes it
            lacks fall back on the bundled ranges, with a warning.

    Returns:
        A :class:`~b12labs.Report`. Pure: no I/O, no logging, no shared state changed.

    Raises:
        InvalidResultError: a lab value that is not a finite, non-negative number.
        UnitError: a missing or unaccepted unit.
        UnknownSymptomError: an unknown symptom (the closest name is suggested).
        InvalidContextError: an unknown context key or value.
        ReferenceDataError: ``ranges`` is not a RangeSet.

    Example:
        >>> from b12labs import interpret
        >>> report = interpret(b12="130 pg/mL", symptoms=["tingling"])
        >>> report.assessments[0].category.value, report.assessments[0].likelihood.value
        ('b12_deficiency', 'likely')
        >>> report.urgency.value
        'prompt'
    """
    if ranges is not None and not isinstance(ranges, RangeSet):
        raise ReferenceDataError(
            "ranges", "not_a_range_set", "ranges must be a RangeSet (or None for the bundled)"
        )
    given = {Analyte.b12: b12, Analyte.potassium: potassium, Analyte.magnesium: magnesium}
    results = {a: coerce_result(a, value) for a, value in given.items() if value is not None}
    symptom_set = parse_symptoms(symptoms)
    try:
        person: Context = coerce_context(context)
    except InvalidContextError as error:
        raise error.within("context") from None

    warnings: list[str] = []
    labs: dict[Analyte, LabFact] = {}
    findings: dict[Analyte, Finding] = {}
    bundled = RangeSet.default() if ranges is None else None  # what selection() would serve
    for analyte, result in results.items():
        if bundled is not None:
            chosen = bundled.select_for(analyte, person)
            reference = bundled.reference_range(chosen.table)
        else:
            chosen = selection(ranges, analyte, person)
            reference = reference_for(ranges, chosen.table)
        if chosen.warnings:
            warnings.extend(chosen.warnings)
        table = chosen.table
        possible = bands_of(result, table)
        band = possible[0] if len(possible) == 1 else Band.indeterminate  # band_of()
        labs[analyte] = LabFact(result, band, possible, table)
        findings[analyte] = _finding(result, band, possible, reference)
    facts = Facts(labs=MappingProxyType(labs), symptoms=symptom_set, context=person)
    book = compiled_book()
    parts = outcome_parts(book, book.run(*compiled_arguments(facts)), facts)
    assessments, urgency, reasons, recommendations, caveats = parts
    fields = {
        "findings": findings,
        "assessments": assessments,
        "urgency": urgency,
        "urgency_reasons": reasons,
        "recommendations": recommendations,
        "warnings": [*dict.fromkeys([*warnings, *caveats])] if warnings else caveats,
        "disclaimer": DISCLAIMER,
        "reference_data_version": reference_data_version(ranges, results),
        "symptoms": sorted(symptom_set, key=_SYMPTOM_ORDER.__getitem__),  # in Symptom's order
        "context": person,
        "library_version": __version__,
    }
    # every part was made by the library from validated inputs, and the report's
    # invariants hold by construction (tests/test_interpretation_fast.py checks both)
    return trusted(Report, fields, _REPORT_FIELDS)


_REPORT_FIELDS = frozenset(Report.model_fields)
_SYMPTOM_ORDER = {symptom: i for i, symptom in enumerate(Symptom)}
_FINDING_FIELDS = frozenset(Finding.model_fields)


@load_once
def compiled_book() -> CompiledBook:
    """The rule book compiled into one function, once per process (about 40 ms)."""
    return compile_book(RULE_BOOK)


def _finding(
    result: LabResult, band: Band, possible: tuple[Band, ...], reference: ReferenceRange
) -> Finding:
    analyte = result.analyte
    canonical, multiplier = _to_canonical()[analyte, result.unit]
    fields = {
        "analyte": analyte,
        "result": result,
        "value": result.value * multiplier,
        "unit": canonical,
        "band": band,
        "flag": FLAGS[band],
        "reference_range": reference,
        "possible_bands": list(possible),
    }
    return trusted(Finding, fields, _FINDING_FIELDS)


@functools.cache
def _to_canonical() -> dict[tuple[Analyte, str], tuple[str, float]]:
    """Each accepted UCUM code's canonical unit and the factor into it, by analyte."""
    made = {}
    for analyte in Analyte:
        chem = chemistry(analyte)
        canonical = chem.canonical_unit
        for code in chem.ucum_codes:
            made[analyte, code] = (canonical, factor(analyte, code, canonical))
    return made


def reference_interpret(
    *,
    b12: object = None,
    potassium: object = None,
    magnesium: object = None,
    symptoms: object = None,
    context: object = None,
    ranges: RangeSet | None = None,
) -> Report:
    """:func:`interpret` the way it was first written: every model validated, the rule book
    run by :func:`b12labs.reasoning.evaluate` condition by condition, classification by
    :func:`b12labs.classification.reference_bands`. Kept as the reference the fast path is
    tested against (``==`` and identical JSON); not for use.
    """
    if ranges is not None and not isinstance(ranges, RangeSet):
        raise ReferenceDataError(
            "ranges", "not_a_range_set", "ranges must be a RangeSet (or None for the bundled)"
        )
    given = {Analyte.b12: b12, Analyte.potassium: potassium, Analyte.magnesium: magnesium}
    results = {a: coerce_result(a, value) for a, value in given.items() if value is not None}
    results = {a: r.model_validate(r.model_dump()) for a, r in results.items()}
    symptom_set = parse_symptoms(symptoms)
    try:
        person: Context = coerce_context(context)
    except InvalidContextError as error:
        raise error.within("context") from None
    person = Context.model_validate(person.model_dump())
    warnings: list[str] = []
    labs: dict[Analyte, LabFact] = {}
    findings: dict[Analyte, Finding] = {}
    for analyte, result in results.items():
        chosen = selection(ranges, analyte, person)
        warnings.extend(chosen.warnings)
        bands = reference_bands(result, chosen.table)
        lab = LabFact(result=result, band=band_of(bands), possible=bands, table=chosen.table)
        labs[analyte] = lab
        findings[analyte] = finding(lab, reference_for(ranges, chosen.table))
    facts = Facts(labs=MappingProxyType(labs), symptoms=symptom_set, context=person)
    outcome = evaluate(facts, RULE_BOOK)
    return Report(
        findings=findings,
        assessments=list(outcome.assessments),
        urgency=outcome.urgency,
        urgency_reasons=list(outcome.urgency_reasons),
        recommendations=list(outcome.recommendations),
        warnings=[*dict.fromkeys([*warnings, *outcome.warnings])],
        disclaimer=DISCLAIMER,
        reference_data_version=reference_data_version(ranges, results),
        symptoms=[s for s in Symptom if s in symptom_set],
        context=person,
        library_version=__version__,
    )


def lab_fact(result: LabResult, table: RangeTable) -> LabFact:
    """One result classified against its population's table, as the rules read it."""
    bands = possible_bands(result, table)
    return LabFact(result=result, band=band_of(bands), possible=bands, table=table)


def finding(lab: LabFact, reference: ReferenceRange) -> Finding:
    """The report's view of a classified result: the canonical value, band, flag and range."""
    canonical = lab.result.canonical()
    return Finding(
        analyte=lab.result.analyte,
        result=lab.result,  # type: ignore[arg-type]  # always the analyte's own result class
        value=canonical.value,
        unit=canonical.unit,
        band=lab.band,
        flag=flag_for(lab.band),
        reference_range=reference,
        possible_bands=list(lab.possible),
    )
