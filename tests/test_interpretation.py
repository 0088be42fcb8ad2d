"""``interpret()``: every input form, the ranges argument, purity, and its properties.

Properties (hypothesis; examples per the active profile unless lowered below):

- the report is unchanged when a lab is given in another accepted unit;
- adding a supporting symptom never lowers its category, nor the urgency;
- determinism: the same inputs give equal reports and equal JSON;
- arbitrary inputs raise nothing but ``B12LabsError`` subclasses;
- eight threads give the reports one thread gives;
- assessments come most likely first, ties in ``Category`` order.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b12labs import (
    REFERENCE_DATA_VERSION,
    Analyte,
    B12LabsError,
    B12Result,
    Band,
    Category,
    Context,
    Diet,
    InvalidResultError,
    LabResult,
    Likelihood,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    ReferenceDataError,
    Report,
    Symptom,
    UnitError,
    Urgency,
    __version__,
    chemistry,
    convert,
    interpret,
)
from b12labs.results import result_class
from reasoning.scenarios import ALL, Inputs
from reasoning.strategies_interpret import (
    SUPPORTING_SYMPTOMS,
    contexts,
    exact_labs,
    hostile_contexts,
    hostile_symptoms,
    inputs,
    junk,
    symptom_inputs,
)
from strategies import between_printed_figures, same_property

# --- input forms --------------------------------------------------------------------------


def _same_b12_report(value: object) -> Report:
    return interpret(b12=value, symptoms=["tingling"], context={"age_years": 50})


@pytest.mark.parametrize(
    "form",
    [
        "130 pg/mL",
        " 130 PG/ML ",
        "130 ng/L",
        (130, "pg/mL"),
        (130.0, "ng/L"),
        ("130", "pg/mL"),
        ["130", "pg/mL"],
        B12Result.parse("130 pg/mL"),
        {"value": 130, "unit": "pg/mL"},
    ],
    ids=repr,
)
def test_every_accepted_form_of_a_lab_gives_the_same_conclusions(form: object) -> None:
    expected = _same_b12_report("130 pg/mL")
    report = _same_b12_report(form)
    assert _conclusions(report) == _conclusions(expected)
    if "ng/L" not in repr(form):
        assert report.assessments == expected.assessments
    finding = report.findings[Analyte.b12]
    assert finding.band is Band.low
    assert finding.flag == "L"
    assert math.isclose(finding.value, expected.findings[Analyte.b12].value, rel_tol=1e-12)
    assert finding.unit == "pmol/L"


@pytest.mark.parametrize(
    ("registry", "magnitude", "unit"),
    [
        ("fresh", 130, "pg/mL"),
        ("fresh", 0.13, "ng/mL"),
        ("fresh", 95.9, "pmol/L"),
        ("application", 130, "picogram / milliliter"),
    ],
)
def test_a_pint_quantity_from_any_registry(registry: str, magnitude: float, unit: str) -> None:
    """api 1: a pint Quantity from *any* registry, including the caller's own."""
    units: Any = (
        pint.UnitRegistry() if registry == "fresh" else pint.get_application_registry()  # type: ignore[no-untyped-call]
    )
    report = interpret(b12=units.Quantity(magnitude, unit), context={"age_years": 50})
    finding = report.findings[Analyte.b12]
    assert finding.band is Band.low
    assert math.isclose(finding.value, 95.9, rel_tol=2e-3)
    assert report.assessment(Category.b12_deficiency).likelihood is Likelihood.likely


def test_pint_quantities_of_electrolytes() -> None:
    units: Any = pint.UnitRegistry()
    report = interpret(
        potassium=units.Quantity(3.1, "mmol/L"),
        magnesium=units.Quantity(1.6, "mg/dL"),
        context={"age_years": 50},
    )
    assert report.findings[Analyte.potassium].band is Band.low
    assert math.isclose(report.findings[Analyte.magnesium].value, 0.6583, rel_tol=1e-3)


@pytest.mark.parametrize(
    ("kwargs", "analyte", "value"),
    [
        ({"magnesium": "1.4 mEq/L"}, Analyte.magnesium, 0.7),
        ({"magnesium": "1,6 mg/dl"}, Analyte.magnesium, 1.6 * 10 / 24.305),
        ({"potassium": "3,5 mmol/L"}, Analyte.potassium, 3.5),
        ({"potassium": "4.1 meq/L"}, Analyte.potassium, 4.1),
        ({"b12": "400 pg/mL"}, Analyte.b12, 295.122365110634),
    ],
)
def test_findings_are_in_the_canonical_unit(
    kwargs: dict[str, str], analyte: Analyte, value: float
) -> None:
    report = interpret(**kwargs)  # type: ignore[arg-type]  # str values are valid lab inputs
    finding = report.findings[analyte]
    assert math.isclose(finding.value, value, rel_tol=1e-9)
    assert finding.unit == chemistry(analyte).canonical_unit
    assert set(report.findings) == {analyte}


@pytest.mark.parametrize(
    ("text", "band", "flag"),
    [
        ("2.0 mmol/L", Band.critical_low, "LL"),
        ("3.1 mmol/L", Band.low, "L"),
        ("4.0 mmol/L", Band.normal, "N"),
        ("5.8 mmol/L", Band.high, "H"),
        ("7.0 mmol/L", Band.critical_high, "HH"),
        ("<3.0 mmol/L", Band.indeterminate, "IND"),
    ],
)
def test_flags_follow_the_band(text: str, band: Band, flag: str) -> None:
    """api 3: LL, L, N, H, HH, IND from the band."""
    finding = interpret(potassium=text).findings[Analyte.potassium]
    assert (finding.band, finding.flag) == (band, flag)
    assert finding.reference_range.source.id == "davis-potassium"
    assert finding.reference_range.text == "3.5-5.3 mmol/L"


def test_borderline_b12_is_flagged_low_against_the_reference_interval() -> None:
    """facts 6: a grey-zone value is flagged against the interval (L), its band is our own."""
    finding = interpret(b12="250 pg/mL").findings[Analyte.b12]
    assert (finding.band, finding.flag) == (Band.borderline_low, "L")


def test_report_metadata() -> None:
    report = interpret(
        b12="130 pg/mL",
        symptoms=["Pins and needles", Symptom.muscle_cramps, "TINGLING"],
        context=Context(diet=Diet.vegan),
    )
    assert report.reference_data_version == REFERENCE_DATA_VERSION
    assert report.library_version == __version__
    assert report.symptoms == [Symptom.muscle_cramps, Symptom.tingling]
    assert report.context == Context(diet=Diet.vegan)
    assert report.disclaimer


def test_nothing_given_still_gives_a_report() -> None:
    """api 1: every category unlikely, routine urgency, clinician advice."""
    report = interpret()
    assert report.findings == {}
    assert [a.category for a in report.assessments] == list(Category)
    assert {a.likelihood for a in report.assessments} == {Likelihood.unlikely}
    assert report.urgency is Urgency.routine
    assert [r.kind for r in report.recommendations] == ["clinician_follow_up"]
    assert report.warnings == []


def test_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        interpret("130 pg/mL")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"b12": "130 mmol/L"}, UnitError, "b12.unit"),
        ({"b12": "130"}, UnitError, "b12"),
        ({"potassium": "-3 mmol/L"}, InvalidResultError, "potassium"),
        ({"potassium": PotassiumResult.parse("3 mmol/L")}, None, None),
        ({"b12": PotassiumResult.parse("3 mmol/L")}, InvalidResultError, "b12"),
        ({"magnesium": B12Result.parse("300 pg/mL")}, InvalidResultError, "magnesium"),
        ({"magnesium": (1.0, "mg/dL", "extra")}, InvalidResultError, "magnesium"),
        ({"magnesium": (math.nan, "mg/dL")}, InvalidResultError, "magnesium.value"),
        ({"magnesium": (True, "mg/dL")}, InvalidResultError, "magnesium.value"),
        ({"b12": b"130 pg/mL"}, InvalidResultError, "b12"),
    ],
)
def test_bad_labs_are_typed_errors_naming_the_field(
    kwargs: dict[str, Any], error: type[B12LabsError] | None, field: str | None
) -> None:
    if error is None:
        assert isinstance(interpret(**kwargs), Report)
        return
    with pytest.raises(error) as caught:
        interpret(**kwargs)
    assert field is not None
    assert caught.value.field.startswith(field)


def test_ranges_must_be_a_rangeset() -> None:
    with pytest.raises(ReferenceDataError):
        interpret(ranges="reference_ranges")  # type: ignore[arg-type]


def test_ranges_replace_the_bundled_bands(fictional_ranges: RangeSet) -> None:
    """Fictional adult B12: borderline 100-200 pg/mL, so 150 pg/mL is borderline there."""
    bundled = interpret(b12="150 pg/mL")
    own = interpret(b12="150 pg/mL", ranges=fictional_ranges)
    assert bundled.findings[Analyte.b12].band is Band.low
    assert own.findings[Analyte.b12].band is Band.borderline_low
    assert own.assessment(Category.b12_deficiency).likelihood is Likelihood.possible
    assert own.reference_data_version == fictional_ranges.version


def test_inputs_are_not_changed_and_nothing_is_logged_or_printed(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """api 1: pure; no logging of values."""
    symptoms = ["tingling", "cramps"]
    context: dict[str, object] = {"diet": "vegan", "medications": ["omeprazole"], "age_years": 70}
    before = (
        list(symptoms),
        {k: (list(v) if isinstance(v, list) else v) for k, v in context.items()},
    )
    with caplog.at_level(logging.DEBUG):
        interpret(b12="130 pg/mL", potassium="3.1 mmol/L", symptoms=symptoms, context=context)
    assert (symptoms, context) == before
    assert caplog.records == []
    assert capsys.readouterr() == ("", "")


def test_a_typed_result_is_kept_as_given() -> None:
    result = MagnesiumResult.parse("1.4 mEq/L")
    report = interpret(magnesium=result)
    assert report.findings[Analyte.magnesium].result == result
    assert report.findings[Analyte.magnesium].result.unit == "meq/L"


def test_one_call_is_fast_enough() -> None:
    """A generous sanity check (benchmarks measure properly): mean < 5 ms over 200 calls."""
    kwargs: dict[str, Any] = {
        "b12": "180 pg/mL",
        "potassium": "3.1 mmol/L",
        "magnesium": "1.4 mEq/L",
        "symptoms": ["tingling", "muscle_cramps", "fatigue"],
        "context": {"diet": "vegan"},
    }
    interpret(**kwargs)
    start = time.perf_counter()
    for _ in range(200):
        interpret(**kwargs)
    assert (time.perf_counter() - start) / 200 < 0.005


# --- properties ---------------------------------------------------------------------------

_QUANTITY = re.compile(
    r"(?:[<>]=?)?(?:\d+(?:\.\d+)?-)?\d+(?:\.\d+)?(?:e[+-]?\d+)?\s?"
    r"(?:pg/mL|ng/L|pmol/L|mmol/L|meq/L|mEq/L|mg/dL)(?![A-Za-z])"
)


def _normalise(value: Any) -> Any:
    """Every quantity in every string replaced by '#', recursively."""
    if isinstance(value, str):
        return _QUANTITY.sub("#", value)
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def _conclusions(report: Report) -> dict[str, Any]:
    """Everything a report concludes, with quoted quantities masked (they quote the input)."""
    dumped = report.model_dump(
        mode="json",
        include={
            "assessments",
            "urgency",
            "urgency_reasons",
            "recommendations",
            "warnings",
            "symptoms",
            "context",
        },
    )
    dumped["findings"] = {
        analyte.value: (
            f.band,
            f.flag,
            f.possible_bands,
            f.reference_range,
            f.result.comparator,
            f.result.specimen,
        )
        for analyte, f in report.findings.items()
    }
    return _normalise(dumped)  # type: ignore[no-any-return]


@given(exact_labs(), st.data())
def test_the_report_is_unchanged_when_a_lab_is_given_in_another_unit(
    labs: dict[Analyte, tuple[float, str]], data: st.DataObject
) -> None:
    """Invariant: the same labs in other accepted units (converted with b12labs.convert, or
    censored results moved with ``.to``) give the same bands, flags, assessments, urgency,
    recommendations and warnings; canonical values agree to 1e-9."""
    first: dict[str, object] = {}
    second: dict[str, object] = {}
    for analyte, (value, unit) in labs.items():
        others = [u for u in chemistry(analyte).ucum_codes if u != unit]
        if between_printed_figures(RangeSet.default().tables(analyte), analyte, value, unit):
            # between the two figures a source printed for one limit (NICE's 180 ng/L and
            # 133 pmol/L) the figure in the result's own property decides, by design: only a
            # unit of the same property must leave the report unchanged
            others = [u for u in others if same_property(analyte, unit, u)]
        other = data.draw(st.sampled_from(others or [unit]))
        comparator = data.draw(st.sampled_from([None, None, "<", "<=", ">", ">="]))
        if comparator in ("<", "<=") and value == 0:
            comparator = ">="
        if comparator is None:
            first[analyte.value] = (value, unit)
            second[analyte.value] = (convert(value, unit, other, analyte=analyte), other)
        else:
            result: LabResult = result_class(analyte).model_validate(
                {"value": value, "unit": unit, "comparator": comparator}
            )
            first[analyte.value], second[analyte.value] = result, result.to(other)
    symptoms = data.draw(symptom_inputs())
    context = data.draw(contexts())
    one = interpret(**first, symptoms=symptoms, context=context)  # type: ignore[arg-type]
    two = interpret(**second, symptoms=symptoms, context=context)  # type: ignore[arg-type]
    assert _conclusions(one) == _conclusions(two)
    for analyte, finding in one.findings.items():
        assert math.isclose(finding.value, two.findings[analyte].value, rel_tol=1e-9)


def _with_symptom(given_inputs: Inputs, symptom: Symptom) -> Inputs:
    current = given_inputs.symptoms if isinstance(given_inputs.symptoms, list) else []
    return dataclasses.replace(given_inputs, symptoms=[*current, symptom])


_CATEGORY_AND_SYMPTOM = st.sampled_from(list(Category)).flatmap(
    lambda c: st.tuples(st.just(c), st.sampled_from(sorted(SUPPORTING_SYMPTOMS[c])))
)


@given(inputs(), _CATEGORY_AND_SYMPTOM)
def test_adding_a_supporting_symptom_never_lowers_its_category_or_the_urgency(
    given_inputs: Inputs, pick: tuple[Category, Symptom]
) -> None:
    """Invariant: one more symptom that speaks for a category never makes it less likely and
    never makes the urgency lower."""
    category, symptom = pick
    before = given_inputs.run()
    after = _with_symptom(given_inputs, symptom).run()
    assert after.assessment(category).likelihood >= before.assessment(category).likelihood
    assert after.urgency >= before.urgency


@given(inputs())
def test_interpret_is_deterministic(given_inputs: Inputs) -> None:
    """Invariant: the same inputs give equal reports and byte-identical JSON."""
    first, second = given_inputs.run(), given_inputs.run()
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()
    assert str(first) == str(second)


@given(inputs())
def test_assessments_come_most_likely_first_ties_in_category_order(given_inputs: Inputs) -> None:
    """Invariant: one assessment per category, sorted by likelihood, ties in Category order."""
    report = given_inputs.run()
    order = list(Category)
    keys = [(-a.likelihood.rank, order.index(a.category)) for a in report.assessments]
    assert keys == sorted(keys)
    assert sorted(a.category for a in report.assessments) == sorted(Category)


def _interpret_or_library_error(**kwargs: Any) -> None:
    outcome: Report | B12LabsError
    try:
        outcome = interpret(**kwargs)
    except B12LabsError as error:
        outcome = error
    assert isinstance(outcome, Report | ValueError)
    assert str(outcome)


@given(st.sampled_from(["b12", "potassium", "magnesium"]), junk())
def test_arbitrary_lab_arguments_raise_only_library_errors(name: str, value: object) -> None:
    """Invariant: any object as a lab argument gives a Report or a B12LabsError, nothing else."""
    _interpret_or_library_error(**{name: value})


@given(hostile_symptoms())
def test_arbitrary_symptoms_raise_only_library_errors(value: object) -> None:
    """Invariant: any object as ``symptoms`` gives a Report or a B12LabsError, nothing else."""
    _interpret_or_library_error(symptoms=value)


@given(hostile_contexts())
def test_arbitrary_contexts_raise_only_library_errors(value: object) -> None:
    """Invariant: any object as ``context`` gives a Report or a B12LabsError, nothing else."""
    _interpret_or_library_error(context=value)


@given(junk(), junk(), junk(), hostile_symptoms(), hostile_contexts())
def test_arbitrary_inputs_together_raise_only_library_errors(
    b12: object, potassium: object, magnesium: object, symptoms: object, context: object
) -> None:
    """Invariant: any objects for every argument at once give a Report or a B12LabsError."""
    _interpret_or_library_error(
        b12=b12, potassium=potassium, magnesium=magnesium, symptoms=symptoms, context=context
    )


@given(junk())
def test_arbitrary_ranges_are_refused_as_reference_data_errors(value: object) -> None:
    """Invariant: anything but a RangeSet (or None) as ``ranges`` is a ReferenceDataError."""
    if value is None:
        return
    with pytest.raises(ReferenceDataError):
        interpret(ranges=value)  # type: ignore[arg-type]


def test_eight_threads_give_the_single_threaded_reports() -> None:
    """Every scenario interpreted eight times over eight threads equals the one-thread report."""
    cases = [case.inputs for case in ALL]
    expected = [case.run() for case in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(Inputs.run, cases * 8))
    assert got == expected * 8
    assert [r.model_dump_json() for r in got] == [r.model_dump_json() for r in expected * 8]


@settings(max_examples=25)
@given(st.lists(inputs(), min_size=1, max_size=8))
def test_eight_threads_on_generated_inputs(batch: list[Inputs]) -> None:
    """Invariant: eight threads interpreting the same varied inputs at once give the reports
    a single thread gives."""
    expected = [item.run() for item in batch]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(Inputs.run, batch * 8))
    assert got == expected * 8


_COLD_THREADS = """
import json, threading
import b12labs
calls = [
    dict(b12="130 pg/mL", symptoms=["tingling"]),
    dict(potassium="<3.0 mmol/L", magnesium="1.4 mg/dL", context={"age_years": 8}),
    dict(b12="250 pg/mL", symptoms=["cramps", "thirst"], context={"pregnancy_trimester": 2}),
    dict(magnesium="0.8 mmol/L", context={"b12_injections": "yes", "medications": "ppi"}),
]
barrier = threading.Barrier(8)
out = [None] * 8
def work(i):
    barrier.wait()
    out[i] = [b12labs.interpret(**c).model_dump_json() for c in calls]
threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
single = [b12labs.interpret(**c).model_dump_json() for c in calls]
print(json.dumps(all(o == single for o in out)))
"""


@pytest.mark.slow
def test_eight_threads_on_a_cold_process_agree() -> None:
    """Eight threads making the first calls of a process (data files not yet read) agree."""
    done = subprocess.run(
        [sys.executable, "-c", _COLD_THREADS],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "true"
